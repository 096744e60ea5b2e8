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

With ``pdf`` the PDFs are made while the rows are still being rendered (``batch_pdf``): each
finished partial file is converted into a private folder, and the PDFs are moved into place
right after the DOCX files, by the same rule. A document edited by hand gets no PDF; an up to
date one gets one only when its PDF is missing or older than it.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, Protocol

from drafter.errors import Finding, UserError, WriteError
from drafter.files import (
    atomic_write_bytes,
    atomic_write_text,
    folder_lock,
    io_error,
    refuse_to_clobber,
)
from drafter.models import Report
from drafter.naming import NamePattern

if TYPE_CHECKING:
    from drafter import sheet
    from drafter.api import Choices
    from drafter.batch_pdf import PdfQueue
    from drafter.sheet import Row

CHUNK_ROWS = 64
FIRST_CHUNK_ROWS = 4
"""The first chunks are small, doubling up to ``CHUNK_ROWS``: the first documents reach the
bar and LibreOffice (``--pdf``) while the rest are rendered, not all at once at the end of a
small batch; later rows go in chunks that are cheap to send to the workers."""
PARTIAL_SUFFIX = ".partial"
EDITED = "\0edited"
_FINGERPRINT_PREFIX = b"drafter:"


class Progress(Protocol):
    """What a batch tells about its progress (``console.BatchProgress`` shows it)."""

    def advance(self, rows: int, line: int) -> None:
        """``rows`` more data rows are done; the last one was on the sheet's ``line``."""

    def rows_done(self) -> None:
        """Every row is read: the count of data rows is now exact."""

    def pdfs(self, converted: int, planned: int) -> None:
        """``converted`` of the ``planned`` PDFs are made (called from any thread)."""


@dataclass
class Summary:
    """What a batch did: counts per outcome, the files written, the rows that failed."""

    rows: int = 0
    written: list[Path] = field(default_factory=list)  # DOCX files
    pdfs: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # up to date: the data did not change
    edited: list[Path] = field(default_factory=list)  # changed by hand since: kept as they are
    errors: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the sheet as a whole

    @property
    def failed_rows(self) -> int:
        """Return how many rows had at least one problem."""
        return len({error.row for error in self.errors})


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to render a row; picklable."""

    choices: Choices
    out_dir: Path
    overwrite: bool = False
    phrasebank: Path | None = None
    photo_dir: Path | None = None  # photo paths are relative to it: the sheet's folder


@dataclass(frozen=True)
class Done:
    """What a worker did with one row: its output names and where each document is now."""

    row: int
    unit: str
    names: tuple[str, ...] = ()
    partials: tuple[str, ...] = ()  # one per name: a partial file to move, "" (up to date)
    # or EDITED (the file there was changed by hand after drafter wrote it: kept)
    errors: tuple[Finding, ...] = ()
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
    fit: sheet.Fit | None = None,
) -> Summary:
    """Write the documents of every valid row of ``source``; return what happened to each.

    ``fit`` maps the clerk's own headers; the reader's warnings (columns ignored, footer rows
    skipped) go to ``fit.warn`` and to the summary's ``warnings``.
    """
    from drafter import sheet

    warnings: list[str] = []
    fit = fit or sheet.Fit()
    listener = fit.warn

    def warn(text: str) -> None:
        warnings.append(text)
        if listener is not None:
            listener(text)

    fit = dataclasses.replace(fit, warn=warn)
    rows = sheet.read_rows(  # checks the input
        source, base=_read_base(base, fit), indicators=indicators, fit=fit
    )
    pattern = NamePattern(settings.choices.pattern)  # a bad --name stops the run before work
    documents = settings.choices.documents
    if "doc" not in pattern.uses and (documents is None or len(set(documents)) > 1):
        raise UserError(
            f"mẫu tên tệp '{pattern.text}' không có {{{{ doc }}}}: nghị quyết và tin bài của "
            "một dòng sẽ trùng tên",
            "Thêm {{ doc }} vào mẫu tên (--name), hoặc chỉ soạn một văn bản (--doc press).",
            where="--name",
        )
    if settings.photo_dir is None:
        settings = dataclasses.replace(settings, photo_dir=source.parent)
    with folder_lock(settings.out_dir):  # a second batch into this folder is told, not mixed in
        summary = _run_locked(
            rows, source, settings, jobs=jobs, pdf=pdf, errors_file=errors_file, progress=progress
        )
    summary.warnings = warnings
    return summary


def _run_locked(
    rows: Iterator[Row],
    source: Path,
    settings: Settings,
    *,
    jobs: int,
    pdf: bool,
    errors_file: Path | None,
    progress: Progress | None,
) -> Summary:
    with contextlib.ExitStack() as stack:
        pdfs = None
        if pdf:
            from drafter.batch_pdf import PdfQueue

            pdfs = stack.enter_context(
                PdfQueue(settings.out_dir, jobs, progress.pdfs if progress else None)
            )
        summary = _draft(rows, source, settings, jobs=jobs, pdfs=pdfs, progress=progress)
    _write_errors(summary, errors_file)
    return summary


def _draft(
    rows: Iterator[Row],
    source: Path,
    settings: Settings,
    *,
    jobs: int,
    pdfs: PdfQueue | None,
    progress: Progress | None,
) -> Summary:
    """Write every row's documents (and PDFs, with ``pdfs``); return what happened."""
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
                if pdfs is not None:
                    _queue_pdfs(result, settings.out_dir, pdfs)
        if progress is not None:
            progress.rows_done()
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
    staged: dict[str, Path] = {}
    failure: Exception | None = None
    if pdfs is not None:
        try:
            staged = pdfs.finish()
        except UserError as error:  # the DOCX files are fine: they go in, the PDFs do not
            failure = error
        # Ctrl-C here keeps the partial files, like a stop while rendering: the next run
        # moves them in without rendering them again, and makes the PDFs.
    try:
        _move_into_place(done, settings.out_dir, summary)
    except WriteError:
        _sweep(settings.out_dir)
        raise
    _sweep(settings.out_dir)
    summary.errors.sort(key=lambda error: (error.row or 0, error.where))
    if failure is not None:
        raise failure
    if pdfs is not None:
        summary.pdfs = pdfs.place(staged)
    return summary


