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
    Conference,
    Count,
    Indicator,
    Issuer,
    Period,
    PeriodRef,
    PeriodReport,
    Person,
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
    assert item.computed_status() == "vượt"


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
    assert item.computed_status() is None


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
    assert item.computed_status() == status


def test_a_lower_is_better_indicator_beats_its_plan_by_staying_under_it() -> None:
    item = indicator(
        value="0,45",
        unit="%",
        lower_is_better=True,
        comparisons=[{"kind": "plan", "base_value": "0,6"}],
    )
    assert item.computed_status() == "vượt"


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


# -- the meeting (issue 12) --------------------------------------------------------------------

MEETING = {"date": "2026-06-26"}


@pytest.mark.parametrize(
    "typed", ["2020-2025", "2020–2025", "2020 – 2025", "2020 - 2025", "2020—2025"]
)
def test_a_tenure_typed_with_a_dash_or_spaces_is_kept_in_the_house_form(typed: str) -> None:
    assert Conference.model_validate({**MEETING, "tenure": typed}).tenure == "2020-2025"


@pytest.mark.parametrize("typed", ["2020/2025", "2025-2020", "2020 đến 2025"])
def test_a_tenure_in_another_form_is_refused_with_its_form(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"NĂM-NĂM|năm kết thúc"):
        Conference.model_validate({**MEETING, "tenure": typed})


def test_a_meeting_may_have_no_number_and_no_term() -> None:
    conference = Conference.model_validate(MEETING)
    assert conference.ordinal is None and conference.term is None
    with pytest.raises(ValidationError):
        Conference.model_validate({**MEETING, "ordinal": 0})


def test_a_person_may_direct_the_conference() -> None:
    person = Person.model_validate({"name": "Lương Văn Quyết", "roles": ["direction", "attend"]})
    assert person.roles == ["direction", "attend"]
    with pytest.raises(ValidationError):
        Person.model_validate({"name": "Lương Văn Quyết", "roles": ["chỉ đạo"]})


ISSUER = {"name": "Thành ủy Hà Nội", "organisation": "Đảng bộ thành phố Hà Nội", "code": "TU"}


@pytest.mark.parametrize("level", ["province", "central_city"])
def test_a_province_level_committee_needs_no_superior_and_writes_none(level: str) -> None:
    issuer = Issuer.model_validate({**ISSUER, "level": level, "place": "Hà Nội"})
    assert issuer.is_province_level() and not issuer.writes_superior()
    given = issuer.model_copy(update={"superior": "Đảng bộ Hà Nội"})
    assert not given.writes_superior()


def test_a_city_of_a_province_still_needs_its_superior() -> None:
    with pytest.raises(ValidationError, match="Thành ủy trực thuộc Trung ương"):
        Issuer.model_validate({**ISSUER, "level": "city", "place": "Lạng Sơn"})


# -- issue 12: direction, points, part of the year, new structures ----------------------------

QUARTER_III = PeriodRef(kind="first_9_months", year=2024)
YEAR = PeriodRef(kind="year", year=2024)


@pytest.mark.parametrize(
    ("name", "lower"),
    [
        ("tỷ lệ hộ nghèo", True),
        ("Tỷ lệ hộ cận nghèo", True),
        ("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", True),
        ("số vụ tai nạn giao thông", True),
        ("tỷ lệ thất nghiệp ở khu vực thành thị", True),
        ("số hộ thoát nghèo", False),  # better higher, though it names poor households
        ("tỷ lệ giảm nghèo", False),
        ("số hộ nghèo được hỗ trợ làm nhà", False),
        ("tỷ lệ điều tra, khám phá án phạm pháp hình sự", False),
        ("thu ngân sách", False),
    ],
)
def test_the_usual_lower_is_better_rates_are_known_by_name(name: str, lower: bool) -> None:
    item = indicator(name=name, unit="%")
    assert item.better_lower() is lower
    assert item.direction_inferred() is lower


def test_a_direction_typed_in_the_data_wins_over_the_name() -> None:
    item = indicator(name="tỷ lệ hộ nghèo", lower_is_better=False)
    assert not item.better_lower()
    assert not item.direction_inferred()
    assert indicator(name="số người nghiện ma túy", lower_is_better=True).better_lower()


