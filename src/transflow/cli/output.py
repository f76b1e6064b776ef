"""What the commands print: JSON, per-file errors, progress bars, and the human summaries
of update, diff and submit."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def print_errors(errors: Sequence[str]) -> None:
    """Problems with single files that did not stop the command, as click prints its own."""
    for error in errors:
        click.echo(f"Error: {error}", err=True)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing when piped or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)

def print_update(report: Any) -> None:
    changed = [a for a in report.articles if a.status != "unchanged"]
    for article in changed:
        note = f" (from {article.renamed_from})" if article.renamed_from else ""
        click.echo(f"{article.article}: {article.status}{note}")
        for lu in article.languages:
            s = lu.summary
            click.echo(
                f"  {lu.language:<6} new {s.new:>3}  stale {s.stale:>3}  reused {s.reused:>3}  "
                f"obsolete {s.obsolete:>3}  unchanged {s.unchanged:>3}  restored {s.restored:>3}"
                + (f"  minor {s.minor:>3}" if s.minor else "")
            )
    counts = {status: sum(1 for a in report.articles if a.status == status) for status in ("unchanged", "failed")}
    done = len(report.articles) - counts["unchanged"] - counts["failed"]
    summary = f"{done} article(s) {'out of date' if report.check else 'updated'}, {counts['unchanged']} unchanged"
    click.echo(summary + (f", {counts['failed']} failed" if counts["failed"] else ""))
    if not report.articles:
        click.echo("note: no articles yet; put Markdown (.md) or text (.txt) files into the articles folder "
                   "and run 'transflow update' again", err=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)

_WORD_STYLES: dict[str, dict[str, Any]] = {
    "delete": {"fg": "red", "strikethrough": True},
    "insert": {"fg": "green", "underline": True},
}
_WORD_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


def marked_words(pieces: Sequence[Any], color: bool) -> str:
    """A word diff on one line: colored on a terminal, else [-deleted-] and {+inserted+} as git does."""
    parts = []
    for word in pieces:
        if word.op == "equal":
            parts.append(word.text)
        elif color:
            parts.append(click.style(word.text, **_WORD_STYLES[word.op]))
        else:
            opening, closing = _WORD_MARKS[word.op]
            parts.append(f"{opening}{word.text}{closing}")
    return "".join(parts)


def print_memory_matches(text: str, matches: Sequence[Any], words: bool) -> None:
    from transflow.util.textdiff import word_diff

    color = terminal_color()
    if not matches:
        click.echo("no match")
        return
    for match in matches:
        where = f"{match.article}{' (obsolete)' if match.obsolete else ''}"
        notes = f"; {', '.join(match.notes)}" if match.notes else ""
        heading = where if words else f"{match.score}% [{match.band}] {where}{notes}"
        click.echo(click.style(heading, bold=True), color=color)
        source = match.source if words or match.source == text else marked_words(word_diff(match.source, text), color)
        click.echo(f"  {source}", color=color)
        click.echo(f"  {match.target}")


def print_diff(report: Any) -> None:
    color = terminal_color()
    for article in report.articles:
        if article.status == "unchanged":
            continue
        renamed = f" from {article.renamed_from}" if article.renamed_from else ""
        click.echo(click.style(f"{article.article}: {article.status}{renamed}", bold=True), color=color)
        for change in article.changes:
            if change.type == "added":
                click.echo(click.style(f"  + {change.new}", fg="green"), color=color)
            elif change.type == "removed":
                click.echo(click.style(f"  - {change.old}", fg="red"), color=color)
            elif change.type == "moved":
                click.echo(f"  ~ moved {change.old_position} -> {change.new_position}: {change.new}")
            else:
                click.echo(f"  * {marked_words(change.words, color)}", color=color)
    changed = sum(1 for a in report.articles if a.status != "unchanged")
    click.echo(f"{changed} article(s) changed since the last update")

def print_submit(report: Any, quiet: bool = False) -> None:
    """What each file did; with ``quiet``, only what went wrong (on stderr)."""
    for f in report.files:
        if not quiet:
            click.echo(
                f"{f.file} -> {f.article}{f' (renamed from {f.renamed_from})' if f.renamed_from else ''} "
                f"[{f.language}]: applied {f.applied}, reviewed {f.reviewed}, "
                f"unchanged {f.unchanged}, kept as stale {f.stale}, kept as obsolete {f.obsolete}, "
                f"rejected {f.rejected_units}, conflicts {len(f.conflicts)}"
            )
        for p in f.rejected:
            click.echo(f"  {_at(f.file, p.line)}: rejected ({p.check}): {p.message} [{short(p.unit)}]", err=True)
        for p in f.warnings if not quiet else ():
            click.echo(f"  {_at(f.file, p.line)}: warning ({p.check}): {p.message} [{short(p.unit)}]")
        for p in f.dismissed if not quiet else ():
            click.echo(f"  {_at(f.file, p.line)}: {p.message} [{short(p.unit)}]")
        for c in f.conflicts:
            click.echo(f"  {_at(f.file, c.line)}: conflict: changed by someone else since the pull; kept the "
                       f"{c.kept} text, the other is in a transflow-conflict comment [{short(c.unit)}]", err=True)
    if report.dry_run and not quiet:
        click.echo("dry run: nothing was written; the counts say what would be applied")


def _at(file: str, line: int | None) -> str:
    return file if line is None else f"{file}:{line}"


def short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_report(text: str, output: Path | None) -> None:
    """A report to --output (atomically) or to stdout; the caller has refused project files."""
    if output is None:
        click.echo(text, nl=False)
        return
    from transflow.util.fs import atomic_write_text

    atomic_write_text(output, text, str(output))
    click.echo(f"wrote {output}", err=True)


def terminal_color() -> bool:
    """Whether to colour what goes to stdout: --color/--no-color, else NO_COLOR (set by the
    group from the environment), else whether stdout is a terminal."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.color is not None:
        return ctx.color
    return sys.stdout.isatty()


