"""The wizard's state: the data file as far as typed, plus a progress section.

The state is the data file's mapping (plain YAML types) with one extra key, ``_wizard``, the
``Progress``: the questions answered, the half-filled item of a list, and what ``--from``
carried over from last period. It is saved atomically after every answer, so a resumed run
starts from the file alone. A finished run saves a plain, valid data file without progress.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Required, TypedDict

from pydantic import BaseModel, ValidationError

from drafter import models, yamlio
from drafter.datafile import dump_report, read_raw, to_plain
from drafter.errors import UserError
from drafter.explain import explain, findings_of
from drafter.files import atomic_write_text
from drafter.wizard.texts import Texts, load_texts

PROGRESS = "_wizard"
"""The state's key holding the ``Progress``."""

State = dict[str, Any]
"""A draft: the data file's mapping as far as answered, with the ``Progress`` under PROGRESS."""


class PendingItem(TypedDict):
    """The item of a list being filled: saved so a resumed run finishes it."""

    section: str
    index: int
    data: dict[str, Any]
    answered: list[str]


Progress = TypedDict(
    "Progress",
    {
        "answered": Required[list[str]],  # the ids of the questions answered
        "complete": bool,  # every section asked once: a resumed run opens at the review
        "item": PendingItem,
        "from": str,  # the --from file
        "carry": dict[str, list[str]],  # last period's items offered as a checklist, by id
        "pending": list[int],  # indicators kept from last period, their figures to ask
        "extras": list[int],  # of these, those that had optional figures
        "cited": list[dict[str, Any]],  # last period's cited documents
    },
    total=False,
)
"""The progress section of a draft (``_wizard``)."""

_FOLLOWING_CONFERENCE: dict[str, str] = {
    # The period the next conference reviews: quarter I → 6 months → 9 months → year.
    "first_6_months": "first_9_months",
    "first_9_months": "year",
    "last_3_months": "year",
    "last_6_months": "year",
}


# ---------------------------------------------------------------------------
# Starting states
# ---------------------------------------------------------------------------


def blank_state(remembered_issuer: Mapping[str, Any] | None = None) -> State:
    """Return the state of a new run: empty, with the issuer remembered from the last run."""
    state: State = {PROGRESS: {"answered": []}}
    if remembered_issuer:
        state["issuer"] = dict(remembered_issuer)
    return state


def state_from_previous(previous: models.Report, source: str = "") -> State:
    """Return a state pre-filled from last period's report: what stays, with the period rolled.

    Issuer, people, attendance, indicator names, units and yearly targets, photos' captions,
    byline, the resolution's signer, recipients and implementation, and options are kept; the
    figures of the period are not, nor the agenda, the drafts adopted, the discussion, the
    conclusion or the photos' files. Last period's results, limitations, causes, tasks and
    cited documents are offered later as checklists (tasks ticked, the others not).
    """
    data = to_plain(previous)
    state: State = {"issuer": data["issuer"]}
    conference = data["conference"]
    state["conference"] = {
        key: conference[key]
        for key in ("term", "tenure", "body", "extended", "part_of_day", "venue")
        if key in conference
    }
    if previous.conference.ordinal is not None:  # a commune that numbers no meetings goes on so
        state["conference"]["ordinal"] = previous.conference.ordinal + 1
    state["period"] = rolled_period(previous.period)
    for key in ("people", "attendance", "byline"):
        if key in data:
            state[key] = data[key]
    indicators, extras = _kept_indicators(data.get("indicators", []))
    if indicators:
        state["indicators"] = indicators
    state["photos"] = [{"caption": photo["caption"]} for photo in data.get("photos", [])]
    resolution = {
        key: value
        for key, value in data.get("resolution", {}).items()
        if key in ("signer", "recipients", "implementation")
    }
    if resolution:
        state["resolution"] = resolution
    if "options" in data:
        state["options"] = data["options"]
    state[PROGRESS] = _carried_progress(data, len(indicators), extras, source)
    return state


