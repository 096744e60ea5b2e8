"""What the preview shows: each document's composed text, its phrase variants, its pages.

The text comes from the one core (``api.Drafter``: plan, then the composer) and is shown as
it is composed; the web layer adds no word of its own. A sentence whose slot has other
phrases that fit the data gets a "câu khác" button, which records the next phrase of the
slot in the data file's ``options.variants``. Page images go DOCX → PDF → PNG through one
small class, ``PageImages``, the single place that calls the PDF converter.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter import models
from drafter.api import Document, Drafter, Plan
from drafter.compose import PhraseChoice, kept_names
from drafter.errors import Finding, UserError
from drafter.explain import findings_of
from drafter.office import WarmOffice
from drafter.pdf import convert_to_pdf
from drafter.typed import finish
from drafter.web.texts import web_text
from drafter.web.workspace import data_of
from drafter.wizard.state import State

PAGE_DPI = 96
"""Resolution of the page images: a page as wide as on a screen at 100%."""
PNG_SECONDS = 60


@dataclass(frozen=True)
class Sentence:
    """One paragraph of a composed document, with its slot when it has other variants."""

    text: str
    style: str = "body"
    slot: str = ""


@dataclass(frozen=True)
class DocumentPreview:
    """One document as composed: its kind and paragraphs."""

    kind: models.DocumentKind
    sentences: list[Sentence]


@dataclass
class Preview:
    """The composed documents of a state, or why there are none yet."""

    documents: list[DocumentPreview] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def validate(state: State) -> tuple[models.Report | None, list[Finding]]:
    """Return the report of ``state`` and no problems, or None and every problem in Vietnamese."""
    try:
        return models.Report.model_validate(data_of(state)), []
    except ValidationError as error:
        return None, findings_of(error, models.Report)


def preview(drafter: Drafter, state: State) -> Preview:
    """Return the composed text of every document the state's data makes."""
    report, problems = validate(state)
    if report is None:
        return Preview(problems=problems)
    try:
        plan = drafter.plan(report)
        choices: list[PhraseChoice] = []
        composer = drafter.composer(plan, choices.append)
        documents = []
        for kind in plan.kinds:
            if kind == "resolution":
                resolution = composer.resolution(plan.profile)
                documents.append(DocumentPreview(kind, _resolution_sentences(resolution)))
            else:
                context, photos = composer.press()
                documents.append(DocumentPreview(kind, _press_sentences(context, photos)))
    except UserError as error:
        return Preview(problems=[Finding(error.where or "", error.fact)])
    switchable = _switchable(drafter, plan, choices)
    marked = [
        DocumentPreview(
            document.kind,
            [
                Sentence(s.text, s.style, switchable.get(s.text, "")) if not s.slot else s
                for s in document.sentences
            ],
        )
        for document in documents
    ]
    return Preview(documents=marked)


def _resolution_sentences(context: Mapping[str, Any]) -> list[Sentence]:
    """Return the resolution's composed strings in reading order."""
    sentences = [
        Sentence(str(context[key]), "header")
        for key in ("superior", "issuer", "number_line", "date_line", "draft_mark")
        if str(context.get(key) or "").strip()
    ]
    sentences += [Sentence(str(context["conference_line"]), "title")]
    sentences += [Sentence(str(context["subject"]), "subject")]
    sentences += [Sentence(str(context["opening"]), "body")]
    for part in context["parts"]:
        sentences.append(Sentence(str(part["heading"]), "heading"))
        sentences += [Sentence(str(text), "body") for text in part["paragraphs"]]
    sentences.append(Sentence(str(context["authority"]), "signature"))
    sentences.append(Sentence(str(context["signer_title"]), "signature"))
    if context.get("signer_name"):
        sentences.append(Sentence(str(context["signer_name"]), "signature"))
    sentences += [Sentence(str(line), "recipient") for line in context["recipients"]]
    return sentences


def _press_sentences(context: Mapping[str, Any], photos: list[Any]) -> list[Sentence]:
    """Return the press summary's composed strings in reading order."""
    sentences = [Sentence(str(context["headline"]), "title"), Sentence(str(context["lead"]))]
    sentences += [Sentence(str(context[key])) for key in ("chair", "attendance") if context[key]]
    sentences += [Sentence(photo.caption, "caption") for photo in photos]
    sentences += [Sentence(str(text)) for text in context["sections"]]
    if context.get("byline"):
        sentences.append(Sentence(str(context["byline"]), "byline"))
    return sentences


