"""Faults: a killed process, a full disk or a read-only folder never cost a clerk's work.

A batch killed with SIGKILL half-way leaves only whole documents, and the next run finishes
the job (and sweeps the partial files). A wizard killed while it saves after every answer
leaves a complete data file that ``--resume`` takes. A full disk or a read-only folder gives
a clear message, exit code 2, and the files already there stay as they were.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from drafter import files
from drafter import wizard as wz
from drafter.cli import main as cli_main
from tests.conftest import BAC_SON, ROOT
from tests.helpers import BLANK, ScriptedPrompter, make_input, unit

ROWS = 300


def assert_whole_docx(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
    assert Document(str(path)).paragraphs


def run_batch_command(folder: Path) -> subprocess.Popen[bytes]:
    argv = ["batch", "don-vi.csv", "--base", "base.yaml", "--out-dir", "out", "--jobs", "2"]
    return subprocess.Popen(
        [sys.executable, "-m", "drafter", *argv],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the workers die with it: os.killpg
    )


def wait_for(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_batch_killed_midway_leaves_only_whole_files_and_the_rerun_finishes(
    tmp_path: Path,
) -> None:
    make_input(tmp_path, [unit(number) for number in range(1, ROWS + 1)])
    out = tmp_path / "out"
    process = run_batch_command(tmp_path)
    wait_for(lambda: out.is_dir() and len(list(out.glob(".*.partial"))) >= 30)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    left = list(out.iterdir())
    assert 0 < len(left) < 2 * ROWS  # stopped part-way
    for path in left:
        if path.suffix in (".docx", ".partial"):
            assert_whole_docx(path)
    rerun = subprocess.run(
        [sys.executable, "-m", "drafter", "batch", "don-vi.csv", "--base", "base.yaml",
         "--out-dir", "out", "--jobs", "2"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 2 * ROWS
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".")) == []
    for path in documents[::25]:
        assert_whole_docx(path)


def test_a_finished_batch_sweeps_what_a_killed_run_left_behind(tmp_path: Path) -> None:
    from drafter.api import Choices
    from drafter.batch import Settings, run_batch

    source = make_input(tmp_path, [unit(1)])
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".xa-009_tin-bai.0123456789abcdef.partial", out / "..x.partial.a1b2.tmp"]
    for path in stale:
        path.write_bytes(b"PK\x03\x04 half")
    settings = Settings(Choices(documents=("press",)), out)
    summary = run_batch(source, settings, base=tmp_path / "base.yaml")
    assert len(summary.written) == 1
    assert sorted(path.name for path in out.iterdir()) == [summary.written[0].name]


WIZARD_LOOP = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from drafter import wizard as wz
from tests.helpers import ScriptedPrompter
from tests.helpers import BLANK
folder = Path(sys.argv[1])
for run in range(1000):
    wz.main(out=folder / f"hoi-nghi-{{run}}.yaml", prompter=ScriptedPrompter([*BLANK, "quit"]))
"""


def test_a_wizard_killed_while_saving_leaves_a_complete_file_that_resume_takes(
    tmp_path: Path,
) -> None:
    script = tmp_path / "loop.py"
    script.write_text(WIZARD_LOOP.format(root=str(ROOT)), encoding="utf-8")
    folder = tmp_path / "drafts"
    folder.mkdir()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, str(script), str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(lambda: len(list(folder.glob("hoi-nghi-*.yaml"))) >= 3)
    time.sleep(0.137)  # some way into the next run's saves
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    drafts = sorted(folder.glob("hoi-nghi-*.yaml"))
    assert len(drafts) >= 3
    for draft in drafts:
        state = wz.load_state(draft)  # complete YAML, or this raises
        assert state["issuer"]["name"] == "Huyện ủy Bắc Sơn"
    latest = max(drafts, key=lambda path: path.stat().st_mtime_ns)
    prompter = ScriptedPrompter([KeyboardInterrupt()])
    assert wz.main(out=latest, resume=latest, prompter=prompter) == 130
    assert prompter.asked  # it took the file and went on asking


# ---------------------------------------------------------------------------
# Full disk, read-only folder
# ---------------------------------------------------------------------------


def failing_replace(code: int) -> Any:
    def replace(source: str, target: Any) -> None:
        raise OSError(code, os.strerror(code), str(target))

    return replace


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EROFS, "không có quyền ghi")],
    ids=["full-disk", "read-only"],
)
def test_a_render_that_cannot_write_says_why_and_leaves_existing_files_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    message: str,
) -> None:
    out = tmp_path / "out"
    argv = ["render", str(BAC_SON), "--out", str(out), "--doc", "all", "--overwrite"]
    assert cli_main(argv) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    monkeypatch.setattr(files.os, "replace", failing_replace(code))
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "→ " in err and "Traceback" not in err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_disk_that_fills_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    class FullDisk:
        def __init__(self, handle: int, mode: str) -> None:
            os.close(handle)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", FullDisk)
    with pytest.raises(files.UserError, match="ổ đĩa đã đầy"):
        files.atomic_write_bytes(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["a.docx"]


def test_a_wizard_that_cannot_save_stops_with_a_message_and_keeps_the_last_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "hoi-nghi.yaml"
    stop = BLANK.index("35,8")
    script = ScriptedPrompter([*BLANK[:stop], KeyboardInterrupt()])
    assert wz.main(out=out, prompter=script) == 130
    saved = out.read_bytes()
    monkeypatch.setattr(files.os, "replace", failing_replace(errno.ENOSPC))
    with pytest.raises(files.UserError, match="ổ đĩa đã đầy"):
        wz.main(out=out, resume=out, prompter=ScriptedPrompter(BLANK[stop:]))
    assert out.read_bytes() == saved
    assert [path.name for path in tmp_path.iterdir() if path.name != "drafter"] == [out.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_output_folder_is_refused_on_the_real_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.docx").write_bytes(b"old")
    out.chmod(0o500)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "drafter", "render", str(BAC_SON), "--out", str(out)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        out.chmod(0o700)
    assert result.returncode == 2
    assert "không có quyền ghi" in result.stderr and "Traceback" not in result.stderr
    assert [path.name for path in out.iterdir()] == ["old.docx"]
