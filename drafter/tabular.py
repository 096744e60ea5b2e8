"""Batch input: the clerk's spreadsheet (CSV saved by Excel, or XLSX) read row by row.

Each data row becomes the raw data of one ``Report``: the shared values of ``--base`` deep-merged
with the row's cells, mapped through the column scheme of ``drafter/data/batch_columns.yaml``
(Vietnamese header → data path). Rows are streamed: a 10000-row file uses about as much memory
as a 1000-row one. A problem of one row (a bad number, an unknown level) is reported with its
row number and column and never stops the other rows; a file that cannot be used as a whole
(unreadable, unknown encoding, unknown or duplicate headers) raises ``UserError`` (exit 2).

CSV: UTF-8 with or without BOM, UTF-16 with BOM (or recognisably without), else Windows-1258;
";", "," or Tab separated (Excel in a Vietnamese locale writes ";"); multi-line cells quoted.
All CSV cells are text and numbers are read by the model the Vietnamese way. XLSX is read with
openpyxl in read-only mode: numeric cells become exact decimals, date cells dates. Formulas are
never evaluated: text starting with "=" stays text and validation decides.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import io
import itertools
import re
import types
import unicodedata
import zipfile
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeAlias, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.explain import explain, format_path
from drafter.files import atomic_write_bytes, check_package, read_input
from drafter.models import Report

__all__ = [
    "COLUMNS",
    "INDICATOR_FIELDS",
    "SCHEME_FILE",
    "Column",
    "IndicatorField",
    "Row",
    "RowError",
    "read_rows",
    "validate_row",
    "write_template",
]

SCHEME_FILE: Final = Path(__file__).resolve().parent / "data" / "batch_columns.yaml"

CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")

Path_: TypeAlias = tuple[str | int, ...]
"""A data path as pydantic reports it: ``("indicators", 0, "value")``."""


# ---------------------------------------------------------------------------
# Public results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem of one input row: where the clerk finds it, and what to do."""

    row: int
    column: str
    reason: str

    def describe(self) -> str:
        """Return ``dòng N, cột X: reason`` for a report to the clerk."""
        where = f"dòng {self.row}, cột {self.column}" if self.column else f"dòng {self.row}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Row:
    """One data row of the input, mapped to raw report data (not yet validated).

    ``data`` is ``None`` only for rows that are not units (an indicator row whose unit id is not
    in the units sheet). A row with ``errors`` still carries the data that could be mapped, so
    that ``validate_row`` reports every problem at once; such a row never yields a report.
    ``sources`` maps each data path the row filled to the (row number, column) that filled it.
    """

    number: int
    unit: str
    data: dict[str, Any] | None
    errors: list[RowError]
    sources: Mapping[Path_, tuple[int, str]] = field(default_factory=dict, repr=False)


# ---------------------------------------------------------------------------
# The column scheme (drafter/data/batch_columns.yaml)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the scheme: its header, the data path it fills and how a cell is read."""

    header: str
    path: str
    kind: str
    aliases: tuple[str, ...] = ()
    choices: str | None = None
    roles: tuple[str, ...] = ()
    field: str | None = None
    sample: str | None = None


@dataclass(frozen=True)
class IndicatorField:
    """One field of an indicator: "Chỉ tiêu N - <suffix>" in a column group, or a long header."""

    suffix: str
    header: str
    path: str
    kind: str
    aliases: tuple[str, ...] = ()
    choices: str | None = None
    also: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class _Scheme:
    unit_header: str
    unit_aliases: tuple[str, ...]
    unit_sample: str
    ignored: tuple[str, ...]
    indicator_sheets: tuple[str, ...]
    units_sheet: str
    columns: tuple[Column, ...]
    group_prefix: str
    template_groups: int
    indicator_fields: tuple[IndicatorField, ...]
    defaults: tuple[tuple[str, str], ...]
    defaults_without_year: tuple[tuple[str, str], ...]
    indicator_samples: tuple[Mapping[str, str], ...]
    sheet_indicator_samples: tuple[Mapping[str, str], ...]
    choices: Mapping[str, Mapping[str, Any]]
    quarter_word: str
    year_word: str
    period_kinds: Mapping[str, str]
    term_prefixes: tuple[str, ...]
    spaced_bullets: tuple[str, ...]
    bullets: tuple[str, ...]
    author_separators: tuple[str, ...]
    person_separator: str
    words: Mapping[str, str]


def _load_scheme(path: Path = SCHEME_FILE) -> _Scheme:
    """Return the column scheme in ``path``; kinds left out are inferred from the model."""
    from ruamel.yaml import YAML

    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    columns = []
    for item in raw["columns"]:
        kind = item.get("kind") or _inferred_kind(_parse_path(item["path"]))
        columns.append(
            Column(
                header=item["header"],
                path=item["path"],
                kind=kind,
                aliases=tuple(item.get("aliases", ())),
                choices=item.get("choices"),
                roles=tuple(item.get("roles", ())),
                field=item.get("field"),
                sample=item.get("sample"),
            )
        )
    fields = []
    for item in raw["indicator_fields"]:
        parts = ("indicators", 0, *_parse_path(item["path"]))
        fields.append(
            IndicatorField(
                suffix=item["suffix"],
                header=item["header"],
                path=item["path"],
                kind=item.get("kind") or _inferred_kind(parts),
                aliases=tuple(item.get("aliases", ())),
                choices=item.get("choices"),
                also=tuple((item.get("also") or {}).items()),
            )
        )
    bullets = raw["bullets"]
    periods = raw["periods"]
    return _Scheme(
        unit_header=raw["unit"]["header"],
        unit_aliases=tuple(raw["unit"].get("aliases", ())),
        unit_sample=raw["unit"]["sample"],
        ignored=tuple(raw.get("ignored", ())),
        indicator_sheets=tuple(raw["indicator_sheets"]),
        units_sheet=raw["units_sheet"],
        columns=tuple(columns),
        group_prefix=raw["indicator_group"]["prefix"],
        template_groups=int(raw["indicator_group"]["template_groups"]),
        indicator_fields=tuple(fields),
        defaults=tuple(raw["indicator_defaults"].items()),
        defaults_without_year=tuple(raw["indicator_defaults_without_year"].items()),
        indicator_samples=tuple(raw["indicator_samples"]),
        sheet_indicator_samples=tuple(raw["sheet_indicator_samples"]),
        choices={name: dict(table) for name, table in raw["choices"].items()},
        quarter_word=periods["quarter"],
        year_word=periods["year_word"],
        period_kinds=dict(periods["kinds"]),
        term_prefixes=tuple(raw["term_prefixes"]),
        spaced_bullets=tuple(bullets["spaced"]),
        bullets=tuple(bullets["always"]),
        author_separators=tuple(raw["author_separators"]),
        person_separator=raw["person_separator"],
        words=dict(raw["words"]),
    )


