"""``transflow update``: refresh templates from sources and merge them into every language."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from transflow import __version__
from transflow.errors import POFileError, ProjectError, TransflowError
from transflow.formats.po import Header, catalog_from_bytes, check_language, read_header_hash
from transflow.model.catalog import Catalog
from transflow.util import clock
from transflow.util.fingerprint import code_fingerprint
from transflow.util.fs import StagedWrites, check_writable, project_lock, read_input
from transflow.util.parallel import map_in_workers
from transflow.util.statcache import StatCache, StatKey, stat_key
from transflow.workspace.memory import MemoryLookup, TranslationMemory
from transflow.workspace.merge import MergeSummary, merge_template
from transflow.workspace.outside import attribute_outside_edits
from transflow.workspace.project import Project
from transflow.workspace.renames import detect_renames, renames_path, renames_text
from transflow.workspace.templates import (
    build_template,
    orphaned_templates,
    po_headers,
    read_text,
    render_if_changed,
    template_headers,
)

Progress = Callable[[int, int], None]

CACHE_DIR = Path(".transflow", "cache")
CACHE_FILE = "update.json"
CACHE_FORMAT = "1"


@dataclass(frozen=True)
class LanguageUpdate:
    language: str
    summary: MergeSummary
    written: bool


@dataclass(frozen=True)
class ArticleUpdate:
    article: str
    status: str  # unchanged | created | updated | renamed | orphaned | failed | out-of-date
    languages: tuple[LanguageUpdate, ...] = ()
    renamed_from: str | None = None
    template_written: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "status": self.status,
            "renamed_from": self.renamed_from,
            "languages": {
                lu.language: {**lu.summary.as_dict(), "written": lu.written} for lu in self.languages
            },
        }


@dataclass
class UpdateReport:
    articles: list[ArticleUpdate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    check: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def out_of_date(self) -> list[str]:
        # A failed article is reported as an error: running update would not fix it.
        return [a.article for a in self.articles if a.status not in ("unchanged", "orphaned", "failed")]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.check and self.out_of_date)

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "articles": [a.as_dict() for a in self.articles],
            "out_of_date": self.out_of_date if self.check else [],
            "warnings": self.warnings,
            "errors": self.errors,
        }



# --- the command -------------------------------------------------------------------------


def update_project(
    project: Project,
    slugs: Iterable[str] = (),
    check: bool = False,
    progress: Progress | None = None,
    minor: Iterable[str] = (),
) -> UpdateReport:
    """Bring every template and PO file in line with the sources.

    With ``check``, nothing is written; the report says which articles are out of date.
    A broken PO file is reported and left untouched; the others are still processed.
    ``minor`` names articles whose source edit an editor calls minor (punctuation, a
    typo): their units whose change is minor (:func:`~transflow.workspace.merge.minor_edit`)
    keep their status with a note instead of going stale, and so do units an earlier
    update made stale for such a change; the other changed units go stale as always.
    """
    minor_slugs = frozenset(project.slugs(tuple(minor))) if minor else frozenset()
    if check:
        return _update_articles(project, tuple(slugs), None, progress, minor_slugs)
    # The lock: submit writes the same PO files. Staged writes: one sync for the run,
    # and an interrupted run leaves every file as it was.
    with project_lock(project.root, sweep=[project.locales_dir]), StagedWrites(project.journal_path) as staged:
        return _update_articles(project, tuple(slugs), staged, progress, minor_slugs)


def _update_articles(
    project: Project, slugs: tuple[str, ...], staged: StagedWrites | None, progress: Progress | None,
    minor: frozenset[str],
) -> UpdateReport:
    memory = TranslationMemory(project)
    try:
        return _update_with_memory(project, slugs, staged, progress, _lookups(project, memory), minor)
    finally:
        memory.close()  # the index settles on disk (its write-ahead log checkpointed) before the run ends


def _update_with_memory(
    project: Project, slugs: tuple[str, ...], staged: StagedWrites | None, progress: Progress | None,
    memories: dict[str, MemoryLookup],
    minor: frozenset[str],
) -> UpdateReport:
    check = staged is None
    selected = project.slugs(slugs)
    if minor - set(selected):
        raise ProjectError(f"--minor {sorted(minor - set(selected))[0]} is not among the articles to update; "
                           "name it with the others, or update all")
    report = UpdateReport(check=check)
    renames = {} if slugs else detect_renames(project, selected)

    # Renamed articles first, here: they move files; then those with a minor edit (few, and
    # worth a look even when current). The rest may go to worker processes, which only read
    # and hand back what to write; this process stages every write.
    renamed = [slug for slug in selected if slug in renames or slug in minor]
    others = [slug for slug in selected if slug not in renamed]
    done = 0
    for slug in renamed:
        article, errors, _writes = _article_or_failure(project, slug, staged, memories, renames.get(slug),
                                                       slug in minor)
        report.articles.append(article)
        report.errors.extend(errors)
        done += 1
        if progress:
            progress(done, len(selected))
    # Articles whose files all have the stat they had when last found current are current
    # still: no file is read for them.
    cache = _current_files_cache(project)
    keys = {slug: _file_keys(project, slug) for slug in others}
    known = {slug for slug in others if cache.get(slug, keys[slug]) is not None}
    results = _update_many(project, [slug for slug in others if slug not in known], staged, memories)
    for slug in others:
        article, errors, writes = (ArticleUpdate(slug, "unchanged"), [], []) if slug in known else next(results)
        for path, text, display in writes:
            assert staged is not None  # a check writes nothing, so it hands back nothing
            staged.stage_text(Path(path), text, display)
        if article.status == "unchanged" and slug not in known:
            cache.put(slug, keys[slug], True)  # keys taken before the files were read: a later edit is seen
        report.articles.append(article)
        report.errors.extend(errors)
        done += 1
        if progress:
            progress(done, len(selected))
    if not check and not report.errors:  # a failed run leaves the disk as it was, its cache included
        cache.save(prune=not slugs)

    if renames and staged is not None:
        record = renames_path(project)
        staged.stage_text(record, renames_text(project, renames), project.display(record))
        report.warnings.extend(_assignments_to_rename(project, renames))
    if not slugs:
        for slug, refusal in project.refused_articles.items():
            report.errors.append(str(refusal))
            report.articles.append(ArticleUpdate(slug, "failed"))
        for orphan in orphaned_templates(project):
            if orphan not in renames.values():
                report.articles.append(ArticleUpdate(orphan, "orphaned"))
    return report



#: Fewer articles to update than this are done in this process (starting workers costs more).
PARALLEL_MIN_ARTICLES = 50

_Result = tuple[ArticleUpdate, list[str], list[tuple[str, str, str]]]


class _Collected:
    """What a worker would write: handed back to the process that holds the lock."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, str, str]] = []

    def stage_text(self, path: Path, text: str, display: str | None = None) -> bool:
        # The caller handed over only text that differs from the file; staging compares again.
        self.writes.append((str(path), text, display or str(path)))
        return True


