"""Bridge to a warm LibreOffice, run by a Python that has LibreOffice's ``uno`` module.

Run as a script, never imported by drafter: ``office.WarmOffice`` starts it as
``PYTHON office_bridge.py SOFFICE PROFILE_URI PIPE_NAME`` in a process group of its own. It
starts LibreOffice (a child in the same group, so one kill ends both) listening on the named
pipe, connects through UNO and then speaks a line protocol on stdin/stdout, one request at a
time (tab-separated, UTF-8; paths absolute):

    -> ready                       once LibreOffice answers (or: fatal <reason>)
    <- convert<TAB>DOCX<TAB>PDF    write DOCX as PDF at the path PDF
    -> ok                          done
    -> error<TAB>reason            this document failed; the bridge goes on
    -> fatal<TAB>reason            LibreOffice is gone; the bridge exits

End of stdin ends LibreOffice and the bridge. Only the standard library and ``uno``: the
Python that runs this (e.g. /usr/bin/python3 with python3-uno) has none of drafter's packages.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

CONNECT_SECONDS = 60.0


def main(soffice: str, profile_uri: str, pipe: str) -> int:
    """Serve conversions until stdin ends; return the exit code."""
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile_uri}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        desktop = connect(pipe, office)
    except Exception as error:
        say("fatal", describe(error))
        office.kill()
        return 1
    say("ready")
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[0] != "convert":
            say("error", f"bad request: {line.strip()!r}")
            continue
        try:
            convert(desktop, parts[1], parts[2])
        except DisposedException as error:
            say("fatal", describe(error))
            office.kill()
            return 1
        except Exception as error:
            if office.poll() is not None:
                say("fatal", f"LibreOffice exited ({office.returncode}): {describe(error)}")
                return 1
            say("error", describe(error))
        else:
            say("ok")
    with contextlib.suppress(Exception):  # it is ending anyway
        desktop.terminate()
    try:
        office.wait(10)
    except subprocess.TimeoutExpired:
        office.kill()
    return 0


def connect(pipe: str, office: subprocess.Popen[bytes]) -> Any:
    """Return LibreOffice's desktop once it accepts on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None:
                raise RuntimeError(f"LibreOffice exited ({office.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"no answer after {CONNECT_SECONDS:g} s") from None
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop: Any, docx: str, pdf: str) -> None:
    """Write ``docx`` as the PDF ``pdf``; raise when LibreOffice cannot read or write it."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx),
        "_blank",
        0,
        (prop("Hidden", True), prop("ReadOnly", True), prop("UpdateDocMode", 0)),
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        export = (prop("FilterName", "writer_pdf_Export"),)
        document.storeToURL(uno.systemPathToFileUrl(pdf), export)
    finally:
        document.close(True)
    if not os.path.isfile(pdf):
        raise RuntimeError("no PDF was written")


def prop(name: str, value: object) -> Any:
    """Return a UNO PropertyValue."""
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result


def describe(error: BaseException) -> str:
    """Return an error on one line (UNO exceptions keep their text in ``Message``)."""
    text = getattr(error, "Message", "") or str(error) or type(error).__name__
    return " ".join(text.split())


def say(*parts: str) -> None:
    """Answer drafter on one line."""
    sys.stdout.write("\t".join(part.replace("\t", " ") for part in parts) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
