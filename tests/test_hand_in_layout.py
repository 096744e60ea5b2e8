"""The resolution is ready to hand in: the closing stays together, the header follows the level.

Issue 13: the signature and "Nơi nhận" fell alone onto the last page, a provincial committee
got "ĐẢNG CỘNG SẢN VIỆT NAM" on both sides, long place names wrapped the date line, wrapped
recipients had no hanging indent, and every file carried the template's properties.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pydantic import ValidationError

from drafter.api import Choices, Drafter
from drafter.check import check_file
from drafter.datafile import load_report
from drafter.models import Issuer, Report
from tests.conftest import BAC_SON, ROOT, needs_libreoffice
from tests.helpers import describe, header_column, image_bytes

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
LANG_SON = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"
COMMUNE = ROOT / "examples" / "xa-bac-son-quy-i-2026.yaml"


def render(report: Report, kind: str = "resolution", **choices: Any) -> bytes:
    """Return the bytes of one document of ``report``, drafted as the CLI would."""
    session = Drafter(Choices(documents=(kind,), **choices))
    (document,) = session.render(session.plan(report), photo_dir=ROOT / "examples")
    return document.content


def open_docx(content: bytes) -> Any:
    """Return ``content`` opened with python-docx."""
    return Document(io.BytesIO(content))


def with_issuer(path: Path, **changes: Any) -> Report:
    """Return the report of ``path`` with its issuer changed."""
    report = load_report(path)
    issuer = report.issuer.model_copy(update=changes)
    return report.model_copy(update={"issuer": issuer})


def province() -> Report:
    """Return the Lạng Sơn example as drafted by the provincial committee (no superior)."""
    return with_issuer(
        LANG_SON,
        name="Tỉnh ủy Lạng Sơn",
        organisation="Đảng bộ tỉnh Lạng Sơn",
        superior=None,
        superior_committee=None,
        level="province",
        code="TU",
        office="Văn phòng Tỉnh ủy",
    )


def header_columns(content: bytes) -> tuple[list[str], list[str]]:
    """Return the non-empty paragraph texts of the header table's left and right columns."""
    document = open_docx(content)
    left = [p.text for p in header_column(document, 0) if p.text.strip()]
    right = [p.text for p in header_column(document, 1) if p.text.strip()]
    return left, right


# -- header by level ----------------------------------------------------------------------------


def test_a_provincial_committee_writes_its_name_alone_and_the_party_title_once() -> None:
    left, right = header_columns(render(province()))
    assert left[:2] == ["TỈNH ỦY LẠNG SƠN", "*"]
    assert left[2].startswith("Số ") and left[2].endswith("-NQ/TU")
    assert len(left) == 3, left
    assert right[0] == PARTY_TITLE
    assert PARTY_TITLE not in left


def test_a_province_level_committee_given_a_superior_still_writes_none() -> None:
    report = with_issuer(LANG_SON, level="province", name="Tỉnh ủy Lạng Sơn")
    left, _ = header_columns(render(report))
    assert left[0] == "TỈNH ỦY LẠNG SƠN"


@pytest.mark.parametrize(
    ("path", "superior", "issuer"),
    [
        (BAC_SON, "ĐẢNG BỘ TỈNH LẠNG SƠN", "HUYỆN ỦY BẮC SƠN"),
        (COMMUNE, "ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY XÃ BẮC SƠN"),
        (LANG_SON, "ĐẢNG BỘ TỈNH LẠNG SƠN", "THÀNH ỦY LẠNG SƠN"),
    ],
    ids=["district", "commune", "city"],
)
def test_committees_below_the_province_write_their_superior_first(
    path: Path, superior: str, issuer: str
) -> None:
    left, right = header_columns(render(load_report(path)))
    assert left[:3] == [superior, issuer, "*"]
    assert right[0] == PARTY_TITLE


def test_only_a_provincial_committee_may_leave_out_its_superior() -> None:
    issuer = load_report(BAC_SON).issuer.model_dump()
    with pytest.raises(ValidationError, match=r"issuer\.superior"):
        Issuer.model_validate({**issuer, "superior": None})
    assert Issuer.model_validate({**issuer, "superior": None, "level": "province"})


# -- recipients, keeping together (the XML) -----------------------------------------------------


