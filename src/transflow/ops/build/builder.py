"""One article in every language: plan, then assemble what must be made."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transflow.errors import POFileError, ProjectError, TransflowError
from transflow.formats.workflow import PublishPolicy
from transflow.ops.build.assemble import _assemble
from transflow.ops.build.frontmatter import _front_matter_shape, _language_facts, _link, mark_outdated
from transflow.ops.build.layout import _OutputLayout, write_output
from transflow.ops.build.policy import _plan
from transflow.ops.build.records import _BuildRecords, _digest, _file_digest, _plan_record, _tool_digest
from transflow.ops.build.values import BUILT, FAILED, SKIPPED, ArticleBuild, _Language, _Plan, _Source
from transflow.util import clock
from transflow.util.wordcount import count_words
from transflow.workspace.embargo import embargo_in_text, embargo_note
from transflow.workspace.project import Project, SourceArticle
from transflow.workspace.published import PublishedPage, page_of_record, source_digest, unit_digest

#: What a record keeps of the page on the site, to tell later whether it is outdated.
PAGE_FIELDS = ("article", "language", "source_digest", "fallback_units", "outdated_since", "withdrawn")


class _Builder:
    def __init__(
        self,
        project: Project,
        policy: PublishPolicy,
        layout: _OutputLayout,
        commits: Mapping[str, str],
        records: _BuildRecords,
        claim_min: float | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.project = project
        #: The moment embargoes are compared with (``build --now``); the clock's by default.
        self.now = now if now is not None else clock.now()
        self.policy = policy
        self.layout = layout
        self.commits = commits
        self.records = records
        workflow = project.workflow
        #: Below this percent a page does not announce itself as a translation: the
        #: newsroom's own min_complete, not a run's --min-complete (a preview may go lower).
        self.claim_min = workflow.publish.min_complete if claim_min is None else claim_min
        policy_fields = (policy.min_complete, policy.require_review, policy.stale_counts_as_translated, policy.fallback,
                         policy.outdated)
        # What else a decision (and its reason, which names files) depends on; the source
        # hash already covers the source bytes and the segmentation mode.
        where = (workflow.source_language, workflow.articles, workflow.locales)
        self.decision_key = _digest(_tool_digest(), policy_fields, where)
        names = sorted((person.id, person.name) for person in workflow.team.values())
        self.output_key = _digest(
            layout.fmt, names, sorted(workflow.language_names.items()), layout.url, self.claim_min
        )
        self.relinked: list[str] = []  # what a worker hands back, with the record changes
        # Babel's names cost more than a whole unchanged page: look each language up once.
        self.facts = {code: _language_facts(project, code) for code in (workflow.source_language, *workflow.languages)}

    def article(self, slug: str, build_languages: list[str], work: bool = True) -> list[ArticleBuild] | None:
        """The outcome in each language. With ``work=False``, only what the build record
        answers: None when a PO file must be parsed or an output assembled.

        Every page lists every language of the article that is on the site after this
        run, the source first: built now, kept from an earlier build, or built earlier in
        a language not selected now. A page of a language not selected is rewritten
        (relinked) when that list changed and nothing else did, so the links never
        depend on the order languages were built in; with new translations it is left
        alone (publishing them was not asked for), and the next build of it links right.
        """
        layout = self.layout
        workflow = self.project.workflow
        try:
            article = self.project.read_article(slug)
            revision = self.project.source_hash(article)
            embargo = embargo_in_text(article.text(), article.display)
        except TransflowError as exc:
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]
        if embargo is not None and embargo > self.now:
            return self._embargoed(slug, build_languages, embargo, work)
        source: _Source | None = None
        plans: list[_Plan] = []
        page_percent: dict[str, float | None] = {}  # the languages with a page on the site
        try:
            for language in build_languages:
                try:
                    po_raw = _read_po(self.project, language, slug)
                except POFileError as exc:
                    plans.append(_Plan(language, FAILED, 0.0, str(exc), 0, ""))
                    continue
                key = self._decision(revision, language, po_raw)
                record = self.records.get(self._record_key(language, slug))
                if (record and record.get("decision") == key and record.get("status") in (BUILT, SKIPPED)
                        and not self._kept_page_gone(record, language, slug)):
                    plans.append(_recorded_plan(language, record))
                    continue
                if not work:
                    return None
                source = source or _read_source(self.project, article, revision, self.commits.get(slug))
                plans.append(_plan(self.project, source, language, self.policy, po_raw, key,
                                   self._earlier(language, slug)))
        except TransflowError as exc:  # the source cannot be segmented
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]

        for plan in plans:
            if plan.status == BUILT:
                page_percent[plan.language] = plan.percent
            elif plan.outdated_action != "withdraw" and layout.target(plan.language, slug).exists():  # kept
                page_percent[plan.language] = _page_percent(self.records.get(self._record_key(plan.language, slug)))
        relink: list[_Plan] = []
        for language in workflow.languages:
            if language in build_languages or not layout.target(language, slug).exists():
                continue
            record = self.records.get(self._record_key(language, slug))
            page_percent[language] = _page_percent(record)
            unchanged = self._unchanged_page(slug, revision, language, record)
            if unchanged is not None:
                relink.append(unchanged)

        def link(code: str, page: str) -> _Language:
            percent = page_percent.get(code)
            return _link(self.facts[code], code, slug, layout, page, percent is None or percent >= self.claim_min)

        published = [code for code in workflow.languages if code in page_percent]
        results = []
        for plan in [*plans, *relink]:
            target = layout.target(plan.language, slug)
            shown = layout.display(target)
            record_key = self._record_key(plan.language, slug)
            selected = plan.language in build_languages
            if plan.status != BUILT:
                previous = self.records.get(record_key)
                reason = plan.reason or ""
                written = False
                if plan.outdated_action is not None:
                    try:
                        acted = self._act_on_outdated(slug, plan, target, previous, work)
                    except TransflowError as exc:
                        self.records.put(record_key, None)
                        results.append(ArticleBuild(slug, plan.language, FAILED, plan.percent, reason=str(exc)))
                        continue
                    if acted is None:
                        return None
                    written, record = acted
                    self.records.put(record_key, record)
                else:
                    self.records.put(record_key, _kept_record(plan, previous, target) if plan.status == SKIPPED else None)
                    if target.exists():
                        reason += f"; the previous {shown} is kept"
                results.append(ArticleBuild(slug, plan.language, plan.status, plan.percent, reason=reason,
                                            written=written, units_missing=plan.missing,
                                            outdated_since=plan.outdated_since))
                continue
            source_link = link(workflow.source_language, plan.language)
            links = [source_link, *(link(code, plan.language) for code in published if code != plan.language)]
            own = link(plan.language, plan.language)
            output_key = _digest(self.output_key, plan.key, links, own, self.commits.get(slug))
            record = self.records.get(record_key)
            written = False
            try:
                if not (record and record.get("output") == output_key and _file_digest(target) == record.get("sha256")):
                    if not work:
                        return None
                    if plan.done is None:
                        source = source or _read_source(self.project, article, revision, self.commits.get(slug))
                        plan = _plan(
                            self.project,
                            source,
                            plan.language,
                            self.policy,
                            _read_po(self.project, plan.language, slug),
                            plan.key,
                            self._earlier(plan.language, slug),
                        )
                    assert source is not None
                    fields = self._page_fields(plan, source, slug)  # before the page it reads is replaced
                    text = _assemble(self.project, source, plan, own, links, source_link, layout, own.alternate)
                    written = write_output(target, text, shown)
                    record = {
                        **_plan_record(plan),
                        **fields,
                        "output": output_key,
                        "sha256": hashlib.sha256(text.encode()).hexdigest(),
                        "page_percent": plan.percent,
                    }
                    self.records.put(record_key, record)
            except TransflowError as exc:
                if not selected:
                    continue  # its page stays as it was; a build of that language says why
                self.records.put(record_key, None)
                results.append(ArticleBuild(slug, plan.language, FAILED, plan.percent, reason=str(exc)))
                continue
            if not selected:
                if written:
                    self.relinked.append(shown)
                continue
            results.append(
                ArticleBuild(
                    slug, plan.language, BUILT, plan.percent, path=shown, written=written, units_missing=plan.missing,
                    outdated_since=plan.outdated_since,
                )
            )
        return results

    def build(
        self, slug: str, languages: list[str]
    ) -> tuple[list[ArticleBuild], list[str], list[tuple[str, dict[str, Any] | None]]]:
        """Build one article; its results, the pages of other languages it relinked and
        the build record changes it made."""
        self.records.changes.clear()
        self.relinked.clear()
        results = self.article(slug, languages)
        assert results is not None  # work=True always gives results
        return results, list(self.relinked), list(self.records.changes)

    def _embargoed(
        self, slug: str, build_languages: list[str], until: dt.datetime, work: bool
    ) -> list[ArticleBuild] | None:
        """No language of an article under embargo is on the site before its time: each is
        skipped, and a page an earlier build wrote (the embargo was set or moved later
        since) is withdrawn. A page that is not the one transflow wrote is left, and said."""
        results = []
        for language in build_languages:
            target = self.layout.target(language, slug)
            key = self._record_key(language, slug)
            reason = embargo_note(until)
            if target.exists():
                shown = self.layout.display(target)
                record = self.records.get(key)
                if record and _file_digest(target) == record.get("sha256"):
                    if not work:
                        return None
                    target.unlink()
                    reason += f"; {shown}, built earlier, is withdrawn"
                else:
                    reason += (f"; {shown} is not the page transflow built (changed since?): "
                               "remove it yourself if it must not be published before then")
            self.records.put(key, None)  # the decision depends on the clock: never answered from a record
            results.append(ArticleBuild(slug, language, SKIPPED, 0.0, reason=reason))
        return results

    def _kept_page_gone(self, record: dict[str, Any], language: str, slug: str) -> bool:
        """Whether a record says an outdated page is kept whose file is gone or changed by hand
        since (the decision is then made again, without it)."""
        kept = record.get("status") == SKIPPED and record.get("outdated_since") and not record.get("withdrawn")
        return bool(kept) and self._earlier(language, slug) is None

    def _earlier(self, language: str, slug: str) -> PublishedPage | None:
        """The page of ``language`` an earlier build put on the site (and that is still as
        it wrote it), or withdrew as outdated; None when there is none."""
        record = self.records.get(self._record_key(language, slug))
        if record is None:
            return None
        target = self.layout.target(language, slug)
        page = page_of_record(record, self.layout.display(target))
        if page is None or page.article != slug or page.language != language:
            return None
        if not page.withdrawn and _file_digest(target) != record.get("sha256"):
            return None  # gone, or edited by hand since
        return page

    def _page_fields(self, plan: _Plan, source: _Source, slug: str) -> dict[str, Any]:
        """What the record keeps of a page for telling later whether it is outdated: the
        source it translates and the units it left in the source language. A page rebuilt
        with fallback text for a changed source keeps those of the last page that was up
        to date, so it stays outdated until the changed units are translated."""
        earlier = self._earlier(plan.language, slug) if plan.outdated_since else None
        if earlier is not None:
            return {
                "article": slug, "language": plan.language, "source_digest": earlier.source_digest,
                "fallback_units": sorted(earlier.fallback_units), "outdated_since": plan.outdated_since,
            }
        done = plan.done or {}
        return {
            "article": slug, "language": plan.language, "source_digest": source.digest,
            "fallback_units": sorted({unit_digest(msgid) for msgid in source.words if msgid not in done}),
        }

    def _act_on_outdated(
        self, slug: str, plan: _Plan, target: Path, previous: dict[str, Any] | None, work: bool
    ) -> tuple[bool, dict[str, Any]] | None:
        """Keep the outdated page, marked so, or withdraw it; (whether a file changed, its
        record). None when that needs work and ``work`` is False."""
        record = {
            **{k: v for k, v in (previous or {}).items() if k != "output"},  # never answered as up to date
            **_plan_record(plan),
            "article": slug,
            "language": plan.language,
            "outdated_since": plan.outdated_since,
        }
        if plan.outdated_action == "withdraw":
            record.pop("sha256", None)
            record["withdrawn"] = True
            if not target.exists():
                return False, record
            if not work:
                return None
            target.unlink()
            return True, record
        shown = self.layout.display(target)
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProjectError(f"cannot read the page to mark it outdated ({exc}); rebuild it", shown) from None
        marked = mark_outdated(text, plan.outdated_since or "", self.layout.fmt)
        if marked == text:
            return False, record
        if not work:
            return None
        written = write_output(target, marked, shown)
        record["sha256"] = hashlib.sha256(marked.encode()).hexdigest()
        return written, record

    def _decision(self, revision: str, language: str, po_raw: bytes | None) -> str:
        """The digest of everything the policy's decision for one language depends on."""
        po_digest = hashlib.sha256(po_raw).hexdigest() if po_raw is not None else None
        return _digest(self.decision_key, revision, language, po_digest)

    def _unchanged_page(self, slug: str, revision: str, language: str, record: dict[str, Any] | None) -> _Plan | None:
        """The plan of a page built earlier whose inputs and bytes are as they were then
        (so rebuilding it changes its links only); None otherwise."""
        if not record or record.get("status") != BUILT:
            return None
        if _file_digest(self.layout.target(language, slug)) != record.get("sha256"):
            return None  # edited by hand since: not ours to rewrite
        try:
            key = self._decision(revision, language, _read_po(self.project, language, slug))
        except POFileError:
            return None
        return _recorded_plan(language, record) if record.get("decision") == key else None

    def _record_key(self, language: str, slug: str) -> str:
        return self.layout.target(language, slug).relative_to(self.layout.root).as_posix()


