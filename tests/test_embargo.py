"""Embargoes: ``embargo:`` in a source's front matter, shown by status and the dashboard
while it holds (and, in build, keeping every language unpublished until then)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import tree_snapshot
from test_build import new_project, translate_po
from transflow.errors import ArticleError
from transflow.ops.build import build_project
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


# --- build -------------------------------------------------------------------------------

EMBARGOED = "---\ntitle: Ceasefire talks\nembargo: 2026-05-02T06:00:00Z\n---\n\nTalks begin.\n"
BUILD_WORKFLOW = "languages: [tr, ru]\npublish:\n  min_complete: 0\n"


def _embargo_project(tmp_path: Path) -> Project:
    project = new_project(tmp_path / "p", {"talks.md": EMBARGOED}, BUILD_WORKFLOW)
    for language in ("tr", "ru"):
        translate_po(project, language, "talks", lambda msgid, tag=language: f"[{tag}] {msgid}")
    return project


def test_build_publishes_no_language_before_the_embargo_and_every_one_after(tmp_path: Path) -> None:
    project = _embargo_project(tmp_path)
    before = dt.datetime(2026, 5, 2, 5, 59, tzinfo=dt.UTC)
    report = build_project(project, now=before)
    assert [(a.language, a.status, a.reason) for a in report.articles] == [
        ("tr", "skipped", "embargoed until 2026-05-02T06:00:00Z"),
        ("ru", "skipped", "embargoed until 2026-05-02T06:00:00Z"),
    ]
    assert not (project.root / "build" / "tr").exists()
    assert report.ok  # an embargo is not a failure
    after = build_project(project, now=dt.datetime(2026, 5, 2, 6, tzinfo=dt.UTC))
    assert [a.status for a in after.articles] == ["built", "built"]
    assert "[tr] Talks begin." in (project.root / "build" / "tr" / "talks.md").read_text(encoding="utf-8")


def test_an_embargo_set_after_publication_withdraws_the_pages_transflow_built(tmp_path: Path) -> None:
    source = EMBARGOED.replace("embargo: 2026-05-02T06:00:00Z\n", "")
    project = new_project(tmp_path / "p", {"talks.md": source}, BUILD_WORKFLOW)
    translate_po(project, "tr", "talks", lambda msgid: f"[tr] {msgid}")
    translate_po(project, "ru", "talks", lambda msgid: f"[ru] {msgid}")
    assert [a.status for a in build_project(project).articles] == ["built", "built"]
    ru_page = project.root / "build" / "ru" / "talks.md"
    ru_page.write_text(ru_page.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")
    project.article_path("talks").write_text(EMBARGOED, encoding="utf-8")
    update_project(project)
    report = build_project(project, now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    tr, ru = report.articles
    assert tr.reason == "embargoed until 2026-05-02T06:00:00Z; build/tr/talks.md, built earlier, is withdrawn"
    assert not (project.root / "build" / "tr" / "talks.md").exists()
    assert ru.reason.startswith("embargoed until 2026-05-02T06:00:00Z; build/ru/talks.md is not the page transflow")
    assert ru_page.exists()  # someone's edit: said, not deleted


def test_build_now_on_the_command_line(tmp_path: Path, run_cli, cli_error) -> None:
    project = _embargo_project(tmp_path)
    result = run_cli("-C", project.root, "build", "--now", "2026-05-02T08:59:00+03:00", "--json")
    assert result.exit_code == 0, result.output
    assert {a["status"] for a in json.loads(result.stdout)["articles"]} == {"skipped"}
    result = run_cli("-C", project.root, "build", "--now", "2026-05-02T09:00:00+03:00")
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stdout
    built = tree_snapshot(project.root)
    for bad, message in (("2026-05-02T06:00:00", "has no time zone"), ("tomorrow", "is not a time")):
        result = run_cli("-C", project.root, "build", "--now", bad)
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert tree_snapshot(project.root) == built


def test_build_follows_the_clock_and_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    project = _embargo_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    assert {a.status for a in build_project(project).articles} == {"skipped"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    assert {a.status for a in build_project(project).articles} == {"built"}


def test_a_broken_embargo_fails_that_article_only(tmp_path: Path) -> None:
    project = _embargo_project(tmp_path)
    project.article_path("talks").write_text(EMBARGOED.replace("06:00:00Z", "06:00:00"), encoding="utf-8")
    before = tree_snapshot(project.root)
    report = build_project(project)
    assert tree_snapshot(project.root) == before  # nothing published, nothing recorded
    assert {a.status for a in report.articles} == {"failed"}
    assert report.articles[0].reason == (
        "articles/talks.md: embargo: '2026-05-02T06:00:00' has no time zone; "
        "add one (Z for UTC, or +03:00)"
    )
