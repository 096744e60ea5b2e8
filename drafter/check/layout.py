"""Layout rules: paper and margins, fonts, each element's style and spacing, page numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drafter import vietnamese as vi
from drafter.check.findings import LABELS, finding
from drafter.check.locate import Located, has_page_field
from drafter.check.styles import (
    EMU_PER_MM,
    EMU_PER_PT,
    alignment,
    font_value,
    format_value,
    has_border,
    is_on,
    line_spacing,
    run_fonts,
)
from drafter.errors import Finding
from drafter.profiles import Margins, PageSetup, ParagraphStyle

MM_TOLERANCE = 0.5
PT_TOLERANCE = 0.25

_SPACING_ELEMENTS = frozenset({"body", "heading", "lead"})
_ALIGNMENT_NAMES = {
    "left": "căn trái",
    "center": "căn giữa",
    "right": "căn phải",
    "justify": "căn đều",
}
_MARGIN_SIDES = (("top", "trên"), ("bottom", "dưới"), ("left", "trái"), ("right", "phải"))
_FONT_SWITCHES = (
    ("bold", "chữ đậm", "chữ thường (không đậm)"),
    ("italic", "chữ nghiêng", "chữ đứng (không nghiêng)"),
    ("underline", "có gạch chân", "không gạch chân"),
)

Deviation = tuple[str, str]
"""How a paragraph differs from its element's style: (rule suffix, message)."""


# ---------------------------------------------------------------------------
# Page and margins
# ---------------------------------------------------------------------------


def check_page(document: Any, page: PageSetup, margins: Margins, name: str) -> list[Finding]:
    """Return deviations of paper size, orientation and margins in every section."""
    findings = []
    many = len(document.sections) > 1
    for index, section in enumerate(document.sections, start=1):
        where = f"thiết lập trang, phần {index}" if many else "thiết lập trang"
        findings += _paper_size(section, page, name, where)
        findings += _margins(section, margins, name, where)
    return findings


def _paper_size(section: Any, page: PageSetup, name: str, where: str) -> list[Finding]:
    """Return a finding when the section's paper is not the profile's."""
    width = (section.page_width or 0) / EMU_PER_MM
    height = (section.page_height or 0) / EMU_PER_MM
    if abs(width - page.width_mm) <= MM_TOLERANCE and abs(height - page.height_mm) <= MM_TOLERANCE:
        return []
    return [
        finding(
            "page.size",
            where,
            f"Khổ giấy {measure(width)} × {measure(height)} mm; thể thức {name} dùng "
            f"{measure(page.width_mm)} × {measure(page.height_mm)} mm ({page.orientation}). "
            "Chọn lại khổ giấy A4 đứng trong Bố trí → Kích thước.",
        )
    ]


def _margins(section: Any, margins: Margins, name: str, where: str) -> list[Finding]:
    """Return a finding for each margin of the section that is not the profile's."""
    findings = []
    for side, label in _MARGIN_SIDES:
        actual = (getattr(section, f"{side}_margin") or 0) / EMU_PER_MM
        expected = getattr(margins, f"{side}_mm")
        if abs(actual - expected) > MM_TOLERANCE:
            findings.append(
                finding(
                    f"margins.{side}",
                    where,
                    f"Lề {label} {measure(actual)} mm; thể thức {name} quy định "
                    f"{measure(expected)} mm. Đặt lại lề {label} {measure(expected)} mm trong "
                    "Bố trí → Lề.",
                )
            )
    return findings


# ---------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------


