"""``transflow status``: per article and language, what is translated, stale, reviewed and late.

The figures are read from the files, never from anything else:

- ``locales/<lang>/<slug>.po``; when a language has no PO file yet (``update`` not
  run since it was added), the template ``locales/<slug>.pot`` with every unit
  untranslated; when there is no template either, the source article segmented
  the way ``update`` would. Such rows carry a ``note`` and ``out_of_date``; they
  are not errors.
- Only live entries count; obsolete ones (kept for a later ``update``) do not.
- Each unit has one status, so ``untranslated + stale + translated + reviewed ==
  total``: ``translated`` counts units translated and not yet reviewed. The
  percentages follow SPEC.md, where translated includes reviewed:
  ``percent_translated = (translated + reviewed) / total`` and ``percent_reviewed =
  reviewed / total``, by words of the source text (see :mod:`transflow.util.wordcount`),
  or by units in the odd row whose units hold no words at all.
- Percentages are rounded *down* to one decimal, so 100.0 means complete and a row
  never shows more done than there is. ``--fail-under`` compares exact fractions.
- A row is overdue when its due date is before today and it is not complete: a
  unit is untranslated or stale or, when ``publish.require_review`` is set, not
  yet reviewed.
- A PO file that cannot be read is an error in :attr:`StatusReport.errors` naming
  the file and line; the other rows are still produced.

Speed: the figures of each file are cached in ``<project>/.transflow/cache/``,
keyed on the file's stat (modification and change time in nanoseconds, size, inode).
A file whose stat differs is read again, a file changed in the last seconds is not
cached at all (a write within the same clock tick could otherwise go unseen), and
the cache is dropped whenever transflow, the word-count rules or the segmentation
settings change. Deleting the folder is always safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from transflow import __version__
from transflow.errors import ProjectError, TransflowError
from transflow.formats.po import CONFLICT_TAG, check_language, read_catalog
from transflow.formats.workflow import WORKFLOW_FILE, Assignment
from transflow.model.catalog import Catalog, UnitStatus
from transflow.ops.assign import effective_assignment
from transflow.render.csv import csv_text
from transflow.segment.article import SEGMENTER_VERSION
from transflow.util import clock
from transflow.util.fs import atomic_write_text
from transflow.util.parallel import map_in_workers
from transflow.util.wordcount import WORDCOUNT_VERSION, count_words
from transflow.workspace.project import Project

FORMATS = ("table", "json", "csv", "markdown", "html")

CACHE_DIR = Path(".transflow", "cache")
CACHE_FILE = "status.json"
CACHE_FORMAT = "1"
#: Files modified this recently are read every time rather than cached.
RACY_SECONDS = 2.0
#: Reading this many files or more is spread over processes.
PARALLEL_MIN_FILES = 400


# --- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Units or words by status. The four figures are disjoint and add up to ``total``."""

    untranslated: int = 0
    stale: int = 0
    translated: int = 0
    reviewed: int = 0

    @property
    def total(self) -> int:
        return self.untranslated + self.stale + self.translated + self.reviewed

    @property
    def done(self) -> int:
        """Translated, reviewed or not: what SPEC.md calls translated."""
        return self.translated + self.reviewed

    @property
    def remaining(self) -> int:
        """Still to translate: untranslated or stale."""
        return self.untranslated + self.stale

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.untranslated + other.untranslated,
            self.stale + other.stale,
            self.translated + other.translated,
            self.reviewed + other.reviewed,
        )

    def as_list(self) -> list[int]:
        return [self.untranslated, self.stale, self.translated, self.reviewed]

    def as_dict(self) -> dict[str, int]:
        return {
            "untranslated": self.untranslated,
            "stale": self.stale,
            "translated": self.translated,
            "reviewed": self.reviewed,
            "total": self.total,
        }


