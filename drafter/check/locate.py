"""Locating: open a DOCX for checking and name each paragraph's profile element and place.

Elements are found by the template's paragraph style names when present, and by their
position and text otherwise, so a document a clerk restyled in Word is still checked.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter import vietnamese as vi
from drafter.check.patterns import AUTHORITY, DATE_GROUPS, form_regex
from drafter.check.styles import W
from drafter.errors import UserError
from drafter.files import check_package
from drafter.profiles import (
    DEFAULT_PROFILE,
    ParagraphStyle,
    Profile,
    available_profiles,
    load_profile,
)

SNIPPET = 40
"""The characters of a paragraph's text a place shows."""

_HEADING = re.compile(r"^[IVXLC]+[-.]\s")
SIGNATURE_COLUMNS = 2
"""Recipients and signature: the signature table's columns."""
_NUMBER_LINE = re.compile(r"^Số\b")
_RESAVE = "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx."


@dataclass(frozen=True)
class Located:
    """One paragraph of the document, the profile element it is (or None), and where it is."""

    element: str | None
    paragraph: Any
    where: str


# ---------------------------------------------------------------------------
# Opening, and which profile a document follows
# ---------------------------------------------------------------------------


def open_docx(path: Path) -> Any:
    """Return the python-docx document at ``path``; raise ``UserError`` when it cannot be read."""
    from docx import Document

    where = str(path)
    if not path.exists():
        raise UserError("không có tệp này", "Kiểm tra tên và đường dẫn tệp.", where=where)
    if path.is_dir():
        raise UserError("đây là thư mục, không phải tệp", "Chỉ ra một tệp .docx.", where=where)
    if not zipfile.is_zipfile(path):
        raise UserError("tệp không phải văn bản DOCX (Word 2007 trở lên)", _RESAVE, where=where)
    check_package(path, _RESAVE)
    try:
        return Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise UserError(
            f"tệp DOCX bị hỏng hoặc thiếu phần nội dung ({type(error).__name__})",
            _RESAVE,
            where=where,
        ) from None


@functools.cache
def builtin_profiles() -> tuple[Profile, ...]:
    """Return the built-in profiles, loaded once: their titles tell Party from state."""
    return tuple(load_profile(name) for name in available_profiles())


def detect_profile(document: Any) -> str:
    """Return the built-in profile whose title (party or national) the document carries."""
    texts = {title_key(p.text) for p in _every_paragraph(document)}
    for profile in builtin_profiles():
        title = profile.texts.party_title or profile.texts.national_title
        if title is not None and title_key(title) in texts:
            return profile.name
    return DEFAULT_PROFILE


def title_key(text: str) -> str:
    """Return ``text`` for comparing titles: NFC, one tone style, casefolded, single spaces."""
    return " ".join(vi.normalize_text(text).casefold().split())


def _every_paragraph(document: Any) -> Iterator[Any]:
    """Yield the body's paragraphs, then those of every table cell."""
    yield from document.paragraphs
    for table in document.tables:
        for cell in _cells(table):
            yield from cell.paragraphs


def _cells(table: Any) -> Iterator[Any]:
    """Yield every cell of ``table`` once, row by row (merged cells repeat in python-docx)."""
    seen: set[Any] = set()  # the cell elements themselves: kept alive, compared by identity
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                yield cell


def header_table(document: Any, profile: Profile) -> Any | None:
    """Return the header table: the first table holding a number line or a title; else None."""
    titles = {
        title_key(text)
        for known in builtin_profiles()
        for text in (known.texts.party_title, known.texts.national_title)
        if text
    }
    names = {spec.style_name for spec in profile.styles.elements().values()}
    for table in document.tables:
        for cell in _cells(table):
            for paragraph in cell.paragraphs:
                text = paragraph.text.strip()
                if _NUMBER_LINE.match(text) or title_key(text) in titles:
                    return table
                if _style_name(paragraph) in names and text:
                    return table
    return None


# ---------------------------------------------------------------------------
# A resolution: header table, body, signature table, page headers
# ---------------------------------------------------------------------------


def locate_resolution(
    document: Any,
    profile: Profile,
    header: Any,
    specs: dict[str, ParagraphStyle] | None = None,
) -> list[Located]:
    """Return every paragraph of a resolution (or report) with its element and place.

    ``specs`` are the elements to know by style (a report's include its own); the signature
    table is the last two-column table after the header (a report's appendix has more).
    """
    styles = _by_style(specs if specs is not None else profile.styles.elements())
    signature = next(
        (
            t
            for t in reversed(document.tables)
            if t._tbl is not header._tbl and len(t.columns) == SIGNATURE_COLUMNS
        ),
        None,
    )
    located: list[Located] = []
    for table_no, table in enumerate(document.tables, start=1):
        if table._tbl is header._tbl:
            located += _header_cells(table, profile, styles)
        elif signature is not None and table._tbl is signature._tbl:
            located += _signature_cells(table, profile, styles)
        else:
            located += _other_table(table, table_no, styles)
    located += _body(document, profile, styles)
    located += _page_headers(document, styles)
    return located


