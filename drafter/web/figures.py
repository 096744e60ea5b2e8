"""The figures of an indicator as browser fields: target and ratio, last year, cut-off, estimate.

The wizard's indicators section asks them one by one (``wizard.indicators``); here each is a
field of the indicator's item, stored by the wizard's own helpers and checked by the same
models. The ratio and the change appear under the item as soon as the figures are known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from drafter import models, phrasebank
from drafter.web.texts import web_text
from drafter.wizard import indicators as wizard_indicators
from drafter.wizard.engine import Answers, shown
from drafter.wizard.state import State, model_problems
from drafter.wizard.texts import Texts, load_texts

OPTIONAL = frozenset(f"indicators.{name}" for name in wizard_indicators.EXTRAS)
"""The figures the wizard asks behind one yes/no question: folded away until wanted."""
ESTIMATE_KEYS = {
    "indicators.estimate_value": "value",
    "indicators.estimate_scope": "scope",
    "indicators.estimate_qualifier": "qualifier",
}


# ---------------------------------------------------------------------------
# What the fields show
# ---------------------------------------------------------------------------


def _figure_text(comparison: Mapping[str, Any] | None) -> str:
    """Return a comparison's figure as typed: its base value, or its percentage with "%"."""
    if comparison is None:
        return ""
    if comparison.get("base_value") is not None:
        return shown(comparison["base_value"])
    return f"{comparison['percent']}%" if comparison.get("percent") is not None else ""


def _base_shown(indicator: Mapping[str, Any]) -> str:
    comparison = wizard_indicators.main_comparison(indicator)
    return shown(comparison.get("base") if comparison else None)


def _estimate_shown(key: str) -> Callable[[Mapping[str, Any]], str]:
    def current(indicator: Mapping[str, Any]) -> str:
        estimate = indicator.get("estimate") or {}
        return shown(estimate.get(key)) if isinstance(estimate, Mapping) else ""

    return current


SHOWN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "indicators.base": _base_shown,
    "indicators.target": lambda item: _figure_text(wizard_indicators.main_comparison(item)),
    "indicators.previous": lambda item: _figure_text(wizard_indicators.change_of(item)),
    "indicators.cutoff": lambda item: wizard_indicators.cutoff_text(item.get("cutoff")),
    **{qid: _estimate_shown(key) for qid, key in ESTIMATE_KEYS.items()},
}
"""How each figure field of an indicator shows what is stored."""


def count_shown(state: State) -> str:
    """Return the count of indicators met as typed: "6/20"."""
    counts = state.get("counts") or [{}]
    first = counts[0]
    return f"{first['met']}/{first['total']}" if "met" in first and "total" in first else ""


def same_period_base(state: Mapping[str, Any]) -> str:
    """Return the base of the change: "cùng kỳ năm 2022" (for a whole year: "năm 2022")."""
    found = state.get("period")
    period: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    year = period.get("year")
    return phrasebank.same_period_base(
        year if isinstance(year, int) else None, whole_year=period.get("kind") == "year"
    )


