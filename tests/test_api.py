"""The drafting core: one session, options resolved once, all documents written or none."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from drafter.api import Choices, Drafter
from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.files import folder_lock
from tests.conftest import BAC_SON


def fake_soffice(folder: Path, script: str) -> Path:
    """Put a fake ``soffice`` first on PATH; return its folder."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_the_data_files_options_apply_unless_the_caller_chose(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    report.options.documents = ["press"]
    assert Drafter().plan(report).kinds == ("press",)
    chosen = Drafter(Choices(documents=("resolution", "press")))
    assert chosen.plan(report).kinds == ("resolution", "press")
    report.options.profile = "nd30"
    assert Drafter().plan(report).profile.name == "nd30"
    assert Drafter(Choices(profile="hd36")).plan(report).profile.name == "hd36"


def test_caller_variants_are_added_to_the_datas(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    report.options.variants = {"press.lead": "x", "press.closing": "y"}
    plan = Drafter(Choices(variants={"press.lead": "z"})).plan(report)
    assert plan.report.options.variants == {"press.lead": "z", "press.closing": "y"}
    assert report.options.variants["press.lead"] == "x"  # the caller's report is not changed


def test_a_failed_pdf_leaves_no_document_of_the_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{fake_soffice(tmp_path, 'exit 3')}{os.pathsep}/usr/bin:/bin")
    out = tmp_path / "out"
    with pytest.raises(UserError, match="LibreOffice"):
        Drafter().draft(BAC_SON, out, pdf=True)
    assert sorted(path.name for path in out.iterdir()) == []


def test_a_second_run_into_a_locked_folder_is_told_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with folder_lock(out):
        with pytest.raises(UserError, match="lần chạy drafter khác") as caught:
            Drafter().draft(BAC_SON, out)
        assert caught.value.where == str(out)
        assert sorted(path.name for path in out.iterdir()) == [".drafter.lock"]
    written = Drafter().draft(BAC_SON, out)
    assert sorted(path.name for path in out.iterdir()) == sorted(path.name for path in written)


def test_a_killed_renders_staging_folder_is_swept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = out / ".drafter-stage-0123456789ab"
    stale.mkdir(parents=True)
    (stale / "half.docx").write_bytes(b"PK")
    Drafter().draft(BAC_SON, out)
    assert not stale.exists()


def test_an_output_name_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    session = Drafter()
    name = session.targets(load_report(BAC_SON), out)[0]
    os.mkfifo(name)
    for overwrite in (False, True):
        with pytest.raises(UserError, match="không phải một tệp thường"):
            session.draft(BAC_SON, out, overwrite=overwrite)
    assert sorted(path.name for path in out.iterdir()) == [name.name]


def document_text(path: Path) -> str:
    """Return the paragraphs and table cells of a DOCX, headers and footers included."""
    from docx import Document

    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.footer.paragraphs]
    return "\n".join(parts)


def test_render_batch_and_the_wizard_draft_the_same_documents(tmp_path: Path) -> None:
    """One core behind every front door: the same facts give the same text."""
    from drafter import wizard as wz
    from drafter.batch import Settings, run_batch
    from drafter.cli import main
    from tests.helpers import BLANK, ScriptedPrompter

    wizard_dir = tmp_path / "wizard"
    data = wizard_dir / "hoi-nghi.yaml"
    assert wz.main(out=data, prompter=ScriptedPrompter([*BLANK, "write"])) == 0
    by_wizard = sorted(wizard_dir.glob("*.docx"))
    assert len(by_wizard) == 2

    assert main(["render", str(data), "--out", str(tmp_path / "render")]) == 0
    by_render = sorted((tmp_path / "render").glob("*.docx"))

    sheet = tmp_path / "sheet" / "mot-dong.csv"
    sheet.parent.mkdir()
    sheet.write_text("Tên cấp ủy\nHuyện ủy Bắc Sơn\n", encoding="utf-8")
    summary = run_batch(sheet, Settings(Choices(), tmp_path / "batch"), base=data)
    assert summary.errors == []
    by_batch = sorted(summary.written)

    names = [path.name for path in by_render]
    assert [path.name for path in by_wizard] == names == [path.name for path in by_batch]
    for wizard_doc, render_doc, batch_doc in zip(by_wizard, by_render, by_batch, strict=True):
        text = document_text(render_doc)
        assert "Bắc Sơn" in text
        assert document_text(wizard_doc) == text
        assert document_text(batch_doc) == text


def test_batch_honours_the_documents_and_profile_the_data_chose(tmp_path: Path) -> None:
    """Before the one core, batch ignored options.documents and options.profile."""
    from drafter.batch import Settings, run_batch

    text = BAC_SON.read_text(encoding="utf-8")
    sheet = tmp_path / "mot-dong.csv"
    sheet.write_text("Tên cấp ủy\nHuyện ủy Bắc Sơn\n", encoding="utf-8")
    press_only = tmp_path / "press.yaml"
    press_only.write_text(text + "\noptions:\n  documents: [press]\n", encoding="utf-8")
    summary = run_batch(sheet, Settings(Choices(), tmp_path / "out"), base=press_only)
    assert summary.errors == []
    assert [path.name for path in summary.written] == ["huyen-uy-bac-son_tin-bai_2023-09-15.docx"]
    state = tmp_path / "nd30.yaml"
    state.write_text(text + "\noptions:\n  profile: nd30\n", encoding="utf-8")
    summary = run_batch(sheet, Settings(Choices(), tmp_path / "out2"), base=state)
    assert [error.reason for error in summary.errors] == [
        "thể thức nd30 là thể thức văn bản Nhà nước, không dùng cho nghị quyết hội nghị "
        "Ban Chấp hành Đảng bộ\n  → Dùng --profile hd36 (mặc định) cho nghị quyết."
    ]


