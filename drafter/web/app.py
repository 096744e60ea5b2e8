"""The browser front door: a Starlette application over one workspace and one ``Drafter``.

Pages are rendered on the server (Jinja2, autoescaped); the little JavaScript there is only
saves a section when a field changes and swaps the answer in. Every state-changing request
is a POST carrying the page's token and, when the browser sends one, an ``Origin`` of this
very server; anything else is refused before it is read. A ``UserError`` becomes a page in
Vietnamese, and so does any other failure, without a traceback.
"""

from __future__ import annotations

import hmac
import io
import re
import secrets
import tempfile
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafter.api import Choices, Document, Drafter
from drafter.errors import Finding, UserError
from drafter.web import fields as web_fields
from drafter.web.batches import MAX_SHEET, Batches, blank_sheet
from drafter.web.preview import PageImages, next_variant, preview, validate
from drafter.web.texts import web_text, web_texts
from drafter.web.workspace import MAX_UPLOAD, StaleError, Workspace, title_of
from drafter.wizard.sections import SECTIONS
from drafter.wizard.state import State
from drafter.wizard.texts import load_texts

HERE = Path(__file__).resolve().parent
MAX_FORM_BYTES = 1_000_000
"""The largest section form accepted (a section's answers are a few kB)."""
_IMAGE_NAME = re.compile(r"[0-9a-f]{20}-\d{1,3}\.png")


@dataclass
class Site:
    """What every request shares: the workspace, the drafting core, the token, the pages."""

    workspace: Workspace
    drafter: Drafter
    pages_drafter: Drafter
    """Drafts the documents whose pages are shown: dated by the conference, so the same data
    gives the same bytes and a page image made once is used again."""
    token: str
    images: PageImages
    batches: Batches
    environment: jinja2.Environment
    core_lock: threading.Lock

    def page(self, template_name: str, status: int = 200, /, **context: Any) -> HTMLResponse:
        """Return the template rendered with ``context`` (and the token, the words)."""
        template = self.environment.get_template(template_name)
        html = template.render(token=self.token, t=web_texts(), **context)
        return HTMLResponse(html, status_code=status)


def create_app(workspace: Path, *, cache: Path | None = None) -> Starlette:
    """Return the application serving the data files of the folder ``workspace``."""
    if not workspace.is_dir():
        raise UserError(web_text("no_workspace", path=workspace), web_text("no_workspace_remedy"))
    cache = cache or Path(tempfile.mkdtemp(prefix="drafter-web-"))
    images = PageImages(cache / "pages")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["place"] = problem_place
    site = Site(
        Workspace(workspace),
        Drafter(Choices()),
        Drafter(Choices(reproducible=True)),
        secrets.token_urlsafe(32),
        images,
        Batches(cache / "batches"),
        environment,
        threading.Lock(),
    )
    routes = [
        Route("/", partial(home, site)),
        Route("/moi", partial(new, site), methods=["POST"]),
        Route("/tai-len", partial(upload, site), methods=["POST"]),
        Route("/lo", partial(batch_page, site), methods=["GET", "POST"]),
        Route("/lo/mau/{kind}", partial(batch_blank, site)),
        Route("/lo/{run}", partial(batch_run, site)),
        Route("/lo/{run}/zip", partial(batch_zip, site)),
        Route("/hoi-nghi/{name}", first_section),
        Route(
            "/hoi-nghi/{name}/cau-khac",
            partial(other_phrase, site),
            methods=["POST"],
        ),
        Route("/hoi-nghi/{name}/trang/{kind}", partial(pages, site)),
        Route("/hoi-nghi/{name}/anh/{image}", partial(page_image, site)),
        Route("/hoi-nghi/{name}/tai-ve/{what}", partial(download, site)),
        Route(
            "/hoi-nghi/{name}/{section}",
            partial(section, site),
            methods=["GET", "POST"],
        ),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            UserError: lambda request, error: refused(site, error),
            HTTPException: lambda request, error: not_found(site, error),
            Exception: lambda request, error: failed(site),
        },
    )
    app.state.site = site
    return app


# ---------------------------------------------------------------------------
# Errors as pages
# ---------------------------------------------------------------------------


def refused(site: Site, error: Exception) -> HTMLResponse:
    """Return the page of a refused request: what is wrong and what to do, in Vietnamese."""
    assert isinstance(error, UserError)
    return site.page("error.html", 400, fact=error.fact, remedy=error.remedy, where=error.where)


def not_found(site: Site, error: Exception) -> HTMLResponse:
    """Return the page of an address that leads nowhere (or a method not allowed)."""
    status = error.status_code if isinstance(error, HTTPException) else 404
    key = "not_found" if status == 404 else "not_allowed"
    return site.page("error.html", status, fact=web_text(key), remedy=None, where=None)


