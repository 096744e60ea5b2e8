"""Template check: find what would break a clerk's DOCX template before it is used.

A DOCX template is Word text with docxtpl tags. Word splits text into runs as it likes, turns
straight quotes into curly ones and knows nothing of Jinja, so a template edited in Word may
fail to render, or render wrongly, far from where the mistake is. Each check here returns
``Finding``s naming the paragraph (with its text around the tag) and the remedy.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from drafter.check.findings import finding
from drafter.check.styles import W
from drafter.contexts import (
    PressTemplateContext,
    ReportContext,
    ResolutionContext,
    keys_of,
    template_items,
    template_names,
)
from drafter.errors import Finding, UserError
from drafter.files import check_package
from drafter.resources import data_dir

TEMPLATE_FOLDER = "templates_docx"

# The names a template may use, derived from the typed contexts of drafter/contexts.py that
# compose builds (resolution; press, with the photos drafter/render.py adds).
RESOLUTION_KEYS = keys_of(ResolutionContext)
PRESS_KEYS = keys_of(PressTemplateContext)
REPORT_KEYS = keys_of(ReportContext)
TEMPLATE_NAMES = template_names()
# The fields of the items of list keys whose items are records, not plain strings.
ITEM_KEYS: dict[str, frozenset[str]] = template_items()

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_BLOCK = re.compile(r"\{%-?(?:(p|tr|tc|r)\s)?\s*(\w+)")
_DOCXTPL_PREFIX = re.compile(r"(\{%-?|\{\{-?)(?:p|tr|tc|r)\s")
_CURLY = "“”‘’„‟‚‛"  # the quotes Word's AutoFormat types
_STRAIGHT = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
)
_OPENERS = frozenset({"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape"})


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a template part: its runs' texts, where it is, and its table cell."""

    runs: tuple[str, ...]
    where: str
    cell: tuple[int, int, int] | None

    @property
    def text(self) -> str:
        """Return the paragraph's text, runs joined."""
        return "".join(self.runs)


# ---------------------------------------------------------------------------
# Built-in templates: list and copy
# ---------------------------------------------------------------------------


def builtin_templates() -> list[Path]:
    """Return the built-in DOCX templates, sorted by name."""
    return sorted(data_dir(TEMPLATE_FOLDER).glob("*.docx"))


def new_template(target: Path, source: str, *, overwrite: bool = False) -> Path:
    """Return ``target`` (".docx" added) after copying the built-in template ``source`` there."""
    from drafter.files import atomic_write_bytes, refuse_to_clobber

    names = {path.stem: path for path in builtin_templates()}
    chosen = names.get(source.removesuffix(".docx"))
    if chosen is None:
        raise UserError(
            f"không có mẫu có sẵn tên «{source}»",
            f"Chọn một trong: {', '.join(sorted(names))} (drafter templates list).",
        )
    if target.suffix.lower() != ".docx":
        target = target.with_name(target.name + ".docx")
    refuse_to_clobber(target, overwrite=overwrite)
    if not target.parent.is_dir():
        raise UserError("không có thư mục này", "Tạo thư mục trước.", where=str(target.parent))
    atomic_write_bytes(target, chosen.read_bytes(), overwrite=overwrite)  # never through a link
    return target


# ---------------------------------------------------------------------------
# Reading a template
# ---------------------------------------------------------------------------


def read_parts(path: Path) -> dict[str, list[Paragraph]]:
    """Return the paragraphs of the body, headers and footers; raise when unreadable."""
    where = str(path)
    if not path.is_file():
        raise UserError("không có tệp mẫu này", "Kiểm tra tên và đường dẫn tệp.", where=where)
    if not zipfile.is_zipfile(path):
        raise UserError(
            "tệp mẫu không phải tệp DOCX (Word 2007 trở lên)",
            "Mở tệp bằng Word hoặc LibreOffice rồi lưu lại dưới dạng .docx.",
            where=where,
        )
    check_package(path, "Lưu lại tệp bằng Word hoặc LibreOffice dưới dạng .docx.")
    parts: dict[str, list[Paragraph]] = {}
    with zipfile.ZipFile(path) as archive:
        names = [
            name
            for name in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)
        ]
        if "word/document.xml" not in names:
            raise UserError(
                "tệp DOCX thiếu phần nội dung (word/document.xml)",
                "Lưu lại tệp bằng Word hoặc LibreOffice dưới dạng .docx.",
                where=where,
            )
        for name in sorted(names, key=lambda n: (n != "word/document.xml", n)):
            try:
                root = ElementTree.fromstring(archive.read(name))
            except ElementTree.ParseError as error:
                raise UserError(
                    f"phần {name} của tệp DOCX hỏng ({error})",
                    "Lưu lại tệp bằng Word hoặc LibreOffice dưới dạng .docx.",
                    where=where,
                ) from None
            parts[name] = list(_paragraphs(root, _part_label(name)))
    return parts


