"""The indicators section: each indicator's form, its target and ratio, and its extras.

An indicator's figure is asked with its unit, then the target it is compared with (a number or
a percentage already known), and the ratio is shown at once. The optional figures (the same
period last year, the cut-off, the estimate for the whole year) wait behind one yes/no
question. Indicators kept by ``--from`` only ask this period's figure. The count of indicators
met closes the section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from drafter import models, phrasebank
from drafter import vietnamese as vi
from drafter.models.directions import inferred_lower_is_better
from drafter.wizard.engine import Engine, shown
from drafter.wizard.state import field_problems, model_problems
from drafter.wizard.texts import Texts

EXTRAS = ("previous", "cutoff", "estimate_value", "estimate_scope", "estimate_qualifier")
"""The optional questions of an indicator behind one "Thêm số liệu …?" confirm."""
_SHARE_KINDS = ("share", "excess")
# A cut-off typed the Vietnamese way: "(tính đến hết) ngày 22/11/2023", "tháng 5/2017", "5/2017".
_CUTOFF_PREFIX = re.compile(r"^(?:tính\s+)?(?:đến\s+)?(?:hết\s+)?")
_CUTOFF_MONTH = re.compile(
    rf"^(?:{vi.WORD_MONTH}\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}))?|(\d{{1,2}})\s*/\s*(\d{{4}}))$"
)
_CUTOFF_DAY = re.compile(
    rf"^(?:{vi.WORD_DAY}\s*)?(\d{{1,2}})\s*/\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}))?$"
)


class IndicatorForm:
    """The questions of the indicators section, asked through one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def section(self) -> None:
        """Ask the indicators kept from last period, the menu of indicators and the count."""
        engine = self.engine
        indicators: list[dict[str, Any]] = engine.state.setdefault("indicators", [])
        pending = engine.progress.get("pending", [])
        if not engine.done("indicators.menu"):
            engine.heading("indicators")
        if pending and not engine.done("indicators.carried"):
            engine.prompter.say(engine.texts.q("indicators.carried").prompt)
            for index in pending:
                if index < len(indicators):
                    self.carried(indicators[index], index)
            engine.mark("indicators.carried")
        engine.menu("indicators", indicators, self.form, indicator_label, rare=False)
        if not indicators:
            engine.state.pop("indicators", None)
        self.ask_count()

    def carried(self, indicator: dict[str, Any], index: int) -> None:
        """Ask this period's figure of an indicator kept from the last period."""
        engine = self.engine
        answered = engine.progress["answered"]
        qid = f"indicators.value.{index}"
        if qid not in answered or engine.force:
            unit = f" ({indicator['unit']})" if indicator.get("unit") else ""
            message = engine.texts.msg("carried_value", name=indicator["name"]) + unit
            question = engine.texts.q("indicators.value")
            indicator["value"] = engine.prompt(question, indicator.get("value"), indicator, message)
            answered.append(qid)
            engine.save()
        comparison = main_comparison(indicator)
        if (
            comparison is not None
            and "base_value" not in comparison
            and "percent" not in comparison
        ):
            self.ask_target(indicator, answered, f"indicators.target.{index}")
        self.show_ratio(indicator)
        hinted = index in engine.progress.get("extras", [])
        self.extras(indicator, answered, f".{index}", hinted=hinted)

    def form(self, indicator: dict[str, Any], answered: list[str]) -> None:
        """Ask the questions of one indicator; the ratio and status appear at the end."""
        engine = self.engine
        for name in ("name", "field", "verb", "qualifier", "value", "unit"):
            engine.ask(f"indicators.{name}", indicator, name, progress=answered)
        self.ask_direction(indicator, answered)
        comparison = main_comparison(indicator)
        holder = dict(comparison or {"kind": "share"})
        base = engine.ask("indicators.base", holder, "base", progress=answered, context=holder)
        if base is None:
            if comparison is not None:
                indicator["comparisons"].remove(comparison)
                if not indicator["comparisons"]:
                    del indicator["comparisons"]
            engine.save()
        else:
            set_main_comparison(indicator, holder)
            engine.save()
            self.ask_target(indicator, answered, "indicators.target")
            self.show_ratio(indicator)
        self.extras(indicator, answered)

    def ask_direction(self, indicator: dict[str, Any], answered: list[str]) -> None:
        """Ask whether lower is better; the usual rates (tỷ lệ hộ nghèo…) are proposed as such."""
        engine = self.engine
        qid = "indicators.lower_is_better"
        if qid in answered and not engine.force:
            return
        name = str(indicator.get("name", ""))
        if indicator.get("lower_is_better") is None:
            inferred = inferred_lower_is_better(name)
            if inferred:
                engine.say("direction_inferred", name=name)
            indicator["lower_is_better"] = inferred
        engine.ask(qid, indicator, "lower_is_better", progress=answered)

    # -- the target and the ratio ---------------------------------------------------------

    def ask_target(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the target (a number) or the percentage already known of the main comparison."""
        comparison = main_comparison(indicator)
        assert comparison is not None
        if qid in answered and not self.engine.force:
            return
        current = comparison.get("base_value")
        if current is None and comparison.get("percent") is not None:
            current = f"{comparison['percent']}%"

        def check(answer: str) -> str | None:
            trial = with_target(comparison, answer)
            reasons = figure_problems(trial)
            if reasons:
                return "; ".join(reasons)
            return indicator_problem(indicator, replaced_comparisons(indicator, comparison, trial))

        question = self.engine.texts.q("indicators.target")
        answer = self.engine.ask_text(question, shown(current), check)
        indicator["comparisons"] = replaced_comparisons(
            indicator, comparison, with_target(comparison, answer)
        )
        answered.append(qid)
        self.engine.save()

    def show_ratio(self, indicator: Mapping[str, Any]) -> None:
        """Show the ratio line (``ratio_text``) once value and target are known."""
        text = ratio_text(self.engine.texts, indicator, whole_span=self.whole_span())
        if text:
            self.engine.prompter.say(text)

    def whole_span(self) -> bool:
        """Return True unless the period answered so far is only part of the plan's year."""
        return covers_a_whole_year(self.engine.state)

    # -- the optional figures -------------------------------------------------------------

    def extras(
        self,
        indicator: dict[str, Any],
        answered: list[str],
        suffix: str = "",
        *,
        hinted: bool = False,
    ) -> None:
        """Ask, behind one confirm, the same period last year, the cut-off and the estimate."""
        ids = [f"indicators.{name}{suffix}" for name in EXTRAS]
        if not self._want_extras(indicator, answered, f"indicators.extras{suffix}", hinted):
            drop_change(indicator)
            indicator.pop("cutoff", None)
            indicator.pop("estimate", None)
            answered.extend(i for i in ids if i not in answered)
            self.engine.save()
            return
        self.ask_previous(indicator, answered, ids[0])
        self.ask_cutoff(indicator, answered, ids[1])
        self.ask_estimate(indicator, answered, ids[2:])

    def _want_extras(
        self, indicator: Mapping[str, Any], answered: list[str], qid: str, hinted: bool
    ) -> bool:
        """Return whether the clerk gives the optional figures (True when answered before)."""
        engine = self.engine
        if qid in answered and not engine.force:
            return True
        has = hinted or bool(
            change_of(indicator) or indicator.get("cutoff") or indicator.get("estimate")
        )
        wanted = engine.prompter.ask_confirm(
            engine.texts.q("indicators.extras").prompt,
            default=has,
            instruction=engine.confirm_instruction(has),
        )
        if qid not in answered:
            answered.append(qid)
        if wanted:
            engine.save()
        return wanted

    def same_period_base(self) -> str:
        """Return the base of the change comparison: "cùng kỳ năm 2022" (a year: "năm 2022")."""
        period = self.engine.state.get("period", {})
        year = period.get("year")
        return phrasebank.same_period_base(
            year if isinstance(year, int) else None, whole_year=period.get("kind") == "year"
        )

    def ask_previous(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the figure of the same period last year (or the change already known, "8,6%")."""
        if qid in answered and not self.engine.force:
            return
        holder = dict(change_of(indicator) or {"kind": "change"})
        holder["base"] = holder.get("base") or self.same_period_base()
        current = holder.get("base_value")
        if current is None and holder.get("percent") is not None:
            current = f"{holder['percent']}%"

        def check(answer: str) -> str | None:
            if not answer.strip():
                return None
            trial = with_target(holder, answer)
            reasons = figure_problems(trial) or model_problems(models.Comparison, trial)
            if reasons:
                return "; ".join(reasons)
            return indicator_problem(indicator, with_change(indicator, trial))

        question = self.engine.texts.q("indicators.previous")
        message = question.prompt.format(base=holder["base"])
        answer = self.engine.ask_text(question, shown(current), check, message)
        if answer.strip():
            indicator["comparisons"] = with_change(indicator, with_target(holder, answer))
        else:
            drop_change(indicator)
        if qid not in answered:
            answered.append(qid)
        self.engine.save()
        self.show_change(indicator)

    def show_change(self, indicator: Mapping[str, Any]) -> None:
        """Show the change line (``change_text``) once both figures are known."""
        text = change_text(self.engine.texts, indicator)
        if text:
            self.engine.prompter.say(text)

    def ask_cutoff(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the day or month the figure is counted up to: "22/11", "tháng 5/2017"."""
        if qid in answered and not self.engine.force:
            return
        question = self.engine.texts.q("indicators.cutoff")
        default = cutoff_text(indicator.get("cutoff"))
        cutoff = parse_cutoff(self.engine.ask_text(question, default, self.cutoff_check))
        if cutoff is None:
            indicator.pop("cutoff", None)
        else:
            indicator["cutoff"] = cutoff
        if qid not in answered:
            answered.append(qid)
        self.engine.save()

    def cutoff_check(self, answer: str) -> str | None:
        """Return why a typed cut-off is refused: its form, the calendar, after the meeting."""
        if not answer.strip():
            return None
        texts = self.engine.texts
        try:
            cutoff = parse_cutoff(answer)
        except ValueError as error:
            return str(error)
        if cutoff is None:
            return texts.msg("cutoff_format")
        if not 1 <= cutoff["month"] <= 12:
            return texts.msg("cutoff_month", month=cutoff["month"])
        if cutoff.get("day") is not None and not 1 <= cutoff["day"] <= 31:
            return texts.msg("cutoff_day", day=cutoff["day"])
        problems = model_problems(models.Cutoff, cutoff)
        if problems:
            return "; ".join(problems)
        held = self.engine.state.get("conference", {}).get("date")
        if held and cutoff.get("year") is not None:
            start = date(cutoff["year"], cutoff["month"], cutoff.get("day") or 1)
            if start > date.fromisoformat(held):
                return texts.msg(
                    "cutoff_after",
                    cutoff=cutoff_text(cutoff),
                    held=vi.short_date(date.fromisoformat(held)),
                )
        return None

    def ask_estimate(self, indicator: dict[str, Any], answered: list[str], ids: list[str]) -> None:
        """Ask the estimate for the whole year: its value, then its scope and qualifier."""
        engine = self.engine
        if ids[0] in answered and not engine.force and "estimate" not in indicator:
            return
        estimate: dict[str, Any] = indicator.setdefault("estimate", {})
        engine.ask("indicators.estimate_value", estimate, "value", progress=answered, pid=ids[0])
        if "value" not in estimate:
            indicator.pop("estimate", None)
            answered.extend(i for i in ids[1:] if i not in answered)
            engine.save()
            return
        for name, pid in zip(("scope", "qualifier"), ids[1:], strict=True):
            engine.ask(f"indicators.estimate_{name}", estimate, name, progress=answered, pid=pid)

    # -- the count ------------------------------------------------------------------------

    def ask_count(self) -> None:
        """Ask "met/total" of the period's indicators."""
        engine = self.engine
        if engine.done("counts.main"):
            return
        counts: list[dict[str, Any]] = engine.state.get("counts", [])
        first = counts[0] if counts else {}
        current = f"{first.get('met')}/{first.get('total')}" if counts else ""

        def check(answer: str) -> str | None:
            if not answer.strip():
                return None
            parsed = parse_count(answer)
            if parsed is None:
                return engine.texts.msg("count_format")
            return "; ".join(model_problems(models.Count, {**first, **parsed})) or None

        parsed = parse_count(engine.ask_text(engine.texts.q("counts.main"), current, check))
        if parsed is None:
            engine.state.pop("counts", None)
        else:
            engine.state["counts"] = [{**first, **parsed}, *counts[1:]]
        engine.mark("counts.main")


def indicator_label(indicator: Mapping[str, Any]) -> str:
    """Return "thu ngân sách: 35,8 tỷ đồng" for the menu and the review."""
    value = indicator.get("value", "?")
    unit = f" {indicator['unit']}" if indicator.get("unit") else ""
    return f"{indicator.get('name', '?')}: {value}{unit}"


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------


def main_comparison(indicator: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the indicator's first comparison with a target (a share or an excess)."""
    for comparison in indicator.get("comparisons", []):
        if comparison.get("kind") in _SHARE_KINDS:
            result: dict[str, Any] = comparison
            return result
    return None


def set_main_comparison(indicator: dict[str, Any], comparison: dict[str, Any]) -> None:
    """Put ``comparison`` in place of the main comparison (or first, when there is none)."""
    current = main_comparison(indicator)
    comparisons = indicator.setdefault("comparisons", [])
    if current is None:
        comparisons.insert(0, comparison)
    else:
        comparisons[comparisons.index(current)] = comparison


def replaced_comparisons(
    indicator: Mapping[str, Any], old: Mapping[str, Any], new: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return the indicator's comparisons with ``new`` in place of ``old``."""
    return [new if comparison is old else comparison for comparison in indicator["comparisons"]]


def change_of(indicator: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the indicator's first "change" comparison (against the same period last year)."""
    for comparison in indicator.get("comparisons", []):
        if comparison.get("kind") == "change":
            result: dict[str, Any] = comparison
            return result
    return None


def with_change(indicator: Mapping[str, Any], change: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the comparisons with ``change`` in place of the first change (or added last)."""
    comparisons = list(indicator.get("comparisons", []))
    current = change_of(indicator)
    if current is None:
        return [*comparisons, change]
    return [change if comparison is current else comparison for comparison in comparisons]


def drop_change(indicator: dict[str, Any]) -> None:
    """Remove the indicator's change comparison (and the comparisons key, when left empty)."""
    current = change_of(indicator)
    if current is not None:
        indicator["comparisons"].remove(current)
        if not indicator["comparisons"]:
            del indicator["comparisons"]


def with_target(comparison: Mapping[str, Any], answer: str) -> dict[str, Any]:
    """Return ``comparison`` with the typed target: "29,7" a base value, "120,4%" a percentage."""
    updated = {k: v for k, v in comparison.items() if k not in ("base_value", "percent")}
    text = models.clean_text(answer) if answer.strip() else ""
    if text.endswith("%"):
        try:
            percent = vi.parse_percent(text)
        except vi.VietnameseInputError:
            updated["percent"] = text
        else:
            updated["percent"] = _decimal_text(percent)
    elif text:
        updated["base_value"] = text
    return updated


def figure_problems(comparison: Mapping[str, Any]) -> list[str]:
    """Return why the typed figure of ``comparison`` is refused (as percentage or base value)."""
    return field_problems(models.Comparison, comparison, "percent") + field_problems(
        models.Comparison, comparison, "base_value"
    )


def indicator_problem(
    indicator: Mapping[str, Any], comparisons: list[dict[str, Any]]
) -> str | None:
    """Return why the indicator with ``comparisons`` is refused, once its value is typed."""
    problems = model_problems(models.Indicator, dict(indicator, comparisons=comparisons))
    return "; ".join(problems) if problems and "value" in indicator else None


def ratio_text(texts: Texts, indicator: Mapping[str, Any], *, whole_span: bool) -> str:
    """Return "→ đạt 120,4% dự toán tỉnh giao (vượt)", or "" while the figures are not known.

    A lower-is-better indicator is shown by its verdict ("→ chưa đạt kế hoạch"); a part of
    the year against the year's plan (``whole_span`` False) shows no status until the plan
    is reached. The wizard and the browser show the same line.
    """
    found = shown_comparison(indicator, "share")
    if found is None:
        return ""
    checked, comparison, percent = found
    status = checked.comparison_status(comparison, whole_span=whole_span)
    base = comparison.base or ""
    if checked.better_lower():
        return texts.msg("verdict", status=status, base=base) if status is not None else ""
    return texts.msg(
        "ratio",
        percent=vi.format_percent(percent),
        base=base,
        status=texts.msg("status", status=status) if status else "",
    )


def change_text(texts: Texts, indicator: Mapping[str, Any]) -> str:
    """Return "→ tăng 8,6% so với cùng kỳ năm 2022" (a rate: "→ giảm 0,87 điểm phần trăm …"),
    or "" while both figures are not known."""
    found = shown_comparison(indicator, "change")
    if found is None:
        return ""
    checked, comparison, _ = found
    rate = checked.is_rate()
    size = comparison.shown_change(checked.value, rate=rate)
    if size is None:
        return ""
    key = "change_up" if size > 0 else "change_down" if size < 0 else "change_level"
    if rate:
        shown = texts.msg("points", points=vi.format_number(abs(size)))
    elif comparison.measure(rate=False) == "amount":
        unit = comparison.unit or checked.unit
        shown = vi.format_quantity(abs(size), unit) if unit else vi.format_number(abs(size))
    else:
        shown = vi.format_percent(abs(size))
    return texts.msg(key, percent=shown, base=comparison.base or "")


def covers_a_whole_year(state: Mapping[str, Any]) -> bool:
    """Return True unless the period answered so far is only part of the plan's year."""
    try:
        period = models.Period.model_validate(state.get("period", {}))
    except ValidationError:
        return True
    return models.covers_the_year(period)


def shown_comparison(
    indicator: Mapping[str, Any], kind: str
) -> tuple[models.Indicator, models.Comparison, Decimal] | None:
    """Return the indicator, its first comparison of ``kind`` and the figure it prints.

    The figure is the percentage (a change: its signed size, percent or amount). None while
    the answers so far do not make a valid indicator or give no figure yet.
    """
    try:
        checked = models.Indicator.model_validate(indicator)
    except ValidationError:
        return None
    for comparison in checked.comparisons:
        if comparison.kind == kind:
            if kind == "change":
                figure = comparison.shown_change(checked.value, rate=checked.is_rate())
            else:
                figure = comparison.shown_percent(checked.value)
            return None if figure is None else (checked, comparison, figure)
    return None


def _decimal_text(value: Decimal) -> str:
    """Return ``value`` written the Vietnamese way, with a decimal comma: "8,6"."""
    return format(value, "f").replace(".", ",")


# ---------------------------------------------------------------------------
# Cut-off and count typed the Vietnamese way
# ---------------------------------------------------------------------------


def parse_cutoff(answer: str) -> dict[str, int] | None:
    """Return the cut-off typed the Vietnamese way ("22/11", "22/11/2023", "tháng 5/2017").

    None when empty or not of these forms; raise ValueError for invisible characters.
    """
    text = _CUTOFF_PREFIX.sub("", models.clean_text(answer).lower()) if answer.strip() else ""
    if not text:
        return None
    month = _CUTOFF_MONTH.match(text)
    if month is not None:
        number = month.group(1) or month.group(3)
        year = month.group(2) or month.group(4)
        result = {"month": int(number)}
        if year:
            result["year"] = int(year)
        return result
    day = _CUTOFF_DAY.match(text)
    if day is None:
        return None
    result = {"day": int(day.group(1)), "month": int(day.group(2))}
    if day.group(3):
        result["year"] = int(day.group(3))
    return result


def cutoff_text(cutoff: Mapping[str, Any] | None) -> str:
    """Return a stored cut-off as typed: "22/11/2023", "tháng 5/2017"."""
    if not cutoff or cutoff.get("month") is None:
        return ""
    year = f"/{cutoff['year']}" if cutoff.get("year") is not None else ""
    if cutoff.get("day") is not None:
        return f"{cutoff['day']}/{cutoff['month']}{year}"
    return f"{vi.WORD_MONTH} {cutoff['month']}{year}"


def parse_count(answer: str) -> dict[str, Any] | None:
    """Return "6/20" as {"met": 6, "total": 20}; None when not of that form."""
    parts = answer.strip().split("/")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        return None
    return {"met": int(parts[0]), "total": int(parts[1])}
