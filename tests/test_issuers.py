"""issuers: what follows from a committee's name (province-level committees included), and
what follows again when the committee is renamed."""

from __future__ import annotations

import pytest

from drafter.issuers import derived_issuer, rederived_issuer
from drafter.models import PROVINCE_LEVELS, Issuer


@pytest.mark.parametrize(
    ("name", "organisation", "place", "level"),
    [
        ("Tỉnh ủy Lạng Sơn", "Đảng bộ tỉnh Lạng Sơn", "Lạng Sơn", "province"),
        (
            "Tỉnh ủy Bà Rịa - Vũng Tàu",
            "Đảng bộ tỉnh Bà Rịa - Vũng Tàu",
            "Bà Rịa - Vũng Tàu",
            "province",
        ),
        ("TỈNH UỶ THỪA THIÊN HUẾ", "Đảng bộ tỉnh THỪA THIÊN HUẾ", "THỪA THIÊN HUẾ", "province"),
        ("Thành ủy Hà Nội", "Đảng bộ thành phố Hà Nội", "Hà Nội", "central_city"),
        ("Thành ủy Đà Nẵng", "Đảng bộ thành phố Đà Nẵng", "Đà Nẵng", "central_city"),
        (
            "Thành ủy Thành phố Hồ Chí Minh",
            "Đảng bộ Thành phố Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
            "central_city",
        ),
        ("Thành ủy Lạng Sơn", "Đảng bộ thành phố Lạng Sơn", "Lạng Sơn", "city"),
    ],
)
def test_province_level_names_give_their_level_and_organisation(
    name: str, organisation: str, place: str, level: str
) -> None:
    derived = derived_issuer(name)
    assert (derived["organisation"], derived["place"], derived["level"]) == (
        organisation,
        place,
        level,
    )
    assert derived["code"] == "TU"


@pytest.mark.parametrize("name", ["Tỉnh ủy Lạng Sơn", "Thành ủy Hà Nội", "Thành ủy Cần Thơ"])
def test_a_derived_province_level_issuer_is_valid_without_a_superior(name: str) -> None:
    issuer = Issuer.model_validate({"name": name, **derived_issuer(name)})
    assert issuer.level in PROVINCE_LEVELS
    assert not issuer.writes_superior()


def test_fields_that_followed_from_the_old_name_follow_the_new_one() -> None:
    old = {"name": "Huyện ủy Bắc Sơn", **derived_issuer("Huyện ủy Bắc Sơn")}
    renamed = rederived_issuer({**old, "name": "Đảng ủy xã Tân Tiến"}, "Huyện ủy Bắc Sơn")
    assert renamed == {"name": "Đảng ủy xã Tân Tiến", **derived_issuer("Đảng ủy xã Tân Tiến")}


def test_a_field_the_clerk_typed_is_kept_and_an_empty_one_filled() -> None:
    old = {
        "name": "Huyện ủy Bắc Sơn",
        "organisation": "Đảng bộ huyện Bắc Sơn, tỉnh Lạng Sơn",  # typed: not what follows
        "superior": "Đảng bộ tỉnh Lạng Sơn",
        "code": "HU",
    }
    renamed = rederived_issuer({**old, "name": "Đảng ủy xã Tân Tiến"}, "Huyện ủy Bắc Sơn")
    assert renamed["organisation"] == "Đảng bộ huyện Bắc Sơn, tỉnh Lạng Sơn"
    assert renamed["superior"] == "Đảng bộ tỉnh Lạng Sơn"
    assert (renamed["code"], renamed["level"], renamed["place"]) == ("ĐU", "commune", "Tân Tiến")


def test_a_new_name_no_rule_knows_drops_what_followed_from_the_old_one() -> None:
    old = {"name": "Huyện ủy Bắc Sơn", **derived_issuer("Huyện ủy Bắc Sơn")}
    renamed = rederived_issuer({**old, "name": "Đảng ủy Khối cơ quan"}, "Huyện ủy Bắc Sơn")
    assert renamed == {"name": "Đảng ủy Khối cơ quan"}