def color_wanted(fmt: str, output: Path | None) -> bool:
    """Colour for a table written to the terminal (see :func:`terminal_color`)."""
    return fmt == "table" and output is None and terminal_color()


def print_check_list(checks: Iterable[Any]) -> None:
    """``check --list``: each check, its severity, what it protects and an example."""
    for c in checks:
        safety = ", page safety" if c.safety else ""
        click.echo(f"{c.name} ({c.severity}{safety})")
        click.echo(f"    {c.help}")
        click.echo(f"    switched off for a unit by: {c.dismissed_by.described}")
        click.echo(f"    protects: {c.protects}")
        click.echo(f"    example:  {c.example}")


def print_check_report(project: Any, report: Any, quiet: bool = False) -> None:
    """``transflow check``: one line per problem, located in its PO file, then a summary."""
    for f in report.findings:
        where = _at(project.display(project.po_path(f.language, f.article)), f.line)
        stream_err = f.severity == "error"
        click.echo(f"{where}: {f.severity} ({f.check}): {f.message} [unit {f.unit}, {f.status}: {short(f.source)}]",
                   err=stream_err)
    for d in report.dismissed:
        by = f"by {d.by}, {d.when}" if d.by else "by a flag in the file"
        click.echo(f"dismissed: {d.article} [{d.language}] unit {d.unit}: {d.check} ({by})")
    if quiet:
        return
    click.echo(f"{report.units} translated unit(s) in {report.files} file(s) checked: "
               f"{report.count('error')} error(s), {report.count('warning')} warning(s), "
               f"{len(report.dismissed)} check(s) dismissed for a unit")


def print_terms(terms: Iterable[Any], languages: list[str]) -> None:
    for term in terms:
        if not term.translate:
            except_in = "; ".join(f"{lang}: {' | '.join(term.translations[lang])}" for lang in languages
                                  if term.translations.get(lang))
            click.echo(f"{term.source}: keep as written" + (f" (but {except_in})" if except_in else ""))
        else:
            forms = "; ".join(f"{lang}: {' | '.join(term.translations.get(lang, ())) or '-'}" for lang in languages)
            click.echo(f"{term.source}: {forms}")
        for lang in languages:
            if term.forbidden.get(lang):
                click.echo(f"    not in {lang}: {', '.join(term.forbidden[lang])}")
        if term.note:
            click.echo(f"    note: {term.note}")
