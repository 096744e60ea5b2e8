"""Rows: the cells of one record mapped into the raw data of one ``Report``.

A problem of one cell (a bad number, an unknown level) becomes a ``Finding`` naming its row
and column and never stops the other cells or rows. The long-format indicator rows of a unit
are attached to the unit's row; indicator rows whose unit is missing become rows without data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from drafter.errors import Finding, UserError
from drafter.issuers import committee_for_place, derived_issuer, place_name_problem
from drafter.sheet.cells import Cell, CellError, cell_text, convert
from drafter.sheet.fit import Fit
from drafter.sheet.footers import FooterSkipper
from drafter.sheet.headers import Target
from drafter.sheet.scheme import COLUMNS, SCHEME, DataPath, match_key
from drafter.sheet.sources import column_letter
from drafter.sheet.tables import Table
from drafter.sheet.trees import (
    Items,
    PlacedSources,
    SharedSources,
    apply_defaults,
    copy_tree,
    finish_tree,
    merge_onto_base,
    period_kind_of,
    put_value,
    year_of,
)


def row_error(row: int, column: str, reason: str) -> Finding:
    """Return the finding of a problem in sheet row ``row`` at ``column`` ("" for the row)."""
    return Finding(column, reason, row=row)


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
    errors: list[Finding]
    sources: Mapping[DataPath, tuple[int, str]] = field(default_factory=dict, repr=False)


_LONG_OFFSET: Final = 1_000_000  # long-format indicators sort after every column group


@dataclass
class _Mapped:
    """The cells of one record mapped into a tree, with where each value came from."""

    tree: dict[str, Any] = field(default_factory=dict)
    sources: dict[DataPath, tuple[int, str]] = field(default_factory=dict)
    errors: list[Finding] = field(default_factory=list)
    atomic: set[DataPath] = field(default_factory=set)
    unit: str = ""
    unit_column: str = ""
    filled: bool = False


_RESULT_ORDER: Final = {
    column.field: index for index, column in enumerate(COLUMNS) if column.field is not None
}
"""The position of each result field's items: the order of the result columns."""
_LIST_KINDS: Final = frozenset({"lines", "photos", "authors"})
"""Kinds whose empty list leaves the base value in place."""


def _map_cells(
    number: int, cells: Sequence[Cell], targets: Sequence[Target], column_label: str = "{}"
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
                row_error(
                    number,
                    "",
                    f"ô ở cột {column_letter(index)} có dữ liệu nhưng cột không có tiêu đề; "
                    "hãy thêm tiêu đề cho cột hoặc xóa dữ liệu",
                )
            )
        elif target.kind == "unit":
            mapped.unit, mapped.unit_column = cell_text(value), column_label.format(target.header)
        else:
            column = column_label.format(target.header)
            _map_value(mapped, people, target, value, (number, column))
    if people:
        mapped.tree["people"] = Items(enumerate(people))
    return mapped


def _map_value(
    mapped: _Mapped,
    people: list[dict[str, Any]],
    target: Target,
    value: Cell,
    source: tuple[int, str],
) -> None:
    """Put the data of one non-empty cell into ``mapped``; an unreadable cell adds an error."""
    path = target.path
    if target.kind == "result":
        path = (*path, _RESULT_ORDER[target.field or ""])
    mapped.sources[path] = source
    try:
        converted = convert(target, value)
    except CellError as error:
        mapped.errors.append(row_error(*source, str(error)))
        return
    if target.kind == "person":
        for person in converted:
            _add_person(people, person, source, mapped.sources)
    elif converted or target.kind not in _LIST_KINDS:
        if target.kind == "period":
            mapped.atomic.add(path)
        put_value(mapped.tree, path, converted)
        for also_path, constant in target.also:
            put_value(mapped.tree, also_path, constant)


def shared_values(
    pairs: Sequence[tuple[int, Target, Cell]], label: str, place: str
) -> tuple[dict[str, Any], frozenset[DataPath], dict[DataPath, str]]:
    """Return the data tree of shared (line, target, value) pairs, its atomic paths and the
    column label of each path ("Chức vụ người ký (trang chung, dòng 4)", ``place`` the sheet).

    The cells are read as a row's are; a value that cannot be read stops the run (every row
    stands on it), naming its line and header.
    """
    mapped = _Mapped()
    people: list[dict[str, Any]] = []
    for number, target, value in pairs:
        _map_value(mapped, people, target, value, (number, target.header))
    if mapped.errors:
        first = mapped.errors[0]
        raise UserError(
            f"dòng {first.row}, {first.where}: {first.reason}",
            "Sửa giá trị đó ở trang dùng chung rồi chạy lại; giá trị này dùng cho mọi dòng.",
            where=label,
        )
    if people:
        mapped.tree["people"] = Items(enumerate(people))
    moved: dict[DataPath, DataPath] = {}
    tree = finish_tree(mapped.tree, (), (), moved)
    placed = PlacedSources(mapped.sources, moved)
    labels = {
        path: f"{header} ({place}, {SCHEME.words['line']} {number})"
        for path, (number, header) in placed.items()
    }
    return tree, frozenset(mapped.atomic), labels


def _add_person(
    people: list[dict[str, Any]],
    person: dict[str, Any],
    source: tuple[int, str],
    sources: dict[DataPath, tuple[int, str]],
) -> None:
    """Add ``person`` to ``people``, or add its roles to the person of the same name."""
    for known in people:
        if match_key(known["name"]) == match_key(person["name"]):
            known["roles"] += [role for role in person["roles"] if role not in known["roles"]]
            known["titles"] = known["titles"] or person["titles"]
            return
    sources[("people", len(people))] = source
    people.append(person)


