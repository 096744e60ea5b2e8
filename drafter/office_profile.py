"""LibreOffice profile folders: made ready before LibreOffice starts on them.

Every LibreOffice drafter starts (a warm one, or one ``--convert-to`` call) runs on a profile
folder of its own, given with ``-env:UserInstallation``. Two things make its start cheap:

- A new folder starts as a copy of a profile LibreOffice made once (``saved_profile``, in
  the user's cache folder), instead of an empty one LibreOffice fills on its first start.
- The profile says that this LibreOffice version has been started before
  (``ooSetupLastVersion``). LibreOffice 7.4 only writes that when its window shows what is
  new, which a headless LibreOffice never does; without it, every headless start counts as
  the first of a new version and runs LibreOffice's graphics self-tests: 0.8 s of one core
  and 130 MB for nothing at each start (measured: a start on a saved profile, 0.89 s
  without, 0.11 s with; a start on an empty profile, 1.3 s against 0.6 s). The PDFs are the
  same page for page.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import uuid
from pathlib import Path

SAVED_PROFILE = "libreoffice-profile"
"""The folder, in the user's cache folder, of the profile copied into new profile folders."""
REGISTRY = Path("user") / "registrymodifications.xcu"
"""LibreOffice's own record of the settings a profile changes."""
LAST_VERSION = (
    '<item oor:path="/org.openoffice.Setup/Product">'
    '<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version}</value></prop></item>'
)
MADE_BY_LIBREOFFICE = Path("user") / "extensions"
"""What LibreOffice's first start on a profile makes (registering its bundled extensions:
the slow part of that start)."""
_LAST_VERSION_ITEM = re.compile(
    r'<item oor:path="/org\.openoffice\.Setup/Product"><prop oor:name="ooSetupLastVersion"'
    r".*?</item>\n?",
    re.DOTALL,
)
EMPTY_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    "</oor:items>\n"
)
_PRODUCT_KEY = re.compile(r"^ProductKey=\D*?(\d+\.\d+)\s*$", re.MULTILINE)
BOOTSTRAP_FILES = ("bootstraprc", "bootstrap.ini", "../Resources/bootstraprc")
"""Where LibreOffice names its version beside its program (Linux, Windows, macOS)."""


def saved_profile() -> Path:
    """Return where the profile copied into new profile folders is kept."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "drafter" / SAVED_PROFILE


def prepare_profile(profile_dir: Path, soffice: str) -> bool:
    """Make ``profile_dir`` ready for ``soffice``; return True when it needs no saving.

    A folder that exists is in use (a later call of the same run) and is kept as it is.
    A new one is a copy of the saved profile if there is one (True), else empty (False:
    the profile LibreOffice makes in it is worth saving for later runs). Either way it is
    marked as started before by this LibreOffice version.
    """
    if profile_dir.exists():
        return True
    seeded = _copy_saved(profile_dir)
    version = product_version(soffice)
    if version is not None:
        with contextlib.suppress(OSError):  # unmarked, LibreOffice only starts slower
            _mark_started(profile_dir, version)
    return seeded


def save_profile(profile_dir: Path) -> None:
    """Keep a copy of ``profile_dir`` for later profiles; another run's copy is as good."""
    saved = saved_profile()
    if saved.exists() or not (profile_dir / MADE_BY_LIBREOFFICE).is_dir():
        return  # saved already, or LibreOffice never ran on it
    with contextlib.suppress(OSError):
        saved.parent.mkdir(parents=True, exist_ok=True)
        staging = saved.with_name(f".{SAVED_PROFILE}-{uuid.uuid4().hex[:8]}")
        try:
            shutil.copytree(profile_dir, staging, symlinks=True)
            staging.rename(saved)  # whole or not at all; fails if another run saved first
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@functools.cache
def product_version(soffice: str) -> str | None:
    """Return the version ("7.4") LibreOffice names beside ``soffice``, or None."""
    program = Path(os.path.realpath(shutil.which(soffice) or soffice)).parent
    for name in BOOTSTRAP_FILES:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found = _PRODUCT_KEY.search((program / name).read_text(encoding="utf-8"))
            if found is not None:
                return found.group(1)
    return None


def _copy_saved(profile_dir: Path) -> bool:
    """Make ``profile_dir`` a copy of the saved profile; return False if it is left empty."""
    saved = saved_profile()
    with contextlib.suppress(OSError):
        if saved.is_dir():
            shutil.copytree(saved, profile_dir, symlinks=True)
            return True
    shutil.rmtree(profile_dir, ignore_errors=True)  # a copy cut short
    profile_dir.mkdir(parents=True, exist_ok=True)
    return False


def _mark_started(profile_dir: Path, version: str) -> None:
    """Record in the profile's registry that LibreOffice ``version`` has run on it."""
    registry = profile_dir / REGISTRY
    try:
        text = registry.read_text(encoding="utf-8")
    except FileNotFoundError:
        registry.parent.mkdir(parents=True, exist_ok=True)
        text = EMPTY_REGISTRY
    if "</oor:items>" not in text:
        return  # not a registry drafter can read: LibreOffice keeps its own
    text = _LAST_VERSION_ITEM.sub("", text)
    item = LAST_VERSION.format(version=version)
    registry.write_text(text.replace("</oor:items>", f"{item}\n</oor:items>", 1), "utf-8")
