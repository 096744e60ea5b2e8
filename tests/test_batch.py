"""drafter batch: many units in one run, per-row errors, nothing overwritten, resumable."""

from __future__ import annotations

import errno
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from drafter import batch as batch_module
from drafter import files
from drafter.api import Choices
from drafter.batch import Settings, read_fingerprint, run_batch
from drafter.cli import main as cli_main
from drafter.errors import UserError
from drafter.naming import DEFAULT_PATTERN, safe_file_name
from tests.conftest import needs_libreoffice
from tests.helpers import BASE_YAML as BASE
from tests.helpers import image_bytes, make_input, run_main, unit


def settings(out: Path, *, overwrite: bool = False, pattern: str = DEFAULT_PATTERN) -> Settings:
    choices = Choices(documents=("resolution", "press"), pattern=pattern)
    return Settings(choices, out, overwrite=overwrite)


def test_the_first_chunks_are_small_so_the_first_documents_come_early() -> None:
    rows: Any = iter(range(200))
    sizes = [len(chunk) for chunk in batch_module._chunks(rows)]
    assert sizes == [4, 8, 16, 32, 64, 64, 12]


def test_every_unit_gets_its_documents(tmp_path: Path) -> None:
    source = make_input(tmp_path, [unit(n) for n in range(1, 6)])
    summary = run_batch(source, settings(tmp_path / "out"), base=tmp_path / "base.yaml", jobs=2)
    assert summary.errors == []
    assert len(summary.written) == 10
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names[0] == "xa-001_nghi-quyet-hoi-nghi_2026-03-27.docx"
    text = "\n".join(p.text for p in Document(str(tmp_path / "out" / names[0])).paragraphs)
    assert "35,8 tỷ đồng" in text
    assert not list((tmp_path / "out").glob(".*")), "no partial or temporary file is left"


def test_a_bad_row_is_reported_and_the_others_are_written(tmp_path: Path) -> None:
    rows = [unit(1), unit(2, **{"Chỉ tiêu 1 - giá trị": "35.8", "Ngày họp": "31/2/2026"}), unit(3)]
    source = make_input(tmp_path, rows)
    errors = tmp_path / "loi.csv"
    summary = run_batch(
        source, settings(tmp_path / "out"), base=tmp_path / "base.yaml", errors_file=errors
    )
    assert len(summary.written) == 4
    assert {(e.row, e.where) for e in summary.errors} == {
        (3, "Chỉ tiêu 1 - giá trị"),
        (3, "Ngày họp"),
    }
    report = errors.read_text(encoding="utf-8-sig")
    assert "35,8" in report and "xa-002" in report


def test_names_that_collide_stop_the_run_before_anything_is_written(tmp_path: Path) -> None:
    same_name = {"Tên cấp ủy": "Đảng ủy xã Bắc Sơn"}
    source = make_input(tmp_path, [unit(1, **same_name), unit(2, **same_name), unit(3)])
    by_issuer = settings(tmp_path / "out", pattern="{{ issuer }}_{{ doc }}")
    with pytest.raises(UserError, match="dòng 2 và dòng 3"):
        run_batch(source, by_issuer, base=tmp_path / "base.yaml", jobs=2)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\windows\\system32", "windows-system32"),
        ("con", "_con"),
        ("Đảng ủy xã: A/B?*", "ng-y-x-a-b"),
        ("a" * 300, "a" * 200),  # room for two 80-character slugs and the date
    ],
)
def test_file_names_cannot_leave_the_folder_and_are_windows_safe(stem: str, expected: str) -> None:
    assert safe_file_name(stem) == expected


def test_a_unit_id_that_walks_out_of_the_folder_stays_inside(tmp_path: Path) -> None:
    source = make_input(tmp_path, [unit(1, **{"Mã đơn vị": "../../ngoai"})])
    summary = run_batch(source, settings(tmp_path / "out"), base=tmp_path / "base.yaml")
    assert all(path.parent == tmp_path / "out" for path in summary.written)
    assert not (tmp_path / "ngoai_tin-bai_2026-03-27.docx").exists()


def test_a_name_pattern_with_an_unknown_variable_is_refused(tmp_path: Path) -> None:
    source = make_input(tmp_path, [unit(1)])
    with pytest.raises(UserError, match="--name"):
        run_batch(source, settings(tmp_path / "out", pattern="{{ xa }}"))