# ---------------------------------------------------------------------------
# Data paths and the model
# ---------------------------------------------------------------------------

_PATH_TEXT = re.compile(r"[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*", re.ASCII)
_PATH_TOKEN = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]", re.ASCII)


def _parse_path(text: str) -> Path_:
    """Return ``"indicators[0].value"`` as ``("indicators", 0, "value")``; () when malformed."""
    if not _PATH_TEXT.fullmatch(text):
        return ()
    return tuple(name if name else int(index) for name, index in _PATH_TOKEN.findall(text))


def _unwrap(annotation: Any) -> Any:
    """Return ``annotation`` without ``Annotated`` metadata and without ``| None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _annotation_at(parts: Path_) -> Any:
    """Return the model annotation at ``parts`` (None when the path is not in the model)."""
    annotation: Any = Report
    if not parts:
        return None
    for part in parts:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            if get_origin(annotation) is not list:
                return None
            annotation = get_args(annotation)[0]
        else:
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                return None
            info = annotation.model_fields.get(part)
            if info is None:
                return None
            annotation = info.annotation
    return annotation


def _literal_values(annotation: Any) -> tuple[str, ...]:
    """Return the values of a ``Literal`` annotation (inside a list too), else ()."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) is list:
        annotation = _unwrap(get_args(annotation)[0])
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    return ()


def _inferred_kind(parts: Path_) -> str:
    """Return how to read a cell for the model field at ``parts``; "" when it takes no cell."""
    annotation = _unwrap(_annotation_at(parts))
    if annotation is None:
        return ""
    if get_origin(annotation) is list:
        inner = _unwrap(get_args(annotation)[0])
        return "lines" if inner is str or get_origin(inner) is Literal else ""
    if get_origin(annotation) is Literal:
        return "choice"
    simple: dict[Any, str] = {
        bool: "bool",
        int: "integer",
        Decimal: "number",
        date: "date",
        str: "text",
    }
    return simple.get(annotation, "")


# ---------------------------------------------------------------------------
# Header matching
# ---------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_BRACKETS = re.compile(r"[()\[\]]")
_SPACE_RUN = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # the same headers, choices and words recur on every row
def _key(text: str) -> str:
    """Return ``text`` as a matching key: NFC, modern tone marks, case-folded, tidy spacing."""
    text = vi.normalize_text(text).casefold()
    text = _BRACKETS.sub(" ", text)
    text = _DASHES.sub("-", text)
    text = _SPACE_RUN.sub(" ", text).strip(" *:")
    return text.replace(" %", "%")


@dataclass(frozen=True)
class _Target:
    """What one column of the file fills, and how its cells are read."""

    header: str
    kind: str
    path: Path_ = ()
    choices: Mapping[str, Any] | None = None
    shown_choices: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    field: str | None = None
    also: tuple[tuple[Path_, Any], ...] = ()

    def identity(self) -> tuple[Any, ...]:
        """Return what two columns must not share: the same data filled twice."""
        if self.kind in ("ignore", "blank"):
            return ("ignore", self.header)
        return (self.kind if self.kind == "unit" else "", self.path, self.roles, self.field)


_SCHEME: Final = _load_scheme()
COLUMNS: Final[tuple[Column, ...]] = _SCHEME.columns
"""The documented columns, in template order (the unit column and indicator groups aside)."""
INDICATOR_FIELDS: Final[tuple[IndicatorField, ...]] = _SCHEME.indicator_fields
"""The fields of one indicator, for column groups and for the long-format sheet."""

_BY_KEY: Final = {
    _key(name): column for column in COLUMNS for name in (column.header, *column.aliases)
}
_BY_PATH: Final = {column.path: column for column in reversed(COLUMNS)}
_UNIT_KEYS: Final = frozenset(_key(name) for name in (_SCHEME.unit_header, *_SCHEME.unit_aliases))
_IGNORED_KEYS: Final = frozenset(_key(name) for name in _SCHEME.ignored)
_SUFFIX_KEYS: Final = {
    _key(name): item
    for item in INDICATOR_FIELDS
    for name in ((item.suffix, *item.aliases) if item.suffix else ())
}
_LONG_KEYS: Final = {
    _key(name): item
    for item in INDICATOR_FIELDS
    for name in (item.header, *item.aliases, *((item.suffix,) if item.suffix else ()))
}
_GROUP: Final = re.compile(rf"^{re.escape(_key(_SCHEME.group_prefix))} ?(\d+)(?:-(.+))?$")
_INDICATOR_SHEET_KEYS: Final = frozenset(_key(name) for name in _SCHEME.indicator_sheets)
_BOOL_MACHINE: Final[Mapping[str, bool]] = {"true": True, "false": False, "1": True, "0": False}
_LONG_OFFSET: Final = 1_000_000  # long-format indicators sort after every column group


def _choice_table(name: str | None, parts: Path_, kind: str) -> tuple[dict[str, Any], list[str]]:
    """Return the accepted words (matching key → model value) and the words to show."""
    table: dict[str, Any] = {}
    shown: list[str] = []
    if kind == "bool":
        name = name or "yes_no"
        table.update(_BOOL_MACHINE)
    if name is not None:
        for word, value in _SCHEME.choices[name].items():
            table[_key(str(word))] = value
            shown.append(str(word))
    for value in _literal_values(_annotation_at(parts)):
        table.setdefault(_key(value), value)
        if name is None:
            shown.append(value)
    if kind == "bool":
        shown = shown[:2]
    return table, shown


def _target(
    header: str, kind: str, parts: Path_, model_parts: Path_ | None = None, **extra: Any
) -> _Target:
    """Return a target; ``model_parts`` is where ``parts`` sits in a report, when it differs."""
    choices: Mapping[str, Any] | None = None
    shown: tuple[str, ...] = ()
    if kind in ("choice", "bool", "lines"):
        where = parts if model_parts is None else model_parts
        table, words = _choice_table(extra.pop("choices", None), where, kind)
        if table:
            choices, shown = table, tuple(words)
    else:
        extra.pop("choices", None)
    return _Target(header, kind, parts, choices, shown, **extra)


def _column_target(header: str, column: Column) -> _Target:
    return _target(
        header,
        column.kind,
        _parse_path(column.path),
        choices=column.choices,
        roles=column.roles,
        field=column.field,
    )


def _indicator_target(header: str, item: IndicatorField, prefix: Path_) -> _Target:
    also = tuple((prefix + _parse_path(path), value) for path, value in item.also)
    own = _parse_path(item.path)
    return _target(
        header,
        item.kind,
        prefix + own,
        ("indicators", 0, *own),
        choices=item.choices,
        also=also,
    )


