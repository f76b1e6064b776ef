"""transflow status: every figure against an independent polib count, formats, filters, bad input, cache."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner

from transflow.cli import cli
from transflow.model.catalog import review_digest
from transflow.model.progress import Counts, Progress, percent
from transflow.ops import status as status_module
from transflow.ops.status import collect_status
from transflow.ops.update import update_project
from transflow.render.status import (
    render_csv,
    render_json,
    render_markdown,
    render_table,
)
from transflow.util import statcache
from transflow.util.wordcount import count_words
from transflow.workspace.project import Project

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 6)
EPOCH = str(int(dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC).timestamp()))
STATUSES = ("untranslated", "stale", "translated", "reviewed")
COMPLETE = ("tr", "japan-south-korea-us-bolster-trilateral-response")  # due 2026-11-20: complete, not overdue
NEW_SLUG = "a-new-article"  # added after the last update: no template, no PO file
NEW_LANGUAGE = "pt_BR"  # added to workflow.yaml after the last update: templates only
# What a unit is made into, in turn; "void-review" is an approval of text that changed since.
KINDS = ("untranslated", "translated", "reviewed", "stale", "void-review", "fuzzy-empty", "translated")


# --- the project -------------------------------------------------------------------------------


def make_unit(entry: polib.POEntry, kind: str, language: str) -> None:
    when = "2026-11-20T10:15:00Z"
    if kind == "untranslated":
        return
    entry.msgstr = f"[{language}] {entry.msgid}"
    entry.tcomment = f"transflow-translated: ayse {when}"
    if kind == "reviewed":
        entry.tcomment += f"\ntransflow-reviewed: kerem {when} {review_digest(entry.msgid, entry.msgstr)}"
    elif kind == "void-review":
        entry.tcomment += f"\ntransflow-reviewed: kerem {when} {review_digest(entry.msgid, 'older text')}"
    elif kind == "stale":
        entry.flags.append("fuzzy")
        entry.previous_msgid = entry.msgid.replace(" the ", " a ", 1) + " Once."
    elif kind == "fuzzy-empty":  # a fuzzy flag without a translation is untranslated
        entry.msgstr = ""
        entry.tcomment = ""
        entry.flags.append("fuzzy")


def build_project(root: Path, *, extras: bool = True) -> Project:
    """The sample project with every status in every PO file, obsolete entries, and
    (with ``extras``) a language without PO files and an article without a template."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copy(REPO / "workflow.yaml", root / "workflow.yaml")
    project = Project.open(root)
    assert update_project(project).ok
    for offset, path in enumerate(sorted(project.locales_dir.glob("*/*.po"))):
        po = polib.pofile(str(path), wrapwidth=79)
        language = path.parent.name
        for index, entry in enumerate(e for e in po if not e.obsolete):
            kind = "reviewed" if (language, path.stem) == COMPLETE else KINDS[(index * (offset % 3 + 1) + offset) % len(KINDS)]
            make_unit(entry, kind, language)
        # Obsolete entries, translated and reviewed, must not count anywhere.
        gone = polib.POEntry(msgid=f"A removed sentence number {offset}.", msgstr="Silindi.", obsolete=True,
                             tcomment="transflow-translated: ayse 2026-11-20T10:15:00Z")
        po.append(gone)
        po.save()
    if extras:
        text = (root / "workflow.yaml").read_text(encoding="utf-8")
        (root / "workflow.yaml").write_text(text.replace("languages: [tr, ru, id]",
                                                         f"languages: [tr, ru, id, {NEW_LANGUAGE}]"), encoding="utf-8")
        (root / "articles" / f"{NEW_SLUG}.md").write_text(
            "# A new article\n\nIt was written after the last update. Nobody has translated it.\n", encoding="utf-8"
        )
    return Project.open(root)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return TODAY


@pytest.fixture
def project(tmp_path: Path, today: dt.date) -> Project:
    return build_project(tmp_path / "proj")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".transflow" not in p.parts}


# --- the independent count -----------------------------------------------------------------------


def polib_status(entry: polib.POEntry) -> str:
    if not entry.msgstr:
        return "untranslated"
    if "fuzzy" in entry.flags:
        return "stale"
    digest = hashlib.sha256(f"{entry.msgid}\x00{entry.msgstr}".encode()).hexdigest()[:12]
    for line in entry.tcomment.splitlines():
        fields = line.split()
        if fields[:1] == ["transflow-reviewed:"] and fields[-1] == digest:
            return "reviewed"
    return "translated"


