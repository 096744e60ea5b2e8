"""The flow engine: ask one question, check the answer with its model, store it, save.

The engine knows no section: the sections (``sections``, ``photos``, ``indicators``) tell it
what to ask and where to store the answer. It keeps the progress (which questions are
answered, the item of a list being filled), so a run interrupted anywhere resumes at the
first unanswered question, and it runs the add / edit / delete menus of the lists.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from drafter import models
from drafter import vietnamese as vi
from drafter.wizard.prompters import Check, Prompter
from drafter.wizard.state import (
    PROGRESS,
    PendingItem,
    Progress,
    State,
    field_problems,
    save_draft,
    save_report,
)
from drafter.wizard.texts import Question, Texts

Form = Callable[[dict[str, Any], list[str]], None]
"""The questions of one item of a list: fills the item, records ids in the answered list."""

Label = Callable[[Mapping[str, Any]], str]
"""The one-line label of an item of a list, for its menu."""

MENU_KEYS = {"add": "t", "delete": "b", "done": "x"}
"""The fixed keys of a list menu: t = thêm, b = bỏ (remove), x = xong; only the items are
numbered, so no key moves as items are added (questionary takes letters and digits only)."""


_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}")
"""A date typed without its year ("15/9")."""


@dataclass
class Engine:
    """Asks questions into a draft state and saves it to ``out`` after every answer.

    ``force`` asks again what was answered: set while the clerk edits from the review.
    """

    prompter: Prompter
    out: Path
    state: State
    texts: Texts
    saved: bool = False
    force: bool = False

    # -- progress -------------------------------------------------------------------------

    @property
    def progress(self) -> Progress:
        """Return the progress section of the state (answered ids, pending work)."""
        progress: Progress = self.state.setdefault(PROGRESS, {"answered": []})
        progress.setdefault("answered", [])
        return progress

    def done(self, qid: str) -> bool:
        """Return whether ``qid`` was answered (always False while editing from the review)."""
        if self.force:
            return False
        return bool(self.progress.get("complete")) or qid in self.progress["answered"]

    def mark(self, qid: str) -> None:
        """Record ``qid`` as answered and save."""
        answered = self.progress["answered"]
        if qid not in answered:
            answered.append(qid)
        self.save()

    def save(self) -> None:
        """Write the draft atomically: the data as far as typed, and the progress section."""
        save_draft(self.out, self.state, self.texts)
        self.saved = True

    def save_final(self, report: models.Report) -> None:
        """Write the finished data file: a plain, valid data file without progress."""
        save_report(self.out, report)
        self.saved = True

    @contextmanager
    def editing(self, on: bool = True) -> Iterator[None]:
        """Ask again what was answered (when ``on``) for the duration of the block."""
        force, self.force = self.force, self.force or on
        try:
            yield
        finally:
            self.force = force

    # -- speaking -------------------------------------------------------------------------

    def say(self, key: str, **values: object) -> None:
        """Show the message ``key`` with ``values`` filled in."""
        self.prompter.say(self.texts.msg(key, **values))

    def heading(self, name: str) -> None:
        """Show the title of section ``name``."""
        self.say("section", title=self.texts.sections[name])

    def instruction(self, question: Question) -> str | None:
        """Return the hint after a question: example, optional, how to finish several lines."""
        parts = []
        if question.example:
            parts.append(self.texts.msg("example", example=question.example))
        if question.optional:
            parts.append(self.texts.msg("optional"))
        if question.kind == "lines":
            parts.append(self.texts.msg("multiline"))
        return f"({'; '.join(parts)})" if parts else None

    def confirm_instruction(self, default: bool) -> str:
        """Return the hint of a yes/no question."""
        return self.texts.msg("confirm", default=self.texts.msg("yes" if default else "no"))

    # -- one question ---------------------------------------------------------------------

    def ask(
        self,
        qid: str,
        container: dict[str, Any],
        key: str | None = None,
        *,
        progress: list[str] | None = None,
        context: Mapping[str, Any] | None = None,
        message: str | None = None,
        extra: Check | None = None,
        pid: str | None = None,
    ) -> Any:
        """Return the answer to ``qid``, stored in ``container[key]``; skip it when answered.

        ``context`` is the data the answer is validated in (``container`` by default);
        ``progress`` the list of answered ids (the state's, or the form's); ``pid`` the id the
        answer is recorded under when it differs from ``qid`` (one question asked per item).
        """
        question = self.texts.q(qid)
        key = key or question.field
        answered = progress if progress is not None else self.progress["answered"]
        pid = pid or qid
        if not self.force and (pid in answered or (self.done(pid) and progress is None)):
            return container.get(key)
        context = container if context is None else context
        value = self.prompt(question, container.get(key), context, message, extra)
        if value is None or (value == [] and question.optional):
            container.pop(key, None)
        else:
            container[key] = value
        if pid not in answered:
            answered.append(pid)
        self.save()
        return value

    def prompt(
        self,
        question: Question,
        current: Any,
        context: Mapping[str, Any] | None = None,
        message: str | None = None,
        extra: Check | None = None,
    ) -> Any:
        """Return the checked value of one answer to ``question`` (None when left empty)."""
        text = message or question.prompt
        if current is None:
            current = question.default
        if question.kind == "confirm":
            yes = bool(current) if current is not None else False
            return self.prompter.ask_confirm(
                text, default=yes, instruction=self.confirm_instruction(yes)
            )
        if question.kind == "select":
            return self._select(question, text, current)
        if question.kind == "checkbox":
            checked = list(current) if isinstance(current, list) else []
            return self.prompter.ask_checkbox(
                text, question.choices, checked=checked, instruction=self.texts.msg("checkbox")
            )
        answer = self.prompter.ask_text(
            text,
            default=shown(current),
            check=self.checker(question, context or {}, extra),
            multiline=question.kind == "lines",
            instruction=self.instruction(question),
        )
        return self.convert(question, answer)

    def _select(self, question: Question, text: str, current: Any) -> str | None:
        """Return the value chosen among the question's choices (None for the empty choice)."""
        values = [value for value, _ in question.choices]
        default = str(current) if current is not None else None
        if default not in values:
            default = "" if "" in values else values[0]
        chosen = self.prompter.ask_select(
            text, list(question.choices), default=default, instruction=self.texts.msg("select")
        )
        return chosen or None

    def ask_text(
        self, question: Question, default: str, check: Check, message: str | None = None
    ) -> str:
        """Return the text typed for ``question`` that passes ``check`` (stored by the caller)."""
        return self.prompter.ask_text(
            message or question.prompt,
            default=default,
            check=check,
            instruction=self.instruction(question),
        )

    @property
    def answers(self) -> Answers:
        """Return how this run's typed answers are checked and stored."""
        return Answers(self.texts, self.state)

    def convert(self, question: Question, answer: str) -> Any:
        """Return the stored form of a checked answer (None when empty)."""
        return self.answers.convert(question, answer)

    def checker(
        self, question: Question, context: Mapping[str, Any], extra: Check | None = None
    ) -> Check:
        """Return the check of a typed answer to ``question`` with the question's model."""
        return self.answers.checker(question, context, extra)

    def completed_date(self, answer: str) -> str:
        """Return a date typed as day/month ("15/9") with its year added; others as typed."""
        return self.answers.completed_date(answer)

    # -- lists ----------------------------------------------------------------------------

    def menu(
        self, section: str, items: list[dict[str, Any]], form: Form, label: Label, *, rare: bool
    ) -> None:
        """Run the add / edit / delete / done menu of the list of section ``section``.

        Enter adds an item while there is none, unless the section is ``rare`` (seldom filled).
        """
        qid = f"{section}.menu"
        pending = self.progress.get("item")
        if pending and pending.get("section") == section:
            self.item(section, items, form, pending["index"])
        if self.done(qid):
            return
        while True:
            action = self.prompter.ask_select(
                self.texts.msg("menu", title=self.texts.sections[section]),
                self._menu_choices(items, label),
                default="done" if items or rare else "add",
                instruction=self.texts.msg("select"),
                keys=MENU_KEYS,
            )
            if action == "done":
                break
            if action == "add":
                self.item(section, items, form, len(items))
            elif action == "delete":
                self.delete(items, label)
            else:
                self.item(section, items, form, int(action.split(":")[1]), editing=True)
        self.mark(qid)

    def _menu_choices(self, items: list[dict[str, Any]], label: Label) -> list[tuple[str, str]]:
        """Return the menu's choices: edit each item, add, delete (when any), done."""
        choices = [
            (f"edit:{i}", self.texts.msg("menu_edit", label=label(item)))
            for i, item in enumerate(items)
        ]
        choices.append(("add", self.texts.msg("menu_add")))
        if items:
            choices.append(("delete", self.texts.msg("menu_delete")))
        choices.append(("done", self.texts.msg("menu_done")))
        return choices

    def item(
        self,
        section: str,
        items: list[dict[str, Any]],
        form: Form,
        index: int,
        *,
        editing: bool = False,
    ) -> None:
        """Fill one item of a list; the half-filled item is saved as progress."""
        pending = self.progress.get("item")
        if not pending or pending.get("section") != section:
            data = copy.deepcopy(items[index]) if index < len(items) else {}
            pending = PendingItem(section=section, index=index, data=data, answered=[])
            self.progress["item"] = pending
            self.save()
        with self.editing(editing):
            form(pending["data"], pending["answered"])
        if index < len(items):
            items[index] = pending["data"]
        else:
            items.append(pending["data"])
        del self.progress["item"]
        self.save()

    def delete(self, items: list[dict[str, Any]], label: Label) -> None:
        """Ask which item to delete, and delete it."""
        choices = [(str(i), label(item)) for i, item in enumerate(items)]
        choices.append(("", self.texts.msg("delete_cancel")))
        chosen = self.prompter.ask_select(
            self.texts.msg("delete_which"),
            choices,
            default="",
            instruction=self.texts.msg("select"),
        )
        if chosen:
            del items[int(chosen)]
            self.save()


