"""Header and file rules: lines repeated or contradicting in the header, an issuer that is a
place, and the template's document properties left in the file.

The header by level (GUIDE "Header by level"): the party title stands alone at top right; a
provincial committee (Tỉnh ủy) writes its own name alone on the left, with no superior line;
a centrally-run city's Thành ủy likewise; a district or commune committee writes its
superior body above its own name. The issuer is
always a committee ("… ỦY …", "CHI BỘ …", "BAN …"), never a place ("XÃ TÂN TIẾN").
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from drafter import vietnamese as vi
from drafter.check.findings import LABELS, finding
from drafter.check.locate import Located, builtin_profiles, title_key
from drafter.errors import Finding
from drafter.issuers import derived_issuer
from drafter.models.scalars import PROVINCE_LEVELS
from drafter.profiles import Profile

HEADER = "bảng tiêu đề"
"""How the places of the header table's paragraphs start (``locate._header_cells``)."""
LEFT = f"{HEADER}, cột trái"

_COMMITTEE_WORDS = ("ủy", "chi bộ", "đảng đoàn", "văn phòng")
_PLACE_COMMITTEES = (
    ("thị trấn", "ĐẢNG ỦY THỊ TRẤN"),
    ("thị xã", "THỊ ỦY"),
    ("thành phố", "THÀNH ỦY"),
    ("xã", "ĐẢNG ỦY XÃ"),
    ("phường", "ĐẢNG ỦY PHƯỜNG"),
    ("đặc khu", "ĐẢNG ỦY ĐẶC KHU"),
    ("huyện", "HUYỆN ỦY"),
    ("quận", "QUẬN ỦY"),
    ("tỉnh", "TỈNH ỦY"),
)
"""A place's kind, and the committee that issues for it: "XÃ TÂN TIẾN" → "ĐẢNG ỦY XÃ …"."""

TOOL_NAMES = frozenset({"drafter", "python-docx", "docxtpl", "docx4j", "apache poi"})
"""Authors a tool writes into a file's properties: no person signs a document so."""
TEMPLATE_CREATED = datetime.date(2024, 1, 1)
"""The creation date the bundled templates carry."""
PROPERTIES = "thuộc tính tệp (docProps/core.xml)"


def _text(item: Located) -> str:
    """Return the paragraph's text, NFC and stripped."""
    return vi.normalize_text(item.paragraph.text).strip()


