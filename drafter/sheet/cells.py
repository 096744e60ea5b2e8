"""Cells: the value of one cell of a CSV or XLSX table turned into report data.

CSV cells are text; XLSX cells keep their type (exact decimals, dates, booleans). Each column
kind of the scheme has a reader here; a cell it cannot read raises ``CellError`` with the
Vietnamese reason, which the row reports on that cell without stopping the other cells.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final, TypeAlias

from drafter import vietnamese as vi
from drafter.sheet.headers import Target
from drafter.sheet.scheme import SCHEME, match_key


@dataclass(frozen=True)
class Fault:
    """A cell that holds no usable value (an Excel error such as #DIV/0!)."""

    reason: str


Cell: TypeAlias = str | int | Decimal | date | bool | Fault | None
"""The value of one cell as drafter reads it; None for an empty cell."""
Record: TypeAlias = tuple[int, list[Cell]]
"""One record of a table: its row number (as Excel counts) and its cells."""


class CellError(ValueError):
    """A cell that cannot be mapped; ``str(error)`` is the Vietnamese reason."""


@functools.lru_cache(maxsize=4096)  # most cells repeat from row to row
def text_cell(value: str) -> str | None:
    """Return the text of a cell with line breaks as LF, NFC and trimmed; None when empty."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def excel_number(value: float | int) -> int | Decimal:
    """Return an Excel number exactly, without float artefacts (10 significant digits)."""
    if isinstance(value, int):
        return value
    number = Decimal(repr(value))
    if not number.is_finite():
        return number
    if len(number.as_tuple().digits) > 10 and number != 0:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - 9))
    return tidy_number(number)


def tidy_number(number: Decimal) -> int | Decimal:
    """Return ``number`` as an int when it is whole, else without trailing zeros."""
    if number == number.to_integral_value() and abs(number) < 10**15:
        return int(number)
    return number.normalize()


def excel_cell(cell: Any) -> Cell:
    """Return the value of an openpyxl read-only cell as drafter reads it."""
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e":
        return Fault(f"ô có lỗi công thức {value}; hãy sửa công thức hoặc gõ giá trị")
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        number = excel_number(value)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return tidy_number(Decimal(number) * 100)
        return number
    return text_cell(str(value))


def cell_text(value: Cell) -> str:
    """Return a cell as text (numbers plainly, dates as 15/9/2023)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, date):
        return vi.short_date(value)
    return str(value)


def _choose(target: Target, text: str) -> Any:
    """Return the model value of the word ``text``; raise naming the words accepted."""
    assert target.choices is not None
    key = match_key(text)
    if key in target.choices:
        return target.choices[key]
    shown = ", ".join(target.shown_choices)
    guess = difflib.get_close_matches(key, [match_key(word) for word in target.shown_choices], n=1)
    hint = ""
    if guess:
        word = next(word for word in target.shown_choices if match_key(word) == guess[0])
        hint = f" Có phải là '{word}'?"
    raise CellError(f"'{text}' không phải giá trị hợp lệ; chọn một trong: {shown}.{hint}")


def _lines(text: str) -> list[str]:
    """Return the items of a multi-line cell, one per line, bullets and numbering removed."""
    return list(_line_items(text))  # a new list: each row owns its data


@functools.lru_cache(maxsize=4096)  # lists of tasks and limitations repeat from row to row
def _line_items(text: str) -> tuple[str, ...]:
    """Return the non-empty lines of ``text`` without bullets (cached, so a tuple)."""
    items = []
    for line in text.split("\n"):
        item = _strip_bullet(line.strip())
        if item:
            items.append(item)
    return tuple(items)


_NUMBERING: Final = re.compile(r"^\d{1,2}[.)]\s+")


def _strip_bullet(line: str) -> str:
    """Return ``line`` without the bullets and "1." or "2)" numbering it starts with."""
    while line:
        if line[0] in SCHEME.bullets or (line[0] in SCHEME.spaced_bullets and line[1:2].isspace()):
            line = line[1:].lstrip()
        elif _NUMBERING.match(line):
            line = _NUMBERING.sub("", line, count=1)
        else:
            break
    return line


def _roman_value(text: str) -> int | None:
    """Return the value of a well-formed Roman numeral (1 to 3999); None otherwise."""
    letters = text.upper()
    if not letters or set(letters) - set("IVXLCDM"):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, letter in enumerate(letters):
        value = values[letter]
        following = values[letters[index + 1]] if index + 1 < len(letters) else 0
        total += -value if value < following else value
    return total if 1 <= total <= 3999 and vi.roman(total) == letters else None


