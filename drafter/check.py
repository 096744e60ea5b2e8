"""Check: format compliance of any DOCX against a format profile (thể thức).

Each rule family is a pure function of an opened document (python-docx) and a profile that
returns ``Finding``s: the rule broken, where, and a Vietnamese message stating the fact, then the
remedy. Elements are found by the template's paragraph style names when present, and by their
position and text otherwise, so a document a clerk restyled in Word is still checked.
"""

from __future__ import annotations

import functools
import json
import re
import string
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.files import check_package
from drafter.profiles import (
    DEFAULT_PROFILE,
    Margins,
    PageSetup,
    ParagraphStyle,
    Profile,
    available_profiles,
    load_profile,
)

MM_TOLERANCE = 0.5
PT_TOLERANCE = 0.25
SNIPPET = 40

_EMU_PER_MM = 36000
_EMU_PER_PT = 12700
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACING_ELEMENTS = frozenset({"body", "heading", "lead"})
_AUTHORITY = re.compile(r"^(?:T\s*/\s*[MLU]|K\s*/\s*T|TM|KT|TL|TUQ)\.?(?=\s)")
_HEADING = re.compile(r"^[IVXLC]+[-.]\s")
_NUMBER_LINE = re.compile(r"^Số\b")
_NUMBER_PARTS = re.compile(r"^Số\s*(:?)\s*(\d*)\s*([-/])\s*([^-/\s]+)\s*([-/])\s*(\S+)$")
_WORD = re.compile(r"\w+")

LABELS: dict[str, str] = {
    "party_title": "tiêu đề Đảng",
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "superior": "tên cơ quan cấp trên",
    "issuer": "tên cơ quan ban hành",
    "star": "dấu sao",
    "number": "số và ký hiệu",
    "date_line": "địa danh và ngày tháng",
    "draft_mark": "dấu dự thảo",
    "document_type": "tên loại văn bản",
    "conference_line": "tên hội nghị",
    "subject": "trích yếu",
    "subject_rule": "gạch dưới trích yếu",
    "body": "nội dung",
    "heading": "tiêu đề phần",
    "decision_heading": "dòng QUYẾT NGHỊ",
    "authority": "quyền hạn ký",
    "signer_title": "chức vụ người ký",
    "signer_name": "họ tên người ký",
    "recipients_label": "chữ «Nơi nhận»",
    "recipients": "danh sách nơi nhận",
    "page_number": "số trang",
    "headline": "tít",
    "lead": "sa-pô",
    "photo": "ảnh",
    "caption": "chú thích ảnh",
    "byline": "tên tác giả",
}
_ALIGNMENT_NAMES = {
    "left": "căn trái",
    "center": "căn giữa",
    "right": "căn phải",
    "justify": "căn đều",
}


@dataclass(frozen=True)
class Finding:
    """One deviation: the rule broken, where it is, and what to do (Vietnamese)."""

    rule: str
    where: str
    message: str


@dataclass(frozen=True)
class Located:
    """One paragraph of the document, the profile element it is (or None), and where it is."""

    element: str | None
    paragraph: Any
    where: str


@dataclass(frozen=True)
class CheckResult:
    """The findings on one file and the profile they were checked against."""

    path: Path
    profile: str
    findings: list[Finding]


# ---------------------------------------------------------------------------
# Opening and the whole check
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
        raise UserError(
            "tệp không phải văn bản DOCX (Word 2007 trở lên)",
            "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.",
            where=where,
        )
    check_package(path, "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.")
    try:
        return Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise UserError(
            f"tệp DOCX bị hỏng hoặc thiếu phần nội dung ({type(error).__name__})",
            "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.",
            where=where,
        ) from None


def check_file(path: Path, profile_name: str | None = None) -> CheckResult:
    """Return the findings on the DOCX at ``path`` (profile guessed from its titles if None)."""
    document = open_docx(path)
    name = profile_name or detect_profile(document)
    profile = load_profile(name)
    return CheckResult(path, profile.name, check_document(document, profile))


@functools.cache
def builtin_profiles() -> tuple[Profile, ...]:
    """Return the built-in profiles, loaded once: their titles tell Party from state."""
    return tuple(load_profile(name) for name in available_profiles())


def detect_profile(document: Any) -> str:
    """Return the built-in profile whose title (party or national) the document carries."""
    texts = {_key(p.text) for p in _every_paragraph(document)}
    for profile in builtin_profiles():
        title = profile.texts.party_title or profile.texts.national_title
        if title is not None and _key(title) in texts:
            return profile.name
    return DEFAULT_PROFILE


