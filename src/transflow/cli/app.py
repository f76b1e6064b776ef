"""The ``transflow`` command line: each command parses options, calls one API function, prints.

Errors from the library (:class:`TransflowError`) become ``Error: <message>`` on
stderr with exit 1; click's usage errors exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from transflow import __version__
from transflow.errors import TransflowError

if TYPE_CHECKING:  # opened on first use: commands such as merge-driver need no project
    from transflow.workspace.project import Project


class TransflowGroup(click.Group):
    """Turns library errors into click errors: one line on stderr, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TransflowError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)  # the error's kind decides; usage mistakes are click's, with 2


class Context:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            from transflow.workspace.project import Project

            self._project = Project.open(self.directory) if self.directory else Project.find(Path.cwd())
        return self._project


pass_context = click.make_pass_decorator(Context)

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
@click.option("--color/--no-color", "color", default=None,
              help="Colour on or off (default: on a terminal, unless NO_COLOR is set).")
@click.pass_context
def cli(ctx: click.Context, directory: Path | None, color: bool | None) -> None:
    """Translate articles: segment sources, track units per language, pull and submit PO
    files, report progress and build localized articles.

    \b
    Example:
        transflow update && transflow status && transflow build
    """
    ctx.obj = Context(directory)
    if color is None and os.environ.get("NO_COLOR"):
        color = False  # no-color.org: any non-empty value
    ctx.color = color  # click.echo in every command follows it


def main() -> None:
    cli(prog_name="transflow")
