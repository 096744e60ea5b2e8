"""Build the DOCX templates (docxtpl tags) from a format profile, reproducibly.

The templates are ordinary Word files a clerk can open, restyle and keep: every element has a
named paragraph style carrying the profile's font and size, the page setup comes from the
profile, and every Jinja tag sits in one run so docxtpl sees it whole. Every Vietnamese text
written here comes from the profile; the same profile gives the same bytes (fixed document
dates, fixed zip timestamps).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.files import atomic_write_bytes
from drafter.profiles import (
    DEFAULT_PROFILE,
    LITERAL_ELEMENTS,
    Margins,
    PageSetup,
    ParagraphStyle,
    Profile,
    available_profiles,
    load_profile,
)
from drafter.text_metrics import mm_from_pt, text_width_pt

RESOLUTION_TEMPLATE = "nghi-quyet-hoi-nghi.docx"
PRESS_TEMPLATE = "tin-bai.docx"

BUILD_TIME = datetime(2024, 1, 1, 0, 0, 0)
AUTHOR = "drafter"
CELL_MARGIN_MM = 1.905  # 108 twips: Word's default left/right cell margin, made explicit
NUMBER_MAX_MM = 36
"""The widest number line the header leaves room for ("Số 1234-NQ/ĐU" is 34 mm at 14 pt):
the rest of the row, 114 mm in the Party layout, is the date line's."""
RULE_SLACK_MM = 1.0  # the rule under a title exceeds the estimated text width by this much

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_KEPT_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})
_DROPPED_PARTS = frozenset(
    {
        RT.THUMBNAIL,
        RT.CUSTOM_XML,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
)
_ALIGNMENT = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)

# ---------------------------------------------------------------------------
# Document, styles, page setup
# ---------------------------------------------------------------------------


def _new_document(
    *, font_family: str, language: str, size_pt: float, page: PageSetup, margins: Margins
) -> Any:
    """Return a blank document with the profile's defaults and nothing else a clerk would trip on.

    python-docx's starting file carries a thumbnail, custom XML, Word 2010 style effects and
    ~160 Calibri-themed styles; they are dropped so the template holds only its own styles.
    """
    document = Document()
    _drop_parts(document)
    styles_element = document.styles.element
    for style in list(styles_element.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles_element.remove(style)
    _set_defaults(styles_element, font_family, language, size_pt)
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), font_family)
    normal.font.size = Pt(size_pt)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
    section = document.sections[0]
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    section.top_margin = Mm(margins.top_mm)
    section.bottom_margin = Mm(margins.bottom_mm)
    section.left_margin = Mm(margins.left_mm)
    section.right_margin = Mm(margins.right_mm)
    section.header_distance = Mm(margins.header_mm)
    section.footer_distance = Mm(margins.footer_mm)
    section.gutter = Mm(0)
    return document


def _drop_parts(document: Any) -> None:
    """Remove the starting file's parts that are not part of a template (python-docx's own)."""
    for owner in (document.part.package, document.part):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype in _DROPPED_PARTS:
                del owner.rels[r_id]


def _set_defaults(styles_element: Any, font_family: str, language: str, size_pt: float) -> None:
    """Replace the theme fonts of the document defaults by the profile's font on all scripts."""
    defaults = styles_element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(r_pr, font_family)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), str(round(size_pt * 2)))
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def _set_fonts(r_pr: Any, font_family: str) -> None:
    """Name ``font_family`` for Latin, East Asian and complex scripts, without theme fonts.

    Word picks the font per script: naming only ascii/hAnsi lets Vietnamese text typed with
    some input methods fall back to a theme font, so all four are set and themes removed.
    """
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font_family)


