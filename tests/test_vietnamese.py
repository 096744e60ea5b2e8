"""Specifications for drafter.vietnamese: numbers, dates, periods, words and text hygiene."""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter import vietnamese as vi
from drafter.vietnamese import (
    VietnameseInputError,
    capitalize_first,
    format_money,
    format_number,
    format_percent,
    format_quantity,
    is_nfc,
    join_list,
    month_year,
    news_date,
    next_period,
    normalize_text,
    number_words,
    official_date,
    official_date_line,
    ordinal_words,
    parse_number,
    parse_percent,
    percent_of,
    period_name,
    roman,
    short_date,
    upper_vi,
)


def nfd(text: str) -> str:
    """Return the decomposed form, as some keyboards type it."""
    return unicodedata.normalize("NFD", text)


# --- parse_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2.865", Decimal("2865")),
        ("1.234.567", Decimal("1234567")),
        ("35,8", Decimal("35.8")),
        ("1.234,56", Decimal("1234.56")),
        ("-1,23", Decimal("-1.23")),
        ("0,05", Decimal("0.05")),
        ("0", Decimal("0")),
        ("2865", Decimal("2865")),
        ("  41.818,8  ", Decimal("41818.8")),
        ("12 345", Decimal("12345")),
        ("12\u00a0345,5", Decimal("12345.5")),
        ("\u22123,5", Decimal("-3.5")),
        ("+7", Decimal("7")),
        ("1.000.000", Decimal("1000000")),
    ],
)
def test_parse_number_reads_the_vietnamese_convention(typed: str, expected: Decimal) -> None:
    result = parse_number(typed)
    assert result == expected
    assert result.as_tuple() == expected.as_tuple()


@pytest.mark.parametrize(
    ("typed", "exponent"), [("120,40", -2), ("120,4", -1), ("35,800", -3), ("2.865", 0)]
)
def test_parse_number_keeps_the_typed_precision(typed: str, exponent: int) -> None:
    assert parse_number(typed).as_tuple().exponent == exponent


@pytest.mark.parametrize(
    ("typed", "remedy"),
    [
        ("35.8", "“35,8”"),
        ("35.80", "“35,80”"),
        ("1.2345", "“1,2345”"),
        ("0.123", "“0,123”"),
        ("1.234.5", "“1.234,5”"),
        (".5", "“0,5”"),
        ("1,234,5", "“1.234,5”"),
        ("1,234,567", "“1.234.567”"),
        ("1,2,3", "“1.234,5”"),
        ("", "“35,8”"),
        ("   ", "“35,8”"),
        ("abc", "“2.865”"),
        ("-", "“2.865”"),
        ("1.23.456", "“123.456”"),
        ("12 34", "“1.234”"),
        ("1.234 567", "“1.234.567”"),
        ("120,4%", "“120,4”"),
        ("1,234.56", "“1.234,56”"),
        ("35,", "“35,5”"),
        (",5", "“0,5”"),
        ("35,8.5", "“1.234,5”"),
        ("1.2,5", "“12,5”"),
        ("3,5 kg", "chữ số"),
    ],
)
def test_parse_number_rejects_unreadable_input_and_says_what_to_type(
    typed: str, remedy: str
) -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number(typed)
    message = str(caught.value)
    assert remedy in caught.value.remedy
    assert "hãy" in caught.value.remedy.lower()
    assert message == f"{caught.value.fact} {caught.value.remedy}"
    assert is_nfc(message)


@pytest.mark.parametrize("typed", ["35.8", "35.80", "1.2345", "1234.567"])
def test_parse_number_explains_that_the_dot_separates_thousands(typed: str) -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number(typed)
    message = str(caught.value)
    assert f"“{typed}”" in message
    assert "dấu chấm" in message
    assert "hàng nghìn" in message
    assert "dấu phẩy" in message


def test_parse_number_offers_both_readings_when_the_last_group_has_three_digits() -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number("1234.567")
    assert "“1234,567”" in str(caught.value)
    assert "“1.234.567”" in str(caught.value)