def test_long_valid_texts_are_drafted_not_blamed_on_the_phrasebank(tmp_path: Path) -> None:
    """Twelve limitations near the length limit once failed as "the built-in phrase is unsafe"."""
    report = load_report(BAC_SON)
    item = ("tăng cường công tác kiểm tra giám sát " * 120).strip()
    assert 4000 < len(item) <= 5000
    report.limitations = [f"{item} {index}" for index in range(12)]
    report.tasks = [f"{item} {index}" for index in range(12)]
    written = Drafter().draft(report, tmp_path)
    assert item in document_text(written[0])


def test_a_second_batch_into_the_same_folder_is_told_and_mixes_nothing(tmp_path: Path) -> None:
    from drafter.batch import Settings, run_batch

    sheet = tmp_path / "mot-dong.csv"
    sheet.write_text("Tên cấp ủy\nHuyện ủy Bắc Sơn\n", encoding="utf-8")
    out = tmp_path / "out"
    with folder_lock(out), pytest.raises(UserError, match="lần chạy drafter khác"):
        run_batch(sheet, Settings(Choices(), out), base=BAC_SON)
    assert sorted(path.name for path in out.iterdir()) == []
    assert len(run_batch(sheet, Settings(Choices(), out), base=BAC_SON).written) == 2


def test_a_batch_name_pattern_without_the_document_is_refused_before_any_work(
    tmp_path: Path,
) -> None:
    from drafter.batch import Settings, run_batch

    sheet = tmp_path / "mot-dong.csv"
    sheet.write_text("Tên cấp ủy\nHuyện ủy Bắc Sơn\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"\{\{ doc \}\}") as caught:
        run_batch(sheet, Settings(Choices(pattern="{{ unit }}"), out), base=BAC_SON)
    assert caught.value.where == "--name"
    assert not out.exists()
    press_only = Settings(Choices(documents=("press",), pattern="{{ unit }}"), out)
    assert [path.name for path in run_batch(sheet, press_only, base=BAC_SON).written] == [
        "huyen-uy-bac-son.docx"
    ]


def test_the_press_says_a_discussion_only_when_the_data_holds_one() -> None:
    """A discussion (and "góp ý vào các dự thảo") is asserted only from the data's discussion."""
    session = Drafter(Choices(documents=("press",)))
    base = load_report(BAC_SON)
    for number in range(40):  # other committees: other seeds, other variants
        issuer = base.issuer.model_copy(update={"name": f"Huyện ủy Bắc Sơn {number}"})
        conference = base.conference.model_copy(update={"adopted": ["Nghị quyết"]})
        report = base.model_copy(
            update={"issuer": issuer, "conference": conference, "discussion": []}
        )
        composer = session.composer(session.plan(report))
        context, _ = composer.press()
        assert "press.discussion" not in {made.slot for made in composer.made}
        assert not any(
            "thảo luận" in part or "dự thảo văn bản" in part for part in context["sections"]
        )
        with_discussion = report.model_copy(update={"discussion": ["giải pháp thu ngân sách"]})
        composer = session.composer(session.plan(with_discussion))
        context, _ = composer.press()
        assert any("giải pháp thu ngân sách" in part for part in context["sections"])


def test_all_documents_include_the_report_but_the_default_does_not(tmp_path: Path) -> None:
    """A data file drafts its two documents; the report is asked for by name or by "all"."""
    from drafter.cli import _documents

    report = load_report(BAC_SON)
    assert Drafter().plan(report).kinds == ("resolution", "press")
    every = Drafter(Choices(documents=tuple(_documents("all"))))
    assert every.plan(report).kinds == ("resolution", "press", "report")
    names = [path.name for path in every.draft(report, tmp_path)]
    assert names == [
        "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx",
        "huyen-uy-bac-son_tin-bai_2023-09-15.docx",
        "huyen-uy-bac-son_bao-cao_2023-09-15.docx",
    ]


def test_the_state_profile_drafts_the_report_with_its_own_template(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    session = Drafter(Choices(documents=("report", "press"), profile="nd30"))
    plan = session.plan(report)
    assert [path.name for path in plan.templates] == ["bao-cao-ubnd.docx", "tin-bai.docx"]
    with pytest.raises(UserError, match="không dùng cho nghị quyết"):
        Drafter(Choices(documents=("resolution", "report"), profile="nd30")).plan(report)


def test_a_profile_without_a_report_section_is_refused_for_the_report(tmp_path: Path) -> None:
    from drafter.profiles import profile_path

    text = profile_path("hd36").read_text(encoding="utf-8")
    start = text.index("\nreport:\n")
    end = text.index("\n# The press summary")
    own = tmp_path / "rieng.yaml"
    own.write_text(text[:start] + text[end:], encoding="utf-8")
    session = Drafter(Choices(documents=("report",), profile=str(own)))
    with pytest.raises(UserError, match="không có mục report"):
        session.plan(load_report(BAC_SON))


def test_a_batch_row_asks_for_the_report_by_its_vietnamese_name(tmp_path: Path) -> None:
    from drafter.batch import Settings, run_batch

    sheet = tmp_path / "bao-cao.csv"
    sheet.write_text("Tên cấp ủy,Văn bản\nHuyện ủy Bắc Sơn,báo cáo\n", encoding="utf-8")
    summary = run_batch(sheet, Settings(Choices(), tmp_path / "out"), base=BAC_SON)
    assert summary.errors == []
    assert [path.name for path in summary.written] == ["huyen-uy-bac-son_bao-cao_2023-09-15.docx"]
