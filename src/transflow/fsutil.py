"""Atomic writes and the project lock.

Every file transflow writes goes to a temporary file in the same folder and is
renamed over the target, so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator

from .errors import LockError, ProjectError


def atomic_write_bytes(path: Path, data: bytes, display: str | None = None) -> bool:
    """Write ``data`` to ``path`` atomically. Returns False when the file already holds it."""
    shown = display or str(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ProjectError(f"cannot read: {exc.strerror}", shown) from None
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError("file is read-only; make it writable (chmod u+w) and run again", shown)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ProjectError(f"cannot write: {exc.strerror}; check the folder's permissions", shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ProjectError(f"cannot write: {exc.strerror}", shown) from None
    return True


def atomic_write_text(path: Path, text: str, display: str | None = None) -> bool:
    return atomic_write_bytes(path, text.encode("utf-8"), display)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, display: str | None = None) -> None:
    """Fail before any work when a file we will rewrite is read-only."""
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError("file is read-only; make it writable (chmod u+w) and run again", display or str(path))


@contextlib.contextmanager
def project_lock(root: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on the project while changing locales/.

    Two commands writing at the same moment (two ``submit`` runs, say) then take
    turns instead of overwriting each other's work.
    """
    lock_dir = root / ".transflow"
    lock_dir.mkdir(exist_ok=True)
    gitignore = lock_dir / ".gitignore"
    if not gitignore.exists():
        atomic_write_text(gitignore, "*\n")
    handle = open(lock_dir / "lock", "a+")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise LockError(
                        f"another transflow command has held the lock for {timeout:.0f}s; "
                        "wait for it to finish and run again",
                        lock_dir / "lock",
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        handle.close()
