"""The batch page: a sheet uploaded, drafted by ``batch.run_batch`` in the background.

Each upload is one run in a private folder of the server (never the workspace): the sheet is
kept there under a fixed name, read by the same sheet reader and package gates as
``drafter batch`` (her own headers paired with drafter's as with ``--map``), and drafted on
one worker while the page shows the progress; with PDFs, one warm LibreOffice converts them
as the documents are written. When it ends the page lists every refused row with its row,
column and reason, and offers the documents, their PDFs and the list of errors as one zip.
Runs are named by a random id checked on every request.
"""

from __future__ import annotations

import io
import re
import secrets
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from drafter.api import Choices
from drafter.errors import Finding, UserError
from drafter.sheet import Fit
from drafter.web.texts import web_text

MAX_SHEET = 10_000_000
"""The largest sheet accepted from the browser, in bytes."""
SHEET_SUFFIXES = (".csv", ".xlsx")
ERRORS_NAME = "loi-can-sua.csv"
_RUN_ID = re.compile(r"[0-9a-f]{16}")


@dataclass
class Run:
    """One batch run: its folder, what it has done so far, and how it ended."""

    id: str
    folder: Path
    sheet_name: str
    pdf: bool = False
    rows: int = 0
    estimate: int | None = None
    converted: int = 0
    planned: int = 0
    done: bool = False
    written: list[Path] = field(default_factory=list)
    pdf_files: list[Path] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: str = ""

    # -- the batch's Progress ---------------------------------------------------------

    def advance(self, rows: int, line: int) -> None:
        """Count ``rows`` more rows done."""
        self.rows += rows

    def rows_done(self) -> None:
        """Every row is read: the count is now the total."""
        self.estimate = self.rows

    def pdfs(self, converted: int, planned: int) -> None:
        """Record the PDFs converted so far, of those planned."""
        self.converted, self.planned = converted, planned

    # -- what the page shows ----------------------------------------------------------

    @property
    def percent(self) -> int:
        """Return how far the run is, 0 to 100 (an estimate while the rows are read).

        With PDFs, the rows are the first half and the PDFs the second: LibreOffice takes
        longer than the documents, and converts them while the rows are still read.
        """
        if self.done:
            return 100
        total = max(self.estimate or 0, self.rows, 1)
        share = self.rows / total
        if self.pdf:
            share = (share + self.converted / max(self.planned, 1)) / 2
        return min(99, int(100 * share))

    def archive(self) -> bytes:
        """Return the documents written, their PDFs and the list of errors as one zip."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in [*self.written, *self.pdf_files]:
                archive.write(path, path.name)
            errors = self.folder / "out" / ERRORS_NAME
            if errors.is_file():
                archive.write(errors, ERRORS_NAME)
        return buffer.getvalue()


class Batches:
    """The batch runs of this server, each in its own folder under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()

    def start(
        self,
        file_name: str,
        content: bytes,
        documents: tuple[str, ...] | None,
        *,
        mapping: Mapping[str, str] | None = None,
        pdf: bool = False,
    ) -> Run:
        """Keep the uploaded sheet and draft it in the background; return the run.

        ``mapping`` pairs her headers with drafter's (``typed_mapping``); ``pdf`` converts
        the documents too.
        """
        suffix = Path(file_name).suffix.lower()
        if suffix not in SHEET_SUFFIXES:
            raise UserError(web_text("sheet_suffix"), web_text("sheet_remedy"), where=file_name)
        if len(content) > MAX_SHEET:
            raise UserError(
                web_text("upload_too_big", limit=MAX_SHEET // 1_000_000),
                web_text("sheet_remedy"),
                where=file_name[:80],
            )
        run_id = secrets.token_hex(8)
        folder = self.root / run_id
        folder.mkdir(parents=True)
        sheet = folder / f"bang{suffix}"
        sheet.write_bytes(content)
        run = Run(run_id, folder, Path(file_name).name[:120], pdf=pdf)
        with self._lock:
            self._runs[run_id] = run
        fit = Fit(mapping=dict(mapping or {}))
        thread = threading.Thread(target=_draft, args=(run, sheet, documents, fit), daemon=True)
        thread.start()
        return run

    def get(self, run_id: str) -> Run:
        """Return the run ``run_id``; refuse an id this server did not give."""
        with self._lock:
            run = self._runs.get(run_id) if _RUN_ID.fullmatch(run_id) else None
        if run is None:
            raise UserError(web_text("no_such_run"), web_text("no_such_run_remedy"))
        return run


def _draft(run: Run, sheet: Path, documents: tuple[str, ...] | None, fit: Fit) -> None:
    """Draft every row of ``sheet`` into the run's folder, recording progress and outcome."""
    from drafter.batch import Settings, run_batch
    from drafter.console import estimate_rows

    run.estimate = estimate_rows(sheet)
    out = run.folder / "out"
    try:
        summary = run_batch(
            sheet,
            Settings(Choices(documents=documents), out),
            jobs=1,  # a server shared by the office: one worker, one LibreOffice
            pdf=run.pdf,
            errors_file=out / ERRORS_NAME,
            progress=run,
            fit=fit,
        )
    except UserError as error:
        run.failure = _as_uploaded(error.message, sheet, run.sheet_name)
    except Exception:  # the page must say it ended, whatever happened
        run.failure = web_text("failed")
    else:
        run.written = summary.written + summary.skipped
        run.pdf_files = summary.pdfs
        run.errors = summary.errors
        run.warnings = [_as_uploaded(text, sheet, run.sheet_name) for text in summary.warnings]
    finally:
        run.done = True


def _as_uploaded(text: str, sheet: Path, name: str) -> str:
    """Return ``text`` naming the file she uploaded, not the server's copy of it."""
    return text.replace(str(sheet), name)


def blank_sheet(kind: str, folder: Path) -> tuple[bytes, str]:
    """Return the blank sheet ``kind`` (mau.csv, mau.xlsx, mau-ngan.csv, mau-ngan.xlsx)."""
    from drafter.sheet import write_template

    if kind not in ("mau.csv", "mau.xlsx", "mau-ngan.csv", "mau-ngan.xlsx"):
        raise UserError(web_text("no_such_sheet"))
    path = folder / secrets.token_hex(6) / kind
    path.parent.mkdir(parents=True)
    write_template(path, short=kind.startswith("mau-ngan"))
    return path.read_bytes(), kind
