"""Assignments: who translates and reviews an article in a language, and by when.

workflow.yaml is written by people and never rewritten, so ``transflow assign``
records its assignments in a machine-written file, ``<locales>/assignments.yaml``.
An entry there overrides workflow.yaml's for the same article and language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from transflow.errors import ProjectError
from transflow.formats.workflow import (
    Assignment,
    Person,
    load_yaml_file,
    parse_recorded_assignments,
)
from transflow.util import clock
from transflow.util.fs import atomic_write_text, project_lock
from transflow.workspace.project import Project, did_you_mean

ASSIGNMENTS_FILE = "assignments.yaml"
_HEADER = (
    "# Written by 'transflow assign'; entries here override workflow.yaml's assignments.\n"
    "# Edit with 'transflow assign' so that the file stays valid.\n"
)


def assignments_path(project: Project) -> Path:
    return project.locales_dir / ASSIGNMENTS_FILE


def _load_recorded(project: Project) -> dict[str, dict[str, dict[str, Any]]]:
    """The file's document as written, for ``assign`` to add to (validated first)."""
    path = assignments_path(project)
    if not path.exists():
        return {}
    data = load_yaml_file(path, project.display(path))
    parse_recorded_assignments(data, project.workflow, project.display(path))
    return data or {}


def recorded_assignments(project: Project) -> dict[tuple[str, str], Assignment]:
    """The assignments recorded by ``transflow assign``, by (slug, language)."""
    path = assignments_path(project)
    if not path.exists():
        return {}
    return parse_recorded_assignments(load_yaml_file(path, project.display(path)), project.workflow, project.display(path))


def effective_assignment(project: Project, slug: str, language: str) -> Assignment:
    """What holds for (slug, language): ``transflow assign``'s record, else workflow.yaml's."""
    recorded = _recorded_cache(project).get((slug, language))
    return recorded if recorded is not None else project.workflow.assignment(slug, language)


def _recorded_cache(project: Project) -> dict[tuple[str, str], Assignment]:
    cache = getattr(project, "_recorded_assignments", None)
    if cache is None:
        cache = recorded_assignments(project)
        project._recorded_assignments = cache  # type: ignore[attr-defined]
    return cache


def team_member(project: Project, person_id: str, language: str, role: str) -> Person:
    """A person of the team who works in ``language``; anyone else is refused."""
    team = project.workflow.team
    if person_id not in team:
        raise ProjectError(f"'{person_id}' is not in the team{did_you_mean(person_id, team)} "
                           f"(team: {', '.join(sorted(team)) or 'none'}; people are listed under team in workflow.yaml)")
    person = team[person_id]
    if person.languages and language not in person.languages:
        raise ProjectError(f"{person_id} cannot be {role} for '{language}': they work in {', '.join(person.languages)}")
    return person


@dataclass(frozen=True)
class AssignResult:
    article: str
    language: str
    assignment: Assignment
    previous: Assignment


def assign_article(
    project: Project,
    slug: str,
    language: str,
    translator: str,
    reviewer: str | None = None,
    due: dt.date | None = None,
) -> AssignResult:
    """Record who translates (and reviews) an article in a language, and by when."""
    project.article_path(slug)
    project.require_language(language)
    team_member(project, translator, language, "translator")
    if reviewer is not None:
        team_member(project, reviewer, language, "reviewer")
        if reviewer == translator:
            raise ProjectError(f"{translator} cannot review their own translation; name another reviewer")
    previous = effective_assignment(project, slug, language)
    # What is not said again is kept: reassigning the translator keeps reviewer and due date.
    reviewer = reviewer if reviewer is not None else previous.reviewer
    due = due if due is not None else previous.due
    if reviewer == translator:
        reviewer = None  # the former reviewer now translates; they cannot review themselves
    with project_lock(project.root, sweep=[project.locales_dir]):
        data = _load_recorded(project)
        entry: dict[str, Any] = {"translator": translator}
        if reviewer is not None:
            entry["reviewer"] = reviewer
        if due is not None:
            entry["due"] = due.isoformat()
        entry["assigned"] = clock.iso(clock.now())
        data.setdefault(slug, {})[language] = entry
        ordered = {s: {lang: data[s][lang] for lang in sorted(data[s])} for s in sorted(data)}
        text = _HEADER + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=False)
        path = assignments_path(project)
        atomic_write_text(path, text, project.display(path))
        project._recorded_assignments = None  # type: ignore[attr-defined]
    return AssignResult(slug, language, Assignment(translator, reviewer, due), previous)
