"""Where drafter's data folders are: next to the package in a checkout, inside it when installed."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (phrasebank, templates_docx, profiles) of this installation."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


PROPER_NAMES_FILE = _PACKAGE / "data" / "proper_names.txt"
"""The proper names written with a capital mid-sentence, one a line; "#" starts a comment."""


@functools.cache
def proper_names(path: Path = PROPER_NAMES_FILE) -> tuple[str, ...]:
    """Return the proper names of the list (NFC), longest first; none when it is missing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    names = {unicodedata.normalize("NFC", line.split("#")[0].strip()) for line in lines}
    return tuple(
        sorted(
            (name for name in names if name), key=lambda name: len(name.lstrip("!")), reverse=True
        )
    )
