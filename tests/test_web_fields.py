"""The sections as forms: each question stored as the wizard stores it, or refused with why."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.web.fields import SECTION_PARTS, apply_action, apply_section
from drafter.wizard import SECTIONS
from drafter.wizard.state import load_state
from tests.conftest import BAC_SON


def state() -> dict[str, Any]:
    return load_state(BAC_SON)


def form(**fields: str | list[str]) -> dict[str, list[str]]:
    return {
        name.replace("__", "."): value if isinstance(value, list) else [value]
        for name, value in fields.items()
    }


def test_every_section_of_the_wizard_has_a_form() -> None:
    assert tuple(SECTION_PARTS) == SECTIONS


def test_the_count_is_typed_as_met_over_total() -> None:
    data = state()
    outcome = apply_section(data, "indicators", form(counts__main="7/20"))
    assert outcome.refused == {}
    assert (data["counts"][0]["met"], data["counts"][0]["total"]) == (7, 20)
    outcome = apply_section(data, "indicators", form(counts__main="bảy"))
    assert outcome.refused["counts.main"] == "cần dạng SỐ_ĐẠT/TỔNG_SỐ, ví dụ 6/20"
    assert data["counts"][0]["met"] == 7


def test_a_target_is_a_number_or_a_range() -> None:
    data = state()
    apply_action(data, "add:targets")
    fields = {"targets.0.name": ["tốc độ tăng trưởng"], "targets.0.value": ["10-11"]}
    assert apply_section(data, "targets", fields).refused == {}
    assert data["targets"][0] == {"name": "tốc độ tăng trưởng", "low": "10", "high": "11"}


def test_results_are_stored_by_field_in_the_fields_order() -> None:
    data = state()
    apply_section(data, "results", form(results__party_building="", results__economy="a\nb"))
    keys = [result["field"] for result in data["results"]]
    assert "party_building" not in keys
    assert keys[0] == "economy"
    assert data["results"][0]["items"] == ["a", "b"]


def test_captions_keep_each_photos_file() -> None:
    data = state()
    files = [photo.get("file") for photo in data["photos"]]
    apply_section(data, "photos", form(photos="Ảnh một\nẢnh hai"))
    assert [photo.get("file") for photo in data["photos"]] == files
    assert [photo["caption"] for photo in data["photos"]] == ["Ảnh một", "Ảnh hai"]


def test_a_choice_not_offered_is_refused() -> None:
    data = state()
    outcome = apply_section(data, "issuer", form(issuer__level="empire"))
    assert outcome.refused == {"issuer.level": "giá trị không có trong danh sách lựa chọn"}
    assert data["issuer"]["level"] == "district"


def test_the_resolutions_form_is_a_choice_between_draft_and_final() -> None:
    data = state()
    apply_section(data, "resolution", form(resolution__draft="final", resolution__number="25"))
    assert (data["resolution"]["draft"], data["resolution"]["number"]) == (False, 25)


@pytest.mark.parametrize("action", ["delete:people:0", "add:issuer", "up:indicators:9", "x"])
def test_a_list_action_that_does_not_fit_the_data_is_refused(action: str) -> None:
    with pytest.raises(ValueError):
        apply_action(state(), action)
