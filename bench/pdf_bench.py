"""Benchmark: PDF conversion of a batch's documents with one and with several LibreOffice
processes, side by side with a plain `soffice --convert-to pdf` of the same files.

Run:  .venv/bin/python bench/pdf_bench.py [--rows 30] [--processes 1 2]

It writes the documents of ``rows`` communes with `drafter batch` (no PDF), then converts the
same DOCX files each way into a fresh folder and prints seconds and the ratio to one process.
Absolute times drift on shared machines; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def documents(folder: Path, rows: int) -> list[Path]:
    """Return the DOCX files of ``rows`` communes written by drafter batch."""
    from bench.batch_bench import make_input
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    data, base = make_input(folder, rows)
    summary = run_batch(data, Settings(Choices(), folder / "docx"), base=base, jobs=1)
    return summary.written


def plain_soffice(files: list[Path], out: Path) -> float:
    """Return the seconds of one plain `soffice --convert-to pdf` call on ``files``."""
    profile = out / "profile"
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    from drafter.pdf import convert_to_pdf

    if shutil.which("soffice") is None:
        raise SystemExit("needs LibreOffice (soffice)")
    with tempfile.TemporaryDirectory(dir=ROOT / "out" if (ROOT / "out").is_dir() else None) as tmp:
        folder = Path(tmp)
        files = documents(folder, args.rows)
        print(f"{len(files)} DOCX files of {args.rows} rows")
        plain = plain_soffice(files, folder / "plain")
        print(f"plain soffice --convert-to pdf, one call: {plain:.1f} s")
        first = None
        for processes in args.processes:
            out = folder / f"pdf-{processes}"
            start = time.perf_counter()
            convert_to_pdf(files, out, processes=processes)
            seconds = time.perf_counter() - start
            first = first or seconds
            print(
                f"drafter, {processes} LibreOffice process(es): {seconds:.1f} s "
                f"= {first / seconds:.2f} x one process"
            )


if __name__ == "__main__":
    main()
