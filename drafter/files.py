"""Safe writes: a file is written whole or not at all, and never replaced unasked."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from drafter.errors import UserError, WriteError


def refuse_to_clobber(path: Path, *, overwrite: bool) -> None:
    """Raise when ``path`` exists and the caller did not ask to overwrite it."""
    if not overwrite and path.exists():
        raise UserError(
            f"tệp {path} đã có, drafter không ghi đè",
            "Thêm tùy chọn --overwrite nếu muốn thay tệp cũ, hoặc chọn thư mục khác (--out).",
        )


def atomic_write_bytes(
    path: Path, data: bytes, *, overwrite: bool = False, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A crash leaves either the old file or the new one, never half of one. A full disk or a
    read-only folder becomes a ``UserError`` and leaves any existing file as it was.
    ``durable=False`` skips the fsync: still atomic against a killed process, and a batch of
    thousands of files is not held up by the disk (only a power cut can lose the newest).
    """
    refuse_to_clobber(path, overwrite=overwrite)
    folder = path.parent
    temp_name = str(folder / f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        try:
            handle = os.open(temp_name, flags, 0o666)
        except FileNotFoundError:  # the folder is made only when missing: one call less
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(temp_name, flags, 0o666)
    except OSError as error:
        raise io_error(path, error) from None
    replaced = False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if not overwrite and path.exists():
            raise UserError(
                f"tệp {path} vừa được tạo bởi chương trình khác, drafter không ghi đè",
                "Chạy lại lệnh, hoặc thêm --overwrite.",
            )
        os.replace(temp_name, path)
        replaced = True
    except OSError as error:
        raise io_error(path, error) from None
    finally:
        if not replaced:  # after the rename there is nothing left to remove
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write UTF-8 ``text`` atomically (see ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def io_error(path: Path, error: OSError) -> WriteError:
    if error.errno == errno.ENOSPC:
        return WriteError(
            f"không ghi được {path}: ổ đĩa đã đầy", "Giải phóng dung lượng rồi chạy lại."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteError(
            f"không ghi được {path}: không có quyền ghi vào thư mục này",
            "Chọn thư mục khác (--out) hoặc cấp quyền ghi.",
        )
    return WriteError(
        f"không ghi được {path}: {error.strerror}", "Kiểm tra đường dẫn rồi chạy lại."
    )


def read_input(path: Path, expected: str, *, limit: int = -1) -> bytes:
    """Return the bytes of a file the user named (the first ``limit`` bytes when given).

    A missing file, a folder or an unreadable file becomes a ``UserError`` naming the file;
    ``expected`` says what to point at instead, e.g. "một tệp .csv hoặc .xlsx".
    """
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except FileNotFoundError:
        raise UserError(
            "không có tệp này", "Kiểm tra tên và đường dẫn tệp.", where=str(path)
        ) from None
    except IsADirectoryError:
        raise UserError(
            "đây là thư mục, không phải tệp", f"Chỉ ra {expected}.", where=str(path)
        ) from None
    except OSError as error:
        raise UserError(
            f"không đọc được tệp: {error.strerror}", "Kiểm tra quyền đọc tệp.", where=str(path)
        ) from None


MAX_PART_BYTES = 50_000_000
"""Largest uncompressed part of a DOCX or XLSX package drafter will read."""
MAX_PACKAGE_BYTES = 200_000_000
"""Largest uncompressed DOCX or XLSX package drafter will read."""


def check_package(path: Path, remedy: str) -> None:
    """Refuse a zip package (DOCX, XLSX) that would expand beyond the bounds: a zip bomb.

    Only the zip directory is read. Python's zip reader never inflates a part beyond the
    size its directory declares, so checking the declared sizes bounds the memory used.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UserError(
            f"tệp không phải gói Office (zip) đọc được ({error})", remedy, where=str(path)
        ) from None
    largest = max(infos, key=lambda info: info.file_size, default=None)
    total = sum(info.file_size for info in infos)
    if largest is not None and (largest.file_size > MAX_PART_BYTES or total > MAX_PACKAGE_BYTES):
        raise UserError(
            f"tệp giải nén ra quá lớn ({total // 1_000_000} MB, phần {largest.filename} "
            f"{largest.file_size // 1_000_000} MB): có thể là tệp độc hại (zip bomb)",
            remedy,
            where=str(path),
        )
