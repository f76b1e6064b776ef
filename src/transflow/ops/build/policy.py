"""The publish policy: which translations count, and whether an article is built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from transflow.errors import ProjectError, TransflowError
from transflow.formats.po import Header, catalog_from_text, check_language, decode_po_bytes
from transflow.formats.workflow import FALLBACKS, OUTDATED_POLICIES, PublishPolicy
from transflow.model.catalog import Entry, UnitStatus
from transflow.model.progress import percent as progress_percent
from transflow.ops.build.values import BUILT, FAILED, SKIPPED, _Plan, _Source
from transflow.workspace.project import Project
from transflow.workspace.published import PublishedPage, changed_since, source_changed_at

# --- policy ------------------------------------------------------------------------------


def resolve_policy(
    base: PublishPolicy,
    min_complete: float | None = None,
    require_review: bool | None = None,
    stale_counts_as_translated: bool | None = None,
    fallback: str | None = None,
    outdated: str | None = None,
) -> PublishPolicy:
    """``base`` (workflow.yaml's publish section) with the given overrides; None keeps a value."""
    if min_complete is not None and not 0 <= min_complete <= 100:
        raise ProjectError(f"min_complete {min_complete:g} is outside 0..100; give a percentage")
    if fallback is not None and fallback not in FALLBACKS:
        raise ProjectError(f"fallback '{fallback}' is not one of: {', '.join(FALLBACKS)}")
    if outdated is not None and outdated not in OUTDATED_POLICIES:
        raise ProjectError(f"outdated '{outdated}' is not one of: {', '.join(OUTDATED_POLICIES)}")
    changes: dict[str, Any] = {}
    if min_complete is not None:
        changes["min_complete"] = float(min_complete)
    if require_review is not None:
        changes["require_review"] = require_review
    if stale_counts_as_translated is not None:
        changes["stale_counts_as_translated"] = stale_counts_as_translated
    if fallback is not None:
        changes["fallback"] = fallback
    if outdated is not None:
        changes["outdated"] = outdated
    return replace(base, **changes)


def counts_as_done(entry: Entry | None, policy: PublishPolicy) -> bool:
    """Whether a unit's translation may be published under ``policy``."""
    if entry is None or not entry.msgstr.strip():
        return False  # an empty or blank msgstr is no translation (render keeps the source)
    if policy.require_review:
        return entry.status is UnitStatus.REVIEWED
    return entry.is_translated or (policy.stale_counts_as_translated and entry.status is UnitStatus.STALE)

def _plan(
    project: Project,
    source: _Source,
    language: str,
    policy: PublishPolicy,
    po_raw: bytes | None,
    key: str,
    earlier: PublishedPage | None = None,
) -> _Plan:
    """What the policy decides for one language. ``earlier`` is the page on the site from
    an earlier build (or withdrawn by one), when there is one: if its source has changed
    since and units changed with it are not translated again, ``publish.outdated`` decides."""
    slug = source.article.slug
    po_path = project.po_path(language, slug)
    shown = project.display(po_path)
    entries: dict[str, Entry] = {}
    catalog_updated = None
    outdated = False
    if po_raw is not None:
        try:
            catalog = catalog_from_text(decode_po_bytes(po_raw, shown), shown)
            check_language(catalog.language, language, shown)  # a swapped file would publish another language
        except TransflowError as exc:
            return _Plan(language, FAILED, 0.0, str(exc), 0, key)
        entries = catalog.by_msgid()
        catalog_updated = catalog.headers.get(Header.REVISION_DATE)
        outdated = catalog.headers.get(Header.SOURCE_HASH) != source.revision

    done: dict[str, Entry] = {}
    missing_by_status = dict.fromkeys(UnitStatus, 0)
    done_words = 0
    first_missing: str | None = None
    for msgid, words in source.words.items():
        entry = entries.get(msgid)
        if entry is not None and counts_as_done(entry, policy):
            done[msgid] = entry
            done_words += words
        else:
            missing_by_status[entry.status if entry else UnitStatus.UNTRANSLATED] += 1
            first_missing = first_missing or msgid
    if earlier is not None and earlier.outdated(source.digest):
        changed = _changed_units(source, entries, done, earlier)
        if changed:
            return _outdated_plan(project, source, language, policy, key, earlier, changed, done, done_words,
                                  catalog_updated)
    total_words = sum(source.words.values())
    # Rounded down, as status does: 99.96% is not 100%.
    percent = progress_percent(done_words, total_words)
    missing = len(source.words) - len(done)

    hint = ""
    if po_raw is None:
        hint = f"; {shown} does not exist yet, run 'transflow update'"
    elif outdated:
        hint = f"; {shown} is older than the source, run 'transflow update'"
    if done_words * 100 < policy.min_complete * total_words:
        what = "reviewed" if policy.require_review else "translated"
        reason = (
            f"{percent:g}% of words {what}, below min_complete {policy.min_complete:g}%"
            f" ({_describe_missing(missing_by_status, policy)}){hint}"
        )
        return _Plan(language, SKIPPED, percent, reason, missing, key, done, catalog_updated)
    if missing and policy.fallback == "fail":
        where = f"{source.article.display}:{source.first_line[first_missing or '']}"
        reason = f"{_describe_missing(missing_by_status, policy)} and fallback is 'fail' (first at {where}){hint}"
        return _Plan(language, FAILED, percent, reason, missing, key, done, catalog_updated)
    return _Plan(language, BUILT, percent, None, missing, key, done, catalog_updated)


def _changed_units(
    source: _Source, entries: Mapping[str, Entry], done: Mapping[str, Entry], earlier: PublishedPage
) -> list[str]:
    """The units changed since ``earlier`` was built and not translated for their new text."""
    return [
        msgid for msgid in source.words
        if changed_since(earlier, msgid, entries[msgid].status if msgid in entries else None, msgid in done)
    ]


def _outdated_plan(
    project: Project,
    source: _Source,
    language: str,
    policy: PublishPolicy,
    key: str,
    earlier: PublishedPage,
    changed: list[str],
    done: dict[str, Entry],
    done_words: int,
    catalog_updated: str | None,
) -> _Plan:
    since = earlier.outdated_since or source_changed_at(project, source.article.slug)
    count = f"{len(changed)} unit{'' if len(changed) == 1 else 's'} to translate again"
    what = f"the source changed on {since} ({count}, first at {source.article.display}:{source.first_line[changed[0]]})"
    percent = progress_percent(done_words, sum(source.words.values()))
    missing = len(source.words) - len(done)
    if policy.outdated == "fallback":
        # The correction goes out now, in the source language where the translation is behind.
        return _Plan(language, BUILT, percent, None, missing, key, done, catalog_updated, since)
    if policy.outdated == "withdraw" or earlier.withdrawn:  # a page withdrawn earlier has none to keep
        reason = f"{what}; {earlier.path} is withdrawn until then (publish.outdated: {policy.outdated})"
        return _Plan(language, SKIPPED, percent, reason, missing, key, None, None, since, "withdraw")
    reason = f"{what}; the previous {earlier.path} is kept, marked outdated (publish.outdated: keep)"
    return _Plan(language, SKIPPED, percent, reason, missing, key, None, None, since, "keep")


def _describe_missing(missing: Mapping[UnitStatus, int], policy: PublishPolicy) -> str:
    """ "3 untranslated units", "5 units missing (3 untranslated, 2 stale)"."""
    labels = {UnitStatus.UNTRANSLATED: "untranslated", UnitStatus.STALE: "stale", UnitStatus.TRANSLATED: "unreviewed"}
    parts = [f"{missing[status]} {label}" for status, label in labels.items() if missing[status]]
    total = sum(missing.values())
    noun = "unit" if total == 1 else "units"
    if len(parts) == 1:
        return f"{parts[0]} {noun}"
    return f"{total} {noun} missing ({', '.join(parts)})"
