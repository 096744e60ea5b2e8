"""Benchmark: drafter batch against a plain docxtpl loop on the same template and rows.

Run:  .venv/bin/python bench/batch_bench.py [--rows 2000] [--jobs 1 2] [--plain 200]
                                            [--memory 1000 10000] [--doc resolution]

It generates realistic rows (the sample row of `drafter batch --template-csv`, varied per
unit), runs the batch on one and on several processes, runs a plain docxtpl loop (a new
DocxTemplate, render and save per document, after the same validation and composition) on
the same rows, and prints documents per second, the ratio and peak memory per row count.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Work under the repository's out/ (ignored by git), not /tmp: on some machines /tmp creates
# files ten times slower than the disk a clerk's output folder is on.
WORK = ROOT / "out" / "bench"
COMMUNES = [
    "Bắc Sơn", "Vũ Lăng", "Nhất Hòa", "Tân Tri", "Chiến Thắng", "Hưng Vũ", "Vũ Sơn",
    "Chiêu Vũ", "Long Đống", "Vạn Thủy", "Đồng Ý", "Tân Hương", "Quỳnh Sơn", "Hữu Vĩnh",
]  # fmt: skip
BASE = """\
issuer:
  superior: Đảng bộ tỉnh Lạng Sơn
  superior_committee: Tỉnh ủy Lạng Sơn
resolution:
  signer: {title: Bí thư}
  recipients: [Ban Thường vụ Tỉnh ủy (b/c), Các chi bộ trực thuộc]
"""


def make_input(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write ``rows`` realistic unit rows and the shared base file; return both paths."""
    from drafter.sheet import write_template

    template = folder / "mau.csv"
    write_template(template)
    with template.open(encoding="utf-8-sig", newline="") as stream:
        header, sample = list(csv.reader(stream, delimiter=";"))[:2]
    column = {name: index for index, name in enumerate(header)}
    rng = random.Random(7)
    data = folder / f"don-vi-{rows}.csv"
    with data.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        for number in range(1, rows + 1):
            row = list(sample)
            name = f"{COMMUNES[number % len(COMMUNES)]} {number}"
            row[column["Mã đơn vị"]] = f"xa-{number:05d}"
            row[column["Tên cấp ủy"]] = f"Đảng ủy xã {name}"
            row[column["Đảng bộ"]] = f"Đảng bộ xã {name}"
            row[column["Địa danh"]] = name
            met = rng.randint(2, 9)
            row[column["Số chỉ tiêu đạt"]] = str(met)
            row[column["Số chỉ tiêu chưa đánh giá"]] = str(18 - 5 - met)
            row[column["Chỉ tiêu 1 - giá trị"]] = f"{rng.randint(20, 60)},{rng.randint(0, 9)}"
            row[column["Chỉ tiêu 2 - giá trị"]] = f"{rng.randint(1, 9)}.{rng.randint(100, 999)}"
            writer.writerow(row)
    base = folder / "base.yaml"
    base.write_text(BASE, encoding="utf-8")
    return data, base


def run_drafter(data: Path, base: Path, out: Path, jobs: int, doc: str) -> tuple[int, float]:
    """Return (documents written, seconds) for one batch run."""
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    kinds = ("resolution", "press") if doc == "all" else (doc,)
    settings = Settings(Choices(documents=kinds), out)
    start = time.perf_counter()
    summary = run_batch(data, settings, base=base, jobs=jobs)
    seconds = time.perf_counter() - start
    if summary.errors:
        raise SystemExit(f"batch errors: {summary.errors[:3]}")
    return len(summary.written), seconds


def run_plain_docxtpl(data: Path, base: Path, out: Path, limit: int, doc: str) -> tuple[int, float]:
    """Return (documents, seconds) for the plain loop: new DocxTemplate, render, save."""
    from docxtpl import DocxTemplate

    from drafter.api import TEMPLATES, template_path
    from drafter.batch import _read_base
    from drafter.compose import Composer
    from drafter.phrasebank import load_phrasebank, make_environment
    from drafter.profiles import load_profile
    from drafter.sheet import read_rows, validate_row

    bank = load_phrasebank()
    profile = load_profile("hd36")
    kinds = list(TEMPLATES) if doc == "all" else [doc]
    out.mkdir(parents=True, exist_ok=True)
    documents = 0
    start = time.perf_counter()
    for row in read_rows(data, base=_read_base(base)):
        if documents >= limit * len(kinds):
            break
        report, _ = validate_row(row)
        assert report is not None
        composer = Composer(report, bank)
        for kind in kinds:
            if kind == "resolution":
                context = composer.resolution(profile)
            else:
                context, photos = composer.press()
                context["photos"] = [{"image": "", "caption": p.caption} for p in photos]
            template = DocxTemplate(str(template_path(kind)))  # type: ignore[arg-type]
            template.render(context, jinja_env=make_environment(), autoescape=True)
            template.save(str(out / f"{row.unit}-{kind}.docx"))
            documents += 1
    return documents, time.perf_counter() - start