def ratio_line(texts: Texts, indicator: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    """Return the wizard's ratio line ("→ đạt 120,4% dự toán tỉnh giao (vượt)"), or ""."""
    whole_span = wizard_indicators.covers_a_whole_year(state)
    return wizard_indicators.ratio_text(texts, indicator, whole_span=whole_span)


def change_line(texts: Texts, indicator: Mapping[str, Any]) -> str:
    """Return the wizard's change line ("→ tăng 8,6% so với cùng kỳ năm 2022"), or ""."""
    return wizard_indicators.change_text(texts, indicator)


# ---------------------------------------------------------------------------
# Storing them
# ---------------------------------------------------------------------------


def store_base(answers: Answers, indicator: dict[str, Any], raw: str) -> str | None:
    """Store what the indicator's figure is compared with; empty removes the comparison."""
    comparison = wizard_indicators.main_comparison(indicator)
    holder = dict(comparison or {"kind": "share"})
    question = load_texts().q("indicators.base")
    problem = answers.checker(question, holder)(raw)
    if problem is not None:
        return problem
    base = answers.convert(question, raw)
    if base is None:
        if comparison is not None:
            indicator["comparisons"].remove(comparison)
            if not indicator["comparisons"]:
                del indicator["comparisons"]
        return None
    holder["base"] = base
    wizard_indicators.set_main_comparison(indicator, holder)
    return None


def store_target(answers: Answers, indicator: dict[str, Any], raw: str) -> str | None:
    """Store the target (a number) or the percentage already known of the main comparison."""
    comparison = wizard_indicators.main_comparison(indicator)
    if comparison is None:
        return web_text("target_needs_base") if raw.strip() else None
    trial = wizard_indicators.with_target(comparison, raw)
    reasons = wizard_indicators.figure_problems(trial)
    if reasons:
        return "; ".join(reasons)
    comparisons = wizard_indicators.replaced_comparisons(indicator, comparison, trial)
    return _put_comparisons(indicator, comparisons)


def store_previous(answers: Answers, indicator: dict[str, Any], raw: str) -> str | None:
    """Store the figure of the same period last year, or the change already known ("8,6%")."""
    if not raw.strip():
        wizard_indicators.drop_change(indicator)
        return None
    holder = dict(wizard_indicators.change_of(indicator) or {"kind": "change"})
    holder["base"] = holder.get("base") or same_period_base(answers.state)
    trial = wizard_indicators.with_target(holder, raw)
    reasons = wizard_indicators.figure_problems(trial) or model_problems(models.Comparison, trial)
    if reasons:
        return "; ".join(reasons)
    comparisons = wizard_indicators.with_change(indicator, trial)
    return _put_comparisons(indicator, comparisons)


def store_cutoff(answers: Answers, indicator: dict[str, Any], raw: str) -> str | None:
    """Store the day or month the figure is counted up to: "22/11", "tháng 5/2017"."""
    if not raw.strip():
        indicator.pop("cutoff", None)
        return None
    try:
        cutoff = wizard_indicators.parse_cutoff(raw)
    except ValueError as error:
        return str(error)
    if cutoff is None:
        return answers.texts.msg("cutoff_format")
    problems = model_problems(models.Cutoff, cutoff)
    if problems:
        return "; ".join(problems)
    indicator["cutoff"] = cutoff
    return None


def _store_estimate(qid: str) -> Callable[[Answers, dict[str, Any], str], str | None]:
    """Return the storing of one part of the estimate for the whole year."""
    key = ESTIMATE_KEYS[qid]

    def store(answers: Answers, indicator: dict[str, Any], raw: str) -> str | None:
        question = load_texts().q(qid)
        estimate = dict(indicator.get("estimate") or {})
        if question.kind == "select":
            if raw and raw not in dict(question.choices):
                return web_text("bad_choice")
            value = raw or None
        else:
            problem = answers.checker(question, estimate)(raw) if raw.strip() else None
            if problem is not None:
                return problem
            value = answers.convert(question, raw)
        if value is None:
            estimate.pop(key, None)
        else:
            estimate[key] = value
        if key == "value" and value is not None and not estimate.get("scope"):
            estimate["scope"] = load_texts().q("indicators.estimate_scope").default
        if "value" in estimate:
            indicator["estimate"] = estimate
        elif key == "value":
            indicator.pop("estimate", None)
        elif value is not None:
            return web_text("estimate_needs_value")
        return None

    return store


STORED: dict[str, Callable[[Answers, dict[str, Any], str], str | None]] = {
    "indicators.base": store_base,
    "indicators.target": store_target,
    "indicators.previous": store_previous,
    "indicators.cutoff": store_cutoff,
    **{qid: _store_estimate(qid) for qid in ESTIMATE_KEYS},
}
"""How each figure field of an indicator stores what is typed (None, or why refused)."""


def store_count(answers: Answers, state: State, raw: str) -> str | None:
    """Store the count of indicators met, typed as MET/TOTAL ("6/20"); empty removes it."""
    counts: list[dict[str, Any]] = state.setdefault("counts", [])
    if not raw.strip():
        if counts:
            counts.pop(0)
        if not counts:
            state.pop("counts")
        return None
    parsed = wizard_indicators.parse_count(raw)
    if parsed is None:
        if not counts:
            state.pop("counts")
        return answers.texts.msg("count_format")
    first = {k: v for k, v in (counts[0] if counts else {}).items() if k not in parsed}
    problems = model_problems(models.Count, {**first, **parsed})
    if problems:
        if not counts:
            state.pop("counts")
        return "; ".join(problems)
    if counts:
        counts[0] = {**first, **parsed}
    else:
        counts.append(parsed)
    return None


def _put_comparisons(indicator: dict[str, Any], comparisons: list[dict[str, Any]]) -> str | None:
    """Store ``comparisons`` in ``indicator`` unless the whole indicator refuses them; return
    the refusal (kept out of the data file) or None."""
    problem = wizard_indicators.indicator_problem(indicator, comparisons)
    if problem is None:
        indicator["comparisons"] = comparisons
    return problem
