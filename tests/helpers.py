"""Helpers the test files share: the command line, sample inputs, planted faults, scripts.

Test files import from here, never from one another.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import sys
import threading
import traceback
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image

from drafter.errors import Finding, UserError
from drafter.models import Report
from drafter.sheet import Row, validate_row, write_template
from drafter.wizard.prompters import Check
from tests.conftest import ROOT

TEMPLATE = ROOT / "templates_docx" / "nghi-quyet-hoi-nghi.docx"
"""The bundled resolution template."""
Fault = Callable[[Any], None]


@dataclass(frozen=True)
class Ran:
    """What one command line did: its exit code and what it wrote on stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


_PROCESS_STATE = threading.Lock()  # the working folder and the environment are the process's


def run_main(argv: Sequence[str], *, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Ran:
    """Run ``drafter.cli.main(argv)`` in this process as ``python -m drafter`` would run it.

    The working folder is ``cwd`` and the variables ``env`` are set during the run, then both
    are restored. stdout and stderr are captured. ``SystemExit`` ends the run as it ends the
    interpreter (no code is 0, a text is printed and gives 1); any other exception escaping
    ``main`` is a crash: its traceback goes to the captured stderr, as the interpreter would
    print it, and the exit code is 1. So "no Traceback in stderr" still catches every crash.
    """
    from drafter.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _PROCESS_STATE:
        folder = os.getcwd()
        saved = {name: os.environ.get(name) for name in env or {}}
        try:
            os.chdir(cwd)
            os.environ.update(env or {})
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(argv))
                except SystemExit as stop:
                    if stop.code is None or isinstance(stop.code, int):
                        code = stop.code or 0
                    else:
                        print(stop.code, file=sys.stderr)
                        code = 1
                except Exception:
                    traceback.print_exc()
                    code = 1
        finally:
            os.chdir(folder)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli(*args: str) -> Ran:
    """Run ``drafter`` with ``args`` from the repository root, in this process (``run_main``)."""
    return run_main(args)


def without_hunspell() -> dict[str, str]:
    """Return the variables for ``run_main`` that leave only the Python's folder on PATH.

    hunspell is not found: a lint command run so skips the spelling check, whatever the
    machine has installed.
    """
    return {"PATH": str(Path(sys.executable).parent)}


def describe(findings: Sequence[Finding]) -> str:
    """Return check findings one a line, for assertion messages."""
    return "\n".join(f"{f.rule} | {f.where} | {f.reason}" for f in findings)


# ---------------------------------------------------------------------------


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


def errors_of(row: Row) -> list[Finding]:
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


# A data file with twelve planted mistakes, each at a known line (tests/test_datafile.py).
PLANTED_DATA = """\
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
        self.keys: list[dict[str, str]] = []  # the fixed keys of each choice question

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
        keys: Mapping[str, str] | None = None,
    ) -> str:
        """Return the scripted choice, given by value or by label."""
        self.keys.append(dict(keys or {}))
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
INDICATOR = ["thu ngân sách", "economy", "được", "trên", "35,8", "tỷ đồng", False]
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


# Faults planted in a drafted resolution, each breaking one rule of drafter check
# ---------------------------------------------------------------------------


def set_text(paragraph: Any, text: str) -> None:
    """Replace a paragraph's text, keeping the first run's formatting."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def row_cells(row: Any) -> list[Any]:
    """Return the cells of ``row``, one spanning several grid columns once (python-docx
    repeats it)."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def header_column(doc: Any, side: int) -> list[Any]:
    """Return the paragraphs of the header's left (0) or right (1) column, row after row."""
    return [p for row in doc.tables[0].rows for p in row_cells(row)[side].paragraphs]


def header_left(doc: Any, index: int) -> Any:
    return header_column(doc, 0)[index]


def header_right(doc: Any, index: int) -> Any:
    return header_column(doc, 1)[index]


def signature_left(doc: Any, index: int) -> Any:
    return doc.tables[-1].cell(0, 0).paragraphs[index]


def replace_in(paragraph: Any, old: str, new: str) -> None:
    assert old in paragraph.text, f"«{old}» not in «{paragraph.text}»"
    set_text(paragraph, paragraph.text.replace(old, new))


def margin_top(doc: Any) -> None:
    doc.sections[0].top_margin = Mm(25)


def margin_left(doc: Any) -> None:
    doc.sections[0].left_margin = Mm(35)


