"""The bad-input corpus: every hostile or broken input ends in a located message, not a crash.

Each case builds its files in its own folder and runs the command line there: in this process
through ``drafter.cli.main`` (``tests.helpers.run_main``; an exception escaping it is a crash,
its traceback in the captured stderr), or, for the few cases only a real process shows
(``SUBPROCESS``), as ``python -m drafter``, two of them on a terminal. An unusable input must
give exit code 2, no traceback, a message that names the place (file, row, field, line or
option) and a remedy line ("→ …"), and leave every file as it was. A bad *row* of a batch is
not an unusable input: it gives exit code 1, the good rows are written and the bad row's
documents are not.

Each case runs once, when a test first asks for it; each test checks one result.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import pty
import select
import subprocess
import sys
import time
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.sheet import write_template
from tests.conftest import BAC_SON
from tests.helpers import TEMPLATE, docx_with, run_main

EXAMPLE = BAC_SON.read_text(encoding="utf-8")
BASE = """\
issuer:
  superior: Đảng bộ tỉnh Lạng Sơn
resolution:
  signer: {title: Bí thư}
  recipients: [Các chi bộ trực thuộc]
"""

Setup = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, the exit code, and the place the message must name."""

    id: str
    setup: Setup
    where: str
    code: int = 2


@dataclass(frozen=True)
class Outcome:
    """What one run did: its exit code, its stderr and the files before and after."""

    code: int
    stderr: str
    before: dict[str, str]
    after: dict[str, str]
    seconds: float = 0.0


# ---------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------


def changed(old: str, new: str, *, count: int = 1) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, count)


