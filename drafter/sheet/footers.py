"""Footers: the signature block under a clerk's table ("Người lập biểu", "Thủ trưởng đơn vị",
"…, ngày … tháng … năm …") told apart from data rows, so that it is not read as a unit.

A footer row has a few filled cells (``footer.max_cells`` of the column scheme), each starting
with a footer phrase of the scheme or being a date line; the short rows under it (the signers'
names) belong to the footer too. A full row after the footer is data again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from drafter.sheet.cells import Cell
from drafter.sheet.scheme import SCHEME, match_key

_STARTS: Final = re.compile(
    "^(?:"
    + "|".join(
        re.escape(match_key(word)) for word in sorted(SCHEME.footer_starts, key=len, reverse=True)
    )
    + r")(?!\w)"
)
_BLANK: Final = r"[\s\d./…_-]*"
_DATE_LINE: Final = re.compile(
    r"(?:^|[\s,])"
    + _BLANK.join(rf"{re.escape(match_key(word))}(?!\w)" for word in SCHEME.footer_date_words)
    + _BLANK
    + "$"
)


def footer_text(text: str) -> bool:
    """Return whether the text of one cell reads like a footer ("Người lập biểu", a date line)."""
    key = match_key(text)
    return bool(_STARTS.match(key) or _DATE_LINE.search(key))


class FooterSkipper:
    """Say which rows of a table are its footer; remembers the footer rows it skipped."""

    def __init__(self) -> None:
        self.started = False
        self.skipped: list[int] = []

    def skip(self, number: int, cells: Sequence[Cell]) -> bool:
        """Return whether the record ``number`` with ``cells`` is part of the footer."""
        filled = [cell for cell in cells if cell is not None]
        if not filled or len(filled) > SCHEME.footer_max_cells:
            return False
        if not self.started:
            if not all(isinstance(cell, str) and footer_text(cell) for cell in filled):
                return False
            self.started = True
        self.skipped.append(number)
        return True

    def report(self, label: str) -> str | None:
        """Return the warning naming the footer rows skipped in the table ``label``, if any."""
        if not self.skipped:
            return None
        shown = ", ".join(str(number) for number in self.skipped[:10])
        more = " …" if len(self.skipped) > 10 else ""
        return (
            f"Lưu ý: {label}: bỏ qua {len(self.skipped)} dòng chân bảng (người lập, ký tên, "
            f"ngày tháng): dòng {shown}{more}."
        )
