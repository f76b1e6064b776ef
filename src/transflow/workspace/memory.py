"""Translations already made anywhere in the project, offered again for the same text."""

from __future__ import annotations

from pathlib import Path

from transflow.errors import TransflowError
from transflow.formats.po import Header, read_catalog
from transflow.model.catalog import Entry
from transflow.workspace.project import Project

# --- translation memory ------------------------------------------------------------------


class ProjectMemory:
    """Exact translations of a language anywhere in the project, loaded on first use.

    The index keeps only a hash of each translated source text and the file it is in
    (a project of 10,000 articles has over a million units); a hit reads that file.
    """

    def __init__(self, project: Project, language: str) -> None:
        self.project = project
        self.language = language
        self.exclude: str | None = None
        self._files: list[tuple[Path, str, str]] = []  # path, where to cite, slug
        self._index: dict[int, int] | None = None  # hash of msgid -> file number
        self._recent: dict[int, dict[str, Entry]] = {}

    def _load(self) -> dict[int, int]:
        index: dict[int, int] = {}
        folder = self.project.locales_dir / self.language
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                catalog = read_catalog(path)
            except TransflowError:
                continue  # reported where that file itself is updated
            number = len(self._files)
            self._files.append((path, catalog.headers.get(Header.SOURCE) or self.project.display(path), path.stem))
            for entry in catalog.entries:
                if entry.is_translated:
                    index.setdefault(hash(entry.msgid), number)
        return index

    def _catalog(self, number: int) -> dict[str, Entry]:
        """The entries of one indexed file; the few most recent are kept."""
        if number not in self._recent:
            if len(self._recent) >= 16:
                self._recent.pop(next(iter(self._recent)))
            try:
                self._recent[number] = read_catalog(self._files[number][0]).by_msgid()
            except TransflowError:
                self._recent[number] = {}
        return self._recent[number]

    def __call__(self, msgid: str) -> tuple[str, str] | None:
        if self._index is None:
            self._index = self._load()
        number = self._index.get(hash(msgid))
        if number is None or self._files[number][2] == self.exclude:
            return None
        entry = self._catalog(number).get(msgid)
        if entry is None or not entry.is_translated:
            return None
        return entry.msgstr, self._files[number][1]
