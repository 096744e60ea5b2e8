"""Safe writes: a file is written whole or not at all, and never replaced unasked."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG
from typing import Any

from drafter.errors import UserError, WriteError


def refuse_to_clobber(path: Path, *, overwrite: bool) -> None:
    """Raise when ``path`` exists and the caller did not ask to overwrite it.

    A name taken by something other than a plain file (a link, a FIFO, a device, a folder)
    is refused even with ``overwrite``: writing there would hang, or land somewhere else.
    """
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise io_error(path, error) from None
    if not S_ISREG(found.st_mode):
        raise UserError(
            f"{path} đã có nhưng không phải một tệp thường (thư mục, liên kết hoặc thiết bị)",
            "Chọn thư mục ghi khác, hoặc xóa/đổi tên mục đó.",
        )
    if not overwrite:
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


_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "đường dẫn có liên kết lòng vòng",
    errno.EBUSY: "tệp đang bị chương trình khác dùng",
    errno.EEXIST: "tên này đã có",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
}


def os_reason(error: OSError) -> str:
    """Return the Vietnamese reason of an operating-system error (never the English text)."""
    return _OS_REASONS.get(error.errno or 0, f"lỗi hệ thống (mã {error.errno})")


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
        f"không ghi được {path}: {os_reason(error)}", "Kiểm tra đường dẫn rồi chạy lại."
    )


LOCK_NAME = ".drafter.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder ``folder`` for one run: a second run there is told and stops.

    The lock is an OS lock on a hidden file (released by the OS if the process dies, so a
    killed run never blocks the next); the file is removed when the run ends.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise io_error(folder, error) from None
    path = folder / LOCK_NAME
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
        except OSError as error:
            raise io_error(path, error) from None
        if not _try_lock(handle):
            os.close(handle)
            raise UserError(
                "một lần chạy drafter khác đang ghi vào thư mục này",
                "Chờ lần chạy đó xong rồi chạy lại, hoặc chọn thư mục khác (--out, --out-dir).",
                where=str(folder),
            )
        try:
            if os.path.samestat(os.fstat(handle), os.stat(path)):
                break  # the file we locked is still the lock file
        except FileNotFoundError:
            pass  # removed by the run that just ended: lock the new one
        os.close(handle)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(handle)


def _try_lock(handle: int) -> bool:
    """Return True when the exclusive lock on the open file ``handle`` was taken."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


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
            f"không đọc được tệp: {os_reason(error)}", "Kiểm tra quyền đọc tệp.", where=str(path)
        ) from None


MAX_PART_BYTES = 50_000_000
"""Largest uncompressed part of a DOCX or XLSX package drafter will read."""
MAX_PACKAGE_BYTES = 200_000_000
"""Largest uncompressed DOCX or XLSX package drafter will read."""
MAX_PARTS = 5_000
"""Most parts a package may have; Word and Excel files have a few dozen."""

_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "activex", "/embeddings/")
_SAFE_EXTERNAL = frozenset({"hyperlink"})
"""External relationships LibreOffice never fetches while converting: plain links."""


def check_package(path: Path, remedy: str) -> None:
    """Refuse a zip package (DOCX, XLSX) that is unsafe to open, render or convert.

    The one gate for every Office file drafter opens (templates, sheets, files to check).
    Refused, naming the part: a zip bomb (sizes declared beyond the bounds; Python's zip
    reader never inflates a part beyond its declared size, so the directory is enough), too
    many parts, names that leave the folder or repeat, macros and embedded objects, XML that
    is not well-formed UTF-8 or carries a DOCTYPE (entity expansion), and relationships to
    external files or addresses other than plain hyperlinks (LibreOffice would fetch them).
    Checked once per file version.
    """
    try:
        stat = path.stat()
    except OSError as error:
        raise UserError(
            f"không đọc được tệp: {os_reason(error)}",
            "Kiểm tra tên và đường dẫn tệp.",
            where=str(path),
        ) from None
    if not S_ISREG(stat.st_mode):  # a FIFO would hang, a device never end
        raise UserError("đây không phải một tệp thường", remedy, where=str(path))
    problem = _package_problem(str(path), stat.st_mtime_ns, stat.st_size)
    if problem is not None:
        raise UserError(problem, remedy, where=str(path))


@functools.lru_cache(maxsize=64)
def _package_problem(path: str, mtime_ns: int, size: int) -> str | None:
    """Return what makes the package at ``path`` unsafe, or None (cached per file version)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            problem = _directory_problem(infos)
            if problem is not None:
                return problem
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    problem = _xml_problem(info.filename, package.read(info))
                    if problem is not None:
                        return problem
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        return f"tệp không phải gói Office (zip) đọc được ({_short(str(error))})"
    return None


def _directory_problem(infos: list[Any]) -> str | None:
    """Return what is wrong with the zip directory ``infos``, or None."""
    import zipfile

    if len(infos) > MAX_PARTS:
        return f"gói có {len(infos)} phần, quá {MAX_PARTS}: có thể là tệp độc hại"
    largest = max(infos, key=lambda info: info.file_size, default=None)
    total = sum(info.file_size for info in infos)
    if largest is not None and (largest.file_size > MAX_PART_BYTES or total > MAX_PACKAGE_BYTES):
        return (
            f"tệp giải nén ra quá lớn ({total // 1_000_000} MB, phần {_short(largest.filename)} "
            f"{largest.file_size // 1_000_000} MB): có thể là tệp độc hại (zip bomb)"
        )
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return f"phần {_short(name)} nén theo cách Office không dùng (gói zip lạ)"
        if info.flag_bits & 0x1:
            return f"phần {_short(name)} bị mã hóa; lưu lại tệp không đặt mật khẩu"
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\\" in name:
            return f"gói có phần tên '{_short(name)}' trỏ ra ngoài gói: có thể là tệp độc hại"
        if name.lower() in seen:
            return f"gói có hai phần cùng tên '{_short(name)}': tệp hỏng hoặc độc hại"
        seen.add(name.lower())
        if any(marker in name.lower() for marker in _MACRO_PARTS):
            return f"gói chứa macro hoặc đối tượng nhúng ({_short(name)}), drafter không mở"
    return None


def _xml_problem(name: str, data: bytes) -> str | None:
    """Return what is unsafe or broken in the XML part ``name``, or None."""
    from lxml import etree

    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        return f"phần {_short(name)} có khai báo DOCTYPE/ENTITY, drafter không mở"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return f"phần {_short(name)} không phải XML UTF-8"
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"phần {_short(name)} không phải XML hợp lệ (dòng {error.lineno})"
    if name.lower().endswith(".rels"):
        for relationship in root:
            mode = relationship.get("TargetMode", "")
            kind = relationship.get("Type", "").rsplit("/", 1)[-1]
            if mode.lower() == "external" and kind not in _SAFE_EXTERNAL:
                target = _short(relationship.get("Target", ""), 60)
                return (
                    f"phần {_short(name)} liên kết ra ngoài tệp ({kind}: {target}); "
                    "LibreOffice sẽ tải nội dung đó, drafter không dùng tệp như vậy"
                )
    return None


def _short(text: str, limit: int = 80) -> str:
    """Return ``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