def render_data(text: str | bytes, name: str = "d.yaml", *extra: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return ["render", name, "--out", "out", *extra]

    return setup


@functools.cache  # two cases use the same bomb; making one takes most of a second
def zip_bomb(inner: str, size: int = 200_000_000) -> bytes:
    """Return a zip whose part ``inner`` inflates to ``size`` zero bytes (a few hundred KB)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open(inner, "w", force_zip64=True) as part:
            chunk = bytes(1 << 24)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return stream.getvalue()


def with_template(content: bytes | Callable[[], bytes]) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "d.yaml").write_text(EXAMPLE, encoding="utf-8")
        data = content() if callable(content) else content
        (folder / "T.docx").write_bytes(data)
        return ["render", "d.yaml", "--doc", "resolution", "--template", "T.docx", "--out", "o"]

    return setup


def with_phrasebank(text: str | bytes, *extra: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "d.yaml").write_text(EXAMPLE, encoding="utf-8")
        (folder / "pb").mkdir()
        path = folder / "pb" / "x.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return ["render", "d.yaml", "--doc", "press", "--phrasebank", "pb", "--out", "o", *extra]

    return setup


def byline_entry(text: str) -> str:
    quoted = text.replace("'", "''")
    return f"entries:\n  - id: press.byline.authors\n    slot: press.byline\n    text: '{quoted}'\n"


BYLINE = ("--variant", "press.byline=press.byline.authors")


def command(*argv: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "d.yaml").write_text(EXAMPLE, encoding="utf-8")
        return list(argv)

    return setup


def csv_rows(folder: Path) -> tuple[list[str], list[str]]:
    template = folder / "mau.csv"
    write_template(template)
    with template.open(encoding="utf-8-sig", newline="") as stream:
        header, sample = list(csv.reader(stream, delimiter=";"))[:2]
    template.unlink()
    return header, sample


def unit(number: int) -> dict[str, str]:
    return {
        "Mã đơn vị": f"xa-{number:03d}",
        "Tên cấp ủy": f"Đảng ủy xã Tân Tri {number}",
        "Đảng bộ": f"Đảng bộ xã Tân Tri {number}",
        "Địa danh": f"Tân Tri {number}",
    }


def batch_rows(bad: dict[str, str]) -> Setup:
    """A CSV with two good rows around one bad row (row 3 of the file)."""

    def setup(folder: Path) -> list[str]:
        header, sample = csv_rows(folder)
        with (folder / "in.csv").open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(header)
            for number, changes in enumerate([{}, bad, {}], start=1):
                row = dict(zip(header, sample, strict=True)) | unit(number) | changes
                writer.writerow([row[name] for name in header])
        (folder / "base.yaml").write_text(BASE, encoding="utf-8")
        return ["batch", "in.csv", "--base", "base.yaml", "--out-dir", "out", "--jobs", "1"]

    return setup


def batch_file(name: str, content: bytes | Callable[[], bytes], *extra: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        data = content() if callable(content) else content
        (folder / name).write_bytes(data)
        (folder / "base.yaml").write_text(BASE, encoding="utf-8")
        return ["batch", name, "--base", "base.yaml", "--out-dir", "out", *extra]

    return setup


def good_csv(folder: Path) -> bytes:
    header, sample = csv_rows(folder)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(header)
    writer.writerow(dict(zip(header, sample, strict=True)) | unit(1))
    return stream.getvalue().encode("utf-8-sig")


def good_batch(*extra: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "in.csv").write_bytes(good_csv(folder))
        (folder / "base.yaml").write_text(BASE, encoding="utf-8")
        return ["batch", "in.csv", "--base", "base.yaml", "--out-dir", "out", *extra]

    return setup


def with_map_file(name: str, text: str) -> Setup:
    """A good batch with a --map-file ``name`` holding ``text``."""

    def setup(folder: Path) -> list[str]:
        (folder / name).write_text(text, encoding="utf-8")
        return [*good_batch()(folder), "--map-file", name]

    return setup


# ---------------------------------------------------------------------------
# Builders of the second round (issue 17): packages, photos, output names
# ---------------------------------------------------------------------------

RELS = "word/_rels/document.xml.rels"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def package_with(change: Callable[[dict[str, bytes]], list[tuple[str, bytes]]]) -> bytes:
    """Return the bundled resolution template with its parts changed by ``change``."""
    with zipfile.ZipFile(TEMPLATE) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    stream = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate part name is the point of one case
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in change(parts):
                target.writestr(name, data)
    return stream.getvalue()


def linked_image(target: str) -> Callable[[], bytes]:
    def make() -> bytes:
        link = (
            f'<Relationship Id="rId99" Type="{IMAGE_REL}" Target="{target}" TargetMode="External"/>'
        )

        def change(parts: dict[str, bytes]) -> list[tuple[str, bytes]]:
            parts[RELS] = parts[RELS].replace(
                b"</Relationships>", link.encode() + b"</Relationships>"
            )
            return list(parts.items())

        return package_with(change)

    return make


def part_added(name: str, data: bytes) -> Callable[[], bytes]:
    return lambda: package_with(lambda parts: [*parts.items(), (name, data)])


def part_replaced(name: str, data: bytes) -> Callable[[], bytes]:
    return lambda: package_with(
        lambda parts: [(key, data if key == name else value) for key, value in parts.items()]
    )


def image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", size, (90, 120, 60)).save(stream, kind)
    return stream.getvalue()


def png_header(width: int, height: int) -> bytes:
    """Return a PNG that declares ``width`` × ``height`` and holds almost no data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def with_photo(place: Callable[[Path], str]) -> Setup:
    """A data file whose first photo is the file ``place`` puts somewhere and names."""

    def setup(folder: Path) -> list[str]:
        data = folder / "data"
        data.mkdir()
        file = place(data).replace("'", "''")
        text = EXAMPLE.replace(
            "photos:\n", f"photos:\n  - caption: Quang cảnh hội nghị\n    file: '{file}'\n  #", 1
        )
        (data / "d.yaml").write_text(text, encoding="utf-8")
        return ["render", "data/d.yaml", "--doc", "press", "--out", "out"]

    return setup


def photo_file(name: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], str]:
    def place(folder: Path) -> str:
        (folder / name).write_bytes(content() if callable(content) else content)
        return name

    return place


def photo_outside(folder: Path) -> str:
    (folder.parent / "secret.png").write_bytes(image("PNG"))
    return "../secret.png"


def photo_absolute(folder: Path) -> str:
    (folder.parent / "abs.png").write_bytes(image("PNG"))
    return str(folder.parent / "abs.png")


def photo_linked_out(folder: Path) -> str:
    (folder.parent / "target.png").write_bytes(image("PNG"))
    (folder / "link.png").symlink_to(folder.parent / "target.png")
    return "link.png"


def photo_sparse(folder: Path) -> str:
    with (folder / "big.png").open("wb") as stream:
        stream.write(image("PNG"))
        stream.truncate(30_000_000)
    return "big.png"


def output_taken(make: Callable[[Path], None], *extra: str) -> Setup:
    """Render where the resolution's file name is already taken by something ``make`` makes."""

    def setup(folder: Path) -> list[str]:
        (folder / "d.yaml").write_text(EXAMPLE, encoding="utf-8")
        (folder / "out").mkdir()
        make(folder / "out" / "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx")
        return ["render", "d.yaml", "--out", "out", *extra]

    return setup


def with_profile(text: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "d.yaml").write_text(EXAMPLE, encoding="utf-8")
        (folder / "p.yaml").write_text(text, encoding="utf-8")
        return ["render", "d.yaml", "--profile", "p.yaml", "--out", "out"]

    return setup


