"""The period report: its text carries every fact of the data, and its appendix table, read
back from the DOCX, gives exactly the model's ratios and statuses."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from drafter import vietnamese as vi
from drafter.api import Choices, Drafter
from drafter.check import check_document
from drafter.compose import Composer
from drafter.compose_report import DASH, Tally, compose_report
from drafter.datafile import load_report
from drafter.models import Indicator, PeriodRef, Report
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from tests.conftest import BAC_SON, ROOT

CITY = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"
EXPECTED_STATUS = {"đạt": "Đạt", "vượt": "Vượt", "chưa đạt": "Chưa đạt", None: "Chưa đánh giá"}
"""The appendix's words for the model's statuses (phrasebank/report.yaml, report.status)."""


def rendered(report: Report, profile: str) -> Any:
    """Return the report drafted in ``profile``, opened with python-docx."""
    session = Drafter(Choices(documents=("report",), profile=profile, reproducible=True))
    (document,) = session.render(session.plan(report), photo_dir=ROOT)
    return Document(io.BytesIO(document.content))


def appendix_rows(document: Any) -> list[list[str]]:
    """Return the appendix table's indicator rows (group rows left out), cell texts."""
    table = document.tables[-1]
    rows = []
    for row in table.rows[1:]:
        cells = row._tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
        if len(cells) == len(table.columns):
            rows.append([cell.text.strip() for cell in row.cells])
    return rows


def body_text(document: Any) -> str:
    """Return the body's paragraphs as one lower-case text, NFC."""
    text = " ".join(paragraph.text for paragraph in document.paragraphs)
    return unicodedata.normalize("NFC", text).casefold()


def expected_row(indicator: Indicator, period: PeriodRef) -> tuple[str, str, str, str]:
    """Return the plan ratio, change, status and actual the model gives an indicator.

    A change of a rate is in percentage points, a change by an amount in its unit, as the
    sentences say them; a status is the one the model gives for the report's period.
    """
    share = next((c for c in indicator.comparisons if c.kind == "share"), None)
    ratio = share.shown_percent(indicator.value) if share is not None else None
    change = next((c for c in indicator.comparisons if c.kind == "change"), None)
    rate = indicator.is_rate()
    moved = change.shown_change(indicator.value, rate=rate) if change is not None else None
    shown_change = DASH
    if change is not None and moved is not None:
        shown_change = ("+" if moved > 0 else "-" if moved < 0 else "") + vi.format_number(
            abs(moved)
        )
        if change.measure(rate=rate) == "amount":
            shown_change += " điểm %" if rate else f" {change.unit or indicator.unit or ''}"
        else:
            shown_change += "%"
    return (
        DASH if ratio is None else vi.format_number(ratio),
        shown_change.strip(),
        EXPECTED_STATUS[indicator.status_in(period)],
        DASH if indicator.value is None else vi.format_number(indicator.value),
    )


EVERY_EXAMPLE = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
@pytest.mark.parametrize("path", EVERY_EXAMPLE, ids=[path.stem for path in EVERY_EXAMPLE])
def test_the_appendix_reads_back_the_models_ratios_and_statuses(path: Path, profile: str) -> None:
    report = load_report(path)
    rows = appendix_rows(rendered(report, profile))
    assert len(rows) == len(report.indicators)
    by_name = {row[1].split(" (")[0]: row for row in rows}  # the note mark "(1)" left out
    for indicator in report.indicators:
        row = by_name[vi.capitalize_first(indicator.name)]
        ratio, change, status, actual = expected_row(indicator, report.period)
        assert (row[4], row[5], row[6], row[7]) == (actual, ratio, change, status), row
        for cell in row[3:7]:
            assert cell, f"an empty figure cell: {row}"


def test_city_statuses_handle_a_range_a_lower_is_better_rate_and_no_plan() -> None:
    rows = {row[1]: row for row in appendix_rows(rendered(load_report(CITY), "hd36"))}
    growth = next(row for name, row in rows.items() if name.startswith("Tốc độ tăng trưởng"))
    poverty = next(row for name, row in rows.items() if name.startswith("Tỷ lệ hộ nghèo"))
    industry = next(row for name, row in rows.items() if name.startswith("Giá trị sản xuất"))
    assert growth[3:] == ["10-11", "12,2", DASH, DASH, "Vượt"]
    assert poverty[3:] == ["0,6", "0,45", DASH, DASH, "Vượt"]  # 0,45% under a 0,6% ceiling
    assert industry[3:] == [DASH, "1.864,2", DASH, "+6,47%", "Chưa đánh giá"]


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
def test_every_empty_cell_has_its_reason_in_a_note(profile: str) -> None:
    document = rendered(load_report(CITY), profile)
    notes = [p.text for p in document.paragraphs if p.text.startswith("(")]
    for row in appendix_rows(document):
        if DASH in (row[3], row[5]) or row[7] == "Chưa đánh giá":
            mark = row[1].rsplit("(", 1)[-1].rstrip(")")
            assert mark.isdigit(), f"no note mark on {row[1]}"
            assert any(note.startswith(f"({mark}) ") for note in notes), row[1]


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
@pytest.mark.parametrize("path", [BAC_SON, CITY], ids=["bac-son", "city"])
def test_the_text_carries_every_indicator_limitation_cause_task_and_target(
    path: Path, profile: str
) -> None:
    report = load_report(path)
    text = body_text(rendered(report, profile))
    facts = [indicator.name for indicator in report.indicators]
    facts += report.limitations + report.causes + report.tasks
    facts += [target.name for target in report.targets]
    facts += [item for result in report.results for item in result.items]
    for fact in facts:
        assert unicodedata.normalize("NFC", fact).casefold() in text, fact


