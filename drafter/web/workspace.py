"""The workspace: the folder of data files the browser works on, one conference per file.

Every name that comes from a request is checked here before it becomes a path: it must be a
plain file name made by the naming rules (``naming.safe_file_name``) with a data-file suffix,
and the file must sit directly in the workspace. Every change is written atomically
(``files.atomic_write_text``) under one lock, and a change made from a page that was opened
before the file last changed is refused, so two tabs never overwrite each other's work.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter import models
from drafter.datafile import JSON_SUFFIXES, YAML_SUFFIXES, dump_report, load_report, read_raw
from drafter.errors import UserError
from drafter.files import atomic_write_bytes, atomic_write_text, io_error
from drafter.naming import safe_file_name, slug
from drafter.web.texts import web_text
from drafter.wizard.engine import shown
from drafter.wizard.state import (
    PROGRESS,
    State,
    blank_state,
    load_state,
    plain_data,
    save_draft,
    state_from_previous,
)
from drafter.wizard.texts import load_texts

DATA_SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES
PHOTO_FOLDER = "anh"
"""The workspace's folder of photos uploaded from the browser."""
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
MAX_UPLOAD = 2_000_000
"""The largest data file accepted from the browser, in bytes (a data file is a few kB)."""


@dataclass(frozen=True)
class Conference:
    """One data file of the workspace as the home page lists it."""

    name: str
    title: str
    valid: bool


@dataclass(frozen=True)
class Snapshot:
    """A data file's state as read, and the revision it was read at."""

    state: State
    revision: str


