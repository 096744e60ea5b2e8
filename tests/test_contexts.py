"""The typed contexts are the one list of template names: compose, the check, the samples, the
built-in templates all agree with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from drafter.check.template import (
    ITEM_KEYS,
    PRESS_KEYS,
    REPORT_KEYS,
    RESOLUTION_KEYS,
    builtin_templates,
    names_used,
)
from drafter.compose import Composer
from drafter.compose_report import compose_report
from drafter.contexts import (
    CLERK_ONLY_KEYS,
    PressContext,
    PressTemplateContext,
    ReportContext,
    ResolutionContext,
    item_keys,
    keys_of,
    template_names,
)
from drafter.datafile import load_report
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from tests.conftest import BAC_SON
from tests.sample_context import press_context, resolution_context


def assert_shape(context: Mapping[str, Any], declared: type) -> None:
    """Assert ``context`` has exactly the declared keys, and its record items their fields."""
    assert set(context) == keys_of(declared)
    for name, fields in item_keys(declared).items():
        assert context[name], f"{name}: no item to check"
        for item in context[name]:
            assert set(item) == fields, name


def test_the_check_derives_its_names_from_the_contexts() -> None:
    assert keys_of(ResolutionContext) == RESOLUTION_KEYS
    assert keys_of(PressTemplateContext) == PRESS_KEYS
    assert keys_of(PressContext) | {"photos"} == PRESS_KEYS
    assert keys_of(ReportContext) == REPORT_KEYS
    assert {
        "parts": {"heading", "paragraphs", "kept"},
        "photos": {"image", "caption"},
        "blocks": {"kind", "text", "kept"},
        "rows": {
            "group",
            "number",
            "name",
            "unit",
            "plan",
            "actual",
            "plan_ratio",
            "change",
            "status",
        },
    } == ITEM_KEYS


def test_compose_gives_exactly_the_declared_keys() -> None:
    composer = Composer(load_report(BAC_SON), load_phrasebank(None))
    assert_shape(composer.resolution(load_profile("hd36")), ResolutionContext)
    press, photos = composer.press()
    assert photos
    assert_shape(press, PressContext)
    for profile in ("hd36", "nd30"):
        assert_shape(compose_report(composer, load_profile(profile)), ReportContext)


@pytest.mark.parametrize(
    ("context", "declared"),
    [(resolution_context(), ResolutionContext), (press_context(), PressTemplateContext)],
    ids=["resolution", "press"],
)
def test_sample_contexts_have_exactly_the_declared_keys(
    context: Mapping[str, Any], declared: type
) -> None:
    assert_shape(context, declared)


def test_builtin_templates_use_only_declared_names_and_every_one_is_used() -> None:
    declared = {
        "nghi-quyet-hoi-nghi": ResolutionContext,
        "tin-bai": PressTemplateContext,
        "bao-cao": ReportContext,
        "bao-cao-ubnd": ReportContext,
    }
    used: set[str] = set()
    for path in builtin_templates():
        context = declared[path.stem]
        names = keys_of(context) | {
            f"{name}.{field}" for name, fields in item_keys(context).items() for field in fields
        }
        reads = names_used(path)
        assert reads <= names, f"{path.name} reads undeclared {sorted(reads - names)}"
        used |= reads
    every = template_names() | {
        f"{name}.{field}" for name, fields in ITEM_KEYS.items() for field in fields
    }
    unused = every - used
    assert unused == CLERK_ONLY_KEYS, f"list exactly these in CLERK_ONLY_KEYS: {sorted(unused)}"
