"""The one drafting core: every front door (render, batch, wizard, …) drafts through ``Drafter``.

A ``Drafter`` is a drafting session: the phrasebank, the format profiles and the compiled
templates are loaded once, then any number of reports are drafted with them. It is the only
place where

- the data file's ``options`` and the caller's choices (command-line flags, a form) are
  resolved: a choice the caller made wins, otherwise the data file's, otherwise the default;
- documents are composed and rendered (in memory), and named (``drafter.naming``);
- output names are checked for clobbering, and documents written: all of a report's documents
  (and their PDFs) are written, or none of them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drafter import __version__
from drafter.compose import Composer, PhraseObserver, document_properties
from drafter.compose_report import compose_report
from drafter.compose_resolution import compose_resolution
from drafter.contexts import press_paragraphs, report_paragraphs, resolution_paragraphs
from drafter.errors import UserError
from drafter.files import folder_lock, io_error, refuse_to_clobber
from drafter.models import DocumentKind, Report
from drafter.naming import DEFAULT_PATTERN, NamePattern, slug
from drafter.phrasebank import Phrasebank, load_phrasebank
from drafter.profiles import Profile, load_profile
from drafter.provenance import Sentence, explain_paragraphs
from drafter.resources import data_dir

TEMPLATES: dict[DocumentKind, str] = {
    "resolution": "nghi-quyet-hoi-nghi.docx",
    "press": "tin-bai.docx",
    "report": "bao-cao.docx",
}
"""The built-in template of each kind; a profile's ``report.template`` names its own report."""
COMPOSERS: dict[DocumentKind, Callable[[Composer, Profile], Mapping[str, Any]]] = {
    "resolution": compose_resolution,
    "report": compose_report,
}
"""How each document without photos is composed for a profile (the press summary has photos)."""
STAGING_PREFIX = ".drafter-stage-"


@dataclass(frozen=True)
class Explained:
    """One document as ``drafter explain`` shows it: its kind and its sentences."""

    kind: DocumentKind
    sentences: list[Sentence]


@dataclass(frozen=True)
class Document:
    """One rendered document, in memory, with the name it will be written under."""

    kind: DocumentKind
    name: str
    content: bytes


@dataclass(frozen=True)
class Choices:
    """What the caller chose over the data file's ``options``; None leaves the data's choice.

    ``variants`` (slot → phrase id) are added to the data's ``options.variants``, a slot named
    in both taking the caller's phrase.
    """

    documents: tuple[str, ...] | None = None
    profile: str | None = None
    template: Path | None = None
    variants: Mapping[str, str] = field(default_factory=dict)
    pattern: str = DEFAULT_PATTERN
    reproducible: bool = False
    """Date the documents' properties by the conference date, so the same data gives the same
    bytes; by default they are dated when they are drafted, as Word dates a new file."""

    def __post_init__(self) -> None:
        if self.documents is not None:
            refuse_one_template_for_many(self.template, document_kinds(self.documents))


@dataclass(frozen=True)
class Plan:
    """A report as it will be drafted: options resolved, documents, profile and templates."""

    report: Report
    kinds: tuple[DocumentKind, ...]
    profile: Profile
    templates: tuple[Path, ...]


