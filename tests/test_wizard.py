"""drafter wizard in process: each step with a scripted prompter, and the real questionary
prompter on prompt_toolkit pipe input."""

from __future__ import annotations

import io
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drafter import wizard as wz
from drafter.cli import main as cli_main
from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.models import Period
from tests.conftest import ROOT
from tests.helpers import (
    ADOPTED,
    AGENDA,
    BLANK,
    DEFAULT,
    ScriptedPrompter,
    blank,
    indicators,
)

D = DEFAULT
XA = ROOT / "examples" / "xa-bac-son-quy-i-2026.yaml"
THANH_PHO = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"


def docx_text(path: Path) -> str:
    """Return the paragraphs and table cells of a DOCX file."""
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])


def png(path: Path) -> Path:
    """Write a one-pixel PNG at ``path``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def run(script: list[Any], out: Path, **kwargs: Any) -> tuple[int, ScriptedPrompter]:
    prompter = ScriptedPrompter(script)
    code = wz.main(out=out, prompter=prompter, **kwargs)
    return code, prompter


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "hoi-nghi.yaml"


def test_blank_run_writes_a_valid_file_and_the_documents(out: Path) -> None:
    code, prompter = run([*BLANK, "write"], out)
    assert code == 0
    report = load_report(out)
    assert report.issuer.name == "Huyện ủy Bắc Sơn"
    assert report.period.following().name() == "3 tháng cuối năm 2023"
    assert report.indicators[0].value == Decimal("35.8")
    assert report.indicators[0].comparisons[0].base_value == Decimal("29.734")
    assert report.tasks == ["tiếp tục xây dựng Đảng", "tăng cường kiểm tra"]
    assert "_wizard" not in out.read_text(encoding="utf-8")
    assert "→ đạt 120,4% dự toán tỉnh giao (vượt)" in prompter.said
    assert "→ kỳ tới: 3 tháng cuối năm 2023" in prompter.said
    assert len(list(out.parent.glob("*.docx"))) == 2
    assert report.conference.agenda[1] == "bàn nhiệm vụ 3 tháng cuối năm 2023"
    assert report.conference.adopted == [ADOPTED]
    assert report.discussion == ["làm rõ nguyên nhân giải ngân chậm"]
    assert report.conclusion == ["khẩn trương hoàn thành các chỉ tiêu còn lại"]
    assert report.resolution.signer is not None
    assert report.resolution.signer.name == "Hoàng Minh Đức"
    assert report.resolution.signer.title == "Bí thư"  # the default from wizard.yaml
    assert report.resolution.draft and report.resolution.draft_round is None
    press = docx_text(out.parent / "huyen-uy-bac-son_tin-bai_2023-09-15.docx")
    assert "các đại biểu đã tập trung thảo luận: làm rõ nguyên nhân giải ngân chậm" in press
    assert f"Hội nghị đã thông qua {ADOPTED}" in press
    assert "đề nghị trong thời gian tới khẩn trương hoàn thành" in press
    resolution = docx_text(out.parent / "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx")
    assert "- Các chi bộ, đảng bộ trực thuộc,\n- Lưu Văn phòng Huyện ủy." in resolution
    assert "Hoàng Minh Đức" in resolution


def test_each_answer_is_checked_with_a_vietnamese_reason_and_asked_again(out: Path) -> None:
    script = list(BLANK)
    script[0:1] = ["   ", "Huyện ủy Bắc Sơn"]  # empty
    at = script.index("HU")
    script[at : at + 1] = ["hu", "HU"]  # not a code
    at = script.index("15/9/2023")
    script[at : at + 1] = ["31/2/2023", "15/9/2023"]  # not on the calendar
    at = script.index("35,8")
    script[at : at + 1] = ["35.8", "35,8"]  # ambiguous
    _, prompter = run([*script, "quit"], out)
    reasons = prompter.errors
    assert reasons[0] == "không được để trống"
    assert "mã cấp ủy 'hu' không hợp lệ" in reasons[1]
    assert "không có trên lịch" in reasons[2]
    assert "“35.8” không rõ nghĩa" in reasons[3] and "“35,8”" in reasons[3]
    assert len(reasons) == 4


def test_text_is_stored_nfc(out: Path) -> None:
    script = list(BLANK)
    script[0] = unicodedata.normalize("NFD", "Huyện ủy  Bắc Sơn")
    run([*script, "quit"], out)
    assert load_report(out).issuer.name == "Huyện ủy Bắc Sơn"


def test_period_year_must_fit_the_conference(out: Path) -> None:
    script = list(BLANK)
    at = script.index("2023")
    script[at : at + 1] = ["2020", "2023"]
    _, prompter = run([*script, "quit"], out)
    assert "hội nghị họp năm 2023 nhưng kỳ đánh giá là năm 2020" in prompter.errors[0]


def test_ctrl_c_keeps_every_answer_and_resume_continues(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = BLANK.index("35,8")
    code, _ = run([*BLANK[:stop], KeyboardInterrupt()], out)
    assert code == 130
    assert f"--resume {out}" in capsys.readouterr().err
    saved = out.read_text(encoding="utf-8")
    assert "_wizard" in saved and "Huyện ủy Bắc Sơn" in saved
    # The half-filled indicator is kept as progress; resume asks its next question.
    code, prompter = run([*BLANK[stop:], "write"], out, resume=out)
    assert code == 0
    assert prompter.asked[0] == "Số liệu đạt được"
    assert load_report(out).indicators[0].name == "thu ngân sách"


def test_resuming_a_finished_file_opens_the_review(out: Path) -> None:
    run([*BLANK, "quit"], out)
    code, prompter = run(["quit"], out, resume=out)
    assert code == 0
    assert prompter.asked == ["Chọn việc tiếp theo"]


def test_out_file_is_not_replaced_unless_confirmed(out: Path) -> None:
    out.write_text("cũ\n", encoding="utf-8")
    with pytest.raises(UserError, match="không ghi đè"):
        run([False], out)
    assert out.read_text(encoding="utf-8") == "cũ\n"
    code, _ = run([True, *BLANK, "quit"], out)
    assert code == 0


def test_review_jumps_back_to_a_section_and_previews_the_press_text(out: Path) -> None:
    script = [
        *BLANK,
        "preview",
        "edit:indicators",
        "edit:0",
        *[D] * 4,
        "36,2",
        D,
        D,  # lower is better: no (the default for thu ngân sách)
        D,
        D,
        D,
        "done",
        D,
        "write",
    ]
    code, prompter = run(script, out)
    assert code == 0
    previews = [text for text in prompter.said if text.startswith("── Xem trước tin bài")]
    assert "thu ngân sách được trên 35,8 tỷ đồng" in previews[0]
    assert load_report(out).indicators[0].value == Decimal("36.2")
    tables = [text for text in prompter.said if "│" in text]
    assert "thu ngân sách: 36,2 tỷ đồng" in tables[-1]


def test_items_can_be_deleted(out: Path) -> None:
    script = list(BLANK)
    at = script.index("done", script.index("Nguyễn Văn A"))
    script[at : at + 1] = ["add", "Lý Thị B", "", [], "delete", "Lý Thị B", "done"]
    run([*script, "quit"], out)
    assert [person.name for person in load_report(out).people] == ["Nguyễn Văn A"]


def test_from_previous_period_keeps_what_stays() -> None:
    previous = load_report(XA)
    state = wz.state_from_previous(previous, str(XA))
    assert state["issuer"]["name"] == "Đảng ủy xã Bắc Sơn"
    assert state["conference"]["ordinal"] == previous.conference.ordinal + 1
    assert "date" not in state["conference"]
    assert state["period"] == {"kind": "first_6_months", "year": 2026}
    revenue = state["indicators"][0]
    assert "value" not in revenue
    assert [c["kind"] for c in revenue["comparisons"]] == ["share"]  # "change" dropped
    assert revenue["comparisons"][0]["base_value"] == "12,6"  # the yearly target stays
    assert state["_wizard"]["carry"]["tasks"] == previous.tasks
    assert state["people"][0]["name"] == previous.people[0].name


def test_from_run_asks_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "quy-ii.yaml"
    previous = load_report(XA)
    script = [
        True,  # keep the issuer
        *[D] * 4,
        "26/6/2026",
        D,
        D,
        D,
        D,  # period: 6 tháng đầu năm 2026
        D,
        D,  # agenda and adopted drafts: new each period
        "done",
        D,
        "done",  # no cited documents
        "6,5",
        D,  # last period had a change against the same period: asked again
        "6",
        D,
        D,
        "2.090",
        D,
        "30",
        D,
        "done",
        "",
        *[D] * 40,
    ]
    prompter = ScriptedPrompter(script)
    with pytest.raises(AssertionError, match="script ended"):
        wz.main(out=out, from_file=XA, prompter=prompter)
    assert prompter.asked[0].startswith("Giữ nguyên cấp ủy ban hành: Đảng ủy xã Bắc Sơn")
    assert any("số liệu kỳ này" in asked for asked in prompter.asked)
    assert "Nhiệm vụ kỳ trước" in " ".join(prompter.asked)
    state = wz.load_state(out)
    assert state["indicators"][0]["value"] == "6,5"
    assert state["conference"]["ordinal"] == previous.conference.ordinal + 1
    assert any("→ đạt 51,6% dự toán tỉnh giao" in said for said in prompter.said)
    assert "→ tăng 8,3% so với cùng kỳ năm 2025" in prompter.said


@pytest.mark.parametrize(
    ("kind", "quarter", "expected"),
    [
        ("quarter", 1, {"kind": "first_6_months", "year": 2026}),
        ("quarter", 2, {"kind": "quarter", "quarter": 3, "year": 2026}),
        ("first_6_months", None, {"kind": "first_9_months", "year": 2026}),
        ("first_9_months", None, {"kind": "year", "year": 2026}),
        ("year", None, {"kind": "quarter", "quarter": 1, "year": 2027}),
    ],
)
def test_the_period_rolls_to_the_next_conference(
    kind: str, quarter: int | None, expected: dict[str, Any]
) -> None:
    period = Period.model_validate({"kind": kind, "quarter": quarter, "year": 2026})
    assert wz.rolled_period(period) == expected


def test_the_issuer_is_remembered_for_the_next_run(tmp_path: Path) -> None:
    memory = tmp_path / "config" / "issuer.yaml"
    run([*BLANK, "quit"], tmp_path / "a.yaml", memory=memory)
    code, prompter = run([True, *BLANK[8:], "quit"], tmp_path / "b.yaml", memory=memory)
    assert code == 0
    assert prompter.asked[0].startswith("Giữ nguyên cấp ủy ban hành: Huyện ủy Bắc Sơn")


def test_without_a_terminal_the_wizard_points_to_render(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli_main(["wizard"]) == 2
    err = capsys.readouterr().err
    assert "drafter render" in err


ASKED_KINDS = {"text", "lines", "int", "number", "date", "select", "checkbox", "confirm", "path"}


def test_every_question_has_its_text() -> None:
    texts = wz.load_texts()
    assert set(texts.sections) == set(wz.SECTIONS)
    for name in wz.ISSUER_FIELDS:
        assert texts.q(f"issuer.{name}").model is not None
    for section in wz.SECTIONS:
        assert callable(getattr(wz.Wizard, f"_section_{section}"))
    for qid, question in texts.questions.items():
        if question.model is not None and question.kind in ASKED_KINDS:
            assert question.field in question.model.model_fields, qid  # checked with its model
    assert wz.QUESTIONS_FILE.is_relative_to(Path(wz.__file__).parent.parent)  # ships in drafter


# ---------------------------------------------------------------------------
# The questions the documents need beyond the figures
# ---------------------------------------------------------------------------


def test_an_indicator_adds_last_year_a_cutoff_and_an_estimate_behind_one_confirm(
    out: Path,
) -> None:
    extras = [
        True,  # Thêm số liệu cùng kỳ / thời điểm tính / ước cả năm?
        "0",  # refused: no percentage against zero
        "32,97",
        "31/2",  # refused: not on the calendar
        "22-11",  # refused: not a form of cut-off
        "tháng 13",  # refused: no such month
        "22/11/2023",  # refused: after the conference of 15/9/2023
        "31/8",
        "45",  # the estimate for the whole year
        D,  # cả năm
        "hơn",
    ]
    _, prompter = run([*blank(indicators=indicators(extras)), "preview", "quit"], out)
    assert "base_value bằng 0" in prompter.errors[0]
    assert prompter.errors[1] == "ngày 31/2 không có trên lịch"
    assert prompter.errors[2].startswith("cần dạng NGÀY/THÁNG, NGÀY/THÁNG/NĂM")
    assert prompter.errors[3] == "không có tháng 13 (tháng từ 1 đến 12)"
    assert "mốc số liệu 22/11/2023 sau ngày họp 15/9/2023" in prompter.errors[4]
    assert len(prompter.errors) == 5
    assert "→ tăng 8,6% so với cùng kỳ năm 2022" in prompter.said
    indicator = load_report(out).indicators[0]
    change = indicator.comparisons[1]
    assert (change.kind, change.base, change.base_value) == (
        "change",
        "cùng kỳ năm 2022",
        Decimal("32.97"),
    )
    assert indicator.cutoff is not None and (indicator.cutoff.day, indicator.cutoff.month) == (
        31,
        8,
    )
    assert indicator.estimate is not None
    assert indicator.estimate.scope == "cả năm" and indicator.estimate.qualifier == "hơn"
    preview = next(text for text in prompter.said if text.startswith("── Xem trước tin bài"))
    assert (
        "thu ngân sách tính đến hết ngày 31/8 được trên 35,8 tỷ đồng, đạt 120,4% dự toán tỉnh "
        "giao, tăng 8,6% so với cùng kỳ năm 2022, ước cả năm đạt hơn 45 tỷ đồng"
    ) in preview


def test_answering_no_to_the_extras_asks_none_of_them(out: Path) -> None:
    _, prompter = run([*BLANK, "quit"], out)
    assert "Số liệu tính đến hết ngày hoặc tháng nào" not in prompter.asked
    indicator = load_report(out).indicators[0]
    assert indicator.cutoff is None and indicator.estimate is None
    assert [comparison.kind for comparison in indicator.comparisons] == ["share"]


@pytest.mark.parametrize(
    ("typed", "cutoff"),
    [
        ("22/11", {"day": 22, "month": 11}),
        ("22/11/2023", {"day": 22, "month": 11, "year": 2023}),
        ("ngày 3/1", {"day": 3, "month": 1}),
        ("tính đến hết ngày 22/11/2022", {"day": 22, "month": 11, "year": 2022}),
        ("tháng 5/2017", {"month": 5, "year": 2017}),
        ("Tháng 5", {"month": 5}),
        ("hết tháng 12", {"month": 12}),
        ("5/2017", {"month": 5, "year": 2017}),
        ("22.11", None),
        ("", None),
    ],
)
def test_a_cutoff_is_read_the_vietnamese_way(typed: str, cutoff: dict[str, int] | None) -> None:
    assert wz.parse_cutoff(typed) == cutoff
    if cutoff is not None:
        assert wz.parse_cutoff(wz.cutoff_text(cutoff)) == cutoff  # shown back as it can be typed


def test_a_fall_and_a_known_percentage_against_last_year(tmp_path: Path) -> None:
    prompter = ScriptedPrompter(["40", "8,6%"])
    state = wz.blank_state()
    state["period"] = {"kind": "year", "year": 2023}
    wizard = wz.Wizard(prompter, tmp_path / "x.yaml", state)
    indicator: dict[str, Any] = {"name": "thu ngân sách", "value": "35,8", "unit": "tỷ đồng"}
    wizard.ask_previous(indicator, [], "a")
    assert prompter.asked[0].startswith("Số liệu năm 2022")  # a year compares with last year
    assert prompter.said == ["→ giảm 10,5% so với năm 2022"]
    wizard.ask_previous(indicator, [], "b")  # the default shown is the figure typed before
    assert indicator["comparisons"] == [{"kind": "change", "base": "năm 2022", "percent": "8,6"}]
    assert prompter.said[-1] == "→ tăng 8,6% so với năm 2022"


def test_a_photo_file_must_exist_and_be_a_jpeg_or_png(out: Path) -> None:
    image = png(out.parent / "ảnh hội nghị" / "quang-canh.png")
    (out.parent / "ghi-chu.txt").write_text("x", encoding="utf-8")
    (out.parent / "gia.jpg").write_text("không phải ảnh", encoding="utf-8")
    photos = [
        "Quang cảnh hội nghị",
        "khong-co.jpg",
        "ghi-chu.txt",
        "gia.jpg",
        "ảnh hội nghị",
        f"'{image}'",  # dragged into the terminal: absolute and quoted
    ]
    code, prompter = run([*blank(photos=photos), "write"], out)
    assert code == 0
    assert prompter.asked[prompter.asked.index("Tệp ảnh «Quang cảnh hội nghị»") - 1] == (
        "Chú thích ảnh (mỗi ảnh một dòng)"
    )
    missing, suffix, content, folder = prompter.errors
    assert missing.startswith("không thấy tệp khong-co.jpg (đường dẫn tương đối tính từ thư mục")
    assert suffix == "ảnh phải là tệp .jpg, .jpeg hoặc .png (tệp này có đuôi «.txt»)"
    assert content == "tệp gia.jpg không phải ảnh JPEG hoặc PNG (nội dung không khớp đuôi tệp)"
    assert folder == "ảnh hội nghị là thư mục, không phải tệp ảnh"
    assert load_report(out).photos[0].file == "ảnh hội nghị/quang-canh.png"  # relative
    press = Document(str(out.parent / "huyen-uy-bac-son_tin-bai_2023-09-15.docx"))
    assert len(press.inline_shapes) == 1


def test_a_photo_outside_the_data_folder_is_refused_with_the_remedy(tmp_path: Path) -> None:
    """Photos are confined to the data file's folder, as render and validate require."""
    png(tmp_path / "chung" / "anh.png")
    png(tmp_path / "du-lieu" / "anh" / "hoi-nghi.png")
    wizard = wz.Wizard(ScriptedPrompter([]), tmp_path / "du-lieu" / "x.yaml")
    problem = wizard.photo_problem("../chung/anh.png")
    assert problem is not None and "chép ảnh vào thư mục đó" in problem
    assert wizard.photo_problem("anh/hoi-nghi.png") is None
    assert wizard.photo_stored("anh/hoi-nghi.png") == "anh/hoi-nghi.png"


