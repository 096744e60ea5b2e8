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

from jinja2 import TemplateSyntaxError, meta, nodes

from drafter import vietnamese as vi
from drafter.compose import Composer, PhraseChoice, document_properties
from drafter.compose_report import compose_report
from drafter.confusables import LINT_FOLDER, Confusable, load_confusables
from drafter.errors import Finding, UserError
from drafter.models import Report
from drafter.phrase_variables import literal_texts, unknown_reads, variables_for
from drafter.phrasebank import (
    FORMULA_VARIABLES,
    Entry,
    Phrasebank,
    PhrasebankFile,
    make_environment,
    phrasebank_of,
    read_folder,
)
from drafter.profiles import Profile
from drafter.resources import data_dir
from drafter.slots import GLOBAL_FACTS, SLOTS, Slot

DICTIONARY = "vi_VN"
FAILED_PHRASE = "…"
"""The text of a phrase that fails while a sample is drafted, so the others are still seen."""
_WORD = re.compile(r"[^\W\d_]+")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _finding(source: str, entry: str, rule: str, reason: str) -> Finding:
    """Return a lint finding: in file ``source``, at entry id (slot, lexicon key) ``entry``."""
    return Finding(entry, reason, rule, file=source)


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


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def bundled_samples() -> list[Path]:
    """Return the sample data files shipped with the phrasebank, then the bundled examples."""
    samples: list[Path] = []
    for folder in (data_dir("phrasebank") / LINT_FOLDER / "samples", data_dir("examples")):
        if folder.is_dir():
            samples += sorted(folder.glob("*.yaml"))
    return samples


Words = dict[str, list[tuple[str, str]]]
"""Each word of the phrasebank's own text, with the (file, entry or key) places it occurs in."""


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
    by_folder = [read_folder(folder) for folder in folders]
    files = [file for folder_files in by_folder for file in folder_files]
    bank = phrasebank_of(files)
    report = LintReport(entries=len(bank.entries))
    report.findings += _duplicate_ids(by_folder)
    found, words = _text_findings(files, bank, load_confusables(folders))
    report.findings += found
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


def _text_findings(
    files: Sequence[PhrasebankFile], bank: Phrasebank, confusables: Sequence[Confusable]
) -> tuple[list[Finding], Words]:
    """Return the findings on each entry and lexicon text, and the words they write."""
    raw = {(str(file.path), str(item.get("id"))): item for file in files for item in file.items}
    env = make_environment()
    findings: list[Finding] = []
    words: Words = {}
    for entry in sorted(bank.entries.values(), key=lambda item: (item.source, item.id)):
        found, entry_words = _check_entry(entry, bank, raw, confusables, env)
        findings += found
        for word in entry_words:
            words.setdefault(word, []).append((entry.source, entry.id))
    for source, key, text in _lexicon_texts(files):
        findings += _check_text(source, key, text, confusables)
        for word in _words_of(text):
            words.setdefault(word, []).append((source, key))
    return findings, words


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
    """Return the findings on one entry and the words its own text writes."""
    findings: list[Finding] = []

    def add(rule: str, reason: str) -> None:
        findings.append(_finding(entry.source, entry.id, rule, reason))

    for rule, reason in _check_nfc(raw.get((entry.source, entry.id), {})):
        add(rule, reason)
    slot = SLOTS.get(entry.slot)
    for rule, reason in _check_slot(entry) if slot is None else _check_docs(entry, slot):
        add(rule, reason)
    if slot is not None:
        for rule, reason in _check_conditions(entry, slot):
            add(rule, reason)
    try:
        tree = env.parse(entry.text)
        env.from_string(entry.text)
    except TemplateSyntaxError as error:
        add("jinja", f"câu mẫu sai cú pháp Jinja (dòng {error.lineno}): {error.message}")
        return findings, []
    if slot is not None:
        variables = variables_for(entry, slot, bank.lexicon)
        for reason in unknown_reads(tree, variables, set(env.globals)):
            add("variable", reason)
    for reason in _check_formula(entry, tree):
        add("formula", reason)
    literal = " ".join(literal_texts(tree))
    findings += _check_text(entry.source, entry.id, entry.text, confusables)
    return findings, _words_of(literal)


