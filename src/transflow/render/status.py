"""The status report as a terminal table, JSON, CSV, Markdown or the HTML dashboard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transflow.model.leverage import LeverageReport
from transflow.model.progress import Outdated, Progress, StatusReport, UnitRow
from transflow.render.csv import csv_text
from transflow.render.terminal import TerminalStyle, display_width, fit, json_lines, md, num

FORMATS = ("table", "json", "csv", "markdown", "html")


# --- renderers ----------------------------------------------------------------------------------


def render(report: StatusReport, fmt: str, color: bool = False, leverage: LeverageReport | None = None) -> str:
    """The report in one of :data:`FORMATS`; the dashboard (html) also shows ``leverage``."""
    if fmt == "table":
        return render_table(report, color)
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        from transflow.render.dashboard import render_html

        return render_html(report, leverage=leverage)
    raise ValueError(f"unknown format {fmt!r}")


def render_json(report: StatusReport) -> str:
    """The report as JSON, one row (or total) a line: readable, and quick to write for 30,000 rows."""
    return json_lines(report.as_dict())



CSV_COLUMNS = (
    "article", "language", "translator", "reviewer", "due", "overdue", "days_late",
    *(f"units_{key}" for key in ("untranslated", "stale", "translated", "reviewed", "total")),
    *(f"words_{key}" for key in ("untranslated", "stale", "translated", "reviewed", "total")),
    "percent_translated", "percent_reviewed", "out_of_date", "note", "path", "conflicts", "dismissed", "embargo",
    "outdated_since", "outdated_page", "changed_units",
)


def render_csv(report: StatusReport) -> str:
    return csv_text(CSV_COLUMNS, (
        [
            row.article, row.language, row.translator or "", row.reviewer or "",
            row.due.isoformat() if row.due else "", str(row.overdue).lower(), row.days_late,
            *row.units.as_dict().values(), *row.words.as_dict().values(),
            f"{row.percent_translated:.1f}", f"{row.percent_reviewed:.1f}",
            str(row.out_of_date).lower(), row.note or "", row.source, row.conflicts, row.dismissed, row.embargo or "",
            row.outdated.since if row.outdated else "", row.outdated.page if row.outdated else "",
            row.outdated.changed_units if row.outdated else "",
        ]
        for row in report.rows
    ))




def outdated_text(outdated: Outdated) -> str:
    """One line on a published page behind its source, for the table and the dashboard."""
    changed = outdated.changed_units
    todo = (f"{changed} unit{'' if changed == 1 else 's'} to translate again" if changed
            else "translated again: run 'transflow build'")
    where = f"{outdated.page} is withdrawn until then" if outdated.withdrawn else f"{outdated.page} is behind it"
    return f"outdated: the source changed on {outdated.since}; {todo} ({where})"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def render_markdown(report: StatusReport) -> str:
    lines = [f"### Translation status, {report.today.isoformat()}", ""]
    lines += [
        "| Article | Lang | Words | Translated | Reviewed | Stale | Untranslated | Translator | Reviewer | Due |",
        "|---|---|--:|--:|--:|--:|--:|---|---|---|",
    ]
    for row in report.rows:
        due = row.due.isoformat() if row.due else ""
        if row.overdue:
            due = f"**{due} overdue**"
        article = md(row.article) + (" (out of date)" if row.out_of_date else "")
        if row.outdated:
            article += f" (**published page outdated** since {row.outdated.since})"
        lines.append(
            f"| {article} | {md(row.language)} | {row.words.total} | {_pct(row.percent_translated)} "
            f"| {_pct(row.percent_reviewed)} | {row.words.stale} | {row.words.untranslated} "
            f"| {md(row.translator or '')} | {md(row.reviewer or '')} | {due} |"
        )
    lines += ["", "Figures are words of the source text; translated includes reviewed.", ""]
    lines += [
        "#### By language", "",
        "| Lang | Articles | Words | Translated | Reviewed | Stale | Untranslated | Overdue |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for total in report.language_totals():
        lines.append(
            f"| {md(total.language)} | {total.articles} | {total.words.total} | {_pct(total.percent_translated)} "
            f"| {_pct(total.percent_reviewed)} | {total.words.stale} | {total.words.untranslated} | {total.overdue} |"
        )
    lines += [
        "", "#### By person", "",
        "| Person | Translates (articles) | Words to translate | Reviews (articles) | Words to review | Overdue |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for person in report.person_totals():
        who = f"{md(person.name)} ({md(person.person)})" if person.person else "_unassigned_"
        lines.append(
            f"| {who} | {person.articles_translating} | {person.to_translate} | {person.articles_reviewing} "
            f"| {person.to_review} | {person.overdue} |"
        )
    if report.errors:
        lines += ["", "#### Errors", ""] + [f"- {md(error)}" for error in report.errors]
    return "\n".join(lines) + "\n"


# 80 columns when the language codes are short; a longer code (zh_Hant, sr_Latn) takes
# columns from the people, whose ids are cut before a language or a slug is.

_FIGURE_COLUMNS = (("WORDS", 6, True), ("TRANSL.", 8, True), ("REVIEWED", 9, True),
                   ("STALE", 6, True), ("UNTRANSL.", 10, True))


@dataclass(frozen=True)
class _Widths:
    language: int = 6
    person: int = 10  # translator; the reviewer column is one narrower

    @classmethod
    def of(cls, languages: Iterable[str]) -> _Widths:
        language = max([6, *(display_width(code) + 1 for code in languages)])
        return cls(language, max(6, 10 - (language - 5) // 2))


def _figure_cells(s: TerminalStyle, language: str, progress: Progress, widths: _Widths) -> str:
    words = progress.words
    return "".join([
        fit(language, widths.language),
        num(words.total, 6),
        s.percent(fit(_pct(progress.percent_translated), 8, True), progress.percent_translated),
        fit(_pct(progress.percent_reviewed), 9, True),
        s(num(words.stale, 6), fg="yellow") if words.stale else num(0, 6),
        num(words.untranslated, 10),
    ])


def render_table(report: StatusReport, color: bool = False) -> str:
    """For a terminal: 80 columns (language codes and slugs whole), colour when asked (a
    tty), plain when piped."""
    s = TerminalStyle(color)
    widths = _Widths.of([row.language for row in report.rows])
    figures_head = fit("LANG", widths.language) + "".join(fit(title, width, right)
                                                          for title, width, right in _FIGURE_COLUMNS)
    out = [
        s(f"Translation status, {report.today.isoformat()} (words; translated includes reviewed)", bold=True),
        "",
        s("  " + figures_head + " " + fit("TRANSLATOR", widths.person) + " " + fit("REVIEWER", widths.person - 1)
          + " DUE", bold=True),
    ]
    article = None
    for row in report.rows:
        if row.article != article:
            article = row.article
            out.append(s(article, bold=True))  # whole: a slug cut short names no file
        due = row.due.isoformat() if row.due else "-"
        due = s(due + "!", fg="red", bold=True) if row.overdue else due
        out.append(
            "  " + _figure_cells(s, row.language, row, widths) + " " + fit(row.translator or "-", widths.person) + " "
            + fit(row.reviewer or "-", widths.person - 1) + " " + due
        )
        if row.outdated:
            out.append(s(f"        {outdated_text(row.outdated)}", fg="red"))
        if row.conflicts:
            out.append(s(f"        {row.conflicts} conflict(s) to decide: see transflow-conflict comments "
                         f"in {row.source}", fg="red"))
        if row.embargo:
            out.append(s(f"        embargoed until {row.embargo}: build publishes it after that", fg="yellow"))
        if row.dismissed:
            out.append(s(f"        {row.dismissed} unit(s) with a check switched off: see 'transflow check'",
                         fg="yellow"))
        if row.note:
            out.append(s(f"        {row.note}", fg="yellow"))
        elif row.out_of_date:
            out.append(s("        source changed since the last update; run 'transflow update'", fg="yellow"))
    if not report.rows:
        out.append("  (no rows match the selection)")
    if any(row.overdue for row in report.rows):
        out.append("  ! overdue: past due and not complete")

    totals = report.language_totals()
    if totals:
        out += ["", s("By language", bold=True)]
        out.append(s("  " + figures_head + fit("ARTICLES", 10, True) + fit("OVERDUE", 9, True), bold=True))
        for total in totals:
            out.append(
                "  " + _figure_cells(s, total.language, total, widths) + num(total.articles, 10)
                + (s(num(total.overdue, 9), fg="red") if total.overdue else num(0, 9))
            )
    people = report.person_totals()
    if people:
        out += ["", s("By person (articles assigned; words left to translate and to review)", bold=True)]
        out.append(s("  " + fit("PERSON", 28) + fit("TRANSLATES", 11, True) + fit("WORDS LEFT", 11, True)
                     + fit("REVIEWS", 9, True) + fit("TO REVIEW", 10, True) + fit("OVERDUE", 8, True), bold=True))
        for person in people:
            who = f"{person.person} ({person.name})" if person.person else "(unassigned)"
            out.append(
                "  " + fit(who, 28) + num(person.articles_translating, 11)
                + num(person.to_translate, 11) + num(person.articles_reviewing, 9)
                + num(person.to_review, 10)
                + (s(num(person.overdue, 8), fg="red") if person.overdue else num(0, 8))
            )
    overdue = report.overdue()
    if overdue:
        out += ["", s("Overdue", bold=True, fg="red")]
        for row in overdue:
            text = (f"  {row.due.isoformat() if row.due else '-'} {row.days_late:>3}d late  "
                    f"{fit(row.language, widths.language)}{fit(row.translator or '-', 10)} "
                    f"{_pct(row.percent_translated):>6}  ")
            if display_width(text) + display_width(row.article) <= 80:
                out.append(text + row.article)
            else:  # the slug whole, on its own line, rather than cut
                out += [text.rstrip(), "    " + row.article]
    return "\n".join(line.rstrip() for line in out) + "\n"


UNIT_COLUMNS = ("article", "language", "unit", "state", "conflict", "source", "previous_source", "translation",
                "translator", "reviewer", "dismissed", "line", "outdated")


def render_units(units: Sequence[UnitRow], fmt: str) -> str:
    """``status --units``: json (an object with ``units``), csv, or a short table."""
    if fmt == "json":
        return json_lines({"units": [u.as_dict() for u in units]})
    if fmt == "csv":
        return csv_text(UNIT_COLUMNS, ([u.article, u.language, u.unit, u.state, str(u.conflict).lower(), u.source,
                                        u.previous_source or "", u.translation, u.translator or "", u.reviewer or "",
                                        " ".join(u.dismissed), u.line or "", str(u.outdated).lower()]
                                       for u in units))
    if fmt == "table":
        lines = [f"{u.article} [{u.language}] unit {u.unit}: {u.state}{' (conflict)' if u.conflict else ''}"
                 f"{' (outdated)' if u.outdated else ''}: "
                 f"{fit(u.source, 60).rstrip()}" for u in units]
        return "\n".join(lines) + ("\n" if lines else "")
    raise ValueError(f"--units is listed as table, json or csv, not {fmt}")
