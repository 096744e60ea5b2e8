"""Rendered rules (``drafter check --render``): the pages as a reader turns them.

The DOCX is converted once by LibreOffice (``drafter.pdf.convert_to_pdf``, bounded in time,
its process group ended on time-out) into a temporary folder, and ``pdftotext`` reads each
page's text. A reader must never turn to a last page holding only the signature and the
recipients: at least two lines of the body stand above the signature block on its page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from drafter.check.findings import finding
from drafter.check.locate import title_key
from drafter.check.patterns import AUTHORITY
from drafter.errors import Finding, UserError
from drafter.pdf import convert_to_pdf, find_soffice
from drafter.profiles import Profile

MIN_BODY_LINES = 2
"""The lines of body text that must stand above the signature block on its page."""
PDFTOTEXT_SECONDS = 60
_COLUMNS = re.compile(r"\s{2,}")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


class RenderUnavailableError(Exception):
    """The pages cannot be rendered here; the message is a note for the clerk, not an error."""


def render_pages(path: Path) -> list[str]:
    """Return the text of each page of the DOCX at ``path``, rendered by LibreOffice.

    Raise ``RenderUnavailableError`` (with a Vietnamese note) when LibreOffice or pdftotext is
    missing or the conversion fails: the other rules still run.
    """
    pdftotext = shutil.which("pdftotext")
    if find_soffice() is None or pdftotext is None:
        missing = "LibreOffice" if find_soffice() is None else "pdftotext (gói poppler-utils)"
        raise RenderUnavailableError(
            f"Không có {missing} nên không dựng được trang để xem bố cục trang (--render); "
            "các quy tắc khác vẫn được kiểm tra. Cài LibreOffice và poppler-utils để kiểm "
            "tra cả bố cục trang."
        )
    with tempfile.TemporaryDirectory(prefix="drafter-check-") as work:
        try:
            pdf = convert_to_pdf([path], Path(work))[0]
            result = subprocess.run(
                [pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                timeout=PDFTOTEXT_SECONDS,
                check=False,
            )
        except UserError as error:
            raise RenderUnavailableError(
                f"Không dựng được trang bằng LibreOffice ({error.message}); các quy tắc khác "
                "vẫn được kiểm tra."
            ) from None
        except subprocess.TimeoutExpired:
            raise RenderUnavailableError(
                f"pdftotext không đọc xong trang sau {PDFTOTEXT_SECONDS} giây; các quy tắc "
                "khác vẫn được kiểm tra."
            ) from None
    if result.returncode != 0:
        raise RenderUnavailableError(
            "pdftotext không đọc được trang đã dựng; các quy tắc khác vẫn được kiểm tra."
        )
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages


def _starts_signature(line: str, label: str) -> bool:
    """Return whether a rendered line starts the signature block: "Nơi nhận:" or "T/M …"."""
    for segment in _COLUMNS.split(line.strip()):
        if title_key(segment).startswith(label) or AUTHORITY.match(segment):
            return True
    return False


def check_last_page(pages: Sequence[str], profile: Profile) -> list[Finding]:
    """Return a finding when the signature block's page has under two body lines above it.

    The block starts at the last page's line holding "Nơi nhận:" or the authority ("T/M …");
    when the last page does not hold that line, the page that does is the one checked. The
    page number at the top of a page is not body text. No signature block, no finding.
    """
    label = title_key(profile.texts.recipients_label).rstrip(":")
    for number in range(len(pages), 0, -1):
        lines = [line for line in pages[number - 1].splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if _starts_signature(line, label)), None)
        if start is None:
            continue
        body = [line for line in lines[:start] if not _PAGE_NUMBER.match(line.strip())]
        if len(body) >= MIN_BODY_LINES or number == 1:
            return []
        held = "không có dòng nội dung nào" if not body else "chỉ có một dòng nội dung"
        return [
            finding(
                "pages.signature_alone",
                f"trang {number} (trang có chữ ký)",
                f"Trang {number} {held} phía trên phần ký và nơi nhận: người đọc lật sang "
                f"trang có chữ ký mà không thấy nội dung. Để ít nhất {MIN_BODY_LINES} dòng "
                "cuối của nội dung cùng trang với chữ ký: bớt dòng trống, hoặc đặt «Giữ với "
                "đoạn sau» (Keep with next) cho các đoạn cuối.",
            )
        ]
    return []
