"""Layout assertions on rendered DOCX files, driven by a format profile, never by constants.

Each function opens a rendered document with python-docx and fails with a message naming the
element and the profile key that disagree. Formatting is resolved the way Word does it: the
run, then the paragraph, then the style chain, then the document defaults.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from drafter.profiles import Margins, PageSetup, ParagraphStyle, Profile
from drafter.template_builder import CELL_MARGIN_MM, RULE_SLACK_MM, text_width_pt
from tests.helpers import row_cells

MM_TOLERANCE = 0.2  # twips rounding of lengths written in millimetres
PT_TOLERANCE = 0.05
FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
NO_BORDER = frozenset({"nil", "none"})

_ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_EMU_PER_MM = 36000
_EMU_PER_PT = 12700


# ---------------------------------------------------------------------------
# Resolving formatting
# ---------------------------------------------------------------------------


def _chain(paragraph: Any) -> list[Any]:
    """Return the paragraph's style and its ancestors, nearest first."""
    styles = []
    style = paragraph.style
    while style is not None:
        styles.append(style)
        style = style.base_style
    return styles


def _default_rpr(document: Any) -> Any:
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def _font(document: Any, paragraph: Any, attribute: str) -> Any:
    """Return a font property as Word shows it: runs, then the style chain, then defaults."""
    values = {
        getattr(run.font, attribute)
        for run in paragraph.runs
        if run.text.strip() and getattr(run.font, attribute) is not None
    }
    assert len(values) <= 1, f"runs of «{paragraph.text}» disagree on {attribute}: {values}"
    if values:
        return values.pop()
    for style in _chain(paragraph):
        value = getattr(style.font, attribute)
        if value is not None:
            return value
    if attribute == "size":
        size = _default_rpr(document).find(qn("w:sz"))
        return None if size is None else int(size.get(qn("w:val"))) * _EMU_PER_PT // 2
    return False


def _paragraph_format(paragraph: Any, attribute: str) -> Any:
    """Return a paragraph property: the paragraph's own, else the nearest style's."""
    value = getattr(paragraph.paragraph_format, attribute)
    if value is not None:
        return value
    for style in _chain(paragraph):
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
    return None


def _border(paragraph: Any, edge: str) -> Any:
    """Return the paragraph's border element on ``edge`` (own or from its styles), or None."""
    holders = [paragraph._p.pPr] + [style.element.pPr for style in _chain(paragraph)]
    for p_pr in holders:
        if p_pr is None:
            continue
        line = p_pr.find(f"{qn('w:pBdr')}/{qn(f'w:{edge}')}")
        if line is not None:
            return line
    return None


def _close(actual: float, expected: float, tolerance: float, what: str) -> None:
    assert abs(actual - expected) <= tolerance, f"{what}: {actual:g}, profile says {expected:g}"


