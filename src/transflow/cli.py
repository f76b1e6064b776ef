"""The ``transflow`` command line: each command parses options, calls one API function, prints.

Errors from the library (:class:`TransflowError`) become ``Error: <message>`` on
stderr with exit 1; click's usage errors exit 2.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from . import __version__
from .errors import TransflowError
from .project import Project


class TransflowGroup(click.Group):
    """Turns library errors into click errors: one line on stderr, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TransflowError as exc:
            raise click.ClickException(str(exc)) from None


class Context:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = Project.open(self.directory) if self.directory else Project.find(Path.cwd())
        return self._project


pass_context = click.make_pass_decorator(Context)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


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


@click.group(cls=TransflowGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="transflow")
@click.option(
    "-C",
    "--project",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (default: the nearest folder with a workflow.yaml, from here up).",
)
@click.pass_context
def cli(ctx: click.Context, directory: Path | None) -> None:
    """Translate articles: segment sources, track units per language, pull and submit PO
    files, report progress and build localized articles.

    \b
    Example:
        transflow update && transflow status && transflow build
    """
    ctx.obj = Context(directory)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(directory: Path) -> None:
    """Create a new project: workflow.yaml (with comments), articles/, locales/.

    \b
    Example:
        transflow init newsroom && cd newsroom
    """
    from .init import init_project

    for path in init_project(directory):
        click.echo(f"created {path}")


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
    from .project import segment_file

    units = segment_file(file, obj.directory, segmentation)
    if fmt == "json":
        print_json([unit.as_dict() for unit in units])
        return
    for unit in units:
        click.echo(f"{unit.line:>4}  {unit.block:>3}  {unit.kind.value:<11}  {unit.text}")


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any article is out of date.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@pass_context
def update(obj: Context, slugs: tuple[str, ...], check: bool, as_json: bool, quiet: bool) -> None:
    """Segment sources, refresh templates and merge them into every language.

    Unchanged and moved units keep their translation; changed units become stale
    with the previous source shown; removed units are kept as obsolete entries.

    \b
    Examples:
        transflow update
        transflow update --check          # in CI: fail if anything is out of date
    """
    from .update import update_project

    with progress_bar("Updating", quiet or as_json) as progress:
        report = update_project(obj.project, slugs, check=check, progress=progress)
    if as_json:
        print_json(report.as_dict())
    elif not quiet:
        _print_update(report)
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if check and report.out_of_date:
        for slug in report.out_of_date:
            click.echo(f"out of date: {slug}; run 'transflow update'", err=True)
    if not report.ok:
        sys.exit(1)


def _print_update(report: Any) -> None:
    changed = [a for a in report.articles if a.status != "unchanged"]
    for article in changed:
        note = f" (from {article.renamed_from})" if article.renamed_from else ""
        click.echo(f"{article.article}: {article.status}{note}")
        for lu in article.languages:
            s = lu.summary
            click.echo(
                f"  {lu.language:<6} new {s.new:>3}  stale {s.stale:>3}  reused {s.reused:>3}  "
                f"obsolete {s.obsolete:>3}  unchanged {s.unchanged:>3}  restored {s.restored:>3}"
            )
    unchanged = len(report.articles) - len(changed)
    click.echo(f"{len(changed)} article(s) {'out of date' if report.check else 'updated'}, {unchanged} unchanged")


@cli.command()
@click.argument("slugs", nargs=-1)
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
    from .diff import diff_project

    report = diff_project(obj.project, slugs)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_diff(report)
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if report.errors:
        sys.exit(1)


def _print_diff(report: Any) -> None:
    styles = {"delete": {"fg": "red", "strikethrough": True}, "insert": {"fg": "green", "underline": True}}
    marks = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
    color = sys.stdout.isatty()
    for article in report.articles:
        if article.status == "unchanged":
            continue
        click.echo(click.style(f"{article.article}: {article.status}", bold=True))
        for change in article.changes:
            if change.type == "added":
                click.echo(click.style(f"  + {change.new}", fg="green"), color=color)
            elif change.type == "removed":
                click.echo(click.style(f"  - {change.old}", fg="red"), color=color)
            elif change.type == "moved":
                click.echo(f"  ~ moved {change.old_position} -> {change.new_position}: {change.new}")
            else:
                parts = []
                for word in change.words:
                    if word.op == "equal":
                        parts.append(word.text)
                    elif color:
                        parts.append(click.style(word.text, **styles[word.op]))
                    else:
                        opening, closing = marks[word.op]
                        parts.append(f"{opening}{word.text}{closing}")
                click.echo(f"  * {''.join(parts)}", color=color)
    changed = sum(1 for a in report.articles if a.status != "unchanged")
    click.echo(f"{changed} article(s) changed since the last update")


def main() -> None:
    cli(prog_name="transflow")
