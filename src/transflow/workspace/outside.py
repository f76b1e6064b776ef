"""Work done in locales/ outside transflow: found by content, attributed, counted.

transflow records, with each translation it writes, the fingerprint of that text
(``Attribution.text``). A unit whose text no longer matches it, or a translation that
carries no attribution at all, was written by something else: Weblate, a PO editor
opened on locales/, a hand edit, a merge. Such work is credited to the team member the
file's Last-Translator names (by e-mail, else by exact name), else to
:data:`OUTSIDE_TRANSFLOW`, at the file's PO-Revision-Date. Its review, if any, was
already void (a review holds the fingerprint of the text it approved).
"""

from __future__ import annotations

from dataclasses import replace

from transflow.formats.po import Header
from transflow.model.catalog import Attribution, Catalog, Entry, text_digest
from transflow.util import clock
from transflow.workspace.assignments import person_named
from transflow.workspace.project import Project

#: Who is credited with work that no team member is named for.
OUTSIDE_TRANSFLOW = "outside-transflow"


def is_outside_edit(entry: Entry) -> bool:
    """Whether the unit's text was written by something other than transflow."""
    if not entry.msgstr:
        return False
    written = entry.translated
    if written is None:
        # transflow's own suggestions (a reused translation) are fuzzy and say where they
        # came from; anything else without an attribution came from elsewhere.
        return not entry.fuzzy or entry.origin is None
    return bool(written.text) and written.text != text_digest(entry.msgstr)


def outside_author(project: Project, catalog: Catalog) -> Attribution:
    """Who did the work outside transflow in this file, and when, by its header."""
    person = person_named(project, catalog.headers.get(Header.LAST_TRANSLATOR, "")) or OUTSIDE_TRANSFLOW
    revised = clock.from_po_date(catalog.headers.get(Header.REVISION_DATE, ""))
    return Attribution(person, clock.iso(revised) if revised else "")


def attribute_outside_edits(project: Project, catalog: Catalog) -> int:
    """Credit every outside edit of ``catalog`` (in place); returns how many there were."""
    author: Attribution | None = None
    found = 0
    for entries in (catalog.entries, catalog.obsolete):
        for i, entry in enumerate(entries):
            if not is_outside_edit(entry):
                continue
            author = author or outside_author(project, catalog)
            entries[i] = replace(entry, translated=replace(author, text=text_digest(entry.msgstr)), reviewed=None)
            found += 1
    return found
