"""Assignments: who translates and reviews an article in a language, and by when.

workflow.yaml is written by people and never rewritten, so ``transflow assign``
records its assignments in a machine-written file, ``<locales>/assignments.yaml``.
An entry there overrides workflow.yaml's for the same article and language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from transflow.errors import ProjectError
from transflow.formats.workflow import (
    Assignment,
)
from transflow.util import clock
from transflow.util.fs import atomic_write_text, project_lock
from transflow.workspace.assignments import (
    assignments_path,
    effective_assignment,
    recorded_document,
    team_member,
)
from transflow.workspace.project import Project

_HEADER = (
    "# Written by 'transflow assign'; entries here override workflow.yaml's assignments.\n"
    "# Edit with 'transflow assign' so that the file stays valid.\n"
)


@dataclass(frozen=True)
class AssignResult:
    article: str
    language: str
    assignment: Assignment
    previous: Assignment

    def changes(self) -> list[str]:
        """What this assignment changed, field by field: ``reviewer olga -> dmitri``,
        ``due 2026-12-05 (kept)``."""
        out = []
        for name in ("translator", "reviewer", "due"):
            old, new = getattr(self.previous, name), getattr(self.assignment, name)
            shown_old = old.isoformat() if isinstance(old, dt.date) else old or "-"
            shown_new = new.isoformat() if isinstance(new, dt.date) else new or "-"
            if old == new:
                if new is not None:
                    out.append(f"{name} {shown_new} (kept)")
            else:
                out.append(f"{name} {shown_old} -> {shown_new}")
        return out


def assign_article(
    project: Project,
    slug: str,
    language: str,
    translator: str | None = None,
    reviewer: str | None = None,
    due: dt.date | None = None,
) -> AssignResult:
    """Record who translates (and reviews) an article in a language, and by when.

    What is not given is kept from the current assignment (``None``); an empty
    ``reviewer`` clears the reviewer. A first assignment needs a translator.
    """
    project.article_path(slug)
    language = project.require_language(language)
    previous = effective_assignment(project, slug, language)
    translator = translator if translator is not None else previous.translator
    if not translator:
        raise ProjectError(f"'{slug}' in '{language}' has no translator yet; name one with --translator")
    team_member(project, translator, language, "translator")
    if reviewer:
        team_member(project, reviewer, language, "reviewer")
        if reviewer == translator:
            raise ProjectError(f"{translator} cannot review their own translation; name another reviewer")
    # What is not said again is kept: reassigning the translator keeps reviewer and due date.
    reviewer = (reviewer or None) if reviewer is not None else previous.reviewer
    due = due if due is not None else previous.due
    if reviewer == translator:
        reviewer = None  # the former reviewer now translates; they cannot review themselves
    with project_lock(project.root, sweep=[project.locales_dir]):
        data = recorded_document(project)
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
