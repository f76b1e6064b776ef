"""``transflow tm``: the project's translation memory, searched, exported and fed.

The memory is every translation in locales/ (live and obsolete, every language) and the
TMX files imported into it; see :mod:`transflow.workspace.memory`. Search is a
concordance (the best fuzzy matches of a text, or the units holding some words); export
writes TMX 1.4b for CAT tools; import keeps a TMX file under ``.transflow/tm/`` with its
origin, for update to offer its translations as it offers the project's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transflow.errors import ExchangeFileError
from transflow.formats.tmx import TranslationPair, pairs_to_tmx, tmx_to_pairs
from transflow.formats.xmlfile import project_language, xml_can_carry
from transflow.util import clock
from transflow.util.fs import atomic_write_text, make_state_dir, read_input
from transflow.workspace.memory import MemoryMatch, MemoryRefresh, TranslationMemory, imported_dir
from transflow.workspace.project import Project

#: A TMX file may be far larger than a PO file: a whole agency memory.
MAX_TMX_BYTES = 2 * 1024 * 1024 * 1024
IMPORTED_FROM = "x-transflow-imported-from"
IMPORTED_AT = "x-transflow-imported-at"


@dataclass(frozen=True)
class MemoryExport:
    language: str
    path: Path
    units: int


@dataclass(frozen=True)
class MemoryImport:
    source: Path  # the file given
    kept: Path  # where the memory keeps it
    units: dict[str, int]  # per project language
    ignored: dict[str, int]  # units of languages the project does not translate into

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.source), "kept": str(self.kept), "units": self.units, "ignored": self.ignored}


def search_memory(project: Project, text: str, language: str, minimum: int = 50, limit: int = 10,
                  words: bool = False) -> list[MemoryMatch]:
    """The best matches of ``text`` in ``language``; with ``words``, units holding all its words."""
    language = project.require_language(language)
    memory = TranslationMemory(project)
    try:
        if words:
            return memory.search_words(language, text, limit)
        return memory.search(language, text, minimum, limit)
    finally:
        memory.close()


def index_memory(project: Project, progress: Callable[[int, int], None] | None = None) -> MemoryRefresh:
    """Bring the memory up to date now (update and ``tm search`` otherwise do it when first needed)."""
    memory = TranslationMemory(project)
    try:
        return memory.refresh(progress)
    finally:
        memory.close()


def export_memory(project: Project, language: str, output: Path) -> MemoryExport:
    """Write every translation of the project into ``language`` as a TMX 1.4b file."""
    language = project.require_language(language)
    project.refuse_own_files(output, str(output))
    memory = TranslationMemory(project)
    try:
        pairs = memory.pairs(language)
    finally:
        memory.close()
    pairs = [pair for pair in pairs if xml_can_carry(pair.source + pair.target)]
    atomic_write_text(output, pairs_to_tmx(pairs, project.workflow.source_language), str(output))
    return MemoryExport(language, output, len(pairs))


def import_memory(project: Project, path: Path, language: str | None = None) -> MemoryImport:
    """Keep a TMX file's translations (into ``language``, or every project language it has)
    under ``.transflow/tm/``, where update and ``tm search`` find them."""
    shown = str(path)
    if language is not None:
        language = project.require_language(language)
    memory_file = tmx_to_pairs(read_input(path, shown, ExchangeFileError, MAX_TMX_BYTES), shown)
    source = project.workflow.source_language
    if memory_file.pairs and project_language(memory_file.source_language, [source]) is None:
        raise ExchangeFileError(f"its source language is '{memory_file.source_language}' but the project "
                                f"translates from '{source}'; import a memory made from {source}", shown)
    wanted = [language] if language else list(project.workflow.languages)
    kept_pairs: list[TranslationPair] = []
    units: dict[str, int] = {}
    ignored: dict[str, int] = {}
    for pair in memory_file.pairs:
        code = project_language(pair.language, wanted)
        if code is None:
            ignored[pair.language] = ignored.get(pair.language, 0) + 1
            continue
        units[code] = units.get(code, 0) + 1
        kept_pairs.append(TranslationPair(pair.source, pair.target, code, pair.person, pair.created, pair.changed,
                                          pair.article))
    if not kept_pairs:
        found = ", ".join(memory_file.languages) or "none"
        advice = "import a memory with this language" if language else "import one for this project's languages"
        raise ExchangeFileError(f"holds no translations into {', '.join(wanted)} (its languages: {found}); "
                                f"{advice}", shown)
    make_state_dir(project.state_dir)
    kept = imported_dir(project) / f"{_name(path)}.tmx"
    origin = {IMPORTED_FROM: str(path.resolve()), IMPORTED_AT: clock.iso(clock.now())}
    atomic_write_text(kept, pairs_to_tmx(kept_pairs, source, origin), project.display(kept))
    return MemoryImport(path, kept, units, ignored)


def _name(path: Path) -> str:
    """A file name that origins can cite: no spaces, no dots but the suffix's."""
    stem = re.sub(r"[^\w-]+", "-", path.stem).strip("-")
    return stem or "memory"