def assert_element(document: Any, paragraph: Any, spec: ParagraphStyle, element: str) -> None:
    """Assert one paragraph looks as the profile's ``element`` style says."""
    label = f"{element} «{paragraph.text[:40]}»"
    size = _font(document, paragraph, "size")
    assert size is not None, f"{label}: no font size"
    _close(size / _EMU_PER_PT, spec.size_pt, PT_TOLERANCE, f"{label} size_pt")
    for key in ("bold", "italic", "underline"):
        actual = bool(_font(document, paragraph, key))
        assert actual == getattr(spec, key), f"{label}: {key} is {actual}, profile says not so"
    all_caps = bool(_font(document, paragraph, "all_caps"))
    if spec.caps:
        shown = paragraph.text
        assert all_caps or shown == shown.upper(), f"{label}: profile says capitals"
    else:
        assert not all_caps, f"{label}: All Caps formatting, profile says not so"
    alignment = _paragraph_format(paragraph, "alignment") or WD_ALIGN_PARAGRAPH.LEFT
    assert alignment == _ALIGNMENTS[spec.alignment], (
        f"{label}: alignment {alignment}, profile says {spec.alignment}"
    )
    for key, attribute in (("space_before_pt", "space_before"), ("space_after_pt", "space_after")):
        value = _paragraph_format(paragraph, attribute) or 0
        _close(value / _EMU_PER_PT, getattr(spec, key), PT_TOLERANCE, f"{label} {key}")
    indent = _paragraph_format(paragraph, "first_line_indent") or 0
    _close(indent / _EMU_PER_MM, spec.first_line_indent_mm, MM_TOLERANCE, f"{label} indent")
    rule = _paragraph_format(paragraph, "line_spacing_rule")
    spacing = _paragraph_format(paragraph, "line_spacing")
    if spec.line_spacing_pt is not None:
        assert rule == WD_LINE_SPACING.EXACTLY, f"{label}: line spacing is not exact"
        _close(spacing / _EMU_PER_PT, spec.line_spacing_pt, PT_TOLERANCE, f"{label} line")
    else:
        expected = spec.line_spacing_multiple or 1.0
        assert isinstance(spacing, float), f"{label}: line spacing is not a multiple"
        _close(spacing, expected, 0.01, f"{label} line_spacing_multiple")
    if spec.rule_below and spec.rule_length_mm is None:
        line = _border(paragraph, "bottom")
        assert line is not None and line.get(qn("w:val")) not in NO_BORDER, f"{label}: no rule"


# ---------------------------------------------------------------------------
# Page, fonts, tables, header
# ---------------------------------------------------------------------------


def assert_page(document: Any, page: PageSetup, margins: Margins) -> None:
    """Assert paper size, orientation and margins of every section."""
    for section in document.sections:
        for attribute, expected in (
            ("page_width", page.width_mm),
            ("page_height", page.height_mm),
            ("top_margin", margins.top_mm),
            ("bottom_margin", margins.bottom_mm),
            ("left_margin", margins.left_mm),
            ("right_margin", margins.right_mm),
            ("header_distance", margins.header_mm),
        ):
            actual = getattr(section, attribute) / _EMU_PER_MM
            _close(actual, expected, MM_TOLERANCE, attribute)
        portrait = section.page_width < section.page_height
        assert portrait == (page.orientation == "portrait"), "orientation"


def _assert_font_element(fonts: Any, family: str, where: str) -> None:
    for attribute in FONT_ATTRIBUTES:
        assert fonts.get(qn(attribute)) == family, f"{where}: {attribute} is not «{family}»"
    for attribute in THEME_ATTRIBUTES:
        assert fonts.get(qn(attribute)) is None, f"{where}: theme font {attribute} overrides"


def assert_fonts(document: Any, family: str, styles: Iterable[ParagraphStyle]) -> None:
    """Assert the font is named for all four scripts in the defaults and every profile style."""
    fonts = _default_rpr(document).find(qn("w:rFonts"))
    assert fonts is not None, "document defaults name no font"
    _assert_font_element(fonts, family, "document defaults")
    for spec in styles:
        style = document.styles[spec.style_name]
        while style is not None:
            r_pr = style.element.rPr
            fonts = None if r_pr is None else r_pr.find(qn("w:rFonts"))
            if fonts is not None:
                _assert_font_element(fonts, family, f"style «{style.name}»")
            style = style.base_style


def assert_borderless_two_columns(table: Any, what: str) -> None:
    """Assert each row of a table has two cells (spanning columns of the grid as they need)
    and the table draws no border at all."""
    for row in table.rows:
        cells = row_cells(row)
        assert len(cells) == 2, f"{what}: a row has {len(cells)} cells"
    assert table.style is None or table.style.name == "Normal Table", f"{what}: table style"
    for borders in table._tbl.iter(qn("w:tblBorders"), qn("w:tcBorders")):
        for line in borders:
            value = line.get(qn("w:val"))
            assert value in NO_BORDER, f"{what}: border {line.tag} is {value}"