def letter_paper(doc: Any) -> None:
    doc.sections[0].page_width = Mm(215.9)
    doc.sections[0].page_height = Mm(279.4)


def arial_issuer(doc: Any) -> None:
    for run in header_left(doc, 1).runs:
        run.font.name = "Arial"


def party_title_not_bold(doc: Any) -> None:
    for run in header_right(doc, 0).runs:
        run.font.bold = False


def party_title_without_rule(doc: Any) -> None:
    style = doc.styles["VB Tiêu đề Đảng"].element
    style.pPr.remove(style.pPr.find(qn("w:pBdr")))


def issuer_not_bold(doc: Any) -> None:
    doc.styles["VB Cơ quan ban hành"].font.bold = False


def body_size_13(doc: Any) -> None:
    doc.styles["VB Nội dung"].font.size = Pt(13)


def body_no_indent(doc: Any) -> None:
    doc.styles["VB Nội dung"].paragraph_format.first_line_indent = Mm(0)


def body_no_spacing(doc: Any) -> None:
    doc.paragraphs[5].paragraph_format.space_after = Pt(0)


def body_line_spacing(doc: Any) -> None:
    doc.styles["VB Nội dung"].paragraph_format.line_spacing = 1.5


def colon_after_so(doc: Any) -> None:
    set_text(header_left(doc, 3), "Số: 15-NQ/HU")


def slash_hyphen_swapped(doc: Any) -> None:
    set_text(header_left(doc, 3), "Số 15/NQ-HU")


def number_unpadded(doc: Any) -> None:
    set_text(header_left(doc, 3), "Số 5-NQ/HU")


def day_unpadded(doc: Any) -> None:
    set_text(header_right(doc, 1), "Bắc Sơn, ngày 5 tháng 9 năm 2023")


def month_padded(doc: Any) -> None:
    set_text(header_right(doc, 1), "Bắc Sơn, ngày 15 tháng 09 năm 2023")


def date_not_italic(doc: Any) -> None:
    for run in header_right(doc, 1).runs:
        run.font.italic = False


def state_signature(doc: Any) -> None:
    set_text(doc.tables[-1].cell(0, 1).paragraphs[0], "TM. BAN CHẤP HÀNH")


def label_not_underlined(doc: Any) -> None:
    for run in signature_left(doc, 0).runs:
        run.font.underline = False


def last_without_archive(doc: Any) -> None:
    set_text(signature_left(doc, 5), "- Văn phòng Huyện ủy.")


def recipient_semicolon(doc: Any) -> None:
    set_text(signature_left(doc, 2), "- Các đồng chí Huyện ủy viên;")


def page_field_removed(doc: Any) -> None:
    paragraph = doc.sections[0].header.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)


def page_number_on_page_one(doc: Any) -> None:
    doc.sections[0].different_first_page_header_footer = False


def national_title_added(doc: Any) -> None:
    row_cells(doc.tables[0].rows[-1])[1].add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def nfd_text(doc: Any) -> None:
    paragraph = doc.paragraphs[5]
    set_text(paragraph, unicodedata.normalize("NFD", paragraph.text))


def old_tone_style(doc: Any) -> None:
    replace_in(doc.paragraphs[10], "văn hóa", "văn hoá")


def doubled_space(doc: Any) -> None:
    replace_in(doc.paragraphs[8], "Nhất trí", "Nhất  trí")


def confusable(doc: Any) -> None:
    replace_in(doc.paragraphs[3], "trọng tâm", "trong tâm")


def document_type_lower(doc: Any) -> None:
    set_text(doc.paragraphs[1], "Nghị quyết")


def document_type_small(doc: Any) -> None:
    doc.styles["VB Tên loại văn bản"].font.size = Pt(13)


def subject_left(doc: Any) -> None:
    doc.paragraphs[3].alignment = WD_ALIGN_PARAGRAPH.LEFT


def superior_times_new_roman_13(doc: Any) -> None:
    for run in header_left(doc, 0).runs:
        run.font.size = Pt(13)


