"""Batch: one document set per row of a CSV or XLSX file, in parallel, nothing lost.

One streaming pass reads the rows and hands them, in chunks, to ``jobs`` worker processes;
each worker loads the phrasebank, the profile and the compiled templates once, validates its
rows and writes every document to a hidden ``.partial`` file named after the document and
the fingerprint of its data. Only when every row is done and no two rows claim the same file
name does the main process move the partial files into place. So a name collision writes
nothing, memory stays flat (the main process keeps a few names per row), and a run stopped
by a crash or Ctrl-C is resumed by the next one: finished documents whose data did not change
are skipped, and partial files whose fingerprint still matches are reused.

Each DOCX also carries its fingerprint in the zip comment, which Word and LibreOffice ignore.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter import __version__
from drafter.errors import UserError, WriteError
from drafter.files import _io_error, atomic_write_bytes, atomic_write_text
from drafter.models import DocumentKind, Report

if TYPE_CHECKING:
    from drafter.sheet import Row
    from drafter.sheet import RowError as TabularError

DEFAULT_PATTERN = "{{ unit }}_{{ doc }}_{{ date }}"
CHUNK_ROWS = 64
PARTIAL_SUFFIX = ".partial"
_FINGERPRINT_PREFIX = b"drafter:"
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RowError:
    """One problem of one row: where it is and what to do."""

    row: int
    unit: str
    column: str
    reason: str


@dataclass
class Summary:
    """What a batch did: counts per outcome, the files written, the rows that failed."""

    rows: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        """Return how many rows had at least one problem."""
        return len({error.row for error in self.errors})


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to render a row; picklable."""

    documents: tuple[DocumentKind, ...]
    out_dir: Path
    pattern: str
    overwrite: bool
    template: Path | None
    profile: str | None
    phrasebank: Path | None
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Done:
    """What a worker did with one row: its output names and where each document is now."""

    row: int
    unit: str
    names: tuple[str, ...] = ()
    partials: tuple[str, ...] = ()  # one per name: a partial file to move, or "" (up to date)
    errors: tuple[RowError, ...] = ()
    invalid: bool = False  # the data did not validate: ``errors`` are the row's problems


