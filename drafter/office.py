"""A warm LibreOffice: started once, then converting many documents to PDF through UNO.

``soffice --convert-to pdf`` starts LibreOffice for every call, about a second each time,
as long as converting thirty short documents. ``WarmOffice`` starts it once and keeps it::

    with WarmOffice(profile_dir) as office:      # nothing starts yet
        office.start()                           # optional: start it now, e.g. in a thread
        pdf = office.convert(docx, out_dir)      # out_dir / "<docx stem>.pdf"

One ``WarmOffice`` converts one document at a time (calls from several threads wait their
turn); run several, each with its own ``profile_dir``, to convert in parallel. Each document
has ``seconds_per_document``; LibreOffice that takes longer, or dies, is ended with its whole
process group and a ``UserError`` (in Vietnamese) is raised; the next ``convert`` starts a
fresh one, as does the document after every ``RESTART_AFTER``. ``close()`` (or leaving the
``with``) ends it. A PDF is written under a temporary name and renamed into place, so a
failed conversion leaves no half-written PDF. Its profile folder is made ready as every
LibreOffice drafter starts has it (``office_profile.prepare_profile``).

LibreOffice's ``uno`` module belongs to the system's Python (python3-uno), not to drafter's
environment: the UNO side is ``office_bridge.py``, run by that Python and spoken to over a
line protocol on stdin/stdout. ``WarmOffice.available()`` says whether it can run; when it
cannot, callers convert with ``pdf.run_soffice`` (one ``--convert-to`` call per share).
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType

from drafter.errors import UserError
from drafter.office_profile import prepare_profile, save_profile
from drafter.pdf import SECONDS_PER_DOCUMENT, START_SECONDS, require_soffice

BRIDGE = Path(__file__).with_name("office_bridge.py")
PYTHON_CANDIDATES = ("/usr/bin/python3", "python3")
"""Pythons that may have LibreOffice's ``uno`` (besides the one LibreOffice ships)."""
RESTART_AFTER = 400
"""Documents one LibreOffice converts before it is started afresh, so that what it holds on
to between documents (caches, memory) stays bounded over a batch of thousands."""
CLOSE_SECONDS = 10
POLL_SECONDS = 0.2
"""How often a wait for LibreOffice's answer checks that the bridge still runs."""
_END = object()  # the bridge's output ended


