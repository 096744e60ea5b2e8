"""Compose's wording of the figures: each structure of the model in its own sentence."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.compose import Composer
from drafter.datafile import load_report
from drafter.models import Count, Indicator, Report, Target
from drafter.phrasebank import load_phrasebank
from tests.conftest import BAC_SON

BANK = load_phrasebank()
YEAR = {"kind": "year", "year": 2023}
NINE_MONTHS = {"kind": "first_9_months", "year": 2023}


def report(period: dict[str, Any] = YEAR, **changes: Any) -> Report:
    """Return the Bắc Sơn report with ``changes`` (indicators, counts, targets) and ``period``."""
    raw = load_report(BAC_SON).model_dump()
    raw.update(period=period, **changes)
    if period["kind"] == "year":
        raw["conference"]["date"] = "2023-12-20"
    return Report.model_validate(raw)


def said(indicator: dict[str, Any], period: dict[str, Any] = YEAR) -> str:
    """Return the sentence compose writes for one indicator in a report of ``period``."""
    composer = Composer(report(period, indicators=[indicator]), BANK)
    return composer.indicator(Indicator.model_validate(indicator))


def counted(count: dict[str, Any]) -> str:
    composer = Composer(report(counts=[count]), BANK)
    return composer.count(Count.model_validate(count))


POVERTY = {"name": "tỷ lệ hộ nghèo", "verb": "ước thực hiện", "unit": "%"}
FROM_3_02 = {"kind": "change", "base": "năm 2022", "base_value": "3,02"}


def test_a_lower_is_better_rate_that_missed_its_ceiling() -> None:
    text = said(
        {
            **POVERTY,
            "value": "4,36",
            "comparisons": [
                {"kind": "change", "base": "năm 2022", "base_value": "5,68"},
                {"kind": "plan", "base": "kế hoạch", "limit": "dưới", "base_value": "3"},
            ],
        }
    )
    assert text == (
        "tỷ lệ hộ nghèo ước giảm còn 4,36%, giảm 1,32 điểm phần trăm so với năm 2022, "
        "chưa đạt kế hoạch (dưới 3%)"
    )


def test_a_lower_is_better_rate_that_met_its_ceiling_in_points() -> None:
    text = said(
        {
            **POVERTY,
            "value": "2,15",
            "comparisons": [
                FROM_3_02,
                {"kind": "plan", "base": "kế hoạch", "limit": "dưới", "base_value": "3"},
            ],
        }
    )
    assert "giảm 0,87 điểm phần trăm so với năm 2022" in text
    assert text.endswith(", đạt kế hoạch (dưới 3%)")
    assert "28,8" not in text  # never the relative change of a rate


def test_a_lower_is_better_share_is_never_a_percentage_of_its_plan() -> None:
    text = said(
        {
            **POVERTY,
            "value": "4,36",
            "comparisons": [{"kind": "share", "base": "kế hoạch năm", "base_value": "3"}],
        }
    )
    assert text == "tỷ lệ hộ nghèo ước ở mức 4,36%, chưa đạt kế hoạch năm (3%)"
    assert "145" not in text


def test_a_lower_is_better_rate_within_the_year_shows_its_plan_without_a_verdict() -> None:
    text = said(
        {
            "name": "số vụ tai nạn giao thông",
            "value": "8",
            "unit": "vụ",
            "comparisons": [{"kind": "plan", "limit": "không quá", "base_value": "15"}],
        },
        NINE_MONTHS,
    )
    assert text == "số vụ tai nạn giao thông ở mức 8 vụ (kế hoạch năm không quá 15 vụ)"


def test_a_lower_is_better_figure_that_rose_says_so() -> None:
    text = said(
        {
            "name": "số vụ phạm pháp hình sự",
            "value": "14",
            "unit": "vụ",
            "comparisons": [
                {"kind": "change", "base": "năm 2022", "by": "amount", "base_value": "11"}
            ],
        }
    )
    assert text == "số vụ phạm pháp hình sự tăng lên 14 vụ, tăng 3 vụ so với năm 2022"


def test_part_of_the_year_says_the_share_of_the_years_budget_without_failing_it() -> None:
    text = said(
        {
            "name": "thu ngân sách",
            "verb": "được",
            "value": "45,6",
            "unit": "tỷ đồng",
            "comparisons": [{"kind": "share", "base": "dự toán năm", "base_value": "58,24"}],
        },
        NINE_MONTHS,
    )
    assert text == "thu ngân sách được 45,6 tỷ đồng, đạt 78,3% dự toán năm"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"base": "cùng kỳ", "qualifier": "hơn", "amount": "130"},
            "tăng hơn 130 ha so với cùng kỳ",
        ),
        (
            {"base": "đầu năm", "by": "amount", "base_value": "1.135", "unit": "ha rừng"},
            "tăng 130 ha rừng so với đầu năm",
        ),
        ({"base": "cùng kỳ", "amount": "-12,5"}, "giảm 12,5 ha so với cùng kỳ"),
    ],
)
def test_a_change_by_an_amount_has_its_unit_and_base(change: dict[str, Any], expected: str) -> None:
    text = said(
        {
            "name": "diện tích trồng rừng mới",
            "value": "1.265",
            "unit": "ha",
            "comparisons": [{"kind": "change", **change}],
        }
    )
    assert text == f"diện tích trồng rừng mới đạt 1.265 ha, {expected}"


def test_a_percentage_only_result() -> None:
    text = said(
        {
            "name": "thu phí tham quan",
            "comparisons": [{"kind": "share", "base": "kế hoạch", "percent": "116"}],
        }
    )
    assert text == "thu phí tham quan đạt 116% kế hoạch"


def test_a_planned_growth_rate_beside_the_actual() -> None:
    text = said(
        {
            "name": "giá trị sản xuất công nghiệp",
            "comparisons": [
                {"kind": "change", "base": "năm 2022", "percent": "6,47", "planned": "9,05"}
            ],
        }
    )
    assert text == "giá trị sản xuất công nghiệp tăng 6,47% so với năm 2022 (kế hoạch 9,05%)"


def test_a_full_year_estimate_with_its_own_comparison() -> None:
    text = said(
        {
            "name": "thu ngân sách",
            "value": "462,5",
            "unit": "tỷ đồng",
            "cutoff": {"day": 30, "month": 11},
            "estimate": {
                "scope": "cả năm",
                "qualifier": "hơn",
                "value": "500",
                "comparisons": [{"kind": "excess", "base": "dự toán", "base_value": "360,2"}],
            },
        }
    )
    assert text == (
        "thu ngân sách tính đến hết ngày 30/11 đạt 462,5 tỷ đồng, "
        "ước cả năm đạt hơn 500 tỷ đồng, vượt 38,8% dự toán"
    )


def test_the_verb_chiem_with_what_the_share_is_of() -> None:
    text = said(
        {
            "name": "khu vực nông, lâm nghiệp",
            "verb": "chiếm",
            "value": "41,2",
            "unit": "%",
            "share_of": "cơ cấu kinh tế",
        }
    )
    assert text == "khu vực nông, lâm nghiệp chiếm 41,2% cơ cấu kinh tế"


def test_counts_of_units_have_their_own_predicate_and_no_target_words() -> None:
    units = {"kind": "units", "total": 16, "noun": "xã", "predicate": "đạt chuẩn nông thôn mới"}
    assert counted({**units, "met": 6}) == "6/16 xã đạt chuẩn nông thôn mới"
    every = counted({**units, "met": 16, "predicate": "hoàn thành thu thuế"})
    assert every == "16/16 xã hoàn thành thu thuế"
    assert "toàn bộ" not in every and "đạt và vượt" not in every
    assert counted({**units, "met": 0}) == "chưa có xã nào đạt chuẩn nông thôn mới (0/16)"


def test_a_count_of_targets_changed_since_an_earlier_period() -> None:
    text = counted(
        {
            "met": 15,
            "total": 23,
            "change": 11,
            "compared_to": {"kind": "quarter", "quarter": 1, "year": 2025},
        }
    )
    assert text == "15/23 chỉ tiêu đạt và vượt, tăng 11 chỉ tiêu so với quý I/2025"


def test_a_total_of_targets_is_said_with_the_next_periods_targets() -> None:
    composer = Composer(report(counts=[{"total": 32}], targets=[]), BANK)
    assert composer.results_counts() == []
    paragraph = composer.targets("resolution.targets")
    assert paragraph == "Phấn đấu hoàn thành 32 chỉ tiêu năm 2024."
    press, _ = composer.press()
    assert any("hoàn thành 32 chỉ tiêu năm 2024" in section for section in press["sections"])


def test_a_lower_is_better_target_comes_down_to_its_level() -> None:
    composer = Composer(report(), BANK)
    poverty = Target(name="tỷ lệ hộ nghèo", limit="dưới", value="1,8", unit="%")
    assert composer.target(poverty) == "tỷ lệ hộ nghèo giảm còn dưới 1,8%"
    budget = Target(name="thu ngân sách", qualifier="trên", value="520", unit="tỷ đồng")
    assert composer.target(budget) == "thu ngân sách đạt trên 520 tỷ đồng"