def failed(site: Site) -> HTMLResponse:
    """Return the page of an unexpected failure: no traceback reaches the browser."""
    return site.page(
        "error.html", 500, fact=web_text("failed"), remedy=web_text("failed_remedy"), where=None
    )


# ---------------------------------------------------------------------------
# Posts: the token and the origin
# ---------------------------------------------------------------------------


async def posted(site: Site, request: Request, *, limit: int = MAX_FORM_BYTES) -> Any:
    """Return the posted form once it is known to come from this site's own page.

    Refused: a body larger than ``limit``, an ``Origin`` other than this server, a form
    without the page's token. Nothing of a refused form is used.
    """
    length = request.headers.get("content-length")
    if length is None or not length.isdigit() or int(length) > limit:
        raise UserError(
            web_text("too_big", limit=limit // 1_000_000 or 1), web_text("too_big_remedy")
        )
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise UserError(web_text("cross_site"), web_text("cross_site_remedy"))
    form = await request.form(max_files=1, max_fields=4000, max_part_size=limit)
    token = form.get("token")
    if not isinstance(token, str) or not hmac.compare_digest(token, site.token):
        raise UserError(web_text("cross_site"), web_text("cross_site_remedy"))
    return form


def as_mapping(form: Any) -> dict[str, list[str]]:
    """Return a posted form as name → values (text values only)."""
    return {
        key: [value for value in form.getlist(key) if isinstance(value, str)]
        for key in form.keys()  # noqa: SIM118 (a multi-dict: keys() lists each name once)
    }


def see(url: str) -> RedirectResponse:
    """Return a redirect to ``url`` after a successful post (303: the browser GETs it)."""
    return RedirectResponse(url, status_code=303)


def conference_url(name: str, tail: str = "") -> str:
    """Return the address of the conference ``name`` (and of ``tail`` under it)."""
    return f"/hoi-nghi/{quote(name)}" + (f"/{tail}" if tail else "")


# ---------------------------------------------------------------------------
# Home: the conferences, new, new from last period, upload
# ---------------------------------------------------------------------------


async def home(site: Site, request: Request) -> Response:
    """Return the home page: the conferences of the workspace and how to start one."""
    conferences = site.workspace.conferences()
    return site.page(
        "home.html",
        conferences=conferences,
        complete=[conference for conference in conferences if conference.valid],
        workspace=str(site.workspace.root),
        max_upload=MAX_UPLOAD // 1_000_000,
    )


async def new(site: Site, request: Request) -> Response:
    """Start a conference, blank or from last period's data file; open its first section."""
    form = await posted(site, request)
    title = str(form.get("title") or "")
    previous = str(form.get("previous") or "")
    workspace = site.workspace
    name = workspace.create_from(previous, title) if previous else workspace.create(title)
    return see(conference_url(name, SECTIONS[0]))


async def upload(site: Site, request: Request) -> Response:
    """Keep an uploaded data file in the workspace and open it."""
    form = await posted(site, request, limit=MAX_UPLOAD + 100_000)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise UserError(web_text("upload_none"), web_text("upload_remedy"))
    content = await file.read(MAX_UPLOAD + 1)
    name = site.workspace.upload(file.filename, content)
    return see(conference_url(name, SECTIONS[0]))


async def first_section(request: Request) -> Response:
    """Send the conference's address to its first section."""
    return see(conference_url(request.path_params["name"], SECTIONS[0]))


# ---------------------------------------------------------------------------
# A section: the form beside the preview
# ---------------------------------------------------------------------------


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
        "items": [
            {
                "index": index,
                "fields": [
                    field_view(fld, state, item, outcome, by_field) for fld in part.fields(index)
                ],
                "ratio": web_fields.ratio_line(texts, item) if part.key == "indicators" else "",
                "problems": [
                    problem
                    for problem in by_item.get(f"{part.key}.{index}", [])
                    if field_place(problem.where) not in by_field
                ],
                "last": index == len(items) - 1,
            }
            for index, item in enumerate(items)
        ],
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
        "label": question.prompt.split("{")[0].strip() or question.prompt,
        "example": _example(question),
        "filled": fld.name in outcome.filled,
        "optional": question.optional,
        "choices": list(question.choices),
        "value": typed if typed is not None else value,
        "refused": refused,
        "problems": [] if refused else found,
        "missing": bool(found) and empty and not refused,
    }


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


# ---------------------------------------------------------------------------
# Variants, pages, downloads
# ---------------------------------------------------------------------------


async def other_phrase(site: Site, request: Request) -> Response:
    """Switch the sentence of a slot to the next phrase that fits ("câu khác")."""
    name = request.path_params["name"]
    form = await posted(site, request)
    back = str(form.get("section") or SECTIONS[0])
    if back not in web_fields.SECTION_PARTS:
        back = SECTIONS[0]
    with site.workspace.change(name, None) as state, site.core_lock:
        next_variant(site.drafter, state, str(form.get("slot") or ""))
    return see(conference_url(name, back) + "#xem-truoc")


