"""Embargoes: ``embargo:`` in a source's front matter, shown by status and the dashboard
while it holds (and, in build, keeping every language unpublished until then)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from transflow.errors import ArticleError
from transflow.ops.update import update_project
from transflow.workspace.embargo import embargo_in_text, parse_embargo
from transflow.workspace.project import Project

SLUG = "proximity-trilateral-military-partnership"
BEFORE = "1777672800"  # 2026-05-01T22:00:00Z
AFTER = "1777708800"  # 2026-05-02T08:00:00Z


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-05-02T06:00:00Z", dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC)),
    ("2026-05-02T09:00:00+03:00", dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC)),
    ("'2026-05-02T06:00:00Z'", dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC)),
    ("2026-05-01 23:00:00-07:00", dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC)),
])
def test_an_embargo_is_a_moment_with_its_zone(value: str, expected: dt.datetime) -> None:
    text = f"---\ntitle: T\nembargo: {value}\n---\n\nBody.\n"
    assert embargo_in_text(text, "articles/x.md") == expected
    assert embargo_in_text(text.replace("\n", "\r\n"), "articles/x.md") == expected


@pytest.mark.parametrize(("value", "message"), [
    ("2026-05-02T06:00:00", "has no time zone; add one (Z for UTC, or +03:00)"),
    ("2026-05-02", "is not a time"),
    ("next tuesday", "is not a time"),
])
def test_an_embargo_without_a_zone_or_not_a_time_is_refused(value: str, message: str) -> None:
    with pytest.raises(ArticleError, match="articles/x.md: embargo: .*" + message.split(";")[0]):
        embargo_in_text(f"---\nembargo: {value}\n---\nBody.\n", "articles/x.md")
    assert parse_embargo("2026-05-02T06:00:00Z", "x") == dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC)


def test_no_front_matter_or_no_key_is_no_embargo() -> None:
    assert embargo_in_text("Body only.\n", "x") is None
    assert embargo_in_text("---\ntitle: embargo talks\n---\nBody.\n", "x") is None


@pytest.fixture
def embargoed(sample_project: Project) -> Project:
    path = sample_project.article_path(SLUG)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\nembargo: 2026-05-02T06:00:00Z\n", 1), encoding="utf-8")
    assert update_project(sample_project).ok
    return sample_project


def test_status_and_the_dashboard_show_an_embargo_while_it_holds(embargoed, run_cli, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    rows = json.loads(run_cli("-C", embargoed.root, "status", "--format", "json").stdout)["rows"]
    assert {r["embargo"] for r in rows if r["article"] == SLUG} == {"2026-05-02T06:00:00Z"}
    assert {r["embargo"] for r in rows if r["article"] != SLUG} == {None}
    table = run_cli("-C", embargoed.root, "status").stdout
    assert "embargoed until 2026-05-02T06:00:00Z" in table
    assert 'data-embargo="2026-05-02T06:00:00Z"' in run_cli("-C", embargoed.root, "status", "--format", "html").stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    rows = json.loads(run_cli("-C", embargoed.root, "status", "--format", "json").stdout)["rows"]
    assert {r["embargo"] for r in rows} == {None}