def _term(value: Cell) -> Any:
    """Return the term number of "XXII", "22" or "khóa XXII"; raise when unreadable."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = cell_text(value).strip()
    first, _, rest = text.partition(" ")
    if rest and match_key(first) in {match_key(prefix) for prefix in SCHEME.term_prefixes}:
        text = rest.strip()
    if text.isdigit():
        return int(text)
    number = _roman_value(text)
    if number is None:
        raise CellError(
            f"khóa '{cell_text(value)}' không đọc được; ghi số La Mã (XXII) hoặc số (22)"
        )
    return number


def _period(value: Cell) -> dict[str, Any]:
    """Return the period data of "Quý I/2026", "9 tháng 2023" and the like."""
    text = match_key(cell_text(value))
    quarter = re.fullmatch(
        rf"{re.escape(match_key(SCHEME.quarter_word))} ?([ivx]+|[1-4]) ?"
        rf"(?:/|-|{re.escape(match_key(SCHEME.year_word))}) ?(\d{{4}})",
        text,
    )
    if quarter:
        part = quarter.group(1)
        number = int(part) if part.isdigit() else _roman_value(part)
        if number is not None and 1 <= number <= 4:
            return {"kind": "quarter", "quarter": number, "year": int(quarter.group(2))}
    for phrase, kind in sorted(SCHEME.period_kinds.items(), key=lambda item: -len(item[0])):
        match = re.fullmatch(rf"{re.escape(match_key(phrase))} ?(\d{{4}})", text)
        if match:
            return {"kind": kind, "year": int(match.group(1))}
    examples = [f"{SCHEME.quarter_word} I/2026"] + [f"{p} 2023" for p in SCHEME.period_kinds]
    raise CellError(f"kỳ '{cell_text(value)}' không đọc được; ghi theo mẫu: {', '.join(examples)}")


def _people(value: Cell, roles: Sequence[str]) -> list[dict[str, Any]]:
    """Return one person per line "Họ tên, chức danh, …", each with ``roles``."""
    people = []
    for line in _lines(cell_text(value)):
        parts = [part.strip() for part in line.split(SCHEME.person_separator)]
        name, titles = parts[0], [part for part in parts[1:] if part]
        if not name:
            raise CellError(
                f"dòng '{line}' thiếu họ tên; ghi theo mẫu: Họ tên, chức danh 1, chức danh 2"
            )
        people.append({"name": name, "titles": titles, "roles": list(roles)})
    return people


def _authors(value: Cell) -> list[str]:
    """Return the names of a cell listing authors, split at any of the scheme's separators."""
    names = [cell_text(value)]
    for separator in SCHEME.author_separators:
        names = [piece for name in names for piece in name.split(separator)]
    return [name for name in (_strip_bullet(name.strip()) for name in names) if name]


def _excel_serial(value: int) -> date | None:
    """Return the date of an Excel serial day number; None when it is not a plausible date."""
    if 20_000 <= value <= 80_000:  # 1954 to 2119: a date cell that lost its format
        return date(1899, 12, 30) + timedelta(days=value)
    return None


def _percent(target: Target, value: Cell) -> Any:
    """Return a percentage without its "%" sign (the model reads the number)."""
    return value.removesuffix("%").strip() if isinstance(value, str) else value


def _date(target: Target, value: Cell) -> Any:
    """Return a date; a whole number in the date range is an Excel date that lost its format."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _excel_serial(value) or value
    return value


def _text(target: Target, value: Cell) -> Any:
    """Return a cell as text (a boolean stays one, for the model to refuse)."""
    return cell_text(value) if not isinstance(value, bool) else value


def _choice(target: Target, value: Cell) -> Any:
    """Return the model value of a choice or yes/no cell."""
    if target.choices is None or isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and target.kind == "bool":
        return value != 0
    return _choose(target, cell_text(value))


def _line_list(target: Target, value: Cell) -> Any:
    """Return the lines of a cell, each read as a choice when the field takes fixed words."""
    items = _lines(cell_text(value))
    if target.choices is not None:
        return [_choose(target, item) for item in items]
    return items


_READERS: Final[Mapping[str, Callable[[Target, Cell], Any]]] = {
    "number": lambda target, value: value,
    "integer": lambda target, value: value,
    "percent": _percent,
    "date": _date,
    "text": _text,
    "choice": _choice,
    "bool": _choice,
    "lines": _line_list,
    "term": lambda target, value: _term(value),
    "period": lambda target, value: _period(value),
    "person": lambda target, value: _people(value, target.roles),
    "authors": lambda target, value: _authors(value),
    "result": lambda target, value: {"field": target.field, "items": _lines(cell_text(value))},
    "photos": lambda target, value: [{"caption": text} for text in _lines(cell_text(value))],
}
"""How a non-empty cell is read, by column kind."""


def convert(target: Target, value: Cell) -> Any:
    """Return the data a non-empty cell gives ``target``; raise ``CellError`` when it cannot."""
    if isinstance(value, Fault):
        raise CellError(value.reason)
    read = _READERS.get(target.kind)
    if read is None:  # pragma: no cover - the scheme is checked by the tests
        raise AssertionError(f"unknown column kind {target.kind!r}")
    return read(target, value)