def check_header_lines(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding for a title in the issuer block, a line written twice in the header,
    and a superior line above a provincial committee's own name.
    """
    titles = {
        title_key(text): name
        for known in builtin_profiles()
        for name in ("party_title", "national_title", "motto")
        if (text := getattr(known.texts, name))
    }
    star = title_key(profile.texts.star or "*")
    header = [item for item in located if item.where.startswith(HEADER) and _text(item)]
    findings = []
    reported: set[int] = set()
    for item in header:
        key = title_key(_text(item))
        if item.where.startswith(LEFT) and key in titles:
            reported.add(id(item))
            findings.append(
                finding(
                    "header.title_on_left",
                    item.where,
                    f"«{_text(item)}» ({LABELS[titles[key]]}) nằm ở cột trái, chỗ của tên cơ quan "
                    "ban hành. Xóa dòng này: tiêu đề chỉ đặt một lần, ở cột phải.",
                )
            )
    seen: dict[str, Located] = {}
    for item in header:
        key = title_key(_text(item))
        if key == star or id(item) in reported:
            continue
        first = seen.setdefault(key, item)
        if first is not item:
            findings.append(
                finding(
                    "header.repeated_line",
                    item.where,
                    f"Dòng «{_text(item)}» đã có ở {first.where.split(':')[0]}. "
                    "Xóa dòng lặp lại: mỗi dòng của phần tiêu đề viết một lần.",
                )
            )
    return findings + _province_superior(located)


def _province_superior(located: Sequence[Located]) -> list[Finding]:
    """Return a finding when a provincial committee's name has a superior line above it."""
    issuer = next((i for i in located if i.element == "issuer" and _text(i)), None)
    superior = next((i for i in located if i.element == "superior" and _text(i)), None)
    if issuer is None or superior is None or not _is_province_level(_text(issuer)):
        return []
    return [
        finding(
            "header.province_superior",
            superior.where,
            f"«{_text(superior)}» đứng trên tên «{_text(issuer)}»: Tỉnh ủy (Thành ủy trực thuộc "
            "Trung ương) là cấp trên cùng của địa phương, ghi tên mình một mình ở cột trái. "
            f"Xóa dòng «{_text(superior)}».",
        )
    ]


def _is_province_level(issuer: str) -> bool:
    """Return whether the committee named ``issuer`` sits directly under the Central Committee.

    "TỈNH ỦY LẠNG SƠN" and "THÀNH ỦY HÀ NỘI" do; "THÀNH ỦY LẠNG SƠN" (a city of a province)
    does not. The rules are the issuers' (``drafter/data/issuers.yaml``).
    """
    return derived_issuer(issuer).get("level") in PROVINCE_LEVELS


def check_issuer(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding when a Party document's issuer is a place rather than a committee."""
    issuer = next((i for i in located if i.element == "issuer" and _text(i)), None)
    if issuer is None or profile.kind != "party":
        return []
    text = _text(issuer)
    key = title_key(text)
    if any(f" {word} " in f" {key} " for word in _COMMITTEE_WORDS) or key.startswith("ban "):
        return []
    example = "ĐẢNG ỦY XÃ TÂN TIẾN"
    for place, committee in _PLACE_COMMITTEES:
        if key.startswith(f"{place} "):
            example = f"{committee} {vi.upper_vi(text[len(place) + 1 :].strip())}"
            break
    return [
        finding(
            "issuer.not_committee",
            issuer.where,
            f"Cơ quan ban hành «{text}» là tên địa danh, không phải cấp ủy: văn bản của Đảng do "
            f"cấp ủy ban hành («… ỦY …», «CHI BỘ …», «BAN …»). Sửa thành «{example}».",
        )
    ]


def check_properties(document: Any, profile: Profile) -> list[Finding]:
    """Return one finding when the file still carries the template's properties.

    The title of a bundled template ("Mẫu …"), a tool as author, or the templates' creation
    date show in Word's File → Info and in every copy sent on: a reader sees a template.
    """
    core = core_properties(document)
    left = []
    title = core.get("title", "")
    if title.startswith("Mẫu") or title in _template_titles(profile):
        left.append(f"tiêu đề «{title}»")
    for label, key in (("tác giả", "creator"), ("người sửa cuối", "lastModifiedBy")):
        if core.get(key, "").casefold() in TOOL_NAMES:
            left.append(f"{label} «{core[key]}»")
    if core.get("created", "").startswith(TEMPLATE_CREATED.isoformat()):
        left.append(f"ngày tạo {TEMPLATE_CREATED.strftime('%d/%m/%Y')}")
    if not left:
        return []
    return [
        finding(
            "properties.template",
            PROPERTIES,
            f"Tệp còn mang thuộc tính của mẫu: {', '.join(left)}. Đặt lại trong Tệp → Thông "
            "tin → Thuộc tính: tiêu đề là trích yếu văn bản, tác giả là cơ quan ban hành, "
            "ngày tạo là ngày soạn.",
        )
    ]


def core_properties(document: Any) -> dict[str, str]:
    """Return the file's core properties (title, creator, lastModifiedBy, created) as written.

    Read from the part itself, found by its content type: LibreOffice links it with another
    relationship type than python-docx looks for, and python-docx then shows made-up values
    ("python-docx" as the last author) instead of the file's. Empty when the file has none.
    """
    from docx.opc.constants import CONTENT_TYPE
    from docx.oxml.parser import parse_xml

    part = next(
        (
            part
            for part in document.part.package.iter_parts()
            if part.content_type == CONTENT_TYPE.OPC_CORE_PROPERTIES
        ),
        None,
    )
    if part is None:
        return {}
    try:
        root = parse_xml(part.blob)
    except ValueError:  # lxml's XMLSyntaxError is a ValueError: a damaged part shows nothing
        return {}
    found = {}
    for child in root:
        name = str(child.tag).rsplit("}", maxsplit=1)[-1]
        found[name] = (child.text or "").strip()
    return found


def _template_titles(profile: Profile) -> set[str]:
    """Return the titles of the profile's bundled templates."""
    return {profile.texts.template_title, profile.press.template_title}
