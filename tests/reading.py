"""Faults a reader would see, planted in the drafted Bắc Sơn resolution (issue 13, part 4).

Each breaks one rule of numbering, punctuation, the header, the issuer or the document
properties; ``READING_FAULTS`` lists them as (fault, rule, where) like ``helpers.FAULTS``.
``SIGNATURE_ALONE`` needs a rendering (``drafter check --render``) and is listed apart.
Paragraph numbers ("đoạn 15") are those of the Bắc Sơn resolution's body.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from docx.oxml import OxmlElement

from tests.helpers import Fault, header_left, replace_in, set_text


def _heading(doc: Any, number: int) -> Any:
    """Return the body paragraph "đoạn ``number``"."""
    return doc.paragraphs[number - 1]


# ---------------------------------------------------------------------------
# Numbering: parts I-, II-, III- (đoạn 8, 15, 26); items 1- … 10- of part II (đoạn 16-25)
# ---------------------------------------------------------------------------


def part_gap(doc: Any) -> None:
    replace_in(_heading(doc, 26), "III-", "IV-")


def part_repeated(doc: Any) -> None:
    replace_in(_heading(doc, 15), "II-", "I-")


def part_numbered_as_item(doc: Any) -> None:
    replace_in(_heading(doc, 15), "II-", "2-")


def part_with_dot(doc: Any) -> None:
    replace_in(_heading(doc, 15), "II-", "II.")


def item_gap(doc: Any) -> None:
    replace_in(_heading(doc, 25), "10-", "11-")


def item_with_dot(doc: Any) -> None:
    replace_in(_heading(doc, 18), "3-", "3.")


# ---------------------------------------------------------------------------
# Punctuation
# ---------------------------------------------------------------------------


def doubled_semicolon(doc: Any) -> None:
    replace_in(_heading(doc, 13), "được tăng cường;", "được tăng cường;;")


def doubled_comma_dot(doc: Any) -> None:
    replace_in(_heading(doc, 18), "bồi dưỡng cán bộ.", "bồi dưỡng cán bộ,.")


def space_before_comma(doc: Any) -> None:
    replace_in(_heading(doc, 27), "trực thuộc,", "trực thuộc ,")


def capital_after_colon(doc: Any) -> None:
    replace_in(_heading(doc, 14), "hạn chế: tiến độ", "hạn chế: Tiến độ")


def intended_marks(doc: Any) -> None:
    """Not a fault: an ellipsis and proper names after a colon are written on purpose."""
    replace_in(_heading(doc, 22), "ngày kỷ niệm.", "ngày kỷ niệm...")
    replace_in(_heading(doc, 24), "khám chữa bệnh.", "khám chữa bệnh …")
    replace_in(_heading(doc, 10), "Về kinh tế: sản xuất", "Về kinh tế: Nghị quyết về sản xuất")
    replace_in(_heading(doc, 11), "Các lĩnh vực", "Về văn hóa – xã hội: Bắc Sơn có các lĩnh vực")
    replace_in(_heading(doc, 12), "Tình hình", "Về quốc phòng – an ninh: Đảng bộ chỉ đạo tình hình")


# ---------------------------------------------------------------------------
# Header and issuer: superior (cột trái, đoạn 1), issuer (đoạn 2), star, number
# ---------------------------------------------------------------------------


def _copy_before(paragraph: Any, text: str) -> None:
    """Insert a copy of ``paragraph`` (same style and runs) before it, holding ``text``."""
    twin = copy.deepcopy(paragraph._p)
    paragraph._p.addprevious(twin)
    runs = twin.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r",
    )
    texts = [t for run in runs for t in run.iter() if t.tag.endswith("}t")]
    texts[0].text = text
    for extra in texts[1:]:
        extra.text = ""


def issuer_twice(doc: Any) -> None:
    issuer = header_left(doc, 1)
    _copy_before(issuer, issuer.text)


def party_title_on_both_sides(doc: Any) -> None:
    _copy_before(header_left(doc, 0), "ĐẢNG CỘNG SẢN VIỆT NAM")


def province_under_a_superior(doc: Any) -> None:
    set_text(header_left(doc, 1), "TỈNH ỦY LẠNG SƠN")


def central_city_under_a_superior(doc: Any) -> None:
    set_text(header_left(doc, 1), "THÀNH ỦY HÀ NỘI")


def issuer_is_a_place(doc: Any) -> None:
    set_text(header_left(doc, 1), "XÃ TÂN TIẾN")


# ---------------------------------------------------------------------------
# Document properties the template left
# ---------------------------------------------------------------------------


def template_title(doc: Any) -> None:
    doc.core_properties.title = "Mẫu dự thảo nghị quyết hội nghị Ban Chấp hành"


def tool_as_author(doc: Any) -> None:
    doc.core_properties.author = "drafter"


def template_date(doc: Any) -> None:
    doc.core_properties.created = datetime.datetime(2024, 1, 1)


# ---------------------------------------------------------------------------
# The signature alone on the last page (seen only in a rendering)
# ---------------------------------------------------------------------------


def signature_on_a_new_page(doc: Any) -> None:
    """Start the signature table on a new page: the last page holds no body line."""
    paragraph = doc.tables[-1].cell(0, 0).paragraphs[0]
    paragraph._p.get_or_add_pPr().insert(0, OxmlElement("w:pageBreakBefore"))


LEFT = "bảng tiêu đề, cột trái"
READING_FAULTS: list[tuple[Fault, str, str]] = [
    (part_gap, "numbering.gap", "đoạn 26:"),
    (part_repeated, "numbering.repeat", "đoạn 15:"),
    (part_numbered_as_item, "numbering.level", "đoạn 15:"),
    (part_with_dot, "numbering.style", "đoạn 15:"),
    (item_gap, "numbering.gap", "đoạn 25:"),
    (item_with_dot, "numbering.style", "đoạn 18:"),
    (doubled_semicolon, "punctuation.doubled", "đoạn 13:"),
    (doubled_comma_dot, "punctuation.doubled", "đoạn 18:"),
    (space_before_comma, "punctuation.space_before", "đoạn 27:"),
    (capital_after_colon, "punctuation.capital_after_colon", "đoạn 14:"),
    (issuer_twice, "header.repeated_line", f"{LEFT}, đoạn 3"),
    (party_title_on_both_sides, "header.title_on_left", f"{LEFT}, đoạn 1"),
    (province_under_a_superior, "header.province_superior", f"{LEFT}, đoạn 1"),
    (central_city_under_a_superior, "header.province_superior", f"{LEFT}, đoạn 1"),
    (issuer_is_a_place, "issuer.not_committee", f"{LEFT}, đoạn 2"),
    (template_title, "properties.template", "thuộc tính tệp"),
    (tool_as_author, "properties.template", "thuộc tính tệp"),
    (template_date, "properties.template", "thuộc tính tệp"),
]
SIGNATURE_ALONE: tuple[Fault, str, str] = (
    signature_on_a_new_page,
    "pages.signature_alone",
    "trang 3",
)