@pytest.mark.parametrize(
    "typed", ["35.8", "1,234,5", "1.23.456", "12 34", "1,234.56", "35,", ",5", "-35.8", "120,4%"]
)
def test_parse_number_suggestions_are_themselves_valid(typed: str) -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number(typed)
    suggestion = caught.value.suggestion
    assert suggestion is not None
    assert f"“{suggestion}”" in str(caught.value)
    parse_number(suggestion)


def test_parse_number_error_is_a_value_error_keeping_the_sign_in_the_suggestion() -> None:
    with pytest.raises(ValueError, match="“-35,8”"):
        parse_number("-35.8")


@pytest.mark.parametrize("typed", [",", "-,", ".", ".,", "-%", "+", "1.23,", "%5"])
def test_parse_number_rejects_input_without_a_usable_number(typed: str) -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number(typed)
    suggestion = caught.value.suggestion
    assert suggestion is None or parse_number(suggestion) is not None


@given(st.text(alphabet="0123456789.,-% \u00a0", max_size=10))
def test_parse_number_never_suggests_an_entry_it_would_reject(typed: str) -> None:
    for parse in (parse_number, parse_percent):
        try:
            parse(typed)
        except VietnameseInputError as error:
            assert is_nfc(str(error))
            if error.suggestion is not None:
                parse(error.suggestion)


def test_parse_number_gives_no_suggestion_when_none_can_be_worked_out() -> None:
    with pytest.raises(VietnameseInputError) as caught:
        parse_number("1,2,3")
    assert caught.value.suggestion is None


# --- parse_percent ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("120,4%", Decimal("120.4")),
        ("120,4 %", Decimal("120.4")),
        ("120,4\u00a0%", Decimal("120.4")),
        ("0,05%", Decimal("0.05")),
        ("9,7", Decimal("9.7")),
        ("-1,23%", Decimal("-1.23")),
        ("103%", Decimal("103")),
    ],
)
def test_parse_percent_accepts_an_optional_percent_sign(typed: str, expected: Decimal) -> None:
    assert parse_percent(typed) == expected


@pytest.mark.parametrize(("typed", "remedy"), [("35.8%", "“35,8%”"), ("%", "“35,8%”")])
def test_parse_percent_remedies_keep_the_percent_sign(typed: str, remedy: str) -> None:
    with pytest.raises(VietnameseInputError, match=remedy):
        parse_percent(typed)


# --- format_number and friends ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2865"), "2.865"),
        (Decimal("41818.8"), "41.818,8"),
        (Decimal("35.80"), "35,8"),
        (Decimal("103.0"), "103"),
        (1000000, "1.000.000"),
        (0, "0"),
        (Decimal("0.00"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("-1.23"), "-1,23"),
        (Decimal("0.05"), "0,05"),
        (Decimal("999"), "999"),
        (-2865, "-2.865"),
        (Decimal("1234567.891234"), "1.234.567,891234"),
    ],
)
def test_format_number_drops_an_all_zero_fraction(value: Decimal | int, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("120.449"), 1, "120,4"),
        (Decimal("120.45"), 1, "120,5"),
        (Decimal("120.25"), 1, "120,3"),
        (Decimal("-120.45"), 1, "-120,5"),
        (Decimal("99.96"), 1, "100"),
        (Decimal("999.96"), 1, "1.000"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-0.04"), 1, "0"),
        (Decimal("35.80"), 2, "35,8"),
        (Decimal("6.4666"), 2, "6,47"),
        (7, 2, "7"),
    ],
)
def test_format_number_rounds_half_up_then_drops_trailing_zeros(
    value: Decimal | int, decimals: int, expected: str
) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1E+3"), "1.000"),
        (Decimal("1.5E+7"), "15.000.000"),
        (Decimal("1E-7"), "0,0000001"),
        (
            Decimal("123456789012345678901234567890.12"),
            "123.456.789.012.345.678.901.234.567.890,12",
        ),
    ],
)
def test_format_number_never_uses_scientific_notation(value: Decimal, expected: str) -> None:
    assert format_number(value) == expected


