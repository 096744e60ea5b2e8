"""The workspace of drafter serve: names checked, files written whole, in forms both doors read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.web.workspace import StaleError, Workspace, revision_of
from drafter.wizard.state import load_state
from tests.conftest import BAC_SON
from tests.helpers import web_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(web_workspace(tmp_path / "ws", BAC_SON))


@pytest.mark.parametrize(
    "name",
    ["../bac-son.yaml", "/etc/passwd", "a/b.yaml", "BAC.yaml", "x.txt", "", ".yaml", "con.yaml"],
)
def test_a_name_the_naming_rules_did_not_make_is_refused(workspace: Workspace, name: str) -> None:
    with pytest.raises(UserError):
        workspace.path_of(name)


def test_a_link_out_of_the_workspace_is_neither_listed_nor_opened(
    workspace: Workspace, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(BAC_SON.read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, workspace.root / "link.yaml")
    assert [conference.name for conference in workspace.conferences()] == [BAC_SON.name]
    with pytest.raises(UserError, match=r"không có tệp dữ liệu link\.yaml"):
        workspace.path_of("link.yaml")


def test_new_names_never_take_an_existing_file(workspace: Workspace) -> None:
    assert workspace.create("Bắc Sơn 9 tháng 2023") == "bac-son-9-thang-2023-2.yaml"
    assert workspace.create("") == "hoi-nghi.yaml"
    assert workspace.create("") == "hoi-nghi-2.yaml"


def test_a_complete_state_is_written_as_a_plain_data_file(workspace: Workspace) -> None:
    with workspace.change(BAC_SON.name, None) as state:
        state["conference"]["venue"] = "Hội trường Huyện ủy"
    text = (workspace.root / BAC_SON.name).read_text(encoding="utf-8")
    assert "_wizard" not in text
    assert load_report(workspace.root / BAC_SON.name).conference.venue == "Hội trường Huyện ủy"


def test_an_incomplete_state_is_written_as_the_wizards_draft(workspace: Workspace) -> None:
    with workspace.change(BAC_SON.name, None) as state:
        del state["conference"]["date"]
    state = load_state(workspace.root / BAC_SON.name)
    assert "_wizard" in state
    assert "date" not in state["conference"]


def test_a_json_file_stays_json(workspace: Workspace) -> None:
    data = json.loads(json.dumps(load_state(BAC_SON)))
    data.pop("_wizard")
    (workspace.root / "ban.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with workspace.change("ban.json", None) as state:
        del state["period"]
    assert "issuer" in json.loads((workspace.root / "ban.json").read_text(encoding="utf-8"))


def test_a_change_from_a_stale_revision_writes_nothing(workspace: Workspace) -> None:
    path = workspace.root / BAC_SON.name
    stale = revision_of(path)
    with workspace.change(BAC_SON.name, stale) as state:
        state["conference"]["ordinal"] = 18
    before = path.read_bytes()
    with pytest.raises(StaleError), workspace.change(BAC_SON.name, stale) as state:
        state["conference"]["ordinal"] = 19
    assert path.read_bytes() == before


def test_an_unchanged_state_leaves_the_file_as_the_clerk_wrote_it(workspace: Workspace) -> None:
    before = (workspace.root / BAC_SON.name).read_bytes()
    with workspace.change(BAC_SON.name, None):
        pass
    assert (workspace.root / BAC_SON.name).read_bytes() == before