def documents_of(site: Site, name: str, *, for_pages: bool = False) -> list[Document]:
    """Return the conference's documents rendered in memory by the one core."""
    snapshot = site.workspace.read(name)
    report, problems = validate(snapshot.state)
    if report is None:
        raise UserError(
            web_text("not_ready", count=len(problems)), web_text("not_ready_remedy"), where=name
        )
    drafter = site.pages_drafter if for_pages else site.drafter
    with site.core_lock:
        return drafter.render(drafter.plan(report), photo_dir=site.workspace.root)


def document_of(site: Site, name: str, kind: str, *, for_pages: bool = False) -> Document:
    """Return the conference's document of ``kind``; refuse a kind it does not have."""
    for document in documents_of(site, name, for_pages=for_pages):
        if document.kind == kind:
            return document
    raise HTTPException(404)


async def pages(site: Site, request: Request) -> Response:
    """Return the page images of one document (converted on request, then kept)."""
    name = request.path_params["name"]
    kind = request.path_params["kind"]
    document = document_of(site, name, kind, for_pages=True)
    images = site.images.pages(document)
    snapshot = site.workspace.read(name)
    return site.page(
        "pages.html",
        name=name,
        title=title_of(snapshot.state) or name,
        kind=kind,
        document_title=dict(load_texts().q("options.documents").choices).get(kind, kind),
        images=[image.name for image in images],
    )


async def page_image(site: Site, request: Request) -> Response:
    """Return one page image made before (its name is checked, never taken as a path)."""
    site.workspace.path_of(request.path_params["name"])
    image = request.path_params["image"]
    if not _IMAGE_NAME.fullmatch(image):
        raise HTTPException(404)
    path = site.images.folder / image
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="image/png")


async def download(site: Site, request: Request) -> Response:
    """Return a download: ``data``, ``docx-KIND``, ``pdf-KIND`` or ``zip`` (all documents)."""
    name = request.path_params["name"]
    what = request.path_params["what"]
    if what == "data":
        path = site.workspace.path_of(name)
        return attachment(path.read_bytes(), name, "application/octet-stream")
    if what == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for document in documents_of(site, name):
                archive.writestr(document.name, document.content)
            archive.writestr(name, site.workspace.path_of(name).read_bytes())
        return attachment(buffer.getvalue(), Path(name).stem + ".zip", "application/zip")
    form, _, kind = what.partition("-")
    if form == "docx":
        document = document_of(site, name, kind)
        return attachment(document.content, document.name, _DOCX)
    if form == "pdf":
        document = document_of(site, name, kind)
        with tempfile.TemporaryDirectory() as work:
            pdf = site.images.pdf_of(document, Path(work))
            return attachment(pdf.read_bytes(), pdf.name, "application/pdf")
    raise HTTPException(404)


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, file_name: str, media_type: str) -> Response:
    """Return ``content`` as a file to save under ``file_name``."""
    disposition = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


# ---------------------------------------------------------------------------
# The batch page
# ---------------------------------------------------------------------------


async def batch_page(site: Site, request: Request) -> Response:
    """Return the batch page; a post starts a run on the uploaded sheet and shows it."""
    if request.method == "POST":
        form = await posted(site, request, limit=MAX_SHEET + 100_000)
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise UserError(web_text("upload_none"), web_text("sheet_remedy"))
        content = await file.read(MAX_SHEET + 1)
        chosen = str(form.get("documents") or "")
        kinds = dict(load_texts().q("options.documents").choices)
        documents = (chosen,) if chosen in kinds else None
        run = site.batches.start(file.filename, content, documents)
        return see(f"/lo/{run.id}")
    return site.page(
        "batch.html",
        run=None,
        max_sheet=MAX_SHEET // 1_000_000,
        document_choices=list(load_texts().q("options.documents").choices),
    )


async def batch_run(site: Site, request: Request) -> Response:
    """Return a run's page: its progress while it runs, then the errors and the zip."""
    run = site.batches.get(request.path_params["run"])
    return site.page(
        "batch.html",
        run=run,
        max_sheet=MAX_SHEET // 1_000_000,
        document_choices=list(load_texts().q("options.documents").choices),
    )


async def batch_zip(site: Site, request: Request) -> Response:
    """Return a finished run's documents and list of errors as one zip."""
    run = site.batches.get(request.path_params["run"])
    if not run.done:
        raise UserError(web_text("run_not_done"), web_text("run_not_done_remedy"))
    return attachment(run.archive(), f"{Path(run.sheet_name).stem or 'lo'}.zip", "application/zip")


async def batch_blank(site: Site, request: Request) -> Response:
    """Return the blank sheet to fill (drafter batch --template-csv)."""
    content, name = blank_sheet(request.path_params["kind"], site.batches.root / "mau")
    media = "text/csv" if name.endswith(".csv") else _XLSX
    return attachment(content, name, media)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