def run_batch(
    source: Path,
    settings: Settings,
    *,
    base: Path | None = None,
    indicators: Path | None = None,
    jobs: int = 1,
    pdf: bool = False,
    errors_file: Path | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Write the documents of every valid row of ``source``; return what happened to each."""
    from drafter import sheet

    base_data = _read_base(base)
    rows = sheet.read_rows(source, base=base_data, indicators=indicators)  # checks the input
    _compile_pattern(settings.pattern)  # a bad --name stops the run before any work
    summary = Summary()
    done: list[Done] = []
    owners: dict[str, int] = {}
    collisions: list[str] = []
    try:
        for result in _process(rows, settings, jobs, progress):
            summary.rows += 1
            summary.errors += result.errors
            for name in result.names:
                owner = owners.setdefault(name.lower(), result.row)
                if owner != result.row:
                    collisions.append(f"dòng {owner} và dòng {result.row}: {name}")
            if result.names:
                done.append(result)
        if collisions:
            raise UserError(
                "nhiều dòng cho ra cùng một tên tệp, nên chưa ghi tệp nào: "
                + "; ".join(collisions[:5])
                + (f" (và {len(collisions) - 5} chỗ khác)" if len(collisions) > 5 else ""),
                "Sửa mẫu tên (--name) hoặc mã đơn vị để mỗi dòng có tên riêng.",
                where=str(source),
            )
    except WriteError:  # a full disk or a read-only folder: stop once, keep finished documents
        _discard(done, settings.out_dir)
        _sweep(settings.out_dir)  # also what workers still had in hand when the run stopped
        raise
    except BaseException:
        if collisions:
            _discard(done, settings.out_dir)
        raise
    try:
        _move_into_place(done, settings.out_dir, summary)
    except WriteError:
        _sweep(settings.out_dir)
        raise
    _sweep(settings.out_dir)
    summary.errors.sort(key=lambda error: (error.row, error.column))
    if pdf and summary.written:
        from drafter.pdf import convert_to_pdf

        convert_to_pdf(summary.written, settings.out_dir, overwrite=True)
    _write_errors(summary, errors_file)
    return summary


def _process(
    rows: Iterator[Row], settings: Settings, jobs: int, progress: Progress | None
) -> Iterator[Done]:
    """Yield each row's result, in input order, rendering on ``jobs`` processes."""
    chunks = _chunks(rows)
    if jobs <= 1:
        renderer = _Renderer(settings)
        for chunk in chunks:
            yield from renderer.process(chunk)
            if progress is not None:
                progress(len(chunk))
        return
    global _WORKER  # noqa: PLW0603 - see _init_worker
    _WORKER = _Renderer(settings)  # built once, fresh: forked workers inherit it, not each load it
    try:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
            pending: list[tuple[list[Row], Future[list[Done]]]] = []
            for chunk in chunks:
                # Sources only name the columns of a row's errors: workers get rows without
                # them (half the pickling); this process names the errors of an invalid row.
                lean = [dataclasses.replace(row, sources={}) for row in chunk]
                pending.append((chunk, pool.submit(_process_in_worker, lean)))
                while len(pending) >= jobs * 2:  # bounded: the input is never all in memory
                    sent, future = pending.pop(0)
                    yield from _located(sent, future.result())
                    if progress is not None:
                        progress(len(sent))
            for sent, future in pending:
                yield from _located(sent, future.result())
                if progress is not None:
                    progress(len(sent))
    finally:
        _WORKER = None  # this process renders nothing itself


def _located(rows: Sequence[Row], results: Sequence[Done]) -> Iterator[Done]:
    """Yield ``results``, with the errors of invalid rows placed on their cells again."""
    from drafter.sheet import validate_row

    for row, result in zip(rows, results, strict=True):
        yield _invalid(row, validate_row(row)[1]) if result.invalid else result


def _invalid(row: Row, problems: Sequence[TabularError]) -> Done:
    errors = tuple(RowError(p.row, row.unit, p.column, p.reason) for p in problems)
    return Done(row.number, row.unit, errors=errors, invalid=True)


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: _Renderer | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER  # noqa: PLW0603 - one renderer per worker process, built once
    if _WORKER is None or _WORKER.settings != settings:  # a forked worker has it already
        _WORKER = _Renderer(settings)


def _process_in_worker(chunk: list[Row]) -> list[Done]:
    assert _WORKER is not None
    return list(_WORKER.process(chunk))


class _Renderer:
    """Phrasebank, profile and compiled templates, loaded once; turns rows into documents."""

    def __init__(self, settings: Settings) -> None:
        from jinja2 import meta

        from drafter.api import slug, template_path
        from drafter.phrasebank import load_phrasebank, make_environment
        from drafter.profiles import load_profile

        self.settings = settings
        self.bank = load_phrasebank(settings.phrasebank)
        self.profile = load_profile(settings.profile or "hd36")
        self.templates = {
            kind: template_path(kind, settings.template) for kind in settings.documents
        }
        self.pattern = _compile_pattern(settings.pattern)
        # Worked out once, not per row: what the name pattern reads, and each template's slug.
        self.pattern_uses: set[str] = meta.find_undeclared_variables(
            make_environment().parse(settings.pattern)
        )
        self.doc_slugs = {kind: slug(path.stem) for kind, path in self.templates.items()}
        self.salt = hashlib.sha256(
            json.dumps(
                [__version__, self.profile.model_dump(mode="json"), settings.variants]
            ).encode()
            + b"".join(path.read_bytes() for path in self.templates.values())
        ).hexdigest()

    def process(self, chunk: Sequence[Row]) -> Iterator[Done]:
        """Yield the result of each row; a problem becomes a row error, never a crash."""
        from drafter.sheet import validate_row

        for row in chunk:
            report, problems = validate_row(row)
            if report is None or problems:
                yield _invalid(row, problems)
                continue
            try:
                yield self._render(row, report)
            except WriteError:
                raise  # the folder, not the row: every row after it would fail the same way
            except UserError as error:
                yield Done(
                    row.number,
                    row.unit,
                    errors=(RowError(row.number, row.unit, "", error.message),),
                )

    def _render(self, row: Row, report: Report) -> Done:
        from drafter.api import render_documents

        if self.settings.variants:
            variants = {**report.options.variants, **dict(self.settings.variants)}
            report.options.variants = variants
        names = self.names(report, row.unit, row.number)
        fingerprint = self.fingerprint(report)
        out_dir = self.settings.out_dir
        targets = [out_dir / name for name in names]
        partials = [
            out_dir / f".{name}.{fingerprint[:16].decode()}{PARTIAL_SUFFIX}" for name in names
        ]
        found = [_fingerprint_in(target) for target in targets]  # also says which exist
        if all(existing == fingerprint for existing in found):
            return Done(row.number, row.unit, names, ("",) * len(names))
        for target, existing in zip(targets, found, strict=True):
            if not self.settings.overwrite and existing is not None:
                raise UserError(
                    f"tệp {target.name} đã có, với dữ liệu khác",
                    "Thêm --overwrite nếu muốn thay tệp cũ.",
                )
        if not all(partial.is_file() for partial in partials):  # else reuse a stopped run's work
            documents = render_documents(
                report,
                list(self.settings.documents),
                self.profile,
                self.bank,
                self.settings.template,
                photo_dir=Path(),
            )
            for document, partial in zip(documents, partials, strict=True):
                content = with_fingerprint(document.content, fingerprint)
                atomic_write_bytes(partial, content, overwrite=True, durable=False)
        return Done(row.number, row.unit, names, tuple(str(partial) for partial in partials))

    def names(self, report: Report, unit: str, row: int) -> tuple[str, ...]:
        """Return the output file names of ``report``, safe on every file system."""
        from drafter.api import slug

        uses = self.pattern_uses  # only what the pattern reads: slugs are not free
        values = {"row": str(row)}
        if "unit" in uses:
            values["unit"] = slug(unit or report.issuer.name)
        if "issuer" in uses:
            values["issuer"] = slug(report.issuer.name)
        if "date" in uses:
            values["date"] = report.resolution_date().isoformat()
        if "period" in uses:
            values["period"] = slug(report.period.name(short=True))
        from drafter.sandbox import RENDER_ERRORS

        names = []
        for kind in self.settings.documents:
            try:
                stem = self.pattern.render(doc=self.doc_slugs[kind], **values)
            except RENDER_ERRORS as error:
                raise UserError(
                    f"mẫu tên tệp không dùng được cho dòng này: {error}",
                    "Dùng mẫu tên đơn giản, ví dụ {{ unit }}_{{ doc }}_{{ date }}.",
                    where="--name",
                ) from None
            names.append(safe_file_name(stem) + ".docx")
        return tuple(names)

    def fingerprint(self, report: Report) -> bytes:
        """Return the identity of what a row's documents are made from."""
        data = report.model_dump_json().encode()
        return hashlib.sha256(self.salt.encode() + data).hexdigest().encode()


def _move_into_place(done: Sequence[Done], out_dir: Path, summary: Summary) -> None:
    """Move every partial file to its name; count the documents that were already there."""
    for result in done:
        for name, partial in zip(result.names, result.partials, strict=True):
            target = out_dir / name
            if not partial:
                summary.skipped.append(target)
                continue
            try:
                os.replace(partial, target)
            except OSError as error:
                raise _io_error(target, error) from None
            summary.written.append(target)


def _sweep(out_dir: Path) -> None:
    """Remove what stopped runs left: partial files no row uses now, half-written temp files.

    Called when every row's documents are in place, so any partial file left is stale (its
    data changed since), and a temporary file is what a killed process was writing.
    """
    if not out_dir.is_dir():
        return
    for pattern in (f".*{PARTIAL_SUFFIX}", f".*{PARTIAL_SUFFIX}.*.tmp"):
        for stale in out_dir.glob(pattern):
            with contextlib.suppress(OSError):  # best effort: a read-only folder keeps them
                stale.unlink()


def _discard(done: Sequence[Done], out_dir: Path) -> None:
    """Remove the partial files of a run that will not be written."""
    for result in done:
        for partial in result.partials:
            if partial:
                with contextlib.suppress(OSError):
                    os.unlink(partial)


def safe_file_name(stem: str) -> str:
    """Return ``stem`` as a file name that is safe on Windows and cannot leave the folder."""
    name = _UNSAFE.sub("-", stem.lower()).strip(".-_ ")
    name = re.sub(r"-{2,}", "-", name)[:120].strip(".-_")
    if not name:
        raise UserError(
            "mẫu tên tệp cho ra tên rỗng", "Dùng mẫu tên có {{ unit }} hoặc {{ issuer }}."
        )
    if _RESERVED.match(name):
        name = f"_{name}"
    return name


def with_fingerprint(docx: bytes, fingerprint: bytes) -> bytes:
    """Return ``docx`` with ``fingerprint`` as its zip comment."""
    end = docx.rfind(b"PK\x05\x06")
    if end < 0 or len(docx) - end < 22:
        return docx
    comment = _FINGERPRINT_PREFIX + fingerprint
    record = docx[end : end + 20] + len(comment).to_bytes(2, "little")
    return docx[:end] + record + comment


def read_fingerprint(path: Path) -> bytes | None:
    """Return the fingerprint a drafter batch left in ``path``, or None."""
    return _fingerprint_in(path) or None


def _fingerprint_in(path: Path) -> bytes | None:
    """Return the fingerprint in ``path``: None when there is no such file, b"" when none.

    One open tells both whether the file exists and what made it (no separate ``stat``).
    """
    try:
        with path.open("rb") as stream:
            stream.seek(0, 2)
            stream.seek(max(0, stream.tell() - 200))
            tail = stream.read()
    except FileNotFoundError:
        return None
    except OSError:
        return b""  # there, but not readable: never overwritten unasked
    at = tail.rfind(_FINGERPRINT_PREFIX)
    return tail[at + len(_FINGERPRINT_PREFIX) :] if at >= 0 else b""


def _compile_pattern(pattern: str) -> Any:
    from drafter.phrasebank import make_environment
    from drafter.sandbox import RENDER_ERRORS

    try:
        template = make_environment().from_string(pattern)
        template.render(unit="u", issuer="i", doc="d", date="2000-01-01", period="p", row="2")
    except RENDER_ERRORS as error:
        raise UserError(
            f"mẫu tên tệp '{pattern}' không dùng được: {error}",
            "Dùng các biến {{ unit }}, {{ issuer }}, {{ doc }}, {{ date }}, {{ period }}, "
            "{{ row }}.",
            where="--name",
        ) from None
    return template


def _read_base(base: Path | None) -> dict[str, Any] | None:
    if base is None:
        return None
    from drafter.datafile import plain_data, read_raw

    raw, _ = read_raw(base)
    if not isinstance(raw, Mapping):
        raise UserError(
            "tệp --base phải là một nhóm mục (khóa: giá trị)",
            "Xem examples/ làm mẫu.",
            where=str(base),
        )
    data: dict[str, Any] = plain_data(raw)
    return data


def _write_errors(summary: Summary, path: Path | None) -> None:
    if path is None or not summary.errors:
        return
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(["Dòng", "Đơn vị", "Cột", "Lỗi cần sửa"])
    for error in summary.errors:
        cells = [error.unit, error.column, error.reason]
        writer.writerow([error.row, *(_inert(cell) for cell in cells)])
    atomic_write_text(path, "\ufeff" + stream.getvalue(), overwrite=True)


def _inert(cell: str) -> str:
    """Return ``cell`` so that Excel shows it as text: a leading = + - @ would be a formula."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
