"""``transflow glossary``: list, add, import and export the terms of ``glossary.yaml``.

People write ``glossary.yaml``; these commands only ever append to it (see
:func:`transflow.formats.glossary.append_terms`), and only after the result has been
read back and found to hold exactly the old terms plus the new ones. A term already in
the glossary is never changed by an import: it is reported, for a person to decide.

Every new term is validated first where the user wrote it, as glossary.yaml would
validate it: an error names the import file and its line (``terms.csv:3: 'X': ...``),
or for ``add`` the term, never glossary.yaml, which is not at fault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow.errors import ConfigError, ExchangeFileError, ProjectError
from transflow.formats.glossary import (
    GLOSSARY_FILE,
    append_terms,
    check_term,
    csv_to_glossary,
    glossary_to_csv,
    glossary_to_tbx,
    load_glossary,
    parse_glossary,
    split_known,
    tbx_to_glossary,
)
from transflow.formats.workflow import is_known_locale, load_yaml_file, locale_id
from transflow.model.glossary import Term
from transflow.util.fs import atomic_write_text, check_writable, project_lock, read_input
from transflow.workspace.project import Project

#: Exchange formats by file suffix.
GLOSSARY_FORMATS = {".tbx": "tbx", ".csv": "csv"}
MAX_GLOSSARY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class GlossaryImport:
    added: tuple[Term, ...]
    known: tuple[Term, ...]  # already in glossary.yaml: left as they are
    dry_run: bool = False
    left_out: Mapping[str, int] = field(default_factory=dict)  # translations by the file's language code

    def as_dict(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "added": [t.source for t in self.added],
                "already_in_glossary": [t.source for t in self.known], "left_out": dict(self.left_out)}


def list_terms(project: Project, language: str | None = None, containing: str | None = None) -> list[Term]:
    """The glossary's terms; with ``containing``, those whose source occurs in that text
    (a sentence, as it would be matched in an article)."""
    if language is not None:
        language = project.require_language(language)
    glossary = project.glossary
    if containing is None:
        return list(glossary.terms)
    return list(project.term_index.terms_in(containing))


def add_terms(project: Project, terms: Sequence[Term]) -> list[Term]:
    """Append ``terms`` to ``glossary.yaml`` (creating it); a term already there is refused.
    The terms are returned as glossary.yaml holds them (language codes as Babel spells them)."""
    known = {t.source.casefold(): t for t in project.glossary.terms}
    checked = []
    for term in terms:
        if term.source.casefold() in known:
            where = f" (line {known[term.source.casefold()].line})" if known[term.source.casefold()].line else ""
            raise ConfigError(f"'{term.source}' is in the glossary already{where}; edit that entry instead",
                              GLOSSARY_FILE)
        checked.append(check_term(_in_project_languages(project, term), None, None))
    _append(project, checked)
    return checked


def import_glossary(project: Project, path: Path, language: str | None = None, dry_run: bool = False) -> GlossaryImport:
    """Add the terms of a TBX or CSV file that ``glossary.yaml`` does not have yet."""
    shown = str(path)
    fmt = GLOSSARY_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExchangeFileError(f"unknown glossary format '{path.suffix}' (formats: .tbx, .csv)", shown)
    if language is not None:
        language = project.require_language(language)
    data = read_input(path, shown, ExchangeFileError, MAX_GLOSSARY_BYTES)
    languages = list(project.workflow.languages)
    left_out: dict[str, int] = {}
    if fmt == "tbx":
        incoming = tbx_to_glossary(data, shown, project.workflow.source_language, [language] if language else languages,
                                   language, left_out)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExchangeFileError("not UTF-8; save the CSV as UTF-8", shown) from None
        incoming = csv_to_glossary(text, shown, [language] if language else languages, language)
    if not incoming.terms:
        raise ExchangeFileError("holds no terms from the project's source language; nothing to import", shown)
    new, known = split_known(project.glossary, incoming)
    new = [_checked_import(project, term, shown) for term in new]
    if new and not dry_run:
        _append(project, new)
    return GlossaryImport(tuple(new), tuple(known), dry_run, left_out)


def export_glossary(project: Project, output: Path, languages: Sequence[str] = ()) -> int:
    """Write the glossary as TBX or CSV (by ``output``'s suffix); the number of terms."""
    languages = [project.require_language(code) for code in languages]
    fmt = GLOSSARY_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ProjectError(f"unknown glossary format '{output.suffix}'; name the file .tbx or .csv", str(output))
    project.refuse_own_files(output, str(output))
    glossary = project.glossary
    wanted = list(languages or project.workflow.languages)
    if fmt == "tbx":
        text = glossary_to_tbx(glossary, project.workflow.source_language, wanted)
    else:
        text = glossary_to_csv(glossary, wanted)
    atomic_write_text(output, text, str(output))
    return len(glossary.terms)


def _in_project_languages(project: Project, term: Term, display: str | None = None) -> Term:
    """``term`` with its language codes as the project spells them ("RU", "pt-BR" are ru,
    pt_BR); a language the project does not have is an error naming the term."""
    languages = project.workflow.languages

    def spelled(code: str) -> str:
        language = locale_id(code) if is_known_locale(code) else code
        if language not in languages:
            raise ConfigError(f"'{term.source}': '{code}' is not a language of this project ({', '.join(languages)}); "
                              "add it to languages in workflow.yaml first", display, term.line)
        return language

    translations = {spelled(code): forms for code, forms in term.translations.items()}
    forbidden = {spelled(code): forms for code, forms in term.forbidden.items()}
    return replace(term, translations=translations, forbidden=forbidden)


def _checked_import(project: Project, term: Term, shown: str) -> Term:
    """An imported term validated where the user wrote it: the file and, for CSV, its line."""
    try:
        return check_term(_in_project_languages(project, term, shown), shown, term.line)
    except ConfigError as error:
        raise ExchangeFileError(error.message, shown, term.line) from None


def _append(project: Project, terms: list[Term]) -> None:
    path = project.glossary_path
    with project_lock(project.root):
        # Bytes as they are: a BOM and CRLF line ends stay (read_text would turn CRLF into LF).
        old_text = path.read_bytes().decode("utf-8") if path.exists() else ""
        before = load_glossary(path, GLOSSARY_FILE)  # as it is now, under the lock
        text = append_terms(old_text, terms)
        check_writable(path, GLOSSARY_FILE)  # a read-only glossary is someone's decision
        # Read back what would be written (a candidate in .transflow/, never beside the
        # user's files): exactly the old terms and the new ones, or nothing.
        candidate = project.state_dir / "glossary.candidate.yaml"
        atomic_write_text(candidate, text, GLOSSARY_FILE)
        try:
            after = parse_glossary(load_yaml_file(candidate, GLOSSARY_FILE), GLOSSARY_FILE)
        except ConfigError:
            raise ConfigError("could not append to it as written (flow style, quoted keys?); add the terms by hand",
                              GLOSSARY_FILE) from None
        finally:
            candidate.unlink(missing_ok=True)
        if after.terms != (*before.terms, *terms):
            raise ConfigError("could not add the terms without changing the others; add them by hand", GLOSSARY_FILE)
        atomic_write_text(path.resolve(), text, GLOSSARY_FILE)  # through a symlink to the shared file
    project.__dict__.pop("glossary", None)  # read again next time
    project.__dict__.pop("term_index", None)
