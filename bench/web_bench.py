"""Benchmark: how long the browser waits for a preview in drafter serve.

Run:  .venv/bin/python bench/web_bench.py [--repeats 5]

It times, over the bundled Bắc Sơn example, through the application itself (Starlette's
test client, the same code the browser reaches):
  text   -- a section posted with one changed figure, answered with the composed text of
            both documents (the median of ``--repeats`` posts, each a different figure);
  first  -- the resolution's page images the first time (DOCX → PDF → PNG, LibreOffice
            started for it);
  again  -- the page images of the changed document (a new conversion: each change makes a
            new document), and the same document once more (kept: no conversion).
Without LibreOffice only the text is timed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "bac-son-9-thang-2023.yaml"
PAGE = "/hoi-nghi/bac-son-9-thang-2023.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from starlette.testclient import TestClient

    from drafter.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "ws"
        workspace.mkdir()
        shutil.copy(EXAMPLE, workspace / EXAMPLE.name)
        app = create_app(workspace, cache=Path(folder) / "pages")
        client = TestClient(app, base_url="http://127.0.0.1")
        times = [post_figure(client, f"35,{digit}") for digit in range(1, args.repeats + 1)]
        print(f"text   {statistics.median(times) * 1000:7.0f} ms  (median of {len(times)} posts)")
        if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
            print("first, again: bỏ qua (không có LibreOffice hoặc pdftoppm)")
            return 0
        print(f"first  {timed(client, PAGE + '/trang/resolution') * 1000:7.0f} ms")
        post_figure(client, "36,6")
        print(f"again  {timed(client, PAGE + '/trang/resolution') * 1000:7.0f} ms  (changed)")
        print(f"again  {timed(client, PAGE + '/trang/resolution') * 1000:7.0f} ms  (unchanged)")
    return 0


def post_figure(client: object, value: str) -> float:
    """Return the seconds a post of a changed figure takes, composed preview included."""
    page = client.get(PAGE + "/indicators").text  # type: ignore[attr-defined]
    fields = {name: hidden(page, name) for name in ("token", "revision")}
    start = time.perf_counter()
    answer = client.post(PAGE + "/indicators", data={**fields, "indicators.0.value": value})  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    assert answer.status_code == 200 and "câu khác" in answer.text, answer.text[:500]
    return elapsed


def timed(client: object, path: str) -> float:
    """Return the seconds a GET of ``path`` takes."""
    start = time.perf_counter()
    answer = client.get(path)  # type: ignore[attr-defined]
    assert answer.status_code == 200, answer.text[:500]
    return time.perf_counter() - start


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found is not None
    return found.group(1)


if __name__ == "__main__":
    raise SystemExit(main())
