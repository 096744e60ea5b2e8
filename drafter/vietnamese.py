"""Vietnamese numbers, dates, periods, number words and text hygiene for official documents.

Pure functions only: no I/O and no changes to global state (the decimal context is only
ever changed inside ``localcontext``). Rules follow the domain guide, sections 6 and 7:
decimal comma and thousands dot, official date padding, tone-mark placement styles.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final, Literal, NamedTuple, get_args

from babel.numbers import format_decimal  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "PARTS_OF_DAY",
    "PERIOD_KINDS",
    "PartOfDay",
    "PeriodKind",
    "ToneStyle",
    "VietnameseInputError",
    "capitalize_first",
    "day_month",
    "format_money",
    "format_number",
    "format_percent",
    "format_quantity",
    "is_nfc",
    "join_list",
    "month_year",
    "news_date",
    "next_period",
    "normalize_text",
    "number_words",
    "official_date",
    "official_date_line",
    "ordinal_words",
    "parse_number",
    "parse_percent",
    "percent_of",
    "period_name",
    "roman",
    "short_date",
    "upper_vi",
]

# =============================================================================================
# LEXICON: every Vietnamese word and clerk-facing message this module emits. All strings NFC
# (checked by the tests). Nothing Vietnamese is written inside the functions below.
# =============================================================================================

ToneStyle = Literal["modern", "old"]
PartOfDay = Literal["sáng", "trưa", "chiều", "tối"]
PeriodKind = Literal[
    "quarter", "first_6_months", "first_9_months", "last_3_months", "last_6_months", "year"
]

PARTS_OF_DAY: Final[tuple[str, ...]] = get_args(PartOfDay)
PERIOD_KINDS: Final[tuple[str, ...]] = get_args(PeriodKind)

# Cardinal numbers.
DIGIT_WORDS: Final[tuple[str, ...]] = (
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
)  # fmt: skip
WORD_TEN: Final = "mười"  # 10..19
WORD_TENS: Final = "mươi"  # after 2..9: "hai mươi"
WORD_HUNDRED: Final = "trăm"
WORD_ZERO_TENS: Final = "linh"  # "một trăm linh một"
WORD_ONE_AFTER_TENS: Final = "mốt"  # "hai mươi mốt" (from 21 up, not after "mười")
WORD_FOUR_AFTER_TENS: Final = "tư"  # "hai mươi tư" (only after "mươi")
WORD_FIVE_AFTER_TEN: Final = "lăm"  # "mười lăm", "hai mươi lăm"
WORD_THOUSAND: Final = "nghìn"
WORD_MILLION: Final = "triệu"
WORD_BILLION: Final = "tỷ"
WORD_MINUS: Final = "âm"

# Ordinals: "thứ nhất", "thứ tư", otherwise "thứ" + cardinal.
WORD_ORDINAL: Final = "thứ"
ORDINAL_SPECIAL: Final[Mapping[int, str]] = {1: "nhất", 4: "tư"}

# Money: (power of ten, scale word), largest first; the currency word follows the scale.
MONEY_SCALES: Final[tuple[tuple[int, str], ...]] = (
    (9, WORD_BILLION),
    (6, WORD_MILLION),
    (3, WORD_THOUSAND),
    (0, ""),
)
WORD_CURRENCY: Final = "đồng"

# Dates.
WORD_DAY: Final = "ngày"
WORD_MONTH: Final = "tháng"
WORD_YEAR: Final = "năm"

# Periods.
WORD_QUARTER: Final = "quý"
PERIOD_PHRASES: Final[Mapping[str, str]] = {
    "first_6_months": "6 tháng đầu năm",
    "first_9_months": "9 tháng đầu năm",
    "last_3_months": "3 tháng cuối năm",
    "last_6_months": "6 tháng cuối năm",
    "year": WORD_YEAR,
}

# Lists in running text: "A, B và C".
WORD_AND: Final = "và"

# Syllable onsets that may precede the open rhymes oa, oe, uy. "qu" is deliberately absent:
# in "quý" the u belongs to the onset, so the rhyme is "y" and nothing moves.
ONSETS: Final[frozenset[str]] = frozenset(
    {
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
        "ng", "ngh", "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x",
    }
)  # fmt: skip

# Clerk-facing messages: (what is wrong, what to type instead). Placeholders: {text} is what
# the clerk typed, {suggestion} a corrected entry, {suffix} "%" when a percentage is expected.
MSG_EMPTY: Final = (
    "Chưa nhập số.",
    "Hãy gõ một số, ví dụ “2.865” hoặc “35,8{suffix}”.",
)
MSG_NOT_A_NUMBER: Final = (
    "“{text}” không phải là một số.",
    "Hãy chỉ gõ chữ số, dấu chấm phân cách hàng nghìn và dấu phẩy trước phần thập phân, "
    "ví dụ “2.865” hoặc “35,8{suffix}”.",
)
MSG_PERCENT_NOT_ALLOWED: Final = (
    "“{text}” có dấu %, nhưng ở đây cần một số thường.",
    "Hãy bỏ dấu %, gõ “{suggestion}”.",
)
MSG_AMBIGUOUS_DOT: Final = (
    "Số “{text}” không rõ nghĩa: trong tiếng Việt dấu chấm chỉ dùng để phân cách hàng nghìn "
    "(mỗi nhóm sau dấu chấm đủ 3 chữ số, ví dụ “2.865”), còn phần thập phân đứng sau dấu phẩy.",
    "Nếu đây là số thập phân, hãy gõ “{suggestion}”.",
)
MSG_OR_INTEGER: Final = " Nếu là số nguyên, hãy gõ “{integer}”."
MSG_BAD_GROUPING: Final = (
    "Số “{text}” phân nhóm hàng nghìn sai: nhóm đầu có 1 đến 3 chữ số, mỗi nhóm sau dấu chấm "
    "(hoặc dấu cách) phải đủ 3 chữ số, và không dùng lẫn dấu chấm với dấu cách.",
    "Hãy gõ “{suggestion}”.",
)
MSG_MANY_COMMAS: Final = (
    "Số “{text}” có {count} dấu phẩy, nhưng một số chỉ có tối đa một dấu phẩy (đứng trước "
    "phần thập phân); hàng nghìn phân cách bằng dấu chấm.",
    "Hãy gõ “{suggestion}”.",
)
MSG_ENGLISH_STYLE: Final = (
    "Số “{text}” viết theo kiểu tiếng Anh (dấu phẩy phân cách hàng nghìn, dấu chấm trước "
    "phần thập phân); tiếng Việt dùng ngược lại.",
    "Hãy gõ “{suggestion}”.",
)
MSG_BAD_FRACTION: Final = (
    "Phần sau dấu phẩy của “{text}” chỉ được gồm chữ số.",
    "Hãy gõ phần thập phân liền sau dấu phẩy, ví dụ “1.234,5{suffix}”.",
)
MSG_MISSING_FRACTION: Final = (
    "Số “{text}” thiếu chữ số sau dấu phẩy.",
    "Hãy bỏ dấu phẩy (gõ “{suggestion}”) hoặc gõ thêm phần thập phân, ví dụ “{example}”.",
)
MSG_MISSING_INTEGER: Final = (
    "Số “{text}” thiếu phần nguyên trước dấu phẩy.",
    "Hãy gõ “{suggestion}”.",
)
MSG_MISSING_PLACE: Final = (
    "Chưa có địa danh cho dòng ngày tháng.",
    "Hãy nhập tên địa danh, ví dụ “Bắc Sơn”.",
)
MSG_MANY_COMMAS_PATTERN: Final = "Hãy gõ theo mẫu “1.234,5{suffix}”."

# =============================================================================================
# End of lexicon.
# =============================================================================================

_SIGNS: Final[Mapping[str, str]] = {"-": "-", "\u2212": "-", "+": ""}
# A plain space, a no-break space and a narrow no-break space may group thousands.
_SPACES: Final[frozenset[str]] = frozenset({" ", "\u00a0", "\u202f"})
_NUMBER_CHARS: Final[frozenset[str]] = frozenset("0123456789.,") | _SPACES
_DIGITS: Final[frozenset[str]] = frozenset("0123456789")
# Combining grave, acute, tilde, hook above, dot below: the five Vietnamese tone marks.
_TONE_MARKS: Final[frozenset[str]] = frozenset("\u0300\u0301\u0303\u0309\u0323")
_OPEN_RHYMES: Final[frozenset[str]] = frozenset({"oa", "oe", "uy"})
# Only words ending in an open oa/oe/uy rhyme can change; finding them first keeps it fast.
_OPEN_RHYME_WORD_RE: Final = re.compile(
    r"(?<![^\W\d_])[^\W\d_]*(?:[oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])(?![^\W\d_])",
    re.IGNORECASE,
)
_ROMAN: Final[tuple[tuple[int, str], ...]] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_NEXT_PERIOD: Final[Mapping[PeriodKind, PeriodKind]] = {
    "first_6_months": "last_6_months",
    "first_9_months": "last_3_months",
    "last_3_months": "year",
    "last_6_months": "year",
    "year": "year",
}


class VietnameseInputError(ValueError):
    """Raised for text a clerk typed that cannot be read; str(e) is a Vietnamese message.

    ``fact`` says what is wrong, ``remedy`` what to type instead, and ``suggestion`` is a
    corrected entry when one can be worked out (a form may offer it as the default).
    """

    def __init__(self, fact: str, remedy: str = "", *, suggestion: str | None = None) -> None:
        self.fact = fact
        self.remedy = remedy
        self.suggestion = suggestion
        super().__init__(f"{fact} {remedy}" if remedy else fact)


def _input_error(
    template: tuple[str, str], *, suggestion: str | None = None, **fields: object
) -> VietnameseInputError:
    """Return the error built from a lexicon message pair."""
    fact, remedy = template
    return VietnameseInputError(
        fact.format(suggestion=suggestion, **fields),
        remedy.format(suggestion=suggestion, **fields),
        suggestion=suggestion,
    )


# --- Decimal helpers -------------------------------------------------------------------------


def _to_decimal(value: Decimal | int) -> Decimal:
    """Return ``value`` as a finite Decimal; floats are refused because they are inexact."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected Decimal or int, got {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"cannot format a non-finite number: {result}")
    return result


