"""A cache of values derived from files, valid only while the files' stat is unchanged.

The same rule as git's index: a file is known by its modification and change time in
nanoseconds, its size and its inode. Any tool that writes a file changes its change
time (which no tool can set back), so an edit by Weblate, a PO editor or git is seen
whoever made it. A file changed in the last :data:`RACY_SECONDS` is never cached: a
second write within the same clock tick could keep the same stat. The cache is only a
speed-up: an unreadable, corrupt or foreign cache file is ignored, a cache that cannot
be written is not an error, and deleting it is always safe.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transflow.errors import ProjectError, TransflowError
from transflow.util.fs import atomic_write_text, make_state_dir

#: Files modified this recently are read every time rather than cached.
RACY_SECONDS = 2.0

StatKey = tuple[int, int, int, int]


def stat_key(path: str, display: str) -> StatKey | None:
    """What identifies a version of a file without reading it; None when it does not exist.

    ``path`` is a plain string: over tens of thousands of files pathlib costs more than
    the stat itself.
    """
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ProjectError(f"cannot read: {exc.strerror}", display) from None
    return key_of(st)


def key_of(st: os.stat_result) -> StatKey:
    """The key of a stat result already in hand (``os.DirEntry.stat()`` costs no call)."""
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class StatCache:
    """Values by name, each recorded with the stat keys of the files it was derived from.

    ``context`` is everything else the values depend on (versions, code, settings): a
    cache written under another context is dropped whole.
    """

    def __init__(self, path: Path, context: list[Any], enabled: bool = True) -> None:
        self.path = path
        self.enabled = enabled
        self.context = context
        self.entries: dict[str, list[Any]] = self._load() if enabled else {}
        self.used: set[str] = set()
        self.dirty = False
        self.now_ns = time.time_ns()

    def _load(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("context") != self.context or not isinstance(data.get("files"), dict):
            return {}
        return data["files"]

    def get(self, name: str, keys: Sequence[StatKey | None]) -> Any:
        """The value recorded for ``name`` with exactly these stat keys, else None."""
        self.used.add(name)
        found = self.entries.get(name)
        if None in keys or not isinstance(found, list) or len(found) != 2:
            return None
        return found[1] if found[0] == [list(key) for key in keys if key is not None] else None

    def put(self, name: str, keys: Sequence[StatKey | None], value: Any) -> None:
        """Record ``value`` for ``name``, unless a file is missing or changed just now."""
        if not self.enabled or None in keys:
            return
        limit = self.now_ns - RACY_SECONDS * 1e9
        known = [key for key in keys if key is not None]
        if any(max(key[0], key[1]) > limit for key in known):
            return  # changed just now (or in the future): a next write in the same clock tick could keep this stat
        self.entries[name] = [[list(key) for key in known], value]
        self.dirty = True

    def forget(self, name: str) -> None:
        if self.entries.pop(name, None) is not None:
            self.dirty = True

    def save(self, prune: bool = False) -> None:
        """Write the cache if it changed; with ``prune``, forget the names not asked about."""
        if prune and self.enabled:
            gone = self.entries.keys() - self.used
            for name in gone:
                del self.entries[name]
            self.dirty = self.dirty or bool(gone)
        if not (self.enabled and self.dirty):
            return
        text = json.dumps({"context": self.context, "files": self.entries}, separators=(",", ":"))
        try:
            make_state_dir(self.path.parent.parent)
            self.path.parent.mkdir(exist_ok=True)
            atomic_write_text(self.path, text)
        except (OSError, TransflowError):
            pass  # a read-only checkout still gets its report, only not faster next time