class Drafter:
    """A drafting session: phrasebank, profiles and templates loaded once, reports drafted."""

    def __init__(self, choices: Choices | None = None, *, phrasebank: Path | None = None) -> None:
        self.choices = choices or Choices()
        self.bank: Phrasebank = load_phrasebank(phrasebank)
        self.pattern = NamePattern(self.choices.pattern)
        self._profiles: dict[str, Profile] = {}
        self._template_digests: dict[Path, bytes] = {}

    # -- resolving -----------------------------------------------------------------------

    def plan(self, report: Report) -> Plan:
        """Return how ``report`` is drafted: the caller's choices over the data's options."""
        options = report.options
        if self.choices.variants:
            variants = {**options.variants, **self.choices.variants}
            report = report.model_copy(
                update={"options": options.model_copy(update={"variants": variants})}
            )
        names = self.choices.documents if self.choices.documents is not None else options.documents
        kinds = tuple(document_kinds(names))
        refuse_one_template_for_many(self.choices.template, kinds)
        profile = self.profile(self.choices.profile or options.profile)
        if "resolution" in kinds and profile.kind != "party":
            raise UserError(
                f"thể thức {profile.name} là thể thức văn bản Nhà nước, không dùng cho nghị quyết "
                "hội nghị Ban Chấp hành Đảng bộ",
                "Dùng --profile hd36 (mặc định) cho nghị quyết.",
            )
        templates = tuple(template_path(kind, self.choices.template, profile) for kind in kinds)
        return Plan(report, kinds, profile, templates)

    def profile(self, name: str) -> Profile:
        """Return the format profile ``name``, loaded once per session."""
        if name not in self._profiles:
            self._profiles[name] = load_profile(name)
        return self._profiles[name]

    # -- naming --------------------------------------------------------------------------

    def names(self, plan: Plan, *, unit: str = "", row: int = 0) -> list[str]:
        """Return the file names of the plan's documents; two the same are refused."""
        names = [
            self.pattern.stem(plan.report, slug(template.stem), unit=unit, row=row) + ".docx"
            for template in plan.templates
        ]
        if len({name.lower() for name in names}) < len(names):
            raise UserError(
                f"mẫu tên tệp '{self.pattern.text}' cho hai văn bản cùng một tên ({names[0]})",
                "Thêm {{ doc }} vào mẫu tên (--name) để mỗi văn bản có tên riêng.",
                where="--name",
            )
        return names

    def targets(self, report: Report, out_dir: Path, *, pdf: bool = False) -> list[Path]:
        """Return every path drafting ``report`` into ``out_dir`` writes (PDFs when asked)."""
        docx = [out_dir / name for name in self.names(self.plan(report))]
        return docx + ([path.with_suffix(".pdf") for path in docx] if pdf else [])

    # -- composing and rendering ---------------------------------------------------------

    def composer(self, plan: Plan, observer: PhraseObserver | None = None) -> Composer:
        """Return the composer of the plan's report, with this session's phrasebank.

        ``observer`` is told of every phrase composed (a preview marks the sentences that
        have other variants).
        """
        return Composer(plan.report, self.bank, observer=observer)

    def render(
        self, plan: Plan, *, photo_dir: Path, unit: str = "", row: int = 0
    ) -> list[Document]:
        """Return the plan's documents rendered in memory, each with its file name."""
        from drafter.render import render_docx

        composer = self.composer(plan)
        names = self.names(plan, unit=unit, row=row)
        documents = []
        created = None if self.choices.reproducible else datetime.now(UTC).replace(tzinfo=None)
        for kind, template, name in zip(plan.kinds, plan.templates, names, strict=True):
            properties = document_properties(composer, kind, plan.profile, created=created)
            if kind == "press":
                press, photos = composer.press()
                width = plan.profile.press.photo_width_mm
                content = render_docx(
                    template, press, photos, photo_dir, width, properties=properties
                )
            else:
                context = COMPOSERS[kind](composer, plan.profile)
                content = render_docx(template, context, properties=properties)
            documents.append(Document(kind, name, content))
        return documents

    def preview(self, report: Report) -> list[str]:
        """Return the press summary of ``report`` as plain paragraphs, for a quick read."""
        return press_paragraphs(*self.composer(self.plan(report)).press())

    def explain(self, report: Report) -> list[Explained]:
        """Return each planned document of ``report`` as sentences with their provenance.

        Every sentence says the phrases that wrote it and the data fields they read, as
        compose recorded them; the same composition as ``render``, no wording decided here.
        """
        plan = self.plan(report)
        composer = self.composer(plan)
        explained = []
        for kind in plan.kinds:
            if kind == "resolution":
                paragraphs = resolution_paragraphs(composer.resolution(plan.profile))
            elif kind == "report":
                paragraphs = report_paragraphs(compose_report(composer, plan.profile))
            else:
                paragraphs = press_paragraphs(*composer.press())
            by_text, shown = composer.provenance()
            explained.append(Explained(kind, explain_paragraphs(paragraphs, by_text, shown)))
        return explained

    def fingerprint(self, plan: Plan) -> bytes:
        """Return the identity of what the plan's documents are made from (hex, as bytes).

        The same data, options, profile, templates and drafter version give the same value, so
        a batch re-run can tell a document that is up to date from one to write again.
        """
        digest = hashlib.sha256(__version__.encode())
        digest.update(json.dumps(plan.profile.model_dump(mode="json"), sort_keys=True).encode())
        for template in plan.templates:
            digest.update(self._template_digest(template))
        digest.update(plan.report.model_dump_json().encode())
        return digest.hexdigest().encode()

    def _template_digest(self, template: Path) -> bytes:
        if template not in self._template_digests:
            try:
                content = template.read_bytes()
            except OSError:
                content = b""  # rendering it will say what is wrong
            self._template_digests[template] = hashlib.sha256(content).digest()
        return self._template_digests[template]

    # -- writing -------------------------------------------------------------------------

    def draft(
        self,
        source: Report | Path,
        out_dir: Path,
        *,
        overwrite: bool = False,
        pdf: bool = False,
        photo_dir: Path | None = None,
    ) -> list[Path]:
        """Write the documents of ``source`` (a report or a data file) into ``out_dir``.

        Return the paths written. Photos are found relative to ``photo_dir``, by default the
        data file's folder (the current folder for a report given in memory).
        """
        if isinstance(source, Path):
            from drafter.datafile import load_report

            report = load_report(source)
            photo_dir = photo_dir or source.parent
        else:
            report = source
        documents = self.render(self.plan(report), photo_dir=photo_dir or Path())
        return write_documents(documents, out_dir, overwrite=overwrite, pdf=pdf)


