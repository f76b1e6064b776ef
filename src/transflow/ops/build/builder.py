"""One article in every language: plan, then assemble what must be made."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from transflow.errors import POFileError, TransflowError
from transflow.formats.workflow import PublishPolicy
from transflow.ops.build.assemble import _assemble
from transflow.ops.build.frontmatter import _front_matter_shape
from transflow.ops.build.layout import _OutputLayout, write_output
from transflow.ops.build.policy import _plan
from transflow.ops.build.records import _BuildRecords, _digest, _file_digest, _plan_record, _tool_digest
from transflow.ops.build.values import BUILT, FAILED, SKIPPED, ArticleBuild, _Plan, _Source
from transflow.util.wordcount import count_words
from transflow.workspace.project import Project, SourceArticle


class _Builder:
    def __init__(
        self,
        project: Project,
        policy: PublishPolicy,
        layout: _OutputLayout,
        commits: Mapping[str, str],
        records: _BuildRecords,
    ) -> None:
        self.project = project
        self.policy = policy
        self.layout = layout
        self.commits = commits
        self.records = records
        workflow = project.workflow
        policy_fields = (policy.min_complete, policy.require_review, policy.stale_counts_as_translated, policy.fallback)
        # What else a decision (and its reason, which names files) depends on; the source
        # hash already covers the source bytes and the segmentation mode.
        where = (workflow.source_language, workflow.articles, workflow.locales)
        self.decision_key = _digest(_tool_digest(), policy_fields, where)
        names = sorted((person.id, person.name) for person in workflow.team.values())
        self.output_key = _digest(layout.fmt, names, sorted(workflow.language_names.items()))

    def article(self, slug: str, build_languages: list[str], work: bool = True) -> list[ArticleBuild] | None:
        """The outcome in each language. With ``work=False``, only what the build record
        answers: None when a PO file must be parsed or an output assembled."""
        layout = self.layout
        try:
            article = self.project.read_article(slug)
            revision = self.project.source_hash(article)
        except TransflowError as exc:
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]
        source: _Source | None = None
        plans: list[_Plan] = []
        try:
            for language in build_languages:
                try:
                    po_raw = _read_po(self.project, language, slug)
                except POFileError as exc:
                    plans.append(_Plan(language, FAILED, 0.0, str(exc), 0, ""))
                    continue
                key = _digest(
                    self.decision_key,
                    revision,
                    language,
                    hashlib.sha256(po_raw).hexdigest() if po_raw is not None else None,
                )
                record = self.records.get(self._record_key(language, slug))
                if record and record.get("decision") == key and record.get("status") in (BUILT, SKIPPED):
                    plans.append(
                        _Plan(
                            language, record["status"], record["percent"], record.get("reason"), record["missing"], key
                        )
                    )
                    continue
                if not work:
                    return None
                source = source or _read_source(self.project, article, revision, self.commits.get(slug))
                plans.append(_plan(self.project, source, language, self.policy, po_raw, key))
        except TransflowError as exc:  # the source cannot be segmented
            return [ArticleBuild(slug, language, FAILED, 0.0, reason=str(exc)) for language in build_languages]

        built_now = {plan.language for plan in plans if plan.status == BUILT}
        # Decided before anything of this article is written, so the links do not depend
        # on the order languages are built in (see the module docstring).
        published = [
            code for code in self.project.workflow.languages if code in built_now or layout.target(code, slug).exists()
        ]
        results = []
        for plan in plans:
            target = layout.target(plan.language, slug)
            shown = layout.display(target)
            record_key = self._record_key(plan.language, slug)
            if plan.status != BUILT:
                self.records.put(record_key, _plan_record(plan) if plan.status == SKIPPED else None)
                reason = plan.reason or ""
                if target.exists():
                    reason += f"; the previous {shown} is kept"
                results.append(ArticleBuild(slug, plan.language, plan.status, plan.percent, reason=reason,
                                            units_missing=plan.missing))
                continue
            others = [code for code in published if code != plan.language]
            output_key = _digest(self.output_key, plan.key, others, self.commits.get(slug))
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
                        )
                    assert source is not None
                    text = _assemble(self.project, source, plan, others, layout)
                    written = write_output(target, text, shown)
                    record = {
                        **_plan_record(plan),
                        "output": output_key,
                        "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    }
                    self.records.put(record_key, record)
            except TransflowError as exc:
                self.records.put(record_key, None)
                results.append(ArticleBuild(slug, plan.language, FAILED, plan.percent, reason=str(exc)))
                continue
            results.append(
                ArticleBuild(
                    slug, plan.language, BUILT, plan.percent, path=shown, written=written, units_missing=plan.missing
                )
            )
        return results

    def build(
        self, slug: str, languages: list[str]
    ) -> tuple[list[ArticleBuild], list[tuple[str, dict[str, Any] | None]]]:
        """Build one article; its results and the build record changes it made."""
        self.records.changes.clear()
        results = self.article(slug, languages)
        assert results is not None  # work=True always gives results
        return results, list(self.records.changes)

    def _record_key(self, language: str, slug: str) -> str:
        return self.layout.target(language, slug).relative_to(self.layout.root).as_posix()

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
    shape: tuple[bool, tuple[str, ...]] = (True, ())
    if front is not None:
        shape = _front_matter_shape(segmented.source[front.inner_start : front.inner_end], article.display)
    return _Source(article, segmented, front, words, first_line, revision, commit, shape)
