"""The format profiles, the template builder and the committed templates."""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from drafter.errors import UserError
from drafter.profiles import Profile, available_profiles, load_profile
from drafter.template_builder import (
    PRESS_TEMPLATE,
    RESOLUTION_TEMPLATE,
    build_press,
    build_resolution,
    build_templates,
    template_parts,
    text_width_pt,
)
from tests.conftest import needs_libreoffice
from tests.layout import (
    assert_clean_text,
    assert_press_layout,
    assert_resolution_layout,
)
from tests.sample_context import RESOLUTION_DATE_LINE, press_context, resolution_context

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates_docx"
PROFILES = ROOT / "profiles"


@pytest.fixture(scope="module")
def hd36() -> Profile:
    return load_profile("hd36")


@pytest.fixture(scope="module")
def nd30() -> Profile:
    return load_profile("nd30")


def render(template: Path, context: dict[str, Any], out: Path) -> Path:
    """Render ``template`` the way drafter does (docxtpl, autoescape) and save it to ``out``."""
    document = DocxTemplate(str(template))
    document.render(context, autoescape=True)
    document.save(str(out))
    return out


def tiny_png(path: Path) -> Path:
    """Write a valid 4 × 3 grey PNG: a photo without depending on an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * 4 for _ in range(3))
    header = struct.pack(">IIBBBBB", 4, 3, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def render_press(
    profile: Profile, out: Path, context: dict[str, Any] | None = None, photo: bool = True
) -> Path:
    """Render the press template, with a real picture in the first photo when asked."""
    document = DocxTemplate(str(TEMPLATES / PRESS_TEMPLATE))
    values = context if context is not None else press_context()
    if photo and values["photos"]:
        image = tiny_png(out.with_suffix(".png"))
        width = Mm(profile.press.photo_width_mm)
        values["photos"][0]["image"] = InlineImage(document, str(image), width=width)
    document.render(values, autoescape=True)
    document.save(str(out))
    return out


def texts(path: Path) -> list[str]:
    """Return the text of every paragraph, tables included, in reading order."""
    document = Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(p.text for p in cell.paragraphs)
    return found


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------


def test_built_in_profiles_load(hd36: Profile, nd30: Profile) -> None:
    assert {"hd36", "nd30"} <= set(available_profiles())
    assert (hd36.kind, nd30.kind) == ("party", "state")
    assert hd36.font_family == nd30.font_family == "Times New Roman"
    assert hd36.texts.party_title is not None and hd36.texts.national_title is None
    assert nd30.texts.motto is not None and nd30.styles.star is None
    assert load_profile(str(PROFILES / "hd36.yaml")) == hd36


def test_profile_forms(hd36: Profile, nd30: Profile) -> None:
    assert hd36.number_line(5, "NQ", "HU") == "Số 05-NQ/HU"
    assert hd36.number_line(15, "NQ", "HU") == "Số 15-NQ/HU"
    assert re.fullmatch(r"Số {3,}-NQ/HU", hd36.number_line(None, "NQ", "HU"))
    assert nd30.number_line(15, "BC", "UBND") == "Số: 15/BC-UBND"
    assert hd36.authority_line("BAN CHẤP HÀNH") == "T/M BAN CHẤP HÀNH"
    assert nd30.authority_line("ỦY BAN NHÂN DÂN") == "TM. ỦY BAN NHÂN DÂN"
    assert hd36.archive_line("Văn phòng Huyện ủy") == "- Lưu Văn phòng Huyện ủy."
    assert nd30.archive_line("TH") == "- Lưu: VT, TH."
    assert hd36.draft_mark_text(2) == "DỰ THẢO LẦN 2"
    assert hd36.draft_mark_text() == "DỰ THẢO"


def test_unverified_values_are_marked(hd36: Profile, nd30: Profile) -> None:
    for profile in (hd36, nd30):
        assert profile.is_unverified("margins.top_mm")
        assert profile.is_unverified("styles.body.first_line_indent_mm")
        assert profile.is_unverified("styles.draft_mark.bold")
        assert profile.is_unverified("layout.draft_mark_position")
        assert not profile.is_unverified("styles.party_title.size_pt")


def _copy_profile(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = (PROFILES / "hd36.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "thu-the-thuc.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_misspelt_key_is_named(tmp_path: Path) -> None:
    path = _copy_profile(tmp_path, "    bold: true", "    bolt: true")
    with pytest.raises(UserError) as caught:
        load_profile(str(path))
    message = caught.value.message
    assert "styles.party_title.bolt" in message
    assert "có phải là 'bold'" in message  # the likely intended key is suggested
    assert caught.value.where == str(path)


def test_bad_values_are_explained(tmp_path: Path) -> None:
    path = _copy_profile(tmp_path, "alignment: right", "alignment: rigth")
    with pytest.raises(UserError, match=r"styles\.date_line\.alignment"):
        load_profile(str(path))
    path = _copy_profile(tmp_path, "  - margins\n", "  - margin\n")
    with pytest.raises(UserError, match="margin"):
        load_profile(str(path))
    path = _copy_profile(tmp_path, "pattern: Số {number}-{type}/{issuer}", "pattern: Số {number}")
    with pytest.raises(UserError, match=r"forms\.number"):
        load_profile(str(path))
    path = _copy_profile(tmp_path, "kind: party", "kind: state")
    with pytest.raises(UserError, match="national_title"):
        load_profile(str(path))
    with pytest.raises(UserError, match="hd99"):
        load_profile("hd99")


def test_profile_is_normalised_to_nfc(tmp_path: Path) -> None:
    import unicodedata

    text = (PROFILES / "hd36.yaml").read_text(encoding="utf-8")
    path = tmp_path / "nfd.yaml"
    path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.texts.party_title == load_profile("hd36").texts.party_title


# ---------------------------------------------------------------------------
# Templates: building
# ---------------------------------------------------------------------------


def test_committed_templates_are_up_to_date(tmp_path: Path) -> None:
    written = build_templates(tmp_path)
    assert [path.name for path in written] == [
        RESOLUTION_TEMPLATE,
        PRESS_TEMPLATE,
        "bao-cao-ubnd.docx",
        "bao-cao.docx",
    ]
    for path in written:
        committed = TEMPLATES / path.name
        assert committed.is_file(), f"run scripts/build_templates.py: {path.name} is missing"
        fresh, stored = template_parts(path.read_bytes()), template_parts(committed.read_bytes())
        assert list(fresh) == list(stored), f"{path.name}: parts differ"
        for name in fresh:
            assert fresh[name] == stored[name], (
                f"{path.name}/{name} differs: run scripts/build_templates.py"
            )


def test_build_is_reproducible(hd36: Profile) -> None:
    assert build_resolution(hd36) == build_resolution(hd36)
    assert build_press(hd36) == build_press(hd36)


@pytest.mark.parametrize("template", [RESOLUTION_TEMPLATE, PRESS_TEMPLATE])
def test_every_tag_sits_in_one_run(template: str) -> None:
    document = Document(str(TEMPLATES / template))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    tags = 0
    for paragraph in paragraphs:
        whole = re.findall(r"\{[{%].*?[}%]\}", paragraph.text)
        in_runs = [
            tag for run in paragraph.runs for tag in re.findall(r"\{[{%].*?[}%]\}", run.text)
        ]
        assert whole == in_runs, f"a tag is split across runs: «{paragraph.text}»"
        tags += len(whole)
    assert tags > 5


def test_templates_use_named_styles(hd36: Profile) -> None:
    document = Document(str(TEMPLATES / RESOLUTION_TEMPLATE))
    names = {style.name for style in document.styles}
    assert {spec.style_name for spec in hd36.styles.elements().values()} <= names
    press = Document(str(TEMPLATES / PRESS_TEMPLATE))
    press_names = {style.name for style in press.styles}
    assert {spec.style_name for spec in hd36.press.styles.elements().values()} <= press_names


def test_title_width_estimate() -> None:
    assert text_width_pt("", 14) == 0
    assert text_width_pt("ĐẢNG", 15, bold=True) == text_width_pt("DANG", 15, bold=True)
    assert text_width_pt("MW", 10, bold=True) > text_width_pt("il", 10, bold=True)


# ---------------------------------------------------------------------------
# Templates: rendering
# ---------------------------------------------------------------------------


def test_resolution_renders_to_the_profile_layout(tmp_path: Path, hd36: Profile) -> None:
    context = resolution_context(hd36)
    out = render(TEMPLATES / RESOLUTION_TEMPLATE, context, tmp_path / "nghi-quyet.docx")
    assert_resolution_layout(out, hd36, date_line=RESOLUTION_DATE_LINE)
    assert_clean_text(out, exempt=[context["number_line"]])
    shown = texts(out)
    for key in ("superior", "issuer", "number_line", "draft_mark", "conference_line", "subject"):
        assert context[key] in shown, key
    assert context["recipients"][-1] in shown
    assert context["parts"][2]["paragraphs"][1] in shown
    assert shown.count(context["parts"][0]["heading"]) == 1


def test_press_renders_to_the_profile_layout(tmp_path: Path, hd36: Profile) -> None:
    out = render_press(hd36, tmp_path / "tin-bai.docx")
    assert_press_layout(out, hd36)
    assert_clean_text(out)
    document = Document(str(out))
    assert len(document.inline_shapes) == 1
    shown = [p.text for p in document.paragraphs if p.text]
    context = press_context()
    assert shown[0] == context["headline"]
    assert shown[-1] == context["byline"]
    assert [c["caption"] for c in context["photos"]] == [
        p.text for p in document.paragraphs if p.style.name == hd36.press.styles.caption.style_name
    ]


def test_empty_values_remove_their_paragraphs(tmp_path: Path, hd36: Profile) -> None:
    context = resolution_context(hd36)
    context.update(draft_mark="", signer_name="")
    out = render(TEMPLATES / RESOLUTION_TEMPLATE, context, tmp_path / "nghi-quyet.docx")
    assert_resolution_layout(out, hd36, date_line=RESOLUTION_DATE_LINE)
    assert_clean_text(out, exempt=[context["number_line"]])
    document = Document(str(out))
    styles = {p.style.name for p in document.paragraphs}
    for table in document.tables:
        styles |= {p.style.name for row in table.rows for c in row.cells for p in c.paragraphs}
    assert hd36.styles.draft_mark.style_name not in styles
    assert hd36.styles.signer_name.style_name not in styles
    assert hd36.styles.authority.style_name in styles  # the signature space stays

    press = press_context()
    press.update(chair="", attendance="", byline="", photos=[])
    out = render_press(hd36, tmp_path / "tin-bai.docx", press, photo=False)
    assert_press_layout(out, hd36)
    assert_clean_text(out)
    document = Document(str(out))
    used = [p.style.name for p in document.paragraphs]
    press_styles = hd36.press.styles
    for spec in (press_styles.photo, press_styles.caption, press_styles.byline):
        assert spec.style_name not in used
    body = [p.text for p in document.paragraphs if p.style.name == press_styles.body.style_name]
    assert body == press["sections"]
    assert not document.inline_shapes


def test_state_profile_builds_a_state_resolution(tmp_path: Path, nd30: Profile) -> None:
    template = tmp_path / "nghi-quyet-nd30.docx"
    template.write_bytes(build_resolution(nd30))
    context = resolution_context(nd30)
    out = render(template, context, tmp_path / "nghi-quyet.docx")
    assert_resolution_layout(out, nd30, date_line=RESOLUTION_DATE_LINE)
    assert_clean_text(out, exempt=[context["number_line"]])
    shown = texts(out)
    assert nd30.texts.national_title in shown and nd30.texts.motto in shown
    assert load_profile("hd36").texts.party_title not in shown
    assert context["number_line"].startswith("Số:")


def test_clean_text_catches_leftovers(tmp_path: Path) -> None:
    for bad in ("None", "giá trị nan", "{{ x }}", "hai  dấu cách", "thiếu ,", "-", "- ;"):
        document = Document()
        document.add_paragraph(bad)
        path = tmp_path / "bad.docx"
        document.save(str(path))
        with pytest.raises(AssertionError):
            assert_clean_text(path)
    document = Document()
    document.add_paragraph("Vấn đề nan giải đã được tháo gỡ.")
    document.add_paragraph("*")
    document.save(str(tmp_path / "good.docx"))
    assert_clean_text(tmp_path / "good.docx")


# ---------------------------------------------------------------------------
# LibreOffice: what a clerk sees
# ---------------------------------------------------------------------------


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice, using a private profile so parallel runs do not collide."""
    profile_dir = out_dir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile_dir.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = out_dir / f"{docx.stem}.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def pdf_text(pdf: Path, first: int, last: int) -> list[str]:
    """Return the non-empty lines of pages ``first``..``last``."""
    result = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.libreoffice
def test_resolution_pdf_as_a_clerk_sees_it(tmp_path: Path, hd36: Profile) -> None:
    needs_libreoffice()
    context = resolution_context(hd36)
    docx = render(TEMPLATES / RESOLUTION_TEMPLATE, context, tmp_path / "nghi-quyet.docx")
    pdf = to_pdf(docx, tmp_path)
    page_one = pdf_text(pdf, 1, 1)
    joined = "\n".join(page_one)
    assert RESOLUTION_DATE_LINE in joined
    assert hd36.texts.document_type in page_one
    assert hd36.texts.decision_heading in page_one
    assert hd36.texts.party_title in joined  # on one line: the rule did not squeeze it
    assert "1" not in page_one, "page 1 shows a page number"
    page_two = pdf_text(pdf, 2, 2)
    assert page_two, "the sample resolution does not reach page 2"
    assert page_two[0] == "2", f"page 2 starts with «{page_two[0]}», not its number"
