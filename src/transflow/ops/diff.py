"""``transflow diff``: what changed in the sources since their templates were written.

Compares the units of each source with those of its template, without writing
anything: added, removed, moved and changed units (a changed unit is a removed and
an added one similar enough to be the same sentence edited, by the same rule
``update`` uses to keep a translation as stale).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from deepdiff import DeepDiff
from rapidfuzz.distance import LCSseq

from transflow.errors import TransflowError
from transflow.formats.po import read_catalog
from transflow.util.textdiff import WordDiff, word_diff
from transflow.workspace.merge import pair_similar
from transflow.workspace.project import Project
from transflow.workspace.renames import detect_renames
from transflow.workspace.templates import build_template, orphaned_templates


@dataclass(frozen=True)
class UnitChange:
    type: str  # added | removed | moved | changed
    old: str | None = None
    new: str | None = None
    old_position: int | None = None
    new_position: int | None = None
    similarity: float | None = None
    words: tuple[WordDiff, ...] = ()

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"type": self.type, "old": self.old, "new": self.new,
                                   "old_position": self.old_position, "new_position": self.new_position}
        if self.type == "changed":
            data["similarity"] = round(self.similarity or 0.0, 3)
            data["diff"] = [{"op": w.op, "text": w.text} for w in self.words]
        return data


@dataclass(frozen=True)
class ArticleDiff:
    article: str
    status: str  # unchanged | changed | new | renamed | orphaned
    changes: tuple[UnitChange, ...] = ()
    renamed_from: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "status": self.status, "renamed_from": self.renamed_from,
                "changes": [c.as_dict() for c in self.changes]}


@dataclass
class DiffReport:
    articles: list[ArticleDiff] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"articles": [a.as_dict() for a in self.articles], "errors": self.errors}


def compare_units(old: list[str], new: list[str], threshold: float) -> tuple[UnitChange, ...]:
    """The changes that turn the unit list ``old`` into ``new``."""
    if old == new:
        return ()
    # A unit's text is its key (unique in a template): deepdiff compares the two records
    # by key, where over plain lists it would pair items itself (and take seconds).
    old_pos = {text: i for i, text in enumerate(old)}
    new_pos = {text: i for i, text in enumerate(new)}
    delta = DeepDiff(old_pos, new_pos, view="tree")
    removed = sorted((level.get_root_key() for level in delta.get("dictionary_item_removed", ())),
                     key=old_pos.__getitem__)
    added = sorted((level.get_root_key() for level in delta.get("dictionary_item_added", ())),
                   key=new_pos.__getitem__)
    changes: list[UnitChange] = []

    paired_old: set[int] = set()
    paired_new: set[int] = set()
    for i, j, score in pair_similar(added, removed, threshold):
        paired_new.add(i)
        paired_old.add(j)
        changes.append(UnitChange("changed", removed[j], added[i], old_pos[removed[j]], new_pos[added[i]],
                                  score, word_diff(removed[j], added[i])))
    changes += [UnitChange("removed", old=t, old_position=old_pos[t]) for j, t in enumerate(removed) if j not in paired_old]
    changes += [UnitChange("added", new=t, new_position=new_pos[t]) for i, t in enumerate(added) if i not in paired_new]

    # Units in both lists that are not on the longest common subsequence have moved.
    common_old = [t for t in old if t in new_pos]
    common_new = [t for t in new if t in old_pos]
    keep = _lcs(common_old, common_new)
    changes += [UnitChange("moved", old=t, new=t, old_position=old_pos[t], new_position=new_pos[t])
                for t in common_new if t not in keep]
    order = {"removed": 0, "changed": 1, "moved": 1, "added": 1}
    return tuple(sorted(changes, key=lambda c: (c.new_position if c.new_position is not None else c.old_position or 0,
                                                order[c.type])))


def _lcs(a: list[str], b: list[str]) -> set[str]:
    """The texts on a longest common subsequence of ``a`` and ``b`` (unique texts).

    A true LCS, so that moving one paragraph reports that paragraph and not the
    ones it jumped over (difflib's matching blocks are not always the longest).
    """
    if LCSseq.similarity(a, b) == len(a):
        return set(a)
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            rows[i][j] = rows[i + 1][j + 1] + 1 if a[i] == b[j] else max(rows[i + 1][j], rows[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def diff_project(project: Project, slugs: Iterable[str] = ()) -> DiffReport:
    """Compare every selected source with its template; writes nothing."""
    selected = project.slugs(tuple(slugs))
    report = DiffReport()
    threshold = project.workflow.match_threshold
    renames = detect_renames(project, selected)  # what update would take for a rename
    for slug in selected:
        try:
            article = project.read_article(slug)
            new = [e.msgid for e in build_template(article, project.segment(article))]
            path = project.template_path(slug if slug not in renames else renames[slug])
            if not path.exists():
                report.articles.append(ArticleDiff(slug, "new", tuple(UnitChange("added", new=t, new_position=i)
                                                                   for i, t in enumerate(new))))
                continue
            old = [e.msgid for e in read_catalog(path, project.display(path)).entries]
            if slug in renames:
                report.articles.append(ArticleDiff(slug, "renamed", compare_units(old, new, threshold),
                                                   renamed_from=renames[slug]))
                continue
        except TransflowError as exc:
            report.errors.append(str(exc))
            continue
        changes = compare_units(old, new, threshold)
        report.articles.append(ArticleDiff(slug, "changed" if changes else "unchanged", changes))
    if not tuple(slugs):
        report.articles += [ArticleDiff(orphan, "orphaned") for orphan in orphaned_templates(project)
                            if orphan not in renames.values()]
    return report
