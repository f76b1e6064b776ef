"""Worker processes die with the command that started them."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from transflow.util.parallel import map_in_workers, process_pool, worker_count

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")

# A build whose workers each note their pid in ``pids/`` and then take "forever" over an
# article: the command is killed while they work.
_SLOW_BUILD = """\
import os, sys, time
from pathlib import Path
import transflow.ops.build.builder as builder
import transflow.ops.build.command as command
command.PARALLEL_MIN_ARTICLES = 2
os.cpu_count = lambda: 2
def slow_build(self, slug, languages):
    Path("pids", str(os.getpid())).touch()
    time.sleep(120)
builder._Builder.build = slow_build
from transflow.cli import cli
cli(["build"])
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited; only its parent's bookkeeping is left


def test_build_workers_exit_when_build_is_killed(tmp_path: Path):
    shutil.copy2(REPO_ROOT / "workflow.yaml", tmp_path / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    subprocess.run([sys.executable, "-m", "transflow", "update", "--quiet"], cwd=tmp_path, check=True)
    (tmp_path / "pids").mkdir()
    build = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list((tmp_path / "pids").iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name) for p in (tmp_path / "pids").iterdir()]
    assert len(workers) == 2 and build.pid not in workers
    build.send_signal(signal.SIGKILL)
    # Both pipes reach end of file only when no worker holds them any more.
    build.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def test_a_pool_works_as_before():
    with process_pool(2) as pool:
        assert sorted(pool.map(abs, [-3, 2, -1])) == [1, 2, 3]
    assert 1 <= worker_count() <= 8


def test_results_come_in_order_with_a_bound_on_what_is_worked_ahead():
    items = list(range(-500, 500))
    results = map_in_workers(abs, items, abs, min_items=1, chunksize=7, ahead=20)
    assert list(results) == [abs(i) for i in items]
