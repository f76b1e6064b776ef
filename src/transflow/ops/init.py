"""``transflow init``: scaffold a new project."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError

from transflow.errors import ProjectError
from transflow.formats.glossary import GLOSSARY_FILE
from transflow.formats.workflow import WORKFLOW_FILE, is_known_locale, locale_id
from transflow.util.fs import atomic_write_text

_WORKFLOW_TEXT = """\
# transflow project settings. transflow reads this file and never rewrites it.

# The language the articles are written in (a Babel locale code).
source_language: en

# The languages to translate into: any locale Babel knows (tr, ru, id, pt_BR, zh_Hant, ar ...).
languages: [{languages}]{names}

# Where the source articles are (Markdown .md or plain .txt), and where templates
# (locales/<slug>.pot) and translations (locales/<lang>/<slug>.po) are kept.
articles: articles
locales: locales

# How articles are split into units: sentence (default) or paragraph.
segmentation: sentence
# Number-only table cells (6,500, 54%) and Hugo shortcodes (tweet, figure ...) are kept as
# they are; true makes them units to translate (Turkish writes 6.500, Russian 6 500).
translate_number_cells: false
translate_shortcodes: false
# The front-matter keys whose text is translated (default: title and summary); a dot
# names a key inside another (image.caption), and a list's strings count one by one.
# translate_front_matter: [title, summary, description, subtitle, image.caption, image.alt]

# How alike (0.5 to 1.0) a changed sentence must be to an old one for its translation
# to be kept as a stale suggestion. 0.7 keeps a one-word edit and rejects unrelated text.
match_threshold: 0.7

# The translation memory: a new unit with no exact match elsewhere in the project gets
# the best match at least this similar (percent, 50 to 100; 101 offers exact ones only),
# prefilled as stale for a person to check. 75 is where agencies start billing fuzzy.
tm_threshold: 75

# The glossary (glossary.yaml, beside this file): a term translated otherwise than it says
# is a warning on submit and in 'transflow check'; strict makes it an error.
glossary: warn

# Prices per source word and match band, for 'transflow report leverage': one table for
# every language as here, or one per language (a table under each language code). A band
# without a price costs the 'new' price. Bands: context (101%), exact (100%), repetition,
# fuzzy_95, fuzzy_85, fuzzy_75, fuzzy_50, new.
# rates:
#   currency: EUR
#   new: 0.12
#   fuzzy_75: 0.08
#   fuzzy_85: 0.06
#   fuzzy_95: 0.04
#   exact: 0.03
#   repetition: 0.03
#   context: 0.0

# The people, by a short id. languages: what they may translate or review;
# editor: true lets them override assignments with --force.
team:
{team}
# Who translates and reviews which article, and by when (also set by 'transflow assign').
assignments:
  # some-article-slug:
  #   {first}: {{translator: {first_id}, reviewer: editor, due: 2026-12-05}}

# When 'transflow build' publishes a translation.
publish:
  min_complete: 100               # percent of words translated
  require_review: false           # only reviewed units count as done
  stale_counts_as_translated: false
  fallback: source                # a missing unit: source (keep English) or fail
  output: build                   # folder for the built articles
  layout: folders                 # folders: build/<lang>/<slug>.md; suffix: build/<slug>.<lang>.md (Hugo)
  outdated: keep                  # a published page whose source changed: keep (marked), fallback or withdraw
  # url: "/{lang}/{slug}/"        # site addresses for the language links (default: relative paths)
