"""A warm LibreOffice: one start for many PDFs, bounded per document, ended with its group."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import drafter.office
import drafter.office_profile
from drafter.api import Drafter
from drafter.errors import UserError
from drafter.office import WarmOffice
from tests.conftest import BAC_SON, needs_libreoffice

FAKE_BRIDGE = """\
import os, subprocess, sys, time
folder = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(folder, "starts"), "a") as log:
    log.write("x")
child = subprocess.Popen(["sleep", "300"])  # like soffice.bin: would outlive a plain kill
with open(os.path.join(folder, "child.pid"), "w") as pid:
    pid.write(str(child.pid))
print("ready", flush=True)
for line in sys.stdin:
    _, docx, pdf = line.rstrip("\\n").split("\\t")
    if docx.endswith("hang.docx"):
        time.sleep(300)
    if docx.endswith("crash.docx"):
        sys.exit(1)
    if docx.endswith("bad.docx"):
        print("error\\tGeneral input/output error", flush=True)
        continue
    with open(pdf, "wb") as out:
        out.write(b"%PDF-1.4")
    print("ok", flush=True)
if os.path.exists(os.path.join(folder, "linger")):  # like LibreOffice tidying its profile
    time.sleep(300)
"""


@pytest.fixture
def fake_bridge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bridge that needs no LibreOffice: hangs, crashes or fails on chosen file names."""
    bridge = tmp_path / "bridge" / "fake_bridge.py"
    bridge.parent.mkdir()
    bridge.write_text(FAKE_BRIDGE, encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(drafter.office, "BRIDGE", bridge)
    monkeypatch.setattr(drafter.office, "uno_python", lambda: sys.executable)
    monkeypatch.setattr(drafter.office, "require_soffice", lambda: "/usr/bin/soffice")
    return bridge.parent


def _docx(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"PK")
    return path


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def _gone(pid: int) -> bool:
    for _ in range(50):  # the kill is sent; give the kernel a moment to reap
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_one_start_converts_many_and_leaves_no_partial_file(
    tmp_path: Path, fake_bridge: Path
) -> None:
    out = _out(tmp_path)
    with WarmOffice(tmp_path / "profile") as office:
        pdfs = [office.convert(_docx(tmp_path, f"{n}.docx"), out) for n in range(3)]
    assert [pdf.name for pdf in pdfs] == ["0.pdf", "1.pdf", "2.pdf"]
    assert sorted(path.name for path in out.iterdir()) == ["0.pdf", "1.pdf", "2.pdf"]
    assert (fake_bridge / "starts").read_text() == "x"
    assert _gone(int((fake_bridge / "child.pid").read_text()))
    assert not (tmp_path / "cache").exists()  # no LibreOffice profile to keep


def test_a_profile_thrown_away_next_is_not_waited_for(tmp_path: Path, fake_bridge: Path) -> None:
    (drafter.office_profile.saved_profile() / "user").mkdir(parents=True)  # nothing to save
    (fake_bridge / "linger").touch()
    office = WarmOffice(tmp_path / "profile")
    office.convert(_docx(tmp_path, "0.docx"), _out(tmp_path))
    started = time.monotonic()
    office.close(keep_profile=False)
    assert time.monotonic() - started < drafter.office.CLOSE_SECONDS / 2
    assert _gone(int((fake_bridge / "child.pid").read_text()))


def test_a_stuck_document_is_bounded_and_its_group_killed(
    tmp_path: Path, fake_bridge: Path
) -> None:
    out = _out(tmp_path)
    office = WarmOffice(tmp_path / "profile", seconds_per_document=1)
    started = time.monotonic()
    with office, pytest.raises(UserError, match=r"hang\.docx sau 1 giây"):
        office.convert(_docx(tmp_path, "hang.docx"), out)
    assert time.monotonic() - started < 15
    assert _gone(int((fake_bridge / "child.pid").read_text()))
    assert list(out.iterdir()) == []


def test_a_bad_document_is_named_and_the_next_one_is_converted(
    tmp_path: Path, fake_bridge: Path
) -> None:
    out = _out(tmp_path)
    with WarmOffice(tmp_path / "profile") as office:
        with pytest.raises(UserError, match=r"bad\.docx: General input/output error"):
            office.convert(_docx(tmp_path, "bad.docx"), out)
        assert office.convert(_docx(tmp_path, "good.docx"), out).name == "good.pdf"
    assert (fake_bridge / "starts").read_text() == "x"
    assert sorted(path.name for path in out.iterdir()) == ["good.pdf"]


def test_after_a_crash_the_next_document_starts_a_fresh_libreoffice(
    tmp_path: Path, fake_bridge: Path
) -> None:
    out = _out(tmp_path)
    with WarmOffice(tmp_path / "profile") as office:
        with pytest.raises(UserError, match="dừng bất ngờ"):
            office.convert(_docx(tmp_path, "crash.docx"), out)
        assert office.convert(_docx(tmp_path, "good.docx"), out).name == "good.pdf"
    assert (fake_bridge / "starts").read_text() == "xx"


def test_without_the_uno_module_it_is_unavailable_and_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafter.office, "uno_python", lambda: None)
    monkeypatch.setattr(drafter.office, "require_soffice", lambda: "/usr/bin/soffice")
    assert not WarmOffice.available()
    with pytest.raises(UserError, match="python3-uno"):
        WarmOffice(tmp_path / "profile").start()


@pytest.mark.libreoffice
def test_libreoffice_converts_documents_and_its_profile_is_saved_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_libreoffice()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if not WarmOffice.available():
        pytest.skip("needs python3-uno")
    documents = Drafter().draft(BAC_SON, tmp_path / "docx")
    bad = tmp_path / "hong.docx"  # missing: LibreOffice reads any file, even two bytes
    out = _out(tmp_path)
    with WarmOffice(tmp_path / "profile") as office:
        pdfs = [office.convert(path, out) for path in documents]
        with pytest.raises(UserError, match=r"hong\.docx"):
            office.convert(bad, out)
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
    assert sorted(path.name for path in out.iterdir()) == sorted(pdf.name for pdf in pdfs)
    assert (drafter.office_profile.saved_profile() / "user").is_dir()
    with WarmOffice(tmp_path / "second") as office:
        assert office.convert(documents[0], tmp_path).read_bytes().startswith(b"%PDF")
