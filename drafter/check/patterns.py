"""Text patterns that both find an element and check its form (signature, date line)."""

from __future__ import annotations

import re
import string

AUTHORITY = re.compile(r"^(?:T\s*/\s*[MLU]|K\s*/\s*T|TM|KT|TL|TUQ)\.?(?=\s)")
"""The authority prefix of a signature line, in the Party (T/M) or the state (TM.) form."""
DATE_GROUPS = {"place": r".+?", "day": r"\d{1,2}", "month": r"\d{1,2}", "year": r"\d{4}"}
"""The fields of a profile's date-line form, as regexes."""


def form_regex(pattern: str, groups: dict[str, str], *, loose: bool = False) -> re.Pattern[str]:
    """Return a regex for a profile form ("Số {number}-{type}/{issuer}"), fields as groups."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>{groups[field]})")
    body = "".join(parts)
    return re.compile(body if loose else f"^{body}$")
