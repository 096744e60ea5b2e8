"""Lint the phrasebank: every entry must compile, use only what compose passes, cover every case.

Checks, each finding naming the file, the entry and the reason:

- ``slot``: the entry's slot is one compose renders (``drafter.slots``);
- ``docs``: its document kinds exist and use that slot;
- ``condition``: its conditions test facts the slot has, with values those facts can take;
- ``jinja``: the text compiles in the sandbox (syntax, unknown filters);
- ``variable``: every variable and field it reads exists in what compose passes;
- ``coverage``: for every combination of the facts a slot's entries test, some entry applies;
- ``nfc`` and ``tone``: the text is NFC and in the modern tone style ("hòa", "thủy", "ủy");
- ``spelling``: every word is in hunspell-vi (either tone style) or the project word list;
- ``confusable``: no genre typo that a spelling check misses ("trong tâm", "tặng 3%");
- ``duplicate``: no two entries of a slot with the same text and overlapping conditions, and
  no id twice in one folder;
- ``render``: the entry renders on the sample data files whose facts meet its conditions.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from drafter import vietnamese as vi
from drafter.compose import Composer
from drafter.errors import UserError
from drafter.models import Report
from drafter.phrasebank import Entry, Phrasebank, make_environment, read_folder
from drafter.resources import data_dir
from drafter.slots import GLOBAL_FACTS, SLOTS, Items, Record, Shape, Slot

DICTIONARY = "vi_VN"
LINT_FOLDER = "lint"
_WORD = re.compile(r"[^\W\d_]+")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_DICT_METHODS = frozenset(dir(dict))


@dataclass(frozen=True)
class Finding:
    """One problem: where (file and entry id, slot or lexicon key), which check, and why."""

    source: str
    entry: str
    rule: str
    reason: str

    def describe(self) -> str:
        """Return "file: entry: reason [rule]"."""
        return f"{self.source}: {self.entry}: {self.reason} [{self.rule}]"


@dataclass
class LintReport:
    """What the lint found, how many entries it checked, and checks it had to skip."""

    findings: list[Finding] = field(default_factory=list)
    entries: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    """One phrase compose asked for while drafting a sample: slot, facts and variables."""

    sample: str
    slot: str
    facts: Mapping[str, Any]
    variables: Mapping[str, Any]
    text: str = ""


@dataclass(frozen=True)
class Confusable:
    """A genre typo: the pattern that finds it and the right spelling."""

    wrong: str
    pattern: re.Pattern[str]
    right: str
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


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


def bundled_samples() -> list[Path]:
    """Return the sample data files shipped with the phrasebank, then the bundled examples."""
    samples: list[Path] = []
    for folder in (data_dir("phrasebank") / LINT_FOLDER / "samples", data_dir("examples")):
        if folder.is_dir():
            samples += sorted(folder.glob("*.yaml"))
    return samples


def load_folders(folders: Sequence[Path]) -> Phrasebank:
    """Return the phrasebank made of ``folders`` in order (a later entry replaces by id)."""
    entries: list[Entry] = []
    lexicon: dict[str, Any] = {}
    for folder in folders:
        folder_entries, folder_lexicon = read_folder(folder)
        entries += folder_entries
        lexicon.update(folder_lexicon)
    return Phrasebank(entries, lexicon)


def lint(
    folders: Sequence[Path],
    *,
    samples: Sequence[Path] | None = None,
    spelling: bool = True,
) -> LintReport:
    """Return every finding of every check on the phrasebank made of ``folders``.

    Unreadable files raise ``UserError``. ``samples`` are data files to render the entries on
    (default: the bundled examples); ``spelling=False`` skips hunspell.
    """
    bank = load_folders(folders)
    report = LintReport(entries=len(bank.entries))
    raw = _raw_texts(folders)
    report.findings += _duplicate_ids(folders)
    confusables = load_confusables(folders)
    env = make_environment()
    words: dict[str, list[tuple[str, str]]] = {}
    for entry in sorted(bank.entries.values(), key=lambda item: (item.source, item.id)):
        found, entry_words = _check_entry(entry, bank, raw, confusables, env)
        report.findings += found
        for word in entry_words:
            words.setdefault(word, []).append((entry.source, entry.id))
    for source, key, text in _lexicon_texts(folders):
        report.findings += _check_text(source, key, text, confusables)
        for word in _words_of(text):
            words.setdefault(word, []).append((source, key))
    report.findings += _duplicates(bank)
    for slot in SLOTS.values():
        report.findings += _coverage(slot, bank)
    if spelling:
        found_spelling = _spelling(words, load_word_list(folders))
        if found_spelling is None:
            report.skipped.append("spelling")
        else:
            report.findings += found_spelling
    chosen = bundled_samples() if samples is None else list(samples)
    if chosen:
        report.findings += _render_on_samples(bank, sample_calls(bank, chosen))
    else:
        report.skipped.append("render")
    return report


# ---------------------------------------------------------------------------------------------
# Per entry
# ---------------------------------------------------------------------------------------------


def _check_entry(
    entry: Entry,
    bank: Phrasebank,
    raw: Mapping[tuple[str, str], Mapping[str, Any]],
    confusables: Sequence[Confusable],
    env: Any,
) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []

    def add(rule: str, reason: str) -> None:
        findings.append(Finding(entry.source, entry.id, rule, reason))

    raw_entry = raw.get((entry.source, entry.id), {})
    for key in ("id", "slot", "text", "note"):
        value = raw_entry.get(key)
        if isinstance(value, str) and not vi.is_nfc(value):
            add(
                "nfc",
                f"mục {key} không ở dạng Unicode dựng sẵn (NFC), có thể do gõ bằng bộ gõ tổ hợp; "
                "hãy gõ lại hoặc chuyển sang NFC (Unikey: Công cụ → Chuyển mã → Unicode dựng sẵn)",
            )
    slot = SLOTS.get(entry.slot)
    if slot is None:
        close = difflib.get_close_matches(entry.slot, list(SLOTS), n=1)
        hint = f"; có phải {close[0]}?" if close else "; xem: drafter phrases list"
        add(
            "slot",
            f"vị trí '{entry.slot}' không có trong văn bản nào, "
            f"nên câu này không bao giờ được dùng{hint}",
        )
    else:
        findings += [
            Finding(entry.source, entry.id, rule, reason)
            for rule, reason in _check_docs(entry, slot) + _check_conditions(entry, slot)
        ]
    try:
        tree = env.parse(entry.text)
        env.from_string(entry.text)
    except TemplateSyntaxError as error:
        add("jinja", f"câu mẫu sai cú pháp Jinja (dòng {error.lineno}): {error.message}")
        return findings, []
    if slot is not None:
        variables = _variables_for(entry, slot, bank.lexicon)
        checker = _VariableChecker(variables, set(env.globals))
        checker.visit(tree, dict(variables))
        for reason in checker.problems:
            add("variable", reason)
    literal = " ".join(_literal_texts(tree))
    findings += _check_text(entry.source, entry.id, entry.text, confusables)
    return findings, _words_of(literal)


def _check_docs(entry: Entry, slot: Slot) -> list[tuple[str, str]]:
    if not entry.docs:
        return [("docs", f"thiếu docs; ghi docs: [{', '.join(slot.docs)}]")]
    wrong = [doc for doc in entry.docs if doc not in slot.docs]
    if wrong:
        return [
            (
                "docs",
                f"vị trí {slot.name} không có trong văn bản {', '.join(wrong)}; "
                f"docs chỉ gồm: {', '.join(slot.docs)}",
            )
        ]
    return []


def _check_conditions(entry: Entry, slot: Slot) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    known = slot.facts()
    for fact, expected in entry.when.items():
        if fact not in known:
            problems.append(
                (
                    "condition",
                    f"điều kiện '{fact}' không có ở vị trí {slot.name}; "
                    f"các điều kiện dùng được: {', '.join(sorted(known))}",
                )
            )
            continue
        domain = slot.domain(fact)
        values = expected if isinstance(expected, list) else [expected]
        impossible = [value for value in values if value not in domain]
        if impossible:
            problems.append(
                (
                    "condition",
                    f"điều kiện {fact}={_show(impossible)} không bao giờ xảy ra; "
                    f"{fact} chỉ nhận: {_show(sorted(domain, key=str))}",
                )
            )
    return problems


def _check_text(
    source: str, key: str, text: str, confusables: Sequence[Confusable]
) -> list[Finding]:
    findings: list[Finding] = []
    nfc = unicodedata.normalize("NFC", text)
    if vi.normalize_text(nfc, "modern") != nfc:
        changed = sorted(
            {
                f"{word} → {vi.normalize_text(word, 'modern')}"
                for word in _WORD.findall(nfc)
                if vi.normalize_text(word, "modern") != word
            }
        )
        findings.append(
            Finding(
                source,
                key,
                "tone",
                f"bỏ dấu kiểu cũ: {', '.join(changed)}; kho câu mẫu viết kiểu mới (hòa, thủy, ủy)",
            )
        )
    for confusable in confusables:
        match = confusable.pattern.search(nfc)
        if match:
            note = f" ({confusable.note})" if confusable.note else ""
            findings.append(
                Finding(
                    source,
                    key,
                    "confusable",
                    f"'{match.group(0).strip()}' là lỗi hay gặp; viết '{confusable.right}'{note}",
                )
            )
    return findings


def _variables_for(entry: Entry, slot: Slot, lexicon: Mapping[str, Any]) -> dict[str, Shape]:
    """Return what the entry may use: the base, plus what every space it can apply to passes."""
    compatible = [space for space in slot.spaces if _may_apply(entry, space.facts)]
    spaces = compatible or list(slot.spaces)
    variables = slot.base_variables(lexicon)
    shared = set(spaces[0].variables)
    for space in spaces[1:]:
        shared &= set(space.variables)
    for name in shared:
        variables[name] = spaces[0].variables[name]
    return variables


def _may_apply(entry: Entry, domains: Mapping[str, tuple[Any, ...]]) -> bool:
    for fact, expected in entry.when.items():
        if fact in domains:
            values = expected if isinstance(expected, list) else [expected]
            if not set(values) & set(domains[fact]):
                return False
    return True


def _show(values: Iterable[Any]) -> str:
    return ", ".join("null" if value is None else str(value).lower() for value in values)


# ---------------------------------------------------------------------------------------------
# Variables: a walk over the Jinja syntax tree
# ---------------------------------------------------------------------------------------------


class _VariableChecker:
    """Collect reads of unknown variables and of fields a record does not have."""

    def __init__(self, variables: Mapping[str, Shape], builtins: set[str]) -> None:
        self.names = sorted(variables)
        self.builtins = builtins
        self.problems: list[str] = []

    def report(self, reason: str) -> None:
        if reason not in self.problems:
            self.problems.append(reason)

    def visit(self, node: nodes.Node, scope: dict[str, Shape | None]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            item = self.shape(node.iter, scope)
            self.bind(node.target, item.item if isinstance(item, Items) else None, inner)
            inner["loop"] = None
            for child in [*([node.test] if node.test else []), *node.body]:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self.bind(node.target, None, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = None
            inner.update(dict.fromkeys(("caller", "varargs", "kwargs")))
            for child in node.iter_child_nodes():
                self.visit(child, inner)
        elif isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name not in scope and node.name not in self.builtins:
                close = difflib.get_close_matches(node.name, self.names, n=1)
                hint = f"; có phải {close[0]}?" if close else ""
                self.report(
                    f"biến '{node.name}' không có ở vị trí này{hint} "
                    f"(biến dùng được: {', '.join(self.names)})"
                )
        elif isinstance(node, nodes.Getattr | nodes.Getitem):
            for child in node.iter_child_nodes():
                self.visit(child, scope)
            self.shape(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def bind(self, target: nodes.Node, shape: Shape | None, scope: dict[str, Shape | None]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    def shape(self, node: nodes.Node, scope: Mapping[str, Shape | None]) -> Shape | None:
        """Return the shape of an expression when it is known, reporting unknown fields."""
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            return self.field(node.node, node.attr, scope, attribute=True)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.field(node.node, node.arg.value, scope, attribute=False)
            base = self.shape(node.node, scope)
            return base.item if isinstance(base, Items) else None
        return None

    def field(
        self, node: nodes.Node, key: str, scope: Mapping[str, Shape | None], *, attribute: bool
    ) -> Shape | None:
        base = self.shape(node, scope)
        if not isinstance(base, Record):
            return None
        path = f"{_path(node)}.{key}"
        if key not in base.keys:
            close = difflib.get_close_matches(key, list(base.keys), n=1)
            hint = f"; có phải {_path(node)}.{close[0]}?" if close else ""
            self.report(
                f"'{path}' không có: {base.name} không có trường '{key}'{hint} "
                f"(các trường: {', '.join(base.keys)})"
            )
            return None
        if attribute and key in _DICT_METHODS:
            self.report(
                f"Jinja đọc '{path}' thành phương thức của dict; viết {_path(node)}['{key}']"
            )
        return base.keys[key]


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_path(node.node)}[…]"
    return "…"


def _literal_texts(tree: nodes.Node) -> Iterator[str]:
    """Yield the words a phrase writes itself: template text and string constants."""
    for node in tree.find_all((nodes.TemplateData, nodes.Const)):
        if isinstance(node, nodes.TemplateData):
            yield node.data
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            yield node.value


# ---------------------------------------------------------------------------------------------
# Per slot: duplicates and coverage
# ---------------------------------------------------------------------------------------------


def _duplicates(bank: Phrasebank) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[tuple[str, str], list[Entry]] = {}
    for entry in bank.entries.values():  # in file order: the later entry is the duplicate
        key = (entry.slot, " ".join(unicodedata.normalize("NFC", entry.text).split()))
        for earlier in seen.get(key, []):
            if _overlap(earlier, entry):
                findings.append(
                    Finding(
                        entry.source,
                        entry.id,
                        "duplicate",
                        f"trùng nguyên văn với câu mẫu {earlier.id} ở cùng vị trí {entry.slot}; "
                        "xóa một câu hoặc viết lại cho khác",
                    )
                )
                break
        seen.setdefault(key, []).append(entry)
    return findings


def _overlap(first: Entry, second: Entry) -> bool:
    """Return True when some data could meet the conditions of both entries."""
    for fact in set(first.when) & set(second.when):
        a, b = first.when[fact], second.when[fact]
        values_a = set(a) if isinstance(a, list) else {a}
        values_b = set(b) if isinstance(b, list) else {b}
        if not values_a & values_b:
            return False
    return True


def _duplicate_ids(folders: Sequence[Path]) -> list[Finding]:
    findings: list[Finding] = []
    for folder in folders:
        first: dict[str, str] = {}
        for path in sorted(folder.glob("*.yaml")):
            for item in _raw_entries(path):
                entry_id = str(item.get("id"))
                if entry_id in first:
                    findings.append(
                        Finding(
                            str(path),
                            entry_id,
                            "duplicate",
                            f"mã câu mẫu đã dùng ở {first[entry_id]}; câu sau đè mất câu trước, "
                            "hãy đặt mã khác",
                        )
                    )
                else:
                    first[entry_id] = str(path)
    return findings


def _coverage(slot: Slot, bank: Phrasebank) -> list[Finding]:
    """Return a finding for every combination of facts for which ``slot`` has no entry."""
    entries = [entry for entry in bank.entries.values() if entry.slot == slot.name]
    source = entries[0].source if entries else "(kho câu mẫu)"
    if not entries:
        return [
            Finding(
                source,
                slot.name,
                "coverage",
                f"không có câu mẫu nào cho vị trí {slot.name}; văn bản sẽ thiếu phần này",
            )
        ]
    mentioned = {fact for entry in entries for fact in entry.when}
    missing: list[str] = []
    for space in slot.spaces:
        domains = {**GLOBAL_FACTS, **space.facts}
        keys = sorted(fact for fact in mentioned if fact in domains)
        for combination in product(*(domains[key] for key in keys)):
            facts = dict(zip(keys, combination, strict=True))
            if not any(entry.applies(facts) for entry in entries):
                shown = ", ".join(f"{key}={_show([value])}" for key, value in facts.items())
                if shown not in missing:
                    missing.append(shown)
    if not missing:
        return []
    listed = "; ".join(missing[:4]) + (
        f"; và {len(missing) - 4} tổ hợp khác" if len(missing) > 4 else ""
    )
    return [
        Finding(
            source,
            slot.name,
            "coverage",
            f"không có câu mẫu nào khi {listed}; dữ liệu như vậy sẽ để trống vị trí này, "
            "hãy thêm câu mẫu cho trường hợp đó hoặc nới điều kiện (when)",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Raw files: NFC is checked before the loader normalises; lexicon texts; word list
# ---------------------------------------------------------------------------------------------


def _read_raw(path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as error:
        raise UserError(
            f"tệp không đọc được: {error}", "Sửa cú pháp YAML.", where=str(path)
        ) from None


def _raw_entries(path: Path) -> list[dict[str, Any]]:
    content = _read_raw(path)
    items = content.get("entries") if isinstance(content, dict) else None
    return [item for item in items or [] if isinstance(item, dict)]


def _raw_texts(folders: Sequence[Path]) -> dict[tuple[str, str], Mapping[str, Any]]:
    texts: dict[tuple[str, str], Mapping[str, Any]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            for item in _raw_entries(path):
                texts[(str(path), str(item.get("id")))] = item
    return texts


def _lexicon_texts(folders: Sequence[Path]) -> Iterator[tuple[str, str, str]]:
    """Yield (file, key path, text) for every text of every lexicon, raw from the file."""
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            content = _read_raw(path)
            lexicon = content.get("lexicon") if isinstance(content, dict) else None
            yield from _flatten(str(path), "lexicon", lexicon)


def _flatten(source: str, key: str, value: Any) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, Mapping):
        for name, item in value.items():
            yield from _flatten(source, f"{key}.{name}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(source, f"{key}[{index}]", item)
    elif isinstance(value, str):
        yield source, key, value


def load_word_list(folders: Sequence[Path]) -> set[str]:
    """Return the project words (lower case) of every folder's ``lint/words.txt``."""
    words: set[str] = set()
    for folder in folders:
        path = folder / LINT_FOLDER / "words.txt"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                word = line.split("#", 1)[0].strip()
                if word:
                    words.add(unicodedata.normalize("NFC", word).lower())
    return words


