"""The sections of the wizard but the indicators and the photos, in the documents' order.

Each ``ask_…`` function asks the unanswered questions of one section through the engine; the
order of the sections is ``SECTIONS``. Last period's lists (results, limitations, causes,
tasks, cited documents) are offered as checklists before the clerk types this period's.
"""

from __future__ import annotations

import calendar
import typing
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter import models
from drafter import vietnamese as vi
from drafter.issuers import derived_issuer, rederived_issuer
from drafter.wizard.engine import Engine, shown
from drafter.wizard.prompters import Check
from drafter.wizard.state import model_problems, remember_issuer
from drafter.wizard.texts import load_texts

SECTIONS = (
    "issuer",
    "conference",
    "period",
    "people",
    "documents",
    "indicators",
    "results",
    "limitations",
    "causes",
    "discussion",
    "tasks",
    "targets",
    "conclusion",
    "photos",
    "byline",
    "resolution",
    "options",
)
ISSUER_FIELDS = (
    "name",
    "organisation",
    "superior",
    "superior_committee",
    "level",
    "code",
    "place",
    "office",
)
CONFERENCE_FIELDS = (
    "ordinal",
    "term",
    "tenure",
    "extended",
    "date",
    "part_of_day",
    "venue",
    "agenda",
    "adopted",
)
DOCUMENT_FIELDS = ("kind", "number", "date", "issuer", "subject")
FIELD_KEYS: tuple[models.FieldKey, ...] = typing.get_args(models.FieldKey)
DEFAULT_DOCUMENTS = ("resolution", "press")
"""The documents written unless the clerk chooses otherwise."""


# ---------------------------------------------------------------------------
# Issuer, conference, period, people
# ---------------------------------------------------------------------------


def ask_issuer(engine: Engine, memory: Path | None) -> None:
    """Ask the issuer (or whether to keep the one remembered), then remember it in ``memory``."""
    issuer: dict[str, Any] = engine.state.setdefault("issuer", {})
    _offer_remembered_issuer(engine, issuer)
    if not all(engine.done(f"issuer.{name}") for name in _issuer_fields(issuer)):
        engine.heading("issuer")
    for name in ISSUER_FIELDS:
        if name not in _issuer_fields(issuer):
            issuer.pop(name, None)
            continue
        if name == "name":
            _ask_issuer_name(engine, issuer)
            _offer_derived_issuer(engine, issuer)
        else:
            engine.ask(f"issuer.{name}", issuer)
    remember_issuer(memory, issuer)


