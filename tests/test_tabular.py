"""Batch input: CSV and XLSX as clerks have them, read row by row into report data."""

from __future__ import annotations

import codecs
import csv
import io
import tracemalloc
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from drafter import tabular
from drafter.errors import UserError
from drafter.models import Report
from drafter.tabular import COLUMNS, Row, RowError, read_rows, validate_row, write_template

# Shared by every unit of the province: what a clerk puts in the --base file.
BASE: dict[str, Any] = {
    "issuer": {"superior": "Đảng bộ tỉnh Lạng Sơn", "superior_committee": "Tỉnh ủy Lạng Sơn"},
    "resolution": {"signer": {"title": "Bí thư"}},
}

# Huyện Bắc Sơn, 9 tháng đầu năm 2023 (examples/bac-son-9-thang-2023.yaml).
BAC_SON: dict[str, str] = {
    "Mã đơn vị": "bac-son",
    "Tên cấp ủy": "Huyện ủy Bắc Sơn",
    "Đảng bộ": "Đảng bộ huyện Bắc Sơn",
    "Cấp": "huyện",
    "Mã cấp ủy": "HU",
    "Địa danh": "Bắc Sơn",
    "Lần hội nghị": "17",
    "Khóa": "XXII",
    "Nhiệm kỳ": "2020-2025",
    "Mở rộng": "có",
    "Ngày họp": "15/9/2023",
    "Kỳ": "9 tháng đầu năm 2023",
    "Số chỉ tiêu đạt": "6",
    "Tổng số chỉ tiêu": "20",
    "Chỉ tiêu 1": "thu ngân sách",
    "Chỉ tiêu 1 - lĩnh vực": "kinh tế",
    "Chỉ tiêu 1 - động từ": "được",
    "Chỉ tiêu 1 - mức": "trên",
    "Chỉ tiêu 1 - giá trị": "35,8",
    "Chỉ tiêu 1 - đơn vị tính": "tỷ đồng",
    "Chỉ tiêu 1 - so với": "dự toán tỉnh giao",
    "Chỉ tiêu 1 - tỷ lệ %": "120,4",
    "Hạn chế": (
        "- tiến độ giải ngân vốn đầu tư công còn chậm\n"
        "- việc cấp giấy chứng nhận sử dụng đất cho nhà sinh hoạt cộng đồng còn chậm"
    ),
    "Tác giả": "Dương Lan - Hồng Thuyên",
}

# Thành phố Lạng Sơn, năm 2022 (examples/thanh-pho-lang-son-nam-2022.yaml).
THANH_PHO: dict[str, str] = {
    "Mã đơn vị": "tp-lang-son",
    "Tên cấp ủy": "Thành ủy Lạng Sơn",
    "Đảng bộ": "Đảng bộ thành phố Lạng Sơn",
    "Cấp": "thành phố",
    "Mã cấp ủy": "TU",
    "Địa danh": "Lạng Sơn",
    "Lần hội nghị": "15",
    "Khóa": "17",
    "Ngày họp": "30/11/2022",
    "Buổi": "chiều",
    "Kỳ": "năm 2022",
    "Chỉ tiêu 1": "tổng thu ngân sách trên địa bàn",
    "Chỉ tiêu 1 - giá trị": "452,6",
    "Chỉ tiêu 1 - đơn vị tính": "tỷ đồng",
    "Chỉ tiêu 1 - so với": "dự toán tỉnh giao",
    "Chỉ tiêu 1 - kế hoạch": "437,3",
    "Chỉ tiêu 2": "giá trị sản xuất công nghiệp",
    "Chỉ tiêu 2 - giá trị": "1.864,2",
    "Chỉ tiêu 2 - đơn vị tính": "tỷ đồng",
}

# Xã Bắc Sơn, quý I/2026 (examples/xa-bac-son-quy-i-2026.yaml).
XA_BAC_SON: dict[str, str] = {
    "Mã đơn vị": "xa-bac-son",
    "Tên cấp ủy": "Đảng ủy xã Bắc Sơn",
    "Đảng bộ": "Đảng bộ xã Bắc Sơn",
    "Cấp": "xã",
    "Mã cấp ủy": "ĐU",
    "Địa danh": "Bắc Sơn",
    "Lần hội nghị": "8",
    "Khóa": "I",
    "Ngày họp": "27/3/2026",
    "Kỳ": "quý I/2026",
    "Chỉ tiêu 1": "diện tích gieo trồng cây lúa vụ xuân",
    "Chỉ tiêu 1 - giá trị": "1.046,5",
    "Chỉ tiêu 1 - đơn vị tính": "ha",
    "Chỉ tiêu 1 - kế hoạch": "1.020",
}


