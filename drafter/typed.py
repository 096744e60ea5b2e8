"""Text as the clerk typed it: kept where it is a name, tidied where it is a list item.

Names (people, bylines, quoted titles) are never restyled: the tone style of a document
moves the tone mark of common words ("hoà" → "hòa"), never of a name ("Thuý Ngọ"). A list
item typed as a sentence of its own ("Thu ngân sách đạt kế hoạch đợt 2.") goes mid-sentence
after a colon: its capital goes unless it starts with a proper name, its own final stop goes
before the list's, and an opening the phrase already says is not said twice.

Last, ``finish`` tidies a whole document (spaces, tone style) once, its names kept as typed.
Pure functions: the proper names and the openers are given by the caller (the list in
``drafter/data/proper_names.txt``, the phrasebank's lexicon).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from drafter import vietnamese as vi

__all__ = [
    "drop_repeated_opening",
    "echoes",
    "finish",
    "list_item",
    "list_items",
    "normalize_keeping",
    "quoted_spans",
    "starts_with_proper_name",
    "tidy",
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
    folded_text = text.casefold()
    if not any(f": {opener.casefold()} " in folded_text for opener in openers):
        return text  # the usual case, at C speed
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


# Spaces before punctuation or after an opening bracket go, runs of spaces become one.
_UNTIDY = re.compile(r"\s+(?=[,.;:!?)\]])|(?<=[(\[])\s+|(?P<run>[ \t\u00a0]{2,})")
_UNTIDY_HINTS = (" ,", " .", " ;", " :", " !", " ?", " )", " ]", "( ", "[ ", "  ", "\t", "\u00a0")
_Value = TypeVar("_Value")
_KEEP_SPACING = frozenset({"number_line"})
"""Keys whose text keeps its runs of spaces: the number line leaves a blank for the number."""


def tidy(text: str) -> str:
    """Return ``text`` with single spaces and no space before punctuation.

    Phrases are written by people; this is the last guard before a document.
    """
    if not any(hint in text for hint in _UNTIDY_HINTS):  # the usual case, at C speed
        return text.strip()
    return _UNTIDY.sub(_tidy_match, text).strip()


def _tidy_match(match: re.Match[str]) -> str:
    return " " if match.group("run") else ""


@functools.lru_cache(maxsize=4096)
def _finished_text(text: str, style: vi.ToneStyle, kept: tuple[str, ...]) -> str:
    """Return ``text`` tidied and in tone ``style``; kept, as most strings recur across rows."""
    return normalize_keeping(tidy(text), style, kept)


def finish(value: _Value, style: vi.ToneStyle, kept: tuple[str, ...] = ()) -> _Value:
    """Return ``value`` with every string tidied and in tone ``style``, its shape kept.

    Done once per document rather than per phrase: nested phrases would be done twice.
    The number line keeps the run of spaces a draft leaves for the number; the names of
    ``kept`` (people, authors) and quoted titles keep the tone marks they were typed with.
    """
    done: _Value = _finish(value, style, "", kept)
    return done


def _finish(value: Any, style: vi.ToneStyle, key: str, kept: tuple[str, ...]) -> Any:
    """Return ``value`` finished as ``finish`` says; ``key`` is the name it is held under."""
    if isinstance(value, str):
        return value if key in _KEEP_SPACING else _finished_text(value, style, kept)
    if isinstance(value, dict):
        return {name: _finish(item, style, name, kept) for name, item in value.items()}
    if isinstance(value, list):
        return [_finish(item, style, key, kept) for item in value]
    return value