@contextmanager
def _wide_context(value: Decimal, extra: int = 0) -> Iterator[None]:
    """Run the block with enough precision that no digit of ``value`` is ever lost."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + abs(exponent) + max(extra, 0) + 2)
        yield


def _strip_zeros(value: Decimal) -> Decimal:
    """Return ``value`` without trailing fraction zeros and without a positive exponent."""
    if value == 0:
        return Decimal(0)  # also turns -0 into 0
    with _wide_context(value):
        result = value.normalize()
        exponent = result.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            result = result.quantize(Decimal(1))
    return result


def _round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Return ``value`` rounded half-up to ``decimals`` places (school rounding, not banker's)."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    with _wide_context(value, decimals):
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _prepare(value: Decimal | int, decimals: int | None) -> Decimal:
    """Return the value to print: rounded when asked, trailing zeros dropped."""
    number = _to_decimal(value)
    if decimals is not None:
        number = _round_half_up(number, decimals)
    return _strip_zeros(number)


def _babel(value: Decimal) -> str:
    """Return ``value`` with Vietnamese separators, printing exactly its own digits."""
    return _babel_text(str(value))  # str keeps every digit and the exponent: an exact key


@functools.lru_cache(maxsize=4096)  # Babel is slow per call, and a batch repeats its numbers
def _babel_text(text: str) -> str:
    value = Decimal(text)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(-exponent, 0)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with _wide_context(value):  # Babel quantizes in the current context and would overflow
        return str(format_decimal(value, format=pattern, locale="vi"))


def percent_of(value: Decimal | int, base: Decimal | int) -> Decimal:
    """Return ``value / base * 100`` (28 significant digits); ValueError when base is zero."""
    numerator, denominator = _to_decimal(value), _to_decimal(base)
    if denominator == 0:
        raise ValueError("percent_of: base must not be zero")
    with localcontext() as ctx:
        ctx.prec = 28
        return numerator * 100 / denominator


# --- Parsing ---------------------------------------------------------------------------------


def _valid_groups(groups: Sequence[str]) -> bool:
    """Return whether digit groups read as thousands: 1-3 digits, then groups of exactly 3."""
    if not all(g and set(g) <= _DIGITS for g in groups):
        return False
    if len(groups) == 1:
        return True
    head = groups[0]
    return len(head) <= 3 and not head.startswith("0") and all(len(g) == 3 for g in groups[1:])


def _integer_text(digits: str) -> str:
    """Return a digit string regrouped with thousands dots: "123456" -> "123.456"."""
    return _babel(Decimal(int(digits)))


def _parses(candidate: str, *, percent: bool = False) -> bool:
    """Return whether ``candidate`` parses cleanly: a suggestion must never be another error."""
    try:
        _read(candidate, percent=percent)
    except VietnameseInputError:
        return False
    return True


class _Typed(NamedTuple):
    """What the clerk typed (for messages), the sign read, and "%" when a percentage."""

    shown: str
    sign: str
    suffix: str


def _split_fraction(body: str, typed: _Typed) -> tuple[str, str | None]:
    """Return (integer part, fraction digits or None), rejecting misplaced commas."""
    shown, sign, suffix = typed
    commas = body.count(",")
    if commas > 1:
        parts = body.split(",")
        if "." not in body and all(len(p) == 3 for p in parts[1:]):
            candidate = ".".join(parts)  # "1,234,567" written the English way
        else:
            candidate = ".".join(parts[:-1]) + "," + parts[-1]
        error = _input_error(
            MSG_MANY_COMMAS, text=shown, count=commas, suggestion=sign + candidate + suffix
        )
        if not _parses(candidate):
            error = VietnameseInputError(error.fact, MSG_MANY_COMMAS_PATTERN.format(suffix=suffix))
        raise error
    if not commas:
        return body, None
    integer_part, _, fraction = body.partition(",")
    if set(fraction) - _DIGITS:
        swapped = body.translate(str.maketrans(",.", ".,"))
        if "." in fraction and _parses(swapped):
            raise _input_error(MSG_ENGLISH_STYLE, text=shown, suggestion=sign + swapped + suffix)
        raise _input_error(MSG_BAD_FRACTION, text=shown, suffix=suffix)
    if not fraction:
        whole = sign + integer_part + suffix
        example = sign + integer_part + ",5" + suffix
        raise _input_error(MSG_MISSING_FRACTION, text=shown, suggestion=whole, example=example)
    if not integer_part:
        suggestion = f"{sign}0,{fraction}{suffix}"
        raise _input_error(MSG_MISSING_INTEGER, text=shown, suggestion=suggestion)
    return integer_part, fraction


def _integer_digits(integer_part: str, fraction: str | None, typed: _Typed) -> str:
    """Return the digits of an integer part grouped by dots or spaces, checking the groups."""
    shown, sign, suffix = typed
    groups = re.split(r"[. \u00a0\u202f]", integer_part)
    digits = "".join(groups)
    separators = set(integer_part) - _DIGITS
    if len(separators) <= 1 and _valid_groups(groups):
        return digits
    head = ".".join(groups[:-1]) or "0"  # ".5" reads as "0.5"
    last = groups[-1]
    if separators == {"."} and fraction is None and last and _parses(head):
        # The last dot was probably meant as a decimal point: say so, never guess.
        error = _input_error(
            MSG_AMBIGUOUS_DOT, text=shown, suggestion=f"{sign}{head},{last}{suffix}"
        )
        if len(last) == 3 and groups[0][:1] not in ("", "0"):
            integer = sign + _integer_text(digits) + suffix
            error.remedy += MSG_OR_INTEGER.format(integer=integer)
            error.args = (f"{error.fact} {error.remedy}",)
        raise error
    tail = "" if fraction is None else "," + fraction
    suggestion = f"{sign}{_integer_text(digits or '0')}{tail}{suffix}"
    raise _input_error(MSG_BAD_GROUPING, text=shown, suggestion=suggestion)


@functools.lru_cache(maxsize=4096)  # a batch repeats its numbers; a Decimal is immutable
def _parse(raw: str, *, percent: bool) -> Decimal:
    """Return the Decimal a Vietnamese clerk meant by ``raw``, or raise with a remedy.

    A suggested correction that would itself be rejected is dropped for a general remedy.
    """
    try:
        return _read(raw, percent=percent)
    except VietnameseInputError as error:
        if error.suggestion is None or _parses(error.suggestion, percent=percent):
            raise
        remedy = MSG_NOT_A_NUMBER[1].format(suffix="%" if percent else "")
        raise VietnameseInputError(error.fact, remedy) from None


def _read(raw: str, *, percent: bool) -> Decimal:
    """Return the Decimal in ``raw``; the suggestions in its errors are not yet checked."""
    shown = unicodedata.normalize("NFC", raw).strip()
    text = shown
    suffix = "%" if percent else ""
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if not text:
        raise _input_error(MSG_EMPTY, suffix=suffix)
    if not percent and text.endswith("%"):
        bare = text[:-1].rstrip()
        raise _input_error(MSG_PERCENT_NOT_ALLOWED, text=shown, suggestion=bare)
    sign = _SIGNS.get(text[0])
    body = text[1:] if sign is not None else text
    chars = set(body)
    if not chars & _DIGITS or not chars <= _NUMBER_CHARS or body[0] not in _DIGITS | {",", "."}:
        raise _input_error(MSG_NOT_A_NUMBER, text=shown, suffix=suffix)
    typed = _Typed(shown, sign or "", suffix)
    integer_part, fraction = _split_fraction(body, typed)
    digits = _integer_digits(integer_part, fraction, typed)
    return Decimal(f"{typed.sign}{digits}" + ("" if fraction is None else f".{fraction}"))


def parse_number(text: str) -> Decimal:
    """Return the number a clerk typed the Vietnamese way: "2.865" is 2865, "35,8" is 35.8.

    The typed precision is kept ("120,40" gives Decimal("120.40")). A dot not followed by
    groups of exactly three digits ("35.8") is ambiguous and rejected rather than guessed.
    Thousands may also be grouped by a space or no-break space ("12 345").
    """
    return _parse(text, percent=False)


def parse_percent(text: str) -> Decimal:
    """Return the number in a percentage typed like "120,4%" or "120,4 %" (the % is optional)."""
    return _parse(text, percent=True)


# --- Formatting ------------------------------------------------------------------------------


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Return ``value`` written the Vietnamese way: "41.818,8", never with a trailing ",0".

    With ``decimals`` the value is first rounded half-up to at most that many places.
    """
    return _babel(_prepare(value, decimals))


