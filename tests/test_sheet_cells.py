"""Sheet cells: formulas as text, periods, terms, choices and Excel numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from drafter.sheet import read_rows
from drafter.sheet.cells import excel_number
from tests.helpers import BASE, XA_BAC_SON, errors_of, make_xlsx, only, valid, write_csv


def test_formula_like_text_is_kept_as_text(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["Địa điểm"] = '=HYPERLINK("http://x")'
    row["Nhiệm vụ"] = "@chỉ đạo gieo cấy\n+ đẩy nhanh giải phóng mặt bằng"
    row["Chỉ tiêu 1 - giá trị"] = "=1+2"
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE)))
    assert read.data is not None
    assert read.data["conference"]["venue"] == '=HYPERLINK("http://x")'
    assert read.data["tasks"] == ["@chỉ đạo gieo cấy", "đẩy nhanh giải phóng mặt bằng"]
    (error,) = errors_of(read)
    assert error.where == "Chỉ tiêu 1 - giá trị" and "=1+2" in error.reason


def test_xlsx_text_starting_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "u.xlsx", [[*XA_BAC_SON, "Địa điểm"], list(XA_BAC_SON.values())])
    book = openpyxl.load_workbook(path)
    cell = book.active["O2"] if book.active is not None else None
    assert cell is not None
    cell.value = "=1+2"
    cell.data_type = "s"
    book.save(path)
    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.conference.venue == "=1+2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quý I/2026", {"kind": "quarter", "quarter": 1, "year": 2026}),
        ("Quý 2 năm 2024", {"kind": "quarter", "quarter": 2, "year": 2024}),
        ("quý IV - 2025", {"kind": "quarter", "quarter": 4, "year": 2025}),
        ("9 tháng đầu năm 2023", {"kind": "first_9_months", "year": 2023}),
        ("6 tháng đầu năm 2024", {"kind": "first_6_months", "year": 2024}),
        ("3 tháng cuối năm 2023", {"kind": "last_3_months", "year": 2023}),
        ("6 tháng cuối năm 2023", {"kind": "last_6_months", "year": 2023}),
        ("Năm 2022", {"kind": "year", "year": 2022}),
    ],
)
def test_period_words(tmp_path: Path, text: str, expected: dict[str, Any]) -> None:
    path = write_csv(tmp_path / "u.csv", [{"Tên cấp ủy": "x", "Kỳ": text}])
    read = only(list(read_rows(path)))
    assert read.data is not None and read.data["period"] == expected


@pytest.mark.parametrize("text", ["quý V/2026", "tháng 5/2026", "2026"])
def test_bad_period(tmp_path: Path, text: str) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Kỳ": text})])
    (error,) = errors_of(only(list(read_rows(path, base=BASE))))
    assert error.where == "Kỳ" and text in error.reason and "quý I/2026" in error.reason


@pytest.mark.parametrize(
    ("text", "term"), [("XXII", 22), ("khóa XXII", 22), ("Khoá xvii", 17), ("22", 22), ("I", 1)]
)
def test_term_roman_or_number(tmp_path: Path, text: str, term: int) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Khóa": text})])
    assert valid(only(list(read_rows(path, base=BASE)))).conference.term == term


def test_bad_term(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Khóa": "IIII"})])
    (error,) = errors_of(only(list(read_rows(path, base=BASE))))
    assert error.where == "Khóa" and "La Mã" in error.reason


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("tỉnh", "province"),
        ("Thành phố trực thuộc Trung ương", "central_city"),
        ("Thành phố", "city"),
        ("huyện", "district"),
        ("thị xã", "town"),
        ("Xã", "commune"),
        ("phường", "ward"),
        ("commune", "commune"),
        ("district", "district"),
    ],
)
def test_level_words(tmp_path: Path, word: str, level: str) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Cấp": word})])
    read = only(list(read_rows(path)))
    assert read.errors == [] and read.data is not None
    assert read.data["issuer"]["level"] == level


def test_yes_no_words(tmp_path: Path) -> None:
    rows = [dict(XA_BAC_SON, **{"Mở rộng": word, "Mã đơn vị": word}) for word in ("x", "Không")]
    rows.append(dict(XA_BAC_SON, **{"Mở rộng": "hình như", "Mã đơn vị": "z"}))
    first, second, third = list(read_rows(write_csv(tmp_path / "u.csv", rows), base=BASE))
    assert valid(first).conference.extended is True
    assert valid(second).conference.extended is False
    (error,) = errors_of(third)
    assert error.where == "Mở rộng" and "có, không" in error.reason


def test_excel_float_artefacts() -> None:
    assert excel_number(0.1 + 0.2) == Decimal("0.3")
    assert excel_number(35.8) == Decimal("35.8")
    assert excel_number(2865.0) == 2865
    assert excel_number(41818.8) == Decimal("41818.8")
    assert excel_number(1 / 3) == Decimal("0.3333333333")
