"""The wizard's Vietnamese texts: messages, section titles and questions, read from YAML.

The words live in ``drafter/data/wizard.yaml``; the order of the questions and their logic
live in the other modules of this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from drafter import models, yamlio

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "wizard.yaml"

_MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(models).items()
    if isinstance(value, type) and issubclass(value, BaseModel)
}


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
    raw = yamlio.load(path)
    questions = {qid: _question(qid, spec) for qid, spec in raw["questions"].items()}
    return Texts(dict(raw["messages"]), dict(raw["sections"]), questions)


def _question(qid: str, spec: Mapping[str, object]) -> Question:
    """Return the question ``qid`` described by its YAML ``spec``."""
    model_name = spec.get("model")
    choices = spec.get("choices") or {}
    assert isinstance(choices, Mapping)
    return Question(
        id=qid,
        kind=str(spec["kind"]),
        prompt=str(spec["prompt"]),
        example=None if spec.get("example") is None else str(spec["example"]),
        model=_MODELS[str(model_name)] if model_name else None,
        field=str(spec.get("field") or qid.rsplit(".", 1)[-1]),
        optional=bool(spec.get("optional", False)),
        choices=tuple((str(k), str(v)) for k, v in choices.items()),
        default=None if spec.get("default") is None else str(spec["default"]),
    )