def _add_style(document: Any, style_id: str, spec: ParagraphStyle, font_family: str) -> Any:
    """Return a new paragraph style named as the profile says, carrying all of ``spec``.

    ``caps`` is not turned into Word's All Caps: the text itself is in capitals (the context
    supplies it so), and a template showing "{{ ISSUER }}" would mislead a clerk editing it.
    """
    style = document.styles.add_style(spec.style_name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.priority = 1
    font = style.font
    _set_fonts(style.element.get_or_add_rPr(), font_family)
    font.size = Pt(spec.size_pt)
    if spec.bold:
        font.bold = True
    if spec.italic:
        font.italic = True
    if spec.underline:
        font.underline = True
    fmt = style.paragraph_format
    fmt.alignment = _ALIGNMENT[spec.alignment]
    fmt.space_before = Pt(spec.space_before_pt)
    fmt.space_after = Pt(spec.space_after_pt)
    fmt.first_line_indent = Mm(spec.first_line_indent_mm)
    if spec.first_line_indent_mm < 0:  # a hanging indent: wrapped lines align after "- "
        fmt.left_indent = Mm(-spec.first_line_indent_mm)
    fmt.widow_control = True  # never one line of a paragraph alone at a page's top or foot
    if spec.line_spacing_pt is not None:
        fmt.line_spacing = Pt(spec.line_spacing_pt)
    else:
        fmt.line_spacing = spec.line_spacing_multiple or 1.0
    if spec.keep_with_next:
        fmt.keep_with_next = True
    return style


def _add_styles(
    document: Any, prefix: str, elements: dict[str, ParagraphStyle], font_family: str
) -> dict[str, str]:
    """Return the style name of each element after adding one style per element."""
    for element, spec in elements.items():
        style_id = prefix + "".join(part.capitalize() for part in element.split("_"))
        _add_style(document, style_id, spec, font_family)
    return {element: spec.style_name for element, spec in elements.items()}


def _bottom_border(p_pr: Any) -> None:
    """Add a solid bottom border (the rule) to a paragraph or style's properties."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_PPR_AFTER_PBDR)


def _rule_indent_mm(column_mm: float, rule_mm: float) -> float:
    """Return the left and right indent that centre a rule of ``rule_mm`` in a table column."""
    available = column_mm - 2 * CELL_MARGIN_MM
    return max(0.0, (available - rule_mm) / 2)


def _rule_under_style(
    document: Any, spec: ParagraphStyle, text: str, column_mm: float | None, text_mm: float
) -> None:
    """Draw a style's rule: as long as its (profile) text, or as the profile's fixed length."""
    if spec.rule_length_mm is not None:
        length = spec.rule_length_mm
    else:
        length = mm_from_pt(text_width_pt(text, spec.size_pt, bold=spec.bold)) + RULE_SLACK_MM
    style = document.styles[spec.style_name]
    _bottom_border(style.element.get_or_add_pPr())
    indent = _rule_indent_mm(column_mm if column_mm is not None else text_mm, length)
    style.paragraph_format.left_indent = Mm(indent)
    style.paragraph_format.right_indent = Mm(indent)


def _rule_paragraph(container: Any, length_mm: float, column_mm: float) -> None:
    """Add a thin empty paragraph whose border is a rule of fixed length under the one above.

    Used under text the context supplies (its width is unknown when the template is built):
    the text keeps the full column, the rule its own length.
    """
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent = _rule_indent_mm(column_mm, length_mm)
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    _bottom_border(paragraph._p.get_or_add_pPr())
    _mark_size(paragraph, 2)


# ---------------------------------------------------------------------------
# Paragraphs and tables
# ---------------------------------------------------------------------------


class _Writer:
    """Append paragraphs to one container (body or table cell), reusing a cell's first one."""

    def __init__(self, container: Any, *, cell: bool = False) -> None:
        self.container = container
        self._spare = container.paragraphs[0] if cell else None

    def _paragraph(self, style: str | None) -> Any:
        if self._spare is not None:
            paragraph, self._spare = self._spare, None
            if style is not None:
                paragraph.style = style
            return paragraph
        return self.container.add_paragraph(style=style)

    def text(self, style: str | None, text: str = "") -> Any:
        """Add a paragraph of ``style`` holding ``text`` in a single run (or no run)."""
        paragraph = self._paragraph(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def tag(self, statement: str) -> None:
        """Add a docxtpl paragraph tag ``{%p statement %}``: the whole paragraph is replaced."""
        self.text(None, f"{{%p {statement} %}}")

    def field(self, style: str, name: str) -> Any:
        """Return a new paragraph printing the context value ``name`` (its tag in one run)."""
        return self.text(style, f"{{{{ {name} }}}}")

    def kept_field(self, condition: str, style: str, name: str) -> None:
        """Add a paragraph printing ``name``, kept with the next one when ``condition`` holds.

        The closing lines of a body so keep with the signature that follows them.
        """
        self.tag(f"if {condition}")
        kept = self.field(style, name)
        kept.paragraph_format.keep_with_next = True
        self.tag("else")
        self.field(style, name)
        self.tag("endif")

    def optional_field(self, style: str, name: str) -> None:
        """Add a paragraph printing ``name`` that vanishes when the value is empty."""
        self.tag(f"if {name}")
        self.field(style, name)
        self.tag("endif")


def _two_columns(document: Any, left_mm: float, total_mm: float) -> tuple[Any, Any]:
    """Return the two cells of a new borderless, fixed-width, unsplittable one-row table."""
    table = _borderless_table(document, (left_mm, total_mm - left_mm), rows=1)
    return table.cell(0, 0), table.cell(0, 1)


def _borderless_table(document: Any, widths: Sequence[float], *, rows: int) -> Any:
    """Return a new borderless table of fixed column ``widths`` (mm) whose rows cannot split."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths) / 25.4 * 1440)))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_MM / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_TBLPR_AFTER_BORDERS[3:])
    for column, width_mm in zip(table.columns, widths, strict=True):
        column.width = Mm(width_mm)
    for row in table.rows:
        for cell, width_mm in zip(row.cells, widths, strict=True):
            cell.width = Mm(width_mm)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def _page_number_header(document: Any, style: str) -> None:
    """Put a PAGE field, centred, in the header of pages 2 on, and nothing on page 1."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = style
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run._r.append(text)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = style


def _closing_paragraph(document: Any) -> None:
    """End the body with a 1 pt paragraph: Word wants one after a table, but no new page."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(1)
    _mark_size(paragraph, 1)


def _mark_size(paragraph: Any, size_pt: int) -> None:
    """Set the size of an empty paragraph's mark, which sets the empty line's height."""
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(size_pt * 2))
    mark.append(size)
    paragraph._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")


def _finish(document: Any, title: str) -> bytes:
    """Return the document's bytes with fixed metadata and zip timestamps (reproducible)."""
    properties = document.core_properties
    properties.title = title
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.revision = 1
    properties.created = BUILD_TIME
    properties.modified = BUILD_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Return ``data`` re-zipped with constant timestamps and attributes, same entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, source.read(entry.filename))
    return target.getvalue()


# ---------------------------------------------------------------------------
# The two templates
# ---------------------------------------------------------------------------


def build_resolution(profile: Profile) -> bytes:
    """Return the draft-resolution template laid out by ``profile`` (Party or state)."""
    document, names, body = official_start(profile)
    body.optional_field(names["conference_line"], "conference_line")
    body.field(names["subject"], "subject")
    body.text(names["subject_rule"], profile.texts.subject_rule)
    body.field(names["body"], "opening")
    body.text(names["decision_heading"], profile.texts.decision_heading)
    body.tag("for part in parts")
    body.field(names["heading"], "part.heading")
    body.tag("for paragraph in part.paragraphs")
    body.kept_field("loop.revindex <= part.kept", names["body"], "paragraph")
    body.tag("endfor")
    body.tag("endfor")
    _resolution_signature(document, profile, names)
    _closing_paragraph(document)
    _page_number_header(document, names["page_number"])
    return _finish(document, profile.texts.template_title)


def official_start(
    profile: Profile, extra: dict[str, ParagraphStyle] | None = None
) -> tuple[Any, dict[str, str], _Writer]:
    """Return a new official document up to its type line, its style names and its writer.

    The profile's styles (and ``extra``, a document's own) are added, then the header table
    and the draft mark where the profile puts it, then the type line of ``profile.texts``.
    """
    document = _new_document(
        font_family=profile.font_family,
        language=profile.language,
        size_pt=profile.styles.body.size_pt,
        page=profile.page,
        margins=profile.margins,
    )
    names = _add_styles(document, "Vb", profile.styles.elements(), profile.font_family)
    if extra:
        names |= _add_styles(document, "Bc", extra, profile.font_family)
    _title_rules(document, profile)
    body = _Writer(document)
    if profile.layout.draft_mark_position == "page_top":
        body.optional_field(names["draft_mark"], "draft_mark")
    _resolution_header(document, profile, names)
    if profile.layout.draft_mark_position == "before_document_type":
        body.optional_field(names["draft_mark"], "draft_mark")
    body.text(names["document_type"], profile.texts.document_type)
    return document, names, body


def _title_rules(document: Any, profile: Profile) -> None:
    """Draw the rules under the profile's own texts (party title, motto, subject rule)."""
    total = profile.text_width_mm
    right_mm = total - profile.layout.header_left_mm
    in_right_column = {"party_title", "national_title", "motto"}
    for element, spec in profile.styles.elements().items():
        if spec.rule_below and element in LITERAL_ELEMENTS:
            text = getattr(profile.texts, element) or ""
            column = right_mm if element in in_right_column else None
            _rule_under_style(document, spec, text, column, total)


def _resolution_header(document: Any, profile: Profile, names: dict[str, str]) -> None:
    """Add the header table: issuer block on the left, title and date on the right.

    Two rows: the number and the date line share the second, so the date line stands level
    with the number, below the issuer however many lines it takes, with the width the number
    leaves (``_header_table``).
    """
    left_mm = profile.layout.header_left_mm
    number_mm = _number_column_mm(left_mm, _widest_number_mm(profile))
    (left, right), (number, dated) = _header_table(
        document, left_mm, number_mm, profile.text_width_mm
    )
    left_side = _Writer(left, cell=True)
    left_side.optional_field(names["superior"], "superior")
    left_side.field(names["issuer"], "issuer")
    issuer = profile.styles.issuer
    if issuer.rule_below and issuer.rule_length_mm is not None:
        _rule_paragraph(left, issuer.rule_length_mm, left_mm)
    if profile.texts.star is not None:
        left_side.text(names["star"], profile.texts.star)
    _Writer(number, cell=True).field(names["number"], "number_line")
    right_side = _Writer(right, cell=True)
    for element in ("party_title", "national_title", "motto"):
        literal = getattr(profile.texts, element)
        if literal is not None:
            right_side.text(names[element], literal)
    _Writer(dated, cell=True).field(names["date_line"], "date_line")
    beside_number = left_mm - number_mm
    centred = profile.styles.date_line.alignment == "center"
    _date_line_reach(document, names["date_line"], beside_number if centred else 0)


def _number_column_mm(left_mm: float, number_mm: float) -> float:
    """Return the width of the number's cell, under the issuer block of ``left_mm``: wide
    enough for a number line of ``number_mm`` centred under the block."""
    return min(left_mm, (left_mm + number_mm) / 2)


def _widest_number_mm(profile: Profile) -> float:
    """Return the width the profile's widest number line needs, at least ``NUMBER_MAX_MM``:
    the state report's "Số: 1234/BC-UBND" at 13 pt is wider than the Party's "Số 1234-NQ/ĐU"."""
    texts = profile.report.texts if profile.report is not None else None
    kinds = ["NQ", *([texts.type_code] if texts else [])]
    issuers = ["ĐU", *([texts.issuer_code] if texts and texts.issuer_code else [])]
    spec = profile.styles.number
    lines = [profile.number_line(n, k, i) for n in (None, 1234) for k in kinds for i in issuers]
    widths = [mm_from_pt(text_width_pt(line, spec.size_pt, bold=spec.bold)) for line in lines]
    return max(NUMBER_MAX_MM, *(width + 2 * RULE_SLACK_MM for width in widths))


def _header_table(
    document: Any, left_mm: float, number_mm: float, total_mm: float
) -> list[tuple[Any, Any]]:
    """Return the cells of the header table, row by row: (issuer block, titles), (number, date).

    The date line stands level with the number and takes the width the issuer block leaves
    there: the place is written in full when it is named after a person ("Thành phố Hồ Chí
    Minh, ngày 30 tháng 12 năm 2025" is 106 mm, "Phường Nguyễn Trung Trực, …" 113 mm), wider
    than the titles' column (99 mm), which cannot grow: the issuer block holds "ĐẢNG BỘ TỈNH
    LẠNG SƠN". So the grid has three columns: the first row spans the first two for the issuer
    block, the second gives the last two to the date line; the number keeps the first, wide
    enough for the widest number line (``number_mm`` wide) and indented to stand centred
    under the issuer.
    """
    table = _borderless_table(
        document, (number_mm, left_mm - number_mm, total_mm - left_mm), rows=2
    )
    issuer_block = table.cell(0, 0).merge(table.cell(0, 1))
    date_cell = table.cell(1, 1).merge(table.cell(1, 2))
    issuer_block.width = Mm(left_mm)
    date_cell.width = Mm(total_mm - number_mm)
    number_cell = table.cell(1, 0)
    number = number_cell.paragraphs[0].paragraph_format
    # centred on the issuer block's middle: the cell's left margin plus this indent, and the
    # right margin taken back, make the paragraph as wide on each side of that middle
    number.left_indent = Mm(left_mm - number_mm - CELL_MARGIN_MM)
    number.right_indent = Mm(-CELL_MARGIN_MM)
    return [(issuer_block, table.cell(0, 2)), (number_cell, date_cell)]


def _date_line_reach(document: Any, style: str, beside_number_mm: float) -> None:
    """Let the date line use its cell's margins too, up to the text's right edge.

    The widest date lines need the whole cell; the cell margins only keep text off a border,
    and the header has none. A centred date line (the state layout) stays centred under the
    titles: it leaves the ``beside_number_mm`` its cell has more than theirs.
    """
    fmt = document.styles[style].paragraph_format
    fmt.left_indent = Mm(beside_number_mm - CELL_MARGIN_MM)
    fmt.right_indent = Mm(-CELL_MARGIN_MM)


def _resolution_signature(document: Any, profile: Profile, names: dict[str, str]) -> None:
    """Add the signature table: recipients on the left, authority and signer on the right."""
    recipients_cell, signature_cell = _two_columns(
        document, profile.layout.signature_left_mm, profile.text_width_mm
    )
    recipients = _Writer(recipients_cell, cell=True)
    recipients.text(names["recipients_label"], profile.texts.recipients_label)
    recipients.tag("for recipient in recipients")
    recipients.field(names["recipients"], "recipient")
    recipients.tag("endfor")
    signature = _Writer(signature_cell, cell=True)
    signature.field(names["authority"], "authority")
    signature.field(names["signer_title"], "signer_title")
    for _ in range(profile.layout.signature_space_lines):
        signature.text(None)
    signature.optional_field(names["signer_name"], "signer_name")
    for cell in (recipients_cell, signature_cell):  # the row cannot split: keep it whole
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def build_press(profile: Profile) -> bytes:
    """Return the press-summary template laid out by ``profile.press``."""
    press = profile.press
    document = _new_document(
        font_family=press.font_family,
        language=profile.language,
        size_pt=press.styles.body.size_pt,
        page=press.page,
        margins=press.margins,
    )
    names = _add_styles(document, "Tin", press.styles.elements(), press.font_family)
    body = _Writer(document)
    body.field(names["headline"], "headline")
    body.field(names["lead"], "lead")
    body.optional_field(names["body"], "chair")
    body.optional_field(names["body"], "attendance")
    body.tag("for photo in photos")
    body.optional_field(names["photo"], "photo.image")
    body.optional_field(names["caption"], "photo.caption")
    body.tag("endfor")
    body.tag("for section in sections")
    body.field(names["body"], "section")
    body.tag("endfor")
    body.optional_field(names["byline"], "byline")
    return _finish(document, press.template_title)


def build_templates(out_dir: Path, profile: Profile | None = None) -> list[Path]:
    """Return the template files written into ``out_dir``, built from ``profile`` (hd36).

    The report has one template per family of forms (Party, state): each built-in profile
    with a ``report`` section builds its own, ``profile``'s taking the place of its namesake.
    """
    from drafter.report_template import build_report

    chosen = profile if profile is not None else load_profile(DEFAULT_PROFILE)
    built = {
        RESOLUTION_TEMPLATE: build_resolution(chosen),
        PRESS_TEMPLATE: build_press(chosen),
    }
    reports = {p.report.template: p for p in map(load_profile, available_profiles()) if p.report}
    if chosen.report is not None:
        reports[chosen.report.template] = chosen
    for name, reporting in sorted(reports.items()):
        built[name] = build_report(reporting)
    written: list[Path] = []
    for name, data in built.items():
        path = out_dir / name
        atomic_write_bytes(path, data, overwrite=True)
        path.chmod(0o644)  # the temporary file was private; a template is for everyone to read
        written.append(path)
    return written


def template_parts(data: bytes) -> dict[str, bytes]:
    """Return a DOCX's parts by name, to compare two builds independently of compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


__all__ = [
    "PRESS_TEMPLATE",
    "RESOLUTION_TEMPLATE",
    "build_press",
    "build_resolution",
    "build_templates",
    "template_parts",
    "text_width_pt",
]