def test_the_resolution_asks_signer_recipients_implementation_and_draft_round(
    out: Path,
) -> None:
    resolution = [
        "",  # no name yet on a draft
        D,  # Bí thư
        "Ban Thường vụ Tỉnh ủy (b/c)\nCác chi bộ, đảng bộ trực thuộc",
        "Các chi bộ xây dựng kế hoạch thực hiện Nghị quyết",
        D,  # dự thảo
        "1",  # refused: a second draft at least
        "2",
    ]
    _, prompter = run([*blank(resolution=resolution), "quit"], out)
    assert prompter.errors == ["phải ≥ 2 (đang là '1')"]
    assert any("Lưu Văn phòng" in asked for asked in prompter.asked)  # added automatically
    saved = load_report(out).resolution
    assert saved.signer is not None and saved.signer.name is None
    assert saved.signer.title == "Bí thư"
    assert saved.implementation == ["Các chi bộ xây dựng kế hoạch thực hiện Nghị quyết"]
    assert (saved.draft, saved.draft_round) == (True, 2)
    edit = ["edit:resolution", "", "Hoàng Minh Đức", D, D, D, "final", "25", "write"]
    code, prompter = run(edit, out, resume=out)
    assert code == 0
    table = next(text for text in prompter.said if "│" in text)
    assert "dự thảo lần 2; người ký: Bí thư; 2 nơi nhận (và dòng Lưu)" in table
    final = load_report(out).resolution
    assert (final.draft, final.draft_round, final.number) == (False, None, 25)
    text = docx_text(out.parent / "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx")
    assert "Số 25-NQ/HU" in text and "DỰ THẢO" not in text
    assert "- Lưu Văn phòng Huyện ủy." in text and "Hoàng Minh Đức" in text
    assert "1- Các chi bộ xây dựng kế hoạch thực hiện Nghị quyết." in text


