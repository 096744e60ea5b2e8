"""drafter serve in a real headless Chromium (Debian's chromium, driven by Selenium).

Few and quick: a conference filled through the form (a mistyped number, then its
correction), its preview, its DOCX read against ``drafter render`` of the saved file; and a
post from another site refused. Skipped without chromium on a developer box; CI fails.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drafter.api import Drafter
from drafter.datafile import load_report
from tests.conftest import needs_chromium
from tests.helpers import docx_text, web_workspace

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Yield the address of drafter serve over an empty workspace, and the workspace."""
    import uvicorn

    from drafter.web.app import create_app

    workspace = web_workspace(tmp_path_factory.mktemp("browser") / "ws")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", workspace
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Yield a headless Chromium at an office screen's size."""
    chromium, chromedriver = needs_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def _saves(driver: Any) -> int:
    return int(driver.execute_script("return Number(document.body.dataset.saved || 0)"))


def type_into(driver: Any, field_id: str, text: str) -> None:
    """Type ``text`` into a field, leave it (the section saves), and wait for the answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    before = _saves(driver)
    element = driver.find_element(By.ID, field_id)
    element.send_keys(Keys.CONTROL, "a")  # typed over, as a clerk does (clear() saves too)
    element.send_keys(text, Keys.TAB)
    WebDriverWait(driver, 20).until(lambda d: _saves(d) > before)


def choose(driver: Any, field_id: str, value: str) -> None:
    """Choose ``value`` in a select, and wait for the section to be saved."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    before = _saves(driver)
    Select(driver.find_element(By.ID, field_id)).select_by_value(value)
    WebDriverWait(driver, 20).until(lambda d: _saves(d) > before)


def box_text(driver: Any, field_id: str) -> str:
    """Return what the page says under a field (its refusal, if any)."""
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, f"{field_id}-box").text)


def open_section(driver: Any, address: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(address)
    driver.find_element(By.ID, "form-area")


def test_a_conference_filled_in_the_browser_drafts_as_render_does(
    browser: Any, server: tuple[str, Path], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    base, workspace = server
    browser.get(base + "/")
    browser.find_element(By.ID, "new-title").send_keys("Bắc Sơn 9 tháng")
    browser.find_element(By.CSS_SELECTOR, "form[action='/moi'] button").click()
    assert browser.current_url.endswith("/hoi-nghi/bac-son-9-thang.yaml/issuer")
    page = f"{base}/hoi-nghi/bac-son-9-thang.yaml"
    for field, text in (
        ("name", "Huyện ủy Bắc Sơn"),
        ("organisation", "Đảng bộ huyện Bắc Sơn"),
        ("superior", "Đảng bộ tỉnh Lạng Sơn"),
        ("code", "HU"),
        ("place", "Bắc Sơn"),
    ):
        type_into(browser, f"f-issuer-{field}", text)
    choose(browser, "f-issuer-level", "district")
    open_section(browser, f"{page}/conference")
    type_into(browser, "f-conference-ordinal", "17")
    type_into(browser, "f-conference-term", "22")
    type_into(browser, "f-conference-date", "15/9/2023")
    open_section(browser, f"{page}/period")
    choose(browser, "f-period-kind", "first_9_months")
    type_into(browser, "f-period-year", "2023")
    open_section(browser, f"{page}/indicators")
    before = _saves(browser)
    browser.find_element(By.CSS_SELECTOR, "button[value='add:indicators']").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: _saves(d) > before)
    type_into(browser, "f-indicators-0-name", "thu ngân sách")
    type_into(browser, "f-indicators-0-unit", "tỷ đồng")
    type_into(browser, "f-indicators-0-value", "35.8")
    assert "hãy gõ “35,8”" in box_text(browser, "f-indicators-0-value")
    type_into(browser, "f-indicators-0-value", "35,8")
    assert "✗" not in box_text(browser, "f-indicators-0-value")
    type_into(browser, "f-indicators-0-base", "dự toán tỉnh giao")
    type_into(browser, "f-indicators-0-target", "29,7")
    assert (
        "→ đạt 120,5% dự toán tỉnh giao (vượt)" in browser.find_element(By.ID, "indicators-0").text
    )
    preview = browser.find_element(By.ID, "preview").text
    assert "HUYỆN ỦY BẮC SƠN" in preview
    assert "35,8 tỷ đồng, đạt 120,5% dự toán tỉnh giao" in preview

    saved = workspace / "bac-son-9-thang.yaml"
    rendered = Drafter().draft(saved, tmp_path / "out")
    links = browser.find_elements(By.CSS_SELECTOR, "#preview .doc-links a[href*='tai-ve/docx-']")
    assert len(links) == 2
    for link, path in zip(links, rendered, strict=True):
        with urllib.request.urlopen(link.get_attribute("href")) as answer:
            assert docx_text(answer.read()) == docx_text(path.read_bytes())
    assert load_report(saved).indicators[0].name == "thu ngân sách"


def test_a_post_from_another_page_is_refused(browser: Any, server: tuple[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    base, workspace = server
    before = sorted(path.name for path in workspace.iterdir())
    attack = (
        "data:text/html,<form method=post action='" + base + "/moi'>"
        "<input name=title value=tan-cong></form><script>document.forms[0].submit()</script>"
    )
    browser.get(attack)
    time.sleep(0.2)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "không đến từ trang của drafter" in text
    assert sorted(path.name for path in workspace.iterdir()) == before
