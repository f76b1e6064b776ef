"""The commands: each parses its options, calls one function of the Python API and prints."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from transflow.cli.app import Context, cli, pass_context
from transflow.cli.output import (
    color_wanted,
    print_diff,
    print_errors,
    print_json,
    print_submit,
    print_update,
    progress_bar,
    short,
    write_report,
)
from transflow.cli.params import ARTICLE, LANGUAGE, MOMENT, PERSON
from transflow.util.clock import today

#: -q/--quiet of every command that changes something: scripts check the exit code.
_quiet = click.option("-q", "--quiet", is_flag=True,
                      help="Print nothing on stdout when all went well (problems still go to stderr).")
_json = click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")


class _SkipCheckOption(click.Option):
    """--skip-check, whose help lists the checks: read when help is shown, so that other
    commands (git's merge driver among them) start without loading the QA checks."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from transflow.qa.checks import CHECKS, SAFETY_CHECKS

        self.help = (f"Do not run this QA check (repeatable): {', '.join(CHECKS)}; "
                     f"{', '.join(SAFETY_CHECKS)} only by an editor, with --force.")
        return super().get_help_record(ctx)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--languages", default=None, metavar="L,L...",
              help="The languages to translate into, comma-separated (pt_BR,ar or pt-BR,ar; "
                   "asked on a terminal, else tr,ru,id).")
def init(directory: Path, languages: str | None) -> None:
    """Create a new project: workflow.yaml and glossary.yaml (with comments), articles/, locales/.

    \b
    Example:
        transflow init newsroom --languages pt_BR,ar,zh_Hant && cd newsroom
    """
    from transflow.ops.init import DEFAULT_LANGUAGES, canonical_languages, init_project

    if languages is None and sys.stdin.isatty() and sys.stdout.isatty():
        languages = click.prompt("Languages to translate into (Babel codes, comma-separated)",
                                 default=",".join(DEFAULT_LANGUAGES))
    codes = canonical_languages(languages.split(",") if languages is not None else DEFAULT_LANGUAGES)
    for path in init_project(directory, codes):
        click.echo(f"created {path}")
    here = directory == Path(".")
    click.echo(f"\nNext: put articles into {directory / 'articles'}/ (Markdown with front matter: title, author, "
               f"date) and list the team in {directory / 'workflow.yaml'}; then:")
    if not here:
        click.echo(f"  cd {directory}")
    click.echo("  transflow update   # split the articles into units: one PO file per language")
    click.echo(f"  transflow assign SLUG --lang {codes[0]} --translator NAME")
    click.echo("  transflow status   # what is left to do; 'transflow build' then writes the pages")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one unit a line; json: a list of unit objects.")
@click.option("--segmentation", type=click.Choice(["sentence", "paragraph"]), default=None,
              help="Override the project's segmentation (default: workflow.yaml's, else sentence).")
@pass_context
def segment(obj: Context, file: Path, fmt: str, segmentation: str | None) -> None:
    """Show how an article is split into translation units, before anyone translates it.

    Works inside or outside a project.

    \b
    Example:
        transflow segment articles/my-article.md --format json
    """
    from transflow.workspace.project import segment_file

    units = segment_file(file, obj.directory, segmentation)
    if fmt == "json":
        print_json([unit.as_dict() for unit in units])
        return
    for unit in units:
        # One unit a line: a hard line break inside a unit shows as ⏎ (json keeps the text as it is).
        click.echo(f"{unit.line:>4}  {unit.block:>3}  {unit.kind.value:<11}  {unit.text.replace(chr(10), '⏎')}")


