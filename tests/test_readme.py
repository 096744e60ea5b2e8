"""Every command line the README and `drafter --help` show works as written.

Each one runs, with a relative output folder exactly as printed, in a temporary copy of the
repository's data (examples, phrasebank, templates), so a crash that only relative paths
cause (LibreOffice wants file URIs) is caught. `make test` is the command running this suite.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, needs_libreoffice

VENV_BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """Return the complete command lines of the README: code blocks and inline code."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        commands += [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    for inline in re.findall(r"`([^`\n]+)`", text):
        if re.match(r"(drafter|make|\.venv/bin/python) ", inline) and _complete(inline):
            commands.append(inline)
    return list(dict.fromkeys(commands))


def _complete(command: str) -> bool:
    """Return whether ``command`` is a command line rather than the name of a command.

    A placeholder (DATA, FILE…, [options]) or a drafter command missing its required
    arguments ("`drafter check` audits …") names a command; it is not run.
    """
    if re.search(r"\b[A-Z]{3,}\b|\.\.\.|…|\[|\|", command):
        return False
    argv = shlex.split(command)
    if argv[0] != "drafter":
        return True
    from drafter.cli import _parser

    try:
        with contextlib.redirect_stderr(io.StringIO()):
            _parser().parse_args(argv[1:])
    except SystemExit:
        return False
    return True


def help_commands() -> list[str]:
    """Return the example command lines printed by `drafter --help`."""
    from drafter.cli import _parser

    epilog = _parser().epilog or ""
    return [line.strip() for line in epilog.splitlines() if line.strip().startswith("drafter ")]


def test_the_readme_shows_the_commands_this_suite_runs() -> None:
    commands = readme_commands()
    assert "make demo" in commands
    assert "make test" in commands
    assert "drafter render examples/bac-son-9-thang-2023.yaml --out out --pdf" in help_commands()


def _copy_of_repository(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("examples", "phrasebank", "templates_docx", "profiles", "bench", "drafter"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    if argv[0] == "drafter":
        argv[0] = str(VENV_BIN / "drafter")
    if argv[0] == "make":  # the stamp is older than the copied pyproject: keep the venv as is
        argv += ["-o", ".venv/.installed"]
    if argv[0] == ".venv/bin/python" and argv[1:2] == ["bench/pdf_bench.py"]:
        argv += ["--rows", "1", "--jobs", "2", "--repeats", "1"]  # the same script, small
    if argv[0] == ".venv/bin/python" and argv[1:2] == ["bench/batch_bench.py"]:
        # The same script, every part of it, on a few rows: its run time is start-up.
        argv += ["--rows", "4", "--plain", "2", "--jobs", "1", "--memory", "4"]
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        argv, check=False, cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


COMMANDS = [
    command
    for command in dict.fromkeys(readme_commands() + help_commands())
    if command != "make test"  # the command running this suite
]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_runs_as_written(command: str, tmp_path: Path) -> None:
    if "--pdf" in command or "pdf_bench" in command:
        needs_libreoffice()
    if not (ROOT / ".venv" / "bin").is_dir():
        pytest.skip("needs the project's .venv (made by `make test`)")
    repo = _copy_of_repository(tmp_path)
    result = _run(command, repo)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    if "--pdf" in command:
        pdfs = sorted((repo / "out").glob("*.pdf"))
        assert len(pdfs) == 2, f"{command} wrote {pdfs}"
        again = _run(command, repo)  # nothing half-done: the re-run is refused cleanly
        assert again.returncode == 2, again.stderr
        assert "--overwrite" in again.stderr