def polib_counts(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    units = dict.fromkeys(STATUSES, 0)
    words = dict.fromkeys(STATUSES, 0)
    for entry in polib.pofile(str(path)):
        if entry.obsolete or entry.msgid == "":
            continue
        state = polib_status(entry)
        units[state] += 1
        words[state] += count_words(entry.msgid)
    units["total"] = sum(units.values())
    words["total"] = sum(words.values())
    return units, words


def floor_percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else (part * 1000 // whole) / 10


def expected_rows(root: Path, tmp_path: Path) -> list[dict]:
    """Every row, counted with polib from the files, assignments read from workflow.yaml."""
    workflow = yaml.safe_load((root / "workflow.yaml").read_text(encoding="utf-8"))
    # An article without a template counts as `update` would write it: update a copy.
    updated = tmp_path / "updated-copy"
    shutil.copytree(root, updated)
    assert update_project(Project.open(updated), [NEW_SLUG]).ok
    rows = []
    for article in sorted(p.stem for p in (root / "articles").glob("*.md")):
        for language in workflow["languages"]:
            po = root / "locales" / language / f"{article}.po"
            pot = root / "locales" / f"{article}.pot"
            source = po if po.exists() else pot if pot.exists() else updated / "locales" / f"{article}.pot"
            units, words = polib_counts(source)
            assigned = (workflow.get("assignments") or {}).get(article, {}).get(language, {})
            due = assigned.get("due")
            complete = units["untranslated"] == units["stale"] == 0
            rows.append({
                "article": article,
                "language": language,
                "translator": assigned.get("translator"),
                "reviewer": assigned.get("reviewer"),
                "due": due.isoformat() if due else None,
                "units": units,
                "words": words,
                "percent_translated": floor_percent(words["translated"] + words["reviewed"], words["total"]),
                "percent_reviewed": floor_percent(words["reviewed"], words["total"]),
                "overdue": bool(due and due < TODAY and not complete),
                "out_of_date": not po.exists(),
            })
    return rows


SPEC_ROW_KEYS = ("article", "language", "translator", "reviewer", "due", "units", "words", "percent_translated",
                 "percent_reviewed")


def test_every_figure_matches_an_independent_polib_count(project: Project, tmp_path: Path):
    expected = expected_rows(project.root, tmp_path)
    report = collect_status(project)
    got = [row.as_dict() for row in report.rows]
    assert [{k: row[k] for k in (*SPEC_ROW_KEYS, "overdue", "out_of_date")} for row in got] == expected
    assert report.errors == ()
    # Every status is present, so the test covers them all (and obsolete entries exist).
    for state in STATUSES:
        assert sum(row["units"][state] for row in expected) > 0
    assert any(row["overdue"] for row in expected) and any(not row["overdue"] and row["due"] and
                                                           row["due"] < TODAY.isoformat() for row in expected)

    # Totals per language and per person, from the independent rows.
    by_language = {total.language: total for total in report.language_totals()}
    for language in ("tr", "ru", "id", NEW_LANGUAGE):
        rows = [row for row in expected if row["language"] == language]
        words = {key: sum(row["words"][key] for row in rows) for key in (*STATUSES, "total")}
        assert by_language[language].words.as_dict() == words
        assert by_language[language].percent_translated == floor_percent(
            words["translated"] + words["reviewed"], words["total"])
        assert by_language[language].overdue == sum(row["overdue"] for row in rows)
    for person in report.person_totals():
        mine = [row for row in expected if row["translator"] == person.person]
        theirs = [row for row in expected if row["reviewer"] == person.person and person.person]
        assert person.articles_translating == len(mine)
        assert person.to_translate == sum(row["words"]["untranslated"] + row["words"]["stale"] for row in mine)
        assert person.articles_reviewing == len(theirs)
        assert person.to_review == sum(row["words"]["translated"] for row in theirs)


def test_json_output_has_the_spec_shape_and_the_same_figures(project: Project, tmp_path: Path):
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [{k: row[k] for k in SPEC_ROW_KEYS} for row in data["rows"]] == [
        {k: row[k] for k in SPEC_ROW_KEYS} for row in expected_rows(project.root, tmp_path)
    ]
    for row in data["rows"]:
        assert set(row["units"]) == set(row["words"]) == {*STATUSES, "total"}
    assert data["today"] == TODAY.isoformat() and data["errors"] == []
    assert result.stdout == render_json(collect_status(project))
    assert {total["language"] for total in data["languages"]} == {"tr", "ru", "id", NEW_LANGUAGE}


def test_rows_without_po_files_or_templates_are_marked_and_not_errors(project: Project):
    report = collect_status(project)
    notes = {(row.article, row.language): row.note for row in report.rows if row.note}
    assert notes[("proximity-trilateral-military-partnership", NEW_LANGUAGE)].startswith("no PO file yet")
    assert all("counted from the source" in notes[(NEW_SLUG, lang)] for lang in ("tr", "ru", "id", NEW_LANGUAGE))
    assert all(row.units.untranslated == row.units.total for row in report.rows if row.note)
    assert report.ok


def test_a_source_edited_since_the_update_marks_its_rows_out_of_date(project: Project):
    slug = "trilateral-security-summit-asia-pacific"
    path = project.root / "articles" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    rows = collect_status(project, articles=[slug], languages=["tr", "ru", "id"]).rows
    assert [row.out_of_date for row in rows] == [True, True, True]
    assert all("source changed" in line for line in render_table(
        collect_status(project, articles=[slug], languages=["tr"])).splitlines() if line.startswith("        "))


@pytest.mark.parametrize("part, whole, shown", [(0, 10, 0.0), (1, 3, 33.3), (2, 3, 66.6), (1999, 2000, 99.9),
                                                 (9999, 10000, 99.9), (10, 10, 100.0), (0, 0, 100.0)])
def test_percent_rounds_down_so_100_means_complete(part: int, whole: int, shown: float):
    assert percent(part, whole) == shown


@pytest.mark.parametrize("done, total, threshold, below", [(799, 1000, 80, True), (800, 1000, 80, False),
                                                            (7995, 10000, 79.95, False), (1, 3, 33.34, True),
                                                            (0, 5, 0, False), (5, 5, 100, False)])
def test_below_compares_exact_fractions(done: int, total: int, threshold: float, below: bool):
    words = Counts(untranslated=total - done, translated=done)
    assert Progress(words, words).below(threshold) is below


def test_units_count_when_a_row_has_no_words():
    units = Counts(untranslated=1, translated=3)
    progress = Progress(units, Counts())
    assert progress.percent_translated == 75.0 and progress.below(80)


@pytest.mark.parametrize("require_review, due, overdue", [(False, "2026-11-20", False), (True, "2026-11-20", True),
                                                          (True, "2026-12-06", False), (True, None, False)])
def test_overdue_means_past_due_and_not_complete(tmp_path: Path, today: dt.date, require_review: bool,
                                                 due: str | None, overdue: bool):
    project = build_project(tmp_path / "proj", extras=False)
    slug = COMPLETE[1]
    text = (project.root / "workflow.yaml").read_text(encoding="utf-8")
    text = text.replace("require_review: false", f"require_review: {str(require_review).lower()}")
    text = text.replace("tr: {translator: ayse,  reviewer: kerem,  due: 2026-11-20}",
                        "tr: {translator: ayse,  reviewer: kerem" + (f", due: {due}" if due else "") + "}")
    (project.root / "workflow.yaml").write_text(text, encoding="utf-8")
    # Translated, one unit not reviewed: complete unless review is required.
    po = polib.pofile(str(project.po_path("tr", slug)))
    first = next(e for e in po if not e.obsolete)
    first.tcomment = "transflow-translated: ayse 2026-11-20T10:15:00Z"
    po.save()
    (row,) = collect_status(Project.open(project.root), languages=["tr"], articles=[slug]).rows
    assert row.overdue is overdue
    assert row.days_late == ((TODAY - dt.date.fromisoformat(due)).days if overdue and due else 0)


# --- filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, languages, articles", [
    (["--lang", "tr"], {"tr"}, None),
    (["--lang", "ru", "--lang", "id"], {"ru", "id"}, None),
    (["--article", "proximity-trilateral-military-partnership"], None, {"proximity-trilateral-military-partnership"}),
    (["--lang", "tr", "--article", NEW_SLUG], {"tr"}, {NEW_SLUG}),
])
def test_filters_select_rows(project: Project, args: list[str], languages: set | None, articles: set | None):
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    everything = collect_status(project).rows
    wanted = [r.as_dict() for r in everything
              if (languages is None or r.language in languages) and (articles is None or r.article in articles)]
    assert rows == wanted and rows


