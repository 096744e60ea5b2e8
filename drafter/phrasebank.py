"""The phrasebank: the genre's stock phrases as data, chosen by slot, conditions and a seed.

An entry is a sandboxed Jinja text for one slot (e.g. ``press.lead``) with conditions on the
facts of the report. Among the entries whose conditions hold, one is chosen from a seed that
comes from the report's identity: the same data always gives the same text, while different
units read differently. A user folder can add entries or replace them by id.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError

from drafter import yamlio
from drafter.errors import UserError
from drafter.provenance import traced_variables
from drafter.resources import data_dir
from drafter.sandbox import MAX_WORK, RENDER_ERRORS, BoundedTemplate, make_environment, weight

__all__ = ["Entry", "Phrasebank", "load_phrasebank", "make_environment"]

Scalar = str | int | bool | None
Reads = tuple[tuple[str, tuple[str, ...] | None], ...]
FORMULA_VARIABLES = frozenset({"number"})
"""What a formula may read: its position in the document (a part's number), not data."""
MEMO_SIZE = 4096
"""Rendered phrases a phrasebank remembers: enough for the phrases every row shares."""


@dataclass(frozen=True)
class Entry:
    """One phrase: its id, slot, the documents it serves, its conditions and its text."""

    id: str
    slot: str
    text: str
    source: str
    docs: tuple[str, ...] = ()
    when: Mapping[str, Scalar | list[Scalar]] = field(default_factory=dict)
    note: str = ""
    formula: bool = False
    """A fixed formula of the genre (a heading, "Căn cứ …"): it reads no data and asserts
    nothing, so its sentence needs no data behind it. ``drafter phrases lint`` checks both
    ways: a formula reads no data, and a phrase that reads none is declared a formula."""

    def applies(self, facts: Mapping[str, Any]) -> bool:
        """Return True when every condition holds for ``facts`` (a list means any of)."""
        for key, expected in self.when.items():
            actual = facts.get(key)
            if isinstance(expected, list):
                if actual not in expected:
                    return False
            elif actual != expected:
                return False
        return True


class Phrasebank:
    """Entries by slot, compiled once, plus the lexicon of words the phrases look up."""

    def __init__(self, entries: Iterable[Entry], lexicon: Mapping[str, Any]) -> None:
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            self.entries[entry.id] = entry  # a later folder replaces an entry by id
        self.lexicon = lexicon
        self._env = make_environment()
        self._compiled: dict[str, BoundedTemplate] = {}
        self._reads: dict[str, Reads] = {}  # entry id -> what its text reads
        self._memo: OrderedDict[tuple[str, str], tuple[str, frozenset[str]]] = (
            OrderedDict()
        )  # least recent first
        self._by_slot: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries.values(), key=lambda entry: entry.id):
            self._by_slot.setdefault(entry.slot, []).append(entry)  # in id order, sorted once

    def slots(self) -> list[str]:
        """Return every slot that has at least one entry."""
        return sorted(self._by_slot)

    def candidates(self, slot: str, facts: Mapping[str, Any]) -> list[Entry]:
        """Return the entries of ``slot`` whose conditions hold, in a stable order."""
        return [entry for entry in self._by_slot.get(slot, []) if entry.applies(facts)]

    def check_variants(self, variants: Mapping[str, str]) -> None:
        """Raise ``UserError`` unless every chosen variant (slot → id) is an entry of its slot."""
        for slot, entry_id in variants.items():
            entry = self.entries.get(entry_id)
            if entry is None or entry.slot != slot:
                raise UserError(
                    f"không có câu mẫu '{entry_id}' cho vị trí {slot}",
                    f"Xem các câu mẫu bằng: drafter phrases list --slot {slot}",
                    where="options.variants",
                )

    def choose(
        self, slot: str, facts: Mapping[str, Any], seed: str, override: str | None = None
    ) -> Entry:
        """Return the entry for ``slot``: the override when its conditions hold, else by seed.

        An override whose conditions do not hold for these facts (a variant for rises asked
        for a slot that here renders a fall) gives way to the seeded choice, so that a chosen
        variant can never make a sentence disagree with the numbers.
        """
        if override is not None:
            self.check_variants({slot: override})
            entry = self.entries[override]
            if entry.applies(facts):
                return entry
        candidates = self.candidates(slot, facts)
        if not candidates:
            raise UserError(
                f"kho câu mẫu không có câu nào cho vị trí {slot} với dữ liệu này",
                "Thêm một câu mẫu cho vị trí này vào kho câu mẫu (--phrasebank).",
            )
        digest = hashlib.sha256(f"{seed}\x1f{slot}".encode()).digest()
        return candidates[int.from_bytes(digest[:8], "big") % len(candidates)]

    def render(self, entry: Entry, variables: Mapping[str, Any]) -> str:
        """Return the text of ``entry`` filled with ``variables``, one line, NFC."""
        return self.render_traced(entry, variables)[0]

    def render_traced(
        self, entry: Entry, variables: Mapping[str, Any]
    ) -> tuple[str, frozenset[str]]:
        """Return the text of ``entry`` and the variables it read (``ind.value``, ``tasks``).

        The variables are wrapped so that what the phrase looks up while it renders is
        recorded (``drafter.provenance``); a scalar counts as read when the phrase names it.
        """
        template = self._template(entry)
        reads: set[str] = set()
        try:
            data_size = weight(variables, MAX_WORK)
            names = dict(self._reads[entry.id])
            traced = traced_variables(variables, names, reads)
            text = template.render_with_data(data_size, lex=self.lexicon, **traced)
        except SecurityError as error:
            if entry.source.startswith(str(data_dir("phrasebank"))):
                raise UserError(  # drafter's own phrase: the data, not the phrase, is at fault
                    f"câu mẫu có sẵn {entry.id} không viết được với dữ liệu này ({error})",
                    "Rút gọn các mục dữ liệu quá dài (hạn chế, nhiệm vụ, kết quả…) rồi chạy lại.",
                ) from None
            raise UserError(
                f"câu mẫu {entry.id} bị chặn vì lý do an toàn: {error}",
                "Câu mẫu chỉ được in biến và dùng bộ lọc của drafter; bỏ phần bị chặn "
                "(drafter phrases lint để kiểm tra).",
                where=entry.source,
            ) from None
        except RENDER_ERRORS as error:
            raise UserError(
                f"câu mẫu {entry.id} không dùng được: {error}",
                "Sửa câu mẫu trong kho câu mẫu (drafter phrases lint để kiểm tra).",
                where=entry.source,
            ) from None
        return unicodedata.normalize("NFC", " ".join(text.split())), frozenset(reads)

    def phrase(
        self,
        slot: str,
        facts: Mapping[str, Any],
        variables: Mapping[str, Any],
        seed: str,
        override: str | None = None,
    ) -> str:
        """Return the rendered phrase for ``slot`` (choice then rendering)."""
        return self.render_memo(self.choose(slot, facts, seed, override), variables)

    def render_memo(self, entry: Entry, variables: Mapping[str, Any]) -> str:
        """Return ``render(entry, variables)``, remembered (see ``render_memo_traced``)."""
        return self.render_memo_traced(entry, variables)[0]

    def render_memo_traced(
        self, entry: Entry, variables: Mapping[str, Any]
    ) -> tuple[str, frozenset[str]]:
        """Return ``render_traced(entry, variables)``, remembered: many rows share most phrases.

        The key is the entry and the ``repr`` of only the variables its text reads (only the
        keys it reads of a dict: ``issuer.level``, not the issuer's name), so a phrase that
        reads no per-row value renders once per process. ``variables`` must be plain data
        (str, numbers, dates, lists, dicts: what ``model_dump`` gives), whose repr says all of
        it; a value with a default repr (an object's address) is never remembered. Each
        render still runs whole in the sandbox, with its bounds; errors are not kept. What
        the phrase read is remembered with its text: the same variables read the same way.
        """
        self._template(entry)
        read = []
        for name, keys in self._reads[entry.id]:
            if name in variables:
                value = variables[name]
                if keys is not None and type(value) is dict:
                    value = {key: value[key] for key in keys if key in value}
                read.append((name, value))
        key = (entry.id, repr(read))
        if " at 0x" in key[1]:
            return self.render_traced(entry, variables)
        done = self._memo.get(key)
        if done is not None:
            self._memo.move_to_end(key)
            return done
        done = self.render_traced(entry, variables)
        self._memo[key] = done
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return done

    def reads(self, entry: Entry) -> Reads:
        """Return the variables ``entry``'s text names, each with the keys it looks up."""
        self._template(entry)
        return self._reads[entry.id]

    def _template(self, entry: Entry) -> BoundedTemplate:
        template = self._compiled.get(entry.id)
        if template is None:
            template = self._compile(entry)
            self._compiled[entry.id] = template
        return template

    def _compile(self, entry: Entry) -> BoundedTemplate:
        try:
            tree = self._env.parse(entry.text)
            self._reads[entry.id] = _reads(tree)
            _refuse_data_in_formula(entry, self._reads[entry.id])
            template = self._env.from_string(tree)
            assert isinstance(template, BoundedTemplate)
            return template
        except TemplateSyntaxError as error:
            raise UserError(
                f"câu mẫu {entry.id} sai cú pháp Jinja (dòng {error.lineno}): {error.message}",
                "Sửa câu mẫu: mỗi {{ phải có }} và mỗi {% if %} phải có {% endif %}.",
                where=entry.source,
            ) from None


