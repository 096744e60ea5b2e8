"""Render: fill a DOCX template with a composed context, in the sandbox, in memory.

The template is an ordinary DOCX with docxtpl tags. Rendering happens in the same sandboxed
Jinja environment as the phrasebank, with autoescape, so text from a data file can never
break the document's XML or run anything. Nothing is written here: ``api`` writes the bytes.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from stat import S_ISREG
from typing import Any

from docx.image.exceptions import UnrecognizedImageError

from drafter.contexts import DocumentProperties, Photo, PhotoItem
from drafter.docprops import set_properties, with_properties
from drafter.errors import UserError
from drafter.fastrender import CompiledTemplate, refuse_costly_preprocessing, template_error
from drafter.files import check_package
from drafter.photos import checked_photo
from drafter.sandbox import PART_OUTPUT, RENDER_ERRORS, make_environment


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    photos: Sequence[Photo] = (),
    photo_dir: Path | None = None,
    photo_width_mm: float = 150,
    *,
    properties: DocumentProperties | None = None,
) -> bytes:
    """Return the bytes of ``template`` filled with ``context`` (and photos, when given).

    Documents without image files go through the compile-once renderer; a photo with a file
    adds package parts, which docxtpl handles. ``properties`` (title, author, time) replace
    the template's own; both ways write them alike.
    """
    if not any(photo.file for photo in photos):
        values = {**context, "photos": [PhotoItem(image="", caption=p.caption) for p in photos]}
        return compiled(template).render(values, properties)
    _check_template(template)
    document = _open_template(template)
    items = [
        PhotoItem(
            image=_image(document, checked_photo(photo_dir or Path(), photo.file), photo_width_mm)
            if photo.file
            else "",
            caption=photo.caption,
        )
        for photo in photos
    ]
    return render_with_docxtpl(document, {**context, "photos": items}, template, properties)


def compiled(template: Path) -> CompiledTemplate:
    """Return the compiled form of ``template``, checked and compiled once per file version.

    One ``stat`` per document: a batch renders thousands from the same template.
    """
    try:
        stat = template.stat()
    except OSError:
        raise _missing(template) from None
    if not S_ISREG(stat.st_mode):
        raise _missing(template)
    return _compiled(os.path.abspath(template), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int, size: int) -> CompiledTemplate:
    _check_template(Path(path))
    return CompiledTemplate(Path(path))


def render_with_docxtpl(
    document: Any,
    values: Mapping[str, Any],
    template: Path,
    properties: DocumentProperties | None = None,
) -> bytes:
    """Return the bytes of an opened docxtpl template rendered the plain docxtpl way."""
    try:
        document.render(dict(values), jinja_env=make_environment(PART_OUTPUT), autoescape=True)
    except (OSError, UnrecognizedImageError) as error:
        raise UserError(
            f"có ảnh không đọc được ({type(error).__name__})",
            "Ảnh phải là tệp JPEG hoặc PNG; kiểm tra các mục photos[].file.",
        ) from None
    except RENDER_ERRORS as error:
        raise template_error(error, template) from None
    if properties is not None:
        set_properties(document.docx.core_properties, properties)
    stream = io.BytesIO()
    document.save(stream)
    if properties is not None:
        return with_properties(stream.getvalue(), template, properties)
    return stream.getvalue()


def _image(document: Any, path: Path, width_mm: float) -> Any:
    from docx.shared import Mm
    from docxtpl import InlineImage

    return InlineImage(document, str(path), width=Mm(width_mm))


def _missing(path: Path) -> UserError:
    return UserError("không có tệp mẫu này", "Kiểm tra đường dẫn --template.", where=str(path))


def _check_template(path: Path) -> None:
    if not path.is_file():
        raise _missing(path)
    if not zipfile.is_zipfile(path):
        raise UserError(
            "tệp mẫu không phải tệp DOCX (Word 2007 trở lên)",
            "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.",
            where=str(path),
        )
    check_package(path, "Dùng một mẫu DOCX lưu từ Word hoặc LibreOffice.")


def _open_template(path: Path) -> Any:
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(path) as package:  # docxtpl preprocesses these parts: bound them
        for name in package.namelist():
            if name == "word/document.xml" or name.startswith(("word/header", "word/footer")):
                text = package.read(name).decode("utf-8")  # UTF-8: the package gate checked
                refuse_costly_preprocessing(text, f"{path} ({name})")

    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise UserError(
            f"tệp mẫu DOCX bị hỏng hoặc thiếu phần nội dung ({error})",
            "Lưu lại tệp bằng Word hoặc LibreOffice dưới dạng .docx.",
            where=str(path),
        ) from None
    return template