@cli.command()
@click.argument("slugs", nargs=-1, type=ARTICLE)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any article is out of date.")
@click.option("--minor", "minor", multiple=True, type=ARTICLE, metavar="SLUG",
              help="The source edit of SLUG is minor (punctuation, a typo): units whose change is minor keep their "
                   "status, with a note, instead of going stale (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@pass_context
def update(obj: Context, slugs: tuple[str, ...], check: bool, minor: tuple[str, ...], as_json: bool,
           quiet: bool) -> None:
    """Segment sources, refresh templates and merge them into every language.

    Unchanged and moved units keep their translation; changed units become stale
    with the previous source shown; removed units are kept as obsolete entries.

    \b
    Examples:
        transflow update
        transflow update --check          # in CI: fail if anything is out of date
        transflow update --minor port-strike-ends   # a typo fixed: translations stay as they are
    """
    from transflow.ops.update import update_project

    with progress_bar("Updating", quiet or as_json) as progress:
        report = update_project(obj.project, slugs, check=check, progress=progress, minor=minor)
    if as_json:
        print_json(report.as_dict())
    elif not quiet:
        print_update(report)
    print_errors(report.errors)
    if check and report.out_of_date:
        for slug in report.out_of_date:
            click.echo(f"out of date: {slug}; run 'transflow update'", err=True)
    if not report.ok:
        sys.exit(1)



@cli.command()
@click.argument("slugs", nargs=-1, type=ARTICLE)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@pass_context
def diff(obj: Context, slugs: tuple[str, ...], as_json: bool) -> None:
    """Show what changed in the sources since the last update, unit by unit.

    Added, removed, moved and changed units, with a word-level diff of each change
    (coloured on a terminal). Writes nothing.

    \b
    Example:
        transflow diff my-article
    """
    from transflow.ops.diff import diff_project

    report = diff_project(obj.project, slugs)
    if as_json:
        print_json(report.as_dict())
    else:
        print_diff(report)
    print_errors(report.errors)
    if report.errors:
        sys.exit(1)



def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


@cli.command()
@click.argument("slug", type=ARTICLE)
@click.option("--lang", "language", type=LANGUAGE, required=True, help="Target language, e.g. tr.")
@click.option("--translator", default=None, type=PERSON, help="Team id of the translator (default: keep the current one).")
@click.option("--reviewer", default=None, type=PERSON, help="Team id of the reviewer (default: keep; '' clears it).")
@click.option("--due", default=None, callback=_parse_date, help="Due date, YYYY-MM-DD (default: keep).")
@_quiet
@_json
@pass_context
def assign(obj: Context, slug: str, language: str, translator: str | None, reviewer: str | None, due: Any,
           quiet: bool, as_json: bool) -> None:
    """Record who translates and reviews an article in a language, and by when.

    What is not given is kept from the current assignment, and the output says
    what changed. Assignments are kept in locales/assignments.yaml (workflow.yaml,
    written by people, is never rewritten) and override workflow.yaml's.

    \b
    Examples:
        transflow assign my-article --lang tr --translator ayse --reviewer kerem --due 2026-12-05
        transflow assign my-article --lang tr --reviewer ''
    """
    from transflow.ops.assign import assign_article

    result = assign_article(obj.project, slug, language, translator, reviewer, due)
    a = result.assignment
    if as_json:
        print_json({"article": slug, "language": result.language, "translator": a.translator,
                    "reviewer": a.reviewer, "due": a.due.isoformat() if a.due else None, "changes": result.changes()})
    elif not quiet:
        click.echo(f"{slug} [{result.language}]: {', '.join(result.changes())}")
    if a.due and a.due < today():
        click.echo(f"note: the due date {a.due.isoformat()} is already past", err=True)


@cli.command()
@click.option("--lang", "language", type=LANGUAGE, required=True, help="Target language, e.g. tr.")
@click.option("--translator", default=None, type=PERSON, help="Pull this translator's assigned work.")
@click.option("--reviewer", default=None, type=PERSON, help="Pull the work this reviewer is assigned to review.")
@click.option("--article", "articles", multiple=True, type=ARTICLE, help="Only this article (repeatable).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write <lang>/<slug>.po (or .xlf) into (default: pulled/ in the project).")
@click.option("--format", "fmt", type=click.Choice(["po", "xliff", "xliff2"]), default="po", show_default=True,
              help="xliff: XLIFF 1.2 (<slug>.xlf) for CAT tools such as Trados, memoQ, Phrase, OmegaT; "
                   "xliff2: XLIFF 2.1.")
@click.option("--force", is_flag=True, help="Overwrite pulled files that hold work not submitted yet.")
@click.option("--json", "as_json", is_flag=True, help="List the files written as JSON.")
@_quiet
@pass_context
def pull(obj: Context, language: str, translator: str | None, reviewer: str | None, articles: tuple[str, ...],
         output: Path | None, fmt: str, force: bool, as_json: bool, quiet: bool) -> None:
    """Write PO (or XLIFF) files of a translator's (or reviewer's) work.

    PO files open in Poedit, Lokalize, Virtaal, Emacs po-mode or a text editor;
    XLIFF files in the CAT tools agencies use. Both go back with `submit`.

    \b
    Examples:
        transflow pull --lang tr --translator ayse --output ~/work
        transflow pull --lang tr --reviewer kerem
        transflow pull --lang ru --translator olga --format xliff
    """
    from transflow.ops.pull import pull_work

    pulled = pull_work(obj.project, language, translator, articles, output, reviewer=reviewer, force=force,
                       fmt=fmt)
    if as_json:
        print_json([{"article": p.article, "language": p.language, "path": str(p.path), "units": p.units,
                     "to_do": p.to_do, "role": p.role} for p in pulled])
        return
    for p in pulled if not quiet else ():
        work = "to review" if p.role == "reviewer" else "to translate or check"
        click.echo(f"{p.path}: {p.units} units, {p.to_do} {work}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--translator", default=None, type=PERSON, help="Who translated (default: the pulled file's header).")
@click.option("--reviewer", default=None, type=PERSON, help="Submit as this reviewer: approves the non-fuzzy units.")
@click.option("--review", is_flag=True, help="Approve the submitted, non-fuzzy units (as the file's puller).")
@click.option("--force", is_flag=True, help="Editors: override assignments, win conflicts, skip safety checks.")
@click.option("--skip-check", "skip_checks", multiple=True, metavar="CHECK", cls=_SkipCheckOption,
              help="Do not run this QA check (repeatable).")
@click.option("--dry-run", is_flag=True, help="Check and report everything; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_quiet
@pass_context
def submit(obj: Context, files: tuple[Path, ...], translator: str | None, reviewer: str | None, review: bool,
           force: bool, skip_checks: tuple[str, ...], dry_run: bool, as_json: bool, quiet: bool) -> None:
    """Check translated PO (or XLIFF) files and merge them into locales/.

    Exits 1 when any entry was rejected by a check or conflicted with someone
    else's newer translation; the rest is applied.

    \b
    Examples:
        transflow submit pulled/tr/my-article.po
        transflow submit --reviewer kerem pulled/tr/my-article.po
        transflow submit returned/ru/my-article.xlf
    """
    from transflow.ops.submit import submit_files

    report = submit_files(obj.project, files, translator, reviewer, review=review, force=force, dry_run=dry_run,
                          skip_checks=skip_checks)
    if as_json:
        print_json(report.as_dict())
    else:
        print_submit(report, quiet)
    if not report.ok:
        sys.exit(1)



@cli.command()
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, metavar="L", help="Only this language (repeatable).")
@click.option("--article", "articles", multiple=True, type=ARTICLE, metavar="SLUG", help="Only this article (repeatable).")
@click.option("--translator", default=None, type=PERSON, metavar="NAME",
              help="Only work assigned to this translator (id or name).")
@click.option("--reviewer", default=None, type=PERSON, metavar="NAME", help="Only work this person reviews (id or name).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown", "html"]), default="table",
              show_default=True, help="html: a self-contained dashboard page.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Exit 1 when any selected row is less than PCT percent translated (by words).")