def _has_page_field(paragraphs: Iterable[Any]) -> bool:
    for paragraph in paragraphs:
        element = paragraph._p
        begins = element.findall(f".//{qn('w:fldChar')}")
        instructions = "".join(t.text or "" for t in element.iter(qn("w:instrText")))
        simple = [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
        if (begins and "PAGE" in instructions.split()) or any("PAGE" in s for s in simple):
            return True
    return False


def assert_page_numbers(document: Any, profile: Profile) -> None:
    """Assert a centred PAGE field in the header and nothing at all on page 1."""
    section = document.sections[0]
    assert section.different_first_page_header_footer, "different first page is not set"
    header = section.header
    assert not header.is_linked_to_previous, "no header of its own"
    assert _has_page_field(header.paragraphs), "no PAGE field in the header"
    spec = profile.styles.page_number
    for paragraph in header.paragraphs:
        if _has_page_field([paragraph]):
            assert_element(document, paragraph, spec, "page_number")
    first = section.first_page_header
    assert not first.is_linked_to_previous, "page 1 has no header of its own"
    assert not any(p.text.strip() for p in first.paragraphs), "page 1 header has text"
    assert not _has_page_field(first.paragraphs), "page 1 header has a field"
    assert not first._element.findall(f".//{qn('w:drawing')}"), "page 1 header has a drawing"


# ---------------------------------------------------------------------------
# Finding elements
# ---------------------------------------------------------------------------


def _cell_paragraphs(table: Any, column: int) -> list[Any]:
    return [p for row in table.rows for p in row_cells(row)[column].paragraphs]


def _with_style(paragraphs: Iterable[Any], spec: ParagraphStyle) -> list[Any]:
    return [p for p in paragraphs if p.style is not None and p.style.name == spec.style_name]


def _with_text(paragraphs: Iterable[Any], text: str, element: str) -> Any:
    found = [p for p in paragraphs if p.text == text]
    assert len(found) == 1, f"{element}: {len(found)} paragraphs read «{text}», expected 1"
    return found[0]


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _one_with_style(paragraphs: list[Any], spec: ParagraphStyle, element: str) -> Any:
    found = [p for p in _with_style(paragraphs, spec) if p.text.strip()]
    assert len(found) == 1, f"{element}: {len(found)} paragraphs in style «{spec.style_name}»"
    return found[0]


def _assert_rule_length(document: Any, paragraph: Any, spec: ParagraphStyle, table: Any) -> None:
    """Assert the rule under a title is about as long as the title (the profile's text)."""
    cell = next(c for c in row_cells(table.rows[0]) if paragraph._p in c._tc.iter(qn("w:p")))
    column_mm = int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) * 25.4 / 1440
    left = (_paragraph_format(paragraph, "left_indent") or 0) / _EMU_PER_MM
    right = (_paragraph_format(paragraph, "right_indent") or 0) / _EMU_PER_MM
    rule_mm = column_mm - 2 * CELL_MARGIN_MM - left - right
    text_mm = text_width_pt(paragraph.text, spec.size_pt, bold=spec.bold) * 25.4 / 72
    assert text_mm <= rule_mm <= text_mm + RULE_SLACK_MM + 1.0, (
        f"rule under «{paragraph.text}» is {rule_mm:.1f} mm, the text about {text_mm:.1f} mm"
    )


# ---------------------------------------------------------------------------
# Public assertions
# ---------------------------------------------------------------------------


