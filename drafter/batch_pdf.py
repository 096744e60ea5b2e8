"""PDF of a batch, converted while the batch is still writing its documents.

The batch hands each finished document (its partial file and the name it will have) to a
``PdfQueue``. ``processes`` threads each run one LibreOffice, on a profile of its own.

Warm (``office.WarmOffice``, when LibreOffice's ``uno`` module is installed): each thread
starts its LibreOffice at once, while the batch starts its workers and writes the first
documents, and then converts one waiting document after another: one start per process for
the whole batch.

Otherwise, one ``soffice --convert-to`` call per share: as soon as ``PDF_CHUNK`` documents
wait, a free thread takes its share of them (what waits, divided by the number of processes)
and converts them in one ``soffice`` call. A start of LibreOffice costs as much as a dozen
documents, so the shares grow as documents pile up (the DOCX are written much faster than
LibreOffice converts them): few starts, the work balanced at the end, and the first PDFs made
while the workers render the next rows.

Nothing is put in place before the batch is done: every PDF waits in a private work folder
inside the output folder, and ``place`` moves them in after the DOCX files (the batch's own
collision rule). A run that stops or fails ends its LibreOffice processes (the whole group)
and removes the work folder; a later run's ``sweep_work_folders`` removes what a killed one
left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from drafter.files import io_error
from drafter.office import WarmOffice
from drafter.pdf import MAX_PER_CALL

PDF_CHUNK = 64
"""The fewest documents a LibreOffice starts on, unless the batch is done and fewer are left
(a start costs as much as a dozen documents)."""
TICK_SECONDS = 0.5
"""How often the PDFs a running LibreOffice has written so far are counted for the bar."""

PdfProgress = Callable[[int, int], None]
"""Told (PDFs converted, PDFs planned) as they are made; called from another thread."""


class PdfQueue:
    """Convert documents to PDF on ``processes`` LibreOffice processes at once, as they come."""

    def __init__(
        self, out_dir: Path, processes: int = 1, progress: PdfProgress | None = None
    ) -> None:
        from drafter.pdf import require_soffice

        self.soffice = require_soffice()  # before any work: a missing LibreOffice is said first
        self.out_dir = out_dir
        self.processes = max(1, processes)
        self.warm = WarmOffice.available()
        self.progress = progress
        self.work: Path | None = None
        self._waiting: list[tuple[Path, str]] = []
        self._done_adding = False
        self._changed = threading.Condition()
        self._stopped = False
        self._quiet = threading.Event()  # ends the bar's watch
        self._running: set[subprocess.Popen[str]] = set()
        self._offices: list[WarmOffice] = []
        self._active: set[Path] = set()  # the output folders of the calls running now
        self._futures: list[Future[list[str]]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._planned = 0
        self._converted = 0
        self._calls = 0

    def __enter__(self) -> PdfQueue:
        from drafter.pdf import WORK_PREFIX, sweep_work_folders

        self.out_dir.mkdir(parents=True, exist_ok=True)
        sweep_work_folders(self.out_dir)  # the folder is locked: only killed runs left these
        self.work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=self.out_dir)).resolve()
        (self.work / "pdf").mkdir()
        self._pool = ThreadPoolExecutor(self.processes + 1, thread_name_prefix="drafter-pdf")
        convert_all = self._convert_warm if self.warm else self._convert_all
        for index in range(self.processes):
            profile = self.work / f"profile-{index}" / "profile"
            self._futures.append(self._pool.submit(convert_all, profile))
        if self.progress is not None:
            self._pool.submit(self._watch)
        return self

    def add(self, source: Path, name: str) -> None:
        """Queue ``source`` (a finished DOCX, maybe a partial file) to become ``name``'s PDF."""
        with self._changed:
            self._waiting.append((source, name))
            self._planned += 1
            self._changed.notify_all()
        self._tell()

    def finish(self) -> dict[str, Path]:
        """Convert what is left; return each document name's PDF in the work folder.

        Raise the first conversion's error once every LibreOffice has ended.
        """
        with self._changed:
            self._done_adding = True
            self._changed.notify_all()
        error: BaseException | None = None
        names: list[str] = []
        for future in self._futures:
            try:
                names += future.result()
            except _StoppedError:
                pass  # stopped because another one failed: that one's error is said
            except Exception as failure:
                error = error or failure
        self._quiet.set()
        if error is not None:
            raise error
        self._tell()
        assert self.work is not None
        return {name: self.work / "pdf" / _pdf_name(name) for name in names}

    def place(self, staged: dict[str, Path]) -> list[Path]:
        """Move the PDFs of ``staged`` beside their documents; return where they are now."""
        placed = []
        for name, source in staged.items():
            target = self.out_dir / _pdf_name(name)
            try:
                os.replace(source, target)
            except OSError as error:
                raise io_error(target, error) from None
            placed.append(target)
        return placed

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """End every LibreOffice still running and remove the work folder."""
        with self._changed:
            self._stopped = True
            running = list(self._running)
            offices = list(self._offices)
            self._changed.notify_all()
        self._quiet.set()
        for process in running:  # the thread waiting on it sees it end
            _kill(process)
        for office in offices:
            office.close(keep_profile=False)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)

    def _take(self, *, one: bool = False) -> list[tuple[Path, str]]:
        """Wait for documents; return this process's share of them, [] when all are done.

        ``one``: the next document as soon as there is one (a warm LibreOffice).
        """
        with self._changed:
            while not self._stopped:
                waiting = len(self._waiting)
                if waiting and one:
                    taken, self._waiting = self._waiting[:1], self._waiting[1:]
                    return taken
                if waiting and (self._done_adding or waiting >= PDF_CHUNK):
                    # Rounded up, nothing is left over; and never a small share, which would
                    # cost a start of LibreOffice for a few documents (the others are busy).
                    share = max(-(-waiting // self.processes), PDF_CHUNK)
                    share = min(share, MAX_PER_CALL)
                    taken, self._waiting = self._waiting[:share], self._waiting[share:]
                    return taken
                if self._done_adding:
                    return []
                self._changed.wait()
            raise _StoppedError

    def _convert_all(self, profile: Path) -> list[str]:
        """Convert shares of the queue with one profile until the queue is done."""
        names: list[str] = []
        try:
            while items := self._take():
                names += self._convert(items, profile)
        except BaseException:
            self._stop()
            raise
        return names

    def _convert_warm(self, profile: Path) -> list[str]:
        """Start a warm LibreOffice now; convert the queue's documents one by one with it."""
        assert self.work is not None
        staging = self.work / "pdf"
        names: list[str] = []
        out = profile.parent / "out"  # PDFs named after the (partial) sources land here
        out.mkdir(parents=True)
        office = WarmOffice(profile)
        with self._changed:
            self._offices.append(office)
            stopped = self._stopped
        try:
            if not stopped:
                office.start()  # while the batch is still starting and writing
            while items := self._take(one=True):
                [(source, name)] = items
                os.replace(office.convert(source, out), staging / _pdf_name(name))
                names.append(name)
                with self._changed:
                    self._converted += 1
                self._tell()
        except BaseException:
            self._stop()
            raise
        finally:
            office.close(keep_profile=False)  # it is in the work folder, removed at the end
        return names

    def _stop(self) -> None:
        """Stop the other conversions: one failure is enough."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def _convert(self, items: list[tuple[Path, str]], profile: Path) -> list[str]:
        """Convert ``items`` in one LibreOffice call; move the PDFs to the staging folder."""
        from drafter.pdf import run_soffice

        assert self.work is not None
        with self._changed:
            self._calls += 1
            call = self.work / f"call-{self._calls}"
        inputs = call / "in"
        inputs.mkdir(parents=True)
        files = []
        for source, name in items:  # LibreOffice names the PDF after its input
            linked = inputs / name
            try:
                os.link(source, linked)
            except OSError:
                shutil.copyfile(source, linked)
            files.append(linked)
        with self._changed:
            self._active.add(call)
        try:
            produced = run_soffice(self.soffice, files, call, profile, started=self._started)
        finally:
            with self._changed:
                self._active.discard(call)
                self._running = {process for process in self._running if process.poll() is None}
        for pdf in produced:
            os.replace(pdf, self.work / "pdf" / pdf.name)
        shutil.rmtree(call, ignore_errors=True)
        with self._changed:
            self._converted += len(items)
        self._tell()
        return [name for _, name in items]

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self._changed:
            self._running.add(process)
            stopped = self._stopped
        if stopped:  # the run stopped while this one was starting
            _kill(process)

    def _watch(self) -> None:
        """Tell the bar, every tick, the PDFs written so far, also by the calls running now."""
        while not self._quiet.wait(TICK_SECONDS):
            with self._changed:
                active = list(self._active)
            self._tell(sum(_count_pdfs(call) for call in active))

    def _tell(self, writing: int = 0) -> None:
        if self.progress is not None:
            converted = min(self._converted + writing, self._planned)
            with contextlib.suppress(Exception):  # a progress bar never stops the run
                self.progress(converted, self._planned)


class _StoppedError(Exception):
    """The run stopped (Ctrl-C, another conversion failed): the queue is left as it is."""


def _count_pdfs(folder: Path) -> int:
    with contextlib.suppress(OSError):
        return sum(1 for _ in folder.glob("*.pdf"))
    return 0


def _kill(process: subprocess.Popen[str]) -> None:
    """Send LibreOffice's whole process group the kill; ``pdf._run`` waits for it."""
    if process.returncode is not None:  # reaped: its number may be another's by now
        return
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()


def _pdf_name(name: str) -> str:
    return f"{Path(name).stem}.pdf"