def test_a_document_edited_by_hand_is_kept_with_a_warning_not_an_error(tmp_path: Path) -> None:
    """Word drops drafter's fingerprint when it saves: the edit is kept, never reported as an
    error whose advice (--overwrite) would wipe it; --overwrite given on purpose replaces it."""
    source = make_input(tmp_path, [unit(1)])
    out = tmp_path / "out"
    run_batch(source, settings(out), base=tmp_path / "base.yaml")
    target = out / "xa-001_tin-bai_2026-03-27.docx"
    target.write_bytes(b"the clerk edited this")
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml")
    assert target.read_bytes() == b"the clerk edited this"
    assert summary.errors == []
    assert summary.edited == [target]
    assert [path.name for path in summary.skipped] == ["xa-001_nghi-quyet-hoi-nghi_2026-03-27.docx"]
    summary = run_batch(source, settings(out, overwrite=True), base=tmp_path / "base.yaml")
    assert read_fingerprint(target) is not None
    assert summary.errors == [] and summary.edited == []


def test_a_drafter_document_of_other_data_is_not_replaced_without_the_flag(
    tmp_path: Path,
) -> None:
    source = make_input(tmp_path, [unit(1)])
    out = tmp_path / "out"
    run_batch(source, settings(out), base=tmp_path / "base.yaml")
    target = out / "xa-001_tin-bai_2026-03-27.docx"
    before = target.read_bytes()
    changed = make_input(tmp_path, [unit(1, **{"Hạn chế": "một hạn chế khác"})])
    summary = run_batch(changed, settings(out), base=tmp_path / "base.yaml")
    assert target.read_bytes() == before
    assert [e.row for e in summary.errors] == [2]
    assert "--overwrite" in summary.errors[0].reason


def test_a_clean_run_removes_the_error_list_an_earlier_run_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    errors = out / "loi-can-sua.csv"
    bad = make_input(tmp_path, [unit(1, **{"Cấp": "làng"})])
    run_batch(bad, settings(out), base=tmp_path / "base.yaml", errors_file=errors)
    assert errors.is_file()
    good = make_input(tmp_path, [unit(1)])
    summary = run_batch(good, settings(out), base=tmp_path / "base.yaml", errors_file=errors)
    assert summary.errors == [] and not errors.exists()
    mine = out / "ghi-chu.csv"
    mine.write_text("Ghi chú;của tôi\n", encoding="utf-8")
    run_batch(good, settings(out), base=tmp_path / "base.yaml", errors_file=mine)
    assert mine.is_file(), "a file drafter did not write is never removed"


def test_a_rerun_skips_documents_already_written_from_the_same_data(tmp_path: Path) -> None:
    source = make_input(tmp_path, [unit(n) for n in range(1, 4)])
    out = tmp_path / "out"
    first = run_batch(source, settings(out), base=tmp_path / "base.yaml")
    again = run_batch(source, settings(out), base=tmp_path / "base.yaml")
    assert len(first.written) == 6
    assert (len(again.written), len(again.skipped)) == (0, 6)
    changed = make_input(tmp_path, [unit(1), unit(2, **{"Chỉ tiêu 1 - giá trị": "41,2"}), unit(3)])
    third = run_batch(changed, settings(out, overwrite=True), base=tmp_path / "base.yaml")
    assert sorted(p.name for p in third.written) == [
        "xa-002_nghi-quyet-hoi-nghi_2026-03-27.docx",
        "xa-002_tin-bai_2026-03-27.docx",
    ]


def test_a_run_stopped_midway_is_resumed_without_redoing_its_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_input(tmp_path, [unit(n) for n in range(1, 5)])
    out = tmp_path / "out"
    rendered: list[int] = []
    real = batch_module._Renderer._render

    def stop_at_third(self: object, row: object, report: object) -> object:
        if len(rendered) == 2:
            raise KeyboardInterrupt
        rendered.append(1)
        return real(self, row, report)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module._Renderer, "_render", stop_at_third)
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, settings(out), base=tmp_path / "base.yaml")
    assert not list(out.glob("*.docx")), "a stopped run shows no half of its output"
    assert len(list(out.glob(".*.partial"))) == 4
    monkeypatch.setattr(batch_module._Renderer, "_render", real)
    calls: list[int] = []
    real_render = batch_module.__dict__["with_fingerprint"]

    def count(content: bytes, fingerprint: bytes) -> bytes:
        calls.append(1)
        return real_render(content, fingerprint)

    monkeypatch.setattr(batch_module, "with_fingerprint", count)
    summary = run_batch(source, settings(out), base=tmp_path / "base.yaml")
    assert len(summary.written) == 8
    assert len(calls) == 4, "the two rows finished before the stop are not rendered again"
    assert not list(out.glob(".*"))


