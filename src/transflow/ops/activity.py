"""``transflow report activity``: words translated and reviewed per person, language and period.

What an editor needs to pay freelancers, read from the attribution that every PO
file records on each unit::

    # transflow-translated: ayse 2026-11-20T10:15:00Z
    # transflow-reviewed: kerem 2026-11-21T09:00:00Z 3f2a9c1e04b7
    # transflow-origin: exact match in articles/other.md

The rules:

- The period is a range of whole days, both ends included, compared with the UTC
  date of the attribution. Timestamps that cannot be read are counted in
  ``undated`` and in no row.
- Every PO file in ``locales/<lang>/`` counts, also of articles since removed, and
  every unit in it, live or obsolete: work done on a unit that was later removed
  from its article was still done. A unit counts once for its translator and once
  for its reviewer; a review counts only while it is valid (the approved text is
  unchanged). The files keep only the last translator and reviewer of a unit, so an
  earlier translation that was overwritten is not seen (git history has it).
- Words are source words (:mod:`transflow.util.wordcount`) of the text that was
  translated: for a stale unit the previous source, which is what its translator
  had in front of them, otherwise the current one.
- The match type says how the unit was started, from its ``origin``: ``exact``
  for an exact match reused from elsewhere ("exact match in articles/x.md"),
  ``fuzzy 85-94%`` and so on when the origin records a similarity (the bands of
  OmegaT and of agencies' price lists), ``fuzzy`` for any other prefill (an old or
  similar translation), and ``new`` for a unit translated from nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from transflow.errors import TransflowError
from transflow.formats.po import read_catalog
from transflow.model.catalog import Entry, Origin, OriginKind, UnitStatus
from transflow.render.csv import csv_text
from transflow.render.terminal import TerminalStyle, fit, json_lines, md, num
from transflow.util.wordcount import count_words
from transflow.workspace.outside import attribute_outside_edits
from transflow.workspace.project import Project

ROLES = ("translated", "reviewed")
BY_ROLE = {"translator": "translated", "reviewer": "reviewed"}
FORMATS = ("table", "json", "csv", "markdown")

#: Fuzzy bands, best first: (lowest percent, name).
FUZZY_BANDS = ((95, "fuzzy 95-99%"), (85, "fuzzy 85-94%"), (75, "fuzzy 75-84%"), (50, "fuzzy 50-74%"),
               (0, "fuzzy <50%"))
#: How matches are listed: new words first, then from the most to the least work.
MATCH_ORDER = ("new", "fuzzy <50%", "fuzzy 50-74%", "fuzzy 75-84%", "fuzzy 85-94%", "fuzzy 95-99%", "fuzzy",
               "exact")


def match_type(origin: Origin | None) -> str:
    """How a unit was started, from its ``origin``: new, exact, or fuzzy (with its band when known)."""
    if origin is None:
        return "new"
    if origin.kind in (OriginKind.EXACT, OriginKind.IN_CONTEXT):
        return "exact"
    if origin.score is None:
        return "fuzzy"
    return next(name for low, name in FUZZY_BANDS if origin.score >= low)


def _day(when: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(when[:10])
    except ValueError:
        return None


def source_words(entry: Entry) -> int:
    """Words of the source a unit's translation was made for."""
    if entry.status is UnitStatus.STALE and entry.previous:
        return count_words(entry.previous)
    return count_words(entry.msgid)


@dataclass(frozen=True)
class ActivityRow:
    person: str
    language: str
    activity: str  # translated | reviewed
    match: str
    units: int
    words: int

    def as_dict(self, name: str) -> dict[str, Any]:
        return {"person": self.person, "name": name, "language": self.language, "activity": self.activity,
                "match": self.match, "units": self.units, "words": self.words}


@dataclass(frozen=True)
class ActivityTotal:
    person: str
    language: str
    activity: str
    units: int
    words: int


@dataclass(frozen=True)
class ActivityReport:
    since: dt.date
    until: dt.date
    by: str | None
    rows: tuple[ActivityRow, ...]
    errors: tuple[str, ...] = ()
    undated: int = 0
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, person: str) -> str:
        return self.names.get(person, person)

    def totals(self) -> list[ActivityTotal]:
        sums: dict[tuple[str, str, str], list[int]] = {}
        for row in self.rows:
            found = sums.setdefault((row.person, row.language, row.activity), [0, 0])
            found[0] += row.units
            found[1] += row.words
        return [ActivityTotal(*key, units, words) for key, (units, words) in sums.items()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "by": self.by,
            "rows": [row.as_dict(self.name(row.person)) for row in self.rows],
            "totals": [
                {"person": t.person, "name": self.name(t.person), "language": t.language, "activity": t.activity,
                 "units": t.units, "words": t.words}
                for t in self.totals()
            ],
            "undated": self.undated,
            "errors": list(self.errors),
        }