@functools.cache
def uno_python() -> str | None:
    """Return a Python that can ``import uno`` (checked once per run), or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    candidates = list(PYTHON_CANDIDATES)
    if soffice is not None:  # LibreOffice for Windows and macOS ships its own Python
        program = Path(os.path.realpath(soffice)).parent
        candidates[:0] = [str(program / "python"), str(program / "python.exe")]
    for candidate in candidates:
        command = shutil.which(candidate)
        if command is None:
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            probe = subprocess.run(
                [command, "-c", "import uno"],
                check=False,
                capture_output=True,
                timeout=START_SECONDS,
            )
            if probe.returncode == 0:
                return command
    return None


class WarmOffice:
    """One LibreOffice, started once, converting DOCX files to PDF one after another."""

    def __init__(
        self, profile_dir: Path, *, seconds_per_document: float = SECONDS_PER_DOCUMENT
    ) -> None:
        """Keep ``profile_dir`` (created if missing; never shared by two at once)."""
        self.profile_dir = profile_dir.resolve()
        self.seconds_per_document = seconds_per_document
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[object] = queue.Queue()
        self._lock = threading.RLock()
        self._converted = 0
        self._fresh = False  # this profile was made by this LibreOffice: worth saving

    @staticmethod
    def available() -> bool:
        """Return True when LibreOffice and a Python with its ``uno`` module are installed."""
        return shutil.which("soffice") is not None and uno_python() is not None

    def start(self) -> None:
        """Start LibreOffice now unless it runs; raise ``UserError`` when it cannot start."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return
            self._launch()
            self._expect_ready()

    def convert(self, docx: Path, out_dir: Path) -> Path:
        """Convert ``docx`` into ``out_dir``; return the PDF, named after the DOCX."""
        with self._lock:
            if self._converted >= RESTART_AFTER:
                self.close()
            self.start()
            target = out_dir.resolve() / f"{docx.stem}.pdf"
            partial = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.pdf.part")
            self._send(f"convert\t{docx.resolve()}\t{partial}")
            answer = self._answer(self.seconds_per_document, docx)
            if answer != ["ok"]:
                partial.unlink(missing_ok=True)
                if answer[0] == "fatal":
                    self.close()
                raise UserError(
                    f"LibreOffice không xuất được PDF cho {docx.name}: {answer[-1]}",
                    "Mở tệp DOCX bằng LibreOffice để kiểm tra, rồi xuất PDF lại.",
                )
            os.replace(partial, target)
            self._converted += 1
            return target

    def close(self, *, keep_profile: bool = True) -> None:
        """End LibreOffice (gracefully if it answers, else its whole process group).

        ``keep_profile=False``: the profile folder is thrown away next, so LibreOffice is
        ended at once instead of left to tidy it (a tenth of a second), unless the profile
        is the first one LibreOffice made, to be saved for later runs.
        Safe from another thread while a conversion runs: that one then fails.
        """
        process, self._process = self._process, None  # no lock: a busy convert holds it
        self._converted = 0
        if process is not None:
            if not keep_profile and not self._fresh:
                _kill_group(process)
                return
            with contextlib.suppress(OSError, ValueError):
                if process.stdin is not None:
                    process.stdin.close()  # the bridge ends LibreOffice and exits
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(CLOSE_SECONDS)
            _kill_group(process)  # whatever is left of the group, and the bridge if it hangs
            if self._fresh and process.returncode == 0:  # ended cleanly: its profile is whole
                self._fresh = False
                save_profile(self.profile_dir)

    def __enter__(self) -> WarmOffice:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _launch(self) -> None:
        """Start the bridge, which starts LibreOffice, in a process group of their own."""
        soffice = require_soffice()
        python = uno_python()
        if python is None:
            raise UserError(
                "không tìm thấy mô-đun uno của LibreOffice để xuất PDF nhanh",
                "Cài gói python3-uno (Debian/Ubuntu: sudo apt-get install python3-uno).",
            )
        self._fresh = not prepare_profile(self.profile_dir, soffice)
        pipe = f"drafter-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        environment = {
            **os.environ,
            "HOME": str(self.profile_dir.parent),
            "PYTHONIOENCODING": "utf-8",
            "PYTHONPATH": "",  # the bridge needs only the system's own modules
        }
        self._process = subprocess.Popen(
            [python, str(BRIDGE), soffice, self.profile_dir.as_uri(), pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=environment,
            start_new_session=True,
        )
        self._answers = queue.Queue()
        threading.Thread(
            target=_read_lines, args=(self._process, self._answers), daemon=True
        ).start()

    def _expect_ready(self) -> None:
        answer = self._answer(START_SECONDS, None)
        if answer != ["ready"]:
            self.close()
            raise UserError(
                f"LibreOffice không khởi động được: {answer[-1]}",
                "Đóng các cửa sổ LibreOffice đang mở rồi chạy lại; tệp DOCX vẫn dùng được.",
            )

    def _send(self, line: str) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return  # closed by another thread: the old bridge's end is the answer
        try:
            process.stdin.write(line + "\n")
            process.stdin.flush()
        except (OSError, ValueError):
            pass  # the bridge is gone (or being closed): its missing answer says so

    def _answer(self, seconds: float, docx: Path | None) -> list[str]:
        """Return the bridge's next answer; end it all when none comes in ``seconds``."""
        deadline = time.monotonic() + seconds
        line: object = None
        while line is None:
            try:
                line = self._answers.get(timeout=min(POLL_SECONDS, seconds))
            except queue.Empty:
                process = self._process
                if process is None or process.poll() is not None:  # the bridge is gone
                    line = self._last_words()
                elif time.monotonic() >= deadline:
                    break
        if line is None:
            self.close()
            what = f"PDF cho {docx.name}" if docx is not None else "việc khởi động"
            raise UserError(
                f"LibreOffice không xong {what} sau {seconds:g} giây",
                "Đóng các cửa sổ LibreOffice đang mở rồi chạy lại; tệp DOCX vẫn dùng được.",
            ) from None
        if line is _END:
            self.close()
            return ["fatal", "LibreOffice đã dừng bất ngờ"]
        return str(line).split("\t")

    def _last_words(self) -> object:
        """Return what an ended bridge said last (a child may hold its output open)."""
        try:
            return self._answers.get(timeout=POLL_SECONDS)
        except queue.Empty:
            return _END


def _read_lines(process: subprocess.Popen[str], answers: queue.Queue[object]) -> None:
    """Pass the bridge's answers to ``answers`` as they come, then say that they ended."""
    assert process.stdout is not None
    with contextlib.suppress(OSError, ValueError):
        for line in process.stdout:
            answers.put(line.rstrip("\n"))
    answers.put(_END)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """End the bridge, LibreOffice and whatever LibreOffice started, and reap the bridge.

    Not ``pdf.kill_group``: its ``communicate`` would read the stdout that ``_read_lines``
    reads.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # no process groups to end
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(CLOSE_SECONDS)
