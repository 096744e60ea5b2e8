"""drafter check: our outputs pass, the planted faults are many, and the command line's codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from drafter.check import check_file
from tests.conftest import EXAMPLES
from tests.helpers import FAULT_FAMILIES, FAULTS, describe, margin_top, plant, run_cli


def test_every_output_passes_every_rule(outputs: dict[str, Path]) -> None:
    """Its own document properties included (no template title, tool author or date)."""
    assert len(outputs) == 2 * len(EXAMPLES)
    for path in outputs.values():
        result = check_file(path)
        assert result.profile == "hd36"
        assert not result.findings, f"{path.name}:\n{describe(result.findings)}"


def test_faults_are_many_and_distinct() -> None:
    assert len({fault.__name__ for fault, _, _ in FAULTS}) >= 20
    assert len({rule for _, rule, _ in FAULTS}) >= 20


def test_every_fault_belongs_to_one_rule_family() -> None:
    for _, rule, _ in FAULTS:
        families = [name for name, starts in FAULT_FAMILIES.items() if rule.startswith(starts)]
        assert len(families) == 1, rule


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------


def test_cli_exit_codes_and_json(resolution: Path, tmp_path: Path) -> None:
    good = run_cli("check", str(resolution))
    assert good.returncode == 0, good.stderr
    assert "đúng thể thức hd36" in good.stdout

    bad = plant(resolution, margin_top, tmp_path / "le-tren.docx")
    result = run_cli("check", str(bad), "--profile", "hd36")
    assert result.returncode == 1
    assert "margins.top" in result.stdout
    assert "thiết lập trang" in result.stdout

    as_json = run_cli("check", str(resolution), str(bad), "--json")
    assert as_json.returncode == 1
    files = json.loads(as_json.stdout)["files"]
    assert [entry["ok"] for entry in files] == [True, False]
    assert files[1]["findings"][0]["rule"] == "margins.top"
    assert set(files[1]["findings"][0]) == {"rule", "where", "message"}


def test_cli_unreadable_file_exits_2(tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    result = run_cli("check", str(text))
    assert result.returncode == 2
    assert "không phải văn bản DOCX" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("check", str(tmp_path / "khong-co.docx"), "--json")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert json.loads(missing.stdout)["files"][0]["error"]


def test_cli_copy_of_an_output_unchanged_passes(resolution: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ban-sao.docx"
    shutil.copy(resolution, copy)
    assert run_cli("check", str(copy)).returncode == 0
