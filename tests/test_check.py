"""drafter check: our outputs pass; each planted layout fault is reported once, with its place."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.api import draft
from drafter.check import Finding, check_file, detect_profile, open_docx
from drafter.compose import Composer
from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from drafter.render import render_docx
from drafter.template_builder import build_resolution
from tests.conftest import BAC_SON, EXAMPLES, ROOT

Fault = Callable[[Any], None]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every document drafter writes for the bundled examples, by file name."""
    folder = tmp_path_factory.mktemp("outputs")
    written: dict[str, Path] = {}
    for example in EXAMPLES:
        for path in draft(example, out_dir=folder, documents=["resolution", "press"]):
            written[f"{example.stem}:{'tin-bai' if 'tin-bai' in path.name else 'nq'}"] = path
    return written


@pytest.fixture(scope="module")
def resolution(outputs: dict[str, Path]) -> Path:
    """The Bắc Sơn draft resolution (hd36)."""
    return outputs[f"{BAC_SON.stem}:nq"]


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} | {f.where} | {f.message}" for f in findings)


def test_every_output_passes(outputs: dict[str, Path]) -> None:
    assert len(outputs) == 2 * len(EXAMPLES)
    for path in outputs.values():
        result = check_file(path)
        assert result.profile == "hd36"
        assert not result.findings, f"{path.name}:\n{describe(result.findings)}"


# ---------------------------------------------------------------------------
# Planting faults
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


def plant(source: Path, fault: Fault, target: Path) -> Path:
    document = Document(str(source))
    fault(document)
    document.save(str(target))
    return target


@pytest.mark.parametrize(("fault", "rule", "where"), FAULTS, ids=[f.__name__ for f, _, _ in FAULTS])
def test_each_planted_fault_is_reported_once(
    resolution: Path, tmp_path: Path, fault: Fault, rule: str, where: str
) -> None:
    planted = plant(resolution, fault, tmp_path / "planted.docx")
    findings = check_file(planted, "hd36").findings
    assert len(findings) == 1, describe(findings)
    assert findings[0].rule == rule, describe(findings)
    assert findings[0].where.startswith(where), describe(findings)
    assert findings[0].message.strip()


def test_faults_are_many_and_distinct() -> None:
    assert len({fault.__name__ for fault, _, _ in FAULTS}) >= 20
    assert len({rule for _, rule, _ in FAULTS}) >= 20


def test_messages_say_the_fact_then_the_remedy(resolution: Path, tmp_path: Path) -> None:
    number = check_file(plant(resolution, colon_after_so, tmp_path / "a.docx")).findings[0]
    assert "«Số: 15-NQ/HU»" in number.message
    assert "Sửa thành «Số 15-NQ/HU»" in number.message
    swapped = check_file(plant(resolution, slash_hyphen_swapped, tmp_path / "b.docx")).findings
    assert "Sửa thành «Số 15-NQ/HU»" in swapped[0].message
    day = check_file(plant(resolution, day_unpadded, tmp_path / "c.docx")).findings[0]
    assert "«Bắc Sơn, ngày 05 tháng 9 năm 2023»" in day.message
    signed = check_file(plant(resolution, state_signature, tmp_path / "d.docx")).findings[0]
    assert "Sửa thành «T/M BAN CHẤP HÀNH»" in signed.message
    typo = check_file(plant(resolution, confusable, tmp_path / "e.docx")).findings[0]
    assert "trọng tâm" in typo.message


def test_restyled_document_is_still_checked(resolution: Path, tmp_path: Path) -> None:
    """Every profile style replaced by Normal plus the same direct formatting: elements found."""
    document = Document(str(resolution))
    header = document.tables[0]
    for paragraph in [*header.cell(0, 0).paragraphs, header.cell(0, 1).paragraphs[1]]:
        style = paragraph.style
        paragraph.style = document.styles["Normal"]
        paragraph.alignment = style.paragraph_format.alignment
        for run in paragraph.runs:
            run.font.size = style.font.size
            run.font.bold = style.font.bold
            run.font.italic = style.font.italic
    set_text(header.cell(0, 1).paragraphs[1], "Bắc Sơn, ngày 5 tháng 9 năm 2023")
    for run in header.cell(0, 0).paragraphs[0].runs:
        run.font.bold = True
    path = tmp_path / "restyled.docx"
    document.save(str(path))
    findings = check_file(path, "hd36").findings
    assert [f.rule for f in findings] == ["styles.superior.bold", "date_line.padding"], describe(
        findings
    )


