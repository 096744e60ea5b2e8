"""drafter check on broken or hostile DOCX files: a message and exit 2, never a hang or crash."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.api import Choices, Drafter
from drafter.cli import main
from tests.conftest import BAC_SON

Change = Callable[[str, bytes], bytes]


@pytest.fixture(scope="module")
def resolution(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("resolution")
    return Drafter(Choices(documents=("resolution",))).draft(BAC_SON, folder)[0]


def changed(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, change(data) if name == part else data)
    return target


def style_cycle(styles: bytes) -> bytes:
    """Base Normal on a style that is itself based on Normal: a circle."""
    based = re.search(
        rb'w:styleId="([^"]+)"><w:name w:val="[^"]+"/><w:basedOn w:val="Normal"/>', styles
    )
    assert based is not None
    return styles.replace(
        b'<w:name w:val="Normal"/>',
        b'<w:name w:val="Normal"/><w:basedOn w:val="' + based.group(1) + b'"/>',
        1,
    )


CASES: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "style-cycle": ("word/styles.xml", style_cycle),
    "margin-not-a-number": (
        "word/document.xml",
        lambda xml: xml.replace(b'w:top="1134"', b'w:top="abc"', 1),
    ),
    "title-page-flag-2": (
        "word/document.xml",
        lambda xml: xml.replace(b"<w:titlePg/>", b'<w:titlePg w:val="2"/>', 1),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_broken_document_is_reported_not_crashed_on(
    case: str, resolution: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    part, change = CASES[case]
    broken = changed(resolution, tmp_path / f"{case}.docx", part, change)
    started = time.monotonic()
    code = main(["check", str(broken)])
    assert time.monotonic() - started < 10
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if case == "style-cycle":
        assert code in (0, 1)  # the circle is walked once; the rest is checked as usual
    else:
        assert code == 2
        assert str(broken) in captured.err
        assert "→ " in captured.err


def test_templates_new_never_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("giữ nguyên", encoding="utf-8")
    link = tmp_path / "mau.docx"
    link.symlink_to(victim)
    assert (
        main(["templates", "new", str(link), "--from", "nghi-quyet-hoi-nghi", "--overwrite"]) == 2
    )
    assert victim.read_text(encoding="utf-8") == "giữ nguyên"
    assert "không phải một tệp thường" in capsys.readouterr().err