def format_percent(value: Decimal | int, decimals: int | None = None) -> str:
    """Return a percentage such as "120,4%" (no space before the sign, as in the documents)."""
    return format_number(value, decimals) + "%"


def format_quantity(value: Decimal | int, unit: str, decimals: int | None = None) -> str:
    """Return a value with its unit: "35,8 tỷ đồng"; "%" is attached without a space."""
    unit = unicodedata.normalize("NFC", unit.strip())
    if unit == "%":
        return format_percent(value, decimals)
    number = format_number(value, decimals)
    return f"{number} {unit}" if unit else number


def format_money(amount_dong: Decimal | int, decimals: int = 1) -> str:
    """Return an amount in đồng with the largest scale word reaching 1: "35,8 tỷ đồng".

    When rounding carries a value to 1.000 of a scale ("999,96 triệu" at one decimal) the
    next scale is used instead ("1 tỷ đồng").
    """
    amount = _to_decimal(amount_dong)
    index = next(
        (i for i, (power, _) in enumerate(MONEY_SCALES) if abs(amount) >= Decimal(10) ** power),
        len(MONEY_SCALES) - 1,
    )
    scaled = _prepare(amount.scaleb(-MONEY_SCALES[index][0]), decimals)
    if index > 0 and abs(scaled) >= 1000:
        index -= 1
        scaled = _prepare(amount.scaleb(-MONEY_SCALES[index][0]), decimals)
    scale_word = MONEY_SCALES[index][1]
    words = f"{scale_word} {WORD_CURRENCY}" if scale_word else WORD_CURRENCY
    return f"{_babel(scaled)} {words}"


