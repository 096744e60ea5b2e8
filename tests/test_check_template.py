"""drafter templates: list, copy, and check a clerk's DOCX template for faults, with their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from drafter.check import Finding
from drafter.check.template import builtin_templates, check_template, new_template
from drafter.errors import UserError
from tests.helpers import describe, run_cli

Runs = list[str]


def template(folder: Path, *paragraphs: Runs, name: str = "mau.docx") -> Path:
    """Write a template whose body paragraphs hold the given runs."""
    document = Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    path = folder / name
    document.save(str(path))
    return path


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, describe(findings)
    return findings[0]


def test_builtin_templates_have_no_fault() -> None:
    names = [path.stem for path in builtin_templates()]
    assert names == ["bao-cao-ubnd", "bao-cao", "nghi-quyet-hoi-nghi", "tin-bai"]
    for path in builtin_templates():
        assert check_template(path) == [], path.name


def test_tag_split_across_runs(tmp_path: Path) -> None:
    path = template(tmp_path, ["Tiêu đề"], ["Cơ quan: {{ iss", "uer }} ban hành"])
    finding = only(check_template(path))
    assert finding.rule == "tag.split"
    assert finding.where == "đoạn 2: «Cơ quan: {{ issuer }} ban hành»"
    assert "2 đoạn định dạng" in finding.reason


def test_curly_quotes_inside_a_tag(tmp_path: Path) -> None:
    path = template(tmp_path, ["{% if draft_mark == “DỰ THẢO” %}{{ draft_mark }}{% endif %}"])
    finding = only(check_template(path))
    assert finding.rule == "tag.quotes"
    assert finding.where.startswith("đoạn 1: «{% if draft_mark == “DỰ THẢO” %}")
    assert "“ ”" in finding.reason


def test_unknown_variable_suggests_the_nearest(tmp_path: Path) -> None:
    path = template(tmp_path, ["Tít:"], ["{{ headlin }}"])
    finding = only(check_template(path))
    assert finding.rule == "jinja.variable"
    assert finding.where == "đoạn 2: «{{ headlin }}»"
    assert "Có phải «headline»?" in finding.reason


def test_unknown_field_of_a_loop_item_suggests_the_nearest(tmp_path: Path) -> None:
    path = template(
        tmp_path,
        ["{%p for part in parts %}"],
        ["{{ part.headin }}"],
        ["{%p endfor %}"],
    )
    finding = only(check_template(path))
    assert finding.rule == "jinja.variable"
    assert finding.where == "đoạn 2: «{{ part.headin }}»"
    assert "Có phải «part.heading»?" in finding.reason


def test_if_without_endif(tmp_path: Path) -> None:
    path = template(tmp_path, ["{{ issuer }}"], ["{% if draft_mark %}"], ["{{ draft_mark }}"])
    finding = only(check_template(path))
    assert finding.rule == "jinja.unclosed"
    assert finding.where == "đoạn 2: «{% if draft_mark %}»"
    assert "{% endif %}" in finding.reason


def test_stray_end_tag(tmp_path: Path) -> None:
    path = template(tmp_path, ["{{ issuer }}"], ["{% endfor %}"])
    finding = only(check_template(path))
    assert finding.rule == "jinja.syntax"
    assert finding.where == "đoạn 2: «{% endfor %}»"


def test_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    path = template(tmp_path, ["{{ issuer }}"], ["Ngày: {{ date_line | }} ở đây"])
    finding = only(check_template(path))
    assert finding.rule == "jinja.syntax"
    assert finding.where == "đoạn 2: «Ngày: {{ date_line | }} ở đây»"
    assert "Jinja báo" in finding.reason


def table_template(folder: Path, cells: list[list[str]]) -> Path:
    document = Document()
    document.add_paragraph("{{ issuer }}")
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)
    path = folder / "bang.docx"
    document.save(str(path))
    return path


def test_loop_spanning_table_rows_without_tr(tmp_path: Path) -> None:
    path = table_template(
        tmp_path,
        [["{% for recipient in recipients %}{{ recipient }}", "x"], ["{% endfor %}", "y"]],
    )
    finding = only(check_template(path))
    assert finding.rule == "table.loop"
    assert finding.where.startswith("bảng 1, hàng 1, ô 1, đoạn 1: «{% for recipient")
    assert "{%tr for" in finding.reason


def test_row_loop_with_tr_tags_is_fine(tmp_path: Path) -> None:
    path = table_template(
        tmp_path,
        [
            ["{%tr for recipient in recipients %}", ""],
            ["{{ recipient }}", "{% if signer_name %}{{ signer_name }}{% endif %}"],
            ["{%tr endfor %}", ""],
        ],
    )
    assert check_template(path) == []


def test_unreadable_template(tmp_path: Path) -> None:
    text = tmp_path / "mau.docx"
    text.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(UserError, match="không phải tệp DOCX"):
        check_template(text)
    with pytest.raises(UserError, match="không có tệp mẫu"):
        check_template(tmp_path / "khong-co.docx")


def test_new_copies_a_builtin_template(tmp_path: Path) -> None:
    target = new_template(tmp_path / "mau-rieng", "nghi-quyet-hoi-nghi")
    assert target == tmp_path / "mau-rieng.docx"
    builtin = {path.stem: path for path in builtin_templates()}
    assert target.read_bytes() == builtin["nghi-quyet-hoi-nghi"].read_bytes()
    with pytest.raises(UserError):
        new_template(target, "nghi-quyet-hoi-nghi")
    with pytest.raises(UserError, match="không có mẫu có sẵn"):
        new_template(tmp_path / "khac.docx", "bien-ban")


def test_cli_templates(tmp_path: Path) -> None:
    listed = run_cli("templates", "list")
    assert listed.returncode == 0
    assert "nghi-quyet-hoi-nghi" in listed.stdout and "tin-bai" in listed.stdout

    made = run_cli("templates", "new", str(tmp_path / "mau"), "--from", "tin-bai")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "mau.docx").is_file()
    assert run_cli("templates", "check", str(tmp_path / "mau.docx")).returncode == 0

    bad = template(tmp_path, ["{{ headlin }}"], name="loi.docx")
    result = run_cli("templates", "check", str(bad))
    assert result.returncode == 1
    assert "jinja.variable" in result.stdout and "headline" in result.stdout
    as_json = json.loads(run_cli("templates", "check", str(bad), "--json").stdout)
    assert as_json["files"][0]["findings"][0]["rule"] == "jinja.variable"

    missing = run_cli("templates", "check", str(tmp_path / "khong-co.docx"))
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
