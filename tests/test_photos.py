"""Photo paths are input: confined to the data file's folder, bounded, decoded before use."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.photos import photo_problem
from tests.conftest import BAC_SON
from tests.helpers import image_bytes


def png_header(width: int, height: int) -> bytes:
    """Return a PNG that declares ``width`` × ``height`` and holds one byte of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))


Place = Callable[[Path], str]


def inside(name: str, content: bytes) -> Place:
    def place(folder: Path) -> str:
        (folder / name).write_bytes(content)
        return name

    return place


def outside(folder: Path) -> str:
    (folder.parent / "secret.png").write_bytes(image_bytes("PNG"))
    return "../secret.png"


def absolute(folder: Path) -> str:
    (folder.parent / "abs.png").write_bytes(image_bytes("PNG"))
    return str(folder.parent / "abs.png")


def linked_out(folder: Path) -> str:
    (folder.parent / "target.png").write_bytes(image_bytes("PNG"))
    os.symlink(folder.parent / "target.png", folder / "link.png")
    return "link.png"


def oversized(folder: Path) -> str:
    with (folder / "big.png").open("wb") as stream:
        stream.write(image_bytes("PNG"))
        stream.truncate(30_000_000)  # sparse: no real disk used
    return "big.png"


BAD: dict[str, tuple[Place, str]] = {
    "parent-folder": (outside, "ngoài thư mục"),
    "absolute": (absolute, "ngoài thư mục"),
    "symlink-out": (linked_out, "ngoài thư mục"),
    "missing": (lambda folder: "khong-co.png", "không thấy"),
    "too-large-file": (oversized, "quá lớn"),
    "too-many-pixels": (inside("bomb.png", png_header(100_000, 100_000)), "điểm ảnh"),
    "zero-size": (inside("zero.png", png_header(0, 0)), "ảnh"),
    "gif": (inside("a.gif", image_bytes("GIF")), "JPEG hoặc PNG"),
    "not-an-image": (inside("a.png", b"hello"), "không phải ảnh"),
    **{
        f"truncated-{kind.lower()}": (
            inside(f"cut.{kind.lower()}", image_bytes(kind, (400, 300))[:300]),
            "ảnh",
        )
        for kind in ("PNG", "JPEG", "GIF", "BMP", "TIFF")
    },
}


def data_with_photo(folder: Path, file: str) -> Path:
    text = BAC_SON.read_text(encoding="utf-8")
    path = folder / "d.yaml"
    photo = f"photos:\n  - caption: Quang cảnh hội nghị\n    file: '{file}'\n"
    path.write_text(text.replace("photos:\n", photo + "  #", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", BAD)
def test_an_unusable_photo_is_refused_by_validate_and_render(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    place, reason = BAD[case]
    folder = tmp_path / "data"
    folder.mkdir()
    data = data_with_photo(folder, place(folder))
    assert main(["validate", str(data)]) == 2
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert main(["render", str(data), "--doc", "press", "--out", str(tmp_path / "out")]) == 2
    err += capsys.readouterr().err
    assert reason in err
    assert "photos[0].file" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_good_photo_in_a_subfolder_is_embedded(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "anh").mkdir(parents=True)
    (folder / "anh" / "hoi-nghi.jpg").write_bytes(image_bytes("JPEG"))
    assert photo_problem(folder, "anh/hoi-nghi.jpg") is None
    data = data_with_photo(folder, "anh/hoi-nghi.jpg")
    assert main(["render", str(data), "--doc", "press", "--out", str(tmp_path / "out")]) == 0
