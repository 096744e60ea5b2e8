"""PDF: convert DOCX files with LibreOffice, all of them in one headless process."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from drafter.errors import UserError

_TIMEOUT_SECONDS = 600


def find_soffice() -> str | None:
    """Return the LibreOffice command, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(files: Sequence[Path], out_dir: Path, *, overwrite: bool = False) -> list[Path]:
    """Convert ``files`` to PDF in ``out_dir`` with one LibreOffice process; return the PDFs.

    LibreOffice writes into a private temporary folder first; each PDF is then moved into
    place, so a failed conversion leaves no half-written PDF and replaces nothing unasked.
    """
    soffice = find_soffice()
    if soffice is None:
        raise UserError(
            "không tìm thấy LibreOffice để xuất PDF",
            "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui) "
            "hoặc bỏ tùy chọn --pdf.",
        )
    # LibreOffice takes its profile as a file URI, which only an absolute path has; the
    # README's own example uses a relative --out.
    shown = [out_dir / f"{path.stem}.pdf" for path in files]  # named as the caller named them
    out_dir = out_dir.resolve()
    files = [path.resolve() for path in files]
    targets = [out_dir / name.name for name in shown]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise UserError(
                    f"tệp {target} đã có, drafter không ghi đè",
                    "Thêm --overwrite nếu muốn thay tệp cũ.",
                )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".drafter-pdf-", dir=out_dir) as work:
        profile = Path(work) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            *[str(path) for path in files],
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=_TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "HOME": work},
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"LibreOffice không xuất xong PDF sau {_TIMEOUT_SECONDS} giây",
                "Đóng các cửa sổ LibreOffice đang mở rồi chạy lại.",
            ) from None
        produced = [Path(work) / target.name for target in targets]
        missing = [path.name for path in produced if not path.is_file()]
        if result.returncode != 0 or missing:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
            raise UserError(
                f"LibreOffice không xuất được PDF cho {', '.join(missing) or 'các tệp'}: "
                f"{detail[0]}",
                "Mở tệp DOCX bằng LibreOffice để kiểm tra, rồi chạy lại với --pdf.",
            )
        for source, target in zip(produced, targets, strict=True):
            os.replace(source, target)
    return shown
