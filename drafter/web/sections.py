"""A section's page: the form of the wizard's section beside the preview of the documents.

A post stores the section's answers in the data file (refused ones are shown again with
their reason); every problem the models find in the whole data is placed next to its field,
or at its list item, or at its section, in the clerk's words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from drafter.errors import Finding, UserError
from drafter.web import fields as web_fields
from drafter.web import figures
from drafter.web.preview import preview
from drafter.web.site import Site, as_mapping, posted
from drafter.web.texts import web_text
from drafter.web.workspace import StaleError, title_of
from drafter.wizard.sections import SECTIONS, document_label
from drafter.wizard.state import State
from drafter.wizard.texts import load_texts


async def section(site: Site, request: Request) -> Response:
    """Return a section's page; a post stores its answers first (refused ones shown again)."""
    name = request.path_params["name"]
    section_name = request.path_params["section"]
    if section_name not in web_fields.SECTION_PARTS:
        raise HTTPException(404)
    outcome = web_fields.Outcome()
    notice = stale = ""
    if request.method == "POST":
        form = await posted(site, request)
        try:
            outcome = store_section(site, name, section_name, form)
        except StaleError as error:
            stale = error.message
        else:
            notice = web_text("saved") if not outcome.refused else ""
    snapshot = site.workspace.read(name)
    return site.page(
        "section.html",
        **section_context(site, name, section_name, snapshot.state, outcome),
        revision=snapshot.revision,
        notice=notice,
        stale=stale,
    )


def store_section(site: Site, name: str, section_name: str, form: Any) -> web_fields.Outcome:
    """Store a posted section (and its list action) in the data file; return what was refused."""
    with site.workspace.change(name, str(form.get("revision") or "")) as state:
        outcome = web_fields.apply_section(state, section_name, as_mapping(form))
        action = form.get("action")
        if isinstance(action, str) and action:
            try:
                web_fields.apply_action(state, action)
            except (ValueError, KeyError):
                raise UserError(web_text("bad_action")) from None
    return outcome


def section_context(
    site: Site, name: str, section_name: str, state: State, outcome: web_fields.Outcome
) -> dict[str, Any]:
    """Return what the section page shows: the parts, their fields, the problems, the preview."""
    with site.core_lock:
        shown = preview(site.drafter, state)
    texts = load_texts()
    problems = shown.problems
    by_field, by_item, by_section, unplaced = place_problems(problems)
    parts = [
        part_view(part, state, outcome, by_field, by_item, texts)
        for part in web_fields.SECTION_PARTS[section_name]
    ]
    return {
        "name": name,
        "title": title_of(state) or name,
        "section": section_name,
        "section_title": texts.sections[section_name],
        "sections": [(key, texts.sections[key], len(by_section.get(key, []))) for key in SECTIONS],
        "parts": parts,
        "following": _following(section_name, texts.sections),
        "photos": [
            (photo.get("caption", ""), photo.get("file") or "")
            for photo in state.get("photos", [])
            if isinstance(photo, Mapping)
        ]
        if section_name == "photos"
        else [],
        "section_problems": [
            p
            for p in by_section.get(section_name, [])
            if p.where not in by_field and not _in_item(p, by_item)
        ],
        "unplaced": unplaced,
        "preview": shown,
        "document_titles": dict(texts.q("options.documents").choices),
        "problem_count": len(problems),
        "refused_count": len(outcome.refused),
    }


def _following(section_name: str, titles: Mapping[str, str]) -> tuple[str, str] | None:
    """Return the section after ``section_name`` and its title (None after the last)."""
    index = SECTIONS.index(section_name) + 1
    return (SECTIONS[index], titles[SECTIONS[index]]) if index < len(SECTIONS) else None


def _in_item(problem: Finding, by_item: Mapping[str, list[Finding]]) -> bool:
    return any(problem in found for found in by_item.values())


def part_view(  # noqa: PLR0917 (one part, and the page's four views of it)
    part: web_fields.Part,
    state: State,
    outcome: web_fields.Outcome,
    by_field: Mapping[str, list[Finding]],
    by_item: Mapping[str, list[Finding]],
    texts: Any,
) -> dict[str, Any]:
    """Return one part of a section as the template shows it."""
    if isinstance(part, web_fields.Group):
        container: Any = state
        for key in part.path:
            container = container.get(key) if isinstance(container, Mapping) else None
        container = container if isinstance(container, Mapping) else {}
        return {
            "kind": "group",
            "fields": [
                field_view(fld, state, container, outcome, by_field) for fld in part.fields()
            ],
        }
    items = state.get(part.key)
    items = items if isinstance(items, list) else []
    return {
        "kind": "list",
        "key": part.key,
        "title": texts.q(f"{part.key}.menu").prompt,
        "optional_title": texts.q("indicators.extras").prompt.rstrip("?"),
        "items": [
            {
                "index": index,
                "fields": [
                    field_view(fld, state, item, outcome, by_field)
                    for fld in part.fields(index)
                    if fld.qid not in figures.OPTIONAL
                ],
                "optional": [
                    field_view(fld, state, item, outcome, by_field)
                    for fld in part.fields(index)
                    if fld.qid in figures.OPTIONAL
                ],
                "ratio": [
                    line
                    for line in (
                        figures.ratio_line(texts, item, state),
                        figures.change_line(texts, item),
                    )
                    if line
                ]
                if part.key == "indicators"
                else [],
                "problems": [
                    problem
                    for problem in by_item.get(f"{part.key}.{index}", [])
                    if field_place(problem.where) not in by_field
                ],
                "last": index == len(items) - 1,
            }
            for index, item in enumerate(items)
        ],
        "carried": [
            (index, document_label(document))
            for index, document in enumerate(web_fields.cited(state))
        ]
        if part.key == "documents"
        else [],
    }


