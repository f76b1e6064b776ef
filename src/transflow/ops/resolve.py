"""``transflow resolve``: an editor decides the units in conflict of one file.

A conflict comes from a submission that met a text changed since its pull, or from a
git merge of two branches that translated one unit differently. Deciding keeps one
text (the current one, the other one, or a text the editor writes), credits it to
whoever wrote it, closes the unit's conflicts and records who decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from transflow.errors import ProjectError
from transflow.formats.po import Header, read_catalog
from transflow.model.catalog import Attribution
from transflow.model.progress import OpenConflict
from transflow.util import clock
from transflow.util.fs import atomic_write_text, project_lock
from transflow.workspace.assignments import person_named, team_member
from transflow.workspace.conflicts import decided, open_conflicts
from transflow.workspace.project import Project
from transflow.workspace.templates import read_text, render_if_changed

#: What ``keep`` may name besides a text of the editor's own.
KEEP_CURRENT = "current"
KEEP_OTHER = "submitted"


@dataclass(frozen=True)
class Decision:
    """Keep ``current``, ``submitted`` (the latest other text) or the text given."""

    unit: int
    keep: str


@dataclass(frozen=True)
class Resolved:
    unit: int
    source: str
    text: str
    credited: str

    def as_dict(self) -> dict[str, object]:
        return {"unit": self.unit, "source": self.source, "text": self.text, "credited": self.credited}


def list_conflicts(project: Project, slug: str, language: str) -> list[OpenConflict]:
    """The open conflicts of one article in one language."""
    language = project.require_language(language)
    path = project.po_path(language, project.slugs((slug,))[0])
    return open_conflicts(read_catalog(path, project.display(path)), slug, language)


def resolve_conflicts(project: Project, slug: str, language: str, editor: str,
                      decisions: Sequence[Decision]) -> list[Resolved]:
    """Apply an editor's decisions to one file; all of them, or (on any error) none."""
    language = project.require_language(language)
    person = team_member(project, person_named(project, editor) or editor, language, "editor")
    if not person.editor:
        raise ProjectError(f"{person.id} is not an editor; only editors (editor: true in the team) decide conflicts",
                           "workflow.yaml")
    path = project.po_path(language, project.slugs((slug,))[0])
    shown = project.display(path)
    with project_lock(project.root, sweep=[project.locales_dir]):
        catalog = read_catalog(path, shown)
        old_text = read_text(path)
        open_units = {c.unit: c for c in open_conflicts(catalog, slug, language)}
        who = Attribution(person.id, clock.iso(clock.now()))
        done = []
        for decision in decisions:
            conflict = open_units.get(decision.unit)
            if conflict is None:
                listed = ", ".join(str(n) for n in open_units) or "none"
                raise ProjectError(f"unit {decision.unit} has no open conflict (units in conflict: {listed}); "
                                   "see 'transflow status --format json'", shown)
            entry = catalog.entries[decision.unit - 1]
            if decision.keep == KEEP_CURRENT:
                text = entry.msgstr
            elif decision.keep == KEEP_OTHER:
                text = conflict.others[-1].text
            else:
                text = decision.keep
            changed = text != entry.msgstr
            chosen = replace(entry, msgstr=text, fuzzy=entry.fuzzy and not changed,
                             reviewed=None if changed else entry.reviewed,
                             translated=entry.translated if not changed else who)
            final = decided(chosen, who)
            catalog.entries[decision.unit - 1] = final
            done.append(Resolved(decision.unit, entry.msgid, text, final.translated.person if final.translated else ""))
            del open_units[decision.unit]
        written = render_if_changed(catalog, Header.REVISION_DATE, old_text)
        if written is not None:
            atomic_write_text(path, written)
    return done