def test_format_number_leaves_the_decimal_context_alone() -> None:
    before = decimal.getcontext().copy()
    format_number(Decimal("123456789012345678901234567890.125"), 2)
    after = decimal.getcontext()
    assert (after.prec, after.rounding) == (before.prec, before.rounding)


@pytest.mark.parametrize("bad", [1.5, "3", True, None])
def test_format_number_refuses_floats_and_other_types(bad: object) -> None:
    with pytest.raises(TypeError):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_format_number_refuses_non_finite_values(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        format_number(bad)


def test_format_number_refuses_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(Decimal("1.5"), -1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("120.4"), None, "120,4%"),
        (Decimal("0.05"), None, "0,05%"),
        (Decimal("103.0"), None, "103%"),
        (Decimal("6.475"), 2, "6,48%"),
        (Decimal("-1.23"), None, "-1,23%"),
        (0, None, "0%"),
    ],
)
def test_format_percent_attaches_the_sign_without_a_space(
    value: Decimal | int, decimals: int | None, expected: str
) -> None:
    assert format_percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (35_800_000_000, "35,8 tỷ đồng"),
        (2_500_000, "2,5 triệu đồng"),
        (15_000, "15 nghìn đồng"),
        (500, "500 đồng"),
        (1_234_500_000_000, "1.234,5 tỷ đồng"),
        (0, "0 đồng"),
        (-2_500_000, "-2,5 triệu đồng"),
        (1_000_000_000, "1 tỷ đồng"),
        (999_999, "1 triệu đồng"),
        (999_960_000, "1 tỷ đồng"),
        (999, "999 đồng"),
        (Decimal("41818800000"), "41,8 tỷ đồng"),
    ],
)
def test_format_money_uses_the_largest_scale_reaching_one(
    amount: Decimal | int, expected: str
) -> None:
    assert format_money(amount) == expected


def test_format_money_honours_more_decimals() -> None:
    assert format_money(35_856_000_000, decimals=2) == "35,86 tỷ đồng"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (Decimal("35.8"), "tỷ đồng", None, "35,8 tỷ đồng"),
        (Decimal("120.44"), "%", 1, "120,4%"),
        (2865, "nghìn lượt", None, "2.865 nghìn lượt"),
        (Decimal("41818.8"), "ha", None, "41.818,8 ha"),
        (12, "", None, "12"),
        (Decimal("3"), nfd("đảng viên"), None, "3 đảng viên"),
    ],
)
def test_format_quantity_puts_the_unit_after_the_number(
    value: Decimal | int, unit: str, decimals: int | None, expected: str
) -> None:
    assert format_quantity(value, unit, decimals) == expected


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (Decimal("120.4"), Decimal("100"), Decimal("120.4")),
        (Decimal("1"), Decimal("8"), Decimal("12.5")),
        (5, 5, Decimal("100")),
        (Decimal("-3"), Decimal("4"), Decimal("-75")),
    ],
)
def test_percent_of_is_value_over_base_times_hundred(
    value: Decimal | int, base: Decimal | int, expected: Decimal
) -> None:
    assert percent_of(value, base) == expected


def test_percent_of_a_zero_base_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        percent_of(Decimal("5"), Decimal("0"))


@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_parse_number_reads_back_what_format_number_writes(value: Decimal) -> None:
    written = format_number(value)
    read = parse_number(written)
    assert read == value
    assert not re.search(r",\d*0$", written)
    assert "E" not in written


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 9, 15), "ngày 15 tháng 9 năm 2023"),
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (date(2025, 1, 1), "ngày 01 tháng 01 năm 2025"),
        (date(2023, 12, 9), "ngày 09 tháng 12 năm 2023"),
        (date(2023, 1, 31), "ngày 31 tháng 01 năm 2023"),
        (date(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
        (date(2023, 3, 10), "ngày 10 tháng 3 năm 2023"),
        (date(2023, 10, 1), "ngày 01 tháng 10 năm 2023"),
        (date(2023, 11, 30), "ngày 30 tháng 11 năm 2023"),
    ],
)
def test_official_date_pads_days_below_ten_and_months_one_and_two(day: date, expected: str) -> None:
    assert official_date(day) == expected


