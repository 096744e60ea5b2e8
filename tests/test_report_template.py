"""The report's template: one per family of forms, a clean template, a table that fits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from drafter.check.template import check_template
from drafter.profiles import load_profile
from drafter.report_template import NUMBER_COLUMNS, build_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
def test_the_report_template_is_clean_and_reproducible(tmp_path: Path, profile: str) -> None:
    chosen = load_profile(profile)
    data = build_report(chosen)
    assert data == build_report(chosen)
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(data)
    assert check_template(path) == []


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
def test_the_appendix_table_repeats_its_header_and_fits_the_page(profile: str) -> None:
    chosen = load_profile(profile)
    assert chosen.report is not None
    document = Document(io.BytesIO(build_report(chosen)))
    table = document.tables[-1]
    header = table.rows[0]
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert [cell.text for cell in header.cells] == chosen.report.texts.columns
    assert sum(chosen.report.column_widths_mm) <= chosen.text_width_mm
    assert document.sections[0].orientation == 0  # portrait: the eight columns fit
    figures = next(row for row in table.rows if "row.plan" in row.cells[3].text)
    for index, cell in enumerate(figures.cells):
        style = cell.paragraphs[0].style.name
        wanted = chosen.report.styles.table_number.style_name
        assert (style == wanted) == (index in NUMBER_COLUMNS), (index, style)


def test_the_party_and_state_templates_carry_their_own_titles() -> None:
    party = Document(io.BytesIO(build_report(load_profile("hd36"))))
    state = Document(io.BytesIO(build_report(load_profile("nd30"))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party.tables[0].rows[0].cells[-1].text  # the right column
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in state.tables[0].rows[0].cells[-1].text
    for document in (party, state):
        assert "BÁO CÁO" in [p.text for p in document.paragraphs]