def field_view(
    fld: web_fields.Field,
    state: State,
    container: Mapping[str, Any],
    outcome: web_fields.Outcome,
    by_field: Mapping[str, list[Finding]],
) -> dict[str, Any]:
    """Return one field as the template shows it: words, value, choices and problems."""
    question = fld.question
    value = web_fields.current(state, fld, container)
    typed = outcome.typed.get(fld.name)
    refused = outcome.refused.get(fld.name, "")
    found = [problem.reason for problem in by_field.get(fld.name, [])]
    empty = value in ("", [], None, False)
    return {
        "name": fld.name,
        "id": "f-" + fld.name.replace(".", "-"),
        "kind": question.kind,
        "label": _label(question, state),
        "example": _example(question),
        "filled": fld.name in outcome.filled,
        "carried": list(enumerate(web_fields.carried(state, fld.qid)))
        if question.kind == "lines"
        else [],
        "optional": question.optional,
        "choices": list(question.choices),
        "value": typed if typed is not None else value,
        "refused": refused,
        "problems": [] if refused else found,
        "missing": bool(found) and empty and not refused,
    }


def _label(question: Any, state: State) -> str:
    """Return a field's label: its question, with the base of last year's figure filled in."""
    if "{base}" in question.prompt:
        return str(question.prompt.format(base=figures.same_period_base(state)))
    return str(question.prompt.split("{")[0].strip() or question.prompt)


def _example(question: Any) -> str:
    """Return the placeholder of a field: "ví dụ: …", so it never reads as an answer."""
    example = question.example or question.default
    return load_texts().msg("example", example=example) if example else ""


def problem_place(where: str) -> str:
    """Return where a problem is in the clerk's words: section, item and question.

    ``indicators[0].value`` reads "Chỉ tiêu › Mục 1 › Số liệu đạt được"; a part of the
    data no question asks is named by its section (and item).
    """
    texts = load_texts()
    pieces = field_place(where).split(".") if where else []
    section_name = _SECTION_OF.get(pieces[0]) if pieces else None
    if section_name is None:
        return where or web_text("whole_file")
    words = [texts.sections[section_name]]
    rest = pieces[1:]
    if rest and rest[0].isdigit():
        words.append(web_text("item", number=int(rest[0]) + 1))
        rest = rest[1:]
    qid = ".".join([pieces[0], *rest])
    if qid in texts.questions:
        words.append(texts.q(qid).prompt.split("{")[0].strip())
    return " › ".join(words)


def field_place(where: str) -> str:
    """Return the form name of the field a problem at data path ``where`` belongs to."""
    dotted = _dotted(where)
    for pattern, name in _PLACES:
        if pattern.fullmatch(dotted):
            return pattern.sub(name, dotted)
    return dotted


_PLACES = [
    (re.compile(r"resolution\.signer\.name"), "resolution.signer_name"),
    (re.compile(r"resolution\.signer(\.title)?"), "resolution.signer_title"),
    (re.compile(r"indicators\.(\d+)\.comparisons\.\d+\.base"), r"indicators.\1.base"),
    (re.compile(r"indicators\.(\d+)\.comparisons(\.\d+(\.\w+)?)?"), r"indicators.\1.target"),
    (re.compile(r"counts(\.\d+(\.\w+)?)?"), "counts.main"),
    (re.compile(r"targets\.(\d+)\.(low|high)"), r"targets.\1.value"),
]
"""Data paths whose field is posted under another name (the question that asks them)."""


def _dotted(where: str) -> str:
    """Return a data path as a form name: ``indicators[0].value`` → ``indicators.0.value``."""
    return re.sub(r"\[(\d+)\]", r".\1", where)


def place_problems(
    problems: Sequence[Finding],
) -> tuple[
    dict[str, list[Finding]],
    dict[str, list[Finding]],
    dict[str, list[Finding]],
    list[Finding],
]:
    """Return the problems by field name, by list item, by section, and those of no section."""
    by_field: dict[str, list[Finding]] = {}
    by_item: dict[str, list[Finding]] = {}
    by_section: dict[str, list[Finding]] = {}
    unplaced: list[Finding] = []
    for problem in problems:
        place = field_place(problem.where)
        head = place.split(".", 1)[0]
        section_name = _SECTION_OF.get(head)
        if section_name is None:
            unplaced.append(problem)
            continue
        by_section.setdefault(section_name, []).append(problem)
        pieces = place.split(".")
        if len(pieces) >= 2 and pieces[1].isdigit():
            by_item.setdefault(".".join(pieces[:2]), []).append(problem)
        by_field.setdefault(place, []).append(problem)
    return by_field, by_item, by_section, unplaced


_SECTION_OF: dict[str, str] = {
    **{
        qid.split(".", 1)[0]: section_name
        for section_name, parts in web_fields.SECTION_PARTS.items()
        for part in parts
        if isinstance(part, web_fields.Group)
        for qid in part.qids
    },
    **{
        part.key: section_name
        for section_name, parts in web_fields.SECTION_PARTS.items()
        for part in parts
        if isinstance(part, web_fields.ListPart)
    },
}
