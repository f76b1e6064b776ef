"""Renamed articles: how ``update`` finds them, and the record that lets everything
else follow (assignments, files pulled before the rename, ``diff``).

``update`` records each rename it makes in ``<locales>/renames.yaml`` (old slug: new
slug, chains collapsed, written by transflow and committed with locales/), so that a
translator's file pulled under the old slug is still accepted, and an assignment made
for the old slug still holds for the new one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from transflow.errors import ConfigError, TransflowError
from transflow.formats.po import read_catalog, read_header_hash
from transflow.formats.workflow import load_yaml_file, slug_problem
from transflow.util.fs import restore_advice
from transflow.workspace.project import Project
from transflow.workspace.templates import orphaned_templates

RENAMES_FILE = "renames.yaml"
#: How much of an orphaned template's units a new article must hold to be its rename.
RENAME_MIN_OVERLAP = 0.5


def renames_path(project: Project) -> Path:
    return project.locales_dir / RENAMES_FILE


def read_renames(project: Project) -> dict[str, str]:
    """Old slug -> the slug it is now, as ``update`` recorded them."""
    cached = getattr(project, "_renames", None)
    if cached is not None:
        return dict(cached)
    path = renames_path(project)
    found: dict[str, str] = {}
    if path.exists():
        shown = project.display(path)
        data = load_yaml_file(path, shown)
        if data is not None and not isinstance(data, dict):
            raise ConfigError(f"must map old slugs to new ones (old-slug: new-slug); {restore_advice(path)}", shown)
        for old, new in (data or {}).items():
            if not (isinstance(old, str) and isinstance(new, str)) or slug_problem(old) or slug_problem(new):
                raise ConfigError(f"'{old}: {new}' is not a rename of one slug to another; {restore_advice(path)}",
                                  shown)
            found[old] = new
    project._renames = found  # type: ignore[attr-defined]
    return dict(found)


def renames_text(project: Project, made: dict[str, str]) -> str:
    """The record with the renames ``made`` (new slug -> old) added, chains collapsed
    (a -> b then b -> c is a -> c) and an article renamed back dropped."""
    renames = read_renames(project)
    for new, old in made.items():
        for earlier, current in list(renames.items()):
            if current == old:
                renames[earlier] = new
        renames[old] = new
        renames.pop(new, None)  # renamed back: its own name again
    renames = {old: new for old, new in renames.items() if old != new}
    header = "# Renamed articles (old slug: new slug), recorded by transflow update. Keep it in git.\n"
    return header + (yaml.safe_dump(dict(sorted(renames.items())), allow_unicode=True, sort_keys=False)
                     if renames else "{}\n")


def renamed_to(project: Project, slug: str) -> str | None:
    """What an article that is no longer in the project is called now."""
    current = read_renames(project).get(slug)
    return current if current in project.article_paths else None


def former_slugs(project: Project, slug: str) -> list[str]:
    """The slugs an article had before, most recent rename first."""
    return [old for old, new in reversed(read_renames(project).items()) if new == slug]


def detect_renames(project: Project, slugs: list[str]) -> dict[str, str]:
    """New slug -> old slug, for articles whose template lost its source and reappeared.

    Same source bytes is a rename for sure; otherwise most of the old units must be
    in the new article.
    """
    orphans = orphaned_templates(project)
    if not orphans:
        return {}
    # A new slug has no files of its own yet: otherwise it is not a rename target.
    fresh = [
        slug for slug in slugs
        if not project.template_path(slug).exists()
        and not any(project.po_path(lang, slug).exists() for lang in project.workflow.languages)
    ]
    renames: dict[str, str] = {}
    orphan_units: dict[str, set[str]] = {}
    for orphan in orphans:
        try:
            orphan_units[orphan] = {e.msgid for e in read_catalog(project.template_path(orphan)).entries}
        except TransflowError:
            continue
    for slug in fresh:
        try:
            article = project.read_article(slug)
            units = {u.text for u in project.segment(article).units}
        except TransflowError:
            continue
        best, best_score = None, 0.0
        for orphan, old_units in orphan_units.items():
            if orphan in renames.values() or not old_units:
                continue
            score = len(units & old_units) / len(old_units | units)
            if read_header_hash(project.template_path(orphan)) == project.source_hash(article):
                score = 1.0
            if score > best_score:
                best, best_score = orphan, score
        if best is not None and best_score >= RENAME_MIN_OVERLAP:
            renames[slug] = best
    return renames