# ---------------------------------------------------------------------------
# The state profile (nd30)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def state_resolution(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Bắc Sơn resolution laid out by the state profile, rendered directly."""
    folder = tmp_path_factory.mktemp("nd30")
    profile = load_profile("nd30")
    template = folder / "nd30.docx"
    template.write_bytes(build_resolution(profile))
    context = Composer(load_report(BAC_SON), load_phrasebank(None)).resolution(profile)
    target = folder / "nghi-quyet-nd30.docx"
    target.write_bytes(render_docx(template, context))
    return target


def test_state_document_passes_and_is_detected(state_resolution: Path) -> None:
    assert detect_profile(open_docx(state_resolution)) == "nd30"
    result = check_file(state_resolution)
    assert result.profile == "nd30"
    assert not result.findings, describe(result.findings)


def test_state_document_faults(state_resolution: Path, tmp_path: Path) -> None:
    def party_number(doc: Any) -> None:
        set_text(header_left(doc, 3), "Số 15-NQ/HU")

    def party_signature(doc: Any) -> None:
        set_text(doc.tables[-1].cell(0, 1).paragraphs[0], "T/M BAN CHẤP HÀNH")

    def party_title(doc: Any) -> None:
        doc.tables[0].cell(0, 1).add_paragraph("ĐẢNG CỘNG SẢN VIỆT NAM")

    for fault, rule, fix in (
        (party_number, "number.form", "«Số: 15/NQ-HU»"),
        (party_signature, "signature.form", "«TM. BAN CHẤP HÀNH»"),
        (party_title, "forms.mixed", "Đảng"),
    ):
        planted = plant(state_resolution, fault, tmp_path / f"{fault.__name__}.docx")
        findings = check_file(planted, "nd30").findings
        assert [f.rule for f in findings] == [rule], describe(findings)
        assert fix in findings[0].message


def test_a_party_document_checked_as_state_breaks_the_state_forms(resolution: Path) -> None:
    rules = {finding.rule for finding in check_file(resolution, "nd30").findings}
    assert {"number.form", "signature.form", "forms.mixed", "recipients.last"} <= rules


# ---------------------------------------------------------------------------
# Unreadable files and the command line
# ---------------------------------------------------------------------------


def test_unreadable_files_raise_user_errors(tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(UserError, match="không phải văn bản DOCX"):
        check_file(text)
    with pytest.raises(UserError, match="không có tệp này"):
        check_file(tmp_path / "khong-co.docx")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_exit_codes_and_json(resolution: Path, tmp_path: Path) -> None:
    good = run_cli("check", str(resolution))
    assert good.returncode == 0, good.stderr
    assert "đúng thể thức hd36" in good.stdout

    bad = plant(resolution, margin_top, tmp_path / "le-tren.docx")
    result = run_cli("check", str(bad), "--profile", "hd36")
    assert result.returncode == 1
    assert "margins.top" in result.stdout
    assert "thiết lập trang" in result.stdout

    as_json = run_cli("check", str(resolution), str(bad), "--json")
    assert as_json.returncode == 1
    files = json.loads(as_json.stdout)["files"]
    assert [entry["ok"] for entry in files] == [True, False]
    assert files[1]["findings"][0]["rule"] == "margins.top"
    assert set(files[1]["findings"][0]) == {"rule", "where", "message"}


def test_cli_unreadable_file_exits_2(tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    result = run_cli("check", str(text))
    assert result.returncode == 2
    assert "không phải văn bản DOCX" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("check", str(tmp_path / "khong-co.docx"), "--json")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert json.loads(missing.stdout)["files"][0]["error"]


def test_cli_copy_of_an_output_unchanged_passes(resolution: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ban-sao.docx"
    shutil.copy(resolution, copy)
    assert run_cli("check", str(copy)).returncode == 0