def _check_formula(entry: Entry, tree: nodes.Template) -> list[str]:
    """Return a problem when ``formula`` and what the text reads disagree.

    A formula reads no data (only its position, ``number``); a phrase that reads no data and
    tests none in its conditions is a formula, and says so, so that ``drafter explain`` and
    the tests can tell a fixed formula from a sentence that lost its data.
    """
    data = sorted(meta.find_undeclared_variables(tree) - {"lex"} - FORMULA_VARIABLES)
    if entry.formula and data:
        return [
            f"câu mẫu ghi formula: true nhưng đọc dữ liệu ({', '.join(data)}); bỏ formula, "
            "hoặc viết câu cố định không dùng dữ liệu"
        ]
    if not entry.formula and not data and not entry.when:
        return [
            "câu mẫu không đọc dữ liệu nào: ghi formula: true nếu đây là câu cố định của thể "
            "loại (đề mục, công thức), nếu không thì câu phải dựa vào dữ liệu"
        ]
    return []


def _check_nfc(raw_entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return a problem for each text of the entry, as written, that is not NFC."""
    problems = []
    for key in ("id", "slot", "text", "note"):
        value = raw_entry.get(key)
        if isinstance(value, str) and not vi.is_nfc(value):
            problems.append(
                (
                    "nfc",
                    f"mục {key} không ở dạng Unicode dựng sẵn (NFC), có thể do gõ bằng bộ gõ tổ "
                    "hợp; hãy gõ lại hoặc chuyển sang NFC (Unikey: Công cụ → Chuyển mã → Unicode "
                    "dựng sẵn)",
                )
            )
    return problems


def _check_slot(entry: Entry) -> list[tuple[str, str]]:
    """Return the problem of an entry whose slot no document has (never used)."""
    close = difflib.get_close_matches(entry.slot, list(SLOTS), n=1)
    hint = f"; có phải {close[0]}?" if close else "; xem: drafter phrases list"
    return [
        (
            "slot",
            f"vị trí '{entry.slot}' không có trong văn bản nào, "
            f"nên câu này không bao giờ được dùng{hint}",
        )
    ]


def _check_docs(entry: Entry, slot: Slot) -> list[tuple[str, str]]:
    """Return a problem when the entry names no document, or one without its slot."""
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
    """Return a problem for each condition on a fact the slot lacks, or on a value never taken."""
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
    """Return findings on a text of the phrasebank: the old tone style, genre typos."""
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
            _finding(
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
                _finding(
                    source,
                    key,
                    "confusable",
                    f"'{match.group(0).strip()}' là lỗi hay gặp; viết '{confusable.right}'{note}",
                )
            )
    return findings


def _show(values: Iterable[Any]) -> str:
    """Return values as a phrasebank file writes them: "null", "true", "many"."""
    return ", ".join("null" if value is None else str(value).lower() for value in values)


# ---------------------------------------------------------------------------------------------
# Per slot: duplicates and coverage
# ---------------------------------------------------------------------------------------------


def _duplicates(bank: Phrasebank) -> list[Finding]:
    """Return the entries whose slot and text repeat an earlier entry's, conditions overlapping."""
    findings: list[Finding] = []
    seen: dict[tuple[str, str], list[Entry]] = {}
    for entry in bank.entries.values():  # in file order: the later entry is the duplicate
        key = (entry.slot, " ".join(unicodedata.normalize("NFC", entry.text).split()))
        for earlier in seen.get(key, []):
            if _overlap(earlier, entry):
                findings.append(
                    _finding(
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


def _duplicate_ids(by_folder: Sequence[Sequence[PhrasebankFile]]) -> list[Finding]:
    """Return the ids used twice in one folder: the later entry silently replaces the first."""
    findings: list[Finding] = []
    for files in by_folder:
        first: dict[str, str] = {}
        for file in files:
            for item in file.items:
                entry_id = str(item.get("id"))
                if entry_id in first:
                    findings.append(
                        _finding(
                            str(file.path),
                            entry_id,
                            "duplicate",
                            f"mã câu mẫu đã dùng ở {first[entry_id]}; câu sau đè mất câu trước, "
                            "hãy đặt mã khác",
                        )
                    )
                else:
                    first[entry_id] = str(file.path)
    return findings


def _coverage(slot: Slot, bank: Phrasebank) -> list[Finding]:
    """Return a finding for every combination of facts for which ``slot`` has no entry."""
    entries = [entry for entry in bank.entries.values() if entry.slot == slot.name]
    source = entries[0].source if entries else "(kho câu mẫu)"
    if not entries:
        return [
            _finding(
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
        _finding(
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


def _lexicon_texts(files: Sequence[PhrasebankFile]) -> Iterator[tuple[str, str, str]]:
    """Yield (file, key path, text) for every text of every lexicon, as written in the file."""
    for file in files:
        yield from _flatten(str(file.path), "lexicon", file.lexicon)


def _flatten(source: str, key: str, value: Any) -> Iterator[tuple[str, str, str]]:
    """Yield (file, key path, text) for every string nested in ``value``."""
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


# ---------------------------------------------------------------------------------------------
# Spelling
# ---------------------------------------------------------------------------------------------


def _words_of(text: str) -> list[str]:
    """Return the words of ``text`` (NFC) for the spelling check, Roman numerals left out."""
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


def _spelling(words: Words, project: set[str]) -> list[Finding] | None:
    """Return the words neither hunspell-vi nor the project knows; None without hunspell."""
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
                _finding(
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


def record_calls(
    report: Report,
    bank: Phrasebank,
    profile: Profile,
    sample: str = "",
    *,
    report_profiles: Sequence[Profile] = (),
) -> list[Call]:
    """Return every phrase compose asks for while drafting the documents of ``report``.

    The period report is drafted once in each of ``report_profiles`` (Party, state). A phrase
    that fails reads ``FAILED_PHRASE``, so that one broken entry hides no other.
    """
    calls: list[Call] = []

    def record(choice: PhraseChoice) -> None:
        calls.append(Call(sample, choice.slot, choice.facts, choice.variables, choice.text))

    composer = Composer(report, bank, observer=record, fallback=FAILED_PHRASE)
    composer.press()
    composer.resolution(profile)
    document_properties(composer, "resolution")
    for reporting in report_profiles:
        compose_report(composer, reporting)
        document_properties(composer, "report", reporting)
    return calls


def sample_calls(bank: Phrasebank, samples: Sequence[Path]) -> list[Call]:
    """Return every phrase compose asks for while drafting both documents of each sample."""
    from drafter.datafile import load_report
    from drafter.profiles import available_profiles, load_profile

    profile = load_profile("hd36")
    reporting = [p for p in map(load_profile, available_profiles()) if p.report is not None]
    calls: list[Call] = []
    for path in samples:
        report = load_report(path)
        report.options.variants = {}
        calls += record_calls(report, bank, profile, path.name, report_profiles=reporting)
    return calls


def render_example(entry: Entry, bank: Phrasebank, calls: Sequence[Call]) -> tuple[str, str] | None:
    """Return (sample name, text) of ``entry`` on the first call whose facts meet its conditions."""
    for call in calls:
        if call.slot == entry.slot and entry.applies(call.facts):
            return call.sample, bank.render(entry, call.variables)
    return None


def _render_on_samples(bank: Phrasebank, calls: Sequence[Call]) -> list[Finding]:
    """Return each entry that fails, or renders "None" or nothing, on a call it applies to."""
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
            findings.append(_finding(entry.source, entry.id, "render", reason))
    return findings


__all__ = [
    "Call",
    "Finding",
    "LintReport",
    "bundled_samples",
    "hunspell_unknown",
    "lint",
    "load_word_list",
    "record_calls",
    "render_example",
    "sample_calls",
]
