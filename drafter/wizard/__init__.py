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

The modules:

- ``prompters``: the ``Prompter`` the flow talks to; ``QuestionaryPrompter`` is the only
  code importing questionary.
- ``texts``: the questions' Vietnamese texts, from ``drafter/data/wizard.yaml``.
- ``state``: the draft state and its progress, starting states, saving, the remembered issuer.
- ``engine``: the flow engine (ask, check, store, save, list menus); it knows no section.
- ``sections``, ``photos``, ``indicators``: the sections, in the documents' order.
- ``review``: the review screen, the preview and the writing of the documents.
- ``run``: one run (``Wizard``) and the entry point ``main``.
"""

from drafter.wizard.indicators import cutoff_text, parse_cutoff
from drafter.wizard.prompters import Prompter, QuestionaryPrompter
from drafter.wizard.run import Wizard, main
from drafter.wizard.sections import ISSUER_FIELDS, SECTIONS
from drafter.wizard.state import (
    blank_state,
    load_state,
    memory_path,
    rolled_period,
    state_from_previous,
)
from drafter.wizard.texts import QUESTIONS_FILE, load_texts

__all__ = [
    "ISSUER_FIELDS",
    "QUESTIONS_FILE",
    "SECTIONS",
    "Prompter",
    "QuestionaryPrompter",
    "Wizard",
    "blank_state",
    "cutoff_text",  # the cut-off reader and writer, pinned by the tests
    "load_state",
    "load_texts",
    "main",
    "memory_path",
    "parse_cutoff",
    "rolled_period",
    "state_from_previous",
]