@pytest.mark.parametrize("who", ["ayse", "Ayşe Demir", "OLGA"])
def test_translator_filter_takes_an_id_or_a_name(project: Project, who: str):
    person = {"ayse": "ayse", "Ayşe Demir": "ayse", "OLGA": "olga"}[who]
    rows = collect_status(project, translator=who).rows
    workflow = yaml.safe_load((project.root / "workflow.yaml").read_text(encoding="utf-8"))
    expected = sorted((slug, lang) for slug, per in workflow["assignments"].items() for lang, a in per.items()
                      if a["translator"] == person)
    assert sorted((r.article, r.language) for r in rows) == expected


@pytest.mark.parametrize("args, listed", [
    (["--lang", "de"], "languages: tr, ru, id, pt_BR"),
    (["--article", "no-such-article"], "trilateral-security-summit-asia-pacific"),
    (["--translator", "nobody"], "team: ayse, budi, dmitri, kerem, lena, olga, putri"),
])
def test_an_unknown_filter_is_an_error_listing_what_exists(project: Project, args: list[str], listed: str):
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", *args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and listed in result.stderr


def test_status_shows_assignments_recorded_by_transflow_assign(project: Project):
    slug = "proximity-trilateral-military-partnership"
    result = CliRunner().invoke(cli, ["-C", str(project.root), "assign", slug, "--lang", "tr", "--translator", "lena",
                                      "--due", "2026-12-01"])
    assert result.exit_code == 0, result.output
    (row,) = collect_status(Project.open(project.root), languages=["tr"], articles=[slug]).rows
    assert (row.translator, row.due) == ("lena", dt.date(2026, 12, 1))