@pytest.mark.parametrize("month", [1, 2, 3])
@pytest.mark.parametrize("day_of_month", range(1, 10))
def test_official_date_padding_on_the_first_nine_days_of_early_months(
    month: int, day_of_month: int
) -> None:
    month_text = {1: "01", 2: "02", 3: "3"}[month]
    expected = f"ngày 0{day_of_month} tháng {month_text} năm 2024"
    assert official_date(date(2024, month, day_of_month)) == expected


def test_official_date_line_puts_the_place_first() -> None:
    assert official_date_line("Bắc Sơn", date(2023, 9, 15)) == "Bắc Sơn, ngày 15 tháng 9 năm 2023"


def test_official_date_line_normalises_the_place_to_nfc() -> None:
    line = official_date_line(nfd(" Bắc Sơn "), date(2024, 2, 5))
    assert line == "Bắc Sơn, ngày 05 tháng 02 năm 2024"
    assert is_nfc(line)


def test_official_date_line_without_a_place_asks_for_one() -> None:
    with pytest.raises(VietnameseInputError, match="địa danh"):
        official_date_line("  ", date(2023, 9, 15))


@pytest.mark.parametrize(
    ("day", "part", "capitalize", "expected"),
    [
        (date(2023, 9, 15), None, True, "15/9/2023"),
        (date(2022, 11, 30), "chiều", True, "Chiều 30/11/2022"),
        (date(2022, 11, 30), "chiều", False, "chiều 30/11/2022"),
        (date(2024, 1, 5), "sáng", True, "Sáng 5/1/2024"),
        (date(2024, 1, 5), "tối", False, "tối 5/1/2024"),
        (date(2024, 1, 5), "trưa", True, "Trưa 5/1/2024"),
    ],
)
def test_news_date_has_no_padding_and_an_optional_part_of_day(
    day: date, part: vi.PartOfDay | None, capitalize: bool, expected: str
) -> None:
    assert news_date(day, part, capitalize=capitalize) == expected


@pytest.mark.parametrize(
    ("day", "expected"), [(date(2026, 6, 18), "18/6"), (date(2024, 1, 5), "5/1")]
)
def test_day_month_is_the_news_date_without_its_year(day: date, expected: str) -> None:
    assert vi.day_month(day) == expected


def test_news_date_rejects_an_unknown_part_of_day() -> None:
    with pytest.raises(ValueError):
        news_date(date(2024, 1, 5), "đêm")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2013, 5, 29), "29/5/2013"), (date(2024, 1, 1), "1/1/2024")],
)
def test_short_date_is_day_slash_month_slash_year(day: date, expected: str) -> None:
    assert short_date(day) == expected


def test_month_year_is_month_slash_year() -> None:
    assert month_year(5, 2017) == "5/2017"


@pytest.mark.parametrize("month", [0, 13])
def test_month_year_rejects_impossible_months(month: int) -> None:
    with pytest.raises(ValueError):
        month_year(month, 2017)


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "short", "expected"),
    [
        ("quarter", 2024, 1, False, "quý I năm 2024"),
        ("quarter", 2024, 1, True, "quý I/2024"),
        ("quarter", 2023, 4, False, "quý IV năm 2023"),
        ("quarter", 2025, 3, True, "quý III/2025"),
        ("first_6_months", 2024, None, False, "6 tháng đầu năm 2024"),
        ("first_9_months", 2023, None, False, "9 tháng đầu năm 2023"),
        ("last_3_months", 2023, None, False, "3 tháng cuối năm 2023"),
        ("last_6_months", 2024, None, False, "6 tháng cuối năm 2024"),
        ("year", 2023, None, False, "năm 2023"),
        ("year", 2023, None, True, "năm 2023"),
        ("first_6_months", 2024, None, True, "6 tháng đầu năm 2024"),
    ],
)
def test_period_name_spells_the_reporting_period(
    kind: vi.PeriodKind, year: int, quarter: int | None, short: bool, expected: str
) -> None:
    assert period_name(kind, year, quarter, short=short) == expected


