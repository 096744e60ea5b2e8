"""drafter check, locating: opening a DOCX, the profile it follows, restyled elements."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from drafter.check import check_file, detect_profile, open_docx
from drafter.errors import UserError
from tests.helpers import describe, header_column, set_text


def test_restyled_document_is_still_checked(resolution: Path, tmp_path: Path) -> None:
    """Every profile style replaced by Normal plus the same direct formatting: elements found."""
    document = Document(str(resolution))
    left, right = header_column(document, 0), header_column(document, 1)
    for paragraph in [*left, right[1]]:
        style = paragraph.style
        paragraph.style = document.styles["Normal"]
        paragraph.alignment = style.paragraph_format.alignment
        for run in paragraph.runs:
            run.font.size = style.font.size
            run.font.bold = style.font.bold
            run.font.italic = style.font.italic
    set_text(right[1], "Bắc Sơn, ngày 5 tháng 9 năm 2023")
    for run in left[0].runs:
        run.font.bold = True
    path = tmp_path / "restyled.docx"
    document.save(str(path))
    findings = check_file(path, "hd36").findings
    assert [f.rule for f in findings] == ["styles.superior.bold", "date_line.padding"], describe(
        findings
    )


def test_state_document_passes_and_is_detected(state_resolution: Path) -> None:
    assert detect_profile(open_docx(state_resolution)) == "nd30"
    result = check_file(state_resolution)
    assert result.profile == "nd30"
    assert not result.findings, describe(result.findings)


def test_unreadable_files_raise_user_errors(tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(UserError, match="không phải văn bản DOCX"):
        check_file(text)
    with pytest.raises(UserError, match="không có tệp này"):
        check_file(tmp_path / "khong-co.docx")
