"""Validation: a row's data checked by the ``Report`` model, each problem placed on its cell.

The model's errors name data paths; the row's sources say which cell supplied each value, so
the clerk is told the row and column to fix (or that the value came from the ``--base`` file).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from drafter.errors import Finding
from drafter.explain import explain, format_path
from drafter.models import Report
from drafter.sheet.rows import Row, row_error
from drafter.sheet.scheme import COLUMN_BY_PATH, SCHEME, DataPath, parse_path, required_at


def validate_row(row: Row) -> tuple[Report | None, list[Finding]]:
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
        known = {(item.row, item.where) for item in errors if item.where}
        for detail in error.errors():
            found = _locate(row, tuple(detail["loc"]), explain(detail, Report))
            if (found.row, found.where) in known or found in errors:
                continue
            errors.append(found)
        return None, errors
    if errors:
        return None, errors
    return report, []


def _locate(row: Row, loc: DataPath, reason: str) -> Finding:
    """Return the error at ``loc`` placed on the cell that supplied it."""
    sources = row.sources
    if loc in sources:
        number, column = sources[loc]
        return row_error(number, column, reason)
    if loc:
        for path, (number, column) in sources.items():
            if path[: len(loc)] == loc:
                return row_error(number, column, reason)
        for size in range(len(loc) - 1, 0, -1):
            if loc[:size] in sources:
                number, column = sources[loc[:size]]
                rest = loc[size:]
                if rest and isinstance(rest[0], int):
                    reason = f"{SCHEME.words['item']} {rest[0] + 1}: {reason}"
                return row_error(number, column, reason)
    if _exists(row.data, loc):
        reason = f"{reason} ({SCHEME.words['base_file']})"
        return row_error(row.number, format_path(loc), reason)
    for size in range(len(loc), 0, -1):
        column_ = COLUMN_BY_PATH.get(format_path(loc[:size]))
        if column_ is not None:
            return row_error(row.number, column_.header, reason)
    inside = _columns_inside(format_path(loc))
    if inside:  # a whole group is missing ("conference"): name the columns that fill it
        return row_error(row.number, inside, reason)
    return row_error(row.number, format_path(loc), reason)


def _columns_inside(path: str) -> str:
    """Return the headers of the columns that fill ``path`` (a group), the first few, or ""."""
    if not path:
        return ""
    columns = [column for key, column in COLUMN_BY_PATH.items() if key.startswith(path + ".")]
    columns.sort(key=lambda column: not required_at(parse_path(column.path)))  # required first
    headers = [column.header for column in columns]
    shown = ", ".join(headers[:3])
    return f"{shown}, …" if len(headers) > 3 else shown


def _exists(data: Any, loc: DataPath) -> bool:
    """Return whether ``data`` has a value at the non-empty path ``loc``."""
    if not loc:
        return False
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True
