"""The command: every article, in order, over worker processes when there are many."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from transflow.errors import ProjectError
from transflow.formats.workflow import WORKFLOW_FILE, PublishPolicy
from transflow.ops.build.builder import _Builder
from transflow.ops.build.git import _git_source_commits
from transflow.ops.build.layout import _OutputLayout
from transflow.ops.build.records import _BuildRecords, _file_digest
from transflow.ops.build.values import FORMATS, ArticleBuild, BuildReport, OrphanOutput, Progress
from transflow.util.parallel import map_in_workers
from transflow.workspace.project import Project
from transflow.workspace.renames import renamed_to

# --- the command -------------------------------------------------------------------------


def build_project(
    project: Project,
    languages: Iterable[str] = (),
    articles: Iterable[str] = (),
    output: Path | str | None = None,
    policy: PublishPolicy | None = None,
    fmt: str = "markdown",
    progress: Progress | None = None,
    keep_orphans: bool = False,
    layout: str | None = None,
    url: str | None = None,
    claim_min: float | None = None,
    now: dt.datetime | None = None,
) -> BuildReport:
    """Build the selected articles (default all) in the selected languages (default all).

    ``output`` defaults to workflow.yaml's ``publish.output`` under the project root (a
    relative ``output`` given here is relative to the current directory, as on the command
    line); ``policy`` defaults to workflow.yaml's ``publish`` (:func:`resolve_policy`
    applies the command line's overrides). Paths in the report are relative to the
    project root, or absolute for an output outside it.
    A full build (no ``articles`` given) removes the outputs it built earlier for
    articles no longer in the project, removed or renamed, unless ``keep_orphans``; an
    output changed since it was built is kept and said so.
    A problem with the whole build (unknown language or article, an output folder that
    cannot be written) raises :class:`TransflowError` before anything is written; a
    problem with one article (a broken PO file) fails that article only.

    ``layout`` puts pages at ``<output>/<lang>/<slug>.md`` (``folders``) or
    ``<output>/<slug>.<lang>.md`` (``suffix``, Hugo's translation by filename); ``url``
    (e.g. ``"/{lang}/{slug}/"``) is the pattern of the site addresses pages link each
    other by, else the output files' relative paths; both default to the policy's
    (workflow.yaml ``publish.layout`` and ``publish.url``). ``claim_min`` is the percent
    of words below which a page does not announce itself as a translation (hreflang,
    JSON-LD), default workflow.yaml's ``publish.min_complete``.

    An article whose front matter sets an ``embargo`` later than ``now`` (default: the
    clock, or ``SOURCE_DATE_EPOCH``) is skipped in every language, and a page of it an
    earlier build wrote is withdrawn.
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
    output_layout = _OutputLayout(out_dir, fmt, project, layout or policy.layout, url or policy.url)
    # (A page of a language not selected that cannot be rewritten is simply not relinked.)
    output_layout.check_writable(slugs, build_languages)

    commits = _git_source_commits(project, [project.article_path(s) for s in slugs])
    builder = _Builder(project, policy, output_layout, commits, _BuildRecords.load(output_layout), claim_min, now)
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
    relinked: list[str] = []
    for slug, (results, relinked_now, changes) in _build_many(builder, pending, build_languages):
        by_slug[slug] = results
        relinked += relinked_now
        for key, record in changes:
            builder.records.put(key, record)
        done += 1
        if progress:
            progress(done, len(slugs))
    removed: list[OrphanOutput] = []
    if not tuple(articles) and not keep_orphans:
        removed = _remove_orphans(project, output_layout, builder.records, build_languages)
    builder.records.save()
    ordered = tuple(result for slug in slugs for result in by_slug[slug])
    return BuildReport(project.display(out_dir), fmt, policy, ordered, tuple(removed), tuple(relinked))


def _remove_orphans(project: Project, layout: _OutputLayout, records: _BuildRecords,
                    languages: list[str]) -> list[OrphanOutput]:
    """Remove what an earlier build wrote for articles that are gone: a static site
    would otherwise publish a removed article, or a renamed one under both names."""
    found = []
    for key in sorted(records.records):
        record = records.get(key) or {}
        moved_to = _moved_to(project, layout, key, record, languages)
        parsed = (record["language"], record["article"]) if moved_to else layout.parse_key(key)
        if parsed is None:
            continue  # written with the other layout, by a build that did not record whose it is
        language, slug = parsed
        if language not in languages or (slug in project.article_paths and moved_to is None):
            continue
        target = layout.root / key
        shown = layout.display(target)
        if not target.exists():
            records.put(key, None)
            continue
        now = None if moved_to else renamed_to(project, slug)
        if _file_digest(target) != record.get("sha256"):
            found.append(OrphanOutput(shown, slug, now, removed=False, moved_to=moved_to))
            continue  # changed since it was built: someone's edit, not ours to delete
        target.unlink()
        records.put(key, None)
        found.append(OrphanOutput(shown, slug, now, removed=True, moved_to=moved_to))
    return found


def _moved_to(project: Project, layout: _OutputLayout, key: str, record: dict[str, Any],
              languages: list[str]) -> str | None:
    """Where the page of a record now goes, when the record is of a page that another
    layout put elsewhere (``build/tr/x.md`` before ``--layout suffix``): a site would
    publish both. None for a page where this layout puts it, or of another format."""
    article, language = record.get("article"), record.get("language")
    if not (isinstance(article, str) and isinstance(language, str)) or article not in project.article_paths:
        return None
    if language not in languages:
        return None
    target = layout.target(language, article)
    if target == layout.root / key or target.suffix != Path(key).suffix:
        return None
    return layout.display(target)


#: Fewer articles to assemble than this are built in this process (starting workers costs more).
PARALLEL_MIN_ARTICLES = 100


_Built = tuple[list[ArticleBuild], list[str], list[tuple[str, dict[str, Any] | None]]]


def _build_many(builder: _Builder, slugs: list[str], languages: list[str]) -> Iterator[tuple[str, _Built]]:
    """Build articles in order; over worker processes when there are enough of them.

    Workers open the project again from its folder, so they are only used when that gives
    the same workflow as the project in hand (a caller may have changed it in memory).
    """
    def build_here(slug: str) -> _Built:
        return builder.build(slug, languages)

    if len(slugs) >= PARALLEL_MIN_ARTICLES and not builder.project.reopens_the_same():
        results: Iterator[_Built] = map(build_here, slugs)
    else:
        args = (
            builder.project.root,
            builder.policy,
            builder.layout.root,
            builder.layout.fmt,
            (builder.layout.layout, builder.layout.url, builder.claim_min, builder.now),
            dict(builder.commits),
            builder.records.records,
            languages,
        )
        results = map_in_workers(_worker_build, slugs, build_here, min_items=PARALLEL_MIN_ARTICLES,
                                 initializer=_worker_start, initargs=args)
    yield from zip(slugs, results, strict=True)


_worker: tuple[_Builder, list[str]] | None = None


def _worker_start(
    root: Path,
    policy: PublishPolicy,
    out_dir: Path,
    fmt: str,
    site: tuple[str, str | None, float, dt.datetime],
    commits: dict[str, str],
    records: dict[str, dict[str, Any]],
    languages: list[str],
) -> None:
    global _worker
    project = Project.open(root)
    layout_name, url, claim_min, now = site
    layout = _OutputLayout(out_dir, fmt, project, layout_name, url)
    _worker = (_Builder(project, policy, layout, commits, _BuildRecords(layout, records), claim_min, now), languages)


def _worker_build(slug: str) -> _Built:
    assert _worker is not None
    builder, languages = _worker
    return builder.build(slug, languages)