def _refuse_data_in_formula(entry: Entry, reads: Reads) -> None:
    """Raise ``UserError`` when an entry marked ``formula`` reads data."""
    data = sorted({name for name, _ in reads} - FORMULA_VARIABLES)
    if entry.formula and data:
        raise UserError(
            f"câu mẫu {entry.id} ghi formula: true nhưng đọc dữ liệu ({', '.join(data)})",
            "Bỏ formula: true, hoặc viết câu cố định không dùng dữ liệu.",
            where=entry.source,
        )


def _reads(tree: nodes.Template) -> Reads:
    """Return the variables a phrase reads, each with the keys it reads of it (None: all).

    ``issuer.level`` and ``issuer["level"]`` read one key; any other use of ``issuer`` (whole,
    in a test, through a dict method such as ``issuer.items``) reads all of it.
    """
    used = meta.find_undeclared_variables(tree) - {"lex"}  # lex is the bank's own
    keys: dict[str, set[str]] = {name: set() for name in used}
    loads = {name: 0 for name in used}
    for name in tree.find_all(nodes.Name):
        if name.name in loads:
            loads[name.name] += 1
    for lookup in tree.find_all((nodes.Getattr, nodes.Getitem)):
        key: Any = None
        if isinstance(lookup, nodes.Getattr):
            target, key = lookup.node, lookup.attr
        elif isinstance(lookup, nodes.Getitem):
            target = lookup.node
            key = lookup.arg.value if isinstance(lookup.arg, nodes.Const) else None
        if not isinstance(target, nodes.Name) or target.name not in keys:
            continue
        if isinstance(key, str) and not hasattr(dict, key):
            keys[target.name].add(key)
            loads[target.name] -= 1
    whole = {name for name, count in loads.items() if count > 0}
    return tuple(
        (name, None if name in whole else tuple(sorted(keys[name]))) for name in sorted(used)
    )