@pytest.mark.parametrize(
    ("kind", "quarter"),
    [("quarter", None), ("quarter", 0), ("quarter", 5), ("year", 1), ("first_9_months", 3)],
)
def test_period_name_rejects_a_quarter_that_does_not_fit_the_kind(
    kind: vi.PeriodKind, quarter: int | None
) -> None:
    with pytest.raises(ValueError):
        period_name(kind, 2024, quarter)
    with pytest.raises(ValueError):
        next_period(kind, 2024, quarter)


def test_period_name_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        period_name("decade", 2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("current", "following", "following_name"),
    [
        (("quarter", 2023, 4), ("quarter", 2024, 1), "quý I/2024"),
        (("quarter", 2024, 1), ("quarter", 2024, 2), "quý II/2024"),
        (("quarter", 2024, 3), ("quarter", 2024, 4), "quý IV/2024"),
        (("year", 2022, None), ("year", 2023, None), "năm 2023"),
        (("first_9_months", 2023, None), ("last_3_months", 2023, None), "3 tháng cuối năm 2023"),
        (("first_6_months", 2024, None), ("last_6_months", 2024, None), "6 tháng cuối năm 2024"),
        (("last_3_months", 2023, None), ("year", 2024, None), "năm 2024"),
        (("last_6_months", 2024, None), ("year", 2025, None), "năm 2025"),
    ],
)
def test_next_period_follows_the_current_one_across_year_ends(
    current: tuple[vi.PeriodKind, int, int | None],
    following: tuple[vi.PeriodKind, int, int | None],
    following_name: str,
) -> None:
    result = next_period(*current)
    assert result == following
    assert period_name(*result, short=True) == following_name


# --- number words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (2865, "hai nghìn tám trăm sáu mươi lăm"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (2_500_000, "hai triệu năm trăm nghìn"),
        (2_000_000_000, "hai tỷ"),
        (35_800_000_000, "ba mươi lăm tỷ tám trăm triệu"),
        (
            999_999_999_999,
            "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
        ),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-25, "âm hai mươi lăm"),
        (-1, "âm một"),
    ],
)
def test_number_words_reads_numbers_aloud(n: int, expected: str) -> None:
    assert number_words(n) == expected


ORDINALS_1_TO_31 = {
    1: "thứ nhất",
    2: "thứ hai",
    3: "thứ ba",
    4: "thứ tư",
    5: "thứ năm",
    6: "thứ sáu",
    7: "thứ bảy",
    8: "thứ tám",
    9: "thứ chín",
    10: "thứ mười",
    11: "thứ mười một",
    12: "thứ mười hai",
    13: "thứ mười ba",
    14: "thứ mười bốn",
    15: "thứ mười lăm",
    16: "thứ mười sáu",
    17: "thứ mười bảy",
    18: "thứ mười tám",
    19: "thứ mười chín",
    20: "thứ hai mươi",
    21: "thứ hai mươi mốt",
    22: "thứ hai mươi hai",
    23: "thứ hai mươi ba",
    24: "thứ hai mươi tư",
    25: "thứ hai mươi lăm",
    26: "thứ hai mươi sáu",
    27: "thứ hai mươi bảy",
    28: "thứ hai mươi tám",
    29: "thứ hai mươi chín",
    30: "thứ ba mươi",
    31: "thứ ba mươi mốt",
}


@pytest.mark.parametrize(("n", "expected"), sorted(ORDINALS_1_TO_31.items()))
def test_ordinal_words_match_the_conference_usage(n: int, expected: str) -> None:
    assert ordinal_words(n) == expected


@pytest.mark.parametrize("n", [0, -3])
def test_ordinal_words_start_at_one(n: int) -> None:
    with pytest.raises(ValueError):
        ordinal_words(n)


