"""Interactive wizard: collect one conference's facts in the terminal, answer by answer.

The clerk's main door. Questions follow the order of the documents; every answer is checked
at once with the same pydantic models that validate data files, then the draft is saved
atomically, so Ctrl-C or a closed terminal never loses an answer and ``--resume`` goes on at
the first unanswered question. ``--from LAST.yaml`` starts from the previous period: issuer,
people, indicator names, units and yearly targets, the resolution's signer, recipients and
implementation kept, the period rolled forward, last period's tasks and cited documents
offered as checklists. An indicator's optional figures (the same period last year, the
cut-off, the estimate for the whole year) wait behind one yes/no question, so skipping them
costs one key. A review screen lets the clerk jump back to any section, shows the press
summary as a preview and writes the documents.

The questions' Vietnamese texts live in ``drafter/data/wizard.yaml``; this module holds the
order and the logic. It is the only module that imports questionary, and only through
``QuestionaryPrompter``: the ``Wizard`` talks to a ``Prompter``, so tests can script it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import signal
import sys
import typing
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from drafter import models
from drafter import vietnamese as vi
from drafter.datafile import dump_report, load_report, read_raw, to_plain
from drafter.errors import UserError
from drafter.explain import explain, format_path
from drafter.files import atomic_write_text

DEFAULT_OUT = Path("du-lieu-hoi-nghi.yaml")
QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "wizard.yaml"
PROGRESS = "_wizard"

Check = Callable[[str], str | None]
"""A check of a typed answer: the Vietnamese reason it is refused, or None when it is fine."""

SECTIONS = (
    "issuer",
    "conference",
    "period",
    "people",
    "documents",
    "indicators",
    "results",
    "limitations",
    "causes",
    "discussion",
    "tasks",
    "targets",
    "conclusion",
    "photos",
    "byline",
    "resolution",
    "options",
)
ISSUER_FIELDS = (
    "name",
    "organisation",
    "superior",
    "superior_committee",
    "level",
    "code",
    "place",
    "office",
)
CONFERENCE_FIELDS = (
    "ordinal",
    "term",
    "tenure",
    "extended",
    "date",
    "part_of_day",
    "venue",
    "agenda",
    "adopted",
)
DOCUMENT_FIELDS = ("kind", "number", "date", "issuer", "subject")
EXTRAS = ("previous", "cutoff", "estimate_value", "estimate_scope", "estimate_qualifier")
"""The optional questions of an indicator behind one "Thêm số liệu …?" confirm."""
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
_PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
# A cut-off typed the Vietnamese way: "(tính đến hết) ngày 22/11/2023", "tháng 5/2017", "5/2017".
_CUTOFF_PREFIX = re.compile(r"^(?:tính\s+)?(?:đến\s+)?(?:hết\s+)?")
_CUTOFF_MONTH = re.compile(
    rf"^(?:{vi.WORD_MONTH}\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}))?|(\d{{1,2}})\s*/\s*(\d{{4}}))$"
)
_CUTOFF_DAY = re.compile(
    rf"^(?:{vi.WORD_DAY}\s*)?(\d{{1,2}})\s*/\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}))?$"
)
FIELD_KEYS: tuple[models.FieldKey, ...] = typing.get_args(models.FieldKey)
_MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(models).items()
    if isinstance(value, type) and issubclass(value, BaseModel)
}
_FOLLOWING_CONFERENCE: dict[str, str] = {
    # The period the next conference reviews: quarter I → 6 months → 9 months → year.
    "first_6_months": "first_9_months",
    "first_9_months": "year",
    "last_3_months": "year",
    "last_6_months": "year",
}
_SHARE_KINDS = ("share", "excess")


class HangUpError(Exception):
    """Raised by the hang-up handler so a closed terminal ends like Ctrl-C."""


# ---------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One question's data from wizard.yaml: its kind, words, model and choices."""

    id: str
    kind: str
    prompt: str
    example: str | None = None
    model: type[BaseModel] | None = None
    field: str = ""
    optional: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    default: str | None = None


@dataclass(frozen=True)
class Texts:
    """The wizard's Vietnamese texts: messages, section titles and questions."""

    messages: Mapping[str, str]
    sections: Mapping[str, str]
    questions: Mapping[str, Question]

    def msg(self, key: str, **values: object) -> str:
        """Return the message ``key`` with ``values`` filled in."""
        return self.messages[key].format(**values)

    def q(self, qid: str) -> Question:
        """Return the question ``qid``."""
        return self.questions[qid]


@cache
def load_texts(path: Path = QUESTIONS_FILE) -> Texts:
    """Return the texts in ``path`` (drafter/data/wizard.yaml by default)."""
    from ruamel.yaml import YAML

    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    questions = {}
    for qid, spec in raw["questions"].items():
        model_name = spec.get("model")
        questions[qid] = Question(
            id=qid,
            kind=str(spec["kind"]),
            prompt=str(spec["prompt"]),
            example=None if spec.get("example") is None else str(spec["example"]),
            model=_MODELS[model_name] if model_name else None,
            field=str(spec.get("field") or qid.rsplit(".", 1)[-1]),
            optional=bool(spec.get("optional", False)),
            choices=tuple((str(k), str(v)) for k, v in (spec.get("choices") or {}).items()),
            default=None if spec.get("default") is None else str(spec["default"]),
        )
    return Texts(dict(raw["messages"]), dict(raw["sections"]), questions)


# ---------------------------------------------------------------------------
# Prompters
# ---------------------------------------------------------------------------


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
    ) -> str:
        """Return the value of the chosen ``(value, label)`` choice."""
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
        """Return the text typed; a refused answer shows its reason and stays to be corrected."""
        import questionary

        def validate(text: str) -> bool | str:
            reason = check(text) if check is not None else None
            return True if reason is None else reason

        if multiline:
            # The answer starts on its own line: a wrapped prompt line in front of a multi-line
            # buffer leaves prompt_toolkit drawing an empty screen.
            instruction = f"{instruction or ''}\n>"
        answer = questionary.text(
            message,
            default=default,
            validate=validate,
            multiline=multiline,
            instruction=instruction,
            qmark="?",
            **self._io,
        ).unsafe_ask()
        return str(_answered(answer))

    def ask_select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        """Return the value of the chosen choice (arrow keys or number keys, then Enter)."""
        import questionary

        options = [questionary.Choice(title=label, value=value) for value, label in choices]
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
        """Return the yes/no answer (y, n, or Enter for the default)."""
        import questionary
        import questionary.prompts.confirm as confirm_prompt

        texts = load_texts()  # the answer is echoed in Vietnamese, not questionary's "Yes"/"No"
        setattr(confirm_prompt, "YES", texts.msg("yes"))  # noqa: B010 - not exported by name
        setattr(confirm_prompt, "NO", texts.msg("no"))  # noqa: B010
        answer = questionary.confirm(
            message, default=default, instruction=instruction, **self._io
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
            questionary.Choice(title=label, value=value, checked=value in checked)
            for value, label in choices
        ]
        answer = questionary.checkbox(
            message, choices=options, instruction=instruction, **self._io
        ).unsafe_ask()
        return [str(value) for value in _answered(answer)]

    def say(self, text: str) -> None:
        """Print ``text`` on the terminal (or on the given output)."""
        output = self._io.get("output")
        if output is not None and hasattr(output, "write_raw"):
            output.write_raw(text + "\n")
            output.flush()
            return
        print(text, flush=True)


def _answered(answer: Any) -> Any:
    if answer is None:
        raise KeyboardInterrupt
    return answer


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


# ---------------------------------------------------------------------------
# Starting states
# ---------------------------------------------------------------------------


