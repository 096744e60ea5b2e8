"""Punctuation rules: doubled marks, a space before a mark, a capital after a colon in a list.

Decisions, so that a finding is always a fault a reader would mark:

- Doubled marks are two or more of ``. , ; : ! ?`` in a row ("..", ",,", ";;", ",."), except
  an ellipsis: exactly three dots "..." or the character "…" is written on purpose (an
  omitted part, "các chỉ tiêu …"), and the press ending "./." is not a doubled mark.
- A space before ``, . ; : ! ?`` is a fault; a space before "…" is not (an omission stands
  as a word of its own).
- After a colon inside an item of the decision (the body after "QUYẾT NGHỊ:"), the list
  goes on in lower case ("gồm: tăng cường …") unless it starts with a proper name: a name
  of the list in ``drafter/data/proper_names.txt`` (Đảng, Nghị quyết, Nhà nước, …), an
  abbreviation (HĐND), or two capitalised words in a row (a place or a person: "Bắc Sơn").
  The press summary is not checked: it names people after a colon ("Các đồng chí: …").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from drafter.check.findings import finding
from drafter.check.locate import Located
from drafter.errors import Finding
from drafter.resources import proper_names
from drafter.typed import starts_with_proper_name

_DOUBLED = re.compile(r"[.,;:!?]{2,}")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t\u00a0]+([,.;:!?])(?![.]{2})")
_AROUND = 20


def _shown(text: str, start: int, end: int) -> str:
    """Return the words around ``text[start:end]``, about ``_AROUND`` characters each side."""
    left = max(0, start - _AROUND)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left, start) + 1  # no word cut at its start
    right = min(len(text), end + _AROUND)
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    return text[left:right].strip()


def _allowed_run(run: str, text: str, end: int) -> bool:
    """Return whether a run of marks is written on purpose: "..." or the ending "./."."""
    return run == "..." or (run == "." and text[end : end + 2] == "/.")


def check_punctuation(located: Sequence[Located]) -> list[Finding]:
    """Return one finding per paragraph with doubled marks, and one with a space before a mark.

    The number line's blanks are the number rule's (a draft leaves the number blank).
    """
    findings = []
    for item in located:
        text = unicodedata.normalize("NFC", item.paragraph.text).strip()
        if not text or item.element == "number":
            continue
        doubled = next(
            (m for m in _DOUBLED.finditer(text) if not _allowed_run(m.group(0), text, m.end())),
            None,
        )
        if doubled is not None:
            findings.append(
                finding(
                    "punctuation.doubled",
                    item.where,
                    f"Dấu câu viết đôi «{doubled.group(0)}» ở "
                    f"«{_shown(text, doubled.start(), doubled.end())}». Giữ một dấu "
                    "(dấu ba chấm viết «...» hoặc «…»).",
                )
            )
        space = _SPACE_BEFORE.search(text)
        if space is not None:
            findings.append(
                finding(
                    "punctuation.space_before",
                    item.where,
                    f"Có dấu cách trước dấu «{space.group(1)}» ở "
                    f"«{_shown(text, space.start(), space.end())}». Xóa dấu cách, viết dấu câu "
                    "liền sau chữ.",
                )
            )
    return findings


def check_capital_after_colon(located: Sequence[Located]) -> list[Finding]:
    """Return a finding on each decision item that goes on in capitals after a colon."""
    names = proper_names()
    started = False
    findings = []
    for item in located:
        if item.element == "decision_heading":
            started = True
            continue
        if not started or item.element != "body":
            continue
        text = unicodedata.normalize("NFC", item.paragraph.text).strip()
        for match in re.finditer(r":\s+(?=\w)", text):
            after = text[match.end() :]
            if after[0].isupper() and not starts_with_proper_name(after, names):
                word = after.split()[0]
                shown = _shown(text, match.start(), match.end() + len(word))
                lowered = shown.replace(f": {word}", f": {word[0].lower()}{word[1:]}", 1)
                findings.append(
                    finding(
                        "punctuation.capital_after_colon",
                        item.where,
                        f"Sau dấu hai chấm trong mục liệt kê, «{word}» viết hoa ở «{shown}». "
                        f"Viết chữ thường, trừ tên riêng: «{lowered}».",
                    )
                )
                break
    return findings
