"""The sheet a clerk already has: title rows, her own headers mapped, helper columns, a footer,
the issuer following from the committee's name, photos by group, the short template."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from drafter.issuers import derived_issuer, place_name_problem
from drafter.sheet import Fit, read_rows, write_template
from drafter.sheet.footers import footer_text
from tests.helpers import (
    BASE,
    XA_BAC_SON,
    errors_of,
    image_bytes,
    make_xlsx,
    only,
    run_main,
    valid,
    write_csv,
)

HER_HEADER = [
    "STT",
    "Tên xã",
    "Cấp trên",
    "Hội nghị lần",
    "Khóa",
    "Ngày họp",
    "Kỳ",
    "Chủ trì",
    "Chỉ tiêu 1",
    "Chỉ tiêu 1 - giá trị",
    "Chỉ tiêu 1 - đơn vị tính",
    "Chỉ tiêu 1 - kế hoạch",
    "Hạn chế",
    "Nhiệm vụ",
    "Chức vụ người ký",
    "SĐT liên hệ",  # her helper column
    "Ghi chú",
]


def _commune(number: int, name: str) -> list[object]:
    return [
        number,
        f"Đảng ủy xã {name}",
        "Đảng bộ tỉnh Lạng Sơn",
        "3",
        "I",
        "27/3/2026",
        "quý I/2026",
        f"Hoàng Văn {name}, Bí thư Đảng ủy xã",
        "thu ngân sách nhà nước trên địa bàn",
        "35,8",  # a text cell with a decimal comma
        "tỷ đồng",
        "1.020,5",
        "- tiến độ giải phóng mặt bằng còn chậm",
        "- đẩy nhanh giải phóng mặt bằng\n- tập trung thu ngân sách",
        "Bí thư",
        "0912 345 678",
        "gửi trước 5/4",
    ]


def _her_workbook(path: Path) -> Path:
    """Write the sheet as a district clerk keeps it: titles, her headers, a signature block."""
    width = len(HER_HEADER)
    rows: list[list[object]] = [
        ["ĐẢNG BỘ TỈNH LẠNG SƠN"] + [None] * (width - 1),
        ["TỔNG HỢP HỘI NGHỊ BAN CHẤP HÀNH QUÝ I/2026 CỦA CÁC ĐẢNG BỘ XÃ"] + [None] * (width - 1),
        [None] * width,
        HER_HEADER,
        _commune(1, "Tân Tiến"),
        _commune(2, "Bắc Sơn"),
        _commune(3, "Vũ Lăng"),
        [None] * width,
        [None] * 10 + ["Lạng Sơn, ngày 30 tháng 3 năm 2026"],
        [None, "Người lập biểu"] + [None] * 8 + ["Thủ trưởng đơn vị"],
        [None, "(Ký, ghi rõ họ tên)"] + [None] * 8 + ["(Ký tên, đóng dấu)"],
        [None, "Nông Thị Hạnh"] + [None] * 8 + ["Hoàng Văn Tuấn"],
    ]
    make_xlsx(path, rows)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    book.save(path)
    return path


def test_her_own_sheet_drafts_every_commune_with_only_a_mapping(tmp_path: Path) -> None:
    _her_workbook(tmp_path / "tong-hop.xlsx")
    ran = run_main(
        [
            "batch",
            "tong-hop.xlsx",
            "--map",
            "Tên xã=Tên cấp ủy",
            "--map",
            "Hội nghị lần=Lần hội nghị",
            "--map",
            "Chủ trì=Người chủ trì",
            "--out-dir",
            "out",
            "--jobs",
            "1",
        ],
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 6
    stderr = " ".join(ran.stderr.split())
    assert "bỏ qua 1 cột drafter không biết" in stderr and "'SĐT liên hệ'" in stderr
    assert "dòng chân bảng" in stderr and "dòng 9, 10, 11, 12" in stderr
    assert "Traceback" not in ran.stderr


def test_strict_columns_refuses_her_helper_column(tmp_path: Path) -> None:
    _her_workbook(tmp_path / "tong-hop.xlsx")
    argv = ["batch", "tong-hop.xlsx", "--map", "Tên xã=Tên cấp ủy", "--strict-columns"]
    ran = run_main([*argv, "--out-dir", "out"], cwd=tmp_path)
    assert ran.returncode == 2
    assert "'SĐT liên hệ'" in ran.stderr and "'Hội nghị lần'" in ran.stderr
    assert "→" in ran.stderr and not (tmp_path / "out").exists()


def test_an_unknown_mapping_target_is_refused(tmp_path: Path) -> None:
    _her_workbook(tmp_path / "tong-hop.xlsx")
    ran = run_main(["batch", "tong-hop.xlsx", "--map", "Tên xã=Ten cap uy"], cwd=tmp_path)
    assert ran.returncode == 2 and "--map" in ran.stderr and "'Tên cấp ủy'" in ran.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Người lập biểu",
        "NGƯỜI LẬP",
        "Thủ trưởng đơn vị",
        "(Ký, ghi rõ họ tên)",
        "Xác nhận của Đảng ủy",
        "Tân Tiến, ngày 30 tháng 3 năm 2026",
        "Bắc Sơn, ngày    tháng    năm 2026",
        "T/M BAN THƯỜNG VỤ",
    ],
)
def test_footer_texts(text: str) -> None:
    assert footer_text(text)


@pytest.mark.parametrize(
    "text", ["Đảng ủy xã Tân Tiến", "quý I/2026", "Hoàng Văn Tuấn", "Ngày họp", "năm 2026"]
)
def test_data_is_not_a_footer(text: str) -> None:
    assert not footer_text(text)


def test_a_full_row_after_the_footer_is_still_data(tmp_path: Path) -> None:
    second = dict(XA_BAC_SON, **{"Mã đơn vị": "xa-2"})
    path = write_csv(tmp_path / "u.csv", [XA_BAC_SON, {"Mã đơn vị": "Người lập biểu"}, second])
    rows = list(read_rows(path, base=BASE))
    assert [row.unit for row in rows] == ["xa-bac-son", "xa-2"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Đảng ủy xã Tân Tiến", ("Đảng bộ xã Tân Tiến", "Tân Tiến", "commune", "ĐU")),
        (
            "ĐẢNG UỶ PHƯỜNG Hoàng Văn Thụ",
            ("Đảng bộ phường Hoàng Văn Thụ", "Hoàng Văn Thụ", "ward", "ĐU"),
        ),
        ("Huyện ủy Bắc Sơn", ("Đảng bộ huyện Bắc Sơn", "Bắc Sơn", "district", "HU")),
        ("Tỉnh ủy Lạng Sơn", ("Đảng bộ tỉnh Lạng Sơn", "Lạng Sơn", "province", "TU")),
        ("Thành ủy Lạng Sơn", ("Đảng bộ thành phố Lạng Sơn", "Lạng Sơn", "city", "TU")),
    ],
)
def test_the_issuer_follows_from_the_committee_name(
    name: str, expected: tuple[str, str, str, str]
) -> None:
    derived = derived_issuer(name)
    assert (derived["organisation"], derived["place"], derived["level"], derived["code"]) == (
        expected
    )
    assert place_name_problem(name) is None


@pytest.mark.parametrize("name", ["Đảng ủy Khối cơ quan", "Chi bộ thôn Nà Hin", "Đảng ủy xã"])
def test_a_name_no_rule_knows_derives_nothing(name: str) -> None:
    assert derived_issuer(name) == {}


@pytest.mark.parametrize("name", ["Xã Tân Tiến", "xã Tân Tiến", "XÃ TÂN TIẾN"])
def test_a_place_name_is_refused_with_the_committee_to_write(name: str) -> None:
    problem = place_name_problem(name)
    assert problem is not None and "ghi tên cấp ủy, ví dụ Đảng ủy xã" in problem


def test_a_row_without_organisation_or_place(tmp_path: Path) -> None:
    row = {k: v for k, v in XA_BAC_SON.items() if k not in ("Đảng bộ", "Địa danh", "Cấp")}
    row["Mã cấp ủy"] = "ĐU"
    report = valid(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert report.issuer.organisation == "Đảng bộ xã Bắc Sơn"
    assert (report.issuer.place, report.issuer.level) == ("Bắc Sơn", "commune")
    own = dict(XA_BAC_SON, **{"Địa danh": "Bắc Sơn, Lạng Sơn"})  # her own value wins
    report = valid(only(list(read_rows(write_csv(tmp_path / "v.csv", [own]), base=BASE))))
    assert report.issuer.place == "Bắc Sơn, Lạng Sơn"


def test_a_place_name_row_has_one_error_on_its_cell(tmp_path: Path) -> None:
    row = {k: v for k, v in XA_BAC_SON.items() if k not in ("Đảng bộ", "Địa danh", "Cấp")}
    row["Tên cấp ủy"] = "Xã Tân Tiến"
    (error,) = errors_of(only(list(read_rows(write_csv(tmp_path / "u.csv", [row]), base=BASE))))
    assert error.where == "Tên cấp ủy" and "Đảng ủy xã Tân Tiến" in error.reason


def test_photo_columns_with_files_beside_the_sheet(tmp_path: Path) -> None:
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "hoi-nghi.jpg").write_bytes(image_bytes("JPEG"))
    row = dict(
        XA_BAC_SON,
        **{
            "Ảnh 1 - tệp": "anh/hoi-nghi.jpg",
            "Ảnh 1 - chú thích": "Quang cảnh hội nghị",
            "Tác giả": "Nông Thị Hạnh",
        },
    )
    write_csv(tmp_path / "u.csv", [row])
    (tmp_path / "base.yaml").write_text(
        "issuer:\n  superior: Đảng bộ tỉnh Lạng Sơn\nresolution:\n  signer: {title: Bí thư}\n",
        encoding="utf-8",
    )
    argv = ["batch", "u.csv", "--base", "base.yaml", "--out-dir", "out", "--jobs", "1"]
    ran = run_main(argv, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    press = next((tmp_path / "out").glob("*tin-bai*.docx"))
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(press).namelist())
    report = valid(only(list(read_rows(tmp_path / "u.csv", base=BASE))))
    assert [(p.file, p.caption) for p in report.photos] == [
        ("anh/hoi-nghi.jpg", "Quang cảnh hội nghị")
    ]


def test_photo_columns_and_a_caption_list_are_not_mixed(tmp_path: Path) -> None:
    row = dict(XA_BAC_SON, **{"Ảnh 1 - tệp": "a.jpg", "Chú thích ảnh": "Quang cảnh"})
    ran = run_main(["batch", str(write_csv(tmp_path / "u.csv", [row]))], cwd=tmp_path)
    assert ran.returncode == 2 and "Chú thích ảnh" in ran.stderr and "Ảnh 1 - tệp" in ran.stderr


@pytest.mark.parametrize("name", ["mau.csv", "mau.xlsx", "mau-ngan.csv", "mau-ngan.xlsx"])
def test_each_template_drafts_its_own_sample_row(tmp_path: Path, name: str) -> None:
    short = ["--short"] if "ngan" in name else []
    assert run_main(["batch", "--template-csv", name, *short], cwd=tmp_path).returncode == 0
    ran = run_main(["batch", name, "--out-dir", "out", "--jobs", "1"], cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    assert "Lưu ý" not in ran.stderr  # nothing ignored, nothing skipped


def test_the_short_template_is_short(tmp_path: Path) -> None:
    write_template(tmp_path / "full.csv")
    write_template(tmp_path / "short.csv", short=True)
    full = (tmp_path / "full.csv").read_bytes().decode("utf-8-sig").split("\r\n", 1)[0]
    short = (tmp_path / "short.csv").read_bytes().decode("utf-8-sig").split("\r\n", 1)[0]
    assert len(short.split(";")) <= 30 < len(full.split(";"))
    assert "Đảng bộ" not in short.split(";") and "Tên cấp ủy" in short.split(";")


def test_the_footer_of_the_indicator_sheet_is_skipped_too(tmp_path: Path) -> None:
    indicators = [
        ["Mã đơn vị", "Tên chỉ tiêu", "Giá trị", "Đơn vị tính"],
        ["xa-bac-son", "kết nạp đảng viên mới", "12", "đảng viên"],
        [None, "Người lập biểu", None, None],
        [None, "Nông Thị Hạnh", None, None],
    ]
    path = make_xlsx(
        tmp_path / "u.xlsx",
        [list(XA_BAC_SON), list(XA_BAC_SON.values())],
        chi_tieu=indicators,
    )
    warnings: list[str] = []
    rows = list(read_rows(path, base=BASE, fit=Fit(warn=warnings.append)))
    report = valid(only(rows))
    assert [i.name for i in report.indicators][-1] == "kết nạp đảng viên mới"
    (warning,) = warnings
    assert "chi-tieu" in warning and "dòng 3, 4" in warning