# --- Dates and periods -----------------------------------------------------------------------


def official_date(d: date) -> str:
    """Return the date-line form "ngày 05 tháng 02 năm 2024".

    Days below 10 and months 1-2 are padded so that no digit can be added in front later;
    months 3-12 are not (the rule of Hướng dẫn 36-HD/VPTW and Nghị định 30/2020/NĐ-CP).
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{WORD_DAY} {d.day:02d} {WORD_MONTH} {month} {WORD_YEAR} {d.year}"


def official_date_line(place: str, d: date) -> str:
    """Return the place-and-date line: "Bắc Sơn, ngày 15 tháng 9 năm 2023"."""
    place = unicodedata.normalize("NFC", place).strip()
    if not place:
        raise _input_error(MSG_MISSING_PLACE)
    return f"{place}, {official_date(d)}"


def short_date(d: date) -> str:
    """Return the body-text form "29/5/2013" (no padding)."""
    return f"{d.day}/{d.month}/{d.year}"


def day_month(d: date) -> str:
    """Return "18/6": a news date without its year, for a lead whose year the reader knows."""
    return f"{d.day}/{d.month}"


def news_date(d: date, part_of_day: PartOfDay | None = None, *, capitalize: bool = True) -> str:
    """Return the news form "15/9/2023" or, with a part of the day, "Chiều 30/11/2022"."""
    if part_of_day is None:
        return short_date(d)
    part = unicodedata.normalize("NFC", part_of_day)
    if part not in PARTS_OF_DAY:
        raise ValueError(f"part_of_day must be one of {PARTS_OF_DAY}, got {part_of_day!r}")
    if capitalize:
        part = capitalize_first(part)
    return f"{part} {short_date(d)}"


def month_year(month: int, year: int) -> str:
    """Return "5/2017" as in "đến hết tháng 5/2017"."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")
    return f"{month}/{year}"