@click.option("--leverage", "with_leverage", is_flag=True,
              help="html: add the work not yet translated per match band (report leverage) to the dashboard.")
@click.option("--units", "as_units", is_flag=True,
              help="List the units themselves (table, json or csv): article, language, state, source, translation.")
@click.option("--state", "states", multiple=True, type=click.Choice(["untranslated", "stale", "translated",
                                                                      "reviewed", "conflict", "outdated"]),
              help="With --units: only units in this state (repeatable); outdated: changed since the published "
                   "page was built and not translated again.")
@pass_context
def status(obj: Context, languages: tuple[str, ...], articles: tuple[str, ...], translator: str | None,
           reviewer: str | None, fmt: str, output: Path | None, fail_under: float | None,
           with_leverage: bool, as_units: bool, states: tuple[str, ...]) -> None:
    """Progress per article and language: units and words by status, who, and when due.

    Figures are words of the source text; translated includes reviewed. Overdue
    rows (past due, not complete) are marked. A PO file that cannot be read is
    reported on stderr and the rest of the report is still produced (exit 1).

    \b
    Examples:
        transflow status --lang tr
        transflow status --format html --output dashboard.html
        transflow status --format html --leverage --output dashboard.html
        transflow status --format markdown --translator ayse
        transflow status --fail-under 100      # in CI: exit 1 unless all translated
        transflow status --units --state stale --format json
    """
    from transflow.ops.status import collect_status, list_units
    from transflow.render.status import render, render_units

    if output is not None:
        obj.project.refuse_own_files(output, str(output))
    if states and not as_units:
        raise click.UsageError("--state goes with --units")
    if as_units:
        if fmt not in ("table", "json", "csv") or translator or reviewer or with_leverage or fail_under is not None:
            raise click.UsageError("--units takes --lang, --article, --state, --output and --format table|json|csv")
        units, errors = list_units(obj.project, languages, articles, states)
        write_report(render_units(units, fmt), output)
        print_errors(errors)
        if errors:
            sys.exit(1)
        return
    report = collect_status(obj.project, languages, articles, translator, stale_details=fmt == "html",
                            reviewer=reviewer)
    if with_leverage and fmt != "html":
        raise click.UsageError("--leverage goes with --format html (for the figures alone: transflow report leverage)")
    leverage = None
    if with_leverage:
        from transflow.ops.leverage import collect_leverage

        leverage = collect_leverage(obj.project, languages, articles)
    errors = [*report.errors, *(e for e in (leverage.errors if leverage else ()) if e not in report.errors)]
    color = color_wanted(fmt, output)
    write_report(render(report, fmt, color=color, leverage=leverage), output)
    print_errors(errors)
    failing = report.below(fail_under) if fail_under is not None else []
    for row in failing:
        click.echo(f"below {fail_under:g}%: {row.article} [{row.language}] is {row.percent_translated:.1f}% "
                   "translated", err=True)
    if errors or failing:
        sys.exit(1)


_report_format = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
                              default="table", show_default=True)
_report_output = click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                              help="Write the report to this file instead of stdout.")


@cli.group("report")
def report_group() -> None:
    """Reports for editors: who did what, and what the work left will take.

    \b
    Examples:
        transflow report activity --since 2026-11-01 --until 2026-11-30
        transflow report leverage --lang tr --format markdown
    """


@report_group.command("activity")
@click.option("--since", default=None, callback=_parse_date, metavar="DATE",
              help="First day, YYYY-MM-DD (default: the first day of this month).")
@click.option("--until", default=None, callback=_parse_date, metavar="DATE",
              help="Last day, YYYY-MM-DD (default: today).")
@click.option("--by", type=click.Choice(["translator", "reviewer"]), default=None,
              help="Only translation or only review work (default: both).")
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, metavar="L", help="Only this language (repeatable).")
@_report_format
@_report_output
@pass_context
def report_activity(obj: Context, since: Any, until: Any, by: str | None, languages: tuple[str, ...], fmt: str,
                    output: Path | None) -> None:
    """Words translated and reviewed per person and language in a period.

    From the attribution recorded on each unit (its last translator and reviewer),
    split by how the unit was started: new, exact match, or fuzzy match.

    \b
    Examples:
        transflow report activity
        transflow report activity --since 2026-11-01 --until 2026-11-30 --format csv
    """
    from transflow.ops.activity import collect_activity, render_activity
    from transflow.util import clock

    if since is None:
        since = (until or clock.today()).replace(day=1)
        click.echo(f"period: {since.isoformat()} to {(until or clock.today()).isoformat()} "
                   "(this month; --since and --until choose another)", err=True)
    if until is None and since > clock.today():
        raise click.BadParameter(f"{since} is in the future (--until defaults to today)", param_hint="--since")
    until = until or clock.today()
    if until < since:
        raise click.BadParameter(f"{until} is before --since {since}", param_hint="--until")
    if output is not None:
        obj.project.refuse_own_files(output, str(output))
    report = collect_activity(obj.project, since, until, by=by, languages=languages)
    color = color_wanted(fmt, output)
    write_report(render_activity(report, fmt, color=color), output)
    print_errors(report.errors)
    if report.errors:
        sys.exit(1)