def check_document(document: Any, profile: Profile) -> list[Finding]:
    """Return every finding on ``document`` checked against ``profile``."""
    header_table = _header_table(document, profile)
    if header_table is None:
        press = profile.press
        located = locate_press(document, profile)
        findings = check_page(document, press.page, press.margins, profile.name)
        findings += check_fonts(document, located, press.font_family)
        findings += check_styles(document, located, press.styles.elements(), profile.name)
        return findings + check_text(located)
    located = locate_resolution(document, profile, header_table)
    findings = check_page(document, profile.page, profile.margins, profile.name)
    findings += check_fonts(document, located, profile.font_family)
    findings += check_styles(document, located, profile.styles.elements(), profile.name)
    findings += check_number(located, profile)
    findings += check_date_line(located, profile)
    findings += check_signature(located, profile)
    findings += check_recipients(located, profile)
    findings += check_page_numbers(document)
    findings += check_mixed_forms(located, profile)
    return findings + check_text(located)


# ---------------------------------------------------------------------------
# Finding the elements
# ---------------------------------------------------------------------------


def _key(text: str) -> str:
    """Return ``text`` for comparing titles: NFC, one tone style, casefolded, single spaces."""
    return " ".join(vi.normalize_text(text).casefold().split())


def _snippet(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= SNIPPET else text[:SNIPPET] + "…"


def _every_paragraph(document: Any) -> Iterator[Any]:
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


def _header_table(document: Any, profile: Profile) -> Any | None:
    """Return the header table: the first table holding a number line or a title; else None."""
    titles = {
        _key(text)
        for known in builtin_profiles()
        for text in (known.texts.party_title, known.texts.national_title)
        if text
    }
    names = {spec.style_name for spec in profile.styles.elements().values()}
    for table in document.tables:
        for cell in _cells(table):
            for paragraph in cell.paragraphs:
                text = paragraph.text.strip()
                if _NUMBER_LINE.match(text) or _key(text) in titles:
                    return table
                if _style_name(paragraph) in names and text:
                    return table
    return None


def _style_name(paragraph: Any) -> str:
    style = paragraph.style
    return "" if style is None else str(style.name)


def _by_style(profile_styles: dict[str, ParagraphStyle]) -> dict[str, str]:
    return {spec.style_name.casefold(): name for name, spec in profile_styles.items()}


def locate_resolution(document: Any, profile: Profile, header: Any) -> list[Located]:
    """Return every paragraph of a resolution with the element it is and where it is."""
    styles = _by_style(profile.styles.elements())
    signature = next(
        (t for t in reversed(document.tables) if t._tbl is not header._tbl and len(t.columns) >= 2),
        None,
    )
    located: list[Located] = []
    for table_no, table in enumerate(document.tables, start=1):
        if table._tbl is header._tbl:
            located += _header_cells(table, profile, styles)
        elif signature is not None and table._tbl is signature._tbl:
            located += _signature_cells(table, profile, styles)
        else:
            for cell_no, cell in enumerate(_cells(table), start=1):
                for number, paragraph in enumerate(cell.paragraphs, start=1):
                    where = f"bảng {table_no}, ô {cell_no}, đoạn {number}"
                    located.append(Located(None, paragraph, _where(where, paragraph)))
    located += _body(document, profile, styles)
    located += _page_headers(document, styles)
    return located


def _where(place: str, paragraph: Any) -> str:
    text = paragraph.text.strip()
    return f"{place}: «{_snippet(text)}»" if text else place


def _column(table: Any, index: int) -> list[Any]:
    column: list[Any] = []
    seen: set[Any] = set()
    for row in table.rows:
        cells = row.cells
        if index < len(cells) and cells[index]._tc not in seen:
            seen.add(cells[index]._tc)
            column += cells[index].paragraphs
    return column


def _header_cells(table: Any, profile: Profile, styles: dict[str, str]) -> list[Located]:
    """Return the header table's paragraphs: issuer block left, title and date right."""
    left, right = _column(table, 0), _column(table, 1)
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
    own_titles = {
        _key(text): name
        for name in ("party_title", "national_title", "motto")
        if (text := getattr(profile.texts, name))
    }
    date_form = _form_regex(profile.forms.date_line, _DATE_GROUPS, loose=True)
    for paragraph in right:
        text = paragraph.text.strip()
        if _key(text) in own_titles:
            guessed[id(paragraph)] = own_titles[_key(text)]
        elif date_form.search(text):
            guessed[id(paragraph)] = "date_line"
    return _locate_columns("bảng tiêu đề", left, right, styles, guessed)


def _signature_cells(table: Any, profile: Profile, styles: dict[str, str]) -> list[Located]:
    """Return the signature table's paragraphs: recipients left, authority and signer right."""
    left, right = _column(table, 0), _column(table, 1)
    guessed: dict[int, str] = {}
    label = _key(profile.texts.recipients_label).rstrip(":")
    after_label = False
    for paragraph in left:
        text = paragraph.text.strip()
        if not after_label and _key(text).startswith(label):
            guessed[id(paragraph)] = "recipients_label"
            after_label = True
        elif after_label and text:
            guessed[id(paragraph)] = "recipients"
    filled = [p for p in right if p.text.strip()]
    if filled:
        names = ["authority", "signer_title"]
        if not _AUTHORITY.match(filled[0].text.strip()):
            names = ["signer_title"]
        for paragraph, name in zip(filled, names, strict=False):
            guessed[id(paragraph)] = name
        if len(filled) > len(names):
            guessed[id(filled[-1])] = "signer_name"
    return _locate_columns("bảng chữ ký", left, right, styles, guessed)


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
        where = f"đoạn {number}: «{_snippet(text)}»" if text else f"đoạn {number}"
        located.append(Located(element, paragraph, where))
    return located


def _guess_body(text: str, profile: Profile, seen: set[str]) -> str | None:
    """Return the element a body paragraph without a profile style seems to be."""
    texts = profile.texts
    key = _key(text)
    if key == _key(texts.document_type):
        return "document_type"
    if key == _key(texts.decision_heading):
        return "decision_heading"
    if "document_type" not in seen:
        return "draft_mark" if key.startswith(_key(texts.draft_mark)) else None
    if texts.subject_rule and text == texts.subject_rule:
        return "subject_rule"
    if "subject" not in seen:
        is_conference = text == text.upper() and "conference_line" not in seen
        return "conference_line" if is_conference else "subject"
    if _HEADING.match(text):
        return "heading"
    return "body"


def _page_headers(document: Any, styles: dict[str, str]) -> list[Located]:
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
                if element is None and _has_page_field([paragraph]):
                    element = "page_number"
                located.append(Located(element, paragraph, _where(place, paragraph)))
    return located


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
        where = f"đoạn {number}: «{_snippet(text)}»" if text else f"đoạn {number}"
        located.append(Located(element, paragraph, where))
    return located


# ---------------------------------------------------------------------------
# Page, fonts, styles
# ---------------------------------------------------------------------------


def check_page(document: Any, page: PageSetup, margins: Margins, name: str) -> list[Finding]:
    """Return deviations of paper size, orientation and margins in every section."""
    findings = []
    many = len(document.sections) > 1
    for index, section in enumerate(document.sections, start=1):
        where = f"thiết lập trang, phần {index}" if many else "thiết lập trang"
        width = (section.page_width or 0) / _EMU_PER_MM
        height = (section.page_height or 0) / _EMU_PER_MM
        if abs(width - page.width_mm) > MM_TOLERANCE or abs(height - page.height_mm) > MM_TOLERANCE:
            findings.append(
                Finding(
                    "page.size",
                    where,
                    f"Khổ giấy {_n(width)} × {_n(height)} mm; thể thức {name} dùng "
                    f"{_n(page.width_mm)} × {_n(page.height_mm)} mm ({page.orientation}). "
                    "Chọn lại khổ giấy A4 đứng trong Bố trí → Kích thước.",
                )
            )
        for side, label in (
            ("top", "trên"),
            ("bottom", "dưới"),
            ("left", "trái"),
            ("right", "phải"),
        ):
            actual = (getattr(section, f"{side}_margin") or 0) / _EMU_PER_MM
            expected = getattr(margins, f"{side}_mm")
            if abs(actual - expected) > MM_TOLERANCE:
                findings.append(
                    Finding(
                        f"margins.{side}",
                        where,
                        f"Lề {label} {_n(actual)} mm; thể thức {name} quy định {_n(expected)} mm. "
                        f"Đặt lại lề {label} {_n(expected)} mm trong Bố trí → Lề.",
                    )
                )
    return findings


def _style_chain(paragraph: Any) -> list[Any]:
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _defaults_rpr(document: Any) -> Any:
    return document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")


def _font_attribute(element: Any, attribute: str) -> str | None:
    """Return the font an rPr names for ``attribute`` (ascii, hAnsi), theme fonts shown so."""
    fonts = None if element is None else element.find(f"{_W}rFonts")
    if fonts is None:
        return None
    theme = fonts.get(f"{_W}{attribute}Theme")
    if theme is not None:
        return f"phông của chủ đề ({theme})"
    value = fonts.get(f"{_W}{attribute}")
    return None if value is None else str(value)


def _run_fonts(document: Any, paragraph: Any, run: Any) -> set[str]:
    """Return the fonts a run's text shows in, resolved as Word does (run, styles, defaults)."""
    holders = [run._r.rPr]
    char_style = run.style
    while char_style is not None:
        holders.append(char_style.element.rPr)
        char_style = char_style.base_style
    holders += [style.element.rPr for style in _style_chain(paragraph)]
    holders.append(_defaults_rpr(document))
    found = set()
    for attribute in ("ascii", "hAnsi"):
        for holder in holders:
            value = _font_attribute(holder, attribute)
            if value is not None:
                found.add(value)
                break
    return found


def check_fonts(document: Any, located: Sequence[Located], family: str) -> list[Finding]:
    """Return the elements (or other paragraphs) whose text is not in the profile's font."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in located:
        fonts: set[str] = set()
        for run in item.paragraph.runs:
            if run.text.strip():
                fonts |= _run_fonts(document, item.paragraph, run)
        wrong = sorted(font for font in fonts if font != family)
        if wrong:
            rule = f"styles.{item.element}.font" if item.element else "font.family"
            groups.setdefault(rule, []).append((item.where, ", ".join(wrong)))
    findings = []
    for rule, places in groups.items():
        where = _grouped_where([place for place, _ in places])
        fonts_shown = sorted({font for _, font in places})
        findings.append(
            Finding(
                rule,
                where,
                f"Chữ dùng phông {', '.join(fonts_shown)}; thể thức dùng {family}. "
                f"Chọn đoạn rồi đặt phông {family}.",
            )
        )
    return findings


def _n(value: float) -> str:
    """Return a measure as Vietnamese write it: at most one decimal, decimal comma."""
    return f"{round(value, 1):g}".replace(".", ",")


def _grouped_where(places: list[str]) -> str:
    return places[0] if len(places) == 1 else f"{places[0]} và {len(places) - 1} đoạn khác"


def _font_value(document: Any, paragraph: Any, attribute: str) -> Any:
    """Return a font property as shown: the text runs (first that sets it), styles, defaults."""
    runs = [run for run in paragraph.runs if run.text.strip()] or list(paragraph.runs)
    values = [getattr(run.font, attribute) for run in runs]
    set_values = [value for value in values if value is not None]
    if set_values and len(set_values) == len(values):
        odd = [value for value in set_values if _truthy(value) != _truthy(set_values[0])]
        return odd[0] if odd else set_values[0]
    inherited = None
    for style in _style_chain(paragraph):
        value = getattr(style.font, attribute)
        if value is not None:
            inherited = value
            break
    if inherited is None and attribute == "size":
        size = _defaults_rpr(document).find(f"{_W}sz")
        inherited = None if size is None else int(size.get(f"{_W}val")) * _EMU_PER_PT // 2
    odd = [value for value in set_values if _truthy(value) != _truthy(inherited)]
    if attribute == "size":
        odd = [value for value in set_values if value != inherited]
    return odd[0] if odd else inherited


def _truthy(value: Any) -> bool:
    """Return whether a bold/italic/underline value is on (WD_UNDERLINE.NONE is off)."""
    if value is None or value is False:
        return False
    return value is True or int(value) != 0


def _format_value(paragraph: Any, attribute: str) -> Any:
    value = getattr(paragraph.paragraph_format, attribute)
    if value is not None:
        return value
    for style in _style_chain(paragraph):
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
    return None


def _line_spacing(paragraph: Any) -> tuple[Any, Any]:
    """Return (line_spacing, rule) taken together from the nearest level that sets them."""
    holders = [paragraph.paragraph_format] + [s.paragraph_format for s in _style_chain(paragraph)]
    for holder in holders:
        if holder.line_spacing is not None:
            return holder.line_spacing, holder.line_spacing_rule
    return 1.0, None


def _has_border(paragraph: Any, edge: str) -> bool:
    holders = [paragraph._p.pPr] + [style.element.pPr for style in _style_chain(paragraph)]
    for p_pr in holders:
        line = None if p_pr is None else p_pr.find(f"{_W}pBdr/{_W}{edge}")
        if line is not None:
            return line.get(f"{_W}val") not in ("nil", "none")
    return False


def _element_deviations(
    document: Any, paragraph: Any, element: str, spec: ParagraphStyle, name: str
) -> list[tuple[str, str]]:
    """Return (rule suffix, message) for each way ``paragraph`` differs from ``spec``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    rule = f"thể thức {name} quy định"
    found = []
    size = _font_value(document, paragraph, "size")
    if size is not None and abs(size / _EMU_PER_PT - spec.size_pt) > PT_TOLERANCE:
        wanted = _n(spec.size_pt)
        shown = _n(size / _EMU_PER_PT)
        found.append(("size", f"cỡ chữ {shown} pt, {rule} {wanted} pt. Đặt cỡ chữ {wanted}."))
    for key, on, off in (
        ("bold", "chữ đậm", "chữ thường (không đậm)"),
        ("italic", "chữ nghiêng", "chữ đứng (không nghiêng)"),
        ("underline", "có gạch chân", "không gạch chân"),
    ):
        actual = _truthy(_font_value(document, paragraph, key))
        if actual != bool(getattr(spec, key)):
            shown, asked = (on, off) if actual else (off, on)
            found.append((key, f"đang là {shown}, {rule} {asked}. Sửa thành {asked}."))
    text = paragraph.text
    caps = _truthy(_font_value(document, paragraph, "all_caps"))
    if spec.caps and text.strip() and not caps and text != vi.upper_vi(text):
        upper = vi.upper_vi(text.strip())
        found.append(("caps", f"không viết in hoa, {rule} in hoa. Viết lại: «{upper}»."))
    alignments = {
        WD_ALIGN_PARAGRAPH.LEFT: "left",
        WD_ALIGN_PARAGRAPH.CENTER: "center",
        WD_ALIGN_PARAGRAPH.RIGHT: "right",
        WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
    }
    alignment = alignments.get(_format_value(paragraph, "alignment") or WD_ALIGN_PARAGRAPH.LEFT)
    if alignment != spec.alignment:
        shown = _ALIGNMENT_NAMES.get(alignment or "", "căn khác")
        asked = _ALIGNMENT_NAMES[spec.alignment]
        found.append(("alignment", f"đang {shown}, {rule} {asked}. Sửa thành {asked}."))
    if spec.rule_below and spec.rule_length_mm is None and not _has_border(paragraph, "bottom"):
        found.append(("rule", "thiếu đường kẻ liền bên dưới. Thêm viền dưới (Borders → Bottom)."))
    if element in _SPACING_ELEMENTS:
        found += _spacing_deviations(paragraph, spec, rule, WD_LINE_SPACING.EXACTLY)
    return found


def _spacing_deviations(
    paragraph: Any, spec: ParagraphStyle, rule: str, exactly: Any
) -> list[tuple[str, str]]:
    """Return deviations of first-line indent, paragraph spacing and line spacing."""
    found = []
    indent = (_format_value(paragraph, "first_line_indent") or 0) / _EMU_PER_MM
    wanted = _n(spec.first_line_indent_mm)
    if abs(indent - spec.first_line_indent_mm) > MM_TOLERANCE:
        found.append(
            (
                "indent",
                f"thụt đầu dòng {_n(indent)} mm, {rule} {wanted} mm. "
                f"Đặt thụt dòng đầu (First line) {wanted} mm.",
            )
        )
    for key, label in (("space_before", "trước"), ("space_after", "sau")):
        actual = (_format_value(paragraph, key) or 0) / _EMU_PER_PT
        expected = getattr(spec, f"{key}_pt")
        if abs(actual - expected) > PT_TOLERANCE:
            found.append(
                (
                    "spacing",
                    f"khoảng cách {label} đoạn {_n(actual)} pt, {rule} {_n(expected)} pt. "
                    f"Đặt Spacing {label} {_n(expected)} pt.",
                )
            )
    spacing, line_rule = _line_spacing(paragraph)
    if spec.line_spacing_pt is not None:
        exact = _n(spec.line_spacing_pt)
        shown = spacing / _EMU_PER_PT if line_rule == exactly else None
        if shown is None or abs(shown - spec.line_spacing_pt) > PT_TOLERANCE:
            found.append(
                (
                    "line_spacing",
                    f"giãn dòng không phải đúng {exact} pt ({rule} {exact} pt). "
                    f"Đặt Line spacing Exactly {exact} pt.",
                )
            )
    else:
        multiple = spec.line_spacing_multiple or 1.0
        if not isinstance(spacing, float) or abs(spacing - multiple) > 0.01:
            found.append(
                (
                    "line_spacing",
                    f"giãn dòng khác bội số {_n(multiple)} ({rule} {_n(multiple)}). "
                    f"Đặt Line spacing Multiple {_n(multiple)}.",
                )
            )
    return found


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
            Finding(
                rule,
                _grouped_where([place for place, _ in places]),
                f"{label[0].upper()}{label[1:]}: {message}",
            )
        )
    return findings


