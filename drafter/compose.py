"""Compose: turn a ``Report`` and the phrasebank into the ready text of each document.

This is the only place that decides wording. It gathers the facts the phrases test in their
conditions, renders the chosen phrases and hands the templates final strings, so that a
template never formats a number and never sees a missing value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from drafter import typed
from drafter.contexts import (
    DocumentProperties,
    Photo,
    PressContext,
    ResolutionContext,
)
from drafter.errors import UserError
from drafter.models import (
    Comparison,
    Count,
    DocumentKind,
    FieldKey,
    Indicator,
    Person,
    Report,
    Role,
    Status,
    Target,
    covers_the_year,
)
from drafter.phrasebank import Entry, Phrasebank
from drafter.phraselog import PhraseLog
from drafter.profiles import Profile
from drafter.provenance import Made
from drafter.resources import proper_names
from drafter.typed import finish

_FIELD_ORDER: tuple[FieldKey, ...] = (
    "economy",
    "culture_society",
    "defence_security",
    "party_building",
)
_BRACKETED = ("plan", "target_range")
_OPENING_ROLES: tuple[Role, ...] = ("opening", "report")
"""Roles a press summary names before the results: who opened, who presented the report."""
_SPEAKING_ROLES: tuple[Role, ...] = ("speech", "direction")
"""Roles named after the discussion: who spoke, who directed (a superior's leader)."""
_PLAN_KINDS = ("share", "excess", "plan")
_SHARE_VERBS = ("chiếm", "ước chiếm")
_STATUS_FACT = {"đạt": "met", "vượt": "exceeded", "chưa đạt": "missed"}
SAME_NAME: Mapping[str, str] = {
    name: name for name in ("limitations", "causes", "discussion", "tasks", "conclusion")
}
"""Lists of the data that compose tidies before a phrase reads them, named as in the data."""


@dataclass(frozen=True)
class PhraseChoice:
    """One phrase compose asked for: the slot, the facts and variables it passed, the text."""

    slot: str
    facts: Mapping[str, Any]
    variables: Mapping[str, Any]
    text: str


PhraseObserver = Callable[[PhraseChoice], None]
"""Told of every phrase a ``Composer`` asks for, in order (the lint records them)."""


def kept_names(report: Report) -> tuple[str, ...]:
    """Return the names of ``report`` printed as typed: people, authors, the signer."""
    names = [person.name for person in report.people]
    if report.byline is not None:
        names += report.byline.authors
    signer = report.resolution.signer
    if signer is not None and signer.name:
        names.append(signer.name)
    return tuple(dict.fromkeys(name for name in names if name))


def own_archive(names: Sequence[str], opener: str) -> str | None:
    """Return the archive line the data writes itself as its last recipient, or None.

    The clerk often ends the recipients as on paper, "Lưu Văn phòng Đảng ủy": that line is
    where the original is filed (it opens with ``opener``, the lexicon's "Lưu"), and a second,
    automatic one under it would say it twice.
    """
    if not names:
        return None
    words = names[-1].split(maxsplit=1)
    first = words[0].rstrip(":") if words else ""
    return names[-1] if first.casefold() == opener.casefold() else None


def seed_of(report: Report) -> str:
    """Return the seed of variant choice: the identity of the conference, not its wording."""
    period = report.period
    identity = "|".join(
        [
            report.issuer.name,
            report.conference.date.isoformat(),
            period.kind,
            str(period.year),
            str(period.quarter or ""),
        ]
    )
    return hashlib.sha256(identity.encode()).hexdigest()


class Composer:
    """Render every slot of both documents for one report."""

    def __init__(
        self,
        report: Report,
        phrasebank: Phrasebank,
        *,
        observer: PhraseObserver | None = None,
        fallback: str | None = None,
    ) -> None:
        """Prepare what phrases share; a phrase that fails reads ``fallback``, if given."""
        self.observer = observer
        self.fallback = fallback
        self.report = report
        self.bank = phrasebank
        self.seed = seed_of(report)
        self.style = report.options.tone_style
        self.kept = kept_names(report)
        self.names = proper_names()
        self.openers: list[str] = list(phrasebank.lexicon.get("list_openers", []))
        self.whole_span = covers_the_year(report.period)  # a yearly plan is judged at year end
        following = report.period.following()
        self.base: dict[str, Any] = {
            "issuer": report.issuer.model_dump(),  # not the whole report: only these are read
            "conference": report.conference.model_dump(),
            "period": report.period.name(),
            "period_short": report.period.name(short=True),
            "next_period": following.name(),
            "year_end": report.period.kind == "year",
            "plan_year": following.year,
        }
        self.facts: dict[str, Any] = {
            "body": report.conference.body,
            "level": report.issuer.level,
            "extended": report.conference.extended,
            "year_end": report.period.kind == "year",
            "has_part_of_day": report.conference.part_of_day is not None,
        }
        self.introduced: set[str] = set()  # names already written with their titles
        self.log = PhraseLog(lambda: report.model_dump(exclude={"options"}), self.base)
        phrasebank.check_variants(report.options.variants)
        self.base["body"] = self.phrase("common.body", {})
        self.base["body_full"] = self.phrase("common.body_full", {})

    # -- plumbing ---------------------------------------------------------------------------

    def phrase(
        self,
        slot: str,
        variables: Mapping[str, Any],
        facts: Mapping[str, Any] | None = None,
        *,
        origins: Mapping[str, str] | None = None,
    ) -> str:
        """Return the phrase for ``slot``; ``finish`` tidies the whole document once.

        What the phrase read is kept (``made``) for ``drafter explain``. ``origins`` says
        where in the data file a variable or fact comes from when compose built it (a
        tidied list); a variable given as the data holds it is found by itself.
        """
        all_facts = {**self.facts, **(facts or {})}
        all_variables = {**self.base, **variables}
        override = self.report.options.variants.get(slot)
        entry: Entry | None = None
        reads: frozenset[str] = frozenset()
        try:
            entry = self.bank.choose(slot, all_facts, self.seed, override)
            text, reads = self.bank.render_memo_traced(entry, all_variables)
        except UserError:
            if self.fallback is None:
                raise
            text = self.fallback
        text = typed.drop_repeated_opening(text, self.openers)
        self.log.phrase(
            slot,
            (entry.id, entry.formula, tuple(entry.when)) if entry else None,
            text,
            reads=reads,
            variables=variables,
            facts=facts or {},
            origins=origins or {},
        )
        if self.observer is not None:
            self.observer(PhraseChoice(slot, all_facts, all_variables, text))
        return text

    def items(self, values: list[str]) -> list[str]:
        """Return a list of the data ready to stand mid-sentence (``typed.list_items``)."""
        return typed.list_items(values, self.names)

    def phrase_items(self, texts: list[str]) -> list[str]:
        """Return phrases (indicators, targets) ready to stand as items after a colon.

        A phrase tidied here is still known by its new text, so its provenance follows it.
        """
        tidied = self.items(texts)
        for before, after in zip(texts, tidied, strict=True):
            if after != before:
                self.log.alias(after, before)
        return tidied

    # -- provenance -------------------------------------------------------------------------

    @property
    def made(self) -> list[Made]:
        """Return every phrase and line composed so far, with its data fields."""
        return self.log.made()

    def provenance(self) -> tuple[dict[str, Made], dict[int, str]]:
        """Return the phrase (or line) behind each finished text, and each one's finished text.

        The second mapping goes from ``id(made)`` to its text as the document prints it.
        """
        by_text: dict[str, Made] = {}
        shown: dict[int, str] = {}
        for made in self.made:
            text = finish(made.text, self.style, self.kept)
            by_text.setdefault(text, made)
            by_text.setdefault(made.text, made)  # the number line keeps its spacing
            shown[id(made)] = text
        return by_text, shown

    # -- shared pieces ----------------------------------------------------------------------

    def person(self, person: Person) -> str:
        """Return "name, title, title" the first time a person is named, then the name alone.

        Compose asks for people in the order the document prints them, so the titles stand
        at the first mention, as an editor writes them.
        """
        introduced = person.name in self.introduced
        self.introduced.add(person.name)
        return self.phrase(
            "common.person", {"person": person.model_dump()}, {"introduced": introduced}
        )

    def people(self, persons: list[Person]) -> str:
        """Return "đồng chí A, title" or "các đồng chí: A, title; B, title"."""
        named = [self.person(person) for person in persons]
        return self.phrase(
            "common.people",
            {"persons": named},
            {"people_count": "one" if len(named) == 1 else "many"},
        )

    def roles(self, roles: tuple[Role, ...]) -> str:
        """Return one paragraph: a sentence for each of ``roles`` someone holds, in that order."""
        sentences = [
            self.phrase("press.role", {"people": self.people(persons)}, {"role": role})
            for role in roles
            if (persons := self.report.people_with(role))
        ]
        return " ".join(sentences)

    def count(self, count: Count) -> str:
        """Return "19/22 chỉ tiêu đạt và vượt", "6/16 xã đạt chuẩn nông thôn mới", "32 chỉ tiêu"."""
        noun = count.noun or str(self.bank.lexicon.get("count_noun", ""))
        compared = count.compared_to.name(short=True) if count.compared_to else ""
        variables = {"count": count.model_dump(), "noun": noun, "compared_to": compared}
        return self.phrase("common.count", variables, _count_facts(count))

    def comparison(
        self, indicator: Indicator, comparison: Comparison, *, whole_span: bool | None = None
    ) -> str:
        """Return one comparison: "đạt 120,4% dự toán tỉnh giao", "giảm 0,87 điểm phần trăm …".

        A plan of a lower-is-better indicator is said by its verdict ("chưa đạt kế hoạch
        (dưới 3%)"), never as a percentage of the plan. ``whole_span`` says whether the
        figure covers the plan's span (by default: whether the report's period is a year).
        """
        whole = self.whole_span if whole_span is None else whole_span
        status = indicator.comparison_status(comparison, whole_span=whole)
        lower = indicator.better_lower()
        variables: dict[str, Any] = {
            "comparison": comparison.model_dump(),
            "unit": indicator.unit,
        }
        if _is_verdict(indicator, comparison):
            facts = {"status": _fact(status), "has_plan": comparison.base_value is not None}
            return self.phrase("common.verdict", variables, facts)
        rate = indicator.is_rate()
        variables["percent"] = comparison.shown_percent(indicator.value)
        variables["change"] = comparison.shown_change(indicator.value, rate=rate)
        variables["change_unit"] = comparison.unit or indicator.unit
        measure = None
        if comparison.kind == "change":
            measure = "points" if rate else comparison.measure(rate=False)
        facts = {
            "kind": comparison.kind,
            "direction": comparison.direction(indicator.value, rate=rate),
            "status": _fact(status),
            "lower_is_better": lower,
            "measure": measure,
            "has_plan": comparison.planned is not None,
        }
        return self.phrase("common.comparison", variables, facts)

    def indicator(self, indicator: Indicator) -> str:
        """Return the whole sentence of one indicator with its comparisons."""
        brackets, comparisons = self._comparisons(indicator, self.whole_span)
        cutoff = ""
        if indicator.cutoff is not None:
            cutoff = self.phrase(
                "common.cutoff",
                {"cutoff": indicator.cutoff.model_dump()},
                {"has_day": indicator.cutoff.day is not None},
            )
        variables = {
            "ind": indicator.model_dump(),
            "brackets": brackets,
            "comparisons": comparisons,
            "cutoff": cutoff,
            "estimate": self.estimate(indicator),
            "estimated": indicator.estimated(),
        }
        facts = {
            "verb": indicator.verb,
            "qualifier": indicator.qualifier,
            "status": _fact(indicator.status_in(self.report.period)),
            "lower_is_better": indicator.better_lower(),
            "trend": indicator.trend(),
            "form": _indicator_form(indicator),
        }
        return self.phrase("common.indicator", variables, facts)

    def _comparisons(self, indicator: Indicator, whole_span: bool) -> tuple[list[str], list[str]]:
        """Return the texts in brackets after the value and those after commas, verdicts last."""
        brackets: list[str] = []
        clauses: list[str] = []
        verdicts: list[str] = []
        for comparison in indicator.comparisons:
            if _is_verdict(indicator, comparison):
                status = indicator.comparison_status(comparison, whole_span=whole_span)
                if status is None and comparison.base_value is None:
                    continue  # a percentage of the plan with no plan value: nothing to say yet
                text = self.comparison(indicator, comparison, whole_span=whole_span)
                (brackets if status is None else verdicts).append(text)
                continue
            text = self.comparison(indicator, comparison, whole_span=whole_span)
            (brackets if comparison.kind in _BRACKETED else clauses).append(text)
        return brackets, clauses + verdicts

    def estimate(self, indicator: Indicator) -> str:
        """Return "ước cả năm đạt hơn 500 tỷ đồng, vượt 38,8% dự toán", or "" without one."""
        estimate = indicator.estimate
        if estimate is None:
            return ""
        unit = estimate.unit or indicator.unit
        shadow = indicator.model_copy(
            update={
                "value": estimate.value,
                "unit": unit,
                "lower_is_better": indicator.better_lower(),
                "comparisons": estimate.comparisons,
                "estimate": None,
            }
        )
        brackets, clauses = self._comparisons(shadow, True)  # an estimate is of the whole span
        return self.phrase(
            "common.estimate",
            {"estimate": estimate.model_dump(), "unit": unit, "comparisons": brackets + clauses},
            {"lower_is_better": indicator.better_lower()},
        )

    def target(self, target: Target) -> str:
        """Return one target: "thu ngân sách đạt trên 520 tỷ đồng", "tỷ lệ hộ nghèo giảm còn 2%"."""
        facts = {"has_range": target.value is None, "lower_is_better": target.better_lower()}
        return self.phrase("common.target", {"target": target.model_dump()}, facts)

    def targets(self, slot: str) -> str:
        """Return the paragraph of next period's targets and totals ("32 chỉ tiêu"), or ""."""
        report = self.report
        totals = [self.count(count) for count in report.counts if count.is_total()]
        if not report.targets and not totals:
            return ""
        targets = self.phrase_items([self.target(target) for target in report.targets])
        return self.phrase(
            slot, {"targets": targets, "totals": totals}, {"has_targets": bool(targets)}
        )

    def results_counts(self) -> list[str]:
        """Return the counts of the period's results (totals are said with the targets)."""
        return [self.count(count) for count in self.report.counts if not count.is_total()]

    def documents(self, *, official: bool) -> list[str]:
        """Return the cited documents in their citation form.

        ``official`` writes their dates as the resolution's date line does ("ngày 15 tháng 12
        năm 2021"), so that a document keeps one date form throughout.
        """
        return [
            self.phrase(
                "common.document",
                {"document": document.model_dump()},
                {"official_dates": official},
            )
            for document in self.report.documents
        ]

    def fields(self) -> list[dict[str, Any]]:
        """Return the results by field in the genre's order: economy first, Party building last.

        ``echoed`` is true when the field's first point names the field again ("văn hóa – xã
        hội có nhiều chuyển biến"): the phrase then leaves out its own "Về văn hóa – xã hội".
        """
        names: Mapping[str, str] = self.bank.lexicon.get("field_name", {})
        topics: Mapping[str, str] = self.bank.lexicon.get("field_topic", {})
        ordered = sorted(self.report.results, key=lambda result: _FIELD_ORDER.index(result.field))
        fields = []
        for result in ordered:
            points = self.items(result.items)
            said = (names[result.field], topics.get(result.field, ""))
            echoed = bool(points) and any(typed.echoes(points[0], name) for name in said if name)
            fields.append(
                {
                    "key": result.field,
                    "name": names[result.field],
                    "points": points,
                    "echoed": echoed,
                }
            )
        return fields

    def field_origins(self) -> dict[str, str]:
        """Return where ``fields`` come from: the results of the data file."""
        return {"fields": "results"}

    def key_indicators(self, *, press: bool) -> list[str]:
        """Return the indicator sentences; the press summary keeps only the key ones."""
        return self.phrase_items(
            [
                self.indicator(indicator)
                for indicator in self.report.indicators
                if indicator.key or not press
            ]
        )

    # -- the press summary ------------------------------------------------------------------

    def press(self) -> tuple[PressContext, list[Photo]]:
        """Return the press summary's context and its photos."""
        report = self.report
        conference = report.conference
        self.introduced.clear()  # each drafting of the summary introduces its people afresh
        lead = self.phrase(
            "press.lead",
            {
                "lead_date": self.phrase(
                    "press.lead_date",
                    {},
                    {"year_in_period": conference.date.year == report.period.year},
                )
            },
        )
        chairs = [self.person(person) for person in report.people_with("chair")]
        attendees = report.people_with("attend")
        attendance = (
            self.phrase(
                "press.attendance",
                {
                    "attendees": self.people(attendees) if attendees else "",
                    "attendance": report.attendance or "",
                },
            )
            if attendees or report.attendance
            else ""
        )
        limitations, causes = self.items(report.limitations), self.items(report.causes)
        speakers = report.people_with("conclusion")
        sections = [self.roles(_OPENING_ROLES)]
        sections.append(
            self.phrase(
                "press.results",
                {
                    "documents": self.documents(official=False),
                    "counts": self.results_counts(),
                    "indicators": self.key_indicators(press=True),
                },
            )
        )
        if report.results:
            sections.append(
                self.phrase("press.fields", {"fields": self.fields()}, origins=self.field_origins())
            )
        if limitations:
            sections.append(
                self.phrase(
                    "press.limitations",
                    {"limitations": limitations, "causes": causes},
                    origins=SAME_NAME,
                )
            )
        if report.discussion:  # a discussion is said only when the data says what it was
            sections.append(
                self.phrase(
                    "press.discussion",
                    {"discussion": self.items(report.discussion)},
                    {"has_discussion": True},
                    origins=SAME_NAME,
                )
            )
        sections.append(self.roles(_SPEAKING_ROLES))
        if report.tasks:
            sections.append(
                self.phrase("press.tasks", {"tasks": self.items(report.tasks)}, origins=SAME_NAME)
            )
        if conference.adopted:
            sections.append(
                self.phrase(
                    "press.adopted",
                    {"adopted": conference.adopted},
                    origins={"adopted": "conference.adopted"},
                )
            )
        targets = self.targets("press.targets")
        if targets:
            sections.append(targets)
        if report.conclusion:
            speaker = self.person(speakers[0]) if speakers else ""
            sections.append(
                self.phrase(
                    "press.conclusion",
                    {"conclusion": self.items(report.conclusion), "speaker": speaker},
                    {"has_speaker": bool(speakers)},
                    origins=SAME_NAME,
                )
            )
        photos = [
            Photo(
                file=photo.file,
                caption=finish(
                    self.phrase(
                        "press.caption",
                        {"caption": photo.caption},
                        {"has_file": photo.file is not None},
                    ),
                    self.style,
                    self.kept,
                ),
            )
            for photo in report.photos
        ]
        context: PressContext = {
            "headline": self.phrase("press.headline", {}),
            "lead": lead,
            "chair": self.phrase(
                "press.chair",
                {"chairs": chairs},
                {"chair_count": "one" if len(chairs) == 1 else "many"},
            )
            if chairs
            else "",
            "attendance": attendance,
            "sections": [section for section in sections if section],
            "byline": self.phrase("press.byline", {"byline": report.byline.model_dump()})
            if report.byline
            else "",
        }
        return finish(context, self.style, self.kept), photos

    # -- the documents ----------------------------------------------------------------------

    def resolution(self, profile: Profile) -> ResolutionContext:
        """Return the resolution's context for ``profile`` (``compose_resolution``)."""
        from drafter.compose_resolution import compose_resolution  # it builds on this class

        return compose_resolution(self, profile)


def document_properties(
    composer: Composer,
    kind: DocumentKind,
    profile: Profile | None = None,
    *,
    created: datetime | None = None,
) -> DocumentProperties:
    """Return the title, author and time written into a document's properties.

    The time is the conference's date unless ``created`` is given: the same data then
    gives the same bytes (a batch resumes by comparing them), and a document is dated as
    the meeting it records, not as the moment a computer printed it. The report's title and
    author are its own (a state report is the People's Committee's): ``profile`` says which.
    """
    report = composer.report
    if kind == "report":
        from drafter.compose_report import ReportComposer

        reporting = ReportComposer(composer, profile or _default_profile())
        title, author = reporting.phrase("report.title"), reporting.issuer_name()
    else:
        slot = "resolution.title" if kind == "resolution" else "press.headline"
        title, author = composer.phrase(slot, {}), report.issuer.name
    when = created or datetime.combine(report.conference.date, time())
    return DocumentProperties(
        title=finish(title, composer.style, composer.kept),
        author=finish(author, composer.style, composer.kept),
        created=when,
    )


def _default_profile() -> Profile:
    """Return the default format profile (a report's properties asked without one)."""
    from drafter.profiles import load_profile

    return load_profile()


def _count_facts(count: Count) -> dict[str, Any]:
    """Return the facts a count's phrase may test: what it counts, how many met, the change."""

    def some(number: int | None) -> str | None:
        return None if number is None else "some" if number > 0 else "none"

    if count.met is None:
        met = "total"
    else:
        met = "all" if count.met == count.total else "some" if count.met else "none"
    change = None
    if count.change is not None:
        change = "up" if count.change > 0 else "down" if count.change < 0 else "level"
    return {
        "kind": count.kind,
        "met": met,
        "exceeded": some(count.exceeded),
        "missed": some(count.missed),
        "change": change,
    }


def _fact(status: Status | None) -> str | None:
    """Return the phrasebank's name of a status: met, exceeded, missed."""
    return _STATUS_FACT[status] if status else None


def _is_verdict(indicator: Indicator, comparison: Comparison) -> bool:
    """Return True for a plan of a lower-is-better indicator: said by its verdict."""
    return indicator.better_lower() and comparison.kind in _PLAN_KINDS


def _indicator_form(indicator: Indicator) -> str:
    """Return how an indicator's sentence is built.

    ``reached`` (name, verb, value), ``share`` ("chiếm 40,5% …"), ``lower`` (a lower-is-better
    level: "giảm còn 2,15%"), ``bare`` (no value: the comparisons follow the name).
    """
    if indicator.value is None:
        return "bare"
    if indicator.verb in _SHARE_VERBS:
        return "share"
    return "lower" if indicator.better_lower() else "reached"
