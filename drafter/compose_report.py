"""Compose the period report (báo cáo) and its appendix table of indicators.

The wording is the phrasebank's (``report.*`` slots) and the indicators read as they do in
the resolution (``Composer.indicator``, ``count``, ``target``, ``documents``); the figures of
the appendix are the model's own (``Comparison.shown_percent``, ``Indicator.status_in``),
formatted by ``vietnamese``, never recomputed here. The same tally of statuses gives the
sentence of the text and the line under the table, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from drafter import vietnamese as vi
from drafter.compose import _FIELD_ORDER, Composer, own_archive
from drafter.contexts import AppendixRow, Block, ReportContext
from drafter.models import (
    Comparison,
    FieldKey,
    Indicator,
    PeriodRef,
    Report,
    Status,
    covers_the_year,
)
from drafter.profiles import Profile, ReportProfile
from drafter.typed import finish

DASH = "–"
"""What a cell says when the data gives no figure for it (its note says why)."""
RANGE = "-"
"""Between the ends of a planned range, as the text writes it ("10-11")."""
STATUS_FACTS: Mapping[Status | None, str | None] = {
    "đạt": "met",
    "vượt": "exceeded",
    "chưa đạt": "missed",
    None: None,
}
_PLAN_KINDS = ("share", "excess", "plan")
STATE_RECIPIENTS = ("committee", "council", "members")
"""The lines of a state report's recipients when the data names none (``report.state_recipient``):
the committee of the Party, the People's Council, the Committee's leaders."""
CLOSING_BLOCKS = 1
"""How many body paragraphs before the signature keep with it (the closing sentence)."""


@dataclass(frozen=True)
class Tally:
    """How many indicators of the appendix are of each status: one count for text and table."""

    total: int
    exceeded: int
    met: int
    missed: int
    not_assessed: int

    @classmethod
    def of(cls, statuses: Sequence[Status | None]) -> Tally:
        """Return the tally of ``statuses`` (one per indicator of the appendix)."""
        return cls(
            total=len(statuses),
            exceeded=statuses.count("vượt"),
            met=statuses.count("đạt"),
            missed=statuses.count("chưa đạt"),
            not_assessed=statuses.count(None),
        )


@dataclass(frozen=True)
class Figures:
    """The appendix figures of one indicator, as the model gives them (not yet formatted)."""

    plan: Comparison | None
    change: Comparison | None
    status: Status | None

    @classmethod
    def of(cls, indicator: Indicator, period: PeriodRef) -> Figures:
        """Return the comparison against the plan, the one against the same period, and the
        status the model gives for ``period`` (a yearly plan is judged at year end)."""
        plan = next(
            (c for c in indicator.comparisons if c.kind in (*_PLAN_KINDS, "target_range")), None
        )
        change = next((c for c in indicator.comparisons if c.kind == "change"), None)
        return cls(plan, change, indicator.status_in(period))


class ReportComposer:
    """Compose the report of one conference in one profile (Party or state)."""

    def __init__(self, composer: Composer, profile: Profile) -> None:
        self.composer = composer
        self.report: Report = composer.report
        self.profile = profile
        section = profile.for_report().report
        assert section is not None  # for_report raises when the profile has none
        self.section: ReportProfile = section
        self.state = profile.kind == "state"
        self.reporter = self.phrase("report.reporter")
        self.reporter_full = self.phrase("report.reporter_full")
        self.figures = [
            Figures.of(indicator, self.report.period) for indicator in self.report.indicators
        ]
        self.tally = Tally.of([figures.status for figures in self.figures])

    def phrase(self, slot: str, variables: Mapping[str, Any] | None = None, **facts: Any) -> str:
        """Return the phrase for a report slot; each knows whether the report is the state's."""
        return self.composer.phrase(slot, variables or {}, {"state": self.state, **facts})

    def mark(self, number: int, *, roman: bool = False) -> str:
        """Return a heading's or a task's number in the profile's form ("II-", "3.")."""
        shown = vi.roman(number) if roman else str(number)
        return self.section.texts.heading_number.format(number=shown)

    # -- the whole context ----------------------------------------------------------------

    def context(self) -> ReportContext:
        """Return the report's context: header, body blocks, signature and appendix."""
        report = self.report
        info = report.period_report
        texts = self.section.texts
        date = report.period_report_date()
        rows, notes = self.appendix()
        context: ReportContext = {
            "superior": self.superior(),
            "issuer": self.issuer_lines(),
            "number_line": self.profile.number_line(
                info.number, texts.type_code, self.issuer_code()
            ),
            "date_line": vi.official_date_line(report.issuer.place, date),
            "draft_mark": self.profile.draft_mark_text() if info.draft else "",
            "subject": self.phrase("report.subject"),
            "blocks": _keep_closing(self.blocks(), CLOSING_BLOCKS),
            "authority": self.profile.authority_line(texts.authority_body),
            "signer_title": vi.upper_vi(self.signer_title()),
            "signer_name": self.signer_name(),
            "recipients": self.recipients(),
            "appendix_title": self.phrase("report.appendix_title"),
            "appendix_subtitle": self.phrase(
                "report.appendix_subtitle",
                {
                    "symbol": "" if info.number is None else self.symbol(info.number),
                    "date": vi.official_date(date),
                    "reporter_full": self.reporter_full,
                },
            ),
            "rows": rows,
            "tally": self.phrase("report.appendix_tally", {"tally": asdict(self.tally)})
            if rows
            else "",
            "notes": notes,
        }
        return finish(context, self.composer.style)

    # -- header and signature -------------------------------------------------------------

    def superior(self) -> str:
        """Return the line above the issuer: the Party superior; a state report writes none."""
        issuer = self.report.issuer
        if self.state or not issuer.writes_superior():
            return ""
        return vi.upper_vi(issuer.superior or "")

    def issuer_name(self) -> str:
        """Return who issues the report: the committee, or the People's Committee (state)."""
        return self.reporter_full if self.state else self.report.issuer.name

    def issuer_lines(self) -> str:
        """Return the issuer in capitals; the People's Committee's on two lines, as written."""
        name = self.issuer_name()
        body = str(self.composer.bank.lexicon.get("state_body", ""))
        if self.state and body and name.startswith(body):
            return f"{vi.upper_vi(body)}\n{vi.upper_vi(name.removeprefix(body).strip())}"
        return vi.upper_vi(name)

    def issuer_code(self) -> str:
        """Return the issuer's symbol in the number: the profile's ("UBND"), else the committee's
        (HU, TU, ĐU)."""
        return self.section.texts.issuer_code or self.report.issuer.code

    def symbol(self, number: int) -> str:
        """Return the number and symbol without the "Số" ("45-BC/HU"), as cited in the text."""
        line = self.profile.number_line(number, self.section.texts.type_code, self.issuer_code())
        prefix = self.profile.forms.number.pattern.split("{number}", 1)[0]
        return line.removeprefix(prefix).strip()

    def signer_title(self) -> str:
        """Return who signs: the report's signer, else the resolution's (Party), else a default."""
        signer = self.report.period_report.signer
        if signer is not None:
            return signer.title
        if self.state:
            return self.phrase("report.signer_title")
        resolution = self.report.resolution.signer
        if resolution is not None:
            return resolution.title
        return str(self.composer.bank.lexicon["default_signer_title"])

    def signer_name(self) -> str:
        """Return the signer's name when the data gives it (a draft may leave it out)."""
        signer = self.report.period_report.signer
        if signer is None and not self.state:
            signer = self.report.resolution.signer
        return signer.name if signer is not None and signer.name else ""

    def recipients(self) -> list[str]:
        """Return the recipients lines, the last naming where the original is filed."""
        names = list(self.report.period_report.recipients)
        if not names and self.state:
            names = [self.phrase("report.state_recipient", line=line) for line in STATE_RECIPIENTS]
        elif not names:
            names = list(self.report.resolution.recipients)
        own = own_archive(names, self.composer.bank.lexicon["archive_opener"])
        if own is not None:  # the data's own "Lưu …" line is the last
            return [
                *(self.profile.recipient_line(name) for name in names[:-1]),
                self.profile.own_archive_line(own),
            ]
        recipients = [self.profile.recipient_line(name) for name in names]
        recipients.append(self.profile.archive_line(self.phrase("report.archive")))
        return recipients

    # -- the body -------------------------------------------------------------------------

    def blocks(self) -> list[Block]:
        """Return the body: opening, part one (results, limitations), part two, closing."""
        report = self.report
        blocks = [
            _block(
                "body",
                self.phrase(
                    "report.opening",
                    {
                        "documents": self.composer.documents(official=True),
                        "reporter": self.reporter,
                    },
                    has_documents=bool(report.documents),
                ),
            )
        ]
        blocks += self.part(1, self.phrase("report.part1_heading"))
        headings = [self.phrase("report.results_heading")]
        blocks.append(_block("heading", f"{self.mark(1, roman=True)} {headings[0]}"))
        blocks.append(_block("body", self.overview()))
        blocks += self.fields()
        blocks += self.limitations()
        following = self.next_period()
        if following:  # without targets or tasks there is no part two to head
            blocks += self.part(2, self.phrase("report.part2_heading")) + following
        closing = self.phrase("report.closing", {"reporter_full": self.reporter_full})
        blocks.append(_block("body", closing))
        return blocks

    def part(self, number: int, title: str) -> list[Block]:
        """Return a part's two heading lines: "Phần thứ nhất" and its title."""
        label = self.phrase("report.part_label", {"number": number})
        return [_block("part", label), _block("part", title)]

    def overview(self) -> str:
        """Return the opening paragraph of the results: counts, the appendix's tally, others."""
        report = self.report
        others = [
            self.composer.indicator(indicator)
            for indicator in report.indicators
            if indicator.field is None
        ]
        tally = self.phrase("report.tally", {"tally": asdict(self.tally)}) if self.figures else ""
        return self.phrase(
            "report.overview",
            {
                "counts": [self.composer.count(count) for count in report.counts],
                "tally": tally,
                "indicators": others,
                "reporter": self.reporter,
            },
        )

    def fields(self) -> list[Block]:
        """Return each field's heading and paragraph: its indicators, then its results."""
        names: Mapping[str, str] = self.composer.bank.lexicon.get("field_name", {})
        results = {field["key"]: field for field in self.composer.fields()}
        blocks: list[Block] = []
        number = 0
        for key in _field_order():
            indicators = [i for i in self.report.indicators if i.field == key]
            if key not in results and not indicators:
                continue
            field = results.get(key) or {"key": key, "name": names[key], "points": []}
            number += 1
            heading = self.phrase("report.field_heading", {"field": field}, field=key)
            blocks.append(_block("subheading", f"{self.mark(number)} {heading}"))
            sentences = [self.composer.indicator(indicator) for indicator in indicators]
            text = self.phrase("report.field", {"field": field, "indicators": sentences}, field=key)
            blocks.append(_block("body", text))
        return blocks

    def limitations(self) -> list[Block]:
        """Return part one's second section: limitations and, when given, their causes."""
        report = self.report
        if not report.limitations:
            return []
        has_causes = bool(report.causes)
        heading = self.phrase("report.limitations_heading", has_causes=has_causes)
        blocks = [_block("heading", f"{self.mark(2, roman=True)} {heading}")]
        text = self.phrase("report.limitations", {"limitations": report.limitations})
        if not has_causes:
            return [*blocks, _block("body", text)]
        sub = self.phrase("report.limitations_subheading")
        causes_sub = self.phrase("report.causes_subheading")
        causes = self.phrase("report.causes", {"causes": report.causes})
        return [
            *blocks,
            _block("subheading", f"{self.mark(1)} {sub}"),
            _block("body", text),
            _block("subheading", f"{self.mark(2)} {causes_sub}"),
            _block("body", causes),
        ]

    def next_period(self) -> list[Block]:
        """Return part two: the targets (when given), then the numbered tasks."""
        report = self.report
        blocks: list[Block] = []
        number = 0
        if report.targets:
            number += 1
            heading = self.phrase("report.targets_heading")
            targets = [self.composer.target(target) for target in report.targets]
            blocks.append(_block("heading", f"{self.mark(number, roman=True)} {heading}"))
            blocks.append(_block("body", self.phrase("report.targets", {"targets": targets})))
        if report.tasks:
            number += 1
            heading = self.phrase("report.tasks_heading")
            blocks.append(_block("heading", f"{self.mark(number, roman=True)} {heading}"))
            for index, task in enumerate(report.tasks, start=1):
                text = self.phrase("report.task", {"task": task})
                blocks.append(_block("body", f"{self.mark(index)} {text}"))
        return blocks

    # -- the appendix ---------------------------------------------------------------------

    def appendix(self) -> tuple[list[AppendixRow], list[str]]:
        """Return the appendix rows, grouped by field, and the notes under the table."""
        groups: dict[str | None, list[tuple[Indicator, Figures]]] = {}
        for indicator, figures in zip(self.report.indicators, self.figures, strict=True):
            groups.setdefault(indicator.field, []).append((indicator, figures))
        names: Mapping[str, str] = self.composer.bank.lexicon.get("field_name", {})
        other = str(self.composer.bank.lexicon.get("appendix_other_group", ""))
        rows: list[AppendixRow] = []
        notes: list[str] = []
        number = 0
        order: list[str | None] = [*_field_order(), None]
        for group_number, key in enumerate((k for k in order if k in groups), start=1):
            name = names[key] if key is not None else other
            rows.append(_group(vi.roman(group_number), vi.capitalize_first(name)))
            for indicator, figures in groups[key]:
                number += 1
                row, reasons = self.row(number, indicator, figures)
                if reasons:
                    mark = len(notes) + 1
                    row["name"] = f"{row['name']} ({mark})"
                    notes.append(
                        self.phrase(
                            "report.note",
                            {"mark": mark, "name": indicator.name, "reasons": reasons},
                        )
                    )
                rows.append(row)
        if any(row["change"] == DASH for row in rows if not row["group"]):
            notes.append(self.phrase("report.change_note"))
        return rows, notes

    def row(
        self, number: int, indicator: Indicator, figures: Figures
    ) -> tuple[AppendixRow, list[str]]:
        """Return one indicator's row and the reasons of the cells that give no figure."""
        reasons: list[str] = []
        plan, ratio = DASH, DASH
        comparison = figures.plan
        if comparison is not None:
            plan, ratio, reason = _plan_cells(comparison, indicator.value)
            if reason is not None:
                reasons.append(self.reason(reason, indicator, comparison))
        if indicator.value is None:
            reasons.append(self.reason("no_value", indicator, comparison))
        if figures.status is None:
            reasons.append(self.reason(self.unjudged(comparison), indicator, comparison))
        change = DASH
        if figures.change is not None:
            change = self.change_cell(indicator, figures.change)
        row = AppendixRow(
            group=False,
            number=str(number),
            name=vi.capitalize_first(indicator.name),
            unit=indicator.unit or "",
            plan=plan,
            actual=DASH if indicator.value is None else vi.format_number(indicator.value),
            plan_ratio=ratio,
            change=change,
            status=self.phrase("report.status", status=STATUS_FACTS[figures.status]),
        )
        return row, reasons

    def unjudged(self, comparison: Comparison | None) -> str:
        """Return why an indicator has no status: no plan, or a yearly plan not yet due."""
        if comparison is None or covers_the_year(self.report.period):
            return "no_plan"
        return "no_plan" if comparison.span == "period" else "part_of_year"

    def change_cell(self, indicator: Indicator, change: Comparison) -> str:
        """Return the change on the same period: "+9,7" (%), or "-0,87 điểm %" for a rate and
        "+130 ha" for an amount, as the sentences write them."""
        rate = indicator.is_rate()
        shown = change.shown_change(indicator.value, rate=rate)
        if shown is None:
            return DASH
        if change.measure(rate=rate) == "percent":
            return f"{_signed(shown)}%"
        unit = self.phrase("report.points") if rate else (change.unit or indicator.unit or "")
        return f"{_signed(shown)} {unit}".strip()

    def reason(self, reason: str, indicator: Indicator, comparison: Comparison | None) -> str:
        """Return why a cell gives no figure, in the phrasebank's words."""
        percent = comparison.shown_percent(indicator.value) if comparison is not None else None
        variables = {
            "comparison": comparison.model_dump() if comparison is not None else {},
            "percent": percent,
            "unit": indicator.unit or "",
        }
        return self.phrase("report.reason", variables, reason=reason)