# ---------------------------------------------------------------------------
# Forms: number, date line, signature, recipients, page numbers, mixing
# ---------------------------------------------------------------------------

_DATE_GROUPS = {"place": r".+?", "day": r"\d{1,2}", "month": r"\d{1,2}", "year": r"\d{4}"}


def _form_regex(pattern: str, groups: dict[str, str], *, loose: bool = False) -> re.Pattern[str]:
    """Return a regex for a profile form ("Số {number}-{type}/{issuer}"), fields as groups."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>{groups[field]})")
    body = "".join(parts)
    return re.compile(body if loose else f"^{body}$")


def _first(located: Sequence[Located], element: str) -> Located | None:
    return next(
        (item for item in located if item.element == element and item.paragraph.text.strip()),
        None,
    )


def check_number(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding when the number and symbol line is not in the profile's form."""
    form = profile.forms.number
    item = _first(located, "number")
    if item is None:
        return [
            Finding(
                "number.form",
                "bảng tiêu đề, cột trái",
                f"Không thấy dòng số và ký hiệu. Thêm dòng theo mẫu «{form.pattern}».",
            )
        ]
    text = item.paragraph.text.strip()
    code = r"[A-ZĐ][A-Za-zĐđ]*"
    groups = {
        "number": rf"\d{{{form.digits}}}|\s*",
        "type": code,
        "issuer": rf"{code}(?:-{code})*",
    }
    if _form_regex(form.pattern, groups).match(text):
        return []
    issues = []
    fixed = ""
    parts = _NUMBER_PARTS.match(text)
    literal_before_number = form.pattern.split("{number}")[0]
    want_colon = ":" in literal_before_number
    if parts is not None:
        colon, number, first, code_type, second, issuer = parts.groups()
        if bool(colon) != want_colon:
            issues.append("có dấu hai chấm sau «Số»" if colon else "thiếu dấu hai chấm sau «Số»")
        order = _separators(form.pattern)
        if (first, second) != order:
            issues.append(f"dấu «{first}» và «{second}» đặt sai thứ tự")
        if number and len(number) < form.digits:
            issues.append(f"số thứ tự phải đủ {form.digits} chữ số")
        shown = int(number) if number else None
        fixed = profile.number_line(shown, code_type, issuer)
    detail = "; ".join(issues) or "không theo mẫu"
    remedy = f"Sửa thành «{fixed}»" if fixed else f"Viết theo mẫu «{form.pattern}»"
    return [
        Finding(
            "number.form",
            item.where,
            f"Số và ký hiệu «{text}» {detail} (thể thức {profile.name}: «{form.pattern}»). "
            f"{remedy}.",
        )
    ]