@dataclass
class IndicatorRow:
    """One row of the long-format indicator sheet, mapped and waiting for its unit."""

    number: int
    unit: str
    unit_column: str
    tree: dict[str, Any]
    sources: dict[DataPath, tuple[int, str]]
    errors: list[Finding]


def index_indicators(table: Table, place: str, fit: Fit) -> dict[str, list[IndicatorRow]]:
    """Return the long-format indicator rows of ``table`` grouped by unit key (file order).

    The footer under the table is skipped, with a warning to ``fit``.
    """
    if not any(t.kind == "unit" for t in table.targets):
        raise UserError(
            f"bảng chỉ tiêu dạng dọc thiếu cột '{SCHEME.unit_header}'",
            f"Thêm cột '{SCHEME.unit_header}' ghi mã đơn vị của từng chỉ tiêu, đúng như ở bảng "
            "đơn vị.",
            where=table.label,
        )
    label = "{} (" + place + ")"
    index: dict[str, list[IndicatorRow]] = {}
    footer = FooterSkipper()
    for number, cells in table.records:
        if footer.skip(number, cells):
            continue
        mapped = _map_cells(number, cells, table.targets, label)
        if not mapped.filled:
            continue
        entry = IndicatorRow(
            number,
            mapped.unit,
            mapped.unit_column or label.format(SCHEME.unit_header),
            mapped.tree,
            mapped.sources,
            mapped.errors,
        )
        index.setdefault(match_key(mapped.unit), []).append(entry)
    skipped = footer.report(table.label)
    if skipped is not None:
        fit.warning(skipped)
    return index


class RowReader:
    """Turn the records of the units table into rows; remembers unit ids to catch duplicates."""

    def __init__(
        self,
        table: Table,
        base: Mapping[str, Any],
        index: Mapping[str, list[IndicatorRow]],
        shared: Mapping[DataPath, str] | None = None,
    ) -> None:
        self.targets = table.targets
        self.base = base
        self.shared = shared or {}  # the column label of each value of the shared sheet
        self.base_year = year_of(base)
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
        kind = period_kind_of(mapped.tree) or period_kind_of(self.base)
        apply_defaults(
            mapped.tree, year_of(mapped.tree) or self.base_year, whole_year=kind == "year"
        )
        moved: dict[DataPath, DataPath] = {}
        tree = finish_tree(mapped.tree, (), (), moved)
        sources: Mapping[DataPath, tuple[int, str]] = (
            PlacedSources(mapped.sources, moved) if moved else mapped.sources
        )
        if self.shared:
            sources = SharedSources(sources, self.shared, number)
        data = merge_onto_base(self.base, tree, (), frozenset(mapped.atomic))
        _derive_issuer(data, mapped, number)
        unit = mapped.unit or _unit_name(data, number)
        return Row(number, unit, data, mapped.errors, sources)

    def _attach_unit(self, number: int, mapped: _Mapped) -> None:
        """Check the unit id is new and add the unit's long-format indicators."""
        key = match_key(mapped.unit)
        if key in self.seen:
            mapped.errors.append(
                row_error(
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
            mapped.tree.setdefault("indicators", Items())[position] = copy_tree(entry.tree)
            for path, source in entry.sources.items():
                mapped.sources[("indicators", position, *path)] = source
            mapped.errors.extend(entry.errors)


def _derive_issuer(data: dict[str, Any], mapped: _Mapped, number: int) -> None:
    """Fill the issuer fields the row and the base left empty from the committee's name.

    A derived value is placed on the name's cell, so a problem with it is shown there; a name
    that is a place ("Xã Tân Tiến") is an error of that cell, and the only one (the other
    fields follow from the committee it names).
    """
    issuer = data.get("issuer")
    name = issuer.get("name") if isinstance(issuer, dict) else None
    if not isinstance(issuer, dict) or not isinstance(name, str):
        return
    source = mapped.sources.get(("issuer", "name"))
    problem = place_name_problem(name)
    if problem is not None:
        column = source[1] if source else f"issuer.name ({SCHEME.words['base_file']})"
        mapped.errors.append(row_error(number, column, problem))
        name = committee_for_place(name) or name  # the one error: the rest follows from it
    for key, value in derived_issuer(name).items():
        if issuer.get(key) in (None, ""):
            issuer[key] = value
            if source is not None:
                mapped.sources[("issuer", key)] = source


def _unit_name(data: Mapping[str, Any], number: int) -> str:
    """Return the name a row without a unit id goes by: its committee's name, else its number."""
    issuer = data.get("issuer")
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    return name.strip() if isinstance(name, str) and name.strip() else str(number)


def orphan_row(entry: IndicatorRow) -> Row:
    """Return the row reporting indicators whose unit id is not in the units table."""
    reason = (
        f"mã đơn vị '{entry.unit}' không có ở bảng đơn vị nên chỉ tiêu này không dùng được; "
        "hãy sửa mã cho đúng như ở bảng đơn vị"
        if entry.unit
        else "dòng chỉ tiêu chưa ghi mã đơn vị; hãy ghi mã đúng như ở bảng đơn vị"
    )
    error = row_error(entry.number, entry.unit_column, reason)
    return Row(entry.number, entry.unit, None, [error, *entry.errors])