def _recorded_plan(language: str, record: dict[str, Any]) -> _Plan:
    since = record.get("outdated_since") if isinstance(record.get("outdated_since"), str) else None
    action = None
    if since is not None and record["status"] == SKIPPED:
        action = "withdraw" if record.get("withdrawn") else "keep"
    return _Plan(language, record["status"], record["percent"], record.get("reason"), record["missing"],
                 record["decision"], outdated_since=since, outdated_action=action)


def _page_percent(record: dict[str, Any] | None) -> float | None:
    """The percent the page on the site was built with; None when unknown (no record)."""
    if not record:
        return None
    value = record.get("page_percent", record.get("percent") if record.get("status") == BUILT else None)
    return value if isinstance(value, int | float) else None


def _kept_record(plan: _Plan, previous: dict[str, Any] | None, target: Path) -> dict[str, Any]:
    """A skipped language's record; it keeps what is known of the page still on the site
    (its digest for orphan removal, its percent for the links of the other pages)."""
    record = _plan_record(plan)
    if previous and target.exists() and _file_digest(target) == previous.get("sha256"):
        record["sha256"] = previous["sha256"]
        percent = _page_percent(previous)
        if percent is not None:
            record["page_percent"] = percent
        for field in PAGE_FIELDS:
            if field in previous:
                record[field] = previous[field]
    return record

def _read_po(project: Project, language: str, slug: str) -> bytes | None:
    """The PO file's bytes; None when there is none yet (the article is untranslated)."""
    try:
        return project.po_path(language, slug).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise POFileError(f"cannot read: {exc.strerror}", project.display(project.po_path(language, slug))) from None


def _read_source(project: Project, article: SourceArticle, revision: str, commit: str | None) -> _Source:
    segmented = project.segment(article)
    words: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for unit in segmented.units:
        if unit.text not in words:
            words[unit.text] = count_words(unit.text)
            first_line[unit.text] = unit.line
    front = segmented.front_matter
    shape: tuple[bool, tuple[str, ...], str | None] = (True, (), None)
    if front is not None:
        shape = _front_matter_shape(segmented.source[front.inner_start : front.inner_end], article.display)
    return _Source(article, segmented, front, words, first_line, revision, commit, source_digest(article.raw), shape)