def _check_period(kind: str, year: int, quarter: int | None) -> None:
    """Reject impossible periods; these are programming errors, hence plain English."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}; expected one of {PERIOD_KINDS}")
    if year < 1:
        raise ValueError(f"year must be positive, got {year}")
    if kind == "quarter":
        if quarter is None or not 1 <= quarter <= 4:
            raise ValueError(f"a quarter period needs quarter in 1..4, got {quarter!r}")
    elif quarter is not None:
        raise ValueError(f"quarter must be None for period kind {kind!r}, got {quarter!r}")


def period_name(
    kind: PeriodKind, year: int, quarter: int | None = None, *, short: bool = False
) -> str:
    """Return the name of a reporting period: "quý I năm 2024" ("quý I/2024" when short)."""
    _check_period(kind, year, quarter)
    if kind == "quarter":
        assert quarter is not None
        joiner = "/" if short else f" {WORD_YEAR} "
        return f"{WORD_QUARTER} {roman(quarter)}{joiner}{year}"
    return f"{PERIOD_PHRASES[kind]} {year}"


def next_period(
    kind: PeriodKind, year: int, quarter: int | None = None
) -> tuple[PeriodKind, int, int | None]:
    """Return the period that follows: the one whose tasks a resolution sets out.

    9 months -> last 3 months; first 6 -> last 6; anything ending the year -> next year.
    """
    _check_period(kind, year, quarter)
    if kind == "quarter":
        assert quarter is not None
        return ("quarter", year + 1, 1) if quarter == 4 else ("quarter", year, quarter + 1)
    following = _NEXT_PERIOD[kind]
    return following, year + 1 if following == "year" else year, None


# --- Words -----------------------------------------------------------------------------------


def _three_digits(n: int, *, full: bool) -> list[str]:
    """Return the words of 1..999; ``full`` reads "không trăm" / "linh" inside a larger number."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGIT_WORDS[hundreds], WORD_HUNDRED]
    if tens == 0:
        if units:
            if words:
                words.append(WORD_ZERO_TENS)
            words.append(DIGIT_WORDS[units])
    elif tens == 1:
        words.append(WORD_TEN)
        if units:
            words.append(WORD_FIVE_AFTER_TEN if units == 5 else DIGIT_WORDS[units])
    else:
        words += [DIGIT_WORDS[tens], WORD_TENS]
        special = {1: WORD_ONE_AFTER_TENS, 4: WORD_FOUR_AFTER_TENS, 5: WORD_FIVE_AFTER_TEN}
        if units:
            words.append(special.get(units, DIGIT_WORDS[units]))
    return words