def test_a_full_disk_stops_the_batch_once_and_keeps_finished_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["batch", "", "--base", str(tmp_path / "base.yaml"), "--out-dir", str(out)]
    argv += ["--jobs", "1"]
    argv[1] = str(make_input(tmp_path, [unit(1), unit(2)]))
    assert cli_main(argv) == 0
    finished = {path.name: path.read_bytes() for path in out.iterdir()}
    argv[1] = str(make_input(tmp_path, [unit(n) for n in range(1, 7)]))
    real_open = files.os.open
    calls: list[str] = []

    def fills_up(path: str, *args: object) -> int:
        if not str(path).endswith(".tmp"):  # reads, the folder lock: not writes of documents
            return real_open(path, *args)
        calls.append(path)
        if len(calls) >= 2:  # the first new document is written, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args)

    capsys.readouterr()
    monkeypatch.setattr(files.os, "open", fills_up)
    assert cli_main(argv) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err.count("ổ đĩa đã đầy") == 1 and "Traceback" not in err
    assert "dòng" not in err, "no row is reported as failed"
    assert {path.name: path.read_bytes() for path in out.iterdir()} == finished
    assert len(calls) == 2, "the run stopped at the first failed write"


def test_the_command_line_exits_1_when_rows_failed(tmp_path: Path) -> None:
    source = make_input(tmp_path, [unit(1), unit(2, **{"Cấp": "làng"})])
    result = run_main(
        ["batch", str(source), "--base", str(tmp_path / "base.yaml"),
         "--out-dir", str(tmp_path / "out"), "--jobs", "1"]
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Cấp" in result.stderr
    assert (tmp_path / "out" / "loi-can-sua.csv").is_file()
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2


def test_the_command_line_exits_2_on_an_unusable_input(tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = run_main(["batch", str(bad), "--out-dir", str(tmp_path / "out")])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_template_csv_is_written_and_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "mau.xlsx"
    result = run_main(["batch", "--template-csv", str(target)])
    assert result.returncode == 0, result.stderr
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    summary = run_batch(target, settings(tmp_path / "out"), base=tmp_path / "base.yaml")
    assert summary.errors == []
    assert len(summary.written) == 2


def test_fifty_rows_with_pdf_take_few_libreoffice_calls_with_one_profile_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.office
    import drafter.pdf

    calls: list[list[str]] = []

    def fake_run(command: list[str], *args: object, **kwargs: object) -> Any:
        calls.append(command)
        work = Path(command[command.index("--outdir") + 1])
        for name in command[command.index(work.as_posix()) + 1 :]:
            (work / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(drafter.office, "uno_python", lambda: None)  # no warm LibreOffice
    monkeypatch.setattr(drafter.pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(drafter.pdf, "_run", fake_run)
    source = make_input(tmp_path, [unit(n) for n in range(1, 51)])
    summary = run_batch(
        source, settings(tmp_path / "out"), base=tmp_path / "base.yaml", pdf=True, jobs=2
    )
    assert len(calls) <= 8, "each call takes its share of the documents waiting"
    assert len({command[1] for command in calls}) <= 2, "one profile per LibreOffice process"
    assert len(summary.written) == 100
    assert len(summary.pdfs) == 100  # counted apart from the DOCX files
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 100
    assert not list((tmp_path / "out").glob(".*")), "no work folder or partial file is left"


@pytest.mark.libreoffice
def test_batch_pdfs_are_real_pdfs(tmp_path: Path) -> None:
    needs_libreoffice()
    source = make_input(tmp_path, [unit(1), unit(2), unit(3)])
    out = tmp_path / "out"
    run_batch(source, settings(out), base=tmp_path / "base.yaml", pdf=True, jobs=2)
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 6
    assert not list(out.glob(".*")), "no work folder, profile or partial file is left"
    text = subprocess.run(
        ["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "NGHỊ QUYẾT" in text


def test_photos_are_found_beside_the_sheet_not_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet_dir = tmp_path / "so-lieu"
    sheet_dir.mkdir()
    source = make_input(sheet_dir, [unit(1, **{"Chú thích ảnh": ""})])
    (sheet_dir / "anh.jpg").write_bytes(image_bytes("JPEG"))
    base = sheet_dir / "base.yaml"
    photo = "photos:\n  - caption: Quang cảnh hội nghị\n    file: anh.jpg\n"
    base.write_text(base.read_text(encoding="utf-8") + photo, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    summary = run_batch(source, settings(tmp_path / "out"), base=base)
    assert summary.errors == []
    press = next(path for path in summary.written if "tin-bai" in path.name)
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(press).namelist())
