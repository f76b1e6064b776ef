"""``transflow pull``: PO files of a translator's work, ready for any PO editor.

A pulled file is the article's PO file with what a translator needs added: the
block kind and position of each unit, the article title, and a header that records
who pulled it and when. Each entry with a translation carries the fingerprint of
the translation it was pulled with (``# transflow-base: …``), so ``submit`` can tell
the translator's own changes from changes made by others since.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from . import clock
from .assign import effective_assignment, team_member
from .catalog import Catalog, Entry, review_digest
from .errors import ProjectError
from .fsutil import atomic_write_text
from .pofile import BASE_TAG, catalog_to_text, read_catalog
from .project import Project, check_slug

PULLED_BY = "X-Transflow-Pulled-By"
PULLED_AT = "X-Transflow-Pulled-At"


def base_digest(msgstr: str) -> str:
    """Fingerprint of the translation a unit had when it was pulled."""
    return review_digest("", msgstr)


@dataclass(frozen=True)
class PulledFile:
    article: str
    language: str
    path: Path
    units: int
    to_do: int


def pull_work(
    project: Project,
    language: str,
    translator: str | None = None,
    articles: tuple[str, ...] = (),
    output: Path = Path("pulled"),
) -> list[PulledFile]:
    """Write ``output/<language>/<slug>.po`` for each article of the work.

    Without ``articles``, the work is every article assigned to ``translator`` in
    that language. Pulling an article assigned to someone else is refused, so two
    translators never get the same units.
    """
    project.require_language(language)
    person = team_member(project, translator, language, "translator") if translator else None
    if articles:
        slugs = project.slugs(articles)
    elif translator:
        slugs = [s for s in project.slugs() if effective_assignment(project, s, language).translator == translator]
        if not slugs:
            raise ProjectError(f"nothing is assigned to {translator} in '{language}'; see 'transflow assign'")
    else:
        raise ProjectError("say whose work to pull (--translator NAME) or which articles (--article SLUG)")
    if translator:
        for slug in slugs:
            assigned = effective_assignment(project, slug, language).translator
            if assigned and assigned != translator:
                raise ProjectError(
                    f"'{slug}' in '{language}' is assigned to {assigned}, not {translator}; "
                    "ask an editor to reassign it with 'transflow assign'"
                )
    moment = clock.iso(clock.now())
    pulled = []
    for slug in slugs:
        source = project.po_path(language, slug)
        if not source.exists():
            raise ProjectError(f"no PO file for '{slug}' in '{language}'; run 'transflow update' first",
                               project.display(source))
        catalog = read_catalog(source, project.display(source))
        prepared = _for_translator(catalog, person.display if person else None, translator, moment)
        target = output / language / f"{check_slug(slug)}.po"
        atomic_write_text(target, catalog_to_text(prepared, _header_comment(project, catalog)), str(target))
        to_do = sum(1 for e in catalog.entries if not e.is_translated)
        pulled.append(PulledFile(slug, language, target, len(catalog.entries), to_do))
    return pulled


def _for_translator(catalog: Catalog, display: str | None, translator: str | None, moment: str) -> Catalog:
    kinds = Counter(entry.comment for entry in catalog.entries)
    seen: Counter[str] = Counter()
    entries = []
    for index, entry in enumerate(catalog.entries, 1):
        seen[entry.comment] += 1
        where = f"{entry.comment} {seen[entry.comment]} of {kinds[entry.comment]}; unit {index} of {len(catalog.entries)}"
        notes = tuple(n for n in entry.notes if not n.startswith(BASE_TAG))
        notes += (f"{BASE_TAG} {base_digest(entry.msgstr)}",)
        entries.append(replace(entry, comment=where, notes=notes))
    headers = dict(catalog.headers)
    headers["Last-Translator"] = display or headers.get("Last-Translator", "")
    headers[PULLED_BY] = translator or ""
    headers[PULLED_AT] = moment
    # Obsolete entries stay in locales/; a translator's file holds the live units only.
    return Catalog(catalog.slug, catalog.language, entries, [], headers)


def _header_comment(project: Project, catalog: Catalog) -> str:
    title = next((e.msgid for e in catalog.entries if e.comment == "title"), catalog.slug)
    return (
        f"{title}\n"
        f"Article '{catalog.slug}' in '{catalog.language}', pulled from {project.root.name}.\n"
        "Translate the empty and fuzzy entries; remove the fuzzy flag when a translation is right.\n"
        "Hand the file back with 'transflow submit'."
    )
