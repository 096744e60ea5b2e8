"""Sheet sources: CSV encodings and separators, XLSX workbooks and their sheets, bad files."""

from __future__ import annotations

import codecs
import re
import time
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from drafter.errors import UserError
from drafter.sheet import read_rows
from tests.helpers import (
    BAC_SON,
    BASE,
    THANH_PHO,
    XA_BAC_SON,
    errors_of,
    make_xlsx,
    only,
    table_text,
    user_error,
    valid,
    write_csv,
)


def test_excel_csv_utf8_bom_semicolon_decimal_commas(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "don-vi.csv", [BAC_SON, THANH_PHO])
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    rows = list(read_rows(path, base=BASE))
    assert [(row.number, row.unit) for row in rows] == [(2, "bac-son"), (3, "tp-lang-son")]
    bac_son, thanh_pho = (valid(row) for row in rows)
    indicator = bac_son.indicators[0]
    assert indicator.value == Decimal("35.8")
    assert indicator.comparisons[0].percent == Decimal("120.4")
    assert indicator.qualifier == "trên" and indicator.verb == "được"
    assert bac_son.conference.term == 22 and bac_son.conference.extended is True
    assert bac_son.conference.date == date(2023, 9, 15)
    assert (bac_son.period.kind, bac_son.period.year) == ("first_9_months", 2023)
    assert bac_son.issuer.level == "district"
    assert bac_son.issuer.superior == "Đảng bộ tỉnh Lạng Sơn"  # from the base
    assert bac_son.byline is not None and bac_son.byline.authors == ["Dương Lan", "Hồng Thuyên"]
    assert len(bac_son.limitations) == 2
    assert thanh_pho.indicators[1].value == Decimal("1864.2")
    assert thanh_pho.issuer.level == "city"
    assert thanh_pho.period.kind == "year"
    assert thanh_pho.conference.part_of_day == "chiều"


def test_csv_comma_separated_utf8_without_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [THANH_PHO], delimiter=",", encoding="utf-8")
    assert not path.read_bytes().startswith(codecs.BOM_UTF8)
    assert '"452,6"' in path.read_text(encoding="utf-8")  # quoted because of the comma
    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.indicators[0].value == Decimal("452.6")
    share = report.indicators[0].comparisons[0]
    assert share.base_value == Decimal("437.3")
    assert share.shown_percent(report.indicators[0].value) == Decimal("103.5")


def test_csv_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode Text": UTF-16 with BOM, Tab between cells."""
    path = write_csv(tmp_path / "u.txt", [XA_BAC_SON], delimiter="\t", encoding="utf-16")
    assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.issuer.name == "Đảng ủy xã Bắc Sơn"
    assert report.issuer.code == "ĐU"
    assert report.indicators[0].value == Decimal("1046.5")