def collect_activity(
    project: Project,
    since: dt.date,
    until: dt.date,
    by: str | None = None,
    languages: Iterable[str] = (),
) -> ActivityReport:
    """Who translated and reviewed how many words from ``since`` to ``until`` (both included).

    ``by`` is ``translator`` or ``reviewer`` for one kind of work only. A PO file
    that cannot be read is named in ``errors``; the others are still counted.
    """
    selected = tuple(dict.fromkeys(project.require_language(code) for code in languages)) or project.workflow.languages
    roles = (BY_ROLE[by],) if by else ROLES
    sums: dict[tuple[str, str, str, str], list[int]] = {}
    errors: list[str] = []
    undated = 0
    for language in selected:
        folder = project.locales_dir / language
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                catalog = read_catalog(path, project.display(path))
            except TransflowError as exc:
                errors.append(str(exc))
                continue
            attribute_outside_edits(project, catalog)  # billed at once, before any update credits it
            for entry in (*catalog.entries, *catalog.obsolete):
                for role in roles:
                    attribution = entry.translated if role == "translated" else entry.reviewed
                    if attribution is None or (role == "translated" and not entry.msgstr):
                        continue
                    day = _day(attribution.when)
                    if day is None:
                        undated += 1
                        continue
                    if not since <= day <= until:
                        continue
                    key = (attribution.person, language, role, match_type(entry.origin))
                    found = sums.setdefault(key, [0, 0])
                    found[0] += 1
                    found[1] += source_words(entry)
    order = {language: i for i, language in enumerate(selected)}
    rows = sorted(
        (ActivityRow(*key, units, words) for key, (units, words) in sums.items()),
        key=lambda r: (r.person, order[r.language], ROLES.index(r.activity), _match_rank(r.match)),
    )
    return ActivityReport(
        since=since,
        until=until,
        by=by,
        rows=tuple(rows),
        errors=tuple(errors),
        undated=undated,
        names={pid: p.name for pid, p in project.workflow.team.items()},
    )


def _match_rank(match: str) -> int:
    return MATCH_ORDER.index(match) if match in MATCH_ORDER else len(MATCH_ORDER)


# --- renderers ----------------------------------------------------------------------------------


def render_activity(report: ActivityReport, fmt: str, color: bool = False) -> str:
    if fmt == "table":
        return render_activity_table(report, color)
    if fmt == "json":
        return json_lines(report.as_dict())
    if fmt == "csv":
        return csv_text(
            ("person", "name", "language", "activity", "match", "units", "words"),
            ((row.person, report.name(row.person), row.language, row.activity, row.match, row.units, row.words)
             for row in report.rows),
        )
    if fmt == "markdown":
        return render_activity_markdown(report)
    raise ValueError(f"unknown format {fmt!r}")


def _title(report: ActivityReport) -> str:
    work = {"translator": "translation", "reviewer": "review"}.get(report.by or "", "translation and review")
    return f"Activity {report.since.isoformat()} to {report.until.isoformat()}: {work} (source words)"


def render_activity_table(report: ActivityReport, color: bool = False) -> str:
    s = TerminalStyle(color)
    out = [s(_title(report), bold=True), ""]
    head = fit("PERSON", 30) + fit("LANG", 7) + fit("WORK", 12) + fit("MATCH", 14) + fit("UNITS", 7, True) \
        + fit("WORDS", 8, True)
    out.append(s(head, bold=True))
    totals = {(t.person, t.language, t.activity): t for t in report.totals()}
    sizes: dict[tuple[str, str, str], int] = {}
    for row in report.rows:
        group = (row.person, row.language, row.activity)
        sizes[group] = sizes.get(group, 0) + 1
    previous: ActivityRow | None = None
    for row in report.rows:
        group = (row.person, row.language, row.activity)
        new_person = previous is None or previous.person != row.person
        new_group = previous is None or (previous.person, previous.language, previous.activity) != group
        who = f"{row.person} ({report.name(row.person)})" if new_person else ""
        out.append(
            fit(who, 30) + fit(row.language if new_group else "", 7) + fit(row.activity if new_group else "", 12)
            + fit(row.match, 14) + num(row.units, 7) + num(row.words, 8)
        )
        sizes[group] -= 1
        if sizes[group] == 0 and totals[group].units != row.units:
            total = totals[group]
            out.append(fit("", 49) + s(fit("total", 14) + num(total.units, 7)
                                       + num(total.words, 8), bold=True))
        previous = row
    if not report.rows:
        out.append("  (nothing translated or reviewed in this period)")
    if report.undated:
        out += ["", f"{report.undated} attribution(s) without a readable date were not counted"]
    return "\n".join(line.rstrip() for line in out) + "\n"


def render_activity_markdown(report: ActivityReport) -> str:
    lines = [f"### {md(_title(report))}", "", "| Person | Language | Work | Match | Units | Words |",
             "|---|---|---|---|--:|--:|"]
    for row in report.rows:
        lines.append(f"| {md(report.name(row.person))} ({md(row.person)}) | {md(row.language)} | {row.activity} "
                     f"| {md(row.match)} | {row.units} | {row.words} |")
    lines += ["", "| Person | Language | Work | Units | Words |", "|---|---|---|--:|--:|"]
    for total in report.totals():
        lines.append(f"| {md(report.name(total.person))} ({md(total.person)}) | {md(total.language)} "
                     f"| {total.activity} | {total.units} | {total.words} |")
    if report.undated:
        lines += ["", f"{report.undated} attribution(s) without a readable date were not counted."]
    if report.errors:
        lines += ["", "#### Errors", ""] + [f"- {md(error)}" for error in report.errors]
    return "\n".join(lines) + "\n"
