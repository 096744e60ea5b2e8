"""LibreOffice runs bounded: a stuck conversion is ended with every process it started."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

import drafter.pdf
from drafter.api import Drafter
from drafter.errors import UserError
from drafter.pdf import convert_to_pdf
from tests.conftest import BAC_SON, needs_libreoffice


def test_a_stuck_libreoffice_is_killed_with_its_children_and_its_folder_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "child.pid"
    soffice = bin_dir / "soffice"
    # Like soffice, which starts soffice.bin: a child that would outlive its parent.
    soffice.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n", encoding="utf-8")
    soffice.chmod(soffice.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    monkeypatch.setattr(drafter.pdf, "START_SECONDS", 1)
    monkeypatch.setattr(drafter.pdf, "SECONDS_PER_DOCUMENT", 0)
    document = tmp_path / "a.docx"
    document.write_bytes(b"PK")
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(UserError, match="giây"):
        convert_to_pdf([document], out)
    assert time.monotonic() - started < 15
    child = int(pid_file.read_text())
    for _ in range(50):  # the kill is sent; give the kernel a moment to reap
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child of LibreOffice outlived drafter")
    assert list(out.iterdir()) == []


def test_work_folders_of_killed_conversions_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / ".drafter-pdf-abc123"
    (stale / "profile").mkdir(parents=True)
    keep = tmp_path / "ho-so.docx"
    keep.write_bytes(b"x")
    drafter.pdf.sweep_work_folders(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ho-so.docx"]


@pytest.mark.libreoffice
def test_documents_are_shared_among_several_libreoffice_processes(tmp_path: Path) -> None:
    needs_libreoffice()
    folders = [tmp_path / f"in{index}" for index in range(2)]
    documents = [path for folder in folders for path in Drafter().draft(BAC_SON, folder)]
    renamed = []
    for index, path in enumerate(documents):
        target = tmp_path / f"{index}-{path.name}"
        path.rename(target)
        renamed.append(target)
    out = tmp_path / "out"
    pdfs = convert_to_pdf(renamed, out, processes=2)
    assert [pdf.stem for pdf in pdfs] == [path.stem for path in renamed]
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
    assert sorted(item.name for item in out.iterdir()) == sorted(pdf.name for pdf in pdfs)
