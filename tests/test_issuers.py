"""issuers: what follows from a committee's name, the province-level committees included."""

from __future__ import annotations

import pytest

from drafter.issuers import derived_issuer
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