# --- formats -----------------------------------------------------------------------------------------


def test_csv_parses_and_holds_every_row(project: Project):
    report = collect_status(project)
    parsed = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert len(parsed) == len(report.rows)
    for line, row in zip(parsed, report.rows):
        assert (line["article"], line["language"], line["translator"]) == (row.article, row.language,
                                                                          row.translator or "")
        for state in (*STATUSES, "total"):
            assert int(line[f"units_{state}"]) == row.units.as_dict()[state]
            assert int(line[f"words_{state}"]) == row.words.as_dict()[state]
        assert float(line["percent_translated"]) == row.percent_translated
        assert line["overdue"] == str(row.overdue).lower()


def test_markdown_is_a_table_with_a_line_per_row(project: Project):
    report = collect_status(project)
    lines = render_markdown(report).splitlines()
    header = lines.index(next(line for line in lines if line.startswith("| Article |")))
    columns = lines[header].count(" | ") + 1
    body = lines[header + 2: header + 2 + len(report.rows)]
    for line, row in zip(body, report.rows):
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == columns
        assert cells[0].startswith(row.article.replace("-", "-")) and cells[1] == row.language.replace("_", "\\_")
        assert cells[2] == str(row.words.total) and cells[3] == f"{row.percent_translated:.1f}%"
        assert ("overdue" in cells[-1]) is row.overdue
    assert lines[header + 2 + len(report.rows)] == ""


def test_markdown_escapes_what_would_become_markup(tmp_path: Path, today: dt.date):
    project = build_project(tmp_path / "proj", extras=False)
    text = (project.root / "workflow.yaml").read_text(encoding="utf-8")
    (project.root / "workflow.yaml").write_text(
        text.replace("name: Ayşe Demir,", "name: 'Ayşe | <b>*Demir*</b> [x](y)',"), encoding="utf-8")
    output = render_markdown(collect_status(Project.open(project.root)))
    line = next(line for line in output.splitlines() if "(ayse)" in line)
    assert r"Ayşe \| \<b\>\*Demir\*\</b\> \[x\](y) (ayse)" in line
    assert line.count("|") - line.count(r"\|") == 7


