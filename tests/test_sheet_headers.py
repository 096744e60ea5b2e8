"""Sheet headers: spelling variants, model paths, unknown, misspelt and duplicate headers."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from drafter.errors import UserError
from drafter.sheet import Fit, column_mapping, read_rows, validate_row
from drafter.sheet.headers import suggest_header
from tests.helpers import (
    BASE,
    XA_BAC_SON,
    errors_of,
    only,
    table_text,
    user_error,
    valid,
    write_csv,
)


def test_unknown_header_suggests_the_nearest_when_strict(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["Ten cap uy"] = row.pop("Tên cấp ủy")
    row["Chỉ tiêu 1 - gia tri"] = row.pop("Chỉ tiêu 1 - giá trị")
    with pytest.raises(UserError) as excinfo:
        read_rows(write_csv(tmp_path / "u.csv", [row]), fit=Fit(strict_columns=True))
    message = user_error(excinfo)
    assert "'Ten cap uy' (có phải là 'Tên cấp ủy'?)" in message
    assert "(có phải là 'Chỉ tiêu 1 - giá trị'?)" in message
    assert "--strict-columns" in message


def test_unknown_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **{"Bí thư": "Hoàng Văn Tuấn", "SĐT": "0912 345 678"})
    warnings: list[str] = []
    path = write_csv(tmp_path / "u.csv", [row, dict(row, **{"Mã đơn vị": "xa-2"})])
    rows = list(read_rows(path, base=BASE, fit=Fit(warn=warnings.append)))
    assert len(rows) == 2
    for read in rows:
        valid(read)
    (warning,) = warnings
    assert "u.csv" in warning and "2 cột" in warning
    assert "'Bí thư'" in warning and "'SĐT'" in warning and "có phải là" not in warning
    assert "--map" in warning and "--strict-columns" in warning


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bí thư", None),
        ("Số điện thoại", None),
        ("Ghi chu noi bo", None),
        ("Ten cap uy", "Tên cấp ủy"),
        ("Ngay hop", "Ngày họp"),
        ("Ngày hợp", "Ngày họp"),
        ("Nguoi chu tri", "Người chủ trì"),
        ("Chỉ tiêu 2 - gia tri", "Chỉ tiêu 2 - giá trị"),
        ("Tong chi tieu", "Tổng số chỉ tiêu"),
        ("Anh 1 - tep", "Ảnh 1 - tệp"),
    ],
)
def test_suggestions_only_when_close(header: str, expected: str | None) -> None:
    assert suggest_header(header, long=False) == expected


def test_her_own_headers_through_a_mapping(tmp_path: Path) -> None:
    row = {("Tên xã" if key == "Tên cấp ủy" else key): value for key, value in XA_BAC_SON.items()}
    row["Tên xã"] = "Đảng ủy xã Tân Tiến"
    path = write_csv(tmp_path / "u.csv", [row])
    fit = Fit(mapping=column_mapping(["Tên xã=Tên cấp ủy"]))
    read = only(list(read_rows(path, base=BASE, fit=fit)))
    assert valid(read).issuer.name == "Đảng ủy xã Tân Tiến"
    warnings: list[str] = []
    unused = Fit(mapping=column_mapping(["TÊN XÃ=Tên cấp ủy", "Tên thôn=Địa danh"]))
    only(list(read_rows(path, fit=dataclasses.replace(unused, warn=warnings.append))))
    (warning,) = warnings
    assert "'Tên thôn'" in warning and "XÃ" not in warning
    place = dict(row, **{"Tên xã": "Xã Tân Tiến"})  # a place, not a committee
    bad = only(list(read_rows(write_csv(tmp_path / "b.csv", [place]), base=BASE, fit=fit)))
    (error,) = [error for error in errors_of(bad) if error.where == "Tên xã"]  # her header
    assert "ghi tên cấp ủy, ví dụ Đảng ủy xã Tân Tiến" in error.reason


def test_a_mapping_to_an_unknown_header_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(UserError) as excinfo:
        column_mapping(["Tên xã=Ten cap uy"])
    assert "(có phải là 'Tên cấp ủy'?)" in user_error(excinfo)
    with pytest.raises(UserError) as excinfo:
        column_mapping(["Tên xã"])
    assert "=" in user_error(excinfo)
    mapping = tmp_path / "ghep.yaml"
    mapping.write_text("Tên xã: Tên cấp ủy\nNgày: Ngay hop\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        column_mapping([], mapping)
    assert "ghep.yaml" in user_error(excinfo) and "'Ngày họp'" in user_error(excinfo)


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_a_map_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ghep{suffix}"
    if suffix == ".yaml":
        path.write_text("Tên xã: Tên cấp ủy\nNgày: Ngày họp\n", encoding="utf-8")
    else:
        path.write_text("Tên xã;Tên cấp ủy\r\nNgày;Ngày họp\r\n", encoding="utf-8-sig")
    mapping = column_mapping(["Ngày=Ngày nghị quyết"], path)
    assert mapping == {"Tên xã": "Tên cấp ủy", "Ngày": "Ngày nghị quyết"}


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
    assert read.data["issuer"] == {
        "name": "Đảng ủy xã Bắc Sơn",
        "level": "commune",
        "organisation": "Đảng bộ xã Bắc Sơn",  # the rest follows from the committee's name
        "place": "Bắc Sơn",
        "code": "ĐU",
        "office": "Văn phòng Đảng ủy",
    }
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
