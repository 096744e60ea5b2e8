"""The browser front door: ``drafter serve``, the whole job in a local web page.

The modules:

- ``workspace``: the folder of data files; names checked, changes written atomically.
- ``fields``: the wizard's sections and questions as forms; answers checked and stored.
- ``preview``: the composed text of each document, its phrase variants, its page images.
- ``app``: the Starlette application (pages, posts, downloads, errors as pages).
- ``texts``: the browser's own Vietnamese words (``drafter/data/web.yaml``).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import webbrowser
from pathlib import Path
from typing import Any
from urllib.parse import quote

from drafter.errors import UserError
from drafter.web.texts import web_text

LOOPBACK_NAMES = ("localhost",)
START_SECONDS = 30


def serve(
    workspace: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = False,
    check: bool = False,
    password: str | None = None,
) -> int:
    """Run the web application on ``host``:``port`` until Ctrl-C; return the exit code.

    On a loopback address (the default) there is no login; any other address is refused
    without a ``password``, and with one every page asks for it first. ``check``
    starts it on a free port, asks for the home page and each conference's first page, says
    how each answered, and stops: 0 when every page was served.
    """
    if not is_loopback(host) and password is None:
        raise UserError(web_text("not_loopback", host=host), web_text("not_loopback_remedy"))
    import uvicorn

    from drafter.web.app import create_app
    from drafter.web.login import MIN_PASSWORD, Gate

    gate = None
    if password is not None:
        if len(password) < MIN_PASSWORD:
            raise UserError(
                web_text("password_short", length=MIN_PASSWORD), web_text("password_remedy")
            )
        gate = Gate.for_password(password)
    app = create_app(workspace, gate=gate)
    if check:
        return check_pages(app, host)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(web_text("serving", url=url, workspace=workspace.resolve()), flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def is_loopback(host: str) -> bool:
    """Return whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_pages(app: Any, host: str) -> int:
    """Serve ``app`` on a free port, fetch its pages once, stop; return 0 when all answered."""
    import urllib.error
    import urllib.request

    import uvicorn

    from drafter.wizard.sections import SECTIONS

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    paths = ["/"] + [
        f"/hoi-nghi/{quote(conference.name)}/{SECTIONS[0]}"
        for conference in app.state.site.workspace.conferences()
    ]
    failed = 0
    try:
        for path in paths:
            try:
                with urllib.request.urlopen(base + path, timeout=START_SECONDS) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            failed += status != 200
            print(
                web_text("check_ok" if status == 200 else "check_failed", path=path, status=status)
            )
    finally:
        server.should_exit = True
        thread.join(START_SECONDS)
    print(web_text("check_done", count=len(paths), failed=failed))
    return 1 if failed else 0


def read_password() -> str:
    """Return the password of a server opened to a network: $DRAFTER_SERVE_PASSWORD, or asked."""
    import getpass
    import os

    from drafter.web.login import MIN_PASSWORD

    given = os.environ.get("DRAFTER_SERVE_PASSWORD")
    if given is not None:
        return given
    return getpass.getpass(web_text("password_prompt", length=MIN_PASSWORD))
