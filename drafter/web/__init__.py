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
import threading
import webbrowser
from pathlib import Path

from drafter.errors import UserError
from drafter.web.texts import web_text

LOOPBACK_NAMES = ("localhost",)


def serve(
    workspace: Path, *, host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False
) -> int:
    """Run the web application on ``host``:``port`` until Ctrl-C; return the exit code.

    Only a loopback address is accepted: the page edits files on this machine.
    """
    if not is_loopback(host):
        raise UserError(web_text("not_loopback", host=host), web_text("not_loopback_remedy"))
    import uvicorn

    from drafter.web.app import create_app

    app = create_app(workspace)
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
