"""Worker processes for the commands that read or build thousands of files.

A worker of ``concurrent.futures`` blocks on its call queue; when its parent is killed
(kill -9, the OOM killer) nobody closes that queue, so the worker waits forever and
keeps the caller's stdout and stderr open: a script reading them hangs. Every worker
started here watches its parent and exits when it is gone.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: What starting or keeping worker processes raises where none can be had (a sandbox
#: without fork or semaphores, a frozen interpreter). A worker's own error is not here:
#: it reaches the caller as it was raised.
NO_WORKERS = (OSError, NotImplementedError, ImportError, BrokenProcessPool)

#: How often a worker looks whether its parent is still there, in seconds.
PARENT_CHECK_INTERVAL = 0.25


def worker_count() -> int:
    """Workers worth starting on this machine: one per core, at most eight (past that
    the disk, not the CPU, is the limit)."""
    return min(os.cpu_count() or 1, 8)


def map_in_workers(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    serial: Callable[[Item], Result],
    *,
    min_items: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    chunksize: int | None = None,
    ahead: int | None = None,
) -> Iterator[Result]:
    """``work`` over ``items`` in worker processes, results in order.

    With fewer than ``min_items`` (starting processes would cost more than it saves),
    one core, or no processes to be had, the items left are done in this process by
    ``serial`` instead: ``work`` must be a top-level function, ``serial`` may use what
    the caller holds. ``ahead`` bounds how many items are worked on before the caller
    takes their results (results are held in memory until then; without a bound a
    caller slower than its workers holds all of them).
    """
    workers = worker_count()
    done = 0
    if len(items) >= min_items and workers > 1:
        chunk = chunksize or max(1, min(32, len(items) // (workers * 8)))
        try:
            with process_pool(workers, initializer, initargs) as pool:
                if ahead is None:
                    for result in pool.map(work, items, chunksize=chunk):
                        yield result
                        done += 1
                    return
                batches = iter(range(0, len(items), chunk))
                pending: deque[Future[list[Result]]] = deque()
                for first in islice(batches, max(workers, ahead // chunk)):
                    pending.append(pool.submit(_run_batch, work, items[first:first + chunk]))
                while pending:
                    results = pending.popleft().result()
                    following = next(batches, None)
                    if following is not None:
                        pending.append(pool.submit(_run_batch, work, items[following:following + chunk]))
                    for result in results:
                        yield result
                        done += 1
            return
        except NO_WORKERS:
            pass  # go on in turn from the first item without a result
    for item in items[done:]:
        yield serial(item)


def _run_batch(work: Callable[[Item], Result], batch: Sequence[Item]) -> list[Result]:
    return [work(item) for item in batch]


def process_pool(workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A ``ProcessPoolExecutor`` whose workers exit when the process that started them dies."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(initializer, initargs))


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # The parent as the worker sees it at its start (the caller, or a fork server that
    # exits with the caller): once it is gone, the worker is reparented and stops.
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), name="exit-with-parent", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)  # no cleanup to run: the parent that would have used the results is gone