@report_group.command("leverage")
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, metavar="L", help="Only this language (repeatable).")
@click.option("--article", "articles", multiple=True, type=ARTICLE, metavar="SLUG", help="Only this article (repeatable).")
@_report_format
@_report_output
@pass_context
def report_leverage(obj: Context, languages: tuple[str, ...], articles: tuple[str, ...], fmt: str,
                    output: Path | None) -> None:
    """Source words of the work not yet translated, per match band, before assigning it.

    Each untranslated or stale unit is banded against the translation memory as
    agencies bill: 101%, 100%, repetitions (a text's second occurrence in the
    batch), 95-99, 85-94, 75-84, 50-74, new. With `rates` in workflow.yaml,
    also the cost per article, language and in total.

    \b
    Example:
        transflow report leverage --lang tr --format csv --output leverage-tr.csv
    """
    from transflow.ops.leverage import collect_leverage, render_leverage

    if output is not None:
        obj.project.refuse_own_files(output, str(output))
    report = collect_leverage(obj.project, languages, articles)
    write_report(render_leverage(report, fmt, color=color_wanted(fmt, output)), output)
    print_errors(report.errors)
    if report.errors:
        sys.exit(1)


@cli.group("tm")
def tm_group() -> None:
    """The translation memory: every translation in locales/ and imported TMX files.

    update offers its matches for new units (as stale, for a person to check);
    these commands search it and exchange it with CAT tools.

    \b
    Example:
        transflow tm search "Markets reacted calmly." --lang tr
    """


@tm_group.command("search")
@click.argument("text")
@click.option("--lang", "language", type=LANGUAGE, required=True, metavar="L", help="The language of the translations.")
@click.option("--min", "minimum", type=click.IntRange(0, 100), default=50, show_default=True, metavar="PCT",
              help="The lowest match score to list.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="At most this many.")
@click.option("--words", is_flag=True, help="Units whose source holds all these words (a terminology question).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def tm_search(obj: Context, text: str, language: str, minimum: int, limit: int, words: bool, fmt: str) -> None:
    """The best memory matches of TEXT, with score, band, article and a word diff.

    \b
    Examples:
        transflow tm search "The leaders met in August at Camp David." --lang tr
        transflow tm search "Camp David" --words --lang ru --format json
    """
    from transflow.cli.output import print_memory_matches
    from transflow.ops.tm import search_memory
    from transflow.util.textdiff import word_diff

    if words and click.get_current_context().get_parameter_source("minimum") is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--min scores a fuzzy search; --words lists the units holding the words")
    matches = search_memory(obj.project, text, language, minimum, limit, words=words)
    if fmt == "json":
        listed = [m.as_dict() for m in matches]
        for match, found in zip(listed, matches):
            if words:
                del match["score"], match["band"], match["notes"]  # a word search ranks, it does not score
            else:  # the match's source -> TEXT, as the text format marks it
                match["diff"] = [{"op": piece.op, "text": piece.text} for piece in word_diff(found.source, text)]
        print_json({"text": text, "language": language, "words": words, "matches": listed})
    else:
        print_memory_matches(text, matches, words)


@tm_group.command("index")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@pass_context
def tm_index(obj: Context, quiet: bool, as_json: bool) -> None:
    """Bring the memory's index up to date now.

    update and `tm search` do it when they first need it, reading only the
    files that changed; run this after a large import or checkout to pay
    the cost up front. Deleting .transflow/memory.sqlite is always safe.

    \b
    Example:
        transflow tm index
    """
    from transflow.ops.tm import index_memory

    with progress_bar("Indexing", quiet or as_json) as progress:
        done = index_memory(obj.project, progress)
    if as_json:
        print_json({"files_read": done.files_read, "files_indexed": done.files_indexed,
                    "files_removed": done.files_removed, "units": done.units})
    elif not quiet:
        click.echo(f"{done.files_read} files read, {done.files_indexed} indexed, {done.files_removed} removed; "
                   f"{done.units} translations in the memory")


@tm_group.command("export")
@click.option("--lang", "language", type=LANGUAGE, required=True, metavar="L", help="The language to export.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The TMX file.")
@_quiet
@_json
@pass_context
def tm_export(obj: Context, language: str, output: Path, quiet: bool, as_json: bool) -> None:
    """Write the project's translations into one language as TMX 1.4b.

    Every translation in locales/ (live and obsolete), once per source and text, with
    the translator as creationid/changeid and the dates of the translation.

    \b
    Example:
        transflow tm export --lang tr --output tr.tmx
    """
    from transflow.ops.tm import export_memory

    exported = export_memory(obj.project, language, output)
    if as_json:
        print_json({"path": str(exported.path), "language": exported.language, "units": exported.units})
    elif not quiet:
        click.echo(f"{exported.path}: {exported.units} translation units [{exported.language}]")


@tm_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", type=LANGUAGE, default=None, metavar="L",
              help="Only this language (default: all of the project's).")
@click.option("--json", "as_json", is_flag=True, help="Print what was imported as JSON.")
@_quiet
@pass_context
def tm_import(obj: Context, file: Path, language: str | None, as_json: bool, quiet: bool) -> None:
    """Add a TMX file (from a CAT tool, an agency or po2tmx) to the memory.

    It is kept under .transflow/tm/ with its origin; importing a file of the same
    name again replaces it. update then offers its matches like the project's own.

    \b
    Example:
        transflow tm import agency-memory.tmx --lang tr
    """
    from transflow.ops.tm import import_memory

    imported = import_memory(obj.project, file, language)
    if as_json:
        print_json(imported.as_dict())
        return
    counts = ", ".join(f"{code} {count}" for code, count in sorted(imported.units.items()))
    if not quiet:
        click.echo(f"{file}: kept as {obj.project.display(imported.kept)} ({counts} units)")
    for code, count in sorted(imported.ignored.items()):
        click.echo(f"note: {count} units in '{code}' left out: not a language of this project", err=True)


@cli.command()
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, help="Only this language (repeatable; default: all).")
@click.option("--article", "articles", multiple=True, type=ARTICLE, help="Only this article (repeatable; default: all).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write <lang>/<slug>.md into (default: workflow.yaml publish.output, 'build').")
@click.option("--min-complete", type=click.FloatRange(0, 100), default=None,
              help="Percent of words that must be translated (default: publish.min_complete, 100).")
