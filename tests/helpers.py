"""Test helpers shared by the test modules: a prompter that answers from a script."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from drafter.wizard.prompters import Check

DEFAULT = ...
"""In a script: accept the question's default (the clerk just presses Enter)."""


class ScriptedPrompter:
    """A prompter answering from a script, for tests: refused answers are recorded, not fatal.

    Script items: a string (typed text or a choice's value or label), a bool (confirm), a list
    (checkbox values), ``DEFAULT`` (press Enter), or an exception instance to raise.
    """

    def __init__(self, script: Iterable[Any]) -> None:
        self.script: Iterator[Any] = iter(script)
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.said: list[str] = []

    def _next(self, message: str) -> Any:
        self.asked.append(message)
        try:
            item = next(self.script)
        except StopIteration:
            raise AssertionError(f"script ended at: {message}") from None
        if isinstance(item, BaseException):
            raise item
        return item

    def ask_text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Return the next scripted text that passes ``check``."""
        while True:
            item = self._next(message)
            text = default if item is DEFAULT else str(item)
            reason = check(text) if check is not None else None
            if reason is None:
                return text
            self.errors.append(reason)

    def ask_select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        """Return the scripted choice, given by value or by label."""
        item = self._next(message)
        if item is DEFAULT:
            assert default is not None, f"no default at: {message}"
            return default
        for value, label in choices:
            if item in (value, label):
                return value
        raise AssertionError(f"{item!r} is not a choice of {message}: {choices}")

    def ask_confirm(
        self, message: str, *, default: bool = True, instruction: str | None = None
    ) -> bool:
        """Return the scripted yes/no."""
        item = self._next(message)
        return default if item is DEFAULT else bool(item)

    def ask_checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        checked: Collection[str] = (),
        instruction: str | None = None,
    ) -> list[str]:
        """Return the scripted values ticked."""
        item = self._next(message)
        values = list(checked) if item is DEFAULT else list(item)
        return [value for value, _ in choices if value in values]

    def say(self, text: str) -> None:
        """Record ``text``."""
        self.said.append(text)