def percent(part: int, whole: int) -> float:
    """``part / whole`` in percent, rounded down to one decimal; 100.0 for nothing to do."""
    if whole <= 0:
        return 100.0
    return (1000 * part // whole) / 10


@dataclass(frozen=True)
class Progress:
    """Units and words of some work, with the percentages SPEC.md defines."""

    units: Counts
    words: Counts

    def _basis(self) -> Counts:
        # By words; by units only where the units hold no words at all ("—", "2/3").
        return self.words if self.words.total else self.units

    @property
    def percent_translated(self) -> float:
        basis = self._basis()
        return percent(basis.done, basis.total)

    @property
    def percent_reviewed(self) -> float:
        basis = self._basis()
        return percent(basis.reviewed, basis.total)

    def below(self, threshold: float) -> bool:
        """True when less than ``threshold`` percent is translated (exact, not rounded)."""
        basis = self._basis()
        return basis.total > 0 and basis.done * 100 < threshold * basis.total

    def complete(self, require_review: bool) -> bool:
        if self.units.remaining:
            return False
        return not (require_review and self.units.translated)


@dataclass(frozen=True)
class StaleUnit:
    """A stale unit as the dashboard shows it: old source, new source, offered translation."""

    msgid: str
    previous: str | None
    msgstr: str
    origin: str | None
    line: int | None


@dataclass(frozen=True)
class StatusRow(Progress):
    article: str
    language: str
    translator: str | None
    reviewer: str | None
    due: dt.date | None
    overdue: bool
    days_late: int
    source: str  # the file the figures were read from, relative to the project
    out_of_date: bool = False
    note: str | None = None
    stale_units: tuple[StaleUnit, ...] = ()
    conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "language": self.language,
            "translator": self.translator,
            "reviewer": self.reviewer,
            "due": self.due.isoformat() if self.due else None,
            "units": self.units.as_dict(),
            "words": self.words.as_dict(),
            "percent_translated": self.percent_translated,
            "percent_reviewed": self.percent_reviewed,
            "overdue": self.overdue,
            "days_late": self.days_late,
            "out_of_date": self.out_of_date,
            "note": self.note,
            "path": self.source,
            "conflicts": self.conflicts,
        }


@dataclass(frozen=True)
class LanguageTotal(Progress):
    language: str
    articles: int
    overdue: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "articles": self.articles,
            "units": self.units.as_dict(),
            "words": self.words.as_dict(),
            "percent_translated": self.percent_translated,
            "percent_reviewed": self.percent_reviewed,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class PersonTotal:
    """One person's workload: words of the rows they translate and of those they review."""

    person: str | None  # None: rows nobody is assigned to translate
    name: str
    translating: Counts
    reviewing: Counts
    articles_translating: int
    articles_reviewing: int
    overdue: int

    @property
    def to_translate(self) -> int:
        return self.translating.remaining

    @property
    def to_review(self) -> int:
        """Words translated and waiting for this person's review."""
        return self.reviewing.translated

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "translating": {
                "articles": self.articles_translating,
                "words": self.translating.as_dict(),
                "words_to_translate": self.to_translate,
            },
            "reviewing": {
                "articles": self.articles_reviewing,
                "words": self.reviewing.as_dict(),
                "words_to_review": self.to_review,
            },
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class StatusReport:
    today: dt.date
    rows: tuple[StatusRow, ...]
    errors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    require_review: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # person id -> full name

    @property
    def ok(self) -> bool:
        return not self.errors

    def name(self, person: str | None) -> str:
        if person is None:
            return "unassigned"
        return self.names.get(person, person)

    def overdue(self) -> list[StatusRow]:
        return sorted((row for row in self.rows if row.overdue), key=lambda r: (-r.days_late, r.article, r.language))

    def below(self, threshold: float) -> list[StatusRow]:
        return [row for row in self.rows if row.below(threshold)]

    def language_totals(self) -> list[LanguageTotal]:
        totals = []
        for language in self.languages:
            rows = [row for row in self.rows if row.language == language]
            if not rows:
                continue
            totals.append(
                LanguageTotal(
                    units=sum((r.units for r in rows), Counts()),
                    words=sum((r.words for r in rows), Counts()),
                    language=language,
                    articles=len(rows),
                    overdue=sum(r.overdue for r in rows),
                )
            )
        return totals

    def person_totals(self) -> list[PersonTotal]:
        people: dict[str | None, dict[str, Any]] = {}

        def slot(person: str | None) -> dict[str, Any]:
            return people.setdefault(
                person, {"translating": Counts(), "reviewing": Counts(), "at": 0, "ar": 0, "overdue": 0}
            )

        for row in self.rows:
            mine = slot(row.translator)
            mine["translating"] += row.words
            mine["at"] += 1
            mine["overdue"] += row.overdue
            if row.reviewer is not None:
                theirs = slot(row.reviewer)
                theirs["reviewing"] += row.words
                theirs["ar"] += 1
        order = sorted((p for p in people if p is not None)) + ([None] if None in people else [])
        return [
            PersonTotal(
                person=p,
                name=self.name(p),
                translating=people[p]["translating"],
                reviewing=people[p]["reviewing"],
                articles_translating=people[p]["at"],
                articles_reviewing=people[p]["ar"],
                overdue=people[p]["overdue"],
            )
            for p in order
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "rows": [row.as_dict() for row in self.rows],
            "languages": [total.as_dict() for total in self.language_totals()],
            "people": [total.as_dict() for total in self.person_totals()],
            "errors": list(self.errors),
        }


