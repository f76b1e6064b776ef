"""The newsroom-on-git simulation (benchmarks/sim_git.py) at a small size: real git,
real merges and rebases through the driver, and nothing lost."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import sim_git  # noqa: E402  (the benchmarks folder is not a package)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_three_clones_for_ten_rounds_lose_nothing(tmp_path: Path):
    figures = sim_git.simulate(tmp_path, translators=2, rounds=10, articles=3, seed=1, driver_runs=0)
    assert figures.texts_committed > 0
    assert figures.units_edited_on_two_sides > 0  # the seed makes clones collide: conflicts are exercised
    assert figures.pulls_stopped_on_conflict > 0
    assert figures.texts_missing == 0
    assert figures.files_with_markers == 0
    assert figures.files_failing_msgfmt == 0
    assert figures.conflict_comments == figures.units_edited_on_two_sides
