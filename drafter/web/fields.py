"""The sections as browser forms: the wizard's sections and questions, every field at once.

A section is a list of parts: a group of fields stored in one mapping of the data (the
conference, the issuer, …) or a list of items edited in place (people, indicators, …). Each
field is one of the wizard's questions (its words from ``drafter/data/wizard.yaml``), checked
and stored by the wizard's own ``Answers``, so the browser refuses what the terminal refuses
with the same Vietnamese reason. A refused answer is not stored: the page shows it again
with its reason until it is corrected.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drafter import models
from drafter.issuers import derived_issuer
from drafter.web import figures
from drafter.web.texts import web_text
from drafter.wizard import indicators as wizard_indicators
from drafter.wizard import sections as wizard_sections
from drafter.wizard.engine import Answers, shown
from drafter.wizard.state import PROGRESS, State, field_problems, model_problems
from drafter.wizard.texts import Question, load_texts

FIELD_KEYS: tuple[str, ...] = typing.get_args(models.FieldKey)
Form = Mapping[str, Sequence[str]]
"""A posted form: each name with its values (several for a checkbox)."""


@dataclass(frozen=True)
class Field:
    """One question of a section: its wizard id, where it is stored, the name it is posted as."""

    qid: str
    key: str
    name: str

    @property
    def question(self) -> Question:
        """Return the wizard's question."""
        return load_texts().q(self.qid)


@dataclass(frozen=True)
class Group:
    """Fields stored in one mapping of the data: ``path`` from the top (empty: the top)."""

    path: tuple[str, ...]
    qids: tuple[str, ...]

    def fields(self) -> list[Field]:
        """Return the group's fields, each posted under its question id."""
        return [Field(qid, _key(qid), qid) for qid in self.qids]


@dataclass(frozen=True)
class ListPart:
    """A list of items of the data edited in place: ``key`` in the data, each item's fields."""

    key: str
    qids: tuple[str, ...]
    label: Callable[[Mapping[str, Any]], str] = field(default=lambda item: "")

    def fields(self, index: int) -> list[Field]:
        """Return the fields of item ``index``, each posted as ``key.index.field``."""
        return [
            Field(qid, _key(qid), f"{self.key}.{index}.{qid.split('.', 1)[1]}") for qid in self.qids
        ]


Part = Group | ListPart

SECTION_PARTS: dict[str, tuple[Part, ...]] = {
    "issuer": (Group(("issuer",), tuple(f"issuer.{n}" for n in wizard_sections.ISSUER_FIELDS)),),
    "conference": (
        Group(("conference",), tuple(f"conference.{n}" for n in wizard_sections.CONFERENCE_FIELDS)),
    ),
    "period": (Group(("period",), ("period.kind", "period.quarter", "period.year")),),
    "people": (
        ListPart("people", ("people.name", "people.titles", "people.roles")),
        Group((), ("attendance",)),
    ),
    "documents": (
        ListPart("documents", tuple(f"documents.{n}" for n in wizard_sections.DOCUMENT_FIELDS)),
    ),
    "indicators": (
        ListPart(
            "indicators",
            tuple(
                f"indicators.{n}"
                for n in (
                    *("name", "field", "verb", "qualifier", "value", "unit", "base", "target"),
                    *wizard_indicators.EXTRAS,
                )
            ),
        ),
        Group((), ("counts.main",)),
    ),
    "results": (Group((), tuple(f"results.{key}" for key in FIELD_KEYS)),),
    "limitations": (Group((), ("limitations",)),),
    "causes": (Group((), ("causes",)),),
    "discussion": (Group((), ("discussion",)),),
    "tasks": (Group((), ("tasks",)),),
    "targets": (
        ListPart("targets", ("targets.name", "targets.qualifier", "targets.value", "targets.unit")),
    ),
    "conclusion": (Group((), ("conclusion",)),),
    "photos": (Group((), ("photos",)),),
    "byline": (Group(("byline",), ("byline.authors", "byline.outlet")),),
    "resolution": (
        Group(
            ("resolution",),
            (
                "resolution.draft",
                "resolution.draft_round",
                "resolution.number",
                "resolution.signer_name",
                "resolution.signer_title",
                "resolution.recipients",
                "resolution.implementation",
            ),
        ),
    ),
    "options": (Group(("options",), ("options.documents",)),),
}
"""The parts of each of the wizard's sections (``wizard.SECTIONS``), in its order."""


