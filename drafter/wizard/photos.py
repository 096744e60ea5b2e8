"""The photos section: the captions, then each photo's image file, checked as it is typed.

A photo's path is taken relative to the data file's folder, the way the documents are rendered
from it; a file dragged into the terminal (quoted, or with escaped spaces) is taken too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from drafter import models
from drafter.files import os_reason
from drafter.photos import photo_problem as shared_photo_problem
from drafter.wizard.engine import Engine
from drafter.wizard.state import field_problems
from drafter.wizard.texts import Texts

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
_PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def ask_photos(engine: Engine) -> None:
    """Ask the photos' captions (one a line), then each photo's file."""
    photos: list[dict[str, Any]] = engine.state.get("photos", [])
    asked = [f"photos.file.{index}" for index in range(len(photos))]
    if not engine.done("photos") or not all(engine.done(qid) for qid in asked):
        engine.heading("photos")
    if not engine.done("photos"):
        _ask_captions(engine, photos)
    for index, photo in enumerate(engine.state.get("photos", [])):
        ask_photo_file(engine, photo, f"photos.file.{index}")


def _ask_captions(engine: Engine, photos: list[dict[str, Any]]) -> None:
    """Ask the captions; a caption kept keeps its file."""
    files = {photo["caption"]: photo.get("file") for photo in photos}
    box: dict[str, Any] = {"caption": [photo["caption"] for photo in photos]}
    captions = engine.ask("photos", box, "caption", context={}) or []
    engine.state["photos"] = [
        {"caption": caption, **({"file": files[caption]} if files.get(caption) else {})}
        for caption in captions
    ]
    if not engine.state["photos"]:
        engine.state.pop("photos")
    engine.save()


def ask_photo_file(engine: Engine, photo: dict[str, Any], qid: str) -> None:
    """Ask the image file of one photo: checked to exist and to be a JPEG or PNG."""
    if engine.done(qid):
        return
    folder = photo_folder(engine.out)

    def check(answer: str) -> str | None:
        text = _unquoted(answer)
        if not text:
            return None
        reason = photo_problem(text, folder, engine.texts)
        if reason is not None:
            return reason
        trial = {"caption": photo["caption"], "file": photo_stored(text, folder)}
        return "; ".join(field_problems(models.Photo, trial, "file")) or None

    question = engine.texts.q("photos.file")
    message = question.prompt.format(caption=photo["caption"])
    text = _unquoted(engine.ask_text(question, str(photo.get("file") or ""), check, message))
    if text:
        photo["file"] = photo_stored(text, folder)
    else:
        photo.pop("file", None)
    engine.mark(qid)


def photo_folder(data_file: Path) -> Path:
    """Return the folder photo paths are relative to: the data file's."""
    return data_file.absolute().parent


def photo_problem(text: str, folder: Path, texts: Texts) -> str | None:
    """Return why the typed photo file is refused, or None when it is a JPEG or PNG."""
    path = _photo_path(text, folder)
    if not path.exists():
        return texts.msg("photo_missing", path=text, folder=folder)
    if not path.is_file():
        return texts.msg("photo_not_file", path=text)
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        return texts.msg("photo_suffix", suffix=path.suffix or "")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        return texts.msg("photo_unreadable", path=text, reason=os_reason(error))
    if not head.startswith(_PHOTO_MAGIC):
        return texts.msg("photo_content", path=text)
    # The rules every front door shares: inside the data file's folder, bounded, decodable.
    return shared_photo_problem(folder, photo_stored(text, folder))


def photo_stored(text: str, folder: Path) -> str:
    """Return the path to store: relative to the data file's folder when inside it."""
    path = _photo_path(text, folder)
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _photo_path(text: str, folder: Path) -> Path:
    """Return the file a typed photo path names (relative to ``folder``)."""
    path = Path(text).expanduser()
    return path if path.is_absolute() else folder / path


def _unquoted(answer: str) -> str:
    """Return a typed path without the quotes or backslashes a dragged-in file brings."""
    text = answer.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    if os.sep == "/" and "\\ " in text:
        text = text.replace("\\ ", " ")
    return text
