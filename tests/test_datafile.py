"""Data files: YAML and JSON load, validate and save without loss; all problems at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.datafile import check_file, dump_report, load_report, save_report
from drafter.errors import DataFileError, UserError
from tests.conftest import BAC_SON
from tests.helpers import PLANTED_DATA

EXPECTED_PATHS = [
    ("issuer.organisation", 4),
    ("issuer.level", 6),
    ("issuer.code", 7),
    ("issuer.offce", 9),
    ("conference.ordinal", 11),
    ("conference.tenure", 13),
    ("conference.date", 14),
    ("period", 15),
    ("counts[0]", 19),
    ("indicators[0].value", 23),
    ("indicators[1].comparisons[0]", 28),
    ("photos[0].file", 32),
]


def test_every_example_round_trips_through_yaml_and_json(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    for suffix in (".yaml", ".json"):
        copy = tmp_path / f"copy{suffix}"
        save_report(report, copy)
        again = load_report(copy)
        assert again == report
        save_report(again, tmp_path / f"again{suffix}")
        assert (tmp_path / f"again{suffix}").read_text() == copy.read_text()


def test_a_file_with_planted_mistakes_reports_all_of_them_with_path_and_line(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLANTED_DATA, encoding="utf-8")
    problems = check_file(bad)
    assert [(problem.where, problem.line) for problem in problems] == EXPECTED_PATHS
    reasons = {problem.where: problem.reason for problem in problems}
    assert "office" in reasons["issuer.offce"]
    assert "35,8" in reasons["indicators[0].value"]
    assert "31/2/2023" in reasons["conference.date"]
    with pytest.raises(DataFileError) as raised:
        load_report(bad)
    assert len(raised.value.problems) == len(EXPECTED_PATHS)


def test_yaml_numbers_are_read_the_vietnamese_way(tmp_path: Path) -> None:
    text = BAC_SON.read_text(encoding="utf-8").replace("value: 35,8", "value: 2.865")
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    assert str(load_report(path).indicators[0].value) == "2865"


def test_json_numbers_are_machine_numbers(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    data = json.loads(dump_report(report, ".json"))
    data["indicators"][0]["value"] = 35.8
    data["indicators"][0]["comparisons"][0]["percent"] = 120.4
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert str(load_report(path).indicators[0].value) == "35.8"


def test_saved_yaml_writes_decimals_with_a_comma() -> None:
    text = dump_report(load_report(BAC_SON))
    assert "value: 35,8" in text
    assert "percent: 120,4" in text


@pytest.mark.parametrize(
    ("name", "content", "fact"),
    [
        ("broken.yaml", "issuer: [\n", "YAML sai cú pháp"),
        ("broken.json", '{"issuer": ', "JSON sai cú pháp"),
        ("data.txt", "x", "đuôi"),
        ("latin.yaml", b"name: \xe0\xe1\n", "UTF-8"),
    ],
)
def test_unreadable_files_say_what_is_wrong(
    tmp_path: Path, name: str, content: str | bytes, fact: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=fact):
        load_report(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="không có tệp"):
        load_report(tmp_path / "none.yaml")


def test_a_top_level_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert "cấp ngoài cùng" in check_file(path)[0].reason


def test_saving_never_overwrites_unasked(tmp_path: Path) -> None:
    report = load_report(BAC_SON)
    target = tmp_path / "data.yaml"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(UserError, match="--overwrite"):
        save_report(report, target)
    assert target.read_text(encoding="utf-8") == "cũ"
    save_report(report, target, overwrite=True)
    assert load_report(target) == report
    assert [p.name for p in tmp_path.iterdir()] == ["data.yaml"]