def assert_resolution_layout(
    path: Path, profile: Profile, date_line: str | None = None, *, superior: bool = True
) -> None:
    """Assert a rendered resolution follows ``profile``: page, fonts, header, body, signature.

    ``superior`` is False for a provincial committee, whose header has no superior line.
    """
    document = Document(str(path))
    styles = profile.styles
    texts = profile.texts
    assert_page(document, profile.page, profile.margins)
    assert_fonts(document, profile.font_family, styles.elements().values())
    assert len(document.tables) >= 2, "header and signature tables are missing"
    header, signature = document.tables[0], document.tables[-1]
    assert_borderless_two_columns(header, "header table")
    assert_borderless_two_columns(signature, "signature table")

    left, right = _cell_paragraphs(header, 0), _cell_paragraphs(header, 1)
    order = []
    elements = ("superior", "issuer", "number") if superior else ("issuer", "number")
    if not superior:
        assert not [p for p in _with_style(left, styles.superior) if p.text.strip()], (
            "a provincial committee writes no superior line"
        )
    for element in elements:
        spec = getattr(styles, element)
        paragraph = _one_with_style(left, spec, element)
        assert_element(document, paragraph, spec, element)
        order.append(left.index(paragraph))
    issuer_at = elements.index("issuer")
    if styles.star is not None and texts.star is not None:
        star = _with_text(left, texts.star, "star")
        assert_element(document, star, styles.star, "star")
        order.insert(issuer_at + 1, left.index(star))
    assert order == sorted(order), "header left column is out of order"
    if styles.issuer.rule_below and styles.issuer.rule_length_mm is not None:
        issuer = left[order[issuer_at]]
        following = left[left.index(issuer) + 1]
        line = _border(following, "bottom")
        assert not following.text and line is not None, "no rule under the issuer"
    for element in ("party_title", "national_title", "motto"):
        spec, literal = getattr(styles, element), getattr(texts, element)
        if spec is None or literal is None:
            continue
        paragraph = _with_text(right, literal, element)
        assert_element(document, paragraph, spec, element)
        if spec.rule_below and spec.rule_length_mm is None:
            _assert_rule_length(document, paragraph, spec, header)
    dated = _one_with_style(right, styles.date_line, "date_line")
    assert_element(document, dated, styles.date_line, "date_line")
    if date_line is not None:
        assert dated.text == date_line, f"date line «{dated.text}», expected «{date_line}»"

    body = list(document.paragraphs)
    for paragraph in _with_style(body, styles.draft_mark):
        assert paragraph.text.strip(), "an empty draft mark paragraph is left"
        assert_element(document, paragraph, styles.draft_mark, "draft_mark")
    doc_type = _with_text(body, texts.document_type, "document_type")
    assert_element(document, doc_type, styles.document_type, "document_type")
    for element in ("conference_line", "subject"):
        spec = getattr(styles, element)
        for paragraph in _with_style(body, spec):
            assert_element(document, paragraph, spec, element)
    subject = _one_with_style(body, styles.subject, "subject")
    assert body.index(subject) > body.index(doc_type), "subject comes before the document type"
    if texts.subject_rule:
        rule = _with_text(body, texts.subject_rule, "subject_rule")
    else:
        rule = _with_style(body, styles.subject_rule)[0]
    assert body.index(rule) == body.index(subject) + 1, "the rule does not follow the subject"
    assert_element(document, rule, styles.subject_rule, "subject_rule")
    decision = _with_text(body, texts.decision_heading, "decision_heading")
    assert_element(document, decision, styles.decision_heading, "decision_heading")
    for element in ("body", "heading"):
        spec = getattr(styles, element)
        found = _with_style(body, spec)
        assert found, f"no {element} paragraph"
        for paragraph in found:
            assert paragraph.text.strip(), f"an empty {element} paragraph"
            assert_element(document, paragraph, spec, element)

    recipients_side, signer_side = _cell_paragraphs(signature, 0), _cell_paragraphs(signature, 1)
    label = _with_text(recipients_side, texts.recipients_label, "recipients_label")
    assert_element(document, label, styles.recipients_label, "recipients_label")
    listed = _with_style(recipients_side, styles.recipients)
    assert listed, "no recipients"
    for paragraph in listed:
        assert_element(document, paragraph, styles.recipients, "recipients")
    for element in ("authority", "signer_title"):
        spec = getattr(styles, element)
        assert_element(document, _one_with_style(signer_side, spec, element), spec, element)
    for paragraph in _with_style(signer_side, styles.signer_name):
        assert paragraph.text.strip(), "an empty signer name paragraph is left"
        assert_element(document, paragraph, styles.signer_name, "signer_name")
    assert_page_numbers(document, profile)


