"""Units in conflict: two texts, one kept as the unit's text and the others in
``transflow-conflict`` comments, until an editor decides (``submit --force`` or
``transflow resolve``)."""

from __future__ import annotations

from dataclasses import replace

from transflow.formats.po import CONFLICT_TAG, DECIDED_TAG, conflicting_versions
from transflow.model.catalog import Attribution, Catalog, Entry
from transflow.model.progress import ConflictVersion, OpenConflict


def open_conflicts(catalog: Catalog, article: str, language: str) -> list[OpenConflict]:
    """The units of a file that hold conflicts, in the file's order."""
    found = []
    for number, entry in enumerate(catalog.entries, start=1):
        versions = conflicting_versions(entry)
        if not versions:
            continue
        who = entry.translated
        current = ConflictVersion(entry.msgstr, who.person if who else None, who.when if who else None)
        others = tuple(ConflictVersion(text, by.person, by.when or None) for by, text in versions)
        found.append(OpenConflict(article, language, number, entry.msgid, current, others))
    return found


def decided(entry: Entry, editor: Attribution) -> Entry:
    """An editor's decision: ``entry.msgstr`` stays, credited to whoever wrote it (one of
    the conflicting versions, else the editor), and the unit's conflicts close, leaving
    only the record of who decided."""
    author = next((who for who, text in conflicting_versions(entry) if text == entry.msgstr), None)
    notes = tuple(n for n in entry.notes if not n.startswith((CONFLICT_TAG, DECIDED_TAG)))
    return replace(entry, translated=author or entry.translated or editor,
                   notes=(*notes, f"{DECIDED_TAG} {editor.person} {editor.when}"))