def _queue_pdfs(result: Done, out_dir: Path, pdfs: PdfQueue) -> None:
    """Queue the PDFs ``result`` needs: of a new document, or of an up to date one without."""
    for name, partial in zip(result.names, result.partials, strict=True):
        if partial == EDITED:
            continue  # changed by hand: its PDF is for whoever changed it to make
        if partial:
            pdfs.add(Path(partial), name)
            continue
        target = out_dir / name
        made = out_dir / f"{target.stem}.pdf"
        try:
            stale = made.stat().st_mtime < target.stat().st_mtime
        except OSError:
            stale = True  # no PDF yet
        if stale:
            pdfs.add(target, name)


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
                progress.advance(len(chunk), chunk[-1].number)
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
                        progress.advance(len(sent), sent[-1].number)
            for sent, future in pending:
                yield from _located(sent, future.result())
                if progress is not None:
                    progress.advance(len(sent), sent[-1].number)
    finally:
        _WORKER = None  # this process renders nothing itself


def _located(rows: Sequence[Row], results: Sequence[Done]) -> Iterator[Done]:
    """Yield ``results``, with the errors of invalid rows placed on their cells again."""
    from drafter.sheet import validate_row

    for row, result in zip(rows, results, strict=True):
        yield _invalid(row, validate_row(row)[1]) if result.invalid else result


def _invalid(row: Row, problems: Sequence[Finding]) -> Done:
    errors = tuple(dataclasses.replace(problem, unit=row.unit) for problem in problems)
    return Done(row.number, row.unit, errors=errors, invalid=True)


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    """Yield ``rows`` in chunks: ``FIRST_CHUNK_ROWS``, then twice as many up to ``CHUNK_ROWS``."""
    size = FIRST_CHUNK_ROWS
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
            size = min(size * 2, CHUNK_ROWS)
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
    """A drafting session for the rows of one batch: turns rows into partial documents."""

    def __init__(self, settings: Settings) -> None:
        from drafter.api import Drafter

        self.settings = settings
        self.drafter = Drafter(settings.choices, phrasebank=settings.phrasebank)

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
                    errors=(Finding("", error.message, row=row.number, unit=row.unit),),
                )

    def _render(self, row: Row, report: Report) -> Done:
        plan = self.drafter.plan(report)
        names = self.drafter.names(plan, unit=row.unit, row=row.number)
        fingerprint = self.drafter.fingerprint(plan)
        out_dir = self.settings.out_dir
        targets = [out_dir / name for name in names]
        partials = [
            out_dir / f".{name}.{fingerprint[:16].decode()}{PARTIAL_SUFFIX}" for name in names
        ]
        found = [_fingerprint_in(target) for target in targets]  # also says which exist
        if all(existing == fingerprint for existing in found):
            return Done(row.number, row.unit, tuple(names), ("",) * len(names))
        overwrite = self.settings.overwrite
        for target, existing in zip(targets, found, strict=True):
            if not overwrite and existing not in (None, b"", fingerprint):
                raise UserError(
                    f"tệp {target.name} đã có, với dữ liệu khác",
                    "Thêm --overwrite nếu muốn thay tệp cũ.",
                )
        # A file without drafter's fingerprint was saved again by Word or LibreOffice: an edit
        # by hand, never replaced unasked (and no error that would invite --overwrite).
        kept = [existing == b"" and not overwrite for existing in found]
        todo = [
            not keep and existing != fingerprint for keep, existing in zip(kept, found, strict=True)
        ]
        if any(todo) and not all(
            partial.is_file() for partial, needed in zip(partials, todo, strict=True) if needed
        ):  # else reuse a stopped run's work
            folder = self.settings.photo_dir or Path()
            documents = self.drafter.render(plan, photo_dir=folder, unit=row.unit, row=row.number)
            for document, partial, needed in zip(documents, partials, todo, strict=True):
                if needed:
                    content = with_fingerprint(document.content, fingerprint)
                    atomic_write_bytes(partial, content, overwrite=True, durable=False)
        states = [
            EDITED if keep else str(partial) if needed else ""
            for keep, needed, partial in zip(kept, todo, partials, strict=True)
        ]
        return Done(row.number, row.unit, tuple(names), tuple(states))


