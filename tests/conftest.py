"""Shared fixtures: the repository's paths, the bundled examples and the documents they give."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAC_SON = ROOT / "examples" / "bac-son-9-thang-2023.yaml"


def needs_libreoffice() -> None:
    """Skip when LibreOffice or poppler is missing on a developer box; fail under CI."""
    missing = [tool for tool in ("soffice", "pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have {', '.join(missing)} installed (.ci/run installs them)")
        pytest.skip(f"needs {', '.join(missing)}")


def needs_chromium() -> tuple[str, str]:
    """Return Debian's chromium and chromedriver; skip on a box without them, fail under CI."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI must have chromium and chromium-driver installed (.ci/run installs them)"
            )
        pytest.skip("needs chromium and chromedriver")
    return browser, driver


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep what drafter caches (the saved LibreOffice profile) out of the tester's home."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(params=EXAMPLES, ids=[path.stem for path in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    """Each bundled example data file."""
    path: Path = request.param
    return path


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every document drafter writes for the bundled examples, by file name."""
    from drafter.api import draft

    folder = tmp_path_factory.mktemp("outputs")
    written: dict[str, Path] = {}
    for example in EXAMPLES:
        for path in draft(example, out_dir=folder, documents=["resolution", "press"]):
            written[f"{example.stem}:{'tin-bai' if 'tin-bai' in path.name else 'nq'}"] = path
    return written


@pytest.fixture(scope="session")
def resolution(outputs: dict[str, Path]) -> Path:
    """The Bắc Sơn draft resolution (hd36), as drafter writes it."""
    return outputs[f"{BAC_SON.stem}:nq"]


@pytest.fixture(scope="session")
def state_resolution(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Bắc Sơn resolution laid out by the state profile, rendered directly."""
    from drafter.compose import Composer, document_properties
    from drafter.datafile import load_report
    from drafter.phrasebank import load_phrasebank
    from drafter.profiles import load_profile
    from drafter.render import render_docx
    from drafter.template_builder import build_resolution

    folder = tmp_path_factory.mktemp("nd30")
    profile = load_profile("nd30")
    template = folder / "nd30.docx"
    template.write_bytes(build_resolution(profile))
    composer = Composer(load_report(BAC_SON), load_phrasebank(None))
    properties = document_properties(composer, "resolution")
    rendered = folder / "nghi-quyet-nd30.docx"
    rendered.write_bytes(render_docx(template, composer.resolution(profile), properties=properties))
    return rendered
