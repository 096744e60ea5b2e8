"""Numbering rules: the parts (I-, II-, …) and the items in each part (1-, 2-, …) of a body.

A reader follows the numbers: a gap ("I-" then "III-") or a repeat reads as a lost part, an
item numbered at the other level ("2-" among the parts) or in another style ("II." among
"I-") reads as a slip. Parts are the headings; items are body paragraphs that start with a
number and count again from 1 in each part. Each fault gives one finding, at the paragraph
that breaks the run; after a gap the count goes on from the number written there, while a
repeat or a number at the other level takes the slot it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.check.findings import finding
from drafter.check.locate import Located
from drafter.errors import Finding

_ROMAN = re.compile(r"^(?P<number>[IVXLC]+)(?P<mark>[-.)])\s")
_ARABIC = re.compile(r"^(?P<number>\d{1,2})(?P<mark>[-.)])\s")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LEVEL_NAMES = {"part": "phần (I-, II-, …)", "item": "mục (1-, 2-, …)"}


@dataclass(frozen=True)
class _Numbered:
    """A numbered paragraph: its level, the number and mark written, and where it is."""

    level: str
    kind: str
    number: int
    label: str
    mark: str
    where: str


def roman_value(numeral: str) -> int:
    """Return the value of a Roman numeral ("IV" → 4); 0 when it is not well formed."""
    total = 0
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    for index, value in enumerate(values):
        following = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < following else value
    return total if total > 0 and to_roman(total) == numeral else 0


def to_roman(value: int) -> str:
    """Return ``value`` (1 to 399) as a Roman numeral."""
    pairs: tuple[tuple[int, str], ...] = (
        (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
        (1, "I"),
    )  # fmt: skip
    written = ""
    for amount, letters in pairs:
        while value >= amount:
            written += letters
            value -= amount
    return written


def _numbered(item: Located) -> _Numbered | None:
    """Return the paragraph's numbering when it starts with a part or an item number."""
    text = item.paragraph.text.strip()
    level = "part" if item.element == "heading" else "item"
    roman = _ROMAN.match(text)
    if roman is not None and roman_value(roman.group("number")):
        number = roman_value(roman.group("number"))
        return _Numbered(level, "roman", number, roman.group(0).strip(), roman["mark"], item.where)
    arabic = _ARABIC.match(text)
    if arabic is not None:
        number = int(arabic.group("number"))
        label = arabic.group(0).strip()
        return _Numbered(level, "arabic", number, label, arabic["mark"], item.where)
    return None


def _label(kind: str, number: int, mark: str) -> str:
    """Return how the number ``number`` is written at a level: "III-" or "3-"."""
    return f"{to_roman(number) if kind == 'roman' else number}{mark}"


def check_numbering(located: Sequence[Located]) -> list[Finding]:
    """Return gaps, repeats, numbers at the wrong level and mixed styles in the body's numbering.

    Only the body after the decision heading (QUYẾT NGHỊ:) is numbered; parts are headings.
    """
    started = not any(item.element == "decision_heading" for item in located)
    kinds: dict[str, str] = {}
    marks: dict[str, str] = {}
    last: dict[str, int] = {}
    findings: list[Finding] = []
    for item in located:
        if item.element == "decision_heading":
            started = True
            continue
        if item.element == "part_heading":  # a report's part two numbers from I- again
            last.clear()
            continue
        if not started or item.element not in ("heading", "subheading", "body"):
            continue
        numbered = _numbered(item)
        if numbered is None:
            continue
        level = numbered.level
        if level == "part":
            last.pop("item", None)
        kind = kinds.setdefault(level, numbered.kind)
        mark = marks.setdefault(level, numbered.mark)
        expected = last.get(level, 0) + 1
        fault = _fault(numbered, kind, mark, expected, last.get(level))
        # a number at the other level or a repeat takes its slot; after a gap the count goes on
        last[level] = expected if numbered.kind != kind else max(numbered.number, expected)
        if fault is not None:
            findings.append(fault)
    return findings


def _fault(
    numbered: _Numbered, kind: str, mark: str, expected: int, previous: int | None
) -> Finding | None:
    """Return the finding on one numbered paragraph, or None when it follows the run."""
    level = _LEVEL_NAMES[numbered.level]
    wanted = _label(kind, expected, mark)
    if numbered.kind != kind:
        return finding(
            "numbering.level",
            numbered.where,
            f"«{numbered.label}» đánh số kiểu khác các {level} cùng cấp. "
            f"Đánh số cùng kiểu: «{wanted}».",
        )
    if numbered.number == expected:
        if numbered.mark == mark:
            return None
        return finding(
            "numbering.style",
            numbered.where,
            f"«{numbered.label}» dùng dấu «{numbered.mark}», các {level} khác dùng «{mark}». "
            f"Viết thống nhất: «{wanted}».",
        )
    before = "đầu tiên" if previous is None else f"sau «{_label(kind, previous, mark)}»"
    if previous is not None and numbered.number <= previous:
        return finding(
            "numbering.repeat",
            numbered.where,
            f"«{numbered.label}» lặp lại số đã dùng ({before}). Đánh số lại: «{wanted}».",
        )
    return finding(
        "numbering.gap",
        numbered.where,
        f"«{numbered.label}» đứng {before}, thiếu «{wanted}». Đánh số lại liên tục: «{wanted}».",
    )