def sheet_xml_changed(change: Callable[[bytes], bytes]) -> Callable[[Path], list[str]]:
    """A batch whose XLSX has its first sheet's XML changed by ``change``."""

    def setup(folder: Path) -> list[str]:
        write_template(folder / "mau.xlsx")
        with (
            zipfile.ZipFile(folder / "mau.xlsx") as source,
            zipfile.ZipFile(folder / "in.xlsx", "w") as target,
        ):
            for name in source.namelist():
                data = source.read(name)
                target.writestr(name, change(data) if name == "xl/worksheets/sheet1.xml" else data)
        (folder / "mau.xlsx").unlink()
        (folder / "base.yaml").write_text(BASE, encoding="utf-8")
        return ["batch", "in.xlsx", "--base", "base.yaml", "--out-dir", "out", "--jobs", "1"]

    return setup


def with_doctype(xml: bytes) -> bytes:
    """Return ``xml`` with a DOCTYPE declaring an entity (after the XML declaration if any)."""
    doctype = b'<!DOCTYPE w [<!ENTITY a "b">]>'
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def rendered_changed(part: str, change: Callable[[bytes], bytes]) -> Setup:
    """``drafter check`` on the bundled template with ``part`` changed."""

    def setup(folder: Path) -> list[str]:
        with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(folder / "x.docx", "w") as target:
            for name in source.namelist():
                data = source.read(name)
                target.writestr(name, change(data) if name == part else data)
        return ["check", "x.docx"]

    return setup


def templates_new_through_link(folder: Path) -> list[str]:
    (folder / "victim.txt").write_text("giữ nguyên", encoding="utf-8")
    (folder / "mau.docx").symlink_to(folder / "victim.txt")
    return ["templates", "new", "mau.docx", "--from", "nghi-quyet-hoi-nghi", "--overwrite"]


GARBAGE = bytes(range(256)) * 8 + b"\x00\xff\xfe" * 100
TCVN3 = "HuyÖn ñy B¾c S¬n"
VNI = "tieán ñoä giaûi ngaân voán ñaàu tö coøn chaäm"
NFD = unicodedata.normalize("NFD", "Huyện ủy Bắc Sơn")
BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else 'x, x, x, x, x, x, x, x, x'}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)
# Over twice the nesting the parser's recursion can follow (about 250 levels); the time to
# reach the RecursionError grows with the depth (1000 levels took 2.7 s, 3000 took 5 s).
DEEP = "issuer: " + "[" * 600 + "]" * 600 + "\n"
PWNED = "!!python/object/apply:os.system ['touch pwned']"


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------

