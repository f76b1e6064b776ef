"""What the work not yet translated amounts to, per match band: the values ``report
leverage`` and the dashboard show (see :mod:`transflow.ops.leverage`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The bands an agency prices, best match first.
BANDS = ("context", "exact", "repetition", "fuzzy_95", "fuzzy_85", "fuzzy_75", "fuzzy_50", "new")
#: How each band is shown: the names agencies' grids use.
BAND_LABELS = {"context": "101%", "exact": "100%", "repetition": "reps", "fuzzy_95": "95-99%",
               "fuzzy_85": "85-94%", "fuzzy_75": "75-84%", "fuzzy_50": "50-74%", "new": "new"}


@dataclass(frozen=True)
class LeverageRow:
    article: str
    language: str
    words: Mapping[str, int]  # band -> source words
    units: Mapping[str, int]  # band -> units
    cost: float | None  # None without a price for the language

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "language": self.language, "words": dict(self.words),
                "units": dict(self.units), "total_words": self.total_words,
                "cost": None if self.cost is None else round(self.cost, 2)}


@dataclass
class LeverageReport:
    rows: list[LeverageRow] = field(default_factory=list)
    currency: str | None = None
    errors: list[str] = field(default_factory=list)

    def total(self) -> LeverageRow:
        return _total_of(self.rows, "")

    def language_totals(self) -> list[LeverageRow]:
        """One total per language (article "total"), in the order of the rows."""
        languages = dict.fromkeys(row.language for row in self.rows)
        return [_total_of([row for row in self.rows if row.language == language], language)
                for language in languages]

    def summary_rows(self) -> list[LeverageRow]:
        """What a report lists: the rows, each language's total when there are several, the total."""
        totals = self.language_totals()
        return [*self.rows, *(totals if len(totals) > 1 else ()), self.total()]

    @property
    def unpriced(self) -> list[str]:
        """Languages the rates give no price for: their cost, and the total cost, are not known."""
        if self.currency is None:
            return []
        return sorted({row.language for row in self.rows if row.cost is None})

    def as_dict(self) -> dict[str, object]:
        return {"currency": self.currency, "bands": {band: BAND_LABELS[band] for band in BANDS},
                "rows": [row.as_dict() for row in self.rows],
                "languages": [row.as_dict() for row in self.language_totals()], "total": self.total().as_dict(),
                "unpriced": self.unpriced, "errors": self.errors}


def _total_of(rows: list[LeverageRow], language: str) -> LeverageRow:
    words = {band: sum(row.words[band] for row in rows) for band in BANDS}
    units = {band: sum(row.units[band] for row in rows) for band in BANDS}
    costs = [row.cost for row in rows]
    cost = None if not costs or any(c is None for c in costs) else sum(c for c in costs if c is not None)
    return LeverageRow("total", language, words, units, cost)
