"""``transflow pull``: PO files of a translator's work, ready for any PO editor.

A pulled file is the article's PO file with what a translator needs added: the
block kind and position of each unit, the glossary terms of its source with their
approved translations and notes, the article title, and a header that records who
pulled it and when. Each entry with a translation carries the fingerprint of
the translation it was pulled with (``# transflow-base: …``), so ``submit`` can tell
the translator's own changes from changes made by others since.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from transflow.errors import ProjectError, TransflowError
from transflow.formats.po import (
    BASE_TAG,
    PULLED_AT,
    PULLED_BY,
    PULLED_COPY,
    PULLED_FOR,
    Header,
    base_digest,
    catalog_to_text,
    read_catalog,
    read_header_hash,
)
from transflow.formats.xliff import catalog_to_xliff, catalog_to_xliff2, read_translation_file
from transflow.model.catalog import Catalog
from transflow.qa.terms import term_hint
from transflow.segment.article import Unit
from transflow.util import clock
from transflow.util.fs import atomic_write_text
from transflow.workspace.assignments import effective_assignment, team_member
from transflow.workspace.project import Project, check_slug

#: Pull formats and the suffix of their files.
PULL_FORMATS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf"}
_XLIFF_WRITERS = {"xliff": catalog_to_xliff, "xliff2": catalog_to_xliff2}
#: How a glossary term is introduced in a pulled unit's comments.
GLOSSARY_HINT = "glossary:"


@dataclass(frozen=True)
class PulledFile:
    article: str
    language: str
    path: Path
    units: int
    to_do: int  # to translate or check (to review, for a reviewer)
    role: str = "translator"


def pull_work(
    project: Project,
    language: str,
    translator: str | None = None,
    articles: tuple[str, ...] = (),
    output: Path | None = None,
    reviewer: str | None = None,
    force: bool = False,
    fmt: str = "po",
) -> list[PulledFile]:
    """Write ``output/<language>/<slug>.po`` (default output: ``<project>/pulled``) for the work.

    Without ``articles``, the work is every article assigned to ``translator`` (or
    for review to ``reviewer``) in that language. Pulling an article assigned to
    someone else is refused, so two translators never get the same units. A pulled
    file that holds translations not yet submitted is not overwritten unless ``force``.
    ``fmt`` is ``po``, ``xliff`` (XLIFF 1.2, ``<slug>.xlf``, for agencies' CAT tools) or
    ``xliff2`` (XLIFF 2.1, also ``<slug>.xlf``).
    """
    if fmt not in PULL_FORMATS:
        raise ProjectError(f"unknown format '{fmt}' (formats: {', '.join(PULL_FORMATS)})")
    language = project.require_language(language)
    if translator and reviewer:
        raise ProjectError("pull as a translator or as a reviewer, not both")
    role = "reviewer" if reviewer else "translator"
    person_id = reviewer or translator
    person = team_member(project, person_id, language, role) if person_id else None

    def assigned(slug: str) -> str | None:
        assignment = effective_assignment(project, slug, language)
        return assignment.reviewer if reviewer else assignment.translator

    if articles:
        slugs = project.slugs(articles)
    elif person_id:
        slugs = [s for s in project.slugs() if assigned(s) == person_id]
        if not slugs:
            raise ProjectError(f"nothing is assigned to {person_id} as {role} in '{language}'; see 'transflow assign'")
    else:
        raise ProjectError("say whose work to pull (--translator or --reviewer NAME) or which articles (--article SLUG)")
    for slug in slugs:
        if person_id and assigned(slug) not in (None, person_id):
            raise ProjectError(
                f"'{slug}' in '{language}' is assigned to {assigned(slug)}, not {person_id}; "
                "ask an editor to reassign it with 'transflow assign'"
            )
    output = output if output is not None else project.root / "pulled"
    moment = clock.iso(clock.now())
    prepared_files = []
    for slug in slugs:
        source = project.po_path(language, slug)
        article = project.read_article(slug)
        if read_header_hash(source) != project.source_hash(article):
            raise ProjectError(f"'{slug}' changed since the last update (or was never updated); "
                               "run 'transflow update' first", project.display(source))
        catalog = read_catalog(source, project.display(source))
        positions = _positions(project.segment(article).units)
        hints = _glossary_hints(project, catalog, language)
        prepared = _for_translator(catalog, positions, hints, person.display if person else None, person_id, role,
                                   moment)
        target = output / language / f"{check_slug(slug)}{PULL_FORMATS[fmt]}"
        project.refuse_own_files(target, str(target))  # --force never makes a copy replace locales/
        if not force:
            _refuse_unsubmitted(target, catalog)
        # A translator's work is what is not translated; a reviewer's, what is not reviewed yet.
        to_do = sum(1 for e in catalog.entries
                    if (e.is_translated and e.reviewed is None if reviewer else not e.is_translated))
        if fmt in _XLIFF_WRITERS:
            original = project.display(project.article_path(slug))
            text = _XLIFF_WRITERS[fmt](prepared, project.workflow.source_language, original)
        else:
            text = catalog_to_text(prepared, _header_comment(project, catalog, role))
        prepared_files.append((target, text, PulledFile(slug, language, target, len(catalog.entries), to_do, role)))
    for target, text, _ in prepared_files:  # all checked: now write
        atomic_write_text(target, text, str(target))
    return [pulled for _, _, pulled in prepared_files]


def _refuse_unsubmitted(target: Path, catalog: Catalog) -> None:
    """A translator's file with translations locales/ does not have yet is work in progress."""
    if not target.exists():
        return
    try:
        existing = read_translation_file(target, str(target))
    except TransflowError:
        raise ProjectError("exists and cannot be read; submit or move it first, or pass --force to overwrite it",
                           str(target)) from None
    current = catalog.by_msgid()
    unsaved = sum(
        1 for e in existing.entries
        if e.msgstr and (e.msgid not in current or current[e.msgid].msgstr != e.msgstr or current[e.msgid].fuzzy != e.fuzzy)
    )
    if unsaved:
        raise ProjectError(
            f"holds {unsaved} translation(s) not submitted yet; submit it first, or pass --force to overwrite it",
            str(target),
        )


def _positions(units: Sequence[Unit]) -> dict[str, str]:
    """Where each unit stands, for translators: block kind, block n of N, sentence k of K."""
    per_block = Counter(unit.block for unit in units)
    blocks = len(per_block)
    seen: Counter[int] = Counter()
    positions: dict[str, str] = {}
    for unit in units:
        seen[unit.block] += 1
        where = f"{unit.kind}, block {unit.block + 1} of {blocks}"
        if per_block[unit.block] > 1:
            where += f", sentence {seen[unit.block]} of {per_block[unit.block]}"
        positions.setdefault(unit.text, where)
    return positions


def _glossary_hints(project: Project, catalog: Catalog, language: str) -> dict[str, list[str]]:
    """Per unit, the glossary terms of its source as a translator reads them."""
    if not project.term_index:
        return {}
    return {entry.msgid: [f"{GLOSSARY_HINT} {term_hint(term.in_language(language))}"
                          for term in project.term_index.terms_in(entry.msgid)]
            for entry in catalog.entries}


def _for_translator(
    catalog: Catalog, positions: dict[str, str], hints: dict[str, list[str]], display: str | None,
    person: str | None, role: str, moment: str,
) -> Catalog:
    entries = []
    for index, entry in enumerate(catalog.entries, 1):
        where = f"{positions.get(entry.msgid, entry.comment)}; unit {index} of {len(catalog.entries)}"
        # Extracted comments: every PO editor shows them beside the unit (XLIFF: a developer note).
        where = "\n".join((where, *hints.get(entry.msgid, ())))
        notes = tuple(n for n in entry.notes if not n.startswith(BASE_TAG))
        notes += (f"{BASE_TAG} {base_digest(entry.msgstr)}",)
        entries.append(replace(entry, comment=where, notes=notes))
    headers = dict(catalog.headers)
    headers[Header.LAST_TRANSLATOR] = display or headers.get(Header.LAST_TRANSLATOR, "")
    headers[PULLED_BY] = person or ""
    headers[PULLED_FOR] = role
    headers[PULLED_AT] = moment
    headers[PULLED_COPY] = secrets.token_hex(4)
    # Obsolete entries stay in locales/; a translator's file holds the live units only.
    return Catalog(catalog.slug, catalog.language, entries, [], headers)


def _header_comment(project: Project, catalog: Catalog, role: str) -> str:
    title = next((e.msgid for e in catalog.entries if e.comment == "title"), catalog.slug)
    if role == "reviewer":
        todo = ("Review the translations; correct what is wrong.\n"
                "Hand the file back with 'transflow submit --review'.")
    else:
        todo = ("Translate the empty and fuzzy entries; remove the fuzzy flag when a translation is right.\n"
                "Hand the file back with 'transflow submit'.")
    return f"{title}\nArticle '{catalog.slug}' in '{catalog.language}', pulled from {project.root.name}.\n{todo}"
