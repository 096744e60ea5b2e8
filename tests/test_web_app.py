"""drafter serve, through Starlette's test client: pages, posts, refusals, downloads."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from drafter.api import Choices, Drafter
from drafter.datafile import load_report
from drafter.wizard.state import load_state
from tests.conftest import BAC_SON, ROOT, needs_libreoffice
from tests.helpers import (
    PAYLOADS,
    docx_text,
    hidden,
    image_bytes,
    page_text,
    web_client,
    web_workspace,
)

NAME = BAC_SON.name
XA = ROOT / "examples" / "xa-bac-son-quy-i-2026.yaml"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return web_workspace(tmp_path / "ws", BAC_SON)


def post_section(client: object, section: str, fields: dict[str, str], name: str = NAME) -> str:
    """Post ``fields`` to a section of ``name`` as its page would; return the answer page."""
    page = client.get(f"/hoi-nghi/{name}/{section}")  # type: ignore[attr-defined]
    data = {"token": hidden(page.text, "token"), "revision": hidden(page.text, "revision")}
    answer = client.post(f"/hoi-nghi/{name}/{section}", data={**data, **fields})  # type: ignore[attr-defined]
    assert answer.status_code == 200, page_text(answer.text)
    return str(answer.text)


def test_the_home_page_lists_the_conferences_of_the_workspace(workspace: Path) -> None:
    text = page_text(web_client(workspace).get("/").text)
    assert "Huyện ủy Bắc Sơn · hội nghị lần thứ 17 · 15/9/2023" in text
    assert NAME in text
    assert "đủ dữ liệu" in text


def test_a_new_conference_is_a_draft_the_wizard_resumes(workspace: Path) -> None:
    client = web_client(workspace)
    token = client.site.token
    answer = client.post("/moi", data={"token": token, "title": "Xã Vũ Sơn quý 4"})
    assert answer.status_code == 200
    assert answer.url.path == "/hoi-nghi/xa-vu-son-quy-4.yaml/issuer"
    text = page_text(answer.text)
    assert "Tên cấp ủy ban hành" in text  # the wizard's question, not a copy
    assert "Cấp ủy ban hành: thiếu mục bắt buộc này" in text
    state = load_state(workspace / "xa-vu-son-quy-4.yaml")
    assert state["_wizard"] == {"answered": []}


def test_new_from_last_period_rolls_it_forward_with_the_wizards_rules(workspace: Path) -> None:
    client = web_client(workspace)
    client.post("/moi", data={"token": client.site.token, "previous": NAME, "title": "quy 4"})
    state = load_state(workspace / "quy-4.yaml")
    assert state["conference"]["ordinal"] == 18
    assert state["period"] == {"kind": "year", "year": 2023}
    assert state["_wizard"]["carry"]["tasks"]  # last period's tasks offered again
    assert "date" not in state["conference"]


def test_a_mistyped_number_is_refused_with_its_reason_and_kept_out_of_the_file(
    workspace: Path,
) -> None:
    client = web_client(workspace)
    before = (workspace / NAME).read_bytes()
    text = page_text(post_section(client, "indicators", {"indicators.0.value": "35.8"}))
    assert "1 câu trả lời chưa được lưu" in text
    assert "Nếu đây là số thập phân, hãy gõ “35,8”" in text
    assert (workspace / NAME).read_bytes() == before
    text = page_text(post_section(client, "indicators", {"indicators.0.value": "38,5"}))
    assert "Đã lưu." in text
    assert load_report(workspace / NAME).indicators[0].value == Decimal("38.5")


def test_the_ratio_appears_as_soon_as_value_and_target_are_known(workspace: Path) -> None:
    client = web_client(workspace)
    fields = {"indicators.0.value": "35,8", "indicators.0.target": "29,7"}
    text = page_text(post_section(client, "indicators", fields))
    assert "→ đạt 120,5% dự toán tỉnh giao (vượt)" in text
    comparison = load_report(workspace / NAME).indicators[0].comparisons[0]
    assert (comparison.base_value, comparison.percent) == (Decimal("29.7"), None)


def test_a_field_of_another_section_changes_without_walking_this_one(workspace: Path) -> None:
    client = web_client(workspace)
    post_section(client, "conference", {"conference.date": "16/9/2023"})
    report = load_report(workspace / NAME)
    assert report.conference.date.isoformat() == "2023-09-16"
    assert report.indicators == load_report(BAC_SON).indicators


def test_a_date_that_does_not_exist_is_refused_in_vietnamese(workspace: Path) -> None:
    text = page_text(
        post_section(web_client(workspace), "conference", {"conference.date": "31/2/2023"})
    )
    assert "✗" in text
    assert "ngày" in text
    assert load_report(workspace / NAME).conference.date.isoformat() == "2023-09-15"


def test_lists_are_edited_in_place(tmp_path: Path) -> None:
    workspace = web_workspace(tmp_path / "ws", XA)
    client = web_client(workspace)
    names = [person.name for person in load_report(workspace / XA.name).people]
    assert names == ["Hoàng Văn Tuấn", "Lý Thị Mai"]

    def post(action: str) -> str:
        return page_text(post_section(client, "people", {"action": action}, XA.name))

    post("down:people:0")
    assert [person.name for person in load_report(workspace / XA.name).people] == names[::-1]
    post("up:people:1")
    post("delete:people:1")
    assert [person.name for person in load_report(workspace / XA.name).people] == names[:1]
    text = post("add:people")
    assert "Mục 2" in text
    assert "Chủ trì và thành phần › Mục 2 › Họ tên: thiếu mục bắt buộc này" in text
    state = load_state(workspace / XA.name)
    assert state["people"][-1] == {}
    assert "_wizard" in state  # incomplete: saved as a draft the wizard resumes


def test_a_post_from_another_site_is_refused_and_nothing_is_written(workspace: Path) -> None:
    client = web_client(workspace)
    before = (workspace / NAME).read_bytes()
    answer = client.post(f"/hoi-nghi/{NAME}/conference", data={"conference.ordinal": "99"})
    assert answer.status_code == 400
    assert "không đến từ trang của drafter" in page_text(answer.text)
    page = client.get(f"/hoi-nghi/{NAME}/conference").text
    fields = {"token": hidden(page, "token"), "conference.ordinal": "99"}
    answer = client.post(
        f"/hoi-nghi/{NAME}/conference", data=fields, headers={"Origin": "http://evil.example"}
    )
    assert answer.status_code == 400
    assert (workspace / NAME).read_bytes() == before


def test_a_page_older_than_the_file_cannot_overwrite_it(workspace: Path) -> None:
    client = web_client(workspace)
    page = client.get(f"/hoi-nghi/{NAME}/conference").text
    post_section(client, "conference", {"conference.ordinal": "18"})  # another tab
    stale = {"token": hidden(page, "token"), "revision": hidden(page, "revision")}
    answer = client.post(f"/hoi-nghi/{NAME}/conference", data={**stale, "conference.term": "23"})
    assert "vừa được sửa ở nơi khác" in page_text(answer.text)
    report = load_report(workspace / NAME)
    assert (report.conference.ordinal, report.conference.term) == (18, 22)


@pytest.mark.parametrize(
    "name",
    ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd.yaml", "BAC-SON.yaml", ".hidden.yaml", "x.txt"],
)
def test_names_outside_the_naming_rules_are_refused(workspace: Path, name: str) -> None:
    answer = web_client(workspace).get(f"/hoi-nghi/{name}/issuer")
    assert answer.status_code in (400, 404)
    assert "Traceback" not in answer.text


def test_user_text_is_shown_as_text_never_as_markup(workspace: Path) -> None:
    client = web_client(workspace)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_section(client, "people", {"attendance": payload})
    html = client.get(f"/hoi-nghi/{NAME}/people").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_an_upload_is_read_before_it_is_kept(workspace: Path) -> None:
    client = web_client(workspace)
    token = client.site.token
    answer = client.post(
        "/tai-len", data={"token": token}, files={"file": ("ky-truoc.yaml", BAC_SON.read_bytes())}
    )
    assert answer.url.path == "/hoi-nghi/ky-truoc.yaml/issuer"
    bad = client.post(
        "/tai-len", data={"token": token}, files={"file": ("hong.yaml", b"a: [1, 2\n")}
    )
    assert bad.status_code == 400
    assert "YAML sai cú pháp" in page_text(bad.text)
    big = client.post(
        "/tai-len", data={"token": token}, files={"file": ("lon.yaml", b"#" * 3_000_000)}
    )
    assert big.status_code == 400
    assert sorted(path.name for path in workspace.iterdir()) == [NAME, "ky-truoc.yaml"]


def test_the_preview_shows_the_composed_text_and_switches_a_phrase(workspace: Path) -> None:
    client = web_client(workspace)
    page = client.get(f"/hoi-nghi/{NAME}/issuer").text
    lead = Drafter().preview(load_report(BAC_SON))[1]
    assert lead in page_text(page)
    answer = client.post(
        f"/hoi-nghi/{NAME}/cau-khac",
        data={"token": hidden(page, "token"), "slot": "press.lead", "section": "issuer"},
    )
    variants = load_report(workspace / NAME).options.variants
    assert set(variants) == {"press.lead"}
    new_lead = Drafter().preview(load_report(workspace / NAME))[1]
    assert new_lead != lead
    assert new_lead in page_text(answer.text)


def test_the_downloaded_docx_reads_as_drafter_render_of_the_saved_file(
    workspace: Path, tmp_path: Path
) -> None:
    client = web_client(workspace)
    post_section(client, "indicators", {"indicators.0.value": "36,1"})
    rendered = Drafter(Choices()).draft(workspace / NAME, tmp_path / "out")
    for kind, path in zip(("resolution", "press"), rendered, strict=True):
        answer = client.get(f"/hoi-nghi/{NAME}/tai-ve/docx-{kind}")
        assert path.name in answer.headers["content-disposition"]
        assert docx_text(answer.content) == docx_text(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/hoi-nghi/{NAME}/tai-ve/zip").content))
    assert sorted(archive.namelist()) == sorted([NAME, *(path.name for path in rendered)])
    assert client.get(f"/hoi-nghi/{NAME}/tai-ve/data").content == (workspace / NAME).read_bytes()


def test_an_unexpected_failure_is_a_vietnamese_page_without_a_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.web import sections

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(sections, "preview", broken)
    answer = web_client(workspace, raise_server_exceptions=False).get(f"/hoi-nghi/{NAME}/issuer")
    assert answer.status_code == 500
    assert "lỗi ngoài dự kiến" in page_text(answer.text)
    assert "secret internals" not in answer.text
    assert "Traceback" not in answer.text


def test_the_issuers_name_fills_what_follows_from_it_as_the_wizard_does(workspace: Path) -> None:
    client = web_client(workspace)
    client.post("/moi", data={"token": client.site.token, "title": "xa"})
    text = page_text(
        post_section(client, "issuer", {"issuer.name": "Đảng ủy xã Tân Tiến"}, "xa.yaml")
    )
    assert "điền sẵn theo tên cấp ủy" in text
    issuer = load_state(workspace / "xa.yaml")["issuer"]
    assert issuer["organisation"] == "Đảng bộ xã Tân Tiến"
    assert (issuer["level"], issuer["code"], issuer["place"]) == ("commune", "ĐU", "Tân Tiến")
    post_section(client, "issuer", {"issuer.office": ""}, "xa.yaml")  # emptied on purpose
    assert "office" not in load_state(workspace / "xa.yaml")["issuer"]


@pytest.mark.parametrize(
    ("where", "place"),
    [
        ("indicators[0].value", "Chỉ tiêu › Mục 1 › Số liệu đạt được"),
        (
            "indicators[1].comparisons[0].base_value",
            "Chỉ tiêu › Mục 2 › Chỉ tiêu giao (số), hoặc tỷ lệ % đã có",
        ),
        ("conference.date", "Hội nghị › Ngày họp"),
        ("issuer", "Cấp ủy ban hành"),
        ("", "cả tệp"),
    ],
)
def test_a_problem_is_placed_in_the_clerks_words(where: str, place: str) -> None:
    from drafter.web.sections import problem_place

    assert problem_place(where) == place


HOSTILE_TEXT = [
    # template injection, the sandbox's whole corpus: shown, never run (one line each: a
    # list field takes one item per line)
    *(payload.replace("\n", " ") for payload in PAYLOADS),
    # markup and script
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "&lt;b&gt; &amp; ' \" `",
]


@pytest.mark.parametrize("payload", HOSTILE_TEXT)
def test_hostile_text_is_kept_and_shown_as_typed(
    workspace: Path, payload: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    client = web_client(workspace)
    post_section(client, "discussion", {"discussion": f"ý kiến {payload}"})
    assert load_report(workspace / NAME).discussion == [f"ý kiến {payload}"]
    html = client.get(f"/hoi-nghi/{NAME}/discussion").text
    assert payload not in html or payload.replace("<", "").replace(">", "") == payload
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert page_text(html).count(f"ý kiến {payload}") >= 2  # the field and the preview
    assert not (tmp_path / "pwned").exists()


@pytest.mark.libreoffice
def test_page_images_are_made_once_per_document(workspace: Path) -> None:
    needs_libreoffice()
    client = web_client(workspace)
    page = client.get(f"/hoi-nghi/{NAME}/trang/resolution")
    images = re.findall(r'src="(/hoi-nghi/[^"]+\.png)"', page.text)
    assert images
    image = client.get(images[0])
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    again = client.get(f"/hoi-nghi/{NAME}/trang/resolution")
    assert re.findall(r'src="(/hoi-nghi/[^"]+\.png)"', again.text) == images
    pdf = client.get(f"/hoi-nghi/{NAME}/tai-ve/pdf-press")
    assert pdf.content.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/hoi-nghi/{NAME}/tai-ve/zip-pdf").content))
    assert sorted(name.rsplit(".", 1)[1] for name in archive.namelist()) == [
        "docx",
        "docx",
        "pdf",
        "pdf",
        "yaml",
    ]
    assert client.get(f"/hoi-nghi/{NAME}/anh/..%2F..%2Fetc%2Fpasswd").status_code == 404


@pytest.mark.libreoffice
def test_page_images_reuse_one_warm_libreoffice_and_end_it_with_the_server(
    workspace: Path,
) -> None:
    needs_libreoffice()
    from starlette.testclient import TestClient

    from drafter.office import WarmOffice
    from drafter.web.app import create_app

    if not WarmOffice.available():
        pytest.skip("needs python3-uno for a warm LibreOffice")
    app = create_app(workspace)
    images = app.state.site.images
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get(f"/hoi-nghi/{NAME}/trang/resolution").status_code == 200
        office = images._office
        assert office is not None and office._process is not None
        started = office._process.pid
        assert client.get(f"/hoi-nghi/{NAME}/trang/press").status_code == 200
        assert images._office is office and office._process.pid == started  # not restarted
    assert images._office is None  # the server's end closed it


def test_opened_to_a_network_every_page_asks_for_the_password(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    from drafter.web import login
    from drafter.web.app import create_app

    gate = login.Gate.for_password("mat-khau-dai")
    app = create_app(workspace, cache=workspace.parent / "c", gate=gate)
    client = TestClient(app, base_url="http://192.168.1.20:8765")
    answer = client.get(f"/hoi-nghi/{NAME}/issuer")
    assert answer.url.path == "/dang-nhap"
    assert gate.digest != b"mat-khau-dai" and len(gate.digest) == 32  # a hash, salted
    token = hidden(answer.text, "token")
    wrong = client.post("/dang-nhap", data={"token": token, "password": "sai"})
    assert wrong.status_code == 401
    assert "mật khẩu không đúng" in page_text(wrong.text)
    right = client.post("/dang-nhap", data={"token": token, "password": "mat-khau-dai"})
    assert right.url.path == "/"
    assert "Huyện ủy Bắc Sơn" in page_text(right.text)
    monkeypatch.setattr(login, "MAX_FAILURES", 3)
    for _ in range(3):
        client.post("/dang-nhap", data={"token": token, "password": "sai"})
    blocked = client.post("/dang-nhap", data={"token": token, "password": "mat-khau-dai"})
    assert blocked.status_code == 429
    assert "chờ một phút" in page_text(blocked.text)


def test_serve_refuses_a_network_address_without_a_password(tmp_path: Path) -> None:
    from drafter.errors import UserError
    from drafter.web import serve

    with pytest.raises(UserError, match="--password"):
        serve(tmp_path, host="0.0.0.0")
    with pytest.raises(UserError, match="ít nhất 8"):
        serve(tmp_path, host="0.0.0.0", password="ngan")


def test_last_periods_items_are_offered_and_taken_one_by_one(workspace: Path) -> None:
    client = web_client(workspace)
    client.post("/moi", data={"token": client.site.token, "previous": NAME, "title": "quy 4"})
    last = load_report(BAC_SON).tasks
    page = page_text(client.get("/hoi-nghi/quy-4.yaml/tasks").text)
    assert "Kỳ trước" in page
    assert all(task in page for task in last)
    text = post_section(
        client, "tasks", {"tasks": "Việc mới của kỳ này", "carry.tasks": ["2", "0"]}, "quy-4.yaml"
    )
    state = load_state(workspace / "quy-4.yaml")
    assert state["tasks"] == [last[0], last[2], "Việc mới của kỳ này"]
    assert state["_wizard"]["carry"]["tasks"] == [
        task for task in last if task not in state["tasks"]
    ]
    assert page_text(text).count(last[0]) >= 1


def test_a_request_for_another_host_name_is_refused(workspace: Path) -> None:
    from starlette.testclient import TestClient

    from drafter.web.app import create_app

    app = create_app(workspace, cache=workspace.parent / "c")
    rebound = TestClient(app, base_url="http://attacker.example:8765").get("/")
    assert rebound.status_code == 400
    assert "Huyện ủy" not in rebound.text
    assert TestClient(app, base_url="http://localhost:8765").get("/").status_code == 200


def test_last_periods_cited_documents_are_offered_to_cite_again(tmp_path: Path) -> None:
    city = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"
    workspace = web_workspace(tmp_path / "ws", city)
    client = web_client(workspace)
    client.post("/moi", data={"token": client.site.token, "previous": city.name, "title": "q1"})
    last = load_report(city).documents
    page = page_text(client.get("/hoi-nghi/q1.yaml/documents").text)
    assert "Văn bản kỳ trước đã trích dẫn" in page
    assert f"{last[0].kind} số {last[0].number}" in page
    post_section(client, "documents", {"carry.documents": "0"}, "q1.yaml")
    state = load_state(workspace / "q1.yaml")
    assert [document["number"] for document in state["documents"]] == [last[0].number]
    assert len(state["_wizard"]["cited"]) == len(last) - 1


def test_a_photo_uploaded_is_checked_kept_beside_the_data_and_drafted(workspace: Path) -> None:
    client = web_client(workspace)
    token = client.site.token
    answer = client.post(
        f"/hoi-nghi/{NAME}/anh-tai-len",
        data={"token": token, "index": "0"},
        files={"file": ("Quang cảnh.PNG", image_bytes("PNG"))},
    )
    assert answer.url.path == f"/hoi-nghi/{NAME}/photos"
    assert "anh/quang-canh.png" in page_text(answer.text)
    report = load_report(workspace / NAME)  # the data file's own photo check passes
    assert report.photos[0].file == "anh/quang-canh.png"
    press = client.get(f"/hoi-nghi/{NAME}/tai-ve/docx-press").content
    assert any(
        name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(press)).namelist()
    )
    fake = client.post(
        f"/hoi-nghi/{NAME}/anh-tai-len",
        data={"token": token, "index": "1"},
        files={"file": ("gia.jpg", b"<html>not a photo</html>")},
    )
    assert fake.status_code == 400
    assert "không phải ảnh JPEG hoặc PNG" in page_text(fake.text)
    assert sorted(path.name for path in (workspace / "anh").iterdir()) == ["quang-canh.png"]
    assert load_report(workspace / NAME).photos[1].file is None