ROMAN_1_TO_40 = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX",
    "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII", "XXXVIII", "XXXIX", "XL",
]  # fmt: skip


@pytest.mark.parametrize(("n", "expected"), list(enumerate(ROMAN_1_TO_40, start=1)))
def test_roman_numerals_for_terms_and_congresses(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1999, "MCMXCIX"), (2024, "MMXXIV"), (3999, "MMMCMXCIX")]
)
def test_roman_numerals_beyond_forty(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_rejects_numbers_outside_one_to_3999(n: int) -> None:
    with pytest.raises(ValueError):
        roman(n)


# --- lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "kwargs", "expected"),
    [
        ([], {}, ""),
        (["A"], {}, "A"),
        (["A", "B"], {}, "A và B"),
        (["A", "B", "C"], {}, "A, B và C"),
        (["A", "B", "C"], {"sep": "; ", "last": "; "}, "A; B; C"),
        (["A", "B"], {"last": "hoặc"}, "A hoặc B"),
        (("kinh tế", "xã hội", "quốc phòng"), {}, "kinh tế, xã hội và quốc phòng"),
        (
            ["Nghị quyết số 1, ngày 5/1", "Kế hoạch số 2"],
            {},
            "Nghị quyết số 1, ngày 5/1; Kế hoạch số 2",
        ),
        (["A, B", "C", "D"], {}, "A, B; C; D"),  # items with commas: semicolons show the ends
        (["A, B", "C"], {"sep": "; ", "last": "; "}, "A, B; C"),
    ],
)
def test_join_list_reads_like_running_text(
    items: list[str], kwargs: dict[str, str], expected: str
) -> None:
    assert join_list(items, **kwargs) == expected


def test_join_list_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError):
        join_list("ABC")


# --- text hygiene ----------------------------------------------------------------------------

MODERN_OLD_PAIRS = [
    ("hòa", "hoà"),
    ("hòe", "hoè"),
    ("thủy", "thuỷ"),
    ("ủy", "uỷ"),
    ("khỏe", "khoẻ"),
    ("Hòa", "Hoà"),
    ("HÒA", "HOÀ"),
    ("Thanh Hóa", "Thanh Hoá"),
    ("đóa", "đoá"),
    ("họa", "hoạ"),
    ("xõa", "xoã"),
    ("lũy", "luỹ"),
    ("Ủy ban", "Uỷ ban"),
    ("Huyện ủy Bắc Sơn, Tỉnh ủy", "Huyện uỷ Bắc Sơn, Tỉnh uỷ"),
    ("(hòa bình)", "(hoà bình)"),
]


@pytest.mark.parametrize(("modern", "old"), MODERN_OLD_PAIRS)
def test_normalize_text_moves_the_tone_in_open_oa_oe_uy(modern: str, old: str) -> None:
    assert normalize_text(old, "modern") == modern
    assert normalize_text(modern, "old") == old
    assert normalize_text(modern) == modern


@pytest.mark.parametrize(
    "word",
    [
        "hoàn",
        "thuyền",
        "khoáng",
        "toán",
        "quyết",
        "quý",
        "quỳnh",
        "Quý",
        "QUỲ",
        "giữa",
        "hoài",
        "xoáy",
        "khuỷu",
        "thuế",
        "của",
        "hoa",
    ],
)
def test_normalize_text_leaves_closed_syllables_and_qu_alone(word: str) -> None:
    assert normalize_text(word, "modern") == word
    assert normalize_text(word, "old") == word


def test_normalize_text_composes_decomposed_input() -> None:
    typed = nfd("Hội nghị Ban Chấp hành Đảng bộ tỉnh Thanh Hoá")
    assert not is_nfc(typed)
    result = normalize_text(typed)
    assert result == "Hội nghị Ban Chấp hành Đảng bộ tỉnh Thanh Hóa"
    assert is_nfc(result)


