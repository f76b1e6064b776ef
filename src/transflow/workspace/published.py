"""What is on the site: the pages ``build`` wrote, as its record in the output folder
tells, and whether each is behind its source (a correction or update to the original
since the page was built).

A page is *outdated* when the source it was built from is not the source now (its
bytes differ), or when it was rebuilt after such a change with the changed units left
in the source language (``publish.outdated: fallback``). The record is build's own
file, ``<output>/.transflow-build.json``; it is read, never trusted for more than it
says: a page whose file is gone is not on the site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transflow.model.catalog import UnitStatus
from transflow.util import clock
from transflow.util.git import git_output
from transflow.workspace.project import Project

#: In the output folder, like Sphinx's .buildinfo: per output, the digest of everything
#: it was made from, so a rebuild only assembles what changed. Deleting it is always safe.
BUILD_RECORD = ".transflow-build.json"
#: Bumped when the layout of the record changes: an older record is then ignored.
RECORD_FORMAT = 2


def read_build_records(folder: Path) -> dict[str, dict[str, Any]]:
    """The records of an output folder by output path (relative to it); none when the
    file is missing, unreadable or of another format (it only makes builds faster)."""
    with contextlib.suppress(OSError, ValueError):
        data = json.loads((folder / BUILD_RECORD).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == RECORD_FORMAT and isinstance(data.get("outputs"), dict):
            return {key: value for key, value in data["outputs"].items() if isinstance(value, dict)}
    return {}


def source_digest(raw: bytes) -> str:
    """Identifies a source's bytes (not how they are segmented: a new segmenter does not
    make every page outdated)."""
    return hashlib.sha256(raw).hexdigest()[:32]


def unit_digest(text: str) -> str:
    """A short name for a unit's source text, to remember which units a page left in
    the source language."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class PublishedPage:
    """A page of an article in one language that build wrote and is still there."""

    article: str
    language: str
    path: str  # relative to the project root
    source_digest: str  # of the source it was built from
    #: When its source changed, once build saw the page outdated (kept, or rebuilt with fallback text).
    outdated_since: str | None
    #: The units the page left in the source language when it was built.
    fallback_units: frozenset[str]
    withdrawn: bool = False  # taken off the site as outdated (publish.outdated: withdraw)

    def outdated(self, current_digest: str | None) -> bool:
        return self.outdated_since is not None or (current_digest is not None and current_digest != self.source_digest)


def changed_since(page: PublishedPage, msgid: str, status: UnitStatus | None, done: bool) -> bool:
    """Whether a unit of the source now changed since ``page`` was built and is not
    translated for its new text: stale (its translation is of the old source), or not done
    and new (a unit the page already left in the source language does not count)."""
    if status is UnitStatus.STALE:
        return True
    return not done and unit_digest(msgid) not in page.fallback_units


def outdated_pages(
    project: Project, digest_of: Callable[[str], str | None]
) -> dict[tuple[str, str], PublishedPage]:
    """The pages in workflow.yaml's ``publish.output`` folder that are behind their source
    (``digest_of(slug)`` gives the source's digest now, None when not asked), withdrawn ones
    included, by (article, language)."""
    folder = project.root / project.workflow.publish.output
    pages: dict[tuple[str, str], PublishedPage] = {}
    for key, record in read_build_records(folder).items():
        page = page_of_record(record, project.display(folder / key))
        if page is not None and page.outdated(digest_of(page.article)) and (page.withdrawn or (folder / key).is_file()):
            pages[page.article, page.language] = page
    return pages


def page_of_record(record: dict[str, Any], path: str) -> PublishedPage | None:
    """The page a build record describes (``path`` its place, relative to the project);
    None for a record that does not say (one of a skipped language, or of an older build)."""
    article, language, digest = record.get("article"), record.get("language"), record.get("source_digest")
    if not (isinstance(article, str) and isinstance(language, str) and isinstance(digest, str)):
        return None
    since = record.get("outdated_since")
    units = record.get("fallback_units")
    return PublishedPage(
        article, language, path, digest, since if isinstance(since, str) else None,
        frozenset(u for u in units if isinstance(u, str)) if isinstance(units, list) else frozenset(),
        withdrawn=record.get("withdrawn") is True,
    )


def source_changed_at(project: Project, slug: str) -> str:
    """When the article's source took its present form, as ISO 8601 UTC: the date of the
    last commit that changed it when the file is as committed, else the file's time."""
    path = project.article_path(slug)
    committed = _committed_date(project.root, path)
    if committed is not None:
        return committed
    try:
        return clock.iso(dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC))
    except OSError:
        return clock.iso(clock.now())


def _committed_date(root: Path, path: Path) -> str | None:
    status = git_output(root, "status", "--porcelain", "--", str(path))
    if status is None or status.strip():
        return None  # not in git, or changed since its last commit
    stamp = git_output(root, "log", "-1", "--format=%ct", "--", str(path))
    if not stamp or not stamp.strip().isdigit():
        return None
    return clock.iso(dt.datetime.fromtimestamp(int(stamp), dt.UTC))