@click.option("--require-review/--no-require-review", default=None,
              help="Count only reviewed units as translated (default: publish.require_review, no).")
@click.option("--stale-counts/--no-stale-counts", "stale_counts", default=None,
              help="Count stale units as translated (default: publish.stale_counts_as_translated, no).")
@click.option("--fallback", type=click.Choice(["source", "fail"]), default=None,
              help="Missing units: keep the source text, or fail that article (default: publish.fallback).")
@click.option("--outdated", type=click.Choice(["keep", "fallback", "withdraw"]), default=None,
              help="A page whose source changed since it was built: keep it marked outdated, rebuild it with the "
                   "changed units in the source language, or withdraw it (default: publish.outdated, keep).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True,
              help="markdown: front matter + Markdown; html: standalone pages.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@click.option("--keep-orphans", is_flag=True,
              help="Keep the outputs of articles no longer in the project (default: a full build removes them).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only skipped and failed articles.")
@click.option("--layout", type=click.Choice(["folders", "suffix"]), default=None,
              help="folders: <lang>/<slug>.md; suffix: <slug>.<lang>.md, Hugo's translation by filename "
                   "(default: publish.layout, folders).")
@click.option("--url", default=None, metavar="PATTERN",
              help="Site address of a page for the language links, e.g. '/{lang}/{slug}/' (default: publish.url; "
                   "else relative paths).")
@click.option("--now", type=MOMENT, default=None, metavar="TIME",
              help="Build as if it were TIME (ISO 8601 with zone) for embargoes: a preview of what goes out then.")
@pass_context
def build(obj: Context, languages: tuple[str, ...], articles: tuple[str, ...], output: Path | None,
          min_complete: float | None, require_review: bool | None, stale_counts: bool | None,
          fallback: str | None, outdated: str | None, fmt: str, as_json: bool, keep_orphans: bool, quiet: bool,
          layout: str | None, url: str | None, now: dt.datetime | None) -> None:
    """Assemble the localized articles that are ready, and say why the others are not.

    Exits 1 when any article failed (a broken PO file, or missing units with
    fallback 'fail'); articles below min_complete are skipped, not failed.

    \b
    Examples:
        transflow build
        transflow build --lang tr --min-complete 80 --format html --output site
        transflow build --require-review --fallback fail --json
        transflow build --layout suffix --url '/{lang}/{slug}/' --output content/posts
        transflow build --now 2026-05-02T06:00:00Z --output preview
    """
    from transflow.ops.build import BUILT, FAILED, build_project, resolve_policy

    project = obj.project
    policy = resolve_policy(project.workflow.publish, min_complete, require_review, stale_counts, fallback, outdated)
    with progress_bar("Building", quiet or as_json) as progress:
        report = build_project(project, languages, articles, output, policy, fmt, progress, keep_orphans,
                               layout=layout or policy.layout, url=url or policy.url, now=now)
    if as_json:
        print_json(report.as_dict())
    for a in report.articles:
        if a.status == FAILED:
            click.echo(f"failed   {a.language:<6} {a.article}: {a.reason}", err=True)
        elif as_json:
            continue
        elif a.status == BUILT and not quiet:
            note = "" if a.written else " (unchanged)"
            missing = f", {a.units_missing} unit(s) in the source language" if a.units_missing else ""
            if a.outdated_since:
                note += f"; outdated: the source changed on {a.outdated_since}"
            click.echo(f"built    {a.language:<6} {a.article}: {a.percent_translated:g}%{missing} -> {a.path}{note}")
        elif a.status != BUILT:
            click.echo(f"skipped  {a.language:<6} {a.article}: {a.reason}")
    for orphan in report.orphans if not as_json else ():
        why = f"the article is renamed to {orphan.renamed_to}" if orphan.renamed_to else (
            "the article is no longer in the project")
        if orphan.moved_to:
            why = f"built with another layout; the page is now {orphan.moved_to}"
        if orphan.removed:
            click.echo(f"removed  {orphan.path}: {why}")
        else:
            click.echo(f"kept     {orphan.path}: {why}, but the file is not the one transflow "
                       "built (changed since?); remove it yourself", err=True)
    for path in report.relinked if not (as_json or quiet) else ():
        click.echo(f"relinked {path}: its language links now list every language published")
    if not as_json and not quiet:
        built = report.with_status(BUILT)
        click.echo(
            f"{len(built)} built ({sum(a.written for a in built)} written), "
            f"{len(report.with_status('skipped'))} skipped, {len(report.with_status(FAILED))} failed; "
            f"output in {report.output}"
        )
    if not report.ok:
        sys.exit(1)


