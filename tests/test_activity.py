"""transflow report activity: words per person, language, kind of work and match, in a period."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from transflow.cli import cli
from transflow.model.catalog import Origin, OriginKind, review_digest
from transflow.ops.activity import collect_activity, match_type, render_activity
from transflow.ops.update import update_project
from transflow.util.wordcount import count_words
from transflow.workspace.project import Project

REPO = Path(__file__).resolve().parents[1]
SINCE, UNTIL = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Scenario:
    """What is written on a unit, and what the report must make of it (labelled by hand)."""

    translator: str | None
    translated_at: str | None
    reviewer: str | None = None
    reviewed_at: str | None = None
    origin: str | None = None
    match: str = "new"
    stale: bool = False  # fuzzy, translated for the previous source
    void_review: bool = False  # approved text that changed since: not a review


SCENARIOS = (
    Scenario("ayse", "2026-11-05T08:00:00Z"),
    Scenario("olga", "2026-10-31T23:59:59Z"),  # the day before the period
    Scenario("ayse", "2026-11-30T23:59:59Z", "kerem", "2026-12-01T00:00:00Z"),  # review after the period
    Scenario("putri", "2026-11-01T00:00:00Z", "kerem", "2026-11-02T10:00:00Z", origin="exact match in articles/x.md",
             match="exact"),
    Scenario("ayse", "2026-11-10T10:00:00Z", origin="fuzzy 87% match of the previous source", match="fuzzy 85-94%"),
    Scenario("budi", "2026-11-11T10:00:00Z", origin="fuzzy 62% match in articles/y.md; numbers differ", match="fuzzy 50-74%"),
    Scenario("ayse", "2026-11-12T10:00:00Z", origin="submitted for an earlier version of this unit", match="fuzzy",
             stale=True),
    Scenario("olga", "2026-11-13T10:00:00Z", "dmitri", "2026-11-14T10:00:00Z", void_review=True),
    Scenario("budi", None),  # no date at all
    Scenario("budi", "yesterday"),  # no date either
    Scenario(None, None),  # untranslated
    Scenario("dmitri", "2026-11-20T10:00:00Z", "olga", "2026-11-21T10:00:00Z"),
)

Key = tuple[str, str, str, str]  # person, language, activity, match


def write_scenario(entry: polib.POEntry, scenario: Scenario, language: str) -> None:
    if scenario.translator is None:
        return
    entry.msgstr = f"[{language}] {entry.msgid}"
    comments = [f"transflow-origin: {scenario.origin}"] if scenario.origin else []
    comments.append(f"transflow-translated: {scenario.translator} {scenario.translated_at or ''}".rstrip())
    if scenario.reviewer:
        digest = review_digest(entry.msgid, "other text" if scenario.void_review else entry.msgstr)
        comments.append(f"transflow-reviewed: {scenario.reviewer} {scenario.reviewed_at} {digest}")
    if scenario.stale:
        entry.flags.append("fuzzy")
        entry.previous_msgid = f"An older version: {entry.msgid} It was longer."
    entry.tcomment = "\n".join(comments)


def in_period(when: str | None, since: dt.date, until: dt.date) -> bool:
    return bool(when and re.match(r"\d{4}-\d\d-\d\d", when) and since <= dt.date.fromisoformat(when[:10]) <= until)


def build(root: Path) -> tuple[Project, list[tuple[str, Scenario, polib.POEntry]]]:
    """The sample project with a scenario on every unit (and on obsolete units)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copy(REPO / "workflow.yaml", root / "workflow.yaml")
    project = Project.open(root)
    assert update_project(project).ok
    written = []
    for offset, path in enumerate(sorted(project.locales_dir.glob("*/*.po"))):
        language = path.parent.name
        po = polib.pofile(str(path), wrapwidth=79)
        for index, entry in enumerate(e for e in po if not e.obsolete):
            scenario = SCENARIOS[(index + offset) % len(SCENARIOS)]
            write_scenario(entry, scenario, language)
            written.append((language, scenario, entry))
        gone = polib.POEntry(msgid=f"A sentence removed from the article, number {offset}.", obsolete=True)
        write_scenario(gone, SCENARIOS[0], language)
        po.append(gone)
        written.append((language, SCENARIOS[0], gone))
        po.save()
    return project, written


