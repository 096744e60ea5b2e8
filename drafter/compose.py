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
    Target,
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
        """Return "19/22 chỉ tiêu đạt và vượt, trong đó 13 chỉ tiêu vượt"."""
        noun = count.noun or str(self.bank.lexicon.get("count_noun", ""))
        compared = count.compared_to.name(short=True) if count.compared_to else ""
        variables = {"count": count.model_dump(), "noun": noun, "compared_to": compared}
        return self.phrase("common.count", variables, _count_facts(count))

    def comparison(self, indicator: Indicator, comparison: Comparison) -> str:
        """Return one comparison: "đạt 120,4% dự toán tỉnh giao", "kế hoạch 9,05%"."""
        percent = comparison.shown_percent(indicator.value)
        direction = None
        if comparison.kind == "change" and percent is not None:
            direction = "up" if percent > 0 else "down" if percent < 0 else "level"
        variables = {
            "comparison": comparison.model_dump(),
            "percent": percent,
            "unit": indicator.unit,
        }
        status = comparison.status(indicator.value, lower_is_better=indicator.lower_is_better)
        facts = {
            "kind": comparison.kind,
            "direction": direction,
            "status": _STATUS_FACT[status] if status else None,
            "lower_is_better": indicator.lower_is_better,
        }
        return self.phrase("common.comparison", variables, facts)

    def indicator(self, indicator: Indicator) -> str:
        """Return the whole sentence of one indicator with its comparisons."""
        brackets: list[str] = []
        comparisons: list[str] = []
        for comparison in indicator.comparisons:
            text = self.comparison(indicator, comparison)
            (brackets if comparison.kind in _BRACKETED else comparisons).append(text)
        cutoff = ""
        if indicator.cutoff is not None:
            cutoff = self.phrase(
                "common.cutoff",
                {"cutoff": indicator.cutoff.model_dump()},
                {"has_day": indicator.cutoff.day is not None},
            )
        estimate = ""
        if indicator.estimate is not None:
            estimate = self.phrase(
                "common.estimate",
                {"estimate": indicator.estimate.model_dump(), "unit": indicator.unit},
            )
        variables = {
            "ind": indicator.model_dump(),
            "brackets": brackets,
            "comparisons": comparisons,
            "cutoff": cutoff,
            "estimate": estimate,
        }
        status = indicator.final_status()
        facts = {
            "verb": indicator.verb,
            "qualifier": indicator.qualifier,
            "status": _STATUS_FACT[status] if status else None,
            "lower_is_better": indicator.lower_is_better,
        }
        return self.phrase("common.indicator", variables, facts)

    def target(self, target: Target) -> str:
        """Return one target: "tổng thu ngân sách đạt trên 520 tỷ đồng"."""
        return self.phrase(
            "common.target", {"target": target.model_dump()}, {"has_range": target.value is None}
        )

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
                    "counts": [self.count(count) for count in report.counts],
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
        if report.targets:
            targets = [self.target(target) for target in report.targets]
            sections.append(self.phrase("press.targets", {"targets": targets}))
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
                    "counts": [self.count(count) for count in report.counts],
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
        if report.targets:
            targets = [self.target(target) for target in report.targets]
            part2.append(self.phrase("resolution.targets", {"targets": targets}))
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
        title=finish(title, composer.style),
        author=finish(author, composer.style),
        created=when,
    )


def _default_profile() -> Profile:
    """Return the default format profile (a report's properties asked without one)."""
    from drafter.profiles import load_profile

    return load_profile()


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
    """Return the facts a count's phrase may test: how many met, exceeded, missed; the change."""

    def some(number: int | None) -> str | None:
        return None if number is None else "some" if number > 0 else "none"

    met = "all" if count.met == count.total else "some" if count.met else "none"
    change = None
    if count.change is not None:
        change = "up" if count.change > 0 else "down" if count.change < 0 else "level"
    return {
        "met": met,
        "exceeded": some(count.exceeded),
        "missed": some(count.missed),
        "change": change,
    }