def test_normalize_text_keeps_the_rest_of_the_text_intact() -> None:
    text = "Ngày 15/9, Huyện uỷ (khoá XXII) họp: 120,4%; hoà giải… OK!"
    expected = "Ngày 15/9, Huyện ủy (khóa XXII) họp: 120,4%; hòa giải… OK!"
    assert normalize_text(text, "modern") == expected


@pytest.mark.parametrize("text", ["UỲ\u0300", "hoà\u0301 bình", "thuỷ\u0323"])
def test_normalize_text_leaves_a_word_with_a_stray_combining_mark_alone(text: str) -> None:
    for style in ("modern", "old"):
        result = normalize_text(text, style)  # type: ignore[arg-type]
        assert result == unicodedata.normalize("NFC", text)
        assert is_nfc(result)


def test_normalize_text_rejects_an_unknown_style() -> None:
    with pytest.raises(ValueError):
        normalize_text("hoà", "new")  # type: ignore[arg-type]


SYLLABLE_PARTS = st.sampled_from(
    [
        "h", "th", "kh", "qu", "gi", "ng", "đ", "T", "", "oa", "oe", "uy", "ò", "à", "ỏ", "ẻ",
        "ủ", "ỷ", "ý", "ú", "n", "ng", "i", "ê", "ơ", "\u0300", "\u0301", "\u0323", " ", ",",
        "Ò", "Ỷ", "UY", "OA",
    ]
)  # fmt: skip
VIETNAMESE_LIKE_TEXT = st.lists(SYLLABLE_PARTS, max_size=12).map("".join) | st.text(max_size=20)


@given(VIETNAMESE_LIKE_TEXT, st.sampled_from(["modern", "old"]))
def test_normalize_text_is_idempotent(text: str, style: vi.ToneStyle) -> None:
    once = normalize_text(text, style)
    assert normalize_text(once, style) == once
    assert is_nfc(once)


@given(VIETNAMESE_LIKE_TEXT)
def test_normalize_text_round_trips_between_styles(text: str) -> None:
    modern = normalize_text(text, "modern")
    assert normalize_text(normalize_text(modern, "old"), "modern") == modern
    old = normalize_text(text, "old")
    assert normalize_text(normalize_text(old, "modern"), "old") == old


@pytest.mark.parametrize(
    ("text", "expected"), [("hòa", True), (nfd("hòa"), False), ("", True), ("abc", True)]
)
def test_is_nfc_detects_decomposed_text(text: str, expected: bool) -> None:
    assert is_nfc(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chiều 30/11", "Chiều 30/11"),
        ("", ""),
        ("ủy ban nhân dân", "Ủy ban nhân dân"),
        ("đảng bộ", "Đảng bộ"),
        ("“hội nghị”", "“Hội nghị”"),
        ("30/11 chiều", "30/11 chiều"),
        ("Đã", "Đã"),
        (nfd("ủy ban"), "Ủy ban"),
    ],
)
def test_capitalize_first_changes_only_the_first_letter(text: str, expected: str) -> None:
    assert capitalize_first(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện ủy Bắc Sơn", "HUYỆN ỦY BẮC SƠN"),
        ("đảng bộ tỉnh", "ĐẢNG BỘ TỈNH"),
        (nfd("nghị quyết"), "NGHỊ QUYẾT"),
        ("quý I/2024", "QUÝ I/2024"),
    ],
)
def test_upper_vi_upper_cases_in_nfc(text: str, expected: str) -> None:
    result = upper_vi(text)
    assert result == expected
    assert is_nfc(result)


def _lexicon_strings(value: object) -> list[str]:
    """Return every string inside a lexicon constant."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in _lexicon_strings(k) + _lexicon_strings(v)]
    if isinstance(value, tuple | frozenset):
        return [s for item in value for s in _lexicon_strings(item)]
    return []


def test_lexicon_is_entirely_nfc() -> None:
    names = [n for n in dir(vi) if n.isupper() and not n.startswith("_")]
    strings = [s for n in names for s in _lexicon_strings(getattr(vi, n))]
    assert len(strings) > 60
    assert all(is_nfc(s) for s in strings)
    assert "thứ" in strings
    assert "tỷ" in strings
