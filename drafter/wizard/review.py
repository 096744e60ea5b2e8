"""The review screen: one line per section, the problems left, a preview, writing the documents.

The review saves the data file at every turn (a plain data file once it is valid), lets the
clerk go back to any section, shows the press summary as a preview and writes the documents.
``Review.preview`` and ``Review.write`` are the only places that compose or draft documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter import models
from drafter import vietnamese as vi
from drafter.wizard.engine import Engine, shown
from drafter.wizard.indicators import indicator_label
from drafter.wizard.sections import (
    DEFAULT_DOCUMENTS,
    FIELDS,
    SECTIONS,
    ask_field,
    document_label,
    field_place,
)
from drafter.wizard.state import PROGRESS, State, model_problems
from drafter.wizard.texts import Texts


class Review:
    """The review screen over one engine; ``edit`` asks a section again."""

    def __init__(self, engine: Engine, edit: Callable[[str], None]) -> None:
        self.engine = engine
        self.edit = edit

    def run(self) -> list[Path]:
        """Return the documents written from the review screen (empty when the clerk quits)."""
        engine = self.engine
        while True:
            report, problems = self.report()
            if report is not None:
                engine.save_final(report)
            else:
                engine.save()
            self.show(problems)
            action = self.choose(valid=report is not None)
            if action == "quit":
                engine.say("saved", path=engine.out)
                return []
            if action == "preview" and report is not None:
                engine.prompter.say(self.preview(report))
            elif action in ("write", "pdf") and report is not None:
                written = self.write(report, pdf=action == "pdf")
                if written is not None:
                    return written
            elif action.startswith("edit:"):
                self.fix(action.split(":", 1)[1])

    def fix(self, section: str) -> None:
        """Ask again one field of ``section`` the clerk picks, or the whole section."""
        qid = self.pick_field(section) if section in FIELDS else ""
        if qid:
            ask_field(self.engine, qid)
            return
        with self.engine.editing():
            self.edit(section)

    def pick_field(self, section: str) -> str:
        """Return the question of ``section`` the clerk picks to fix ("" for all of them)."""
        texts = self.engine.texts
        choices = [("", texts.msg("review_field_all"))]
        for qid in FIELDS[section]:
            container, key = field_place(self.engine, qid)
            current = container.get(key)
            if isinstance(current, list):
                value = texts.msg("review_items", n=len(current)) if current else ""
            elif isinstance(current, bool):
                value = texts.msg("yes" if current else "no")
            else:
                value = dict(texts.q(qid).choices).get(str(current), shown(current))
            prompt = texts.q(qid).prompt.rstrip("?")
            choices.append((qid, f"{prompt}: {value or texts.msg('review_empty')}"))
        return self.engine.prompter.ask_select(
            texts.msg("review_field", title=texts.sections[section]),
            choices,
            default="",
            instruction=texts.msg("select"),
        )

    def report(self) -> tuple[models.Report | None, list[str]]:
        """Return the report the state makes, or None and the problems."""
        data = {key: value for key, value in self.engine.state.items() if key != PROGRESS}
        problems = model_problems(models.Report, data)
        if problems:
            return None, problems
        return models.Report.model_validate(data), []

    def show(self, problems: list[str]) -> None:
        """Show the review table and the problems that keep the documents from being written."""
        say = self.engine.prompter.say
        self.engine.say("review_title")
        say(self.table())
        if problems:
            self.engine.say("review_invalid")
            for problem in problems:
                say(f"  - {problem}")

    def choose(self, *, valid: bool) -> str:
        """Return the action chosen: write, preview, edit a section, write with PDF, or quit."""
        texts = self.engine.texts
        choices = [
            (f"edit:{name}", texts.msg("review_edit", title=texts.sections[name]))
            for name in SECTIONS
        ]
        if valid:
            choices = [
                ("write", texts.msg("review_write")),
                ("preview", texts.msg("review_preview")),
                *choices,
                ("pdf", texts.msg("review_write_pdf")),
            ]
        choices.append(("quit", texts.msg("review_quit")))
        return self.engine.prompter.ask_select(
            texts.msg("review_choice"),
            choices,
            default="write" if valid else choices[0][0],
            instruction=texts.msg("select"),
        )

    def table(self) -> str:
        """Return the review table: one line per section with what it holds."""
        texts = self.engine.texts
        titles = [texts.sections[name] for name in SECTIONS]
        width = max(len(title) for title in titles) + 2
        lines = []
        for name, title in zip(SECTIONS, titles, strict=True):
            summary = section_summary(name, self.engine.state, texts) or texts.msg("review_empty")
            lines.append(f"  {title.ljust(width)}│ {summary}")
        return "\n".join(lines)

    def preview(self, report: models.Report) -> str:
        """Return the press summary's text, paragraph by paragraph (the drafting core's)."""
        from drafter.api import Drafter

        return "\n\n".join([self.engine.texts.msg("preview_title"), *Drafter().preview(report)])

    def write(self, report: models.Report, *, pdf: bool) -> list[Path] | None:
        """Return the documents written next to the data file (None when the clerk declines)."""
        from drafter.api import Drafter

        data_file = self.engine.out
        session = Drafter()
        overwrite = self.may_overwrite(session.targets(report, data_file.parent, pdf=pdf))
        if overwrite is None:
            return None
        written = session.draft(
            report, data_file.parent, pdf=pdf, overwrite=overwrite, photo_dir=data_file.parent
        )
        for path in written:
            self.engine.say("written", path=path)
        self.engine.say("data_saved", path=data_file)
        return written

    def may_overwrite(self, targets: list[Path]) -> bool | None:
        """Return whether to overwrite the files ``targets`` that exist; None when declined."""
        if not any(target.exists() for target in targets):
            return False
        overwrite = self.engine.prompter.ask_confirm(
            self.engine.texts.msg("docs_exist"),
            default=False,
            instruction=self.engine.confirm_instruction(False),
        )
        return True if overwrite else None


# ---------------------------------------------------------------------------
# One line per section
# ---------------------------------------------------------------------------


def section_summary(name: str, state: State, texts: Texts) -> str:
    """Return a one-line summary of section ``name`` (empty when it holds nothing)."""
    if name in _SUMMARIES:
        return _SUMMARIES[name](state, texts)
    n = len(state.get(name, []))  # a list of sentences
    return texts.msg("review_items", n=n) if n else ""


def _conference_summary(state: State, texts: Texts) -> str:
    """Return "lần thứ 15, khóa XX, ngày 15/9/2023"; a number or term not given is left out."""
    conference = state.get("conference", {})
    ordinal, term = conference.get("ordinal"), conference.get("term")
    return texts.msg(
        "review_conference",
        ordinal=texts.msg("review_ordinal", ordinal=ordinal) if isinstance(ordinal, int) else "",
        term=texts.msg("review_term", term=vi.roman(term)) if isinstance(term, int) else "",
        date=shown(conference.get("date")) or "?",
    )


def _period_summary(state: State, texts: Texts) -> str:
    """Return "9 tháng đầu năm 2023 → năm 2023": the period and the next one."""
    try:
        period = models.Period.model_validate(state.get("period", {}))
    except ValidationError:
        return ""
    return f"{period.name()} → {period.following().name()}"


def _results_summary(state: State, texts: Texts) -> str:
    """Return "12 mục": the results of every field."""
    total = sum(len(result["items"]) for result in state.get("results", []))
    return texts.msg("review_items", n=total) if total else ""


def _resolution_summary(state: State, texts: Texts) -> str:
    """Return "dự thảo lần 2; người ký: Hoàng Văn Tuấn, Bí thư; 3 nơi nhận (và dòng Lưu)"."""
    resolution: Mapping[str, Any] = state.get("resolution", {})
    if not resolution:
        return ""
    if resolution.get("draft", True):
        kind = (
            texts.msg("review_draft_round", round=resolution["draft_round"])
            if resolution.get("draft_round")
            else texts.msg("review_draft")
        )
    elif resolution.get("number"):
        kind = texts.msg("review_final_number", number=resolution["number"])
    else:
        kind = texts.msg("review_final")
    signer = resolution.get("signer") or {}
    who = ", ".join(str(signer[key]) for key in ("name", "title") if signer.get(key))
    return texts.msg(
        "review_resolution", kind=kind, signer=who or "?", n=len(resolution.get("recipients", []))
    )


def _photos_summary(state: State, texts: Texts) -> str:
    """Return "Quang cảnh hội nghị (anh/quang-canh.jpg); …"."""
    return "; ".join(
        str(photo.get("caption")) + (f" ({photo['file']})" if photo.get("file") else "")
        for photo in state.get("photos", [])
    )


def _options_summary(state: State, texts: Texts) -> str:
    """Return the documents to write, by their Vietnamese names."""
    choices = dict(texts.q("options.documents").choices)
    documents = state.get("options", {}).get("documents", list(DEFAULT_DOCUMENTS))
    return ", ".join(choices.get(doc, doc) for doc in documents)


_SUMMARIES: dict[str, Callable[[State, Texts], str]] = {
    "issuer": lambda state, texts: str(state.get("issuer", {}).get("name", "")),
    "conference": _conference_summary,
    "period": _period_summary,
    "people": lambda state, texts: ", ".join(
        str(person.get("name")) for person in state.get("people", [])
    ),
    "indicators": lambda state, texts: "; ".join(
        indicator_label(indicator) for indicator in state.get("indicators", [])
    ),
    "results": _results_summary,
    "targets": lambda state, texts: ", ".join(
        str(target.get("name")) for target in state.get("targets", [])
    ),
    "documents": lambda state, texts: "; ".join(
        document_label(document) for document in state.get("documents", [])
    ),
    "resolution": _resolution_summary,
    "photos": _photos_summary,
    "byline": lambda state, texts: ", ".join(state.get("byline", {}).get("authors", [])),
    "options": _options_summary,
}
"""The summary of each section that is not a plain list of sentences."""