def write_documents(
    documents: Sequence[Document], out_dir: Path, *, overwrite: bool = False, pdf: bool = False
) -> list[Path]:
    """Write ``documents`` (and their PDFs) into ``out_dir``, all of them or none; return paths.

    Everything is first written into a hidden staging folder inside ``out_dir`` (PDFs are
    converted there too), then moved into place. Without ``overwrite`` a file that exists
    is refused before anything is written, and the move itself never replaces one (a hard
    link fails when the name is taken), so a file made meanwhile by another program is kept.
    """
    docx = [out_dir / document.name for document in documents]
    targets = docx + ([path.with_suffix(".pdf") for path in docx] if pdf else [])
    for target in targets:
        refuse_to_clobber(target, overwrite=overwrite)
    with folder_lock(out_dir), _staging(out_dir) as stage:
        staged = [stage / document.name for document in documents]
        for document, path in zip(documents, staged, strict=True):
            _write_new(path, document.content)
        if pdf:
            from drafter.pdf import convert_to_pdf

            staged += convert_to_pdf(staged, stage, overwrite=True)
        _move_all(staged, targets, overwrite=overwrite)
    return targets


@contextlib.contextmanager
def _staging(out_dir: Path) -> Iterator[Path]:
    """Yield a new hidden folder inside ``out_dir``, removed with whatever is left in it."""
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):  # left by a killed run (we hold the lock)
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    stage = out_dir / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    try:
        stage.mkdir(parents=True)
    except OSError as error:
        raise io_error(out_dir, error) from None
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _write_new(path: Path, content: bytes) -> None:
    """Write ``content`` to the new file ``path``, durably."""
    try:
        with path.open("xb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        raise io_error(path, error) from None


def _move_all(staged: Sequence[Path], targets: Sequence[Path], *, overwrite: bool) -> None:
    """Move each staged file to its target; on a failure take back the ones already moved."""
    moved: list[Path] = []
    try:
        for source, target in zip(staged, targets, strict=True):
            if overwrite:
                os.replace(source, target)
            else:
                try:
                    os.link(source, target)  # fails when the name is taken: never clobbers
                except FileExistsError:
                    raise UserError(
                        f"tệp {target} vừa được tạo bởi chương trình khác, drafter không ghi đè",
                        "Chạy lại lệnh, hoặc thêm --overwrite.",
                    ) from None
                except OSError:  # a file system without hard links: check, then rename
                    refuse_to_clobber(target, overwrite=False)
                    os.replace(source, target)
            moved.append(target)
    except OSError as error:
        _take_back(moved, overwrite=overwrite)
        raise io_error(target, error) from None
    except UserError:
        _take_back(moved, overwrite=overwrite)
        raise


def _take_back(moved: Sequence[Path], *, overwrite: bool) -> None:
    """Remove the files of a run that could not be written whole (new files only)."""
    if overwrite:
        return  # a replaced file cannot be restored; leaving the new one is the lesser loss
    for path in moved:
        with contextlib.suppress(OSError):
            path.unlink()


def draft(
    data: Path,
    *,
    out_dir: Path,
    documents: Sequence[str] | None = None,
    template: Path | None = None,
    profile: str | None = None,
    pdf: bool = False,
    overwrite: bool = False,
    phrasebank: Path | None = None,
    variants: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the documents of the conference in ``data`` into ``out_dir``; return the paths.

    A one-report session: ``Drafter(Choices(...)).draft(data, out_dir)``.
    """
    choices = Choices(
        documents=None if documents is None else tuple(documents),
        profile=profile,
        template=template,
        variants=dict(variants or {}),
    )
    session = Drafter(choices, phrasebank=phrasebank)
    return session.draft(data, out_dir, overwrite=overwrite, pdf=pdf)


def template_path(
    kind: DocumentKind, template: Path | None = None, profile: Profile | None = None
) -> Path:
    """Return the template of ``kind``: the clerk's own when given, else the built-in one.

    The report's built-in template is the profile's own (Party or state header).
    """
    if template is not None:
        return template
    name = TEMPLATES[kind]
    if kind == "report" and profile is not None:
        name = profile.for_report().report.template  # type: ignore[union-attr]
    return data_dir("templates_docx") / name


def refuse_one_template_for_many(template: Path | None, kinds: Sequence[DocumentKind]) -> None:
    """Raise when a clerk's own template is given for more than one kind of document."""
    if template is not None and len(kinds) != 1:
        raise UserError(
            "--template chỉ dùng khi soạn một văn bản",
            "Thêm --doc resolution, --doc press hoặc --doc report cùng với --template.",
        )


def document_kinds(names: Sequence[str]) -> list[DocumentKind]:
    """Return the document kinds named, each once, in order; an unknown name is refused."""
    kinds: list[DocumentKind] = []
    for name in names:
        if name in TEMPLATES:
            if name not in kinds:
                kinds.append(name)
        else:
            raise UserError(
                f"không có loại văn bản '{name}'",
                "Chọn resolution (nghị quyết), press (tin bài) hoặc report (báo cáo).",
            )
    return kinds
