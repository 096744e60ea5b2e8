"""Template contexts: the names a DOCX template receives, declared once, with their types.

``Composer.resolution`` and ``Composer.press`` build these (mypy checks that every key is set,
with its type), ``render`` adds the photos, and the template check derives from them the
names a clerk's template may use. Every value is ready text: a template never formats.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, get_args, get_origin, get_type_hints, is_typeddict


class Part(TypedDict):
    """One part of the resolution ("I- ĐÁNH GIÁ …"): its heading and its paragraphs."""

    heading: str
    paragraphs: list[str]
    kept: int
    """How many of the last paragraphs keep with what follows (the signature): layout only."""


class ResolutionHeader(TypedDict):
    """The resolution's header lines: superior, issuer, number and date lines, draft mark."""

    superior: str
    issuer: str
    number_line: str
    date_line: str
    draft_mark: str


class ResolutionContext(ResolutionHeader):
    """What the resolution template receives: the header, the parts and the signature."""

    conference_line: str
    subject: str
    opening: str
    parts: list[Part]
    authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]


class PressContext(TypedDict):
    """What compose gives the press template; an empty string is a paragraph left out."""

    headline: str
    lead: str
    chair: str
    attendance: str
    sections: list[str]
    byline: str


class Block(TypedDict):
    """One paragraph of the report's body: its kind (its style) and its text.

    ``kind`` is "part" (Phần thứ nhất …), "heading" (I. …), "subheading" (1. Về kinh tế) or
    "body"; ``kept`` keeps it with what follows (the closing lines with the signature).
    """

    kind: str
    text: str
    kept: bool


class AppendixRow(TypedDict):
    """One row of the appendix table: a field's group row, or an indicator with its figures.

    Every cell is ready text; a figure that cannot be given reads "–" and the row's name
    carries the mark of the note that says why.
    """

    group: bool
    number: str
    name: str
    unit: str
    plan: str
    actual: str
    plan_ratio: str
    change: str
    status: str


class ReportContext(TypedDict):
    """What the report template receives: the header, the body, the signature, the appendix."""

    superior: str
    issuer: str
    number_line: str
    date_line: str
    draft_mark: str
    subject: str
    blocks: list[Block]
    authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    appendix_title: str
    appendix_subtitle: str
    rows: list[AppendixRow]
    tally: str
    notes: list[str]


class PhotoItem(TypedDict):
    """One photo as a template sees it: the image ("" without a file) and its caption."""

    image: Any  # a docxtpl InlineImage, made by ``render`` for the document being written
    caption: str


class PressTemplateContext(PressContext):
    """What the press template receives: compose's text and the photos ``render`` adds."""

    photos: list[PhotoItem]


@dataclass(frozen=True)
class Photo:
    """A photo for the press summary: the image file when there is one, and the caption."""

    file: str | None
    caption: str


@dataclass(frozen=True)
class DocumentProperties:
    """What a document says about itself (docProps/core.xml): title, author and time.

    Not a template name: the renderer writes these into the package, not into the text.
    """

    title: str
    author: str
    created: datetime


TEMPLATE_CONTEXTS: tuple[type, ...] = (ResolutionContext, PressTemplateContext, ReportContext)
"""The context of each built-in document, in the order of ``drafter templates list``."""

CLERK_ONLY_KEYS: frozenset[str] = frozenset()
"""Declared names no built-in template prints, offered to clerks' own templates only.

Empty today: the built-in templates print every name (a test keeps this list honest)."""


def keys_of(context: type) -> frozenset[str]:
    """Return the names a typed context declares."""
    return frozenset(get_type_hints(context))


@functools.cache
def item_keys(context: type) -> dict[str, frozenset[str]]:
    """Return, for each list of records in ``context``, the field names of its items.

    ``parts`` gives ``{"heading", "paragraphs"}``; a list of plain strings has no entry.
    """
    items: dict[str, frozenset[str]] = {}
    for name, hint in get_type_hints(context).items():
        if get_origin(hint) is list:
            (item,) = get_args(hint)
            if is_typeddict(item):
                items[name] = keys_of(item)
    return items


def template_names() -> frozenset[str]:
    """Return every name a template may use, whichever document it is for."""
    names: set[str] = set()
    for context in TEMPLATE_CONTEXTS:
        names |= keys_of(context)
    return frozenset(names)


def template_items() -> dict[str, frozenset[str]]:
    """Return the item fields of every list of records any template receives."""
    merged: dict[str, frozenset[str]] = {}
    for context in TEMPLATE_CONTEXTS:
        merged.update(item_keys(context))
    return merged


__all__ = [
    "CLERK_ONLY_KEYS",
    "TEMPLATE_CONTEXTS",
    "AppendixRow",
    "Block",
    "DocumentProperties",
    "Part",
    "Photo",
    "PhotoItem",
    "PressContext",
    "PressTemplateContext",
    "ReportContext",
    "ResolutionContext",
    "item_keys",
    "keys_of",
    "report_paragraphs",
    "template_items",
    "template_names",
]


def press_paragraphs(context: PressContext, photos: Sequence[Photo]) -> list[str]:
    """Return the press summary's paragraphs in reading order, the empty ones left out."""
    parts = [context["headline"], context["lead"]]
    parts += [context[key] for key in ("chair", "attendance") if context.get(key)]
    parts += [photo.caption for photo in photos]
    parts += list(context["sections"])
    if context.get("byline"):
        parts.append(context["byline"])
    return [str(part) for part in parts if part]


def _header_lines(context: ResolutionContext | ReportContext) -> list[str]:
    """Return the header's lines of a resolution or a report, in reading order."""
    return [
        context["superior"],
        context["issuer"],
        context["number_line"],
        context["date_line"],
        context["draft_mark"],
    ]


def resolution_paragraphs(context: ResolutionContext) -> list[str]:
    """Return the resolution's lines in reading order: header, body, signature, recipients."""
    lines = [*_header_lines(context), context["conference_line"], context["subject"]]
    lines.append(context["opening"])
    for part in context["parts"]:
        lines.append(part["heading"])
        lines += part["paragraphs"]
    lines += [context["authority"], context["signer_title"], context["signer_name"]]
    lines += context["recipients"]
    return [line for line in lines if line]


def report_paragraphs(context: ReportContext) -> list[str]:
    """Return the report's lines in reading order: header, body, signature, recipients, and
    the appendix's title, tally and notes (its table cells are figures, not sentences)."""
    lines = [*_header_lines(context), context["subject"]]
    lines += [block["text"] for block in context["blocks"]]
    lines += [context["authority"], context["signer_title"], context["signer_name"]]
    lines += context["recipients"]
    lines += [context["appendix_title"], context["appendix_subtitle"], context["tally"]]
    lines += context["notes"]
    return [line for line in lines if line]
