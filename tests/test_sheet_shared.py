"""Values shared by every row, written once: a workbook's "chung" sheet, or a --base table."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import UserError
from drafter.sheet import Fit, read_rows
from tests.helpers import (
    XA_BAC_SON,
    errors_of,
    make_xlsx,
    run_main,
    user_error,
    valid,
    write_csv,
)

SHARED = [
    ["Tiêu đề", "Giá trị"],
    ["Cấp trên", "Đảng bộ tỉnh Lạng Sơn"],
    ["Cấp ủy cấp trên", "Tỉnh ủy Lạng Sơn"],
    ["Chức vụ người ký", "Bí thư"],
    ["Nơi nhận", "- Ban Thường vụ Tỉnh ủy (b/c),\n- Các chi bộ trực thuộc,\n- Lưu Văn phòng."],
    [None, None],
    ["Ghi chú", "điền một lần cho cả huyện"],
]


def _units(*changes: dict[str, str]) -> list[list[str]]:
    rows = [{**XA_BAC_SON, **change} for change in changes]
    header = list(dict.fromkeys(name for row in rows for name in row))
    return [header, *[[row.get(name, "") for name in header] for row in rows]]


def _workbook(tmp_path: Path, shared: list[list[str | None]], *units: dict[str, str]) -> Path:
    return make_xlsx(tmp_path / "cac-xa.xlsx", _units(*(units or ({},))), chung=shared)


def test_the_shared_sheet_lies_under_every_row(tmp_path: Path) -> None:
    second = {"Mã đơn vị": "xa-vu-lang", "Tên cấp ủy": "Đảng ủy xã Vũ Lăng"}
    second |= {"Đảng bộ": "Đảng bộ xã Vũ Lăng", "Địa danh": "Vũ Lăng"}
    rows = list(read_rows(_workbook(tmp_path, SHARED, {}, second)))
    reports = [valid(row) for row in rows]
    assert [report.issuer.superior for report in reports] == ["Đảng bộ tỉnh Lạng Sơn"] * 2
    assert [report.resolution.signer.title for report in reports] == ["Bí thư"] * 2
    assert reports[1].resolution.recipients == [  # as her cell: tidied when drafted
        "Ban Thường vụ Tỉnh ủy (b/c),",
        "Các chi bộ trực thuộc,",
        "Lưu Văn phòng.",
    ]


def test_her_title_line_and_stt_column_are_skipped(tmp_path: Path) -> None:
    shared = [
        ["GIÁ TRỊ DÙNG CHUNG CHO CÁC XÃ", None, None],
        ["STT", "Tiêu đề", "Giá trị"],
        *[[number, *line] for number, line in enumerate(SHARED[1:5], start=1)],
    ]
    [row] = read_rows(_workbook(tmp_path, shared))
    assert valid(row).resolution.signer.title == "Bí thư"


def test_a_rows_own_cell_wins_over_the_shared_value(tmp_path: Path) -> None:
    own = {"Chức vụ người ký": "Phó Bí thư"}
    [row] = read_rows(_workbook(tmp_path, SHARED, own))
    assert valid(row).resolution.signer.title == "Phó Bí thư"


def test_her_own_header_is_mapped_in_the_shared_sheet_too(tmp_path: Path) -> None:
    shared = [["Đảng bộ tỉnh", "Đảng bộ tỉnh Lạng Sơn"], *SHARED[2:4]]
    fit = Fit(mapping={"Đảng bộ tỉnh": "Cấp trên"})
    [row] = read_rows(_workbook(tmp_path, shared), fit=fit)
    assert valid(row).issuer.superior == "Đảng bộ tỉnh Lạng Sơn"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (["Chuc vu nguoi ky", "Bí thư"], "dòng 2: drafter không có cột 'Chuc vu nguoi ky' "
         "(có phải là 'Chức vụ người ký'?)"),
        (["Cấp", "thôn"], "dòng 2, Cấp: 'thôn' không phải giá trị hợp lệ"),
        (["Mã đơn vị", "xa-bac-son"], "dòng 2: 'Mã đơn vị' khác nhau ở mỗi đơn vị"),
        (["Cấp trên", "Đảng bộ tỉnh Lạng Sơn", "thừa"], "dòng 2 có 3 ô"),
        (["Cấp trên", "Đảng bộ tỉnh Cao Bằng"], "dòng 2: 'Cấp trên' đã ghi ở dòng 1"),
    ],
)  # fmt: skip
def test_a_bad_shared_line_stops_the_run_naming_the_sheet_and_line(
    tmp_path: Path, line: list[str], said: str
) -> None:
    shared: list[list[str | None]] = [["Cấp trên", "Đảng bộ tỉnh Lạng Sơn"], list(line)]
    with pytest.raises(UserError) as caught:
        read_rows(_workbook(tmp_path, shared))
    text = user_error(caught)
    assert said in text
    assert "trang chung" in text


def test_a_shared_value_the_model_refuses_is_named_by_its_line_on_every_row(
    tmp_path: Path,
) -> None:
    second = {"Mã đơn vị": "xa-vu-lang", "Tên cấp ủy": "Đảng ủy xã Vũ Lăng"}
    second |= {"Đảng bộ": "Đảng bộ xã Vũ Lăng", "Địa danh": "Vũ Lăng"}
    shared = [*SHARED[:4], ["Ngày họp", "31/2/2026"]]
    units = [{"Ngày họp": ""}, {**second, "Ngày họp": ""}]
    rows = list(read_rows(make_xlsx(tmp_path / "cac-xa.xlsx", _bare(*units), chung=shared)))
    for row in rows:
        [error] = errors_of(row)
        assert (error.row, error.where) == (row.number, "Ngày họp (trang chung, dòng 5)")


def _bare(*changes: dict[str, str]) -> list[list[str]]:
    """Return the units table without the columns whose every cell is empty."""
    header, *lines = _units(*changes)
    keep = [index for index in range(len(header)) if any(line[index] for line in lines)]
    return [[row[index] for index in keep] for row in (header, *lines)]


def test_a_csv_of_pairs_is_a_base_a_clerk_can_write(tmp_path: Path) -> None:
    write_csv(tmp_path / "cac-xa.csv", [XA_BAC_SON])
    (tmp_path / "chung.csv").write_text(
        "Cấp trên;Đảng bộ tỉnh Lạng Sơn\r\nCấp ủy cấp trên;Tỉnh ủy Lạng Sơn\r\n"
        "Chức vụ người ký;Bí thư\r\n",
        encoding="utf-8-sig",
    )
    ran = run_main(
        ["batch", "cac-xa.csv", "--base", "chung.csv", "--out-dir", "out", "--jobs", "1"],
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    bad = tmp_path / "chung-sai.csv"
    bad.write_text("Cap tren;Đảng bộ tỉnh Lạng Sơn\r\n", encoding="utf-8-sig")
    refused = run_main(["batch", "cac-xa.csv", "--base", bad.name], cwd=tmp_path)
    assert refused.returncode == 2
    assert "chung-sai.csv" in refused.stderr and "dòng 1" in refused.stderr
    assert "(có phải là 'Cấp trên'?)" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_excel_97_base_is_refused_with_the_way_to_resave_it(tmp_path: Path) -> None:
    write_csv(tmp_path / "cac-xa.csv", [XA_BAC_SON])
    (tmp_path / "chung.xls").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    refused = run_main(["batch", "cac-xa.csv", "--base", "chung.xls"], cwd=tmp_path)
    assert refused.returncode == 2
    assert "chung.xls" in refused.stderr and ".xlsx" in refused.stderr
    assert "Traceback" not in refused.stderr
