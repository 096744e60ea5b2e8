"""Header matching: what each column of a clerk's table fills, and the nearest known header.

Headers are compared by matching key (case, tone-mark style, dashes and spacing ignored); the
units sheet also takes indicator column groups ("Chỉ tiêu N - …") and model paths as headers.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from drafter.explain import format_path
from drafter.sheet.scheme import (
    COLUMN_BY_PATH,
    COLUMNS,
    INDICATOR_FIELDS,
    SCHEME,
    Column,
    DataPath,
    IndicatorField,
    choice_table,
    inferred_kind,
    match_key,
    parse_path,
)


@dataclass(frozen=True)
class Target:
    """What one column of the file fills, and how its cells are read."""

    header: str
    kind: str
    path: DataPath = ()
    choices: Mapping[str, Any] | None = None
    shown_choices: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    field: str | None = None
    also: tuple[tuple[DataPath, Any], ...] = ()

    def identity(self) -> tuple[Any, ...]:
        """Return what two columns must not share: the same data filled twice."""
        if self.kind in ("ignore", "blank"):
            return ("ignore", self.header)
        return (self.kind if self.kind == "unit" else "", self.path, self.roles, self.field)


_BY_KEY: Final = {
    match_key(name): column for column in COLUMNS for name in (column.header, *column.aliases)
}
_UNIT_KEYS: Final = frozenset(
    match_key(name) for name in (SCHEME.unit_header, *SCHEME.unit_aliases)
)
_IGNORED_KEYS: Final = frozenset(match_key(name) for name in SCHEME.ignored)
_SUFFIX_KEYS: Final = {
    match_key(name): item
    for item in INDICATOR_FIELDS
    for name in ((item.suffix, *item.aliases) if item.suffix else ())
}
_LONG_KEYS: Final = {
    match_key(name): item
    for item in INDICATOR_FIELDS
    for name in (item.header, *item.aliases, *((item.suffix,) if item.suffix else ()))
}
_GROUP: Final = re.compile(rf"^{re.escape(match_key(SCHEME.group_prefix))} ?(\d+)(?:-(.+))?$")
_PHOTO_GROUP: Final = re.compile(rf"^{re.escape(match_key(SCHEME.photo_prefix))} ?(\d+)(?:-(.+))?$")
_PHOTO_KEYS: Final = {
    match_key(name): item.path
    for item in SCHEME.photo_fields
    for name in (item.suffix, *item.aliases)
}


def _target(
    header: str, kind: str, parts: DataPath, model_parts: DataPath | None = None, **extra: Any
) -> Target:
    """Return a target; ``model_parts`` is where ``parts`` sits in a report, when it differs."""
    choices: Mapping[str, Any] | None = None
    shown: tuple[str, ...] = ()
    if kind in ("choice", "bool", "lines"):
        where = parts if model_parts is None else model_parts
        table, words = choice_table(extra.pop("choices", None), where, kind)
        if table:
            choices, shown = table, tuple(words)
    else:
        extra.pop("choices", None)
    return Target(header, kind, parts, choices, shown, **extra)


def _column_target(header: str, column: Column) -> Target:
    """Return the target of a documented column under the header ``header``."""
    return _target(
        header,
        column.kind,
        parse_path(column.path),
        choices=column.choices,
        roles=column.roles,
        field=column.field,
        also=tuple((parse_path(path), value) for path, value in column.also),
    )


def _indicator_target(header: str, item: IndicatorField, prefix: DataPath) -> Target:
    """Return the target of an indicator field; ``prefix`` is the indicator's own path."""
    also = tuple((prefix + parse_path(path), value) for path, value in item.also)
    own = parse_path(item.path)
    return _target(
        header,
        item.kind,
        prefix + own,
        ("indicators", 0, *own),
        choices=item.choices,
        also=also,
    )


def _common_target(header: str, key: str) -> Target | None:
    """Return the target of a blank, ignored or unit-id header, which both sheets share."""
    if not key:
        return Target(header, "blank")
    if key in _IGNORED_KEYS:
        return Target(header, "ignore")
    if key in _UNIT_KEYS:
        return Target(header, "unit")
    return None


