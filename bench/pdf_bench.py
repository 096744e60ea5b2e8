"""Benchmark: `drafter batch --pdf` (PDFs made while the DOCX are written) at 1 and 2 jobs,
against what `--pdf` did when issue 15 was filed, and a plain soffice call.

Run:  .venv/bin/python bench/pdf_bench.py [--rows 30 500] [--jobs 1 2] [--repeats 3]

For each row count it times, in a fresh output folder each time:
  before  -- what `batch --pdf --jobs N` did when issue 15 was filed (N the largest of
             ``--jobs``): the batch without PDF, then every DOCX converted by one LibreOffice
             at a time, out of the box (`soffice --convert-to pdf` on a new, empty profile
             per call), at most 160 documents per call (one call given 400 stops after
             about 250, LibreOffice 7.4);
  --pdf   -- the whole `run_batch(..., pdf=True)` at each of ``--jobs``;
  plain   -- one `soffice --convert-to pdf` call on the same DOCX files (no batch at all).
It prints the median of ``--repeats`` runs and each one's ratio to "before", with the load
average (other work on a shared machine slows every mode). Absolute times drift on shared
machines; compare the ratios of one run. --pdf uses a warm LibreOffice per process
(``drafter.office``) when python3-uno is installed, else one --convert-to per share; both
start on profiles made ready by ``drafter.office_profile``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "out" / "bench"
PER_CALL = 160
"""Documents per LibreOffice call in "before" (drafter.pdf.MAX_PER_CALL)."""


def before(data: Path, base: Path, out: Path, *, jobs: int) -> list[Path]:
    """Run the batch without PDF on ``jobs`` jobs, then convert as `--pdf` did before."""
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    summary = run_batch(data, Settings(Choices(), out), base=base, jobs=jobs)
    for start in range(0, len(summary.written), PER_CALL):
        part = summary.written[start : start + PER_CALL]
        made = plain_soffice(part, out / f"call-{start}")
        if made != len(part):
            raise SystemExit(f"LibreOffice made {made} PDFs of {len(part)}")
    return summary.written


def with_pdf(data: Path, base: Path, out: Path, *, jobs: int) -> list[Path]:
    """Run the whole batch with --pdf on ``jobs`` jobs."""
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    summary = run_batch(data, Settings(Choices(), out), base=base, jobs=jobs, pdf=True)
    if len(summary.pdfs) != len(summary.written):
        raise SystemExit(f"{len(summary.pdfs)} PDFs for {len(summary.written)} DOCX")
    return summary.written


def plain_soffice(files: list[Path], out: Path) -> int:
    """Convert ``files`` with one plain `soffice --convert-to pdf` call; return the PDFs made.

    A new, empty profile, as LibreOffice is out of the box. LibreOffice 7.4 given 400 files
    stopped after about 250 with exit code 0: count them.
    """
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    subprocess.run(command, capture_output=True, check=True, env={**os.environ, "HOME": str(out)})
    shutil.rmtree(profile, ignore_errors=True)
    return len(list(out.glob("*.pdf")))


def timed(run: Callable[[Path], object], folder: Path, label: str) -> float:
    """Return the seconds ``run`` takes on a fresh output folder."""
    out = folder / label
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    run(out)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def bench(rows: int, jobs: list[int], repeats: int) -> None:
    """Print the medians and ratios for ``rows`` rows."""
    from bench.batch_bench import make_input
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        folder = Path(tmp)
        data, base = make_input(folder, rows)
        files = run_batch(data, Settings(Choices(), folder / "docx"), base=base).written
        with_pdf(data, base, folder / "warm-up", jobs=1)  # caches, and the saved profile
        times: dict[str, list[float]] = {}
        made: list[int] = []  # PDFs of each plain call
        most = max(jobs)
        for _ in range(repeats):  # interleaved: drift on a shared machine hits every mode
            times.setdefault("before", []).append(
                timed(partial(before, data, base, jobs=most), folder, "before")
            )
            for count in jobs:
                times.setdefault(f"--pdf --jobs {count}", []).append(
                    timed(partial(with_pdf, data, base, jobs=count), folder, f"j{count}")
                )
            times.setdefault("plain", []).append(
                timed(lambda out: made.append(plain_soffice(files, out)), folder, "plain")
            )
        medians = {label: statistics.median(values) for label, values in times.items()}
        print(f"\n{rows} rows, {len(files)} documents, median of {repeats} ({_load()}):")
        labels = {
            "before": f"before: --jobs {most}, then one LibreOffice",
            "plain": f"plain soffice, one call ({min(made)} PDFs)",
        }
        for label, seconds in medians.items():
            runs = ", ".join(f"{value:.2f}" for value in times[label])
            print(
                f"  {labels.get(label, label):42} {seconds:6.2f} s "
                f"= {medians['before'] / seconds:.2f} x before   ({runs})"
            )


def _load() -> str:
    """Return the load averages (1, 5, 15 minutes) and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[30, 500])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        raise SystemExit("needs LibreOffice (soffice)")
    from drafter.office import WarmOffice
    from drafter.pdf import MAX_PER_CALL

    assert PER_CALL == MAX_PER_CALL, "before converts as many per call as --pdf does"
    WORK.mkdir(parents=True, exist_ok=True)
    mode = "warm LibreOffice (UNO)" if WarmOffice.available() else "--convert-to per share"
    print(f"--pdf converts with: {mode}; start: {_load()}")
    for rows in args.rows:
        bench(rows, args.jobs, args.repeats)


if __name__ == "__main__":
    main()
