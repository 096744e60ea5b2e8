"""The blank input table a clerk fills: every documented header and one sample row.

``.csv`` is written as Excel in a Vietnamese locale opens it (UTF-8 with BOM, ";"); ``.xlsx``
gets real numbers and dates and a second sheet "chi-tieu" with sample indicators in long format.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.files import atomic_write_bytes
from drafter.sheet.cells import tidy_number
from drafter.sheet.scheme import COLUMNS, INDICATOR_FIELDS, SCHEME
from drafter.sheet.sources import column_letter


def _template_columns(*, short: bool = False) -> list[tuple[str, str, str | None]]:
    """Return (header, kind, sample text) for every column of the template's units sheet.

    ``short`` keeps the columns of the scheme's ``short_template`` only.
    """
    columns: list[tuple[str, str, str | None]] = [(SCHEME.unit_header, "text", SCHEME.unit_sample)]
    kept = set(SCHEME.short_columns) if short else None
    columns += [
        (column.header, column.kind, column.sample)
        for column in COLUMNS
        if kept is None or column.header in kept
    ]
    groups = SCHEME.short_groups if short else SCHEME.template_groups
    for number in range(1, groups + 1):
        samples = SCHEME.indicator_samples
        sample = samples[number - 1] if number <= len(samples) else {}
        for item in INDICATOR_FIELDS:
            if short and item.suffix not in SCHEME.short_indicator_fields:
                continue
            head = f"{SCHEME.group_prefix} {number}"
            header = f"{head} - {item.suffix}" if item.suffix else head
            columns.append((header, item.kind, sample.get(item.path)))
    return columns


def _typed(kind: str, text: str | None) -> Any:
    """Return a sample as an XLSX cell value: real numbers and dates where Excel has them."""
    if text is None:
        return None
    if kind in ("number", "percent"):
        return tidy_number(vi.parse_number(text))
    if kind == "integer":
        return int(text)
    if kind == "date":
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return text.replace("\r\n", "\n")


def write_template(path: Path, *, short: bool = False) -> None:
    """Write an empty input table with every documented header and one sample row.

    ``.csv`` is written as Excel in a Vietnamese locale opens it (UTF-8 with BOM, ";");
    ``.xlsx`` gets real numbers and dates and (unless ``short``) a second sheet "chi-tieu"
    with sample indicators in long format. ``short`` keeps the columns most sheets need. The
    sample row drafts as it is. An existing file is never replaced.
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
    columns = _template_columns(short=short)
    if suffix == ".csv":
        stream = io.StringIO()
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _, _ in columns])
        writer.writerow([sample or "" for _, _, sample in columns])
        data = codecs.BOM_UTF8 + stream.getvalue().encode("utf-8")
    else:
        data = _template_xlsx(columns, indicator_sheet=not short)
    atomic_write_bytes(path, data)


def _template_xlsx(
    columns: Sequence[tuple[str, str, str | None]], *, indicator_sheet: bool = True
) -> bytes:
    """Return the XLSX template: the units sheet with ``columns``, then the indicator sheet."""
    from openpyxl import Workbook

    book = Workbook()
    units = book.active
    assert units is not None
    units.title = SCHEME.units_sheet
    _fill_sheet(
        units,
        [header for header, _, _ in columns],
        [[_typed(kind, sample) for _, kind, sample in columns]],
    )
    if indicator_sheet:
        _indicator_sheet(book)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _indicator_sheet(book: Any) -> None:
    """Add the sheet of sample indicators in long format to ``book``."""
    sheet = book.create_sheet(SCHEME.indicator_sheets[0])
    headers = [SCHEME.unit_header] + [item.header for item in INDICATOR_FIELDS]
    rows = [
        [SCHEME.unit_sample]
        + [_typed(item.kind, sample.get(item.path)) for item in INDICATOR_FIELDS]
        for sample in SCHEME.sheet_indicator_samples
    ]
    _fill_sheet(sheet, headers, rows)


def _fill_sheet(sheet: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a bold header row and ``rows`` to ``sheet``, wrapped, dates as dd/mm/yyyy."""
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
        sheet.column_dimensions[column_letter(index)].width = 24
    sheet.freeze_panes = "B2"
