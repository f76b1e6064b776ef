"""``transflow init``: scaffold a new project."""

from __future__ import annotations

from pathlib import Path

from transflow.errors import ProjectError
from transflow.formats.glossary import GLOSSARY_FILE
from transflow.formats.workflow import WORKFLOW_FILE
from transflow.util.fs import atomic_write_text

WORKFLOW_TEMPLATE = """\
# transflow project settings. transflow reads this file and never rewrites it.

# The language the articles are written in (a Babel locale code).
source_language: en

# The languages to translate into: any locale Babel knows (tr, ru, id, pt_BR, zh_Hant, ar ...).
languages: [tr, ru, id]

# Where the source articles are (Markdown .md or plain .txt), and where templates
# (locales/<slug>.pot) and translations (locales/<lang>/<slug>.po) are kept.
articles: articles
locales: locales

# How articles are split into units: sentence (default) or paragraph.
segmentation: sentence

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
  # ayse: {name: Ayşe Demir, email: ayse@example.org, languages: [tr]}
  # kerem: {name: Kerem Aydın, email: kerem@example.org, languages: [tr], editor: true}

# Who translates and reviews which article, and by when (also set by 'transflow assign').
assignments:
  # some-article-slug:
  #   tr: {translator: ayse, reviewer: kerem, due: 2026-12-05}

# When 'transflow build' publishes a translation.
publish:
  min_complete: 100               # percent of words translated
  require_review: false           # only reviewed units count as done
  stale_counts_as_translated: false
  fallback: source                # a missing unit: source (keep English) or fail
  output: build                   # folder for the built articles
"""


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


def init_project(directory: Path) -> list[Path]:
    """Create workflow.yaml, glossary.yaml, articles/, locales/ (and a .gitignore) in ``directory``; returns
    what was created."""
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
    atomic_write_text(workflow, WORKFLOW_TEMPLATE)
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
