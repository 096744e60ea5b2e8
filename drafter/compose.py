"""Compose: turn a ``Report`` and the phrasebank into the ready text of each document.

This is the only place that decides wording. It gathers the facts the phrases test in their
conditions, renders the chosen phrases and hands the templates final strings, so that a
template never formats a number and never sees a missing value.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, TypeVar

from drafter import vietnamese as vi
from drafter.contexts import DocumentProperties, Part, Photo, PressContext, ResolutionContext
from drafter.errors import UserError
from drafter.models import (
    Comparison,
    Count,
    DocumentKind,
    FieldKey,
    Indicator,
    Person,
    Report,
    Status,
    Target,
    covers_the_year,
)
from drafter.phrasebank import Phrasebank
from drafter.profiles import Profile

_FIELD_ORDER: tuple[FieldKey, ...] = (
    "economy",
    "culture_society",
    "defence_security",
    "party_building",
)
_BRACKETED = ("plan", "target_range")
_PLAN_KINDS = ("share", "excess", "plan")
_SHARE_VERBS = ("chiếm", "ước chiếm")
_KEEP_SPACING = frozenset({"number_line"})
_STATUS_FACT = {"đạt": "met", "vượt": "exceeded", "chưa đạt": "missed"}
# Spaces before punctuation or after an opening bracket go, runs of spaces become one.
_UNTIDY = re.compile(r"\s+(?=[,.;:!?)\]])|(?<=[(\[])\s+|(?P<run>[ \t\u00a0]{2,})")
_UNTIDY_HINTS = (" ,", " .", " ;", " :", " !", " ?", " )", " ]", "( ", "[ ", "  ", "\t", "\u00a0")
_Value = TypeVar("_Value")


@dataclass(frozen=True)
class PhraseChoice:
    """One phrase compose asked for: the slot, the facts and variables it passed, the text."""

    slot: str
    facts: Mapping[str, Any]
    variables: Mapping[str, Any]
    text: str


PhraseObserver = Callable[[PhraseChoice], None]
"""Told of every phrase a ``Composer`` asks for, in order (the lint records them)."""


def tidy(text: str) -> str:
    """Return ``text`` with single spaces and no space before punctuation.

    Phrases are written by people; this is the last guard before a document.
    """
    if not any(hint in text for hint in _UNTIDY_HINTS):  # the usual case, at C speed
        return text.strip()
    return _UNTIDY.sub(_tidy_match, text).strip()


def _tidy_match(match: re.Match[str]) -> str:
    return " " if match.group("run") else ""


@functools.lru_cache(maxsize=4096)
def _finished_text(text: str, style: vi.ToneStyle) -> str:
    """Return ``text`` tidied and in tone ``style``; kept, as most strings recur across rows."""
    return vi.normalize_text(tidy(text), style)


def finish(value: _Value, style: vi.ToneStyle) -> _Value:
    """Return ``value`` with every string tidied and in tone ``style``, its shape kept.

    Done once per document rather than per phrase: nested phrases would be done twice.
    The number line keeps the run of spaces a draft leaves for the number.
    """
    done: _Value = _finish(value, style, "")
    return done


def _finish(value: Any, style: vi.ToneStyle, key: str) -> Any:
    """Return ``value`` finished as ``finish`` says; ``key`` is the name it is held under."""
    if isinstance(value, str):
        return value if key in _KEEP_SPACING else _finished_text(value, style)
    if isinstance(value, dict):
        return {name: _finish(item, style, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_finish(item, style, key) for item in value]
    return value


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
        self.whole_span = covers_the_year(report.period)  # a yearly plan is judged at year end
        following = report.period.following()
        self.base: dict[str, Any] = {
            "issuer": report.issuer.model_dump(),  # not the whole report: only these are read
            "conference": report.conference.model_dump(),
            "period": report.period.name(),
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
        phrasebank.check_variants(report.options.variants)
        self.base["body"] = self.phrase("common.body", {})
        self.base["body_full"] = self.phrase("common.body_full", {})

    # -- plumbing ---------------------------------------------------------------------------

    def phrase(
        self,
        slot: str,
        variables: Mapping[str, Any],
        facts: Mapping[str, Any] | None = None,
    ) -> str:
        """Return the phrase for ``slot``; ``finish`` tidies the whole document once."""
        all_facts = {**self.facts, **(facts or {})}
        all_variables = {**self.base, **variables}
        override = self.report.options.variants.get(slot)
        try:
            text = self.bank.phrase(slot, all_facts, all_variables, self.seed, override)
        except UserError:
            if self.fallback is None:
                raise
            text = self.fallback
        if self.observer is not None:
            self.observer(PhraseChoice(slot, all_facts, all_variables, text))
        return text

    # -- shared pieces ----------------------------------------------------------------------

    def person(self, person: Person) -> str:
        """Return "name, title, title"."""
        return self.phrase("common.person", {"person": person.model_dump()})

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
        targets = [self.target(target) for target in report.targets]
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
        """Return the results by field in the genre's order: economy first, Party building last."""
        names: Mapping[str, str] = self.bank.lexicon.get("field_name", {})
        ordered = sorted(self.report.results, key=lambda result: _FIELD_ORDER.index(result.field))
        return [
            {"key": result.field, "name": names[result.field], "points": result.items}
            for result in ordered
        ]

    def key_indicators(self, *, press: bool) -> list[str]:
        """Return the indicator sentences; the press summary keeps only the key ones."""
        return [
            self.indicator(indicator)
            for indicator in self.report.indicators
            if indicator.key or not press
        ]

    # -- the press summary ------------------------------------------------------------------

    def press(self) -> tuple[PressContext, list[Photo]]:
        """Return the press summary's context and its photos."""
        report = self.report
        conference = report.conference
        chairs = [self.person(person) for person in report.people_with("chair")]
        speakers = report.people_with("conclusion")
        sections = [
            self.phrase(
                "press.results",
                {
                    "documents": self.documents(official=False),
                    "counts": self.results_counts(),
                    "indicators": self.key_indicators(press=True),
                },
            )
        ]
        if report.results:
            sections.append(self.phrase("press.fields", {"fields": self.fields()}))
        if report.limitations:
            sections.append(
                self.phrase(
                    "press.limitations",
                    {"limitations": report.limitations, "causes": report.causes},
                )
            )
        sections.append(
            self.phrase(
                "press.discussion",
                {"discussion": report.discussion},
                {
                    "has_discussion": bool(report.discussion),
                    "has_drafts": bool(report.conference.adopted),  # "góp ý vào các dự thảo"
                },
            )
        )
        if report.tasks:
            sections.append(self.phrase("press.tasks", {"tasks": report.tasks}))
        if conference.adopted:
            sections.append(self.phrase("press.adopted", {"adopted": conference.adopted}))
        targets = self.targets("press.targets")
        if targets:
            sections.append(targets)
        if report.conclusion:
            speaker = self.person(speakers[0]) if speakers else ""
            sections.append(
                self.phrase(
                    "press.conclusion",
                    {"conclusion": report.conclusion, "speaker": speaker},
                    {"has_speaker": bool(speakers)},
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
                ),
            )
            for photo in report.photos
        ]
        context: PressContext = {
            "headline": self.phrase("press.headline", {}),
            "lead": self.phrase("press.lead", {}),
            "chair": self.phrase(
                "press.chair",
                {"chairs": chairs},
                {"chair_count": "one" if len(chairs) == 1 else "many"},
            )
            if chairs
            else "",
            "attendance": self.phrase("press.attendance", {"attendance": report.attendance})
            if report.attendance
            else "",
            "sections": sections,
            "byline": self.phrase("press.byline", {"byline": report.byline.model_dump()})
            if report.byline
            else "",
        }
        return finish(context, self.style), photos

    # -- the resolution ---------------------------------------------------------------------

    def resolution(self, profile: Profile) -> ResolutionContext:
        """Return the resolution's context; the profile gives the forms of number and signature."""
        report = self.report
        info = report.resolution
        draft_mark = profile.draft_mark_text(info.draft_round) if info.draft else ""
        number_line = profile.number_line(
            info.number, self.bank.lexicon["resolution_code"], report.issuer.code
        )
        body_short = self.bank.lexicon["body_short"][report.conference.body]
        authority = profile.authority_line(vi.upper_vi(body_short))
        date = report.resolution_date()
        part1 = [
            self.phrase(
                "resolution.assessment",
                {
                    "documents": self.documents(official=True),
                    "counts": self.results_counts(),
                    "indicators": self.key_indicators(press=False),
                },
            )
        ]
        part1 += [
            self.phrase("resolution.field", {"field": field}, {"field": field["key"]})
            for field in self.fields()
        ]
        if report.limitations:
            part1.append(
                self.phrase(
                    "resolution.limitations",
                    {"limitations": report.limitations, "causes": report.causes},
                )
            )
        part2 = []
        targets = self.targets("resolution.targets")
        if targets:
            part2.append(targets)
        part2 += [
            self.phrase("resolution.task", {"number": index, "task": task})
            for index, task in enumerate(report.tasks, start=1)
        ]
        if info.implementation:
            part3 = [
                self.phrase(
                    "resolution.implementation",
                    {"number": index, "item": item},
                    {"has_items": True},
                )
                for index, item in enumerate(info.implementation, start=1)
            ]
        else:
            part3 = [self.phrase("resolution.implementation", {}, {"has_items": False})]
        parts = [
            Part(heading=self.phrase("resolution.part1_heading", {}), paragraphs=part1, kept=0)
        ]
        if part2:
            parts.append(
                Part(heading=self.phrase("resolution.part2_heading", {}), paragraphs=part2, kept=0)
            )
        parts.append(
            Part(heading=self.phrase("resolution.part3_heading", {}), paragraphs=part3, kept=0)
        )
        parts = _keep_closing(parts, CLOSING_LINES)
        recipients = [profile.recipient_line(name) for name in info.recipients]
        recipients.append(profile.archive_line(self.phrase("resolution.archive", {})))
        signer = info.signer
        context: ResolutionContext = {
            "superior": vi.upper_vi(report.issuer.superior or "")
            if report.issuer.writes_superior()
            else "",
            "issuer": vi.upper_vi(report.issuer.name),
            "number_line": number_line,
            "date_line": vi.official_date_line(report.issuer.place, date),
            "draft_mark": draft_mark,
            "conference_line": self.phrase("resolution.conference_line", {}),
            "subject": info.subject or self.phrase("resolution.subject", {}),
            "opening": self.phrase("resolution.opening", {"date": vi.official_date(date)}),
            "parts": parts,
            "authority": authority,
            "signer_title": vi.upper_vi(
                signer.title if signer else self.bank.lexicon["default_signer_title"]
            ),
            "signer_name": signer.name if signer and signer.name else "",
            "recipients": recipients,
        }
        return finish(context, self.style)


