"""Helpers the test files share: running the command line, planted faults, hostile inputs.

Test files import from here, never from one another.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.check import Finding
from tests.conftest import ROOT

TEMPLATE = ROOT / "templates_docx" / "nghi-quyet-hoi-nghi.docx"
Fault = Callable[[Any], None]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``drafter`` with ``args`` in a subprocess from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def without_hunspell() -> dict[str, str]:
    """Return this environment with only the Python's folder on PATH: hunspell is not found.

    A lint command run so skips the spelling check, whatever the machine has installed.
    """
    return {**os.environ, "PATH": str(Path(sys.executable).parent)}


def describe(findings: Sequence[Finding]) -> str:
    """Return check findings one a line, for assertion messages."""
    return "\n".join(f"{f.rule} | {f.where} | {f.message}" for f in findings)


# ---------------------------------------------------------------------------
# Hostile and broken inputs
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Faults planted in a drafted resolution, each breaking one rule of drafter check
# ---------------------------------------------------------------------------


def set_text(paragraph: Any, text: str) -> None:
    """Replace a paragraph's text, keeping the first run's formatting."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def header_left(doc: Any, index: int) -> Any:
    return doc.tables[0].cell(0, 0).paragraphs[index]


def header_right(doc: Any, index: int) -> Any:
    return doc.tables[0].cell(0, 1).paragraphs[index]


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
    doc.tables[0].cell(0, 1).add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


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
    assert findings[0].message.strip()