def test_cited_documents_are_added_from_a_menu_and_cited_in_the_press_text(out: Path) -> None:
    documents = [
        "add",
        "Nghị quyết",
        "20-NQ/HU",
        "31/12/2023",  # refused: after the conference
        "15/12/2022",
        "Ban Chấp hành Đảng bộ huyện",
        "về nhiệm vụ năm 2023",
        "done",
    ]
    _, prompter = run([*blank(documents=documents), "preview", "quit"], out)
    assert prompter.errors == [
        "văn bản ngày 31/12/2023 ban hành sau ngày họp 15/9/2023; hãy kiểm tra ngày"
    ]
    assert load_report(out).documents[0].subject == "về nhiệm vụ năm 2023"
    table = next(text for text in prompter.said if "│" in text)
    assert "│ Nghị quyết số 20-NQ/HU, ngày 15/12/2022" in table
    preview = next(text for text in prompter.said if text.startswith("── Xem trước tin bài"))
    assert (
        "Nghị quyết số 20-NQ/HU, ngày 15/12/2022 của Ban Chấp hành Đảng bộ huyện "
        "về nhiệm vụ năm 2023"
    ) in preview


def test_from_keeps_the_signer_recipients_implementation_but_not_the_agenda() -> None:
    previous = load_report(THANH_PHO)
    state = wz.state_from_previous(previous, str(THANH_PHO))
    assert "agenda" not in state["conference"] and "adopted" not in state["conference"]
    assert state["resolution"]["signer"] == {"name": "Hoàng Minh Đức", "title": "Bí thư"}
    assert state["resolution"]["recipients"] == previous.resolution.recipients
    assert state["resolution"]["implementation"] == previous.resolution.implementation
    assert "draft" not in state["resolution"]  # a new period starts as a draft
    assert "documents" not in state  # offered as a checklist instead
    assert state["_wizard"]["cited"][0]["number"] == "20-NQ/TU"
    assert state["_wizard"]["extras"] == [0, 2, 4]  # cut-off and estimate, changes
    for key in ("cutoff", "estimate"):
        assert key not in state["indicators"][0]


