"""Build the DOCX templates in templates_docx/ from the built-in format profile.

Run from the repository root: ``.venv/bin/python scripts/build_templates.py [PROFILE]``.
The same profile always gives the same files, so the committed templates can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drafter.errors import UserError  # noqa: E402
from drafter.profiles import DEFAULT_PROFILE, load_profile  # noqa: E402
from drafter.template_builder import build_templates  # noqa: E402


def main(argv: list[str]) -> int:
    """Return the exit status after writing the templates and naming each file written."""
    name = argv[0] if argv else DEFAULT_PROFILE
    try:
        profile = load_profile(name)
        written = build_templates(ROOT / "templates_docx", profile)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    print(f"profile {profile.name}; each report template from its own profile (report.template)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
