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

Outputs go to ``<output>/<lang>/<slug>.md`` (layout ``folders``) or
``<output>/<slug>.<lang>.md`` (layout ``suffix``, Hugo's translation by filename); ``.html``
with ``fmt="html"``, ``.txt`` for a plain-text source; nothing is written anywhere else.
A file is only rewritten when its content changes, and the same inputs give the same
bytes: the content depends on the sources, the PO files, workflow.yaml and which
languages of the article are published, never on the clock.

Published languages. Every page lists every language of its article that is on the
site: the source (its page is the site's own, at the place the layout gives it), the
languages built in this run, and those whose page from an earlier build is in the
output folder. ``build`` never deletes a page of an article that is still there, so a
translation that falls below the policy after a source edit keeps its last good page
(and stays linked) instead of vanishing; the report says so. A page of a language not
selected in this run (another ``--lang``) is rewritten when the languages published
changed and its own inputs did not (the report lists it as relinked), so the links
never depend on the order languages were built in; one with new translations is left
as it was, since publishing those was not asked for. Links are the output files'
relative paths, or the site's addresses from a ``url`` pattern (``"/{lang}/{slug}/"``);
the front matter carries ``translationKey`` (the slug, or the source's own).

Text left in the source language is marked: ``<span lang>`` on an HTML page (with
``dir`` where the page runs the other way, which isolates it), Unicode directional
isolates in Markdown on such a page. In languages written without spaces between
sentences (zh, ja) the spaces between two translated sentences go.

Rebuilds. ``<output>/.transflow-build.json`` records, for every output, a digest of
what it was made from (source, PO file, policy, format, names, links, the code that
made it) and of the bytes written. An output whose inputs and bytes are unchanged is
not assembled again, so a rebuild after a few sources changed costs little more than
reading the files. Removing the record only makes the next build slower. When many
articles must be assembled they are spread over worker processes (one per core, at
most 8); the outputs and the report are the same as from one process.
"""

from __future__ import annotations

from transflow.formats.workflow import LAYOUTS, URL_FIELDS
from transflow.ops.build.command import build_project
from transflow.ops.build.frontmatter import language_name, language_tag, state_percent_text
from transflow.ops.build.layout import check_url_pattern
from transflow.ops.build.policy import counts_as_done, resolve_policy
from transflow.ops.build.values import BUILT, FAILED, FORMATS, OUTPUT_KEYS, SKIPPED, ArticleBuild, BuildReport
from transflow.workspace.published import BUILD_RECORD

__all__ = [
    "BUILD_RECORD", "BUILT", "FAILED", "FORMATS", "LAYOUTS", "OUTPUT_KEYS", "SKIPPED", "URL_FIELDS", "ArticleBuild",
    "BuildReport", "build_project", "check_url_pattern", "counts_as_done", "language_name", "language_tag",
    "resolve_policy", "state_percent_text",
]