def load_confusables(folders: Sequence[Path]) -> list[Confusable]:
    """Return the genre typos of every folder's ``lint/confusables.yaml``."""
    found: list[Confusable] = []
    for folder in folders:
        path = folder / LINT_FOLDER / "confusables.yaml"
        if not path.is_file():
            continue
        content = _read_raw(path)
        items = content.get("confusables") if isinstance(content, dict) else None
        if not isinstance(items, list):
            raise UserError(
                "tệp lỗi hay gặp phải có dạng 'confusables: [...]'",
                "Xem phrasebank/lint/confusables.yaml làm mẫu.",
                where=str(path),
            )
        for index, item in enumerate(items):
            try:
                wrong = unicodedata.normalize("NFC", str(item["wrong"]))
                right = unicodedata.normalize("NFC", str(item["right"]))
                pattern = item.get("pattern") or rf"\b{re.escape(wrong)}\b"
                flags = 0 if item.get("case_sensitive") else re.IGNORECASE
                compiled = re.compile(unicodedata.normalize("NFC", pattern), flags)
            except (KeyError, TypeError, re.error) as error:
                raise UserError(
                    f"mục {index} của danh sách lỗi hay gặp không dùng được: {error}",
                    "Mỗi mục cần wrong và right; pattern (nếu có) là biểu thức chính quy.",
                    where=str(path),
                ) from None
            found.append(Confusable(wrong, compiled, right, str(item.get("note") or "")))
    return found


