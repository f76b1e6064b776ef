"""Atomic writes and the project lock.

Every file transflow writes goes to a temporary file in the same folder and is
renamed over the target, so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import filelock

from transflow.errors import LockError, ProjectError, TransflowError

#: The largest file transflow reads as input (an article, a PO file): far beyond any real
#: article, small enough that /dev/zero or a mistaken disk image fails at once.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def read_input(path: Path, display: str, error: type[TransflowError], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file the user named or the project holds, read whole.

    A missing or unreadable file, anything but a regular file (a FIFO would block
    forever, /dev/zero never ends) and a file over ``limit`` bytes are ``error`` (the
    caller's kind) naming it.
    """
    try:
        info = os.stat(path)  # stat, unlike open, does not block on a FIFO
        if not stat.S_ISREG(info.st_mode):
            raise error("is not a regular file (a FIFO, device or folder); give the path of a file", display)
        if info.st_size > limit:
            raise error(f"is {info.st_size:,} bytes, over the limit of {_megabytes(limit)}; "
                        "check that this is the right file", display)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # a file that grew since the stat stays bounded too
    except FileNotFoundError:
        raise error("not found; check the path", display) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", display) from None
    if len(data) > limit:
        raise error(f"is over the limit of {_megabytes(limit)}; check that this is the right file", display)
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _write_temporary(path: Path, data: bytes, shown: str, durable: bool) -> str | None:
    """A temporary file beside ``path`` holding ``data``; None when ``path`` holds it already."""
    try:
        if path.read_bytes() == data:
            return None
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ProjectError(f"cannot read: {exc.strerror}", shown) from None
    check_writable(path, shown)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        hint = "check the folder's permissions" if exc.errno in (errno.EACCES, errno.EPERM) else "check the path"
        raise ProjectError(f"cannot write: {exc.strerror}; {hint}", shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ProjectError(f"cannot write: {exc.strerror}", shown) from None
    return tmp


def _rename(tmp: str, path: Path, shown: str) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ProjectError(f"cannot write: {exc.strerror}", shown) from None


def atomic_write_bytes(path: Path, data: bytes, display: str | None = None, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` atomically. Returns False when the file already holds it.

    ``durable=False`` skips the fsync, for derived files (built pages) that the next
    run can redo: thousands of fsyncs cost more than the build itself.
    """
    shown = display or str(path)
    tmp = _write_temporary(path, data, shown, durable)
    if tmp is None:
        return False
    _rename(tmp, path, shown)
    return True


def atomic_write_text(path: Path, text: str, display: str | None = None, durable: bool = True) -> bool:
    return atomic_write_bytes(path, text.encode("utf-8"), display, durable)


class StagedWrites:
    """Many files written as one: all staged as temporaries, one sync, then all renamed.

    One ``os.sync`` instead of an fsync per file keeps a run over thousands of PO
    files fast and still durable; nothing is renamed into place unless every file
    was staged, and an error or interruption while staging removes the temporaries.

    With a ``journal`` (a file in ``.transflow/``), the renames are all-or-nothing even
    under kill -9: the list of renames is made durable before the first one, so the
    next command that takes the project lock completes them
    (:func:`recover_interrupted_writes`).
    """

    def __init__(self, journal: Path | None = None) -> None:
        self._staged: list[tuple[str, Path, str]] = []
        self._journal = journal

    def stage_text(self, path: Path, text: str, display: str | None = None) -> bool:
        """Stage ``text`` for ``path``; False (nothing staged) when the file already holds it."""
        shown = display or str(path)
        tmp = _write_temporary(path, text.encode("utf-8"), shown, durable=False)
        if tmp is None:
            return False
        self._staged.append((tmp, path, shown))
        return True

    def commit(self) -> None:
        if not self._staged:
            return
        _sync_all(tmp for tmp, _path, _shown in self._staged)
        if self._journal is None:
            try:
                self._rename_all()
            except BaseException:
                self.abort()  # no temporaries left behind, even on Ctrl-C between renames
                raise
            return
        root = self._journal.parent.parent
        pairs = [[os.path.relpath(tmp, root), os.path.relpath(path, root)] for tmp, path, _ in self._staged]
        atomic_write_text(self._journal, json.dumps(pairs))
        try:
            self._rename_all()
        except KeyboardInterrupt:
            self._rename_all()  # decided once the journal is written: finish, then stop
            raise
        self._journal.unlink()

    def _rename_all(self) -> None:
        renamed = 0
        try:
            for tmp, path, shown in self._staged:
                _rename(tmp, path, shown)
                renamed += 1
        finally:
            del self._staged[:renamed]  # what is left is what abort removes, or a second call renames

    def abort(self) -> None:
        for tmp, _path, _shown in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._staged = []

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


JOURNAL_FILE = "journal.json"

# What _write_temporary leaves behind when a run is killed: ".<name>.<8 random>.tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def recover_interrupted_writes(state_dir: Path, folders: Iterable[Path]) -> None:
    """Finish the renames a killed run had decided on, then remove the temporaries of
    killed runs from ``folders``. Called with the project lock held, so no running
    command owns them."""
    journal = state_dir / JOURNAL_FILE
    if journal.exists():
        root = state_dir.parent
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            pairs = []  # written atomically: unreadable means nothing was promised
        for tmp, target in pairs:
            if (root / tmp).exists():
                _rename(str(root / tmp), root / target, target)
        journal.unlink()
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                if _TEMPORARY.match(name):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(dirpath, name))


def _sync_all(paths: Iterator[str]) -> None:
    """Make staged files durable: one ``os.sync`` where the platform has it (POSIX),
    an fsync per file elsewhere (Windows has no ``os.sync``)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for tmp in paths:
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, display: str | None = None) -> None:
    """Fail before any work when a file we will rewrite is read-only."""
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError("file is read-only; make it writable (chmod u+w) and run again", display or str(path))


def make_state_dir(folder: Path) -> None:
    """Make ``folder`` (a project's .transflow/) with a .gitignore in it: what transflow
    keeps there (lock, caches, the memory index, imported memories) is never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        atomic_write_text(gitignore, "*\n")


@contextlib.contextmanager
def project_lock(root: Path, timeout: float = 60.0, sweep: Iterable[Path] = ()) -> Iterator[None]:
    """Hold an exclusive lock on the project while changing locales/.

    Two commands writing at the same moment (two ``submit`` runs, say) then take
    turns instead of overwriting each other's work. filelock picks the platform's
    lock (flock on POSIX, msvcrt on Windows, a lock file where neither exists), so
    no POSIX-only module is imported here. Once the lock is held, what a killed run
    left behind is put right (:func:`recover_interrupted_writes` over ``sweep``).
    """
    lock_dir = root / ".transflow"
    make_state_dir(lock_dir)
    lock = filelock.FileLock(str(lock_dir / "lock"), timeout=timeout)
    try:
        lock.acquire(poll_interval=0.05)
    except filelock.Timeout:
        raise LockError(
            f"another transflow command has held the lock for {timeout:.0f}s; wait for it to finish and run again",
            lock_dir / "lock",
        ) from None
    try:
        recover_interrupted_writes(lock_dir, sweep)
        yield
    finally:
        lock.release()


@functools.lru_cache(maxsize=256)
def _git_work_tree(folder: str) -> bool:
    here = Path(folder)
    return any((parent / ".git").exists() for parent in (here, *here.parents))


def restore_advice(path: str | Path) -> str:
    """How to get a broken file back: from git where the file is in a git work tree
    (found from its folder up), else from a backup. Advice is only given where true."""
    folder = Path(path).absolute().parent
    return "restore it from git" if _git_work_tree(str(folder)) else "restore it from a backup"