def _part_label(name: str) -> str:
    """Return how a place names a part: "đầu trang", "chân trang", "" for the body."""
    if "header" in name:
        return "đầu trang"
    if "footer" in name:
        return "chân trang"
    return ""


def _paragraphs(root: ElementTree.Element, label: str) -> Iterator[Paragraph]:
    """Yield the part's paragraphs in order, each with its place ("đoạn 3", "bảng 1, …")."""
    body = root.find(f"{W}body")
    container = body if body is not None else root
    number = 0
    tables = 0
    for child in container:
        if child.tag == f"{W}p":
            number += 1
            place = f"{label}, đoạn {number}" if label else f"đoạn {number}"
            yield Paragraph(_runs(child), place, None)
        elif child.tag == f"{W}tbl":
            tables += 1
            yield from _table(child, tables, label)


def _table(table: ElementTree.Element, index: int, label: str) -> Iterator[Paragraph]:
    """Yield the paragraphs of table ``index``, each with its row and cell."""
    for row_no, row in enumerate(table.findall(f"{W}tr"), start=1):
        for cell_no, cell in enumerate(row.findall(f"{W}tc"), start=1):
            for p_no, paragraph in enumerate(cell.iter(f"{W}p"), start=1):
                place = f"bảng {index}, hàng {row_no}, ô {cell_no}, đoạn {p_no}"
                place = f"{label}, {place}" if label else place
                yield Paragraph(_runs(paragraph), place, (index, row_no, cell_no))


def _runs(paragraph: ElementTree.Element) -> tuple[str, ...]:
    """Return the text of each run of ``paragraph`` (hyperlinks and smart tags included)."""
    texts = []
    for run in paragraph.iter(f"{W}r"):
        text = "".join(node.text or "" for node in run.iter(f"{W}t"))
        if text:
            texts.append(text.replace("\n", " "))
    return tuple(texts)


def _around(paragraph: Paragraph, start: int, end: int) -> str:
    """Return the place of a tag and the paragraph text around it."""
    text = paragraph.text
    left = max(0, start - 25)
    right = min(len(text), end + 25)
    shown = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    return f"{paragraph.where}: «{shown}»"


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def check_template(path: Path) -> list[Finding]:
    """Return every finding on the DOCX template at ``path``."""
    findings: list[Finding] = []
    for paragraphs in read_parts(path).values():
        findings += check_split_tags(paragraphs)
        findings += check_curly_quotes(paragraphs)
        blocks = check_blocks(paragraphs)
        findings += blocks
        if not any(f.rule in ("jinja.unclosed", "jinja.syntax") for f in blocks):
            findings += check_syntax_and_names(paragraphs)
    return findings


def check_split_tags(paragraphs: list[Paragraph]) -> list[Finding]:
    """Return the tags Word split over several runs (formatting changed inside a tag)."""
    findings = []
    for paragraph in paragraphs:
        bounds = []
        offset = 0
        for run in paragraph.runs:
            offset += len(run)
            bounds.append(offset)
        for match in _TAG.finditer(paragraph.text):
            pieces = 1 + sum(match.start() < b < match.end() for b in bounds)
            if pieces > 1:
                findings.append(
                    finding(
                        "tag.split",
                        _around(paragraph, match.start(), match.end()),
                        f"Thẻ «{match.group(0)}» bị Word tách thành {pieces} đoạn định dạng "
                        "(run), thường do sửa dở, soát chính tả hoặc đổi định dạng giữa thẻ. "
                        "Xóa cả thẻ rồi gõ lại liền một lần, cùng một định dạng.",
                    )
                )
    return findings


