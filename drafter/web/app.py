"""The browser front door: a Starlette application over one workspace and one ``Drafter``.

Pages are rendered on the server (Jinja2, autoescaped); the little JavaScript there is only
saves a section when a field changes and swaps the answer in. The home page, the variants,
the pages and downloads, and the batch page are here; a section's page is in ``sections``,
what every request shares (the site, posts checked, errors as pages) in ``site``.
"""

from __future__ import annotations

import contextlib
import io
import re
import secrets
import tempfile
import threading
import zipfile
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafter.api import Choices, Document, Drafter
from drafter.errors import UserError
from drafter.sheet import typed_mapping
from drafter.web.batches import MAX_SHEET, Batches, Run, blank_sheet
from drafter.web.login import SESSION_COOKIE, Gate
from drafter.web.preview import PageImages, next_variant, validate
from drafter.web.sections import problem_place, section
from drafter.web.site import (
    Site,
    attachment,
    conference_url,
    failed,
    not_found,
    posted,
    refused,
    see,
)
from drafter.web.texts import web_text
from drafter.web.workspace import MAX_UPLOAD, Workspace, title_of
from drafter.wizard.sections import SECTIONS
from drafter.wizard.texts import load_texts

HERE = Path(__file__).resolve().parent
_IMAGE_NAME = re.compile(r"[0-9a-f]{20}-\d{1,3}\.png")


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""The names a page on this machine is asked for by: a request naming another host (a web
site that made its own name point at 127.0.0.1) is refused."""


@contextlib.asynccontextmanager
async def _closing(images: PageImages, app: Starlette) -> AsyncIterator[None]:
    """Serve, then end the warm LibreOffice the page images started."""
    yield
    images.close()


def create_app(
    workspace: Path, *, cache: Path | None = None, gate: Gate | None = None
) -> Starlette:
    """Return the application serving the data files of the folder ``workspace``.

    With ``gate`` every page but the login needs a session (a server opened to a network);
    without, only requests for this machine's own names are answered.
    """
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
        gate,
    )
    routes = [
        Route("/", partial(home, site)),
        Route("/dang-nhap", partial(login, site), methods=["GET", "POST"]),
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
        Route("/hoi-nghi/{name}/anh-tai-len", partial(upload_photo, site), methods=["POST"]),
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
        lifespan=partial(_closing, images),
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=["*"] if gate else LOOPBACK_HOSTS),
            Middleware(BaseHTTPMiddleware, dispatch=partial(guard, site)),
        ],
        exception_handlers={
            UserError: lambda request, error: refused(site, error),
            HTTPException: lambda request, error: not_found(site, error),
            Exception: lambda request, error: failed(site),
        },
    )
    app.state.site = site
    return app


# ---------------------------------------------------------------------------
# The login (only when the server is opened to a network)
# ---------------------------------------------------------------------------

OPEN_PATHS = ("/dang-nhap", "/static/")


async def guard(site: Site, request: Request, call_next: RequestResponseEndpoint) -> Response:
    """Send a request without a session to the login page (when there is a login)."""
    gate = site.gate
    if gate is None or request.url.path.startswith(OPEN_PATHS):
        return await call_next(request)
    if gate.valid(request.cookies.get(SESSION_COOKIE)):
        return await call_next(request)
    return see("/dang-nhap")


async def login(site: Site, request: Request) -> Response:
    """Return the login page; a post with the right password opens a session."""
    gate = site.gate
    if gate is None:
        return see("/")
    address = request.client.host if request.client else ""
    if request.method == "GET":
        return site.page("login.html", failure="")
    form = await posted(site, request)
    if gate.blocked(address):
        return site.page("login.html", 429, failure=web_text("login_blocked"))
    session = gate.log_in(address, str(form.get("password") or ""))
    if session is None:
        return site.page("login.html", 401, failure=web_text("login_failed"))
    answer = see("/")
    answer.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
    return answer


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


async def upload_photo(site: Site, request: Request) -> Response:
    """Keep an uploaded photo for one photo of the conference and go back to the photos."""
    from drafter.photos import MAX_BYTES

    name = request.path_params["name"]
    form = await posted(site, request, limit=MAX_BYTES + 100_000)
    file = form.get("file")
    index = str(form.get("index") or "")
    if not isinstance(file, UploadFile) or not file.filename or not index.isdigit():
        raise UserError(web_text("upload_none"), web_text("photo_remedy"))
    content = await file.read(MAX_BYTES + 1)
    site.workspace.add_photo(name, int(index), file.filename, content)
    return see(conference_url(name, "photos"))


async def first_section(request: Request) -> Response:
    """Send the conference's address to its first section."""
    return see(conference_url(request.path_params["name"], SECTIONS[0]))


# ---------------------------------------------------------------------------
# A section: the form beside the preview
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Variants, pages, downloads
# ---------------------------------------------------------------------------


async def other_phrase(site: Site, request: Request) -> Response:
    """Switch the sentence of a slot to the next phrase that fits ("câu khác")."""
    name = request.path_params["name"]
    form = await posted(site, request)
    back = str(form.get("section") or SECTIONS[0])
    if back not in SECTIONS:
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
    """Return a download: ``data``, ``docx-KIND``, ``pdf-KIND``, ``zip`` or ``zip-pdf``.

    A zip holds every document and the data file (``zip-pdf`` the PDFs too, all converted
    in one call).
    """
    name = request.path_params["name"]
    what = request.path_params["what"]
    if what == "data":
        path = site.workspace.path_of(name)
        return attachment(path.read_bytes(), name, "application/octet-stream")
    if what in ("zip", "zip-pdf"):
        documents = documents_of(site, name)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for document in documents:
                archive.writestr(document.name, document.content)
            if what == "zip-pdf":
                with tempfile.TemporaryDirectory() as work:
                    for pdf in site.images.pdfs_of(documents, Path(work)):
                        archive.write(pdf, pdf.name)
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
        typed = str(form.get("mapping") or "")
        pdf = form.get("pdf") == "1"
        try:
            mapping = typed_mapping(typed, web_text("batch_mapping_where"))
        except UserError as error:  # the page again, with her pairs as she typed them
            return _batch_page(site, None, mapping=typed, pdf=pdf, error=error, status=400)
        run = site.batches.start(file.filename, content, documents, mapping=mapping, pdf=pdf)
        return see(f"/lo/{run.id}")
    return _batch_page(site, None)


async def batch_run(site: Site, request: Request) -> Response:
    """Return a run's page: its progress while it runs, then the errors and the zip."""
    return _batch_page(site, site.batches.get(request.path_params["run"]))


def _batch_page(
    site: Site,
    run: Run | None,
    *,
    mapping: str = "",
    pdf: bool = False,
    error: UserError | None = None,
    status: int = 200,
) -> Response:
    """Return the batch page: a run's state if any, and the form (kept as typed)."""
    return site.page(
        "batch.html",
        status,
        run=run,
        max_sheet=MAX_SHEET // 1_000_000,
        document_choices=list(load_texts().q("options.documents").choices),
        mapping=mapping,
        pdf=pdf,
        error=error,
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
