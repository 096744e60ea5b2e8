"""Prompters: what the wizard asks through, the terminal or a script.

The flow talks to a ``Prompter``, so tests can script it; ``QuestionaryPrompter`` is the real
one and this is the only module that imports questionary.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from typing import TYPE_CHECKING, Any, Protocol

from drafter.wizard.texts import load_texts

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyPressEvent

Check = Callable[[str], str | None]
"""A check of a typed answer: the Vietnamese reason it is refused, or None when it is fine."""


class HangUpError(Exception):
    """Raised by the hang-up handler so a closed terminal ends like Ctrl-C."""


class Prompter(Protocol):
    """What the wizard needs from a terminal: four kinds of question and a way to speak."""

    def ask_text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Return the text typed; ``check`` refuses an answer with a reason."""
        ...

    def ask_select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        instruction: str | None = None,
        keys: Mapping[str, str] | None = None,
    ) -> str:
        """Return the value of the chosen ``(value, label)`` choice.

        ``keys`` gives some choices a fixed key (value → key), the same however many choices
        come before them; the others are numbered.
        """
        ...

    def ask_confirm(
        self, message: str, *, default: bool = True, instruction: str | None = None
    ) -> bool:
        """Return the yes/no answer."""
        ...

    def ask_checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        checked: Collection[str] = (),
        instruction: str | None = None,
    ) -> list[str]:
        """Return the values ticked, in the order of ``choices``."""
        ...

    def say(self, text: str) -> None:
        """Show ``text`` to the clerk."""
        ...