def _other_table(table: Any, table_no: int, styles: dict[str, str]) -> list[Located]:
    """Return the paragraphs of a table that is neither header nor signature, by style only."""
    located = []
    for cell_no, cell in enumerate(_cells(table), start=1):
        for number, paragraph in enumerate(cell.paragraphs, start=1):
            where = f"bảng {table_no}, ô {cell_no}, đoạn {number}"
            element = styles.get(_style_name(paragraph).casefold())
            located.append(Located(element, paragraph, _where(where, paragraph)))
    return located


def _header_cells(table: Any, profile: Profile, styles: dict[str, str]) -> list[Located]:
    """Return the header table's paragraphs: issuer block left, title and date right."""
    left, right = _column(table, 0), _column(table, 1)
    guessed = _guess_issuer_block(left, profile) | _guess_title_block(right, profile)
    return _locate_columns("bảng tiêu đề", left, right, styles, guessed)


def _guess_issuer_block(left: list[Any], profile: Profile) -> dict[int, str]:
    """Return the elements of the header's left column by order: superior, issuer, star, number."""
    guessed: dict[int, str] = {}
    before_number = []
    for paragraph in left:
        text = paragraph.text.strip()
        if text == (profile.texts.star or "*"):
            guessed[id(paragraph)] = "star"
        elif _NUMBER_LINE.match(text):
            guessed[id(paragraph)] = "number"
            break
        elif text:
            before_number.append(paragraph)
    if before_number:
        guessed[id(before_number[-1])] = "issuer"
        if len(before_number) >= 2:
            guessed[id(before_number[0])] = "superior"
    return guessed


def _guess_title_block(right: list[Any], profile: Profile) -> dict[int, str]:
    """Return the elements of the header's right column by text: titles and the date line."""
    own_titles = {
        title_key(text): name
        for name in ("party_title", "national_title", "motto")
        if (text := getattr(profile.texts, name))
    }
    date_form = form_regex(profile.forms.date_line, DATE_GROUPS, loose=True)
    guessed: dict[int, str] = {}
    for paragraph in right:
        text = paragraph.text.strip()
        if title_key(text) in own_titles:
            guessed[id(paragraph)] = own_titles[title_key(text)]
        elif date_form.search(text):
            guessed[id(paragraph)] = "date_line"
    return guessed


def _signature_cells(table: Any, profile: Profile, styles: dict[str, str]) -> list[Located]:
    """Return the signature table's paragraphs: recipients left, authority and signer right."""
    left, right = _column(table, 0), _column(table, 1)
    guessed: dict[int, str] = {}
    label = title_key(profile.texts.recipients_label).rstrip(":")
    after_label = False
    for paragraph in left:
        text = paragraph.text.strip()
        if not after_label and title_key(text).startswith(label):
            guessed[id(paragraph)] = "recipients_label"
            after_label = True
        elif after_label and text:
            guessed[id(paragraph)] = "recipients"
    filled = [p for p in right if p.text.strip()]
    if filled:
        names = ["authority", "signer_title"]
        if not AUTHORITY.match(filled[0].text.strip()):
            names = ["signer_title"]
        for paragraph, name in zip(filled, names, strict=False):
            guessed[id(paragraph)] = name
        if len(filled) > len(names):
            guessed[id(filled[-1])] = "signer_name"
    return _locate_columns("bảng chữ ký", left, right, styles, guessed)


def _column(table: Any, index: int) -> list[Any]:
    """Return the paragraphs of column ``index`` of ``table``, each merged cell once.

    A column is the ``index``-th cell of each row, whatever the grid columns it spans: the
    header's rows split the width differently (the number's cell is narrower than the issuer
    block above it, the date line's wider than the titles' cell).
    """
    column: list[Any] = []
    seen: set[Any] = set()
    for row in table.rows:
        cells = _distinct(row.cells)
        if index < len(cells) and cells[index]._tc not in seen:
            seen.add(cells[index]._tc)
            column += cells[index].paragraphs
    return column