def _separators(pattern: str) -> tuple[str, str]:
    """Return the two separators of a number pattern: ("-", "/") for "{number}-{type}/{issuer}"."""
    after_number = pattern.split("{number}")[1]
    first = after_number.split("{type}")[0].strip()
    second = after_number.split("{type}")[1].split("{issuer}")[0].strip()
    return first, second


def check_date_line(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return findings when the place-and-date line breaks the form or the padding rule."""
    pattern = profile.forms.date_line
    item = _first(located, "date_line")
    if item is None:
        return [
            Finding(
                "date_line.form",
                "bảng tiêu đề, cột phải",
                f"Không thấy dòng địa danh, ngày tháng. Thêm dòng theo mẫu «{pattern}».",
            )
        ]
    text = item.paragraph.text.strip()
    match = _form_regex(pattern, _DATE_GROUPS).match(text)
    if match is None:
        place = text.split(",", maxsplit=1)[0] if "," in text else "Địa danh"
        example = vi.official_date_line(place, date(2024, 2, 5))
        return [
            Finding(
                "date_line.form",
                item.where,
                f"Dòng «{text}» không theo mẫu «{pattern}» của thể thức {profile.name}. "
                f"Viết lại theo mẫu, ví dụ «{example}».",
            )
        ]
    day, month, year = match.group("day"), match.group("month"), match.group("year")
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return [
            Finding(
                "date_line.form",
                item.where,
                f"Ngày {day} tháng {month} năm {year} không có thật. Sửa lại ngày tháng.",
            )
        ]
    fixed = vi.official_date_line(match.group("place"), when)
    if fixed == text:
        return []
    return [
        Finding(
            "date_line.padding",
            item.where,
            f"«{text}» viết sai số 0 ở đầu: ngày dưới 10 và tháng 1, 2 phải có số 0 ở đầu, "
            f"các tháng khác thì không. Sửa thành «{fixed}».",
        )
    ]


def _prefix(pattern: str) -> str:
    return pattern.split("{", maxsplit=1)[0].strip()


def check_signature(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding when the authority line uses another profile's form (TM. for T/M)."""
    forms = profile.forms.signature
    own = [_prefix(p) for p in (forms.on_behalf, forms.deputy, forms.by_order, forms.by_authority)]
    findings = []
    for item in located:
        if item.element != "authority":
            continue
        text = item.paragraph.text.strip()
        match = _AUTHORITY.match(text)
        if match is None or match.group(0) in own:
            continue
        prefix = match.group(0)
        letters = prefix.replace("/", "").replace(".", "").replace(" ", "")
        same = next((o for o in own if o.replace("/", "").replace(".", "") == letters), own[0])
        fixed = f"{same} {text[len(prefix) :].strip()}"
        findings.append(
            Finding(
                "signature.form",
                item.where,
                f"Dòng ký «{text}» dùng «{prefix}», thể thức {profile.name} ghi «{same}» "
                f"({', '.join(own)}). Sửa thành «{fixed}».",
            )
        )
    return findings


def check_recipients(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return findings on the recipients label, its lines and the last (filing) line."""
    label = _first(located, "recipients_label")
    wanted = profile.texts.recipients_label
    findings = []
    if label is not None and label.paragraph.text.strip() != wanted:
        findings.append(
            Finding(
                "recipients.label",
                label.where,
                f"Chữ «{label.paragraph.text.strip()}» khác thể thức. Viết đúng «{wanted}».",
            )
        )
    lines = [
        item for item in located if item.element == "recipients" and item.paragraph.text.strip()
    ]
    forms = profile.forms.recipients
    if not lines:
        where = label.where if label is not None else "bảng chữ ký, cột trái"
        example = forms.last.format(archive="…")
        return [
            *findings,
            Finding(
                "recipients.last",
                where,
                f"Không có dòng nơi nhận nào. Thêm, cuối cùng «{example}».",
            ),
        ]
    item_form = _form_regex(forms.item, {"name": r".+"})
    for line in lines[:-1]:
        text = line.paragraph.text.strip()
        if not item_form.match(text):
            findings.append(
                Finding(
                    "recipients.item",
                    line.where,
                    f"Dòng «{text}» không theo mẫu «{forms.item}» của thể thức {profile.name}. "
                    "Sửa dấu đầu dòng và dấu cuối dòng cho đúng.",
                )
            )
    last = lines[-1]
    text = last.paragraph.text.strip()
    if not _form_regex(forms.last, {"archive": r".+"}).match(text):
        findings.append(
            Finding(
                "recipients.last",
                last.where,
                f"Dòng cuối nơi nhận «{text}» không theo mẫu «{forms.last}»: dòng cuối ghi nơi "
                f"lưu bản gốc. Sửa thành «{forms.last.format(archive='…')}».",
            )
        )
    return findings


def _has_page_field(paragraphs: Iterable[Any]) -> bool:
    for paragraph in paragraphs:
        element = paragraph._p
        instructions = "".join(t.text or "" for t in element.iter(f"{_W}instrText"))
        simple = " ".join(f.get(f"{_W}instr", "") for f in element.iter(f"{_W}fldSimple"))
        if "PAGE" in instructions.split() or "PAGE" in simple.split():
            return True
    return False


def check_page_numbers(document: Any) -> list[Finding]:
    """Return findings unless a PAGE field sits in the header, with none on page 1."""
    findings = []
    section = document.sections[0]
    header = section.header
    has_field = not header.is_linked_to_previous and _has_page_field(header.paragraphs)
    if not has_field:
        in_footer = _has_page_field(section.footer.paragraphs)
        place = "ở chân trang" if in_footer else "không có"
        findings.append(
            Finding(
                "page_numbers",
                "đầu trang (từ trang 2)",
                f"Số trang {place}; thể thức đặt số trang giữa đầu trang từ trang 2. "
                "Chèn số trang (Insert → Page Number → Top of Page, giữa).",
            )
        )
    first_shown = has_field and not section.different_first_page_header_footer
    first = section.first_page_header
    if section.different_first_page_header_footer and not first.is_linked_to_previous:
        first_shown = _has_page_field(first.paragraphs) or any(
            p.text.strip() for p in first.paragraphs
        )
    if first_shown:
        findings.append(
            Finding(
                "page_numbers",
                "đầu trang 1",
                "Trang 1 có số trang; thể thức không đánh số trang 1. "
                "Chọn «Different First Page» (Trang đầu khác) và để trống đầu trang 1.",
            )
        )
    return findings


def check_mixed_forms(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding for each title of the other kind (Party or state) in the document."""
    foreign: dict[str, str] = {}
    for other in builtin_profiles():
        if other.kind == profile.kind:
            continue
        for element in ("party_title", "national_title", "motto"):
            title = getattr(other.texts, element)
            if title:
                foreign[_key(title)] = element
    findings = []
    kind = "của Đảng" if profile.kind == "party" else "hành chính Nhà nước"
    for item in located:
        text = item.paragraph.text.strip()
        found = foreign.get(_key(text)) if text else None
        if found is not None:
            findings.append(
                Finding(
                    "forms.mixed",
                    item.where,
                    f"«{text}» ({LABELS[found]}) thuộc thể thức khác, không dùng trong văn bản "
                    f"{kind} (thể thức {profile.name}). Xóa dòng này; không trộn thể thức của "
                    "Đảng và của Nhà nước.",
                )
            )
    return findings


# ---------------------------------------------------------------------------
# Text hygiene
# ---------------------------------------------------------------------------


def load_confusables() -> list[Any]:
    """Return the genre typos of the built-in phrasebank (none when its list is missing)."""
    try:
        from drafter.lint import load_confusables as load
        from drafter.resources import data_dir
    except ImportError:
        return []
    try:
        return list(load([data_dir("phrasebank")]))
    except UserError:
        return []


def check_text(located: Sequence[Located]) -> list[Finding]:
    """Return NFD text, doubled spaces, genre typos and a mixed tone-mark style."""
    confusables = load_confusables()
    findings = []
    for item in located:
        raw = item.paragraph.text
        if not raw.strip():
            continue
        nfc = unicodedata.normalize("NFC", raw)
        if nfc != raw:
            findings.append(
                Finding(
                    "text.nfd",
                    item.where,
                    "Đoạn có chữ ở dạng tổ hợp (NFD): trông giống nhưng làm hỏng tìm kiếm, sắp xếp "
                    "và soát chính tả. Gõ lại đoạn bằng bảng mã Unicode dựng sẵn.",
                )
            )
        if item.element == "number":
            continue  # its blanks and form are the number rule's (check_number)
        if "  " in raw:
            at = raw.index("  ")
            around = raw[max(0, at - 20) : at + 22].strip()
            findings.append(
                Finding(
                    "text.double_space",
                    item.where,
                    f"Có hai dấu cách liền nhau ở «{around}». Xóa bớt một dấu cách.",
                )
            )
        for confusable in confusables:
            match = confusable.pattern.search(nfc)
            if match is not None:
                findings.append(
                    Finding(
                        "text.confusable",
                        item.where,
                        f"«{match.group(0)}» có lẽ là gõ nhầm của «{confusable.right}». "
                        "Kiểm tra và sửa.",
                    )
                )
    return findings + _tone_style(located)


def _tone_of(word: str) -> str | None:
    modern = vi.normalize_text(word, "modern")
    old = vi.normalize_text(word, "old")
    if modern == old:
        return None
    return "modern" if word == modern else "old"


def _tone_style(located: Sequence[Located]) -> list[Finding]:
    """Return one finding per paragraph using the document's minority tone-mark style."""
    words: dict[int, dict[str, list[str]]] = {}
    totals = {"modern": 0, "old": 0}
    for index, item in enumerate(located):
        for word in _WORD.findall(unicodedata.normalize("NFC", item.paragraph.text)):
            style = _tone_of(word)
            if style is not None:
                words.setdefault(index, {"modern": [], "old": []})[style].append(word)
                totals[style] += 1
    if not totals["modern"] or not totals["old"]:
        return []
    minority: vi.ToneStyle = "old" if totals["old"] < totals["modern"] else "modern"
    majority: vi.ToneStyle = "modern" if minority == "old" else "old"
    names = {"modern": "kiểu mới (hòa, thủy, ủy)", "old": "kiểu cũ (hoà, thuỷ, uỷ)"}
    findings = []
    for index, styles in words.items():
        odd = list(dict.fromkeys(styles[minority]))
        if odd:
            fixed = ", ".join(f"«{vi.normalize_text(w, majority)}»" for w in odd)
            findings.append(
                Finding(
                    "text.tone_style",
                    located[index].where,
                    f"Đặt dấu {names[minority]} ở {', '.join(f'«{w}»' for w in odd)}, "
                    f"trong khi văn bản dùng {names[majority]} ({totals[majority]} từ). "
                    f"Dùng một kiểu trong cả văn bản: sửa thành {fixed}.",
                )
            )
    return findings


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def format_table(result: CheckResult) -> str:
    """Return the findings on one file as a readable table (rule and place, then message)."""
    if not result.findings:
        return f"✓ {result.path}: đúng thể thức {result.profile}"
    lines = [f"✗ {result.path}: {len(result.findings)} chỗ sai thể thức {result.profile}"]
    width = max(len(finding.rule) for finding in result.findings)
    for finding in result.findings:
        lines.append(f"  {finding.rule:<{width}}  {finding.where}")
        lines.append(f"  {'':<{width}}  → {finding.message}")
    return "\n".join(lines)


def to_json(results: Sequence[CheckResult], errors: Sequence[tuple[Path, str]] = ()) -> str:
    """Return the results (and files that could not be read) as a JSON document."""
    files: list[dict[str, Any]] = [
        {
            "file": str(result.path),
            "profile": result.profile,
            "ok": not result.findings,
            "findings": [asdict(finding) for finding in result.findings],
        }
        for result in results
    ]
    files += [{"file": str(path), "ok": False, "error": message} for path, message in errors]
    return json.dumps({"files": files}, ensure_ascii=False, indent=2)


__all__ = [
    "CheckResult",
    "Finding",
    "Located",
    "check_document",
    "check_file",
    "detect_profile",
    "format_table",
    "open_docx",
    "to_json",
]
