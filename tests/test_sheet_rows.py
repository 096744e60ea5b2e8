"""Sheet rows: per-row errors on their cells, the --base merge, list gaps, streaming."""

from __future__ import annotations

import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from drafter.sheet import read_rows
from tests.helpers import BAC_SON, BASE, THANH_PHO, XA_BAC_SON, errors_of, only, valid, write_csv


def test_bad_rows_are_reported_and_do_not_stop_the_others(tmp_path: Path) -> None:
    bad_number = dict(BAC_SON, **{"Chỉ tiêu 1 - giá trị": "35.8", "Mã đơn vị": "bac-son-2"})
    bad_date_and_level = dict(THANH_PHO, **{"Ngày họp": "31/2/2022", "Cấp": "quận"})
    path = write_csv(tmp_path / "u.csv", [BAC_SON, bad_number, bad_date_and_level, XA_BAC_SON])
    rows = list(read_rows(path, base=BASE))
    assert [row.number for row in rows] == [2, 3, 4, 5]
    valid(rows[0])
    valid(rows[3])

    (number_error,) = errors_of(rows[1])
    assert (number_error.row, number_error.where) == (3, "Chỉ tiêu 1 - giá trị")
    assert "35.8" in number_error.reason and "35,8" in number_error.reason

    errors = errors_of(rows[2])
    by_column = {error.where: error for error in errors}
    assert set(by_column) == {"Ngày họp", "Cấp"}
    assert all(error.row == 4 for error in errors)
    assert "31/2/2022" in by_column["Ngày họp"].reason
    assert "quận" in by_column["Cấp"].reason and "thành phố" in by_column["Cấp"].reason


def test_missing_required_value_names_the_column_to_fill(tmp_path: Path) -> None:
    row = {key: value for key, value in XA_BAC_SON.items() if key != "Địa danh"}
    row["Tên cấp ủy"] = "Đảng ủy Khối cơ quan"  # no place follows from this name
    errors = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert [(e.row, e.where, e.reason) for e in errors] == [
        (2, "Địa danh", "thiếu mục bắt buộc này")
    ]


def test_errors_in_list_items_name_the_item(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **{"Nhiệm vụ": "- việc một\n- việc \u202ehai"})
    (error,) = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert error.where == "Nhiệm vụ"
    assert error.reason.startswith("mục thứ 2:")


def test_error_from_the_base_file_says_so(tmp_path: Path) -> None:
    base = {**BASE, "conference": {"venue": ""}}
    row = only(list(read_rows(write_csv(tmp_path / "u.csv", [XA_BAC_SON]), base=base)))
    (error,) = errors_of(row)
    assert error.where == "conference.venue"
    assert "--base" in error.reason


def test_comparison_problem_names_a_column_of_its_group(tmp_path: Path) -> None:
    row = dict(BAC_SON, **{"Chỉ tiêu 1 - kế hoạch": "20"})  # 35,8 of 20 is not 120,4%
    (error,) = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert error.where.startswith("Chỉ tiêu 1")
    assert "không khớp" in error.reason


def test_duplicate_unit_ids(tmp_path: Path) -> None:
    twin = dict(XA_BAC_SON, **{"Mã đơn vị": "Xa-Bac-Son "})
    rows = list(read_rows(write_csv(tmp_path / "u.csv", [XA_BAC_SON, twin]), base=BASE))
    valid(rows[0])
    (error,) = errors_of(rows[1])
    assert (error.row, error.where) == (3, "Mã đơn vị") and "dòng 2" in error.reason


def test_blank_rows_and_ignored_columns_are_skipped(tmp_path: Path) -> None:
    rows = [dict(XA_BAC_SON, STT="1", **{"Ghi chú": "đã gửi"}), {"STT": "2"}, {}, THANH_PHO]
    read = list(read_rows(write_csv(tmp_path / "u.csv", rows), base=BASE))
    assert [row.number for row in read] == [2, 5]


def test_unit_falls_back_to_the_committee_name(tmp_path: Path) -> None:
    row = {key: value for key, value in XA_BAC_SON.items() if key != "Mã đơn vị"}
    assert only(list(read_rows(write_csv(tmp_path / "u.csv", [row])))).unit == "Đảng ủy xã Bắc Sơn"


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


