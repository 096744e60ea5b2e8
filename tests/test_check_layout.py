"""drafter check, layout rules: paper, margins, fonts, element styles, page numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Fault, assert_reported_once, faults_of

FAULTS = faults_of("layout")


@pytest.mark.parametrize(("fault", "rule", "where"), FAULTS, ids=[f.__name__ for f, _, _ in FAULTS])
def test_each_planted_fault_is_reported_once(
    resolution: Path, tmp_path: Path, fault: Fault, rule: str, where: str
) -> None:
    assert_reported_once(resolution, fault, rule, where, tmp_path)
