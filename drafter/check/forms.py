"""Form rules: the number, the date line, the signature, the recipients, and no mixed forms.

Each form is the profile's (``profile.forms``): a Party document writes "Số 15-NQ/HU" and
"T/M", a state one "Số: 15/NQ-HU" and "TM.". A finding shows the line fixed when it can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from drafter import vietnamese as vi
from drafter.check.findings import LABELS, finding
from drafter.check.locate import Located, builtin_profiles, title_key
from drafter.check.patterns import AUTHORITY, DATE_GROUPS, form_regex
from drafter.errors import Finding
from drafter.profiles import NumberForm, Profile

_NUMBER_PARTS = re.compile(r"^Số\s*(:?)\s*(\d*)\s*([-/])\s*([^-/\s]+)\s*([-/])\s*(\S+)$")
_CODE = r"[A-ZĐ][A-Za-zĐđ]*"


def _first(located: Sequence[Located], element: str) -> Located | None:
    """Return the first paragraph with text that is ``element``, or None."""
    return next(
        (item for item in located if item.element == element and item.paragraph.text.strip()),
        None,
    )


# ---------------------------------------------------------------------------
# Number and symbol
# ---------------------------------------------------------------------------


def check_number(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding when the number and symbol line is not in the profile's form."""
    form = profile.forms.number
    item = _first(located, "number")
    if item is None:
        return [
            finding(
                "number.form",
                "bảng tiêu đề, cột trái",
                f"Không thấy dòng số và ký hiệu. Thêm dòng theo mẫu «{form.pattern}».",
            )
        ]
    text = item.paragraph.text.strip()
    groups = {
        "number": rf"\d{{{form.digits}}}|\s*",
        "type": _CODE,
        "issuer": rf"{_CODE}(?:-{_CODE})*",
    }
    if form_regex(form.pattern, groups).match(text):
        return []
    issues, fixed = _number_issues(text, form, profile)
    detail = "; ".join(issues) or "không theo mẫu"
    remedy = f"Sửa thành «{fixed}»" if fixed else f"Viết theo mẫu «{form.pattern}»"
    return [
        finding(
            "number.form",
            item.where,
            f"Số và ký hiệu «{text}» {detail} (thể thức {profile.name}: «{form.pattern}»). "
            f"{remedy}.",
        )
    ]


def _number_issues(text: str, form: NumberForm, profile: Profile) -> tuple[list[str], str]:
    """Return what is wrong with a number line read as its parts, and the line fixed ("")."""
    parts = _NUMBER_PARTS.match(text)
    if parts is None:
        return [], ""
    issues = []
    want_colon = ":" in form.pattern.split("{number}")[0]
    colon, number, first, code_type, second, issuer = parts.groups()
    if bool(colon) != want_colon:
        issues.append("có dấu hai chấm sau «Số»" if colon else "thiếu dấu hai chấm sau «Số»")
    if (first, second) != _separators(form.pattern):
        issues.append(f"dấu «{first}» và «{second}» đặt sai thứ tự")
    if number and len(number) < form.digits:
        issues.append(f"số thứ tự phải đủ {form.digits} chữ số")
    shown = int(number) if number else None
    return issues, profile.number_line(shown, code_type, issuer)


def _separators(pattern: str) -> tuple[str, str]:
    """Return the two separators of a number pattern: ("-", "/") for "{number}-{type}/{issuer}"."""
    after_number = pattern.split("{number}")[1]
    first = after_number.split("{type}")[0].strip()
    second = after_number.split("{type}")[1].split("{issuer}")[0].strip()
    return first, second


# ---------------------------------------------------------------------------
# Place and date
# ---------------------------------------------------------------------------


