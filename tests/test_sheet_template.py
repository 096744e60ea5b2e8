"""The blank input table: a round trip through the reader, never overwriting."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from drafter.errors import UserError
from drafter.sheet import COLUMNS, read_rows, write_template
from tests.helpers import only, user_error, valid


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
