"""The slot registry: what compose hands each phrasebank slot, declared as a table.

For every slot that compose renders it says which documents use it, which variables a phrase
may use (with their shapes, taken from the report model) and which facts its conditions may
test, with every value each fact can take. ``drafter phrases lint`` checks the phrasebank
against it (unknown variables, impossible conditions, data that would leave a slot empty) and
the tests check that compose really passes what is declared here.

Compose never imports this module; only the lint and the ``phrases`` commands do.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from drafter.models import (
    Byline,
    CitedDocument,
    Comparison,
    Conference,
    Count,
    Cutoff,
    Estimate,
    Indicator,
    Issuer,
    Level,
    Person,
    Qualifier,
    Target,
)

# ---------------------------------------------------------------------------------------------
# Shapes: what a variable looks like to a Jinja text
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A scalar: text, number, date or flag; its attributes are not checked."""

    kind: str


@dataclass(frozen=True)
class Record:
    """A mapping with known keys (a model dumped to a dict, or a dict compose builds)."""

    name: str
    keys: Mapping[str, Shape]


@dataclass(frozen=True)
class Items:
    """A list whose elements all have one shape."""

    item: Shape


Shape = Value | Record | Items

TEXT = Value("text")
NUMBER = Value("number")
FLAG = Value("flag")
DATE = Value("date")
OPAQUE = Value("any")
TEXTS = Items(TEXT)


def shape_of_model(model: type[BaseModel]) -> Record:
    """Return the shape of ``model.model_dump()``: a record of its fields."""
    return Record(
        model.__name__,
        {name: _shape_of(info.annotation) for name, info in model.model_fields.items()},
    )


