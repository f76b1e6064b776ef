"""The status report as a terminal table, JSON, CSV, Markdown or the HTML dashboard."""

from __future__ import annotations

from transflow.model.leverage import LeverageReport
from transflow.model.progress import Progress, StatusReport
from transflow.render.csv import csv_text
from transflow.render.terminal import TerminalStyle, fit, json_lines, md, num

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
    "percent_translated", "percent_reviewed", "out_of_date", "note", "path", "conflicts", "dismissed",
)


def render_csv(report: StatusReport) -> str:
    return csv_text(CSV_COLUMNS, (
        [
            row.article, row.language, row.translator or "", row.reviewer or "",
            row.due.isoformat() if row.due else "", str(row.overdue).lower(), row.days_late,
            *row.units.as_dict().values(), *row.words.as_dict().values(),
            f"{row.percent_translated:.1f}", f"{row.percent_reviewed:.1f}",
            str(row.out_of_date).lower(), row.note or "", row.source, row.conflicts, row.dismissed,
        ]
        for row in report.rows
    ))




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


# 80 columns exactly.



_FIGURE_COLUMNS = (("LANG", 6, False), ("WORDS", 6, True), ("TRANSL.", 8, True), ("REVIEWED", 9, True),
                   ("STALE", 6, True), ("UNTRANSL.", 10, True))


def _figure_cells(s: TerminalStyle, language: str, progress: Progress) -> str:
    words = progress.words
    return "".join([
        fit(language, 6),
        num(words.total, 6),
        s.percent(fit(_pct(progress.percent_translated), 8, True), progress.percent_translated),
        fit(_pct(progress.percent_reviewed), 9, True),
        s(num(words.stale, 6), fg="yellow") if words.stale else num(0, 6),
        num(words.untranslated, 10),
    ])


def render_table(report: StatusReport, color: bool = False) -> str:
    """For a terminal: at most 80 columns, colour when asked (a tty), plain when piped."""
    s = TerminalStyle(color)
    figures_head = "".join(fit(title, width, right) for title, width, right in _FIGURE_COLUMNS)
    out = [
        s(f"Translation status, {report.today.isoformat()} (words; translated includes reviewed)", bold=True),
        "",
        s("  " + figures_head + " " + fit("TRANSLATOR", 10) + " " + fit("REVIEWER", 9) + " DUE", bold=True),
    ]
    article = None
    for row in report.rows:
        if row.article != article:
            article = row.article
            out.append(s(fit(article, 80).rstrip(), bold=True))
        due = row.due.isoformat() if row.due else "-"
        due = s(due + "!", fg="red", bold=True) if row.overdue else due
        out.append(
            "  " + _figure_cells(s, row.language, row) + " " + fit(row.translator or "-", 10) + " "
            + fit(row.reviewer or "-", 9) + " " + due
        )
        if row.conflicts:
            out.append(s(fit(f"        {row.conflicts} conflict(s) to decide: see transflow-conflict comments "
                             f"in {row.source}", 80).rstrip(), fg="red"))
        if row.dismissed:
            out.append(s(fit(f"        {row.dismissed} unit(s) with a check switched off: see 'transflow check'",
                             80).rstrip(), fg="yellow"))
        if row.note:
            out.append(s(fit(f"        {row.note}", 80).rstrip(), fg="yellow"))
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
                "  " + _figure_cells(s, total.language, total) + num(total.articles, 10)
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
            text = (f"  {row.due.isoformat() if row.due else '-'} {row.days_late:>3}d late  {fit(row.language, 6)}"
                    f"{fit(row.translator or '-', 10)} {_pct(row.percent_translated):>6}  {row.article}")
            out.append(fit(text, 80).rstrip())
    return "\n".join(line.rstrip() for line in out) + "\n"
