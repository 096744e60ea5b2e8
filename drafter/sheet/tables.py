"""Tables: the header row of a sheet found, resolved to targets and checked.

A table may have title rows above its header. A header row is usable when every title is
known, none is written twice and no two columns fill the same data; otherwise the whole file
is refused (``UserError``) naming each bad column with the nearest known title.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.sheet.cells import Record, cell_text
from drafter.sheet.headers import Target, long_target, suggest_header, unit_target
from drafter.sheet.scheme import COLUMNS, SCHEME, match_key
from drafter.sheet.sources import column_letter, garbled_error

_HEADER_SEARCH: Final = 10  # title rows tolerated above the header row


@dataclass
class Table:
    """An open table: where it is, the targets of its columns and the records after its header."""

    label: str
    targets: list[Target]
    records: Iterator[Record]


def open_table(records: Iterator[Record], label: str, *, long: bool) -> Table:
    """Return the table in ``records`` with its header resolved; raise when it is unusable."""
    resolve = long_target if long else unit_target
    seen, first_number = 0, 0
    first: list[str] = []
    for number, cells in records:
        texts = ["" if cell is None else cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        seen += 1
        if not first:
            first, first_number = texts, number
        targets = [resolve(text) for text in texts]
        known = [t for t in targets if t is not None and t.kind not in ("blank", "ignore")]
        if known:
            return _checked_table(label, number, texts, targets, records, long=long)
        if seen >= _HEADER_SEARCH:
            break
    odd = vi.garbled_characters(" ".join(first))
    if odd:
        raise garbled_error(odd, label)
    if any(text and suggest_header(text, long=long) for text in first):
        # A header row whose every title is misspelt: name them with their nearest titles.
        targets = [resolve(text) for text in first]
        _checked_table(label, first_number, first, targets, records, long=long)
    raise _no_header_error(label, empty=seen == 0, long=long)


def _no_header_error(label: str, *, empty: bool, long: bool) -> UserError:
    """Return the error for a table without data (``empty``) or without a header row."""
    if empty:
        return UserError(
            "tệp trống" if not long else "trang chỉ tiêu trống",
            "Điền bảng theo tệp mẫu (drafter batch --template-csv MẪU.xlsx).",
            where=label,
        )
    return UserError(
        "không thấy dòng tiêu đề: không có cột nào mang tiêu đề drafter nhận ra "
        f"(ví dụ '{SCHEME.unit_header}', '{COLUMNS[0].header}')",
        "Dòng đầu tiên của bảng phải là dòng tiêu đề cột; tạo bảng mẫu có đủ tiêu đề bằng "
        "drafter batch --template-csv MẪU.xlsx.",
        where=label,
    )


def _checked_table(
    label: str,
    number: int,
    texts: list[str],
    targets: list[Target | None],
    records: Iterator[Record],
    *,
    long: bool,
) -> Table:
    """Return the table whose header row ``number`` has ``texts``; raise when it is unusable."""
    unknown = [(i, text) for i, (text, t) in enumerate(zip(texts, targets, strict=True)) if not t]
    if unknown:
        raise _unknown_headers_error(label, number, unknown, long=long)
    resolved = [t for t in targets if t is not None]
    _refuse_duplicates(label, texts, resolved)
    return Table(label, resolved, records)


def _unknown_headers_error(
    label: str, number: int, unknown: Sequence[tuple[int, str]], *, long: bool
) -> UserError:
    """Return the error naming each unknown header with the known header nearest to it."""
    odd = vi.garbled_characters(" ".join(text for _, text in unknown))
    if odd:
        return garbled_error(odd, label)
    lines = []
    for index, text in unknown:
        guess = suggest_header(text, long=long)
        hint = f" (có phải là '{guess}'?)" if guess else ""
        lines.append(f"cột {column_letter(index)} '{text}'{hint}")
    return UserError(
        f"dòng tiêu đề {number} có cột drafter không biết: " + "; ".join(lines),
        "Sửa tiêu đề cho đúng (bảng mẫu có đủ tiêu đề: drafter batch --template-csv "
        "MẪU.xlsx); cột ghi chú riêng của văn phòng hãy đặt tiêu đề 'Ghi chú'.",
        where=label,
    )


def _refuse_duplicates(label: str, texts: Sequence[str], targets: Sequence[Target]) -> None:
    """Raise when a header is written twice, or two headers fill the same data."""
    first_seen: dict[str, int] = {}
    by_identity: dict[tuple[Any, ...], int] = {}
    for index, (text, target) in enumerate(zip(texts, targets, strict=True)):
        if target.kind in ("blank", "ignore"):
            continue
        key = match_key(text)
        if key in first_seen:
            raise UserError(
                f"cột '{text}' có hai lần "
                f"(cột {column_letter(first_seen[key])} và cột {column_letter(index)})",
                "Xóa hoặc đổi tên một trong hai cột rồi chạy lại.",
                where=label,
            )
        first_seen[key] = index
        identity = target.identity()
        if identity in by_identity:
            other = texts[by_identity[identity]]
            raise UserError(
                f"cột '{other}' và cột '{text}' cùng ghi vào một mục dữ liệu",
                "Giữ một trong hai cột rồi chạy lại.",
                where=label,
            )
        by_identity[identity] = index