def check_fonts(document: Any, located: Sequence[Located], family: str) -> list[Finding]:
    """Return the elements (or other paragraphs) whose text is not in the profile's font."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in located:
        fonts: set[str] = set()
        for run in item.paragraph.runs:
            if run.text.strip():
                fonts |= run_fonts(document, item.paragraph, run)
        wrong = sorted(font for font in fonts if font != family)
        if wrong:
            rule = f"styles.{item.element}.font" if item.element else "font.family"
            groups.setdefault(rule, []).append((item.where, ", ".join(wrong)))
    findings = []
    for rule, places in groups.items():
        where = _grouped_where([place for place, _ in places])
        fonts_shown = sorted({font for _, font in places})
        findings.append(
            finding(
                rule,
                where,
                f"Chữ dùng phông {', '.join(fonts_shown)}; thể thức dùng {family}. "
                f"Chọn đoạn rồi đặt phông {family}.",
            )
        )
    return findings


def measure(value: float) -> str:
    """Return a measure as Vietnamese write it: at most one decimal, decimal comma."""
    return f"{round(value, 1):g}".replace(".", ",")


def _grouped_where(places: list[str]) -> str:
    """Return the first place, with how many others share the finding."""
    return places[0] if len(places) == 1 else f"{places[0]} và {len(places) - 1} đoạn khác"


# ---------------------------------------------------------------------------
# Each element's style
# ---------------------------------------------------------------------------


def check_styles(
    document: Any, located: Sequence[Located], specs: dict[str, ParagraphStyle], name: str
) -> list[Finding]:
    """Return the size and style deviations of every element, one finding per rule."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in located:
        spec = specs.get(item.element or "")
        if spec is None or item.element is None:
            continue
        if not item.paragraph.text.strip() and item.element != "page_number":
            continue
        for suffix, message in _element_deviations(
            document, item.paragraph, item.element, spec, name
        ):
            groups.setdefault(f"styles.{item.element}.{suffix}", []).append((item.where, message))
    findings = []
    for rule, places in groups.items():
        element = rule.split(".")[1]
        label = LABELS.get(element, element)
        message = places[0][1]
        findings.append(
            finding(
                rule,
                _grouped_where([place for place, _ in places]),
                f"{label[0].upper()}{label[1:]}: {message}",
            )
        )
    return findings


def _element_deviations(
    document: Any, paragraph: Any, element: str, spec: ParagraphStyle, name: str
) -> list[Deviation]:
    """Return (rule suffix, message) for each way ``paragraph`` differs from ``spec``."""
    rule = f"thể thức {name} quy định"
    found = _font_deviations(document, paragraph, spec, rule)
    found += _alignment_deviation(paragraph, spec, rule)
    if spec.rule_below and spec.rule_length_mm is None and not has_border(paragraph, "bottom"):
        found.append(("rule", "thiếu đường kẻ liền bên dưới. Thêm viền dưới (Borders → Bottom)."))
    if element in _SPACING_ELEMENTS:
        found += _spacing_deviations(paragraph, spec, rule)
    return found


def _font_deviations(
    document: Any, paragraph: Any, spec: ParagraphStyle, rule: str
) -> list[Deviation]:
    """Return deviations of size, bold, italic, underline and capitals."""
    found = []
    size = font_value(document, paragraph, "size")
    if size is not None and abs(size / EMU_PER_PT - spec.size_pt) > PT_TOLERANCE:
        wanted = measure(spec.size_pt)
        shown = measure(size / EMU_PER_PT)
        found.append(("size", f"cỡ chữ {shown} pt, {rule} {wanted} pt. Đặt cỡ chữ {wanted}."))
    for key, on, off in _FONT_SWITCHES:
        actual = is_on(font_value(document, paragraph, key))
        if actual != bool(getattr(spec, key)):
            shown, asked = (on, off) if actual else (off, on)
            found.append((key, f"đang là {shown}, {rule} {asked}. Sửa thành {asked}."))
    text = paragraph.text
    caps = is_on(font_value(document, paragraph, "all_caps"))
    if spec.caps and text.strip() and not caps and text != vi.upper_vi(text):
        upper = vi.upper_vi(text.strip())
        found.append(("caps", f"không viết in hoa, {rule} in hoa. Viết lại: «{upper}»."))
    return found


def _alignment_deviation(paragraph: Any, spec: ParagraphStyle, rule: str) -> list[Deviation]:
    """Return a deviation when the paragraph is aligned otherwise than ``spec``."""
    shown_as = alignment(paragraph)
    if shown_as == spec.alignment:
        return []
    shown = _ALIGNMENT_NAMES.get(shown_as or "", "căn khác")
    asked = _ALIGNMENT_NAMES[spec.alignment]
    return [("alignment", f"đang {shown}, {rule} {asked}. Sửa thành {asked}.")]


