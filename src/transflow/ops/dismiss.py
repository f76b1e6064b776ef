"""``transflow dismiss``: record that one check does not apply to one unit.

Weblate's ``ignore-<check>`` flags, kept the same way: the unit's entry in
``locales/<lang>/<slug>.po`` gets ``#, ignore-numbers`` and a comment saying who decided
and when. The decision holds across updates while the unit's source stays the same;
when the source changes, update drops it with the old text (see
:meth:`Entry.made_stale <transflow.model.catalog.Entry.made_stale>`). Who may switch a
check off is the registry's (:attr:`Check.dismissed_by <transflow.qa.registry.Check>`):
the checks that keep the page safe (html, links, urls, code) only an editor; a
forbidden translation (glossary-forbidden) the unit's reviewer or an editor, not the
translator who wrote it; the others also its translator.
"""

from __future__ import annotations

from dataclasses import dataclass

from transflow.errors import ProjectError
from transflow.formats.po import Header, read_catalog
from transflow.model.catalog import Attribution
from transflow.qa.checks import CHECKS
from transflow.util import clock
from transflow.util.fs import atomic_write_text, project_lock
from transflow.workspace.assignments import dismissal_refusal, effective_assignment, person_named, team_member
from transflow.workspace.project import Project
from transflow.workspace.templates import read_text, render_if_changed


@dataclass(frozen=True)
class Dismissed:
    article: str
    language: str
    unit: int
    source: str
    check: str
    by: str
    undone: bool
    changed: bool  # False: it was so already

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "language": self.language, "unit": self.unit, "source": self.source,
                "check": self.check, "by": self.by, "undone": self.undone, "changed": self.changed}


def dismiss_check(project: Project, slug: str, language: str, unit: int, check: str, person: str,
                  undo: bool = False) -> Dismissed:
    """Switch ``check`` off (or, with ``undo``, on again) for unit ``unit`` (1-based) of one file."""
    language = project.require_language(language)
    if check not in CHECKS:
        raise ProjectError(f"no check named '{check}' (checks: {', '.join(CHECKS)})")
    member = team_member(project, person_named(project, person) or person, language, "reviewer")
    assignment = effective_assignment(project, slug, language)
    refusal = dismissal_refusal(member, assignment, check, slug, language)
    if refusal:
        raise ProjectError(refusal, "workflow.yaml")
    path = project.po_path(language, project.slugs((slug,))[0])
    shown = project.display(path)
    if not path.exists():
        raise ProjectError(f"no PO file for '{slug}' in '{language}'; run 'transflow update' first", shown)
    with project_lock(project.root, sweep=[project.locales_dir]):
        catalog = read_catalog(path, shown)
        if not 1 <= unit <= len(catalog.entries):
            raise ProjectError(f"there is no unit {unit}; the file has units 1 to {len(catalog.entries)} "
                               "(pulled files say 'unit N of M')", shown)
        entry = catalog.entries[unit - 1]
        who = Attribution(member.id, clock.iso(clock.now()))
        updated = entry.without_dismissed(check) if undo else entry.with_dismissed(check, who)
        if updated != entry:
            catalog.entries[unit - 1] = updated
            old_text = read_text(path)
            text = render_if_changed(catalog, Header.REVISION_DATE, old_text)
            if text is not None:
                atomic_write_text(path, text, shown)
    return Dismissed(slug, language, unit, entry.msgid, check, member.id, undo, updated != entry)