def table_text(rows: Sequence[Mapping[str, str]], delimiter: str = ";") -> str:
    """Return rows as CSV text with the union of their headers, as Excel writes it."""
    headers: list[str] = []
    for row in rows:
        headers += [header for header in row if header not in headers]
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return stream.getvalue()


def write_csv(
    path: Path,
    rows: Sequence[Mapping[str, str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    """Write ``rows`` to ``path`` as a CSV file in ``encoding``."""
    text = table_text(rows, delimiter)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(data)
    return path


def cp1258(text: str) -> bytes:
    """Return ``text`` in Windows-1258: base letters precomposed, tone marks combining.

    Python's codec has ă, â, ê, ô, ơ, ư, đ and some toned letters (à, á, é…) precomposed, and
    the five tone marks as combining characters; "ệ" must go as "ê" + combining dot below.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def only(rows: list[Row]) -> Row:
    """Return the single row of ``rows``."""
    assert len(rows) == 1, rows
    return rows[0]


def valid(row: Row) -> Report:
    """Return the report of ``row``, failing with its errors when it is not valid."""
    report, errors = validate_row(row)
    assert report is not None, [error.describe() for error in errors]
    assert errors == []
    return report


def errors_of(row: Row) -> list[RowError]:
    """Return the errors of ``row`` (it must be invalid)."""
    report, errors = validate_row(row)
    assert report is None
    assert errors
    return errors


def user_error(excinfo: pytest.ExceptionInfo[UserError]) -> str:
    """Return the full message of a raised ``UserError`` (it must mean exit code 2)."""
    assert excinfo.value.exit_code == 2
    return excinfo.value.message


# ---------------------------------------------------------------------------
# CSV encodings and separators
# ---------------------------------------------------------------------------


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
    assert (error.row, error.column) == (3, "Chỉ tiêu 1 - giá trị")


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def make_xlsx(path: Path, rows: Sequence[Sequence[Any]], **sheets: Sequence[Sequence[Any]]) -> Path:
    """Write a workbook: the first sheet holds ``rows``, keyword sheets follow by name."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "don-vi"
    for values in rows:
        sheet.append(list(values))
    for title, content in sheets.items():
        extra = book.create_sheet(title.replace("_", "-"))
        for values in content:
            extra.append(list(values))
    book.save(path)
    return path


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
    assert [(e.row, e.column) for e in errors] == [(3, "Giá trị (trang chi-tieu)")]
    assert "35.8" in errors[0].reason
    assert orphan.data is None
    assert orphan.unit == "xa-bac-sun"
    (error,) = orphan.errors
    assert (error.row, error.column) == (4, "Mã đơn vị (trang chi-tieu)")
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


# ---------------------------------------------------------------------------
# Bad rows and bad headers
# ---------------------------------------------------------------------------


def test_bad_rows_are_reported_and_do_not_stop_the_others(tmp_path: Path) -> None:
    bad_number = dict(BAC_SON, **{"Chỉ tiêu 1 - giá trị": "35.8", "Mã đơn vị": "bac-son-2"})
    bad_date_and_level = dict(THANH_PHO, **{"Ngày họp": "31/2/2022", "Cấp": "quận"})
    path = write_csv(tmp_path / "u.csv", [BAC_SON, bad_number, bad_date_and_level, XA_BAC_SON])
    rows = list(read_rows(path, base=BASE))
    assert [row.number for row in rows] == [2, 3, 4, 5]
    valid(rows[0])
    valid(rows[3])

    (number_error,) = errors_of(rows[1])
    assert (number_error.row, number_error.column) == (3, "Chỉ tiêu 1 - giá trị")
    assert "35.8" in number_error.reason and "35,8" in number_error.reason

    errors = errors_of(rows[2])
    by_column = {error.column: error for error in errors}
    assert set(by_column) == {"Ngày họp", "Cấp"}
    assert all(error.row == 4 for error in errors)
    assert "31/2/2022" in by_column["Ngày họp"].reason
    assert "quận" in by_column["Cấp"].reason and "thành phố" in by_column["Cấp"].reason


def test_missing_required_value_names_the_column_to_fill(tmp_path: Path) -> None:
    row = {key: value for key, value in XA_BAC_SON.items() if key != "Địa danh"}
    errors = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (2, "Địa danh", "thiếu mục bắt buộc này")
    ]


def test_errors_in_list_items_name_the_item(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **{"Nhiệm vụ": "- việc một\n- việc \u202ehai"})
    (error,) = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert error.column == "Nhiệm vụ"
    assert error.reason.startswith("mục thứ 2:")


def test_error_from_the_base_file_says_so(tmp_path: Path) -> None:
    base = {**BASE, "conference": {"venue": ""}}
    row = only(list(read_rows(write_csv(tmp_path / "u.csv", [XA_BAC_SON]), base=base)))
    (error,) = errors_of(row)
    assert error.column == "conference.venue"
    assert "--base" in error.reason


def test_comparison_problem_names_a_column_of_its_group(tmp_path: Path) -> None:
    row = dict(BAC_SON, **{"Chỉ tiêu 1 - kế hoạch": "20"})  # 35,8 of 20 is not 120,4%
    (error,) = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert error.column.startswith("Chỉ tiêu 1")
    assert "không khớp" in error.reason


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
    assert error.column == "" and "không có tiêu đề" in error.reason
    assert validate_row(row)[0] is None


def test_duplicate_unit_ids(tmp_path: Path) -> None:
    twin = dict(XA_BAC_SON, **{"Mã đơn vị": "Xa-Bac-Son "})
    rows = list(read_rows(write_csv(tmp_path / "u.csv", [XA_BAC_SON, twin]), base=BASE))
    valid(rows[0])
    (error,) = errors_of(rows[1])
    assert (error.row, error.column) == (3, "Mã đơn vị") and "dòng 2" in error.reason


def test_blank_rows_and_ignored_columns_are_skipped(tmp_path: Path) -> None:
    rows = [dict(XA_BAC_SON, STT="1", **{"Ghi chú": "đã gửi"}), {"STT": "2"}, {}, THANH_PHO]
    read = list(read_rows(write_csv(tmp_path / "u.csv", rows), base=BASE))
    assert [row.number for row in read] == [2, 5]


def test_unit_falls_back_to_the_committee_name(tmp_path: Path) -> None:
    row = {key: value for key, value in XA_BAC_SON.items() if key != "Mã đơn vị"}
    assert only(list(read_rows(write_csv(tmp_path / "u.csv", [row])))).unit == "Đảng ủy xã Bắc Sơn"


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


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
    assert error.column == "Chỉ tiêu 1 - giá trị" and "=1+2" in error.reason


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


def test_base_merge_row_overrides_and_lists_replace(tmp_path: Path) -> None:
    base = {
        **BASE,
        "conference": {"venue": "Hội trường Tỉnh ủy", "tenure": "2020-2025", "ordinal": 3},
        "period": {"kind": "quarter", "quarter": 3, "year": 2026},
        "limitations": ["hạn chế chung một", "hạn chế chung hai"],
        "tasks": ["nhiệm vụ chung"],
    }
    row = dict(XA_BAC_SON, **{"Hạn chế": "hạn chế riêng của xã", "Kỳ": "năm 2026"})
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=base)))
    report = valid(read)
    assert report.limitations == ["hạn chế riêng của xã"]
    assert report.tasks == ["nhiệm vụ chung"]
    assert report.conference.venue == "Hội trường Tỉnh ủy"  # kept from the base
    assert report.conference.ordinal == 8  # the row wins
    assert report.conference.tenure == "2020-2025"
    assert (report.period.kind, report.period.quarter) == ("year", None)  # replaced whole
    assert base["limitations"] == ["hạn chế chung một", "hạn chế chung hai"]  # untouched