def check_curly_quotes(paragraphs: list[Paragraph]) -> list[Finding]:
    """Return the tags holding curly quotes, which Jinja does not read as quotes."""
    findings = []
    for paragraph in paragraphs:
        for match in _TAG.finditer(paragraph.text):
            curly = sorted({char for char in match.group(0) if char in _CURLY})
            if curly:
                findings.append(
                    finding(
                        "tag.quotes",
                        _around(paragraph, match.start(), match.end()),
                        f"Thẻ «{match.group(0)}» có dấu nháy cong {' '.join(curly)}. Gõ lại bằng "
                        'dấu nháy thẳng " hoặc \' (tắt AutoFormat "Straight quotes with smart '
                        'quotes" trong Word).',
                    )
                )
    return findings


def check_blocks(paragraphs: list[Paragraph]) -> list[Finding]:
    """Return unclosed or stray blocks, and loops that break a table's rows."""
    findings = []
    stack: list[tuple[str, str | None, Paragraph, re.Match[str]]] = []
    for paragraph in paragraphs:
        for match in _BLOCK.finditer(paragraph.text):
            prefix, word = match.group(1), match.group(2)
            if word in _OPENERS:
                stack.append((word, prefix, paragraph, match))
            elif word.startswith("end") and word[3:] in _OPENERS:
                if not stack or stack[-1][0] != word[3:]:
                    findings.append(_stray(paragraph, match, stack))
                    continue
                _, open_prefix, opened, open_match = stack.pop()
                loop = _table_loop(opened, open_match, open_prefix, paragraph, prefix)
                if loop is not None:
                    findings.append(loop)
    for word, _, paragraph, match in stack:
        tag = _tag_at(paragraph.text, match.start())
        findings.append(
            finding(
                "jinja.unclosed",
                _around(paragraph, match.start(), match.start() + len(tag)),
                f"Thẻ «{tag}» mở khối «{word}» nhưng không có «{{% end{word} %}}» đóng lại. "
                f"Thêm {{% end{word} %}} ở chỗ khối kết thúc.",
            )
        )
    return findings


def _tag_at(text: str, start: int) -> str:
    """Return the whole tag that starts at ``start`` (or the next 30 characters)."""
    match = _TAG.match(text, start)
    return match.group(0) if match else text[start : start + 30]


def _stray(
    paragraph: Paragraph, match: re.Match[str], stack: list[tuple[str, Any, Paragraph, Any]]
) -> Finding:
    """Return the finding on an end tag that closes no block open here."""
    tag = _tag_at(paragraph.text, match.start())
    expected = f"{{% end{stack[-1][0]} %}}" if stack else "không có khối nào đang mở"
    return finding(
        "jinja.syntax",
        _around(paragraph, match.start(), match.start() + len(tag)),
        f"Thẻ «{tag}» đóng một khối không mở ở đây (cần: {expected}). Sửa hoặc xóa thẻ đóng này.",
    )


def _table_loop(
    opened: Paragraph,
    open_match: re.Match[str],
    open_prefix: str | None,
    closed: Paragraph,
    close_prefix: str | None,
) -> Finding | None:
    """Return a finding when a block spans table cells or rows without docxtpl's row tags."""
    if opened.cell is None and closed.cell is None:
        return None
    if open_prefix in ("tr", "tc") and open_prefix == close_prefix:
        return None
    if opened.cell == closed.cell:
        return None
    tag = _tag_at(opened.text, open_match.start())
    return finding(
        "table.loop",
        _around(opened, open_match.start(), open_match.start() + len(tag)),
        f"Khối «{tag}» mở ở {opened.where} nhưng đóng ở {closed.where}: khi soạn, các hàng "
        "của bảng sẽ bị vỡ. Để lặp cả hàng, đặt {%tr for … %} và {%tr endfor %} mỗi thẻ "
        "trong một hàng riêng; để lặp trong một ô, mở và đóng khối trong cùng ô đó.",
    )


