"""Terminal output of long runs: a progress bar on a terminal, a closing summary table.

Only the command line uses this module; it is the one place that imports rich.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from drafter.batch import Summary


class BatchProgress:
    """Rich progress bars (rows, then PDFs) with rate and time left; silent off a terminal.

    It counts data rows: the total is the sheet's size less the lines already read (title,
    header), corrected as rows come and made exact when the last one is read, so the bar never
    passes 100 %. With --pdf a second bar, "Xuất PDF", counts the PDFs as they are made.
    """

    def __init__(self, *, enabled: bool, estimate: int | None = None) -> None:
        self.enabled = enabled
        self.estimate = estimate  # data rows, the header line excluded (``estimate_rows``)
        self.rows = 0
        self.total: int | None = estimate
        self._progress: object | None = None
        self._task: object | None = None
        self._pdf_task: object | None = None
        self._lock = threading.Lock()  # the PDF bar is told from LibreOffice's threads

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            progress.start()
            self._progress = progress
            self._task = progress.add_task("Đang soạn", total=self.total, rate="")
        return self

    def advance(self, rows: int, line: int) -> None:
        """Count ``rows`` more data rows, the last on ``line``; show the rate in rows/second."""
        self.rows += rows
        if self.estimate is not None:  # the sheet's lines after ``line`` are still to come
            self.total = self.rows + max(0, self.estimate + 1 - line)
        self._update(self._task, self.rows, self.total, "dòng")

    def rows_done(self) -> None:
        """Make the total the exact count of data rows (footer rows were in the estimate)."""
        self.total = self.rows
        self._update(self._task, self.rows, self.total, "dòng")

    def pdfs(self, converted: int, planned: int) -> None:
        """Show ``converted`` of ``planned`` PDFs on the "Xuất PDF" bar (any thread)."""
        from rich.progress import Progress

        with self._lock:
            if isinstance(self._progress, Progress) and self._pdf_task is None:
                self._pdf_task = self._progress.add_task("Xuất PDF", total=planned, rate="")
            self._update(self._pdf_task, converted, planned, "tệp")

    def _update(self, task: object, completed: int, total: int | None, unit: str) -> None:
        from rich.progress import Progress, TaskID

        if isinstance(self._progress, Progress) and isinstance(task, int):
            total = None if total is None else max(total, completed)  # never past 100 %
            self._progress.update(TaskID(task), completed=completed, total=total)
            speed = next(t.speed for t in self._progress.tasks if t.id == task)
            rate = f"{speed:,.0f} {unit}/giây".replace(",", ".") if speed else ""
            self._progress.update(TaskID(task), rate=rate)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        from rich.progress import Progress

        if isinstance(self._progress, Progress):
            self._progress.stop()


MIN_ROW_BYTES = 20
"""The fewest bytes of sheet XML a row with a cell takes: <row r="1"><c r="A1"/></row>."""


def estimate_rows(path: Path) -> int | None:
    """Return about how many data rows ``path`` has, for the progress bar's time left.

    A CSV's line count (a multi-line cell counts more than once) or an XLSX sheet's size,
    no more than its XML could hold. Title, header and footer rows are in it: the progress
    bar corrects the total as the rows are read (``BatchProgress.advance``).
    """
    try:
        if path.suffix.lower() == ".xlsx":
            import zipfile

            from drafter.sheet.sources import open_workbook

            workbook = open_workbook(path)  # the one gate every XLSX passes: no zip bomb
            sheet = workbook.worksheets[0]
            rows = sheet.max_row or 1  # what the sheet says of its size: may be forged
            with zipfile.ZipFile(path) as package:  # a row with a cell takes 20 bytes or more
                size = package.getinfo(sheet._worksheet_path).file_size
            workbook.close()
            return max(0, min(rows, size // MIN_ROW_BYTES) - 1)
        with path.open("rb") as stream:
            return max(
                0, sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) - 1
            )
    except Exception:  # an estimate only: the run itself reports real problems
        return None


def print_batch_summary(summary: Summary, errors_file: Path) -> None:
    """Print what the batch did and, when rows failed, what to fix and where the list is."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    for warning in summary.warnings:
        Console(stderr=True, highlight=False, soft_wrap=True).print(warning, markup=False)
    table = Table(title="Kết quả", show_header=True)
    table.add_column("Mục")
    table.add_column("Số lượng", justify="right")
    table.add_row("Dòng dữ liệu", str(summary.rows))
    table.add_row("Tệp DOCX đã ghi", str(len(summary.written)))
    if summary.pdfs:
        table.add_row("Tệp PDF đã ghi", str(len(summary.pdfs)))
    table.add_row("Tệp đã có, giữ nguyên (dữ liệu không đổi)", str(len(summary.skipped)))
    if summary.edited:
        table.add_row("Tệp đã sửa tay, giữ nguyên", str(len(summary.edited)))
    table.add_row("Dòng có lỗi", str(summary.failed_rows))
    console.print(table)
    if summary.edited:
        shown = ", ".join(path.name for path in summary.edited[:5])
        others = f" và {len(summary.edited) - 5} tệp khác" if len(summary.edited) > 5 else ""
        Console(stderr=True, highlight=False).print(
            f"Lưu ý: {shown}{others} đã được sửa tay sau khi drafter ghi, nên được giữ nguyên. "
            "Nếu muốn soạn lại từ dữ liệu, xóa hoặc đổi tên các tệp đó rồi chạy lại."
        )
    if summary.errors:
        errors = Table(title="Lỗi cần sửa", show_header=True)
        for title in ("Dòng", "Đơn vị", "Cột", "Lỗi"):
            errors.add_column(title)
        for error in summary.errors[:30]:
            errors.add_row(str(error.row), error.unit, error.where, error.reason)
        Console(stderr=True, highlight=False).print(errors)
        more = len(summary.errors) - 30
        tail = f" (còn {more} lỗi nữa)" if more > 0 else ""
        Console(stderr=True, highlight=False).print(
            f"Danh sách đầy đủ{tail}: {errors_file}. Sửa các dòng trên rồi chạy lại; "
            "các tệp đã ghi đúng sẽ được giữ nguyên."
        )