"""


#: The languages of a project made without any given (the publication this tool began with).
DEFAULT_LANGUAGES = ("tr", "ru", "id")


#: Example translators for the team section, by primary language: an id and a name as
#: the language writes it (the sample project's people for tr, ru and id).
EXAMPLE_PEOPLE = {
    "tr": ("ayse", "Ayşe Demir"), "ru": ("olga", "Olga Smirnova"), "id": ("putri", "Putri Lestari"),
    "pt": ("ana", "Ana Souza"), "es": ("lucia", "Lucía García"), "fr": ("camille", "Camille Martin"),
    "de": ("jonas", "Jonas Weber"), "it": ("giulia", "Giulia Rossi"), "nl": ("sanne", "Sanne de Vries"),
    "pl": ("anna", "Anna Nowak"), "uk": ("oksana", "Оксана Коваленко"), "ar": ("layla", "ليلى حداد"),
    "fa": ("sara", "سارا احمدی"), "he": ("noa", "נועה כהן"), "hi": ("priya", "प्रिया शर्मा"),
    "zh": ("meiling", "王美玲"), "ja": ("hanako", "佐藤花子"), "ko": ("minji", "김민지"),
    "vi": ("lan", "Nguyễn Thị Lan"), "sw": ("amina", "Amina Juma"),
}


def _example_person(code: str, taken: set[str]) -> tuple[str, str]:
    person, name = EXAMPLE_PEOPLE.get(code.split("_")[0], (f"t-{code.lower()}", f"Translator ({_own_name(code)})"))
    if person in taken:  # pt_BR and pt_PT, zh_Hans and zh_Hant
        person = f"{person}-{code.split('_')[-1].lower()}"
    taken.add(person)
    return person, name


def workflow_template(languages: Sequence[str] = DEFAULT_LANGUAGES) -> str:
    """workflow.yaml for a new project into ``languages``, with commented examples that
    name each language as its readers do (português (Brasil), العربية, 中文 (繁體)) and a
    translator for each with a name written the language's way."""
    names = [_own_name(code) for code in languages]
    taken: set[str] = {"editor"}
    people = [_example_person(code, taken) for code in languages]
    team = "".join(f"  # {person}: {{name: {_quoted(name)}, email: {person}@example.org, languages: [{code}]}}\n"
                   for code, (person, name) in zip(languages, people, strict=True))
    team += f"  # editor: {{name: Editor, email: editor@example.org, languages: [{', '.join(languages)}], editor: true}}\n"
    text = _WORKFLOW_TEXT.replace("{languages}", ", ".join(languages))
    text = text.replace("{names}", f"   # {', '.join(names)}" if names else "")
    text = text.replace("{team}", team).replace("{first_id}", people[0][0])
    text = text.replace("{{", "{").replace("}}", "}").replace("{first}", languages[0])
    return text


def _own_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted string


WORKFLOW_TEMPLATE = workflow_template()

GLOSSARY_TEMPLATE = """\
# The glossary: how the publication translates its names and terms (written by people;
# transflow reads it, shows each unit's terms in pulled files and checks them).
terms:
  # - source: minilateralism
  #   tr: minilateralizm
  #   ru: [минилатерализм]            # several approved translations: preferred first
  #   note: security cooperation among a few states
  # - source: Camp David
  #   translate: false                # names, brands: kept as written
  # - source: North Korea
  #   tr: Kuzey Kore
  #   forbidden: {tr: [K. Kore]}
"""

GITIGNORE = "/build/\n/pulled/\n.transflow/\n"


def init_project(directory: Path, languages: Sequence[str] = DEFAULT_LANGUAGES) -> list[Path]:
    """Create workflow.yaml (translating into ``languages``), glossary.yaml, articles/,
    locales/ (and a .gitignore) in ``directory``; returns what was created.

    Language codes may be spelled as BCP 47 or POSIX (``pt-BR``, ``pt_BR``); they are
    written as Babel spells them.
    """
    languages = canonical_languages(languages)
    workflow = directory / WORKFLOW_FILE
    if workflow.exists():
        raise ProjectError("already exists; transflow init never overwrites it", workflow)
    folders = (directory, directory / "articles", directory / "locales")
    # Check everything before creating anything, so a refusal leaves the disk as it was.
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            raise ProjectError("exists but is not a folder; move it away or choose another folder", folder)
    created = []
    for folder in folders:
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise ProjectError(f"cannot create: {exc.strerror}", folder) from None
            created.append(folder)
    atomic_write_text(workflow, workflow_template(languages))
    created.append(workflow)
    glossary = directory / GLOSSARY_FILE
    if not glossary.exists():
        atomic_write_text(glossary, GLOSSARY_TEMPLATE)
        created.append(glossary)
    ignore = directory / ".gitignore"
    if not ignore.exists():  # built pages, translators' pulled files and the lock/cache folder
        atomic_write_text(ignore, GITIGNORE)
        created.append(ignore)
    return created


def canonical_languages(languages: Sequence[str]) -> list[str]:
    """The codes as Babel spells them (``pt-BR`` -> ``pt_BR``), once each; a code Babel
    does not know, the source language or no code at all is refused."""
    codes: list[str] = []
    for code in languages:
        if not code.strip():
            continue
        if not is_known_locale(code.strip()) or locale_id(code.strip()).split("_")[0] in ("und", "root"):
            raise ProjectError(f"'{code}' is not a language Babel knows (examples: pt_BR, ar, zh_Hant)")
        canonical = locale_id(code.strip())
        if canonical == "en":
            raise ProjectError("'en' is the source language; name the languages to translate into")
        if canonical not in codes:
            codes.append(canonical)
    if not codes:
        raise ProjectError("name at least one language to translate into, e.g. --languages pt_BR,ar")
    return codes
