"""Parameter types of the command line: a language, an article, a team member.

Each completes from the project in the shell (click's completion: see the README's
"Shell completion"), and a language is turned into the project's own spelling of it
(``pt-BR`` -> ``pt_BR``), so every command takes BCP 47 and POSIX codes alike.
Completion never fails: outside a project it offers nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import click
from click.shell_completion import CompletionItem

from transflow.errors import TransflowError


def _project(ctx: click.Context | None) -> Any:
    """The project of this invocation (``-C`` or the current folder)."""
    from transflow.cli.app import Context

    holder = ctx.find_object(Context) if ctx is not None else None
    if holder is None:
        # While completing, the group's callback has not run: find the project from -C or here.
        root = ctx.find_root() if ctx is not None else None
        directory = root.params.get("directory") if root is not None else None
        holder = Context(directory)
    return holder.project


def _completions(ctx: click.Context, incomplete: str, values: Callable[[Any], Iterable[str]]) -> list[CompletionItem]:
    """``values(project)`` that start with what was typed; nothing outside a project."""
    try:
        return [CompletionItem(value) for value in values(_project(ctx)) if value.startswith(incomplete)]
    except TransflowError:
        return []


class LanguageType(click.ParamType):
    """A language of the project, in any spelling; converted to the project's code."""

    name = "language"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        return _project(ctx).require_language(value)  # a TransflowError becomes the usual "Error: ..." line

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return _completions(ctx, incomplete, lambda project: project.workflow.languages)


class ArticleType(click.ParamType):
    """An article's slug (checked by the command, which knows renames)."""

    name = "slug"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return _completions(ctx, incomplete, lambda project: project.slugs())


class PersonType(click.ParamType):
    """A team member, by id (names and e-mail addresses are accepted where the command says)."""

    name = "person"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return _completions(ctx, incomplete, lambda project: sorted(project.workflow.team))


class MomentType(click.ParamType):
    """A moment in ISO 8601 with its zone (2026-05-02T06:00:00Z, 2026-05-02T09:00+03:00), in UTC."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a time; write it as 2026-05-02T06:00:00Z", param, ctx)
        if moment.utcoffset() is None:
            self.fail(f"'{value}' has no time zone; add one (Z for UTC, or +03:00)", param, ctx)
        return moment.astimezone(dt.UTC)


LANGUAGE = LanguageType()
ARTICLE = ArticleType()
PERSON = PersonType()
MOMENT = MomentType()