@dataclass(frozen=True)
class Answers:
    """How one typed answer is checked and stored, for the terminal and the browser alike.

    ``state`` is the draft the answer goes into (its period's year completes a date typed
    without one).
    """

    texts: Texts
    state: Mapping[str, Any]

    def convert(self, question: Question, answer: str) -> Any:
        """Return the stored form of a checked answer (None when empty)."""
        if question.kind == "lines":
            return _lines(answer) or None
        stripped = answer.strip()
        if not stripped:
            return None
        if question.kind == "int":
            return int(stripped)
        if question.kind == "date":
            return models.Conference.model_validate(
                {"date": self.completed_date(stripped)}
            ).date.isoformat()
        return models.clean_text(stripped)

    def checker(
        self, question: Question, context: Mapping[str, Any], extra: Check | None = None
    ) -> Check:
        """Return the check of a typed answer to ``question`` with the question's model."""

        def check(answer: str) -> str | None:
            if not answer.strip():
                return None if question.optional else self.texts.msg("required")
            if question.kind == "date":
                answer = self.completed_date(answer)
            if question.model is not None:
                reasons = self._problems(question, question.model, context, answer)
                if reasons:
                    return "; ".join(reasons)
            return extra(answer) if extra is not None else None

        return check

    def completed_date(self, answer: str) -> str:
        """Return a date typed as day/month ("15/9") with its year added; others as typed.

        The year is the period's when it is known (a --from run rolls it), else this year's:
        clerks type the day and month of a meeting they are just holding.
        """
        found = _DAY_MONTH.fullmatch(answer.strip())
        if found is None:
            return answer
        period = self.state.get("period")
        year = period.get("year") if isinstance(period, dict) else None
        return f"{found.group(0)}/{year if isinstance(year, int) else date.today().year}"

    def _problems(
        self, question: Question, model: type[BaseModel], context: Mapping[str, Any], answer: str
    ) -> list[str]:
        """Return why ``model`` refuses the answer in ``context`` (each line's, for lines)."""
        name = question.field
        if question.kind != "lines":
            return field_problems(model, {**context, name: answer.strip()}, name)
        lines = [line for line in answer.splitlines() if line.strip()]
        if _is_list_field(model, name):
            return field_problems(model, {**context, name: lines}, name)
        return [
            self.texts.msg("line_error", line=number, reason=reason)
            for number, line in enumerate(lines, start=1)
            for reason in field_problems(model, {**context, name: line}, name)
        ]


def shown(value: Any) -> str:
    """Return a stored value as the clerk types it: lines joined, ISO dates as "15/9/2023"."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return vi.short_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _lines(text: str) -> list[str]:
    """Return the non-empty lines of a typed answer, cleaned."""
    return [models.clean_text(line) for line in text.splitlines() if line.strip()]


def _is_list_field(model: type[BaseModel], name: str) -> bool:
    """Return whether field ``name`` of ``model`` holds a list (checked whole, not by line)."""
    annotation = model.model_fields[name].annotation
    return typing.get_origin(annotation) is list