class QuestionaryPrompter:
    """The real prompter: questionary prompts on the terminal (or on given prompt_toolkit I/O)."""

    def __init__(self, *, input: Any = None, output: Any = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def ask_text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Return the text typed; a refused answer shows its reason and is asked again.

        A one-line answer that has a current value shows it greyed (a placeholder) and starts
        empty: Enter keeps it, typing replaces it — pre-filled text would be appended to. The
        answer is checked after the prompt ends, not inside it: prompt_toolkit shows a refusal
        in a one-line bar cut at the terminal's edge, before its remedy. The reason is printed
        wrapped at word ends and the refused text is offered again, pre-filled, to correct.
        """
        keep = default if default and not multiline else ""
        shown, hint = _laid_out(message, instruction)
        typed = "" if keep else default
        refused = False
        with ExitStack() as between:
            while True:
                answer = self._ask_text_once(shown, hint, typed, keep, multiline=multiline)
                reason = check(answer or keep) if check is not None else None
                if reason is None:
                    break
                if not refused:
                    between.enter_context(self._keys_kept())
                    refused = True
                self.say(load_texts().msg("refused", reason=reason))
                typed = answer
        if not keep:
            return answer
        answer = answer or keep
        self.say(load_texts().msg("answered", message=message, answer=answer))
        return answer

    def _keys_kept(self) -> AbstractContextManager[Any]:
        """Return a context holding the terminal raw between a refused answer and its retry.

        Between two prompts the terminal is back in line mode: keys typed as soon as the
        reason appears would be taken by the terminal itself (a Backspace erasing nothing,
        echoed text) instead of reaching the retry that corrects the answer.
        """
        if "input" in self._io or sys.platform == "win32" or not sys.stdin.isatty():
            return nullcontext()
        from prompt_toolkit.input.vt100 import raw_mode

        return raw_mode(sys.stdin.fileno())

    def _ask_text_once(
        self, message: str, instruction: str | None, typed: str, keep: str, *, multiline: bool
    ) -> str:
        """Return one unchecked answer: ``typed`` pre-filled, ``keep`` greyed while empty."""
        import questionary
        from prompt_toolkit.formatted_text import FormattedText

        options: dict[str, Any] = {}
        last = (instruction or message).splitlines()[-1]
        if multiline or len(last) > _width() // 2:
            # The answer starts on its own line: a wrapped prompt line in front of a multi-line
            # buffer leaves prompt_toolkit drawing an empty screen, and an answer typed after a
            # long line would be broken mid-word at the terminal's edge.
            instruction = f"{instruction or ''}\n>"
        elif keep:
            options["placeholder"] = FormattedText([("class:placeholder", keep)])
        question = questionary.text(
            message,
            default=typed,
            multiline=multiline,
            instruction=instruction,
            qmark="?",
            style=questionary.Style([("placeholder", "fg:#888888")]),
            **options,
            **self._io,
        )
        if keep:
            question.application.erase_when_done = True  # echoed by the caller with the answer
        return str(_answered(question.unsafe_ask()))

    def ask_select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        instruction: str | None = None,
        keys: Mapping[str, str] | None = None,
    ) -> str:
        """Return the value of the chosen choice (arrow keys or number keys, then Enter)."""
        import questionary

        fixed = keys or {}
        options = [
            questionary.Choice(
                title=_choice_label(label), value=value, shortcut_key=fixed.get(value, True)
            )
            for value, label in choices
        ]
        message, instruction = _laid_out(message, instruction)
        answer = questionary.select(
            message,
            choices=options,
            default=default,
            instruction=instruction,
            use_shortcuts=len(options) <= 36,
            use_jk_keys=False,
            **self._io,
        ).unsafe_ask()
        return str(_answered(answer))

    def ask_confirm(
        self, message: str, *, default: bool = True, instruction: str | None = None
    ) -> bool:
        """Return the yes/no answer: y or n then Enter, or Enter alone for the default.

        Enter is always needed (no auto-enter): a "y" typed alone would otherwise answer this
        question and let the clerk's habitual Enter answer the next one.
        """
        import questionary
        import questionary.prompts.confirm as confirm_prompt

        texts = load_texts()  # the answer is echoed in Vietnamese, not questionary's "Yes"/"No"
        setattr(confirm_prompt, "YES", texts.msg("yes"))  # noqa: B010 - not exported by name
        setattr(confirm_prompt, "NO", texts.msg("no"))  # noqa: B010
        message, instruction = _laid_out(message, instruction)
        answer = questionary.confirm(
            message, default=default, instruction=instruction, auto_enter=False, **self._io
        ).unsafe_ask()
        return bool(_answered(answer))

    def ask_checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        checked: Collection[str] = (),
        instruction: str | None = None,
    ) -> list[str]:
        """Return the values ticked (space toggles, Enter finishes)."""
        import questionary

        options = [
            questionary.Choice(title=_choice_label(label), value=value, checked=value in checked)
            for value, label in choices
        ]
        shown, instruction = _laid_out(message, instruction)
        question = questionary.checkbox(shown, choices=options, instruction=instruction, **self._io)
        _finish_without_summary(question.application)
        question.application.erase_when_done = True  # the answer is echoed below
        values = [str(value) for value in _answered(question.unsafe_ask())]
        texts = load_texts()
        ticked = [label for value, label in choices if value in values]
        items = ", ".join(ticked) or texts.msg("checked_none")
        self.say(texts.msg("checked", message=message, items=items))
        return values

    def say(self, text: str) -> None:
        """Print ``text`` wrapped at word ends on the terminal (or on the given output).

        The terminal itself would break a long line at its edge, mid-word.
        """
        text = _wrapped(text)
        output = self._io.get("output")
        if output is not None and hasattr(output, "write_raw"):
            output.write_raw(text + "\n")
            output.flush()
            return
        print(text, flush=True)


def _finish_without_summary(application: Application[Any]) -> None:
    """Make Enter end ``application``, a questionary checkbox, before it says what was ticked.

    questionary's own Enter marks the question answered, and its last frame then reads
    "done (2 selections)", in English, on the screen until it is erased (for a moment, or
    longer on a busy machine). This Enter, bound after questionary's and so the one that
    runs, returns the same answer without marking it: the last frame is the question.
    """
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    [control] = [
        window.content
        for window in application.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    ]
    bindings = application.key_bindings
    assert isinstance(bindings, KeyBindings)

    @bindings.add(Keys.ControlM, eager=True)
    def finish(event: KeyPressEvent) -> None:
        event.app.exit(result=[choice.value for choice in control.get_selected_values()])


def _answered(answer: Any) -> Any:
    """Return questionary's answer; None means the prompt was aborted, so stop like Ctrl-C."""
    if answer is None:
        raise KeyboardInterrupt
    return answer


def _width() -> int:
    """Return the width text is wrapped to: the terminal's, less a margin for the cursor."""
    return max(40, shutil.get_terminal_size((80, 24)).columns - 2)


def _wrapped(text: str) -> str:
    """Return ``text`` wrapped at word ends to the terminal's width, its own lines kept.

    A line's continuations are indented two spaces more than the line itself.
    """
    width = _width()
    return "\n".join(
        textwrap.fill(
            line,
            width,
            subsequent_indent=line[: len(line) - len(line.lstrip())] + "  ",
            break_on_hyphens=False,
            break_long_words=False,  # a long path stays whole on its own line
        )
        if len(line) > width
        else line
        for line in text.splitlines()
    )


def _choice_label(label: str, lead: int = 6) -> str:
    """Return a choice's label wrapped at word ends after its ``lead`` (" » 1) ", " » ○ ").

    A carried item of last period can be longer than a line; the terminal would cut it.
    """
    if lead + len(label) <= _width():
        return label
    indent = " " * lead
    return textwrap.fill(
        label, _width(), initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )[lead:]


def _laid_out(message: str, instruction: str | None) -> tuple[str, str | None]:
    """Return ``message`` and ``instruction`` wrapped at word ends to the terminal's width.

    The instruction goes on its own line: after a long question it would otherwise run past
    the edge of an 80-column terminal, cut mid-word, and hide how to answer.
    """
    width = _width()
    # The first line follows the "? " mark.
    wrapped = textwrap.fill(
        message, width, initial_indent="? ", subsequent_indent="  ", break_on_hyphens=False
    )[2:]
    if not instruction:
        return wrapped, instruction
    hint = textwrap.fill(
        instruction, width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
    )
    return wrapped, f"\n{hint}"
