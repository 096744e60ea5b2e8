"""Sources: the records of a clerk's CSV or XLSX file, read lazily, with Excel's row numbers.

CSV: UTF-8 with or without BOM, UTF-16 with BOM (or recognisably without), else Windows-1258;
";", "," or Tab separated (Excel in a Vietnamese locale writes ";"); multi-line cells quoted.
XLSX is read with openpyxl in read-only mode, after the zip-bomb gate of
``drafter.files.check_package``; every XLSX drafter reads is opened by ``open_workbook``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
import unicodedata
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.files import check_package, read_input
from drafter.sheet.cells import Record, excel_cell, text_cell
from drafter.sheet.scheme import SCHEME, match_key

CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of the column at ``index`` (0 → "A")."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


_SAMPLE_BYTES: Final = 64 * 1024


def garbled_error(odd: Sequence[str], where: str) -> UserError:
    """Return the error for text in a legacy Vietnamese font encoding (TCVN3, VNI)."""
    shown = ", ".join(f"'{char}'" for char in odd)
    return UserError(
        f"chữ trong tệp bị lỗi phông hoặc dùng bảng mã cũ (TCVN3/ABC, VNI): có ký tự lạ {shown}",
        "Mở tệp bằng Excel, chuyển phông sang Unicode (Unikey: Công cụ chuyển mã), rồi lưu lại "
        "dạng .xlsx hoặc CSV UTF-8.",
        where=where,
    )


def _read_head(path: Path) -> bytes:
    """Return the first bytes of ``path``; a missing or unreadable file raises ``UserError``."""
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
    """Return the codec of a CSV file: a BOM (UTF-8, 32, 16), else UTF-8, else Windows-1258."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE…
        encoding = "utf-32"
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
    """Return how often ``char`` occurs in ``line`` outside double quotes."""
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


def csv_records(path: Path) -> Generator[Record, None, None]:
    """Yield (record number, cells) of a CSV file; Excel's row numbers, blank rows counted."""
    head = _read_head(path)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UserError(
            "tệp trống", "Điền bảng theo tệp mẫu (drafter batch --template-csv).", where=str(path)
        )
    encoding = _detect_encoding(path, head)
    with path.open(encoding=encoding, newline="") as stream:
        sample = stream.read(_SAMPLE_BYTES // 2)
    odd = vi.garbled_characters(
        unicodedata.normalize("NFC", sample)
    )  # Windows-1258 tones combine here
    if odd:
        raise garbled_error(odd, str(path))
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
                yield number, [text_cell(cell) for cell in record]
        except csv.Error as error:
            raise UserError(
                f"tệp CSV hỏng ở dòng {number + 1}: {error}",
                "Mở tệp bằng Excel và lưu lại dạng CSV, hoặc dùng tệp .xlsx.",
                where=str(path),
            ) from None


def open_workbook(path: Path) -> Any:
    """Return the read-only openpyxl workbook of ``path``, once it passed the zip-bomb gate.

    Cells give their cached values (formulas are never evaluated). The caller closes it.
    """
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


MAX_COLUMNS = 1_000
"""Widest row read; the full column scheme has under a hundred columns."""


def sheet_records(sheet: Any, where: str = "") -> Iterator[Record]:
    """Yield (row number, cells) of a worksheet; Excel's row numbers even where rows are missing.

    The sheet's declared dimension is not trusted: a file may claim A1:XFD1048576 to make a
    reader pad every row to 16 384 cells, so it is dropped and rows are read as they are.
    Gaps between rows are skipped, and a row reaching beyond ``MAX_COLUMNS`` is refused.
    """
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    for cells in sheet.iter_rows(min_row=1):
        if not cells:
            continue  # a gap between the rows the file holds
        if len(cells) > MAX_COLUMNS:
            raise UserError(
                f"bảng tính có ô ở cột {column_letter(len(cells) - 1)}, quá xa "
                f"(drafter đọc tối đa {MAX_COLUMNS} cột)",
                "Xóa các cột thừa bên phải bảng (chọn cột → Delete) rồi lưu lại.",
                where=where or None,
            )
        rows = [cell.row for cell in cells if getattr(cell, "row", None)]
        if rows:
            yield rows[0], [excel_cell(cell) for cell in cells]


_INDICATOR_SHEET_KEYS: Final = frozenset(match_key(name) for name in SCHEME.indicator_sheets)
_SHARED_SHEET_KEYS: Final = frozenset(match_key(name) for name in SCHEME.shared_sheets)


def workbook_sheets(book: Any, path: Path) -> tuple[Any, Any, Any]:
    """Return (units sheet, long-format indicator sheet, shared values sheet) of a workbook.

    The last two are None when the workbook has no sheet of that name.
    """
    units = indicators = shared = None
    for sheet in book.worksheets:
        key = match_key(sheet.title)
        if indicators is None and key in _INDICATOR_SHEET_KEYS:
            indicators = sheet
        elif shared is None and key in _SHARED_SHEET_KEYS:
            shared = sheet
        elif units is None:
            units = sheet
    if units is None:
        raise UserError(
            "bảng tính không có trang đơn vị nào",
            "Trang đầu tiên của tệp phải là bảng đơn vị, mỗi dòng một đơn vị.",
            where=str(path),
        )
    return units, indicators, shared


@contextlib.contextmanager
def side_records(
    path: Path, pick: Callable[[Any, Any, Any], Any]
) -> Iterator[tuple[Iterator[Record], str]]:
    """Yield the records of a side file's table (``--indicators``, ``--base``) and its label;
    the file is closed after.

    A CSV file holds one table; of a workbook, ``pick`` chooses among (units sheet, indicator
    sheet, shared sheet), the last two None when missing.
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        records = csv_records(path)
        try:
            yield records, str(path)
        finally:
            records.close()
    elif suffix in XLSX_SUFFIXES:
        book = open_workbook(path)
        try:
            sheet = pick(*workbook_sheets(book, path))
            label = f"{path}, {SCHEME.words['sheet']} {sheet.title}"
            yield sheet_records(sheet, label), label
        finally:
            book.close()
    else:
        raise suffix_error(path)


def suffix_error(path: Path) -> UserError:
    """Return the error for a file that is neither CSV nor XLSX by its suffix."""
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
