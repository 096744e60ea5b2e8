"""Terminal output of long runs: a progress bar on a terminal, a closing summary table.

Only the command line uses this module; it is the one place that imports rich.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from drafter.batch import Summary


class BatchProgress:
    """A rich progress bar with rate and time left; silent when not on a terminal."""

    def __init__(self, *, enabled: bool, estimate: int | None = None) -> None:
        self.enabled = enabled
        self.estimate = estimate
        self._progress: object | None = None
        self._task: object | None = None

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
                TextColumn("Đang soạn"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            progress.start()
            self._progress = progress
            self._task = progress.add_task("batch", total=self.estimate, rate="")
        return self

    def advance(self, rows: int) -> None:
        """Move the bar on by ``rows`` and show the rate in rows per second."""
        from rich.progress import Progress, TaskID

        if isinstance(self._progress, Progress) and isinstance(self._task, int):
            self._progress.advance(TaskID(self._task), rows)
            task = self._progress.tasks[0]
            speed = task.speed
            rate = f"{speed:,.0f} dòng/giây".replace(",", ".") if speed else ""
            self._progress.update(TaskID(self._task), rate=rate)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        from rich.progress import Progress

        if isinstance(self._progress, Progress):
            self._progress.stop()


def estimate_rows(path: Path) -> int | None:
    """Return about how many data rows ``path`` has, for the progress bar's time left.

    A CSV's line count (a multi-line cell counts more than once) or an XLSX sheet's size.
    """
    try:
        if path.suffix.lower() == ".xlsx":
            from drafter.sheet.sources import open_workbook

            workbook = open_workbook(path)  # the one gate every XLSX passes: no zip bomb
            rows = workbook.worksheets[0].max_row
            workbook.close()
            return max(0, (rows or 1) - 1)
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
