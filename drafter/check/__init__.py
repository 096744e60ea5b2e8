"""Check: format compliance of any DOCX against a format profile (thể thức).

Each rule family is a pure function of an opened document (python-docx) and a profile that
returns ``Finding``s: the rule broken, where, and a Vietnamese message stating the fact, then the
remedy. ``locate`` names each paragraph's element; ``layout``, ``forms`` and ``text`` hold the
rules; ``styles`` resolves OOXML formatting; ``template`` checks DOCX templates instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.exceptions import PythonDocxError

from drafter.check.findings import CheckResult, format_table, to_json
from drafter.check.forms import (
    check_date_line,
    check_mixed_forms,
    check_number,
    check_recipients,
    check_signature,
)
from drafter.check.header import check_header_lines, check_issuer, check_properties
from drafter.check.layout import check_fonts, check_page, check_page_numbers, check_styles
from drafter.check.locate import (
    Located,
    builtin_profiles,
    detect_profile,
    header_table,
    locate_press,
    locate_resolution,
    open_docx,
)
from drafter.check.numbering import check_numbering
from drafter.check.pages import RenderUnavailableError, check_last_page, render_pages
from drafter.check.punctuation import check_capital_after_colon, check_punctuation
from drafter.check.report import check_report, is_report, report_styles
from drafter.check.text import check_text
from drafter.errors import Finding, UserError
from drafter.profiles import Profile, load_profile


def check_file(path: Path, profile_name: str | None = None, *, render: bool = False) -> CheckResult:
    """Return the findings on the DOCX at ``path`` (profile guessed from its titles if None).

    With ``render``, the pages are also rendered by LibreOffice once and checked as a reader
    turns them; where that cannot be done, the result carries a note instead.
    """
    document = open_docx(path)
    try:
        name = profile_name or detect_profile(document)
        profile = load_profile(name)
        findings = check_document(document, profile)
    except (PythonDocxError, ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        # python-docx reads attributes lazily: w:top="abc" or w:val="2" fail only when read.
        raise UserError(
            f"tệp DOCX có thuộc tính định dạng hỏng, không đọc được ({_shortened(error)})",
            "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.",
            where=str(path),
        ) from None
    notes = []
    if render and header_table(document, profile) is not None:  # a press summary signs nothing
        try:
            findings += check_last_page(render_pages(path), profile)
        except RenderUnavailableError as note:
            notes.append(str(note))
    return CheckResult(path, profile.name, findings, notes)


def _shortened(error: Exception) -> str:
    """Return the first line of ``error``'s text, cut to 120 characters."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def check_document(document: Any, profile: Profile) -> list[Finding]:
    """Return every finding on ``document`` checked against ``profile``.

    A document without a header table is a press summary, checked by the press layout; one
    whose type line is the profile's report (BÁO CÁO) is checked as a report, its appendix too.
    """
    header = header_table(document, profile)
    if header is None:
        return _check_press(document, profile)
    report = is_report(document, profile)
    if report:
        profile = profile.for_report()
    specs = report_styles(profile) if report else profile.styles.elements()
    located = locate_resolution(document, profile, header, specs)
    findings = check_page(document, profile.page, profile.margins, profile.name)
    findings += check_fonts(document, located, profile.font_family)
    findings += check_styles(document, located, specs, profile.name)
    if report:
        findings += check_report(document, located, profile)
    findings += check_number(located, profile)
    findings += check_date_line(located, profile)
    findings += check_signature(located, profile)
    findings += check_recipients(located, profile)
    findings += check_page_numbers(document)
    findings += check_mixed_forms(located, profile)
    findings += check_header_lines(located, profile)
    findings += check_issuer(located, profile)
    findings += check_numbering(located)
    findings += check_capital_after_colon(located)
    findings += check_punctuation(located)
    findings += check_properties(document, profile)
    return findings + check_text(located)


def _check_press(document: Any, profile: Profile) -> list[Finding]:
    """Return every finding on a press summary: page, fonts, styles, punctuation, properties
    and text."""
    press = profile.press
    located = locate_press(document, profile)
    findings = check_page(document, press.page, press.margins, profile.name)
    findings += check_fonts(document, located, press.font_family)
    findings += check_styles(document, located, press.styles.elements(), profile.name)
    findings += check_punctuation(located)
    findings += check_properties(document, profile)
    return findings + check_text(located)


__all__ = [
    "CheckResult",
    "Finding",
    "Located",
    "builtin_profiles",
    "check_document",
    "check_file",
    "detect_profile",
    "format_table",
    "open_docx",
    "to_json",
]
