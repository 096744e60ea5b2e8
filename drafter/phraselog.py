"""The log of the phrases compose rendered, turned into provenance only when asked.

Compose tells the log every phrase it renders (what the phrase read, as ``ind.value``) and
every line it writes without a phrase. Drafting keeps only that record, which costs little;
``made`` turns it, when ``drafter explain`` or a test asks, into ``Made`` records whose
fields are paths of the data file (``indicators[2].value``) and whose children are the
phrases whose text they hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drafter.provenance import Made, collapse

__all__ = ["BASE_ORIGINS", "FACT_ORIGINS", "PhraseLog"]

BASE_ORIGINS: Mapping[str, str] = {
    "issuer": "issuer",
    "conference": "conference",
    "period": "period",
    "next_period": "period",
    "year_end": "period.kind",
    "plan_year": "period.year",
}
"""Where the variables every phrase may read come from in the data file."""
FACT_ORIGINS: Mapping[str, str] = {
    "body": "conference.body",
    "level": "issuer.level",
    "extended": "conference.extended",
    "year_end": "period.kind",
    "has_part_of_day": "conference.part_of_day",
    "has_discussion": "discussion",
    "chair_count": "people",
    "has_speaker": "people",
    "has_items": "resolution.implementation",
}
"""Where the facts that conditions test come from, for the facts compose names itself."""
_COMPOSED_KEYS = re.compile(r"^(results(?:\[\d+\])?)\.(points|echoed|name|key)\b")
"""The keys compose gives a field's results (``Composer.fields``), and the data's keys."""
_DATA_KEYS = {"points": "items", "echoed": "items", "name": "field", "key": "field"}


@dataclass(frozen=True)
class _Call:
    """One phrase rendered (``fields`` None) or one line written with its ``fields``."""

    slot: str
    entry: str | None
    formula: bool
    text: str
    reads: frozenset[str] = frozenset()
    variables: Mapping[str, Any] | None = None
    tested: tuple[str, ...] = ()  # the facts the entry's conditions test
    own_facts: frozenset[str] = frozenset()  # the facts this call passed itself
    origins: Mapping[str, str] | None = None
    fields: tuple[str, ...] | None = None
    inside: tuple[str, ...] = ()  # texts of phrases a line holds


class PhraseLog:
    """Every phrase and line of one composition, in order, and their provenance on demand."""

    def __init__(self, dump: Callable[[], Any], base: Mapping[str, Any]) -> None:
        """``dump`` gives the data as plain data; ``base`` the variables every phrase gets."""
        self._dump = dump
        self._base = base
        self._calls: list[_Call] = []
        self._aliases: dict[str, str] = {}
        self._built: list[Made] = []
        self._index: dict[Any, str] | None = None

    def phrase(
        self,
        slot: str,
        entry: tuple[str, bool, tuple[str, ...]] | None,
        text: str,
        *,
        reads: frozenset[str],
        variables: Mapping[str, Any],
        facts: Iterable[str],
        origins: Mapping[str, str],
    ) -> None:
        """Keep one rendered phrase: ``entry`` is (id, formula, the facts its conditions test)."""
        entry_id, formula, tested = entry if entry is not None else (None, False, ())
        self._calls.append(
            _Call(
                slot,
                entry_id,
                formula,
                text,
                reads,
                variables,
                tested,
                frozenset(facts),
                origins,
            )
        )

    def line(
        self,
        slot: str,
        text: str,
        fields: tuple[str, ...],
        inside: tuple[str, ...] = (),
        *,
        formula: bool = False,
    ) -> str:
        """Return ``text``, a line written without a phrase, kept with its ``fields``.

        ``inside`` are the texts of phrases the line holds; ``formula`` marks a line of the
        genre that uses no data (the usual signer's title).
        """
        self._calls.append(_Call(slot, None, formula, text, fields=fields, inside=inside))
        return text

    def alias(self, tidied: str, text: str) -> None:
        """Say that the phrase of ``text`` now stands as ``tidied`` (a list item)."""
        self._aliases.setdefault(tidied, text)

    def made(self) -> list[Made]:
        """Return every phrase and line as ``Made``, with data fields and the phrases inside."""
        by_text: dict[str, Made] = {made.text: made for made in reversed(self._built)}
        for call in self._calls[len(self._built) :]:
            made = self._made(call, by_text)
            self._built.append(made)
            by_text.setdefault(made.text, made)
        return list(self._built)

    # -- building ------------------------------------------------------------------------

    def _made(self, call: _Call, by_text: Mapping[str, Made]) -> Made:
        if call.fields is not None:
            inside = self._children([*call.inside], by_text)
            return Made(call.slot, None, call.formula, call.text, call.fields, inside)
        fields: set[str] = set()
        texts: dict[str, str] = {}
        children: list[Made] = []
        own: list[str] = []
        variables = call.variables or {}
        origins = call.origins or {}
        for root in sorted({_root(path) for path in call.reads}):
            value = variables.get(root, self._base.get(root))
            origin = origins.get(root) or BASE_ORIGINS.get(root) or self._origin_of(value)
            if origin is None:
                children += self._children(value if isinstance(value, list) else [value], by_text)
                continue
            own.append(origin)
            read = _whole_lists({path for path in call.reads if _root(path) == root}, root, value)
            for path in read:
                name = _data_path(origin + path[len(root) :])
                fields.add(name)
                said = _text_of(_value_at(value, path[len(root) :]))
                if said is not None:
                    texts[name] = said
        for fact in call.tested:
            origin = origins.get(fact) or FACT_ORIGINS.get(fact)
            if origin is not None:
                fields.add(origin)
            elif fact in call.own_facts:
                fields.update(own)
        return Made(
            call.slot, call.entry, call.formula, call.text, collapse(fields), children, texts
        )

    def _children(self, values: list[Any], by_text: Mapping[str, Made]) -> list[Made]:
        """Return the phrases whose text is one of ``values`` (directly or as a list item)."""
        found = []
        for value in values:
            if isinstance(value, str):
                text = self._aliases.get(value, value)
                if text in by_text:
                    found.append(by_text[text])
        return found

    def _origin_of(self, value: Any) -> str | None:
        """Return where ``value`` stands in the data file ("indicators[2]"), if it does."""
        if self._index is None:
            self._index = {}
            _index(self._dump(), "", self._index)
        key = _index_key(value)
        return None if key is None else self._index.get(key)


def _root(path: str) -> str:
    """Return the variable a read path starts from ("ind" of "ind.value")."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _data_path(path: str) -> str:
    """Return ``path`` in the data file's words ("results[1].points" → "results[1].items")."""
    return _COMPOSED_KEYS.sub(lambda match: f"{match[1]}.{_DATA_KEYS[match[2]]}", path)


def _value_at(value: Any, rest: str) -> Any:
    """Return what ``rest`` (".name", "[2].value", "") reaches inside ``value``, or None."""
    for key, position in re.findall(r"\.(\w+)|\[(\d+)\]", rest):
        if key and isinstance(value, dict):
            value = value.get(key)
        elif position and isinstance(value, list) and int(position) < len(value):
            value = value[int(position)]
        else:
            return None
    return value


_ITEM_PATH = re.compile(r"(.+)\[(\d+)\]")


def _whole_lists(paths: set[str], root: str, value: Any) -> set[str]:
    """Return ``paths`` with every item of a list read ("tasks[0]" … "tasks[9]") as the list."""
    while True:
        items: dict[str, set[int]] = {}
        for path in paths:
            match = _ITEM_PATH.fullmatch(path)
            if match is not None:
                items.setdefault(match[1], set()).add(int(match[2]))
        whole = {
            prefix
            for prefix, read in items.items()
            if _is_list_of(_value_at(value, prefix[len(root) :]), read)
        }
        if not whole:
            return paths
        paths = {path for path in paths if _list_of(path) not in whole} | whole


def _list_of(path: str) -> str | None:
    """Return the list an item path is in ("tasks" of "tasks[3]"), or None."""
    match = _ITEM_PATH.fullmatch(path)
    return None if match is None else match[1]


def _is_list_of(value: Any, read: set[int]) -> bool:
    """Return whether ``value`` is a list whose every position is in ``read``."""
    return isinstance(value, list) and read >= set(range(len(value)))


def _text_of(value: Any) -> str | None:
    """Return the text a field says, to find its sentence: a text, or a list's first text."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), None)
    return value if isinstance(value, str) and len(value) > 1 else None


def _index_key(value: Any) -> Any:
    """Return how ``value`` is looked up in the index of the data: texts, lists, mappings."""
    if isinstance(value, str):
        return ("text", value) if len(value) > 1 else None
    if isinstance(value, dict | list) and value:
        return ("data", repr(value))
    return None


def _index(value: Any, path: str, index: dict[Any, str]) -> None:
    """Add ``value`` and everything inside it to ``index`` (its key → its first path)."""
    key = _index_key(value)
    if key is not None and path:
        index.setdefault(key, path)
    if isinstance(value, dict):
        for name, item in value.items():
            _index(item, f"{path}.{name}" if path else name, index)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            _index(item, f"{path}[{position}]", index)
