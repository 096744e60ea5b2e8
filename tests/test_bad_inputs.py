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

CASES = DATA_CASES + TEMPLATE_CASES + PHRASEBANK_CASES + BATCH_CASES + ROW_CASES + ARGUMENT_CASES
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
    env = {"XDG_CONFIG_HOME": str(folder)}
    if case.id not in SUBPROCESS:
        ran = run_main(argv, cwd=folder, env=env)
        return Outcome(ran.returncode, ran.stderr, before, snapshot(folder))
    command = [sys.executable, "-m", "drafter", *argv]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    if case.id in ON_A_TERMINAL:
        code, stderr = on_a_terminal(command, folder, env)
        return Outcome(code, stderr, before, snapshot(folder))
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    return Outcome(result.returncode, result.stderr, before, snapshot(folder))


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
