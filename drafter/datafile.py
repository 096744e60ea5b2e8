"""Data files: load, validate and save a ``Report`` as YAML or JSON, losslessly.

YAML is read as YAML 1.2 with one change: a float-looking scalar is kept as the text the
clerk typed and read the Vietnamese way, so ``2.865`` is 2865 and ``35.8`` is refused as
ambiguous instead of silently becoming thirty-five point eight. Every problem of a file is
reported at once with its path in the data and, for YAML, its line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter import yamlio
from drafter.errors import DataFileError, Finding, UserError
from drafter.explain import findings_of
from drafter.files import atomic_write_text
from drafter.models import Report

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)

_HEADER = (
    "# Tệp dữ liệu drafter: mọi số liệu của một hội nghị. Sửa được bằng tay;\n"
    "# số thập phân dùng dấu phẩy (35,8), số nghìn dùng dấu chấm (2.865).\n"
)


def load_report(path: Path) -> Report:
    """Return the validated report in ``path``; raise ``DataFileError`` listing every problem."""
    raw, lines = read_raw(path)
    problems = validation_problems(raw, lines) + missing_photos(raw, lines, path.parent)
    if problems:
        raise DataFileError(str(path), problems)
    return Report.model_validate(raw)


def check_file(path: Path) -> list[Finding]:
    """Return every problem in ``path`` (empty when it is valid); unreadable files raise."""
    raw, lines = read_raw(path)
    return validation_problems(raw, lines) + missing_photos(raw, lines, path.parent)


def read_raw(path: Path) -> tuple[Any, LineMap]:
    """Return the plain content of ``path`` and a map from data paths to line numbers."""
    text = yamlio.read_text(path, "một tệp .yaml hoặc .json")
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UserError(
                f"JSON sai cú pháp ở dòng {error.lineno}, cột {error.colno}: {error.msg}",
                "Sửa cú pháp (dấu phẩy, ngoặc, dấu nháy) rồi chạy lại.",
                where=str(path),
            ) from None
        return data, LineMap(None)
    if suffix in YAML_SUFFIXES:
        data = yamlio.parse(text, str(path), data_file=True)
        return yamlio.plain(data, where=str(path)), LineMap(data)
    raise UserError(
        f"không đọc được tệp có đuôi '{path.suffix}'",
        "Dùng tệp dữ liệu .yaml, .yml hoặc .json.",
        where=str(path),
    )


def validation_problems(raw: Any, lines: LineMap) -> list[Finding]:
    """Return the problems pydantic finds in ``raw``, in Vietnamese, with paths and lines."""
    if not isinstance(raw, Mapping):
        return [Finding("", "tệp dữ liệu phải là một nhóm mục (khóa: giá trị) ở cấp ngoài cùng")]
    try:
        Report.model_validate(raw)
    except ValidationError as error:
        return findings_of(error, Report, lines.line_of)
    return []


def missing_photos(raw: Any, lines: LineMap, folder: Path) -> list[Finding]:
    """Return a problem for each photo file that cannot be used (paths relative to the data)."""
    from drafter.photos import photo_problem

    photos = raw.get("photos") if isinstance(raw, Mapping) else None
    if not isinstance(photos, list):
        return []
    problems = []
    for index, photo in enumerate(photos):
        file = photo.get("file") if isinstance(photo, Mapping) else None
        problem = photo_problem(folder, file.strip()) if isinstance(file, str) else None
        if isinstance(file, str) and file.strip() and problem is not None:
            where = f"photos[{index}].file"
            line = lines.line_of(("photos", index, "file"))
            reason = f"{problem}; hãy sửa đường dẫn hoặc bỏ mục file"
            problems.append(Finding(where, reason, line=line))
    return problems


def save_report(report: Report, path: Path, *, overwrite: bool = False) -> None:
    """Write ``report`` to ``path`` (YAML or JSON by suffix) atomically."""
    atomic_write_text(path, dump_report(report, path.suffix.lower()), overwrite=overwrite)


def dump_report(report: Report, suffix: str = ".yaml") -> str:
    """Return the text of ``report`` as a data file; numbers written the Vietnamese way."""
    data = to_plain(report)
    if suffix in JSON_SUFFIXES:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if suffix not in YAML_SUFFIXES:
        raise UserError(
            f"không ghi được tệp dữ liệu đuôi '{suffix}'", "Dùng đuôi .yaml hoặc .json."
        )
    return yamlio.dump(data, _HEADER)


def to_plain(model: BaseModel) -> dict[str, Any]:
    """Return ``model`` as plain data: defaults left out, decimals as Vietnamese text."""
    dumped = model.model_dump(mode="python", exclude_defaults=True)
    converted = yamlio.plain(dumped, leaf=_vietnamese_leaf)
    assert isinstance(converted, dict)
    return converted


def _vietnamese_leaf(value: Any) -> Any:
    """Return a value as a data file writes it: decimals the Vietnamese way, dates in ISO."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(value)
        return format(value, "f").replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return value


class LineMap:
    """Find the line of a data path in a YAML document loaded in round-trip mode."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """Return the 1-based line of the deepest node of ``loc`` that has a position."""
        node = self._data
        line: int | None = None
        for part in loc:
            position = _position(node, part)
            if position is None:
                break
            line = position
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return line


def _position(node: Any, part: int | str) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(part, int) and isinstance(node, list):
            return int(lc.item(part)[0]) + 1
        if isinstance(node, dict) and part in node:
            return int(lc.key(part)[0]) + 1
    except (KeyError, IndexError, TypeError):
        return None
    return None