def check_date_line(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return findings when the place-and-date line breaks the form or the padding rule."""
    pattern = profile.forms.date_line
    item = _first(located, "date_line")
    if item is None:
        return [
            finding(
                "date_line.form",
                "bảng tiêu đề, cột phải",
                f"Không thấy dòng địa danh, ngày tháng. Thêm dòng theo mẫu «{pattern}».",
            )
        ]
    text = item.paragraph.text.strip()
    match = form_regex(pattern, DATE_GROUPS).match(text)
    if match is None:
        return [_date_line_out_of_form(item, text, profile)]
    day, month, year = match.group("day"), match.group("month"), match.group("year")
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return [
            finding(
                "date_line.form",
                item.where,
                f"Ngày {day} tháng {month} năm {year} không có thật. Sửa lại ngày tháng.",
            )
        ]
    fixed = vi.official_date_line(match.group("place"), when)
    if fixed == text:
        return []
    return [
        finding(
            "date_line.padding",
            item.where,
            f"«{text}» viết sai số 0 ở đầu: ngày dưới 10 và tháng 1, 2 phải có số 0 ở đầu, "
            f"các tháng khác thì không. Sửa thành «{fixed}».",
        )
    ]


def _date_line_out_of_form(item: Located, text: str, profile: Profile) -> Finding:
    """Return the finding on a date line that is not in the form, with an example that is."""
    place = text.split(",", maxsplit=1)[0] if "," in text else "Địa danh"
    example = vi.official_date_line(place, date(2024, 2, 5))
    return finding(
        "date_line.form",
        item.where,
        f"Dòng «{text}» không theo mẫu «{profile.forms.date_line}» của thể thức {profile.name}. "
        f"Viết lại theo mẫu, ví dụ «{example}».",
    )


# ---------------------------------------------------------------------------
# Signature and recipients
# ---------------------------------------------------------------------------


def check_signature(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding when the authority line uses another profile's form (TM. for T/M)."""
    forms = profile.forms.signature
    own = [_prefix(p) for p in (forms.on_behalf, forms.deputy, forms.by_order, forms.by_authority)]
    findings = []
    for item in located:
        if item.element != "authority":
            continue
        text = item.paragraph.text.strip()
        match = AUTHORITY.match(text)
        if match is None or match.group(0) in own:
            continue
        prefix = match.group(0)
        letters = prefix.replace("/", "").replace(".", "").replace(" ", "")
        same = next((o for o in own if o.replace("/", "").replace(".", "") == letters), own[0])
        fixed = f"{same} {text[len(prefix) :].strip()}"
        findings.append(
            finding(
                "signature.form",
                item.where,
                f"Dòng ký «{text}» dùng «{prefix}», thể thức {profile.name} ghi «{same}» "
                f"({', '.join(own)}). Sửa thành «{fixed}».",
            )
        )
    return findings


def _prefix(pattern: str) -> str:
    """Return the literal start of a form: "T/M" for "T/M {body}"."""
    return pattern.split("{", maxsplit=1)[0].strip()


def check_recipients(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return findings on the recipients label, its lines and the last (filing) line."""
    label = _first(located, "recipients_label")
    wanted = profile.texts.recipients_label
    findings = []
    if label is not None and label.paragraph.text.strip() != wanted:
        findings.append(
            finding(
                "recipients.label",
                label.where,
                f"Chữ «{label.paragraph.text.strip()}» khác thể thức. Viết đúng «{wanted}».",
            )
        )
    lines = [
        item for item in located if item.element == "recipients" and item.paragraph.text.strip()
    ]
    if not lines:
        where = label.where if label is not None else "bảng chữ ký, cột trái"
        example = profile.forms.recipients.last.format(archive="…")
        return [
            *findings,
            finding(
                "recipients.last",
                where,
                f"Không có dòng nơi nhận nào. Thêm, cuối cùng «{example}».",
            ),
        ]
    return findings + _recipient_lines(lines, profile)


def _recipient_lines(lines: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return findings on recipient lines out of form, and on a last line that files nothing."""
    forms = profile.forms.recipients
    findings = []
    item_form = form_regex(forms.item, {"name": r".+"})
    for line in lines[:-1]:
        text = line.paragraph.text.strip()
        if not item_form.match(text):
            findings.append(
                finding(
                    "recipients.item",
                    line.where,
                    f"Dòng «{text}» không theo mẫu «{forms.item}» của thể thức {profile.name}. "
                    "Sửa dấu đầu dòng và dấu cuối dòng cho đúng.",
                )
            )
    last = lines[-1]
    text = last.paragraph.text.strip()
    if not form_regex(forms.last, {"archive": r".+"}).match(text):
        findings.append(
            finding(
                "recipients.last",
                last.where,
                f"Dòng cuối nơi nhận «{text}» không theo mẫu «{forms.last}»: dòng cuối ghi nơi "
                f"lưu bản gốc. Sửa thành «{forms.last.format(archive='…')}».",
            )
        )
    return findings


# ---------------------------------------------------------------------------
# Party and state forms mixed
# ---------------------------------------------------------------------------


def check_mixed_forms(located: Sequence[Located], profile: Profile) -> list[Finding]:
    """Return a finding for each title of the other kind (Party or state) in the document."""
    foreign: dict[str, str] = {}
    for other in builtin_profiles():
        if other.kind == profile.kind:
            continue
        for element in ("party_title", "national_title", "motto"):
            title = getattr(other.texts, element)
            if title:
                foreign[title_key(title)] = element
    findings = []
    kind = "của Đảng" if profile.kind == "party" else "hành chính Nhà nước"
    for item in located:
        text = item.paragraph.text.strip()
        found = foreign.get(title_key(text)) if text else None
        if found is not None:
            findings.append(
                finding(
                    "forms.mixed",
                    item.where,
                    f"«{text}» ({LABELS[found]}) thuộc thể thức khác, không dùng trong văn bản "
                    f"{kind} (thể thức {profile.name}). Xóa dòng này; không trộn thể thức của "
                    "Đảng và của Nhà nước.",
                )
            )
    return findings