def _source(paragraphs: list[Paragraph]) -> str:
    """Return the part as Jinja sees it: one line per paragraph, docxtpl prefixes removed."""
    lines = []
    for paragraph in paragraphs:
        text = _DOCXTPL_PREFIX.sub(r"\1 ", paragraph.text)
        lines.append(_TAG.sub(lambda m: m.group(0).translate(_STRAIGHT), text))
    return "\n".join(lines)


def check_syntax_and_names(paragraphs: list[Paragraph]) -> list[Finding]:
    """Return the first Jinja syntax error, else every variable the data does not have."""
    from jinja2 import TemplateSyntaxError, meta

    from drafter.sandbox import make_environment

    env = make_environment()
    try:
        tree = env.parse(_source(paragraphs))
    except TemplateSyntaxError as error:
        index = min(max((error.lineno or 1) - 1, 0), len(paragraphs) - 1)
        paragraph = paragraphs[index]
        return [
            finding(
                "jinja.syntax",
                _around(paragraph, 0, len(paragraph.text)),
                f"Thẻ Jinja sai cú pháp (Jinja báo: {error.message}). Sửa thẻ {{{{ }}}} hoặc "
                "{% %} trong đoạn này: đủ hai dấu ngoặc mỗi bên, tên biến không dấu.",
            )
        ]
    known = TEMPLATE_NAMES | set(env.globals)
    findings = []
    for name in sorted(meta.find_undeclared_variables(tree) - known):
        findings.append(_unknown(paragraphs, name, name, sorted(TEMPLATE_NAMES)))
    findings += _unknown_fields(tree, paragraphs)
    return findings


def names_used(path: Path) -> frozenset[str]:
    """Return the context names the template at ``path`` reads, and the item fields it reads.

    An item field is named "list.field" ("parts.heading"). Raises when the template cannot be
    read or parsed (``check_template`` says where).
    """
    from jinja2 import meta

    from drafter.sandbox import make_environment

    env = make_environment()
    used: set[str] = set()
    for paragraphs in read_parts(path).values():
        tree = env.parse(_source(paragraphs))
        used |= meta.find_undeclared_variables(tree) - set(env.globals)
        used |= {f"{items}.{node.attr}" for items, _, node in _item_reads(tree)}
    return frozenset(used)


def _unknown(paragraphs: list[Paragraph], name: str, shown: str, known: list[str]) -> Finding:
    """Return the finding for an unknown variable or field, placed at its first use."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(shown)}(?!\w)")
    where = "mẫu"
    for paragraph in paragraphs:
        for tag in _TAG.finditer(paragraph.text):
            found = pattern.search(tag.group(0))
            if found is not None:
                where = _around(paragraph, tag.start(), tag.end())
                break
        if where != "mẫu":
            break
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" Có phải «{shown.replace(name, close[0])}»?" if close else ""
    return finding(
        "jinja.variable",
        where,
        f"Mẫu dùng «{shown}» nhưng dữ liệu drafter không có biến này.{hint} "
        f"Sửa tên cho khớp một trong: {', '.join(known)}.",
    )


def _unknown_fields(tree: Any, paragraphs: list[Paragraph]) -> list[Finding]:
    """Return uses of fields a loop's items do not have ("part.headin" for "part.heading")."""
    findings = []
    for items, target, node in _item_reads(tree):
        fields = ITEM_KEYS.get(items)
        if fields is not None and node.attr not in fields:
            shown = f"{target}.{node.attr}"
            findings.append(_unknown(paragraphs, node.attr, shown, sorted(fields)))
    return findings


def _item_reads(tree: Any) -> Iterator[tuple[str, str, Any]]:
    """Yield (list name, item name, attribute node) for each "item.field" a loop body reads.

    Only loops over a context name ("for part in parts") count: their items are known.
    """
    from jinja2 import nodes

    for loop in tree.find_all(nodes.For):
        if not isinstance(loop.target, nodes.Name) or not isinstance(loop.iter, nodes.Name):
            continue
        for node in loop.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == loop.target.name:
                yield loop.iter.name, loop.target.name, node


__all__ = [
    "ITEM_KEYS",
    "PRESS_KEYS",
    "REPORT_KEYS",
    "RESOLUTION_KEYS",
    "TEMPLATE_NAMES",
    "builtin_templates",
    "check_template",
    "names_used",
    "new_template",
]