def _cardinal(n: int, *, full: bool) -> list[str]:
    """Return the words of a positive ``n``; above 999.999.999 it repeats "tỷ" as usual."""
    billions, rest = divmod(n, 10**9)
    words: list[str] = []
    if billions:
        words += [*_cardinal(billions, full=full), WORD_BILLION]
    millions, rest = divmod(rest, 10**6)
    thousands, units = divmod(rest, 10**3)
    for group, scale in ((millions, WORD_MILLION), (thousands, WORD_THOUSAND), (units, "")):
        if group:
            words += _three_digits(group, full=full or bool(words))
            if scale:
                words.append(scale)
    return words


def number_words(n: int) -> str:
    """Return ``n`` in Vietnamese words: 21 "hai mươi mốt", 1005 "một nghìn không trăm linh năm"."""
    if n == 0:
        return DIGIT_WORDS[0]
    words = _cardinal(abs(n), full=False)
    return " ".join([WORD_MINUS, *words] if n < 0 else words)


def ordinal_words(n: int) -> str:
    """Return the ordinal in words: "thứ nhất", "thứ tư" (never "thứ bốn"), "thứ mười lăm"."""
    if n < 1:
        raise ValueError(f"ordinal_words needs n >= 1, got {n}")
    return f"{WORD_ORDINAL} {ORDINAL_SPECIAL.get(n) or number_words(n)}"


