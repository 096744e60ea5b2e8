"""YAML in one place: reading with Vietnamese errors and NFC text, one round-trip writer.

Every YAML drafter reads, data files, phrasebanks, profiles, its own question and column
files, goes through ``load`` (or ``parse`` for text in hand), and every YAML it writes
through ``dump``. Reading is safe (no Python tags) and bounded:

- nesting deeper than the stack allows is an error, not a crash;
- aliases (``&a`` / ``*a``) are kept shared while parsing, and ``plain`` (the one walker that
  turns what was read into plain dicts, lists and NFC strings) counts every node it visits,
  so a few hundred bytes of nested aliases (a "billion laughs") stop at ``MAX_NODES`` instead
  of exhausting memory.

Data files keep float-looking scalars as typed text (``35,8`` and ``2.865`` are read the
Vietnamese way by the models, ``35.8`` is refused rather than guessed), and keep the line of
every key so errors can name it (round-trip mode).
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from stat import S_ISREG
from typing import Any

from drafter.errors import UserError
from drafter.files import read_input

MAX_NODES = 1_000_000
"""Most values one YAML file may expand to; real files have a few thousand."""
MAX_BYTES = 20_000_000
"""Largest YAML file read."""

_DECIMAL = re.compile(r"[-+]?[0-9]{1,30}")
MAX_DEPTH = 100
"""Deepest nesting of [ ] and { } read; a data file nests five or six levels."""
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_OLD_YAML = re.compile(r"^%YAML\s+1\.[01]\b", re.M)
_SYNTAX_REMEDY = "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab) và dấu hai chấm sau mỗi khóa."
_VALUE_REMEDY = (
    "Sửa giá trị ở dòng này (ngày viết 2023-09-15 hoặc 15/9/2023; số không quá 30 chữ số)."
)


def read_text(path: Path, expected: str, *, nfc: bool = True) -> str:
    """Return the UTF-8 text of ``path`` (BOM dropped) in NFC; errors name the file and line.

    ``expected`` says what to point at instead, e.g. "một tệp .yaml hoặc .json".
    """
    data = read_input(path, expected, limit=MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UserError(
            f"tệp quá lớn (trên {MAX_BYTES // 1_000_000} MB)",
            f"Chỉ ra {expected} có kích thước bình thường.",
            where=str(path),
        )
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
    if not nfc or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def load(path: Path, expected: str = "một tệp .yaml", *, nfc: bool = True) -> Any:
    """Return the plain data (dicts, lists, NFC strings) of the YAML file ``path``.

    ``nfc=False`` keeps the text as the file has it, for a linter that reports NFD text.
    A file is parsed once per version (its size and modification time): phrasebanks and
    profiles are read by every session, and the YAML parser is slow. Each call gets its own
    copy, so a caller may change what it was given.
    """
    try:
        found = path.stat()
    except OSError:
        found = None
    if found is None or not S_ISREG(found.st_mode):
        return _load(path, expected, nfc)  # read_text says what is wrong with it
    key = (str(path.resolve()), found.st_mtime_ns, found.st_size, expected, nfc)
    return copy.deepcopy(_load_version(*key))


@functools.lru_cache(maxsize=64)
def _load_version(path: str, mtime_ns: int, size: int, expected: str, nfc: bool) -> Any:
    """Return the parsed file ``path`` as it is at that version (the key's other parts)."""
    return _load(Path(path), expected, nfc)


def _load(path: Path, expected: str, nfc: bool) -> Any:
    text = read_text(path, expected, nfc=nfc)
    return plain(parse(text, str(path)), where=str(path), nfc=nfc)


def parse(text: str, where: str, *, data_file: bool = False) -> Any:
    """Return the YAML document in ``text`` as parsed, errors naming ``where`` and the line.

    ``data_file`` reads in round-trip mode (keys keep their lines) with float-looking scalars
    kept as text, as drafter's data files need; otherwise the safe loader is used.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import ConstructorError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if _OLD_YAML.search(text):
        raise UserError(
            "tệp khai báo %YAML 1.1: drafter đọc YAML 1.2, nơi số và ngày được hiểu khác",
            "Xóa dòng %YAML ở đầu tệp.",
            where=where,
        )
    if _too_deep(text):
        raise UserError(
            f"YAML lồng nhau quá sâu (hơn {MAX_DEPTH} ngoặc [ hoặc {{ lồng vào nhau)",
            "Tệp chỉ lồng vài cấp; sửa lại theo tệp mẫu.",
            where=where,
        )
    if data_file:
        yaml = YAML(typ="rt")
        yaml.Constructor = _vietnamese_constructor()
        if "{" in text and "," in text:
            _refuse_split_numbers(yaml, text, where)
    else:
        yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f" ở dòng {mark.line + 1}" if mark is not None else ""
        remedy = _VALUE_REMEDY if isinstance(error, ConstructorError) else _SYNTAX_REMEDY
        raise UserError(
            f"YAML sai cú pháp{line}: {error.problem or error.context}", remedy, where=where
        ) from None
    except YAMLError as error:
        raise UserError(
            f"YAML không đọc được: {str(error)[:200]}", "Kiểm tra cú pháp tệp.", where=where
        ) from None
    except RecursionError:
        raise UserError(
            "YAML lồng nhau quá sâu (quá nhiều ngoặc [ hoặc { lồng vào nhau)",
            "Tệp chỉ lồng vài cấp; sửa lại theo tệp mẫu.",
            where=where,
        ) from None


_WHOLE = re.compile(r"-?[\d.]+")
_DIGITS = re.compile(r"\d+")


def _refuse_split_numbers(yaml: Any, text: str, where: str) -> None:
    """Raise ``UserError`` where a decimal comma split a number in a ``{…}`` mapping.

    In flow style ``{percent: 6,47}`` YAML reads the comma as the end of an item: percent
    becomes 6 and a new item "47" appears with no value. Said here, with the line and the
    remedy, rather than as an unknown item "47".
    """
    from ruamel.yaml.error import YAMLError

    try:
        root = yaml.compose(text)
    except YAMLError:
        return  # the load that follows says what is wrong
    for key, value, following in _flow_pairs(root):
        number = f"{value.value},{following.value}"
        raise UserError(
            f"ở dòng {key.start_mark.line + 1}, «{key.value}: {number}» nằm trong ngoặc nhọn "
            f"{{…}}: YAML tách số ở dấu phẩy, thành {key.value}: {value.value} và một mục lạ "
            f"'{following.value}'",
            f'Ghi số trong ngoặc kép: {key.value}: "{number}", hoặc viết mỗi mục một dòng '
            "(kiểu khối, không dùng ngoặc nhọn).",
            where=where,
        )


def _flow_pairs(node: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Yield (key, value, next key) where a flow mapping holds a number split at a comma."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from _flow_pairs(item)
    elif isinstance(node, MappingNode):
        pairs = node.value
        for (key, value), (following, empty) in itertools.pairwise(pairs):
            if (
                node.flow_style
                and isinstance(value, ScalarNode)
                and isinstance(following, ScalarNode)
                and value.style is None
                and following.style is None
                and _WHOLE.fullmatch(value.value)
                and _DIGITS.fullmatch(following.value)
                and isinstance(empty, ScalarNode)
                and empty.value == ""
            ):
                yield key, value, following
        for _, value in pairs:
            yield from _flow_pairs(value)


def _too_deep(text: str) -> bool:
    """Return whether brackets in ``text`` nest deeper than ``MAX_DEPTH``, before parsing.

    The parser would take seconds on thousands of levels before it gave up.
    """
    brackets = _NOT_BRACKET.sub("", text)  # at C speed; a usual file keeps a few dozen
    if len(brackets) <= MAX_DEPTH:
        return False
    depth = 0
    for char in brackets:
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return True
    return False


def plain(
    value: Any,
    *,
    where: str = "",
    limit: int = MAX_NODES,
    nfc: bool = True,
    leaf: Callable[[Any], Any] | None = None,
) -> Any:
    """Return ``value`` as plain dicts, lists and NFC strings, visiting at most ``limit`` nodes.

    The one walker over plain data: round-trip containers become new dicts and lists (a
    copy: the result shares no container with ``value``), keys become strings, aliases are
    expanded, and expansion is bounded. ``leaf`` converts every other value (e.g. dates to
    ISO text, decimals to Vietnamese numbers).
    """
    budget = [limit]

    def walk(node: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > 200:
            raise UserError(
                "tệp YAML mở rộng ra quá nhiều phần tử hoặc lồng quá sâu "
                "(có thể do bí danh & và * lồng nhau)",
                "Bỏ các bí danh (&tên, *tên) và ghi thẳng giá trị.",
                where=where or None,
            )
        if isinstance(node, str):
            return node if node.isascii() or not nfc else unicodedata.normalize("NFC", node)
        if isinstance(node, Mapping):
            return {str(walk(key, depth + 1)): walk(item, depth + 1) for key, item in node.items()}
        if isinstance(node, list | tuple):
            return [walk(item, depth + 1) for item in node]
        return node if leaf is None else leaf(node)

    return walk(value, 0)


def dump(data: Any, header: str = "") -> str:
    """Return ``data`` as YAML text in drafter's style (2-space maps, Unicode, 100 columns)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    stream.write(header)
    yaml.dump(data, stream)
    return stream.getvalue()


def _vietnamese_constructor() -> type:
    """Return a round-trip constructor that keeps float-looking scalars as typed text."""
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

    class VietnameseNumbers(RoundTripConstructor):
        pass

    def float_as_text(constructor: Any, node: Any) -> Any:
        return constructor.construct_scalar(node)

    def decimal_int(constructor: Any, node: Any) -> Any:
        """Return a whole number typed in decimal digits; 0x10, 0o17, 1_000, 1:30 stay text.

        YAML reads those as hexadecimal, octal or base-60 numbers, which no clerk means; as
        text they meet the models' strict Vietnamese number parsing and its remedy.
        """
        text = constructor.construct_scalar(node)
        return int(text) if _DECIMAL.fullmatch(text) else text

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
    VietnameseNumbers.add_constructor("tag:yaml.org,2002:int", decimal_int)
    return VietnameseNumbers