@dataclass(frozen=True)
class PhrasebankFile:
    """One ``*.yaml`` file of a phrasebank folder: its entries, and its items as written.

    ``items`` and ``lexicon`` are the file's mappings before any normalisation: the lint checks
    what a clerk typed (NFC, ids), not what the loader made of it.
    """

    path: Path
    items: tuple[Mapping[str, Any], ...]
    lexicon: Mapping[str, Any]
    entries: tuple[Entry, ...]


def phrasebank_folders(extra: Path | None = None, *, builtin: bool = True) -> list[Path]:
    """Return the folders that make up a phrasebank: the built-in one, then ``extra``."""
    folders = [data_dir("phrasebank")] if builtin else []
    if extra is not None:
        if not extra.is_dir():
            raise UserError(
                f"không thấy thư mục kho câu mẫu {extra}", "Chỉ ra một thư mục chứa tệp .yaml."
            )
        folders.append(extra)
    if not folders:
        raise UserError(
            "không có kho câu mẫu nào để kiểm tra",
            "Chỉ ra thư mục bằng --phrasebank THƯ_MỤC, hoặc bỏ --without-builtin.",
        )
    return folders


@functools.cache
def builtin_lexicon() -> Mapping[str, Any]:
    """Return the lexicon of the built-in phrasebank, read once.

    For the words drafter writes into a clerk's data (the wizard, the sheet reader), which a
    clerk's own phrasebank does not reach.
    """
    lexicon: dict[str, Any] = {}
    for path in sorted(data_dir("phrasebank").glob("*.yaml")):
        lexicon.update(_read_phrasebank_yaml(path).get("lexicon", {}) or {})
    return MappingProxyType(lexicon)