def _common_target(header: str, key: str) -> _Target | None:
    """Return the target of a blank, ignored or unit-id header, which both sheets share."""
    if not key:
        return _Target(header, "blank")
    if key in _IGNORED_KEYS:
        return _Target(header, "ignore")
    if key in _UNIT_KEYS:
        return _Target(header, "unit")
    return None


def _unit_target(header: str) -> _Target | None:
    """Return what a header of the units sheet fills; None when it is unknown."""
    key = _key(header)
    common = _common_target(header, key)
    if common is not None:
        return common
    column = _BY_KEY.get(key)
    if column is not None:
        return _column_target(header, column)
    match = _GROUP.match(key)
    if match and int(match.group(1)) >= 1:
        item = _SUFFIX_KEYS.get(match.group(2)) if match.group(2) else INDICATOR_FIELDS[0]
        if item is not None and (match.group(2) is None or item.suffix):
            return _indicator_target(header, item, ("indicators", int(match.group(1)) - 1))
        return None
    parts = _parse_path(header.strip())
    if parts:
        column = _BY_PATH.get(format_path(parts))
        if column is not None:
            return _column_target(header, column)
        kind = _inferred_kind(parts)
        if kind:
            return _target(header, kind, parts)
    return None


def _long_target(header: str) -> _Target | None:
    """Return what a header of the long-format indicator sheet fills; None when unknown."""
    key = _key(header)
    common = _common_target(header, key)
    if common is not None:
        return common
    item = _LONG_KEYS.get(key)
    if item is not None:
        return _indicator_target(header, item, ())
    return None


def _known_headers(header: str, *, long: bool) -> list[str]:
    """Return the headers a misspelt ``header`` may have meant (for difflib)."""
    names = [_SCHEME.unit_header, *_SCHEME.unit_aliases]
    if long:
        for item in INDICATOR_FIELDS:
            names += [item.header, *item.aliases]
        return names
    for column in COLUMNS:
        names += [column.header, *column.aliases]
    number = re.search(r"\d+", header)
    n = number.group(0) if number else "1"
    for item in INDICATOR_FIELDS:
        head = f"{_SCHEME.group_prefix} {n}"
        names.append(f"{head} - {item.suffix}" if item.suffix else head)
    return names


def _suggest(header: str, *, long: bool) -> str | None:
    """Return the known header nearest to ``header``, comparing with and without diacritics."""
    names = _known_headers(header, long=long)
    for fold in (_key, _bare):
        keys = {fold(name): name for name in names}
        found = difflib.get_close_matches(fold(header), list(keys), n=1, cutoff=0.6)
        if found:
            return keys[found[0]]
    return None


def _bare(text: str) -> str:
    """Return the matching key of ``text`` without diacritics ("tên cấp ủy" → "ten cap uy")."""
    decomposed = unicodedata.normalize("NFD", _key(text).replace("\u0111", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fault:
    """A cell that holds no usable value (an Excel error such as #DIV/0!)."""

    reason: str


Cell = str | int | Decimal | date | bool | _Fault | None
Record = tuple[int, list[Cell]]


class _CellError(ValueError):
    """A cell that cannot be mapped; ``str(error)`` is the Vietnamese reason."""


@functools.lru_cache(maxsize=4096)  # most cells repeat from row to row
def _text_cell(value: str) -> str | None:
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def _excel_number(value: float | int) -> int | Decimal:
    """Return an Excel number exactly, without float artefacts (10 significant digits)."""
    if isinstance(value, int):
        return value
    number = Decimal(repr(value))
    if not number.is_finite():
        return number
    if len(number.as_tuple().digits) > 10 and number != 0:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - 9))
    return _tidy(number)


def _tidy(number: Decimal) -> int | Decimal:
    if number == number.to_integral_value() and abs(number) < 10**15:
        return int(number)
    return number.normalize()


def _excel_cell(cell: Any) -> Cell:
    """Return the value of an openpyxl read-only cell as drafter reads it."""
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e":
        return _Fault(f"ô có lỗi công thức {value}; hãy sửa công thức hoặc gõ giá trị")
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        number = _excel_number(value)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return _tidy(Decimal(number) * 100)
        return number
    return _text_cell(str(value))


