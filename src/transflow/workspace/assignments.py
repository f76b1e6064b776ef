"""Who translates and reviews an article in a language, and by when: what
``transflow assign`` recorded in ``<locales>/assignments.yaml``, else workflow.yaml.
Read by status, pull and submit; written only by :mod:`transflow.ops.assign`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transflow.errors import ProjectError
from transflow.formats.workflow import (
    Assignment,
    Person,
    load_yaml_file,
    parse_recorded_assignments,
)
from transflow.qa.registry import REGISTRY, Dismisser
from transflow.workspace.project import Project, did_you_mean
from transflow.workspace.renames import former_slugs

ASSIGNMENTS_FILE = "assignments.yaml"


def assignments_path(project: Project) -> Path:
    return project.locales_dir / ASSIGNMENTS_FILE


def recorded_document(project: Project) -> dict[str, dict[str, dict[str, Any]]]:
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
    found = _assignment_of(project, slug, language)
    if found == Assignment():
        # Renamed by update: what was assigned under an earlier slug still holds.
        for old in former_slugs(project, slug):
            earlier = _assignment_of(project, old, language)
            if earlier != Assignment():
                return earlier
    return found


def _assignment_of(project: Project, slug: str, language: str) -> Assignment:
    recorded = _recorded_cache(project).get((slug, language))
    return recorded if recorded is not None else project.workflow.assignment(slug, language)


def _recorded_cache(project: Project) -> dict[tuple[str, str], Assignment]:
    cache = getattr(project, "_recorded_assignments", None)
    if cache is None:
        cache = recorded_assignments(project)
        project._recorded_assignments = cache  # type: ignore[attr-defined]
    return cache


_NAME_AND_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<(?P<email>[^<>\s]+)>)?\s*$")


def person_named(project: Project, text: str) -> str | None:
    """The id of the one team member a header such as Last-Translator names ("Olga
    Smirnova <olga@example.org>"): by e-mail first, else by exact name; None otherwise."""
    match = _NAME_AND_EMAIL.match(text)
    if not match:
        return None
    team = project.workflow.team.values()
    email = (match.group("email") or "").lower()
    by_email = [p.id for p in team if email and p.email and p.email.lower() == email]
    by_name = [p.id for p in team if match.group("name") and p.name == match.group("name")]
    found = by_email or by_name
    return found[0] if len(found) == 1 else None


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


def dismissal_refusal(person: Person, assignment: Assignment, check: str, slug: str, language: str) -> str | None:
    """Why ``person`` may not switch ``check`` off for a unit of ``slug`` in ``language``
    (the registry says who may: :class:`~transflow.qa.registry.Dismisser`); None when they may.
    One rule for ``transflow dismiss`` and for ``#, ignore-<check>`` in a submitted file."""
    if person.editor:
        return None
    allowed = REGISTRY[check].dismissed_by
    if allowed is Dismisser.EDITOR:
        return f"only an editor may switch off '{check}' for a unit (it keeps the published page safe)"
    if person.id not in (assignment.reviewer, assignment.translator):
        return f"{person.id} is neither an editor nor assigned to '{slug}' in '{language}'; ask its reviewer or an editor"
    if allowed is Dismisser.REVIEWER and person.id != assignment.reviewer:
        reviewer = assignment.reviewer
        instead = (f"only its reviewer ({reviewer}) or an editor may; write the glossary's translation, or ask "
                   f"{reviewer} or an editor" if reviewer else
                   "only its reviewer or an editor may, and it has no reviewer; ask an editor")
        return f"{person.id} may not switch off '{check}' for a unit of '{slug}' in '{language}': {instead}"
    return None