def _shape_of(annotation: Any) -> Shape:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape_of(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _shape_of(options[0]) if len(options) == 1 else OPAQUE
    if origin is list:
        return Items(_shape_of(get_args(annotation)[0]))
    if origin is Literal or annotation is str:
        return TEXT
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return shape_of_model(annotation)
        if issubclass(annotation, bool):
            return FLAG
        if issubclass(annotation, int | Decimal):
            return NUMBER
        if issubclass(annotation, date):
            return DATE
    return OPAQUE


# ---------------------------------------------------------------------------------------------
# Slots
# ---------------------------------------------------------------------------------------------

Fact = str | bool | None
Domains = Mapping[str, tuple[Fact, ...]]


@dataclass(frozen=True)
class Space:
    """One family of situations: each fact's possible values, and the variables passed then."""

    facts: Domains = field(default_factory=dict)
    variables: Mapping[str, Shape] = field(default_factory=dict)


@dataclass(frozen=True)
class Slot:
    """A place in a document that compose fills with one phrase."""

    name: str
    docs: tuple[str, ...]
    spaces: tuple[Space, ...]
    hidden: tuple[str, ...] = ()  # base variables not yet known when this slot is rendered
    note: str = ""
    fragment: bool = False  # a piece of a sentence (a date form), not a sentence to vary

    def facts(self) -> set[str]:
        """Return every fact this slot's conditions may test, the document-wide ones included."""
        names = set(GLOBAL_FACTS)
        for space in self.spaces:
            names |= set(space.facts)
        return names

    def domain(self, fact: str) -> set[Fact]:
        """Return every value ``fact`` can take in this slot (empty when unknown)."""
        if fact in GLOBAL_FACTS:
            return set(GLOBAL_FACTS[fact])
        values: set[Fact] = set()
        for space in self.spaces:
            values |= set(space.facts.get(fact, ()))
        return values

    def base_variables(self, lexicon: Mapping[str, Any]) -> dict[str, Shape]:
        """Return the variables every phrase of this slot sees, the lexicon as ``lex``."""
        variables = {name: shape for name, shape in BASE.items() if name not in self.hidden}
        variables["lex"] = shape_of_value("lex", lexicon)
        return variables


def shape_of_value(name: str, value: Any) -> Shape:
    """Return the shape of a plain YAML value (the lexicon): records, lists and scalars."""
    if isinstance(value, Mapping):
        return Record(name, {str(k): shape_of_value(f"{name}.{k}", v) for k, v in value.items()})
    if isinstance(value, list):
        return Items(shape_of_value(name, value[0]) if value else OPAQUE)
    return TEXT if isinstance(value, str) else OPAQUE


def _values(literal: Any) -> tuple[str, ...]:
    return tuple(get_args(literal))


BOOL: tuple[Fact, ...] = (True, False)
LEVELS: tuple[Fact, ...] = _values(Level)
STATUSES: tuple[Fact, ...] = ("met", "exceeded", "missed")
FIELDS: tuple[Fact, ...] = ("economy", "culture_society", "defence_security", "party_building")
DOCS = ("resolution", "press", "report")

GLOBAL_FACTS: Domains = {
    "body": ("executive", "standing"),
    "level": LEVELS,
    "extended": BOOL,
    "year_end": BOOL,
    "has_part_of_day": BOOL,
}
"""Facts of the whole report, known to every slot (``Composer.facts``)."""

BASE: Mapping[str, Shape] = {
    "issuer": shape_of_model(Issuer),
    "conference": shape_of_model(Conference),
    "period": TEXT,
    "period_short": TEXT,
    "next_period": TEXT,
    "year_end": FLAG,
    "plan_year": NUMBER,
    "body": TEXT,
    "body_full": TEXT,
}
"""Variables every phrase sees (``Composer.base``), plus ``lex``, the lexicon."""

FIELD = Record("field", {"key": TEXT, "name": TEXT, "points": TEXTS, "echoed": FLAG})


def _slot(
    name: str,
    variables: Mapping[str, Shape] | None = None,
    facts: Domains | None = None,
    *,
    docs: tuple[str, ...] = DOCS,
    spaces: tuple[Space, ...] | None = None,
    hidden: tuple[str, ...] = (),
    note: str = "",
    fragment: bool = False,
) -> Slot:
    if spaces is None:
        spaces = (Space(facts or {}, variables or {}),)
    return Slot(name, docs, spaces, hidden, note, fragment)


_PRESS = ("press",)
_RESOLUTION = ("resolution",)
_NO_CHANGE = {"direction": (None,), "measure": (None,), "has_plan": (False,)}
_JUDGED: tuple[Fact, ...] = (None, *STATUSES)
_COMPARISON: Mapping[str, Shape] = {
    "comparison": shape_of_model(Comparison),
    "percent": NUMBER,
    "change": NUMBER,
    "change_unit": TEXT,
    "unit": TEXT,
}
_VERDICT: Mapping[str, Shape] = {"comparison": shape_of_model(Comparison), "unit": TEXT}
_COUNT: Mapping[str, Shape] = {
    "count": shape_of_model(Count),
    "noun": TEXT,
    "compared_to": TEXT,
}
_CHANGES: tuple[Fact, ...] = (None, "up", "down", "level")
_SOME: tuple[Fact, ...] = (None, "none", "some")
_REACHING_VERBS: tuple[Fact, ...] = ("đạt", "ước đạt", "ước thực hiện", "thực hiện được", "được")
_SHARE_VERBS: tuple[Fact, ...] = ("chiếm", "ước chiếm")
_QUALIFIERS: tuple[Fact, ...] = (None, *_values(Qualifier))
_INDICATOR: Mapping[str, Shape] = {
    "ind": shape_of_model(Indicator),
    "brackets": TEXTS,
    "comparisons": TEXTS,
    "cutoff": TEXT,
    "estimate": TEXT,
    "estimated": FLAG,
}
_TARGETS: Mapping[str, Shape] = {"targets": TEXTS, "totals": TEXTS}


def _indicator_space(form: str, verbs: tuple[Fact, ...], lower: tuple[Fact, ...]) -> Space:
    qualifiers = (None,) if form == "bare" else _QUALIFIERS
    facts: Domains = {
        "form": (form,),
        "verb": verbs,
        "qualifier": qualifiers,
        "status": _JUDGED,
        "lower_is_better": lower,
        "trend": _CHANGES,
    }
    return Space(facts, _INDICATOR)


_REPORT = ("report",)
_REPORT_PLAIN = (
    "report.title",
    "report.reporter",
    "report.reporter_full",
    "report.part1_heading",
    "report.results_heading",
    "report.limitations_subheading",
    "report.causes_subheading",
    "report.part2_heading",
    "report.targets_heading",
    "report.tasks_heading",
    "report.archive",
    "report.signer_title",
    "report.appendix_title",
    "report.change_note",
)
"""Report slots with no variables of their own: the report's and the period's names."""
_TALLY = Record(
    "tally",
    {name: NUMBER for name in ("total", "exceeded", "met", "missed", "not_assessed")},
)


def _report_slot(
    name: str, variables: Mapping[str, Shape] | None = None, facts: Domains | None = None
) -> Slot:
    """Return a slot of the report: every one may test ``state`` (a People's Committee's)."""
    return _slot(name, variables, {"state": BOOL, **(facts or {})}, docs=_REPORT)


_TABLE: tuple[Slot, ...] = (
    # -- shared pieces -----------------------------------------------------------------------
    _slot("common.body", hidden=("body", "body_full"), note="tên cơ quan họp, ngắn"),
    _slot("common.body_full", hidden=("body_full",), note="tên cơ quan họp, đủ địa danh"),
    _slot("common.person", {"person": shape_of_model(Person)}, {"introduced": BOOL}),
    _slot(
        "common.people",
        {"persons": TEXTS},
        {"people_count": ("one", "many")},
        docs=_PRESS,
        fragment=True,
        note="một hay nhiều người cùng một vai trò",
    ),
    _slot(
        "common.count",
        spaces=(
            Space(
                {
                    "kind": ("targets",),
                    "met": ("all",),
                    "exceeded": _SOME,
                    "missed": (None, "none"),
                    "change": _CHANGES,
                },
                _COUNT,
            ),
            Space(
                {
                    "kind": ("targets",),
                    "met": ("some",),
                    "exceeded": _SOME,
                    "missed": _SOME,
                    "change": _CHANGES,
                },
                _COUNT,
            ),
            Space(
                {
                    "kind": ("targets",),
                    "met": ("none",),
                    "exceeded": (None, "none"),
                    "missed": _SOME,
                    "change": _CHANGES,
                },
                _COUNT,
            ),
            Space(
                {
                    "kind": ("targets",),
                    "met": ("total",),
                    "exceeded": (None,),
                    "missed": (None,),
                    "change": _CHANGES,
                },
                _COUNT,
            ),
            Space(
                {
                    "kind": ("units",),
                    "met": ("all", "some", "none"),
                    "exceeded": (None,),
                    "missed": (None,),
                    "change": _CHANGES,
                },
                _COUNT,
            ),
        ),
        note="số chỉ tiêu đạt, số đơn vị đạt, tổng số chỉ tiêu: cụm danh từ đứng sau 'có'",
    ),
    _slot("common.cutoff", {"cutoff": shape_of_model(Cutoff)}, {"has_day": BOOL}),
    _slot(
        "common.comparison",
        spaces=(
            Space(
                {"kind": ("share",), "lower_is_better": (False,), "status": _JUDGED, **_NO_CHANGE},
                _COMPARISON,
            ),
            Space(
                {
                    "kind": ("excess",),
                    "lower_is_better": (False,),
                    "status": ("exceeded",),
                    **_NO_CHANGE,
                },
                _COMPARISON,
            ),
            Space(
                {
                    "kind": ("change",),
                    "direction": ("up", "down", "level"),
                    "lower_is_better": BOOL,
                    "status": (None,),
                    "measure": ("percent", "amount", "points"),
                    "has_plan": (False,),
                },
                _COMPARISON,
            ),
            Space(
                {
                    "kind": ("change",),
                    "direction": ("up", "down", "level"),
                    "lower_is_better": BOOL,
                    "status": _JUDGED,
                    "measure": ("percent", "amount", "points"),
                    "has_plan": (True,),
                },
                _COMPARISON,
            ),
            Space(
                {"kind": ("plan",), "lower_is_better": (False,), "status": _JUDGED, **_NO_CHANGE},
                _COMPARISON,
            ),
            Space(
                {
                    "kind": ("target_range",),
                    "lower_is_better": BOOL,
                    "status": _JUDGED,
                    **_NO_CHANGE,
                },
                _COMPARISON,
            ),
        ),
    ),
    _slot(
        "common.verdict",
        spaces=(
            Space({"status": _JUDGED, "has_plan": (True,)}, _VERDICT),
            Space({"status": STATUSES, "has_plan": (False,)}, _VERDICT),
        ),
        note="kế hoạch của chỉ tiêu càng thấp càng tốt: đạt / chưa đạt kế hoạch (dưới 3%)",
    ),
    _slot(
        "common.estimate",
        {"estimate": shape_of_model(Estimate), "unit": TEXT, "comparisons": TEXTS},
        {"lower_is_better": BOOL},
    ),
    _slot(
        "common.indicator",
        spaces=(
            _indicator_space("reached", _REACHING_VERBS, (False,)),
            _indicator_space("share", _SHARE_VERBS, BOOL),
            _indicator_space("lower", _REACHING_VERBS, (True,)),
            _indicator_space("bare", (*_REACHING_VERBS, *_SHARE_VERBS), BOOL),
        ),
    ),
    _slot(
        "common.target",
        {"target": shape_of_model(Target)},
        {"has_range": BOOL, "lower_is_better": BOOL},
    ),
    _slot("common.document", {"document": shape_of_model(CitedDocument)}, {"official_dates": BOOL}),
    # -- the press summary -------------------------------------------------------------------
    _slot("press.headline", docs=_PRESS),
    _slot(
        "press.lead_date",
        facts={"year_in_period": BOOL},
        docs=_PRESS,
        fragment=True,
        note="ngày họp ở câu dẫn, viết thường; bỏ năm chỉ khi họp trong năm của kỳ",
    ),
    _slot("press.lead", {"lead_date": TEXT}, docs=_PRESS),
    _slot("press.chair", {"chairs": TEXTS}, {"chair_count": ("one", "many")}, docs=_PRESS),
    _slot("press.attendance", {"attendees": TEXT, "attendance": TEXT}, docs=_PRESS),
    _slot(
        "press.role",
        {"people": TEXT},
        {"role": ("opening", "report", "speech", "direction")},
        docs=_PRESS,
        note="khai mạc, trình bày báo cáo, phát biểu, chỉ đạo",
    ),
    _slot("press.caption", {"caption": TEXT}, {"has_file": BOOL}, docs=_PRESS),
    _slot(
        "press.results",
        {"documents": TEXTS, "counts": TEXTS, "indicators": TEXTS},
        docs=_PRESS,
    ),
    _slot("press.fields", {"fields": Items(FIELD)}, docs=_PRESS),
    _slot("press.limitations", {"limitations": TEXTS, "causes": TEXTS}, docs=_PRESS),
    _slot(
        "press.discussion",
        {"discussion": TEXTS},
        {"has_discussion": (True,)},
        docs=_PRESS,
    ),
    _slot("press.tasks", {"tasks": TEXTS}, docs=_PRESS),
    _slot("press.adopted", {"adopted": TEXTS}, docs=_PRESS),
    _slot("press.targets", _TARGETS, {"has_targets": BOOL}, docs=_PRESS),
    _slot(
        "press.conclusion",
        {"conclusion": TEXTS, "speaker": TEXT},
        {"has_speaker": BOOL},
        docs=_PRESS,
    ),
    _slot("press.byline", {"byline": shape_of_model(Byline)}, docs=_PRESS),
    # -- the resolution ----------------------------------------------------------------------
    _slot("resolution.conference_line", docs=_RESOLUTION),
    _slot("resolution.title", docs=_RESOLUTION),
    _slot("resolution.subject", docs=_RESOLUTION),
    _slot("resolution.opening", {"date": TEXT, "discussion": TEXTS}, docs=_RESOLUTION),
    _slot("resolution.part1_heading", {"number": NUMBER}, docs=_RESOLUTION),
    _slot(
        "resolution.assessment",
        {"documents": TEXTS, "counts": TEXTS, "indicators": TEXTS},
        docs=_RESOLUTION,
    ),
    _slot("resolution.field", {"field": FIELD}, {"field": FIELDS}, docs=_RESOLUTION),
    _slot("resolution.limitations", {"limitations": TEXTS, "causes": TEXTS}, docs=_RESOLUTION),
    _slot("resolution.part2_heading", {"number": NUMBER}, docs=_RESOLUTION),
    _slot("resolution.targets", _TARGETS, {"has_targets": BOOL}, docs=_RESOLUTION),
    _slot("resolution.task", {"number": NUMBER, "task": TEXT}, docs=_RESOLUTION),
    _slot("resolution.part3_heading", {"number": NUMBER}, docs=_RESOLUTION),
    _slot(
        "resolution.implementation",
        docs=_RESOLUTION,
        spaces=(
            Space({"has_items": (True,)}, {"number": NUMBER, "item": TEXT}),
            Space({"has_items": (False,)}, {}),
        ),
    ),
    _slot("resolution.archive", docs=_RESOLUTION),
    # -- the period report -------------------------------------------------------------------
    *(_report_slot(name) for name in _REPORT_PLAIN),
    _report_slot("report.subject"),
    _report_slot("report.opening", {"documents": TEXTS, "reporter": TEXT}, {"has_documents": BOOL}),
    _report_slot("report.part_label", {"number": NUMBER}),
    _report_slot(
        "report.overview",
        {"counts": TEXTS, "tally": TEXT, "indicators": TEXTS, "reporter": TEXT},
    ),
    _report_slot("report.field_heading", {"field": FIELD}, {"field": FIELDS}),
    _report_slot("report.field", {"field": FIELD, "indicators": TEXTS}, {"field": FIELDS}),
    _report_slot("report.limitations_heading", facts={"has_causes": BOOL}),
    _report_slot("report.limitations", {"limitations": TEXTS}),
    _report_slot("report.causes", {"causes": TEXTS}),
    _report_slot("report.targets", {"targets": TEXTS}),
    _report_slot("report.task", {"task": TEXT}),
    _report_slot("report.closing", {"reporter_full": TEXT}),
    _report_slot("report.state_recipient", facts={"line": ("committee", "council", "members")}),
    _report_slot("report.appendix_subtitle", {"symbol": TEXT, "date": TEXT, "reporter_full": TEXT}),
    _report_slot("report.status", facts={"status": (None, *STATUSES)}),
    _report_slot("report.tally", {"tally": _TALLY}),
    _report_slot("report.appendix_tally", {"tally": _TALLY}),
    _report_slot(
        "report.reason",
        {"comparison": shape_of_model(Comparison), "percent": NUMBER, "unit": TEXT},
        {
            "reason": (
                "no_plan_value",
                "range",
                "rate_plan",
                "excess",
                "no_plan",
                "part_of_year",
                "no_value",
            )
        },
    ),
    _report_slot("report.points"),
    _report_slot("report.note", {"mark": NUMBER, "name": TEXT, "reasons": TEXTS}),
)

SLOTS: Mapping[str, Slot] = {slot.name: slot for slot in _TABLE}
"""Every slot compose renders, by name."""

__all__ = [
    "BASE",
    "GLOBAL_FACTS",
    "SLOTS",
    "Items",
    "Record",
    "Shape",
    "Slot",
    "Space",
    "Value",
    "shape_of_model",
    "shape_of_value",
]
