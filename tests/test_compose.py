"""compose: text true to the data — the meeting as the data says it (people by role, the agenda,
optional number and term, the province level, the press lead's date), names as typed, list items
tidy, parts numbered (issue 12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drafter.api import Choices, Drafter
from drafter.check import check_file
from drafter.compose import Composer
from drafter.compose_report import compose_report
from drafter.datafile import load_report
from drafter.models import Report
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from tests.conftest import BAC_SON, ROOT

BINH_GIA = ROOT / "examples" / "huyen-uy-binh-gia-9-thang-2024.yaml"
HUNG_VU = ROOT / "examples" / "xa-hung-vu-quy-ii-2026.yaml"
PROVINCE = ROOT / "examples" / "tinh-uy-lang-son-6-thang-2024.yaml"
DONG_KINH = ROOT / "examples" / "phuong-dong-kinh-6-thang-2026.yaml"


def press_of(report: Report) -> dict[str, Any]:
    """Return the press summary's context of ``report``."""
    press, _ = Composer(report, load_phrasebank()).press()
    return dict(press)


def resolution_of(report: Report) -> dict[str, Any]:
    """Return the resolution's context of ``report`` (profile hd36)."""
    return dict(Composer(report, load_phrasebank()).resolution(load_profile("hd36")))


def with_variants(report: Report, **variants: str) -> Report:
    """Return ``report`` with more phrase variants chosen (slot with '__' for '.')."""
    chosen = {slot.replace("__", "."): entry for slot, entry in variants.items()}
    options = report.options.model_copy(update={"variants": {**report.options.variants, **chosen}})
    return report.model_copy(update={"options": options})


def flat(press: dict[str, Any]) -> str:
    """Return the press summary's text in reading order, one string."""
    parts = [press["headline"], press["lead"], press["chair"], press["attendance"]]
    return " ".join([*parts, *press["sections"]])


# -- people ------------------------------------------------------------------------------------


def test_every_role_is_printed_in_the_order_a_summary_names_them() -> None:
    text = flat(press_of(load_report(BINH_GIA)))
    order = [
        "Mông Thị Hòa, Tỉnh ủy viên, Bí thư Huyện ủy chủ trì",  # chair, with titles
        "Đinh Thị Mận, Phó Trưởng Ban Tổ chức Tỉnh ủy",  # attend
        "Mông Thị Hòa phát biểu khai mạc",  # opening
        "Vi Văn Bằng, Phó Bí thư Thường trực Huyện ủy",  # report
        "Trong 9 tháng đầu năm 2024",  # the results
        "Nông Đức Lộc, Bí thư Đảng ủy xã Hoa Thám; Hà Thị Lụa",  # speech
        "Lương Văn Quyết, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy",  # direction
        "Kết luận hội nghị, đồng chí Mông Thị Hòa",  # conclusion
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_a_person_s_titles_are_written_once_at_the_first_mention() -> None:
    text = flat(press_of(load_report(BINH_GIA)))
    assert text.count("Tỉnh ủy viên, Bí thư Huyện ủy") == 1
    assert text.count("Mông Thị Hòa") == 3  # chair, opening, conclusion


@pytest.mark.parametrize(
    "entry",
    [
        "press.role.direction_subject",
        "press.role.direction_attended",
        "press.role.direction_adverbial",
    ],
)
def test_each_direction_variant_names_the_superior_leader_with_titles(entry: str) -> None:
    report = with_variants(load_report(BINH_GIA), press__role=entry)
    text = flat(press_of(report))
    assert "Lương Văn Quyết, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy" in text
    assert "chỉ đạo" in text


def test_no_role_sentence_without_the_role_in_the_data() -> None:
    text = flat(press_of(load_report(BAC_SON)))
    for words in ("khai mạc", "phát biểu chỉ đạo", "trình bày báo cáo"):
        assert words not in text


# -- the agenda --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [
        "press.lead.review",
        "press.lead.body_met",
        "press.lead.two_sentences",
        "press.lead.date_after",
    ],
)
def test_the_agenda_is_the_purpose_in_every_lead(entry: str) -> None:
    lead = press_of(with_variants(load_report(BINH_GIA), press__lead=entry))["lead"]
    assert (
        "đánh giá kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2024; bàn nhiệm vụ trọng tâm 3 tháng "
        "cuối năm 2024; cho ý kiến vào dự thảo báo cáo chính trị trình đại hội đảng bộ huyện."
    ) in lead