def test_from_offers_last_periods_cited_documents_unticked(tmp_path: Path) -> None:
    state = wz.state_from_previous(load_report(THANH_PHO), str(THANH_PHO))
    prompter = ScriptedPrompter([D, "done", ["0"], "done"])
    wizard = wz.Wizard(prompter, tmp_path / "x.yaml", state)
    wizard.section("documents")  # Enter on the checklist keeps none
    assert "documents" not in wizard.state
    assert prompter.asked[0].startswith("Văn bản kỳ trước đã trích dẫn")
    wizard.progress["answered"].clear()
    wizard.section("documents")
    assert wizard.state["documents"][0]["number"] == "20-NQ/TU"


def test_resume_goes_on_at_the_cutoff_of_a_half_filled_indicator(out: Path) -> None:
    script = blank(indicators=indicators([True, "32,97", KeyboardInterrupt()]))
    code, _ = run(script, out)
    assert code == 130
    rest = ["31/8", "", "done", "6/20", *blank()[blank().index("6/20") + 1 :], "quit"]
    code, prompter = run(rest, out, resume=out)
    assert code == 0
    assert prompter.asked[0] == "Số liệu tính đến hết ngày hoặc tháng nào"
    indicator = load_report(out).indicators[0]
    assert indicator.cutoff is not None and indicator.cutoff.month == 8
    assert indicator.comparisons[1].base_value == Decimal("32.97")


