"""Compose: text true to the data, names as typed, list items tidy, parts numbered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafter.api import Choices, Drafter
from drafter.check import check_file
from drafter.compose import Composer
from drafter.datafile import load_report
from drafter.models import Report
from tests.conftest import BAC_SON

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