def same_period_base(year: int | None, *, whole_year: bool = False) -> str:
    """Return the usual base of the comparison with the same period a year earlier.

    ``year`` is the year of the period reported on: 2023 gives "cùng kỳ năm 2022", or "năm
    2022" when the period is the whole year; an unknown year gives "cùng kỳ năm trước". The
    words are the lexicon's ``same_period_base``, the one place they are written.
    """
    words: Mapping[str, str] = builtin_lexicon()["same_period_base"]
    if year is None:
        return words["unknown"]
    return f"{words['whole_year' if whole_year else 'part_year']} {year - 1}"


def load_phrasebank(extra: Path | None = None) -> Phrasebank:
    """Return the built-in phrasebank, with the entries of folder ``extra`` added or replacing."""
    return load_folders(phrasebank_folders(extra))


def load_folders(folders: Sequence[Path]) -> Phrasebank:
    """Return the phrasebank made of ``folders`` in order (a later entry replaces by id)."""
    return phrasebank_of([file for folder in folders for file in read_folder(folder)])


def phrasebank_of(files: Iterable[PhrasebankFile]) -> Phrasebank:
    """Return the phrasebank made of ``files`` in order: entries added, lexicons merged."""
    entries: list[Entry] = []
    lexicon: dict[str, Any] = {}
    for file in files:
        entries.extend(file.entries)
        for key, value in file.lexicon.items():
            _check_lexicon_value(file.path, key, value, lexicon.get(key))
            lexicon[key] = value
    return Phrasebank(entries, lexicon)


def _check_lexicon_value(path: Path, key: str, value: Any, replaced: Any) -> None:
    """Refuse a lexicon word that is empty or of another shape than the one it replaces."""
    shapes = (str, list, dict)
    if not isinstance(value, shapes) or (
        replaced is not None and type(value) is not type(replaced)
    ):
        names: dict[type, str] = {str: "một chữ", list: "một danh sách", dict: "một nhóm mục"}
        expected = names.get(type(replaced), "một chữ, danh sách hoặc nhóm mục")
        raise UserError(
            f"từ vựng '{key}' phải là {expected}, đang là {str(value)[:60]!r}",
            "Sửa giá trị trong mục lexicon (xem phrasebank/common.yaml làm mẫu).",
            where=str(path),
        )


def read_folder(folder: Path) -> list[PhrasebankFile]:
    """Return the ``*.yaml`` files of one phrasebank folder, read and checked, by name."""
    files = []
    for path in sorted(folder.glob("*.yaml")):
        content = _read_phrasebank_yaml(path)
        items = content.get("entries", []) or []
        entries = _entries(path, items)  # checks that ``items`` is a list of mappings
        lexicon = content.get("lexicon", {}) or {}
        if not isinstance(lexicon, dict):
            raise UserError(
                "'lexicon' phải là các mục dạng 'tên: giá trị'",
                "Xem phrasebank/common.yaml làm mẫu.",
                where=str(path),
            )
        files.append(PhrasebankFile(path, tuple(items), lexicon, tuple(entries)))
    return files


