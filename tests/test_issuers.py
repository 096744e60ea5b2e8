"""A committee renamed: the fields that followed from its old name follow the new one."""

from __future__ import annotations

from drafter.issuers import derived_issuer, rederived_issuer


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
