"""Build the period report's DOCX template (báo cáo with its appendix table) from a profile.

The header, body styles and signature are the resolution's (``template_builder``): a report
of the standing committee and its resolution are one family of forms. What is the report's
own: the part and field headings, and the appendix on a new page, a bordered table whose
header row repeats on every page and whose figures are right-aligned.
"""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from drafter.profiles import Profile, ReportProfile
from drafter.template_builder import (
    _TBLPR_AFTER_BORDERS,
    _closing_paragraph,
    _finish,
    _page_number_header,
    _resolution_signature,
    _Writer,
    official_start,
)

_CENTRED = frozenset({"number", "unit", "status"})
NUMBER_COLUMNS = frozenset({3, 4, 5, 6})
"""The columns holding figures (kế hoạch, thực hiện, so với kế hoạch, so với cùng kỳ)."""
_ROW_FIELDS = ("number", "name", "unit", "plan", "actual", "plan_ratio", "change", "status")
"""The appendix row's fields, one per column, in the columns' order."""
_BLOCK_KINDS = (("part", "part_heading"), ("heading", "heading"), ("subheading", "subheading"))
"""Each heading kind of a body block, and the style element it is printed in."""


def build_report(profile: Profile) -> bytes:
    """Return the period report's template laid out by ``profile`` (Party or state)."""
    report = _report_section(profile)
    shown = profile.for_report()
    document, names, body = official_start(shown, report.styles.elements())
    document.styles[names["appendix_label"]].paragraph_format.page_break_before = True
    body.field(names["subject"], "subject")
    body.text(names["subject_rule"], profile.texts.subject_rule)
    _blocks(body, names)
    _resolution_signature(document, shown, names)
    _appendix(document, body, report, names)
    _closing_paragraph(document)
    _page_number_header(document, names["page_number"])
    return _finish(document, report.texts.template_title)


def _report_section(profile: Profile) -> ReportProfile:
    """Return the profile's report section; ``for_report`` raises when there is none."""
    profile.for_report()
    assert profile.report is not None
    return profile.report


def _blocks(body: _Writer, names: dict[str, str]) -> None:
    """Add the loop over the body's blocks: each kind of heading in its style, then the text."""
    body.tag("for block in blocks")
    for index, (kind, element) in enumerate(_BLOCK_KINDS):
        body.tag(f"{'if' if index == 0 else 'elif'} block.kind == '{kind}'")
        body.field(names[element], "block.text")
    body.tag("else")
    body.kept_field("block.kept", names["body"], "block.text")
    body.tag("endif")
    body.tag("endfor")


def _appendix(document: Any, body: _Writer, report: ReportProfile, names: dict[str, str]) -> None:
    """Add the appendix (only when there are rows): label, titles, the table and its notes."""
    body.tag("if rows")
    body.text(names["appendix_label"], report.texts.appendix_label)
    body.field(names["appendix_title"], "appendix_title")
    body.field(names["appendix_subtitle"], "appendix_subtitle")
    _table(document, report, names)
    body.field(names["appendix_note"], "tally")
    body.tag("for note in notes")
    body.field(names["appendix_note"], "note")
    body.tag("endfor")
    body.tag("endif")


def _table(document: Any, report: ReportProfile, names: dict[str, str]) -> None:
    """Add the appendix table: a repeated header row, then a group row or a figures row each."""
    widths = report.column_widths_mm
    table = document.add_table(rows=8, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    header, loop, group_if, group, other, figures, group_end, loop_end = table.rows
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, report.texts.columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _Writer(cell, cell=True).text(names["table_header"], text)
    for row, statement in (
        (loop, "for row in rows"),
        (group_if, "if row.group"),
        (other, "else"),
        (group_end, "endif"),
        (loop_end, "endfor"),
    ):
        _row_tag(row, f"{{%tr {statement} %}}")
    _group_row(group, names)
    _figures_row(figures, names)


def _row_tag(row: Any, tag: str) -> None:
    """Make ``row`` a docxtpl row tag: one merged cell holding ``tag`` (docxtpl drops the row)."""
    merged = row.cells[0].merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    merged.paragraphs[0].add_run(tag)


def _group_row(row: Any, names: dict[str, str]) -> None:
    """Fill the group row: the field's number (centred), then its name across the other columns."""
    number, rest = row.cells[0], row.cells[1].merge(row.cells[-1])
    for extra in rest.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    _Writer(number, cell=True).field(names["table_center"], "row.number")
    _Writer(rest, cell=True).field(names["table_group"], "row.name")


def _figures_row(row: Any, names: dict[str, str]) -> None:
    """Fill the figures row: text left, figures right, the status centred as its header."""
    for index, (cell, field) in enumerate(zip(row.cells, _ROW_FIELDS, strict=True)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        element = "table_number" if index in NUMBER_COLUMNS else "table_text"
        if field in _CENTRED:
            element = "table_center"  # short labels, centred under their headers
        _Writer(cell, cell=True).field(names[element], f"row.{field}")


def _grid_borders(table: Any) -> None:
    """Give the table single borders all round and between cells, and small cell margins."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "auto"),
        ):
            line.set(qn(key), value)
        borders.append(line)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "57")  # 1 mm: narrow columns keep their width for the figures
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_TBLPR_AFTER_BORDERS[3:])


__all__ = ["NUMBER_COLUMNS", "build_report"]