def restyled_issuer_in_arial(doc: Any) -> None:
    """A clerk replaced the issuer's style by Normal: still found by its place, and checked."""
    paragraph = header_left(doc, 1)
    paragraph.style = doc.styles["Normal"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.bold = True
        run.font.name = "Arial"


FAULTS: list[tuple[Fault, str, str]] = [
    (margin_top, "margins.top", "thiết lập trang"),
    (margin_left, "margins.left", "thiết lập trang"),
    (letter_paper, "page.size", "thiết lập trang"),
    (arial_issuer, "styles.issuer.font", "bảng tiêu đề, cột trái, đoạn 2"),
    (party_title_not_bold, "styles.party_title.bold", "bảng tiêu đề, cột phải, đoạn 1"),
    (party_title_without_rule, "styles.party_title.rule", "bảng tiêu đề, cột phải, đoạn 1"),
    (issuer_not_bold, "styles.issuer.bold", "bảng tiêu đề, cột trái, đoạn 2"),
    (superior_times_new_roman_13, "styles.superior.size", "bảng tiêu đề, cột trái, đoạn 1"),
    (body_size_13, "styles.body.size", "đoạn 6:"),
    (body_no_indent, "styles.body.indent", "đoạn 6:"),
    (body_no_spacing, "styles.body.spacing", "đoạn 6:"),
    (body_line_spacing, "styles.body.line_spacing", "đoạn 6:"),
    (colon_after_so, "number.form", "bảng tiêu đề, cột trái, đoạn 4"),
    (slash_hyphen_swapped, "number.form", "bảng tiêu đề, cột trái, đoạn 4"),
    (number_unpadded, "number.form", "bảng tiêu đề, cột trái, đoạn 4"),
    (day_unpadded, "date_line.padding", "bảng tiêu đề, cột phải, đoạn 2"),
    (month_padded, "date_line.padding", "bảng tiêu đề, cột phải, đoạn 2"),
    (date_not_italic, "styles.date_line.italic", "bảng tiêu đề, cột phải, đoạn 2"),
    (state_signature, "signature.form", "bảng chữ ký, cột phải, đoạn 1"),
    (label_not_underlined, "styles.recipients_label.underline", "bảng chữ ký, cột trái, đoạn 1"),
    (last_without_archive, "recipients.last", "bảng chữ ký, cột trái, đoạn 6"),
    (recipient_semicolon, "recipients.item", "bảng chữ ký, cột trái, đoạn 3"),
    (page_field_removed, "page_numbers", "đầu trang (từ trang 2)"),
    (page_number_on_page_one, "page_numbers", "đầu trang 1"),
    (national_title_added, "forms.mixed", "bảng tiêu đề, cột phải, đoạn 3"),
    (nfd_text, "text.nfd", "đoạn 6:"),
    (old_tone_style, "text.tone_style", "đoạn 11:"),
    (doubled_space, "text.double_space", "đoạn 9:"),
    (confusable, "text.confusable", "đoạn 4:"),
    (document_type_lower, "styles.document_type.caps", "đoạn 2:"),
    (document_type_small, "styles.document_type.size", "đoạn 2:"),
    (subject_left, "styles.subject.alignment", "đoạn 4:"),
    (restyled_issuer_in_arial, "styles.issuer.font", "bảng tiêu đề, cột trái, đoạn 2"),
]


FAULT_FAMILIES = {
    "layout": ("margins.", "page.", "styles.", "font.", "page_numbers"),
    "forms": ("number.", "date_line.", "signature.", "recipients.", "forms."),
    "text": ("text.",),
}
"""The rules each module of drafter/check checks, by the start of the rule's name."""


def faults_of(family: str) -> list[tuple[Fault, str, str]]:
    """Return the planted faults whose rule the module ``family`` of drafter/check checks."""
    return [fault for fault in FAULTS if fault[1].startswith(FAULT_FAMILIES[family])]


def plant(source: Path, fault: Fault, target: Path) -> Path:
    """Return ``target``: a copy of the DOCX ``source`` with ``fault`` planted."""
    document = Document(str(source))
    fault(document)
    document.save(str(target))
    return target


def assert_reported_once(source: Path, fault: Fault, rule: str, where: str, folder: Path) -> None:
    """Assert that ``fault`` planted in ``source`` gives one finding: ``rule`` at ``where``."""
    from drafter.check import check_file

    planted = plant(source, fault, folder / "planted.docx")
    findings = check_file(planted, "hd36").findings
    assert len(findings) == 1, describe(findings)
    assert findings[0].rule == rule, describe(findings)
    assert findings[0].where.startswith(where), describe(findings)
    assert findings[0].reason.strip()


# ---------------------------------------------------------------------------
# drafter serve: a workspace, a test client, the page's hidden fields
# ---------------------------------------------------------------------------


def web_workspace(folder: Path, *examples: Path) -> Path:
    """Return ``folder`` made a workspace holding copies of ``examples``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in examples:
        shutil.copy(path, folder / path.name)
    return folder


def web_client(workspace: Path, **options: Any) -> Any:
    """Return a test client of ``drafter serve`` over ``workspace`` (``.site`` its state)."""
    from starlette.testclient import TestClient

    from drafter.web.app import create_app

    app = create_app(workspace, cache=workspace.parent / "page-cache")
    client = TestClient(app, base_url="http://127.0.0.1", **options)
    client.site = app.state.site  # type: ignore[attr-defined]
    return client


def hidden(html: str, name: str) -> str:
    """Return the value of the first hidden input ``name`` of a page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found is not None, f"no hidden {name} in the page"
    return found.group(1)


def page_text(html: str) -> str:
    """Return what a page says: tags dropped, entities read, spaces collapsed."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def docx_text(content: bytes) -> list[str]:
    """Return the paragraphs of a DOCX (body and tables), in order."""
    document = Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        paragraphs += [cell.text for row in table.rows for cell in row.cells]
    return paragraphs


# -- the template-injection corpus (the sandbox tests; the browser shows each as typed) --

TOUCH = "touch pwned"
PAYLOADS = [
    # attribute walks to the interpreter
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
    "{{ (1).__class__.__mro__ }}",
    "{{ lex.__class__.__init__.__globals__ }}",
    "{{ value.__init__.__globals__['os'].system('" + TOUCH + "') }}",
    "{{ lex['__class__'] }}",
    "{{ lex|attr('__class__') }}",
    "{{ lex|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
    "{{ range.__self__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    # Jinja's own globals
    "{{ cycler.__init__.__globals__.os.popen('" + TOUCH + "').read() }}",
    "{{ joiner.__init__.__globals__.os.system('" + TOUCH + "') }}",
    "{{ lipsum.__globals__['os'].popen('" + TOUCH + "') }}",
    "{{ lipsum(100000, true, 1000, 100000) }}",
    "{{ namespace.__init__.__globals__.os.system('" + TOUCH + "') }}",
    "{% set ns = namespace(s='a') %}{{ ns }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context.cycler }}",
    "{{ self.__dict__ }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os') }}",
    # format-string tricks
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ '{a.__init__.__globals__}'.format_map(dict(a=lex)) }}",
    "{{ '{:>999999999}'.format('a') }}",
    "{{ '%999999999s' % 'a' }}",
    "{{ '%*s' % (999999999, 'a') }}",
    "{{ '%999999s'|format('a') }}",
    "{{ '%s'|format(''.__class__) }}",
    # changing data
    "{{ lex.update(a=1) }}",
    "{{ [].append(1) }}",
    "{{ {}.setdefault('a', 1) }}",
    # loading files
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os }}",
    "{% extends '/etc/passwd' %}",
    "{% from '/etc/passwd' import x %}",
    # huge results and long runs
    "{{ 'a' * 10**9 }}",
    "{{ [1] * 10**9 }}",
    "{{ 10 ** (10 ** 10) }}",
    "{{ (2 ** 100) ** 100 }}",
    "{{ range(10**9)|list }}",
    "{{ 'a'.zfill(10**9) }}",
    "{{ 'a'.center(10**5) }}",
    "{{ 'a'|center(10**9) }}",
    "{{ ('a' * 100000)|replace('a', 'aa') }}",
    "{{ ('a\n' * 50000)|indent(100000) }}",
    "{{ ('a ' * 50000)|wordwrap(1) }}",
    "{{ ['x'] * 100 | join('y' * 100000) }}",
    "{{ (['x'] * 100)|join('y' * 100000) }}",
    "{{ ['a' * 100000] * 100000 }}",
    "{{ (['a' * 100000] * 100000)|join }}",
    "{{ ('a' * 100000) ~ ('b' * 100000) }}",
    "{{ ('a' * 100000) + ('b' * 100000) }}",
    "{{ [1]|batch(100000, 'a' * 100000)|list }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "{% for i in range(300) %}{{ 'x' * 100 }}{% endfor %}",
    "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('ab', 60) }}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "{{ (range(100000)|list) + (range(100000)|list) }}",
    "{{ ('9' * 4000)|int * ('9' * 4000)|int }}",
    "{{ 1 / 0 }}",
]