def _key(qid: str) -> str:
    """Return where a question's answer is stored in its mapping: the question's field."""
    return load_texts().q(qid).field


# ---------------------------------------------------------------------------
# What a field shows
# ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a posted form did: the answers refused (name → reason, and the text typed)."""

    refused: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    """Fields filled for the clerk (from the issuer's name), names as posted."""


def current(state: State, fld: Field, container: Mapping[str, Any]) -> Any:
    """Return the field's stored value as the form shows it (text, or a list for checkboxes)."""
    qid = fld.qid
    if qid in figures.SHOWN:
        return figures.SHOWN[qid](container)
    if qid == "targets.value":
        if container.get("value") is not None:
            return shown(container["value"])
        if container.get("low") is not None:
            return f"{container['low']}-{container.get('high')}"
        return ""
    if qid == "counts.main":
        return figures.count_shown(state)
    if qid.startswith("results."):
        items = _result_items(state, qid.split(".", 1)[1])
        return shown(items or None)
    if qid == "photos":
        return shown([photo.get("caption", "") for photo in state.get("photos", [])] or None)
    if qid == "resolution.draft":
        return "draft" if container.get("draft", True) else "final"
    if qid.startswith("resolution.signer_"):
        signer = container.get("signer") or {}
        return shown(signer.get(fld.key))
    value = container.get(fld.key)
    kind = fld.question.kind
    if kind == "checkbox":
        return list(value) if isinstance(value, list) else _checkbox_default(fld)
    if kind == "confirm":
        return bool(value)
    if kind == "select":
        return "" if value is None else str(value)
    return shown(value)


def _checkbox_default(fld: Field) -> list[str]:
    """Return what a checkbox shows before it is answered: every document for options."""
    return list(wizard_sections.DEFAULT_DOCUMENTS) if fld.qid == "options.documents" else []


def _result_items(state: State, key: str) -> list[str]:
    """Return the items of the results of field ``key``."""
    for result in state.get("results", []):
        if result.get("field") == key:
            return list(result.get("items", []))
    return []


# ---------------------------------------------------------------------------
# Storing a posted form
# ---------------------------------------------------------------------------


def apply_section(state: State, section: str, form: Form) -> Outcome:
    """Store the posted fields of ``section`` in ``state``; refused answers are not stored."""
    outcome = Outcome()
    answers = Answers(load_texts(), state)
    for part in SECTION_PARTS[section]:
        if isinstance(part, Group):
            container = _container(state, part.path)
            for fld in part.fields():
                _apply_field(answers, state, container, fld, form, outcome)
            _drop_empty(state, part.path)
        else:
            items = state.get(part.key)
            for index, item in enumerate(items if isinstance(items, list) else []):
                for fld in part.fields(index):
                    _apply_field(answers, state, item, fld, form, outcome)
            if part.key == "documents" and "carry.documents" in form:
                _take_cited(state, form["carry.documents"])
    return outcome


def cited(state: State) -> list[dict[str, Any]]:
    """Return last period's cited documents still offered (a start from last period)."""
    progress = state.get(PROGRESS)
    documents = progress.get("cited") if isinstance(progress, dict) else None
    return [document for document in documents or [] if isinstance(document, dict)]


def _take_cited(state: State, ticked: Sequence[str]) -> None:
    """Add the ticked documents of last period to this period's; offer them no more."""
    offered = cited(state)
    indexes = sorted(
        {int(value) for value in ticked if value.isdigit() and int(value) < len(offered)}
    )
    chosen = [offered[index] for index in indexes]
    documents = state.setdefault("documents", [])
    documents += [document for document in chosen if document not in documents]
    state[PROGRESS]["cited"] = [document for document in offered if document not in chosen]