def test_empty_cells_leave_base_values(tmp_path: Path) -> None:
    base = {**BASE, "conference": {"term": 22, "date": "2023-09-15"}}
    row = dict(BAC_SON, **{"Khóa": "", "Ngày họp": "  "})
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=base)))
    assert read.data is not None
    assert "term" not in read.data["conference"] or read.data["conference"]["term"] == 22
    report = valid(read)
    assert (report.conference.term, report.conference.date) == (22, date(2023, 9, 15))


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
    assert error.column == "Kỳ" and text in error.reason and "quý I/2026" in error.reason


@pytest.mark.parametrize(
    ("text", "term"), [("XXII", 22), ("khóa XXII", 22), ("Khoá xvii", 17), ("22", 22), ("I", 1)]
)
def test_term_roman_or_number(tmp_path: Path, text: str, term: int) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Khóa": text})])
    assert valid(only(list(read_rows(path, base=BASE)))).conference.term == term


def test_bad_term(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [dict(XA_BAC_SON, **{"Khóa": "IIII"})])
    (error,) = errors_of(only(list(read_rows(path, base=BASE))))
    assert error.column == "Khóa" and "La Mã" in error.reason


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("tỉnh", "province"),
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
    assert error.column == "Mở rộng" and "có, không" in error.reason


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