def _cell_text(value: Cell) -> str:
    """Return a cell as text (numbers plainly, dates as 15/9/2023)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, date):
        return vi.short_date(value)
    return str(value)


def _choose(target: _Target, text: str) -> Any:
    assert target.choices is not None
    key = _key(text)
    if key in target.choices:
        return target.choices[key]
    shown = ", ".join(target.shown_choices)
    guess = difflib.get_close_matches(key, [_key(word) for word in target.shown_choices], n=1)
    hint = ""
    if guess:
        word = next(word for word in target.shown_choices if _key(word) == guess[0])
        hint = f" Có phải là '{word}'?"
    raise _CellError(f"'{text}' không phải giá trị hợp lệ; chọn một trong: {shown}.{hint}")


def _lines(text: str) -> list[str]:
    """Return the items of a multi-line cell, one per line, bullets and numbering removed."""
    return list(_line_items(text))  # a new list: each row owns its data


@functools.lru_cache(maxsize=4096)  # lists of tasks and limitations repeat from row to row
def _line_items(text: str) -> tuple[str, ...]:
    items = []
    for line in text.split("\n"):
        item = _strip_bullet(line.strip())
        if item:
            items.append(item)
    return tuple(items)


_NUMBERING: Final = re.compile(r"^\d{1,2}[.)]\s+")


def _strip_bullet(line: str) -> str:
    while line:
        if line[0] in _SCHEME.bullets or (
            line[0] in _SCHEME.spaced_bullets and line[1:2].isspace()
        ):
            line = line[1:].lstrip()
        elif _NUMBERING.match(line):
            line = _NUMBERING.sub("", line, count=1)
        else:
            break
    return line


def _roman_value(text: str) -> int | None:
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
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _cell_text(value).strip()
    first, _, rest = text.partition(" ")
    if rest and _key(first) in {_key(prefix) for prefix in _SCHEME.term_prefixes}:
        text = rest.strip()
    if text.isdigit():
        return int(text)
    number = _roman_value(text)
    if number is None:
        raise _CellError(
            f"khóa '{_cell_text(value)}' không đọc được; ghi số La Mã (XXII) hoặc số (22)"
        )
    return number


def _period(value: Cell) -> dict[str, Any]:
    text = _key(_cell_text(value))
    quarter = re.fullmatch(
        rf"{re.escape(_key(_SCHEME.quarter_word))} ?([ivx]+|[1-4]) ?"
        rf"(?:/|-|{re.escape(_key(_SCHEME.year_word))}) ?(\d{{4}})",
        text,
    )
    if quarter:
        part = quarter.group(1)
        number = int(part) if part.isdigit() else _roman_value(part)
        if number is not None and 1 <= number <= 4:
            return {"kind": "quarter", "quarter": number, "year": int(quarter.group(2))}
    for phrase, kind in sorted(_SCHEME.period_kinds.items(), key=lambda item: -len(item[0])):
        match = re.fullmatch(rf"{re.escape(_key(phrase))} ?(\d{{4}})", text)
        if match:
            return {"kind": kind, "year": int(match.group(1))}
    examples = [f"{_SCHEME.quarter_word} I/2026"] + [f"{p} 2023" for p in _SCHEME.period_kinds]
    raise _CellError(
        f"kỳ '{_cell_text(value)}' không đọc được; ghi theo mẫu: {', '.join(examples)}"
    )


def _people(value: Cell, roles: Sequence[str]) -> list[dict[str, Any]]:
    people = []
    for line in _lines(_cell_text(value)):
        parts = [part.strip() for part in line.split(_SCHEME.person_separator)]
        name, titles = parts[0], [part for part in parts[1:] if part]
        if not name:
            raise _CellError(
                f"dòng '{line}' thiếu họ tên; ghi theo mẫu: Họ tên, chức danh 1, chức danh 2"
            )
        people.append({"name": name, "titles": titles, "roles": list(roles)})
    return people


def _authors(value: Cell) -> list[str]:
    names = [_cell_text(value)]
    for separator in _SCHEME.author_separators:
        names = [piece for name in names for piece in name.split(separator)]
    return [name for name in (_strip_bullet(name.strip()) for name in names) if name]


def _excel_serial(value: int) -> date | None:
    if 20_000 <= value <= 80_000:  # 1954 to 2119: a date cell that lost its format
        return date(1899, 12, 30) + timedelta(days=value)
    return None


def _convert(target: _Target, value: Cell) -> Any:
    """Return the data a non-empty cell gives ``target``; raise ``_CellError`` when it cannot."""
    if isinstance(value, _Fault):
        raise _CellError(value.reason)
    kind = target.kind
    if kind in ("number", "integer"):
        return value
    if kind == "percent":
        if isinstance(value, str):
            return value.removesuffix("%").strip()
        return value
    if kind == "date":
        if isinstance(value, int) and not isinstance(value, bool):
            return _excel_serial(value) or value
        return value
    if kind == "text":
        return _cell_text(value) if not isinstance(value, bool) else value
    if kind in ("choice", "bool"):
        if target.choices is None or isinstance(value, bool):
            return value
        if isinstance(value, int | Decimal) and kind == "bool":
            return value != 0
        return _choose(target, _cell_text(value))
    if kind == "lines":
        items = _lines(_cell_text(value))
        if target.choices is not None:
            return [_choose(target, item) for item in items]
        return items
    if kind == "term":
        return _term(value)
    if kind == "period":
        return _period(value)
    if kind == "person":
        return _people(value, target.roles)
    if kind == "authors":
        return _authors(value)
    if kind == "result":
        return {"field": target.field, "items": _lines(_cell_text(value))}
    if kind == "photos":
        return [{"caption": caption} for caption in _lines(_cell_text(value))]
    raise AssertionError(f"unknown column kind {kind!r}")  # pragma: no cover


# ---------------------------------------------------------------------------
# Encodings and CSV
# ---------------------------------------------------------------------------

_SAMPLE_BYTES: Final = 64 * 1024
_garbled = vi.garbled_characters


def _garbled_error(odd: Sequence[str], where: str) -> UserError:
    shown = ", ".join(f"'{char}'" for char in odd)
    return UserError(
        f"chữ trong tệp bị lỗi phông hoặc dùng bảng mã cũ (TCVN3/ABC, VNI): có ký tự lạ {shown}",
        "Mở tệp bằng Excel, chuyển phông sang Unicode (Unikey: Công cụ chuyển mã), rồi lưu lại "
        "dạng .xlsx hoặc CSV UTF-8.",
        where=where,
    )


def _read_head(path: Path) -> bytes:
    return read_input(path, "một tệp .csv hoặc .xlsx", limit=_SAMPLE_BYTES)


def _decodes(path: Path, encoding: str) -> bool:
    """Return whether the whole of ``path`` decodes with ``encoding`` (read in chunks)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detect_encoding(path: Path, head: bytes) -> str:
    """Return the codec of a CSV file: BOM first, then UTF-8, then Windows-1258."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(b"PK\x03\x04"):
        raise UserError(
            "đây là tệp Excel (.xlsx) nhưng lại có đuôi .csv",
            "Đổi đuôi tệp thành .xlsx rồi chạy lại.",
            where=str(path),
        )
    elif b"\x00" in head:
        odd_zeros = head[1::2].count(0)
        even_zeros = head[0::2].count(0)
        if odd_zeros > len(head) // 4 and even_zeros == 0:
            encoding = "utf-16-le"
        elif even_zeros > len(head) // 4 and odd_zeros == 0:
            encoding = "utf-16-be"
        else:
            raise UserError(
                "tệp không phải văn bản CSV (có byte 0, giống tệp nhị phân)",
                "Trong Excel chọn Lưu thành (Save As) → CSV UTF-8, hoặc dùng thẳng tệp .xlsx.",
                where=str(path),
            )
    else:
        encoding = "utf-8"
    if _decodes(path, encoding):
        return encoding
    if encoding == "utf-8" and _decodes(path, "cp1258"):
        return "cp1258"
    raise UserError(
        "không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16 hay Windows-1258)",
        "Trong Excel chọn Lưu thành (Save As) → CSV UTF-8, hoặc dùng thẳng tệp .xlsx.",
        where=str(path),
    )


_SEP_LINE: Final = re.compile(r"^sep=(.)\r?\n?$")


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for symbol in line:
        if symbol == '"':
            quoted = not quoted
        elif symbol == char and not quoted:
            count += 1
    return count


def _delimiter(sample: str) -> str:
    """Return the separator of a CSV sample: ";", "," or Tab."""
    first_line = sample.split("\n", 1)[0]
    candidates = ";,\t"
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in candidates and _count_outside_quotes(first_line, sniffed) > 0:
        return sniffed
    counts = {char: _count_outside_quotes(first_line, char) for char in candidates}
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ";"


def _csv_records(path: Path) -> Generator[Record, None, None]:
    """Yield (record number, cells) of a CSV file; Excel's row numbers, blank rows counted."""
    head = _read_head(path)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UserError(
            "tệp trống", "Điền bảng theo tệp mẫu (drafter batch --template-csv).", where=str(path)
        )
    encoding = _detect_encoding(path, head)
    with path.open(encoding=encoding, newline="") as stream:
        sample = stream.read(_SAMPLE_BYTES // 2)
    odd = _garbled(unicodedata.normalize("NFC", sample))  # Windows-1258 tones combine here
    if odd:
        raise _garbled_error(odd, str(path))
    sep = _SEP_LINE.match(sample.split("\n", 1)[0] + "\n")
    delimiter = sep.group(1) if sep else _delimiter(sample)
    with path.open(encoding=encoding, newline="") as stream:
        if sep:
            stream.readline()
        reader = csv.reader(stream, delimiter=delimiter)
        number = 0
        try:
            for record in reader:
                number += 1
                yield number, [_text_cell(cell) for cell in record]
        except csv.Error as error:
            raise UserError(
                f"tệp CSV hỏng ở dòng {number + 1}: {error}",
                "Mở tệp bằng Excel và lưu lại dạng CSV, hoặc dùng tệp .xlsx.",
                where=str(path),
            ) from None


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _read_head(path)  # missing file, folder, permissions: the same messages as for CSV
    remedy = (
        "Mở tệp bằng Excel rồi Lưu thành (Save As) → Sổ làm việc Excel (.xlsx), hoặc lưu dạng CSV."
    )
    if zipfile.is_zipfile(path):
        check_package(path, remedy)  # a zip bomb is refused before openpyxl inflates it
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise UserError(
            "tệp không phải bảng tính Excel .xlsx thật (có thể chỉ đổi đuôi, hoặc tệp bị hỏng)",
            "Mở tệp bằng Excel rồi Lưu thành (Save As) → Sổ làm việc Excel (.xlsx), "
            "hoặc lưu dạng CSV.",
            where=str(path),
        ) from None


def _sheet_records(sheet: Any) -> Iterator[Record]:
    number = 0
    for cells in sheet.iter_rows(min_row=1):
        rows = [cell.row for cell in cells if getattr(cell, "row", None)]
        number = rows[0] if rows else number + 1
        yield number, [_excel_cell(cell) for cell in cells]


def _sheets(book: Any, path: Path) -> tuple[Any, Any]:
    """Return (units sheet, long-format indicator sheet or None) of a workbook."""
    units = indicators = None
    for sheet in book.worksheets:
        if indicators is None and _key(sheet.title) in _INDICATOR_SHEET_KEYS:
            indicators = sheet
        elif units is None:
            units = sheet
    if units is None:
        raise UserError(
            "bảng tính không có trang đơn vị nào",
            "Trang đầu tiên của tệp phải là bảng đơn vị, mỗi dòng một đơn vị.",
            where=str(path),
        )
    return units, indicators


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------

_HEADER_SEARCH: Final = 10  # title rows tolerated above the header row


@dataclass
class _Table:
    """An open table: its header, the targets of its columns and the rest of its records."""

    label: str
    header_row: int
    targets: list[_Target]
    records: Iterator[Record]


def _open_table(records: Iterator[Record], label: str, *, long: bool) -> _Table:
    """Return the table in ``records`` with its header resolved; raise when it is unusable."""
    resolve = _long_target if long else _unit_target
    seen, first_number = 0, 0
    first: list[str] = []
    for number, cells in records:
        texts = ["" if cell is None else _cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        seen += 1
        if not first:
            first, first_number = texts, number
        targets = [resolve(text) for text in texts]
        known = [t for t in targets if t is not None and t.kind not in ("blank", "ignore")]
        if known:
            return _checked_table(label, number, texts, targets, records, long=long)
        if seen >= _HEADER_SEARCH:
            break
    odd = _garbled(" ".join(first))
    if odd:
        raise _garbled_error(odd, label)
    if any(text and _suggest(text, long=long) for text in first):
        # A header row whose every title is misspelt: name them with their nearest titles.
        targets = [resolve(text) for text in first]
        _checked_table(label, first_number, first, targets, records, long=long)
    if seen == 0:
        raise UserError(
            "tệp trống" if not long else "trang chỉ tiêu trống",
            "Điền bảng theo tệp mẫu (drafter batch --template-csv MẪU.xlsx).",
            where=label,
        )
    raise UserError(
        "không thấy dòng tiêu đề: không có cột nào mang tiêu đề drafter nhận ra "
        f"(ví dụ '{_SCHEME.unit_header}', '{COLUMNS[0].header}')",
        "Dòng đầu tiên của bảng phải là dòng tiêu đề cột; tạo bảng mẫu có đủ tiêu đề bằng "
        "drafter batch --template-csv MẪU.xlsx.",
        where=label,
    )


def _checked_table(
    label: str,
    number: int,
    texts: list[str],
    targets: list[_Target | None],
    records: Iterator[Record],
    *,
    long: bool,
) -> _Table:
    unknown = [(i, text) for i, (text, t) in enumerate(zip(texts, targets, strict=True)) if not t]
    if unknown:
        odd = _garbled(" ".join(text for _, text in unknown))
        if odd:
            raise _garbled_error(odd, label)
        lines = []
        for index, text in unknown:
            guess = _suggest(text, long=long)
            hint = f" (có phải là '{guess}'?)" if guess else ""
            lines.append(f"cột {_letter(index)} '{text}'{hint}")
        raise UserError(
            f"dòng tiêu đề {number} có cột drafter không biết: " + "; ".join(lines),
            "Sửa tiêu đề cho đúng (bảng mẫu có đủ tiêu đề: drafter batch --template-csv "
            "MẪU.xlsx); cột ghi chú riêng của văn phòng hãy đặt tiêu đề 'Ghi chú'.",
            where=label,
        )
    resolved = [t for t in targets if t is not None]
    first_seen: dict[str, int] = {}
    by_identity: dict[tuple[Any, ...], int] = {}
    for index, (text, target) in enumerate(zip(texts, resolved, strict=True)):
        if target.kind in ("blank", "ignore"):
            continue
        key = _key(text)
        if key in first_seen:
            raise UserError(
                f"cột '{text}' có hai lần (cột {_letter(first_seen[key])} và cột {_letter(index)})",
                "Xóa hoặc đổi tên một trong hai cột rồi chạy lại.",
                where=label,
            )
        first_seen[key] = index
        identity = target.identity()
        if identity in by_identity:
            other = texts[by_identity[identity]]
            raise UserError(
                f"cột '{other}' và cột '{text}' cùng ghi vào một mục dữ liệu",
                "Giữ một trong hai cột rồi chạy lại.",
                where=label,
            )
        by_identity[identity] = index
    return _Table(label, number, resolved, records)


# ---------------------------------------------------------------------------
# Building the data of one row
# ---------------------------------------------------------------------------


class _Items(dict[int, Any]):
    """A list under construction: index → item; gaps close when the row is finished."""


def _put(tree: dict[str, Any], parts: Path_, value: Any) -> None:
    node: Any = tree
    for part, following in itertools.pairwise(parts):
        child = node.get(part)
        if not isinstance(child, dict):
            child = _Items() if isinstance(following, int) else {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _finish(node: Any, old: Path_, new: Path_, moved: dict[Path_, Path_]) -> Any:
    """Return ``node`` as plain data (lists closed up), recording where each path went.

    Only the items that moved are recorded (``_moved`` looks up prefixes): usually none.
    """
    if isinstance(node, _Items):
        items = []
        for index, key in enumerate(sorted(node)):
            item_old, item_new = (*old, key), (*new, index)
            if item_old != item_new:
                moved[item_old] = item_new
            items.append(_finish(node[key], item_old, item_new, moved))
        return items
    if isinstance(node, dict):  # a leaf is kept as it is: no paths to make for it
        return {
            key: _finish(item, (*old, key), (*new, key), moved) if isinstance(item, dict) else item
            for key, item in node.items()
        }
    return node


def _plain_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_copy(item) for item in value]
    return value


def _merge(base: Any, over: Any, path: Path_, atomic: frozenset[Path_]) -> Any:
    """Return ``over`` deep-merged onto ``base``: mappings merge, everything else replaces."""
    if isinstance(base, Mapping) and isinstance(over, Mapping) and path not in atomic:
        merged = _plain_copy(base)
        for key, value in over.items():
            merged[key] = _merge(base[key], value, (*path, key), atomic) if key in base else value
        return merged
    return over


def _year_of(data: Any) -> int | None:
    period = data.get("period") if isinstance(data, Mapping) else None
    year = period.get("year") if isinstance(period, Mapping) else None
    try:
        return int(year) if year is not None and not isinstance(year, bool) else None
    except (TypeError, ValueError):
        return None


def _apply_defaults(tree: dict[str, Any], year: int | None) -> None:
    """Fill the comparison wording the clerk left empty ("kế hoạch", "cùng kỳ năm 2025")."""
    indicators = tree.get("indicators")
    if not isinstance(indicators, dict):
        return
    defaults = dict(_SCHEME.defaults)
    if year is None:
        defaults.update(_SCHEME.defaults_without_year)
    for indicator in indicators.values():
        if not isinstance(indicator, dict):
            continue
        for path, text in defaults.items():
            *parents, leaf = _parse_path(path)
            node: Any = indicator
            for part in parents:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict) and leaf not in node:
                node[leaf] = text.format(previous_year=(year or 0) - 1)


@dataclass
class _Mapped:
    """The cells of one record mapped into a tree, with where each value came from."""

    tree: dict[str, Any] = field(default_factory=dict)
    sources: dict[Path_, tuple[int, str]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    atomic: set[Path_] = field(default_factory=set)
    unit: str = ""
    unit_column: str = ""
    filled: bool = False


_RESULT_ORDER: Final = {
    column.field: index for index, column in enumerate(COLUMNS) if column.field is not None
}


def _map_cells(
    number: int, cells: Sequence[Cell], targets: Sequence[_Target], column_label: str = "{}"
) -> _Mapped:
    """Return the tree the cells of one record fill (people merged by name)."""
    mapped = _Mapped()
    people: list[dict[str, Any]] = []
    for index, value in enumerate(cells):
        target = targets[index] if index < len(targets) else None
        if value is None or (target is not None and target.kind == "ignore"):
            continue
        mapped.filled = True
        if target is None or target.kind == "blank":
            mapped.errors.append(
                RowError(
                    number,
                    "",
                    f"ô ở cột {_letter(index)} có dữ liệu nhưng cột không có tiêu đề; "
                    "hãy thêm tiêu đề cho cột hoặc xóa dữ liệu",
                )
            )
            continue
        column = column_label.format(target.header)
        if target.kind == "unit":
            mapped.unit, mapped.unit_column = _cell_text(value), column
            continue
        path = target.path
        if target.kind == "result":
            path = (*path, _RESULT_ORDER[target.field or ""])
        mapped.sources[path] = (number, column)
        try:
            converted = _convert(target, value)
        except _CellError as error:
            mapped.errors.append(RowError(number, column, str(error)))
            continue
        if target.kind == "person":
            for person in converted:
                _add_person(people, person, (number, column), mapped.sources)
        elif converted or target.kind not in _LIST_KINDS:
            if target.kind == "period":
                mapped.atomic.add(path)
            _put(mapped.tree, path, converted)
            for also_path, constant in target.also:
                _put(mapped.tree, also_path, constant)
    if people:
        mapped.tree["people"] = _Items(enumerate(people))
    return mapped


_LIST_KINDS: Final = frozenset({"lines", "photos", "authors"})


def _add_person(
    people: list[dict[str, Any]],
    person: dict[str, Any],
    source: tuple[int, str],
    sources: dict[Path_, tuple[int, str]],
) -> None:
    """Add ``person`` to ``people``, or add its roles to the person of the same name."""
    for known in people:
        if _key(known["name"]) == _key(person["name"]):
            known["roles"] += [role for role in person["roles"] if role not in known["roles"]]
            known["titles"] = known["titles"] or person["titles"]
            return
    sources[("people", len(people))] = source
    people.append(person)


@dataclass
class _IndicatorRow:
    """One row of the long-format indicator sheet, mapped and waiting for its unit."""

    number: int
    unit: str
    unit_column: str
    tree: dict[str, Any]
    sources: dict[Path_, tuple[int, str]]
    errors: list[RowError]


def _index_indicators(table: _Table, place: str) -> dict[str, list[_IndicatorRow]]:
    """Return the long-format indicator rows of ``table`` grouped by unit key (file order)."""
    if not any(t.kind == "unit" for t in table.targets):
        raise UserError(
            f"bảng chỉ tiêu dạng dọc thiếu cột '{_SCHEME.unit_header}'",
            f"Thêm cột '{_SCHEME.unit_header}' ghi mã đơn vị của từng chỉ tiêu, đúng như ở bảng "
            "đơn vị.",
            where=table.label,
        )
    label = "{} (" + place + ")"
    index: dict[str, list[_IndicatorRow]] = {}
    for number, cells in table.records:
        mapped = _map_cells(number, cells, table.targets, label)
        if not mapped.filled:
            continue
        entry = _IndicatorRow(
            number,
            mapped.unit,
            mapped.unit_column or label.format(_SCHEME.unit_header),
            mapped.tree,
            mapped.sources,
            mapped.errors,
        )
        index.setdefault(_key(mapped.unit), []).append(entry)
    return index


def _copy_tree(node: Any) -> Any:
    if isinstance(node, _Items):
        return _Items({key: _copy_tree(item) for key, item in node.items()})
    if isinstance(node, dict):
        return {key: _copy_tree(item) for key, item in node.items()}
    if isinstance(node, list):
        return [_copy_tree(item) for item in node]
    return node


# ---------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------


def read_rows(
    path: Path,
    *,
    base: Mapping[str, Any] | None = None,
    indicators: Path | None = None,
) -> Iterator[Row]:
    """Return an iterator over the data rows of a .csv or .xlsx file, one ``Row`` per unit.

    The file is opened and its header checked before this returns, so an unusable input raises
    ``UserError`` at once; rows are then read one at a time. In an XLSX file the first sheet
    holds the units and a sheet named "chi-tieu" (or "indicators") may hold indicators in long
    format, keyed by the unit column; ``indicators`` names a separate long-format CSV/XLSX.
    Fully empty rows are skipped. Indicator rows whose unit is not in the units sheet come
    last, as rows without data.
    """
    suffix = path.suffix.lower()
    closers: list[Any] = []
    try:
        index: dict[str, list[_IndicatorRow]] = {}
        if suffix in XLSX_SUFFIXES:
            book = _open_workbook(path)
            closers.append(book)
            units_sheet, indicator_sheet = _sheets(book, path)
            if indicator_sheet is not None:
                place = f"{_SCHEME.words['sheet']} {indicator_sheet.title}"
                table = _open_table(_sheet_records(indicator_sheet), f"{path}, {place}", long=True)
                index = _index_indicators(table, place)
            records = _sheet_records(units_sheet)
            where = f"{path}, {_SCHEME.words['sheet']} {units_sheet.title}"
        elif suffix in CSV_SUFFIXES:
            records = _csv_records(path)
            closers.append(records)
            where = str(path)
        else:
            raise _suffix_error(path)
        if indicators is not None:
            for unit, entries in _read_indicator_file(indicators).items():
                index.setdefault(unit, []).extend(entries)
        units = _open_table(records, where, long=False)
        if index and not any(t.kind == "unit" for t in units.targets):
            raise UserError(
                f"có bảng chỉ tiêu dạng dọc nhưng bảng đơn vị không có cột "
                f"'{_SCHEME.unit_header}' để nối",
                f"Thêm cột '{_SCHEME.unit_header}' vào bảng đơn vị, ghi đúng mã như ở bảng "
                "chỉ tiêu.",
                where=where,
            )
        first = _first_data_record(units)
    except BaseException:
        for closer in closers:
            closer.close()
        raise
    return _rows(units, first, base or {}, index, closers)


def _suffix_error(path: Path) -> UserError:
    if path.suffix.lower() == ".xls":
        return UserError(
            "tệp Excel 97-2003 (.xls) không đọc được trực tiếp",
            "Mở tệp bằng Excel rồi Lưu thành (Save As) → Sổ làm việc Excel (.xlsx).",
            where=str(path),
        )
    return UserError(
        f"không đọc được bảng có đuôi '{path.suffix}'",
        "Dùng tệp .csv (Excel: Lưu thành → CSV UTF-8) hoặc .xlsx.",
        where=str(path),
    )


def _read_indicator_file(path: Path) -> dict[str, list[_IndicatorRow]]:
    """Return the rows of a separate long-format indicator file, grouped by unit."""
    suffix = path.suffix.lower()
    place = f"{_SCHEME.words['file']} {path.name}"
    if suffix in CSV_SUFFIXES:
        records = _csv_records(path)
        try:
            return _index_indicators(_open_table(records, str(path), long=True), place)
        finally:
            records.close()
    if suffix in XLSX_SUFFIXES:
        book = _open_workbook(path)
        try:
            units_sheet, indicator_sheet = _sheets(book, path)
            sheet = indicator_sheet if indicator_sheet is not None else units_sheet
            table = _open_table(_sheet_records(sheet), str(path), long=True)
            return _index_indicators(table, place)
        finally:
            book.close()
    raise _suffix_error(path)


def _first_data_record(table: _Table) -> Record:
    for number, cells in table.records:
        if any(cell is not None for cell in cells):
            return number, cells
    raise UserError(
        "bảng chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào",
        "Điền mỗi đơn vị một dòng bên dưới dòng tiêu đề rồi chạy lại.",
        where=table.label,
    )


def _rows(
    table: _Table,
    first: Record,
    base: Mapping[str, Any],
    index: dict[str, list[_IndicatorRow]],
    closers: list[Any],
) -> Iterator[Row]:
    reader = _RowReader(table, base, index)
    try:
        for number, cells in _chain(first, table.records):
            row = reader.row(number, cells)
            if row is not None:
                yield row
        for key, entries in index.items():
            if key not in reader.used:
                yield from (_orphan(entry) for entry in entries)
    finally:
        for closer in closers:
            closer.close()


def _chain(first: Record, rest: Iterator[Record]) -> Iterator[Record]:
    yield first
    yield from rest


class _RowReader:
    """Turn the records of the units table into rows; remembers unit ids to catch duplicates."""

    def __init__(
        self, table: _Table, base: Mapping[str, Any], index: Mapping[str, list[_IndicatorRow]]
    ) -> None:
        self.targets = table.targets
        self.base = base
        self.base_year = _year_of(base)
        self.index = index
        self.unit_header = next((t.header for t in table.targets if t.kind == "unit"), "")
        self.seen: dict[str, int] = {}
        self.used: set[str] = set()

    def row(self, number: int, cells: Sequence[Cell]) -> Row | None:
        """Return the row of one record; None when the record holds nothing."""
        mapped = _map_cells(number, cells, self.targets)
        if not mapped.filled:
            return None
        if mapped.unit:
            self._attach_unit(number, mapped)
        _apply_defaults(mapped.tree, _year_of(mapped.tree) or self.base_year)
        moved: dict[Path_, Path_] = {}
        tree = _finish(mapped.tree, (), (), moved)
        sources = _Sources(mapped.sources, moved) if moved else mapped.sources
        data = _merge(self.base, tree, (), frozenset(mapped.atomic))
        unit = mapped.unit or _unit_name(data, number)
        return Row(number, unit, data, mapped.errors, sources)

    def _attach_unit(self, number: int, mapped: _Mapped) -> None:
        """Check the unit id is new and add the unit's long-format indicators."""
        key = _key(mapped.unit)
        if key in self.seen:
            mapped.errors.append(
                RowError(
                    number,
                    self.unit_header,
                    f"mã đơn vị '{mapped.unit}' trùng với dòng {self.seen[key]}; "
                    "mỗi đơn vị chỉ ghi một dòng, hãy sửa mã cho khác nhau",
                )
            )
        else:
            self.seen[key] = number
        if key in self.index:
            self.used.add(key)
        for offset, entry in enumerate(self.index.get(key, [])):
            position = _LONG_OFFSET + offset
            mapped.tree.setdefault("indicators", _Items())[position] = _copy_tree(entry.tree)
            for path, source in entry.sources.items():
                mapped.sources[("indicators", position, *path)] = source
            mapped.errors.extend(entry.errors)


class _Sources(Mapping[Path_, tuple[int, str]]):
    """A row's sources, placed where the closed-up lists put them only when first read.

    Only a row's errors read them, and most rows have none.
    """

    def __init__(self, raw: Mapping[Path_, tuple[int, str]], moved: Mapping[Path_, Path_]):
        self._raw = raw
        self._moved = moved
        self._placed: dict[Path_, tuple[int, str]] | None = None

    def _items(self) -> dict[Path_, tuple[int, str]]:
        if self._placed is None:
            self._placed = {_moved(path, self._moved): src for path, src in self._raw.items()}
        return self._placed

    def __getitem__(self, path: Path_) -> tuple[int, str]:
        return self._items()[path]

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._raw)


def _moved(path: Path_, moved: Mapping[Path_, Path_]) -> Path_:
    """Return where ``path`` is once the lists are closed up (gaps removed)."""
    for size in range(len(path), 0, -1):
        if path[:size] in moved:
            return (*moved[path[:size]], *path[size:])
    return path


def _unit_name(data: Mapping[str, Any], number: int) -> str:
    issuer = data.get("issuer")
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    return name.strip() if isinstance(name, str) and name.strip() else str(number)


def _orphan(entry: _IndicatorRow) -> Row:
    reason = (
        f"mã đơn vị '{entry.unit}' không có ở bảng đơn vị nên chỉ tiêu này không dùng được; "
        "hãy sửa mã cho đúng như ở bảng đơn vị"
        if entry.unit
        else "dòng chỉ tiêu chưa ghi mã đơn vị; hãy ghi mã đúng như ở bảng đơn vị"
    )
    error = RowError(entry.number, entry.unit_column, reason)
    return Row(entry.number, entry.unit, None, [error, *entry.errors])


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def validate_row(row: Row) -> tuple[Report | None, list[RowError]]:
    """Return the row's ``Report`` and no errors, or ``None`` and every problem of the row.

    Mapping errors come first; then the model's errors, each named by the column that supplied
    the value (the model path when no column did) with its Vietnamese reason.
    """
    errors = list(row.errors)
    if row.data is None:
        return None, errors
    try:
        report = Report.model_validate(row.data)
    except ValidationError as error:
        known = {(item.row, item.column) for item in errors if item.column}
        for detail in error.errors():
            found = _locate(row, tuple(detail["loc"]), explain(detail, Report))
            if (found.row, found.column) in known or found in errors:
                continue
            errors.append(found)
        return None, errors
    if errors:
        return None, errors
    return report, []


def _locate(row: Row, loc: Path_, reason: str) -> RowError:
    """Return the error at ``loc`` placed on the cell that supplied it."""
    sources = row.sources
    if loc in sources:
        number, column = sources[loc]
        return RowError(number, column, reason)
    if loc:
        for path, (number, column) in sources.items():
            if path[: len(loc)] == loc:
                return RowError(number, column, reason)
        for size in range(len(loc) - 1, 0, -1):
            if loc[:size] in sources:
                number, column = sources[loc[:size]]
                rest = loc[size:]
                if rest and isinstance(rest[0], int):
                    reason = f"{_SCHEME.words['item']} {rest[0] + 1}: {reason}"
                return RowError(number, column, reason)
    if _exists(row.data, loc):
        reason = f"{reason} ({_SCHEME.words['base_file']})"
        return RowError(row.number, format_path(loc), reason)
    for size in range(len(loc), 0, -1):
        column_ = _BY_PATH.get(format_path(loc[:size]))
        if column_ is not None:
            return RowError(row.number, column_.header, reason)
    return RowError(row.number, format_path(loc), reason)


def _exists(data: Any, loc: Path_) -> bool:
    if not loc:
        return False
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True


# ---------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------


def _template_columns() -> list[tuple[str, str, str | None]]:
    """Return (header, kind, sample text) for every column of the template's units sheet."""
    columns: list[tuple[str, str, str | None]] = [
        (_SCHEME.unit_header, "text", _SCHEME.unit_sample)
    ]
    columns += [(column.header, column.kind, column.sample) for column in COLUMNS]
    for number in range(1, _SCHEME.template_groups + 1):
        samples = _SCHEME.indicator_samples
        sample = samples[number - 1] if number <= len(samples) else {}
        for item in INDICATOR_FIELDS:
            head = f"{_SCHEME.group_prefix} {number}"
            header = f"{head} - {item.suffix}" if item.suffix else head
            columns.append((header, item.kind, sample.get(item.path)))
    return columns


def _typed(kind: str, text: str | None) -> Any:
    """Return a sample as an XLSX cell value: real numbers and dates where Excel has them."""
    if text is None:
        return None
    if kind in ("number", "percent"):
        return _tidy(vi.parse_number(text))
    if kind == "integer":
        return int(text)
    if kind == "date":
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return text.replace("\r\n", "\n")


def write_template(path: Path) -> None:
    """Write an empty input table with every documented header and one sample row.

    ``.csv`` is written as Excel in a Vietnamese locale opens it (UTF-8 with BOM, ";");
    ``.xlsx`` gets real numbers and dates and a second sheet "chi-tieu" with sample indicators
    in long format. An existing file is never replaced.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(
            f"không tạo được bảng mẫu đuôi '{path.suffix}'",
            "Đặt tên tệp mẫu có đuôi .csv hoặc .xlsx.",
            where=str(path),
        )
    if path.exists():
        raise UserError(
            "tệp đã có, drafter không ghi đè lên bảng của văn phòng",
            "Chọn một tên tệp khác cho bảng mẫu.",
            where=str(path),
        )
    columns = _template_columns()
    if suffix == ".csv":
        stream = io.StringIO()
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _, _ in columns])
        writer.writerow([sample or "" for _, _, sample in columns])
        data = codecs.BOM_UTF8 + stream.getvalue().encode("utf-8")
    else:
        data = _template_xlsx(columns)
    atomic_write_bytes(path, data)


def _template_xlsx(columns: Sequence[tuple[str, str, str | None]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    units = book.active
    assert units is not None
    units.title = _SCHEME.units_sheet
    _fill_sheet(
        units,
        [header for header, _, _ in columns],
        [[_typed(kind, sample) for _, kind, sample in columns]],
    )
    sheet = book.create_sheet(_SCHEME.indicator_sheets[0])
    headers = [_SCHEME.unit_header] + [item.header for item in INDICATOR_FIELDS]
    rows = [
        [_SCHEME.unit_sample]
        + [_typed(item.kind, sample.get(item.path)) for item in INDICATOR_FIELDS]
        for sample in _SCHEME.sheet_indicator_samples
    ]
    _fill_sheet(sheet, headers, rows)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _fill_sheet(sheet: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append(list(values))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for index in range(len(headers)):
        sheet.column_dimensions[_letter(index)].width = 24
    sheet.freeze_panes = "B2"
