"""Names of the files drafter writes: slugs, ``--name`` patterns and safe file names.

Every front door names its documents here, so ``render``, ``batch`` and the wizard agree: a
pattern in the sandbox (``{{ unit }}_{{ doc }}_{{ date }}``) filled with ASCII slugs, then made
safe on every file system (no separators, no Windows device names, bounded length).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from drafter.errors import UserError
from drafter.models import Report

DEFAULT_PATTERN = "{{ unit }}_{{ doc }}_{{ date }}"
"""The default name: unit (the issuer when a row names no unit), document, resolution date."""
PATTERN_VARIABLES = ("unit", "issuer", "doc", "date", "period", "row")
MAX_NAME = 200
"""Longest file stem: room for two 80-character slugs and a date (a file name has 255 bytes)."""
MAX_SLUG = 80

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def slug(text: str) -> str:
    """Return ``text`` as lower-case ASCII words joined by hyphens ("Huyện ủy" → "huyen-uy")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(char if char.isalnum() else " " for char in ascii_text.lower()).split()
    return "-".join(words)[:MAX_SLUG].rstrip("-") or "van-ban"


def safe_file_name(stem: str) -> str:
    """Return ``stem`` as a file name that is safe on Windows and cannot leave the folder."""
    name = _UNSAFE.sub("-", stem.lower()).strip(".-_ ")
    name = re.sub(r"-{2,}", "-", name)[:MAX_NAME].strip(".-_")
    if not name:
        raise UserError(
            "mẫu tên tệp cho ra tên rỗng", "Dùng mẫu tên có {{ unit }} hoặc {{ issuer }}."
        )
    if _RESERVED.match(name):
        name = f"_{name}"
    return name


class NamePattern:
    """A ``--name`` pattern, compiled once in the sandbox and tried before any work is done."""

    def __init__(self, pattern: str = DEFAULT_PATTERN) -> None:
        from jinja2 import meta

        from drafter.sandbox import RENDER_ERRORS, make_environment

        self.text = pattern
        environment = make_environment()
        try:
            self.template: Any = environment.from_string(pattern)
            self.template.render(
                unit="u", issuer="i", doc="d", date="2000-01-01", period="p", row="2"
            )
            # Only what the pattern reads is worked out per document: slugs are not free.
            self.uses: frozenset[str] = frozenset(
                meta.find_undeclared_variables(environment.parse(pattern))
            )
        except RENDER_ERRORS as error:
            raise UserError(
                f"mẫu tên tệp '{_shortened(pattern)}' không dùng được: {error}",
                "Dùng các biến "
                + ", ".join("{{ " + name + " }}" for name in PATTERN_VARIABLES)
                + ".",
                where="--name",
            ) from None

    def stem(self, report: Report, doc: str, *, unit: str = "", row: int = 0) -> str:
        """Return the safe file stem of document ``doc`` (a slug) of ``report``."""
        from drafter.sandbox import RENDER_ERRORS

        values = {"doc": doc, "row": str(row)}
        if "unit" in self.uses:
            values["unit"] = slug(unit or report.issuer.name)
        if "issuer" in self.uses:
            values["issuer"] = slug(report.issuer.name)
        if "date" in self.uses:
            values["date"] = report.resolution_date().isoformat()
        if "period" in self.uses:
            values["period"] = slug(report.period.name(short=True))
        try:
            return safe_file_name(self.template.render(**values))
        except RENDER_ERRORS as error:
            raise UserError(
                f"mẫu tên tệp không dùng được cho văn bản này: {error}",
                "Dùng mẫu tên đơn giản, ví dụ " + DEFAULT_PATTERN + ".",
                where="--name",
            ) from None


def _shortened(text: str, limit: int = 80) -> str:
    """Return ``text`` cut to ``limit`` characters for an error message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