def _switchable(drafter: Drafter, plan: Plan, choices: list[PhraseChoice]) -> dict[str, str]:
    """Return, for each composed paragraph that is one phrase, its slot when it has variants."""
    style = plan.report.options.tone_style
    kept = kept_names(plan.report)  # names keep their tone marks, as in the documents
    found: dict[str, str] = {}
    for choice in choices:
        if len(drafter.bank.candidates(choice.slot, choice.facts)) > 1:
            found.setdefault(finish(choice.text, style, kept), choice.slot)
    return found


def next_variant(drafter: Drafter, state: State, slot: str) -> None:
    """Record in ``state`` the next phrase of ``slot`` that fits the data ("câu khác")."""
    report, _ = validate(state)
    if report is None:
        raise UserError(web_text("variant_invalid"), web_text("variant_invalid_remedy"))
    plan = drafter.plan(report)
    choices: list[PhraseChoice] = []
    composer = drafter.composer(plan, choices.append)
    for kind in plan.kinds:
        if kind == "resolution":
            composer.resolution(plan.profile)
        else:
            composer.press()
    facts = next((choice.facts for choice in choices if choice.slot == slot), None)
    if facts is None:
        raise UserError(web_text("variant_unknown", slot=slot[:80]))
    candidates = drafter.bank.candidates(slot, facts)
    override = report.options.variants.get(slot)
    chosen = drafter.bank.choose(slot, facts, composer.seed, override)
    following = candidates[(candidates.index(chosen) + 1) % len(candidates)]
    options = state.setdefault("options", {})
    options.setdefault("variants", {})[slot] = following.id


class PageImages:
    """A document's pages as PNG images: DOCX → PDF (LibreOffice) → PNG (pdftoppm).

    The one place the browser converts documents; images are kept by the digest of the
    document, so an unchanged document is never converted twice.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._office_lock = threading.Lock()
        self._office: WarmOffice | None = None

    def pages(self, document: Document) -> list[Path]:
        """Return the page images of ``document``, converting it when not done before."""
        key = hashlib.sha256(document.content).hexdigest()[:20]
        with self._lock:
            done = sorted(self.folder.glob(f"{key}-*.png"))
            if done:
                return done
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory() as work:
                pdf = self.pdf_of(document, Path(work))
                _to_png(pdf, self.folder / key)
            return sorted(self.folder.glob(f"{key}-*.png"))

    def pdf_of(self, document: Document, work: Path) -> Path:
        """Return the PDF of ``document``, written into the folder ``work``."""
        (pdf,) = self.pdfs_of([document], work)
        return pdf

    def pdfs_of(self, documents: Sequence[Document], work: Path) -> list[Path]:
        """Return the PDFs of ``documents``, written into the folder ``work``.

        The one call of the PDF converter in the browser front door: one warm LibreOffice,
        started by the first page image and kept for the next ones (a start costs seconds, a
        warm conversion a fraction of one); without Python's ``uno`` module, one LibreOffice
        call per request.
        """
        sources = []
        for document in documents:
            source = work / document.name
            source.write_bytes(document.content)
            sources.append(source)
        with self._office_lock:  # one LibreOffice converts one document at a time
            office = self._warm_office()
            if office is not None:
                return [office.convert(source, work) for source in sources]
        return convert_to_pdf(sources, work, overwrite=True)

    def _warm_office(self) -> WarmOffice | None:
        """Return this server's warm LibreOffice, made on first use; None without ``uno``."""
        if self._office is None and WarmOffice.available():
            self._office = WarmOffice(self.folder.parent / "libreoffice-profile")
        return self._office

    def close(self) -> None:
        """End the warm LibreOffice, if one was started (the server is stopping)."""
        with self._office_lock:
            if self._office is not None:
                self._office.close()
                self._office = None


def _to_png(pdf: Path, prefix: Path) -> None:
    """Write the pages of ``pdf`` as ``prefix-1.png``, ``prefix-2.png``, …"""
    program = shutil.which("pdftoppm")
    if program is None:
        raise UserError(web_text("no_pdftoppm"), web_text("no_pdftoppm_remedy"))
    try:
        subprocess.run(
            [program, "-png", "-r", str(PAGE_DPI), str(pdf), str(prefix)],
            check=True,
            capture_output=True,
            timeout=PNG_SECONDS,
        )
    except (subprocess.SubprocessError, OSError):
        raise UserError(web_text("png_failed"), web_text("no_pdftoppm_remedy")) from None
