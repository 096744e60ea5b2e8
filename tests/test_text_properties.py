"""Arbitrary Unicode in a text field: refused for a documented reason, or written exactly.

Any text typed into a limitation, a task or the byline either is refused by ``clean_text``
with one of its documented reasons (control and bidi characters, legacy TCVN3/VNI fonts, a
word mixing Latin with lookalike Cyrillic or Greek letters, too long, empty) or gives DOCX
files that python-docx opens and whose text holds the input after the documented
normalisation: ``clean_text`` (NFC, zero-width characters dropped, runs of white space made
one space), then the documents' typography (``tidy``: no space before , . ; : ! ? ) ] or
after ( [) and tone-mark style. XML specials and Jinja tags in the text stay plain text. A
few generated documents also go through LibreOffice.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from drafter import typed
from drafter import vietnamese as vi
from drafter.api import Choices, Drafter
from drafter.compose import kept_names
from drafter.datafile import read_raw
from drafter.models import Report, clean_text
from drafter.resources import proper_names
from drafter.typed import tidy
from tests.conftest import BAC_SON, needs_libreoffice

RAW: dict[str, Any] = read_raw(BAC_SON)[0]
SESSION = Drafter()
PRESS_ONLY = Drafter(Choices(documents=("press",)))
REFUSALS = (
    "ký tự điều khiển",
    "lỗi phông",
    "không được để trống",
    "quá 5000 ký tự",
    "lẫn chữ Kirin hoặc Hy Lạp",
)
XML_AND_JINJA = "<w:t>&amp; ]]> \"quoted\" 'single' {{ value }} {% if x %}{# c #} &lt;"


PRINTABLE = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cs", "Cf"]), min_size=1, max_size=200
)
ANY_TEXT = st.one_of(st.text(min_size=1, max_size=200), PRINTABLE)
"""Full Unicode, and half the time printable Unicode (which is refused less often)."""


def report_with(text: str) -> Report:
    data = {
        **RAW,
        "limitations": [text],
        "tasks": [text],
        "byline": {"authors": [text]},
    }
    return Report.model_validate(data)


def document_texts(report: Report) -> list[str]:
    documents = SESSION.render(SESSION.plan(report), photo_dir=BAC_SON.parent)
    texts = []
    for document in documents:
        docx = Document(io.BytesIO(document.content))
        paragraphs = [paragraph.text for paragraph in docx.paragraphs]
        cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
        texts.append("\n".join(paragraphs + cells))
    return texts


def normalised(text: str, report: Report) -> str:
    """Return ``text`` as the documents write it where it is a name (the byline)."""
    return tidy(clean_text(text))


def as_item(text: str, report: Report) -> str:
    """Return ``text`` as the documents write it as a list item (a task, a limitation).

    The item is tidied (``typed.list_item``: no final mark of its own, a lower-case start
    unless a proper name), then tidied and put in the tone style, its names kept as typed.
    """
    item = typed.list_item(clean_text(text), proper_names())
    return typed.normalize_keeping(tidy(item), report.options.tone_style, kept_names(report))


def expected_in(text: str, document: str) -> bool:
    """Return whether ``text`` is in ``document`` as written or with its first letter capital."""
    return text in document or vi.capitalize_first(text) in document


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ANY_TEXT)
@example(XML_AND_JINJA)
@example(unicodedata.normalize("NFD", "Tiến độ giải ngân\u200b  còn\tchậm"))
@example("\u202eabc")
@example("a\x0bb")
@example("A\u0370")  # Latin A, Greek Heta: a word in mixed scripts
def test_any_text_is_refused_with_a_reason_or_written_exactly(text: str) -> None:
    try:
        report = report_with(text)
    except ValidationError as error:
        reasons = " ".join(str(detail["msg"]) for detail in error.errors())
        assert any(reason in reasons for reason in REFUSALS), reasons
        event("refused")
        return
    event("rendered")
    resolution, press = document_texts(report)
    assert normalised(text, report) in press  # the byline, as typed
    item = as_item(text, report)
    if item:
        assert expected_in(item, resolution)  # the task
        assert item in press  # the limitation, inside a sentence


def test_xml_specials_and_jinja_tags_in_text_stay_plain_text() -> None:
    report = report_with(XML_AND_JINJA)
    resolution, press = document_texts(report)
    written = XML_AND_JINJA.replace("&amp; ]]>", "&amp;]]>")  # tidy: no space before "]"
    assert written in press  # the byline
    item = as_item(XML_AND_JINJA, report)
    assert item == written.removesuffix(";")  # an item's own final mark goes, even "&lt;"
    assert expected_in(item, resolution)
    assert item in press


VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
        "ùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯ0123456789 ,.;:()-%/&<>'\"{}"
    ),
    min_size=3,
    max_size=60,
).filter(lambda text: any(char.isalpha() for char in text))


@pytest.mark.libreoffice
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(VIETNAMESE, min_size=3, max_size=3))
def test_generated_documents_open_in_libreoffice_with_their_text(texts: list[str]) -> None:
    needs_libreoffice()
    from tempfile import TemporaryDirectory

    from drafter.pdf import convert_to_pdf

    with TemporaryDirectory() as folder:
        out = Path(folder)
        paths = []
        for index, text in enumerate(texts):
            press = PRESS_ONLY.render(PRESS_ONLY.plan(report_with(text)), photo_dir=out)
            path = out / f"tin-bai-{index}.docx"
            path.write_bytes(press[0].content)
            paths.append(path)
        pdfs = convert_to_pdf(paths, out, overwrite=True)
        for text, pdf in zip(texts, sorted(pdfs), strict=True):
            extracted = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            flat = " ".join(unicodedata.normalize("NFC", extracted).split())
            assert normalised(text, report_with(text)) in flat  # the byline
