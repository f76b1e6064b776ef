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
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from transflow import __version__
from transflow.errors import ProjectError, TransflowError
from transflow.formats.po import CONFLICT_TAG, Header, check_language, conflicting_versions, read_catalog
from transflow.formats.workflow import WORKFLOW_FILE, Assignment
from transflow.model.catalog import Catalog, UnitStatus
from transflow.model.progress import (
    UNIT_STATES,
    Counts,
    Dismissal,
    OpenConflict,
    Outdated,
    Progress,
    StaleUnit,
    StatusReport,
    StatusRow,
    UnitRow,
)
from transflow.segment.article import SEGMENTER_VERSION
from transflow.util import clock
from transflow.util.fingerprint import code_fingerprint
from transflow.util.parallel import map_in_workers
from transflow.util.statcache import StatCache, StatKey, stat_key
from transflow.util.wordcount import WORDCOUNT_VERSION, count_words
from transflow.workspace.assignments import effective_assignment
from transflow.workspace.conflicts import open_conflicts
from transflow.workspace.embargo import embargo_in_text
from transflow.workspace.project import Project
from transflow.workspace.published import (
    PublishedPage,
    changed_since,
    outdated_pages,
    source_changed_at,
    source_digest,
)

CACHE_DIR = Path(".transflow", "cache")
CACHE_FILE = "status.json"
CACHE_FORMAT = "2"
#: Reading this many files or more is spread over processes.
PARALLEL_MIN_FILES = 400


# --- values ----------------------------------------------------------------------------------




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
    dismissed: int = 0  # units with a check switched off ("#, ignore-numbers")

    def to_cache(self) -> list[Any]:
        return [self.language, self.source_hash, *self.units.as_list(), *self.words.as_list(), self.conflicts,
                self.dismissed]

    @classmethod
    def from_cache(cls, data: list[Any]) -> FileFigures:
        if len(data) != 12:
            raise ValueError("not figures")
        numbers = [int(n) for n in data[2:]]  # anything else raises: the file is read instead
        return cls(data[0], data[1], Counts(*numbers[:4]), Counts(*numbers[4:8]), numbers[8], numbers[9])