# ---------------------------------------------------------------------------
# The real questionary prompter on pipe input
# ---------------------------------------------------------------------------


@pytest.fixture
def keys() -> Iterator[Any]:
    with create_pipe_input() as pipe:
        yield pipe


def real(pipe: Any) -> wz.QuestionaryPrompter:
    return wz.QuestionaryPrompter(input=pipe, output=DummyOutput())


def test_real_text_prompt_refuses_a_typo_and_takes_the_correction(keys: Any) -> None:
    wizard = wz.Wizard(ScriptedPrompter([]), Path("unused.yaml"))
    question = wizard.texts.q("indicators.value")
    check = wizard.checker(question, {"name": "thu ngân sách"})
    keys.send_text("35.8\r" + "\x7f" * 4 + "35,8\r")
    assert real(keys).ask_text("Số liệu", check=check) == "35,8"


def test_real_multiline_prompt_ends_with_esc_enter(keys: Any) -> None:
    keys.send_text("\rtăng cường kiểm tra\rđẩy nhanh giải ngân\x1b\r")
    answer = real(keys).ask_text("Nhiệm vụ", multiline=True, default="tiếp tục xây dựng Đảng")
    assert answer.splitlines() == [
        "tiếp tục xây dựng Đảng",
        "tăng cường kiểm tra",
        "đẩy nhanh giải ngân",
    ]


def test_real_select_checkbox_and_confirm(keys: Any) -> None:
    keys.send_text("3\r")
    choices = [("a", "một"), ("b", "hai"), ("c", "ba")]
    assert real(keys).ask_select("Chọn", choices) == "c"
    keys.send_text(" \x1b[B \r")
    assert real(keys).ask_checkbox("Đánh dấu", choices, checked=["a"]) == ["b"]
    keys.send_text("\r")
    assert real(keys).ask_confirm("Có?", default=False) is False


def test_real_prompter_runs_the_period_step(keys: Any, tmp_path: Path) -> None:
    keys.send_text("3\r2023\r")
    prompter = real(keys)
    wizard = wz.Wizard(prompter, tmp_path / "x.yaml", wz.blank_state())
    wizard.section("period")
    assert wizard.state["period"] == {"kind": "first_9_months", "year": 2023}
    assert "period.year" in wz.load_state(tmp_path / "x.yaml")["_wizard"]["answered"]


def test_a_checkbox_answer_is_echoed_in_vietnamese_never_as_selections(keys: Any) -> None:
    """questionary echoes two ticks as "done (2 selections)"; the clerk reads Vietnamese."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    prompter = wz.QuestionaryPrompter(input=keys, output=output)
    choices = [("chair", "chủ trì"), ("conclusion", "kết luận"), ("report", "báo cáo")]
    keys.send_text(" j \r")  # "j" moves down without an escape sequence a slow run could split
    assert prompter.ask_checkbox("Vai trò", choices) == ["chair", "conclusion"]
    shown = screen.getvalue()
    assert "selections" not in shown and "done" not in shown
    assert "? Vai trò chủ trì, kết luận" in shown


def test_a_checkbox_is_never_marked_answered_so_its_english_summary_is_never_drawn(
    keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether questionary's last frame ("done (2 selections)") reaches the screen before it is
    erased depends on timing; it can only be drawn for a question marked answered."""
    import questionary
    from questionary.prompts.common import InquirerControl

    asked: list[Any] = []
    checkbox = questionary.checkbox

    def recorded(*args: Any, **kwargs: Any) -> Any:
        asked.append(checkbox(*args, **kwargs))
        return asked[-1]

    monkeypatch.setattr(questionary, "checkbox", recorded)
    keys.send_text(" j \r")
    choices = [("chair", "chủ trì"), ("conclusion", "kết luận"), ("report", "báo cáo")]
    assert real(keys).ask_checkbox("Vai trò", choices) == ["chair", "conclusion"]
    [control] = [
        window.content
        for window in asked[0].application.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    ]
    assert control.is_answered is False


def test_yes_or_no_needs_enter_so_a_y_never_answers_the_next_question(keys: Any) -> None:
    keys.send_text("y")
    keys.send_text("\r")
    keys.send_text("n\r")
    prompter = real(keys)
    assert prompter.ask_confirm("Hội nghị mở rộng?", default=False) is True
    assert prompter.ask_confirm("Thêm số liệu cùng kỳ?", default=True) is False


