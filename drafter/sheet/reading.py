"""Reading: a clerk's CSV or XLSX file, with its indicator sheet or file, as a stream of rows.

The file is opened and its header checked at once, so an unusable input raises ``UserError``
(exit 2) before any work; the rows are then read one at a time, so that a 10000-row file uses
about as much memory as a 1000-row one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from drafter.errors import UserError
from drafter.sheet.cells import Record
from drafter.sheet.fit import Fit
from drafter.sheet.footers import FooterSkipper
from drafter.sheet.rows import IndicatorRow, Row, RowReader, index_indicators, orphan_row
from drafter.sheet.scheme import SCHEME, DataPath
from drafter.sheet.shared import Shared, read_shared
from drafter.sheet.sources import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    csv_records,
    open_workbook,
    sheet_records,
    side_records,
    suffix_error,
    workbook_sheets,
)
from drafter.sheet.tables import Table, open_table
from drafter.sheet.trees import merge_onto_base


def read_rows(
    path: Path,
    *,
    base: Mapping[str, Any] | None = None,
    indicators: Path | None = None,
    fit: Fit | None = None,
) -> Iterator[Row]:
    """Return an iterator over the data rows of a .csv or .xlsx file, one ``Row`` per unit.

    The file is opened and its header checked before this returns, so an unusable input raises
    ``UserError`` at once; rows are then read one at a time. In an XLSX file the first sheet
    holds the units and a sheet named "chi-tieu" (or "indicators") may hold indicators in long
    format, keyed by the unit column; ``indicators`` names a separate long-format CSV/XLSX.
    Fully empty rows and the footer under the table (``footers``) are skipped. Indicator rows
    whose unit is not in the units sheet come last, as rows without data. ``fit`` maps her
    own headers and takes the warnings (columns ignored, footer rows skipped).
    """
    fit = fit or Fit()
    closers: list[Any] = []
    try:
        records, where, index, shared = _open_units(path, closers, fit)
        labels: dict[DataPath, str] = {}
        if shared is not None:  # under every row, over --base
            tree, atomic, labels = shared
            base = merge_onto_base(base or {}, tree, (), atomic)
        if indicators is not None:
            for unit, entries in _read_indicator_file(indicators, fit).items():
                index.setdefault(unit, []).extend(entries)
        units = open_table(records, where, long=False, fit=fit)
        fit.warn_unused(str(path))
        if index and not any(t.kind == "unit" for t in units.targets):
            raise UserError(
                f"có bảng chỉ tiêu dạng dọc nhưng bảng đơn vị không có cột "
                f"'{SCHEME.unit_header}' để nối",
                f"Thêm cột '{SCHEME.unit_header}' vào bảng đơn vị, ghi đúng mã như ở bảng "
                "chỉ tiêu.",
                where=where,
            )
        footer = FooterSkipper()
        first = _first_data_record(units, footer)
    except BaseException:
        for closer in closers:
            closer.close()
        raise
    return _rows(units, first, base or {}, index, closers, footing=(footer, fit), shared=labels)


def _open_units(
    path: Path, closers: list[Any], fit: Fit
) -> tuple[Iterator[Record], str, dict[str, list[IndicatorRow]], Shared | None]:
    """Return the records of the units table of ``path``, its label, its indicator rows and
    its shared values.

    The indicator rows and shared values are those of a workbook's indicator and shared
    sheets (none for a CSV file); what must be closed once the rows are read is added to
    ``closers``.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        book = open_workbook(path)
        closers.append(book)
        units_sheet, indicator_sheet, shared_sheet = workbook_sheets(book, path)
        index: dict[str, list[IndicatorRow]] = {}
        if indicator_sheet is not None:
            place = f"{SCHEME.words['sheet']} {indicator_sheet.title}"
            label = f"{path}, {place}"
            table = open_table(sheet_records(indicator_sheet, label), label, long=True, fit=fit)
            index = index_indicators(table, place, fit)
        shared = None
        if shared_sheet is not None:
            place = f"{SCHEME.words['sheet']} {shared_sheet.title}"
            label = f"{path}, {place}"
            shared = read_shared(sheet_records(shared_sheet, label), label, place, fit)
        where = f"{path}, {SCHEME.words['sheet']} {units_sheet.title}"
        return sheet_records(units_sheet, where), where, index, shared
    if suffix in CSV_SUFFIXES:
        records = csv_records(path)
        closers.append(records)
        return records, str(path), {}, None
    raise suffix_error(path)


def _read_indicator_file(path: Path, fit: Fit) -> dict[str, list[IndicatorRow]]:
    """Return the rows of a separate long-format indicator file, grouped by unit."""
    place = f"{SCHEME.words['file']} {path.name}"
    with side_records(path, _indicators_or_first) as (records, label):
        return index_indicators(open_table(records, label, long=True, fit=fit), place, fit)


def _indicators_or_first(units: Any, indicators: Any, shared: Any) -> Any:
    """Return a workbook's indicator sheet, else its first sheet (an indicator file's)."""
    return indicators if indicators is not None else units


def _first_data_record(table: Table, footer: FooterSkipper) -> Record:
    """Return the first record after the header that holds data; raise when there is none."""
    for number, cells in table.records:
        if any(cell is not None for cell in cells) and not footer.skip(number, cells):
            return number, cells
    if footer.skipped:
        shown = ", ".join(str(number) for number in footer.skipped[:5])
        raise UserError(
            f"bảng chưa có dòng dữ liệu nào: dưới dòng tiêu đề chỉ có chân bảng (dòng {shown})",
            "Điền mỗi đơn vị một dòng ngay dưới dòng tiêu đề, trên phần người lập, ký tên.",
            where=table.label,
        )
    raise UserError(
        "bảng chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào",
        "Điền mỗi đơn vị một dòng bên dưới dòng tiêu đề rồi chạy lại.",
        where=table.label,
    )


def _rows(
    table: Table,
    first: Record,
    base: Mapping[str, Any],
    index: dict[str, list[IndicatorRow]],
    closers: list[Any],
    *,
    footing: tuple[FooterSkipper, Fit],
    shared: dict[DataPath, str],
) -> Iterator[Row]:
    """Yield the rows of ``table`` then the orphaned indicator rows; close the files at the end.

    ``shared`` names the line of each value of the workbook's shared sheet.
    """
    reader = RowReader(table, base, index, shared)
    footer, fit = footing
    try:
        for number, cells in _chain(first, table.records):
            if footer.skip(number, cells):
                continue
            row = reader.row(number, cells)
            if row is not None:
                yield row
        skipped = footer.report(table.label)
        if skipped is not None:
            fit.warning(skipped)
        for key, entries in index.items():
            if key not in reader.used:
                yield from (orphan_row(entry) for entry in entries)
    finally:
        for closer in closers:
            closer.close()


def _chain(first: Record, rest: Iterator[Record]) -> Iterator[Record]:
    """Yield ``first`` then the records of ``rest``."""
    yield first
    yield from rest
