"""One run of the wizard: the sections in order over one engine, the review, the entry point."""

from __future__ import annotations

import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.wizard import photos, sections
from drafter.wizard.engine import Engine
from drafter.wizard.indicators import IndicatorForm
from drafter.wizard.prompters import Check, HangUpError, Prompter, QuestionaryPrompter
from drafter.wizard.review import Review
from drafter.wizard.sections import SECTIONS
from drafter.wizard.state import (
    Progress,
    State,
    blank_state,
    load_state,
    remembered_issuer,
    state_from_previous,
)
from drafter.wizard.texts import Question, Texts, load_texts

DEFAULT_OUT = Path("du-lieu-hoi-nghi.yaml")


class Wizard:
    """The question flow over a draft state, saved to ``out`` after every answer.

    ``_section_<name>`` asks section ``name``: the run asks them in order, the review again.
    """

    def __init__(
        self,
        prompter: Prompter,
        out: Path,
        state: State | None = None,
        texts: Texts | None = None,
        *,
        memory: Path | None = None,
    ) -> None:
        state = blank_state() if state is None else state
        self.engine = Engine(prompter, out, state, texts or load_texts())
        self.memory = memory
        self.indicators = IndicatorForm(self.engine)

    @property
    def state(self) -> State:
        """Return the draft state."""
        return self.engine.state

    @property
    def texts(self) -> Texts:
        """Return the texts the questions are asked with."""
        return self.engine.texts

    @property
    def progress(self) -> Progress:
        """Return the progress section of the state."""
        return self.engine.progress

    def run(self) -> list[Path]:
        """Return the documents written after asking every unanswered question and the review."""
        for name in SECTIONS:
            self.section(name)
        self.progress["complete"] = True
        return Review(self.engine, self.section).run()

    def section(self, name: str) -> None:
        """Ask the questions of section ``name``."""
        getattr(self, f"_section_{name}")()

    def _section_issuer(self) -> None:
        sections.ask_issuer(self.engine, self.memory)

    def _section_conference(self) -> None:
        sections.ask_conference(self.engine)

    def _section_period(self) -> None:
        sections.ask_period(self.engine)

    def _section_people(self) -> None:
        sections.ask_people(self.engine)

    def _section_documents(self) -> None:
        sections.ask_documents(self.engine)

    def _section_indicators(self) -> None:
        self.indicators.section()

    def _section_results(self) -> None:
        sections.ask_results(self.engine)

    def _section_limitations(self) -> None:
        sections.ask_list(self.engine, "limitations")

    def _section_causes(self) -> None:
        sections.ask_list(self.engine, "causes")

    def _section_discussion(self) -> None:
        sections.ask_list(self.engine, "discussion")

    def _section_tasks(self) -> None:
        sections.ask_list(self.engine, "tasks")

    def _section_targets(self) -> None:
        sections.ask_targets(self.engine)

    def _section_conclusion(self) -> None:
        sections.ask_list(self.engine, "conclusion")

    def _section_photos(self) -> None:
        photos.ask_photos(self.engine)

    def _section_byline(self) -> None:
        sections.ask_byline(self.engine)

    def _section_resolution(self) -> None:
        sections.ask_resolution(self.engine)

    def _section_options(self) -> None:
        sections.ask_options(self.engine)

    # -- single steps, for tests that drive one question ------------------------------------

    def checker(
        self, question: Question, context: Mapping[str, Any], extra: Check | None = None
    ) -> Check:
        """Return the check of a typed answer to ``question`` with the question's model."""
        return self.engine.checker(question, context, extra)

    def ask_previous(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the figure of the same period last year of ``indicator``."""
        self.indicators.ask_previous(indicator, answered, qid)

    def photo_problem(self, text: str) -> str | None:
        """Return why the typed photo file is refused, or None when it is a JPEG or PNG."""
        return photos.photo_problem(text, photos.photo_folder(self.engine.out), self.texts)

    def photo_stored(self, text: str) -> str:
        """Return the photo path to store: relative to the data file's folder when inside it."""
        return photos.photo_stored(text, photos.photo_folder(self.engine.out))


def _hang_up(signum: int, frame: FrameType | None) -> None:
    raise HangUpError


def main(
    *,
    out: Path | None = None,
    from_file: Path | None = None,
    resume: Path | None = None,
    prompter: Prompter | None = None,
    memory: Path | None = None,
    is_terminal: bool | None = None,
) -> int:
    """Return the exit code of a wizard run: 0 done, 130 interrupted (everything kept).

    Raise ``UserError`` without a terminal, for a bad ``--from`` file, or when ``out``
    exists and the clerk does not allow replacing it.
    """
    texts = load_texts()
    if is_terminal is None:
        is_terminal = sys.stdin.isatty()
    if prompter is None and not is_terminal:
        raise UserError(texts.msg("not_a_tty"), texts.msg("not_a_tty_remedy"))
    prompter = prompter or QuestionaryPrompter()
    target = out or resume or DEFAULT_OUT
    state = _starting_state(prompter, texts, from_file, resume, memory)
    prompter.say(texts.msg("welcome", path=target))
    wizard = Wizard(prompter, target, state, texts, memory=memory)
    if hasattr(signal, "SIGHUP") and isinstance(prompter, QuestionaryPrompter):
        signal.signal(signal.SIGHUP, _hang_up)
    try:
        if target.exists() and (resume is None or target.resolve() != resume.resolve()):
            _may_replace(wizard.engine, target)
        wizard.run()
    except (KeyboardInterrupt, EOFError, HangUpError):
        _say_interrupted(texts, target, saved=wizard.engine.saved)
        return 130
    return 0


def _starting_state(
    prompter: Prompter,
    texts: Texts,
    from_file: Path | None,
    resume: Path | None,
    memory: Path | None,
) -> State:
    """Return the state a run starts from: the resumed draft, last period's, or a blank one."""
    if resume is not None:
        state = load_state(resume)
        prompter.say(texts.msg("welcome_resume", path=resume))
        return state
    if from_file is not None:
        state = state_from_previous(load_report(from_file), str(from_file))
        prompter.say(texts.msg("welcome_from", path=from_file))
        return state
    return blank_state(remembered_issuer(memory))


def _may_replace(engine: Engine, target: Path) -> None:
    """Ask whether to replace the existing ``target``; raise ``UserError`` when refused."""
    replace = engine.prompter.ask_confirm(
        engine.texts.msg("out_exists", path=target),
        default=False,
        instruction=engine.confirm_instruction(False),
    )
    if not replace:
        raise UserError(
            engine.texts.msg("out_refused", path=target),
            engine.texts.msg("out_refused_remedy", path=target),
        )


def _say_interrupted(texts: Texts, target: Path, *, saved: bool) -> None:
    """Tell on stderr what an interrupted run kept (a closed terminal may refuse: no matter)."""
    try:
        if saved:
            print(texts.msg("interrupted", path=target), file=sys.stderr, flush=True)
        else:
            print(texts.msg("interrupted_nothing"), file=sys.stderr, flush=True)
    except OSError:
        pass
