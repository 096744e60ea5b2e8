"""An indicator's figures in the browser: target and ratio, last year, cut-off, estimate."""

from __future__ import annotations

from typing import Any

from drafter.datafile import load_report
from drafter.web.fields import apply_section
from drafter.web.figures import change_line, ratio_line
from drafter.wizard.state import load_state
from drafter.wizard.texts import load_texts
from tests.conftest import BAC_SON


def posted(**fields: str) -> dict[str, list[str]]:
    return {f"indicators.0.{name}": [value] for name, value in fields.items()}


def bac_son() -> dict[str, Any]:
    return load_state(BAC_SON)


def test_the_target_gives_the_ratio_and_its_status() -> None:
    state = bac_son()
    assert apply_section(state, "indicators", posted(target="29,7")).refused == {}
    line = ratio_line(load_texts(), state["indicators"][0], state)
    assert line == "→ đạt 120,5% dự toán tỉnh giao (vượt)"


def test_part_of_the_year_shows_the_ratio_with_no_failing_status_as_the_wizard_does() -> None:
    state = bac_son()  # 9 months against the year's budget
    assert apply_section(state, "indicators", posted(target="50")).refused == {}
    assert ratio_line(load_texts(), state["indicators"][0], state) == (
        "→ đạt 71,6% dự toán tỉnh giao"
    )
    state["period"] = {"kind": "year", "year": 2023}  # at year end the plan is judged
    assert "(chưa đạt)" in ratio_line(load_texts(), state["indicators"][0], state)


def test_last_years_figure_gives_the_change_against_the_same_period() -> None:
    state = bac_son()
    outcome = apply_section(state, "indicators", posted(previous="32,97"))
    assert outcome.refused == {}
    change = [c for c in state["indicators"][0]["comparisons"] if c["kind"] == "change"]
    assert change == [{"kind": "change", "base": "cùng kỳ năm 2022", "base_value": "32,97"}]
    assert (
        change_line(load_texts(), state["indicators"][0]) == "→ tăng 8,6% so với cùng kỳ năm 2022"
    )
    apply_section(state, "indicators", posted(previous=""))
    assert all(c["kind"] != "change" for c in state["indicators"][0]["comparisons"])


def test_a_cut_off_is_typed_the_vietnamese_way() -> None:
    state = bac_son()
    assert apply_section(state, "indicators", posted(cutoff="22/8/2023")).refused == {}
    assert state["indicators"][0]["cutoff"] == {"day": 22, "month": 8, "year": 2023}
    outcome = apply_section(state, "indicators", posted(cutoff="hôm qua"))
    assert outcome.refused["indicators.0.cutoff"].startswith("cần dạng NGÀY/THÁNG")


def test_an_estimate_needs_its_value_and_takes_the_whole_year_by_default() -> None:
    state = bac_son()
    outcome = apply_section(state, "indicators", posted(estimate_scope="cả năm 2023"))
    assert "điền số liệu ước trước" in outcome.refused["indicators.0.estimate_scope"]
    assert apply_section(state, "indicators", posted(estimate_value="48")).refused == {}
    assert state["indicators"][0]["estimate"] == {"value": "48", "scope": "cả năm"}
    apply_section(state, "indicators", posted(estimate_qualifier="trên"))
    assert state["indicators"][0]["estimate"]["qualifier"] == "trên"
    apply_section(state, "indicators", posted(estimate_value=""))
    assert "estimate" not in state["indicators"][0]


def test_the_example_keeps_every_figure_when_nothing_is_changed() -> None:
    state = bac_son()
    fields = {
        f"indicators.0.{name}": [value]
        for name, value in (("value", "35,8"), ("target", "120,4%"), ("previous", ""))
    }
    apply_section(state, "indicators", fields)
    assert state["indicators"] == load_state(BAC_SON)["indicators"]
    assert load_report(BAC_SON).indicators[0].comparisons[0].percent is not None