def _article_or_failure(
    project: Project, slug: str, staged: StagedWrites | _Collected | None, memories: dict[str, MemoryLookup],
    renamed_from: str | None, minor: bool = False,
) -> _Result:
    errors: list[str] = []
    try:
        article = _update_article(project, slug, staged, memories, errors, renamed_from, minor)
    except TransflowError as exc:
        errors.append(str(exc))
        article = ArticleUpdate(slug, "failed")
    return article, errors, staged.writes if isinstance(staged, _Collected) else []


def _update_many(
    project: Project, slugs: list[str], staged: StagedWrites | None, memories: dict[str, MemoryLookup]
) -> Iterator[_Result]:
    """Each article's update, in order; over worker processes when there are many."""
    def here(slug: str) -> _Result:
        return _article_or_failure(project, slug, staged, memories, None)

    if staged is None or len(slugs) < PARALLEL_MIN_ARTICLES or not project.reopens_the_same():
        yield from map(here, slugs)
        return
    # The workers find which articles are current too: in parallel, that costs less than
    # finding them here first (the stat cache has left out those known to be current).
    yield from map_in_workers(_worker_update, slugs, here, min_items=PARALLEL_MIN_ARTICLES,
                              initializer=_worker_start, initargs=(project.root,))


def _current_files_cache(project: Project) -> StatCache:
    """Which articles were found current, by the stat of every file that decides it."""
    context = [CACHE_FORMAT, __version__, _code_fingerprint(), repr(project.workflow)]
    return StatCache(project.root / CACHE_DIR / CACHE_FILE, context)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The code that decides whether an article's files are current."""
    return code_fingerprint(("transflow.workspace.project", "transflow.segment.article", "transflow.formats.po",
                             __name__))[:16]


def _file_keys(project: Project, slug: str) -> tuple[StatKey | None, ...]:
    """The stat of an article, its template and its PO files (None for one missing or unreadable)."""
    locales = os.path.join(str(project.root), project.workflow.locales)
    names = [str(project.article_paths[slug]), f"{locales}{os.sep}{slug}.pot"]
    names.extend(f"{locales}{os.sep}{language}{os.sep}{slug}.po" for language in project.workflow.languages)
    keys: list[StatKey | None] = []
    for name in names:
        try:
            keys.append(stat_key(name, name))
        except TransflowError:
            keys.append(None)  # its update says why
    return tuple(keys)


_worker: tuple[Project, dict[str, MemoryLookup]] | None = None


