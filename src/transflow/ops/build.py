"""``transflow build``: assemble the localized articles that are ready to publish.

For each article and language the source is segmented again and every unit is
replaced by its translation from ``locales/<lang>/<slug>.po``; everything between
units (Markdown markers, code blocks, whitespace) is copied from the source, so an
article whose translations all equal their sources builds to the source body byte
for byte.

Which translations count is the publish policy (workflow.yaml ``publish``, each
key overridable): a unit is done when it is translated or reviewed, or also when
stale with ``stale_counts_as_translated``, or only when reviewed with
``require_review``. An article is built when at least ``min_complete`` percent of
its words are done; units that are not done keep the English text
(``fallback: source``) or stop that article (``fallback: fail``).

Outputs go to ``<output>/<lang>/<slug>.md`` (``.html`` with ``fmt="html"``, ``.txt``
for a plain-text source), and nothing is written anywhere else. A file is only
rewritten when its content changes, and the same inputs give the same bytes: the
content depends on the sources, the PO files, workflow.yaml and which languages of
the article are published, never on the clock.

Published languages. A page links to the other languages of its article that are
published: built in this run, or (when not built in this run) whose output file
from an earlier build is in the output folder. ``build`` never deletes anything, so
a translation that falls below the policy after a source edit keeps its last good
page on the site (and stays linked) instead of vanishing; the report says so. A page
that was not rebuilt in this run (another ``--lang``) is not touched, so run a full
build to refresh every page's links.

Rebuilds. ``<output>/.transflow-build.json`` records, for every output, a digest of
what it was made from (source, PO file, policy, format, names, links, the code that
made it) and of the bytes written. An output whose inputs and bytes are unchanged is
not assembled again, so a rebuild after a few sources changed costs little more than
reading the files. Removing the record only makes the next build slower. When many
articles must be assembled they are spread over worker processes (one per core, at
most 8); the outputs and the report are the same as from one process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_percent

from transflow import __version__
from transflow.errors import ArticleError, POFileError, ProjectError, TransflowError
from transflow.formats.po import catalog_from_text, check_language, decode_po_bytes
from transflow.formats.workflow import FALLBACKS, WORKFLOW_FILE, PublishPolicy
from transflow.formats.yamlfile import yaml_double_quoted
from transflow.model.catalog import Entry, UnitStatus
from transflow.model.progress import percent as progress_percent
from transflow.render.page import (
    Page,
    PageCredits,
    PageLink,
    markdown_to_html,
    render_page,
    text_to_html,
)
from transflow.segment.article import FrontMatterSpan, SegmentedArticle, Unit
from transflow.util import languages as langinfo
from transflow.util.fingerprint import code_fingerprint
from transflow.util.fs import atomic_write_text, check_writable
from transflow.util.parallel import map_in_workers
from transflow.util.wordcount import count_words
from transflow.workspace.project import Project, SourceArticle

FORMATS = ("markdown", "html")
BUILT, SKIPPED, FAILED = "built", "skipped", "failed"
#: Keys build writes into the output front matter (a source value of the same key is replaced).
OUTPUT_KEYS = ("lang", "translation", "languages")

Progress = Callable[[int, int], None]


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleBuild:
    """The outcome for one article in one language."""

    article: str
    language: str
    status: str  # built | skipped | failed
    percent_translated: float  # of the source's words, counted as the policy says
    path: str | None = None  # the output, relative to the project root; None when not built
    reason: str | None = None  # why it was not built
    written: bool = False  # the output file changed in this run
    units_missing: int = 0  # units left in the source language (fallback: source)

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "language": self.language,
            "path": self.path,
            "percent_translated": self.percent_translated,
            "status": self.status,
            "reason": self.reason,
            "written": self.written,
            "units_missing": self.units_missing,
        }


@dataclass(frozen=True)
class BuildReport:
    output: str
    format: str
    policy: PublishPolicy
    articles: tuple[ArticleBuild, ...]

    def with_status(self, status: str) -> list[ArticleBuild]:
        return [a for a in self.articles if a.status == status]

    @property
    def ok(self) -> bool:
        """False when any article failed (the CLI exits 1)."""
        return not self.with_status(FAILED)

    def as_dict(self) -> dict[str, object]:
        return {
            "output": self.output,
            "format": self.format,
            "policy": {
                "min_complete": self.policy.min_complete,
                "require_review": self.policy.require_review,
                "stale_counts_as_translated": self.policy.stale_counts_as_translated,
                "fallback": self.policy.fallback,
            },
            "articles": [a.as_dict() for a in self.articles],
        }


# --- policy ------------------------------------------------------------------------------


def resolve_policy(
    base: PublishPolicy,
    min_complete: float | None = None,
    require_review: bool | None = None,
    stale_counts_as_translated: bool | None = None,
    fallback: str | None = None,
) -> PublishPolicy:
    """``base`` (workflow.yaml's publish section) with the given overrides; None keeps a value."""
    if min_complete is not None and not 0 <= min_complete <= 100:
        raise ProjectError(f"min_complete {min_complete:g} is outside 0..100; give a percentage")
    if fallback is not None and fallback not in FALLBACKS:
        raise ProjectError(f"fallback '{fallback}' is not one of: {', '.join(FALLBACKS)}")
    changes: dict[str, Any] = {}
    if min_complete is not None:
        changes["min_complete"] = float(min_complete)
    if require_review is not None:
        changes["require_review"] = require_review
    if stale_counts_as_translated is not None:
        changes["stale_counts_as_translated"] = stale_counts_as_translated
    if fallback is not None:
        changes["fallback"] = fallback
    return replace(base, **changes)


def counts_as_done(entry: Entry | None, policy: PublishPolicy) -> bool:
    """Whether a unit's translation may be published under ``policy``."""
    if entry is None or not entry.msgstr.strip():
        return False  # an empty or blank msgstr is no translation (render keeps the source)
    if policy.require_review:
        return entry.status is UnitStatus.REVIEWED
    return entry.is_translated or (policy.stale_counts_as_translated and entry.status is UnitStatus.STALE)


# --- the command -------------------------------------------------------------------------


def build_project(
    project: Project,
    languages: Iterable[str] = (),
    articles: Iterable[str] = (),
    output: Path | str | None = None,
    policy: PublishPolicy | None = None,
    fmt: str = "markdown",
    progress: Progress | None = None,
) -> BuildReport:
    """Build the selected articles (default all) in the selected languages (default all).

    ``output`` defaults to workflow.yaml's ``publish.output`` under the project root (a
    relative ``output`` given here is relative to the current directory, as on the command
    line); ``policy`` defaults to workflow.yaml's ``publish`` (:func:`resolve_policy`
    applies the command line's overrides). Paths in the report are relative to the
    project root, or absolute for an output outside it.
    A problem with the whole build (unknown language or article, an output folder that
    cannot be written) raises :class:`TransflowError` before anything is written; a
    problem with one article (a broken PO file) fails that article only.
    """
    if fmt not in FORMATS:
        raise ProjectError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    policy = policy or project.workflow.publish
    selected_languages = {project.require_language(code) for code in languages}
    build_languages = [
        code for code in project.workflow.languages if not selected_languages or code in selected_languages
    ]
    slugs = project.slugs(tuple(articles))
    out_dir = Path(os.path.abspath(Path(output) if output is not None else project.root / policy.output))
    if output is None and not out_dir.resolve().is_relative_to(project.root.resolve()):
        # A shared workflow.yaml must not make everyone's build write elsewhere on their disk.
        raise ProjectError(
            f"publish.output: '{policy.output}' is outside the project; choose a folder inside it, "
            "or give that folder on the command line with --output",
            WORKFLOW_FILE,
        )
    layout = _OutputLayout(out_dir, fmt, project)
    layout.check_writable(slugs, build_languages)

    commits = _git_source_commits(project, [project.article_path(s) for s in slugs])
    builder = _Builder(project, policy, layout, commits, _BuildRecords.load(layout))
    by_slug: dict[str, list[ArticleBuild]] = {}
    done = 0
    # First what the build record answers (cheap: reading and hashing files), then the
    # articles that need work, over several processes when there are many.
    for slug in slugs:
        quick = builder.article(slug, build_languages, work=False)
        if quick is not None:
            by_slug[slug] = quick
            done += 1
            if progress:
                progress(done, len(slugs))
    pending = [slug for slug in slugs if slug not in by_slug]
    for slug, results, changes in _build_many(builder, pending, build_languages):
        by_slug[slug] = results
        for key, record in changes:
            builder.records.put(key, record)
        done += 1
        if progress:
            progress(done, len(slugs))
    builder.records.save()
    ordered = tuple(result for slug in slugs for result in by_slug[slug])
    return BuildReport(project.display(out_dir), fmt, policy, ordered)


#: Fewer articles to assemble than this are built in this process (starting workers costs more).
PARALLEL_MIN_ARTICLES = 100


def _build_many(
    builder: _Builder, slugs: list[str], languages: list[str]
) -> Iterator[tuple[str, list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]]:
    """Build articles in order; over worker processes when there are enough of them.

    Workers open the project again from its folder, so they are only used when that gives
    the same workflow as the project in hand (a caller may have changed it in memory).
    """
    def build_here(slug: str) -> tuple[list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]:
        return builder.build(slug, languages)

    if len(slugs) >= PARALLEL_MIN_ARTICLES and not _reopens_the_same(builder.project):
        results: Iterator[tuple[list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]] = map(build_here, slugs)
    else:
        args = (
            builder.project.root,
            builder.policy,
            builder.layout.root,
            builder.layout.fmt,
            dict(builder.commits),
            builder.records.records,
            languages,
        )
        results = map_in_workers(_worker_build, slugs, build_here, min_items=PARALLEL_MIN_ARTICLES,
                                 initializer=_worker_start, initargs=args)
    for slug, (built, changes) in zip(slugs, results, strict=True):
        yield slug, built, changes


def _reopens_the_same(project: Project) -> bool:
    try:
        return Project.open(project.root).workflow == project.workflow
    except TransflowError:
        return False


_worker: tuple[_Builder, list[str]] | None = None


def _worker_start(
    root: Path,
    policy: PublishPolicy,
    out_dir: Path,
    fmt: str,
    commits: dict[str, str],
    records: dict[str, dict[str, Any]],
    languages: list[str],
) -> None:
    global _worker
    project = Project.open(root)
    layout = _OutputLayout(out_dir, fmt, project)
    _worker = (_Builder(project, policy, layout, commits, _BuildRecords(layout, records)), languages)


def _worker_build(slug: str) -> tuple[list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]:
    assert _worker is not None
    builder, languages = _worker
    return builder.build(slug, languages)


class _OutputLayout:
    """Where outputs go, and the guarantee that nothing is written outside ``root``."""

    def __init__(self, root: Path, fmt: str, project: Project) -> None:
        self.root = root
        self.fmt = fmt
        self.project = project

    def suffix(self, article_path: Path) -> str:
        if self.fmt == "html":
            return ".html"
        return ".txt" if article_path.suffix == ".txt" else ".md"

    def target(self, language: str, slug: str) -> Path:
        return self.root / language / f"{slug}{self.suffix(self.project.article_path(slug))}"

    def display(self, path: Path) -> str:
        return self.project.display(path)

    def check_writable(self, slugs: list[str], languages: list[str]) -> None:
        """Fail before building when any output could not be written, or would land among the sources."""
        shown = self.display(self.root)
        real = self.root.resolve()
        self.project.refuse_own_files(self.root, shown)
        if self.project.root.resolve().is_relative_to(real):
            raise ProjectError(
                "would put language folders beside the project's own files; choose a folder of their own, "
                "e.g. --output build", shown
            )
        if self.root.exists():
            if not self.root.is_dir():
                raise ProjectError("the output is not a folder; choose another --output", shown)
            if not os.access(self.root, os.W_OK | os.X_OK):
                raise ProjectError(
                    "the output folder is not writable; fix its permissions or choose another --output", shown
                )
        else:
            parent = next(p for p in self.root.parents if p.exists())
            if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
                raise ProjectError(
                    f"cannot create the output folder: {self.display(parent)} is not a writable folder; "
                    "fix its permissions or choose another --output",
                    shown,
                )
            return  # nothing inside it exists yet
        check_writable(self.root / BUILD_RECORD, self.display(self.root / BUILD_RECORD))
        real_root = self.root.resolve()
        for language in languages:
            folder = self.root / language
            if not folder.exists() and not folder.is_symlink():
                continue
            if not folder.resolve().is_relative_to(real_root):
                raise ProjectError("links outside the output folder; remove the link", self.display(folder))
            if not folder.is_dir():
                raise ProjectError("is not a folder; remove it or choose another --output", self.display(folder))
            if not os.access(folder, os.W_OK | os.X_OK):
                raise ProjectError("the folder is not writable; fix its permissions", self.display(folder))
            for slug in slugs:
                target = self.target(language, slug)
                check_writable(target, self.display(target))


# --- what each output was built from -----------------------------------------------------

#: In the output folder, like Sphinx's .buildinfo: per output, the digest of everything
#: it was made from, so a rebuild only assembles what changed. Deleting it is always safe.
BUILD_RECORD = ".transflow-build.json"
_RECORD_FORMAT = 1


@lru_cache(maxsize=1)
def _tool_digest() -> str:
    """Changes whenever the code or a library that shapes an output changes."""
    modules = tuple(f"transflow.{name}" for name in (
        "ops.build", "render.page", "formats.markdown", "formats.yamlfile", "segment.article", "segment.sentences",
        "formats.po", "model.catalog", "util.languages", "util.wordcount"))
    # Distribution names: "markdown_it" or "yaml" would never be found, and a new
    # markdown-it-py would not rebuild the pages it renders differently.
    libraries = ("Babel", "markdown-it-py", "mdit-py-plugins", "nh3", "PyYAML", "polib")
    return code_fingerprint(modules, libraries) + f"-{_RECORD_FORMAT}-{__version__}"


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:40]