def test_validate_says_which_directions_were_inferred() -> None:
    from drafter.models import direction_notes

    notes = direction_notes([indicator(), indicator(name="tỷ lệ hộ nghèo", unit="%")])
    assert notes == [
        "indicators[1] (tỷ lệ hộ nghèo): coi là chỉ tiêu càng thấp càng tốt "
        "(drafter tự nhận theo tên); nếu không phải, ghi lower_is_better: false"
    ]


@pytest.mark.parametrize(
    ("value", "limit", "bound", "status"),
    [
        ("4,36", "dưới", "3", "chưa đạt"),
        ("2,15", "dưới", "3", "đạt"),
        ("3", "dưới", "3", "chưa đạt"),  # "dưới 3%" is strictly below
        ("3", "không quá", "3", "đạt"),
        ("2,15", None, "3", "vượt"),
        ("3,2", None, "3", "chưa đạt"),
    ],
)
def test_a_lower_is_better_rate_is_judged_against_its_ceiling(
    value: str, limit: str | None, bound: str, status: str
) -> None:
    item = indicator(
        name="tỷ lệ hộ nghèo",
        value=value,
        unit="%",
        comparisons=[{"kind": "plan", "limit": limit, "base_value": bound}],
    )
    assert item.status_in(YEAR) == status


def test_a_lower_is_better_share_above_100_percent_is_missed_not_exceeded() -> None:
    item = indicator(
        name="tỷ lệ hộ nghèo",
        value="4,36",
        unit="%",
        comparisons=[{"kind": "share", "base": "kế hoạch", "base_value": "3"}],
    )
    assert item.status_in(YEAR) == "chưa đạt"


def test_a_rate_changes_by_percentage_points() -> None:
    item = indicator(
        name="tỷ lệ hộ nghèo",
        value="2,15",
        unit="%",
        comparisons=[{"kind": "change", "base": "năm 2023", "base_value": "3,02"}],
    )
    change = item.comparisons[0]
    assert change.measure(rate=True) == "amount"
    assert change.shown_change(item.value, rate=True) == Decimal("-0.87")
    assert item.trend() == "down"


def test_a_relative_percentage_on_the_change_of_a_rate_is_refused() -> None:
    with pytest.raises(ValidationError, match="điểm phần trăm"):
        indicator(
            name="tỷ lệ hộ nghèo",
            unit="%",
            comparisons=[{"kind": "change", "base": "năm 2023", "percent": "-28,8"}],
        )


def test_part_of_the_year_against_the_years_plan_is_progress_not_failure() -> None:
    budget = indicator(
        value="45,6",
        comparisons=[{"kind": "share", "base": "dự toán năm", "base_value": "58,24"}],
    )
    assert budget.comparisons[0].shown_percent(budget.value) == Decimal("78.3")
    assert budget.status_in(QUARTER_III) is None
    assert budget.status_in(YEAR) == "chưa đạt"
    reached = indicator(
        value="70", comparisons=[{"kind": "share", "base": "dự toán năm", "base_value": "58"}]
    )
    assert reached.status_in(QUARTER_III) == "vượt"  # a running total past the plan stays past it
    period_plan = indicator(
        value="45,6",
        comparisons=[
            {"kind": "share", "base": "kế hoạch quý", "base_value": "58,24", "span": "period"}
        ],
    )
    assert period_plan.status_in(QUARTER_III) == "chưa đạt"


def test_a_typed_status_counts_only_when_nothing_measures_a_target() -> None:
    assert indicator(status="đạt").status_in(QUARTER_III) == "đạt"


def test_a_change_by_an_amount_is_computed_or_typed() -> None:
    computed = indicator(
        value="17,3",
        unit="tiêu chí/xã",
        comparisons=[
            {
                "kind": "change",
                "base": "đầu năm",
                "by": "amount",
                "base_value": "17",
                "unit": "tiêu chí",
            }
        ],
    )
    assert computed.comparisons[0].shown_change(computed.value, rate=False) == Decimal("0.3")
    typed = indicator(comparisons=[{"kind": "change", "base": "cùng kỳ", "amount": "-3"}])
    assert typed.trend() == "down"
    with pytest.raises(ValidationError, match="không khớp với hiệu số liệu"):
        indicator(
            value="17,3",
            comparisons=[{"kind": "change", "base": "đầu năm", "base_value": "17", "amount": "1"}],
        )


