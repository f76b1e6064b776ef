"""``transflow build``: assemble the localized articles that are ready to publish.

For each article and language the source is segmented again and every unit is
replaced by its translation from ``locales/<lang>/<slug>.po``; everything between
units (Markdown markers, code blocks, whitespace) is copied from the source, so an
article whose translations all equal their sources builds to the source body byte
for byte.

Which translations count is the publish policy (workflow.yaml ``publish``, each
key overridable): a unit is done when it is translated or reviewed, or also when
stale with ``stale_counts_as_translated``, or only when reviewed with
``require_review``. An article is built when at least ``min_complete`` percent of
its words are done; units that are not done keep the English text
(``fallback: source``) or stop that article (``fallback: fail``).

Outputs go to ``<output>/<lang>/<slug>.md`` (``.html`` with ``fmt="html"``, ``.txt``
for a plain-text source), and nothing is written anywhere else. A file is only
rewritten when its content changes, and the same inputs give the same bytes: the
content depends on the sources, the PO files, workflow.yaml and which languages of
the article are published, never on the clock.

Published languages. A page links to the other languages of its article that are
published: built in this run, or (when not built in this run) whose output file
from an earlier build is in the output folder. ``build`` never deletes anything, so
a translation that falls below the policy after a source edit keeps its last good
page on the site (and stays linked) instead of vanishing; the report says so. A page
that was not rebuilt in this run (another ``--lang``) is not touched, so run a full
build to refresh every page's links.

Rebuilds. ``<output>/.transflow-build.json`` records, for every output, a digest of
what it was made from (source, PO file, policy, format, names, links, the code that
made it) and of the bytes written. An output whose inputs and bytes are unchanged is
not assembled again, so a rebuild after a few sources changed costs little more than
reading the files. Removing the record only makes the next build slower. When many
articles must be assembled they are spread over worker processes (one per core, at
most 8); the outputs and the report are the same as from one process.
"""

from __future__ import annotations

from transflow.ops.build.command import build_project
from transflow.ops.build.frontmatter import language_name, language_tag, state_percent_text
from transflow.ops.build.policy import counts_as_done, resolve_policy
from transflow.ops.build.values import BUILD_RECORD, BUILT, FAILED, FORMATS, OUTPUT_KEYS, SKIPPED, ArticleBuild, BuildReport

__all__ = [
    "BUILD_RECORD", "BUILT", "FAILED", "FORMATS", "OUTPUT_KEYS", "SKIPPED", "ArticleBuild", "BuildReport",
    "build_project", "counts_as_done", "language_name", "language_tag", "resolve_policy", "state_percent_text",
]
