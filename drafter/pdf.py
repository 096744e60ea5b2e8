"""PDF: convert DOCX files with headless LibreOffice, in one process or shared among several.

``batch_pdf.PdfQueue`` converts a batch's documents chunk by chunk while the batch is still
writing them; both go through ``run_soffice`` (bounded time, the whole process group ended).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from drafter.errors import UserError
from drafter.office_profile import prepare_profile, save_profile

START_SECONDS = 60
"""Time LibreOffice may take to start (a cold first start with a new profile is slow)."""
SECONDS_PER_DOCUMENT = 10
"""Time each document may take; a one- or two-page document takes well under one second."""
MAX_PER_CALL = 160
"""Documents per LibreOffice call: one call given 400 documents stopped writing PDFs after
about 250 (LibreOffice 7, headless), so longer lists are converted in several calls."""
WORK_PREFIX = ".drafter-pdf-"


def find_soffice() -> str | None:
    """Return the LibreOffice command, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    files: Sequence[Path], out_dir: Path, *, overwrite: bool = False, processes: int = 1
) -> list[Path]:
    """Convert ``files`` to PDF in ``out_dir``; return the PDFs, in the order of ``files``.

    LibreOffice writes into a private temporary folder first; each PDF is then moved into
    place, so a failed conversion leaves no half-written PDF and replaces nothing unasked.
    With ``processes`` > 1 the files are shared out among that many LibreOffice processes,
    each with its own profile, running at once (LibreOffice converts on one core).
    """
    share = max(1, min(processes, len(files)))
    if share == 1:
        return _convert(files, out_dir, overwrite=overwrite, sweep=True)
    from concurrent.futures import ThreadPoolExecutor

    sweep_work_folders(out_dir)  # once, before any process has a work folder there
    parts = [list(files[index::share]) for index in range(share)]
    with ThreadPoolExecutor(share) as pool:
        done = list(
            pool.map(lambda part: _convert(part, out_dir, overwrite=overwrite, sweep=False), parts)
        )
    by_source = {
        source: pdf
        for part, pdfs in zip(parts, done, strict=True)
        for source, pdf in zip(part, pdfs, strict=True)
    }
    return [by_source[path] for path in files]


def _convert(files: Sequence[Path], out_dir: Path, *, overwrite: bool, sweep: bool) -> list[Path]:
    """Convert ``files`` with one LibreOffice process (see ``convert_to_pdf``)."""
    soffice = require_soffice()
    # LibreOffice takes its profile as a file URI, which only an absolute path has; the
    # README's own example uses a relative --out.
    shown = [out_dir / f"{path.stem}.pdf" for path in files]  # named as the caller named them
    out_dir = out_dir.resolve()
    files = [path.resolve() for path in files]
    targets = [out_dir / name.name for name in shown]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise UserError(
                    f"tệp {target} đã có, drafter không ghi đè",
                    "Thêm --overwrite nếu muốn thay tệp cũ.",
                )
    out_dir.mkdir(parents=True, exist_ok=True)
    if sweep:
        sweep_work_folders(out_dir)
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX, dir=out_dir) as work:
        produced = []
        for start in range(0, len(files), MAX_PER_CALL):  # one process, one call at a time
            part = files[start : start + MAX_PER_CALL]
            produced += run_soffice(soffice, part, Path(work), Path(work) / "profile")
        for source, target in zip(produced, targets, strict=True):
            os.replace(source, target)
    return shown


def require_soffice() -> str:
    """Return the LibreOffice command; say how to install it when it is missing."""
    soffice = find_soffice()
    if soffice is None:
        raise UserError(
            "không tìm thấy LibreOffice để xuất PDF",
            "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui) "
            "hoặc bỏ tùy chọn --pdf.",
        )
    return soffice


Started = Callable[["subprocess.Popen[str]"], None]


def run_soffice(
    soffice: str,
    files: Sequence[Path],
    work: Path,
    profile: Path,
    *,
    started: Started | None = None,
) -> list[Path]:
    """Convert ``files`` (absolute paths) into ``work`` with one LibreOffice process.

    Return the PDFs, named after the files, in ``work``; raise ``UserError`` when LibreOffice
    fails, takes too long or leaves one out. ``profile`` may be reused by later calls, never
    by two at once; a new one is made ready first (``office_profile.prepare_profile``).
    ``started`` is told the process, so that a caller can end it.
    """
    timeout = START_SECONDS + SECONDS_PER_DOCUMENT * len(files)
    fresh = not prepare_profile(profile, soffice)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        *[str(path) for path in files],
    ]
    home = profile.parent
    result = _run(command, timeout, {**os.environ, "HOME": str(home)}, started=started)
    produced = [work / f"{path.stem}.pdf" for path in files]
    missing = [path.name for path in produced if not path.is_file()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
        raise UserError(
            f"LibreOffice không xuất được PDF cho {', '.join(missing) or 'các tệp'}: {detail[0]}",
            "Mở tệp DOCX bằng LibreOffice để kiểm tra, rồi chạy lại với --pdf.",
        )
    if fresh:  # LibreOffice made this profile and ended cleanly: later runs start from it
        save_profile(profile)
    return produced


def _run(
    command: list[str], timeout: float, env: dict[str, str], *, started: Started | None = None
) -> subprocess.CompletedProcess[str]:
    """Run LibreOffice in its own process group; on time-out or Ctrl-C end the whole group.

    ``soffice`` starts ``soffice.bin``, which would outlive a plain kill of its parent.
    """
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    if started is not None:
        started(process)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise UserError(
            f"LibreOffice không xuất xong PDF sau {timeout:g} giây",
            "Đóng các cửa sổ LibreOffice đang mở rồi chạy lại; tệp DOCX vẫn dùng được.",
        ) from None
    except BaseException:
        kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen[str]) -> None:
    """End LibreOffice and every process it started, and wait for them."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups to end
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)


def sweep_work_folders(out_dir: Path) -> None:
    """Remove the work folders of conversions that were killed (they hold a profile)."""
    if not out_dir.is_dir():
        return
    for stale in out_dir.glob(f"{WORK_PREFIX}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