def _issuer_fields(issuer: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the issuer fields to ask: a Tỉnh ủy (or a centrally-run city's Thành ủy) has no
    superior body, so its superior is not asked (its level is offered from its name).
    """
    if issuer.get("level") in models.PROVINCE_LEVELS:
        return tuple(name for name in ISSUER_FIELDS if not name.startswith("superior"))
    return ISSUER_FIELDS


def _ask_issuer_name(engine: Engine, issuer: dict[str, Any]) -> None:
    """Ask the committee's name; when it changed, redo what follows from it.

    A new name (a clerk fixing "Huyện ủy Bắc Sơn" into "Đảng ủy xã Tân Tiến" from the
    review) also changes the organisation, place, level, code and office it implies, unless
    the clerk typed them herself.
    """
    old = str(issuer.get("name") or "")
    engine.ask("issuer.name", issuer)
    if old and issuer.get("name") != old:
        redone = rederived_issuer(issuer, old)
        issuer.clear()
        issuer.update(redone)
        engine.save()


def _offer_derived_issuer(engine: Engine, issuer: dict[str, Any]) -> None:
    """Put what follows from the committee's name as the current value of the fields to come.

    Shown greyed, Enter keeps it and typing replaces it; a field answered or already holding
    a value (remembered, or last period's) is left alone.
    """
    for key, value in derived_issuer(str(issuer.get("name") or "")).items():
        if not engine.done(f"issuer.{key}") and not issuer.get(key):  # a finished file: done
            issuer[key] = value


def _offer_remembered_issuer(engine: Engine, issuer: Mapping[str, Any]) -> None:
    """Ask once whether to keep the valid issuer a new run starts with; yes skips its fields."""
    answered = engine.progress["answered"]
    fresh = not any(qid.startswith("issuer.") for qid in answered)
    if (
        engine.force
        or not fresh
        or engine.done("issuer.keep")
        or model_problems(models.Issuer, issuer)
    ):
        return
    engine.heading("issuer")
    above = [issuer["organisation"]] + ([issuer["superior"]] if issuer.get("superior") else [])
    summary = f"{issuer['name']} ({', '.join(above)})"
    keep = engine.prompter.ask_confirm(
        engine.texts.q("issuer.keep").prompt.format(summary=summary),
        default=True,
        instruction=engine.confirm_instruction(True),
    )
    answered.append("issuer.keep")
    if keep:
        answered.extend(f"issuer.{name}" for name in ISSUER_FIELDS)
    engine.save()


def ask_conference(engine: Engine) -> None:
    """Ask the conference: ordinal, term, date, venue, agenda and the drafts adopted."""
    conference: dict[str, Any] = engine.state.setdefault("conference", {})
    if not all(engine.done(f"conference.{name}") for name in CONFERENCE_FIELDS):
        engine.heading("conference")
    for name in CONFERENCE_FIELDS:
        engine.ask(f"conference.{name}", conference)


def ask_period(engine: Engine) -> None:
    """Ask the period reviewed, then show the one the next conference reviews."""
    period: dict[str, Any] = engine.state.setdefault("period", {})
    if engine.done("period.year") and engine.done("period.kind"):
        return
    engine.heading("period")
    kind = engine.ask("period.kind", period)
    if kind == "quarter":
        engine.ask("period.quarter", period)
    else:
        period.pop("quarter", None)
    held = engine.state.get("conference", {}).get("date")
    if "year" not in period and held:
        period["year"] = _likely_year(date.fromisoformat(held), kind)  # offered, not imposed
    engine.ask("period.year", period, extra=_year_fits_the_conference(engine))
    try:
        reviewed = models.Period.model_validate(period)
    except ValidationError:
        return
    if held:
        _warn_about_timing(engine, date.fromisoformat(held), reviewed)
    engine.say("next_period", name=reviewed.following().name())


LATE = 92
"""Days after its period's end past which a review is unusually late (about 3 months)."""


def _warn_about_timing(engine: Engine, held: date, period: models.Period) -> None:
    """Say (not refuse) when the conference is held before its period's last month or long after.

    A 9-month review held in June, or a 6-month one held in December, is most likely a typo in
    the date or the period; yet a committee may have its reasons, so the answer stands.
    """
    end = _period_end(period)
    if end is None:
        return
    values = {"held": vi.short_date(held), "period": period.name(), "end": vi.short_date(end)}
    if held < end.replace(day=1):
        engine.say("period_early", month=f"{end.month}/{end.year}", **values)
    elif (held - end).days > LATE:
        engine.say("period_late", **values)


def _period_end(period: models.Period) -> date | None:
    """Return the last day of ``period`` (None for a period of the clerk's own naming)."""
    months = {"first_6_months": 6, "first_9_months": 9, "quarter": 3 * (period.quarter or 0)}
    month = months.get(period.kind, 12) if period.kind != "custom" else 0
    if not month:
        return None
    return date(period.year, month, calendar.monthrange(period.year, month)[1])


def _likely_year(held: date, kind: str | None) -> int:
    """Return the year a conference held on ``held`` most likely reviews.

    Reviews follow their period: a year-end conference held in January or February reviews
    the year before; every other review is held in its period's year.
    """
    return held.year - 1 if kind == "year" and held.month <= 2 else held.year


def _year_fits_the_conference(engine: Engine) -> Check:
    """Return the check that the conference is held in the period's year or the next."""

    def check(answer: str) -> str | None:
        held = engine.state.get("conference", {}).get("date")
        if not held or not answer.strip().isdigit():
            return None
        year = int(answer.strip())
        if date.fromisoformat(held).year not in (year, year + 1):
            return engine.texts.msg("year_mismatch", held=date.fromisoformat(held).year, year=year)
        return None

    return check


def ask_people(engine: Engine) -> None:
    """Ask the people chairing and attending (a list), then the attendance."""
    people: list[dict[str, Any]] = engine.state.setdefault("people", [])
    if not engine.done("people.menu"):
        engine.heading("people")

    def person_form(person: dict[str, Any], answered: list[str]) -> None:
        for name in ("name", "titles", "roles"):
            engine.ask(f"people.{name}", person, name, progress=answered)

    engine.menu("people", people, person_form, _name_label, rare=False)
    if not people:
        engine.state.pop("people", None)
    engine.ask("attendance", engine.state, "attendance", context={})


def _name_label(item: Mapping[str, Any]) -> str:
    """Return the label of a person or a target in its menu: its name."""
    return str(item.get("name"))


# ---------------------------------------------------------------------------
# Results and lists of sentences
# ---------------------------------------------------------------------------


def ask_results(engine: Engine) -> None:
    """Ask the results of each field, after offering last period's."""
    results: list[dict[str, Any]] = engine.state.setdefault("results", [])
    if not all(engine.done(f"results.{key}") for key in FIELD_KEYS):
        engine.heading("results")
    for key in FIELD_KEYS:
        qid = f"results.{key}"
        holder = next((result for result in results if result["field"] == key), None)
        box: dict[str, Any] = {"items": list(holder["items"]) if holder else []}
        if offer_carried(engine, qid, box, "items"):
            _put_result(results, key, box.get("items"))
            engine.save()
        if engine.done(qid):
            continue
        _put_result(results, key, engine.ask(qid, box, "items", context={"field": key}))
        engine.save()
    if not results:
        engine.state.pop("results", None)


def _put_result(results: list[dict[str, Any]], key: str, items: list[str] | None) -> None:
    """Put the ``items`` of field ``key`` among ``results``, in the fields' order."""
    results[:] = [result for result in results if result["field"] != key]
    if items:
        results.append({"field": key, "items": items})
        results.sort(key=lambda result: FIELD_KEYS.index(result["field"]))


def ask_list(engine: Engine, name: str) -> None:
    """Ask a list of sentences, after offering last period's as a checklist."""
    if engine.done(name):
        return
    engine.heading(name)
    offer_carried(engine, name, engine.state, name)
    engine.ask(name, engine.state, name, context={})


def offer_carried(engine: Engine, qid: str, container: dict[str, Any], key: str) -> bool:
    """Return whether last period's items of ``qid`` were offered as a checklist.

    The ticked items pre-fill the answer, which the clerk then completes. Last period's tasks
    start ticked (most go on), the other lists unticked.
    """
    items: list[str] = engine.progress.get("carry", {}).get(qid, [])
    cid = f"carry.{qid}"
    if not items or engine.done(cid) or engine.done(qid) or engine.force:
        return False
    texts = engine.texts
    question = texts.questions.get(cid) or texts.q("carry")
    choices = [(str(number), item) for number, item in enumerate(items)]
    ticked = engine.prompter.ask_checkbox(
        question.prompt.format(title=texts.q(qid).prompt),
        choices,
        checked=[value for value, _ in choices] if qid == "tasks" else [],
        instruction=texts.msg("checkbox"),
    )
    kept = [items[int(value)] for value in ticked]
    present = list(container.get(key) or [])
    container[key] = kept + [item for item in present if item not in kept]
    if not container[key]:
        container.pop(key)
    engine.mark(cid)
    return True


# ---------------------------------------------------------------------------
# Targets of the next period
# ---------------------------------------------------------------------------


def ask_targets(engine: Engine) -> None:
    """Ask the targets of the next period (a list)."""
    targets: list[dict[str, Any]] = engine.state.setdefault("targets", [])
    if not engine.done("targets.menu"):
        engine.heading("targets")

    def target_form(target: dict[str, Any], answered: list[str]) -> None:
        engine.ask("targets.name", target, "name", progress=answered)
        engine.ask("targets.qualifier", target, "qualifier", progress=answered)
        if "targets.value" not in answered or engine.force:
            _ask_target_value(engine, target)
            answered.append("targets.value")
            engine.save()
        engine.ask("targets.unit", target, "unit", progress=answered)

    engine.menu("targets", targets, target_form, _name_label, rare=False)
    if not targets:
        engine.state.pop("targets", None)


def _ask_target_value(engine: Engine, target: dict[str, Any]) -> None:
    """Ask a target's value: one number ("10") or a range ("10-11")."""
    if target.get("value") is not None:
        current = str(target["value"])
    elif target.get("low") is not None:
        current = f"{target['low']}-{target.get('high')}"
    else:
        current = ""

    def check(answer: str) -> str | None:
        trial = _target_value(answer)
        if trial is None:
            return engine.texts.msg("range_format")
        base = {k: v for k, v in target.items() if k not in ("value", "low", "high")}
        return "; ".join(model_problems(models.Target, {**base, **trial})) or None

    answer = engine.ask_text(engine.texts.q("targets.value"), current, check)
    for key in ("value", "low", "high"):
        target.pop(key, None)
    target.update(_target_value(answer) or {})


def _target_value(answer: str) -> dict[str, Any] | None:
    """Return a typed target: {"value": "10"} or {"low": "10", "high": "11"}; None when empty."""
    text = models.clean_text(answer) if answer.strip() else ""
    if not text:
        return None
    if "-" in text[1:]:
        low, high = text[0] + text[1:].split("-", 1)[0], text[1:].split("-", 1)[1]
        return {"low": low.strip(), "high": high.strip()}
    return {"value": text}


# ---------------------------------------------------------------------------
# Documents cited
# ---------------------------------------------------------------------------


def ask_documents(engine: Engine) -> None:
    """Ask the documents cited (a list, seldom filled), after offering last period's."""
    documents: list[dict[str, Any]] = engine.state.setdefault("documents", [])
    if not engine.done("documents.menu"):
        engine.heading("documents")
    _offer_cited(engine, documents)

    def document_form(document: dict[str, Any], answered: list[str]) -> None:
        for name in DOCUMENT_FIELDS:
            extra = _cited_before_the_conference(engine) if name == "date" else None
            engine.ask(f"documents.{name}", document, name, progress=answered, extra=extra)

    engine.menu("documents", documents, document_form, document_label, rare=True)
    if not documents:
        engine.state.pop("documents", None)


def _offer_cited(engine: Engine, documents: list[dict[str, Any]]) -> None:
    """Offer last period's cited documents as a checklist (none ticked)."""
    cited = engine.progress.get("cited", [])
    if not cited or engine.force or engine.done("carry.documents") or engine.done("documents.menu"):
        return
    choices = [(str(number), document_label(doc)) for number, doc in enumerate(cited)]
    ticked = engine.prompter.ask_checkbox(
        engine.texts.q("carry.documents").prompt,
        choices,
        instruction=engine.texts.msg("checkbox"),
    )
    documents.extend(cited[int(value)] for value in ticked)
    engine.mark("carry.documents")


def _cited_before_the_conference(engine: Engine) -> Check:
    """Return the check that a cited document is not dated after the conference."""

    def check(answer: str) -> str | None:
        held = engine.state.get("conference", {}).get("date")
        try:
            cited = models.CitedDocument.model_validate(
                {"kind": "-", "number": "-", "issuer": "-", "date": answer.strip()}
            ).date
        except ValidationError:
            return None
        if held and cited > date.fromisoformat(held):
            return engine.texts.msg(
                "cited_after",
                date=vi.short_date(cited),
                held=vi.short_date(date.fromisoformat(held)),
            )
        return None

    return check


def document_label(document: Mapping[str, Any]) -> str:
    """Return "Nghị quyết số 20-NQ/TU, ngày 15/12/2022" for menus and the review."""
    texts = load_texts()
    kind, number = document.get("kind", "?"), document.get("number", "?")
    held = shown(document.get("date"))
    if not held:
        return texts.msg("document_label_undated", kind=kind, number=number)
    return texts.msg("document_label", kind=kind, number=number, date=held)


# ---------------------------------------------------------------------------
# Byline, resolution, options
# ---------------------------------------------------------------------------


def ask_byline(engine: Engine) -> None:
    """Ask the press summary's authors, then its outlet (only when there are authors)."""
    if engine.done("byline.authors") and engine.done("byline.outlet"):
        return
    engine.heading("byline")
    byline: dict[str, Any] = engine.state.setdefault("byline", {})
    authors = engine.ask("byline.authors", byline, "authors", context={})
    if not authors:
        engine.state.pop("byline", None)
        engine.mark("byline.outlet")
        return
    engine.ask("byline.outlet", byline, "outlet")


def ask_resolution(engine: Engine) -> None:
    """Ask the resolution's signer, recipients, implementation, and draft round or number."""
    ids = [
        "resolution.signer_name",
        "resolution.signer_title",
        "resolution.recipients",
        "resolution.implementation",
        "resolution.draft",
    ]
    draft = engine.state.get("resolution", {}).get("draft", True)
    last = "resolution.draft_round" if draft else "resolution.number"
    if all(engine.done(qid) for qid in [*ids, last]):
        return
    engine.heading("resolution")
    resolution: dict[str, Any] = engine.state.setdefault("resolution", {})
    signer: dict[str, Any] = resolution.setdefault("signer", {})
    engine.ask("resolution.signer_name", signer, "name")
    engine.ask("resolution.signer_title", signer, "title")
    for name in ("recipients", "implementation"):
        engine.ask(f"resolution.{name}", resolution, name, context={})
    if not engine.done("resolution.draft"):
        _ask_draft_or_final(engine, resolution)
    name = "draft_round" if resolution.get("draft", True) else "number"
    context = {key: value for key, value in resolution.items() if key != name}
    engine.ask(f"resolution.{name}", resolution, name, context=context)


def _ask_draft_or_final(engine: Engine, resolution: dict[str, Any]) -> None:
    """Ask whether the resolution is a draft or the final text (each keeps its own field)."""
    question = engine.texts.q("resolution.draft")
    chosen = engine.prompter.ask_select(
        question.prompt,
        question.choices,
        default="draft" if resolution.get("draft", True) else "final",
        instruction=engine.texts.msg("select"),
    )
    resolution["draft"] = chosen == "draft"
    resolution.pop("number" if resolution["draft"] else "draft_round", None)
    engine.mark("resolution.draft")


FIELDS: dict[str, tuple[str, ...]] = {
    "issuer": tuple(f"issuer.{name}" for name in ISSUER_FIELDS),
    "conference": tuple(f"conference.{name}" for name in CONFERENCE_FIELDS),
    "period": ("period.kind", "period.year"),
    "results": tuple(f"results.{key}" for key in FIELD_KEYS),
    "byline": ("byline.authors", "byline.outlet"),
    "resolution": (
        "resolution.signer_name",
        "resolution.signer_title",
        "resolution.recipients",
        "resolution.implementation",
    ),
}
"""The questions of the sections of several questions, which the review offers to fix one by
one. Every other section is one question (limitations, tasks, …) or a list, whose menu picks
the one item to fix."""


def field_place(engine: Engine, qid: str) -> tuple[dict[str, Any], str]:
    """Return where the answer to ``qid`` (one of ``FIELDS``) is stored: container and key.

    A field of the results lives in the list of results: its container is a copy.
    """
    section, name = qid.split(".", 1)
    if section == "results":
        results = engine.state.get("results", [])
        holder = next((result for result in results if result["field"] == name), None)
        return {"items": list(holder["items"]) if holder else []}, "items"
    container: dict[str, Any] = engine.state.setdefault(section, {})
    if name.startswith("signer_"):
        signer: dict[str, Any] = container.setdefault("signer", {})
        return signer, name.removeprefix("signer_")
    return container, engine.texts.q(qid).field if section != "resolution" else name


def ask_field(engine: Engine, qid: str) -> None:
    """Ask the one question ``qid`` of ``FIELDS`` again (the review's fix of a single field)."""
    container, key = field_place(engine, qid)
    section = qid.split(".", 1)[0]
    with engine.editing():
        if qid == "issuer.name":
            _ask_issuer_name(engine, container)
        elif qid == "period.kind":  # the quarter and the year's meaning follow from it
            ask_period(engine)
        elif qid == "period.year":
            engine.ask(qid, container, key, extra=_year_fits_the_conference(engine))
        elif section == "results":
            results: list[dict[str, Any]] = engine.state.setdefault("results", [])
            field = qid.split(".", 1)[1]
            _put_result(results, field, engine.ask(qid, container, key, context={"field": field}))
            if not results:
                engine.state.pop("results")
            engine.save()
        elif section in ("resolution", "byline"):
            engine.ask(qid, container, key, context={})
        else:
            engine.ask(qid, container, key)


def ask_options(engine: Engine) -> None:
    """Ask which documents to write; at least one."""
    if engine.done("options.documents"):
        return
    options: dict[str, Any] = engine.state.setdefault("options", {})
    options.setdefault("documents", list(DEFAULT_DOCUMENTS))
    while True:
        chosen = engine.ask("options.documents", options, "documents")
        if chosen:
            break
        engine.say("required")
        engine.progress["answered"].remove("options.documents")
        options["documents"] = list(DEFAULT_DOCUMENTS)
