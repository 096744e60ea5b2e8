"""The column scheme of batch input: ``drafter/data/batch_columns.yaml`` and the model it fills.

The scheme maps each Vietnamese header to a data path of ``Report`` and says how a cell is
read; a kind left out of the file is inferred from the model's annotation at that path. Every
Vietnamese word of the sheet reader (choices, period words, bullets) lives in the data file.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeAlias, Union, get_args, get_origin

from pydantic import BaseModel

from drafter import vietnamese as vi
from drafter import yamlio
from drafter.models import Report

SCHEME_FILE: Final = Path(__file__).resolve().parent.parent / "data" / "batch_columns.yaml"

DataPath: TypeAlias = tuple[str | int, ...]
"""A data path as pydantic reports it: ``("indicators", 0, "value")``."""


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
    also: tuple[tuple[str, Any], ...] = ()


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
class Scheme:
    """The whole column scheme, as read from the data file."""

    unit_header: str
    unit_aliases: tuple[str, ...]
    unit_sample: str
    ignored: tuple[str, ...]
    indicator_sheets: tuple[str, ...]
    units_sheet: str
    shared_sheets: tuple[str, ...]
    shared_heading: tuple[str, ...]
    columns: tuple[Column, ...]
    group_prefix: str
    template_groups: int
    indicator_fields: tuple[IndicatorField, ...]
    defaults: tuple[tuple[str, str], ...]
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
    photo_prefix: str
    photo_fields: tuple[PhotoField, ...]
    short_columns: tuple[str, ...]
    short_groups: int
    short_indicator_fields: tuple[str, ...]
    footer_starts: tuple[str, ...]
    footer_date_words: tuple[str, ...]
    footer_max_cells: int


@dataclass(frozen=True)
class PhotoField:
    """One field of a photo: "Ảnh N - <suffix>" (or an alias) fills ``photos[N-1].<path>``."""

    suffix: str
    aliases: tuple[str, ...]
    path: str


def _load_scheme(path: Path = SCHEME_FILE) -> Scheme:
    """Return the column scheme in ``path``; kinds left out are inferred from the model."""
    raw = yamlio.load(path)
    columns = [_column(item) for item in raw["columns"]]
    fields = [_indicator_field(item) for item in raw["indicator_fields"]]
    bullets = raw["bullets"]
    periods = raw["periods"]
    return Scheme(
        unit_header=raw["unit"]["header"],
        unit_aliases=tuple(raw["unit"].get("aliases", ())),
        unit_sample=raw["unit"]["sample"],
        ignored=tuple(raw.get("ignored", ())),
        indicator_sheets=tuple(raw["indicator_sheets"]),
        units_sheet=raw["units_sheet"],
        shared_sheets=tuple(raw["shared_sheets"]),
        shared_heading=tuple(raw["shared_heading"]),
        columns=tuple(columns),
        group_prefix=raw["indicator_group"]["prefix"],
        template_groups=int(raw["indicator_group"]["template_groups"]),
        indicator_fields=tuple(fields),
        defaults=tuple(raw["indicator_defaults"].items()),
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
        photo_prefix=raw["photo_group"]["prefix"],
        photo_fields=tuple(
            PhotoField(item["suffix"], tuple(item.get("aliases", ())), item["path"])
            for item in raw["photo_group"]["fields"]
        ),
        short_columns=tuple(raw["short_template"]["columns"]),
        short_groups=int(raw["short_template"]["groups"]),
        short_indicator_fields=tuple(raw["short_template"]["indicator_fields"]),
        footer_starts=tuple(raw["footer"]["starts"]),
        footer_date_words=tuple(raw["footer"]["date_words"]),
        footer_max_cells=int(raw["footer"]["max_cells"]),
    )


def _column(item: Mapping[str, Any]) -> Column:
    """Return the column an entry of the scheme's ``columns`` describes."""
    return Column(
        header=item["header"],
        path=item["path"],
        kind=item.get("kind") or inferred_kind(parse_path(item["path"])),
        aliases=tuple(item.get("aliases", ())),
        choices=item.get("choices"),
        roles=tuple(item.get("roles", ())),
        field=item.get("field"),
        sample=item.get("sample"),
        also=tuple((item.get("also") or {}).items()),
    )