def document_properties(
    composer: Composer, kind: DocumentKind, *, created: datetime | None = None
) -> DocumentProperties:
    """Return the title, author and time written into a document's properties.

    The time is the conference's date unless ``created`` is given: the same data then
    gives the same bytes (a batch resumes by comparing them), and a document is dated as
    the meeting it records, not as the moment a computer printed it.
    """
    slot = "resolution.title" if kind == "resolution" else "press.headline"
    title = composer.phrase(slot, {})
    report = composer.report
    when = created or datetime.combine(report.conference.date, time())
    return DocumentProperties(
        title=finish(title, composer.style),
        author=finish(report.issuer.name, composer.style),
        created=when,
    )


CLOSING_LINES = 2
"""How many body paragraphs before the signature keep with it (and so with each other)."""


def _keep_closing(parts: list[Part], lines: int) -> list[Part]:
    """Return ``parts`` with the last ``lines`` paragraphs of the body marked to keep together.

    Counted from the end across parts (a heading keeps with its first paragraph by its style),
    so the signature never stands on a page without the body's last lines above it.
    """
    marked: list[Part] = []
    left = lines
    for part in reversed(parts):
        kept = min(left, len(part["paragraphs"]))
        left -= kept
        marked.append(Part(heading=part["heading"], paragraphs=part["paragraphs"], kept=kept))
    return marked[::-1]


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
