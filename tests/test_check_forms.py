"""drafter check, form rules: number, date line, signature, recipients, mixed forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drafter.check import check_file
from tests.helpers import (
    Fault,
    assert_reported_once,
    colon_after_so,
    confusable,
    day_unpadded,
    describe,
    faults_of,
    header_left,
    plant,
    row_cells,
    set_text,
    slash_hyphen_swapped,
    state_signature,
)

FAULTS = faults_of("forms")


@pytest.mark.parametrize(("fault", "rule", "where"), FAULTS, ids=[f.__name__ for f, _, _ in FAULTS])
def test_each_planted_fault_is_reported_once(
    resolution: Path, tmp_path: Path, fault: Fault, rule: str, where: str
) -> None:
    assert_reported_once(resolution, fault, rule, where, tmp_path)


def test_messages_say_the_fact_then_the_remedy(resolution: Path, tmp_path: Path) -> None:
    number = check_file(plant(resolution, colon_after_so, tmp_path / "a.docx")).findings[0]
    assert "«Số: 15-NQ/HU»" in number.reason
    assert "Sửa thành «Số 15-NQ/HU»" in number.reason
    swapped = check_file(plant(resolution, slash_hyphen_swapped, tmp_path / "b.docx")).findings
    assert "Sửa thành «Số 15-NQ/HU»" in swapped[0].reason
    day = check_file(plant(resolution, day_unpadded, tmp_path / "c.docx")).findings[0]
    assert "«Bắc Sơn, ngày 05 tháng 9 năm 2023»" in day.reason
    signed = check_file(plant(resolution, state_signature, tmp_path / "d.docx")).findings[0]
    assert "Sửa thành «T/M BAN CHẤP HÀNH»" in signed.reason
    typo = check_file(plant(resolution, confusable, tmp_path / "e.docx")).findings[0]
    assert "trọng tâm" in typo.reason


# ---------------------------------------------------------------------------
# The state profile (nd30)
# ---------------------------------------------------------------------------


def test_state_document_faults(state_resolution: Path, tmp_path: Path) -> None:
    def party_number(doc: Any) -> None:
        set_text(header_left(doc, 3), "Số 15-NQ/HU")

    def party_signature(doc: Any) -> None:
        set_text(doc.tables[-1].cell(0, 1).paragraphs[0], "T/M BAN CHẤP HÀNH")

    def party_title(doc: Any) -> None:
        row_cells(doc.tables[0].rows[0])[1].add_paragraph("ĐẢNG CỘNG SẢN VIỆT NAM")

    for fault, rule, fix in (
        (party_number, "number.form", "«Số: 15/NQ-HU»"),
        (party_signature, "signature.form", "«TM. BAN CHẤP HÀNH»"),
        (party_title, "forms.mixed", "Đảng"),
    ):
        planted = plant(state_resolution, fault, tmp_path / f"{fault.__name__}.docx")
        findings = check_file(planted, "nd30").findings
        assert [f.rule for f in findings] == [rule], describe(findings)
        assert fix in findings[0].reason


def test_a_party_document_checked_as_state_breaks_the_state_forms(resolution: Path) -> None:
    rules = {finding.rule for finding in check_file(resolution, "nd30").findings}
    assert {"number.form", "signature.form", "forms.mixed", "recipients.last"} <= rules