def test_the_year_is_offered_from_the_conference_date() -> None:
    from datetime import date

    from drafter.wizard.sections import _likely_year

    assert _likely_year(date(2023, 9, 15), "first_9_months") == 2023
    assert _likely_year(date(2026, 3, 27), "quarter") == 2026
    assert _likely_year(date(2023, 12, 20), "year") == 2023
    assert _likely_year(date(2024, 1, 10), "year") == 2023  # a year-end review held in January


def test_typing_over_a_current_value_replaces_it_and_enter_keeps_it(keys: Any) -> None:
    """The current value is shown greyed, not pre-filled: "23" over "22" is 23, not 2223."""
    keys.send_text("23\r")
    keys.send_text("\r")
    prompter = real(keys)
    assert prompter.ask_text("Khóa (số)", default="22") == "23"
    assert prompter.ask_text("Hội nghị lần thứ mấy", default="18") == "18"


def test_a_kept_value_still_meets_the_check(keys: Any) -> None:
    keys.send_text("\r")
    seen: list[str] = []

    def check(text: str) -> str | None:
        seen.append(text)
        return None

    assert real(keys).ask_text("Năm", default="2023", check=check) == "2023"
    assert seen and seen[-1] == "2023"


def test_long_questions_wrap_at_word_ends_and_hints_stand_on_their_own_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from drafter.wizard.prompters import _laid_out

    monkeypatch.setenv("COLUMNS", "80")
    question = (
        "Giữ nguyên cấp ủy ban hành: Huyện ủy Bắc Sơn (Đảng bộ huyện Bắc Sơn, "
        "Đảng bộ tỉnh Lạng Sơn)?"
    )
    message, hint = _laid_out(question, "(y/n rồi Enter; chỉ Enter = có)")
    assert all(len(line) <= 78 for line in message.splitlines())
    assert " ".join(message.split()) == question  # no word cut in two
    assert hint is not None and hint.startswith("\n  (y/n")