@cli.command("git-setup")
@pass_context
def git_setup(obj: Context) -> None:
    """Make git merge the project's PO files unit by unit, with transflow's merge driver.

    Adds 'locales/**/*.po merge=transflow' to .gitattributes (commit it) and the
    driver's command to this clone's .git/config (run once in every clone: git
    takes no commands from a repository).

    \b
    Example:
        transflow git-setup && git add .gitattributes && git commit -m "PO merge driver"
    """
    from transflow.ops.gitmerge import GITATTRIBUTES, setup_git

    done = setup_git(obj.project)
    state = "added to" if done.attributes_written else "already in"
    click.echo(f"{done.attributes_line!r} {state} {GITATTRIBUTES}")
    click.echo(f"merge driver in .git/config: {done.driver}")


@cli.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path", required=False)
def merge_driver(base: Path, ours: Path, theirs: Path, path: str | None) -> None:
    """git's merge driver for PO files (git runs it; see 'transflow git-setup').

    Merges OURS and THEIRS over their ancestor BASE unit by unit and writes the
    result into OURS. Exits 1 when a unit was translated differently on both
    sides: both texts are kept (ours as the text, theirs as a transflow
    conflict that 'transflow status' lists) and git reports the file as
    conflicted; 'git add' it to finish the merge.

    \b
    Example (what git runs):
        transflow merge-driver %O %A %B %P
    """
    from transflow.ops.gitmerge import merge_po_files

    outcome = merge_po_files(base, ours, theirs, path or str(ours))
    if not outcome.clean:
        click.echo(f"{outcome.path}: {len(outcome.conflicts)} unit(s) translated differently on both sides; "
                   "both texts kept as transflow conflicts ('transflow status' counts them, an editor decides "
                   "with 'transflow submit --force'); 'git add' the file to finish the merge", err=True)
        sys.exit(1)


@cli.command("git-repair")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def git_repair(files: tuple[Path, ...]) -> None:
    """Turn PO files that git merged line by line (<<<<<<< markers) into a unit-wise merge.

    Exits 1 when a unit was translated differently on both sides: both texts
    are kept, as the merge driver keeps them.

    \b
    Example:
        transflow git-repair locales/tr/my-article.po && git add locales/tr/my-article.po
    """
    from transflow.ops.gitmerge import repair_conflict_markers

    conflicts = 0
    for outcome in repair_conflict_markers([(file, str(file)) for file in files]):
        conflicts += len(outcome.conflicts)
        note = f", {len(outcome.conflicts)} unit(s) kept as conflicts" if outcome.conflicts else ""
        click.echo(f"repaired {outcome.path}{note}")
    if conflicts:
        sys.exit(1)


@cli.command()
@click.argument("slug", type=ARTICLE)
@click.option("--lang", "language", type=LANGUAGE, required=True, help="The language of the file, e.g. tr.")
@click.option("--editor", required=True, type=PERSON, help="Who decides: an editor of the team (id or name).")
@click.option("--unit", "units", type=click.IntRange(1), multiple=True,
              help="A unit in conflict, by its number in the file (repeatable; one --keep each).")
@click.option("--keep", "keeps", multiple=True, metavar="current|submitted|TEXT",
              help="What the unit keeps: its current text, the other (latest) text, or this text.")
@click.option("--json", "as_json", is_flag=True, help="Print the open conflicts or the decisions as JSON.")
@pass_context
def resolve(obj: Context, slug: str, language: str, editor: str, units: tuple[int, ...], keeps: tuple[str, ...],
            as_json: bool) -> None:
    """Decide the units in conflict of one article in one language (editors).

    Without --unit: on a terminal, asks about each conflict in turn; otherwise
    lists them (exit 1 while any is open). A decided unit keeps one text,
    credited to whoever wrote it, and its conflict comments close.

    \b
    Examples:
        transflow resolve my-article --lang tr --editor kerem
        transflow resolve my-article --lang tr --editor kerem --unit 4 --keep submitted
    """
    from transflow.ops.resolve import Decision, list_conflicts, resolve_conflicts

    project = obj.project
    if len(units) != len(keeps):
        raise click.UsageError("give one --keep for each --unit")
    decisions = [Decision(unit, keep) for unit, keep in zip(units, keeps, strict=True)]
    if not decisions:
        conflicts = list_conflicts(project, slug, language)
        if not conflicts:
            click.echo(f"no open conflicts in '{slug}' ({language})")
            return
        if as_json or not (sys.stdin.isatty() and sys.stdout.isatty()):
            if as_json:
                print_json([c.as_dict() for c in conflicts])
            else:
                for c in conflicts:
                    click.echo(f"unit {c.unit}: {c.source}\n  current ({c.current.person}): {c.current.text}")
                    for other in c.others:
                        click.echo(f"  other   ({other.person}, {other.when}): {other.text}")
                click.echo("decide with --unit N --keep current|submitted|TEXT", err=True)
            sys.exit(1)
        for c in conflicts:
            click.echo(f"\nunit {c.unit}: {c.source}\n  [c] current ({c.current.person}): {c.current.text}")
            click.echo(f"  [s] other ({c.others[-1].person}): {c.others[-1].text}")
            answer = click.prompt("keep [c]urrent, [s]ubmitted, [e]dit, or [n]ot now",
                                  type=click.Choice(["c", "s", "e", "n"]), default="n")
            if answer == "e":
                decisions.append(Decision(c.unit, click.prompt("text", default=c.current.text)))
            elif answer != "n":
                decisions.append(Decision(c.unit, "current" if answer == "c" else "submitted"))
    done = resolve_conflicts(project, slug, language, editor, decisions)
    if as_json:
        print_json([d.as_dict() for d in done])
        return
    for d in done:
        click.echo(f"decided unit {d.unit}: kept {d.text!r} (credited to {d.credited})")


