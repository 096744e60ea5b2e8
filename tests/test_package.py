"""The one package gate: every DOCX and XLSX drafter opens is checked before use.

Each hostile package is made here from the built-in template, then given to the commands
that open packages (render with --template, templates check, check). Every one must end in
exit 2 with a Vietnamese message naming the file, nothing written, within seconds.
"""

from __future__ import annotations

import io
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.cli import main
from tests.conftest import BAC_SON, ROOT

TEMPLATE = ROOT / "templates_docx" / "tin-bai.docx"
RELS = "word/_rels/document.xml.rels"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

Change = Callable[[dict[str, bytes]], list[tuple[str, bytes]]]


def rebuilt(change: Change) -> bytes:
    """Return the built-in press template with its parts changed by ``change``."""
    with zipfile.ZipFile(TEMPLATE) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in change(parts):
            target.writestr(name, data)
    return stream.getvalue()


def external(kind: str, target: str) -> Change:
    def change(parts: dict[str, bytes]) -> list[tuple[str, bytes]]:
        link = f'<Relationship Id="rId99" Type="{kind}" Target="{target}" TargetMode="External"/>'
        parts[RELS] = parts[RELS].replace(b"</Relationships>", link.encode() + b"</Relationships>")
        return list(parts.items())

    return change


def added(name: str, data: bytes) -> Change:
    return lambda parts: [*parts.items(), (name, data)]


def replaced(name: str, data: bytes) -> Change:
    return lambda parts: [(key, data if key == name else value) for key, value in parts.items()]


def many_parts(parts: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [*parts.items(), *((f"customXml/item{i}.bin", b"") for i in range(6_000))]


HOSTILE: dict[str, Change] = {
    "linked-image-http": external(IMAGE, "http://127.0.0.1:9/x.png"),
    "linked-image-file": external(IMAGE, "file:///etc/passwd"),
    "zip-slip": added("../../evil.xml", b"<a/>"),
    "absolute-name": added("/tmp/evil.xml", b"<a/>"),
    "duplicate-part": lambda parts: [*parts.items(), ("word/document.xml", b"<a/>")],
    "doctype": replaced(
        "word/settings.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    ),
    "vba-project": added("word/vbaProject.bin", b"\x00" * 64),
    "not-utf8": replaced(
        "word/document.xml",
        b'<?xml version="1.0" encoding="UTF-8"?><w:document>\xff\xfe</w:document>',
    ),
    "not-xml": replaced("word/document.xml", b"<w:document><w:body>"),
    "many-parts": many_parts,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, change in HOSTILE.items():
        path = folder / f"{name}.docx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the duplicate part is the point
            path.write_bytes(rebuilt(change))
        files[name] = path
    return files


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("command", ["render", "templates-check", "check"])
def test_a_hostile_package_is_refused_before_use(
    name: str,
    command: str,
    hostile: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = hostile[name]
    out = tmp_path / "out"
    argv = {
        "render": ["render", str(BAC_SON), "--doc", "press", "--template", str(path)],
        "templates-check": ["templates", "check", str(path)],
        "check": ["check", str(path)],
    }[command] + (["--out", str(out)] if command == "render" else [])
    start = time.monotonic()
    assert main(argv) == 2
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert str(path) in err
    assert "→ " in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_plain_hyperlink_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "link.docx"
    path.write_bytes(rebuilt(external(HYPERLINK, "https://baolangson.vn")))
    assert main(["templates", "check", str(path)]) == 0


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_read_as_a_template_or_data_file(
    special: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path(special).exists():
        pytest.skip(f"no {special} here")
    argv = ["render", str(BAC_SON), "--doc", "press", "--template", special]
    assert main([*argv, "--out", str(tmp_path)]) == 2
    assert main(["render", special, "--out", str(tmp_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_part_compressed_in_a_way_office_never_uses_is_refused(
    method: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(path, "w", method) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    assert main(["templates", "check", str(path)]) == 2
    assert "nén theo cách Office không dùng" in capsys.readouterr().err