def test_a_refusal_is_said_in_full_wrapped_at_word_ends_and_the_typo_stays_to_correct(
    keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """prompt_toolkit's one-line error bar cut the reason at 80 columns, before its remedy."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    monkeypatch.setenv("COLUMNS", "80")
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    prompter = wz.QuestionaryPrompter(input=keys, output=output)
    wizard = wz.Wizard(ScriptedPrompter([]), Path("unused.yaml"))
    check = wizard.checker(wizard.texts.q("indicators.value"), {"name": "thu ngân sách"})
    keys.send_text("35.8\r" + "\x7f" * 4 + "35,8\r")  # the refused text is offered again
    assert prompter.ask_text("Số liệu đạt được", check=check) == "35,8"
    reason = check("35.8")
    assert reason is not None and reason.endswith("hãy gõ “35,8”.")
    start = screen.getvalue().index("✗ ")
    said = screen.getvalue()[start:].split("\x1b")[0].rstrip("\n").splitlines()
    assert " ".join(" ".join(said).split()) == f"✗ {reason}"  # all of it, no word cut in two
    assert len(said) > 1 and all(len(line) <= 78 for line in said)


def test_long_choices_wrap_at_word_ends_after_their_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.wizard.prompters import _choice_label

    monkeypatch.setenv("COLUMNS", "80")
    label = "tình hình trật tự an toàn xã hội, công tác quốc phòng – an ninh được đảm bảo tốt"
    lines = _choice_label(label).splitlines()
    assert len(lines) == 2 and len(" » ○ " + lines[0]) <= 78
    assert lines[1].startswith(" " * 6) and " ".join(" ".join(lines).split()) == label
    assert _choice_label("chủ trì") == "chủ trì"


@pytest.mark.parametrize("items", [0, 1, 5, 12])
def test_add_and_done_keep_their_keys_however_many_items_come_before(keys: Any, items: int) -> None:
    """The number of "add" shifted as items were added; t (thêm), b (bỏ) and x (xong) never
    move, and the items keep their numbers 1, 2, …"""
    from drafter.wizard.engine import MENU_KEYS

    choices = [(f"edit:{i}", f"Sửa: mục {i}") for i in range(items)]
    choices += [("add", "Thêm mục mới"), ("delete", "Bỏ một mục"), ("done", "Xong")]
    for typed, chosen in [("t", "add"), ("b", "delete"), ("x", "done")] + (
        [(str(items), f"edit:{items - 1}")] if 0 < items < 10 else []
    ):
        keys.send_text(f"{typed}\r")
        assert real(keys).ask_select("Chỉ tiêu: chọn việc", choices, keys=MENU_KEYS) == chosen


def test_a_list_menu_offers_its_fixed_keys(tmp_path: Path) -> None:
    prompter = ScriptedPrompter(["done"])
    wizard = wz.Wizard(prompter, tmp_path / "x.yaml", wz.blank_state())
    wizard.engine.menu("people", [], lambda data, answered: None, lambda item: "", rare=True)
    assert prompter.keys == [{"add": "t", "delete": "b", "done": "x"}]


@pytest.mark.parametrize(
    ("held", "kind", "said"),
    [
        ("2023-06-15", "first_9_months", "trước tháng 9/2023, tháng cuối của kỳ 9 tháng đầu"),
        ("2024-01-10", "first_9_months", "hơn 3 tháng sau khi kỳ 9 tháng đầu năm 2023 kết thúc"),
        ("2023-09-15", "first_9_months", None),
        ("2023-12-20", "year", None),
        ("2024-02-27", "year", None),
    ],
)
def test_a_conference_far_from_its_period_is_a_warning_not_a_refusal(
    tmp_path: Path, held: str, kind: str, said: str | None
) -> None:
    state = wz.blank_state()
    state["conference"] = {"date": held}
    prompter = ScriptedPrompter([kind, "2023"])
    wizard = wz.Wizard(prompter, tmp_path / "x.yaml", state)
    wizard.section("period")
    assert wizard.state["period"] == {"kind": kind, "year": 2023}  # the answer stands
    assert not prompter.errors
    warnings = [text for text in prompter.said if "Lưu ý" in text]
    if said is None:
        assert not warnings
    else:
        (warning,) = warnings
        assert said in warning and "soạn tiếp" in warning


def test_one_field_is_fixed_from_the_review_without_the_rest_of_its_section(out: Path) -> None:
    script = [
        *BLANK,
        "edit:conference",
        "conference.date",
        "16/9/2023",
        "edit:resolution",
        "resolution.signer_name",
        "Hoàng Minh Đức",
        "quit",
    ]
    code, prompter = run(script, out)
    assert code == 0
    picks = [text for text in prompter.asked if "sửa mục nào?" in text]
    assert [pick.split(":")[0] for pick in picks] == ["Hội nghị", "Nghị quyết"]
    after = prompter.asked[prompter.asked.index(picks[0]) + 1 :]
    assert after[0].startswith("Ngày họp") and after[1] == "Chọn việc tiếp theo"  # only it
    assert after[3].startswith("Họ tên người ký") and after[4] == "Chọn việc tiếp theo"
    report = load_report(out)
    assert report.conference.date.isoformat() == "2023-09-16"
    assert report.resolution.signer is not None
    assert (report.resolution.signer.name, report.resolution.signer.title) == (
        "Hoàng Minh Đức",
        "Bí thư",
    )


def test_the_issuer_fields_are_offered_from_the_committee_name(out: Path) -> None:
    issuer = ["Đảng ủy xã Tân Tiến", D, "Đảng bộ huyện Bắc Sơn", "", D, D, D, D]
    code, prompter = run([*blank(issuer=issuer), "quit"], out)
    assert code == 0 and not prompter.errors
    saved = load_report(out).issuer
    assert (saved.organisation, saved.level, saved.code) == ("Đảng bộ xã Tân Tiến", "commune", "ĐU")
    assert (saved.place, saved.office) == ("Tân Tiến", "Văn phòng Đảng ủy")


def test_a_typed_issuer_field_replaces_the_derived_one(out: Path) -> None:
    issuer = ["Huyện ủy Bắc Sơn", "Đảng bộ huyện Bắc Sơn, tỉnh Lạng Sơn", "Đảng bộ tỉnh Lạng Sơn"]
    issuer += ["", D, D, D, ""]
    run([*blank(issuer=issuer), "quit"], out)
    saved = load_report(out).issuer
    assert saved.organisation == "Đảng bộ huyện Bắc Sơn, tỉnh Lạng Sơn" and saved.code == "HU"


def test_a_meeting_date_typed_without_its_year_takes_the_periods() -> None:
    from drafter.wizard.engine import Engine
    from tests.helpers import ScriptedPrompter as Scripted

    wizard = wz.Wizard(Scripted([]), Path("unused.yaml"))
    engine: Engine = wizard.engine
    engine.state["period"] = {"kind": "first_9_months", "year": 2023}
    question = wizard.texts.q("conference.date")
    assert engine.convert(question, "15/9") == "2023-09-15"
    assert engine.convert(question, "15/9/2024") == "2024-09-15"
    assert engine.checker(question, {"ordinal": 17, "term": 22})("31/2") is not None


def test_a_province_is_asked_no_superior_and_a_meeting_may_have_no_number(out: Path) -> None:
    issuer = ["Tỉnh ủy Lạng Sơn", D, D, D, D, D]  # organisation, level, code, place, office
    conference = ["", "", "2020 – 2025", True, "10/7/2023", D, "", AGENDA, ADOPTED]
    code, prompter = run([*blank(issuer=issuer, conference=conference), "quit"], out)
    assert code == 0 and not prompter.errors
    assert not [text for text in prompter.asked if "cấp trên" in text.casefold()]
    report = load_report(out)
    assert (report.issuer.level, report.issuer.superior) == ("province", None)
    assert (report.conference.ordinal, report.conference.term) == (None, None)
    assert report.conference.tenure == "2020-2025"
    review = next(text for text in prompter.said if "ngày 10/7/2023" in text)
    assert "lần thứ" not in review and "khóa" not in review


def test_the_roles_offered_include_direction() -> None:
    texts = wz.Wizard(ScriptedPrompter([]), Path("unused.yaml")).texts
    roles = texts.q("people.roles").choices
    assert [value for value, _ in roles] == [
        "chair", "opening", "report", "speech", "direction", "conclusion", "attend",
    ]  # fmt: skip


def test_the_wizard_proposes_lower_is_better_for_the_usual_rates(out: Path) -> None:
    poverty = ["tỷ lệ hộ nghèo", "culture_society", "đạt", D, "4,36", "%", D]  # D: yes, proposed
    part = ["add", *poverty, "kế hoạch", "3", True, "5,68", "", "", "done", "6/20"]
    _, prompter = run([*blank(indicators=part), "preview", "quit"], out)
    assert (
        "drafter nhận 'tỷ lệ hộ nghèo' là chỉ tiêu càng thấp càng tốt (tự nhận theo tên); "
        "nếu không phải, trả lời n."
    ) in prompter.said
    assert "→ giảm 1,32 điểm phần trăm so với cùng kỳ năm 2022" in prompter.said
    assert not any("→ đạt" in text for text in prompter.said)  # never "đạt 145,3% kế hoạch"
    indicator = load_report(out).indicators[0]
    assert indicator.lower_is_better is True  # answered, so written in the data
    preview = next(text for text in prompter.said if text.startswith("── Xem trước tin bài"))
    assert "tỷ lệ hộ nghèo giảm còn 4,36%" in preview or "tỷ lệ hộ nghèo còn 4,36%" in preview
    assert "chưa đạt" not in preview  # 9 months against the year's plan: not judged yet


def test_part_of_the_year_shows_the_ratio_without_a_failing_status(out: Path) -> None:
    budget = ["thu ngân sách", "economy", "được", D, "45,6", "tỷ đồng", D]
    part = ["add", *budget, "dự toán năm", "58,24", False, "done", "6/20"]
    _, prompter = run([*blank(indicators=part), "quit"], out)
    assert "→ đạt 78,3% dự toán năm" in prompter.said
    assert not any("chưa đạt" in text for text in prompter.said)


def test_the_clerk_can_choose_the_report_among_the_documents(out: Path) -> None:
    code, prompter = run([*blank(options=[["resolution", "press", "report"]]), "write"], out)
    assert code == 0, prompter.errors
    assert load_report(out).options.documents == ["resolution", "press", "report"]
    written = sorted(path.name for path in out.parent.glob("*.docx"))
    assert "huyen-uy-bac-son_bao-cao_2023-09-15.docx" in written and len(written) == 3
    report = docx_text(out.parent / "huyen-uy-bac-son_bao-cao_2023-09-15.docx")
    assert "1- Tiếp tục xây dựng Đảng." in report


REVIEW = "Chọn việc tiếp theo"


@pytest.mark.parametrize(
    "qid", [qid for fields in wz.sections.FIELDS.values() for qid in fields if qid != "period.kind"]
)
def test_every_field_of_every_section_is_fixed_alone_from_the_review(out: Path, qid: str) -> None:
    run([*BLANK, "quit"], out)
    before = out.read_text(encoding="utf-8")
    code, prompter = run([f"edit:{qid.split('.', maxsplit=1)[0]}", qid, D, "quit"], out, resume=out)
    assert code == 0 and not prompter.errors
    assert prompter.asked[3] == REVIEW, "one question, then the review again"
    assert out.read_text(encoding="utf-8") == before  # Enter keeps the answer as it was


def test_a_fixed_result_field_changes_only_its_own_results(out: Path) -> None:
    run([*BLANK, "quit"], out)
    run(
        ["edit:results", "results.defence_security", "an ninh được giữ vững", "quit"],
        out,
        resume=out,
    )
    results = {result.field: result.items for result in load_report(out).results}
    assert results["defence_security"] == ["an ninh được giữ vững"]
    assert len(results) == len({result.field for result in load_report(out).results})


def test_the_period_kind_fixed_alone_asks_what_follows_from_it(out: Path) -> None:
    run([*BLANK, "quit"], out)
    run(["edit:period", "period.kind", "quarter", "3", D, "quit"], out, resume=out)
    period = load_report(out).period
    assert (period.kind, period.quarter, period.year) == ("quarter", 3, 2023)


@pytest.mark.parametrize(
    ("section", "answers"),
    [
        ("people", ["done", D]),  # its menu, then the attendance
        ("documents", ["done"]),
        ("targets", ["done"]),
        ("indicators", ["done", D]),  # its menu, then the count of targets met
        ("photos", [D, D]),  # the captions, then each one's file
        ("limitations", [D]),
        ("causes", [D]),
        ("discussion", [D]),
        ("tasks", [D]),
        ("conclusion", [D]),
        ("options", [D]),
    ],
)
def test_a_section_of_one_question_or_a_list_is_fixed_from_the_review_alone(
    out: Path, section: str, answers: list[Any]
) -> None:
    run([*BLANK, "quit"], out)
    before = out.read_text(encoding="utf-8")
    code, prompter = run([f"edit:{section}", *answers, "quit"], out, resume=out)
    assert code == 0 and not prompter.errors
    assert prompter.asked[1 + len(answers)] == REVIEW
    assert out.read_text(encoding="utf-8") == before


def test_a_new_committee_name_redoes_the_fields_that_follow_from_it_but_not_typed_ones(
    out: Path,
) -> None:
    issuer = ["Đảng ủy xã Tân Tiến", D, "Đảng bộ huyện Bắc Sơn", "", D, D, "Tân Tiến, Bắc Sơn", D]
    run([*blank(issuer=issuer), "quit"], out)
    run(["edit:issuer", "issuer.name", "Đảng ủy phường Đông Kinh", "quit"], out, resume=out)
    saved = load_report(out).issuer
    assert (saved.organisation, saved.level, saved.code) == (
        "Đảng bộ phường Đông Kinh",
        "ward",
        "ĐU",
    )
    assert saved.place == "Tân Tiến, Bắc Sơn"  # typed by the clerk: hers
    assert saved.superior == "Đảng bộ huyện Bắc Sơn"


def test_a_new_committee_name_in_the_whole_issuer_section_offers_the_new_fields(
    out: Path,
) -> None:
    run([*BLANK, "quit"], out)  # Huyện ủy Bắc Sơn, its fields typed as they follow from it
    script = ["edit:issuer", "", "Đảng ủy xã Tân Tiến", *[D] * 7, "quit"]
    code, prompter = run(script, out, resume=out)
    assert code == 0 and not prompter.errors
    saved = load_report(out).issuer
    assert (saved.organisation, saved.place, saved.level, saved.code) == (
        "Đảng bộ xã Tân Tiến",
        "Tân Tiến",
        "commune",
        "ĐU",
    )