@cli.command("check")
@click.argument("slugs", nargs=-1, type=ARTICLE, metavar="[SLUG]...")
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, metavar="L",
              help="Only this language (repeatable; default: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one problem a line; json: an object with findings and dismissed checks.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 on errors only, or on warnings too.")
@click.option("--list", "list_only", is_flag=True, help="List every check with its severity and an example.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@pass_context
def check(obj: Context, slugs: tuple[str, ...], languages: tuple[str, ...], fmt: str, fail_on: str,
          list_only: bool, quiet: bool) -> None:
    """Run every QA check (markup, links, numbers, glossary ...) on what locales/ holds.

    Checks every translated and stale unit, however it got there; exit 1 when a
    check fails (--fail-on warning: also on warnings). A check switched off for a
    unit ('transflow dismiss') is listed as dismissed, not run.

    \b
    Examples:
        transflow check
        transflow check my-article --lang tr --fail-on warning
        transflow check --list
    """
    if list_only:
        from transflow.cli.output import print_check_list
        from transflow.qa.checks import REGISTRY

        if fmt == "json":
            print_json([{"check": c.name, "severity": str(c.severity), "page_safety": c.safety,
                         "dismissed_by": str(c.dismissed_by), "protects": c.protects, "help": c.help,
                         "example": c.example} for c in REGISTRY.values()])
        else:
            print_check_list(REGISTRY.values())
        return
    from transflow.cli.output import print_check_report
    from transflow.ops.check import check_project

    with progress_bar("Checking", quiet or fmt == "json") as progress:
        report = check_project(obj.project, slugs, languages, progress)
    if fmt == "json":
        print_json(report.as_dict(fail_on))
    else:
        print_check_report(obj.project, report, quiet)
    if report.failed(fail_on):
        sys.exit(1)


@cli.command()
@click.argument("slug", type=ARTICLE)
@click.option("--lang", "language", type=LANGUAGE, required=True, metavar="L", help="The language of the unit.")
@click.option("--unit", type=click.IntRange(1), required=True,
              help="The unit, by its number in the file (pulled files say 'unit N of M').")
@click.option("--check", "check_name", required=True, metavar="CHECK", help="The check that does not apply.")
@click.option("--by", "person", required=True, type=PERSON, help="Who decides: the unit's reviewer or translator, or an editor.")
@click.option("--undo", is_flag=True, help="Switch the check on again.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@_quiet
@pass_context
def dismiss(obj: Context, slug: str, language: str, unit: int, check_name: str, person: str, undo: bool,
            as_json: bool, quiet: bool) -> None:
    """Record that one check does not apply to one unit (kept until its source changes).

    For a rule that is wrong for one sentence, instead of --skip-check on a whole
    file. The decision is kept in the PO file as Weblate's '#, ignore-CHECK' flag
    with who made it; status, the dashboard and 'transflow check' show it. The
    checks that keep the page safe (html, links, urls, code) need an editor.

    \b
    Example:
        transflow dismiss jobs-report --lang zh_Hant --unit 7 --check numbers --by mei
    """
    from transflow.ops.dismiss import dismiss_check

    done = dismiss_check(obj.project, slug, language, unit, check_name, person, undo)
    if as_json:
        print_json(done.as_dict())
        return
    if quiet:
        return
    state = "on again" if undo else "off"
    already = "" if done.changed else " (it was already)"
    click.echo(f"{slug} [{language}] unit {unit}: {done.check} is {state}{already} — {short(done.source)}")


@cli.group("glossary")
def glossary_group() -> None:
    """The glossary (glossary.yaml): terms, their approved and forbidden translations.

    People write glossary.yaml; pulled files show each unit's terms, and submit
    and 'transflow check' check them. These commands list it, append to it and
    exchange it as TBX or CSV with CAT tools and Weblate.

    \b
    Example:
        transflow glossary add "North Korea" --translation tr="Kuzey Kore" --forbidden tr="K. Kore"
    """


@glossary_group.command("list")
@click.option("--lang", "language", type=LANGUAGE, default=None, metavar="L", help="Show this language's translations only.")
@click.option("--in", "containing", default=None, metavar="TEXT", help="Only the terms that occur in this text.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def glossary_list(obj: Context, language: str | None, containing: str | None, fmt: str) -> None:
    """List the glossary's terms.

    \b
    Examples:
        transflow glossary list --lang tr
        transflow glossary list --in "Talks at Camp David on North Korea" --format json
    """
    from transflow.cli.output import print_terms
    from transflow.ops.glossary import list_terms

    project = obj.project
    terms = list_terms(project, language, containing)
    languages = [language] if language else list(project.workflow.languages)
    if fmt == "json":
        print_json([_term_dict(term, languages) for term in terms])
    elif not project.glossary.terms:
        click.echo("the glossary has no terms yet; add one with 'transflow glossary add' or edit glossary.yaml",
                   err=True)
    else:
        print_terms(terms, languages)


def _term_dict(term: Any, languages: list[str]) -> dict[str, Any]:
    return {"source": term.source, "translate": term.translate, "case": str(term.case), "note": term.note,
            "translations": {lang: list(term.translations.get(lang, ())) for lang in languages},
            "forbidden": {lang: list(term.forbidden.get(lang, ())) for lang in languages if term.forbidden.get(lang)}}


def _language_forms(values: tuple[str, ...], option: str) -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for value in values:
        language, sep, text = value.partition("=")
        if not sep or not language.strip() or not text.strip():
            raise click.BadParameter(f"'{value}': write LANG=TEXT, e.g. tr=\"Kuzey Kore\"", param_hint=option)
        forms.setdefault(language.strip(), []).append(text.strip())
    return {language: tuple(dict.fromkeys(texts)) for language, texts in forms.items()}


@glossary_group.command("add")
@click.argument("source")
@click.option("--translation", "translations", multiple=True, metavar="LANG=TEXT",
              help="An approved translation (repeatable; the first for a language is preferred).")
@click.option("--forbidden", "forbidden", multiple=True, metavar="LANG=TEXT", help="A forbidden translation (repeatable).")
@click.option("--no-translate", is_flag=True,
              help="A name or brand: keep it as written, except in the languages given a --translation.")
@click.option("--case", type=click.Choice(["auto", "sensitive", "insensitive"]), default="auto", show_default=True,
              help="auto: case matters only for terms in capitals (acronyms).")
@click.option("--note", default="", help="What the term means, or how to use it: shown to translators.")
@_quiet
@_json
@pass_context
def glossary_add(obj: Context, source: str, translations: tuple[str, ...], forbidden: tuple[str, ...],
                 no_translate: bool, case: str, note: str, quiet: bool, as_json: bool) -> None:
    """Add a term at the end of glossary.yaml (the rest of the file stays as it is).

    \b
    Examples:
        transflow glossary add minilateralism --translation tr=minilateralizm --note "cooperation among a few states"
        transflow glossary add "Camp David" --no-translate
        transflow glossary add ASEAN --no-translate --translation ru=АСЕАН
    """
    from transflow.model.glossary import CaseRule, Term
    from transflow.ops.glossary import add_terms

    given = Term(source.strip(), _language_forms(translations, "--translation"),
                 _language_forms(forbidden, "--forbidden"), not no_translate, CaseRule(case), note.strip())
    [term] = add_terms(obj.project, [given])  # as glossary.yaml holds it: RU is ru
    if as_json:
        print_json(_term_dict(term, sorted({*term.translations, *term.forbidden})))
    elif not quiet:
        click.echo(f"added '{term.source}' to glossary.yaml")


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", type=LANGUAGE, default=None, metavar="L",
              help="Only this language; names the 'target' column of a bilingual CSV.")
@click.option("--dry-run", is_flag=True, help="Say what would be added; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was imported as JSON.")
@_quiet
@pass_context
def glossary_import(obj: Context, file: Path, language: str | None, dry_run: bool, as_json: bool,
                    quiet: bool) -> None:
    """Add the terms of a TBX or CSV file that glossary.yaml does not have yet.

    Terms already in the glossary are left as they are and listed, for a person
    to compare.

    \b
    Examples:
        transflow glossary import agency-terms.tbx
        transflow glossary import weblate-glossary.csv --lang tr --dry-run
    """
    from transflow.ops.glossary import import_glossary

    done = import_glossary(obj.project, file, language, dry_run)
    if as_json:
        print_json(done.as_dict())
        return
    verb = "would add" if dry_run else "added"
    if not quiet:
        click.echo(f"{file}: {verb} {len(done.added)} term(s); {len(done.known)} already in glossary.yaml, "
                   "left as they are")
        for term in done.known:
            click.echo(f"  already there: {term.source}")
    for code, count in sorted(done.left_out.items()):
        click.echo(f"note: {count} translation(s) in '{code}' left out: not a language of this project "
                   "(--lang L reads a file's unnamed 'xx' language as L)", err=True)


@glossary_group.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write: .tbx (TBX-Basic) or .csv.")
@click.option("--lang", "languages", type=LANGUAGE, multiple=True, metavar="L",
              help="Only this language (repeatable; default: all).")
@_quiet
@_json
@pass_context
def glossary_export(obj: Context, output: Path, languages: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Write the glossary as TBX (for CAT tools and Weblate) or CSV (for spreadsheets).

    \b
    Example:
        transflow glossary export --output terms.tbx
    """
    from transflow.ops.glossary import export_glossary

    count = export_glossary(obj.project, output, languages)
    if as_json:
        print_json({"path": str(output), "terms": count})
    elif not quiet:
        click.echo(f"{output}: {count} term(s)")
