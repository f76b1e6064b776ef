"""Atomic writes: staged runs leave nothing behind when interrupted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from transflow.util import fs as fsutil
from transflow.util.fs import StagedWrites, atomic_write_text


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
        "from transflow.util.fs import StagedWrites, atomic_write_text\n"
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
    "import time\nfrom pathlib import Path\nfrom transflow.util.fs import project_lock\n"
    "root = Path(sys.argv[1])\n"
    "with project_lock(root):\n"
    "    (root / 'held').write_text('yes')\n"
    "    while not (root / 'release').exists():\n"
    "        time.sleep(0.02)\n"
)
_TRY_LOCK = (
    "from pathlib import Path\nfrom transflow.errors import LockError\nfrom transflow.util.fs import project_lock\n"
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


# --- a run killed while renaming (the journal) -------------------------------------------------

# A child Python whose os.replace kills the process (as kill -9 would) once ``limit`` renames
# into place are done: the journal is written, some files are renamed, the rest are not.
_KILLED_AFTER = """\
import os, sys
limit, real_replace, done = int(sys.argv[1]), os.replace, []
def replace(src, dst):
    if not str(dst).endswith("journal.json"):
        if len(done) == limit:
            os._exit(9)
        done.append(dst)
    real_replace(src, dst)
os.replace = replace
"""


def _kill_during_renames(code: str, limit: int, cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([sys.executable, "-c", _KILLED_AFTER + code, str(limit)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 9, result.stderr


def _temporaries(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.tmp"))


def test_the_next_run_completes_the_renames_of_a_killed_run(tmp_path: Path):
    state = tmp_path / ".transflow"
    state.mkdir()
    for n in range(5):
        (tmp_path / f"{n}.po").write_text("old")
    _kill_during_renames(
        "from pathlib import Path\nfrom transflow.util.fs import StagedWrites\n"
        "with StagedWrites(Path('.transflow/journal.json')) as staged:\n"
        "    for n in range(5):\n        staged.stage_text(Path(f'{n}.po'), 'new')\n",
        2, tmp_path)
    assert sorted((tmp_path / f"{n}.po").read_text() for n in range(5)) == ["new", "new", "old", "old", "old"]
    assert (state / fsutil.JOURNAL_FILE).exists()
    fsutil.recover_interrupted_writes(state, [tmp_path])
    assert [(tmp_path / f"{n}.po").read_text() for n in range(5)] == ["new"] * 5
    assert not (state / fsutil.JOURNAL_FILE).exists()
    assert _temporaries(tmp_path) == []


def test_a_run_killed_before_its_journal_changes_nothing(tmp_path: Path):
    state = tmp_path / ".transflow"
    state.mkdir()
    (tmp_path / "0.po").write_text("old")
    # Killed while staging: temporaries exist, no journal promises them.
    (tmp_path / ".0.po.abcd1234.tmp").write_text("new")
    fsutil.recover_interrupted_writes(state, [tmp_path])
    assert (tmp_path / "0.po").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == [".transflow", "0.po"]


def test_files_that_only_look_like_temporaries_are_kept(tmp_path: Path):
    state = tmp_path / ".transflow"
    state.mkdir()
    kept = ["notes.tmp", ".hidden.po", "a.po.abcd1234.tmp", ".a.po.abc.tmp"]
    for name in kept:
        (tmp_path / name).write_text("mine")
    fsutil.recover_interrupted_writes(state, [tmp_path])
    assert sorted(os.listdir(tmp_path)) == sorted([".transflow", *kept])


def _edit_every_article(root: Path) -> None:
    for article in sorted((root / "articles").glob("*.md")):
        text = article.read_text(encoding="utf-8")
        article.write_text(text + "\nA closing line added by the desk.\n", encoding="utf-8")


@pytest.mark.parametrize("limit", [0, 1, 4, 8])
def test_update_killed_during_its_renames_is_completed_by_the_next_run(tmp_path: Path, limit: int):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000"}
    twins = [tmp_path / "killed", tmp_path / "clean"]
    for root in twins:
        root.mkdir()
        shutil.copy2(REPO_ROOT / "workflow.yaml", root / "workflow.yaml")
        shutil.copytree(REPO_ROOT / "articles", root / "articles")
        subprocess.run([sys.executable, "-m", "transflow", "update", "--quiet"], cwd=root, env=env, check=True)
        _edit_every_article(root)
    killed, clean = twins
    _kill_during_renames("from transflow.cli import cli\ncli(['update', '--quiet'])\n", limit, killed, env)
    assert (killed / ".transflow" / fsutil.JOURNAL_FILE).exists()
    for root in twins:
        subprocess.run([sys.executable, "-m", "transflow", "update", "--quiet"], cwd=root, env=env, check=True)

    def locales(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}

    assert locales(killed) == locales(clean)
    assert not (killed / ".transflow" / fsutil.JOURNAL_FILE).exists()
    assert _temporaries(killed) == []


def test_temporaries_of_a_killed_run_are_swept_by_the_next_update(tmp_path: Path):
    shutil.copy2(REPO_ROOT / "workflow.yaml", tmp_path / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    subprocess.run([sys.executable, "-m", "transflow", "update", "--quiet"], cwd=tmp_path, check=True)
    po = next((tmp_path / "locales").rglob("*.po"))
    stray = po.parent / f".{po.name}.k9x2Lm_q.tmp"
    stray.write_bytes(po.read_bytes())
    subprocess.run([sys.executable, "-m", "transflow", "update", "--quiet"], cwd=tmp_path, check=True)
    assert not stray.exists()
    assert _temporaries(tmp_path) == []


# --- what is not a regular file, or too big --------------------------------------------------


class _Refused(Exception):
    def __init__(self, message: str, file: object) -> None:
        super().__init__(f"{file}: {message}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str):
    path = {"fifo": tmp_path / "pipe.po", "device": Path(os.devnull), "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(_Refused, match="is not a regular file"):
        fsutil.read_input(path, str(path), _Refused)  # type: ignore[arg-type]


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path):
    path = tmp_path / "big.po"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(_Refused, match=r"big.po: is 2,048 bytes, over the limit of 1,024 bytes"):
        fsutil.read_input(path, "big.po", _Refused, limit=1024)  # type: ignore[arg-type]
    assert fsutil.read_input(path, "big.po", _Refused, limit=2048) == b"x" * 2048  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("where", ["submit", "segment", "workflow.yaml", "article"])
def test_a_fifo_never_blocks_a_command(tmp_path: Path, where: str):
    shutil.copy2(REPO_ROOT / "workflow.yaml", tmp_path / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    fifo = {"submit": tmp_path / "tr.po", "segment": tmp_path / "a.md",
            "workflow.yaml": tmp_path / "workflow.yaml", "article": tmp_path / "articles" / "piped.md"}[where]
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    args = {"submit": ["submit", str(fifo)], "segment": ["segment", str(fifo)]}.get(where, ["update"])
    # A hang fails here (timeout) instead of blocking the suite.
    result = subprocess.run([sys.executable, "-m", "transflow", *args], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1, result
    assert "is not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert fifo.name in result.stderr
