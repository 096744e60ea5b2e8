"""drafter check knows the period report: its symbol, its signature authority, its appendix."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from drafter.api import Choices, Drafter
from drafter.check import check_document, check_file
from drafter.check.report import appendix_table, is_report
from drafter.datafile import load_report
from drafter.profiles import load_profile
from tests.conftest import ROOT
from tests.helpers import describe, replace_in

CITY = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def report_docx(profile: str) -> Any:
    """Return the city's report drafted in ``profile``, opened with python-docx."""
    session = Drafter(Choices(documents=("report",), profile=profile, reproducible=True))
    (document,) = session.render(session.plan(load_report(CITY)), photo_dir=ROOT)
    return Document(io.BytesIO(document.content))


def rules(document: Any, profile: str) -> list[str]:
    """Return the rules the check finds broken."""
    return [finding.rule for finding in check_document(document, load_profile(profile))]


def first_figure(document: Any) -> Any:
    """Return the paragraph of the first figure cell (plan) of the first indicator row."""
    table = appendix_table(document, load_profile("hd36").report)  # type: ignore[arg-type]
    row = next(r for r in table.rows[1:] if len(r._tr.findall(f"{W}tc")) == len(table.columns))
    return row.cells[3].paragraphs[0]


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
def test_a_report_is_told_by_its_type_line_and_passes(profile: str) -> None:
    document = report_docx(profile)
    assert is_report(document, load_profile(profile))
    assert rules(document, profile) == [], describe(check_document(document, load_profile(profile)))


def test_a_report_numbered_as_a_resolution_is_found() -> None:
    document = report_docx("hd36")
    header = document.tables[0]
    number = next(
        p for row in header.rows for cell in row.cells for p in cell.paragraphs if "BC" in p.text
    )
    replace_in(number, "BC", "NQ")
    assert rules(document, "hd36") == ["report.symbol"]


@pytest.mark.parametrize(
    ("profile", "wanted", "wrong"),
    [
        ("hd36", "T/M BAN THƯỜNG VỤ", "T/M BAN CHẤP HÀNH"),
        ("nd30", "TM. ỦY BAN NHÂN DÂN", "TM. HĐND"),
    ],
)
def test_a_report_signed_for_another_body_is_found(profile: str, wanted: str, wrong: str) -> None:
    document = report_docx(profile)
    authority = next(
        p for p in document.tables[1].rows[0].cells[1].paragraphs if p.text.strip() == wanted
    )
    replace_in(authority, wanted, wrong)
    findings = check_document(document, load_profile(profile))
    assert [f.rule for f in findings] == ["report.authority"]
    assert wanted in findings[0].reason


def test_an_appendix_header_that_does_not_repeat_is_found() -> None:
    document = report_docx("hd36")
    table = appendix_table(document, load_profile("hd36").report)  # type: ignore[arg-type]
    repeat = table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader")
    repeat.getparent().remove(repeat)
    assert rules(document, "hd36") == ["appendix.header_repeat"]


@pytest.mark.parametrize("typed", ["437.3", "437,30", "4373,0", "abc"])
def test_a_figure_not_in_the_vietnamese_form_is_found(typed: str) -> None:
    document = report_docx("hd36")
    paragraph = first_figure(document)
    replace_in(paragraph, paragraph.text, typed)
    assert rules(document, "hd36") == ["appendix.number_form"]


def test_a_figure_not_right_aligned_is_found() -> None:
    document = report_docx("hd36")
    paragraph = first_figure(document)
    paragraph.style = document.styles["VB Bảng chữ"]  # a clerk's left-aligned style
    assert "appendix.number_align" in rules(document, "hd36")


def test_check_file_detects_the_state_report(tmp_path: Any) -> None:
    path = tmp_path / "bao-cao.docx"
    report_docx("nd30").save(str(path))
    result = check_file(path)
    assert result.profile == "nd30" and result.findings == []