def assert_press_layout(path: Path, profile: Profile) -> None:
    """Assert a rendered press summary follows ``profile.press``."""
    document = Document(str(path))
    press = profile.press
    styles = press.styles
    assert_page(document, press.page, press.margins)
    assert_fonts(document, press.font_family, styles.elements().values())
    assert not document.tables, "a press summary has no tables"
    paragraphs = [p for p in document.paragraphs if p.text.strip() or _has_drawing(p)]
    assert paragraphs, "the document is empty"
    assert paragraphs[0].style.name == styles.headline.style_name, "the headline is not first"
    assert paragraphs[1].style.name == styles.lead.style_name, "the lead does not follow"
    for element, spec in styles.elements().items():
        for paragraph in _with_style(paragraphs, spec):
            assert_element(document, paragraph, spec, element)
    for paragraph in _with_style(paragraphs, styles.photo):
        assert _has_drawing(paragraph), "a photo paragraph holds no picture"
        width = paragraph._p.find(f".//{qn('wp:extent')}")
        if width is not None:
            width_mm = int(width.get("cx")) / _EMU_PER_MM
            assert width_mm <= press.text_width_mm + MM_TOLERANCE, "a photo overflows"
    assert _with_style(paragraphs, styles.body), "no body paragraph"
    bylines = _with_style(paragraphs, styles.byline)
    if bylines:
        assert bylines[-1] is paragraphs[-1], "the byline is not last"


def _has_drawing(paragraph: Any) -> bool:
    return bool(paragraph._p.findall(f".//{qn('w:drawing')}"))


# ---------------------------------------------------------------------------
# Text hygiene
# ---------------------------------------------------------------------------

_LEFTOVERS = ("{{", "{%", "}}", "%}", "{#", "#}")
_MISSING_VALUE = re.compile(r"(?<!\w)(?:None|nan|NaN)(?!\w)(?! giải| hoa)")
_SPACE_BEFORE_PUNCT = re.compile(r" [,.;:)]")
_EMPTY_ITEM = re.compile(r"^\s*[-+–•]\s*[,.;]?\s*$")


def _every_paragraph(document: Any) -> Iterator[Any]:
    yield from _all_paragraphs(document)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                yield from part.paragraphs


def assert_clean_text(path: Path, exempt: Iterable[str] = ()) -> None:
    """Assert no leftover tag, missing value, stray space or empty list item is printed.

    ``exempt`` lists paragraph texts allowed several spaces in a row (the blank a draft
    leaves for its number). "nan" is a Vietnamese word in "nan giải", "nan hoa": not flagged.
    """
    allowed = set(exempt)
    problems = []
    for paragraph in _every_paragraph(Document(str(path))):
        text = paragraph.text
        shown = f"«{text[:60]}»"
        if unicodedata.normalize("NFC", text) != text:
            problems.append(f"not NFC: {shown}")
        problems.extend(f"leftover {tag}: {shown}" for tag in _LEFTOVERS if tag in text)
        if _MISSING_VALUE.search(text):
            problems.append(f"missing value printed: {shown}")
        if "  " in text and text not in allowed:
            problems.append(f"doubled space: {shown}")
        if _SPACE_BEFORE_PUNCT.search(text):
            problems.append(f"space before punctuation: {shown}")
        if text != text.strip() and text.strip() and text not in allowed:
            problems.append(f"leading or trailing space: {shown}")
        if _EMPTY_ITEM.match(text) and text.strip():
            problems.append(f"empty list item: {shown}")
    assert not problems, "unclean text:\n" + "\n".join(problems)
