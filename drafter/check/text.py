"""Text rules: decomposed (NFD) text, doubled spaces, genre typos, a mixed tone-mark style."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from drafter import vietnamese as vi
from drafter.check.findings import finding
from drafter.check.locate import Located
from drafter.confusables import Confusable, builtin_confusables
from drafter.errors import Finding

_WORD = re.compile(r"\w+")
_TONE_STYLE_NAMES = {"modern": "kiểu mới (hòa, thủy, ủy)", "old": "kiểu cũ (hoà, thuỷ, uỷ)"}


def check_text(located: Sequence[Located]) -> list[Finding]:
    """Return NFD text, doubled spaces, genre typos and a mixed tone-mark style."""
    confusables = builtin_confusables()
    findings = []
    for item in located:
        raw = item.paragraph.text
        if not raw.strip():
            continue
        nfc = unicodedata.normalize("NFC", raw)
        if nfc != raw:
            findings.append(
                finding(
                    "text.nfd",
                    item.where,
                    "Đoạn có chữ ở dạng tổ hợp (NFD): trông giống nhưng làm hỏng tìm kiếm, sắp xếp "
                    "và soát chính tả. Gõ lại đoạn bằng bảng mã Unicode dựng sẵn.",
                )
            )
        if item.element == "number":
            continue  # its blanks and form are the number rule's (check_number)
        findings += _double_space(item, raw)
        findings += _genre_typos(item, nfc, confusables)
    return findings + _tone_style(located)


def _double_space(item: Located, raw: str) -> list[Finding]:
    """Return a finding when the paragraph has two spaces in a row, showing where."""
    if "  " not in raw:
        return []
    at = raw.index("  ")
    around = raw[max(0, at - 20) : at + 22].strip()
    return [
        finding(
            "text.double_space",
            item.where,
            f"Có hai dấu cách liền nhau ở «{around}». Xóa bớt một dấu cách.",
        )
    ]


def _genre_typos(item: Located, nfc: str, confusables: Sequence[Confusable]) -> list[Finding]:
    """Return a finding for each genre typo in the paragraph's text (NFC)."""
    findings = []
    for confusable in confusables:
        match = confusable.pattern.search(nfc)
        if match is not None:
            findings.append(
                finding(
                    "text.confusable",
                    item.where,
                    f"«{match.group(0)}» có lẽ là gõ nhầm của «{confusable.right}». "
                    "Kiểm tra và sửa.",
                )
            )
    return findings


def _tone_of(word: str) -> str | None:
    """Return the tone-mark style ``word`` is written in, None when both styles agree."""
    modern = vi.normalize_text(word, "modern")
    old = vi.normalize_text(word, "old")
    if modern == old:
        return None
    return "modern" if word == modern else "old"


def _common_words(text: str) -> list[str]:
    """Return the words of ``text`` that are not part of a name.

    A name is written as its owner spells it ("Thuý Ngọ" in a document in the modern style):
    two title-case words in a row (a person, a place) are not asked to change style.
    """
    words = list(_WORD.finditer(text))
    in_name: set[int] = set()
    for position in range(len(words) - 1):
        first, second = words[position], words[position + 1]
        if (
            _title_case(first.group(0))
            and _title_case(second.group(0))
            and not text[first.end() : second.start()].strip()
        ):
            in_name |= {position, position + 1}
    return [match.group(0) for position, match in enumerate(words) if position not in in_name]


def _title_case(word: str) -> bool:
    """Return whether ``word`` starts with a capital and is not all capitals ("Thuý")."""
    return word[:1].isupper() and not word.isupper()


def _tone_style(located: Sequence[Located]) -> list[Finding]:
    """Return one finding per paragraph using the document's minority tone-mark style."""
    words: dict[int, dict[str, list[str]]] = {}
    totals = {"modern": 0, "old": 0}
    for index, item in enumerate(located):
        for word in _common_words(unicodedata.normalize("NFC", item.paragraph.text)):
            style = _tone_of(word)
            if style is not None:
                words.setdefault(index, {"modern": [], "old": []})[style].append(word)
                totals[style] += 1
    if not totals["modern"] or not totals["old"]:
        return []
    minority: vi.ToneStyle = "old" if totals["old"] < totals["modern"] else "modern"
    majority: vi.ToneStyle = "modern" if minority == "old" else "old"
    findings = []
    for index, styles in words.items():
        odd = list(dict.fromkeys(styles[minority]))
        if odd:
            fixed = ", ".join(f"«{vi.normalize_text(w, majority)}»" for w in odd)
            findings.append(
                finding(
                    "text.tone_style",
                    located[index].where,
                    f"Đặt dấu {_TONE_STYLE_NAMES[minority]} ở {', '.join(f'«{w}»' for w in odd)}, "
                    f"trong khi văn bản dùng {_TONE_STYLE_NAMES[majority]} "
                    f"({totals[majority]} từ). Dùng một kiểu trong cả văn bản: sửa thành {fixed}.",
                )
            )
    return findings
