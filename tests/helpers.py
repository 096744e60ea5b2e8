"""Helpers shared by several test files: sample inputs and small assertions.

Test files import from here, never from one another.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from drafter.errors import UserError
from drafter.models import Report
from drafter.sheet import Row, RowError, validate_row, write_template
from tests.conftest import ROOT

TEMPLATE = ROOT / "templates_docx" / "nghi-quyet-hoi-nghi.docx"
"""The bundled resolution template."""


# ---------------------------------------------------------------------------
# Batch input tables (drafter.sheet)
# ---------------------------------------------------------------------------


# Shared by every unit of the province: what a clerk puts in the --base file.
BASE: dict[str, Any] = {
    "issuer": {"superior": "Đảng bộ tỉnh Lạng Sơn", "superior_committee": "Tỉnh ủy Lạng Sơn"},
    "resolution": {"signer": {"title": "Bí thư"}},
}


# Huyện Bắc Sơn, 9 tháng đầu năm 2023 (examples/bac-son-9-thang-2023.yaml).
BAC_SON: dict[str, str] = {
    "Mã đơn vị": "bac-son",
    "Tên cấp ủy": "Huyện ủy Bắc Sơn",
    "Đảng bộ": "Đảng bộ huyện Bắc Sơn",
    "Cấp": "huyện",
    "Mã cấp ủy": "HU",
    "Địa danh": "Bắc Sơn",
    "Lần hội nghị": "17",
    "Khóa": "XXII",
    "Nhiệm kỳ": "2020-2025",
    "Mở rộng": "có",
    "Ngày họp": "15/9/2023",
    "Kỳ": "9 tháng đầu năm 2023",
    "Số chỉ tiêu đạt": "6",
    "Tổng số chỉ tiêu": "20",
    "Chỉ tiêu 1": "thu ngân sách",
    "Chỉ tiêu 1 - lĩnh vực": "kinh tế",
    "Chỉ tiêu 1 - động từ": "được",
    "Chỉ tiêu 1 - mức": "trên",
    "Chỉ tiêu 1 - giá trị": "35,8",
    "Chỉ tiêu 1 - đơn vị tính": "tỷ đồng",
    "Chỉ tiêu 1 - so với": "dự toán tỉnh giao",
    "Chỉ tiêu 1 - tỷ lệ %": "120,4",
    "Hạn chế": (
        "- tiến độ giải ngân vốn đầu tư công còn chậm\n"
        "- việc cấp giấy chứng nhận sử dụng đất cho nhà sinh hoạt cộng đồng còn chậm"
    ),
    "Tác giả": "Dương Lan - Hồng Thuyên",
}


# Thành phố Lạng Sơn, năm 2022 (examples/thanh-pho-lang-son-nam-2022.yaml).
THANH_PHO: dict[str, str] = {
    "Mã đơn vị": "tp-lang-son",
    "Tên cấp ủy": "Thành ủy Lạng Sơn",
    "Đảng bộ": "Đảng bộ thành phố Lạng Sơn",
    "Cấp": "thành phố",
    "Mã cấp ủy": "TU",
    "Địa danh": "Lạng Sơn",
    "Lần hội nghị": "15",
    "Khóa": "17",
    "Ngày họp": "30/11/2022",
    "Buổi": "chiều",
    "Kỳ": "năm 2022",
    "Chỉ tiêu 1": "tổng thu ngân sách trên địa bàn",
    "Chỉ tiêu 1 - giá trị": "452,6",
    "Chỉ tiêu 1 - đơn vị tính": "tỷ đồng",
    "Chỉ tiêu 1 - so với": "dự toán tỉnh giao",
    "Chỉ tiêu 1 - kế hoạch": "437,3",
    "Chỉ tiêu 2": "giá trị sản xuất công nghiệp",
    "Chỉ tiêu 2 - giá trị": "1.864,2",
    "Chỉ tiêu 2 - đơn vị tính": "tỷ đồng",
}


# Xã Bắc Sơn, quý I/2026 (examples/xa-bac-son-quy-i-2026.yaml).
XA_BAC_SON: dict[str, str] = {
    "Mã đơn vị": "xa-bac-son",
    "Tên cấp ủy": "Đảng ủy xã Bắc Sơn",
    "Đảng bộ": "Đảng bộ xã Bắc Sơn",
    "Cấp": "xã",
    "Mã cấp ủy": "ĐU",
    "Địa danh": "Bắc Sơn",
    "Lần hội nghị": "8",
    "Khóa": "I",
    "Ngày họp": "27/3/2026",
    "Kỳ": "quý I/2026",
    "Chỉ tiêu 1": "diện tích gieo trồng cây lúa vụ xuân",
    "Chỉ tiêu 1 - giá trị": "1.046,5",
    "Chỉ tiêu 1 - đơn vị tính": "ha",
    "Chỉ tiêu 1 - kế hoạch": "1.020",
}


def table_text(rows: Sequence[Mapping[str, str]], delimiter: str = ";") -> str:
    """Return rows as CSV text with the union of their headers, as Excel writes it."""
    headers: list[str] = []
    for row in rows:
        headers += [header for header in row if header not in headers]
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return stream.getvalue()


def write_csv(
    path: Path,
    rows: Sequence[Mapping[str, str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    """Write ``rows`` to ``path`` as a CSV file in ``encoding``."""
    text = table_text(rows, delimiter)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(data)
    return path


def cp1258(text: str) -> bytes:
    """Return ``text`` in Windows-1258: base letters precomposed, tone marks combining.

    Python's codec has ă, â, ê, ô, ơ, ư, đ and some toned letters (à, á, é…) precomposed, and
    the five tone marks as combining characters; "ệ" must go as "ê" + combining dot below.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def only(rows: list[Row]) -> Row:
    """Return the single row of ``rows``."""
    assert len(rows) == 1, rows
    return rows[0]