class Workspace:
    """The folder of data files; every read and write of a conference goes through here."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.RLock()

    # -- names -------------------------------------------------------------------------

    def path_of(self, name: str) -> Path:
        """Return the data file ``name``; refuse a name the naming rules did not make."""
        stem, dot, suffix = name.rpartition(".")
        if (
            not dot
            or f".{suffix}" not in DATA_SUFFIXES
            or "/" in name
            or "\\" in name
            or _safe_stem(stem) != stem
        ):
            raise UserError(web_text("bad_name", name=name[:80]), web_text("bad_name_remedy"))
        path = self.root / name
        if path.is_symlink() or not path.is_file() or path.resolve().parent != self.root:
            raise UserError(web_text("no_such_file", name=name), web_text("no_such_file_remedy"))
        return path

    def conferences(self) -> list[Conference]:
        """Return the data files of the workspace, newest first."""
        found = [
            path
            for path in self.root.iterdir()
            if path.suffix.lower() in DATA_SUFFIXES
            and path.is_file()
            and not path.is_symlink()
            and not path.name.startswith(".")
            and _safe_stem(path.stem) == path.stem
        ]
        found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
        return [self._listed(path) for path in found]

    def _listed(self, path: Path) -> Conference:
        """Return how the home page shows the data file ``path``."""
        try:
            state = load_state(path)
        except UserError:
            return Conference(path.name, web_text("unreadable"), valid=False)
        return Conference(path.name, title_of(state) or path.stem, valid=is_complete(state))

    def new_name(self, title: str, suffix: str = ".yaml") -> str:
        """Return a file name made from ``title`` that no file of the workspace has yet."""
        stem = _safe_stem(slug(title) if title.strip() else "hoi-nghi")
        name = f"{stem}{suffix}"
        number = 2
        while (self.root / name).exists():
            name = f"{stem}-{number}{suffix}"
            number += 1
        return name

    # -- reading and writing -----------------------------------------------------------

    def read(self, name: str) -> Snapshot:
        """Return the state of the data file ``name`` and its revision."""
        path = self.path_of(name)
        with self._lock:
            return Snapshot(load_state(path), revision_of(path))

    @contextmanager
    def change(self, name: str, revision: str | None) -> Iterator[State]:
        """Yield the state of ``name`` to change; it is saved when the block ends changed.

        ``revision`` is the one the page was made from: when the file changed since (another
        tab, the wizard, a text editor), the change is refused and nothing is written.
        """
        path = self.path_of(name)
        with self._lock:
            if revision is not None and revision != revision_of(path):
                raise StaleError(web_text("stale"), web_text("stale_remedy"), where=name)
            state = load_state(path)
            before = copy.deepcopy(state)
            yield state
            if state != before:  # a file is rewritten only when something changed
                save_state(path, state)

    def create(self, title: str, state: State | None = None) -> str:
        """Write a new data file for ``title`` (blank, or ``state``); return its name."""
        with self._lock:
            name = self.new_name(title)
            save_state(self.root / name, state or blank_state(), new=True)
            return name

    def create_from(self, previous: str, title: str) -> str:
        """Write a new data file started from last period's ``previous`` (the wizard's rules)."""
        path = self.path_of(previous)
        report = load_report(path)
        return self.create(title, state_from_previous(report, previous))

    def upload(self, file_name: str, content: bytes) -> str:
        """Keep an uploaded data file in the workspace under a safe new name; return it.

        The file is read as the command line reads one (size bound, UTF-8, YAML limits)
        before it is kept; a file drafter cannot read is refused and nothing is written.
        """
        if len(content) > MAX_UPLOAD:
            raise UserError(
                web_text("upload_too_big", limit=MAX_UPLOAD // 1_000_000),
                web_text("upload_remedy"),
                where=file_name[:80],
            )
        suffix = Path(file_name).suffix.lower()
        if suffix not in DATA_SUFFIXES:
            raise UserError(web_text("upload_suffix"), web_text("upload_remedy"), where=file_name)
        with tempfile.TemporaryDirectory() as folder:
            trial = Path(folder) / f"upload{suffix}"
            trial.write_bytes(content)
            raw, _ = read_raw(trial)
        if not isinstance(raw, Mapping):
            raise UserError(web_text("upload_not_data"), web_text("upload_remedy"))
        with self._lock:
            name = self.new_name(Path(file_name).stem, ".json" if suffix == ".json" else ".yaml")
            atomic_write_bytes(self.root / name, content)
            return name

    def add_photo(self, name: str, index: int, file_name: str, content: bytes) -> str:
        """Keep an uploaded photo in the workspace's photo folder for photo ``index`` of ``name``.

        The photo passes the same checks as a photo named in a data file (a whole JPEG or PNG
        of bounded size, inside the data file's folder); a refused one is not kept. Return
        the path the data file now names, relative to it.
        """
        from drafter.photos import MAX_BYTES, photo_problem

        suffix = Path(file_name).suffix.lower()
        if suffix not in PHOTO_SUFFIXES:
            raise UserError(web_text("photo_suffix"), web_text("photo_remedy"), where=file_name)
        if len(content) > MAX_BYTES:
            raise UserError(
                web_text("upload_too_big", limit=MAX_BYTES // 1_000_000),
                web_text("photo_remedy"),
                where=file_name[:80],
            )
        with self._lock, self.change(name, None) as state:
            photos = state.get("photos")
            if not isinstance(photos, list) or not 0 <= index < len(photos):
                raise UserError(web_text("photo_gone"), web_text("photo_remedy"))
            folder = self.root / PHOTO_FOLDER
            stem = _safe_stem(slug(Path(file_name).stem)) or "anh"
            kept = f"{stem}{suffix}"
            number = 2
            while (folder / kept).exists():
                kept = f"{stem}-{number}{suffix}"
                number += 1
            atomic_write_bytes(folder / kept, content)
            relative = f"{PHOTO_FOLDER}/{kept}"
            problem = photo_problem(self.root, relative)
            if problem is not None:
                (folder / kept).unlink(missing_ok=True)
                raise UserError(problem, web_text("photo_remedy"), where=file_name[:80])
            photos[index]["file"] = relative
            return relative


class StaleError(UserError):
    """A change made from a page older than the data file: refused, nothing written."""


def revision_of(path: Path) -> str:
    """Return the revision of the file ``path``: a digest of its bytes."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as error:
        raise io_error(path, error) from None


def report_of(state: Mapping[str, Any]) -> models.Report:
    """Return the report the state makes; raise ``ValidationError`` while it is incomplete."""
    return models.Report.model_validate(data_of(state))


def data_of(state: Mapping[str, Any]) -> dict[str, Any]:
    """Return the state without the wizard's progress section: the data file's mapping."""
    return {key: value for key, value in state.items() if key != PROGRESS}


def is_complete(state: Mapping[str, Any]) -> bool:
    """Return whether the state makes a valid report."""
    try:
        report_of(state)
    except ValidationError:
        return False
    return True


def title_of(state: Mapping[str, Any]) -> str:
    """Return the home page's title of a conference: its issuer, ordinal and date."""
    issuer = _mapping(state.get("issuer"))
    conference = _mapping(state.get("conference"))
    parts = [str(issuer.get("name") or "")]
    if conference.get("ordinal"):
        parts.append(web_text("ordinal", ordinal=conference["ordinal"]))
    if conference.get("date"):
        parts.append(shown(conference["date"]))
    return " · ".join(part for part in parts if part)


def _mapping(value: Any) -> Mapping[str, Any]:
    """Return ``value`` when it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def save_state(path: Path, state: State, *, new: bool = False) -> None:
    """Write the state to ``path`` atomically, in a form ``render`` and the wizard both read.

    A state that makes a valid report is written as a plain data file (no progress); one
    still being filled is written as the wizard's draft, which ``drafter wizard --resume``
    continues. A JSON file stays JSON.
    """
    if new and path.exists():
        raise UserError(web_text("exists", name=path.name))
    suffix = path.suffix.lower()
    try:
        report = report_of(state)
    except ValidationError:
        report = None
    if report is not None:
        atomic_write_text(path, dump_report(report, suffix), overwrite=True)
    elif suffix in JSON_SUFFIXES:
        text = json.dumps(plain_data(data_of(state)), ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(path, text, overwrite=True)
    else:
        state.setdefault(PROGRESS, {"answered": []})
        save_draft(path, state, load_texts())


def _safe_stem(stem: str) -> str:
    """Return ``stem`` as the naming rules make a file stem ("" when nothing is left)."""
    try:
        return safe_file_name(stem)
    except UserError:
        return ""
