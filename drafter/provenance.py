"""Provenance: which phrase made each sentence of a document, and which data fields it read.

A phrase is rendered with its variables wrapped in recording proxies (``traced``): a dict
records each key the phrase looks up, a list records being read (iterated, tested, printed,
given to a filter). What the phrase really read while rendering is kept with its text, so
phrases added later get their provenance without declaring it. Compose turns those paths
(``ind.value``) into paths of the data file (``indicators[2].value``); this module splits a
finished paragraph into sentences and gives each one the phrases and fields behind it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drafter import vietnamese as vi

__all__ = [
    "LABELS",
    "Made",
    "Sentence",
    "TracedDict",
    "TracedList",
    "collapse",
    "explain_paragraphs",
    "format_explanation",
    "sentences",
    "split_sentences",
    "traced_variables",
]


class TracedDict(dict[str, Any]):
    """A dict that records, in ``reads``, each key looked up (``path.key``) and whole reads."""

    __slots__ = ("_path", "_reads")

    def __init__(self, data: Mapping[str, Any], path: str, reads: set[str]) -> None:
        super().__init__(data)
        self._path = path
        self._reads = reads

    def touch(self) -> None:
        """Record that the whole mapping was read."""
        self._reads.add(self._path)

    def __getitem__(self, key: str) -> Any:
        return _traced(super().__getitem__(key), f"{self._path}.{key}", self._reads)

    def get(self, key: str, default: Any = None) -> Any:
        """Return ``self[key]`` (recorded) when present, else ``default``."""
        return self[key] if dict.__contains__(self, key) else default

    def __iter__(self) -> Iterator[str]:
        self.touch()
        return super().__iter__()

    def __len__(self) -> int:
        self.touch()
        return super().__len__()

    def items(self) -> Any:
        """Return the items; the whole mapping counts as read."""
        self.touch()
        return super().items()

    def values(self) -> Any:
        """Return the values; the whole mapping counts as read."""
        self.touch()
        return super().values()

    def __str__(self) -> str:
        self.touch()
        return super().__repr__()

    __repr__ = __str__


class TracedList(list[Any]):
    """A list that records, in ``reads``, that it was read, or which item was."""

    __slots__ = ("_path", "_reads")

    def __init__(self, data: list[Any], path: str, reads: set[str]) -> None:
        super().__init__(data)
        self._path = path
        self._reads = reads

    def touch(self) -> None:
        """Record that the whole list was read."""
        self._reads.add(self._path)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            size = super().__len__()
            position = index % size if size else index
            return _traced(super().__getitem__(index), f"{self._path}[{position}]", self._reads)
        self.touch()
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[Any]:
        """Yield the items, each recorded as read (``tasks[0]``) or wrapped in its turn."""
        for position, item in enumerate(super().__iter__()):
            yield _traced(item, f"{self._path}[{position}]", self._reads)

    def __len__(self) -> int:
        self.touch()
        return super().__len__()

    def __contains__(self, item: object) -> bool:
        self.touch()
        return super().__contains__(item)

    def __str__(self) -> str:
        self.touch()
        return super().__repr__()

    __repr__ = __str__


def _traced(value: Any, path: str, reads: set[str]) -> Any:
    """Return ``value`` wrapped to record its reads; a scalar is recorded as read now."""
    if type(value) is dict:
        return TracedDict(value, path, reads)
    if type(value) is list:
        return TracedList(value, path, reads)
    reads.add(path)
    return value


def traced_variables(
    variables: Mapping[str, Any], names: Mapping[str, Any], reads: set[str]
) -> dict[str, Any]:
    """Return ``variables`` with those a phrase reads (``names``) wrapped to record reads.

    Mappings and lists record what is looked up in them while the phrase renders. A name
    bound to a scalar cannot tell when it is read; it counts as read when the phrase names
    it (Jinja fetches every name of a template when it starts).
    """
    wrapped = dict(variables)
    for name in names:
        if name in variables:
            wrapped[name] = _traced(variables[name], name, reads)
    return wrapped


def collapse(paths: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Return ``paths`` sorted, without those inside a path read whole ("a.b" under "a")."""
    kept: list[str] = []
    for path in sorted(paths, key=lambda item: (len(item), item)):
        if not any(path.startswith(whole) and path[len(whole)] in ".[" for whole in kept):
            kept.append(path)
    return tuple(sorted(kept))