class _BuildRecords:
    """The build record file: read once, written once at the end if anything changed."""

    def __init__(self, layout: _OutputLayout, records: dict[str, dict[str, Any]]) -> None:
        self.path = layout.root / BUILD_RECORD
        self.shown = layout.display(self.path)
        self.records = records
        self.changed = False
        self.changes: list[tuple[str, dict[str, Any] | None]] = []  # what a worker hands back

    @classmethod
    def load(cls, layout: _OutputLayout) -> _BuildRecords:
        records: dict[str, dict[str, Any]] = {}
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((layout.root / BUILD_RECORD).read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and data.get("format") == _RECORD_FORMAT
                and isinstance(data.get("outputs"), dict)
            ):
                records = data["outputs"]
        return cls(layout, records)

    def get(self, key: str) -> dict[str, Any] | None:
        record = self.records.get(key)
        return record if isinstance(record, dict) else None

    def put(self, key: str, record: dict[str, Any] | None) -> None:
        self.changes.append((key, record))
        if record is None:
            self.changed |= self.records.pop(key, None) is not None
        elif self.records.get(key) != record:
            self.records[key] = record
            self.changed = True

    def save(self) -> None:
        if not self.changed or not self.path.parent.is_dir():
            return
        text = json.dumps(
            {"format": _RECORD_FORMAT, "outputs": self.records}, ensure_ascii=False, indent=1, sort_keys=True
        )
        write_output(self.path, text + "\n", self.shown)