def _kept_indicators(indicators: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    """Return last period's indicators without their figures, and those with optional figures.

    The change against the same period last year is dropped (its figure changes), and so is
    every comparison's percentage; the yearly targets stay.
    """
    kept_indicators = []
    extras: list[int] = []
    for index, indicator in enumerate(indicators):
        if indicator.get("cutoff") or indicator.get("estimate"):
            extras.append(index)
        kept: dict[str, Any] = {
            key: indicator[key]
            for key in ("name", "field", "verb", "qualifier", "unit", "lower_is_better", "key")
            if key in indicator
        }
        comparisons = []
        for comparison in indicator.get("comparisons", []):
            if comparison["kind"] == "change":
                extras.append(index)  # asked again: the figure of the same period changes
                continue
            comparisons.append({k: v for k, v in comparison.items() if k != "percent"})
        if comparisons:
            kept["comparisons"] = comparisons
        kept_indicators.append(kept)
    return kept_indicators, extras


def _carried_progress(
    data: Mapping[str, Any], indicators: int, extras: list[int], source: str
) -> Progress:
    """Return the progress of a run started from last period's ``data``: what to offer again."""
    carry: dict[str, list[str]] = {}
    for result in data.get("results", []):
        carry[f"results.{result['field']}"] = list(result["items"])
    for key in ("limitations", "causes", "tasks"):
        if data.get(key):
            carry[key] = list(data[key])
    progress: Progress = {"answered": [], "carry": carry, "pending": list(range(indicators))}
    if data.get("documents"):
        progress["cited"] = plain_data(data["documents"])
    if extras:
        progress["extras"] = sorted(set(extras))
    progress["from"] = source
    return progress


def rolled_period(period: models.Period) -> dict[str, Any]:
    """Return the period the next conference reviews: quý I → 6 tháng → 9 tháng → năm → quý I."""
    if period.kind == "quarter":
        assert period.quarter is not None
        if period.quarter == 1:
            return {"kind": "first_6_months", "year": period.year}
        if period.quarter == 4:
            return {"kind": "quarter", "quarter": 1, "year": period.year + 1}
        return {"kind": "quarter", "quarter": period.quarter + 1, "year": period.year}
    if period.kind == "year":
        return {"kind": "quarter", "quarter": 1, "year": period.year + 1}
    if period.kind in _FOLLOWING_CONFERENCE:
        return {"kind": _FOLLOWING_CONFERENCE[period.kind], "year": period.year}
    return {}


def load_state(path: Path) -> State:
    """Return the state saved in ``path``; a finished data file opens at the review."""
    raw, _ = read_raw(path)
    if not isinstance(raw, Mapping):
        raise UserError("tệp không phải tệp dữ liệu drafter", where=str(path))
    state = plain_data(raw)
    assert isinstance(state, dict)
    progress = state.setdefault(PROGRESS, {"answered": [], "complete": True})
    progress.setdefault("answered", [])
    return state


def plain_data(value: Any) -> Any:
    """Return ``value`` as plain dicts, lists, str and int: dates as ISO text, YAML types gone."""
    return yamlio.plain(value, leaf=_state_leaf)


def _state_leaf(value: Any) -> Any:
    """Return a value as the wizard keeps it: dates as ISO text, YAML scalar types made plain."""
    if isinstance(value, date):
        return value.isoformat()
    for kind in (bool, int, str):
        if isinstance(value, kind):
            return kind(value)
    return value


# ---------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------


def save_draft(path: Path, state: State, texts: Texts) -> None:
    """Write the draft atomically: the data as far as typed, then the progress section."""
    ordered = {key: state[key] for key in state if key != PROGRESS}
    ordered[PROGRESS] = state.get(PROGRESS, {})
    text = yamlio.dump(ordered, texts.msg("draft_header", path=path.name))
    atomic_write_text(path, text, overwrite=True)


def save_report(path: Path, report: models.Report) -> None:
    """Write the finished data file: a plain, valid data file without progress."""
    atomic_write_text(path, dump_report(report, path.suffix.lower()), overwrite=True)


# ---------------------------------------------------------------------------
# The issuer remembered between runs
# ---------------------------------------------------------------------------


def memory_path() -> Path:
    """Return where the last run's issuer is remembered ($XDG_CONFIG_HOME/drafter)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "drafter" / "wizard-issuer.yaml"


def remembered_issuer(path: Path | None) -> dict[str, Any] | None:
    """Return the issuer remembered in ``path`` when it is still valid, else None."""
    if path is None or not path.is_file():
        return None
    try:
        raw, _ = read_raw(path)
        issuer = plain_data(raw)
        models.Issuer.model_validate(issuer)
    except (UserError, ValidationError):
        return None
    return issuer if isinstance(issuer, dict) else None


def remember_issuer(path: Path | None, issuer: Mapping[str, Any]) -> None:
    """Keep a valid issuer in ``path`` for the next run (best effort: a read-only home is fine)."""
    if path is None or model_problems(models.Issuer, issuer):
        return
    with contextlib.suppress(UserError):
        atomic_write_text(path, yamlio.dump(dict(issuer)), overwrite=True)


# ---------------------------------------------------------------------------
# What the models say about the answers
# ---------------------------------------------------------------------------


def field_problems(model: type[BaseModel], data: Mapping[str, Any], name: str) -> list[str]:
    """Return the Vietnamese reasons ``model`` refuses field ``name`` of ``data`` (others ignored).

    Whole-model checks only run when every field is present, so a partial form is judged on
    the one answer just typed.
    """
    try:
        model.model_validate(data)
    except ValidationError as error:
        reasons = []
        for detail in error.errors():
            loc = detail["loc"]
            if not loc or loc[0] != name:
                continue
            reason = explain(detail)
            if len(loc) > 1 and isinstance(loc[1], int):
                reason = load_texts().msg("line_error", line=loc[1] + 1, reason=reason)
            reasons.append(reason)
        return reasons
    return []


def model_problems(model: type[BaseModel], data: Mapping[str, Any]) -> list[str]:
    """Return every reason ``model`` refuses ``data``, each with its path."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return [
            f"{p.where}: {p.reason}" if p.where else p.reason for p in findings_of(error, model)
        ]
    return []
