"""``transflow check``: every QA check (markup, numbers, glossary ...) over what locales/ holds.

``submit`` checks what a translator hands in; this checks what is there, however it got
there (a PO editor, Weblate, a git merge, a glossary that changed since), for CI and for
editors. Every unit with a translation is checked, stale ones too (they are published
where the policy allows it). A check someone switched off for a unit
(``#, ignore-numbers``, see ``transflow dismiss``) is not run on it and is listed as
dismissed, with who decided, so the decision stays visible.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from transflow import __version__
from transflow.errors import ProjectError
from transflow.formats.po import read_catalog
from transflow.model.catalog import Catalog
from transflow.qa.checks import check_translation
from transflow.qa.registry import REGISTRY
from transflow.util.fingerprint import code_fingerprint
from transflow.util.parallel import map_in_workers
from transflow.util.statcache import StatCache, stat_key
from transflow.workspace.project import Project

#: Past this many files, the checks run in worker processes.
PARALLEL_MIN_FILES = 200
CACHE_DIR = Path(".transflow", "cache")
CACHE_FILE = "check.json"
CACHE_FORMAT = "1"
FAIL_ON = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One problem of one unit's translation."""

    article: str
    language: str
    unit: int  # 1-based, as in pulled files ("unit 4 of 20") and 'transflow dismiss --unit'
    line: int | None  # in locales/<lang>/<slug>.po
    status: str
    check: str
    severity: str
    message: str
    source: str
    translation: str

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "language": self.language, "unit": self.unit, "line": self.line,
                "status": self.status, "check": self.check, "severity": self.severity, "message": self.message,
                "source": self.source, "translation": self.translation}


@dataclass(frozen=True)
class Dismissal:
    """A check switched off for one unit, and by whom (None: a flag another tool set)."""

    article: str
    language: str
    unit: int
    check: str
    by: str | None
    when: str | None

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "language": self.language, "unit": self.unit, "check": self.check,
                "by": self.by, "when": self.when}


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    dismissed: list[Dismissal] = field(default_factory=list)
    files: int = 0
    units: int = 0  # units with a translation, checked

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, fail_on: str) -> bool:
        """Whether the run fails: any error, or (``fail_on`` warning) any warning too."""
        return self.count("error") > 0 or (fail_on == "warning" and self.count("warning") > 0)

    def as_dict(self, fail_on: str = "error") -> dict[str, object]:
        return {"ok": not self.failed(fail_on), "files": self.files, "units": self.units,
                "errors": self.count("error"), "warnings": self.count("warning"),
                "findings": [f.as_dict() for f in self.findings], "dismissed": [d.as_dict() for d in self.dismissed]}