def test_gaps_in_indicator_groups_close_up(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row.update({"Chỉ tiêu 3": "trồng rừng", "Chỉ tiêu 3 - giá trị": "35.8"})
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE)))
    assert read.data is not None and len(read.data["indicators"]) == 2
    (error,) = errors_of(read)
    assert error.column == "Chỉ tiêu 3 - giá trị"


def test_excel_float_artefacts() -> None:
    assert tabular._excel_number(0.1 + 0.2) == Decimal("0.3")
    assert tabular._excel_number(35.8) == Decimal("35.8")
    assert tabular._excel_number(2865.0) == 2865
    assert tabular._excel_number(41818.8) == Decimal("41818.8")
    assert tabular._excel_number(1 / 3) == Decimal("0.3333333333")


# ---------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"mau{suffix}"
    write_template(path)
    minimal_base = {"issuer": {"superior": "Đảng bộ tỉnh Lạng Sơn"}}
    row = only(list(read_rows(path, base=minimal_base)))
    report = valid(row)
    assert row.unit == "xa-bac-son"
    assert report.issuer.level == "commune"
    assert report.indicators[0].value == Decimal("35.8")
    assert report.indicators[1].value == Decimal(2865)
    if suffix == ".xlsx":
        assert [i.unit for i in report.indicators[2:]] == ["ha", "đảng viên"]
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["don-vi", "chi-tieu"]
    else:
        raw = path.read_bytes()
        assert raw.startswith(codecs.BOM_UTF8)
        header = raw.decode("utf-8-sig").split("\r\n", 1)[0]
        assert header.split(";")[:3] == ["Mã đơn vị", "Tên cấp ủy", "Đảng bộ"]
        assert '"35,8"' not in raw.decode("utf-8-sig") and ";35,8;" in raw.decode("utf-8-sig")
        assert ";2.865;" in raw.decode("utf-8-sig")
    headers = {column.header for column in COLUMNS}
    assert {"Người chủ trì", "Kỳ", "Nơi nhận", "Khóa"} <= headers


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "mau.csv"
    path.write_text("của văn phòng", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        write_template(path)
    assert "tên tệp khác" in user_error(excinfo)
    assert path.read_text(encoding="utf-8") == "của văn phòng"
    with pytest.raises(UserError):
        write_template(tmp_path / "mau.ods")


def test_every_scheme_column_fills_a_model_field() -> None:
    for column in COLUMNS:
        assert column.kind, column
        parts = tabular._parse_path(column.path)
        assert tabular._annotation_at(parts) is not None, column.path
    for item in tabular.INDICATOR_FIELDS:
        assert tabular._annotation_at(("indicators", 0, *tabular._parse_path(item.path)))


# ---------------------------------------------------------------------------
# Streaming
# ---------------------------------------------------------------------------


def _peak_memory(path: Path) -> int:
    tracemalloc.start()
    try:
        for _row in read_rows(path, base=BASE):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat(tmp_path: Path) -> None:
    def rows(count: int) -> list[dict[str, str]]:
        return [dict(XA_BAC_SON, **{"Mã đơn vị": f"xa-{n}"}) for n in range(count)]

    small = write_csv(tmp_path / "small.csv", rows(1000))
    large = write_csv(tmp_path / "large.csv", rows(10000))
    _peak_memory(small)  # warm caches (pydantic, regexes) before measuring
    small_peak, large_peak = _peak_memory(small), _peak_memory(large)
    # Only the unit ids kept to catch duplicates grow with the file (about 150 bytes a row);
    # holding the rows themselves would take tens of megabytes.
    assert large_peak - small_peak < 5_000_000, (small_peak, large_peak)
