"""Helpers shared by several test files: sample inputs and small assertions.

Test files import from here, never from one another.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from drafter.errors import UserError
from drafter.models import Report
from drafter.sheet import Row, RowError, validate_row, write_template
from drafter.wizard.prompters import Check
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


# ---------------------------------------------------------------------------
# The wizard's test double
# ---------------------------------------------------------------------------

DEFAULT = ...
"""In a script: accept the question's default (the clerk just presses Enter)."""


class ScriptedPrompter:
    """A prompter answering from a script, for tests: refused answers are recorded, not fatal.

    Script items: a string (typed text or a choice's value or label), a bool (confirm), a list
    (checkbox values), ``DEFAULT`` (press Enter), or an exception instance to raise.
    """

    def __init__(self, script: Iterable[Any]) -> None:
        self.script: Iterator[Any] = iter(script)
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.said: list[str] = []

    def _next(self, message: str) -> Any:
        self.asked.append(message)
        try:
            item = next(self.script)
        except StopIteration:
            raise AssertionError(f"script ended at: {message}") from None
        if isinstance(item, BaseException):
            raise item
        return item

    def ask_text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Return the next scripted text that passes ``check``."""
        while True:
            item = self._next(message)
            text = default if item is DEFAULT else str(item)
            reason = check(text) if check is not None else None
            if reason is None:
                return text
            self.errors.append(reason)

    def ask_select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        """Return the scripted choice, given by value or by label."""
        item = self._next(message)
        if item is DEFAULT:
            assert default is not None, f"no default at: {message}"
            return default
        for value, label in choices:
            if item in (value, label):
                return value
        raise AssertionError(f"{item!r} is not a choice of {message}: {choices}")

    def ask_confirm(
        self, message: str, *, default: bool = True, instruction: str | None = None
    ) -> bool:
        """Return the scripted yes/no."""
        item = self._next(message)
        return default if item is DEFAULT else bool(item)

    def ask_checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        checked: Collection[str] = (),
        instruction: str | None = None,
    ) -> list[str]:
        """Return the scripted values ticked."""
        item = self._next(message)
        values = list(checked) if item is DEFAULT else list(item)
        return [value for value, _ in choices if value in values]

    def say(self, text: str) -> None:
        """Record ``text``."""
        self.said.append(text)


# ---------------------------------------------------------------------------
# The wizard's answers for the Bắc Sơn conference, section by section
# ---------------------------------------------------------------------------

D = DEFAULT

ISSUER = [
    "Huyện ủy Bắc Sơn",
    "Đảng bộ huyện Bắc Sơn",
    "Đảng bộ tỉnh Lạng Sơn",
    "",
    "district",
    "HU",
    "Bắc Sơn",
    "",
]
AGENDA = "đánh giá nhiệm vụ 9 tháng đầu năm 2023\nbàn nhiệm vụ 3 tháng cuối năm 2023"
ADOPTED = "Nghị quyết Hội nghị lần thứ 17 về nhiệm vụ 3 tháng cuối năm 2023"
CONFERENCE = ["17", "22", "2020-2025", True, "15/9/2023", D, "", AGENDA, ADOPTED]
PERIOD = ["first_9_months", "2023"]
PEOPLE = ["add", "Nguyễn Văn A", "Bí thư Huyện ủy", ["chair", "conclusion"], "done", ""]
DOCUMENTS = [D]  # cited documents are rare: Enter goes on
INDICATOR = ["thu ngân sách", "economy", "được", "trên", "35,8", "tỷ đồng"]
TARGET = ["dự toán tỉnh giao", "29,734"]
NO_EXTRAS = [False]  # "Thêm số liệu cùng kỳ / thời điểm tính / ước cả năm?"
INDICATORS = ["add", *INDICATOR, *TARGET, *NO_EXTRAS, "done", "6/20"]
RESULTS = ["sản xuất nông nghiệp vượt so với kế hoạch", "", "", ""]
ASSESSMENT = [
    "tiến độ giải ngân còn chậm",  # limitations
    "",  # causes
    "làm rõ nguyên nhân giải ngân chậm",  # discussion
    "tiếp tục xây dựng Đảng\ntăng cường kiểm tra",  # tasks
    "done",  # targets
    "khẩn trương hoàn thành các chỉ tiêu còn lại",  # conclusion
]
PHOTOS = ["Quang cảnh hội nghị", ""]  # captions, then one file per caption
BYLINE = ["Dương Lan", ""]
RESOLUTION = [
    "Hoàng Minh Đức",
    D,  # Bí thư
    "Ban Thường vụ Tỉnh ủy (b/c)\nCác chi bộ, đảng bộ trực thuộc",
    "",  # implementation: the standard paragraph
    D,  # a draft
    "",  # first round
]
OPTIONS = [D]
PARTS: dict[str, list[Any]] = {
    "issuer": ISSUER,
    "conference": CONFERENCE,
    "period": PERIOD,
    "people": PEOPLE,
    "documents": DOCUMENTS,
    "indicators": INDICATORS,
    "results": RESULTS,
    "assessment": ASSESSMENT,
    "photos": PHOTOS,
    "byline": BYLINE,
    "resolution": RESOLUTION,
    "options": OPTIONS,
}


def blank(**parts: list[Any]) -> list[Any]:
    """Return the blank run's answers with some parts replaced."""
    return [item for name, part in PARTS.items() for item in parts.get(name, part)]


def indicators(extras: list[Any]) -> list[Any]:
    """Return the indicator part with ``extras`` as the answers after "Thêm số liệu …?"."""
    return ["add", *INDICATOR, *TARGET, *extras, "done", "6/20"]


BLANK = blank()