def _distinct(cells: Sequence[Any]) -> list[Any]:
    """Return ``cells`` with a cell spanning several grid columns once (python-docx repeats)."""
    distinct: list[Any] = []
    for cell in cells:
        if not distinct or cell._tc is not distinct[-1]._tc:
            distinct.append(cell)
    return distinct


def _locate_columns(
    table: str,
    left: list[Any],
    right: list[Any],
    styles: dict[str, str],
    guessed: dict[int, str],
) -> list[Located]:
    """Return the paragraphs of a two-column table, each named by its style or else by guess."""
    located = []
    for side, paragraphs in (("trái", left), ("phải", right)):
        for number, paragraph in enumerate(paragraphs, start=1):
            element = styles.get(_style_name(paragraph).casefold()) or guessed.get(id(paragraph))
            where = _where(f"{table}, cột {side}, đoạn {number}", paragraph)
            located.append(Located(element, paragraph, where))
    return located


def _body(document: Any, profile: Profile, styles: dict[str, str]) -> list[Located]:
    """Return the body paragraphs, by style name or else by their text and order."""
    located = []
    seen: set[str] = set()
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text.strip()
        element = styles.get(_style_name(paragraph).casefold())
        if element is None and text:
            element = _guess_body(text, profile, seen)
        if element is not None:
            seen.add(element)
        located.append(Located(element, paragraph, _where(f"đoạn {number}", paragraph)))
    return located


def _guess_body(text: str, profile: Profile, seen: set[str]) -> str | None:
    """Return the element a body paragraph without a profile style seems to be."""
    texts = profile.texts
    key = title_key(text)
    if key == title_key(texts.document_type):
        return "document_type"
    if key == title_key(texts.decision_heading):
        return "decision_heading"
    if "document_type" not in seen:
        return "draft_mark" if key.startswith(title_key(texts.draft_mark)) else None
    if texts.subject_rule and text == texts.subject_rule:
        return "subject_rule"
    if "subject" not in seen:
        is_conference = text == text.upper() and "conference_line" not in seen
        return "conference_line" if is_conference else "subject"
    if _HEADING.match(text):
        return "heading"
    return "body"


def _page_headers(document: Any, styles: dict[str, str]) -> list[Located]:
    """Return the paragraphs of every section's own header and footer."""
    located = []
    for section in document.sections:
        for place, part in (
            ("đầu trang (từ trang 2)", section.header),
            ("chân trang", section.footer),
        ):
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                element = styles.get(_style_name(paragraph).casefold())
                if element is None and has_page_field([paragraph]):
                    element = "page_number"
                located.append(Located(element, paragraph, _where(place, paragraph)))
    return located


def has_page_field(paragraphs: Iterable[Any]) -> bool:
    """Return whether a PAGE field (complex or simple) is in one of ``paragraphs``."""
    for paragraph in paragraphs:
        element = paragraph._p
        instructions = "".join(t.text or "" for t in element.iter(f"{W}instrText"))
        simple = " ".join(f.get(f"{W}instr", "") for f in element.iter(f"{W}fldSimple"))
        if "PAGE" in instructions.split() or "PAGE" in simple.split():
            return True
    return False


# ---------------------------------------------------------------------------
# A press summary
# ---------------------------------------------------------------------------


def locate_press(document: Any, profile: Profile) -> list[Located]:
    """Return the press summary's paragraphs: by style name, else headline and lead by order."""
    styles = _by_style(profile.press.styles.elements())
    located = []
    filled = 0
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text.strip()
        element = styles.get(_style_name(paragraph).casefold())
        if element is None and text and filled < 2:
            element = ("headline", "lead")[filled]
        filled += 1 if text else 0
        located.append(Located(element, paragraph, _where(f"đoạn {number}", paragraph)))
    return located


# ---------------------------------------------------------------------------
# Names and places
# ---------------------------------------------------------------------------


def _style_name(paragraph: Any) -> str:
    """Return the name of the paragraph's style, "" when it has none."""
    style = paragraph.style
    return "" if style is None else str(style.name)


def _by_style(profile_styles: dict[str, ParagraphStyle]) -> dict[str, str]:
    """Return the profile's elements by their style name, casefolded."""
    return {spec.style_name.casefold(): name for name, spec in profile_styles.items()}


def _where(place: str, paragraph: Any) -> str:
    """Return ``place`` followed by the start of the paragraph's text, when it has text."""
    text = paragraph.text.strip()
    return f"{place}: «{_snippet(text)}»" if text else place


def _snippet(text: str) -> str:
    """Return the start of ``text`` (NFC), cut at ``SNIPPET`` characters with "…"."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= SNIPPET else text[:SNIPPET] + "…"