def test_wrapped_recipients_align_after_the_dash() -> None:
    document = open_docx(render(load_report(BAC_SON)))
    cell = document.tables[-1].cell(0, 0)
    items = [p for p in cell.paragraphs if p.text.startswith("- ")]
    assert items
    for paragraph in items:
        fmt = paragraph.style.paragraph_format
        assert fmt.first_line_indent is not None and fmt.first_line_indent < 0
        assert fmt.left_indent == -fmt.first_line_indent  # a hanging indent, as wide as "- "
        assert 2.0 <= fmt.left_indent.mm <= 3.0


def keeps_with_next(paragraph: Any) -> bool:
    """Return whether ``paragraph`` (directly or by its style) keeps with the next one."""
    direct = paragraph.paragraph_format.keep_with_next
    return bool(direct if direct is not None else paragraph.style.paragraph_format.keep_with_next)


def test_the_closing_lines_keep_with_the_signature_and_the_title_with_the_opening() -> None:
    document = open_docx(render(load_report(BAC_SON)))
    body = document.element.body
    children = list(body)
    signature = document.tables[-1]._tbl
    before = [c for c in children[: children.index(signature)] if c.tag == qn("w:p")]
    last_two = [Paragraph(p, document._body) for p in before[-2:]]
    assert all(p.text.strip() for p in last_two)
    assert all(keeps_with_next(p) for p in last_two)
    body_paragraphs = [p for p in document.paragraphs if p.style.name == "VB Nội dung"]
    assert not keeps_with_next(body_paragraphs[2]), "only the closing lines are kept"
    everything = [p._p for p in document.paragraphs]
    title_block = document.paragraphs[: everything.index(body_paragraphs[0]._p)]
    texts = [p.text for p in title_block]
    title_block = title_block[texts.index("NGHỊ QUYẾT") :]  # type, conference, subject, rule
    assert len(title_block) == 4
    assert all(keeps_with_next(p) for p in title_block), [p.text for p in title_block]
    headings = [p for p in document.paragraphs if p.style.name == "VB Tiêu đề phần"]
    assert headings and all(keeps_with_next(p) for p in headings)
    row = document.tables[-1].rows[0]._tr
    assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None
    for cell in document.tables[-1].rows[0].cells:
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


# -- document properties ------------------------------------------------------------------------


def test_the_resolution_names_its_title_and_issuer_and_the_conference_date() -> None:
    properties = open_docx(render(load_report(BAC_SON), reproducible=True)).core_properties
    assert properties.title == "Nghị quyết Hội nghị lần thứ 17 Ban Chấp hành Đảng bộ huyện Bắc Sơn"
    assert properties.author == "Huyện ủy Bắc Sơn"
    assert properties.last_modified_by == "Huyện ủy Bắc Sơn"
    assert properties.created == datetime(2023, 9, 15, tzinfo=UTC)
    assert properties.modified == datetime(2023, 9, 15, tzinfo=UTC)


def test_the_press_summary_is_titled_by_its_headline() -> None:
    report = load_report(BAC_SON)
    document = open_docx(render(report, "press"))
    headline = document.paragraphs[0].text
    assert document.core_properties.title == headline
    assert document.core_properties.author == "Huyện ủy Bắc Sơn"
    assert "drafter" not in document.core_properties.author