def test_a_planned_change_measures_a_target_at_year_end() -> None:
    growth = indicator(
        value=None,
        comparisons=[{"kind": "change", "base": "năm 2023", "percent": "6,47", "planned": "9,05"}],
    )
    assert growth.status_in(YEAR) == "chưa đạt"
    assert growth.status_in(QUARTER_III) is None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"value": None}, "cần ít nhất một phép so sánh"),
        (
            {"value": None, "comparisons": [{"kind": "plan", "base_value": "3"}]},
            "cần value",
        ),
        (
            {
                "value": None,
                "comparisons": [{"kind": "share", "base": "kế hoạch", "base_value": 3}],
            },
            "base_value một mình",
        ),
        (
            {
                "name": "tỷ lệ hộ nghèo",
                "value": None,
                "comparisons": [{"kind": "share", "base": "kế hoạch", "percent": "145,3"}],
            },
            "không viết theo tỷ lệ % so với kế hoạch",
        ),
        ({"share_of": "cơ cấu kinh tế"}, "chiếm"),
        (
            {"comparisons": [{"kind": "share", "base": "kế hoạch", "percent": 1, "limit": "dưới"}]},
            "limit",
        ),
        ({"comparisons": [{"kind": "plan", "base_value": 3, "amount": 1}]}, "kind: change"),
        (
            {"comparisons": [{"kind": "change", "base": "cùng kỳ", "percent": 1, "amount": 1}]},
            "không ghi cả hai",
        ),
    ],
)
def test_figures_that_cannot_be_said_are_refused_in_vietnamese(
    fields: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        indicator(**fields)


def test_an_estimate_checks_its_own_comparisons() -> None:
    item = indicator(
        estimate={
            "scope": "cả năm",
            "value": 500,
            "comparisons": [{"kind": "excess", "base": "dự toán", "base_value": "360,2"}],
        }
    )
    assert item.estimate is not None
    assert item.estimate.comparisons[0].shown_percent(item.estimate.value) == Decimal("38.8")
    with pytest.raises(ValidationError, match="không khớp"):
        indicator(
            estimate={
                "scope": "cả năm",
                "value": 500,
                "comparisons": [
                    {"kind": "excess", "base": "dự toán", "base_value": "360,2", "percent": 50}
                ],
            }
        )


def test_counts_of_units_say_what_they_count() -> None:
    units = Count(kind="units", met=6, total=16, noun="xã", predicate="đạt chuẩn nông thôn mới")
    assert not units.is_total()
    with pytest.raises(ValidationError, match="noun"):
        Count(kind="units", met=6, total=16)
    with pytest.raises(ValidationError, match="chỉ dùng khi đếm chỉ tiêu"):
        Count(kind="units", met=6, total=16, noun="xã", predicate="đạt chuẩn", exceeded=2)
    with pytest.raises(ValidationError, match="predicate chỉ dùng khi đếm đơn vị"):
        Count(met=6, total=16, predicate="đạt chuẩn")


def test_a_total_of_targets_has_no_met_figure() -> None:
    total = Count(total=32)
    assert total.is_total()
    with pytest.raises(ValidationError, match="không ghi exceeded"):
        Count(total=32, exceeded=3)


def test_schema_version_1_files_load_unchanged(example_report: Report) -> None:
    assert example_report.indicators[0].lower_is_better is None
    assert example_report.counts[0].kind == "targets"


def test_a_target_takes_its_direction_and_a_limit_with_one_value() -> None:
    from drafter.models import Target

    assert Target(name="tỷ lệ hộ nghèo", limit="dưới", value="2", unit="%").better_lower()
    assert not Target(name="tỷ lệ hộ nghèo", value="2", lower_is_better=False).better_lower()
    with pytest.raises(ValidationError, match="limit"):
        Target(name="tỷ lệ hộ nghèo", limit="dưới", low="1", high="2")


def test_the_period_report_is_a_draft_dated_on_the_conference_day_unless_told() -> None:
    with pytest.raises(ValidationError, match="dự thảo để trống số báo cáo"):
        PeriodReport(draft=True, number=3)
    report = load_report(BAC_SON)
    assert report.period_report.draft and report.period_report_date() == report.conference.date
