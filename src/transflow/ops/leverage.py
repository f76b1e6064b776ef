"""``transflow report leverage``: what the work not yet translated would cost, by match band.

For each article and language, every unit that is not translated yet (untranslated or
stale) is put in the band an agency bills it by, against the translation memory (the
article's own units left out, as update leaves them out):

- ``repetition``: the second and later occurrence of a source text in the batch (the
  articles and languages asked for, in slug and unit order);
- ``context`` (101%), ``exact`` (100%), ``fuzzy_95`` (95-99%), ``fuzzy_85``, ``fuzzy_75``,
  ``fuzzy_50``: the best memory match, or a stale unit's own previous version when it is
  closer;
- ``new``: no match of 50% or more.

Source words are counted per band; with ``rates`` in workflow.yaml, so is the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from transflow.errors import TransflowError
from transflow.formats.po import read_catalog
from transflow.model.catalog import OriginKind
from transflow.model.leverage import BAND_LABELS, BANDS, LeverageReport, LeverageRow
from transflow.render.csv import csv_text
from transflow.render.terminal import TerminalStyle, fit, json_lines, md, num
from transflow.util.wordcount import count_words
from transflow.workspace.memory import TranslationMemory
from transflow.workspace.project import Project

#: The lowest match worth a band of its own.
LOWEST_MATCH = 50


def band_of(score: int | None) -> str:
    """The rate band of a match score (None: no match)."""
    if score is None or score < LOWEST_MATCH:
        return "new"
    if score > 100:
        return "context"
    if score == 100:
        return "exact"
    return next(band for low, band in ((95, "fuzzy_95"), (85, "fuzzy_85"), (75, "fuzzy_75"), (50, "fuzzy_50"))
                if score >= low)


def collect_leverage(project: Project, languages: Sequence[str] = (), articles: Sequence[str] = ()) -> LeverageReport:
    """Words (and cost) per band of the work not translated yet, per article and language."""
    chosen = [project.require_language(code) for code in languages] or list(project.workflow.languages)
    slugs = project.slugs(tuple(articles))
    rates = project.workflow.rates
    report = LeverageReport(currency=rates.currency if rates else None)
    memory = TranslationMemory(project)
    try:
        for language in chosen:
            seen: set[str] = set()  # sources counted already in this language: repetitions
            for slug in slugs:
                row = _article_row(project, memory, slug, language, seen, report.errors)
                if row is not None:
                    report.rows.append(row)
    finally:
        memory.close()
    return report


def _article_row(project: Project, memory: TranslationMemory, slug: str, language: str, seen: set[str],
                 errors: list[str]) -> LeverageRow | None:
    path = project.po_path(language, slug)
    display = project.display(path)
    if not path.exists():
        errors.append(f"{display}: not found; run 'transflow update' first")
        return None
    try:
        entries = read_catalog(path, display).entries
    except TransflowError as exc:
        errors.append(str(exc))
        return None
    words = dict.fromkeys(BANDS, 0)
    units = dict.fromkeys(BANDS, 0)
    for i, entry in enumerate(entries):
        if entry.is_translated:
            continue
        if entry.msgid in seen:
            band = "repetition"
        else:
            seen.add(entry.msgid)
            before = entries[i - 1].msgid if i else None
            after = entries[i + 1].msgid if i + 1 < len(entries) else None
            match = memory.lookup(language, entry.msgid, LOWEST_MATCH, slug, before, after)
            score = match.score if match else None
            own = entry.origin
            if entry.fuzzy and own is not None and own.kind is OriginKind.PREVIOUS and own.score is not None:
                score = max(score or 0, own.score)  # its own earlier translation, to correct
            band = band_of(score)
        words[band] += count_words(entry.msgid)
        units[band] += 1
    rates = project.workflow.rates
    cost = None
    if rates is not None and rates.price(language, "new") is not None:
        cost = sum(words[band] * (rates.price(language, band) or 0.0) for band in BANDS)
    return LeverageRow(slug, language, words, units, cost)


# --- rendering ---------------------------------------------------------------------------------


def render_leverage(report: LeverageReport, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return json_lines(report.as_dict())
    if fmt == "csv":
        header = ("article", "language", *BANDS, "total_words", "cost", "currency")
        return csv_text(header, ((row.article, row.language, *(row.words[b] for b in BANDS), row.total_words,
                                  _money(row.cost), report.currency or "") for row in report.summary_rows()))
    if fmt == "markdown":
        head = ["Article", "Language", *(BAND_LABELS[b] for b in BANDS), "Words", _cost_heading(report)]
        lines = ["### Leverage: source words of the work not yet translated, by match band", "",
                 "| " + " | ".join(head) + " |", "|---|---|" + "--:|" * (len(BANDS) + 2)]
        for row in report.summary_rows():
            cells = [md(row.article), md(row.language), *(str(row.words[b]) for b in BANDS), str(row.total_words),
                     _money(row.cost)]
            lines.append("| " + " | ".join(cells) + " |")
        if report.unpriced:
            lines += ["", f"*{_unpriced_note(report)}*"]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        return _table(report, color)
    raise ValueError(f"unknown format {fmt!r}")


def _table(report: LeverageReport, color: bool) -> str:
    s = TerminalStyle(color)
    width = max([len(row.article) for row in report.rows] + [7])
    out = [s("Leverage: source words of the work not yet translated, by match band", bold=True), ""]
    out.append(s(fit("ARTICLE", width + 2) + fit("LANG", 6) + "".join(fit(BAND_LABELS[b], 8, True) for b in BANDS)
                 + fit("WORDS", 8, True) + fit(_cost_heading(report).upper(), 12, True), bold=True))
    for row in report.summary_rows():
        line = (fit(row.article, width + 2) + fit(row.language, 6) + "".join(num(row.words[b], 8) for b in BANDS)
                + num(row.total_words, 8) + fit(_money(row.cost), 12, True))
        out.append(s(line, bold=True) if row.article == "total" else line)
    if not report.rows:
        out.append("  (no article selected)")
    if report.unpriced:
        out += ["", _unpriced_note(report)]
    return "\n".join(line.rstrip() for line in out) + "\n"


def _unpriced_note(report: LeverageReport) -> str:
    whose = "their" if len(report.unpriced) > 1 else "its"
    return (f"No price for {', '.join(report.unpriced)} in workflow.yaml's rates: "
            f"{whose} cost and the total cost are left blank.")


def _cost_heading(report: LeverageReport) -> str:
    return f"Cost ({report.currency})" if report.currency else "Cost"


def _money(cost: float | None) -> str:
    return "" if cost is None else f"{cost:.2f}"