def test_the_table_fits_80_columns_and_is_plain_unless_colour_is_asked(project: Project):
    report = collect_status(project)
    plain = render_table(report, color=False)
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 80
    for row in report.rows:
        assert any(line.startswith(f"  {row.language} ") and f" {row.words.total} " in line
                   and f"{row.percent_translated:.1f}%" in line for line in plain.splitlines())
    coloured = render_table(report, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_the_cli_prints_a_plain_table_when_piped(project: Project):
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout and result.stdout == render_table(collect_status(project))


def test_output_writes_the_report_to_a_file(project: Project, tmp_path: Path):
    target = tmp_path / "out" / "status.csv"
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == render_csv(collect_status(project))


def test_status_changes_no_project_file(project: Project):
    before = tree(project.root)
    for fmt in ("table", "json", "csv", "markdown", "html"):
        assert CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", fmt]).exit_code == 0
    assert tree(project.root) == before


# --- --fail-under -------------------------------------------------------------------------------


def lowest_row(project: Project) -> tuple[int, int]:
    """(done, total) words of the least translated row, from the independent count."""
    lowest = None
    for path in sorted(project.locales_dir.glob("*/*.po")):
        _, words = polib_counts(path)
        done = words["translated"] + words["reviewed"]
        if lowest is None or done * lowest[1] < lowest[0] * words["total"]:
            lowest = (done, words["total"])
    assert lowest is not None
    return lowest


@pytest.fixture
def translated_project(tmp_path: Path, today: dt.date) -> Project:
    return build_project(tmp_path / "proj", extras=False)


def test_fail_under_exits_1_only_when_a_row_is_below(translated_project: Project):
    done, total = lowest_row(translated_project)
    exact = done * 100 / total
    runner = CliRunner()
    base = ["-C", str(translated_project.root), "status", "--format", "json", "--fail-under"]
    at = runner.invoke(cli, [*base, f"{exact:.6f}".rstrip("0")])
    assert at.exit_code == (1 if float(f"{exact:.6f}") > exact else 0), at.stderr
    below = runner.invoke(cli, [*base, str(exact - 0.01)])
    assert below.exit_code == 0 and below.stderr == ""
    above = runner.invoke(cli, [*base, str(exact + 0.01)])
    assert above.exit_code == 1
    assert "below" in above.stderr and json.loads(above.stdout)["rows"]  # the report is still printed
    assert runner.invoke(cli, [*base, "0"]).exit_code == 0


@pytest.mark.parametrize("value", ["101", "-1", "lots"])
def test_fail_under_outside_0_100_is_a_usage_error(translated_project: Project, value: str):
    assert CliRunner().invoke(cli, ["-C", str(translated_project.root), "status", "--fail-under", value]).exit_code == 2


def test_fail_under_as_a_subprocess(translated_project: Project):
    done, total = lowest_row(translated_project)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "transflow", "-C", str(translated_project.root), "status", "--fail-under"]
    ok = subprocess.run([*command, str(done * 100 / total - 0.01)], capture_output=True, text=True, env=env)
    failing = subprocess.run([*command, str(done * 100 / total + 0.01)], capture_output=True, text=True, env=env)
    assert (ok.returncode, failing.returncode) == (0, 1), failing.stderr
    assert ok.stdout == failing.stdout != "" and "\x1b[" not in ok.stdout


# --- bad input ----------------------------------------------------------------------------------


