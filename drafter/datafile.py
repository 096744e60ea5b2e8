"""Data files: load, validate and save a ``Report`` as YAML or JSON, losslessly.

YAML is read as YAML 1.2 with one change: a float-looking scalar is kept as the text the
clerk typed and read the Vietnamese way, so ``2.865`` is 2865 and ``35.8`` is refused as
ambiguous instead of silently becoming thirty-five point eight. Every problem of a file is
reported at once with its path in the data and, for YAML, its line.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter.errors import DataFileError, Problem, UserError
from drafter.explain import explain, format_path
from drafter.files import atomic_write_text, read_input
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


def check_file(path: Path) -> list[Problem]:
    """Return every problem in ``path`` (empty when it is valid); unreadable files raise."""
    raw, lines = read_raw(path)
    return validation_problems(raw, lines) + missing_photos(raw, lines, path.parent)


def read_raw(path: Path) -> tuple[Any, LineMap]:
    """Return the parsed content of ``path`` and a map from data paths to line numbers."""
    text = _read_text(path)
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
        data = _parse_yaml(text, path)
        return data, LineMap(data)
    raise UserError(
        f"không đọc được tệp có đuôi '{path.suffix}'",
        "Dùng tệp dữ liệu .yaml, .yml hoặc .json.",
        where=str(path),
    )


def validation_problems(raw: Any, lines: LineMap) -> list[Problem]:
    """Return the problems pydantic finds in ``raw``, in Vietnamese, with paths and lines."""
    if not isinstance(raw, Mapping):
        return [Problem("", "tệp dữ liệu phải là một nhóm mục (khóa: giá trị) ở cấp ngoài cùng")]
    try:
        Report.model_validate(raw)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            path = format_path(detail["loc"])
            problems.append(Problem(path, explain(detail, Report), lines.line_of(detail["loc"])))
        return problems
    return []


def missing_photos(raw: Any, lines: LineMap, folder: Path) -> list[Problem]:
    """Return a problem for each photo file that does not exist (paths relative to the data)."""
    photos = raw.get("photos") if isinstance(raw, Mapping) else None
    if not isinstance(photos, list):
        return []
    problems = []
    for index, photo in enumerate(photos):
        file = photo.get("file") if isinstance(photo, Mapping) else None
        if isinstance(file, str) and file.strip() and not (folder / file.strip()).is_file():
            problems.append(
                Problem(
                    f"photos[{index}].file",
                    f"không thấy tệp ảnh '{file}' (tính từ thư mục của tệp dữ liệu); "
                    "hãy sửa đường dẫn hoặc bỏ mục file",
                    lines.line_of(("photos", index, "file")),
                )
            )
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
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    stream.write(_HEADER)
    yaml.dump(data, stream)
    return stream.getvalue()


def to_plain(model: BaseModel) -> dict[str, Any]:
    """Return ``model`` as plain data: defaults left out, decimals as Vietnamese text."""
    dumped = model.model_dump(mode="python", exclude_defaults=True)
    converted = _plain(dumped)
    assert isinstance(converted, dict)
    return converted


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(value)
        return format(value, "f").replace(".", ",")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_data(value: Any) -> Any:
    """Return ``value`` with round-trip YAML containers turned into plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_data(item) for item in value]
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


def _read_text(path: Path) -> str:
    data = read_input(path, "một tệp .yaml hoặc .json")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(
            f"tệp không phải văn bản UTF-8 (byte lạ ở dòng {line})",
            "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save As → UTF-8).",
            where=str(path),
        ) from None
    # Some editors save decomposed (NFD) text: "được" must match the choices typed in NFC.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _parse_yaml(text: str, path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import ConstructorError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.Constructor = _vietnamese_constructor()
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f" ở dòng {mark.line + 1}" if mark is not None else ""
        remedy = (
            "Sửa giá trị ở dòng này (ngày viết 2023-09-15 hoặc 15/9/2023; số không quá 30 chữ số)."
            if isinstance(error, ConstructorError)
            else "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab) và dấu hai chấm sau mỗi khóa."
        )
        raise UserError(
            f"YAML sai cú pháp{line}: {error.problem or error.context}", remedy, where=str(path)
        ) from None
    except YAMLError as error:
        raise UserError(
            f"YAML không đọc được: {error}", "Kiểm tra cú pháp tệp.", where=str(path)
        ) from None
    except RecursionError:
        raise UserError(
            "YAML lồng nhau quá sâu (quá nhiều ngoặc [ hoặc { lồng vào nhau)",
            "Tệp dữ liệu chỉ lồng vài cấp; sửa lại theo tệp mẫu trong examples/.",
            where=str(path),
        ) from None


def _vietnamese_constructor() -> type:
    """Return a round-trip constructor that keeps float-looking scalars as typed text."""
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

    class VietnameseNumbers(RoundTripConstructor):
        pass

    def float_as_text(constructor: Any, node: Any) -> Any:
        return constructor.construct_scalar(node)

    def checked(build: Any, reason: str) -> Any:
        """Return a constructor that reports a value Python refuses at its line."""

        def construct(constructor: Any, node: Any) -> Any:
            try:
                return build(constructor, node)
            except ValueError:
                raise ConstructorError(
                    None, None, f"{reason}: {node.value[:40]}", node.start_mark
                ) from None

        return construct

    VietnameseNumbers.add_constructor("tag:yaml.org,2002:float", float_as_text)
    VietnameseNumbers.add_constructor(
        "tag:yaml.org,2002:timestamp",
        checked(RoundTripConstructor.construct_yaml_timestamp, "ngày không có trên lịch"),
    )
    VietnameseNumbers.add_constructor(
        "tag:yaml.org,2002:int",
        checked(RoundTripConstructor.construct_yaml_int, "số nguyên không đọc được"),
    )
    return VietnameseNumbers
