"""Fitting a clerk's own sheet: her header names mapped to drafter's, how strict to be about
columns drafter does not know, and where the reader's warnings go.

The reader never prints: it calls ``Fit.warn`` with each warning (Vietnamese, naming the file
and the columns or rows), and the command line shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter import yamlio
from drafter.errors import UserError
from drafter.sheet.cells import cell_text
from drafter.sheet.headers import known_header, suggest_header
from drafter.sheet.scheme import match_key
from drafter.sheet.sources import CSV_SUFFIXES, csv_records

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Fit:
    """How to read a clerk's own sheet.

    ``mapping`` maps her header (as she writes it) to drafter's header; ``strict_columns``
    refuses a sheet with a column drafter does not know instead of ignoring it with a warning.
    """

    mapping: Mapping[str, str] = field(default_factory=dict)
    strict_columns: bool = False
    warn: Warn | None = None
    found: set[str] = field(default_factory=set, compare=False)
    """The keys of ``mapping`` met in a header row so far (filled while the tables open)."""

    def warning(self, text: str) -> None:
        """Pass ``text`` to ``warn`` (a reader with no one listening drops it)."""
        if self.warn is not None:
            self.warn(text)

    def header(self, text: str) -> str:
        """Return the drafter header her header ``text`` stands for (itself when not mapped)."""
        key = match_key(text)
        keyed = {match_key(own): header for own, header in self.mapping.items()}
        if not text or key not in keyed:
            return text
        self.found.add(key)
        return keyed[key]

    def warn_unused(self, label: str) -> None:
        """Warn of the headers of the mapping that no header row of ``label`` has."""
        missing = [own for own in self.mapping if match_key(own) not in self.found]
        if missing:
            shown = ", ".join(f"'{own}'" for own in missing)
            self.warning(
                f"Lưu ý: {label}: không có cột {shown} như các cặp ghép tiêu đề ghi, nên cặp "
                "tiêu đề đó không dùng đến.\n  → Kiểm tra tiêu đề trong bảng và trong các cặp "
                "ghép tiêu đề."
            )


_REMEDY = (
    'Ghi mỗi cặp dạng "Tiêu đề của bảng=Tiêu đề drafter", ví dụ --map "Tên xã=Tên cấp ủy"; '
    "tiêu đề drafter có đủ trong bảng mẫu (drafter batch --template-csv MẪU.xlsx)."
)
_TYPED_REMEDY = (
    'Ghi mỗi dòng một cặp "Tiêu đề của bảng=Tiêu đề drafter", ví dụ "Tên xã=Tên cấp ủy"; '
    "tiêu đề drafter có đủ trong bảng mẫu."
)


def column_mapping(pairs: Iterable[str] = (), file: Path | None = None) -> dict[str, str]:
    """Return the mapping of ``--map`` pairs and a ``--map-file``; raise on a bad pair.

    Each pair is "her header=drafter header"; the drafter header must be one drafter reads
    (else the nearest is suggested). A ``--map-file`` is YAML (her header: drafter header) or
    CSV (two columns, no header row). The pairs on the command line win over the file's.
    """
    mapping: dict[str, str] = {}
    if file is not None:
        for (own, drafter_header), where in _file_pairs(file):
            _add(mapping, own, drafter_header, where)
    for pair in pairs:
        own, sep, drafter_header = pair.partition("=")
        if not sep:
            raise UserError(f"'{pair}' thiếu dấu '='", _REMEDY, where="--map")
        _add(mapping, own, drafter_header, "--map")
    return mapping


def typed_mapping(text: str, where: str) -> dict[str, str]:
    """Return the mapping typed in a box, one "her header=drafter header" a line.

    The browser's batch page takes the pairs this way; ``where`` names the box, and an error
    names the box and the line.
    """
    mapping: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        own, sep, drafter_header = line.partition("=")
        place = f"{where}, dòng {number}"
        if not sep:
            raise UserError(f"'{line.strip()}' thiếu dấu '='", _TYPED_REMEDY, where=place)
        _add(mapping, own, drafter_header, place, remedy=_TYPED_REMEDY)
    return mapping


def _add(
    mapping: dict[str, str], own: str, drafter_header: str, where: str, remedy: str = _REMEDY
) -> None:
    """Add one pair to ``mapping``; raise when a side is empty or the target unknown."""
    own, drafter_header = own.strip(), drafter_header.strip()
    if not own or not drafter_header:
        raise UserError(f"cặp tiêu đề '{own}={drafter_header}' thiếu một bên", remedy, where=where)
    if not known_header(drafter_header):
        guess = suggest_header(drafter_header, long=False) or suggest_header(
            drafter_header, long=True
        )
        hint = f" (có phải là '{guess}'?)" if guess else ""
        raise UserError(
            f"'{own}={drafter_header}': drafter không có cột '{drafter_header}'{hint}",
            remedy,
            where=where,
        )
    for known in [key for key in mapping if match_key(key) == match_key(own)]:
        del mapping[known]  # the later pair wins (the command line over the file)
    mapping[own] = drafter_header


def _file_pairs(path: Path) -> list[tuple[tuple[str, str], str]]:
    """Return the (her header, drafter header) pairs of a map file, each with its place."""
    suffix = path.suffix.lower()
    if suffix not in (*CSV_SUFFIXES, ".yaml", ".yml"):
        raise UserError(
            f"tệp ghép tiêu đề phải là .yaml hoặc .csv, không phải '{path.suffix}'",
            "Ghi các cặp vào tệp .yaml (mỗi dòng 'Tên xã: Tên cấp ủy') hoặc .csv (hai cột).",
            where=str(path),
        )
    if path.is_file() and path.stat().st_size < 4096 and not _text_in(path):
        raise UserError(
            "tệp ghép tiêu đề trống",
            "Ghi mỗi dòng một cặp, ví dụ 'Tên xã: Tên cấp ủy' (.yaml) hoặc 'Tên xã;Tên cấp ủy' "
            "(.csv).",
            where=str(path),
        )
    if suffix in CSV_SUFFIXES:
        pairs = []
        records = csv_records(path)
        try:
            for number, cells in records:
                texts = [cell_text(cell) for cell in cells if cell is not None]
                if not texts:
                    continue
                if len(texts) != 2:
                    raise UserError(
                        f"dòng {number} cần đúng hai ô: tiêu đề của bảng; tiêu đề drafter",
                        _REMEDY,
                        where=str(path),
                    )
                pairs.append(((texts[0], texts[1]), f"{path}, dòng {number}"))
        finally:
            records.close()
        return pairs
    raw: Any = yamlio.load(path, "một tệp .yaml hoặc .csv ghép tiêu đề")
    if not isinstance(raw, Mapping) or not all(
        isinstance(value, str | int) for value in raw.values()
    ):
        raise UserError(
            "tệp ghép tiêu đề phải là các dòng 'Tiêu đề của bảng: Tiêu đề drafter'",
            "Ví dụ một dòng: 'Tên xã: Tên cấp ủy'.",
            where=str(path),
        )
    return [((str(own), str(target)), str(path)) for own, target in raw.items()]


def _text_in(path: Path) -> bool:
    """Return whether the small file ``path`` holds more than white space and a BOM."""
    try:
        return bool(path.read_bytes().strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"))
    except OSError:
        return True  # the reader says what is wrong with it