# --- one article -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    article: SourceArticle
    segmented: SegmentedArticle
    front: FrontMatterSpan | None
    words: Mapping[str, int]  # distinct unit texts in order -> words
    first_line: Mapping[str, int]  # unit text -> line where it first stands
    revision: str
    commit: str | None
    front_shape: tuple[bool, tuple[str, ...]] = (True, ())


@dataclass(frozen=True)
class _Plan:
    """What the policy decided for one language, before anything is written.

    ``done`` is None when the decision came from the build record (the PO file was
    not parsed); :meth:`_Builder.article` parses it only if the output must be made.
    """

    language: str
    status: str
    percent: float
    reason: str | None
    missing: int
    key: str  # digest of what the decision depends on
    done: Mapping[str, Entry] | None = None
    catalog_updated: str | None = None


class _Builder:
    def __init__(
        self,
        project: Project,
        policy: PublishPolicy,
        layout: _OutputLayout,
        commits: Mapping[str, str],
        records: _BuildRecords,
    ) -> None:
        self.project = project
        self.policy = policy
        self.layout = layout
        self.commits = commits
        self.records = records
        workflow = project.workflow
        policy_fields = (policy.min_complete, policy.require_review, policy.stale_counts_as_translated, policy.fallback)
        # What else a decision (and its reason, which names files) depends on; the source
        # hash already covers the source bytes and the segmentation mode.
        where = (workflow.source_language, workflow.articles, workflow.locales)
        self.decision_key = _digest(_tool_digest(), policy_fields, where)
        names = sorted((person.id, person.name) for person in workflow.team.values())
        self.output_key = _digest(layout.fmt, names, sorted(workflow.language_names.items()))

    def article(self, slug: str, build_languages: list[str], work: bool = True) -> list[ArticleBuild] | None:
        """The outcome in each language. With ``work=False``, only what the build record
        answers: None when a PO file must be parsed or an output assembled."""
        layout = self.layout
        try:
            article = self.project.read_article(slug)
            revision = self.project.source_hash(article)
        except TransflowError as exc:
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]
        source: _Source | None = None
        plans: list[_Plan] = []
        try:
            for language in build_languages:
                try:
                    po_raw = _read_po(self.project, language, slug)
                except POFileError as exc:
                    plans.append(_Plan(language, FAILED, 0.0, str(exc), 0, ""))
                    continue
                key = _digest(
                    self.decision_key,
                    revision,
                    language,
                    hashlib.sha256(po_raw).hexdigest() if po_raw is not None else None,
                )
                record = self.records.get(self._record_key(language, slug))
                if record and record.get("decision") == key and record.get("status") in (BUILT, SKIPPED):
                    plans.append(
                        _Plan(
                            language, record["status"], record["percent"], record.get("reason"), record["missing"], key
                        )
                    )
                    continue
                if not work:
                    return None
                source = source or _read_source(self.project, article, revision, self.commits.get(slug))
                plans.append(_plan(self.project, source, language, self.policy, po_raw, key))
        except TransflowError as exc:  # the source cannot be segmented
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]

        built_now = {plan.language for plan in plans if plan.status == BUILT}
        # Decided before anything of this article is written, so the links do not depend
        # on the order languages are built in (see the module docstring).
        published = [
            code for code in self.project.workflow.languages if code in built_now or layout.target(code, slug).exists()
        ]
        results = []
        for plan in plans:
            target = layout.target(plan.language, slug)
            shown = layout.display(target)
            record_key = self._record_key(plan.language, slug)
            if plan.status != BUILT:
                self.records.put(record_key, _plan_record(plan) if plan.status == SKIPPED else None)
                reason = plan.reason or ""
                if target.exists():
                    reason += f"; the previous {shown} is kept"
                results.append(ArticleBuild(slug, plan.language, plan.status, plan.percent, reason=reason,
                                            units_missing=plan.missing))
                continue
            others = [code for code in published if code != plan.language]
            output_key = _digest(self.output_key, plan.key, others, self.commits.get(slug))
            record = self.records.get(record_key)
            written = False
            try:
                if not (record and record.get("output") == output_key and _file_digest(target) == record.get("sha256")):
                    if not work:
                        return None
                    if plan.done is None:
                        source = source or _read_source(self.project, article, revision, self.commits.get(slug))
                        plan = _plan(
                            self.project,
                            source,
                            plan.language,
                            self.policy,
                            _read_po(self.project, plan.language, slug),
                            plan.key,
                        )
                    assert source is not None
                    text = _assemble(self.project, source, plan, others, layout)
                    written = write_output(target, text, shown)
                    record = {
                        **_plan_record(plan),
                        "output": output_key,
                        "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    }
                    self.records.put(record_key, record)
            except TransflowError as exc:
                self.records.put(record_key, None)
                results.append(ArticleBuild(slug, plan.language, FAILED, plan.percent, reason=str(exc)))
                continue
            results.append(
                ArticleBuild(
                    slug, plan.language, BUILT, plan.percent, path=shown, written=written, units_missing=plan.missing
                )
            )
        return results

    def build(
        self, slug: str, languages: list[str]
    ) -> tuple[list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]:
        """Build one article; its results and the build record changes it made."""
        self.records.changes.clear()
        results = self.article(slug, languages)
        assert results is not None  # work=True always gives results
        return results, list(self.records.changes)

    def _record_key(self, language: str, slug: str) -> str:
        return self.layout.target(language, slug).relative_to(self.layout.root).as_posix()


def _plan_record(plan: _Plan) -> dict[str, Any]:
    return {
        "decision": plan.key,
        "status": plan.status,
        "percent": plan.percent,
        "reason": plan.reason,
        "missing": plan.missing,
    }


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read_po(project: Project, language: str, slug: str) -> bytes | None:
    """The PO file's bytes; None when there is none yet (the article is untranslated)."""
    try:
        return project.po_path(language, slug).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise POFileError(f"cannot read: {exc.strerror}", project.display(project.po_path(language, slug))) from None


def _read_source(project: Project, article: SourceArticle, revision: str, commit: str | None) -> _Source:
    segmented = project.segment(article)
    words: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for unit in segmented.units:
        if unit.text not in words:
            words[unit.text] = count_words(unit.text)
            first_line[unit.text] = unit.line
    front = segmented.front_matter
    shape: tuple[bool, tuple[str, ...]] = (True, ())
    if front is not None:
        shape = _front_matter_shape(segmented.source[front.inner_start : front.inner_end], article.display)
    return _Source(article, segmented, front, words, first_line, revision, commit, shape)


def _plan(
    project: Project, source: _Source, language: str, policy: PublishPolicy, po_raw: bytes | None, key: str
) -> _Plan:
    slug = source.article.slug
    po_path = project.po_path(language, slug)
    shown = project.display(po_path)
    entries: dict[str, Entry] = {}
    catalog_updated = None
    outdated = False
    if po_raw is not None:
        try:
            catalog = catalog_from_text(decode_po_bytes(po_raw, shown), shown)
            check_language(catalog.language, language, shown)  # a swapped file would publish another language
        except TransflowError as exc:
            return _Plan(language, FAILED, 0.0, str(exc), 0, key)
        entries = catalog.by_msgid()
        catalog_updated = catalog.headers.get("PO-Revision-Date")
        outdated = catalog.headers.get("X-Transflow-Source-Hash") != source.revision

    done: dict[str, Entry] = {}
    missing_by_status = dict.fromkeys(UnitStatus, 0)
    done_words = 0
    first_missing: str | None = None
    for msgid, words in source.words.items():
        entry = entries.get(msgid)
        if entry is not None and counts_as_done(entry, policy):
            done[msgid] = entry
            done_words += words
        else:
            missing_by_status[entry.status if entry else UnitStatus.UNTRANSLATED] += 1
            first_missing = first_missing or msgid
    total_words = sum(source.words.values())
    # Rounded down, as status does: 99.96% is not 100%.
    percent = progress_percent(done_words, total_words)
    missing = len(source.words) - len(done)

    hint = ""
    if po_raw is None:
        hint = f"; {shown} does not exist yet, run 'transflow update'"
    elif outdated:
        hint = f"; {shown} is older than the source, run 'transflow update'"
    if done_words * 100 < policy.min_complete * total_words:
        what = "reviewed" if policy.require_review else "translated"
        reason = (
            f"{percent:g}% of words {what}, below min_complete {policy.min_complete:g}%"
            f" ({_describe_missing(missing_by_status, policy)}){hint}"
        )
        return _Plan(language, SKIPPED, percent, reason, missing, key, done, catalog_updated)
    if missing and policy.fallback == "fail":
        where = f"{source.article.display}:{source.first_line[first_missing or '']}"
        reason = f"{_describe_missing(missing_by_status, policy)} and fallback is 'fail' (first at {where}){hint}"
        return _Plan(language, FAILED, percent, reason, missing, key, done, catalog_updated)
    return _Plan(language, BUILT, percent, None, missing, key, done, catalog_updated)


def _describe_missing(missing: Mapping[UnitStatus, int], policy: PublishPolicy) -> str:
    """ "3 untranslated units", "5 units missing (3 untranslated, 2 stale)"."""
    labels = {UnitStatus.UNTRANSLATED: "untranslated", UnitStatus.STALE: "stale", UnitStatus.TRANSLATED: "unreviewed"}
    parts = [f"{missing[status]} {label}" for status, label in labels.items() if missing[status]]
    total = sum(missing.values())
    noun = "unit" if total == 1 else "units"
    if len(parts) == 1:
        return f"{parts[0]} {noun}"
    return f"{total} {noun} missing ({', '.join(parts)})"


# --- assembling the output ---------------------------------------------------------------


def _assemble(project: Project, source: _Source, plan: _Plan, others: list[str], layout: _OutputLayout) -> str:
    slug = source.article.slug
    done = plan.done or {}

    # On an HTML page a unit left in the source language says so, for screen readers
    # and hyphenation (Markdown output stays the source's own bytes).
    mark_fallback = layout.fmt == "html" and source.article.is_markdown
    source_language = project.workflow.source_language.replace("_", "-")

    def translate(unit: Unit) -> str | None:
        entry = done.get(unit.text)
        if entry is not None:
            return entry.msgstr
        if mark_fallback and not unit.yaml_scalar:
            return f'<span lang="{source_language}">{unit.text}</span>'
        return None

    text = source.segmented.source
    front = source.front
    inner = ""  # the source's front matter, translated, between its --- lines
    front_text = ""  # the same with its --- lines
    if front is None:
        body = source.segmented.render(translate).removeprefix("\ufeff")  # the output starts with its front matter
    else:
        units = source.segmented.units
        front_units = tuple(u for u in units if u.end <= front.end)
        body_units = tuple(u for u in units if u.start >= front.end)
        front_text = SegmentedArticle(text[: front.end], front_units).render(translate)
        body = SegmentedArticle(text, body_units).render(translate)[front.end :]
        tail = front.end - front.inner_end  # the closing line: no units there
        inner = front_text[front.inner_start : len(front_text) - tail]

    state = _translation_state(project, source, plan)
    code = plan.language
    links = [_link(project, other, slug, layout) for other in others]
    if layout.fmt == "markdown":
        newline = "\r\n" if inner.endswith("\r\n") else "\n"
        kept = _without_output_keys(inner, source) if inner else ""
        ours = _output_keys(language_tag(code), state, links, newline)
        return f"---{newline}{kept}{ours}---{newline}{body}"

    data = _load_front_matter(inner, source) if inner else {}
    title, author, summary = (data.get(key) for key in ("title", "author", "summary"))
    if not source.article.is_markdown:
        body_html = text_to_html(body)
    else:
        # With the front matter before it, the body is parsed exactly as in the source
        # (alone, a body that starts with "---" could be taken for front matter).
        body_html = markdown_to_html(front_text + body)
    page = Page(
        tag=language_tag(code),
        direction=langinfo.text_direction(code),
        title=title if isinstance(title, str) and title.strip() else slug,
        body_html=body_html,
        credits=PageCredits(
            percent=plan.percent,
            percent_text=state_percent_text(plan.percent, code),
            translators=tuple(state["translators"]),
            reviewers=tuple(state["reviewers"]),
            updated_iso=state["updated"],
            updated_text=state["updated_text"],
            source_revision=source.revision,
            source_commit=source.commit,
        ),
        links=tuple(links),
        author=author if isinstance(author, str) else None,
        description=summary if isinstance(summary, str) else None,
    )
    return render_page(page)


# --- the output's front matter -----------------------------------------------------------
#
# The source's front matter is kept as its author wrote it (key order, quoting, comments),
# with title and summary translated; build appends its own keys, written here as YAML
# with every string double-quoted (JSON's syntax, which YAML reads the same way). Only
# a front matter that is not a plain block mapping is re-serialized by PyYAML.

def _yaml_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        mantissa, e, exponent = repr(value).partition("e")
        # YAML 1.1 (PyYAML) reads 1e+16 as a string: its floats need a dot.
        return f"{mantissa}{'' if '.' in mantissa else '.0'}{e}{exponent}" if e else mantissa
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    return yaml_double_quoted(str(value))


def _output_keys(tag: str, state: Mapping[str, Any], links: list[PageLink], newline: str) -> str:
    lines = [f"lang: {_yaml_value(tag)}", "translation:"]
    lines += [f"  {key}: {_yaml_value(value)}" for key, value in state.items()]
    if links:
        lines.append("languages:")
        lines += [
            f"  - {{lang: {_yaml_value(link.tag)}, name: {_yaml_value(link.name)}, path: {_yaml_value(link.href)}}}"
            for link in links
        ]
    else:
        lines.append("languages: []")
    return newline.join(lines) + newline


def _front_matter_shape(inner: str, display: str) -> tuple[bool, tuple[str, ...]]:
    """(whether keys can simply be appended, which of build's own keys the source has)."""
    try:
        root = yaml.compose(inner, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise ArticleError(
            f"the front matter cannot be read ({getattr(exc, 'problem', exc)}); fix it", display
        ) from None
    if root is None:
        return True, ()
    if not isinstance(root, yaml.MappingNode):
        raise ArticleError("the front matter must be a mapping of keys to values", display)
    appendable = not root.flow_style and root.start_mark.column == 0
    present = tuple(key.value for key, _ in root.value if isinstance(key, yaml.ScalarNode) and key.value in OUTPUT_KEYS)
    return appendable, present


def _without_output_keys(inner: str, source: _Source) -> str:
    """The translated front matter, ready for build's keys to be appended."""
    appendable, present = source.front_shape
    if appendable and not present:
        return inner
    if not appendable:
        data = {k: v for k, v in _load_front_matter(inner, source).items() if k not in OUTPUT_KEYS}
        if not data:
            return ""
        dumped = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=1 << 30)
        return dumped
    # Drop the lines of the source's own lang/translation/languages keys.
    root = yaml.compose(inner, Loader=_SafeLoader)
    if root is None:
        return inner
    drop: set[int] = set()
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value in OUTPUT_KEYS:
            last = value.end_mark.line if value.end_mark.column else value.end_mark.line - 1
            drop.update(range(key.start_mark.line, max(last, key.start_mark.line) + 1))
    return "".join(line for number, line in enumerate(inner.splitlines(keepends=True)) if number not in drop)


def _load_front_matter(inner: str, source: _Source) -> dict[str, Any]:
    try:
        data = yaml.load(inner, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise ArticleError(
            f"the front matter cannot be read ({getattr(exc, 'problem', exc)}); fix it", source.article.display
        ) from None
    return dict(data) if isinstance(data, dict) else {}


#: libyaml when it is there: the same data, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _translation_state(project: Project, source: _Source, plan: _Plan) -> dict[str, Any]:
    """The front matter ``translation`` block: progress, credits, dates, source revision."""
    translator_words: dict[str, int] = {}
    reviewer_words: dict[str, int] = {}
    latest: str | None = None
    for msgid, entry in (plan.done or {}).items():
        words = source.words[msgid]
        for attribution, tally in ((entry.translated, translator_words), (entry.reviewed, reviewer_words)):
            if attribution is None:
                continue
            tally[attribution.person] = tally.get(attribution.person, 0) + words
            when = _parse_moment(attribution.when)
            if when is not None and (latest is None or when > latest):
                latest = when
    if latest is None and plan.done and plan.catalog_updated:
        # Translated without transflow's attribution (a PO editor alone): the file's own date.
        latest = _parse_moment(plan.catalog_updated)
    updated_text = None
    if latest is not None:
        updated_text = format_date(
            dt.date.fromisoformat(latest[:10]), format="long", locale=langinfo.locale(plan.language)
        )
    state: dict[str, Any] = {
        "percent": plan.percent,
        "translators": _credits(project, translator_words),
        "reviewers": _credits(project, reviewer_words),
        "updated": latest,
        "updated_text": updated_text,
        "source_revision": source.revision,
    }
    if source.commit:
        state["source_commit"] = source.commit
    if plan.missing:
        state["units_in_source_language"] = plan.missing
    return state


def _credits(project: Project, words_by_person: Mapping[str, int]) -> list[str]:
    """People by the words they did (most first), under their names from workflow.yaml."""
    team = project.workflow.team
    ranked = sorted(words_by_person.items(), key=lambda item: (-item[1], item[0]))
    return [team[person].name if person in team else person for person, _ in ranked]


_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:Z|([+-]\d{2}):?(\d{2}))?$")


def _parse_moment(text: str) -> str | None:
    """An attribution time or PO date as ISO 8601 UTC (2026-11-20T10:15:00Z), or None."""
    match = _MOMENT.match(text.strip())
    if not match:
        return None
    date, hour_minute, seconds, tz_hours, tz_minutes = match.groups()
    try:
        moment = dt.datetime.fromisoformat(f"{date}T{hour_minute}:{seconds or '00'}")
    except ValueError:
        return None
    if tz_hours:
        offset = dt.timedelta(hours=int(tz_hours), minutes=int(tz_minutes) * (1 if tz_hours[0] == "+" else -1))
        moment -= offset
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def state_percent_text(percent: float, code: str) -> str:
    return format_percent(Decimal(str(percent)) / 100, locale=langinfo.locale(code), decimal_quantization=False)


def language_tag(code: str) -> str:
    """The BCP 47 tag of a Babel locale code: pt_BR -> pt-BR, zh_Hant -> zh-Hant."""
    return str(langinfo.locale(code)).replace("_", "-")


def language_name(project: Project, code: str) -> str:
    """A language under its own name (Türkçe, русский), unless workflow.yaml names it."""
    return project.workflow.language_names.get(code) or langinfo.native_name(code)


def _link(project: Project, code: str, slug: str, layout: _OutputLayout) -> PageLink:
    target = layout.target(code, slug)
    return PageLink(
        tag=language_tag(code),
        name=language_name(project, code),
        direction=langinfo.text_direction(code),
        href=f"../{code}/{target.name}",
    )


# --- writing ---------------------------------------------------------------------------


def write_output(path: Path, text: str, display: str) -> bool:
    """Write an output atomically unless it already holds ``text``; True when written.

    Without fsync: outputs are derived files, thousands of them, and the build record's
    digests make the next build redo any output a power cut damaged.
    """
    return atomic_write_text(path, text, display, durable=False)


# --- git ---------------------------------------------------------------------------------


def _git_source_commits(project: Project, paths: list[Path]) -> dict[str, str]:
    """slug -> the last commit that changed its source, for sources committed as they are.

    Empty outside a git work tree or without git. A source with uncommitted changes gets
    no commit (the commit would not be what was built). Two git calls for all articles;
    GIT_OPTIONAL_LOCKS=0 keeps ``git status`` from rewriting the index.
    """
    if not paths:
        return {}
    top = _git(project.root, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    top_dir = Path(top.strip())
    folder = str(project.articles_dir)
    status = _git(project.root, "status", "--porcelain", "-z", "--untracked-files=all", "--", folder)
    log = _git(project.root, "log", "--no-renames", "--format=%x01%H", "--name-only", "--", folder)
    if status is None or log is None:
        return {}
    dirty = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    last: dict[str, str] = {}
    commit = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit = line[1:]
        elif line and line not in last:
            last[line] = commit
    found = {}
    for path in paths:
        try:
            relative = path.resolve().relative_to(top_dir.resolve()).as_posix()
        except ValueError:
            continue
        if relative in last and relative not in dirty:
            found[path.stem] = last[relative]
    return found


def _git(root: Path, *args: str) -> str | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