def check_project(
    project: Project,
    articles: Sequence[str] = (),
    languages: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> CheckReport:
    """Run every check on the translations of ``articles`` in ``languages`` (default: all).

    A file's results are kept in ``.transflow/cache/check.json`` while the file, the
    glossary, the settings and the checks' code stay the same, so a second run over ten
    thousand articles reads only what changed.
    """
    chosen = [project.require_language(code) for code in languages] or list(project.workflow.languages)
    slugs = project.slugs(tuple(articles))
    files = [(slug, language) for slug in slugs for language in dict.fromkeys(chosen)]
    missing = [(s, lang) for s, lang in files if not project.po_path(lang, s).exists()]
    if articles and missing:
        slug, language = missing[0]
        raise ProjectError(f"'{slug}' has no PO file in '{language}' yet; run 'transflow update' first",
                           project.display(project.po_path(language, slug)))
    files = [f for f in files if f not in missing]  # not updated yet: nothing translated to check
    report = CheckReport(files=len(files))
    strict = project.workflow.glossary == "strict"
    cache = _result_cache(project, strict)  # reads glossary.yaml: a broken one stops the run here
    keys = {f: stat_key(str(project.po_path(f[1], f[0])), project.display(project.po_path(f[1], f[0])))
            for f in files}
    results: dict[tuple[str, str], _FileResult] = {}
    for f in files:
        cached = cache.get(_name(f), (keys[f],))
        if cached is not None:
            try:
                results[f] = _from_cache(cached)
            except (TypeError, ValueError, KeyError):
                pass  # not what this code writes: check the file again
    pending = [f for f in files if f not in results]

    def here(item: tuple[str, str]) -> _FileResult:
        return _check_file(project, item[0], item[1], strict)

    use_workers = len(pending) >= PARALLEL_MIN_FILES and project.reopens_the_same()
    checked = (map_in_workers(_worker_check, pending, here, min_items=PARALLEL_MIN_FILES,
                              initializer=_worker_start, initargs=(project.root, strict))
               if use_workers else map(here, pending))
    done = len(results)
    for f, result in zip(pending, checked, strict=True):
        results[f] = result
        cache.put(_name(f), (keys[f],), _to_cache(result))
        done += 1
        if progress:
            progress(done, len(files))
    for f in files:
        findings, dismissed, units = results[f]
        report.findings += findings
        report.dismissed += dismissed
        report.units += units
    cache.save(prune=not (articles or languages))
    return report


_FileResult = tuple[list[Finding], list[Dismissal], int]


def _name(item: tuple[str, str]) -> str:
    return f"{item[1]}/{item[0]}"


def _to_cache(result: _FileResult) -> list[object]:
    findings, dismissed, units = result
    return [[f.as_dict() for f in findings], [d.as_dict() for d in dismissed], units]


def _from_cache(data: list[Any]) -> _FileResult:
    findings, dismissed, units = data
    return [Finding(**f) for f in findings], [Dismissal(**d) for d in dismissed], int(units)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The code that turns a file into findings: a changed rule drops the cache."""
    modules = ("transflow.model.catalog", "transflow.model.glossary", "transflow.formats.po",
               "transflow.qa.inline", "transflow.qa.markup", "transflow.qa.numbers", "transflow.qa.style",
               "transflow.qa.terms", "transflow.qa.checks", __name__)
    return code_fingerprint(modules, ("snowballstemmer", "markdown-it-py"))[:16]


def _result_cache(project: Project, strict: bool) -> StatCache:
    # The terms as read, not the file's bytes: a comment added to glossary.yaml keeps the cache.
    terms = repr([(t.source, dict(t.translations), dict(t.forbidden), t.translate, str(t.case), t.note)
                  for t in project.glossary.terms])
    glossary_digest = hashlib.sha256(terms.encode()).hexdigest()[:16]
    context = [CACHE_FORMAT, __version__, _code_fingerprint(), glossary_digest, strict,
               project.workflow.source_language]
    return StatCache(project.root / CACHE_DIR / CACHE_FILE, context)


def _check_file(project: Project, slug: str, language: str, strict: bool) -> _FileResult:
    path = project.po_path(language, slug)
    catalog: Catalog = read_catalog(path, project.display(path))
    findings: list[Finding] = []
    dismissed: list[Dismissal] = []
    checked = 0
    for number, entry in enumerate(catalog.entries, 1):
        for name in sorted(entry.dismissed & set(REGISTRY)):
            who = entry.dismissed_by(name)
            dismissed.append(Dismissal(slug, language, number, name, who.person if who else None,
                                       who.when if who else None))
        if not entry.msgstr:
            continue
        checked += 1
        terms = project.term_index.terms_in(entry.msgid)
        for issue in check_translation(entry.msgid, entry.msgstr, language, entry.dismissed, terms, strict):
            findings.append(Finding(slug, language, number, entry.line, str(entry.status), issue.check,
                                    str(issue.severity), issue.message, entry.msgid, entry.msgstr))
    return findings, dismissed, checked


_worker: tuple[Project, bool] | None = None


def _worker_start(root: Path, strict: bool) -> None:
    global _worker
    _worker = (Project.open(root), strict)


def _worker_check(item: tuple[str, str]) -> _FileResult:
    assert _worker is not None
    project, strict = _worker
    return _check_file(project, item[0], item[1], strict)