def test_csv_utf32_with_bom_is_not_read_as_utf16(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [XA_BAC_SON], encoding="utf-32")
    assert path.read_bytes()[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.issuer.name == "Đảng ủy xã Bắc Sơn"


def test_a_sheet_that_claims_the_whole_grid_is_read_as_it_is(tmp_path: Path) -> None:
    """A dimension of A1:XFD1048576 and a last row far below once took over an hour."""
    path = make_xlsx(tmp_path / "far.xlsx", [list(XA_BAC_SON), list(XA_BAC_SON.values())])
    forged = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
                far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", far + b"</sheetData>")
                assert b"XFD1048576" in data
            target.writestr(name, data)
    start = time.monotonic()
    rows = list(read_rows(forged, base=BASE))
    assert time.monotonic() - start < 10
    assert valid(rows[0]).issuer.name == "Đảng ủy xã Bắc Sơn"
    assert [row.number for row in rows] == [2, 1048576]


def test_a_row_reaching_the_last_column_is_refused(tmp_path: Path) -> None:
    wide = [*XA_BAC_SON.values(), *([""] * 1_200), "x"]
    path = make_xlsx(tmp_path / "wide.xlsx", [list(XA_BAC_SON), wide])
    with pytest.raises(UserError, match="cột") as caught:
        list(read_rows(path, base=BASE))
    assert "wide.xlsx" in user_error(caught)


def test_csv_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(table_text([XA_BAC_SON]).encode("utf-16-le"))
    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.period.quarter == 1


def test_csv_windows_1258_is_decoded_and_normalised(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [BAC_SON], encoding="cp1258")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "\u0323" in raw.decode("cp1258")  # tone marks really are combining in the file
    row = only(list(read_rows(path, base=BASE)))
    report = valid(row)
    assert report.issuer.name == "Huyện ủy Bắc Sơn"
    assert unicodedata.is_normalized("NFC", report.limitations[0])
    assert report.limitations[0] == "tiến độ giải ngân vốn đầu tư công còn chậm"


def test_legacy_tcvn3_text_is_refused(tmp_path: Path) -> None:
    # "Đảng bộ huyện Bắc Sơn" typed with a .VnTime font (TCVN3) and saved as a code page.
    legacy = "§¶ng bé huyÖn B¾c S¬n"
    path = tmp_path / "u.csv"
    path.write_bytes(
        ("Mã đơn vị;Đảng bộ\r\nbac-son;" + legacy + "\r\n").encode("cp1258", "replace")
    )
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    message = user_error(excinfo)
    assert "TCVN3" in message and "Unicode" in message


def test_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(b"M\x81 \x8a\x8d\x8e\x8f;x\r\n1;2\r\n")  # undefined even in Windows-1258
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    assert "bảng mã" in user_error(excinfo)


def test_excel_sep_line_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("sep=,\r\n" + table_text([XA_BAC_SON], ","), encoding="utf-8")
    row = only(list(read_rows(path, base=BASE)))
    assert row.number == 2  # Excel hides the sep= line: the header is row 1
    valid(row)


def test_multiline_cells(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["Hạn chế"] = (
        "- tiến độ giải phóng mặt bằng một số công trình còn chậm\n"
        "• việc chuyển đổi số chưa đồng đều giữa các thôn\n\n"
        "3. hạ tầng mạng ở các thôn vùng cao còn hạn chế"
    )
    row["Người chủ trì"] = "Hoàng Văn Tuấn, Bí thư Đảng ủy xã"
    row["Người báo cáo"] = "Lý Thị Mai, Phó Bí thư Thường trực Đảng ủy xã"
    row["Người kết luận"] = "Hoàng Văn Tuấn"
    row["Kết quả kinh tế"] = "- sản xuất vụ xuân bảo đảm khung thời vụ\n- tiêm phòng đạt kế hoạch"
    row["Kết quả quốc phòng - an ninh"] = "hoàn thành 100% chỉ tiêu giao quân năm 2026"
    row["Tác giả"] = "Nông Thị Hạnh\nHoàng Văn Nam"
    row["Nơi nhận"] = "- Ban Thường vụ Tỉnh ủy (b/c)\r\n- Các chi bộ trực thuộc"
    path = write_csv(tmp_path / "u.csv", [row])
    assert path.read_bytes().count(b"\n") >= 6  # newlines inside quoted cells
    read = only(list(read_rows(path, base=BASE)))
    assert read.number == 2
    report = valid(read)
    assert report.limitations == [
        "tiến độ giải phóng mặt bằng một số công trình còn chậm",
        "việc chuyển đổi số chưa đồng đều giữa các thôn",
        "hạ tầng mạng ở các thôn vùng cao còn hạn chế",
    ]
    chair, reporter = report.people
    assert (chair.name, chair.titles, chair.roles) == (
        "Hoàng Văn Tuấn",
        ["Bí thư Đảng ủy xã"],
        ["chair", "conclusion"],
    )
    assert reporter.roles == ["report"]
    assert [(result.field, len(result.items)) for result in report.results] == [
        ("economy", 2),
        ("defence_security", 1),
    ]
    assert report.byline is not None
    assert report.byline.authors == ["Nông Thị Hạnh", "Hoàng Văn Nam"]
    assert report.resolution.recipients == ["Ban Thường vụ Tỉnh ủy (b/c)", "Các chi bộ trực thuộc"]


def test_row_numbers_count_multiline_records_once(tmp_path: Path) -> None:
    first = dict(XA_BAC_SON, **{"Hạn chế": "một\nhai\nba"})
    second = dict(THANH_PHO, **{"Chỉ tiêu 1 - giá trị": "452.6"})
    rows = list(read_rows(write_csv(tmp_path / "u.csv", [first, second]), base=BASE))
    assert [row.number for row in rows] == [2, 3]
    (error,) = errors_of(rows[1])
    assert (error.row, error.where) == (3, "Chỉ tiêu 1 - giá trị")


def test_xlsx_numbers_dates_percent_cells_and_indicator_sheet(tmp_path: Path) -> None:
    headers = [
        "STT",
        "Mã đơn vị",
        "Tên cấp ủy",
        "Đảng bộ",
        "Cấp",
        "Mã cấp ủy",
        "Địa danh",
        "Lần hội nghị",
        "Khóa",
        "Ngày họp",
        "Kỳ",
        "Chỉ tiêu 1",
        "Chỉ tiêu 1 - giá trị",
        "Chỉ tiêu 1 - đơn vị tính",
        "Chỉ tiêu 1 - so với",
        "Chỉ tiêu 1 - tỷ lệ %",
        "Chỉ tiêu 1 - cùng kỳ",
    ]
    values = [
        1,
        "bac-son",
        "Huyện ủy Bắc Sơn",
        "Đảng bộ huyện Bắc Sơn",
        "huyện",
        "HU",
        "Bắc Sơn",
        17,
        22,
        datetime(2023, 9, 15),
        "9 tháng đầu năm 2023",
        "thu ngân sách",
        35.8,
        "tỷ đồng",
        "dự toán tỉnh giao",
        1.204,  # typed 120,4% in a cell formatted as a percentage
        0.1 + 0.2 + 32,  # a float artefact from a formula: 32.300000000000004
    ]
    indicator_sheet: list[list[Any]] = [
        ["Mã đơn vị", "Tên chỉ tiêu", "Giá trị", "ĐVT", "Kế hoạch"],
        ["bac-son", "diện tích rừng trồng mới", 2865, "ha", 2500],
        ["bac-son", "kết nạp đảng viên mới", 41818.8, "đảng viên", None],
    ]
    path = make_xlsx(tmp_path / "u.xlsx", [headers, values], chi_tieu=indicator_sheet)
    book = openpyxl.load_workbook(path)
    book["don-vi"]["P2"].number_format = "0.0%"
    book.save(path)

    report = valid(only(list(read_rows(path, base=BASE))))
    assert report.conference.date == date(2023, 9, 15)
    assert report.conference.term == 22
    first, *from_sheet = report.indicators
    assert first.value == Decimal("35.8")
    assert first.comparisons[0].percent == Decimal("120.4")
    change = first.comparisons[1]
    assert (change.kind, change.base_value) == ("change", Decimal("32.3"))
    assert change.base == "cùng kỳ năm 2022"
    assert [(i.name, i.value) for i in from_sheet] == [
        ("diện tích rừng trồng mới", Decimal(2865)),
        ("kết nạp đảng viên mới", Decimal("41818.8")),
    ]
    assert from_sheet[0].comparisons[0].base == "kế hoạch"


def test_xlsx_title_rows_and_trailing_empty_columns(tmp_path: Path) -> None:
    headers = [*XA_BAC_SON, None, None]
    path = make_xlsx(
        tmp_path / "u.xlsx",
        [["DANH SÁCH ĐƠN VỊ"], [], headers, [*XA_BAC_SON.values(), None, None]],
    )
    row = only(list(read_rows(path, base=BASE)))
    assert row.number == 4
    valid(row)


def test_xlsx_error_in_indicator_sheet_names_its_row_and_column(tmp_path: Path) -> None:
    sheet = [
        ["Mã đơn vị", "Tên chỉ tiêu", "Giá trị"],
        ["xa-bac-son", "kết nạp đảng viên mới", "12"],
        ["xa-bac-son", "trồng rừng", "35.8"],
        ["xa-bac-sun", "thu ngân sách", "3,15"],
    ]
    path = make_xlsx(
        tmp_path / "u.xlsx", [list(XA_BAC_SON), list(XA_BAC_SON.values())], chi_tieu=sheet
    )
    unit, orphan = list(read_rows(path, base=BASE))
    errors = errors_of(unit)
    assert [(e.row, e.where) for e in errors] == [(3, "Giá trị (trang chi-tieu)")]
    assert "35.8" in errors[0].reason
    assert orphan.data is None
    assert orphan.unit == "xa-bac-sun"
    (error,) = orphan.errors
    assert (error.row, error.where) == (4, "Mã đơn vị (trang chi-tieu)")
    assert "xa-bac-sun" in error.reason


def test_separate_long_format_indicator_file(tmp_path: Path) -> None:
    units = write_csv(tmp_path / "u.csv", [XA_BAC_SON, THANH_PHO])
    indicators = tmp_path / "chi-tieu.csv"
    indicators.write_text(
        "Mã đơn vị;Tên chỉ tiêu;Giá trị;Đơn vị;Động từ;Kế hoạch\n"
        "tp-lang-son;thu ngân sách;452,6;tỷ đồng;Ước đạt;437,3\n"
        "xa-bac-son;kết nạp đảng viên mới;12;đảng viên;được;40\n",
        encoding="utf-8",
    )
    xa, tp = (valid(row) for row in read_rows(units, base=BASE, indicators=indicators))
    assert [i.name for i in xa.indicators] == [
        "diện tích gieo trồng cây lúa vụ xuân",
        "kết nạp đảng viên mới",
    ]
    assert xa.indicators[1].verb == "được"
    assert tp.indicators[-1].verb == "ước đạt"


def test_long_indicators_need_a_unit_column(tmp_path: Path) -> None:
    row = {key: value for key, value in XA_BAC_SON.items() if key != "Mã đơn vị"}
    units = write_csv(tmp_path / "u.csv", [row])
    indicators = tmp_path / "c.csv"
    indicators.write_text("Mã đơn vị;Tên chỉ tiêu;Giá trị\nx;y;1\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(units, indicators=indicators)
    assert "Mã đơn vị" in user_error(excinfo)


def test_not_a_real_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "u.xlsx"
    path.write_text(table_text([XA_BAC_SON]), encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    assert ".xlsx" in user_error(excinfo)


def test_xlsx_renamed_to_csv(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "u.xlsx", [list(XA_BAC_SON)])
    renamed = path.rename(tmp_path / "u.csv")
    with pytest.raises(UserError) as excinfo:
        read_rows(renamed)
    assert "đổi đuôi" in user_error(excinfo).lower()


@pytest.mark.parametrize(
    ("name", "fact"),
    [("u.xls", "97-2003"), ("u.ods", "đuôi"), ("missing.csv", "không có tệp")],
)
def test_unusable_paths(tmp_path: Path, name: str, fact: str) -> None:
    path = tmp_path / name
    if name != "missing.csv":
        path.write_bytes(b"x")
    with pytest.raises(UserError) as excinfo:
        read_rows(path)
    assert fact in user_error(excinfo)


def test_every_xlsx_passes_the_zip_bomb_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter import console
    from drafter.sheet import sources

    checked: list[Path] = []
    monkeypatch.setattr(sources, "check_package", lambda path, remedy: checked.append(path))
    path = make_xlsx(tmp_path / "u.xlsx", [list(XA_BAC_SON), list(XA_BAC_SON.values())])
    assert console.estimate_rows(path) == 1
    list(read_rows(path, base=BASE))
    assert checked == [path, path]


def test_direction_and_attendance_columns_and_a_commune_with_no_number(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row["Lần hội nghị"] = ""
    row["Khóa"] = ""
    row["Nhiệm kỳ"] = "2025 – 2030"
    row["Người chỉ đạo"] = (
        "Lương Văn Quyết, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy"
    )
    row["Người dự"] = "Đinh Thị Mận, Phó Trưởng Ban Tổ chức Tỉnh ủy"
    report = valid(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert (report.conference.ordinal, report.conference.term) == (None, None)
    assert report.conference.tenure == "2025-2030"
    roles = {person.name: person.roles for person in report.people}
    assert roles["Lương Văn Quyết"] == ["direction"]
    assert roles["Đinh Thị Mận"] == ["attend"]