def figures_of(catalog: Catalog) -> FileFigures:
    units = dict.fromkeys(UnitStatus, 0)
    words = dict.fromkeys(UnitStatus, 0)
    for entry in catalog.entries:
        status = entry.status
        units[status] += 1
        words[status] += count_words(entry.msgid)
    return FileFigures(
        language=catalog.headers.get(Header.LANGUAGE) or None,
        source_hash=catalog.headers.get(Header.SOURCE_HASH) or None,
        units=Counts(*(units[s] for s in UnitStatus)),
        words=Counts(*(words[s] for s in UnitStatus)),
        conflicts=sum(1 for e in catalog.entries if any(n.startswith(CONFLICT_TAG) for n in e.notes)),
        dismissed=sum(1 for e in catalog.entries if e.dismissed),
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


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the code that turns a file into figures: a changed rule drops the cache,
    even between two releases with the same version number."""
    modules = ("transflow.model.catalog", "transflow.formats.po", "transflow.util.wordcount", __name__)
    return code_fingerprint(modules)[:16]


def figure_cache(project: Project, enabled: bool = True) -> StatCache:
    """The figures of each file read, by its name in the project."""
    workflow = project.workflow
    context = [CACHE_FORMAT, __version__, _code_fingerprint(), WORDCOUNT_VERSION, SEGMENTER_VERSION,
               workflow.segmentation, workflow.source_language]
    return StatCache(project.root / CACHE_DIR / CACHE_FILE, context, enabled)


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
    ``stale_details`` adds each stale unit's old and new source, and each check switched
    off with who decided it (for the dashboard).
    """
    workflow = project.workflow
    selected_languages = tuple(dict.fromkeys(project.require_language(code) for code in languages))
    selected_languages = selected_languages or workflow.languages
    slugs = project.slugs(tuple(articles))
    person = resolve_person(project, translator) if translator is not None else None
    checker = resolve_person(project, reviewer) if reviewer is not None else None
    today = clock.today()
    cache = figure_cache(project, use_cache)
    errors: list[str] = []

    wanted: list[tuple[str, str, Assignment]] = []
    for slug in slugs:
        for language in selected_languages:
            assignment = assignment_for(project, slug, language)
            if (person is None or assignment.translator == person) and (
                checker is None or assignment.reviewer == checker
            ):
                wanted.append((slug, language, assignment))

    source_hashes, embargoes, digests = _source_facts(project, sorted({slug for slug, _, _ in wanted}), cache, errors)
    moment = clock.now()

    # Which file answers for each row, and which of those must be read. Paths are plain
    # strings here: pathlib costs more than the stat itself over tens of thousands of files.
    root = str(project.root)
    locales = os.path.normpath(workflow.locales)
    sources: dict[tuple[str, str], tuple[str, str, StatKey | None]] = {}
    pending: dict[str, StatKey | None] = {}
    figures: dict[str, FileFigures | str] = {}
    sep = os.sep
    for slug, language, _ in wanted:
        name = f"{locales}{sep}{language}{sep}{slug}.po"
        key = stat_key(f"{root}{sep}{name}", name)
        kind = "po"
        if key is None:
            name = f"{locales}{sep}{slug}.pot"
            key = stat_key(f"{root}{sep}{name}", name)
            kind = "pot"
            if key is None:
                sources[slug, language] = ("source", _article_name(project, slug), None)
                continue
        sources[slug, language] = (kind, name, key)
        if name in figures or name in pending:
            continue
        cached = cache.get(name, (key,))
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
            cache.put(name, (pending[name],), result.to_cache())

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
        embargo = embargoes.get(slug)
        if embargo is not None and embargo <= moment:
            embargo = None  # lifted
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
                dismissed=found.dismissed,
                embargo=clock.iso(embargo) if embargo else None,
            )
        )

    pages = outdated_pages(project, digests.get)
    if pages:
        rows = [_with_outdated(project, row, pages.get((row.article, row.language)), errors) for row in rows]
        rows.sort(key=lambda row: row.outdated is None)  # what readers see behind its source comes first
    if stale_details:
        rows = [_with_details(project, row, errors) for row in rows]
    conflicts = tuple(c for row in rows if row.conflicts for c in _open_conflicts(project, row, errors))
    cache.save(prune=not (languages or articles or translator))
    return StatusReport(
        conflicts=conflicts,
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


def _source_facts(project: Project, slugs: list[str], cache: StatCache,
                  errors: list[str]) -> tuple[dict[str, str], dict[str, dt.datetime], dict[str, str]]:
    """Each article's source hash (to tell whether its PO files are up to date), embargo,
    and the digest of its bytes (to tell whether its published pages are)."""
    hashes: dict[str, str] = {}
    embargoes: dict[str, dt.datetime] = {}
    digests: dict[str, str] = {}
    root = str(project.root)
    for slug in slugs:
        name = _article_name(project, slug)
        try:
            key = stat_key(os.path.join(root, name), name)
            cached = cache.get(name, (key,))
            if (isinstance(cached, list) and len(cached) == 3 and isinstance(cached[0], str)
                    and isinstance(cached[1], (str, type(None))) and isinstance(cached[2], str)):
                hashes[slug], digests[slug] = cached[0], cached[2]
                if cached[1]:
                    embargoes[slug] = dt.datetime.fromisoformat(cached[1])
                continue
            article = project.read_article(slug)
            hashes[slug] = project.source_hash(article)
            digests[slug] = source_digest(article.raw)
            embargo = embargo_in_text(article.text(), article.display)
            if embargo is not None:
                embargoes[slug] = embargo
            cache.put(name, (key,), [hashes[slug], embargo.isoformat() if embargo else None, digests[slug]])
        except TransflowError as exc:
            errors.append(str(exc))
    return hashes, embargoes, digests


def _figures_from_source(project: Project, slug: str, cache: StatCache) -> FileFigures:
    """Figures of an article no ``update`` has seen: its units as the template would hold them."""
    from transflow.workspace.templates import build_template

    name = _article_name(project, slug)
    key = stat_key(os.path.join(str(project.root), name), name)
    cached = cache.get(name + "#units", (key,))
    if cached is not None:
        try:
            return FileFigures.from_cache(cached)
        except (ValueError, TypeError):
            pass
    article = project.read_article(slug)
    entries = build_template(article, project.segment(article))
    found = figures_of(Catalog(slug, None, entries))
    cache.put(name + "#units", (key,), found.to_cache())
    return found


def _open_conflicts(project: Project, row: StatusRow, errors: list[str]) -> list[OpenConflict]:
    """The units in conflict of one row's file: read only for rows that count some."""
    try:
        catalog = read_catalog(project.root / row.source, row.source)
    except TransflowError as exc:
        errors.append(str(exc))
        return []
    return open_conflicts(catalog, row.article, row.language)


def _with_outdated(project: Project, row: StatusRow, page: PublishedPage | None, errors: list[str]) -> StatusRow:
    """The row with its published page's lag behind the source, when it has one."""
    if page is None:
        return row
    changed = 0
    if row.note is None:  # a PO file (without one, update has not run: nothing to count yet)
        try:
            catalog = read_catalog(project.root / row.source, row.source)
        except TransflowError as exc:
            errors.append(str(exc))
            return row
        changed = sum(changed_since(page, e.msgid, e.status, e.is_translated) for e in catalog.entries)
    since = page.outdated_since or source_changed_at(project, row.article)
    return replace(row, outdated=Outdated(since, page.path, changed, page.withdrawn))


def _with_details(project: Project, row: StatusRow, errors: list[str]) -> StatusRow:
    """The row with its stale units and its dismissals listed (read only for rows that count some)."""
    if not (row.units.stale or row.dismissed) or row.note is not None:
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
    dismissals = []
    for number, entry in enumerate(catalog.entries, 1):
        for check in sorted(entry.dismissed):
            who = entry.dismissed_by(check)
            dismissals.append(Dismissal(number, entry.msgid, check, who.person if who else None,
                                        who.when if who else None))
    return replace(row, stale_units=stale, dismissals=tuple(dismissals))




def list_units(project: Project, languages: Iterable[str] = (), articles: Iterable[str] = (),
               states: Iterable[str] = ()) -> tuple[list[UnitRow], list[str]]:
    """Every live unit of the selected files (in ``states``, when given: a status or
    ``conflict``), in article, language and file order; and the files that could not be read."""
    wanted = set(states)
    unknown = wanted - set(UNIT_STATES)
    if unknown:
        raise ProjectError(f"no unit state {', '.join(sorted(unknown))} (states: {', '.join(UNIT_STATES)})")
    chosen = list(dict.fromkeys(project.require_language(code) for code in languages)) or list(
        project.workflow.languages)
    rows: list[UnitRow] = []
    errors: list[str] = []
    slugs = project.slugs(tuple(articles))
    chosen_slugs = set(slugs)

    @functools.cache
    def digest_of(slug: str) -> str | None:  # asked once per language of an article on the site
        return source_digest(project.read_article(slug).raw) if slug in chosen_slugs else None

    pages = outdated_pages(project, digest_of)
    for slug in slugs:
        for language in chosen:
            path = project.po_path(language, slug)
            if not path.exists():
                continue
            try:
                catalog = read_catalog(path, project.display(path))
            except TransflowError as exc:
                errors.append(str(exc))
                continue
            page = pages.get((slug, language))
            for number, entry in enumerate(catalog.entries, 1):
                conflict = bool(conflicting_versions(entry))
                state = str(entry.status)
                outdated = page is not None and changed_since(page, entry.msgid, entry.status, entry.is_translated)
                if wanted and state not in wanted and not (conflict and "conflict" in wanted) and not (
                        outdated and "outdated" in wanted):
                    continue
                rows.append(UnitRow(
                    slug, language, number, state, conflict, entry.msgid, entry.previous if entry.fuzzy else None,
                    entry.msgstr, entry.translated.person if entry.translated and entry.msgstr else None,
                    entry.reviewed.person if entry.reviewed else None, tuple(sorted(entry.dismissed)), entry.line,
                    outdated))
    return rows, errors
