"""One YAML reader for every file drafter reads: bounded, NFC, errors with file and line."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from drafter import yamlio
from drafter.cli import main
from drafter.errors import UserError
from tests.conftest import BAC_SON

LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
)
"""A few hundred bytes that expand to 10^9 strings when walked."""


def test_nested_aliases_stop_at_the_node_bound_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    assert path.stat().st_size < 600
    start = time.monotonic()
    with pytest.raises(UserError, match="bí danh") as caught:
        yamlio.load(path)
    assert time.monotonic() - start < 10
    assert caught.value.where == str(path)


@pytest.mark.parametrize(
    "command",
    [
        ["phrases", "list", "--phrasebank", "{folder}"],
        ["render", "{example}", "--doc", "press", "--profile", "{bomb}", "--out", "{out}"],
        ["validate", "{bomb}"],
    ],
    ids=["phrasebank", "profile", "data-file"],
)
def test_every_yaml_the_tool_reads_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "bomb.yaml").write_text(LAUGHS, encoding="utf-8")
    places = {
        "folder": str(folder),
        "bomb": str(folder / "bomb.yaml"),
        "example": str(BAC_SON),
        "out": str(tmp_path / "out"),
    }
    assert main([part.format(**places) for part in command]) == 2
    err = capsys.readouterr().err
    assert "bí danh" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_text_is_read_as_nfc_and_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "nfd.yaml"
    path.write_text(unicodedata.normalize("NFD", "tên: Bắc Sơn\n"), encoding="utf-8")
    assert yamlio.load(path) == {"tên": "Bắc Sơn"}
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\nb: [1, 2\n", encoding="utf-8")
    with pytest.raises(UserError, match="dòng"):
        yamlio.load(broken)


def test_dump_then_parse_round_trips() -> None:
    data = {"issuer": {"name": "Huyện ủy Bắc Sơn"}, "tasks": ["một", "hai"]}
    assert yamlio.plain(yamlio.parse(yamlio.dump(data), "x")) == data


@pytest.mark.parametrize("typed", ["0x10", "0o17", "1:30"])
def test_numbers_in_other_bases_are_not_read_as_numbers(typed: str) -> None:
    assert yamlio.parse(f"a: {typed}\n", "x", data_file=True)["a"] == typed


def test_a_yaml_1_1_directive_is_refused() -> None:
    with pytest.raises(UserError, match=r"1\.1"):
        yamlio.parse("%YAML 1.1\n---\na: 010\n", "x", data_file=True)


def test_a_file_is_parsed_once_per_version_and_each_caller_gets_its_own_copy(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("words: [một, hai]\n", encoding="utf-8")
    first = yamlio.load(path)
    first["words"].append("ba")
    assert yamlio.load(path) == {"words": ["một", "hai"]}
    path.write_text("words: [bốn]\n", encoding="utf-8")
    assert yamlio.load(path) == {"words": ["bốn"]}


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_thousands_of_nested_brackets_are_refused_before_parsing(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = "a: " + opening * 3000 + "1" + closing * 3000 + "\n"
    started = time.monotonic()
    with pytest.raises(UserError, match="lồng nhau quá sâu"):
        yamlio.parse(text, "x.yaml", data_file=True)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("flow", "key", "number"),
    [
        ("{kind: change, base: năm 2021, percent: 6,47}", "percent", "6,47"),
        ("{percent: 6,47, kind: change}", "percent", "6,47"),
        ("{value: 1.864,2, unit: tỷ đồng}", "value", "1.864,2"),
    ],
)
def test_a_decimal_comma_in_a_flow_mapping_is_said_with_its_line_and_remedy(
    flow: str, key: str, number: str
) -> None:
    text = f"issuer: Huyện ủy\nindicators:\n  - comparisons:\n      - {flow}\n"
    with pytest.raises(UserError) as caught:
        yamlio.parse(text, "du-lieu.yaml", data_file=True)
    error = caught.value
    assert f"ở dòng 4, «{key}: {number}»" in error.fact
    assert "YAML tách số ở dấu phẩy" in error.fact
    assert f'"{number}"' in error.remedy and "mỗi mục một dòng" in error.remedy


def test_a_quoted_decimal_or_a_block_mapping_is_read_as_typed() -> None:
    text = 'a: {percent: "6,47", base: năm 2021}\nb:\n  percent: 6,47\nc: {x: 1, y: 2}\n'
    assert yamlio.plain(yamlio.parse(text, "du-lieu.yaml", data_file=True)) == {
        "a": {"percent": "6,47", "base": "năm 2021"},
        "b": {"percent": "6,47"},
        "c": {"x": 1, "y": 2},
    }
