"""The batch page of drafter serve: a sheet uploaded, its errors listed, its documents zipped."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

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