def unit_target(header: str) -> Target | None:
    """Return what a header of the units sheet fills; None when it is unknown."""
    key = match_key(header)
    common = _common_target(header, key)
    if common is not None:
        return common
    column = _BY_KEY.get(key)
    if column is not None:
        return _column_target(header, column)
    photo = _photo_target(header, key)
    if photo is not None:
        return photo
    match = _GROUP.match(key)
    if match and int(match.group(1)) >= 1:
        item = _SUFFIX_KEYS.get(match.group(2)) if match.group(2) else INDICATOR_FIELDS[0]
        if item is not None and (match.group(2) is None or item.suffix):
            return _indicator_target(header, item, ("indicators", int(match.group(1)) - 1))
        return None
    parts = parse_path(header.strip())
    if parts:
        column = COLUMN_BY_PATH.get(format_path(parts))
        if column is not None:
            return _column_target(header, column)
        kind = inferred_kind(parts)
        if kind:
            return _target(header, kind, parts)
    return None


def _photo_target(header: str, key: str) -> Target | None:
    """Return the target of "Ảnh N - tệp" or "Ảnh N - chú thích"; None for other headers."""
    match = _PHOTO_GROUP.match(key)
    if not match or int(match.group(1)) < 1:
        return None
    path = _PHOTO_KEYS.get(match.group(2)) if match.group(2) else SCHEME.photo_fields[0].path
    if path is None:
        return None
    return _target(header, "text", ("photos", int(match.group(1)) - 1, path))


def long_target(header: str) -> Target | None:
    """Return what a header of the long-format indicator sheet fills; None when unknown."""
    key = match_key(header)
    common = _common_target(header, key)
    if common is not None:
        return common
    item = _LONG_KEYS.get(key)
    if item is not None:
        return _indicator_target(header, item, ())
    return None


def _known_headers(header: str, *, long: bool) -> list[str]:
    """Return the headers a misspelt ``header`` may have meant."""
    names = [SCHEME.unit_header, *SCHEME.unit_aliases]
    if long:
        for item in INDICATOR_FIELDS:
            names += [item.header, *item.aliases]
        return names
    for column in COLUMNS:
        names += [column.header, *column.aliases]
    number = re.search(r"\d+", header)
    n = number.group(0) if number else "1"
    for item in INDICATOR_FIELDS:
        head = f"{SCHEME.group_prefix} {n}"
        names.append(f"{head} - {item.suffix}" if item.suffix else head)
    names += [f"{SCHEME.photo_prefix} {n} - {item.suffix}" for item in SCHEME.photo_fields]
    return names


SUGGEST_CUTOFF: Final = 0.75
"""How close a header must be to a known one to be suggested (0 to 1, see ``closeness``)."""


def suggest_header(header: str, *, long: bool) -> str | None:
    """Return the known header nearest to ``header`` when it is close enough, else None.

    Words are compared without diacritics, one by one (``closeness``), so that a title typed
    without accents ("Ten cap uy") finds its header while a title sharing one word with a
    header ("Bí thư", "Lần thứ") does not; ties go to the header closer with diacritics.
    """
    words = _bare_words(header)
    if not words:
        return None
    best: tuple[float, float, str] | None = None
    for name in _known_headers(header, long=long):
        score = closeness(words, _bare_words(name))
        if score < SUGGEST_CUTOFF:
            continue
        accented = difflib.SequenceMatcher(None, match_key(header), match_key(name)).ratio()
        if best is None or (score, accented) > best[:2]:
            best = (score, accented, name)
    return best[2] if best is not None else None


def closeness(words: Sequence[str], other: Sequence[str]) -> float:
    """Return how alike two headers' words are: each word's best likeness, both ways, averaged.

    1.0 is the same words; a header sharing one word of two with another scores about 0.5.
    """
    if not words or not other:
        return 0.0

    def side(these: Sequence[str], those: Sequence[str]) -> float:
        return sum(max(_likeness(a, b) for b in those) for a in these) / len(these)

    return (side(words, other) + side(other, words)) / 2


@functools.lru_cache(maxsize=8192)
def _likeness(a: str, b: str) -> float:
    """Return difflib's ratio of two words (1.0 when equal)."""
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio()


_WORD: Final = re.compile(r"\w+")


def _bare_words(text: str) -> list[str]:
    """Return the words of ``text`` without diacritics, lower case ("Tên cấp ủy" → ten cap uy)."""
    return _WORD.findall(_bare(text))


def _bare(text: str) -> str:
    """Return the matching key of ``text`` without diacritics ("tên cấp ủy" → "ten cap uy")."""
    decomposed = unicodedata.normalize("NFD", match_key(text).replace("\u0111", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def known_header(header: str) -> bool:
    """Return whether ``header`` is a header drafter reads (units sheet or indicator sheet)."""
    for resolve in (unit_target, long_target):
        target = resolve(header)
        if target is not None and target.kind not in ("blank", "ignore"):
            return True
    return False
