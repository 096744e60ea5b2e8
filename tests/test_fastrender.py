"""The compile-once renderer writes what docxtpl writes, for every example and template."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.compose import Composer
from drafter.datafile import load_report
from drafter.fastrender import CompiledTemplate
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from drafter.render import _open_template, render_with_docxtpl
from drafter.resources import data_dir
from tests.conftest import EXAMPLES


def canonical(xml: bytes) -> bytes:
    """Return the C14N form: the same text and structure give the same bytes."""
    return etree.tostring(etree.fromstring(xml), method="c14n")


def contexts(example: Path) -> dict[str, dict[str, object]]:
    composer = Composer(load_report(example), load_phrasebank())
    press, photos = composer.press()
    press["photos"] = [{"image": "", "caption": photo.caption} for photo in photos]
    return {
        "nghi-quyet-hoi-nghi.docx": composer.resolution(load_profile("hd36")),
        "tin-bai.docx": press,
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_compiled_render_equals_docxtpl_render(example: Path) -> None:
    for name, context in contexts(example).items():
        template = data_dir("templates_docx") / name
        fast = zipfile.ZipFile(io.BytesIO(CompiledTemplate(template).render(context)))
        slow = zipfile.ZipFile(
            io.BytesIO(render_with_docxtpl(_open_template(template), context, template))
        )
        assert fast.testzip() is None
        word_parts = [n for n in slow.namelist() if n.startswith("word/") and n.endswith(".xml")]
        assert word_parts, "docxtpl wrote no word/ parts"
        for part in word_parts:
            assert canonical(fast.read(part)) == canonical(slow.read(part)), f"{name}: {part}"
        assert set(fast.namelist()) >= set(slow.namelist()) - {"docProps/custom.xml"}


def test_a_compiled_template_renders_many_documents_independently() -> None:
    template = CompiledTemplate(data_dir("templates_docx") / "tin-bai.docx")
    first, second = (contexts(example)["tin-bai.docx"] for example in EXAMPLES[:2])
    one = template.render(first)
    template.render(second)
    assert template.render(first) == one


def test_docxtpl_escapes_write_tags_literally_but_data_is_never_unescaped(tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{_{ literal }_} {{ value }}")
    document.save(str(path))
    rendered = CompiledTemplate(path).render({"value": "{_% data %_}"})
    out = tmp_path / "out.docx"
    out.write_bytes(rendered)
    assert Document(str(out)).paragraphs[0].text == "{{ literal }} {_% data %_}"
