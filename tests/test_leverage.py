"""``report leverage``: the work not yet translated, per match band, with its cost."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polib
import pytest

from conftest import check_cli_error
from transflow.errors import ConfigError
from transflow.formats.workflow import load_workflow
from transflow.model.leverage import BANDS
from transflow.ops.leverage import band_of, collect_leverage
from transflow.ops.update import update_project
from transflow.util.wordcount import count_words
from transflow.workspace.project import Project

SLUG = "proximity-trilateral-military-partnership"
EXACT = "This marks the start of enhanced trilateral cooperation among the three countries."
FUZZY_SOURCE = ("The leaders met in August at Camp David and expressed commitment to coordinating responses to "
                "regional challenges.")
FUZZY = FUZZY_SOURCE.replace("August", "September")
NEW = "Heavy rain is expected over the weekend in the capital."
TITLE = "Piece"
RATES = {"new": 0.12, "fuzzy_85": 0.06, "exact": 0.03, "repetition": 0.02}


@pytest.fixture
def project(sample_project: Project) -> Project:
    """SLUG translated into Turkish; a new article with an exact match, a fuzzy one and new text, and
    a second one that repeats the first."""
    update_project(sample_project)
    path = sample_project.po_path("tr", SLUG)
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = f"TR {entry.msgid}"
    po.save()
    (sample_project.articles_dir / "piece.md").write_text(
        f"---\ntitle: {TITLE}\n---\n\n{EXACT} {FUZZY}\n\n{NEW}\n", encoding="utf-8")
    (sample_project.articles_dir / "piece2.md").write_text(
        f"---\ntitle: {TITLE}\n---\n\n{NEW} {EXACT}\n", encoding="utf-8")  # all of it seen in piece
    update_project(Project.open(sample_project.root))
    return Project.open(sample_project.root)


def _with_rates(project: Project, rates: str) -> Project:
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8") + f"\n{rates}\n", encoding="utf-8")
    return Project.open(project.root)


def test_words_are_banded_against_the_memory_and_repetitions(project: Project):
    report = collect_leverage(project, ["tr"], ["piece", "piece2"])
    row, second = report.rows
    assert row.words["exact"] == count_words(EXACT)
    assert row.words["fuzzy_85"] == count_words(FUZZY)  # one word changed
    assert row.words["new"] == count_words(NEW) + count_words(TITLE)
    assert row.words["repetition"] == 0
    assert row.total_words == sum(count_words(t) for t in (TITLE, EXACT, FUZZY, NEW))
    # The second article only repeats what the first one has: no new words.
    assert second.words["repetition"] == second.total_words == sum(count_words(t) for t in (TITLE, NEW, EXACT))
    assert row.cost is None and report.currency is None  # no rates in workflow.yaml

    # The translated article has no work left; Russian has no memory: all new.
    full = collect_leverage(project, ["tr", "ru"], ["piece", SLUG])
    assert {(r.article, r.language): r.total_words for r in full.rows}[(SLUG, "tr")] == 0
    ru_piece = next(r for r in full.rows if (r.article, r.language) == ("piece", "ru"))
    assert ru_piece.words["new"] == row.total_words


@pytest.mark.parametrize("score, band", [
    (101, "context"), (100, "exact"), (99, "fuzzy_95"), (95, "fuzzy_95"), (94, "fuzzy_85"), (85, "fuzzy_85"),
    (84, "fuzzy_75"), (75, "fuzzy_75"), (74, "fuzzy_50"), (50, "fuzzy_50"), (49, "new"), (None, "new"),
])
def test_bands_are_the_ones_agencies_bill(score: int | None, band: str):
    assert band_of(score) == band


def test_rates_give_the_cost_per_article_language_and_total(project: Project):
    rates = "rates:\n  currency: EUR\n" + "".join(f"  {band}: {price}\n" for band, price in RATES.items())
    project = _with_rates(project, rates)
    report = collect_leverage(project, ["tr", "ru"], ["piece"])
    for row in report.rows:
        expected = sum(words * RATES.get(band, RATES["new"]) for band, words in row.words.items())
        assert row.cost == pytest.approx(expected)
    assert report.total().cost == pytest.approx(sum(row.cost for row in report.rows))
    assert report.currency == "EUR"


def test_one_table_per_language(project: Project):
    project = _with_rates(project, "rates:\n  currency: USD\n  tr: {new: 0.2}\n  ru: {new: 0.1, exact: 0}\n")
    rows = {row.language: row for row in collect_leverage(project, ["tr", "ru", "id"], ["piece"]).rows}
    assert rows["tr"].cost == pytest.approx(rows["tr"].total_words * 0.2)
    assert rows["ru"].cost == pytest.approx((rows["ru"].total_words - rows["ru"].words["exact"]) * 0.1)
    assert rows["id"].cost is None  # no price for Indonesian: no cost, not a made-up one


def test_each_language_has_its_total_and_an_unpriced_one_is_named(project: Project, run_cli):
    project = _with_rates(project, "rates:\n  currency: USD\n  tr: {new: 0.2}\n  ru: {new: 0.1, exact: 0}\n")
    report = collect_leverage(project, ["tr", "ru", "id"], [])
    totals = {row.language: row for row in report.language_totals()}
    for language, total in totals.items():
        rows = [row for row in report.rows if row.language == language]
        assert total.total_words == sum(row.total_words for row in rows) > 0
        assert total.cost == (None if language == "id" else pytest.approx(sum(row.cost for row in rows)))
    assert report.total().cost is None and report.unpriced == ["id"]

    args = ("-C", project.root, "report", "leverage", "--lang", "tr", "--lang", "ru", "--lang", "id")
    data = json.loads(run_cli(*args, "--format", "json").stdout)
    assert [row["language"] for row in data["languages"]] == ["tr", "ru", "id"] and data["unpriced"] == ["id"]
    assert data["languages"][0]["cost"] == round(totals["tr"].cost, 2)
    table = run_cli(*args).stdout
    assert "No price for id in workflow.yaml's rates" in table
    total_rows = [line.split() for line in table.splitlines() if line.startswith("total")]
    assert [cells[1] for cells in total_rows[:3]] == ["tr", "ru", "id"] and len(total_rows) == 4
    assert f"{totals['tr'].cost:.2f}" in total_rows[0] and total_rows[2][-1] == str(totals["id"].total_words)
    csv_rows = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    assert [(r["article"], r["language"]) for r in csv_rows[-4:]] == [("total", "tr"), ("total", "ru"),
                                                                    ("total", "id"), ("total", "")]
    assert "No price for id" in run_cli(*args, "--format", "markdown").stdout


@pytest.mark.parametrize("rates, message", [
    ("rates:\n  new: 0.1", "rates.currency"),
    ("rates:\n  currency: EUR\n  fuzzy_75: 0.1", "'new' price"),
    ("rates:\n  currency: EUR\n  new: 0.1\n  tr: {new: 0.2}", "not both"),
    ("rates:\n  currency: EUR\n  new: 0.1\n  fuzy_75: 0.1", "did you mean 'fuzzy_75'"),
    ("rates:\n  currency: EUR\n  new: cheap", "rates.new"),
])
def test_a_bad_rate_table_names_the_key(sample_project: Project, rates: str, message: str):
    workflow = sample_project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8") + f"\n{rates}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as raised:
        load_workflow(workflow)
    assert "workflow.yaml" in str(raised.value)


def test_the_cli_formats_agree(project: Project, run_cli):
    project = _with_rates(project, "rates:\n  currency: EUR\n  new: 0.1\n")
    args = ("-C", project.root, "report", "leverage", "--lang", "tr", "--article", "piece")
    data = json.loads(run_cli(*args, "--format", "json").stdout)
    (row,) = data["rows"]
    assert row["total_words"] == data["total"]["total_words"] and data["currency"] == "EUR"
    rows = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    assert [r["article"] for r in rows] == ["piece", "total"]
    assert int(rows[0]["exact"]) == row["words"]["exact"] and rows[0]["cost"] == f"{row['cost']:.2f}"
    table = run_cli(*args).stdout
    assert "101%" in table and "COST (EUR)" in table and f"{row['cost']:.2f}" in table
    markdown = run_cli(*args, "--format", "markdown").stdout
    assert "| piece | tr |" in markdown


def test_output_into_the_project_is_refused(project: Project, run_cli, snapshot):
    before = snapshot(project.root)
    line = check_cli_error(run_cli("-C", project.root, "report", "leverage", "--output",
                                   project.root / "locales" / "tr" / "x.po"))
    assert "locales" in line
    assert snapshot(project.root) == before


def test_an_article_not_updated_yet_is_named(project: Project, run_cli):
    (project.articles_dir / "fresh.md").write_text("---\ntitle: Fresh\n---\n\nText.\n", encoding="utf-8")
    result = run_cli("-C", project.root, "report", "leverage", "--lang", "tr", "--article", "fresh")
    assert result.exit_code == 1
    assert "locales/tr/fresh.po: not found; run 'transflow update' first" in result.stderr


def test_an_unknown_language_is_refused(project: Project, run_cli):
    check_cli_error(run_cli("-C", project.root, "report", "leverage", "--lang", "xx"))


def test_the_dashboard_shows_leverage_per_article(project: Project, run_cli, tmp_path: Path):
    import re

    page = tmp_path / "dashboard.html"
    result = run_cli("-C", project.root, "status", "--format", "html", "--leverage", "--lang", "tr",
                     "--output", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    row = next(r for r in collect_leverage(project, ["tr"]).rows if r.article == "piece")
    found = re.search(r'<tr data-article="piece" data-language="tr">(.*?)</tr>', html)
    assert found is not None
    cells = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', found.group(1))]
    assert cells == [*(row.words[band] for band in BANDS), row.total_words]
    plain = run_cli("-C", project.root, "status", "--format", "html", "--lang", "tr")
    assert 'id="leverage"' not in plain.stdout  # only when asked: it looks up every unit to do


def test_leverage_on_the_dashboard_only(project: Project, run_cli):
    result = run_cli("-C", project.root, "status", "--leverage")
    assert result.exit_code == 2 and "--format html" in result.stderr
