"""Atomic writes: staged runs leave nothing behind when interrupted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transflow import fsutil
from transflow.fsutil import StagedWrites, atomic_write_text


def test_unchanged_content_is_not_rewritten(tmp_path: Path):
    path = tmp_path / "a.txt"
    assert atomic_write_text(path, "one") is True
    mtime = path.stat().st_mtime_ns
    assert atomic_write_text(path, "one") is False
    assert path.stat().st_mtime_ns == mtime


def test_staged_writes_appear_together_on_commit(tmp_path: Path):
    paths = [tmp_path / f"{n}.po" for n in range(3)]
    with StagedWrites() as staged:
        for path in paths:
            assert staged.stage_text(path, f"text of {path.name}")
        assert not any(p.exists() for p in paths)  # nothing visible before the commit
    assert [p.read_text() for p in paths] == [f"text of {p.name}" for p in paths]
    assert sorted(os.listdir(tmp_path)) == ["0.po", "1.po", "2.po"]


@pytest.mark.parametrize("when", ["while staging", "between renames"])
def test_an_interrupted_run_leaves_no_temporaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str):
    paths = [tmp_path / f"{n}.po" for n in range(4)]
    for path in paths:
        path.write_text("old")
    real_rename = fsutil._rename
    calls = []

    def interrupted_rename(tmp, path, shown):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_rename(tmp, path, shown)

    monkeypatch.setattr(fsutil, "_rename", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        with StagedWrites() as staged:
            for n, path in enumerate(paths):
                if when == "while staging" and n == 2:
                    raise KeyboardInterrupt
                staged.stage_text(path, "new")
    assert sorted(os.listdir(tmp_path)) == ["0.po", "1.po", "2.po", "3.po"]  # no .tmp files
    if when == "while staging":
        assert all(p.read_text() == "old" for p in paths)
