"""LibreOffice profile folders: copied from a saved one, marked as started by this version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.office_profile import (
    REGISTRY,
    prepare_profile,
    product_version,
    save_profile,
    saved_profile,
)
from drafter.pdf import run_soffice
from tests.conftest import BAC_SON, needs_libreoffice

OLD_REGISTRY = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">\
<value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" \
oor:op="fuse"><value>7.3</value></prop></item>
</oor:items>
"""


@pytest.fixture
def soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A LibreOffice 7.4 program folder (its bootstraprc), and an empty cache folder."""
    program = tmp_path / "libreoffice" / "program"
    program.mkdir(parents=True)
    (program / "bootstraprc").write_text(
        "[Bootstrap]\nInstallMode=<installmode>\nProductKey=LibreOffice 7.4\n", encoding="utf-8"
    )
    (program / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    product_version.cache_clear()
    return str(program / "soffice")


def _last_versions(profile: Path) -> list[str]:
    text = (profile / REGISTRY).read_text(encoding="utf-8")
    return [
        line.split("<value>")[1].split("</value>")[0]
        for line in text.splitlines()
        if "ooSetupLastVersion" in line
    ]


def test_the_version_is_read_beside_the_program(soffice: str) -> None:
    assert product_version(soffice) == "7.4"


def test_no_version_file_is_no_version(tmp_path: Path) -> None:
    lone = tmp_path / "soffice"
    lone.write_text("", encoding="utf-8")
    assert product_version(str(lone)) is None


def test_a_new_profile_is_marked_as_started_by_this_version(soffice: str, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    assert prepare_profile(profile, soffice) is False  # nothing saved: worth saving after
    assert _last_versions(profile) == ["7.4"]
    assert (profile / REGISTRY).read_text(encoding="utf-8").startswith("<?xml")


def test_a_copy_of_the_saved_profile_keeps_its_settings_and_gets_one_version(
    soffice: str, tmp_path: Path
) -> None:
    saved = saved_profile()
    (saved / REGISTRY).parent.mkdir(parents=True)
    (saved / REGISTRY).write_text(OLD_REGISTRY, encoding="utf-8")
    profile = tmp_path / "profile"
    assert prepare_profile(profile, soffice) is True
    assert _last_versions(profile) == ["7.4"]
    assert "FirstRun" in (profile / REGISTRY).read_text(encoding="utf-8")
    assert _last_versions(saved) == ["7.3"]  # the saved one is only copied


def test_a_profile_in_use_is_left_as_it_is(soffice: str, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    (profile / REGISTRY).parent.mkdir(parents=True)
    (profile / REGISTRY).write_text(OLD_REGISTRY, encoding="utf-8")
    assert prepare_profile(profile, soffice) is True
    assert (profile / REGISTRY).read_text(encoding="utf-8") == OLD_REGISTRY


def test_only_a_profile_libreoffice_ran_on_is_saved(soffice: str, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    prepare_profile(profile, soffice)
    save_profile(profile)  # only drafter's mark in it
    assert not saved_profile().exists()
    (profile / "user" / "extensions").mkdir()
    save_profile(profile)
    assert _last_versions(saved_profile()) == ["7.4"]


@pytest.mark.libreoffice
def test_libreoffice_starts_on_a_prepared_profile_without_its_first_start_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the mark, LibreOffice 7.4 reruns its graphics self-tests at every headless start
    (GraphicsRenderTests.log written again); with it, it goes straight to the conversion."""
    needs_libreoffice()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    soffice = shutil.which("soffice")
    assert soffice is not None
    if product_version(soffice) is None:
        pytest.skip("this LibreOffice names no version beside its program")
    from drafter.api import Drafter

    documents = Drafter().draft(BAC_SON, tmp_path / "docx")
    work = tmp_path / "work"
    work.mkdir()
    pdfs = run_soffice(soffice, [documents[0].resolve()], work, tmp_path / "profile")
    assert pdfs[0].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "profile" / "user" / "GraphicsRenderTests.log").exists()
    assert _last_versions(saved_profile()) == [product_version(soffice)]