@pytest.mark.parametrize("path", [BAC_SON, CITY], ids=["bac-son", "city"])
def test_the_tally_in_the_text_matches_the_table(path: Path) -> None:
    report = load_report(path)
    document = rendered(report, "hd36")
    statuses = [row[7] for row in appendix_rows(document)]
    tally = Tally.of([indicator.status_in(report.period) for indicator in report.indicators])
    assert statuses.count("Vượt") == tally.exceeded
    assert statuses.count("Đạt") == tally.met
    assert statuses.count("Chưa đạt") == tally.missed
    assert statuses.count("Chưa đánh giá") == tally.not_assessed
    text = body_text(document)
    assert f"tổng hợp {tally.total} chỉ tiêu chủ yếu" in text
    line = f"tổng hợp: {tally.total} chỉ tiêu; vượt: {tally.exceeded}; đạt: {tally.met};"
    assert line in text
    if tally.not_assessed:
        assert f"{tally.not_assessed} chỉ tiêu chưa đánh giá" in text


@pytest.mark.parametrize("profile", ["hd36", "nd30"])
@pytest.mark.parametrize("path", [BAC_SON, CITY], ids=["bac-son", "city"])
def test_drafter_check_passes_the_report(path: Path, profile: str) -> None:
    document = rendered(load_report(path), profile)
    assert check_document(document, load_profile(profile)) == []


def test_the_header_row_repeats_and_figures_are_right_aligned() -> None:
    table = rendered(load_report(CITY), "hd36").tables[-1]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert table.rows[0]._tr.find(f"{w}trPr/{w}tblHeader") is not None
    styles = {p.style.name for row in table.rows[2:] for c in row.cells[3:7] for p in c.paragraphs}
    assert styles <= {"VB Bảng số", "VB Bảng nhóm"}


def header_text(table: Any) -> str:
    """Return the text of every cell of a header table, whatever its grid."""
    return "\n".join(cell.text for row in table.rows for cell in row.cells)


def test_the_party_and_state_reports_differ_in_their_forms() -> None:
    report = load_report(BAC_SON)
    party, state = rendered(report, "hd36"), rendered(report, "nd30")
    party_header, state_header = party.tables[0], state.tables[0]  # the number on either row
    assert "Số       -BC/HU" in header_text(party_header)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party_header.rows[0].cells[-1].text
    assert "ỦY BAN NHÂN DÂN\nHUYỆN BẮC SƠN" in state_header.rows[0].cells[0].text
    assert "Số:       /BC-UBND" in header_text(state_header)
    assert "Độc lập - Tự do - Hạnh phúc" in state_header.rows[0].cells[-1].text
    assert "T/M BAN THƯỜNG VỤ" in party.tables[1].rows[0].cells[1].text
    assert "TM. ỦY BAN NHÂN DÂN" in state.tables[1].rows[0].cells[1].text
    assert party.core_properties.author == "Huyện ủy Bắc Sơn"
    assert state.core_properties.author == "Ủy ban nhân dân huyện Bắc Sơn"


def test_a_report_without_indicators_has_no_appendix() -> None:
    report = load_report(BAC_SON).model_copy(update={"indicators": []})
    context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    assert context["rows"] == [] and context["notes"] == [] and context["tally"] == ""
    document = rendered(report, "hd36")
    assert len(document.tables) == 2  # header and signature only
    assert "phụ lục" not in body_text(document)


def test_a_numbered_report_cites_its_number_in_the_appendix() -> None:
    report = load_report(CITY)
    report.period_report = report.period_report.model_copy(update={"draft": False, "number": 7})
    context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    assert context["number_line"] == "Số 07-BC/TU"
    assert context["draft_mark"] == ""
    assert context["appendix_subtitle"].startswith("(Kèm theo Báo cáo số 07-BC/TU ngày 30")


def test_a_missed_indicator_reads_chua_dat_and_counts_in_the_tally() -> None:
    report = load_report(CITY)  # a whole year: the plan is the year's, a shortfall is a miss
    typed = report.indicators[0].model_dump(exclude={"comparisons"})
    share = {"kind": "share", "base": "kế hoạch", "base_value": Decimal(500)}
    missed = Indicator.model_validate({**typed, "comparisons": [share]})
    report = report.model_copy(update={"indicators": [missed]})
    context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    row = next(row for row in context["rows"] if not row["group"])
    assert (row["plan"], row["plan_ratio"], row["status"]) == ("500", "90,5", "Chưa đạt")
    assert "chưa đạt: 1" in context["tally"]


def test_an_indicator_without_a_field_is_grouped_last_and_told_in_the_overview() -> None:
    report = load_report(CITY)
    loose = report.indicators[-1].model_copy(update={"field": None})
    report = report.model_copy(update={"indicators": [*report.indicators[:-1], loose]})
    context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    groups = [row["name"] for row in context["rows"] if row["group"]]
    assert groups == ["Kinh tế", "Văn hóa – xã hội", "Các chỉ tiêu khác"]
    overview = next(b["text"] for b in context["blocks"] if "Phụ lục kèm theo" in b["text"])
    assert "Lượt khách du lịch ước đạt 2.865 nghìn lượt" in overview


def test_without_targets_or_tasks_there_is_no_part_two() -> None:
    report = load_report(BAC_SON).model_copy(update={"tasks": [], "targets": []})
    context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    parts = [block["text"] for block in context["blocks"] if block["kind"] == "part"]
    assert parts == ["Phần thứ nhất", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 9 THÁNG ĐẦU NĂM 2023"]
    assert context["blocks"][-1]["kept"] and context["blocks"][-1]["text"].startswith("Trên đây")