def roman(n: int) -> str:
    """Return ``n`` (1..3999) in Roman numerals, as used for khóa and Đại hội: "XXII"."""
    if not 1 <= n <= 3999:
        raise ValueError(f"roman needs 1..3999, got {n}")
    parts: list[str] = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        parts.append(symbol * count)
    return "".join(parts)


def join_list(items: Sequence[str], *, last: str = WORD_AND, sep: str = ", ") -> str:
    """Return items joined for running text: "A, B và C".

    A ``last`` that starts with a letter is a word and gets spaces around it; anything else
    (such as "; ") is used as it is, so task lists read "A; B; C". Items that hold commas of
    their own are joined by semicolons instead of commas ("A, B; C"), so that a reader sees
    where each one ends.
    """
    if isinstance(items, str):
        raise TypeError("join_list expects a sequence of strings, not a single string")
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if sep == ", " and any("," in item for item in items):
        sep = last = "; "
    word = last.strip()
    joiner = f" {word} " if word[:1].isalnum() else last
    return sep.join(items[:-1]) + joiner + items[-1]


# --- Text hygiene ----------------------------------------------------------------------------


def _split_tone(ch: str) -> tuple[str, str]:
    """Return (letter without tone mark, tone mark or "") for one NFC character."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


# A quick test before the word-by-word pass: text in the modern style can only need work where
# a toned a/e/y follows o/u ("hoà", "thuỷ"); in the old style, where a toned o/u precedes a/e/y.
_TONED_AEY: Final = "àáảãạèéẻẽẹỳýỷỹỵ"
_TONED_OU: Final = "òóỏõọùúủũụ"
_STYLE_HINTS: Final = {
    "modern": re.compile(f"[ouOU][{_TONED_AEY}{_TONED_AEY.upper()}]"),
    "old": re.compile(f"[{_TONED_OU}{_TONED_OU.upper()}][aeyAEY]"),
}


def _restyle_word(match: re.Match[str], style: ToneStyle) -> str:
    """Return one word with its tone on the vowel ``style`` wants, if its rhyme is oa/oe/uy."""
    word = match.group(0)
    following = match.string[match.end() : match.end() + 1]
    if len(word) < 2 or (following and unicodedata.category(following).startswith("M")):
        return word  # a stray combining mark after the word would recompose with our vowel
    return _restyle_syllable(word, style)


@functools.lru_cache(maxsize=16384)
def _restyle_syllable(word: str, style: ToneStyle) -> str:
    """Return ``word`` restyled; cached, since a text reuses a few thousand syllables."""
    first, tone_first = _split_tone(word[-2])
    second, tone_second = _split_tone(word[-1])
    if (first + second).lower() not in _OPEN_RHYMES or bool(tone_first) == bool(tone_second):
        return word  # not an open oa/oe/uy rhyme, no tone, or a malformed double tone
    if word[:-2].lower() not in ONSETS:
        return word  # "quý" and foreign words: the u is not a vowel of the rhyme
    tone = tone_first or tone_second
    rhyme = first + tone + second if style == "modern" else first + second + tone
    return word[:-2] + unicodedata.normalize("NFC", rhyme)


def normalize_text(text: str, tone_style: ToneStyle = "modern") -> str:
    """Return ``text`` in NFC with one tone-mark style for the open rhymes oa, oe, uy.

    "modern" puts the tone on the first vowel ("hòa", "thủy", "ủy"), "old" on the second
    ("hoà", "thuỷ", "uỷ"). Closed syllables ("hoàn", "quyết") and "qu" + y ("quý") are the
    same in both styles and are left alone. Idempotent.
    """
    if tone_style not in ("modern", "old"):
        raise ValueError(f"tone_style must be 'modern' or 'old', got {tone_style!r}")
    nfc = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    if not _STYLE_HINTS[tone_style].search(nfc):
        return nfc  # no syllable written in the other style: nothing to move
    return _OPEN_RHYME_WORD_RE.sub(lambda m: _restyle_word(m, tone_style), nfc)


def is_nfc(text: str) -> bool:
    """Return whether ``text`` is already in NFC (composed) form."""
    return unicodedata.is_normalized("NFC", text)


def capitalize_first(text: str) -> str:
    """Return ``text`` with its first letter upper-cased and nothing else changed.

    Leading spaces and punctuation (quotes, brackets) are skipped; a text starting with a
    digit is returned unchanged, because it has no first letter to capitalise.
    """
    nfc = unicodedata.normalize("NFC", text)
    for i, ch in enumerate(nfc):
        if ch.isalpha():
            return unicodedata.normalize("NFC", nfc[:i] + ch.upper() + nfc[i + 1 :])
        if ch.isdigit():
            break
    return nfc


def upper_vi(text: str) -> str:
    """Return ``text`` upper-cased and in NFC: "Huyện ủy Bắc Sơn" -> "HUYỆN ỦY BẮC SƠN"."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


