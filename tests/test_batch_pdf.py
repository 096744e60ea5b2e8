"""drafter batch --pdf: PDFs made while the rows are rendered, put in place with the DOCX."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

import drafter.batch_pdf
import drafter.office
import drafter.pdf
from drafter import batch as batch_module
from drafter.api import Choices
from drafter.batch import Settings, run_batch
from drafter.console import BatchProgress
from drafter.errors import UserError
from tests.helpers import make_input, unit


def settings(out: Path) -> Settings:
    return Settings(Choices(documents=("resolution", "press")), out)


class FakeSoffice:
    """Stands in for ``pdf._run``: writes a PDF per input, or fails on chosen calls."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_on = fail_on
        self.started = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, command: list[str], *args: object, **kwargs: object) -> Any:
        with self.lock:
            self.calls.append(command)
            number = len(self.calls)
        self.started.set()
        work = Path(command[command.index("--outdir") + 1])
        inputs = command[command.index("--outdir") + 2 :]
        if number == self.fail_on:  # half a PDF, then a crash
            (work / (Path(inputs[0]).stem + ".pdf")).write_bytes(b"%PDF-1.4 half")
            return subprocess.CompletedProcess(command, 1, "", "soffice crashed")
        for name in inputs:
            (work / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4")
        return subprocess.CompletedProcess(command, 0, "", "")

    def converted(self) -> list[str]:
        """Return the names of every DOCX handed to LibreOffice."""
        return [
            Path(name).name
            for command in self.calls
            for name in command[command.index("--outdir") + 2 :]
        ]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeSoffice:
    soffice = FakeSoffice()
    monkeypatch.setattr(drafter.office, "uno_python", lambda: None)  # one call per share
    monkeypatch.setattr(drafter.pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(drafter.pdf, "_run", soffice)
    monkeypatch.setattr(drafter.batch_pdf, "PDF_CHUNK", 2)
    return soffice


class Recorder:
    """A progress listener that keeps every call."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int]] = []
        self.finished = False
        self.pdf_calls: list[tuple[int, int]] = []

    def advance(self, rows: int, line: int) -> None:
        self.rows.append((rows, line))

    def rows_done(self) -> None:
        self.finished = True

    def pdfs(self, converted: int, planned: int) -> None:
        self.pdf_calls.append((converted, planned))


def test_pdfs_are_made_before_the_last_row_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeSoffice
) -> None:
    source = make_input(tmp_path, [unit(n) for n in range(1, 6)])
    real = batch_module._Renderer._render
    seen: list[bool] = []

    def last_row_waits(self: Any, row: Any, report: Any) -> Any:
        if row.unit == "xa-005":  # a conversion has begun while this row is still to render
            seen.append(fake.started.wait(10))
        return real(self, row, report)

    monkeypatch.setattr(batch_module._Renderer, "_render", last_row_waits)
    out = tmp_path / "out"
    progress = Recorder()
    summary = run_batch(
        source, settings(out), base=tmp_path / "base.yaml", pdf=True, jobs=1, progress=progress
    )
    assert seen == [True]
    assert len(summary.pdfs) == 10 == len(list(out.glob("*.pdf")))
    assert sorted(path.stem for path in summary.pdfs) == sorted(p.stem for p in summary.written)
    assert not list(out.glob(".*")), "no partial file or work folder is left"
    assert sum(rows for rows, _ in progress.rows) == 5 and progress.finished
    assert progress.pdf_calls[-1] == (10, 10)
    assert all(converted <= planned for converted, planned in progress.pdf_calls)


def test_no_pdf_for_a_document_edited_by_hand_and_none_again_for_an_up_to_date_one(
    tmp_path: Path, fake: FakeSoffice
) -> None:
    source = make_input(tmp_path, [unit(1), unit(2)])
    out = tmp_path / "out"
    run_batch(source, settings(out), base=tmp_path / "base.yaml")  # no PDF yet
    edited = out / "xa-001_tin-bai_2026-03-27.docx"
    edited.write_bytes(b"the clerk edited this")
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True)
    assert summary.edited == [edited] and summary.written == []
    assert edited.name not in fake.converted()
    assert sorted(path.name for path in summary.pdfs) == [  # up to date, but no PDF yet
        "xa-001_nghi-quyet-hoi-nghi_2026-03-27.pdf",
        "xa-002_nghi-quyet-hoi-nghi_2026-03-27.pdf",
        "xa-002_tin-bai_2026-03-27.pdf",
    ]
    assert not (out / "xa-001_tin-bai_2026-03-27.pdf").exists()
    fake.calls.clear()
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True)
    assert fake.calls == [] and summary.pdfs == [], "a PDF newer than its DOCX is kept"


def test_a_failed_conversion_leaves_no_pdf_and_the_next_run_makes_them(
    tmp_path: Path, fake: FakeSoffice
) -> None:
    fake.fail_on = 2
    source = make_input(tmp_path, [unit(n) for n in range(1, 5)])
    out = tmp_path / "out"
    with pytest.raises(UserError, match="LibreOffice"):
        run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True, jobs=2)
    assert len(list(out.glob("*.docx"))) == 8, "the DOCX files are fine and kept"
    assert not list(out.glob("*.pdf")), "no PDF, and no half of one, is put in place"
    assert not list(out.glob(".*")), "no work folder or partial file is left"
    fake.fail_on = None
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True)
    assert len(summary.pdfs) == 8 and summary.written == []
    assert all(pdf.read_bytes() == b"%PDF-1.4" for pdf in out.glob("*.pdf"))


def test_a_stopped_run_puts_no_pdf_in_place_and_leaves_no_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeSoffice
) -> None:
    source = make_input(tmp_path, [unit(n) for n in range(1, 6)])
    real = batch_module._Renderer._render

    def stop_at_last(self: Any, row: Any, report: Any) -> Any:
        if row.unit == "xa-005":
            fake.started.wait(10)
            raise KeyboardInterrupt
        return real(self, row, report)

    monkeypatch.setattr(batch_module._Renderer, "_render", stop_at_last)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True, jobs=1)
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.docx"))
    assert not list(out.glob(".drafter-pdf-*"))
    assert len(list(out.glob(".*.partial"))) == 8, "kept for the next run"
    monkeypatch.setattr(batch_module._Renderer, "_render", real)
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True, jobs=1)
    assert len(summary.written) == len(summary.pdfs) == 10
    assert not list(out.glob(".*"))


def test_the_bar_counts_data_rows_and_never_passes_the_end() -> None:
    with BatchProgress(enabled=True, estimate=1_000_000) as bar:  # a forged XLSX size
        bar.advance(64, 67)  # three title lines and the header before the first row
        assert bar.total == 64 + 1_000_000 + 1 - 67
        bar.advance(6, 73)
        bar.rows_done()  # the rest were footer rows, or never there
        assert (bar.rows, bar.total) == (70, 70)
        bar.pdfs(3, 10)
        bar.pdfs(10, 10)
        tasks = {task.description: task for task in bar._progress.tasks}  # type: ignore[attr-defined]
    assert tasks["Đang soạn"].completed == tasks["Đang soạn"].total == 70
    assert tasks["Xuất PDF"].completed == tasks["Xuất PDF"].total == 10
    with BatchProgress(enabled=True, estimate=5) as bar:  # a sheet larger than it said
        bar.advance(10, 11)
        assert bar.total is not None and bar.total >= bar.rows


def test_a_forged_xlsx_size_is_held_to_what_its_sheet_could_hold(tmp_path: Path) -> None:
    import re
    import zipfile

    from drafter.console import estimate_rows
    from tests.helpers import make_xlsx

    honest = make_xlsx(tmp_path / "a.xlsx", [["Mã đơn vị"], *[[f"xa-{n}"] for n in range(40)]])
    assert estimate_rows(honest) == 40
    forged = tmp_path / "b.xlsx"
    with zipfile.ZipFile(honest) as source, zipfile.ZipFile(forged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1000000"', data)
            target.writestr(info, data)
    estimate = estimate_rows(forged)
    assert estimate is not None and 40 <= estimate < 1000


def test_no_libreoffice_call_is_given_more_than_it_converts_reliably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeSoffice
) -> None:
    monkeypatch.setattr(drafter.batch_pdf, "MAX_PER_CALL", 3)
    monkeypatch.setattr(drafter.pdf, "MAX_PER_CALL", 3)
    source = make_input(tmp_path, [unit(n) for n in range(1, 6)])
    summary = run_batch(source, settings(tmp_path / "out"), base=tmp_path / "base.yaml", pdf=True)
    assert len(summary.pdfs) == 10
    assert max(_sizes(fake.calls)) <= 3
    fake.calls.clear()
    pdfs = drafter.pdf.convert_to_pdf(summary.written, tmp_path / "again")
    assert len(pdfs) == 10 and _sizes(fake.calls) == [3, 3, 3, 1]


def _sizes(calls: list[list[str]]) -> list[int]:
    return [len(command) - command.index("--outdir") - 2 for command in calls]
