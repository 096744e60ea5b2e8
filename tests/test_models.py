"""The report model: structure, normalisation, computed ratios and statuses."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from drafter.datafile import load_report
from drafter.models import (
    Comparison,
    Count,
    Indicator,
    Period,
    PeriodRef,
    PeriodReport,
    Report,
    clean_text,
)
from tests.conftest import BAC_SON


def indicator(**fields: Any) -> Indicator:
    base: dict[str, Any] = {"name": "thu ngân sách", "value": "35,8", "unit": "tỷ đồng"}
    return Indicator.model_validate({**base, **fields})


def test_numbers_typed_the_vietnamese_way_are_read_strictly() -> None:
    assert indicator(value="2.865").value == Decimal(2865)
    assert indicator(value="35,8").value == Decimal("35.8")
    with pytest.raises(ValidationError, match="35,8"):
        indicator(value="35.8")


def test_a_share_is_computed_from_value_and_base() -> None:
    item = indicator(comparisons=[{"kind": "share", "base": "dự toán", "base_value": "29,73"}])
    assert item.comparisons[0].shown_percent(item.value) == Decimal("120.4")
    assert item.final_status() == "vượt"


def test_a_typed_percentage_that_contradicts_the_figures_is_reported() -> None:
    with pytest.raises(ValidationError, match=r"không khớp.*120,4%"):
        indicator(
            comparisons=[
                {"kind": "share", "base": "dự toán", "base_value": "29,73", "percent": "125"}
            ]
        )


def test_a_typed_percentage_agrees_within_its_own_precision() -> None:
    item = indicator(
        comparisons=[{"kind": "share", "base": "dự toán", "base_value": "29,73", "percent": "120"}]
    )
    assert item.comparisons[0].shown_percent(item.value) == Decimal(120)


def test_a_change_is_computed_against_the_earlier_value() -> None:
    item = indicator(
        value="3,15", comparisons=[{"kind": "change", "base": "cùng kỳ", "base_value": "2,9"}]
    )
    assert item.comparisons[0].shown_percent(item.value) == Decimal("8.6")
    assert item.final_status() is None


@pytest.mark.parametrize(
    ("value", "low", "high", "lower_is_better", "status"),
    [
        ("12,2", "10", "11", False, "vượt"),
        ("10,5", "10", "11", False, "đạt"),
        ("9", "10", "11", False, "chưa đạt"),
        ("9", "10", "11", True, "vượt"),
    ],
)
def test_a_target_range_gives_the_status(
    value: str, low: str, high: str, lower_is_better: bool, status: str
) -> None:
    item = indicator(
        value=value,
        unit="%",
        lower_is_better=lower_is_better,
        comparisons=[{"kind": "target_range", "low": low, "high": high}],
    )
    assert item.final_status() == status


def test_a_lower_is_better_indicator_beats_its_plan_by_staying_under_it() -> None:
    item = indicator(
        value="0,45",
        unit="%",
        lower_is_better=True,
        comparisons=[{"kind": "plan", "base_value": "0,6"}],
    )
    assert item.final_status() == "vượt"


def test_a_typed_status_that_contradicts_the_figures_is_reported() -> None:
    with pytest.raises(ValidationError, match="trái với số liệu"):
        indicator(
            status="chưa đạt",
            comparisons=[{"kind": "share", "base": "dự toán", "percent": "120,4"}],
        )


def test_an_excess_needs_a_value_above_the_base() -> None:
    with pytest.raises(ValidationError, match="không vượt"):
        indicator(comparisons=[{"kind": "excess", "base": "dự toán", "base_value": "40"}])


@pytest.mark.parametrize(
    "comparison",
    [
        {"kind": "share", "percent": "50"},
        {"kind": "share", "base": "kế hoạch"},
        {"kind": "target_range", "low": "11", "high": "10"},
        {"kind": "plan", "percent": "9"},
        {"kind": "share", "base": "kế hoạch", "base_value": "0"},
    ],
)
def test_a_comparison_must_carry_what_its_kind_needs(comparison: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Comparison.model_validate(comparison)


def test_counts_must_add_up() -> None:
    assert Count(met=19, total=22, exceeded=13, missed=3).met == 19
    with pytest.raises(ValidationError, match="lớn hơn tổng số"):
        Count(met=21, total=20)
    with pytest.raises(ValidationError, match="số vượt"):
        Count(met=5, total=20, exceeded=6)
    with pytest.raises(ValidationError, match="khác tổng số"):
        Count(met=5, total=20, missed=3, not_assessed=3)


@pytest.mark.parametrize(
    ("period", "name", "following"),
    [
        ({"kind": "first_9_months", "year": 2023}, "9 tháng đầu năm 2023", "3 tháng cuối năm 2023"),
        ({"kind": "quarter", "quarter": 4, "year": 2023}, "quý IV năm 2023", "quý I năm 2024"),
        ({"kind": "year", "year": 2022}, "năm 2022", "năm 2023"),
        ({"kind": "first_6_months", "year": 2024}, "6 tháng đầu năm 2024", "6 tháng cuối năm 2024"),
    ],
)
def test_the_next_period_is_derived(period: dict[str, Any], name: str, following: str) -> None:
    model = Period.model_validate(period)
    assert model.name() == name
    assert model.following().name() == following


def test_a_custom_period_needs_its_label_and_next_period() -> None:
    with pytest.raises(ValidationError, match="label"):
        PeriodRef(kind="custom", year=2024)
    with pytest.raises(ValidationError, match="next"):
        Period(kind="custom", year=2024, label="4 tháng đầu năm 2024")
    period = Period.model_validate(
        {
            "kind": "custom",
            "year": 2024,
            "label": "4 tháng đầu năm 2024",
            "next": {"kind": "custom", "year": 2024, "label": "8 tháng cuối năm 2024"},
        }
    )
    assert period.following().name() == "8 tháng cuối năm 2024"


def test_text_is_normalised_to_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "  Huyện   ủy\u200b Bắc Sơn ")
    assert clean_text(decomposed) == "Huyện ủy Bắc Sơn"


@pytest.mark.parametrize("bad", ["Bắc\u202eSơn", "Bắc\x07Sơn", "Bắc\x85Sơn"])
def test_invisible_controls_in_text_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="U\\+"):
        clean_text(bad)


def test_unknown_keys_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="extra"):
        indicator(valeu="12")


def test_a_draft_resolution_has_no_number(example_report: Report) -> None:
    data = example_report.model_dump()
    data["resolution"] = {"draft": True, "number": 15}
    with pytest.raises(ValidationError, match="dự thảo để trống số"):
        Report.model_validate(data)


def test_the_conference_must_be_held_in_or_just_after_the_period(example_report: Report) -> None:
    data = example_report.model_dump()
    data["conference"]["date"] = "15/9/2030"
    with pytest.raises(ValidationError, match="kỳ đánh giá"):
        Report.model_validate(data)


@pytest.fixture
def example_report() -> Report:
    from drafter.datafile import load_report
    from tests.conftest import BAC_SON

    return load_report(BAC_SON)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Bắc S\u043en", "Kirin"),  # a Cyrillic o inside a Vietnamese word
        ("hội\u061cnghị", "hướng chữ"),  # the Arabic letter mark, a bidi control
        ("hội \ud800 nghị", "nửa cặp"),  # a lone surrogate, as a broken copy leaves
    ],
)
def test_lookalikes_bidi_marks_and_lone_surrogates_are_refused(text: str, reason: str) -> None:
    from drafter.models import clean_text

    with pytest.raises(ValueError, match=reason):
        clean_text(text)


def test_greek_and_cyrillic_words_of_their_own_stay() -> None:
    from drafter.models import clean_text

    assert clean_text("đoàn công tác Москва") == "đoàn công tác Москва"


def test_the_period_report_is_a_draft_dated_on_the_conference_day_unless_told() -> None:
    with pytest.raises(ValidationError, match="dự thảo để trống số báo cáo"):
        PeriodReport(draft=True, number=3)
    report = load_report(BAC_SON)
    assert report.period_report.draft and report.period_report_date() == report.conference.date
