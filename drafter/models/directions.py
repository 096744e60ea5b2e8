"""Which way an indicator is better: the usual "lower is better" rates, known by their names.

The list is data (``drafter/data/directions.yaml``): a name is taken as lower-is-better when it
holds one of its phrases and none of the words that turn the meaning round ("số hộ thoát
nghèo", "tỷ lệ giảm nghèo" are better higher). A direction the data states always wins.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from drafter import yamlio

DIRECTIONS_FILE: Final = Path(__file__).resolve().parent.parent / "data" / "directions.yaml"


@dataclass(frozen=True)
class Directions:
    """The phrases of lower-is-better names and the words that rule an inference out."""

    lower: tuple[str, ...]
    never: tuple[str, ...]

    def lower_is_better(self, name: str) -> bool:
        """Return True when ``name`` is one of the usual lower-is-better indicators."""
        words = _words(name)
        if any(_holds(words, _words(word)) for word in self.never):
            return False
        return any(_holds(words, _words(phrase)) for phrase in self.lower)


def _words(text: str) -> tuple[str, ...]:
    """Return the lower-case NFC words of ``text``, punctuation dropped."""
    return tuple(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def _holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Return True when ``phrase`` stands in ``words`` as whole words."""
    size = len(phrase)
    return size > 0 and any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


@functools.cache
def load_directions(path: Path = DIRECTIONS_FILE) -> Directions:
    """Return the list of lower-is-better names in ``path``."""
    raw = yamlio.load(path)
    return Directions(
        lower=tuple(str(item) for item in raw.get("lower_is_better", [])),
        never=tuple(str(item) for item in raw.get("never", [])),
    )


def inferred_lower_is_better(name: str) -> bool:
    """Return whether the indicator called ``name`` is taken as lower-is-better by default."""
    return load_directions().lower_is_better(name)
