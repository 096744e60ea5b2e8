"""The command line: Vietnamese help, exit codes, messages without tracebacks."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from drafter.cli import main
from tests.conftest import BAC_SON, EXAMPLES, ROOT
from tests.helpers import PLANTED_DATA
from tests.helpers import run_cli as run


def test_help_is_in_vietnamese_and_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout
    for command in ("validate", "schema", "render"):
        assert command in result.stdout


def test_version_is_printed() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("drafter ")


def test_validate_passes_on_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, EXAMPLES)]) == 0
    assert capsys.readouterr().out.count("hợp lệ") == len(EXAMPLES)


def test_validate_says_which_indicators_it_takes_as_lower_is_better(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = ROOT / "examples" / "dinh-lap-nam-2023-ho-ngheo-chua-dat.yaml"
    assert main(["validate", str(example)]) == 0
    out = capsys.readouterr().out
    assert "ℹ indicators[0] (tỷ lệ hộ nghèo): coi là chỉ tiêu càng thấp càng tốt" in out
    assert "số vụ phạm pháp hình sự" not in out  # typed lower_is_better: true, not inferred


def test_validate_reports_every_problem_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLANTED_DATA, encoding="utf-8")
    result = run("validate", str(BAC_SON), str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "12 lỗi" in result.stderr
    assert "indicators[1].comparisons[0] (dòng 28)" in result.stderr


def test_a_missing_file_gives_a_message_not_a_traceback() -> None:
    result = run("validate", "khong-co.yaml")
    assert result.returncode == 2
    assert "không có tệp này" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema_of_the_report() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Report"
    assert "indicators" in schema["properties"]


def test_unknown_command_exits_2() -> None:
    result = run("khong-co-lenh")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_output_piped_into_a_reader_that_leaves_early_is_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`drafter phrases list | head -1`: the closed pipe ends the command quietly, exit 0."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["phrases", "list"]) == 0


def test_explain_prints_each_sentence_with_its_phrase_and_fields() -> None:
    ran = run("explain", str(BAC_SON), "--doc", "resolution")
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert "DỰ THẢO NGHỊ QUYẾT (resolution)" in lines[0]
    assert max(len(line) for line in lines) <= 80
    heading = lines.index(" 30. III- TỔ CHỨC THỰC HIỆN")
    assert lines[heading + 1].strip() == "Câu mẫu: resolution.part3.heading"
    assert "câu cố định" in lines[heading + 2]
    assert "TIN BÀI" not in ran.stdout


def test_explain_refuses_a_split_number_with_exit_code_2(tmp_path: Path) -> None:
    text = BAC_SON.read_text(encoding="utf-8")
    broken = tmp_path / "du-lieu.yaml"
    broken.write_text(text + "\nextra: {percent: 6,47}\n", encoding="utf-8")
    ran = run("explain", str(broken))
    assert ran.returncode == 2
    assert "YAML tách số ở dấu phẩy" in ran.stderr and "Traceback" not in ran.stderr