def _plan_cells(comparison: Comparison, value: Decimal | None) -> tuple[str, str, str | None]:
    """Return the plan cell, the share-of-plan cell and why one of them is empty (or None)."""
    if comparison.kind == "target_range":
        assert comparison.low is not None and comparison.high is not None
        plan = f"{vi.format_number(comparison.low)}{RANGE}{vi.format_number(comparison.high)}"
        return plan, DASH, "range"
    plan = DASH if comparison.base_value is None else vi.format_number(comparison.base_value)
    if comparison.limit is not None and comparison.base_value is not None:
        plan = f"{comparison.limit} {plan}"  # "dưới 3", "không quá 15": the plan is a bound
    if comparison.kind == "plan":
        return plan, DASH, "rate_plan"
    if comparison.kind == "excess":
        return plan, DASH, "excess"
    shown = comparison.shown_percent(value)
    ratio = DASH if shown is None else vi.format_number(shown)
    return plan, ratio, "no_plan_value" if comparison.base_value is None else None


def _signed(percent: Decimal) -> str:
    """Return a change with its sign: "+9,7", "-1,23", "0"."""
    sign = "+" if percent > 0 else "-" if percent < 0 else ""
    return sign + vi.format_number(abs(percent))


def _block(kind: str, text: str) -> Block:
    return Block(kind=kind, text=text, kept=False)


def _group(number: str, name: str) -> AppendixRow:
    """Return a field's group row: its Roman number and name, no figures."""
    return AppendixRow(
        group=True,
        number=number,
        name=name,
        unit="",
        plan="",
        actual="",
        plan_ratio="",
        change="",
        status="",
    )


def _field_order() -> tuple[FieldKey, ...]:
    """Return the fields in the genre's order (economy first, Party building last)."""
    return _FIELD_ORDER


def _keep_closing(blocks: list[Block], count: int) -> list[Block]:
    """Return ``blocks`` with the last ``count`` kept with the signature that follows."""
    kept = len(blocks) - count
    return [Block(kind=b["kind"], text=b["text"], kept=i >= kept) for i, b in enumerate(blocks)]


def compose_report(composer: Composer, profile: Profile) -> ReportContext:
    """Return the report's context for ``profile``: the one entry point of this module."""
    return ReportComposer(composer, profile).context()


__all__ = ["DASH", "Figures", "ReportComposer", "Tally", "compose_report"]
