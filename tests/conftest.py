"""Shared fixtures: the repository's paths and the bundled examples."""

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


@pytest.fixture(params=EXAMPLES, ids=[path.stem for path in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    """Each bundled example data file."""
    path: Path = request.param
    return path
