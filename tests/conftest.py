"""Shared fixtures: a copy of the sample project, a snapshot of a folder tree, the CLI.

The sample project is the repository itself (workflow.yaml and articles/). Tests never
write into the repository: ``sample_project`` copies what it needs into ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from transflow.cli import cli
from transflow.workspace.project import Project

#: ``HYPOTHESIS_PROFILE=fast`` runs a tenth of each property test's examples, for quick local
#: runs; CI and the README's test command run them all.
FAST = os.environ.get("HYPOTHESIS_PROFILE") == "fast"


def examples(thorough: int) -> int:
    """``max_examples`` for a property test that runs ``thorough`` examples in CI."""
    return max(5, thorough // 10) if FAST else thorough


#: The repository root, which is also the sample project.
REPO_ROOT = Path(__file__).resolve().parents[1]

#: A snapshot maps each file's path (relative to the root) to its bytes and mtime.
Snapshot = dict[str, tuple[bytes, int]]


@pytest.fixture
def sample_project(tmp_path: Path) -> Project:
    """A fresh copy of the sample workflow.yaml and articles/ in ``tmp_path`` (no locales/)."""
    shutil.copy2(REPO_ROOT / "workflow.yaml", tmp_path / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    return Project.open(tmp_path)


def tree_snapshot(root: Path) -> Snapshot:
    """Every file under ``root`` with its bytes and modification time, to prove nothing changed."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), _mtime(root, path))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _mtime(root: Path, path: Path) -> int:
    # Taking the project lock may touch its empty lock file (filelock before 4.3 opens
    # it with O_TRUNC): its bytes are compared, its time is not.
    return 0 if path == root / ".transflow" / "lock" else path.stat().st_mtime_ns


@pytest.fixture
def snapshot() -> Callable[[Path], Snapshot]:
    """``snapshot(root)``: see :func:`tree_snapshot`; compare two snapshots with ``==``."""
    return tree_snapshot


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """``run_cli(*args)``: run ``transflow ARGS`` in-process; stdout and stderr kept apart."""
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(cli, [str(arg) for arg in args], prog_name="transflow")

    return run


def check_cli_error(result: Result, exit_code: int = 1) -> str:
    """Assert a command failed cleanly: the exit code, no exception escaped, and exactly
    one line ``Error: ...`` on stderr. Returns that line."""
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    assert escaped is None, f"unexpected {type(escaped).__name__}: {escaped}"
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: "), lines
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def cli_error() -> Callable[..., str]:
    """``cli_error(result)``: see :func:`check_cli_error`."""
    return check_cli_error