def run_renderers(data: Path, base: Path, out: Path, limit: int) -> tuple[float, float]:
    """Return (plain docxtpl, compile-once) documents per second on the same composed contexts.

    Both render the resolution template from contexts composed beforehand, and write a file per
    document: this isolates the renderer, which is what replaces docxtpl's per-document work.
    """
    from docxtpl import DocxTemplate

    from drafter.api import template_path
    from drafter.batch import _read_base
    from drafter.compose import Composer
    from drafter.files import atomic_write_bytes
    from drafter.phrasebank import load_phrasebank, make_environment
    from drafter.profiles import load_profile
    from drafter.render import compiled
    from drafter.sheet import read_rows, validate_row

    bank = load_phrasebank()
    profile = load_profile("hd36")
    contexts = []
    for row in read_rows(data, base=_read_base(base)):
        if len(contexts) >= limit:
            break
        report, _ = validate_row(row)
        assert report is not None
        contexts.append(Composer(report, bank).resolution(profile))
    path = template_path("resolution")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index, context in enumerate(contexts):
        template = DocxTemplate(str(path))
        template.render(context, jinja_env=make_environment(), autoescape=True)
        template.save(str(out / f"plain-{index}.docx"))
    plain = len(contexts) / (time.perf_counter() - start)
    fast_template = compiled(path)
    start = time.perf_counter()
    for index, context in enumerate(contexts):
        content = fast_template.render(context)
        atomic_write_bytes(out / f"fast-{index}.docx", content, durable=False)
    fast = len(contexts) / (time.perf_counter() - start)
    return plain, fast


def child_memory(rows: int, jobs: int, doc: str) -> None:
    """Run one batch of ``rows`` and print its peak memory (this process and its workers)."""
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        data, base = make_input(Path(folder), rows)
        written, seconds = run_drafter(data, base, Path(folder) / "out", jobs, doc)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rows": rows, "documents": written, "seconds": seconds,
                      "peak_kib": max(own, workers)}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--plain", type=int, default=200, help="rows for the docxtpl loop")
    parser.add_argument("--memory", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--doc", choices=["resolution", "press", "all"], default="resolution")
    parser.add_argument("--child-memory", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-jobs", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory is not None:
        child_memory(args.child_memory, args.child_jobs, args.doc)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        data, base = make_input(Path(folder), args.rows)
        plain_docs, plain_seconds = run_plain_docxtpl(
            data, base, Path(folder) / "plain", args.plain, args.doc
        )
        plain_rate = plain_docs / plain_seconds
        print(f"plain docxtpl loop (validate, compose, new DocxTemplate, render, save): "
              f"{plain_docs} documents in {plain_seconds:.2f} s "
              f"= {plain_rate:.0f} documents/s (1 process)")  # fmt: skip
        docxtpl_rate, compiled_rate = run_renderers(data, base, Path(folder) / "render", args.plain)
        print(f"renderer alone, same composed contexts: docxtpl {docxtpl_rate:.0f} documents/s, "
              f"compile-once {compiled_rate:.0f} documents/s = "
              f"{compiled_rate / docxtpl_rate:.1f} x")  # fmt: skip
        for jobs in args.jobs:
            out = Path(folder) / f"out-{jobs}"
            written, seconds = run_drafter(data, base, out, jobs, args.doc)
            rate = written / seconds
            ratio = rate / plain_rate
            print(f"drafter batch, {jobs} job(s): {written} documents in {seconds:.2f} s "
                  f"= {rate:.0f} documents/s, {ratio:.1f} x the plain loop")  # fmt: skip
    peaks = {}
    for rows in args.memory:
        result = subprocess.run(
            [sys.executable, __file__, "--child-memory", str(rows), "--doc", args.doc],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        peaks[rows] = figures["peak_kib"]
        print(f"peak memory, {rows} rows (2 jobs): {figures['peak_kib'] / 1024:.1f} MiB "
              f"({figures['documents'] / figures['seconds']:.0f} documents/s)")  # fmt: skip
    if len(peaks) >= 2:
        small, large = min(peaks), max(peaks)
        print(f"peak memory ratio {large} rows / {small} rows: {peaks[large] / peaks[small]:.2f}")


if __name__ == "__main__":
    main()