DATA_CASES = [
    Case("yaml-unclosed-bracket", render_data("issuer: [a, b\nconference: 1\n"), "d.yaml"),
    Case("yaml-tab-indent", render_data("issuer:\n\tname: x\n"), "d.yaml"),
    Case("yaml-duplicate-key", render_data(EXAMPLE + "issuer: {}\n"), "d.yaml"),
    Case("json-syntax", render_data('{"issuer": }', "d.json"), "d.json"),
    Case("json-trailing-comma", render_data('{"a": 1,}', "d.json"), "d.json"),
    Case(
        "json-nan",
        render_data(
            '{"issuer": {"name": "Huyện ủy A"}, "indicators": [{"name": "x", "value": NaN}]}',
            "d.json",
        ),
        "indicators[0].value",
    ),
    Case(
        "json-infinity",
        render_data('{"indicators": [{"name": "x", "value": -Infinity}]}', "d.json"),
        "indicators[0].value",
    ),
    Case("top-level-list", render_data("- a\n- b\n"), "(gốc)"),
    Case("empty-file", render_data(""), "(gốc)"),
    Case("binary-garbage", render_data(GARBAGE), "d.yaml"),
    Case("utf16-file", render_data(EXAMPLE.encode("utf-16")), "d.yaml"),
    Case("nul-in-yaml", render_data(changed("Bắc Sơn", "Bắc\x00Sơn").encode()), "d.yaml"),
    Case("unknown-suffix", render_data(EXAMPLE, "d.txt"), "d.txt"),
    Case("missing-file", command("render", "khong-co.yaml", "--out", "out"), "khong-co.yaml"),
    Case("folder-as-data", command("render", ".", "--out", "out"), "."),
    Case(
        "wrong-type-ordinal",
        render_data(changed("ordinal: 17", "ordinal: mười bảy")),
        "conference.ordinal",
    ),
    Case("wrong-type-list", render_data(changed("tasks:", "tasks: một chuỗi\nx_tasks:")), "tasks"),
    Case(
        "missing-issuer-name", render_data(changed("  name: Huyện ủy Bắc Sơn\n", "")), "issuer.name"
    ),
    Case("missing-date", render_data(changed("  date: 2023-09-15\n", "")), "conference.date"),
    Case(
        "impossible-date-iso", render_data(changed("date: 2023-09-15", "date: 2023-02-30")), "dòng"
    ),
    Case(
        "impossible-date-vi",
        render_data(changed("date: 2023-09-15", "date: 31/2/2023")),
        "conference.date",
    ),
    Case("year-out-of-range", render_data(changed("year: 2023", "year: 1800")), "period.year"),
    Case("nan-value", render_data(changed("value: 35,8", "value: .nan")), "indicators[0].value"),
    Case(
        "infinite-value", render_data(changed("value: 35,8", "value: -.inf")), "indicators[0].value"
    ),
    Case("negative-count", render_data(changed("met: 6", "met: -6")), "counts[0].met"),
    Case(
        "negative-ordinal",
        render_data(changed("ordinal: 17", "ordinal: -17")),
        "conference.ordinal",
    ),
    Case(
        "huge-number",
        render_data(changed("value: 35,8", "value: '9" + "9" * 60 + "'")),
        "indicators[0].value",
    ),
    Case("huge-integer", render_data(changed("met: 6", "met: " + "9" * 5000)), "dòng"),
    Case(
        "extreme-length-text",
        render_data(changed("Huyện ủy Bắc Sơn", "Huyện ủy " + "A" * 6000)),
        "issuer.name",
    ),
    Case("deep-nesting", render_data(DEEP), "d.yaml"),
    Case("billion-laughs", render_data(BILLION_LAUGHS), "d.yaml"),
    Case(
        "python-tag", render_data(changed("ordinal: 17", f"ordinal: {PWNED}")), "conference.ordinal"
    ),
    Case(
        "control-character",
        render_data(changed("Huyện ủy Bắc Sơn", '"Huyện ủy\\aBắc Sơn"')),
        "issuer.name",
    ),
    Case(
        "escape-character",
        render_data(changed("Huyện ủy Bắc Sơn", '"Huyện ủy\\eBắc Sơn"')),
        "issuer.name",
    ),
    Case(
        "bidi-override",
        render_data(changed("Huyện ủy Bắc Sơn", "Huyện ủy \u202eBắc Sơn")),
        "issuer.name",
    ),
    Case(
        "zero-width-only",
        render_data(changed("Huyện ủy Bắc Sơn", '"\\u200b\\u200d"')),
        "issuer.name",
    ),
    Case("tcvn3-text", render_data(changed("Huyện ủy Bắc Sơn", TCVN3)), "issuer.name"),
    Case("vni-text", render_data(changed("tasks:\n", f"tasks:\n  - {VNI}\n")), "tasks[0]"),
    Case(
        "formula-in-a-number",
        render_data(changed("value: 35,8", "value: '=SUM(A1:A3)'")),
        "indicators[0].value",
    ),
    Case(
        "missing-photo",
        render_data(changed("photos:\n", "photos:\n  - caption: Ảnh\n    file: khong-co.jpg\n")),
        "photos[0].file",
    ),
]

TEMPLATE_CASES = [
    Case("docx-not-a-zip", with_template(b"This is not a DOCX file at all"), "T.docx"),
    Case("docx-truncated", with_template(TEMPLATE.read_bytes()[:4000]), "T.docx"),
    Case("docx-garbage", with_template(GARBAGE), "T.docx"),
    Case("docx-zip-bomb", with_template(lambda: zip_bomb("word/document.xml")), "T.docx"),
    Case(
        "docx-without-body", with_template(lambda: zip_bomb("word/styles.xml", 1 << 24)), "T.docx"
    ),
    Case("template-unbalanced-tags", with_template(docx_with("{% if draft_mark %}x")), "T.docx"),
    Case("template-unclosed-output", with_template(docx_with("{{ issuer ")), "T.docx"),
    Case("template-unknown-variable", with_template(docx_with("{{ khong_co }}")), "T.docx"),
    Case("template-attribute-walk", with_template(docx_with("{{ issuer.__class__ }}")), "T.docx"),
    Case("template-huge-output", with_template(docx_with("{{ issuer * 100000 }}")), "T.docx"),
]