def apply_action(state: State, action: str) -> None:
    """Do a list action posted by a button: ``add:people``, ``delete:people:2``, ``up:…``."""
    verb, _, rest = action.partition(":")
    key, _, index_text = rest.partition(":")
    if key not in _LIST_KEYS:
        raise ValueError(action)
    items = state.setdefault(key, [])
    if verb == "add":
        items.append({})
        return
    index = int(index_text)
    if not 0 <= index < len(items):
        raise ValueError(action)
    if verb == "delete":
        del items[index]
    elif verb == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    if not items:
        state.pop(key)


_LIST_KEYS = frozenset(
    part.key for parts in SECTION_PARTS.values() for part in parts if isinstance(part, ListPart)
)


def _container(state: State, path: tuple[str, ...]) -> dict[str, Any]:
    """Return the mapping at ``path`` in ``state``, made when missing."""
    container: dict[str, Any] = state
    for key in path:
        container = container.setdefault(key, {})
    return container


def _drop_empty(state: State, path: tuple[str, ...]) -> None:
    """Remove the mapping at ``path`` when nothing is left in it (an empty byline is none)."""
    if path and not state.get(path[0]):
        state.pop(path[0], None)


def _apply_field(  # noqa: PLR0917 (the field, where it goes, and what was posted)
    answers: Answers,
    state: State,
    container: dict[str, Any],
    fld: Field,
    form: Form,
    outcome: Outcome,
) -> None:
    """Store one posted field, or record why it is refused (the typed text kept to show)."""
    question = fld.question
    if question.kind in ("checkbox", "confirm"):
        if f"{fld.name}.present" not in form:
            return  # not on the page that was posted
        values = list(form.get(fld.name, []))
        if question.kind == "confirm":
            _store(container, fld.key, True if values else None)
        else:
            allowed = [value for value, _ in question.choices]
            _store(container, fld.key, [value for value in allowed if value in values])
        return
    if fld.name not in form:
        return
    raw = str(form[fld.name][0]) if form[fld.name] else ""
    if raw.replace("\r\n", "\n") == _as_text(current(state, fld, container)):
        # unchanged: a value stored earlier is not judged again here
        if f"carry.{fld.name}" in form:
            _take_carried(answers, state, container, fld, form[f"carry.{fld.name}"])
        return
    problem = _store_special(answers, state, container, fld, raw)
    if problem is None and f"carry.{fld.name}" in form:
        problem = _take_carried(answers, state, container, fld, form[f"carry.{fld.name}"])
    if problem is not None:
        outcome.refused[fld.name] = problem
        outcome.typed[fld.name] = raw
    elif fld.qid == "issuer.name":
        _fill_derived_issuer(container, outcome)


def carried(state: State, qid: str) -> list[str]:
    """Return last period's items of ``qid`` still offered (a start from last period).

    ``state_from_previous`` keeps them in the progress section, as the wizard offers them.
    """
    progress = state.get(PROGRESS)
    carry = progress.get("carry") if isinstance(progress, dict) else None
    items = carry.get(qid) if isinstance(carry, dict) else None
    return [item for item in items or [] if isinstance(item, str)]


def _take_carried(
    answers: Answers, state: State, container: dict[str, Any], fld: Field, ticked: Sequence[str]
) -> str | None:
    """Put the ticked items of last period first in the field's lines; offer them no more."""
    items = carried(state, fld.qid)
    indexes = sorted(
        {int(value) for value in ticked if value.isdigit() and int(value) < len(items)}
    )
    chosen = [items[index] for index in indexes]  # in last period's order
    if not chosen:
        return None
    present = current(state, fld, container)
    lines = [line for line in str(present).splitlines() if line.strip()]
    merged = chosen + [line for line in lines if line not in chosen]
    problem = _store_special(answers, state, container, fld, "\n".join(merged))
    if problem is None:
        state[PROGRESS]["carry"][fld.qid] = [item for item in items if item not in chosen]
    return problem


