"""Document properties (docProps/core.xml): each document names its own title and author.

Both renderers write them the same way: the template's core part is parsed, the title, author
and times set through python-docx, and serialised with python-docx's own writer, so the
compile-once renderer and docxtpl give the same bytes for the same properties.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml

from drafter.contexts import DocumentProperties

CORE_PART = "docProps/core.xml"


def set_properties(core: Any, properties: DocumentProperties) -> None:
    """Write ``properties`` into python-docx ``CoreProperties``: the issuer is the author.

    Created and modified are the same time; no tool name is left (a clerk's reader sees who
    issued the document, not what drafted it).
    """
    core.title = properties.title
    core.author = properties.author
    core.last_modified_by = properties.author
    core.created = properties.created
    core.modified = properties.created


def core_xml(template_core: bytes, properties: DocumentProperties) -> bytes:
    """Return a template's core part rewritten with one document's ``properties``."""
    element = parse_xml(template_core)
    set_properties(CoreProperties(element), properties)
    data: bytes = serialize_part_xml(element)
    return data


def with_properties(package: bytes, template: Path, properties: DocumentProperties) -> bytes:
    """Return the DOCX ``package`` with the core part of ``template`` made the document's own.

    docxtpl renders the core part's fields as templates and python-docx rewrites their empty
    elements; starting again from the template's part gives what the fast renderer writes.
    """
    with zipfile.ZipFile(template) as source:
        if CORE_PART not in source.namelist():
            return package
        template_core = source.read(CORE_PART)
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as rendered,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in rendered.infolist():
            data = rendered.read(entry)
            if entry.filename == CORE_PART:
                data = core_xml(template_core, properties)
            archive.writestr(entry, data)
    return target.getvalue()


__all__ = ["CORE_PART", "core_xml", "set_properties", "with_properties"]