PHRASEBANK_CASES = [
    Case("phrasebank-yaml-syntax", with_phrasebank("entries: [\n"), "x.yaml"),
    Case("phrasebank-binary", with_phrasebank(GARBAGE), "x.yaml"),
    Case("phrasebank-not-a-mapping", with_phrasebank("- a\n- b\n"), "x.yaml"),
    Case(
        "phrasebank-missing-text",
        with_phrasebank("entries:\n  - id: a\n    slot: b\n"),
        "entries[0]",
    ),
    Case(
        "phrasebank-jinja-syntax",
        with_phrasebank(byline_entry("{% if byline %}x"), *BYLINE),
        "press.byline.authors",
    ),
    Case(
        "phrasebank-injection",
        with_phrasebank(byline_entry("{{ lex.__class__ }}"), *BYLINE),
        "press.byline.authors",
    ),
    Case(
        "phrasebank-string-bomb",
        with_phrasebank(byline_entry("{{ 'a' * 10**9 }}"), *BYLINE),
        "press.byline.authors",
    ),
    Case(
        "phrasebank-missing-folder",
        command("render", "d.yaml", "--phrasebank", "khong-co"),
        "khong-co",
    ),
]

BATCH_CASES = [
    Case("csv-binary-garbage", batch_file("in.csv", GARBAGE), "in.csv"),
    Case("csv-empty", batch_file("in.csv", b""), "in.csv"),
    Case("csv-no-known-header", batch_file("in.csv", b"a;b;c\n1;2;3\n"), "in.csv"),
    Case(
        "csv-is-really-xlsx", batch_file("in.csv", lambda: zip_bomb("xl/a.xml", 1 << 20)), "in.csv"
    ),
    Case(
        "csv-tcvn3-header",
        batch_file("in.csv", "M· ®¬n vÞ;Tªn cÊp ñy\nx;y\n".encode("latin-1")),
        "in.csv",
    ),
    Case("xlsx-not-a-zip", batch_file("in.xlsx", b"plain text, not a workbook"), "in.xlsx"),
    Case(
        "xlsx-zip-bomb",
        batch_file("in.xlsx", lambda: zip_bomb("xl/worksheets/sheet1.xml")),
        "in.xlsx",
    ),
    Case("unknown-input-suffix", batch_file("in.ods", b"x"), "in.ods"),
    Case("base-not-yaml", good_batch("--indicators", "khong-co.csv"), "khong-co.csv"),
    Case("name-pattern-injection", good_batch("--name", "{{ unit.__class__.__mro__ }}"), "--name"),
    Case("name-pattern-bomb", good_batch("--name", "{{ unit * 10**9 }}"), "--name"),
    Case("name-pattern-unbalanced", good_batch("--name", "{% if unit %}x"), "--name"),
    # Her own sheet (issue 15): mappings, strict columns, photo columns, the short template.
    Case("map-unknown-target", good_batch("--map", "Tên xã=Ten cap uy"), "--map"),
    Case("map-without-equals", good_batch("--map", "Tên xã"), "--map"),
    Case("map-empty-side", good_batch("--map", "=Tên cấp ủy"), "--map"),
    Case("map-file-a-list", with_map_file("ghep.yaml", "- Tên xã\n- Tên cấp ủy\n"), "ghep.yaml"),
    Case("map-file-unknown-target", with_map_file("ghep.csv", "Tên xã;Tên cap\n"), "ghep.csv"),
    Case("map-file-three-cells", with_map_file("ghep.csv", "a;Tên cấp ủy;c\n"), "ghep.csv"),
    Case("map-file-missing", good_batch("--map-file", "khong-co.yaml"), "khong-co.yaml"),
    Case("map-file-empty-csv", with_map_file("ghep.csv", "\ufeff\r\n"), "ghep.csv"),
    Case("map-file-an-xlsx", with_map_file("ghep.xlsx", "PK"), "ghep.xlsx"),
    Case(
        "strict-columns-helper-column",
        batch_file("in.csv", "Tên cấp ủy;SĐT\nĐảng ủy xã A;09\n".encode(), "--strict-columns"),
        "in.csv",
    ),
    Case(
        "photos-two-ways",
        batch_file("in.csv", "Tên cấp ủy;Chú thích ảnh;Ảnh 1 - tệp\nx;y;z.jpg\n".encode()),
        "in.csv",
    ),
    Case("short-without-template", good_batch("--short"), "--short"),
    Case(
        "only-footer-rows",
        batch_file("in.csv", "Tên cấp ủy;Kỳ\nNgười lập biểu;\n".encode()),
        "in.csv",
    ),
]

ROW_CASES = [
    Case("row-formula-prefix", batch_rows({"Số chỉ tiêu đạt": "=1+2"}), "dòng 3", code=1),
    Case("row-ambiguous-number", batch_rows({"Chỉ tiêu 1 - giá trị": "35.8"}), "dòng 3", code=1),
    Case("row-nan-number", batch_rows({"Chỉ tiêu 1 - giá trị": "NaN"}), "dòng 3", code=1),
    Case("row-negative-count", batch_rows({"Số chỉ tiêu đạt": "-4"}), "dòng 3", code=1),
    Case("row-control-character", batch_rows({"Đảng bộ": "Đảng bộ\x07xã"}), "dòng 3", code=1),
    Case("row-bidi", batch_rows({"Địa danh": "Tân\u202eTri"}), "dòng 3", code=1),
    Case("row-impossible-date", batch_rows({"Ngày họp": "31/2/2026"}), "dòng 3", code=1),
    Case(
        "row-extreme-length", batch_rows({"Tên cấp ủy": "Đảng ủy " + "x" * 6000}), "dòng 3", code=1
    ),
    Case("row-vni-text", batch_rows({"Tên cấp ủy": VNI}), "dòng 3", code=1),
    Case("row-issuer-place-name", batch_rows({"Tên cấp ủy": "Xã Tân Tiến"}), "dòng 3", code=1),
]