# --- assignments -----------------------------------------------------------------------------


def assignment_for(project: Project, slug: str, language: str) -> Assignment:
    """Who translates and reviews ``slug`` in ``language``, and by when.

    The one place status, the dashboard and their filters look assignments up:
    ``transflow assign``'s record, else workflow.yaml's.
    """
    return effective_assignment(project, slug, language)


# --- reading figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFigures:
    """What status needs from one PO file or template."""

    language: str | None  # the Language header
    source_hash: str | None  # the X-Transflow-Source-Hash header
    units: Counts
    words: Counts
    conflicts: int = 0  # units with a submission kept aside for an editor to decide

    def to_cache(self) -> list[Any]:
        return [self.language, self.source_hash, *self.units.as_list(), *self.words.as_list(), self.conflicts]

    @classmethod
    def from_cache(cls, data: list[Any]) -> FileFigures:
        if len(data) != 11:
            raise ValueError("not figures")
        numbers = [int(n) for n in data[2:]]  # anything else raises: the file is read instead
        return cls(data[0], data[1], Counts(*numbers[:4]), Counts(*numbers[4:8]), numbers[8])


def figures_of(catalog: Catalog) -> FileFigures:
    units = dict.fromkeys(UnitStatus, 0)
    words = dict.fromkeys(UnitStatus, 0)
    for entry in catalog.entries:
        status = entry.status
        units[status] += 1
        words[status] += count_words(entry.msgid)
    return FileFigures(
        language=catalog.headers.get("Language") or None,
        source_hash=catalog.headers.get("X-Transflow-Source-Hash") or None,
        units=Counts(*(units[s] for s in UnitStatus)),
        words=Counts(*(words[s] for s in UnitStatus)),
        conflicts=sum(1 for e in catalog.entries if any(n.startswith(CONFLICT_TAG) for n in e.notes)),
    )


def _read_figures(path: str, display: str) -> FileFigures | str:
    """Figures of one file, or the error message; a top-level function for worker processes."""
    try:
        return figures_of(read_catalog(Path(path), display))
    except TransflowError as exc:
        return str(exc)


def _read_many(jobs: Sequence[tuple[str, str]]) -> list[FileFigures | str]:
    """Read many files, over several processes when there are enough to be worth it."""
    return list(map_in_workers(_read_job, jobs, _read_job, min_items=PARALLEL_MIN_FILES, chunksize=64))


def _read_job(job: tuple[str, str]) -> FileFigures | str:
    return _read_figures(*job)


_StatKey = tuple[int, int, int, int]


def _stat_key(path: str, display: str) -> _StatKey | None:
    """What identifies a version of a file without reading it; None when it does not exist."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ProjectError(f"cannot read: {exc.strerror}", display) from None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the code that turns a file into figures: a changed rule drops the cache,
    even between two releases with the same version number."""
    from transflow.formats import po as pofile
    from transflow.model import catalog
    from transflow.util import wordcount

    digest = hashlib.sha256()
    for module in (catalog, pofile, wordcount, sys.modules[__name__]):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    return digest.hexdigest()[:16]