def blank_state(remembered_issuer: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the state of a new run: empty, with the issuer remembered from the last run."""
    state: dict[str, Any] = {PROGRESS: {"answered": []}}
    if remembered_issuer:
        state["issuer"] = dict(remembered_issuer)
    return state


def state_from_previous(previous: models.Report, source: str = "") -> dict[str, Any]:
    """Return a state pre-filled from last period's report: what stays, with the period rolled.

    Issuer, people, attendance, indicator names, units and yearly targets, photos' captions,
    byline, the resolution's signer, recipients and implementation, and options are kept; the
    figures of the period are not, nor the agenda, the drafts adopted, the discussion, the
    conclusion or the photos' files. Last period's results, limitations, causes, tasks and
    cited documents are offered later as checklists (tasks ticked, the others not).
    """
    data = to_plain(previous)
    state: dict[str, Any] = {"issuer": data["issuer"]}
    conference = data["conference"]
    state["conference"] = {
        key: conference[key]
        for key in ("term", "tenure", "body", "extended", "part_of_day", "venue")
        if key in conference
    }
    state["conference"]["ordinal"] = previous.conference.ordinal + 1
    state["period"] = rolled_period(previous.period)
    for key in ("people", "attendance", "byline"):
        if key in data:
            state[key] = data[key]
    pending: list[int] = []
    extras: list[int] = []
    indicators = []
    for index, indicator in enumerate(data.get("indicators", [])):
        if indicator.get("cutoff") or indicator.get("estimate"):
            extras.append(index)
        kept = {
            key: indicator[key]
            for key in ("name", "field", "verb", "qualifier", "unit", "lower_is_better", "key")
            if key in indicator
        }
        comparisons = []
        for comparison in indicator.get("comparisons", []):
            if comparison["kind"] == "change":
                extras.append(index)  # asked again: the figure of the same period changes
                continue
            comparisons.append({k: v for k, v in comparison.items() if k != "percent"})
        if comparisons:
            kept["comparisons"] = comparisons
        indicators.append(kept)
        pending.append(index)
    if indicators:
        state["indicators"] = indicators
    state["photos"] = [{"caption": photo["caption"]} for photo in data.get("photos", [])]
    resolution = {
        key: value
        for key, value in data.get("resolution", {}).items()
        if key in ("signer", "recipients", "implementation")
    }
    if resolution:
        state["resolution"] = resolution
    if "options" in data:
        state["options"] = data["options"]
    carry: dict[str, list[str]] = {}
    for result in data.get("results", []):
        carry[f"results.{result['field']}"] = list(result["items"])
    for key in ("limitations", "causes", "tasks"):
        if data.get(key):
            carry[key] = list(data[key])
    progress: dict[str, Any] = {"answered": [], "carry": carry, "pending": pending}
    if data.get("documents"):
        progress["cited"] = _plain_data(data["documents"])
    if extras:
        progress["extras"] = sorted(set(extras))
    progress["from"] = source
    state[PROGRESS] = progress
    return state


def rolled_period(period: models.Period) -> dict[str, Any]:
    """Return the period the next conference reviews: quý I → 6 tháng → 9 tháng → năm → quý I."""
    if period.kind == "quarter":
        assert period.quarter is not None
        if period.quarter == 1:
            return {"kind": "first_6_months", "year": period.year}
        if period.quarter == 4:
            return {"kind": "quarter", "quarter": 1, "year": period.year + 1}
        return {"kind": "quarter", "quarter": period.quarter + 1, "year": period.year}
    if period.kind == "year":
        return {"kind": "quarter", "quarter": 1, "year": period.year + 1}
    if period.kind in _FOLLOWING_CONFERENCE:
        return {"kind": _FOLLOWING_CONFERENCE[period.kind], "year": period.year}
    return {}


def load_state(path: Path) -> dict[str, Any]:
    """Return the state saved in ``path``; a finished data file opens at the review."""
    raw, _ = read_raw(path)
    if not isinstance(raw, Mapping):
        raise UserError("tệp không phải tệp dữ liệu drafter", where=str(path))
    state = _plain_data(raw)
    assert isinstance(state, dict)
    progress = state.setdefault(PROGRESS, {"answered": [], "complete": True})
    progress.setdefault("answered", [])
    return state


def _plain_data(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_data(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    return value


def memory_path() -> Path:
    """Return where the last run's issuer is remembered ($XDG_CONFIG_HOME/drafter)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "drafter" / "wizard-issuer.yaml"


def remembered_issuer(path: Path | None) -> dict[str, Any] | None:
    """Return the issuer remembered in ``path`` when it is still valid, else None."""
    if path is None or not path.is_file():
        return None
    try:
        raw, _ = read_raw(path)
        issuer = _plain_data(raw)
        models.Issuer.model_validate(issuer)
    except (UserError, ValidationError):
        return None
    return issuer if isinstance(issuer, dict) else None


# ---------------------------------------------------------------------------
# Validation of one answer
# ---------------------------------------------------------------------------


def field_problems(model: type[BaseModel], data: Mapping[str, Any], name: str) -> list[str]:
    """Return the Vietnamese reasons ``model`` refuses field ``name`` of ``data`` (others ignored).

    Whole-model checks only run when every field is present, so a partial form is judged on
    the one answer just typed.
    """
    try:
        model.model_validate(data)
    except ValidationError as error:
        reasons = []
        for detail in error.errors():
            loc = detail["loc"]
            if not loc or loc[0] != name:
                continue
            reason = explain(detail)
            if len(loc) > 1 and isinstance(loc[1], int):
                reason = load_texts().msg("line_error", line=loc[1] + 1, reason=reason)
            reasons.append(reason)
        return reasons
    return []


def model_problems(model: type[BaseModel], data: Mapping[str, Any]) -> list[str]:
    """Return every reason ``model`` refuses ``data``, each with its path."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            path = format_path(detail["loc"])
            reason = explain(detail, model)
            problems.append(f"{path}: {reason}" if path else reason)
        return problems
    return []


def _is_list_field(model: type[BaseModel], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    return typing.get_origin(annotation) is list


def _lines(text: str) -> list[str]:
    return [models.clean_text(line) for line in text.splitlines() if line.strip()]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return vi.short_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


# ---------------------------------------------------------------------------
# The wizard
# ---------------------------------------------------------------------------


@dataclass
class Wizard:
    """The question flow over a draft state, saved to ``out`` after every answer."""

    prompter: Prompter
    out: Path
    state: dict[str, Any] = field(default_factory=blank_state)
    texts: Texts = field(default_factory=load_texts)
    memory: Path | None = None
    docs_dir: Path | None = None
    saved: bool = False
    force: bool = False

    # -- progress -------------------------------------------------------------------------

    @property
    def progress(self) -> dict[str, Any]:
        """Return the progress section of the state (answered ids, pending work)."""
        progress: dict[str, Any] = self.state.setdefault(PROGRESS, {"answered": []})
        progress.setdefault("answered", [])
        return progress

    def done(self, qid: str) -> bool:
        """Return whether ``qid`` was answered (always False while editing from the review)."""
        if self.force:
            return False
        return bool(self.progress.get("complete")) or qid in self.progress["answered"]

    def mark(self, qid: str) -> None:
        """Record ``qid`` as answered and save."""
        answered: list[str] = self.progress["answered"]
        if qid not in answered:
            answered.append(qid)
        self.save()

    def save(self) -> None:
        """Write the draft atomically: the data as far as typed, and the progress section."""
        from ruamel.yaml import YAML

        yaml = YAML(typ="rt")
        yaml.allow_unicode = True
        yaml.width = 100
        yaml.indent(mapping=2, sequence=4, offset=2)
        stream = io.StringIO()
        stream.write(self.texts.msg("draft_header", path=self.out.name))
        ordered = {key: self.state[key] for key in self.state if key != PROGRESS}
        ordered[PROGRESS] = self.state.get(PROGRESS, {})
        yaml.dump(ordered, stream)
        atomic_write_text(self.out, stream.getvalue(), overwrite=True)
        self.saved = True

    def save_final(self, report: models.Report) -> None:
        """Write the finished data file: a plain, valid data file without progress."""
        atomic_write_text(self.out, dump_report(report, self.out.suffix.lower()), overwrite=True)
        self.saved = True

    # -- the flow -------------------------------------------------------------------------

    def run(self) -> list[Path]:
        """Return the documents written after asking every unanswered question and the review."""
        for section in SECTIONS:
            self.section(section)
        self.progress["complete"] = True
        return self.review()

    def section(self, name: str) -> None:
        """Ask the questions of section ``name``."""
        getattr(self, f"_section_{name}")()

    def heading(self, name: str) -> None:
        """Show the title of section ``name``."""
        self.prompter.say(self.texts.msg("section", title=self.texts.sections[name]))

    def ask(
        self,
        qid: str,
        container: dict[str, Any],
        key: str | None = None,
        *,
        progress: list[str] | None = None,
        context: Mapping[str, Any] | None = None,
        message: str | None = None,
        extra: Check | None = None,
        pid: str | None = None,
    ) -> Any:
        """Return the answer to ``qid``, stored in ``container[key]``; skip it when answered.

        ``context`` is the data the answer is validated in (``container`` by default);
        ``progress`` the list of answered ids (the state's, or the form's); ``pid`` the id the
        answer is recorded under when it differs from ``qid`` (one question asked per item).
        """
        question = self.texts.q(qid)
        key = key or question.field
        answered = progress if progress is not None else self.progress["answered"]
        pid = pid or qid
        if not self.force and (pid in answered or (self.done(pid) and progress is None)):
            return container.get(key)
        context = container if context is None else context
        value = self.prompt(question, container.get(key), context, message, extra)
        if value is None or (value == [] and question.optional):
            container.pop(key, None)
        else:
            container[key] = value
        if pid not in answered:
            answered.append(pid)
        self.save()
        return value

    def prompt(
        self,
        question: Question,
        current: Any,
        context: Mapping[str, Any] | None = None,
        message: str | None = None,
        extra: Check | None = None,
    ) -> Any:
        """Return the checked value of one answer to ``question`` (None when left empty)."""
        text = message or question.prompt
        instruction = self.instruction(question)
        kind = question.kind
        if current is None:
            current = question.default
        if kind == "confirm":
            yes = bool(current) if current is not None else False
            return self.prompter.ask_confirm(
                text, default=yes, instruction=self.confirm_instruction(yes)
            )
        if kind == "select":
            choices = list(question.choices)
            values = [value for value, _ in choices]
            default = str(current) if current is not None else None
            if default not in values:
                default = "" if "" in values else values[0]
            chosen = self.prompter.ask_select(
                text, choices, default=default, instruction=self.texts.msg("select")
            )
            return chosen or None
        if kind == "checkbox":
            checked = list(current) if isinstance(current, list) else []
            return self.prompter.ask_checkbox(
                text, question.choices, checked=checked, instruction=self.texts.msg("checkbox")
            )
        multiline = kind == "lines"
        check = self.checker(question, context or {}, extra)
        answer = self.prompter.ask_text(
            text,
            default=_shown(current),
            check=check,
            multiline=multiline,
            instruction=instruction,
        )
        return self.convert(question, answer)

    def instruction(self, question: Question) -> str | None:
        """Return the hint after a question: example, optional, how to finish several lines."""
        parts = []
        if question.example:
            parts.append(self.texts.msg("example", example=question.example))
        if question.optional:
            parts.append(self.texts.msg("optional"))
        if question.kind == "lines":
            parts.append(self.texts.msg("multiline"))
        return f"({'; '.join(parts)})" if parts else None

    def confirm_instruction(self, default: bool) -> str:
        """Return the hint of a yes/no question."""
        return self.texts.msg("confirm", default=self.texts.msg("yes" if default else "no"))

    def convert(self, question: Question, answer: str) -> Any:
        """Return the stored form of a checked answer (None when empty)."""
        kind = question.kind
        if kind == "lines":
            return _lines(answer) or None
        stripped = answer.strip()
        if not stripped:
            return None
        if kind == "int":
            return int(stripped)
        if kind == "date":
            return models.Conference.model_validate(
                {"ordinal": 1, "term": 1, "date": stripped}
            ).date.isoformat()
        if kind == "number":
            return models.clean_text(stripped)
        return models.clean_text(stripped)

    def checker(
        self, question: Question, context: Mapping[str, Any], extra: Check | None = None
    ) -> Check:
        """Return the check of a typed answer to ``question`` with the question's model."""

        def check(answer: str) -> str | None:
            stripped = answer.strip()
            if not stripped:
                return None if question.optional else self.texts.msg("required")
            model = question.model
            if model is None:
                return extra(answer) if extra is not None else None
            name = question.field
            if question.kind == "lines":
                lines = [line for line in answer.splitlines() if line.strip()]
                if _is_list_field(model, name):
                    reasons = field_problems(model, {**context, name: lines}, name)
                else:
                    reasons = []
                    for number, line in enumerate(lines, start=1):
                        for reason in field_problems(model, {**context, name: line}, name):
                            reasons.append(self.texts.msg("line_error", line=number, reason=reason))
            else:
                value: Any = stripped
                reasons = field_problems(model, {**context, name: value}, name)
            if reasons:
                return "; ".join(reasons)
            return extra(answer) if extra is not None else None

        return check

    # -- sections -------------------------------------------------------------------------

    def _section_issuer(self) -> None:
        issuer: dict[str, Any] = self.state.setdefault("issuer", {})
        answered = self.progress["answered"]
        fresh = not any(qid.startswith("issuer.") for qid in answered)
        if (
            not self.force
            and fresh
            and not self.done("issuer.keep")
            and not model_problems(models.Issuer, issuer)
        ):
            self.heading("issuer")
            summary = f"{issuer['name']} ({issuer['organisation']}, {issuer['superior']})"
            question = self.texts.q("issuer.keep")
            keep = self.prompter.ask_confirm(
                question.prompt.format(summary=summary),
                default=True,
                instruction=self.confirm_instruction(True),
            )
            answered.append("issuer.keep")
            if keep:
                answered.extend(f"issuer.{name}" for name in ISSUER_FIELDS)
            self.save()
        if not all(self.done(f"issuer.{name}") for name in ISSUER_FIELDS):
            self.heading("issuer")
        for name in ISSUER_FIELDS:
            self.ask(f"issuer.{name}", issuer)
        self.remember(issuer)

    def remember(self, issuer: Mapping[str, Any]) -> None:
        """Keep the issuer for the next run (best effort: a read-only home is no error)."""
        if self.memory is None or model_problems(models.Issuer, issuer):
            return
        from ruamel.yaml import YAML

        stream = io.StringIO()
        yaml = YAML(typ="rt")
        yaml.allow_unicode = True
        yaml.dump(dict(issuer), stream)
        with contextlib.suppress(UserError):
            atomic_write_text(self.memory, stream.getvalue(), overwrite=True)

    def _section_conference(self) -> None:
        conference: dict[str, Any] = self.state.setdefault("conference", {})
        if not all(self.done(f"conference.{name}") for name in CONFERENCE_FIELDS):
            self.heading("conference")
        for name in CONFERENCE_FIELDS:
            self.ask(f"conference.{name}", conference)

    def _section_period(self) -> None:
        period: dict[str, Any] = self.state.setdefault("period", {})
        if self.done("period.year") and self.done("period.kind"):
            return
        self.heading("period")
        kind = self.ask("period.kind", period)
        if kind == "quarter":
            self.ask("period.quarter", period)
        else:
            period.pop("quarter", None)
        self.ask("period.year", period, extra=self.year_fits_the_conference)
        try:
            following = models.Period.model_validate(period).following()
        except ValidationError:
            return
        self.prompter.say(self.texts.msg("next_period", name=following.name()))

    def year_fits_the_conference(self, answer: str) -> str | None:
        """Return a reason when the conference date is not in the period's year or the next."""
        held = self.state.get("conference", {}).get("date")
        if not held or not answer.strip().isdigit():
            return None
        year = int(answer.strip())
        if date.fromisoformat(held).year not in (year, year + 1):
            return self.texts.msg("year_mismatch", held=date.fromisoformat(held).year, year=year)
        return None

    def _section_people(self) -> None:
        people: list[dict[str, Any]] = self.state.setdefault("people", [])
        if not self.done("people.menu"):
            self.heading("people")
        self.menu("people", people, self.person_form, lambda person: str(person.get("name")))
        if not people:
            self.state.pop("people", None)
        self.ask("attendance", self.state, "attendance", context={})

    def person_form(self, person: dict[str, Any], answered: list[str]) -> None:
        """Ask the questions of one person."""
        for name in ("name", "titles", "roles"):
            self.ask(f"people.{name}", person, name, progress=answered)

    def _section_indicators(self) -> None:
        indicators: list[dict[str, Any]] = self.state.setdefault("indicators", [])
        pending: list[int] = self.progress.get("pending", [])
        if not self.done("indicators.menu"):
            self.heading("indicators")
        if pending and not self.done("indicators.carried"):
            self.prompter.say(self.texts.q("indicators.carried").prompt)
            for index in pending:
                if index < len(indicators):
                    self.carried_indicator(indicators[index], index)
            self.mark("indicators.carried")
        self.menu("indicators", indicators, self.indicator_form, self.indicator_label)
        if not indicators:
            self.state.pop("indicators", None)
        self.ask_count()

    def carried_indicator(self, indicator: dict[str, Any], index: int) -> None:
        """Ask this period's figure of an indicator kept from the last period."""
        answered = self.progress["answered"]
        unit = f" ({indicator['unit']})" if indicator.get("unit") else ""
        message = self.texts.msg("carried_value", name=indicator["name"]) + unit
        question = self.texts.q("indicators.value")
        qid = f"indicators.value.{index}"
        if qid not in answered or self.force:
            value = self.prompt(question, indicator.get("value"), indicator, message)
            indicator["value"] = value
            answered.append(qid)
            self.save()
        comparison = _main_comparison(indicator)
        if (
            comparison is not None
            and "base_value" not in comparison
            and "percent" not in comparison
        ):
            self.ask_target(indicator, answered, f"indicators.target.{index}")
        self.show_ratio(indicator)
        hinted = index in self.progress.get("extras", [])
        self.indicator_extras(indicator, answered, f".{index}", hinted=hinted)

    def indicator_form(self, indicator: dict[str, Any], answered: list[str]) -> None:
        """Ask the questions of one indicator; the ratio and status appear at the end."""
        for name in ("name", "field", "verb", "qualifier", "value", "unit"):
            self.ask(f"indicators.{name}", indicator, name, progress=answered)
        comparison = _main_comparison(indicator)
        holder = dict(comparison or {"kind": "share"})
        base = self.ask("indicators.base", holder, "base", progress=answered, context=holder)
        if base is None:
            if comparison is not None:
                indicator["comparisons"].remove(comparison)
                if not indicator["comparisons"]:
                    del indicator["comparisons"]
            self.save()
        else:
            _set_main_comparison(indicator, holder)
            self.save()
            self.ask_target(indicator, answered, "indicators.target")
            self.show_ratio(indicator)
        self.indicator_extras(indicator, answered)

    def ask_target(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the target (a number) or the percentage already known of the main comparison."""
        comparison = _main_comparison(indicator)
        assert comparison is not None
        if qid in answered and not self.force:
            return
        question = self.texts.q("indicators.target")
        current = comparison.get("base_value")
        if current is None and comparison.get("percent") is not None:
            current = f"{comparison['percent']}%"

        def check(answer: str) -> str | None:
            trial = _with_target(comparison, answer)
            reasons = field_problems(models.Comparison, trial, "percent") + field_problems(
                models.Comparison, trial, "base_value"
            )
            if reasons:
                return "; ".join(reasons)
            whole = dict(indicator, comparisons=_replaced(indicator, comparison, trial))
            problems = model_problems(models.Indicator, whole)
            return "; ".join(problems) if problems and "value" in indicator else None

        answer = self.prompter.ask_text(
            question.prompt,
            default=_shown(current),
            check=check,
            instruction=self.instruction(question),
        )
        updated = _with_target(comparison, answer)
        indicator["comparisons"] = _replaced(indicator, comparison, updated)
        answered.append(qid)
        self.save()

    def show_ratio(self, indicator: Mapping[str, Any]) -> None:
        """Show "→ đạt 120,4% dự toán tỉnh giao (vượt)" once value and target are known."""
        found = _shown_comparison(indicator, "share")
        if found is None:
            return
        checked, comparison, percent = found
        status = comparison.status(checked.value, lower_is_better=checked.lower_is_better)
        self.prompter.say(
            self.texts.msg(
                "ratio",
                percent=vi.format_percent(percent),
                base=comparison.base or "",
                status=self.texts.msg("status", status=status) if status else "",
            )
        )

    def indicator_extras(
        self,
        indicator: dict[str, Any],
        answered: list[str],
        suffix: str = "",
        *,
        hinted: bool = False,
    ) -> None:
        """Ask, behind one confirm, the same period last year, the cut-off and the estimate."""
        qid = f"indicators.extras{suffix}"
        ids = [f"indicators.{name}{suffix}" for name in EXTRAS]
        if qid not in answered or self.force:
            has = hinted or bool(
                _change(indicator) or indicator.get("cutoff") or indicator.get("estimate")
            )
            wanted = self.prompter.ask_confirm(
                self.texts.q("indicators.extras").prompt,
                default=has,
                instruction=self.confirm_instruction(has),
            )
            if qid not in answered:
                answered.append(qid)
            if not wanted:
                _drop_change(indicator)
                indicator.pop("cutoff", None)
                indicator.pop("estimate", None)
                answered.extend(i for i in ids if i not in answered)
                self.save()
                return
            self.save()
        self.ask_previous(indicator, answered, ids[0])
        self.ask_cutoff(indicator, answered, ids[1])
        if ids[2] in answered and not self.force and "estimate" not in indicator:
            return
        estimate: dict[str, Any] = indicator.setdefault("estimate", {})
        self.ask("indicators.estimate_value", estimate, "value", progress=answered, pid=ids[2])
        if "value" not in estimate:
            indicator.pop("estimate", None)
            answered.extend(i for i in ids[3:] if i not in answered)
            self.save()
            return
        for name, pid in zip(("scope", "qualifier"), ids[3:], strict=True):
            self.ask(f"indicators.estimate_{name}", estimate, name, progress=answered, pid=pid)

    def same_period_base(self) -> str:
        """Return the base of the change comparison: "cùng kỳ năm 2022" (a year: "năm 2022")."""
        period = self.state.get("period", {})
        year = period.get("year")
        if not isinstance(year, int):
            return self.texts.msg("same_period_unknown")
        key = "same_period_base_year" if period.get("kind") == "year" else "same_period_base"
        return self.texts.msg(key, year=year - 1)

    def ask_previous(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the figure of the same period last year (or the change already known, "8,6%")."""
        if qid in answered and not self.force:
            return
        question = self.texts.q("indicators.previous")
        existing = _change(indicator)
        holder = dict(existing or {"kind": "change"})
        holder["base"] = holder.get("base") or self.same_period_base()
        current = holder.get("base_value")
        if current is None and holder.get("percent") is not None:
            current = f"{holder['percent']}%"

        def check(answer: str) -> str | None:
            if not answer.strip():
                return None
            trial = _with_target(holder, answer)
            reasons = field_problems(models.Comparison, trial, "percent") + field_problems(
                models.Comparison, trial, "base_value"
            )
            reasons = reasons or model_problems(models.Comparison, trial)
            if reasons:
                return "; ".join(reasons)
            whole = dict(indicator, comparisons=_with_change(indicator, trial))
            problems = model_problems(models.Indicator, whole)
            return "; ".join(problems) if problems and "value" in indicator else None

        answer = self.prompter.ask_text(
            question.prompt.format(base=holder["base"]),
            default=_shown(current),
            check=check,
            instruction=self.instruction(question),
        )
        if answer.strip():
            indicator["comparisons"] = _with_change(indicator, _with_target(holder, answer))
        else:
            _drop_change(indicator)
        if qid not in answered:
            answered.append(qid)
        self.save()
        self.show_change(indicator)

    def show_change(self, indicator: Mapping[str, Any]) -> None:
        """Show "→ tăng 8,6% so với cùng kỳ năm 2022" once both figures are known."""
        found = _shown_comparison(indicator, "change")
        if found is None:
            return
        _, comparison, percent = found
        key = "change_up" if percent > 0 else "change_down" if percent < 0 else "change_level"
        self.prompter.say(
            self.texts.msg(key, percent=vi.format_percent(abs(percent)), base=comparison.base or "")
        )

    def ask_cutoff(self, indicator: dict[str, Any], answered: list[str], qid: str) -> None:
        """Ask the day or month the figure is counted up to: "22/11", "tháng 5/2017"."""
        if qid in answered and not self.force:
            return
        question = self.texts.q("indicators.cutoff")
        answer = self.prompter.ask_text(
            question.prompt,
            default=_cutoff_text(indicator.get("cutoff")),
            check=self.cutoff_check,
            instruction=self.instruction(question),
        )
        cutoff = _cutoff(answer)
        if cutoff is None:
            indicator.pop("cutoff", None)
        else:
            indicator["cutoff"] = cutoff
        if qid not in answered:
            answered.append(qid)
        self.save()

    def cutoff_check(self, answer: str) -> str | None:
        """Return why a typed cut-off is refused: its form, the calendar, after the meeting."""
        if not answer.strip():
            return None
        try:
            cutoff = _cutoff(answer)
        except ValueError as error:
            return str(error)
        if cutoff is None:
            return self.texts.msg("cutoff_format")
        if not 1 <= cutoff["month"] <= 12:
            return self.texts.msg("cutoff_month", month=cutoff["month"])
        if cutoff.get("day") is not None and not 1 <= cutoff["day"] <= 31:
            return self.texts.msg("cutoff_day", day=cutoff["day"])
        problems = model_problems(models.Cutoff, cutoff)
        if problems:
            return "; ".join(problems)
        held = self.state.get("conference", {}).get("date")
        if held and cutoff.get("year") is not None:
            start = date(cutoff["year"], cutoff["month"], cutoff.get("day") or 1)
            if start > date.fromisoformat(held):
                return self.texts.msg(
                    "cutoff_after",
                    cutoff=_cutoff_text(cutoff),
                    held=vi.short_date(date.fromisoformat(held)),
                )
        return None

    def indicator_label(self, indicator: Mapping[str, Any]) -> str:
        """Return "thu ngân sách: 35,8 tỷ đồng" for the menu."""
        value = indicator.get("value", "?")
        unit = f" {indicator['unit']}" if indicator.get("unit") else ""
        return f"{indicator.get('name', '?')}: {value}{unit}"

    def ask_count(self) -> None:
        """Ask "met/total" of the period's indicators."""
        counts: list[dict[str, Any]] = self.state.get("counts", [])
        holder: dict[str, Any] = {}
        if counts:
            holder["count"] = f"{counts[0].get('met')}/{counts[0].get('total')}"
        question = self.texts.q("counts.main")
        if self.done("counts.main"):
            return

        def check(answer: str) -> str | None:
            if not answer.strip():
                return None
            parsed = _count(answer)
            if parsed is None:
                return self.texts.msg("count_format")
            problems = model_problems(models.Count, {**(counts[0] if counts else {}), **parsed})
            return "; ".join(problems) or None

        answer = self.prompter.ask_text(
            question.prompt,
            default=holder.get("count", ""),
            check=check,
            instruction=self.instruction(question),
        )
        parsed = _count(answer)
        if parsed is None:
            self.state.pop("counts", None)
        else:
            first = {**(counts[0] if counts else {}), **parsed}
            self.state["counts"] = [first, *counts[1:]]
        self.mark("counts.main")

    def _section_results(self) -> None:
        results: list[dict[str, Any]] = self.state.setdefault("results", [])
        if not all(self.done(f"results.{key}") for key in FIELD_KEYS):
            self.heading("results")
        for key in FIELD_KEYS:
            qid = f"results.{key}"
            holder = next((result for result in results if result["field"] == key), None)
            box: dict[str, Any] = {"items": list(holder["items"]) if holder else []}
            if self.carry(qid, box, "items"):
                _put_result(results, key, box.get("items"))
                self.save()
            if self.done(qid):
                continue
            _put_result(results, key, self.ask(qid, box, "items", context={"field": key}))
            self.save()
        if not results:
            self.state.pop("results", None)

    def _section_limitations(self) -> None:
        self.list_section("limitations")

    def _section_causes(self) -> None:
        self.list_section("causes")

    def _section_discussion(self) -> None:
        self.list_section("discussion")

    def _section_tasks(self) -> None:
        self.list_section("tasks")

    def _section_conclusion(self) -> None:
        self.list_section("conclusion")

    def list_section(self, name: str) -> None:
        """Ask a list of sentences, after offering last period's as a checklist."""
        if self.done(name):
            return
        self.heading(name)
        self.carry(name, self.state, name)
        self.ask(name, self.state, name, context={})

    def carry(self, qid: str, container: dict[str, Any], key: str) -> bool:
        """Return whether last period's items of ``qid`` were offered as a checklist.

        The ticked items pre-fill the answer, which the clerk then completes.
        """
        items: list[str] = self.progress.get("carry", {}).get(qid, [])
        cid = f"carry.{qid}"
        if not items or self.done(cid) or self.done(qid) or self.force:
            return False
        keep_all = qid == "tasks"
        question = self.texts.questions.get(cid) or self.texts.q("carry")
        title = self.texts.q(qid).prompt
        choices = [(str(number), item) for number, item in enumerate(items)]
        ticked = self.prompter.ask_checkbox(
            question.prompt.format(title=title),
            choices,
            checked=[value for value, _ in choices] if keep_all else [],
            instruction=self.texts.msg("checkbox"),
        )
        kept = [items[int(value)] for value in ticked]
        present = list(container.get(key) or [])
        container[key] = kept + [item for item in present if item not in kept]
        if not container[key]:
            container.pop(key)
        self.mark(cid)
        return True

    def _section_targets(self) -> None:
        targets: list[dict[str, Any]] = self.state.setdefault("targets", [])
        if not self.done("targets.menu"):
            self.heading("targets")
        self.menu("targets", targets, self.target_form, lambda target: str(target.get("name")))
        if not targets:
            self.state.pop("targets", None)

    def target_form(self, target: dict[str, Any], answered: list[str]) -> None:
        """Ask the questions of one target for the next period."""
        self.ask("targets.name", target, "name", progress=answered)
        self.ask("targets.qualifier", target, "qualifier", progress=answered)
        qid = "targets.value"
        if qid not in answered or self.force:
            question = self.texts.q(qid)
            if target.get("value") is not None:
                current = str(target["value"])
            elif target.get("low") is not None:
                current = f"{target['low']}-{target.get('high')}"
            else:
                current = ""

            def check(answer: str) -> str | None:
                trial = _target_value(answer)
                if trial is None:
                    return self.texts.msg("range_format")
                base = {k: v for k, v in target.items() if k not in ("value", "low", "high")}
                problems = model_problems(models.Target, {**base, **trial})
                return "; ".join(problems) or None

            answer = self.prompter.ask_text(
                question.prompt,
                default=current,
                check=check,
                instruction=self.instruction(question),
            )
            for key in ("value", "low", "high"):
                target.pop(key, None)
            target.update(_target_value(answer) or {})
            answered.append(qid)
            self.save()
        self.ask("targets.unit", target, "unit", progress=answered)

    def _section_documents(self) -> None:
        documents: list[dict[str, Any]] = self.state.setdefault("documents", [])
        if not self.done("documents.menu"):
            self.heading("documents")
        cited: list[dict[str, Any]] = self.progress.get("cited", [])
        if (
            cited
            and not self.force
            and not self.done("carry.documents")
            and not self.done("documents.menu")
        ):
            choices = [(str(number), _document_label(doc)) for number, doc in enumerate(cited)]
            ticked = self.prompter.ask_checkbox(
                self.texts.q("carry.documents").prompt,
                choices,
                instruction=self.texts.msg("checkbox"),
            )
            documents.extend(cited[int(value)] for value in ticked)
            self.mark("carry.documents")
        self.menu("documents", documents, self.document_form, _document_label, rare=True)
        if not documents:
            self.state.pop("documents", None)

    def document_form(self, document: dict[str, Any], answered: list[str]) -> None:
        """Ask the questions of one cited document."""
        for name in DOCUMENT_FIELDS:
            extra = self.cited_before_the_conference if name == "date" else None
            self.ask(f"documents.{name}", document, name, progress=answered, extra=extra)

    def cited_before_the_conference(self, answer: str) -> str | None:
        """Return a reason when a cited document is dated after the conference."""
        held = self.state.get("conference", {}).get("date")
        try:
            cited = models.CitedDocument.model_validate(
                {"kind": "-", "number": "-", "issuer": "-", "date": answer.strip()}
            ).date
        except ValidationError:
            return None
        if held and cited > date.fromisoformat(held):
            return self.texts.msg(
                "cited_after",
                date=vi.short_date(cited),
                held=vi.short_date(date.fromisoformat(held)),
            )
        return None

    def _section_photos(self) -> None:
        photos: list[dict[str, Any]] = self.state.get("photos", [])
        asked = [f"photos.file.{index}" for index in range(len(photos))]
        if not self.done("photos") or not all(self.done(qid) for qid in asked):
            self.heading("photos")
        if not self.done("photos"):
            files = {photo["caption"]: photo.get("file") for photo in photos}
            box: dict[str, Any] = {"caption": [photo["caption"] for photo in photos]}
            captions = self.ask("photos", box, "caption", context={}) or []
            self.state["photos"] = [
                {"caption": caption, **({"file": files[caption]} if files.get(caption) else {})}
                for caption in captions
            ]
            if not self.state["photos"]:
                self.state.pop("photos")
            self.save()
        for index, photo in enumerate(self.state.get("photos", [])):
            self.ask_photo_file(photo, f"photos.file.{index}")

    def ask_photo_file(self, photo: dict[str, Any], qid: str) -> None:
        """Ask the image file of one photo: checked to exist and to be a JPEG or PNG."""
        if self.done(qid):
            return
        question = self.texts.q("photos.file")

        def check(answer: str) -> str | None:
            text = _unquoted(answer)
            if not text:
                return None
            reason = self.photo_problem(text)
            if reason is not None:
                return reason
            trial = {"caption": photo["caption"], "file": self.photo_stored(text)}
            return "; ".join(field_problems(models.Photo, trial, "file")) or None

        answer = self.prompter.ask_text(
            question.prompt.format(caption=photo["caption"]),
            default=str(photo.get("file") or ""),
            check=check,
            instruction=self.instruction(question),
        )
        text = _unquoted(answer)
        if text:
            photo["file"] = self.photo_stored(text)
        else:
            photo.pop("file", None)
        self.mark(qid)

    def photo_folder(self) -> Path:
        """Return the folder photo paths are relative to: the data file's."""
        return self.out.absolute().parent

    def photo_path(self, text: str) -> Path:
        """Return the file a typed photo path names (relative to the data file's folder)."""
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.photo_folder() / path

    def photo_problem(self, text: str) -> str | None:
        """Return why the typed photo file is refused, or None when it is a JPEG or PNG."""
        path = self.photo_path(text)
        if not path.exists():
            return self.texts.msg("photo_missing", path=text, folder=self.photo_folder())
        if not path.is_file():
            return self.texts.msg("photo_not_file", path=text)
        if path.suffix.lower() not in PHOTO_SUFFIXES:
            return self.texts.msg("photo_suffix", suffix=path.suffix or "")
        try:
            with path.open("rb") as stream:
                head = stream.read(8)
        except OSError as error:
            return self.texts.msg("photo_unreadable", path=text, reason=error.strerror or error)
        if not head.startswith(_PHOTO_MAGIC):
            return self.texts.msg("photo_content", path=text)
        return None

    def photo_stored(self, text: str) -> str:
        """Return the path to store: relative to the data file's folder when inside it."""
        path = self.photo_path(text)
        folder = self.photo_folder()
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            return str(path.resolve())

    def _section_byline(self) -> None:
        if self.done("byline.authors") and self.done("byline.outlet"):
            return
        self.heading("byline")
        byline: dict[str, Any] = self.state.setdefault("byline", {})
        authors = self.ask("byline.authors", byline, "authors", context={})
        if not authors:
            self.state.pop("byline", None)
            self.mark("byline.outlet")
            return
        self.ask("byline.outlet", byline, "outlet")

    def _section_resolution(self) -> None:
        ids = [
            "resolution.signer_name",
            "resolution.signer_title",
            "resolution.recipients",
            "resolution.implementation",
            "resolution.draft",
        ]
        draft = self.state.get("resolution", {}).get("draft", True)
        last = "resolution.draft_round" if draft else "resolution.number"
        if all(self.done(qid) for qid in [*ids, last]):
            return
        self.heading("resolution")
        resolution: dict[str, Any] = self.state.setdefault("resolution", {})
        signer: dict[str, Any] = resolution.setdefault("signer", {})
        self.ask("resolution.signer_name", signer, "name")
        self.ask("resolution.signer_title", signer, "title")
        for name in ("recipients", "implementation"):
            self.ask(f"resolution.{name}", resolution, name, context={})
        if not self.done("resolution.draft"):
            question = self.texts.q("resolution.draft")
            chosen = self.prompter.ask_select(
                question.prompt,
                question.choices,
                default="draft" if resolution.get("draft", True) else "final",
                instruction=self.texts.msg("select"),
            )
            resolution["draft"] = chosen == "draft"
            resolution.pop("number" if resolution["draft"] else "draft_round", None)
            self.mark("resolution.draft")
        name = "draft_round" if resolution.get("draft", True) else "number"
        context = {key: value for key, value in resolution.items() if key != name}
        self.ask(f"resolution.{name}", resolution, name, context=context)

    def _section_options(self) -> None:
        if self.done("options.documents"):
            return
        options: dict[str, Any] = self.state.setdefault("options", {})
        options.setdefault("documents", ["resolution", "press"])
        while True:
            chosen = self.ask("options.documents", options, "documents")
            if chosen:
                break
            self.prompter.say(self.texts.msg("required"))
            self.progress["answered"].remove("options.documents")
            options["documents"] = ["resolution", "press"]

    # -- repeating sections ---------------------------------------------------------------

    def menu(
        self,
        section: str,
        items: list[dict[str, Any]],
        form: Callable[[dict[str, Any], list[str]], None],
        label: Callable[[Mapping[str, Any]], str],
        *,
        rare: bool = False,
    ) -> None:
        """Run the add / edit / delete / done menu of a repeating section.

        Enter adds an item while there is none, unless the section is ``rare`` (seldom filled).
        """
        qid = f"{section}.menu"
        pending = self.progress.get("item")
        if pending and pending.get("section") == section:
            self.item(section, items, form, pending["index"])
        if self.done(qid):
            return
        title = self.texts.sections[section]
        while True:
            choices = [
                (f"edit:{i}", self.texts.msg("menu_edit", label=label(item)))
                for i, item in enumerate(items)
            ]
            choices.append(("add", self.texts.msg("menu_add")))
            if items:
                choices.append(("delete", self.texts.msg("menu_delete")))
            choices.append(("done", self.texts.msg("menu_done")))
            action = self.prompter.ask_select(
                self.texts.msg("menu", title=title),
                choices,
                default="done" if items or rare else "add",
                instruction=self.texts.msg("select"),
            )
            if action == "done":
                break
            if action == "add":
                self.item(section, items, form, len(items))
            elif action == "delete":
                self.delete(items, label)
            else:
                self.item(section, items, form, int(action.split(":")[1]), editing=True)
        self.mark(qid)

    def item(
        self,
        section: str,
        items: list[dict[str, Any]],
        form: Callable[[dict[str, Any], list[str]], None],
        index: int,
        *,
        editing: bool = False,
    ) -> None:
        """Fill one item of a repeating section; the half-filled item is saved as progress."""
        pending = self.progress.get("item")
        if not pending or pending.get("section") != section:
            data = copy.deepcopy(items[index]) if index < len(items) else {}
            pending = {"section": section, "index": index, "data": data, "answered": []}
            self.progress["item"] = pending
            self.save()
        force, self.force = self.force, self.force or editing
        try:
            form(pending["data"], pending["answered"])
        finally:
            self.force = force
        if index < len(items):
            items[index] = pending["data"]
        else:
            items.append(pending["data"])
        del self.progress["item"]
        self.save()

    def delete(
        self, items: list[dict[str, Any]], label: Callable[[Mapping[str, Any]], str]
    ) -> None:
        """Ask which item to delete, and delete it."""
        choices = [(str(i), label(item)) for i, item in enumerate(items)]
        choices.append(("", self.texts.msg("delete_cancel")))
        chosen = self.prompter.ask_select(
            self.texts.msg("delete_which"),
            choices,
            default="",
            instruction=self.texts.msg("select"),
        )
        if chosen:
            del items[int(chosen)]
            self.save()

    # -- review ---------------------------------------------------------------------------

    def report(self) -> tuple[models.Report | None, list[str]]:
        """Return the report the state makes, or None and the problems."""
        data = {key: value for key, value in self.state.items() if key != PROGRESS}
        problems = model_problems(models.Report, data)
        if problems:
            return None, problems
        return models.Report.model_validate(data), []

    def review(self) -> list[Path]:
        """Return the documents written from the review screen (empty when the clerk quits)."""
        while True:
            report, problems = self.report()
            if report is not None:
                self.save_final(report)
            else:
                self.save()
            self.prompter.say(self.texts.msg("review_title"))
            self.prompter.say(self.table())
            if problems:
                self.prompter.say(self.texts.msg("review_invalid"))
                for problem in problems:
                    self.prompter.say(f"  - {problem}")
            choices = [
                (f"edit:{name}", self.texts.msg("review_edit", title=self.texts.sections[name]))
                for name in SECTIONS
            ]
            if report is not None:
                choices = [
                    ("write", self.texts.msg("review_write")),
                    ("preview", self.texts.msg("review_preview")),
                    *choices,
                    ("pdf", self.texts.msg("review_write_pdf")),
                ]
            choices.append(("quit", self.texts.msg("review_quit")))
            action = self.prompter.ask_select(
                self.texts.msg("review_choice"),
                choices,
                default="write" if report is not None else choices[0][0],
                instruction=self.texts.msg("select"),
            )
            if action == "quit":
                self.prompter.say(self.texts.msg("saved", path=self.out))
                return []
            if action == "preview" and report is not None:
                self.prompter.say(self.preview(report))
            elif action in ("write", "pdf") and report is not None:
                written = self.write(report, pdf=action == "pdf")
                if written is not None:
                    return written
            elif action.startswith("edit:"):
                self.force = True
                try:
                    self.section(action.split(":", 1)[1])
                finally:
                    self.force = False

    def table(self) -> str:
        """Return the review table: one line per section with what it holds."""
        titles = [self.texts.sections[name] for name in SECTIONS]
        width = max(len(title) for title in titles) + 2
        lines = []
        for name, title in zip(SECTIONS, titles, strict=True):
            summary = self.summary(name) or self.texts.msg("review_empty")
            lines.append(f"  {title.ljust(width)}│ {summary}")
        return "\n".join(lines)

    def summary(self, name: str) -> str:
        """Return a one-line summary of section ``name``."""
        state = self.state
        count = self.texts.messages["review_items"]
        if name == "issuer":
            return str(state.get("issuer", {}).get("name", ""))
        if name == "conference":
            conf = state.get("conference", {})
            return self.texts.msg(
                "review_conference",
                ordinal=conf.get("ordinal", "?"),
                term=vi.roman(conf["term"]) if isinstance(conf.get("term"), int) else "?",
                date=_shown(conf.get("date")) or "?",
            )
        if name == "period":
            try:
                period = models.Period.model_validate(state.get("period", {}))
            except ValidationError:
                return ""
            return f"{period.name()} → {period.following().name()}"
        if name == "people":
            return ", ".join(str(person.get("name")) for person in state.get("people", []))
        if name == "indicators":
            return "; ".join(self.indicator_label(i) for i in state.get("indicators", []))
        if name == "results":
            total = sum(len(result["items"]) for result in state.get("results", []))
            return count.format(n=total) if total else ""
        if name in ("limitations", "causes", "tasks"):
            n = len(state.get(name, []))
            return count.format(n=n) if n else ""
        if name in ("discussion", "conclusion"):
            n = len(state.get(name, []))
            return count.format(n=n) if n else ""
        if name == "targets":
            return ", ".join(str(target.get("name")) for target in state.get("targets", []))
        if name == "documents":
            return "; ".join(_document_label(doc) for doc in state.get("documents", []))
        if name == "resolution":
            return self.resolution_summary(state.get("resolution", {}))
        if name == "photos":
            return "; ".join(
                str(photo.get("caption")) + (f" ({photo['file']})" if photo.get("file") else "")
                for photo in state.get("photos", [])
            )
        if name == "byline":
            return ", ".join(state.get("byline", {}).get("authors", []))
        choices = dict(self.texts.q("options.documents").choices)
        documents = state.get("options", {}).get("documents", ["resolution", "press"])
        return ", ".join(choices.get(doc, doc) for doc in documents)

    def resolution_summary(self, resolution: Mapping[str, Any]) -> str:
        """Return "dự thảo lần 2; người ký: Hoàng Văn Tuấn, Bí thư; 3 nơi nhận (và dòng Lưu)"."""
        if not resolution:
            return ""
        if resolution.get("draft", True):
            kind = (
                self.texts.msg("review_draft_round", round=resolution["draft_round"])
                if resolution.get("draft_round")
                else self.texts.msg("review_draft")
            )
        elif resolution.get("number"):
            kind = self.texts.msg("review_final_number", number=resolution["number"])
        else:
            kind = self.texts.msg("review_final")
        signer = resolution.get("signer") or {}
        who = ", ".join(str(signer[key]) for key in ("name", "title") if signer.get(key))
        return self.texts.msg(
            "review_resolution",
            kind=kind,
            signer=who or "?",
            n=len(resolution.get("recipients", [])),
        )

    def preview(self, report: models.Report) -> str:
        """Return the press summary's text, paragraph by paragraph."""
        from drafter.api import Drafter

        parts = [self.texts.msg("preview_title"), *Drafter().preview(report)]
        return "\n\n".join(parts)

    def write(self, report: models.Report, *, pdf: bool) -> list[Path] | None:
        """Return the documents written next to the data file (None when the clerk declines)."""
        from drafter.api import Drafter

        folder = self.docs_dir or self.out.parent
        session = Drafter()
        targets = session.targets(report, folder, pdf=pdf)
        overwrite = False
        if any(target.exists() for target in targets):
            overwrite = self.prompter.ask_confirm(
                self.texts.msg("docs_exist"),
                default=False,
                instruction=self.confirm_instruction(False),
            )
            if not overwrite:
                return None
        written = session.draft(
            report, folder, pdf=pdf, overwrite=overwrite, photo_dir=self.out.parent
        )
        for path in written:
            self.prompter.say(self.texts.msg("written", path=path))
        self.prompter.say(self.texts.msg("data_saved", path=self.out))
        return written


# ---------------------------------------------------------------------------
# Helpers of the indicator and target forms
# ---------------------------------------------------------------------------


def _main_comparison(indicator: Mapping[str, Any]) -> dict[str, Any] | None:
    for comparison in indicator.get("comparisons", []):
        if comparison.get("kind") in _SHARE_KINDS:
            result: dict[str, Any] = comparison
            return result
    return None


def _change(indicator: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the indicator's first "change" comparison (against the same period last year)."""
    for comparison in indicator.get("comparisons", []):
        if comparison.get("kind") == "change":
            result: dict[str, Any] = comparison
            return result
    return None


def _with_change(indicator: Mapping[str, Any], change: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the comparisons with ``change`` in place of the first change (or added last)."""
    comparisons = list(indicator.get("comparisons", []))
    current = _change(indicator)
    if current is None:
        return [*comparisons, change]
    return [change if comparison is current else comparison for comparison in comparisons]


def _drop_change(indicator: dict[str, Any]) -> None:
    current = _change(indicator)
    if current is not None:
        indicator["comparisons"].remove(current)
        if not indicator["comparisons"]:
            del indicator["comparisons"]


def _cutoff(answer: str) -> dict[str, int] | None:
    """Return the cut-off typed the Vietnamese way ("22/11", "22/11/2023", "tháng 5/2017").

    None when empty or not of these forms; raise ValueError for invisible characters.
    """
    text = _CUTOFF_PREFIX.sub("", models.clean_text(answer).lower()) if answer.strip() else ""
    if not text:
        return None
    month = _CUTOFF_MONTH.match(text)
    if month is not None:
        number = month.group(1) or month.group(3)
        year = month.group(2) or month.group(4)
        result = {"month": int(number)}
        if year:
            result["year"] = int(year)
        return result
    day = _CUTOFF_DAY.match(text)
    if day is None:
        return None
    result = {"day": int(day.group(1)), "month": int(day.group(2))}
    if day.group(3):
        result["year"] = int(day.group(3))
    return result


def _cutoff_text(cutoff: Mapping[str, Any] | None) -> str:
    """Return a stored cut-off as typed: "22/11/2023", "tháng 5/2017"."""
    if not cutoff or cutoff.get("month") is None:
        return ""
    year = f"/{cutoff['year']}" if cutoff.get("year") is not None else ""
    if cutoff.get("day") is not None:
        return f"{cutoff['day']}/{cutoff['month']}{year}"
    return f"{vi.WORD_MONTH} {cutoff['month']}{year}"


def _put_result(results: list[dict[str, Any]], key: str, items: list[str] | None) -> None:
    results[:] = [result for result in results if result["field"] != key]
    if items:
        results.append({"field": key, "items": items})
        results.sort(key=lambda result: FIELD_KEYS.index(result["field"]))


def _set_main_comparison(indicator: dict[str, Any], comparison: dict[str, Any]) -> None:
    current = _main_comparison(indicator)
    comparisons = indicator.setdefault("comparisons", [])
    if current is None:
        comparisons.insert(0, comparison)
    else:
        comparisons[comparisons.index(current)] = comparison


def _replaced(
    indicator: Mapping[str, Any], old: Mapping[str, Any], new: dict[str, Any]
) -> list[dict[str, Any]]:
    return [new if comparison is old else comparison for comparison in indicator["comparisons"]]


def _with_target(comparison: Mapping[str, Any], answer: str) -> dict[str, Any]:
    """Return ``comparison`` with the typed target: "29,7" a base value, "120,4%" a percentage."""
    updated = {k: v for k, v in comparison.items() if k not in ("base_value", "percent")}
    text = models.clean_text(answer) if answer.strip() else ""
    if text.endswith("%"):
        try:
            percent = vi.parse_percent(text)
        except vi.VietnameseInputError:
            updated["percent"] = text
        else:
            updated["percent"] = _decimal_text(percent)
    elif text:
        updated["base_value"] = text
    return updated


def _document_label(document: Mapping[str, Any]) -> str:
    """Return "Nghị quyết số 20-NQ/TU, ngày 15/12/2022" for menus and the review."""
    texts = load_texts()
    kind, number = document.get("kind", "?"), document.get("number", "?")
    held = _shown(document.get("date"))
    if not held:
        return texts.msg("document_label_undated", kind=kind, number=number)
    return texts.msg("document_label", kind=kind, number=number, date=held)


def _unquoted(answer: str) -> str:
    """Return a typed path without the quotes or backslashes a dragged-in file brings."""
    text = answer.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    if os.sep == "/" and "\\ " in text:
        text = text.replace("\\ ", " ")
    return text


def _decimal_text(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def _count(answer: str) -> dict[str, Any] | None:
    parts = answer.strip().split("/")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        return None
    return {"met": int(parts[0]), "total": int(parts[1])}


def _target_value(answer: str) -> dict[str, Any] | None:
    text = models.clean_text(answer) if answer.strip() else ""
    if not text:
        return None
    if "-" in text[1:]:
        low, high = text[0] + text[1:].split("-", 1)[0], text[1:].split("-", 1)[1]
        return {"low": low.strip(), "high": high.strip()}
    return {"value": text}


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


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
    if resume is not None:
        state = load_state(resume)
        prompter.say(texts.msg("welcome_resume", path=resume))
    elif from_file is not None:
        state = state_from_previous(load_report(from_file), str(from_file))
        prompter.say(texts.msg("welcome_from", path=from_file))
    else:
        state = blank_state(remembered_issuer(memory))
    prompter.say(texts.msg("welcome", path=target))
    wizard = Wizard(prompter, target, state, texts, memory=memory)
    if hasattr(signal, "SIGHUP") and isinstance(prompter, QuestionaryPrompter):
        signal.signal(signal.SIGHUP, _hang_up)
    try:
        if target.exists() and (resume is None or target.resolve() != resume.resolve()):
            replace = prompter.ask_confirm(
                texts.msg("out_exists", path=target),
                default=False,
                instruction=wizard.confirm_instruction(False),
            )
            if not replace:
                raise UserError(
                    texts.msg("out_refused", path=target),
                    texts.msg("out_refused_remedy", path=target),
                )
        wizard.run()
    except (KeyboardInterrupt, EOFError, HangUpError):
        try:
            if wizard.saved:
                print(texts.msg("interrupted", path=target), file=sys.stderr, flush=True)
            else:
                print(texts.msg("interrupted_nothing"), file=sys.stderr, flush=True)
        except OSError:
            pass
        return 130
    return 0


def _shown_comparison(
    indicator: Mapping[str, Any], kind: str
) -> tuple[models.Indicator, models.Comparison, Decimal] | None:
    """Return the indicator, its first comparison of ``kind`` and the percentage it prints.

    None while the answers so far do not make a valid indicator or give no percentage yet.
    """
    try:
        checked = models.Indicator.model_validate(indicator)
    except ValidationError:
        return None
    for comparison in checked.comparisons:
        if comparison.kind == kind:
            percent = comparison.shown_percent(checked.value)
            return None if percent is None else (checked, comparison, percent)
    return None