ARGUMENT_CASES = [
    Case("unknown-command", command("ve-ra"), "ve-ra"),
    Case("unknown-option", command("render", "d.yaml", "--khong-co"), "--khong-co"),
    Case("bad-doc-choice", command("render", "d.yaml", "--doc", "memo"), "--doc"),
    Case("bad-variant-form", command("render", "d.yaml", "--variant", "x"), "--variant"),
    Case(
        "unknown-variant",
        command("render", "d.yaml", "--variant", "press.lead=khong.co"),
        "options.variants",
    ),
    Case("unknown-profile", command("render", "d.yaml", "--profile", "khong-co"), "khong-co"),
    Case("zero-jobs", good_batch("--jobs", "0"), "--jobs"),
    Case("batch-without-input", command("batch"), "TỆP.csv"),
    Case("check-zip-bomb", batch_file("b.docx", lambda: zip_bomb("word/document.xml")), "b.docx"),
    Case("out-under-a-file", command("render", "d.yaml", "--out", "d.yaml/out"), "d.yaml/out"),
]

HOSTILE_CASES = [  # the second adversarial round (issue 17)
    Case(
        "template-linked-image-http",
        with_template(linked_image("http://127.0.0.1:9/a.png")),
        "T.docx",
    ),
    Case("template-linked-image-file", with_template(linked_image("file:///etc/passwd")), "T.docx"),
    Case("template-zip-slip", with_template(part_added("../../evil.xml", b"<a/>")), "T.docx"),
    Case("template-absolute-part", with_template(part_added("/tmp/evil.xml", b"<a/>")), "T.docx"),
    Case(
        "template-duplicate-part", with_template(part_added("word/document.xml", b"<a/>")), "T.docx"
    ),
    Case(
        "template-doctype",
        with_template(
            part_replaced("word/settings.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
        ),
        "T.docx",
    ),
    Case(
        "template-vba-project",
        with_template(part_added("word/vbaProject.bin", b"\0" * 64)),
        "T.docx",
    ),
    Case(
        "template-not-utf8",
        with_template(part_replaced("word/document.xml", b"<w:document>\xff\xfe</w:document>")),
        "T.docx",
    ),
    Case(
        "template-broken-xml",
        with_template(part_replaced("word/document.xml", b"<w:body>")),
        "T.docx",
    ),
    Case(
        "template-many-parts",
        with_template(
            lambda: package_with(
                lambda p: [*p.items(), *((f"x/{i}.bin", b"") for i in range(6000))]
            )
        ),
        "T.docx",
    ),
    Case("template-quadratic-preprocessing", with_template(docx_with("{{ a " * 16_000)), "T.docx"),
    Case(
        "template-nested-brackets",
        with_template(docx_with("{{ " + "(" * 2500 + "1" + ")" * 2500 + " }}")),
        "T.docx",
    ),
    Case("render-dev-zero", command("render", "/dev/zero", "--out", "out"), "/dev/zero"),
    Case("photo-parent-folder", with_photo(photo_outside), "photos[0].file"),
    Case("photo-absolute-path", with_photo(photo_absolute), "photos[0].file"),
    Case("photo-link-out", with_photo(photo_linked_out), "photos[0].file"),
    Case("photo-sparse-30mb", with_photo(photo_sparse), "photos[0].file"),
    Case(
        "photo-decompression-bomb",
        with_photo(photo_file("b.png", png_header(100_000, 100_000))),
        "photos[0].file",
    ),
    Case("photo-zero-pixels", with_photo(photo_file("z.png", png_header(0, 0))), "photos[0].file"),
    Case("photo-gif", with_photo(photo_file("a.gif", lambda: image("GIF"))), "photos[0].file"),
    Case("photo-not-an-image", with_photo(photo_file("a.png", b"hello")), "photos[0].file"),
    *(
        Case(
            f"photo-truncated-{kind.lower()}",
            with_photo(
                photo_file(
                    f"cut.{kind.lower()}",
                    functools.partial(lambda k: image(k, (400, 300))[:300], kind),
                )
            ),
            "photos[0].file",
        )
        for kind in ("PNG", "JPEG", "GIF", "BMP", "TIFF")
    ),
    Case(
        "data-lookalike-letter",
        render_data(changed("name: Huyện ủy Bắc Sơn", "name: Huyện ủy Bắc S\u043en")),
        "issuer.name",
    ),
    Case(
        "data-arabic-letter-mark",
        render_data(changed("name: Huyện ủy Bắc Sơn", "name: Huyện ủy\u061c Bắc Sơn")),
        "issuer.name",
    ),
    Case(
        "data-lone-surrogate",
        render_data(changed("name: Huyện ủy Bắc Sơn", 'name: "Huyện ủy \\ud800 Bắc Sơn"')),
        "issuer.name",
    ),
    Case("data-yaml-1-1", render_data("%YAML 1.1\n---\n" + EXAMPLE), "d.yaml"),
    Case(
        "data-hex-number",
        render_data(changed("ordinal: 17", "ordinal: 0x11")),
        "conference.ordinal",
    ),
    Case("data-3000-brackets", render_data("issuer: " + "[" * 3000 + "]" * 3000 + "\n"), "d.yaml"),
    Case("phrasebank-billion-laughs", with_phrasebank(BILLION_LAUGHS), "x.yaml"),
    Case("phrasebank-lexicon-list", with_phrasebank("lexicon: [1, 2]\n"), "x.yaml"),
    Case(
        "phrasebank-lexicon-null", with_phrasebank("lexicon:\n  resolution_code: null\n"), "x.yaml"
    ),
    Case(
        "phrasebank-when-text",
        with_phrasebank("entries:\n  - {id: a.b, slot: press.lead, text: x, when: abc}\n"),
        "x.yaml",
    ),
    Case(
        "phrasebank-docs-number",
        with_phrasebank("entries:\n  - {id: a.b, slot: press.lead, text: x, docs: 5}\n"),
        "x.yaml",
    ),
    Case(
        "phrasebank-nested-brackets",
        with_phrasebank(byline_entry("{{ " + "(" * 2500 + "1" + ")" * 2500 + " }}"), *BYLINE),
        "press.byline.authors",
    ),
    Case("profile-billion-laughs", with_profile(BILLION_LAUGHS), "p.yaml"),
    Case(
        "xlsx-doctype",
        sheet_xml_changed(with_doctype),
        "in.xlsx",
    ),
    Case(
        "xlsx-broken-xml",
        sheet_xml_changed(lambda xml: xml.replace(b"</sheetData>", b"", 1)),
        "in.xlsx",
    ),
    Case(
        "xlsx-whole-grid-row",
        sheet_xml_changed(
            lambda xml: xml.replace(
                b"</sheetData>",
                b'<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                1,
            )
        ),
        "in.xlsx",
    ),
    Case("output-name-is-a-fifo", output_taken(os.mkfifo, "--overwrite"), "nghi-quyet-hoi-nghi"),
    Case(
        "output-name-is-a-link",
        output_taken(lambda path: path.symlink_to("/dev/null"), "--overwrite"),
        "nghi-quyet-hoi-nghi",
    ),
    Case(
        "output-name-is-a-folder",
        output_taken(lambda path: path.mkdir(), "--overwrite"),
        "nghi-quyet-hoi-nghi",
    ),
    Case("name-pattern-without-doc", good_batch("--name", "{{ unit }}"), "--name"),
    Case("name-pattern-very-long", good_batch("--name", "{{ unit }}" + "{" * 6000), "--name"),
    Case(
        "check-margin-not-a-number",
        rendered_changed(
            "word/document.xml", lambda xml: xml.replace(b'w:top="1134"', b'w:top="abc"', 1)
        ),
        "x.docx",
    ),
    Case(
        "check-title-page-flag",
        rendered_changed(
            "word/document.xml",
            lambda xml: xml.replace(b"<w:titlePg/>", b'<w:titlePg w:val="2"/>', 1),
        ),
        "x.docx",
    ),
    Case("templates-new-through-a-link", templates_new_through_link, "mau.docx"),
]

CASES = (
    DATA_CASES
    + TEMPLATE_CASES
    + PHRASEBANK_CASES
    + BATCH_CASES
    + ROW_CASES
    + ARGUMENT_CASES
    + HOSTILE_CASES
)
BY_ID = {case.id: case for case in CASES}


# Run as a real process: what only a process shows. A Python tag must not run anything, and a
# zip bomb must not inflate, even outside pytest's process; on a terminal (stdout and stderr
# each a pseudo-terminal) batch draws its progress bar and estimates an input's rows first,
# and no traceback may reach that terminal either. Every other case runs in this process;
# none of those reaches the worker pool of `drafter batch` (--jobs defaults to the number of
# cores): each is refused before a row is drafted, and the row cases pass --jobs 1.
ON_A_TERMINAL = {"xlsx-zip-bomb", "row-formula-prefix"}
SUBPROCESS = {"python-tag", "check-zip-bomb"} | ON_A_TERMINAL


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def on_a_terminal(command: list[str], folder: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` with stdout and stderr each on a pseudo-terminal; return code, stderr."""
    (out, out_end), (err, err_end) = pty.openpty(), pty.openpty()
    received = {out: bytearray(), err: bytearray()}
    try:
        with subprocess.Popen(
            command, cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=out_end, stderr=err_end
        ) as process:
            os.close(out_end)
            os.close(err_end)
            reading = set(received)
            deadline = time.monotonic() + 120
            while reading:
                left = deadline - time.monotonic()
                ready = select.select(list(reading), [], [], max(left, 0))[0]
                if not ready:
                    process.kill()
                    raise TimeoutError(f"{command} did not end in 120 s")
                for leader in ready:
                    try:
                        chunk = os.read(leader, 1 << 16)
                    except OSError:  # EIO: the process has closed the terminal
                        chunk = b""
                    received[leader] += chunk
                    if not chunk:
                        reading.discard(leader)
    finally:
        os.close(out)
        os.close(err)
    return process.returncode, received[err].decode("utf-8", "replace")


def run_case(case: Case, folder: Path) -> Outcome:
    folder.mkdir(parents=True)
    argv = case.setup(folder)
    if case.id == "check-zip-bomb":
        argv = ["check", "b.docx"]
    before = snapshot(folder)
    started = time.monotonic()
    code, stderr = _run(case, argv, folder)
    return Outcome(code, stderr, before, snapshot(folder), time.monotonic() - started)


def _run(case: Case, argv: list[str], folder: Path) -> tuple[int, str]:
    """Return the exit code and stderr of ``argv`` run in ``folder`` the way ``case`` needs."""
    env = {"XDG_CONFIG_HOME": str(folder)}
    if case.id not in SUBPROCESS:
        ran = run_main(argv, cwd=folder, env=env)
        return ran.returncode, ran.stderr
    command = [sys.executable, "-m", "drafter", *argv]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    if case.id in ON_A_TERMINAL:
        return on_a_terminal(command, folder, env)
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    return result.returncode, result.stderr


@pytest.fixture(scope="session")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Outcome]:
    """Return the outcome of a case by id; each case runs once, when a test first asks."""
    root = tmp_path_factory.mktemp("corpus")
    done: dict[str, Outcome] = {}

    def of(name: str) -> Outcome:
        if name not in done:
            done[name] = run_case(BY_ID[name], root / name)
        return done[name]

    return of


def test_the_corpus_has_at_least_fifty_cases_with_distinct_names() -> None:
    assert len(CASES) >= 50
    assert len(HOSTILE_CASES) >= 40
    assert len(BY_ID) == len(CASES)
    assert set(BY_ID) >= SUBPROCESS


@pytest.mark.parametrize("case", [c for c in CASES if c.code == 2], ids=lambda case: case.id)
def test_an_unusable_input_is_refused_with_its_place_and_remedy_and_nothing_written(
    case: Case, outcome: Callable[[str], Outcome]
) -> None:
    result = outcome(case.id)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.code == 2, result.stderr[-2000:]
    assert case.where in result.stderr, result.stderr[-2000:]
    assert "→ " in result.stderr, result.stderr[-2000:]
    assert result.after == result.before
    assert result.seconds < 10, f"{case.id} took {result.seconds:.1f} s"


@pytest.mark.parametrize("case", ROW_CASES, ids=lambda case: case.id)
def test_a_bad_row_is_reported_and_only_the_good_rows_are_written(
    case: Case, outcome: Callable[[str], Outcome]
) -> None:
    result = outcome(case.id)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.code == 1, result.stderr[-2000:]
    written = {name for name in result.after if name.endswith(".docx")}
    assert {name.removeprefix("out/").split("_")[0] for name in written} == {"xa-001", "xa-003"}
    assert "out/loi-can-sua.csv" in result.after


def test_a_python_tag_in_a_data_file_runs_nothing(outcome: Callable[[str], Outcome]) -> None:
    assert "pwned" not in outcome("python-tag").after


def test_nesting_deeper_than_the_stack_is_refused_as_too_deep(
    outcome: Callable[[str], Outcome],
) -> None:
    # DEEP is past what the parser's recursion reaches (about 250 levels), not a shallower
    # file that the data model refuses for other reasons.
    assert "lồng nhau quá sâu" in outcome("deep-nesting").stderr
