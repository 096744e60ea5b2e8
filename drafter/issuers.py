"""Issuers: what follows from a committee's name ("Đảng ủy xã Tân Tiến" → its Party
organisation, place, level, symbol code and office), and the refusal of a place name.

The rules are data (``drafter/data/issuers.yaml``), so that a new kind of committee is a line
of YAML; the sheet reader fills what a row leaves empty from them, and the wizard can offer
them as defaults.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from drafter import vietnamese as vi
from drafter import yamlio

ISSUERS_FILE: Final = Path(__file__).resolve().parent / "data" / "issuers.yaml"
DERIVED_FIELDS: Final = ("organisation", "place", "level", "code", "office")
"""The issuer fields ``derived_issuer`` may fill, in the order the model lists them."""


@dataclass(frozen=True)
class _Rule:
    """One kind of committee: the words its name starts with and what they imply."""

    prefix: tuple[str, ...]
    level: str
    code: str
    organisation: str
    office: str


def _words(text: str) -> list[str]:
    """Return the words of ``text``: NFC, modern tone marks, split at white space."""
    return vi.normalize_text(text).split()


def _key(words: list[str]) -> tuple[str, ...]:
    """Return ``words`` compared without case ("Đảng ủy" and "ĐẢNG UỶ" are one key)."""
    return tuple(word.casefold() for word in words)


@functools.cache
def _raw() -> Mapping[str, object]:
    """Return the rules file as read."""
    raw: Mapping[str, object] = yamlio.load(ISSUERS_FILE)
    return raw


@functools.cache
def _central_cities() -> tuple[str, frozenset[tuple[str, ...]]]:
    """Return the level of a centrally-run city's committee and the cities' names (as keys)."""
    block: Any = _raw()["central_cities"]
    return str(block["level"]), frozenset(_key(_words(name)) for name in block["names"])


@functools.cache
def _rules() -> tuple[tuple[_Rule, ...], Mapping[tuple[str, ...], str]]:
    """Return the committee rules, longest prefix first, and the place-name prefixes."""
    raw: Any = _raw()
    rules = [
        _Rule(
            _key(_words(item["prefix"])),
            item["level"],
            item["code"],
            item["organisation"],
            item["office"],
        )
        for item in raw["committees"]
    ]
    rules.sort(key=lambda rule: -len(rule.prefix))
    places = {_key(_words(place)): committee for place, committee in raw["places"].items()}
    return tuple(rules), places


def derived_issuer(name: str) -> dict[str, str]:
    """Return the issuer fields that follow from the committee name ``name``.

    "Đảng ủy xã Tân Tiến" gives organisation "Đảng bộ xã Tân Tiến", place "Tân Tiến", level
    "commune", code "ĐU" and office "Văn phòng Đảng ủy"; "Huyện ủy Bắc Sơn" gives a district
    and "HU". A name no rule knows (or with no place after its prefix) gives {}.
    """
    words = _words(name)
    key = _key(words)
    for rule in _rules()[0]:
        size = len(rule.prefix)
        if key[:size] == rule.prefix and len(words) > size:
            place = " ".join(words[size:])
            central_level, central = _central_cities()
            return {
                "organisation": _organisation(rule.organisation, place),
                "place": place,
                "level": central_level if key[size:] in central else rule.level,
                "code": rule.code,
                "office": rule.office,
            }
    return {}


def _organisation(pattern: str, place: str) -> str:
    """Return the Party organisation's name from ``pattern``, its kind written once.

    "Đảng bộ thành phố {place}" with "Thành phố Hồ Chí Minh" gives "Đảng bộ Thành phố Hồ Chí
    Minh", not "Đảng bộ thành phố Thành phố …".
    """
    before = pattern.split("{place}", maxsplit=1)[0].split()
    for size in range(len(before) - 1, 0, -1):
        kind = _key(before[-size:])
        if _key(_words(place))[:size] == kind:
            return pattern.replace(" ".join(before[-size:]) + " {place}", place)
    return pattern.format(place=place)


def rederived_issuer(issuer: Mapping[str, object], old_name: str) -> dict[str, object]:
    """Return ``issuer`` after its name changed from ``old_name``, the derived fields redone.

    A field that was empty or held what followed from the old name now holds what follows
    from the new one (or nothing, when the new name gives nothing); a field the clerk typed
    otherwise is hers and is kept.
    """
    before = derived_issuer(old_name)
    after = derived_issuer(str(issuer.get("name") or ""))
    result = dict(issuer)
    for key in DERIVED_FIELDS:
        current = result.get(key)
        if current and current != before.get(key):
            continue  # typed by the clerk
        if key in after:
            result[key] = after[key]
        else:
            result.pop(key, None)
    return result


_LEADING_WORD: Final = re.compile(r"^\W+")


def committee_for_place(name: str) -> str | None:
    """Return the committee name meant by the place name ``name`` ("Xã Tân Tiến" → "Đảng ủy
    xã Tân Tiến"); None when ``name`` is not a place name.
    """
    words = _words(_LEADING_WORD.sub("", name))
    key = _key(words)
    rules, places = _rules()
    if any(key[: len(rule.prefix)] == rule.prefix for rule in rules):
        return None
    for size in sorted({len(prefix) for prefix in places}, reverse=True):
        committee = places.get(key[:size])
        if committee is not None and len(words) > size:
            return f"{committee} {' '.join(words[size:])}"
    return None


def place_name_problem(name: str) -> str | None:
    """Return why ``name`` is a place, not a committee ("Xã Tân Tiến"), with the remedy; or None.

    The issuer of a Party document is always a committee (… ủy), never a place.
    """
    committee = committee_for_place(name)
    if committee is None:
        return None
    return f"'{name}' là tên địa danh, không phải tên cấp ủy; ghi tên cấp ủy, ví dụ {committee}"
