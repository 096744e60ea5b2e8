"""Genre typos: phrases whose every syllable is a word, so that a spelling check misses them.

The list is data: ``lint/confusables.yaml`` in a phrasebank folder ("trong tâm" for "trọng
tâm"). ``drafter phrases lint`` looks for them in the phrases, ``drafter check`` in a document;
both read the list here, and each file is read once while it is unchanged.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import UserError
from drafter.phrasebank import read_yaml
from drafter.resources import data_dir

LINT_FOLDER = "lint"
"""The folder of a phrasebank folder that holds the lint's lists and sample data."""
CONFUSABLES_FILE = "confusables.yaml"


@dataclass(frozen=True)
class Confusable:
    """A genre typo: the pattern that finds it and the right spelling."""

    wrong: str
    pattern: re.Pattern[str]
    right: str
    note: str = ""


def load_confusables(folders: Sequence[Path]) -> list[Confusable]:
    """Return the genre typos of every folder's ``lint/confusables.yaml``, folder by folder."""
    found: list[Confusable] = []
    for folder in folders:
        path = folder / LINT_FOLDER / CONFUSABLES_FILE
        if path.is_file():
            stat = path.stat()
            found += _read_confusables(path, stat.st_mtime_ns, stat.st_size)
    return found


def builtin_confusables() -> list[Confusable]:
    """Return the built-in phrasebank's genre typos; none when its list is missing or broken.

    A document is checked even when the list shipped with drafter is damaged.
    """
    try:
        return load_confusables([data_dir("phrasebank")])
    except UserError:
        return []


@functools.cache
def _read_confusables(path: Path, mtime_ns: int, size: int) -> tuple[Confusable, ...]:
    """Return the typos listed in ``path`` (the file's time and size key the cache)."""
    content = read_yaml(path, "tệp")
    items = content.get("confusables") if isinstance(content, dict) else None
    if not isinstance(items, list):
        raise UserError(
            "tệp lỗi hay gặp phải có dạng 'confusables: [...]'",
            "Xem phrasebank/lint/confusables.yaml làm mẫu.",
            where=str(path),
        )
    return tuple(_confusable(path, index, item) for index, item in enumerate(items))


def _confusable(path: Path, index: int, item: Any) -> Confusable:
    """Return the typo of one list item; raise ``UserError`` naming it when it is unusable."""
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
    return Confusable(wrong, compiled, right, str(item.get("note") or ""))