def _spacing_deviations(paragraph: Any, spec: ParagraphStyle, rule: str) -> list[Deviation]:
    """Return deviations of first-line indent, paragraph spacing and line spacing."""
    found = []
    indent = (format_value(paragraph, "first_line_indent") or 0) / EMU_PER_MM
    wanted = measure(spec.first_line_indent_mm)
    if abs(indent - spec.first_line_indent_mm) > MM_TOLERANCE:
        found.append(
            (
                "indent",
                f"thụt đầu dòng {measure(indent)} mm, {rule} {wanted} mm. "
                f"Đặt thụt dòng đầu (First line) {wanted} mm.",
            )
        )
    for key, label in (("space_before", "trước"), ("space_after", "sau")):
        actual = (format_value(paragraph, key) or 0) / EMU_PER_PT
        expected = getattr(spec, f"{key}_pt")
        if abs(actual - expected) > PT_TOLERANCE:
            found.append(
                (
                    "spacing",
                    f"khoảng cách {label} đoạn {measure(actual)} pt, {rule} {measure(expected)} "
                    f"pt. Đặt Spacing {label} {measure(expected)} pt.",
                )
            )
    return found + _line_spacing_deviation(paragraph, spec, rule)


def _line_spacing_deviation(paragraph: Any, spec: ParagraphStyle, rule: str) -> list[Deviation]:
    """Return a deviation when the line spacing is not the exact points or multiple asked."""
    from docx.enum.text import WD_LINE_SPACING

    spacing, line_rule = line_spacing(paragraph)
    if spec.line_spacing_pt is not None:
        exact = measure(spec.line_spacing_pt)
        shown = spacing / EMU_PER_PT if line_rule == WD_LINE_SPACING.EXACTLY else None
        if shown is not None and abs(shown - spec.line_spacing_pt) <= PT_TOLERANCE:
            return []
        return [
            (
                "line_spacing",
                f"giãn dòng không phải đúng {exact} pt ({rule} {exact} pt). "
                f"Đặt Line spacing Exactly {exact} pt.",
            )
        ]
    multiple = spec.line_spacing_multiple or 1.0
    if isinstance(spacing, float) and abs(spacing - multiple) <= 0.01:
        return []
    return [
        (
            "line_spacing",
            f"giãn dòng khác bội số {measure(multiple)} ({rule} {measure(multiple)}). "
            f"Đặt Line spacing Multiple {measure(multiple)}.",
        )
    ]


# ---------------------------------------------------------------------------
# Page numbers
# ---------------------------------------------------------------------------


def check_page_numbers(document: Any) -> list[Finding]:
    """Return findings unless a PAGE field sits in the header, with none on page 1."""
    findings = []
    section = document.sections[0]
    header = section.header
    has_field = not header.is_linked_to_previous and has_page_field(header.paragraphs)
    if not has_field:
        in_footer = has_page_field(section.footer.paragraphs)
        place = "ở chân trang" if in_footer else "không có"
        findings.append(
            finding(
                "page_numbers",
                "đầu trang (từ trang 2)",
                f"Số trang {place}; thể thức đặt số trang giữa đầu trang từ trang 2. "
                "Chèn số trang (Insert → Page Number → Top of Page, giữa).",
            )
        )
    if _page_one_numbered(section, has_field):
        findings.append(
            finding(
                "page_numbers",
                "đầu trang 1",
                "Trang 1 có số trang; thể thức không đánh số trang 1. "
                "Chọn «Different First Page» (Trang đầu khác) và để trống đầu trang 1.",
            )
        )
    return findings


def _page_one_numbered(section: Any, has_field: bool) -> bool:
    """Return whether page 1 shows a number (or any text) in its header."""
    first = section.first_page_header
    if section.different_first_page_header_footer and not first.is_linked_to_previous:
        return has_page_field(first.paragraphs) or any(p.text.strip() for p in first.paragraphs)
    return has_field and not section.different_first_page_header_footer
