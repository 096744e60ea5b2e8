"""The browser's Vietnamese words: labels, buttons and messages, read from YAML.

The words live in ``drafter/data/web.yaml``; the questions of the sections are the wizard's
(``drafter/data/wizard.yaml``), not repeated there.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from drafter import yamlio

WEB_FILE = Path(__file__).resolve().parent.parent / "data" / "web.yaml"


@cache
def web_texts() -> Mapping[str, str]:
    """Return every text of the browser pages, by key."""
    raw = yamlio.load(WEB_FILE)
    return {str(key): str(value) for key, value in raw.items()}


def web_text(key: str, **values: object) -> str:
    """Return the text ``key`` with ``values`` filled in."""
    return web_texts()[key].format(**values)