# ---------------------------------------------------------------------------------------------
# Spelling
# ---------------------------------------------------------------------------------------------


def _words_of(text: str) -> list[str]:
    return [
        word for word in _WORD.findall(unicodedata.normalize("NFC", text)) if not _ROMAN.match(word)
    ]


def hunspell_unknown(words: Iterable[str]) -> set[str] | None:
    """Return the words hunspell-vi does not know, or None when hunspell cannot run."""
    program = shutil.which("hunspell")
    unique = sorted(set(words))
    if program is None:
        return None
    if not unique:
        return set()
    try:
        result = subprocess.run(
            [program, "-d", DICTIONARY, "-i", "utf-8", "-l"],
            input="\n".join(unique) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0 or "Can't open" in result.stderr:
        return None
    return set(result.stdout.split())


def _spelling(
    words: Mapping[str, list[tuple[str, str]]], project: set[str]
) -> list[Finding] | None:
    candidates = [word for word in words if word.lower() not in project]
    unknown = hunspell_unknown(candidates)
    if unknown is None:
        return None
    # hunspell-vi knows one tone style ("hoà"); a word is right if either style is known.
    restyled = {word: vi.normalize_text(word, "old") for word in unknown}
    still = hunspell_unknown(restyled.values()) or set()
    wrong = sorted(word for word in unknown if restyled[word] in still)
    findings: list[Finding] = []
    for word in wrong:
        for source, key in words[word]:
            findings.append(
                Finding(
                    source,
                    key,
                    "spelling",
                    f"'{word}' không có trong từ điển tiếng Việt; sửa chính tả, hoặc thêm vào "
                    f"{LINT_FOLDER}/words.txt nếu là tên riêng, chữ viết tắt",
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------
# Rendering on sample data
# ---------------------------------------------------------------------------------------------


class Recorder(Composer):
    """A composer that records every phrase it asks for; a phrase that fails reads "…"."""

    def __init__(self, report: Report, bank: Phrasebank, sample: str = "") -> None:
        self.sample = sample
        self.calls: list[Call] = []
        super().__init__(report, bank)

    def phrase(
        self,
        slot: str,
        variables: Mapping[str, Any],
        facts: Mapping[str, Any] | None = None,
    ) -> str:
        """Return the phrase for ``slot`` as compose would, and record the request and text."""
        all_facts = {**self.facts, **(facts or {})}
        all_variables = {**self.base, **variables}
        try:
            text = super().phrase(slot, variables, facts)
        except UserError:
            text = "…"
        self.calls.append(Call(self.sample, slot, all_facts, all_variables, text))
        return text


def sample_calls(bank: Phrasebank, samples: Sequence[Path]) -> list[Call]:
    """Return every phrase compose asks for while drafting both documents of each sample."""
    from drafter.datafile import load_report
    from drafter.profiles import load_profile

    profile = load_profile("hd36")
    calls: list[Call] = []
    for path in samples:
        report = load_report(path)
        report.options.variants = {}
        composer = Recorder(report, bank, path.name)
        composer.press()
        composer.resolution(profile)
        calls += composer.calls
    return calls


def render_example(entry: Entry, bank: Phrasebank, calls: Sequence[Call]) -> tuple[str, str] | None:
    """Return (sample name, text) of ``entry`` on the first call whose facts meet its conditions."""
    for call in calls:
        if call.slot == entry.slot and entry.applies(call.facts):
            return call.sample, bank.render(entry, call.variables)
    return None


def _render_on_samples(bank: Phrasebank, calls: Sequence[Call]) -> list[Finding]:
    findings: list[Finding] = []
    failed: set[str] = set()
    for call in calls:
        for entry in bank.candidates(call.slot, call.facts):
            if entry.id in failed:
                continue
            try:
                text = bank.render(entry, call.variables)
            except UserError as error:
                reason = f"không điền được trên tệp mẫu {call.sample}: {error.fact}"
            else:
                if text.strip() and not re.search(r"\b(None|nan)\b", text):
                    continue
                reason = f"điền trên tệp mẫu {call.sample} ra câu hỏng: '{text}'"
            failed.add(entry.id)
            findings.append(Finding(entry.source, entry.id, "render", reason))
    return findings


__all__ = [
    "Call",
    "Finding",
    "LintReport",
    "Recorder",
    "bundled_samples",
    "hunspell_unknown",
    "lint",
    "load_confusables",
    "load_folders",
    "load_word_list",
    "phrasebank_folders",
    "render_example",
    "sample_calls",
]
