"""Text as the clerk typed it: kept where it is a name, tidied where it is a list item.

Names (people, bylines, quoted titles) are never restyled: the tone style of a document
moves the tone mark of common words ("hoà" → "hòa"), never of a name ("Thuý Ngọ"). A list
item typed as a sentence of its own ("Thu ngân sách đạt kế hoạch đợt 2.") goes mid-sentence
after a colon: its capital goes unless it starts with a proper name, its own final stop goes
before the list's, and an opening the phrase already says is not said twice.

Pure functions: the proper names and the openers are given by the caller (the list in
``drafter/data/proper_names.txt``, the phrasebank's lexicon).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from drafter import vietnamese as vi

__all__ = [
    "drop_repeated_opening",
    "echoes",
    "list_item",
    "list_items",
    "normalize_keeping",
    "quoted_spans",
    "starts_with_proper_name",
]

_FINAL_MARKS = ".;,:"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def starts_with_proper_name(text: str, names: Sequence[str]) -> bool:
    """Return whether ``text`` starts with a proper name, so its capital stays.

    A name of ``names`` (Đảng, Nghị quyết, Ban Chấp hành, …), an abbreviation (HĐND), a
    number, or two capitalised words in a row (a place or a person: "Bắc Sơn"). A name
    written "!Đảng viên" in ``names`` is a common noun that starts like a listed name.
    """
    words = text.split()
    if not words:
        return False
    first = words[0].strip('“"«(')
    if not first or not first[0].isalpha() or (len(first) > 1 and first.isupper()):
        return True  # a number, a bracket, an abbreviation (HĐND, UBND)
    if len(words) > 1 and words[1][:1].isupper():
        return True
    listed = [name for name in names if _starts_with(text, name.removeprefix("!"))]
    return bool(listed) and not listed[0].startswith("!")  # the longest wins: "!Đảng viên"


def _starts_with(text: str, name: str) -> bool:
    """Return whether ``text`` starts with the words ``name``."""
    return text.startswith(name) and (len(text) == len(name) or not text[len(name)].isalnum())


def list_item(text: str, names: Sequence[str]) -> str:
    """Return one list item ready to stand mid-sentence.

    Spaces trimmed; its own final marks removed (the list's ";" or "." follows); its first
    letter lower-cased unless it starts with a proper name.
    """
    item = unicodedata.normalize("NFC", text).strip()
    while item and item[-1] in _FINAL_MARKS and not item.endswith("..."):
        item = item[:-1].rstrip()
    if item.endswith("..."):
        item = item[:-3].rstrip() + "…"
    if item[:1].isupper() and not starts_with_proper_name(item, names):
        item = item[0].lower() + item[1:]
    return item


def list_items(items: Iterable[str], names: Sequence[str]) -> list[str]:
    """Return each item of a list ready to stand mid-sentence (``list_item``); empty ones go."""
    tidied = (list_item(item, names) for item in items)
    return [item for item in tidied if item]


def echoes(item: str, name: str, within: int = 8) -> bool:
    """Return whether ``item`` says ``name`` again in its first ``within`` words.

    "Trên lĩnh vực văn hóa – xã hội, văn hóa – xã hội …": a field's first point that names
    the field is written without the phrase's opening.
    """
    head = " ".join(item.casefold().split()[: within + len(name.split())])
    folded = name.casefold()
    return bool(folded) and f" {folded} " in f" {head} "


def drop_repeated_opening(text: str, openers: Sequence[str]) -> str:
    """Return ``text`` without an item's first words that the words before its colon say.

    "thống nhất tập trung lãnh đạo, chỉ đạo: tập trung phát triển …" becomes "… chỉ đạo:
    phát triển …". Only the ``openers`` (verbs such as "tập trung", "tiếp tục") are
    dropped, and only from the first item after a colon, within one sentence.
    """
    if ": " not in text or not openers:
        return text
    result = text
    for match in reversed(list(re.finditer(r": ", text))):
        start = max(text.rfind(". ", 0, match.start()) + 1, 0)
        before = f" {text[start : match.start()].casefold()} "
        after = result[match.end() :]
        for opener in sorted(openers, key=len, reverse=True):
            folded = opener.casefold()
            if after.casefold().startswith(folded + " ") and f" {folded} " in before:
                rest = after[len(opener) + 1 :]
                result = result[: match.end()] + rest
                break
    return result


def quoted_spans(text: str) -> list[str]:
    """Return the quoted titles in ``text`` (“…”, "…", «…»), kept as typed."""
    return _QUOTED.findall(text)


def normalize_keeping(text: str, style: vi.ToneStyle, kept: Sequence[str]) -> str:
    """Return ``text`` in tone ``style``, with each of ``kept`` and quoted titles as typed."""
    spans = [span for span in (*kept, *quoted_spans(text)) if span and span in text]
    if not spans:
        return vi.normalize_text(text, style)
    pattern = re.compile("|".join(re.escape(span) for span in sorted(spans, key=len, reverse=True)))
    pieces = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(vi.normalize_text(text[last : match.start()], style))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(vi.normalize_text(text[last:], style))
    return "".join(pieces)
