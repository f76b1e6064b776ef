"""Embargoes: a source's front matter ``embargo: 2026-05-02T06:00:00Z`` keeps every
language of it from being published before that time.

The time must name its zone (``Z``, ``+03:00``): a newsroom's embargo is a moment, and
a time without a zone means another moment on every machine. It is compared in UTC.
"""

from __future__ import annotations

import datetime as dt

import yaml

from transflow.errors import ArticleError
from transflow.formats.yamlfile import BoundedSafeLoader
from transflow.util import clock
from transflow.workspace.project import Project

EMBARGO_KEY = "embargo"


def embargo_of(project: Project, slug: str) -> dt.datetime | None:
    """The article's embargo as a UTC time, None when it has none."""
    article = project.read_article(slug)
    return embargo_in_text(article.text(), article.display)


def embargo_in_text(text: str, display: str) -> dt.datetime | None:
    """The embargo a source's front matter sets (read without segmenting the article:
    status asks it of every article)."""
    lines = text.lstrip("\ufeff").split("\n", 200)
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i, line in enumerate(lines[1:200], 1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        return None
    inner = "\n".join(lines[1:end])
    if EMBARGO_KEY not in inner:
        return None
    try:
        data = yaml.load(inner, Loader=BoundedSafeLoader)
    except yaml.YAMLError:
        return None  # the front matter's own problem: segment and build report it
    value = data.get(EMBARGO_KEY) if isinstance(data, dict) else None
    if value is None:
        return None
    return parse_embargo(value, display)


def parse_embargo(value: object, display: str) -> dt.datetime:
    """``value`` (YAML's timestamp or a string) as a UTC time; refused without a zone."""
    moment: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None:
        raise ArticleError(f"embargo: {value!r} is not a time; write it as 2026-05-02T06:00:00Z", display)
    if moment.tzinfo is None or moment.utcoffset() is None:
        written = value.isoformat() if isinstance(value, dt.datetime) else value  # as the author wrote it
        raise ArticleError(f"embargo: {written!r} has no time zone; add one (Z for UTC, or +03:00)", display)
    return moment.astimezone(dt.UTC)


def embargo_note(until: dt.datetime) -> str:
    return f"embargoed until {clock.iso(until)}"
