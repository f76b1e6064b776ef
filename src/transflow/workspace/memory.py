"""The project's translation memory: every translation in locales/, indexed for lookup.

An index, not state. The PO files stay the only record; the memory is an SQLite
database at ``.transflow/memory.sqlite`` that is brought up to date from them on first
use in a run: a PO file whose stat is unchanged is not read, one whose content hash is
unchanged is not indexed again (git's rule, as in :mod:`transflow.util.statcache`).
Deleting it is always safe. Writers take SQLite's own lock (``BEGIN IMMEDIATE``), so
concurrent runs and update's worker processes share it; readers are never blocked
(write-ahead log).

It holds, per language, every translated unit of every article, live and obsolete (an
obsolete "Markets reacted calmly." is offered to another article), with the units
around it for in-context matches. A lookup is exact first (101% when the neighbours
match too), then fuzzy: the sources that share the most fingerprints (runs of words,
see :func:`fingerprints`) with the text are scored by
:func:`~transflow.workspace.merge.similarity`, the few best of them.
A candidate whose numbers, URLs or markup differ from the text loses points and says so;
one that says something else (a negation, a name or a quotation changed:
:mod:`transflow.qa.meaning`) says so.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from transflow.errors import ProjectError, TransflowError
from transflow.formats.po import Header, catalog_from_bytes
from transflow.formats.tmx import TranslationPair, tmx_to_pairs
from transflow.formats.xmlfile import project_language
from transflow.model.catalog import Entry, Origin, OriginKind, match_band
from transflow.qa.meaning import NUMBERS_CHANGED, URL, meaning_changes
from transflow.util.fs import make_state_dir
from transflow.util.parallel import map_in_workers
from transflow.util.statcache import RACY_SECONDS, key_of
from transflow.workspace.merge import similarity
from transflow.workspace.project import Project

MEMORY_FILE = "memory.sqlite"
#: Imported memories (TMX), under .transflow/: what ``tm import`` kept, with its origin.
IMPORTED_DIR = "tm"
#: Bump when the schema or what is indexed changes: an index of another version is rebuilt.
SCHEMA_VERSION = "5"
#: Fuzzy candidates come from fingerprints: the 3-word shingles of a text chosen by
#: winnowing over windows of 2 (Schleimer, Wilkerson, Aiken 2003), so two texts that
#: share a run of 4 words share a fingerprint. A one- or two-word edit of a sentence
#: keeps such a run; an unrelated sentence rarely has one, and a shared common phrase
#: counts for little (see ``_fuzzy``).
SHINGLE_WORDS = 3  # fingerprints() is written for these two values
WINNOW_WINDOW = 2
#: A fingerprint in more sources than this is too common to find anything; candidates scored.
PER_FINGERPRINT = 3000
CANDIDATES = 20
#: Sources ranked by shared fingerprints before those of other languages are left out.
RANKED = 200
#: Lookups' caches, bounded (a run may look up a million units).
COUNT_CACHE = 200_000
CANDIDATES_CACHE = 4096
#: Points a fuzzy match loses for each kind of placeable (numbers, URLs, markup) that differs.
#: Other changes of meaning (a negation, names, a quotation) are noted but cost nothing: the
#: score is the editing a match needs, which is one word for an added "not".
PLACEABLE_PENALTY = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, slug TEXT NOT NULL,
    article TEXT NOT NULL, stat TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (id INTEGER PRIMARY KEY, key INTEGER NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    source_id INTEGER NOT NULL, file_id INTEGER NOT NULL, language TEXT NOT NULL, target TEXT NOT NULL,
    obsolete INTEGER NOT NULL,
    before_key INTEGER, after_key INTEGER, person TEXT, changed TEXT);
-- With the language: "which of these sources are translated into tr" is answered from the index.
CREATE INDEX IF NOT EXISTS units_by_source ON units (source_id, language);
CREATE INDEX IF NOT EXISTS units_by_file ON units (file_id);
CREATE TABLE IF NOT EXISTS fingerprints (
    key INTEGER NOT NULL, source_id INTEGER NOT NULL, PRIMARY KEY (key, source_id)) WITHOUT ROWID;
"""
#: A unit as indexed: source, language, target, obsolete, keys of the units before and after, who, when.
_Row = tuple[str, str, str, int, int | None, int | None, str | None, str | None]
_WORD = re.compile(r"\w+")
#: What no slug is: an imported memory has the slug "", and a lookup may exclude nothing.
_NO_SLUG = "\x00"
_MARKUP = re.compile(r"\[\^[^\]\s]+\]|\]\(|[*_`<>\[\]]")
_PLACEABLE_NOTES = (NUMBERS_CHANGED, "URLs differ", "markup differs")