# -- no number, no term ------------------------------------------------------------------------

MEETING_SLOTS = {
    "press.headline": ["held", "conference", "next_tasks", "review"],
    "press.lead": ["review", "body_met", "two_sentences", "date_after"],
    "resolution.opening": ["standard", "on_the_basis"],
}


@pytest.mark.parametrize(
    ("slot", "entry"),
    [(slot, f"{slot}.{name}") for slot, names in MEETING_SLOTS.items() for name in names],
)
def test_a_meeting_without_number_or_term_reads_right_in_every_variant(
    slot: str, entry: str
) -> None:
    report = with_variants(load_report(HUNG_VU), **{slot.replace(".", "__"): entry})
    assert report.conference.ordinal is None and report.conference.term is None
    text = " ".join([flat(press_of(report)), resolution_of(report)["opening"]])
    for wrong in ("None", "lần thứ ,", "lần thứ  ", "khóa ,", "khóa  ", " ,", "  ", ",,", "()"):
        assert wrong not in text, (entry, wrong)
    assert "lần thứ" not in text and "khóa" not in text
    assert "nhiệm kỳ 2025-2030" in text or slot != "resolution.opening"


def test_the_resolution_of_a_meeting_without_number_is_named_by_its_period() -> None:
    context = resolution_of(load_report(HUNG_VU))
    assert context["conference_line"] == "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ XÃ QUÝ II NĂM 2026"
    composer = Composer(load_report(HUNG_VU), load_phrasebank())
    title = composer.phrase("resolution.title", {})
    assert title == "Nghị quyết Hội nghị Ban Chấp hành Đảng bộ xã Hưng Vũ quý II năm 2026"


def test_a_term_without_number_keeps_its_parenthesis_before_the_period() -> None:
    report = load_report(HUNG_VU)
    conference = report.conference.model_copy(update={"term": 1})
    line = resolution_of(report.model_copy(update={"conference": conference}))["conference_line"]
    assert line == "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ XÃ (KHÓA I) QUÝ II NĂM 2026"


def test_a_number_without_term_leaves_out_the_term() -> None:
    report = load_report(BAC_SON)
    conference = report.conference.model_copy(update={"term": None})
    context = resolution_of(report.model_copy(update={"conference": conference}))
    assert context["conference_line"] == ("HỘI NGHỊ LẦN THỨ MƯỜI BẢY BAN CHẤP HÀNH ĐẢNG BỘ HUYỆN")
    assert "khóa" not in context["opening"]


# -- the lead's date ---------------------------------------------------------------------------


def test_the_lead_may_leave_out_the_year_of_its_own_period() -> None:
    lead = press_of(load_report(DONG_KINH))["lead"]
    assert lead.startswith("Chiều 18/6, Đảng ủy phường Đông Kinh đã tổ chức Hội nghị")


