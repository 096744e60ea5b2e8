"""Tables: the header row of a sheet found, resolved to targets and checked.

A table may have title rows above its header. A header row is usable when none of its titles
is written twice and no two columns fill the same data; otherwise the whole file is refused
(``UserError``). A title drafter does not know is ignored with one warning naming it with the
nearest known title (refused instead with ``--strict-columns``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from drafter import vietnamese as vi
from drafter.errors import UserError
from drafter.sheet.cells import Record, cell_text
from drafter.sheet.fit import Fit
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


def open_table(
    records: Iterator[Record], label: str, *, long: bool, fit: Fit | None = None
) -> Table:
    """Return the table in ``records`` with its header resolved; raise when it is unusable.

    Her own headers are mapped through ``fit`` first; a column drafter does not know is
    ignored with one warning (refused with ``fit.strict_columns``).
    """
    fit = fit or Fit()
    seen, first_number = 0, 0
    first: list[str] = []
    for number, cells in records:
        texts = ["" if cell is None else cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        seen += 1
        if not first:
            first, first_number = texts, number
        targets = _resolved(texts, fit, long=long)
        known = [t for t in targets if t is not None and t.kind not in ("blank", "ignore")]
        if known:
            return _checked_table(label, number, texts, targets, records, long=long, fit=fit)
        if seen >= _HEADER_SEARCH:
            break
    odd = vi.garbled_characters(" ".join(first))
    if odd:
        raise garbled_error(odd, label)
    if any(text and suggest_header(text, long=long) for text in first):
        # A header row whose every title is misspelt: name them with their nearest titles.
        targets = _resolved(first, fit, long=long)
        strict = dataclasses.replace(fit, strict_columns=True)
        _checked_table(label, first_number, first, targets, records, long=long, fit=strict)
    raise _no_header_error(label, empty=seen == 0, long=long)


def _resolved(texts: Sequence[str], fit: Fit, *, long: bool) -> list[Target | None]:
    """Return the target of each header, through her mapping; targets keep her header."""
    resolve = long_target if long else unit_target
    targets: list[Target | None] = []
    for text in texts:
        mapped = fit.header(text)
        target = resolve(mapped)
        if target is not None and mapped != text:
            target = dataclasses.replace(target, header=text)
        targets.append(target)
    return targets


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
    fit: Fit,
) -> Table:
    """Return the table whose header row ``number`` has ``texts``; raise when it is unusable."""
    unknown = [(i, text) for i, (text, t) in enumerate(zip(texts, targets, strict=True)) if not t]
    if unknown:
        odd = vi.garbled_characters(" ".join(text for _, text in unknown))
        if odd:
            raise garbled_error(odd, label)
        named = _named_columns(unknown, long=long)
        if fit.strict_columns:
            raise UserError(
                f"dòng tiêu đề {number} có cột drafter không biết: {named}",
                "Sửa tiêu đề cho đúng (bảng mẫu có đủ tiêu đề: drafter batch --template-csv "
                'MẪU.xlsx), ghép tiêu đề riêng bằng --map "Tiêu đề của bảng=Tiêu đề drafter", '
                "hoặc bỏ --strict-columns để drafter bỏ qua các cột này.",
                where=label,
            )
        fit.warning(
            f"Lưu ý: {label}: bỏ qua {len(unknown)} cột drafter không biết (dòng tiêu đề "
            f"{number}): {named}.\n  → Nếu cần dùng cột nào, sửa tiêu đề cho đúng hoặc ghép "
            'tiêu đề "Tiêu đề của bảng=Tiêu đề drafter" (--map, hoặc ô «Ghép tiêu đề cột» của '
            "trang Soạn hàng loạt); muốn dừng khi có cột lạ: --strict-columns."
        )
    resolved = [t if t is not None else Target(texts[i], "ignore") for i, t in enumerate(targets)]
    _refuse_duplicates(label, texts, resolved)
    _refuse_mixed_photos(label, resolved)
    return Table(label, resolved, records)


def _named_columns(unknown: Sequence[tuple[int, str]], *, long: bool) -> str:
    """Return the unknown headers by letter and title, each with the header nearest to it."""
    lines = []
    for index, text in unknown:
        guess = suggest_header(text, long=long)
        hint = f" (có phải là '{guess}'?)" if guess else ""
        lines.append(f"cột {column_letter(index)} '{text}'{hint}")
    return "; ".join(lines)


def _refuse_mixed_photos(label: str, targets: Sequence[Target]) -> None:
    """Raise when photos come both from a caption list column and from "Ảnh N" columns."""
    listed = [t.header for t in targets if t.kind == "photos"]
    grouped = [t.header for t in targets if t.kind == "text" and t.path[:1] == ("photos",)]
    if listed and grouped:
        raise UserError(
            f"ảnh được ghi ở cả cột '{listed[0]}' và cột '{grouped[0]}'",
            f"Dùng một cách: cột '{listed[0]}' (chỉ chú thích) hoặc các cột "
            f"'{SCHEME.photo_prefix} N - …' (tệp và chú thích); xóa cách còn lại.",
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
