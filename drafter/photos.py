"""Photo files of the press summary: found beside the data, bounded, decoded before use.

A data file, a sheet or a wizard answer names photos by path, and a DOCX embeds whatever it
is given, so a path is input like any other. A photo is used only when it

- lies inside the folder of the data file (or sheet): no ``..``, no absolute path, no link
  leading out of it (the real path is compared);
- is a plain file of at most ``MAX_BYTES``, a JPEG or PNG of at most ``MAX_PIXELS`` pixels
  and at least one pixel each way;
- decodes whole (a truncated or corrupt image is refused here, not in the renderer).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from stat import S_ISREG

from drafter.errors import UserError

MAX_BYTES = 20_000_000
"""Largest photo file; a camera JPEG is 2–8 MB."""
MAX_PIXELS = 60_000_000
"""Most pixels of a photo (a 60-megapixel camera); a decompression bomb has billions."""
FORMATS = frozenset({"JPEG", "PNG"})


def photo_problem(folder: Path, file: str) -> str | None:
    """Return why the photo ``file`` (relative to ``folder``) cannot be used, or None."""
    path = folder / file
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"không thấy tệp ảnh '{file}' (tính từ thư mục của tệp dữ liệu)"
    if not real.is_relative_to(folder.resolve()):
        return (
            f"tệp ảnh '{file}' nằm ngoài thư mục của tệp dữ liệu; "
            "hãy chép ảnh vào thư mục đó (hoặc thư mục con) rồi ghi đường dẫn tương đối"
        )
    try:
        found = os.stat(real)
    except OSError:
        return f"không đọc được tệp ảnh '{file}'"
    if not S_ISREG(found.st_mode):
        return f"'{file}' không phải một tệp ảnh"
    if found.st_size > MAX_BYTES:
        return f"tệp ảnh '{file}' quá lớn (trên {MAX_BYTES // 1_000_000} MB); hãy thu nhỏ ảnh"
    return _image_problem(str(real), found.st_mtime_ns, found.st_size, file)


def checked_photo(folder: Path, file: str, where: str = "") -> Path:
    """Return the real path of the photo ``file`` in ``folder``; raise ``UserError`` if unusable."""
    problem = photo_problem(folder, file)
    if problem is not None:
        raise UserError(
            problem,
            "Sửa mục photos[].file hoặc bỏ ảnh đó (chỉ giữ chú thích).",
            where=where or None,
        )
    return (folder / file).resolve()


@functools.lru_cache(maxsize=256)
def _image_problem(real: str, mtime_ns: int, size: int, file: str) -> str | None:
    """Return why the image at ``real`` is not a whole JPEG/PNG of bounded size, or None.

    Cached per file version: a batch embeds the same photo in many documents.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(real) as image:
            if image.format not in FORMATS:
                return f"tệp ảnh '{file}' là ảnh {image.format}; chỉ dùng được ảnh JPEG hoặc PNG"
            width, height = image.size
            if width < 1 or height < 1:
                return f"tệp ảnh '{file}' không có điểm ảnh nào ({width}×{height})"
            if width * height > MAX_PIXELS:
                return (
                    f"tệp ảnh '{file}' quá nhiều điểm ảnh ({width}×{height}); "
                    "hãy thu nhỏ ảnh (dưới 60 triệu điểm ảnh)"
                )
            image.load()  # decodes it whole: a truncated file fails here
    except Image.DecompressionBombError:
        return f"tệp ảnh '{file}' quá nhiều điểm ảnh; hãy thu nhỏ ảnh (dưới 60 triệu điểm ảnh)"
    except UnidentifiedImageError:
        return f"tệp '{file}' không phải ảnh JPEG hoặc PNG đọc được"
    except (OSError, SyntaxError, ValueError, EOFError):
        return f"tệp ảnh '{file}' bị hỏng hoặc không đọc hết được"
    return None
