"""``transflow status --format html``: the editors' dashboard, one self-contained HTML file.

Inline CSS and SVG only: no scripts, no fonts, no images, no network, so the page
can be mailed, attached to a CI run or opened from disk. It shows

- the matrix of articles × languages, each cell a bar coloured by status (reviewed,
  translated, stale, untranslated, by words) with who translates it and when it is due;
- totals per language and each person's workload;
- what is overdue;
- every stale unit with its old → new source as a word-level diff.

Every string that comes from a file (slugs, names, unit text, error messages) goes
through :func:`esc`, so ``<script>`` in a name or a unit stays text. Cells carry
``data-*`` attributes with their figures for scripts and tests.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from babel import UnknownLocaleError

from transflow import __version__
from transflow.formats.po import origin_text
from transflow.model.leverage import BAND_LABELS, BANDS, LeverageReport
from transflow.model.progress import (
    Counts,
    LanguageTotal,
    PersonTotal,
    StaleUnit,
    StatusReport,
    StatusRow,
)
from transflow.render.status import outdated_text
from transflow.util import languages
from transflow.util.textdiff import word_diff

#: Status colours, from done to not started; the bar draws them in this order.
SEGMENTS = (
    ("reviewed", "#1a7f37", "Reviewed"),
    ("translated", "#54b96b", "Translated"),
    ("stale", "#d9a522", "Stale"),
    ("untranslated", "#d5dbe1", "Untranslated"),
)
BAR_SCALE = 1000  # bar widths are in thousandths, so a 0.1% sliver still shows

_STYLE = """\
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--late:#cf222e}
*{box-sizing:border-box}
body{margin:0;padding:1.5rem 2rem 3rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);margin:0 0 1rem}
table{border-collapse:collapse;width:100%}
th,td{padding:.35rem .5rem;border-bottom:1px solid var(--line);text-align:start;vertical-align:top}
th{font-weight:600}thead th{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
.matrix td.cell{min-width:11rem}
th[scope=row]{white-space:nowrap}td.bar-cell{width:40%}
.article{font-weight:600;overflow-wrap:anywhere}th.article{white-space:normal;min-width:14rem;max-width:22rem}
svg.bar{display:block;width:100%;height:10px;border-radius:3px;overflow:hidden;background:#d5dbe1}
.figures{display:flex;justify-content:space-between;gap:.5rem;font-variant-numeric:tabular-nums;margin-top:.15rem}
.pct{font-weight:600}.who{color:var(--muted);font-size:.85rem}
.late{color:var(--late);font-weight:600}.badge{display:inline-block;padding:0 .35rem;border-radius:.6rem;font-size:.75rem;font-weight:600;color:#fff;background:var(--late)}
.note{color:#9a6700;font-size:.8rem}
.legend{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 1rem;color:var(--muted)}
.legend span::before{content:"";display:inline-block;width:.8rem;height:.8rem;margin-inline-end:.3rem;vertical-align:-.1rem;border-radius:2px;background:var(--c)}
.errors{border:1px solid var(--late);background:#ffebe9;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.errors li{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
details{margin:.5rem 0;border:1px solid var(--line);border-radius:6px;padding:.25rem .75rem}
summary{cursor:pointer;font-weight:600;padding:.25rem 0}
ol.stale{padding-inline-start:1.5rem}ol.stale li{margin:.5rem 0}
.diff del{background:#ffebe9;color:#82071e;text-decoration:line-through}
.diff ins{background:#dafbe1;color:#116329;text-decoration:none}.diff del+ins{margin-inline-start:.2em}
.offered{color:var(--muted)}.where{color:var(--muted);font-size:.8rem;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.empty{color:var(--muted)}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
"""


def esc(text: object) -> str:
    """Text (or a number) for HTML content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def bar(counts: Counts, label: str) -> str:
    """An SVG bar of ``counts``, one coloured segment per status, reviewed first."""
    total = counts.total
    parts, x = [], 0
    for index, (key, colour, _name) in enumerate(SEGMENTS):
        value = getattr(counts, key)
        if not value or not total:
            continue
        # The last drawn segment ends exactly at its cumulative share: no rounding gaps.
        done = sum(getattr(counts, k) for k, _, _ in SEGMENTS[: index + 1])
        end = BAR_SCALE * done // total
        parts.append(f'<rect class="seg-{key}" x="{x}" y="0" width="{end - x}" height="1" fill="{colour}"/>')
        x = end
    return (
        f'<svg class="bar" viewBox="0 0 {BAR_SCALE} 1" preserveAspectRatio="none" role="img" '
        f'aria-label="{esc(label)}">{"".join(parts)}</svg>'
    )


def _summary(counts: Counts) -> str:
    return ", ".join(f"{getattr(counts, key)} {name.lower()}" for key, _, name in SEGMENTS) + f" of {counts.total} words"


def _legend() -> str:
    return '<div class="legend">' + "".join(
        f'<span style="--c:{colour}">{name}</span>' for _key, colour, name in SEGMENTS
    ) + "</div>"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def _language_name(code: str) -> str:
    try:
        return languages.english_name(code)
    except (UnknownLocaleError, ValueError):  # a PO file's code Babel does not know must not break the page
        return code


# --- word diff ------------------------------------------------------------------------------------



def diff_html(old: str, new: str) -> str:
    tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return "".join(tags[piece.op].format(esc(piece.text)) for piece in word_diff(old, new))


# --- sections ---------------------------------------------------------------------------------------


def _who(report: StatusReport, person: str | None) -> str:
    if person is None:
        return '<span class="empty">unassigned</span>'
    return f'<span title="{esc(report.name(person))}">{esc(person)}</span>'


def _matrix(report: StatusReport) -> str:
    columns = [code for code in report.languages if any(row.language == code for row in report.rows)]
    by_cell = {(row.article, row.language): row for row in report.rows}
    articles = list(dict.fromkeys(row.article for row in report.rows))
    head = "".join(
        f'<th scope="col" lang="en">{esc(code)} <span class="who">{esc(_language_name(code))}</span></th>'
        for code in columns
    )
    out = ['<table class="matrix">', f'<thead><tr><th scope="col">Article</th>{head}</tr></thead>', "<tbody>"]
    for article in articles:
        cells = []
        for code in columns:
            row = by_cell.get((article, code))
            cells.append(_cell(report, row) if row else '<td class="cell empty">—</td>')
        out.append(f'<tr><th scope="row" class="article">{esc(article)}</th>{"".join(cells)}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _cell(report: StatusReport, row: StatusRow) -> str:
    due = ""
    if row.due:
        due = esc(row.due.isoformat())
        if row.overdue:
            due = f'<span class="late">{due}</span> <span class="badge">{row.days_late} d late</span>'
    note = f'<div class="note">{esc(row.note)}</div>' if row.note else ""
    if not row.note and row.out_of_date:
        note = '<div class="note">source changed; run transflow update</div>'
    if row.conflicts:
        note += f'<div class="note late" data-conflicts="{row.conflicts}">{row.conflicts} conflict(s) to decide</div>'
    if row.dismissed:
        note += (f'<div class="note" data-dismissed="{row.dismissed}">{row.dismissed} unit(s) with a check '
                 "switched off</div>")
    if row.outdated:
        note = (f'<div class="note late" data-outdated="{esc(row.outdated.since)}">{esc(outdated_text(row.outdated))}'
                f"</div>{note}")
    if row.embargo:
        note += f'<div class="note" data-embargo="{esc(row.embargo)}">embargoed until {esc(row.embargo)}</div>'
    label = f"{row.article} [{row.language}]: {_summary(row.words)}"
    return (
        f'<td class="cell" data-article="{esc(row.article)}" data-language="{esc(row.language)}" '
        f'data-words-total="{row.words.total}" data-words-reviewed="{row.words.reviewed}" '
        f'data-words-translated="{row.words.translated}" data-words-stale="{row.words.stale}" '
        f'data-words-untranslated="{row.words.untranslated}" '
        f'data-percent-translated="{row.percent_translated:.1f}" data-percent-reviewed="{row.percent_reviewed:.1f}" '
        f'data-overdue="{str(row.overdue).lower()}" title="{esc(label)}">'
        f"{bar(row.words, label)}"
        f'<div class="figures"><span class="pct">{_pct(row.percent_translated)}</span>'
        f'<span class="who">rev {_pct(row.percent_reviewed)} · {row.words.total} w</span></div>'
        f'<div class="who">{_who(report, row.translator)} → {_who(report, row.reviewer)}'
        f'{" · " + due if due else ""}</div>{note}</td>'
    )


def _languages(totals: Iterable[LanguageTotal]) -> str:
    out = [
        '<table class="languages"><thead><tr><th scope="col">Language</th><th scope="col">Progress</th>'
        '<th class="num" scope="col">Translated</th><th class="num" scope="col">Reviewed</th>'
        '<th class="num" scope="col">Stale words</th><th class="num" scope="col">Untranslated words</th>'
        '<th class="num" scope="col">Words</th><th class="num" scope="col">Articles</th>'
        '<th class="num" scope="col">Overdue</th></tr></thead><tbody>'
    ]
    for total in totals:
        label = f"{total.language}: {_summary(total.words)}"
        out.append(
            f'<tr data-language="{esc(total.language)}"><th scope="row">{esc(total.language)} '
            f'<span class="who">{esc(_language_name(total.language))}</span></th>'
            f'<td class="bar-cell">{bar(total.words, label)}</td>'
            f'<td class="num pct">{_pct(total.percent_translated)}</td><td class="num">{_pct(total.percent_reviewed)}</td>'
            f'<td class="num">{total.words.stale}</td><td class="num">{total.words.untranslated}</td>'
            f'<td class="num">{total.words.total}</td><td class="num">{total.articles}</td>'
            f'<td class="num{" late" if total.overdue else ""}">{total.overdue}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _people(totals: Iterable[PersonTotal]) -> str:
    out = [
        '<table class="people"><thead><tr><th scope="col">Person</th>'
        '<th scope="col">Their translations</th>'
        '<th class="num" scope="col">Articles to translate</th><th class="num" scope="col">Words left to translate</th>'
        '<th class="num" scope="col">Articles to review</th><th class="num" scope="col">Words waiting for review</th>'
        '<th class="num" scope="col">Overdue</th></tr></thead><tbody>'
    ]
    for person in totals:
        who = (f'{esc(person.name)} <span class="who">{esc(person.person)}</span>' if person.person
               else '<span class="empty">unassigned</span>')
        label = f"{person.name}: {_summary(person.translating)}"
        out.append(
            f'<tr data-person="{esc(person.person or "")}"><th scope="row">{who}</th>'
            f'<td class="bar-cell">{bar(person.translating, label) if person.translating.total else ""}</td>'
            f'<td class="num">{person.articles_translating}</td><td class="num">{person.to_translate}</td>'
            f'<td class="num">{person.articles_reviewing}</td><td class="num">{person.to_review}</td>'
            f'<td class="num{" late" if person.overdue else ""}">{person.overdue}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _overdue(report: StatusReport) -> str:
    rows = report.overdue()
    if not rows:
        return '<p class="empty">Nothing is overdue.</p>'
    out = [
        '<table class="overdue"><thead><tr><th scope="col">Article</th><th scope="col">Language</th>'
        '<th scope="col">Translator</th><th scope="col">Reviewer</th><th scope="col">Due</th>'
        '<th class="num" scope="col">Days late</th><th class="num" scope="col">Translated</th>'
        '<th class="num" scope="col">Reviewed</th></tr></thead><tbody>'
    ]
    for row in rows:
        out.append(
            f'<tr data-article="{esc(row.article)}" data-language="{esc(row.language)}">'
            f'<td class="article">{esc(row.article)}</td><td>{esc(row.language)}</td>'
            f"<td>{_who(report, row.translator)}</td><td>{_who(report, row.reviewer)}</td>"
            f'<td class="late">{esc(row.due.isoformat() if row.due else "")}</td>'
            f'<td class="num late">{row.days_late}</td><td class="num">{_pct(row.percent_translated)}</td>'
            f'<td class="num">{_pct(row.percent_reviewed)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _outdated(report: StatusReport) -> str:
    """First of all: published translations that are behind their source (a correction)."""
    rows = [row for row in report.rows if row.outdated]
    if not rows:
        return ""
    items = "".join(
        f'<li data-article="{esc(row.article)}" data-language="{esc(row.language)}" '
        f'data-changed-units="{row.outdated.changed_units}"><strong>{esc(row.article)}</strong> '
        f"[{esc(row.language)}]: {esc(outdated_text(row.outdated))}</li>"
        for row in rows if row.outdated
    )
    return ('<section id="outdated"><h2>Published translations behind their source</h2>'
            f'<ul class="outdated">{items}</ul></section>')


def _dismissed(report: StatusReport) -> str:
    """Every check switched off for a unit: which, for which unit, who and when."""
    rows = [row for row in report.rows if row.dismissals]
    if not rows:
        return ""
    items = []
    for row in rows:
        for d in row.dismissals:
            who = f"{_who(report, d.person)}, {esc(d.when)}" if d.person and d.when else "no one recorded (a flag)"
            items.append(
                f'<tr data-article="{esc(row.article)}" data-language="{esc(row.language)}" data-unit="{d.unit}" '
                f'data-check="{esc(d.check)}"><td>{esc(row.article)} [{esc(row.language)}] unit {d.unit}</td>'
                f"<td><code>{esc(d.check)}</code></td><td>{who}</td><td>{esc(d.msgid)}</td></tr>"
            )
    return ('<section id="dismissed"><h2>Checks switched off</h2><table class="dismissed"><thead><tr>'
            '<th scope="col">Unit</th><th scope="col">Check</th><th scope="col">Decided by</th>'
            f'<th scope="col">Source</th></tr></thead><tbody>{"".join(items)}</tbody></table></section>')


def _stale(report: StatusReport) -> str:
    rows = [row for row in report.rows if row.stale_units]
    unlisted = sum(row.units.stale for row in report.rows if not row.stale_units)
    if not rows:
        if unlisted:  # a report collected without stale_details
            return f'<p class="empty">{unlisted} stale unit(s); collect the report with their details to list them.</p>'
        return '<p class="empty">No stale units.</p>'
    out = []
    for row in rows:
        out.append(
            f'<details class="stale" open data-article="{esc(row.article)}" data-language="{esc(row.language)}">'
            f"<summary>{esc(row.article)} [{esc(row.language)}]: {len(row.stale_units)} stale unit(s), "
            f"{row.words.stale} words</summary>"
            '<ol class="stale">'
        )
        for unit in row.stale_units:
            out.append(_stale_unit(row, unit))
        out.append("</ol></details>")
    return "\n".join(out)


def _stale_unit(row: StatusRow, unit: StaleUnit) -> str:
    if unit.previous:
        source = f'<div class="diff" lang="en">{diff_html(unit.previous, unit.msgid)}</div>'
    else:
        source = f'<div class="diff" lang="en">{esc(unit.msgid)}</div>'
    where = esc(f"{row.source}:{unit.line}" if unit.line else row.source)
    origin = f" · {esc(origin_text(unit.origin))}" if unit.origin else ""
    return (
        f'<li>{source}<div class="offered">offered: <span dir="auto" lang="{esc(row.language)}">'
        f'{esc(unit.msgstr)}</span></div><div class="where">{where}{origin}</div></li>'
    )


def _leverage(leverage: LeverageReport) -> str:
    """Per article and language: the source words still to translate, by match band, and their cost."""
    cost = f"Cost ({esc(leverage.currency)})" if leverage.currency else "Cost"
    head = "".join(f'<th class="num">{esc(BAND_LABELS[band])}</th>' for band in BANDS)
    lines = [f'<table class="leverage"><thead><tr><th>Article</th><th>Language</th>{head}'
             f'<th class="num">Words</th><th class="num">{cost}</th></tr></thead><tbody>']
    for row in leverage.summary_rows():
        cells = "".join(f'<td class="num">{row.words[band]}</td>' for band in BANDS)
        money = "" if row.cost is None else f"{row.cost:.2f}"
        lines.append(f'<tr data-article="{esc(row.article)}" data-language="{esc(row.language)}">'
                     f"<td>{esc(row.article)}</td><td>{esc(row.language)}</td>{cells}"
                     f'<td class="num">{row.total_words}</td><td class="num">{money}</td></tr>')
    lines.append("</tbody></table>")
    return "".join(lines)


def render_html(report: StatusReport, title: str = "Translation status",
                leverage: LeverageReport | None = None) -> str:
    """The dashboard of ``report`` as a complete HTML document (with a leverage section
    when ``leverage`` is given)."""
    rows = report.rows
    all_words = sum((row.words for row in rows), Counts())
    overall = f"{_summary(all_words)}" if rows else "no rows"
    errors = ""
    if report.errors:
        items = "".join(f"<li>{esc(error)}</li>" for error in report.errors)
        errors = (f'<section class="errors" id="errors"><h2>Errors</h2><p>These files could not be read; '
                  f"their rows are missing below.</p><ul>{items}</ul></section>")
    articles = len({row.article for row in rows})
    stale_units = sum(len(row.stale_units) for row in rows)
    overdue = len(report.overdue())
    body = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}, {esc(report.today.isoformat())}</title>",
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(report.today.isoformat())} · {articles} article(s) · '
        f"{len(report.language_totals())} language(s) · {overdue} overdue · {stale_units} stale unit(s) · "
        f"words of the source text; translated includes reviewed</p>",
        f'<div id="overall" data-words-total="{all_words.total}">{bar(all_words, overall)}</div>',
        _legend(),
        "</header>",
        errors,
        _outdated(report),
        '<section id="matrix"><h2>Articles × languages</h2>',
        _matrix(report) if rows else '<p class="empty">No rows match the selection.</p>',
        "</section>",
        '<section id="languages"><h2>Languages</h2>',
        _languages(report.language_totals()),
        "</section>",
        '<section id="people"><h2>Workload</h2>',
        _people(report.person_totals()),
        "</section>",
        '<section id="overdue"><h2>Overdue</h2>',
        _overdue(report),
        "</section>",
        ('<section id="leverage"><h2>Leverage</h2><p class="meta">Source words not yet translated, by '
         "match band against the translation memory (reps: repeated in this selection)</p>"
         f"{_leverage(leverage)}</section>") if leverage is not None else "",
        _dismissed(report),
        '<section id="stale"><h2>Stale units</h2>',
        '<p class="meta diff">The source changed since these were translated (or they were offered from a similar '
        'text): words of the old source are <del>struck out</del>, words of the new one <ins>highlighted</ins>.</p>',
        _stale(report),
        "</section>",
        f"<footer>Made by transflow {esc(__version__)} on {esc(report.today.isoformat())}.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(part for part in body if part)
