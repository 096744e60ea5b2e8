"""drafter check, what a reader sees: numbering, punctuation, header lines, the issuer, the
template's properties, and (``--render``) a signature alone on its page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import drafter.check.pages
from drafter.check import check_file
from drafter.check.numbering import roman_value, to_roman
from drafter.check.pages import check_last_page
from drafter.check.punctuation import proper_names
from drafter.profiles import load_profile
from tests.conftest import needs_libreoffice
from tests.helpers import Fault, assert_reported_once, describe, plant, run_cli
from tests.reading import (
    READING_FAULTS,
    SIGNATURE_ALONE,
    capital_after_colon,
    intended_marks,
    issuer_is_a_place,
    part_gap,
    province_under_a_superior,
)


@pytest.mark.parametrize(
    ("fault", "rule", "where"), READING_FAULTS, ids=[f.__name__ for f, _, _ in READING_FAULTS]
)
def test_each_planted_fault_is_reported_once(
    resolution: Path, tmp_path: Path, fault: Fault, rule: str, where: str
) -> None:
    assert_reported_once(resolution, fault, rule, where, tmp_path)


def test_an_ellipsis_and_proper_names_after_a_colon_are_no_fault(
    resolution: Path, tmp_path: Path
) -> None:
    planted = plant(resolution, intended_marks, tmp_path / "dung-y.docx")
    assert check_file(planted, "hd36").findings == []


def test_messages_say_the_fact_then_the_remedy(resolution: Path, tmp_path: Path) -> None:
    def reason(fault: Fault) -> str:
        planted = plant(resolution, fault, tmp_path / f"{fault.__name__}.docx")
        return check_file(planted, "hd36").findings[0].reason

    assert "thiếu «III-»" in reason(part_gap)
    assert "hạn chế: tiến độ giải ngân" in reason(capital_after_colon)
    assert "Sửa thành «ĐẢNG ỦY XÃ TÂN TIẾN»" in reason(issuer_is_a_place)
    assert "Xóa dòng «ĐẢNG BỘ TỈNH LẠNG SƠN»" in reason(province_under_a_superior)


def test_numerals_and_the_proper_names_list() -> None:
    assert [roman_value(to_roman(n)) for n in range(1, 40)] == list(range(1, 40))
    assert roman_value("IIII") == 0
    names = proper_names()
    assert {"Đảng", "Nghị quyết", "Nhà nước"} <= set(names)
    assert all(name == name.strip() and not name.startswith("#") for name in names)


# ---------------------------------------------------------------------------
# The last page, as page texts (no LibreOffice needed)
# ---------------------------------------------------------------------------

SIGNATURE = "Nơi nhận:                    T/M BAN CHẤP HÀNH\n- Lưu Văn phòng Huyện ủy.   BÍ THƯ\n"


def test_last_page_rule_on_page_texts() -> None:
    profile = load_profile("hd36")
    body = "nội dung dòng một\nnội dung dòng hai\n"
    assert check_last_page(["trang 1\n" + body, "        2\n" + body + SIGNATURE], profile) == []
    alone = check_last_page(["trang 1\n" + body, "        2\n\n" + SIGNATURE], profile)
    assert [(f.rule, f.where) for f in alone] == [
        ("pages.signature_alone", "trang 2 (trang có chữ ký)")
    ]
    one_line = check_last_page([body, "2\nmột dòng\n" + SIGNATURE], profile)
    assert "chỉ có một dòng nội dung" in one_line[0].reason
    assert check_last_page([SIGNATURE], profile) == []  # a one-page document holds it all
    assert check_last_page([body, body], profile) == []  # no signature block: nothing to say


def test_render_without_libreoffice_is_a_note_not_an_error(
    resolution: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafter.check.pages, "find_soffice", lambda: None)
    result = check_file(resolution, render=True)
    assert result.findings == []
    assert "Không có LibreOffice" in result.notes[0]
    ran = run_cli("check", "--render", str(resolution))
    assert ran.returncode == 0, ran.stdout
    assert "Lưu ý: Không có LibreOffice" in ran.stdout
    as_json = json.loads(run_cli("check", "--render", "--json", str(resolution)).stdout)
    assert "Không có LibreOffice" in as_json["files"][0]["notes"][0]
    bad = plant(resolution, part_gap, tmp_path / "so-muc.docx")
    assert run_cli("check", "--render", str(bad)).returncode == 1


# ---------------------------------------------------------------------------
# With LibreOffice: the rendered pages, and a round trip through LibreOffice
# ---------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_render_finds_a_signature_alone_on_its_page(resolution: Path, tmp_path: Path) -> None:
    needs_libreoffice()
    result = check_file(resolution, render=True)
    assert (result.findings, result.notes) == ([], [])
    fault, rule, where = SIGNATURE_ALONE
    planted = plant(resolution, fault, tmp_path / "chu-ky-mot-minh.docx")
    assert check_file(planted).findings == []  # only a rendering shows it
    findings = check_file(planted, render=True).findings
    assert [(f.rule, f.where.startswith(where)) for f in findings] == [(rule, True)], describe(
        findings
    )


@pytest.mark.libreoffice
def test_documents_saved_again_by_libreoffice_still_pass(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    """LibreOffice rewrites the package (w:jc "start"/"end", another relationship type for the
    core properties, its own styles): the layout must not hang on what it rewrites. Every
    shipped example's resolution and press summary, saved again in one LibreOffice run."""
    needs_libreoffice()
    sources = list(outputs.values())
    soffice = shutil.which("soffice") or "soffice"
    out = tmp_path / "saved"
    profile = (tmp_path / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    subprocess.run(
        [*command, "--convert-to", "docx", "--outdir", str(out), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    for source in sources:
        saved = out / source.name
        assert saved.read_bytes() != source.read_bytes()
        result = check_file(saved)
        assert result.profile == "hd36"
        assert result.findings == [], f"{saved.name}:\n{describe(result.findings)}"