def text_key(text: str) -> int:
    """A 63-bit key of a text, for an integer index instead of one over the text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


@dataclass(frozen=True)
class MemoryMatch:
    """A translation the memory offers for a text."""

    source: str  # the source text it was made for
    target: str
    score: int  # 0..101: 101 in context, 100 exact
    article: str  # the project file it is in (an article's path)
    language: str
    obsolete: bool
    notes: tuple[str, ...] = ()  # what differs: "negation added: not", "URLs differ", ...

    @property
    def band(self) -> str:
        return match_band(self.score)

    @property
    def origin(self) -> Origin:
        kind = (OriginKind.IN_CONTEXT if self.score > 100 else OriginKind.EXACT if self.score == 100
                else OriginKind.FUZZY)
        return Origin(kind, self.score, self.article, self.notes)

    def as_dict(self) -> dict[str, object]:
        return {"score": self.score, "band": self.band, "source": self.source, "target": self.target,
                "article": self.article, "language": self.language, "obsolete": self.obsolete,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class MemoryRefresh:
    """What one refresh did: files read and indexed, files gone, and the size afterwards."""

    files_read: int
    files_indexed: int
    files_removed: int
    units: int


def imported_dir(project: Project) -> Path:
    return project.state_dir / IMPORTED_DIR


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _reported(method: _Method) -> _Method:
    """SQLite's errors (a full disk, a locked or damaged index) as one located line."""

    @functools.wraps(method)
    def call(self: TranslationMemory, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise ProjectError(f"the translation memory cannot be used ({exc}); it is an index of locales/: "
                               "delete it and run the command again", self.project.display(self.path)) from None

    return cast(_Method, call)


class TranslationMemory:
    """The memory of one project; opened lazily, refreshed once per instance (see :meth:`refresh`)."""

    def __init__(self, project: Project, path: Path | None = None) -> None:
        self.project = project
        self.path = path or project.state_dir / MEMORY_FILE
        self._connection: sqlite3.Connection | None = None
        self._fresh = False
        self._empty: dict[str, bool] = {}
        # Kept between lookups, emptied by a refresh: how many sources have a fingerprint,
        # and each text's candidates.
        self._counts: dict[int, int] = {}
        self._candidates: dict[str, _Candidates] = {}

    # --- the database ---------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        try:
            make_state_dir(self.project.state_dir)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return _connect(self.path)
            except sqlite3.OperationalError:
                raise  # locked, read-only, cannot be opened: not a reason to delete it
            except sqlite3.DatabaseError:
                # An index is derived data: a corrupt or foreign one is rebuilt from locales/.
                for stale in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                    stale.unlink(missing_ok=True)
                return _connect(self.path)
        except OSError as exc:
            raise ProjectError(f"the translation memory cannot be opened ({exc.strerror or exc})",
                               self.project.display(self.path)) from None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # one writer at a time; readers go on
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        db.commit()

    # --- keeping it true ------------------------------------------------------------

    @_reported
    def refresh(self, progress: Callable[[int, int], None] | None = None) -> MemoryRefresh:
        """Index what changed in locales/ and the imported memories since the last refresh
        (by stat, then by content); ``progress(done, total)`` follows the files to read."""
        self._fresh = True
        self._empty.clear()
        self._counts.clear()
        self._candidates.clear()
        found = self._files()
        indexed_stats = dict(self.db.execute("SELECT path, stat FROM files").fetchall())
        if indexed_stats == {path: stat for path, (_kind, stat, _mtime) in found.items()}:
            # Nothing to do: the index's write lock is not taken (update's workers refresh at once).
            return MemoryRefresh(0, 0, 0, self.db.execute("SELECT count(*) FROM units").fetchone()[0])
        with self._writing() as db:
            known = {path: (number, stat, digest) for number, path, stat, digest in
                     db.execute("SELECT id, path, stat, digest FROM files")}
            gone = [known[path][0] for path in known.keys() - found.keys()]
            for number in gone:
                db.execute("DELETE FROM units WHERE file_id = ?", (number,))
                db.execute("DELETE FROM files WHERE id = ?", (number,))
            read = indexed = 0
            sources = _SourceIds(db)
            now = time.time()
            to_read = [(path, entry) for path, entry in found.items()
                       if entry[1] != known.get(path, (None, None, None))[1]]
            languages = tuple(self.project.workflow.languages)
            jobs = [_ReadJob(path, kind, self.project.display(Path(path)), languages,
                             known.get(path, (None, None, None))[2]) for path, (kind, _, _) in to_read]
            # Reading and parsing (most of the work) over processes; this one writes the index.
            results = map_in_workers(_read_file, jobs, _read_file, min_items=PARALLEL_MIN_FILES, chunksize=16,
                                     ahead=READ_AHEAD)
            for (path, (kind, stat, mtime)), (digest, parsed) in zip(to_read, results, strict=True):
                number = known.get(path, (None, None, None))[0]
                read += 1
                if progress and (read % 100 == 0 or read == len(to_read)):
                    progress(read, len(to_read))
                stored_stat = "" if now - mtime < RACY_SECONDS else stat  # read it again next time
                if digest is None:
                    continue  # gone or unreadable meanwhile: the next refresh sees it
                if parsed is None:  # the same content as indexed
                    db.execute("UPDATE files SET stat = ? WHERE id = ?", (stored_stat, number))
                    continue
                indexed += 1
                slug, article, rows = parsed
                if number is None:
                    number = db.execute("INSERT INTO files (path, kind, slug, article, stat, digest) "
                                        "VALUES (?, ?, ?, ?, ?, ?)",
                                        (path, kind.split(":")[0], slug, article, stored_stat, digest)).lastrowid
                    assert number is not None
                else:
                    db.execute("DELETE FROM units WHERE file_id = ?", (number,))
                    db.execute("UPDATE files SET article = ?, stat = ?, digest = ? WHERE id = ?",
                               (article, stored_stat, digest, number))
                numbers = sources.ids([row[0] for row in rows])
                db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               ((source, number, *row[1:]) for source, row in zip(numbers, rows)))
            sources.flush()
            units = db.execute("SELECT count(*) FROM units").fetchone()[0]
        return MemoryRefresh(read, indexed, len(gone), units)

    def _files(self) -> dict[str, tuple[str, str, float]]:
        """The files the memory is made of: path -> (kind, stat, mtime). The kind is
        ``po:<language>`` for locales/<language>/*.po, ``tmx`` for an imported memory."""
        found = {}
        folders = [(self.project.locales_dir / language, ".po", f"po:{language}")
                   for language in self.project.workflow.languages]
        folders.append((imported_dir(self.project), ".tmx", "tmx"))
        for folder, suffix, kind in folders:
            try:
                entries = list(os.scandir(folder))
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                raise ProjectError(f"cannot read the folder: {exc.strerror}", self.project.display(folder)) from None
            for item in entries:
                if item.name.endswith(suffix) and item.is_file():
                    st = item.stat()
                    found[item.path] = (kind, " ".join(map(str, key_of(st))), st.st_mtime)
        return found

    # --- looking up -----------------------------------------------------------------

    @_reported
    def pairs(self, language: str) -> list[TranslationPair]:
        """The project's own translations into ``language`` (not imported ones), each pair of
        source and translation once (its most recent use), in article order."""
        if not self._fresh:
            self.refresh()
        rows = self.db.execute(
            "SELECT s.text, u.target, u.person, u.changed, f.article FROM units u "
            "JOIN sources s ON s.id = u.source_id JOIN files f ON f.id = u.file_id "
            "WHERE u.language = ? AND f.kind = 'po' ORDER BY f.article, u.obsolete, u.rowid", (language,))
        newest: dict[tuple[str, str], TranslationPair] = {}
        for source, target, person, changed, article in rows:
            known = newest.get((source, target))
            if known is None or (changed or "") > (known.changed or ""):
                newest[(source, target)] = TranslationPair(source, target, language, person, changed, changed,
                                                           article)
        return list(newest.values())

    def _has_units(self, language: str) -> bool:
        if not self._fresh:
            self.refresh()
        if language not in self._empty:
            self._empty[language] = self.db.execute(
                "SELECT 1 FROM units WHERE language = ? LIMIT 1",
                (language,)).fetchone() is None
        return not self._empty[language]

    @_reported
    def lookup(self, language: str, text: str, threshold: int, exclude: str | None = None,
               before: str | None = None, after: str | None = None) -> MemoryMatch | None:
        """The best translation of ``text`` in ``language`` scoring at least ``threshold``.

        ``exclude`` is an article's slug whose own units are not offered (update matches
        those itself); ``before`` and ``after`` are the units around ``text``, for 101%.
        """
        if not self._has_units(language):
            return None
        exact = self._exact(language, text, exclude, before, after)
        if exact is not None or threshold > 99:
            return exact
        found = self._fuzzy(language, text, exclude, 1, threshold)
        return found[0] if found and found[0].score >= threshold else None

    @_reported
    def search(self, language: str, text: str, minimum: int = 50, limit: int = 10) -> list[MemoryMatch]:
        """Concordance: the best matches of ``text`` in ``language``, best first."""
        if not self._has_units(language):
            return []
        exact = self._exact(language, text, None, None, None)
        fuzzy = [m for m in self._fuzzy(language, text, None, limit, minimum) if m.score >= minimum]
        return ([exact] if exact else []) + [m for m in fuzzy if m.source != text][: limit - (1 if exact else 0)]

    @_reported
    def search_words(self, language: str, words: str, limit: int = 20) -> list[MemoryMatch]:
        """Units whose source holds every word of ``words`` (a terminology question)."""
        if not self._has_units(language):
            return []
        terms = _WORD.findall(words.casefold())
        if not terms:
            return []
        # A scan (a terminology question is asked by a person, not a million times a run),
        # with Unicode case folding (SQLite's own LIKE folds ASCII letters only); whole
        # words are checked below.
        self.db.create_function("casefold", 1, str.casefold, deterministic=True)
        condition = " AND ".join("casefold(s.text) LIKE ? ESCAPE '\\'" for _ in terms)
        rows = self.db.execute(
            "SELECT s.text, u.target, f.article, u.obsolete FROM sources s JOIN units u ON u.source_id = s.id "
            f"JOIN files f ON f.id = u.file_id WHERE u.language = ? AND {condition} "
            "ORDER BY u.obsolete, length(s.text), f.article",
            (language, *(f"%{_like_escaped(term)}%" for term in terms)))
        found: list[MemoryMatch] = []
        for source, target, article, old in rows:
            if set(terms) <= set(_WORD.findall(source.casefold())):
                found.append(MemoryMatch(source, target, 0, article, language, bool(old)))
                if len(found) >= limit:
                    break
        return found

    def _exact(self, language: str, text: str, exclude: str | None, before: str | None,
               after: str | None) -> MemoryMatch | None:
        rows = self.db.execute(
            "SELECT u.target, f.article, u.obsolete, u.before_key, u.after_key FROM sources s "
            "JOIN units u ON u.source_id = s.id JOIN files f ON f.id = u.file_id "
            "WHERE s.key = ? AND s.text = ? AND u.language = ? AND f.slug != ?",
            (text_key(text), text, language, exclude or _NO_SLUG)).fetchall()
        if not rows:
            return None
        context = (text_key(before) if before is not None else None, text_key(after) if after is not None else None)

        def in_context(row: tuple[str, str, int, int | None, int | None]) -> bool:
            # Only a live unit has neighbours, and only a lookup that gives some can match them.
            return context != (None, None) and not row[2] and (row[3], row[4]) == context

        def rank(row: tuple[str, str, int, int | None, int | None]) -> tuple[int, int, str]:
            return (0 if in_context(row) else 1, row[2], row[1])

        best = min(rows, key=rank)
        target, article, obsolete = best[0], best[1], best[2]
        score = 101 if in_context(best) else 100
        return MemoryMatch(text, target, score, article, language, bool(obsolete))

    def _fuzzy(self, language: str, text: str, exclude: str | None, limit: int,
               minimum: int = 0) -> list[MemoryMatch]:
        """The ``limit`` best fuzzy matches; candidates that cannot score ``minimum`` or
        beat the ``limit``-th match found are not looked at (their score only goes down)."""
        found = self._candidates.get(text)
        if found is None:  # the same in every language: update asks once per language
            found = _Candidates(self._ranked_sources(text))
            if len(self._candidates) >= CANDIDATES_CACHE:
                self._candidates.pop(next(iter(self._candidates)))
            self._candidates[text] = found
        matches: list[MemoryMatch] = []
        for score, number, source in self._scored_candidates(found, text, language, limit):
            ceiling = min(99, int(score * 100))  # what a candidate scores without a placeable penalty
            if ceiling < minimum or (len(matches) >= limit
                                     and ceiling < sorted((m.score for m in matches), reverse=True)[limit - 1]):
                break  # candidates come best first: none after this one can enter the result
            row = self.db.execute(
                "SELECT u.target, f.article, u.obsolete FROM units u JOIN files f ON f.id = u.file_id "
                "WHERE u.source_id = ? AND u.language = ? AND f.slug != ? ORDER BY u.obsolete, f.article LIMIT 1",
                (number, language, exclude or _NO_SLUG)).fetchone()
            if row is None:
                continue  # a source no longer translated in this language
            if number not in found.notes:  # what it says differently is the same in every language
                found.notes[number] = placeable_differences(text, source, self.project.workflow.source_language)
            notes = found.notes[number]
            placeables = sum(1 for note in notes if note.startswith(_PLACEABLE_NOTES))
            points = min(99, int(score * 100)) - PLACEABLE_PENALTY * placeables
            matches.append(MemoryMatch(source, row[0], max(points, 0), row[1], language, bool(row[2]), notes))
            if len(matches) >= limit * 3:
                break
        matches.sort(key=lambda m: (-m.score, m.obsolete, m.article))
        return matches[:limit]

    def _scored_candidates(self, found: _Candidates, text: str, language: str,
                           limit: int) -> list[tuple[float, int, str]]:
        """The sources most like ``text`` (``found``, its candidates) that are translated
        into ``language``, scored, best first."""
        if not found.ranked:
            return []
        # Sources are shared by every language: which languages each is translated into is
        # asked once for all of them, for the best ranked first (usually enough).
        wanted = CANDIDATES + limit
        while True:
            best = [number for number in found.ranked[:found.asked] if language in found.languages.get(number, ())]
            if len(best) >= wanted or found.asked >= len(found.ranked):
                break
            ask = found.ranked[found.asked:found.asked + max(2 * wanted, found.asked)]
            found.asked += len(ask)
            for number, translated in self.db.execute(
                    f"SELECT DISTINCT source_id, language FROM units WHERE source_id IN ({', '.join('?' * len(ask))})",
                    ask):
                found.languages.setdefault(number, set()).add(translated)
        best = best[:wanted]
        unscored = [number for number in best if number not in found.scored]
        if unscored:
            marks = ", ".join("?" * len(unscored))
            for number, source in self.db.execute(f"SELECT id, text FROM sources WHERE id IN ({marks})", unscored):
                found.scored[number] = (similarity(source, text), source) if source != text else None
        return sorted(((scored[0], number, scored[1]) for number in best
                       if (scored := found.scored.get(number)) is not None), reverse=True)

    def _ranked_sources(self, text: str) -> list[int]:
        """Sources by how many of ``text``'s fingerprints they share, weighted by rarity."""
        # Each shared fingerprint counts by how rare it is: a phrase in thousands of sources
        # ("and we cannot ignore it") says little, and one in more than PER_FINGERPRINT is
        # left out. SQLite sums the weights per source: the candidates share the most.
        weighted: list[float] = []
        for key in fingerprints(text):
            count = self._counts.get(key)
            if count is None:
                (count,) = self.db.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM fingerprints WHERE key = ? LIMIT ?)",
                    (key, PER_FINGERPRINT + 1)).fetchone()
                if len(self._counts) >= COUNT_CACHE:
                    self._counts.clear()
                self._counts[key] = count
            if 0 < count <= PER_FINGERPRINT:
                weighted += (key, 1.0 / count)
        if not weighted:
            return []
        pairs = ", ".join("(?, ?)" for _ in range(len(weighted) // 2))
        return [number for (number,) in self.db.execute(
            f"WITH query (key, weight) AS (VALUES {pairs}) SELECT f.source_id FROM query "
            "JOIN fingerprints f ON f.key = query.key GROUP BY f.source_id ORDER BY sum(query.weight) DESC LIMIT ?",
            (*weighted, RANKED))]


@dataclass
class _Candidates:
    """One text's fuzzy candidates, worked out once for every language: the sources ranked
    by shared fingerprints, the languages each is translated into, and, as they are
    needed, each one's score and what it says differently (None: the text itself)."""

    ranked: list[int]
    asked: int = 0  # how many of the ranked sources' languages are known
    languages: dict[int, set[str]] = field(default_factory=dict)
    scored: dict[int, tuple[float, str] | None] = field(default_factory=dict)
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)


def fingerprints(text: str) -> set[int]:
    """The winnowed 3-word shingle hashes of a text (see :data:`SHINGLE_WORDS`); one for a
    short text. Each word is hashed once and a shingle's hash mixed from its words' (a
    first build hashes tens of millions of shingles)."""
    words = [zlib.crc32(word.encode("utf-8")) for word in _WORD.findall(text.casefold())]
    if len(words) < SHINGLE_WORDS:
        return {sum(words)} if words else set()
    shingles = [(a * 0x9E3779B1 ^ b * 0x85EBCA77 ^ c) & 0x7FFFFFFFFFFFFFFF
                for a, b, c in zip(words, words[1:], words[2:])]
    if len(shingles) <= WINNOW_WINDOW:
        return {min(shingles)}
    return {min(a, b) for a, b in zip(shingles, shingles[1:])}  # winnowing over windows of 2


def _like_escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class MemoryLookup:
    """One language's lookups during update: the article being updated is left out."""

    def __init__(self, memory: TranslationMemory, language: str, threshold: int) -> None:
        self.memory = memory
        self.language = language
        self.threshold = threshold
        self.exclude: str | None = None

    def __call__(self, text: str, before: str | None, after: str | None) -> tuple[str, str, Origin] | None:
        match = self.memory.lookup(self.language, text, self.threshold, self.exclude, before, after)
        return (match.target, match.source, match.origin) if match else None


def placeable_differences(text: str, candidate: str, source_language: str = "en") -> tuple[str, ...]:
    """What a fuzzy match's source says differently from ``text`` (its meaning changes, the
    candidate being the earlier source), then which of its URLs or markup differ."""
    notes = list(meaning_changes(candidate, text, source_language))
    for name, pattern in (("URLs differ", URL), ("markup differs", _MARKUP)):
        if sorted(pattern.findall(text)) != sorted(pattern.findall(candidate)):
            notes.append(name)
    return tuple(notes)


def _connect(path: Path) -> sqlite3.Connection:
    # A first build of a large project's memory takes a minute: another run waits for it.
    connection = sqlite3.connect(path, timeout=600, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")  # an index: losing the last commit costs a re-read
    connection.execute("PRAGMA cache_size=-131072")  # 128 MiB: a large first build inserts at random places
    connection.execute("PRAGMA temp_store=MEMORY")
    connection.execute("BEGIN IMMEDIATE")
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = (connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                   if "meta" in tables else None)
        if version is None or version[0] != SCHEMA_VERSION or not _schema_holds(connection):
            # Made by another version of transflow (or not at all): built again from locales/.
            for table in ("source_vocabulary", "source_words", "fingerprints", "units", "sources", "files", "meta"):
                connection.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        connection.close()
        raise
    return connection


def _schema_holds(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT id, path, kind, slug, article, stat, digest FROM files LIMIT 0")
        connection.execute("SELECT source_id, file_id, language, target, obsolete, before_key, after_key, person, "
                           "changed FROM units LIMIT 0")
        connection.execute("SELECT key, source_id FROM fingerprints LIMIT 0")
    except sqlite3.OperationalError:
        return False
    return True


class _SourceIds:
    """The id of each source text; new ones, with their fingerprints, written in batches."""

    BATCH = 400_000

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.known: dict[int, int] = {}
        self.next_id = (db.execute("SELECT max(id) FROM sources").fetchone()[0] or 0) + 1
        self.new_sources: list[tuple[int, int, str]] = []
        self.new_fingerprints: list[tuple[int, int]] = []

    def ids(self, texts: Sequence[str]) -> list[int]:
        keys = [text_key(text) for text in texts]
        unknown = list({key for key in keys if key not in self.known})
        for start in range(0, len(unknown), 500):
            chunk = unknown[start:start + 500]
            self.known.update(self.db.execute(
                f"SELECT key, id FROM sources WHERE key IN ({', '.join('?' * len(chunk))})", chunk))
        numbers = []
        for key, text in zip(keys, texts):
            number = self.known.get(key)
            if number is None:
                number = self.known[key] = self.next_id
                self.next_id += 1
                self.new_sources.append((number, key, text))
                self.new_fingerprints.extend((fingerprint, number) for fingerprint in fingerprints(text))
            numbers.append(number)
        if len(self.new_fingerprints) > self.BATCH:
            self.flush()
        return numbers

    def flush(self) -> None:
        self.db.executemany("INSERT INTO sources (id, key, text) VALUES (?, ?, ?)", self.new_sources)
        self.db.executemany("INSERT OR IGNORE INTO fingerprints VALUES (?, ?)", self.new_fingerprints)
        self.new_sources.clear()
        self.new_fingerprints.clear()


#: Reading this many changed files or more is spread over processes.
PARALLEL_MIN_FILES = 200
#: At most this many files parsed and not yet written to the index: what holds memory down.
READ_AHEAD = 256


@dataclass(frozen=True)
class _ReadJob:
    path: str
    kind: str  # po:<language> | tmx
    display: str
    languages: tuple[str, ...]
    known_digest: str | None  # of the content indexed now, if any


def _read_file(job: _ReadJob) -> tuple[str | None, tuple[str, str, list[_Row]] | None]:
    """A file's digest (None when it cannot be read) and, when its content is not the one
    indexed, its slug, what matches cite and its units; top-level for worker processes."""
    try:
        data = Path(job.path).read_bytes()
    except OSError:
        return None, None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if digest == job.known_digest:
        return digest, None
    return digest, _file_rows(job, data)


def _file_rows(job: _ReadJob, data: bytes) -> tuple[str, str, list[_Row]]:
    """A file's slug, what matches cite, and its units (source first, then the other columns)."""
    if job.kind == "tmx":
        try:
            memory = tmx_to_pairs(data, job.display)
        except TransflowError:
            return "", job.display, []  # only transflow writes there; a broken one is left out
        return "", f"{IMPORTED_DIR}/{Path(job.path).name}", [
            (pair.source, language, pair.target, 0, None, None, pair.person, pair.changed)
            for pair in memory.pairs if (language := project_language(pair.language, job.languages))]
    language = job.kind.split(":", 1)[1]
    try:
        catalog = catalog_from_bytes(data, job.display)
    except TransflowError:
        return Path(job.path).stem, job.display, []  # reported where the file is updated; indexed once fixed
    article = catalog.headers.get(Header.SOURCE) or job.display
    return Path(job.path).stem, article, list(_unit_rows(catalog.entries, catalog.obsolete, language))


def _unit_rows(live: Sequence[Entry], obsolete: Sequence[Entry], language: str) -> Iterator[_Row]:
    """A PO file's translations: live ones with their neighbours, then obsolete ones."""
    keys = [text_key(entry.msgid) for entry in live]
    for i, entry in enumerate(live):
        if entry.is_translated:
            who = entry.translated
            yield (entry.msgid, language, entry.msgstr, 0, keys[i - 1] if i else None,
                   keys[i + 1] if i + 1 < len(keys) else None, who.person if who else None, who.when if who else None)
    for entry in obsolete:
        if entry.is_translated:
            who = entry.translated
            yield (entry.msgid, language, entry.msgstr, 1, None, None, who.person if who else None,
                   who.when if who else None)