def _move_into_place(done: Sequence[Done], out_dir: Path, summary: Summary) -> None:
    """Move every partial file to its name; count the documents that were already there."""
    for result in done:
        for name, partial in zip(result.names, result.partials, strict=True):
            target = out_dir / name
            if not partial:
                summary.skipped.append(target)
                continue
            if partial == EDITED:
                summary.edited.append(target)
                continue
            try:
                os.replace(partial, target)
            except OSError as error:
                raise io_error(target, error) from None
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
            if partial and partial != EDITED:
                with contextlib.suppress(OSError):
                    os.unlink(partial)


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
    A name taken by a link, FIFO or device is refused (it would hang or lead elsewhere).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:
        refuse_to_clobber(path, overwrite=True)  # a link or a special file: says which
        return b""  # there, but not readable: never overwritten unasked
    with os.fdopen(handle, "rb") as stream:
        if not S_ISREG(os.fstat(handle).st_mode):
            refuse_to_clobber(path, overwrite=True)
        stream.seek(0, 2)
        stream.seek(max(0, stream.tell() - 200))
        tail = stream.read()
    at = tail.rfind(_FINGERPRINT_PREFIX)
    return tail[at + len(_FINGERPRINT_PREFIX) :] if at >= 0 else b""


def _read_base(base: Path | None, fit: sheet.Fit | None = None) -> dict[str, Any] | None:
    """Return the values under every row: a YAML data tree, or a table of shared pairs."""
    if base is None:
        return None
    from drafter.sheet.sources import CSV_SUFFIXES, XLSX_SUFFIXES, suffix_error

    if base.suffix.lower() == ".xls":  # a table, but one drafter cannot open: say to resave it
        raise suffix_error(base)
    if base.suffix.lower() in (*CSV_SUFFIXES, *XLSX_SUFFIXES):
        from drafter.sheet import Fit
        from drafter.sheet.shared import read_shared_file

        tree, _, _ = read_shared_file(base, fit or Fit())
        return tree
    from drafter.datafile import read_raw

    raw, _ = read_raw(base)
    if not isinstance(raw, dict):
        raise UserError(
            "tệp --base phải là một nhóm mục (khóa: giá trị)",
            "Xem examples/ làm mẫu.",
            where=str(base),
        )
    return raw


ERRORS_HEADER = ["Dòng", "Đơn vị", "Cột", "Lỗi cần sửa"]


def _write_errors(summary: Summary, path: Path | None) -> None:
    """Write the rows to fix; a run with none removes the list an earlier run left."""
    if path is None:
        return
    if not summary.errors:
        _remove_stale_errors(path)
        return
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(ERRORS_HEADER)
    for error in summary.errors:
        cells = [error.unit, error.where, error.reason]
        writer.writerow([error.row, *(_inert(cell) for cell in cells)])
    atomic_write_text(path, "\ufeff" + stream.getvalue(), overwrite=True)


def _remove_stale_errors(path: Path) -> None:
    """Remove ``path`` when it is a list of errors drafter wrote (its own header), else keep it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream, delimiter=";"), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return
    if header == ERRORS_HEADER:
        with contextlib.suppress(OSError):
            path.unlink()


def _inert(cell: str) -> str:
    """Return ``cell`` so that Excel shows it as text: a leading = + - @ would be a formula."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