def expected(written, since: dt.date = SINCE, until: dt.date = UNTIL, roles=("translated", "reviewed")):
    units: Counter[Key] = Counter()
    words: Counter[Key] = Counter()
    for language, s, entry in written:
        source = entry.previous_msgid if s.stale else entry.msgid
        if "translated" in roles and s.translator and in_period(s.translated_at, since, until):
            units[s.translator, language, "translated", s.match] += 1
            words[s.translator, language, "translated", s.match] += count_words(source)
        if "reviewed" in roles and s.reviewer and not s.void_review and in_period(s.reviewed_at, since, until):
            units[s.reviewer, language, "reviewed", s.match] += 1
            words[s.reviewer, language, "reviewed", s.match] += count_words(source)
    return {key: (units[key], words[key]) for key in units}


@pytest.fixture
def built(tmp_path: Path):
    return build(tmp_path / "proj")


def figures(report) -> dict[Key, tuple[int, int]]:
    return {(r.person, r.language, r.activity, r.match): (r.units, r.words) for r in report.rows}


def test_the_report_counts_what_was_recorded_in_the_period(built):
    project, written = built
    report = collect_activity(project, SINCE, UNTIL)
    assert figures(report) == expected(written)
    assert report.errors == ()
    assert report.undated == sum(1 for _, s, _ in written if s.translator == "budi" and not in_period(
        s.translated_at, dt.date.min, dt.date.max))
    matches = {r.match for r in report.rows}
    assert {"new", "exact", "fuzzy", "fuzzy 85-94%", "fuzzy 50-74%"} <= matches


@pytest.mark.parametrize("by, roles", [("translator", ("translated",)), ("reviewer", ("reviewed",))])
def test_by_keeps_one_kind_of_work(built, by: str, roles: tuple[str, ...]):
    project, written = built
    assert figures(collect_activity(project, SINCE, UNTIL, by=by)) == expected(written, roles=roles)


@pytest.mark.parametrize("since, until", [
    (dt.date(2026, 10, 31), dt.date(2026, 10, 31)),
    (dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
    (dt.date(2026, 11, 1), dt.date(2026, 11, 1)),
    (dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    (dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
])
def test_both_ends_of_the_period_are_included(built, since: dt.date, until: dt.date):
    project, written = built
    assert figures(collect_activity(project, since, until)) == expected(written, since, until)


def test_work_on_an_article_since_removed_still_counts(built):
    project, written = built
    slug = "proximity-trilateral-military-partnership"
    before = collect_activity(project, SINCE, UNTIL)
    (project.root / "articles" / f"{slug}.md").unlink()
    assert collect_activity(Project.open(project.root), SINCE, UNTIL) == before


def test_a_language_filter(built):
    project, written = built
    report = collect_activity(project, SINCE, UNTIL, languages=["ru"])
    assert figures(report) == {k: v for k, v in expected(written).items() if k[1] == "ru"}


@pytest.mark.parametrize("origin, match", [
    (None, "new"),
    (Origin(OriginKind.EXACT, 100, "articles/x.md"), "exact"),
    (Origin(OriginKind.IN_CONTEXT, 101, "articles/x.md"), "exact"),
    (Origin(OriginKind.FUZZY, 99, "articles/x.md"), "fuzzy 95-99%"),
    (Origin(OriginKind.PREVIOUS, 95), "fuzzy 95-99%"),
    (Origin(OriginKind.FUZZY, 94, "articles/x.md", ("numbers differ",)), "fuzzy 85-94%"),
    (Origin(OriginKind.FUZZY, 75, "articles/x.md"), "fuzzy 75-84%"),
    (Origin(OriginKind.PREVIOUS, 74), "fuzzy 50-74%"),
    (Origin(OriginKind.FUZZY, 30, "articles/x.md"), "fuzzy <50%"),
    (Origin(OriginKind.JOINED, units=2), "fuzzy"),
    (Origin(OriginKind.SPLIT), "fuzzy"),
    (Origin(OriginKind.EARLIER), "fuzzy"),
])
def test_match_type(origin: Origin | None, match: str):
    assert match_type(origin) == match


# --- formats and the command line --------------------------------------------------------------------


def run(project: Project, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project.root), "report", "activity", *args])


def test_json_csv_markdown_and_table_hold_the_same_figures(built):
    project, written = built
    want = expected(written)
    result = run(project, "--since", "2026-11-01", "--until", "2026-11-30", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["since"], data["until"], data["by"]) == ("2026-11-01", "2026-11-30", None)
    assert {(r["person"], r["language"], r["activity"], r["match"]): (r["units"], r["words"])
            for r in data["rows"]} == want
    assert next(r["name"] for r in data["rows"] if r["person"] == "ayse") == "Ayşe Demir"
    totals = Counter()
    for (person, language, activity, _), (_, words) in want.items():
        totals[person, language, activity] += words
    assert {(t["person"], t["language"], t["activity"]): t["words"] for t in data["totals"]} == dict(totals)

    result = run(project, "--since", "2026-11-01", "--until", "2026-11-30", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["person"], r["language"], r["activity"], r["match"]): (int(r["units"]), int(r["words"]))
            for r in rows} == want

    result = run(project, "--since", "2026-11-01", "--until", "2026-11-30", "--format", "markdown")
    lines = [line for line in result.stdout.splitlines() if line.startswith("| ") and line.count("|") == 7]
    assert len(lines) == len(want) + 1  # the header and one line per row

    result = run(project, "--since", "2026-11-01", "--until", "2026-11-30")
    assert result.exit_code == 0 and "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    for (person, language, activity, match), (units, words) in want.items():
        assert any(re.search(rf"\b{re.escape(match)}\s+{units}\s+{words}$", line) for line in result.stdout.splitlines())