def corrupt(path: Path) -> int:
    """Break one msgstr line of a PO file; returns its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[number] = "this line is not PO syntax"
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_a_corrupt_po_file_is_named_with_its_line_and_the_rest_is_reported(project: Project):
    broken = project.po_path("ru", "proximity-trilateral-military-partnership")
    line = corrupt(broken)
    before = tree(project.root)
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", "json"])
    assert result.exit_code == 1
    expected_error = f"locales/ru/proximity-trilateral-military-partnership.po:{line}: "
    assert result.stderr.startswith(f"Error: {expected_error}") and result.stderr.count("\n") == 1
    data = json.loads(result.stdout)
    assert data["errors"][0].startswith(expected_error)
    everything = {(slug, lang) for slug in Project.open(project.root).slugs() for lang in ("tr", "ru", "id", "pt_BR")}
    assert {(r["article"], r["language"]) for r in data["rows"]} == everything - {
        ("proximity-trilateral-military-partnership", "ru")}
    assert tree(project.root) == before
    # The table and the other formats report it too.
    assert CliRunner().invoke(cli, ["-C", str(project.root), "status"]).exit_code == 1


def test_a_po_file_in_the_wrong_language_folder_is_an_error(project: Project):
    path = project.po_path("tr", "proximity-trilateral-military-partnership")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: tr\\n"', '"Language: ru\\n"'),
                    encoding="utf-8")
    report = collect_status(project, languages=["tr"])
    assert len(report.errors) == 1 and "Language header says 'ru'" in report.errors[0]
    assert report.errors[0].startswith("locales/tr/proximity-trilateral-military-partnership.po: ")


# --- the cache ------------------------------------------------------------------------------------


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written by the test are seconds old; let the cache take them at once.
    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)


def test_the_cache_is_used_when_nothing_changed(project: Project, no_racy_window: None,
                                                 monkeypatch: pytest.MonkeyPatch):
    first = collect_status(project)
    assert (project.root / ".transflow" / "cache" / "status.json").is_file()

    def no_reading(path: str, display: str):
        raise AssertionError(f"{display} was read again")

    monkeypatch.setattr(status_module, "_read_figures", no_reading)
    assert collect_status(project) == first


def test_the_cache_is_never_trusted_over_a_changed_file(project: Project, no_racy_window: None):
    slug = "proximity-trilateral-military-partnership"
    collect_status(project)
    path = project.po_path("tr", slug)
    stat = path.stat()
    # Same size, same modification time: only the change time tells.
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("# transflow-translated:"))
    msgid = next(i for i in range(first, len(lines)) if lines[i].startswith("msgid"))
    assert not any(line.startswith("#,") for line in lines[first:msgid])
    lines.insert(msgid, "#, fuzzy")  # a translated unit becomes stale ...
    lines[1] = lines[1][: -len("#, fuzzy\n")]  # ... and the header comment loses as many bytes
    changed = "\n".join(lines)
    assert len(changed.encode()) == stat.st_size and changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (row,) = collect_status(project, languages=["tr"], articles=[slug]).rows
    units, _ = polib_counts(path)
    assert row.units.as_dict() == units


@pytest.mark.parametrize("content", ["", "{not json", '{"context": [], "files": {}}', '{"context": 1, "files": []}'])
def test_a_broken_or_foreign_cache_is_ignored(project: Project, tmp_path: Path, content: str):
    expected = collect_status(project, use_cache=False)
    cache = project.root / ".transflow" / "cache" / "status.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(content, encoding="utf-8")
    assert collect_status(project) == expected


def test_forged_cache_entries_are_not_believed(project: Project, no_racy_window: None):
    expected = collect_status(project)
    cache = project.root / ".transflow" / "cache" / "status.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    forged = 0
    for name, (keys, figures) in data["files"].items():
        keys[0][0] += 1  # a stat that is not the file's
        if len(figures) == 12:
            figures[2:10] = [999] * 8
            forged += 1
    assert forged  # the figures of PO files, not only source hashes
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert collect_status(project) == expected


def test_an_unwritable_cache_folder_does_not_stop_the_report(project: Project):
    (project.root / ".transflow").mkdir(exist_ok=True)
    (project.root / ".transflow" / "cache").write_text("a file where the folder should be", encoding="utf-8")
    report = collect_status(project)
    assert report.ok and report.rows


def test_deleting_the_cache_is_safe(project: Project, no_racy_window: None):
    first = collect_status(project)
    shutil.rmtree(project.root / ".transflow" / "cache")
    assert collect_status(project) == first


def test_a_full_run_forgets_files_that_are_gone_and_a_filtered_run_keeps_the_rest(project: Project,
                                                                                  no_racy_window: None):
    cache = project.root / ".transflow" / "cache" / "status.json"
    collect_status(project)
    slug = "proximity-trilateral-military-partnership"
    names = set(json.loads(cache.read_text(encoding="utf-8"))["files"])
    assert f"locales/ru/{slug}.po" in names and f"locales/tr/{slug}.po" in names
    collect_status(project, languages=["tr"])
    assert set(json.loads(cache.read_text(encoding="utf-8"))["files"]) == names
    (project.root / "articles" / f"{slug}.md").unlink()
    collect_status(Project.open(project.root))
    left = set(json.loads(cache.read_text(encoding="utf-8"))["files"])
    assert not any(slug in name for name in left) and left < names


def test_a_project_before_its_first_update(tmp_path: Path, today: dt.date):
    root = tmp_path / "fresh"
    root.mkdir()
    shutil.copy(REPO / "workflow.yaml", root / "workflow.yaml")
    shutil.copytree(REPO / "articles", root / "articles")
    report = collect_status(Project.open(root))
    assert report.ok and len(report.rows) == 9
    assert all(row.note and row.out_of_date and row.percent_translated == 0.0 for row in report.rows)
    assert not (root / "locales").exists()


def test_an_article_that_cannot_be_segmented_is_an_error_row_by_row(project: Project):
    (project.root / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    report = collect_status(Project.open(project.root))
    assert len(report.errors) == 1 and report.errors[0].startswith("articles/broken.md:")
    assert not any(row.article == "broken" for row in report.rows) and report.rows


def test_reviewer_filter_selects_the_work_a_person_reviews(sample_project, run_cli):
    data = json.loads(run_cli("-C", sample_project.root, "status", "--reviewer", "kerem", "--format", "json").stdout)
    assert {(row["language"], row["reviewer"]) for row in data["rows"]} == {("tr", "kerem")}
    assert len(data["rows"]) == 3
    data = json.loads(run_cli("-C", sample_project.root, "status", "--reviewer", "olga", "--format", "json").stdout)
    assert {row["article"] for row in data["rows"]} == {"japan-south-korea-us-bolster-trilateral-response"}


@pytest.mark.parametrize("language", ["zh_Hant", "sr_Latn_ME"])
def test_long_language_codes_and_slugs_are_shown_whole_in_80_columns(tmp_path: Path, language: str,
                                                                    today: dt.date):
    project = build_project(tmp_path / "proj", extras=False)
    slug = "a-very-long-slug-for-an-article-about-the-trilateral-summit-and-what-came-after-it"
    text = (project.root / "workflow.yaml").read_text(encoding="utf-8")
    (project.root / "workflow.yaml").write_text(
        text.replace("languages: [tr, ru, id]", f"languages: [tr, ru, id, {language}]")
        .replace("assignments:\n", f"assignments:\n  {slug}:\n    {language}: {{translator: lena, due: 2026-11-01}}\n"),
        encoding="utf-8")
    (project.root / "articles" / f"{slug}.md").write_text("# Long\n\nA sentence.\n", encoding="utf-8")
    project = Project.open(project.root)
    assert update_project(project).ok
    plain = render_table(collect_status(project), color=False)
    lines = plain.splitlines()
    assert any(line.startswith(f"  {language} ") for line in lines)
    rows = [line for line in plain.split("By person")[0].splitlines() if "DUE" not in line]
    assert not any("…" in line for line in rows)  # no language code or slug cut (headers may be)
    assert slug in lines and f"    {slug}" in lines  # the heading, and the Overdue table's own line
    assert max(len(line) for line in lines if slug not in line) <= 80


def test_units_lists_what_went_stale_for_scripts_in_json_and_csv(sample_project: Project, run_cli):
    import csv
    import io

    from transflow.formats.po import read_catalog

    root = sample_project.root
    assert update_project(sample_project).ok
    slug = "proximity-trilateral-military-partnership"
    path = sample_project.po_path("tr", slug)
    po = polib.pofile(str(path))
    target = next(e for e in po if e.msgid.startswith("The leaders met in August"))
    target.msgstr = "Liderler Ağustos'ta Camp David'de bir araya geldi."
    po.save()
    article = sample_project.article_path(slug)
    article.write_text(article.read_text(encoding="utf-8").replace("met in August", "met in July"), encoding="utf-8")
    assert run_cli("-C", root, "update").exit_code == 0
    result = run_cli("-C", root, "status", "--units", "--state", "stale", "--format", "json")
    assert result.exit_code == 0, result.output
    [unit] = json.loads(result.stdout)["units"]
    assert (unit["article"], unit["language"], unit["state"]) == (slug, "tr", "stale")
    assert unit["source"].startswith("The leaders met in July") and unit["previous_source"].startswith(
        "The leaders met in August")
    assert unit["translation"] == "Liderler Ağustos'ta Camp David'de bir araya geldi."
    table = list(csv.DictReader(io.StringIO(run_cli("-C", root, "status", "--units", "--lang", "TR", "--article", slug,
                                                    "--format", "csv").stdout)))
    entries = read_catalog(path).entries
    assert [row["unit"] for row in table] == [str(i) for i in range(1, len(entries) + 1)]
    assert {row["state"] for row in table} == {"stale", "untranslated"}
    both = json.loads(run_cli("-C", root, "status", "--units", "--state", "stale", "--state", "untranslated",
                              "--format", "json").stdout)["units"]
    assert len(both) == sum(1 for lang in ("tr", "ru", "id") for s in sample_project.slugs()
                            for e in read_catalog(sample_project.po_path(lang, s)).entries
                            if str(e.status) in ("stale", "untranslated"))
    usage = run_cli("-C", root, "status", "--state", "stale")
    assert usage.exit_code == 2 and "--state goes with --units" in usage.stderr
