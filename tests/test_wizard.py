"""drafter wizard in process: each step with a scripted prompter, and the real questionary
prompter on prompt_toolkit pipe input."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drafter import wizard as wz
from drafter.cli import main as cli_main
from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.models import Period
from tests.conftest import ROOT

D = wz.DEFAULT
XA = ROOT / "examples" / "xa-bac-son-quy-i-2026.yaml"

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
CONFERENCE = ["17", "22", "2020-2025", True, "15/9/2023", D, ""]
PERIOD = ["first_9_months", "2023"]
PEOPLE = ["add", "Nguyễn Văn A", "Bí thư Huyện ủy", ["chair"], "done", ""]
INDICATOR = ["thu ngân sách", "economy", "được", "trên", "35,8", "tỷ đồng"]
TARGET = ["dự toán tỉnh giao", "29,734"]
INDICATORS = ["add", *INDICATOR, *TARGET, "done", "6/20"]
REST = [
    "sản xuất nông nghiệp vượt so với kế hoạch",
    "",
    "",
    "",
    "tiến độ giải ngân còn chậm",
    "",
    "tiếp tục xây dựng Đảng\ntăng cường kiểm tra",
    "done",
    "Quang cảnh hội nghị",
    "Dương Lan",
    "",
    D,
]
BLANK = [*ISSUER, *CONFERENCE, *PERIOD, *PEOPLE, *INDICATORS, *REST]


def run(script: list[Any], out: Path, **kwargs: Any) -> tuple[int, wz.ScriptedPrompter]:
    prompter = wz.ScriptedPrompter(script)
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
        "done",
        D,
        "6,5",
        "2.090",
        "30",
        "done",
        "",
        *[D] * 40,
    ]
    prompter = wz.ScriptedPrompter(script)
    with pytest.raises(AssertionError, match="script ended"):
        wz.main(out=out, from_file=XA, prompter=prompter)
    assert prompter.asked[0].startswith("Giữ nguyên cấp ủy ban hành: Đảng ủy xã Bắc Sơn")
    assert any("số liệu kỳ này" in asked for asked in prompter.asked)
    assert "Nhiệm vụ kỳ trước" in " ".join(prompter.asked)
    state = wz.load_state(out)
    assert state["indicators"][0]["value"] == "6,5"
    assert state["conference"]["ordinal"] == previous.conference.ordinal + 1
    assert any("→ đạt 51,6% dự toán tỉnh giao" in said for said in prompter.said)


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


def test_every_question_has_its_text() -> None:
    texts = wz.load_texts()
    assert set(texts.sections) == set(wz.SECTIONS)
    for name in wz.ISSUER_FIELDS:
        assert texts.q(f"issuer.{name}").model is not None
    assert wz.QUESTIONS_FILE.is_relative_to(Path(wz.__file__).parent)  # ships in the package


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
    wizard = wz.Wizard(wz.ScriptedPrompter([]), Path("unused.yaml"))
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
