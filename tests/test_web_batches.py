"""The batch page of drafter serve: a sheet uploaded, its errors listed, its documents zipped."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import needs_libreoffice
from tests.helpers import hidden, make_input, page_text, unit, web_client, web_workspace


def wait_for(client: object, address: str) -> str:
    """Return the run's page once it says the run is over."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        html = str(client.get(address).text)  # type: ignore[attr-defined]
        if 'http-equiv="refresh"' not in html:
            return html
        time.sleep(0.2)
    raise AssertionError("the batch did not end")


def test_a_sheet_with_two_bad_rows_lists_both_and_zips_the_others(tmp_path: Path) -> None:
    units = [unit(number) for number in range(1, 31)]
    units[4]["Ngày họp"] = "31/2/2024"
    units[20]["Chỉ tiêu 1 - giá trị"] = "35.8"
    sheet = make_input(tmp_path, units)
    client = web_client(web_workspace(tmp_path / "ws"))
    page = client.get("/lo").text
    answer = client.post(
        "/lo",
        data={"token": hidden(page, "token"), "documents": "press"},
        files={"file": ("cac-xa.csv", sheet.read_bytes())},
    )
    assert answer.url.path.startswith("/lo/")
    html = wait_for(client, answer.url.path)
    text = page_text(html)
    assert "Xong 30 dòng: 28 văn bản; 2 dòng có lỗi." in text
    rows = {line.split("</td>")[0] for line in html.split("<tr><td>")[1:]}
    assert rows == {"6", "22"}  # the sheet's lines: the header is line 1
    archive = zipfile.ZipFile(io.BytesIO(client.get(answer.url.path + "/zip").content))
    names = archive.namelist()
    assert len([name for name in names if name.endswith(".docx")]) == 28
    errors = list(
        csv.reader(io.StringIO(archive.read("loi-can-sua.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert {row[0] for row in errors[1:]} == {"6", "22"}


def test_a_sheet_drafter_cannot_read_is_said_on_the_page(tmp_path: Path) -> None:
    client = web_client(web_workspace(tmp_path / "ws"))
    token = hidden(client.get("/lo").text, "token")
    answer = client.post("/lo", data={"token": token}, files={"file": ("x.xlsx", b"not a zip")})
    text = page_text(wait_for(client, answer.url.path))
    assert "✗" in text
    assert "xlsx" in text.lower()
    assert "bang.xlsx" not in text and "batches" not in text  # not the server's copy
    refused = client.post("/lo", data={"token": token}, files={"file": ("x.txt", b"a;b")})
    assert refused.status_code == 400
    assert "chỉ soạn được từ bảng .csv hoặc .xlsx" in page_text(refused.text)


def test_the_blank_sheet_is_the_one_drafter_batch_writes(tmp_path: Path) -> None:
    from drafter.sheet import write_template

    client = web_client(web_workspace(tmp_path / "ws"))
    write_template(tmp_path / "mau.csv")
    answer = client.get("/lo/mau/mau.csv")
    assert answer.content == (tmp_path / "mau.csv").read_bytes()
    assert client.get("/lo/mau/..%2Fx.csv").status_code in (400, 404)


def _her_sheet(tmp_path: Path, rows: int) -> bytes:
    """Return a sheet with two of her own headers and a helper column of hers."""
    sheet = make_input(tmp_path, [unit(number) for number in range(1, rows + 1)])
    with sheet.open(encoding="utf-8-sig", newline="") as stream:
        header, *lines = list(csv.reader(stream, delimiter=";"))
    ours = {"Tên cấp ủy": "Tên xã", "Mã đơn vị": "Mã xã"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([ours.get(name, name) for name in header] + ["SĐT liên hệ"])
    writer.writerows([*line, "0912 345 678"] for line in lines)
    return ("\ufeff" + buffer.getvalue()).encode()


def test_her_own_headers_are_paired_in_the_box_and_her_helper_column_is_warned_of(
    tmp_path: Path,
) -> None:
    client = web_client(web_workspace(tmp_path / "ws"))
    token = hidden(client.get("/lo").text, "token")
    answer = client.post(
        "/lo",
        data={
            "token": token,
            "documents": "press",
            "mapping": "Tên xã=Tên cấp ủy\nMã xã = Mã đơn vị\n",
        },
        files={"file": ("cac-xa.csv", _her_sheet(tmp_path, 3))},
    )
    text = page_text(wait_for(client, answer.url.path))
    assert "Xong 3 dòng: 3 văn bản; 0 dòng có lỗi." in text
    assert "cac-xa.csv: bỏ qua 1 cột drafter không biết" in text  # ignored, and said so
    assert "SĐT liên hệ" in text and "bang.csv" not in text  # her file, not the server's copy
    archive = zipfile.ZipFile(io.BytesIO(client.get(answer.url.path + "/zip").content))
    assert sorted(name.split("_")[0] for name in archive.namelist()) == [
        "xa-001",
        "xa-002",
        "xa-003",
    ]


def test_a_bad_pair_is_named_by_its_line_and_her_pairs_are_kept(tmp_path: Path) -> None:
    client = web_client(web_workspace(tmp_path / "ws"))
    token = hidden(client.get("/lo").text, "token")
    typed = "Tên xã=Tên cấp ủy\nMã xã=Mã đơn vịị"
    answer = client.post(
        "/lo",
        data={"token": token, "mapping": typed, "pdf": "1"},
        files={"file": ("cac-xa.csv", _her_sheet(tmp_path, 1))},
    )
    assert answer.status_code == 400
    text = page_text(answer.text)
    assert "ô ghép tiêu đề cột, dòng 2" in text
    assert "drafter không có cột 'Mã đơn vịị' (có phải là 'Mã đơn vị'?)" in text
    assert "--map" not in text.split("Ghép tiêu đề cột")[0]  # the remedy speaks of the box
    assert f">{typed}</textarea>" in answer.text
    assert 'name="pdf" value="1" checked' in answer.text


@pytest.mark.libreoffice
def test_pdfs_are_made_with_the_documents_and_zipped_with_them(tmp_path: Path) -> None:
    needs_libreoffice()
    client = web_client(web_workspace(tmp_path / "ws"))
    token = hidden(client.get("/lo").text, "token")
    sheet = make_input(tmp_path, [unit(number) for number in range(1, 3)])
    answer = client.post(
        "/lo",
        data={"token": token, "pdf": "1"},
        files={"file": ("cac-xa.csv", sheet.read_bytes())},
    )
    text = page_text(wait_for(client, answer.url.path))
    assert "Xong 2 dòng: 4 văn bản, 4 tệp PDF; 0 dòng có lỗi." in text
    archive = zipfile.ZipFile(io.BytesIO(client.get(answer.url.path + "/zip").content))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 4
    assert all(archive.read(name).startswith(b"%PDF") for name in pdfs)
