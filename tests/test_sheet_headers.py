"""Sheet headers: spelling variants, model paths, unknown, misspelt and duplicate headers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from drafter.errors import UserError
from drafter.sheet import read_rows, validate_row
from tests.helpers import BASE, XA_BAC_SON, only, table_text, user_error, valid, write_csv


def test_unknown_header_suggests_the_nearest(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["Ten cap uy"] = row.pop("Tên cấp ủy")
    row["Chỉ tiêu 1 - gia tri"] = row.pop("Chỉ tiêu 1 - giá trị")
    with pytest.raises(UserError) as excinfo:
        read_rows(write_csv(tmp_path / "u.csv", [row]))
    message = user_error(excinfo)
    assert "'Ten cap uy' (có phải là 'Tên cấp ủy'?)" in message
    assert "(có phải là 'Chỉ tiêu 1 - giá trị'?)" in message


def test_header_row_with_every_title_misspelt(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("Ma don vi;Ten cap uy\nxa-bac-son;Đảng ủy xã Bắc Sơn\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    message = user_error(excinfo)
    assert "(có phải là 'Mã đơn vị'?)" in message and "(có phải là 'Tên cấp ủy'?)" in message


def test_no_header_row(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("bac-son;Huyện ủy Bắc Sơn;HU\nxa;Đảng ủy xã;ĐU\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    assert "dòng tiêu đề" in user_error(excinfo)


def test_duplicate_headers(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("Mã đơn vị;Cấp;Tên cấp ủy;cấp\nx;xã;Đảng ủy xã;xã\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    message = user_error(excinfo)
    assert "hai lần" in message and "cột B" in message and "cột D" in message


def test_two_headers_filling_the_same_field(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("Tên cấp ủy;issuer.name\nx;y\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    assert "cùng ghi vào một mục" in user_error(excinfo)


@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", "Mã đơn vị;Cấp\r\n".encode()]
)
def test_empty_inputs(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(content)
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    message = user_error(excinfo)
    assert "trống" in message or "chưa có dòng dữ liệu" in message


def test_data_under_a_blank_header(tmp_path: Path) -> None:
    text = table_text([XA_BAC_SON]).replace("\r\n", ";\r\n").replace(";\r\n", ";ghi thêm\r\n", 2)
    path = tmp_path / "u.csv"
    path.write_text(text.replace(";ghi thêm\r\n", ";\r\n", 1), encoding="utf-8")
    row = only(list(read_rows(path, base=BASE)))
    (error,) = row.errors
    assert error.where == "" and "không có tiêu đề" in error.reason
    assert validate_row(row)[0] is None


def test_header_spelling_variants(tmp_path: Path) -> None:
    row = {
        "Mã ĐV": "xa-bac-son",
        "TÊN CẤP UỶ": "Đảng ủy xã Bắc Sơn",  # old tone style, capitals
        "Chỉ tiêu 1 – Giá trị": "35,8",  # en dash
        "Chỉ tiêu 1": "thu ngân sách",
        "Chỉ tiêu 1 - Tỷ lệ (%)": "120,4%",
        "Chỉ tiêu 1 - so với": "dự toán tỉnh giao",
        "Cấp:": "xã",
    }
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]))))
    assert read.errors == [] and read.data is not None
    assert read.unit == "xa-bac-son"
    assert read.data["issuer"] == {"name": "Đảng ủy xã Bắc Sơn", "level": "commune"}
    indicator = read.data["indicators"][0]
    assert indicator["value"] == "35,8"
    assert indicator["comparisons"] == [
        {"kind": "share", "percent": "120,4", "base": "dự toán tỉnh giao"}
    ]


def test_model_paths_as_headers(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["conference.venue"] = "Hội trường xã"
    row["indicators[1].name"] = "kết nạp đảng viên mới"
    row["indicators[1].value"] = "12"
    row["indicators[1].comparisons[0].kind"] = "share"
    row["indicators[1].comparisons[0].base"] = "chỉ tiêu cả năm"
    row["indicators[1].comparisons[0].base_value"] = "40"
    row["targets[0].name"] = "thu ngân sách"
    row["targets[0].value"] = "15"
    row["conference.agenda"] = "việc một\nviệc hai"
    row["issuer.level"] = "xã"
    del row["Cấp"]
    report = valid(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert report.conference.venue == "Hội trường xã"
    assert report.indicators[1].comparisons[0].shown_percent(Decimal(12)) == Decimal("30.0")
    assert report.targets[0].value == Decimal(15)
    assert report.conference.agenda == ["việc một", "việc hai"]