def test_a_conference_held_in_another_year_than_its_period_is_dated_in_full() -> None:
    report = with_variants(
        load_report(ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"),
        press__lead_date="press.lead_date.no_year",
        press__lead="press.lead.review",
    )
    in_january = report.conference.model_copy(update={"date": date(2023, 1, 12)})
    lead = press_of(report.model_copy(update={"conference": in_january}))["lead"]
    assert lead.startswith("Chiều 12/1/2023, Thành ủy Lạng Sơn")


def test_the_full_date_stays_available_in_the_period_s_year() -> None:
    report = with_variants(load_report(DONG_KINH), press__lead_date="press.lead_date.full")
    assert press_of(report)["lead"].startswith("Chiều 18/6/2026, ")


# -- the province level ------------------------------------------------------------------------


def test_a_province_writes_no_superior_and_its_own_committee_in_the_text() -> None:
    context = resolution_of(load_report(PROVINCE))
    assert context["superior"] == ""
    assert context["issuer"] == "TỈNH ỦY LẠNG SƠN"
    assert context["number_line"].endswith("-NQ/TU")
    assert "Ban Thường vụ Tỉnh ủy" in " ".join(
        paragraph for part in context["parts"] for paragraph in part["paragraphs"]
    )


def test_a_centrally_run_city_is_a_thanh_uy_with_no_superior() -> None:
    report = load_report(PROVINCE)
    issuer = report.issuer.model_copy(
        update={
            "name": "Thành ủy Hà Nội",
            "organisation": "Đảng bộ thành phố Hà Nội",
            "level": "central_city",
            "place": "Hà Nội",
            "office": "Văn phòng Thành ủy",
            "superior": "Đảng bộ Hà Nội",  # given by mistake: never written at this level
        }
    )
    city = report.model_copy(update={"issuer": issuer})
    context = resolution_of(city)
    assert context["superior"] == ""
    assert context["issuer"] == "THÀNH ỦY HÀ NỘI"
    assert "BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ" in context["conference_line"]
    assert "Ban Thường vụ Thành ủy" in context["opening"]


def test_drafting_the_summary_twice_introduces_its_people_twice_alike() -> None:
    composer = Composer(load_report(BINH_GIA), load_phrasebank())
    first, _ = composer.press()
    second, _ = composer.press()
    assert first == second


SESSION = Drafter()
BASE = load_report(BAC_SON)


def composer_of(report: Report, **variants: str) -> Composer:
    session = Drafter(Choices(variants=variants)) if variants else SESSION
    return session.composer(session.plan(report))


def changed(**update: Any) -> Report:
    return Report.model_validate({**BASE.model_dump(), **update})


def press_text(report: Report, **variants: str) -> str:
    context, _ = composer_of(report, **variants).press()
    return "\n".join([*context["sections"], context["byline"]])


def test_a_resolution_without_tasks_numbers_its_parts_without_a_gap(tmp_path: Path) -> None:
    report = changed(tasks=[], targets=[])
    context = composer_of(report).resolution(SESSION.profile("hd36"))
    headings = [part["heading"] for part in context["parts"]]
    assert headings[0].startswith("I- ĐÁNH GIÁ")
    assert headings[1] == "II- TỔ CHỨC THỰC HIỆN"
    (written,) = Drafter(Choices(documents=("resolution",))).draft(report, tmp_path)
    rules = {finding.rule for finding in check_file(written).findings}
    assert not {rule for rule in rules if rule.startswith("numbering.")}


def test_the_press_never_calls_to_complete_targets_the_data_does_not_hold() -> None:
    for number in range(30):  # other committees: other seeds, every tasks variant
        issuer = BASE.issuer.model_copy(update={"name": f"Huyện ủy Bắc Sơn {number}"})
        text = press_text(BASE.model_copy(update={"issuer": issuer}))
        assert "phấn đấu hoàn thành" not in text
        assert "Hội nghị yêu cầu các cấp ủy" not in text


def test_names_keep_the_tone_marks_they_were_typed_with_in_every_style() -> None:
    for style in ("modern", "old"):
        report = changed(
            byline={"authors": ["Thuý Ngọ", "Hoàng Thị Thủy"], "outlet": "Báo Lạng Sơn"},
            options={"tone_style": style},
        )
        text = press_text(report)
        assert "Thuý Ngọ - Hoàng Thị Thủy" in text
    old = press_text(changed(options={"tone_style": "old"}))
    assert "văn hoá – xã hội" in old and "văn hóa" not in old  # the rest follows the style


def test_list_items_lose_their_capital_and_their_own_stop() -> None:
    report = changed(
        limitations=["Thu ngân sách đạt thấp.", "Tiến độ giải ngân đợt 2 còn chậm.."],
        causes=["Nghị quyết số 12-NQ/HU chậm được cụ thể hóa."],
    )
    text = press_text(report, **{"press.limitations": "press.limitations.however"})
    assert "hạn chế: thu ngân sách đạt thấp; tiến độ giải ngân đợt 2 còn chậm." in text
    assert "Nguyên nhân chủ yếu là Nghị quyết số 12-NQ/HU chậm được cụ thể hóa." in text
    assert ".." not in text


def test_items_holding_commas_are_joined_by_semicolons() -> None:
    conference = {
        **BASE.conference.model_dump(),
        "adopted": ["Nghị quyết về nhiệm vụ, giải pháp năm 2024", "Báo cáo kiểm điểm"],
    }
    text = press_text(changed(conference=conference), **{"press.adopted": "press.adopted.standard"})
    assert "thông qua Nghị quyết về nhiệm vụ, giải pháp năm 2024; Báo cáo kiểm điểm." in text


def test_an_opening_the_first_task_repeats_is_said_once() -> None:
    report = changed(tasks=["Tập trung phát triển kinh tế", "tập trung thu ngân sách"])
    text = press_text(report, **{"press.tasks": "press.tasks.focus"})
    assert "tập trung lãnh đạo, chỉ đạo: phát triển kinh tế; tập trung thu ngân sách." in text


def test_a_field_named_again_by_its_first_point_is_not_echoed() -> None:
    results = [{"field": "culture_society", "items": ["Văn hóa – xã hội có nhiều chuyển biến"]}]
    text = press_text(changed(results=results), **{"press.fields": "press.fields.sweep"})
    assert "Văn hóa – xã hội có nhiều chuyển biến." in text
    assert "Trên lĩnh vực văn hóa – xã hội, văn hóa" not in text
    context = composer_of(changed(results=results)).resolution(SESSION.profile("hd36"))
    assert "Văn hóa – xã hội có nhiều chuyển biến." in context["parts"][0]["paragraphs"]


def test_the_resolution_says_the_delegates_discussed_only_when_the_data_says_what() -> None:
    profile = SESSION.profile("hd36")
    for number in range(10):  # both opening variants
        issuer = BASE.issuer.model_copy(update={"name": f"Huyện ủy Bắc Sơn {number}"})
        quiet = BASE.model_copy(update={"issuer": issuer, "discussion": []})
        assert "thảo luận, " not in composer_of(quiet).resolution(profile)["opening"]
        discussed = BASE.model_copy(update={"issuer": issuer})
        assert "thảo luận" in composer_of(discussed).resolution(profile)["opening"]


# -- recipients ---------------------------------------------------------------------------------


def _with_recipients(report: Report, names: list[str]) -> Report:
    resolution = report.resolution.model_copy(update={"recipients": names})
    return report.model_copy(update={"resolution": resolution})


def test_a_recipient_typed_with_its_ending_gets_the_profile_s_only() -> None:
    typed = ["Ban Thường vụ Tỉnh ủy (b/c),", "Các chi bộ trực thuộc;", "Các đồng chí Huyện ủy viên"]
    lines = resolution_of(_with_recipients(load_report(BAC_SON), typed))["recipients"]
    assert lines[:3] == [
        "- Ban Thường vụ Tỉnh ủy (b/c),",
        "- Các chi bộ trực thuộc,",
        "- Các đồng chí Huyện ủy viên,",
    ]
    assert lines[3].startswith("- Lưu ") and lines[3].endswith(".")


@pytest.mark.parametrize("own", ["Lưu Văn phòng Huyện ủy.", "Lưu: VT, VP", "lưu VP Huyện ủy"])
def test_the_data_s_own_archive_line_is_the_last_and_the_only_one(own: str) -> None:
    report = _with_recipients(load_report(BAC_SON), ["Ban Thường vụ Tỉnh ủy (b/c),", own])
    shown = own.rstrip(".")
    expected = ["- Ban Thường vụ Tỉnh ủy (b/c),", f"- {shown[0].upper()}{shown[1:]}."]
    assert resolution_of(report)["recipients"] == expected
    report_context = compose_report(Composer(report, load_phrasebank()), load_profile("hd36"))
    assert report_context["recipients"] == expected  # the report falls back on them


def test_a_recipient_named_luu_in_the_middle_is_a_recipient() -> None:
    names = ["Lưu Văn phòng", "Ban Thường vụ Tỉnh ủy (b/c)"]
    lines = resolution_of(_with_recipients(load_report(BAC_SON), names))["recipients"]
    assert lines[:2] == ["- Lưu Văn phòng,", "- Ban Thường vụ Tỉnh ủy (b/c),"]
    assert len(lines) == 3
