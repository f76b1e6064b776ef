"""The figures of a status report: unit and word counts, progress per article and
language, totals per language and person. Values only; ``transflow.ops.status`` reads
them from the files and ``transflow.render`` prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transflow.model.catalog import Origin


@dataclass(frozen=True)
class Counts:
    """Units or words by status. The four figures are disjoint and add up to ``total``."""

    untranslated: int = 0
    stale: int = 0
    translated: int = 0
    reviewed: int = 0

    @property
    def total(self) -> int:
        return self.untranslated + self.stale + self.translated + self.reviewed

    @property
    def done(self) -> int:
        """Translated, reviewed or not: what SPEC.md calls translated."""
        return self.translated + self.reviewed

    @property
    def remaining(self) -> int:
        """Still to translate: untranslated or stale."""
        return self.untranslated + self.stale

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.untranslated + other.untranslated,
            self.stale + other.stale,
            self.translated + other.translated,
            self.reviewed + other.reviewed,
        )

    def as_list(self) -> list[int]:
        return [self.untranslated, self.stale, self.translated, self.reviewed]

    def as_dict(self) -> dict[str, int]:
        return {
            "untranslated": self.untranslated,
            "stale": self.stale,
            "translated": self.translated,
            "reviewed": self.reviewed,
            "total": self.total,
        }


def percent(part: int, whole: int) -> float:
    """``part / whole`` in percent, rounded down to one decimal; 100.0 for nothing to do."""
    if whole <= 0:
        return 100.0
    return (1000 * part // whole) / 10


@dataclass(frozen=True)
class Progress:
    """Units and words of some work, with the percentages SPEC.md defines."""

    units: Counts
    words: Counts

    def _basis(self) -> Counts:
        # By words; by units only where the units hold no words at all ("—", "2/3").
        return self.words if self.words.total else self.units

    @property
    def percent_translated(self) -> float:
        basis = self._basis()
        return percent(basis.done, basis.total)

    @property
    def percent_reviewed(self) -> float:
        basis = self._basis()
        return percent(basis.reviewed, basis.total)

    def below(self, threshold: float) -> bool:
        """True when less than ``threshold`` percent is translated (exact, not rounded)."""
        basis = self._basis()
        return basis.total > 0 and basis.done * 100 < threshold * basis.total

    def complete(self, require_review: bool) -> bool:
        if self.units.remaining:
            return False
        return not (require_review and self.units.translated)


@dataclass(frozen=True)
class StaleUnit:
    """A stale unit as the dashboard shows it: old source, new source, offered translation."""

    msgid: str
    previous: str | None
    msgstr: str
    origin: Origin | None
    line: int | None


@dataclass(frozen=True)
class Dismissal:
    """A check switched off for one unit, and who decided it (None: a flag another tool set)."""

    unit: int  # 1-based, as pulled files and 'transflow dismiss --unit' number them
    msgid: str
    check: str
    person: str | None
    when: str | None


@dataclass(frozen=True)
class ConflictVersion:
    """One text of a unit in conflict, with who wrote it and when."""

    text: str
    person: str | None
    when: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "by": self.person, "when": self.when}


@dataclass(frozen=True)
class OpenConflict:
    """A unit whose texts an editor has not decided between yet."""

    article: str
    language: str
    unit: int  # 1-based position among the file's live units
    source: str
    current: ConflictVersion  # the unit's text now
    others: tuple[ConflictVersion, ...]  # kept beside it, oldest first

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "language": self.language, "unit": self.unit, "source": self.source,
                "current": self.current.as_dict(), "others": [v.as_dict() for v in self.others]}


@dataclass(frozen=True)
class Outdated:
    """The language's page on the site is behind its source: the source changed on
    ``since`` and ``changed_units`` units are not translated for the new text."""

    since: str  # ISO 8601 UTC
    page: str  # the page, relative to the project root
    changed_units: int
    withdrawn: bool = False  # taken off the site until then (publish.outdated: withdraw)

    def as_dict(self) -> dict[str, Any]:
        return {"since": self.since, "page": self.page, "changed_units": self.changed_units,
                "withdrawn": self.withdrawn}


@dataclass(frozen=True)
class StatusRow(Progress):
    article: str
    language: str
    translator: str | None
    reviewer: str | None
    due: dt.date | None
    overdue: bool
    days_late: int
    source: str  # the file the figures were read from, relative to the project
    out_of_date: bool = False
    note: str | None = None
    stale_units: tuple[StaleUnit, ...] = ()
    conflicts: int = 0
    dismissed: int = 0  # units with a check switched off for them ('transflow check' lists them)
    embargo: str | None = None  # the source's embargo (UTC), while it holds
    outdated: Outdated | None = None  # its published page is behind the source
    dismissals: tuple[Dismissal, ...] = ()  # with the details (the dashboard): which check, who

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "language": self.language,
            "translator": self.translator,
            "reviewer": self.reviewer,
            "due": self.due.isoformat() if self.due else None,
            "units": self.units.as_dict(),
            "words": self.words.as_dict(),
            "percent_translated": self.percent_translated,
            "percent_reviewed": self.percent_reviewed,
            "overdue": self.overdue,
            "days_late": self.days_late,
            "out_of_date": self.out_of_date,
            "note": self.note,
            "path": self.source,
            "conflicts": self.conflicts,
            "dismissed": self.dismissed,
            "embargo": self.embargo,
            "outdated": self.outdated.as_dict() if self.outdated else None,
        }


@dataclass(frozen=True)
class LanguageTotal(Progress):
    language: str
    articles: int
    overdue: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "articles": self.articles,
            "units": self.units.as_dict(),
            "words": self.words.as_dict(),
            "percent_translated": self.percent_translated,
            "percent_reviewed": self.percent_reviewed,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class PersonTotal:
    """One person's workload: words of the rows they translate and of those they review."""

    person: str | None  # None: rows nobody is assigned to translate
    name: str
    translating: Counts
    reviewing: Counts
    articles_translating: int
    articles_reviewing: int
    overdue: int

    @property
    def to_translate(self) -> int:
        return self.translating.remaining

    @property
    def to_review(self) -> int:
        """Words translated and waiting for this person's review."""
        return self.reviewing.translated

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "translating": {
                "articles": self.articles_translating,
                "words": self.translating.as_dict(),
                "words_to_translate": self.to_translate,
            },
            "reviewing": {
                "articles": self.articles_reviewing,
                "words": self.reviewing.as_dict(),
                "words_to_review": self.to_review,
            },
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class StatusReport:
    today: dt.date
    rows: tuple[StatusRow, ...]
    errors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    require_review: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # person id -> full name
    conflicts: tuple[OpenConflict, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def name(self, person: str | None) -> str:
        if person is None:
            return "unassigned"
        return self.names.get(person, person)

    def overdue(self) -> list[StatusRow]:
        return sorted((row for row in self.rows if row.overdue), key=lambda r: (-r.days_late, r.article, r.language))

    def below(self, threshold: float) -> list[StatusRow]:
        return [row for row in self.rows if row.below(threshold)]

    def language_totals(self) -> list[LanguageTotal]:
        totals = []
        for language in self.languages:
            rows = [row for row in self.rows if row.language == language]
            if not rows:
                continue
            totals.append(
                LanguageTotal(
                    units=sum((r.units for r in rows), Counts()),
                    words=sum((r.words for r in rows), Counts()),
                    language=language,
                    articles=len(rows),
                    overdue=sum(r.overdue for r in rows),
                )
            )
        return totals

    def person_totals(self) -> list[PersonTotal]:
        people: dict[str | None, dict[str, Any]] = {}

        def slot(person: str | None) -> dict[str, Any]:
            return people.setdefault(
                person, {"translating": Counts(), "reviewing": Counts(), "at": 0, "ar": 0, "overdue": 0}
            )

        for row in self.rows:
            mine = slot(row.translator)
            mine["translating"] += row.words
            mine["at"] += 1
            mine["overdue"] += row.overdue
            if row.reviewer is not None:
                theirs = slot(row.reviewer)
                theirs["reviewing"] += row.words
                theirs["ar"] += 1
        order = sorted(p for p in people if p is not None) + ([None] if None in people else [])
        return [
            PersonTotal(
                person=p,
                name=self.name(p),
                translating=people[p]["translating"],
                reviewing=people[p]["reviewing"],
                articles_translating=people[p]["at"],
                articles_reviewing=people[p]["ar"],
                overdue=people[p]["overdue"],
            )
            for p in order
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "rows": [row.as_dict() for row in self.rows],
            "languages": [total.as_dict() for total in self.language_totals()],
            "people": [total.as_dict() for total in self.person_totals()],
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
            "errors": list(self.errors),
        }


#: The states ``status --units --state`` selects: a unit's status, or that it is in conflict.
UNIT_STATES = ("untranslated", "stale", "translated", "reviewed", "conflict", "outdated")


@dataclass(frozen=True)
class UnitRow:
    """One unit in one language, as ``status --units`` lists it for scripts."""

    article: str
    language: str
    unit: int  # 1-based, as pulled files number them
    state: str  # its status (translated includes reviewed only in percentages, not here)
    conflict: bool
    source: str
    previous_source: str | None
    translation: str
    translator: str | None
    reviewer: str | None
    dismissed: tuple[str, ...]
    line: int | None  # in locales/<lang>/<slug>.po
    #: Changed since the published page was built, and not translated for the new text.
    outdated: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "language": self.language, "unit": self.unit, "state": self.state,
                "conflict": self.conflict, "source": self.source, "previous_source": self.previous_source,
                "translation": self.translation, "translator": self.translator, "reviewer": self.reviewer,
                "dismissed": list(self.dismissed), "line": self.line, "outdated": self.outdated}
