"""What build decides and reports: the result per article and language, and the
source and plan an output is made from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from transflow.formats.workflow import PublishPolicy
from transflow.model.catalog import Entry
from transflow.segment.article import FrontMatterSpan, SegmentedArticle
from transflow.workspace.project import SourceArticle

FORMATS = ("markdown", "html")
BUILT, SKIPPED, FAILED = "built", "skipped", "failed"
#: Keys build writes into the output front matter (a source value of the same key is replaced).
OUTPUT_KEYS = ("lang", "translation", "languages")

Progress = Callable[[int, int], None]



# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleBuild:
    """The outcome for one article in one language."""

    article: str
    language: str
    status: str  # built | skipped | failed
    percent_translated: float  # of the source's words, counted as the policy says
    path: str | None = None  # the output, relative to the project root; None when not built
    reason: str | None = None  # why it was not built
    written: bool = False  # the output file changed in this run
    units_missing: int = 0  # units left in the source language (fallback: source)
    #: The source changed since the page on the site was built, on this date (ISO 8601):
    #: the page is kept, rebuilt with fallback text or withdrawn, as publish.outdated says.
    outdated_since: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "language": self.language,
            "path": self.path,
            "percent_translated": self.percent_translated,
            "status": self.status,
            "reason": self.reason,
            "written": self.written,
            "units_missing": self.units_missing,
            "outdated_since": self.outdated_since,
        }


@dataclass(frozen=True)
class OrphanOutput:
    """An output of an article no longer in the project (removed, or renamed to ``renamed_to``),
    or one another layout put elsewhere (its page is now at ``moved_to``)."""

    path: str
    article: str
    renamed_to: str | None
    removed: bool  # False: kept, as it was changed since it was built
    moved_to: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "article": self.article, "renamed_to": self.renamed_to, "removed": self.removed,
                "moved_to": self.moved_to}


@dataclass(frozen=True)
class BuildReport:
    output: str
    format: str
    policy: PublishPolicy
    articles: tuple[ArticleBuild, ...]
    orphans: tuple[OrphanOutput, ...] = ()
    #: Pages of languages not selected in this run, rewritten only so that they link the
    #: languages published now (their translation is the one they were built from).
    relinked: tuple[str, ...] = ()

    def with_status(self, status: str) -> list[ArticleBuild]:
        return [a for a in self.articles if a.status == status]

    @property
    def ok(self) -> bool:
        """False when any article failed (the CLI exits 1)."""
        return not self.with_status(FAILED)

    def as_dict(self) -> dict[str, object]:
        return {
            "output": self.output,
            "format": self.format,
            "policy": {
                "min_complete": self.policy.min_complete,
                "require_review": self.policy.require_review,
                "stale_counts_as_translated": self.policy.stale_counts_as_translated,
                "fallback": self.policy.fallback,
                "outdated": self.policy.outdated,
            },
            "articles": [a.as_dict() for a in self.articles],
            "orphans": [o.as_dict() for o in self.orphans],
            "relinked": list(self.relinked),
        }

# --- one article -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    article: SourceArticle
    segmented: SegmentedArticle
    front: FrontMatterSpan | None
    words: Mapping[str, int]  # distinct unit texts in order -> words
    first_line: Mapping[str, int]  # unit text -> line where it first stands
    revision: str
    commit: str | None
    digest: str  # of the source's bytes (workspace.published.source_digest)
    front_shape: tuple[bool, tuple[str, ...], str | None] = (True, (), None)


@dataclass(frozen=True)
class _Language:
    """A published language of an article, as its pages link to it."""

    code: str  # as in workflow.yaml (pt_BR)
    tag: str  # BCP 47 (pt-BR)
    name: str  # under its own name (Türkçe), or workflow.yaml's
    direction: str  # ltr | rtl
    path: str  # its output file, relative to the page that links it
    url: str | None  # its address on the site, from the url pattern
    #: Announced to search engines as this article in that language (hreflang); False
    #: for a page built mostly from source-language text.
    alternate: bool = True

    @property
    def href(self) -> str:
        return self.url if self.url is not None else self.path


@dataclass(frozen=True)
class _Plan:
    """What the policy decided for one language, before anything is written.

    ``done`` is None when the decision came from the build record (the PO file was
    not parsed); :meth:`_Builder.article` parses it only if the output must be made.
    """

    language: str
    status: str
    percent: float
    reason: str | None
    missing: int
    key: str  # digest of what the decision depends on
    done: Mapping[str, Entry] | None = None
    catalog_updated: str | None = None
    #: Set when the page on the site is behind its source: the source's change date.
    outdated_since: str | None = None
    #: What becomes of that page now: "keep" (marked outdated) or "withdraw"; None: build as planned.
    outdated_action: str | None = None