# ---------------------------------------------------------------------------
# Legacy fonts (TCVN3/ABC, VNI) and wrong code pages
# ---------------------------------------------------------------------------

_TONES: Final = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS: Final = "aeiouy\u0103\u00e2\u00ea\u00f4\u01a1\u01b0"  # a e i o u y ă â ê ô ơ ư
_LOWER_LETTERS: Final = frozenset(
    unicodedata.normalize("NFC", base + tone) for base in _VOWELS for tone in ("", *_TONES)
) | {"\u0111"}  # đ
_VIETNAMESE_LETTERS: Final = _LOWER_LETTERS | {char.upper() for char in _LOWER_LETTERS}
_ALLOWED_SYMBOLS: Final = frozenset("\u00a0\u00b0\u00ab\u00bb\u00b1\u00d7\u00f7\u00b2\u00b3")


def _suspicious(char: str) -> bool:
    """Return whether ``char`` is typical of text decoded with the wrong code page."""
    code = ord(char)
    if code < 0x80 or char in _VIETNAMESE_LETTERS or char in _ALLOWED_SYMBOLS:
        return False
    return code <= 0x036F  # Latin-1, Latin Extended, IPA, stray combining marks


# The same test as one character class, so that clean text is scanned at C speed.
_SUSPICIOUS_RE: Final = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in range(0x80, 0x370) if _suspicious(chr(code)))
    + "]"
)


def garbled_characters(text: str) -> list[str]:
    """Return the odd characters of ``text`` when it looks like mojibake, else [].

    Text in the legacy TCVN3 (ABC) or VNI fonts, or decoded with the wrong code page, shows
    Latin-1 and Latin Extended letters that Vietnamese never uses ("HuyÖn ñy", "Huyeän uûy").
    Three or more of them, and few real Vietnamese letters beside them, mark it.
    """
    if text.isascii():
        return []
    odd = _SUSPICIOUS_RE.findall(text)
    if len(odd) < 3:
        return []
    other = sum(1 for char in text if ord(char) >= 0x80)
    if len(odd) >= 3 and len(odd) * 20 >= other:
        return sorted(set(odd))[:6]
    return []