def read_yaml(path: Path, name: str = "tệp kho câu mẫu") -> Any:
    """Return the content of the YAML file ``path``, a ``name`` (errors say which).

    Text is kept as written: ``drafter phrases lint`` reports text that is not NFC.
    """
    return yamlio.load(path, f"một {name} .yaml", nfc=False)


def _read_phrasebank_yaml(path: Path) -> dict[str, Any]:
    """Return a phrasebank file's mapping (``entries``, ``lexicon``); raise when it is not one."""
    content = read_yaml(path)
    if content is None:
        return {}
    if not isinstance(content, dict) or not set(content) <= {"entries", "lexicon"}:
        raise UserError(
            "tệp kho câu mẫu phải có dạng 'entries: [...]' (và có thể 'lexicon: {...}')",
            "Xem một tệp trong thư mục phrasebank/ làm mẫu.",
            where=str(path),
        )
    return content


_ENTRY_KEYS = {"id", "slot", "text", "docs", "when", "note", "formula"}


def _entries(path: Path, raw: Any) -> list[Entry]:
    """Return the entries of a file's ``entries`` list; raise naming the first bad item."""
    if not isinstance(raw, list):
        raise UserError(
            "'entries' phải là một danh sách", "Mỗi câu mẫu một mục '- id: …'.", where=str(path)
        )
    entries = []
    for index, item in enumerate(raw):
        where = f"{path} (entries[{index}])"
        if not isinstance(item, dict):
            raise UserError("mỗi câu mẫu phải là một nhóm mục", "Xem tệp mẫu.", where=where)
        unknown = set(item) - _ENTRY_KEYS
        missing = {"id", "slot", "text"} - set(item)
        if unknown or missing:
            fact = f"thiếu {sorted(missing)}" if missing else f"mục lạ {sorted(unknown)}"
            raise UserError(
                f"câu mẫu {item.get('id', index)}: {fact}",
                f"Mỗi câu mẫu có: {', '.join(sorted(_ENTRY_KEYS))}.",
                where=where,
            )
        entries.append(
            Entry(
                id=str(item["id"]),
                slot=str(item["slot"]),
                text=unicodedata.normalize("NFC", str(item["text"]).strip()),
                source=str(path),
                docs=_docs(item.get("docs"), where),
                when=_conditions(item.get("when"), where),
                note=str(item.get("note") or ""),
                formula=_formula(item.get("formula"), where),
            )
        )
    return entries


_DOCUMENTS = ("resolution", "press", "report")


def _formula(value: Any, where: str) -> bool:
    """Return an entry's ``formula`` mark, checked: true, false or absent."""
    if value is None or isinstance(value, bool):
        return bool(value)
    raise UserError(
        f"'formula' phải là true hoặc false, đang là {str(value)[:60]!r}",
        "Ghi formula: true cho câu cố định không dùng dữ liệu (đề mục, câu mở đầu), "
        "hoặc bỏ mục formula.",
        where=where,
    )


def _docs(value: Any, where: str) -> tuple[str, ...]:
    """Return an entry's ``docs`` list, checked: names of document kinds."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(item in _DOCUMENTS for item in value):
        raise UserError(
            f"'docs' phải là danh sách loại văn bản, đang là {str(value)[:60]!r}",
            "Ghi ví dụ docs: [press] hoặc docs: [resolution, press].",
            where=where,
        )
    return tuple(value)


def _conditions(value: Any, where: str) -> dict[str, Scalar | list[Scalar]]:
    """Return an entry's ``when`` conditions, checked: a fact name → a value or a list."""
    if value is None:
        return {}
    scalar = (str, int, bool, type(None))
    if isinstance(value, dict) and all(
        isinstance(key, str)
        and (
            isinstance(item, scalar)
            or (isinstance(item, list) and all(isinstance(choice, scalar) for choice in item))
        )
        for key, item in value.items()
    ):
        return dict(value)
    raise UserError(
        f"'when' phải là các điều kiện dạng 'tên: giá trị', đang là {str(value)[:60]!r}",
        "Ghi ví dụ when: {period_kind: year} hoặc bỏ mục when.",
        where=where,
    )
