"""Values shared by every row: a workbook's "chung" sheet, or a ``--base`` table.

A clerk writes once what every commune shares (the superior committee, the signer's title,
the recipients) as pairs, one a line: column A a header as the units sheet has it (drafter's,
or hers mapped through ``Fit``), column B its value, which is read as that column's cell is.
A heading line ("Tiêu đề | Giá trị"), title lines without a value and a leading STT column
are skipped. The pairs make a data tree that lies under every row: a row's own cell wins. A
header drafter does not know is refused (naming the nearest), not ignored: the value was
written on purpose, for every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from drafter.errors import UserError
from drafter.sheet.cells import Cell, Record, cell_text
from drafter.sheet.fit import Fit
from drafter.sheet.headers import Target, suggest_header, unit_target
from drafter.sheet.rows import shared_values
from drafter.sheet.scheme import SCHEME, DataPath, match_key
from drafter.sheet.sources import side_records

_HEADING_KEYS = frozenset(match_key(word) for word in SCHEME.shared_heading)
_REMEDY = (
    "Mỗi dòng của trang dùng chung là một cặp: cột A ghi tiêu đề như tiêu đề cột của trang đơn "
    "vị (xem bảng mẫu), cột B ghi giá trị dùng cho mọi dòng."
)

Shared = tuple[dict[str, Any], frozenset[DataPath], dict[DataPath, str]]
"""A shared data tree, its atomic paths (replaced whole by a row, never merged) and the
column label naming the sheet and line of each value (``rows.shared_values``)."""


def read_shared(records: Iterator[Record], label: str, place: str, fit: Fit) -> Shared:
    """Return the data tree of the shared pairs in ``records``; raise on a bad line.

    ``label`` names the sheet in full (errors), ``place`` briefly (a row's error on a shared
    value: "trang chung").
    """
    pairs: list[tuple[int, Target, Cell]] = []
    seen: dict[str, int] = {}
    for number, cells in records:
        filled = [cell for cell in cells if cell is not None and cell_text(cell).strip()]
        if not pairs and any(match_key(cell_text(cell)) in _HEADING_KEYS for cell in filled):
            continue  # the heading line, "Tiêu đề | Giá trị"
        while filled and _is_number(filled[0]):
            filled = filled[1:]  # her STT column
        if len(filled) < 2:
            continue  # empty, or a title line above the pairs: no value to share
        header, value = cell_text(filled[0]).strip(), filled[1]
        if len(filled) > 2:
            raise UserError(
                f"dòng {number} có {len(filled)} ô, trang dùng chung chỉ cần hai "
                "(tiêu đề; giá trị)",
                _REMEDY,
                where=label,
            )
        target = _target(header, number, label, fit)
        if target is None:
            continue  # a line of the office's own (STT, Ghi chú)
        key = match_key(target.header)
        if key in seen:
            raise UserError(
                f"dòng {number}: '{header}' đã ghi ở dòng {seen[key]}",
                "Mỗi tiêu đề chỉ ghi một lần ở trang dùng chung; xóa dòng thừa.",
                where=label,
            )
        seen[key] = number
        pairs.append((number, target, value))
    return shared_values(pairs, label, place)


def _is_number(cell: Cell) -> bool:
    """Return whether ``cell`` is a line number (STT: 1, 2, "3", "4.")."""
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return cell_text(cell).strip().rstrip(".").isdigit()


def read_shared_file(path: Path, fit: Fit) -> Shared:
    """Return the shared values of a ``--base`` table (.csv, or .xlsx: its shared sheet or
    else its first sheet)."""
    place = f"{SCHEME.words['file']} {path.name}"
    with side_records(path, _shared_or_first) as (records, label):
        return read_shared(records, label, place, fit)


def _shared_or_first(units: Any, indicators: Any, shared: Any) -> Any:
    """Return a workbook's shared sheet, else its first sheet (a --base table's)."""
    return shared if shared is not None else units


def _target(header: str, number: int, label: str, fit: Fit) -> Target | None:
    """Return what ``header`` fills, None for a column drafter ignores (STT, Ghi chú).

    Raise when no row column has it, or when it is the unit's (each row has its own).
    """
    mapped = fit.header(header)
    target = unit_target(mapped)
    if target is not None and target.kind == "unit":
        raise UserError(
            f"dòng {number}: '{header}' khác nhau ở mỗi đơn vị, không ghi ở trang dùng chung",
            f"Ghi '{SCHEME.unit_header}' ở từng dòng của trang đơn vị.",
            where=label,
        )
    if target is not None and target.kind == "ignore":
        return None
    if target is None or target.kind == "blank":
        guess = suggest_header(mapped, long=False)
        hint = f" (có phải là '{guess}'?)" if guess else ""
        raise UserError(
            f"dòng {number}: drafter không có cột '{header}'{hint}",
            _REMEDY,
            where=label,
        )
    return target
