"""Row trees: the nested data one row fills, closed up and merged onto the ``--base`` data.

Cells fill a tree by data path; list items are kept by index (``Items``) so that "Chỉ tiêu 1"
and "Chỉ tiêu 3" make a list of two. ``finish_tree`` closes the gaps and records where each
moved item went, so that an error is still placed on the cell that supplied the value.
"""

from __future__ import annotations

import abc
import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from drafter import yamlio
from drafter.phrasebank import same_period_base
from drafter.sheet.scheme import SCHEME, DataPath, parse_path


class Items(dict[int, Any]):
    """A list under construction: index → item; gaps close when the row is finished."""


def put_value(tree: dict[str, Any], parts: DataPath, value: Any) -> None:
    """Set ``value`` at ``parts`` in ``tree``, making the mappings and lists on the way."""
    node: Any = tree
    for part, following in itertools.pairwise(parts):
        child = node.get(part)
        if not isinstance(child, dict):
            child = Items() if isinstance(following, int) else {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def finish_tree(node: Any, old: DataPath, new: DataPath, moved: dict[DataPath, DataPath]) -> Any:
    """Return ``node`` as plain data (lists closed up), recording where each path went.

    Only the items that moved are recorded (``_moved_path`` looks up prefixes): usually none.
    """
    if isinstance(node, Items):
        items = []
        for index, key in enumerate(sorted(node)):
            item_old, item_new = (*old, key), (*new, index)
            if item_old != item_new:
                moved[item_old] = item_new
            items.append(finish_tree(node[key], item_old, item_new, moved))
        return items
    if isinstance(node, dict):  # a leaf is kept as it is: no paths to make for it
        return {
            key: finish_tree(item, (*old, key), (*new, key), moved)
            if isinstance(item, dict)
            else item
            for key, item in node.items()
        }
    return node


def merge_onto_base(base: Any, over: Any, path: DataPath, atomic: frozenset[DataPath]) -> Any:
    """Return ``over`` deep-merged onto ``base``: mappings merge, everything else replaces."""
    if isinstance(base, Mapping) and isinstance(over, Mapping) and path not in atomic:
        merged = yamlio.plain(base)  # a copy: the base data is shared by every row
        for key, value in over.items():
            merged[key] = (
                merge_onto_base(base[key], value, (*path, key), atomic) if key in base else value
            )
        return merged
    return over


def period_kind_of(data: Any) -> str | None:
    """Return the kind of the period in ``data`` ("year", "quarter", …), or None."""
    period = data.get("period") if isinstance(data, Mapping) else None
    kind = period.get("kind") if isinstance(period, Mapping) else None
    return kind if isinstance(kind, str) else None


def year_of(data: Any) -> int | None:
    """Return the year of the period in ``data``; None when there is no usable one."""
    period = data.get("period") if isinstance(data, Mapping) else None
    year = period.get("year") if isinstance(period, Mapping) else None
    try:
        return int(year) if year is not None and not isinstance(year, bool) else None
    except (TypeError, ValueError):
        return None


def apply_defaults(tree: dict[str, Any], year: int | None, *, whole_year: bool = False) -> None:
    """Fill the comparison wording the clerk left empty ("kế hoạch", "cùng kỳ năm 2025").

    ``year`` is the year of the period reported on; without it the same-period base is the
    usual fallback ("cùng kỳ năm trước"). A whole year compares with "năm 2024", as the
    wizard writes it.
    """
    indicators = tree.get("indicators")
    if not isinstance(indicators, dict):
        return
    same_period = same_period_base(year, whole_year=whole_year)
    for indicator in indicators.values():
        if not isinstance(indicator, dict):
            continue
        for path, text in SCHEME.defaults:
            *parents, leaf = parse_path(path)
            node: Any = indicator
            for part in parents:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict) and leaf not in node:
                node[leaf] = text.format(same_period=same_period)


def copy_tree(node: Any) -> Any:
    """Return a deep copy of a tree under construction (``Items`` stay ``Items``)."""
    if isinstance(node, Items):
        return Items({key: copy_tree(item) for key, item in node.items()})
    if isinstance(node, dict):
        return {key: copy_tree(item) for key, item in node.items()}
    if isinstance(node, list):
        return [copy_tree(item) for item in node]
    return node


class _SourcesBuiltLater(Mapping[DataPath, tuple[int, str]]):
    """A row's sources, built only when first read: only a row's errors read them, and most
    rows have none."""

    _built: dict[DataPath, tuple[int, str]] | None = None

    @abc.abstractmethod
    def _build(self) -> dict[DataPath, tuple[int, str]]:
        """Return the sources, at their final paths."""

    def _items(self) -> dict[DataPath, tuple[int, str]]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getitem__(self, path: DataPath) -> tuple[int, str]:
        return self._items()[path]

    def __iter__(self) -> Iterator[DataPath]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())


class PlacedSources(_SourcesBuiltLater):
    """A row's sources, placed where the closed-up lists put them."""

    def __init__(
        self, raw: Mapping[DataPath, tuple[int, str]], moved: Mapping[DataPath, DataPath]
    ) -> None:
        self._raw = raw
        self._moved = moved

    def _build(self) -> dict[DataPath, tuple[int, str]]:
        """Return the sources at their final paths."""
        return {_moved_path(path, self._moved): src for path, src in self._raw.items()}

    def __len__(self) -> int:
        return len(self._raw)  # as many, wherever they are placed: nothing to build


class SharedSources(_SourcesBuiltLater):
    """A row's sources with those of the shared values under it.

    A shared value is placed on the row (``number``: it fails on every row it lies under)
    and named by its own line (``shared``: the column label naming its sheet and line). The
    row's own cells come first: a value the row wrote is the row's.
    """

    def __init__(
        self, own: Mapping[DataPath, tuple[int, str]], shared: Mapping[DataPath, str], number: int
    ) -> None:
        self._own = own
        self._shared = shared
        self._number = number

    def _build(self) -> dict[DataPath, tuple[int, str]]:
        """Return the shared values' sources, then the row's own over them."""
        joined = {path: (self._number, label) for path, label in self._shared.items()}
        joined.update(self._own.items())
        return joined


def _moved_path(path: DataPath, moved: Mapping[DataPath, DataPath]) -> DataPath:
    """Return where ``path`` is once the lists are closed up (gaps removed)."""
    for size in range(len(path), 0, -1):
        if path[:size] in moved:
            return (*moved[path[:size]], *path[size:])
    return path
