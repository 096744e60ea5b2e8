"""Report rules: a period report (BÁO CÁO) in its profile's forms, and its appendix table.

A report is told by its type line. Its number carries the report's symbol ("Số 45-BC/HU",
"Số: 120/BC-UBND"), it is signed on behalf of the profile's body ("T/M BAN THƯỜNG VỤ",
"TM. ỦY BAN NHÂN DÂN"), and its appendix table repeats its header row on every page and
writes every figure in the Vietnamese form ("1.864,2"), right-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, get_args

from drafter import vietnamese as vi
from drafter.check.findings import finding
from drafter.check.locate import Located, title_key
from drafter.check.patterns import AUTHORITY, form_regex
from drafter.check.styles import W, alignment
from drafter.errors import Finding
from drafter.models import Limit
from drafter.profiles import ParagraphStyle, Profile, ReportProfile

FIGURE_COLUMNS = (3, 4, 5, 6)
"""The appendix columns holding figures: plan, actual, share of plan, change."""
_DASHES = ("–", "-")
_RANGE = re.compile(r"(\d[\d.,]*)\s*[-–]\s*(\d[\d.,]*)")
"""A planned range, "10-11" (the text's form) or "10–11"."""
_BOUNDS = tuple(f"{bound} " for bound in get_args(Limit))
"""The bounds a plan may be written with: "dưới 3", "không quá 15 vụ"."""
_FIGURE = re.compile(r"(?P<number>[+-]?[^\s%]+)(?:%| [^\d]+)?")
"""A number with its measure after it: "+9,7%", "-0,87 điểm %", "+130 ha"."""


def is_report(document: Any, profile: Profile) -> bool:
    """Return whether ``document`` is the profile's period report (its type line is there)."""
    if profile.report is None:
        return False
    wanted = title_key(profile.report.texts.document_type)
    return any(title_key(paragraph.text) == wanted for paragraph in document.paragraphs)


def report_styles(profile: Profile) -> dict[str, ParagraphStyle]:
    """Return the styles of every element a report has: the resolution's and its own."""
    own = profile.report.styles.elements() if profile.report is not None else {}
    return {**profile.styles.elements(), **own}


def check_report(document: Any, located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return the findings on a report's symbol, signature authority and appendix table."""
    report = profile.report
    if report is None:
        return []
    findings = _symbol(located, profile, report) + _authority(located, profile, report)
    table = appendix_table(document, report)
    if table is not None:
        findings += check_appendix(table, report)
    return findings


def _symbol(located: Sequence[Located], profile: Profile, report: ReportProfile) -> list[Finding]:
    """Return a finding when the number line carries another type than the report's (BC)."""
    item = next((i for i in located if i.element == "number" and i.paragraph.text.strip()), None)
    if item is None:
        return []  # check_number says the line is missing
    groups = {"number": r"\d*|\s*", "type": r"[^-/\s]+", "issuer": r"\S+"}
    match = form_regex(profile.forms.number.pattern, groups).match(item.paragraph.text.strip())
    if match is None or match.group("type") == report.texts.type_code:
        return []
    return [
        finding(
            "report.symbol",
            item.where,
            f"Báo cáo mang ký hiệu «{match.group('type')}»; ký hiệu của báo cáo là "
            f"«{report.texts.type_code}». Sửa dòng số thành ký hiệu {report.texts.type_code}.",
        )
    ]


def _authority(
    located: Sequence[Located], profile: Profile, report: ReportProfile
) -> list[Finding]:
    """Return a finding when the report is signed on behalf of another body than the profile's."""
    wanted = profile.authority_line(report.texts.authority_body)
    prefix = profile.forms.signature.on_behalf.split("{", 1)[0].strip()
    findings = []
    for item in located:
        text = item.paragraph.text.strip()
        if item.element != "authority" or not AUTHORITY.match(text):
            continue
        if text.startswith(prefix) and title_key(text) != title_key(wanted):
            findings.append(
                finding(
                    "report.authority",
                    item.where,
                    f"Báo cáo ký «{text}»; thể thức {profile.name} ghi «{wanted}». "
                    f"Sửa dòng ký thành «{wanted}».",
                )
            )
    return findings


def appendix_table(document: Any, report: ReportProfile) -> Any | None:
    """Return the appendix table: the one whose first cell is the first column's header."""
    first = title_key(report.texts.columns[0])
    for table in document.tables:
        if table.rows and title_key(table.rows[0].cells[0].text) == first:
            return table
    return None


def check_appendix(table: Any, report: ReportProfile) -> list[Finding]:
    """Return findings on the appendix table: header repeat, figures' form and alignment."""
    findings = []
    header = table.rows[0]._tr
    repeat = header.find(f"{W}trPr/{W}tblHeader")
    if repeat is None or repeat.get(f"{W}val") in ("0", "false", "off"):
        findings.append(
            finding(
                "appendix.header_repeat",
                "phụ lục, hàng tiêu đề của bảng",
                "Hàng tiêu đề của bảng phụ lục không lặp lại ở đầu mỗi trang. Chọn hàng đầu, "
                "Table Properties → Row → «Repeat as header row at the top of each page».",
            )
        )
    for where, paragraph, text in _figure_cells(table, len(report.texts.columns)):
        if not _in_form(text):
            findings.append(
                finding(
                    "appendix.number_form",
                    where,
                    f"Số «{text}» không viết theo lối Việt Nam (dấu phẩy thập phân, dấu chấm "
                    "phân nghìn, ví dụ «1.864,2»). Viết lại số, hoặc «–» khi không có số liệu.",
                )
            )
        elif alignment(paragraph) != "right":
            findings.append(
                finding(
                    "appendix.number_align",
                    where,
                    f"Số «{text}» không căn phải: các cột số liệu căn phải để hàng đơn vị "
                    "thẳng nhau. Chọn ô, căn phải (Ctrl+R).",
                )
            )
    return findings


def _figure_cells(table: Any, columns: int) -> Iterator[tuple[str, Any, str]]:
    """Yield (place, paragraph, text) of each filled figure cell of the table's full rows."""
    for row_no, row in enumerate(table.rows[1:], start=2):
        cells = row._tr.findall(f"{W}tc")
        if len(cells) != columns:
            continue  # a group row: its name spans the figure columns
        for column in FIGURE_COLUMNS:
            for paragraph in row.cells[column].paragraphs:
                text = paragraph.text.strip()
                if text:
                    where = f"phụ lục, hàng {row_no}, cột {column + 1}: «{text}»"
                    yield where, paragraph, text


def _in_form(text: str) -> bool:
    """Return whether a figure cell is "–", a Vietnamese number, a signed one or a range.

    A plan may carry its bound before the number ("dưới 3", "không quá 15") and a change its
    measure after it ("+9,7%", "-0,87 điểm %", "+130 ha"): only the number's form is judged.
    """
    if text in _DASHES:
        return True
    bare = next((text.removeprefix(bound) for bound in _BOUNDS if text.startswith(bound)), text)
    ends = _RANGE.fullmatch(bare)
    if ends:
        return all(_number_in_form(part.strip()) for part in ends.groups())
    figure = _FIGURE.fullmatch(bare)
    return figure is not None and _number_in_form(figure.group("number").removeprefix("+"))


def _number_in_form(text: str) -> bool:
    """Return whether ``text`` is a number exactly as drafter writes it ("-1.864,2")."""
    bare = text.removeprefix("-")
    try:
        return vi.format_number(vi.parse_number(bare)) == bare
    except vi.VietnameseInputError:
        return False


__all__ = ["appendix_table", "check_appendix", "check_report", "is_report", "report_styles"]
