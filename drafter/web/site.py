"""What every request of drafter serve shares: the site, posts checked, answers made.

Every state-changing request is a POST carrying the page's token and, when the browser sends
one, an ``Origin`` of this very server; anything else is refused before it is read. A
``UserError`` becomes a page in Vietnamese, and so does any other failure, without a
traceback.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drafter.api import Drafter
from drafter.errors import UserError
from drafter.web.batches import Batches
from drafter.web.login import Gate
from drafter.web.preview import PageImages
from drafter.web.texts import web_text, web_texts
from drafter.web.workspace import Workspace

MAX_FORM_BYTES = 1_000_000
"""The largest section form accepted (a section's answers are a few kB)."""


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
    gate: Gate | None = None
    """The login, when the server is opened to a network."""

    def page(self, template_name: str, status: int = 200, /, **context: Any) -> HTMLResponse:
        """Return the template rendered with ``context`` (and the token, the words)."""
        template = self.environment.get_template(template_name)
        html = template.render(token=self.token, t=web_texts(), **context)
        return HTMLResponse(html, status_code=status)


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


def attachment(content: bytes, file_name: str, media_type: str) -> Response:
    """Return ``content`` as a file to save under ``file_name``."""
    disposition = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