def _fill_derived_issuer(issuer: dict[str, Any], outcome: Outcome) -> None:
    """Fill the issuer's empty fields with what follows from its new name (as the wizard does).

    Only when the name itself was just changed: a field the clerk emptied on purpose
    afterwards stays empty. The fields filled are shown as they are, to be corrected.
    """
    for key, value in derived_issuer(str(issuer.get("name") or "")).items():
        if not issuer.get(key):
            issuer[key] = value
            outcome.filled.append(f"issuer.{key}")


def _as_text(value: Any) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


def _store(container: dict[str, Any], key: str, value: Any) -> None:
    """Store ``value`` under ``key``; None or an empty list removes the key."""
    if value is None or value == []:
        container.pop(key, None)
    else:
        container[key] = value


def _store_special(
    answers: Answers, state: State, container: dict[str, Any], fld: Field, raw: str
) -> str | None:
    """Store a typed answer the way its question is stored; return why it is refused."""
    qid, question = fld.qid, fld.question
    if question.kind == "select" and qid not in figures.STORED:
        return _store_select(container, fld, raw)
    if qid in figures.STORED:
        return figures.STORED[qid](answers, container, raw)
    if qid == "targets.value":
        return _store_target_value(answers, container, raw)
    if qid == "counts.main":
        return figures.store_count(answers, state, raw)
    if qid.startswith("results."):
        return _store_result(answers, state, qid, raw)
    if qid == "photos":
        return _store_captions(answers, state, raw)
    if qid.startswith("resolution.signer_"):
        signer = dict(container.get("signer") or {})
        problem = _checked(answers, question, signer, raw)
        if problem is None:
            _store(signer, fld.key, answers.convert(question, raw))
            _store(container, "signer", signer or None)
        return problem
    context = {} if question.model is models.Report else container
    problem = _checked(answers, question, context, raw)
    if problem is None:
        _store(container, fld.key, answers.convert(question, raw))
    return problem


def _checked(
    answers: Answers, question: Question, context: Mapping[str, Any], raw: str
) -> str | None:
    """Return why the wizard's check refuses ``raw`` for ``question`` (None when accepted)."""
    return answers.checker(question, context)(raw)


def _store_select(container: dict[str, Any], fld: Field, raw: str) -> str | None:
    """Store a choice among the question's; refuse any other value."""
    values = [value for value, _ in fld.question.choices]
    if raw not in values and raw != "":
        return web_text("bad_choice")
    if fld.qid == "resolution.draft":
        container["draft"] = raw != "final"
        return None
    _store(container, fld.key, raw or None)
    return None


def _store_target_value(answers: Answers, target: dict[str, Any], raw: str) -> str | None:
    """Store a next-period target's value: one number ("10") or a range ("10-11")."""
    trial = wizard_sections._target_value(raw)
    if trial is None:
        return answers.texts.msg("range_format")
    base = {k: v for k, v in target.items() if k not in ("value", "low", "high")}
    problems = model_problems(models.Target, {**base, **trial})
    if problems and "name" in target:
        return "; ".join(problems)
    for key in ("value", "low", "high"):
        target.pop(key, None)
    target.update(trial)
    return None


def _store_result(answers: Answers, state: State, qid: str, raw: str) -> str | None:
    """Store the results of one field (lines), in the fields' order among the results."""
    question = load_texts().q(qid)
    key = qid.split(".", 1)[1]
    problem = _checked(answers, question, {"field": key}, raw)
    if problem is not None:
        return problem
    results: list[dict[str, Any]] = state.setdefault("results", [])
    wizard_sections._put_result(results, key, answers.convert(question, raw))
    if not results:
        state.pop("results")
    return None


def _store_captions(answers: Answers, state: State, raw: str) -> str | None:
    """Store the photos' captions, one a line; each photo keeps its file by position."""
    question = load_texts().q("photos")
    captions = answers.convert(question, raw) or []
    for number, caption in enumerate(captions, start=1):
        reasons = field_problems(models.Photo, {"caption": caption}, "caption")
        if reasons:
            return answers.texts.msg("line_error", line=number, reason="; ".join(reasons))
    photos = list(state.get("photos", []))
    kept = [
        {**(photos[index] if index < len(photos) else {}), "caption": caption}
        for index, caption in enumerate(captions)
    ]
    _store(state, "photos", kept)
    return None