def valid(row: Row) -> Report:
    """Return the report of ``row``, failing with its errors when it is not valid."""
    report, errors = validate_row(row)
    assert report is not None, [error.describe() for error in errors]
    assert errors == []
    return report


def errors_of(row: Row) -> list[RowError]:
    """Return the errors of ``row`` (it must be invalid)."""
    report, errors = validate_row(row)
    assert report is None
    assert errors
    return errors


def user_error(excinfo: pytest.ExceptionInfo[UserError]) -> str:
    """Return the full message of a raised ``UserError`` (it must mean exit code 2)."""
    assert excinfo.value.exit_code == 2
    return excinfo.value.message


def make_xlsx(path: Path, rows: Sequence[Sequence[Any]], **sheets: Sequence[Sequence[Any]]) -> Path:
    """Write a workbook: the first sheet holds ``rows``, keyword sheets follow by name."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "don-vi"
    for values in rows:
        sheet.append(list(values))
    for title, content in sheets.items():
        extra = book.create_sheet(title.replace("_", "-"))
        for values in content:
            extra.append(list(values))
    book.save(path)
    return path


# ---------------------------------------------------------------------------
# Batch runs (drafter.batch)
# ---------------------------------------------------------------------------


BASE_YAML = """\
issuer:
  superior: Đảng bộ tỉnh Lạng Sơn
  superior_committee: Tỉnh ủy Lạng Sơn
resolution:
  signer: {title: Bí thư}
  recipients: [Ban Thường vụ Tỉnh ủy (b/c), Các chi bộ trực thuộc]
"""
COMMUNES = ["Bắc Sơn", "Vũ Lăng", "Nhất Hòa", "Tân Tri", "Hưng Vũ", "Vũ Sơn", "Chiêu Vũ"]


def make_input(folder: Path, units: Sequence[dict[str, str]]) -> Path:
    """Write a ';' CSV (UTF-8 with BOM, as Excel saves it): the sample row changed per unit."""
    template = folder / "mau.csv"
    if not template.exists():
        write_template(template)
    with template.open(encoding="utf-8-sig", newline="") as stream:
        header, sample = list(csv.reader(stream, delimiter=";"))[:2]
    path = folder / "don-vi.csv"
    path.unlink(missing_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        for changes in units:
            row = dict(zip(header, sample, strict=True))
            row.update(changes)
            writer.writerow([row[name] for name in header])
    (folder / "base.yaml").write_text(BASE_YAML, encoding="utf-8")
    return path


def unit(number: int, **changes: str) -> dict[str, str]:
    name = f"{COMMUNES[number % len(COMMUNES)]} {number}"
    return {
        "Mã đơn vị": f"xa-{number:03d}",
        "Tên cấp ủy": f"Đảng ủy xã {name}",
        "Đảng bộ": f"Đảng bộ xã {name}",
        "Địa danh": name,
        **changes,
    }


# ---------------------------------------------------------------------------
# Data files and templates
# ---------------------------------------------------------------------------


PLANTED = """\
schema_version: 1
issuer:
  name: Huyện ủy Bắc Sơn
  organisation: ""
  superior: Đảng bộ tỉnh Lạng Sơn
  level: huyen
  code: hu
  place: Bắc Sơn
  offce: Văn phòng Huyện ủy
conference:
  ordinal: 0
  term: 22
  tenure: 2025-2020
  date: 31/2/2023
period:
  kind: quarter
  year: 2023
counts:
  - met: 21
    total: 20
indicators:
  - name: thu ngân sách
    value: 35.8
    unit: tỷ đồng
  - name: tỷ lệ
    value: 12
    comparisons:
      - kind: share
        percent: 50
photos:
  - caption: Quang cảnh hội nghị
    file: khong-co.jpg
"""


def docx_with(xml_body: str) -> bytes:
    """Return the bundled resolution template with its body replaced by ``xml_body``."""
    stream = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(stream, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head = data[: data.index(b"<w:body>") + len(b"<w:body>")]
                tail = data[data.index(b"</w:body>") :]
                paragraph = f"<w:p><w:r><w:t>{xml_body}</w:t></w:r></w:p>".encode()
                data = head + paragraph + tail
            target.writestr(info, data)
    return stream.getvalue()


def image_bytes(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(stream, kind)
    return stream.getvalue()