def _indicator_field(item: Mapping[str, Any]) -> IndicatorField:
    """Return the indicator field an entry of the scheme's ``indicator_fields`` describes."""
    parts = ("indicators", 0, *parse_path(item["path"]))
    return IndicatorField(
        suffix=item["suffix"],
        header=item["header"],
        path=item["path"],
        kind=item.get("kind") or inferred_kind(parts),
        aliases=tuple(item.get("aliases", ())),
        choices=item.get("choices"),
        also=tuple((item.get("also") or {}).items()),
    )


_PATH_TEXT = re.compile(r"[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*", re.ASCII)
_PATH_TOKEN = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]", re.ASCII)


def parse_path(text: str) -> DataPath:
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


def required_at(parts: DataPath) -> bool:
    """Return whether the model requires the field at ``parts`` (every step of the way)."""
    found = _walk(parts)
    return found is not None and found[1]


def annotation_at(parts: DataPath) -> Any:
    """Return the model annotation at ``parts`` (None when the path is not in the model)."""
    found = _walk(parts)
    return None if found is None else found[0]


def _walk(parts: DataPath) -> tuple[Any, bool] | None:
    """Return the annotation at ``parts`` and whether every field on the way is required.

    None when the path is not in the model (or is empty).
    """
    if not parts:
        return None
    annotation: Any = Report
    required = True
    for part in parts:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            if get_origin(annotation) is not list:
                return None
            annotation = get_args(annotation)[0]
            required = False  # an item of a list is never required by the model
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        info = annotation.model_fields.get(part)
        if info is None:
            return None
        required = required and info.is_required()
        annotation = info.annotation
    return annotation, required


def _literal_values(annotation: Any) -> tuple[str, ...]:
    """Return the values of a ``Literal`` annotation (inside a list too), else ()."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) is list:
        annotation = _unwrap(get_args(annotation)[0])
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    return ()


def inferred_kind(parts: DataPath) -> str:
    """Return how to read a cell for the model field at ``parts``; "" when it takes no cell."""
    annotation = _unwrap(annotation_at(parts))
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


_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_BRACKETS = re.compile(r"[()\[\]]")
_SPACE_RUN = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # the same headers, choices and words recur on every row
def match_key(text: str) -> str:
    """Return ``text`` as a matching key: NFC, modern tone marks, case-folded, tidy spacing."""
    text = vi.normalize_text(text).casefold()
    text = _BRACKETS.sub(" ", text)
    text = _DASHES.sub("-", text)
    text = _SPACE_RUN.sub(" ", text).strip(" *:")
    return text.replace(" %", "%")


SCHEME: Final = _load_scheme()
COLUMNS: Final[tuple[Column, ...]] = SCHEME.columns
"""The documented columns, in template order (the unit column and indicator groups aside)."""
INDICATOR_FIELDS: Final[tuple[IndicatorField, ...]] = SCHEME.indicator_fields
"""The fields of one indicator, for column groups and for the long-format sheet."""
COLUMN_BY_PATH: Final = {column.path: column for column in reversed(COLUMNS)}
"""The column filling each data path (the first one when several do)."""

_BOOL_MACHINE: Final[Mapping[str, bool]] = {"true": True, "false": False, "1": True, "0": False}


def choice_table(name: str | None, parts: DataPath, kind: str) -> tuple[dict[str, Any], list[str]]:
    """Return the accepted words (matching key → model value) and the words to show."""
    table: dict[str, Any] = {}
    shown: list[str] = []
    if kind == "bool":
        name = name or "yes_no"
        table.update(_BOOL_MACHINE)
    if name is not None:
        for word, value in SCHEME.choices[name].items():
            table[match_key(str(word))] = value
            shown.append(str(word))
    for value in _literal_values(annotation_at(parts)):
        table.setdefault(match_key(value), value)
        if name is None:
            shown.append(value)
    if kind == "bool":
        shown = shown[:2]
    return table, shown