def test_the_table_names_each_person_once_and_totals_their_groups(built):
    project, _ = built
    report = collect_activity(project, SINCE, UNTIL)
    text = render_activity(report, "table")
    for person in {r.person for r in report.rows}:
        assert sum(1 for line in text.splitlines() if line.startswith(f"{person} (")) == 1
    for total in report.totals():
        group = [r for r in report.rows if (r.person, r.language, r.activity) == (total.person, total.language,
                                                                                   total.activity)]
        if len(group) > 1:
            assert re.search(rf"total\s+{total.units}\s+{total.words}\n", text)


def test_a_corrupt_po_file_is_named_and_the_rest_is_counted(built):
    project, written = built
    broken = project.po_path("tr", "proximity-trilateral-military-partnership")
    lines = broken.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[number] = "not PO at all"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run(project, "--since", "2026-11-01", "--until", "2026-11-30", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: locales/tr/proximity-trilateral-military-partnership.po:{number + 1}: "
                             "syntax error in PO file; fix it in a PO editor or restore it from a backup\n")
    rest = [(lang, s, e) for lang, s, e in written
            if not (lang == "tr" and (e.obsolete and e.msgid.endswith(f"number {_offset(project, broken)}.")
                                      or any(ref.startswith(f"articles/{broken.stem}.md") for ref, _ in e.occurrences)))]
    assert {(r["person"], r["language"], r["activity"], r["match"]): (r["units"], r["words"])
            for r in json.loads(result.stdout)["rows"]} == expected(rest)


def _offset(project: Project, path: Path) -> int:
    return sorted(project.locales_dir.glob("*/*.po")).index(path)


@pytest.mark.parametrize("args", [
    ["--since", "2026-13-01"],
    ["--since", "2026-11-30", "--until", "2026-11-01"],
    ["--since", "2026-11-01", "--by", "editor"],
    ["--since", "2026-11-01", "--format", "html"],
])
def test_usage_errors_exit_2(built, args: list[str]):
    project, _ = built
    assert run(project, *args).exit_code == 2


def test_an_unknown_language_lists_the_languages(built):
    project, _ = built
    result = run(project, "--since", "2026-11-01", "--lang", "de")
    assert result.exit_code == 1 and "languages: tr, ru, id" in result.stderr


def test_until_defaults_to_today(built, monkeypatch: pytest.MonkeyPatch):
    project, written = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 15, tzinfo=dt.UTC).timestamp())))
    result = run(project, "--since", "2026-11-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["until"] == "2026-11-15"
    assert {(r["person"], r["language"], r["activity"], r["match"]): (r["units"], r["words"])
            for r in data["rows"]} == expected(written, SINCE, dt.date(2026, 11, 15))


def test_without_since_the_period_is_this_month_and_it_says_so(built, monkeypatch):
    project, _written = built
    # 2026-11-25T12:00:00Z: the attributions of the fixture fall in November 2026.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795608000")
    default = run(project, "--format", "json")
    assert default.exit_code == 0, default.output
    assert "period: 2026-11-01 to 2026-11-25 (this month; --since and --until choose another)" in default.stderr
    explicit = run(project, "--since", "2026-11-01", "--until", "2026-11-25", "--format", "json")
    assert json.loads(default.stdout) == json.loads(explicit.stdout)
