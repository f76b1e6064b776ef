"""Atomic writes: staged runs leave nothing behind when interrupted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


# --- without fcntl (Windows, or a POSIX build without it) --------------------------------------

# Run in a child Python where ``import fcntl`` fails, as it does on Windows.
_NO_FCNTL = "import sys; sys.modules['fcntl'] = None\n"


def _run_without_fcntl(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _NO_FCNTL + code, *args],
                          capture_output=True, text=True, timeout=timeout, check=False)


def test_the_cli_imports_and_runs_without_fcntl(tmp_path: Path):
    done = _run_without_fcntl(
        "from transflow.cli import main\nsys.argv = ['transflow', '--help']\nmain()"
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: transflow" in done.stdout


def test_atomic_writes_work_without_fcntl(tmp_path: Path):
    done = _run_without_fcntl(
        "from pathlib import Path\n"
        "from transflow.fsutil import StagedWrites, atomic_write_text\n"
        "root = Path(sys.argv[1])\n"
        "atomic_write_text(root / 'one.txt', 'one')\n"
        "with StagedWrites() as staged:\n"
        "    staged.stage_text(root / 'two.txt', 'two')\n",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["one.txt", "two.txt"]
    assert (tmp_path / "two.txt").read_text() == "two"


_HOLD_LOCK = (
    "import time\nfrom pathlib import Path\nfrom transflow.fsutil import project_lock\n"
    "root = Path(sys.argv[1])\n"
    "with project_lock(root):\n"
    "    (root / 'held').write_text('yes')\n"
    "    while not (root / 'release').exists():\n"
    "        time.sleep(0.02)\n"
)
_TRY_LOCK = (
    "from pathlib import Path\nfrom transflow.errors import LockError\nfrom transflow.fsutil import project_lock\n"
    "try:\n"
    "    with project_lock(Path(sys.argv[1]), timeout=0.5):\n"
    "        print('acquired')\n"
    "except LockError as exc:\n"
    "    print('refused:', exc)\n"
)


@pytest.mark.parametrize("fcntl_available", [True, False])
def test_two_processes_exclude_each_other(tmp_path: Path, fcntl_available: bool):
    prefix = "import sys\n" if fcntl_available else _NO_FCNTL
    holder = subprocess.Popen([sys.executable, "-c", prefix + _HOLD_LOCK, str(tmp_path)])
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "held").exists():
            assert holder.poll() is None and time.monotonic() < deadline, "the first process never took the lock"
            time.sleep(0.02)
        while_held = subprocess.run([sys.executable, "-c", prefix + _TRY_LOCK, str(tmp_path)],
                                    capture_output=True, text=True, timeout=60)
        assert while_held.stdout.startswith("refused:"), while_held.stdout + while_held.stderr
        assert "another transflow command has held the lock" in while_held.stdout
        (tmp_path / "release").write_text("")
        assert holder.wait(timeout=30) == 0
        after = subprocess.run([sys.executable, "-c", prefix + _TRY_LOCK, str(tmp_path)],
                               capture_output=True, text=True, timeout=60)
        assert after.stdout.strip() == "acquired", after.stderr
    finally:
        holder.kill()
        holder.wait()