def core_part(content: bytes) -> bytes:
    """Return the docProps/core.xml of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("docProps/core.xml")


def test_both_renderers_write_the_same_properties(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    (tmp_path / "anh.png").write_bytes(image_bytes("png"))
    photos = [report.photos[0].model_copy(update={"file": "anh.png"})]
    with_file = report.model_copy(update={"photos": photos})
    session = Drafter(Choices(documents=("press",), reproducible=True))
    (docxtpl,) = session.render(session.plan(with_file), photo_dir=tmp_path)
    fast = render(report, "press", reproducible=True)
    assert core_part(docxtpl.content) == core_part(fast)


def test_documents_are_dated_when_drafted_and_reproducible_on_request() -> None:
    report = load_report(BAC_SON)
    assert render(report, reproducible=True) == render(report, reproducible=True)
    started = datetime.now().astimezone().replace(tzinfo=None, microsecond=0)
    live = open_docx(render(report)).core_properties
    assert live.created is not None and live.created.year >= started.year
    assert live.created != datetime(2023, 9, 15, tzinfo=UTC)


# -- LibreOffice: the date line on one line, the closing with the body ------------------------

LONG_PLACES = [  # a place named after a person is written in full (GUIDE §2: the place's name)
    ("Bà Rịa - Vũng Tàu", "Tỉnh ủy Bà Rịa - Vũng Tàu", "province"),
    ("Xã Quảng Phú Cầu", "Đảng ủy xã Quảng Phú Cầu", "commune"),
    ("Phường Nguyễn Trung Trực", "Đảng ủy phường Nguyễn Trung Trực", "ward"),
    ("Thành phố Hồ Chí Minh", "Thành ủy Thành phố Hồ Chí Minh", "province"),
]


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    """Return the text pdftotext reads from ``pdf`` (one page when given)."""
    command = ["pdftotext"]
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    if layout:
        command.append("-layout")
    command += [str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    """Return the number of pages of ``pdf`` (pdftotext separates pages by form feeds)."""
    return pdf_text(pdf).rstrip("\f").count("\f") + 1


def variant(base: Report, index: int) -> Report:
    """Return the ``index``-th length of the Bắc Sơn report: tasks, limitations, recipients.

    The number of tasks grows by one per variant (about a line and a half each), so 24
    variants move the page break through every line of the closing part and the signature.
    """
    tasks = [
        f"{base.tasks[number % len(base.tasks)]} (mục {number + 1})" for number in range(index + 1)
    ]
    limitations = base.limitations[: index % (len(base.limitations) + 1)]
    names = [*base.resolution.recipients, "Các xã, thị trấn", "Mặt trận Tổ quốc huyện"]
    recipients = names[: 1 + index % len(names)]
    resolution = base.resolution.model_copy(update={"recipients": recipients})
    return base.model_copy(
        update={"tasks": tasks, "limitations": limitations, "resolution": resolution}
    )


_SIGNATURE = re.compile(r"^(T/M |Nơi nhận:)")


@pytest.mark.libreoffice
def test_the_signature_never_stands_alone_on_the_last_page(tmp_path: Path) -> None:
    needs_libreoffice()
    from drafter.pdf import convert_to_pdf

    base = load_report(BAC_SON)
    files = []
    for index in range(24):
        path = tmp_path / f"nghi-quyet-{index:02d}.docx"
        path.write_bytes(render(variant(base, index)))
        files.append(path)
    pdfs = convert_to_pdf(files, tmp_path / "pdf")
    alone = []
    for pdf in pdfs:
        last = page_count(pdf)
        lines = [line.strip() for line in pdf_text(pdf, last).splitlines() if line.strip()]
        start = next(number for number, line in enumerate(lines) if _SIGNATURE.match(line))
        body = [line for line in lines[:start] if not line.isdigit()]  # not the page number
        if len(body) < 2:
            alone.append(f"{pdf.name} (page {last}: {lines[:4]})")
    assert not alone, "signature without two lines of body above it: " + "; ".join(alone)


@pytest.mark.libreoffice
def test_long_place_names_keep_the_date_line_on_one_line(tmp_path: Path) -> None:
    needs_libreoffice()
    from drafter.pdf import convert_to_pdf

    files = []
    for number, (place, name, level) in enumerate(LONG_PLACES):
        above = {"superior": None, "superior_committee": None} if level == "province" else {}
        report = with_issuer(COMMUNE, place=place, name=name, level=level, **above)
        conference = report.conference.model_copy(update={"date": datetime(2025, 12, 30).date()})
        report = report.model_copy(update={"conference": conference})
        path = tmp_path / f"dai-{number}.docx"
        path.write_bytes(render(report))
        assert not check_file(path, "hd36").findings, describe(check_file(path, "hd36").findings)
        files.append(path)
    for pdf, (place, _, _) in zip(
        convert_to_pdf(files, tmp_path / "pdf"), LONG_PLACES, strict=True
    ):
        page = pdf_text(pdf, 1, layout=True)
        wanted = f"{place}, ngày 30 tháng 12 năm 2025"
        assert any(wanted in line for line in page.splitlines()), f"{wanted!r} wraps:\n{page[:600]}"
