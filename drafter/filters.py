"""Jinja filters for phrasebank entries and templates: plain typed functions in one dict.

Each one wraps a function of ``drafter.vietnamese`` so that a phrase formats its own numbers
and dates ("{{ value | qty(unit) }}", "{{ date | news_date }}") and never does arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from drafter import vietnamese as vi


def number(value: Decimal | int, decimals: int | None = None) -> str:
    """Return ``value`` written the Vietnamese way: "2.865", "35,8"."""
    return vi.format_number(value, decimals)


def percent(value: Decimal | int, decimals: int | None = None) -> str:
    """Return ``value`` as a percentage: "120,4%"."""
    return vi.format_percent(value, decimals)


def signless_percent(value: Decimal | int, decimals: int | None = None) -> str:
    """Return the size of a change as a percentage, its sign said by a verb instead."""
    return vi.format_percent(abs(Decimal(value)), decimals)


def quantity(value: Decimal | int, unit: str | None = None) -> str:
    """Return a value with its unit: "35,8 tỷ đồng", "12,2%", "12"."""
    if not unit:
        return vi.format_number(value)
    return vi.format_quantity(value, unit)


def money(amount_dong: Decimal | int, decimals: int = 1) -> str:
    """Return an amount in đồng with its scale word: "35,8 tỷ đồng"."""
    return vi.format_money(amount_dong, decimals)


def official_date(value: date) -> str:
    """Return the official form "ngày 05 tháng 02 năm 2024"."""
    return vi.official_date(value)


def news_date(value: date, part_of_day: vi.PartOfDay | None = None, capitalize: bool = True) -> str:
    """Return the news form "15/9/2023" or "Chiều 30/11/2022"."""
    return vi.news_date(value, part_of_day, capitalize=capitalize)


def short_date(value: date) -> str:
    """Return "29/5/2013"."""
    return vi.short_date(value)


def day_month(value: date) -> str:
    """Return "18/6" (no year)."""
    return vi.day_month(value)


def ordinal(value: int) -> str:
    """Return the ordinal in words: "thứ mười bảy"."""
    return vi.ordinal_words(value)


def roman(value: int) -> str:
    """Return the Roman numeral: "XXII"."""
    return vi.roman(value)


def join(items: Sequence[str], last: str = "và", sep: str = ", ") -> str:
    """Return items joined the Vietnamese way: "A, B và C"."""
    return vi.join_list([str(item) for item in items], last=last, sep=sep)


def upper(text: str) -> str:
    """Return ``text`` in capitals, NFC kept."""
    return vi.upper_vi(text)


def capfirst(text: str) -> str:
    """Return ``text`` with its first letter capitalised."""
    return vi.capitalize_first(text)


FILTERS: dict[str, Callable[..., Any]] = {
    "number": number,
    "percent": percent,
    "signless_percent": signless_percent,
    "qty": quantity,
    "money": money,
    "official_date": official_date,
    "news_date": news_date,
    "short_date": short_date,
    "day_month": day_month,
    "ordinal": ordinal,
    "roman": roman,
    "listing": join,
    "upper": upper,
    "capfirst": capfirst,
}