class FigureCache:
    """Figures by file, valid only while the file's stat is unchanged.

    Only a speed-up: unreadable, corrupt or foreign cache files are ignored, and a
    cache that cannot be written is not an error.
    """

    def __init__(self, project: Project, enabled: bool = True) -> None:
        self.path = project.root / CACHE_DIR / CACHE_FILE
        self.enabled = enabled
        workflow = project.workflow
        self.context = [CACHE_FORMAT, __version__, _code_fingerprint(), WORDCOUNT_VERSION, SEGMENTER_VERSION,
                        workflow.segmentation, workflow.source_language]
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

    def get(self, name: str, key: _StatKey | None) -> list[Any] | None:
        self.used.add(name)
        found = self.entries.get(name)
        if key is None or not isinstance(found, list) or len(found) != 2 or found[0] != list(key):
            return None
        return found[1]

    def put(self, name: str, key: _StatKey | None, value: list[Any]) -> None:
        if not self.enabled or key is None:
            return
        if self.now_ns - max(key[0], key[1]) < RACY_SECONDS * 1e9:
            return  # changed just now (or in the future): a next write in the same clock tick could keep this stat
        self.entries[name] = [list(key), value]
        self.dirty = True

    def save(self, prune: bool = False) -> None:
        """Write the cache if it changed; with ``prune``, forget the files not asked about."""
        if prune and self.enabled:
            gone = self.entries.keys() - self.used
            for name in gone:
                del self.entries[name]
            self.dirty = self.dirty or bool(gone)
        if not (self.enabled and self.dirty):
            return
        text = json.dumps({"context": self.context, "files": self.entries}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent.parent / ".gitignore"
            if not ignore.exists():
                atomic_write_text(ignore, "*\n")
            atomic_write_text(self.path, text)
        except (OSError, TransflowError):
            pass  # a read-only checkout still gets its report, only not faster next time


# --- the report ---------------------------------------------------------------------------------


def collect_status(
    project: Project,
    languages: Iterable[str] = (),
    articles: Iterable[str] = (),
    translator: str | None = None,
    stale_details: bool = False,
    use_cache: bool = True,
    reviewer: str | None = None,
) -> StatusReport:
    """The status of every selected (article, language), read from the project's files.

    ``languages``, ``articles``, ``translator`` and ``reviewer`` (a team member's id or
    full name) select rows; an unknown one raises :class:`ProjectError` listing what exists.
    ``stale_details`` adds each stale unit's old and new source (for the dashboard).
    """
    workflow = project.workflow
    selected_languages = tuple(dict.fromkeys(project.require_language(code) for code in languages))
    selected_languages = selected_languages or workflow.languages
    slugs = project.slugs(tuple(articles))
    person = resolve_person(project, translator) if translator is not None else None
    checker = resolve_person(project, reviewer) if reviewer is not None else None
    today = clock.today()
    cache = FigureCache(project, use_cache)
    errors: list[str] = []

    wanted: list[tuple[str, str, Assignment]] = []
    for slug in slugs:
        for language in selected_languages:
            assignment = assignment_for(project, slug, language)
            if (person is None or assignment.translator == person) and (
                checker is None or assignment.reviewer == checker
            ):
                wanted.append((slug, language, assignment))

    source_hashes = _source_hashes(project, sorted({slug for slug, _, _ in wanted}), cache, errors)

    # Which file answers for each row, and which of those must be read. Paths are plain
    # strings here: pathlib costs more than the stat itself over tens of thousands of files.
    root = str(project.root)
    locales = os.path.normpath(workflow.locales)
    sources: dict[tuple[str, str], tuple[str, str, _StatKey | None]] = {}
    pending: dict[str, _StatKey | None] = {}
    figures: dict[str, FileFigures | str] = {}
    sep = os.sep
    for slug, language, _ in wanted:
        name = f"{locales}{sep}{language}{sep}{slug}.po"
        key = _stat_key(f"{root}{sep}{name}", name)
        kind = "po"
        if key is None:
            name = f"{locales}{sep}{slug}.pot"
            key = _stat_key(f"{root}{sep}{name}", name)
            kind = "pot"
            if key is None:
                sources[slug, language] = ("source", _article_name(project, slug), None)
                continue
        sources[slug, language] = (kind, name, key)
        if name in figures or name in pending:
            continue
        cached = cache.get(name, key)
        if cached is not None:
            try:
                figures[name] = FileFigures.from_cache(cached)
                continue
            except (ValueError, TypeError):
                pass
        pending[name] = key

    names = list(pending)
    for name, result in zip(names, _read_many([(os.path.join(root, n), n) for n in names])):
        figures[name] = result
        if isinstance(result, FileFigures):
            cache.put(name, pending[name], result.to_cache())

    rows: list[StatusRow] = []
    for slug, language, assignment in wanted:
        kind, name, _ = sources[slug, language]
        if kind == "source":
            try:
                found: FileFigures | str = _figures_from_source(project, slug, cache)
            except TransflowError as exc:
                found = str(exc)
        else:
            found = figures[name]
        if isinstance(found, str):
            if found not in errors:
                errors.append(found)
            continue
        if kind == "po":
            try:
                check_language(found.language, language, name)
            except TransflowError as exc:
                errors.append(str(exc))
                continue
        note = None
        if kind == "pot":
            note = "no PO file yet; run 'transflow update'"
        elif kind == "source":
            note = "no template yet; counted from the source; run 'transflow update'"
        source_hash = source_hashes.get(slug)
        out_of_date = kind != "po" or (source_hash is not None and found.source_hash != source_hash)
        progress = Progress(found.units, found.words)
        late = assignment.due is not None and assignment.due < today
        overdue = late and not progress.complete(workflow.publish.require_review)
        rows.append(
            StatusRow(
                units=found.units,
                words=found.words,
                article=slug,
                language=language,
                translator=assignment.translator,
                reviewer=assignment.reviewer,
                due=assignment.due,
                overdue=overdue,
                days_late=(today - assignment.due).days if overdue and assignment.due else 0,
                source=name,
                out_of_date=out_of_date,
                note=note,
                conflicts=found.conflicts,
            )
        )

    if stale_details:
        rows = [_with_stale_units(project, row, errors) for row in rows]
    cache.save(prune=not (languages or articles or translator))
    return StatusReport(
        today=today,
        rows=tuple(rows),
        errors=tuple(errors),
        languages=selected_languages,
        require_review=workflow.publish.require_review,
        names={pid: p.name for pid, p in workflow.team.items()},
    )


def resolve_person(project: Project, who: str) -> str:
    """A team member's id from their id or full name (case-insensitive)."""
    team = project.workflow.team
    if who in team:
        return who
    folded = who.casefold()
    for person_id, person in team.items():
        if folded in (person_id.casefold(), person.name.casefold()):
            return person_id
    known = ", ".join(sorted(team)) or "none"
    raise ProjectError(f"no person '{who}' in the team (team: {known}); use one of their ids", WORKFLOW_FILE)


def _article_name(project: Project, slug: str) -> str:
    return os.path.join(os.path.normpath(project.workflow.articles), project.article_path(slug).name)


def _source_hashes(project: Project, slugs: list[str], cache: FigureCache, errors: list[str]) -> dict[str, str]:
    """Each article's source hash, to tell whether its PO files are up to date."""
    hashes: dict[str, str] = {}
    root = str(project.root)
    for slug in slugs:
        name = _article_name(project, slug)
        try:
            key = _stat_key(os.path.join(root, name), name)
            cached = cache.get(name, key)
            if isinstance(cached, list) and len(cached) == 1 and isinstance(cached[0], str):
                hashes[slug] = cached[0]
                continue
            hashes[slug] = project.source_hash(project.read_article(slug))
            cache.put(name, key, [hashes[slug]])
        except TransflowError as exc:
            errors.append(str(exc))
    return hashes


def _figures_from_source(project: Project, slug: str, cache: FigureCache) -> FileFigures:
    """Figures of an article no ``update`` has seen: its units as the template would hold them."""
    from transflow.ops.update import build_template

    name = _article_name(project, slug)
    key = _stat_key(os.path.join(str(project.root), name), name)
    cached = cache.get(name + "#units", key)
    if cached is not None:
        try:
            return FileFigures.from_cache(cached)
        except (ValueError, TypeError):
            pass
    article = project.read_article(slug)
    entries = build_template(article, project.segment(article))
    found = figures_of(Catalog(slug, None, entries))
    cache.put(name + "#units", key, found.to_cache())
    return found


def _with_stale_units(project: Project, row: StatusRow, errors: list[str]) -> StatusRow:
    if not row.units.stale or row.note is not None:
        return row
    try:
        catalog = read_catalog(project.root / row.source, row.source)
    except TransflowError as exc:
        errors.append(str(exc))
        return row
    stale = tuple(
        StaleUnit(e.msgid, e.previous, e.msgstr, e.origin, e.line)
        for e in catalog.entries
        if e.status is UnitStatus.STALE
    )
    return replace(row, stale_units=stale)


# --- renderers ----------------------------------------------------------------------------------


def render(report: StatusReport, fmt: str, color: bool = False) -> str:
    """The report in one of :data:`FORMATS`."""
    if fmt == "table":
        return render_table(report, color)
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        from transflow.render.dashboard import render_html

        return render_html(report)
    raise ValueError(f"unknown format {fmt!r}")


def render_json(report: StatusReport) -> str:
    """The report as JSON, one row (or total) a line: readable, and quick to write for 30,000 rows."""
    return json_lines(report.as_dict())


def json_lines(data: Mapping[str, Any]) -> str:
    """An object with each item of its lists on a line of its own."""
    items = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            inner = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            items.append(f"  {json.dumps(key)}: [\n{inner}\n  ]")
        else:
            items.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(items) + "\n}\n"


CSV_COLUMNS = (
    "article", "language", "translator", "reviewer", "due", "overdue", "days_late",
    *(f"units_{key}" for key in ("untranslated", "stale", "translated", "reviewed", "total")),
    *(f"words_{key}" for key in ("untranslated", "stale", "translated", "reviewed", "total")),
    "percent_translated", "percent_reviewed", "out_of_date", "note", "path", "conflicts",
)


def render_csv(report: StatusReport) -> str:
    return csv_text(CSV_COLUMNS, (
        [
            row.article, row.language, row.translator or "", row.reviewer or "",
            row.due.isoformat() if row.due else "", str(row.overdue).lower(), row.days_late,
            *row.units.as_dict().values(), *row.words.as_dict().values(),
            f"{row.percent_translated:.1f}", f"{row.percent_reviewed:.1f}",
            str(row.out_of_date).lower(), row.note or "", row.source, row.conflicts,
        ]
        for row in report.rows
    ))


# Markdown: every ASCII punctuation mark may be backslash-escaped in CommonMark; these
# are the ones that would start markup, a link, an HTML tag or end a table cell.
_MD_SPECIAL = set("\\`*_[]<>|~&#!")


def md(text: str) -> str:
    """Plain text for a Markdown table cell."""
    text = " ".join(_printable(text).split())
    return "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in text)


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def render_markdown(report: StatusReport) -> str:
    lines = [f"### Translation status, {report.today.isoformat()}", ""]
    lines += [
        "| Article | Lang | Words | Translated | Reviewed | Stale | Untranslated | Translator | Reviewer | Due |",
        "|---|---|--:|--:|--:|--:|--:|---|---|---|",
    ]
    for row in report.rows:
        due = row.due.isoformat() if row.due else ""
        if row.overdue:
            due = f"**{due} overdue**"
        article = md(row.article) + (" (out of date)" if row.out_of_date else "")
        lines.append(
            f"| {article} | {md(row.language)} | {row.words.total} | {_pct(row.percent_translated)} "
            f"| {_pct(row.percent_reviewed)} | {row.words.stale} | {row.words.untranslated} "
            f"| {md(row.translator or '')} | {md(row.reviewer or '')} | {due} |"
        )
    lines += ["", "Figures are words of the source text; translated includes reviewed.", ""]
    lines += [
        "#### By language", "",
        "| Lang | Articles | Words | Translated | Reviewed | Stale | Untranslated | Overdue |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for total in report.language_totals():
        lines.append(
            f"| {md(total.language)} | {total.articles} | {total.words.total} | {_pct(total.percent_translated)} "
            f"| {_pct(total.percent_reviewed)} | {total.words.stale} | {total.words.untranslated} | {total.overdue} |"
        )
    lines += [
        "", "#### By person", "",
        "| Person | Translates (articles) | Words to translate | Reviews (articles) | Words to review | Overdue |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for person in report.person_totals():
        who = f"{md(person.name)} ({md(person.person)})" if person.person else "_unassigned_"
        lines.append(
            f"| {who} | {person.articles_translating} | {person.to_translate} | {person.articles_reviewing} "
            f"| {person.to_review} | {person.overdue} |"
        )
    if report.errors:
        lines += ["", "#### Errors", ""] + [f"- {md(error)}" for error in report.errors]
    return "\n".join(lines) + "\n"


# --- the terminal table -------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Text safe to print: control characters (escape sequences in a name) become '?'."""
    return "".join("?" if unicodedata.category(c) == "Cc" else c for c in text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` padded or cut (with '…') to ``width`` terminal columns."""
    if text.isascii() and text.isprintable():  # the common case, quickly
        if len(text) <= width:
            return text.rjust(width) if right else text.ljust(width)
    else:
        text = _printable(text)
    if _width(text) > width:
        while text and _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def num(value: int, width: int) -> str:
    """A number right-aligned in ``width`` columns; a figure is never cut, only the line grows."""
    return str(value).rjust(width)


class TerminalStyle:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color else text

    def percent(self, text: str, value: float) -> str:
        colour = "green" if value >= 100 else "yellow" if value > 0 else "red"
        return self(text, fg=colour)


# The columns of a row: (title, width, right-aligned); with the people and the due date,
# 80 columns exactly.
_FIGURE_COLUMNS = (("LANG", 6, False), ("WORDS", 6, True), ("TRANSL.", 8, True), ("REVIEWED", 9, True),
                   ("STALE", 6, True), ("UNTRANSL.", 10, True))


def _figure_cells(s: TerminalStyle, language: str, progress: Progress) -> str:
    words = progress.words
    return "".join([
        fit(language, 6),
        num(words.total, 6),
        s.percent(fit(_pct(progress.percent_translated), 8, True), progress.percent_translated),
        fit(_pct(progress.percent_reviewed), 9, True),
        s(num(words.stale, 6), fg="yellow") if words.stale else num(0, 6),
        num(words.untranslated, 10),
    ])


def render_table(report: StatusReport, color: bool = False) -> str:
    """For a terminal: at most 80 columns, colour when asked (a tty), plain when piped."""
    s = TerminalStyle(color)
    figures_head = "".join(fit(title, width, right) for title, width, right in _FIGURE_COLUMNS)
    out = [
        s(f"Translation status, {report.today.isoformat()} (words; translated includes reviewed)", bold=True),
        "",
        s("  " + figures_head + " " + fit("TRANSLATOR", 10) + " " + fit("REVIEWER", 9) + " DUE", bold=True),
    ]
    article = None
    for row in report.rows:
        if row.article != article:
            article = row.article
            out.append(s(fit(article, 80).rstrip(), bold=True))
        due = row.due.isoformat() if row.due else "-"
        due = s(due + "!", fg="red", bold=True) if row.overdue else due
        out.append(
            "  " + _figure_cells(s, row.language, row) + " " + fit(row.translator or "-", 10) + " "
            + fit(row.reviewer or "-", 9) + " " + due
        )
        if row.conflicts:
            out.append(s(fit(f"        {row.conflicts} conflict(s) to decide: see transflow-conflict comments "
                             f"in {row.source}", 80).rstrip(), fg="red"))
        if row.note:
            out.append(s(fit(f"        {row.note}", 80).rstrip(), fg="yellow"))
        elif row.out_of_date:
            out.append(s("        source changed since the last update; run 'transflow update'", fg="yellow"))
    if not report.rows:
        out.append("  (no rows match the selection)")
    if any(row.overdue for row in report.rows):
        out.append("  ! overdue: past due and not complete")

    totals = report.language_totals()
    if totals:
        out += ["", s("By language", bold=True)]
        out.append(s("  " + figures_head + fit("ARTICLES", 10, True) + fit("OVERDUE", 9, True), bold=True))
        for total in totals:
            out.append(
                "  " + _figure_cells(s, total.language, total) + num(total.articles, 10)
                + (s(num(total.overdue, 9), fg="red") if total.overdue else num(0, 9))
            )
    people = report.person_totals()
    if people:
        out += ["", s("By person (articles assigned; words left to translate and to review)", bold=True)]
        out.append(s("  " + fit("PERSON", 28) + fit("TRANSLATES", 11, True) + fit("WORDS LEFT", 11, True)
                     + fit("REVIEWS", 9, True) + fit("TO REVIEW", 10, True) + fit("OVERDUE", 8, True), bold=True))
        for person in people:
            who = f"{person.person} ({person.name})" if person.person else "(unassigned)"
            out.append(
                "  " + fit(who, 28) + num(person.articles_translating, 11)
                + num(person.to_translate, 11) + num(person.articles_reviewing, 9)
                + num(person.to_review, 10)
                + (s(num(person.overdue, 8), fg="red") if person.overdue else num(0, 8))
            )
    overdue = report.overdue()
    if overdue:
        out += ["", s("Overdue", bold=True, fg="red")]
        for row in overdue:
            text = (f"  {row.due.isoformat() if row.due else '-'} {row.days_late:>3}d late  {fit(row.language, 6)}"
                    f"{fit(row.translator or '-', 10)} {_pct(row.percent_translated):>6}  {row.article}")
            out.append(fit(text, 80).rstrip())
    return "\n".join(line.rstrip() for line in out) + "\n"