def test_gaps_in_indicator_groups_close_up(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON)
    row.update({"Chỉ tiêu 3": "trồng rừng", "Chỉ tiêu 3 - giá trị": "35.8"})
    read = only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE)))
    assert read.data is not None and len(read.data["indicators"]) == 2
    (error,) = errors_of(read)
    assert error.where == "Chỉ tiêu 3 - giá trị"


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

    small = write_csv(tmp_path / "small.csv", rows(500))
    large = write_csv(tmp_path / "large.csv", rows(5000))
    _peak_memory(small)  # warm caches (pydantic, regexes) before measuring
    small_peak, large_peak = _peak_memory(small), _peak_memory(large)
    # Only the unit ids kept to catch duplicates grow with the file (about 150 bytes a row);
    # holding the 4 500 extra rows themselves would take tens of megabytes.
    assert large_peak - small_peak < 5_000_000, (small_peak, large_peak)


def test_an_empty_same_period_base_is_the_one_the_wizard_writes() -> None:
    from drafter.phrasebank import same_period_base
    from drafter.sheet.trees import apply_defaults

    assert same_period_base(2023) == "cùng kỳ năm 2022"
    assert same_period_base(2023, whole_year=True) == "năm 2022"
    assert same_period_base(None) == same_period_base(None, whole_year=True) == "cùng kỳ năm trước"
    for year in (2023, None):
        tree: dict[str, Any] = {"indicators": {0: {"comparisons": {0: {}, 1: {}}}}}
        apply_defaults(tree, year)
        comparisons = tree["indicators"][0]["comparisons"]
        assert comparisons[0]["base"] == "kế hoạch"
        assert comparisons[1]["base"] == same_period_base(year)


def test_a_year_end_row_compares_with_last_year_as_the_wizard_words_it(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **{"Kỳ": "năm 2026", "Ngày họp": "20/12/2026"})
    row["Chỉ tiêu 1 - cùng kỳ"] = "1.000"
    path = write_csv(tmp_path / "nam.csv", [row])
    report = valid(only(list(read_rows(path, base=BASE))))
    bases = [comparison.base for comparison in report.indicators[0].comparisons]
    assert "năm 2025" in bases
    assert "cùng kỳ năm 2025" not in bases


def test_a_missing_group_is_named_by_its_columns_not_by_the_model_path(tmp_path: Path) -> None:
    row = {
        key: value
        for key, value in XA_BAC_SON.items()
        if key not in ("Ngày họp", "Lần hội nghị", "Khóa")
    }
    errors = errors_of(only(list(read_rows(write_csv(tmp_path / "x.csv", [row]), base=BASE))))
    places = [error.where for error in errors]
    assert "conference" not in places
    assert any(place.startswith("Ngày họp") for place in places), places


POVERTY_CELLS = {
    "Chỉ tiêu 2": "tỷ lệ hộ nghèo",
    "Chỉ tiêu 2 - giá trị": "2,15",
    "Chỉ tiêu 2 - đơn vị tính": "%",
}


def test_a_row_holds_unit_counts_rates_in_points_and_a_period_plan(tmp_path: Path) -> None:
    row = dict(
        XA_BAC_SON,
        **POVERTY_CELLS,
        **{
            "Đơn vị được đếm": "thôn",
            "Số đơn vị đạt": "6",
            "Tổng số đơn vị": "16",
            "Đơn vị đạt gì": "đạt chuẩn khu dân cư kiểu mẫu",
            "Chỉ tiêu 2 - so với": "kế hoạch",
            "Chỉ tiêu 2 - kế hoạch": "3",
            "Chỉ tiêu 2 - cùng kỳ": "3,02",
            "Chỉ tiêu 2 - kế hoạch cho": "kỳ này",
        },
    )
    report = valid(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    (units,) = [count for count in report.counts if count.kind == "units"]
    assert (units.kind, units.met, units.total, units.noun) == ("units", 6, 16, "thôn")
    poverty = report.indicators[1]
    assert poverty.direction_inferred()  # the "Càng thấp càng tốt" cell was left empty
    assert poverty.comparisons[0].span == "period"
    assert poverty.status_in(report.period) == "vượt"  # 2,15% under a plan of 3% for the quarter
    change = poverty.comparisons[1]
    assert change.shown_change(poverty.value, rate=True) == Decimal("-0.87")


def test_a_relative_change_typed_for_a_rate_names_its_indicator(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **POVERTY_CELLS, **{"Chỉ tiêu 2 - tăng giảm %": "-28,8"})
    errors = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert [error.where for error in errors if "điểm phần trăm" in error.reason] == [
        "Chỉ tiêu 2"  # the indicator's column group
    ], errors