def _lookups(project: Project, memory: TranslationMemory) -> dict[str, MemoryLookup]:
    """Each language's translation-memory lookups; the memory opens on the first one."""
    return {language: MemoryLookup(memory, language, project.workflow.tm_threshold)
            for language in project.workflow.languages}


def _worker_start(root: Path) -> None:
    global _worker
    project = Project.open(root)
    _worker = (project, _lookups(project, TranslationMemory(project)))


def _worker_update(slug: str) -> _Result:
    assert _worker is not None
    project, memories = _worker
    return _article_or_failure(project, slug, _Collected(), memories, None)


def _is_current(project: Project, slug: str, source_hash: str) -> bool:
    if read_header_hash(project.template_path(slug)) != source_hash:
        return False
    return all(
        read_header_hash(project.po_path(language, slug)) == source_hash for language in project.workflow.languages
    )


def _update_article(
    project: Project,
    slug: str,
    staged: StagedWrites | _Collected | None,
    memories: dict[str, MemoryLookup],
    errors: list[str],
    renamed_from: str | None,
    minor: bool = False,
) -> ArticleUpdate:
    article = project.read_article(slug)
    source_hash = project.source_hash(article)
    # A minor edit is looked at even when current: update may already have made its units stale.
    if renamed_from is None and not (minor and staged is not None) and _is_current(project, slug, source_hash):
        return ArticleUpdate(slug, "unchanged")
    segmented = project.segment(article)
    if staged is None:
        return ArticleUpdate(slug, "out-of-date", renamed_from=renamed_from)
    if renamed_from is not None:
        _move_article_files(project, renamed_from, slug)

    template_path = project.template_path(slug)
    old_template_text = read_text(template_path)
    status = "created" if old_template_text is None else "updated"
    template = build_template(article, segmented)
    old_created = _header_value(old_template_text, "POT-Creation-Date")
    pot = Catalog(slug, None, template, [], template_headers(project, article, source_hash, old_created or ""))
    template_text = render_if_changed(pot, "POT-Creation-Date", old_template_text)
    template_written = template_text is not None and staged.stage_text(
        template_path, template_text, project.display(template_path)
    )

    minor_when = clock.iso(clock.now()) if minor else None
    results = []
    for language in project.workflow.languages:
        path = project.po_path(language, slug)
        display = project.display(path)
        try:
            check_writable(path, display)
            old_bytes = read_input(path, display, POFileError) if path.exists() else None
            old = catalog_from_bytes(old_bytes, display) if old_bytes is not None else None
            if old is not None:
                attribute_outside_edits(project, old)  # work done in locales/ by other tools
            old_text = _utf8(old_bytes)
            if old is not None:
                check_language(old.language, language, display)
            memory = memories[language]
            memory.exclude = slug
            live, obsolete, summary = merge_template(template, old, project.workflow.match_threshold, memory,
                                                   project.workflow.source_language, minor_when)
            headers = po_headers(pot.headers, language, old.headers if old else {},
                                 (old.headers.get(Header.REVISION_DATE, "") if old else ""))
            catalog = Catalog(slug, language, live, obsolete, headers, old.header_comment if old else "")
            text = render_if_changed(catalog, Header.REVISION_DATE, old_text)
            written = text is not None and staged.stage_text(path, text, display)
            results.append(LanguageUpdate(language, summary, written))
        except TransflowError as exc:
            errors.append(str(exc))
    if status == "updated" and not template_written and not any(r.written for r in results):
        status = "unchanged"  # a minor edit on an article that was current, with nothing to confirm
    return ArticleUpdate(
        slug,
        "renamed" if renamed_from else status,
        tuple(results),
        renamed_from=renamed_from,
        template_written=template_written,
    )


def _utf8(data: bytes | None) -> str | None:
    """The file's text as written, to compare with what would be written (None: no such text)."""
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def _header_value(text: str | None, key: str) -> str | None:
    if not text:
        return None
    match = re.search(rf'^"{re.escape(key)}: ([^"\\]*)\\n"$', text[:4096], re.MULTILINE)
    return match.group(1) if match else None


# --- renamed articles --------------------------------------------------------------------


def _assignments_to_rename(project: Project, renames: dict[str, str]) -> list[str]:
    """workflow.yaml is written by people and never rewritten: its assignments of a
    renamed article still hold (found through renames.yaml), but its key should change."""
    return [f"workflow.yaml: assignments.{old} is the article now called '{new}'; rename the key"
            for new, old in renames.items() if old in project.workflow.assignments]


def _move_article_files(project: Project, old: str, new: str) -> None:
    moves = [(project.template_path(old), project.template_path(new))]
    moves += [(project.po_path(lang, old), project.po_path(lang, new)) for lang in project.workflow.languages]
    for source, target in moves:
        if source.exists() and not target.exists():
            os.replace(source, target)
