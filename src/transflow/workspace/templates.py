"""An article's template and PO files as update writes them: entries from the
segmented source, headers, and the quick reads of a written file's header that let
every command see whether a file is current without parsing it."""

from __future__ import annotations

from pathlib import Path

from transflow.formats.po import Header, catalog_to_text
from transflow.model.catalog import Catalog, Entry
from transflow.segment.article import SegmentedArticle
from transflow.util import clock, languages, plurals
from transflow.workspace.project import Project, SourceArticle


def orphaned_templates(project: Project) -> list[str]:
    """Slugs with a template in locales/ but no source article."""
    if not project.locales_dir.is_dir():
        return []
    return sorted(p.stem for p in project.locales_dir.glob("*.pot") if p.stem not in project.article_paths)


# --- templates ---------------------------------------------------------------------------


def build_template(article: SourceArticle, segmented: SegmentedArticle) -> list[Entry]:
    """One entry per distinct source text, in order, with every place it stands."""
    # A text repeated thousands of times (a table's "Yes" cells) gathers its references
    # in a dict: linear, where growing a tuple per repetition was quadratic.
    references: dict[str, dict[str, None]] = {}
    kinds: dict[str, str] = {}
    for unit in segmented.units:
        references.setdefault(unit.text, {})[f"{article.display}:{unit.line}"] = None
        kinds.setdefault(unit.text, str(unit.kind))
    return [Entry(msgid=text, references=tuple(refs), comment=kinds[text]) for text, refs in references.items()]


def template_headers(project: Project, article: SourceArticle, source_hash: str, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": article.slug,
        "POT-Creation-Date": created,
        # A template is filled in per language; these are gettext's own placeholders.
        Header.REVISION_DATE: "YEAR-MO-DA HO:MI+ZONE",
        Header.LAST_TRANSLATOR: "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        Header.LANGUAGE: "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        Header.ARTICLE: article.slug,
        Header.SOURCE: article.display,
        Header.SEGMENTATION: project.workflow.segmentation,
        Header.SOURCE_HASH: source_hash,
    }


def po_headers(template: dict[str, str], language: str, old: dict[str, str], revised: str) -> dict[str, str]:
    """A language's headers: transflow's own from the template, every other key as the
    file had it (X-Generator, Report-Msgid-Bugs-To, a team's Language-Team), so that
    transflow and Weblate or a PO editor do not rewrite each other's headers."""
    return {
        **old,
        "Project-Id-Version": template["Project-Id-Version"],
        "POT-Creation-Date": template["POT-Creation-Date"],
        Header.REVISION_DATE: revised,
        Header.LAST_TRANSLATOR: old.get(Header.LAST_TRANSLATOR) or "transflow",
        "Language-Team": old.get("Language-Team") or languages.english_name(language),
        Header.LANGUAGE: language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _plural_forms(language, old.get("Plural-Forms")),
        Header.ARTICLE: template[Header.ARTICLE],
        Header.SOURCE: template[Header.SOURCE],
        Header.SOURCE_HASH: template[Header.SOURCE_HASH],
    }


def _plural_forms(language: str, existing: str | None) -> str:
    """A file's own Plural-Forms stays (a PO editor's or Weblate's spelling of the same
    rule); only a missing one or one with another number of forms is replaced."""
    ours = languages.plural_forms(language)
    if existing and plurals.nplurals(existing) == plurals.nplurals(ours):
        return existing
    return ours


def header_comment(slug: str, language: str | None, kept: str = "") -> str:
    """transflow's header comment for a file, then the lines of ``kept`` (the file's
    comment as read) that are not transflow's: other tools' credits stay."""
    if language is None:
        ours = f"Template of the article '{slug}', written by transflow update. Do not edit."
    else:
        ours = (f"{languages.english_name(language)} translation of the article '{slug}'.\n"
                "Translate with 'transflow pull' and 'transflow submit'; transflow keeps the comments it writes.")
    # A tool that rewraps comments (Babel, polib at its default width) splits transflow's
    # lines: each piece is part of transflow's text, not another tool's line to keep.
    own = " ".join(ours.split())
    others = [line for line in kept.split("\n") if line.strip() and " ".join(line.split()) not in own] if kept else []
    return "\n".join([ours, *others])


def render_if_changed(catalog: Catalog, date_key: str, old_text: str | None) -> str | None:
    """The file text of ``catalog`` stamped with the time now, or None if only the date would change.

    The catalog is rendered once, with its old date; a changed file gets the new
    date by replacing that one header line.
    """
    now = clock.po_date(clock.now())
    if not catalog.headers.get(date_key):
        catalog.headers[date_key] = now  # a new file: nothing to compare with
        if not catalog.headers.get("POT-Creation-Date"):
            catalog.headers["POT-Creation-Date"] = now
        return catalog_to_text(catalog, header_comment(catalog.slug, catalog.language, catalog.header_comment))
    text = catalog_to_text(catalog, header_comment(catalog.slug, catalog.language, catalog.header_comment))
    if text == old_text:
        return None
    old_line = f'"{date_key}: {catalog.headers[date_key]}\\n"\n'
    catalog.headers[date_key] = now
    return text.replace(old_line, f'"{date_key}: {now}\\n"\n', 1)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