@dataclass
class Made:
    """One phrase as rendered: its slot and entry, what it read, its text and its pieces.

    ``entry`` is None for a line compose writes without a phrase (the number line, the date
    line): its ``fields`` are given. ``children`` are the phrases whose text it holds.
    """

    slot: str
    entry: str | None
    formula: bool
    text: str
    fields: tuple[str, ...]
    children: list[Made] = field(default_factory=list)
    texts: Mapping[str, str] = field(default_factory=dict)
    """The text of each field read that is a text, to find the sentence that says it."""

    def pieces(self) -> Iterator[Made]:
        """Yield the phrases inside this one, depth first."""
        for child in self.children:
            yield child
            yield from child.pieces()


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, with the phrases that wrote it and the fields they read."""

    text: str
    phrases: tuple[str, ...]
    fields: tuple[str, ...]
    formula: bool

    def grounded(self) -> bool:
        """Return True when the sentence read data, or is a declared formula."""
        return bool(self.fields) or self.formula


_SENTENCE_END = re.compile(r"[.!?][)\]”\"]?\s+")
"""Where a sentence may end: . ! ? (a closing bracket or quote after it) and a space."""


def split_sentences(text: str) -> list[str]:
    """Return the sentences of one paragraph.

    A sentence ends at . ! ? before a space and a capital letter (or an opening quote or
    bracket before one); "1.234", "TP.HCM" and "đợt 3/2" do not end one.
    """
    parts = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 2].lstrip('"“([')
        if following[:1].isupper():
            parts.append(text[start : match.end()].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def sentences(paragraph: str, made: Made, shown: Mapping[int, str]) -> list[Sentence]:
    """Return the sentences of a finished ``paragraph`` made by ``made``.

    Each sentence has the paragraph's phrase, the fields of it that the sentence says (see
    ``_placed``), and the phrases inside it whose finished text (``shown``: id of a ``Made``
    → its finished text) it holds, with their fields.
    """
    result = []
    pieces = list(made.pieces())
    parts = split_sentences(paragraph)
    folded = [_fold(part) for part in parts]
    placed = _placed(made, folded)
    for index, text in enumerate(parts):
        phrases = [made.entry or made.slot]
        fields = {name for name, where in placed.items() if index in where}
        for piece in pieces:
            piece_text = _fold(shown.get(id(piece), piece.text))
            if piece_text and piece_text in folded[index]:
                phrases.append(piece.entry or piece.slot)
                fields.update(piece.fields)
        result.append(Sentence(text, tuple(dict.fromkeys(phrases)), collapse(fields), made.formula))
    return result


_ITEM = re.compile(r"^.*?\[\d+\]")
"""The item a field path is inside: "results[1]" of "results[1].items"."""


def _placed(made: Made, folded: Sequence[str]) -> dict[str, set[int]]:
    """Return, for each field of ``made``, the sentences (by index) it belongs to.

    A field whose text a sentence says belongs to those sentences; a field of the same item
    as one that is placed ("results[1].field" beside "results[1].items") goes with it; any
    other field (a number, a text said in another form) belongs to every sentence.
    """
    everywhere = set(range(len(folded)))
    placed: dict[str, set[int]] = {}
    for name in made.fields:
        text = made.texts.get(name)
        wanted = _fold(text) if text else ""
        found = {index for index, part in enumerate(folded) if wanted and wanted in part}
        if found:
            placed[name] = found
    for name in made.fields:
        if name not in placed:
            item = _ITEM.match(name)
            siblings = [
                where
                for other, where in placed.items()
                if item is not None and other.startswith(item.group(0))
            ]
            placed[name] = set().union(*siblings) if siblings else everywhere
    return placed


def _fold(text: str) -> str:
    """Return ``text`` as sentences are compared: one tone style, no case."""
    return vi.normalize_text(text, "modern").casefold()


def explain_paragraphs(
    paragraphs: Sequence[str], by_text: Mapping[str, Made], shown: Mapping[int, str]
) -> list[Sentence]:
    """Return the sentences of a document's ``paragraphs`` with their provenance.

    ``by_text`` gives the phrase behind each finished text, ``shown`` each phrase's finished
    text. A paragraph compose joined from several phrases (one sentence per role) is looked
    up sentence by sentence; a sentence no phrase wrote has no provenance (a test catches it).
    """
    result: list[Sentence] = []
    for paragraph in paragraphs:
        made = by_text.get(paragraph)
        if made is not None:
            result += sentences(paragraph, made, shown)
            continue
        for text in split_sentences(paragraph):
            part = by_text.get(text)
            result += sentences(text, part, shown) if part else [Sentence(text, (), (), False)]
    return result


LABELS: Mapping[str, str] = {
    "resolution": "DỰ THẢO NGHỊ QUYẾT",
    "press": "TIN BÀI",
    "phrase": "Câu mẫu",
    "fields": "Dữ liệu",
    "formula": "(câu cố định của thể loại, không dùng dữ liệu)",
    "none": "(không rõ nguồn)",
}
"""The words of ``drafter explain``'s output."""


def format_explanation(documents: Sequence[tuple[str, Sequence[Sentence]]], width: int = 80) -> str:
    """Return documents' sentences, each with its phrases and fields, wrapped at ``width``."""
    lines: list[str] = []
    for kind, found in documents:
        title = f" {LABELS.get(kind, kind)} ({kind}) "
        lines += ["", title.center(width, "="), ""]
        for number, sentence in enumerate(found, start=1):
            label = f"{number:>3}. "
            lines += textwrap.wrap(
                sentence.text, width, initial_indent=label, subsequent_indent=" " * len(label)
            )
            indent = " " * len(label)
            phrases = ", ".join(sentence.phrases) or LABELS["none"]
            fields = ", ".join(sentence.fields) or LABELS["formula" if sentence.formula else "none"]
            for key, value in (("phrase", phrases), ("fields", fields)):
                lines += textwrap.wrap(
                    value,
                    width,
                    initial_indent=f"{indent}{LABELS[key]}: ",
                    subsequent_indent=indent + "  ",
                    break_on_hyphens=False,
                )
    return "\n".join(lines[1:]) + "\n"
