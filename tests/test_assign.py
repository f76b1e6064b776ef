"""transflow assign: recorded beside workflow.yaml, never in it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from transflow.workspace.assignments import assignments_path, effective_assignment
from transflow.workspace.project import Project

SLUG = "trilateral-security-summit-asia-pacific"


def test_assign_records_and_overrides_workflow_without_touching_it(sample_project: Project, run_cli):
    workflow = (sample_project.root / "workflow.yaml").read_bytes()
    assert effective_assignment(sample_project, SLUG, "tr").translator == "ayse"
    result = run_cli("-C", sample_project.root, "assign", SLUG, "--lang", "tr", "--translator", "lena",
                     "--reviewer", "kerem", "--due", "2026-12-24")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f"{SLUG} [tr]: translator ayse -> lena, reviewer kerem (kept), "
                                     "due 2026-12-05 -> 2026-12-24")
    assert (sample_project.root / "workflow.yaml").read_bytes() == workflow
    recorded = yaml.safe_load(assignments_path(sample_project).read_text(encoding="utf-8"))
    assert recorded[SLUG]["tr"]["translator"] == "lena" and recorded[SLUG]["tr"]["due"] == "2026-12-24"
    fresh = Project.open(sample_project.root)
    assignment = effective_assignment(fresh, SLUG, "tr")
    assert (assignment.translator, assignment.reviewer, assignment.due) == ("lena", "kerem", dt.date(2026, 12, 24))
    assert effective_assignment(fresh, SLUG, "ru").translator == "olga"  # others still from workflow.yaml


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lang", "tr", "--translator", "nobody"], "'nobody' is not in the team"),
        (["--lang", "tr", "--translator", "olga"], "olga cannot be translator for 'tr'"),
        (["--lang", "tr", "--translator", "ayse", "--reviewer", "ayse"], "cannot review their own translation"),
        (["--lang", "xx", "--translator", "ayse"], "language 'xx' is not in the project"),
    ],
)
def test_bad_assignments_are_refused_and_nothing_is_written(sample_project, run_cli, cli_error, snapshot, args, message):
    before = snapshot(sample_project.root)
    line = cli_error(run_cli("-C", sample_project.root, "assign", SLUG, *args))
    assert message in line
    assert snapshot(sample_project.root) == before


def test_unknown_article_and_bad_date(sample_project, run_cli, cli_error, snapshot):
    before = snapshot(sample_project.root)
    line = cli_error(run_cli("-C", sample_project.root, "assign", "no-such", "--lang", "tr", "--translator", "ayse"))
    assert "no article 'no-such'" in line and SLUG in line
    usage = run_cli("-C", sample_project.root, "assign", SLUG, "--lang", "tr", "--translator", "ayse", "--due", "05/12/2026")
    assert usage.exit_code == 2 and "is not a date YYYY-MM-DD" in usage.stderr
    assert snapshot(sample_project.root) == before


def test_reassigning_keeps_what_is_not_said_again(sample_project: Project, run_cli):
    result = run_cli("-C", sample_project.root, "assign", SLUG, "--lang", "tr", "--translator", "lena", "--due", "2020-01-01")
    assert result.exit_code == 0
    assert "note: the due date 2020-01-01 is already past" in result.stderr
    assignment = effective_assignment(Project.open(sample_project.root), SLUG, "tr")
    assert (assignment.translator, assignment.reviewer) == ("lena", "kerem")  # reviewer kept from workflow.yaml


def test_near_misses_are_suggested(sample_project: Project, run_cli, cli_error):
    line = cli_error(run_cli("-C", sample_project.root, "assign", SLUG, "--lang", "tr", "--translator", "ayze"))
    assert "'ayze' is not in the team (did you mean 'ayse'?)" in line and "workflow.yaml:" not in line
    line = cli_error(run_cli("-C", sample_project.root, "assign", SLUG[:-1], "--lang", "tr", "--translator", "ayse"))
    assert f"(did you mean '{SLUG}'?)" in line


@pytest.mark.parametrize(
    "text, message",
    [
        (f"{SLUG}:\n  tr: {{translator: ayse, due: soon}}\n", f"{SLUG}.tr.due: expected a date YYYY-MM-DD, got 'soon'"),
        (f"{SLUG}:\n  tr: {{translator: ayse, due: 5}}\n", f"{SLUG}.tr.due: expected a date YYYY-MM-DD, got 5"),
        (f"{SLUG}:\n  tr: {{translator: ayse, due: 2026-02-30}}\n", ":2:31: '2026-02-30' is not a date"),
        ("- one\n- two\n", "expected a mapping, got a list"),
        (f"{SLUG}: [tr]\n", f"{SLUG}: expected a mapping, got a list"),
        (f"{SLUG}:\n  tr: ayse\n", f"{SLUG}.tr: expected a mapping, got"),
        (f"{SLUG}:\n  tr: {{translator: nobody}}\n", f"{SLUG}.tr.translator: 'nobody' is not in team"),
        (f"{SLUG}:\n  tr: {{translator: olga}}\n", f"{SLUG}.tr.translator: 'olga' does not work in 'tr'"),
        (f"{SLUG}:\n  xx: {{translator: ayse}}\n", f"{SLUG}.xx: 'xx' is not in languages"),
        (f"{SLUG}:\n  tr: {{translator: ayse, colour: red}}\n", "unknown key 'colour'"),
        (f"{SLUG}:\n  tr: {{translator: ayse}}\n  tr: {{translator: kerem}}\n", ":3:3: key 'tr' is given twice"),
        ("a: b: c\n", ":1:5: malformed YAML"),
        ("../x:\n  tr: {translator: ayse}\n", "'../x' is not a valid article slug"),
        ("x: " + "[" * 200 + "]" * 200 + "\n", "nested more than"),
    ],
)
@pytest.mark.parametrize("command", [["status"], ["assign", SLUG, "--lang", "ru", "--translator", "olga"],
                                     ["pull", "--lang", "tr", "--translator", "ayse"]])
def test_a_hand_edited_assignments_file_is_validated(sample_project, run_cli, cli_error, snapshot, text, message,
                                                     command):
    assert run_cli("-C", sample_project.root, "update", "--quiet").exit_code == 0
    path = assignments_path(sample_project)
    path.write_text(text, encoding="utf-8")
    before = snapshot(sample_project.root)
    line = cli_error(run_cli("-C", sample_project.root, *command))
    assert line.startswith("Error: locales/assignments.yaml"), line
    assert message in line, line
    assert snapshot(sample_project.root) == before


def test_reassigning_keeps_what_is_not_given_says_what_changed_and_empty_clears(sample_project, run_cli) -> None:
    root = sample_project.root
    slug = "japan-south-korea-us-bolster-trilateral-response"
    result = run_cli("-C", root, "assign", slug, "--lang", "ru", "--translator", "olga")
    assert result.exit_code == 0, result.output
    # olga reviewed it: she cannot review her own translation, so the reviewer goes, and it says so.
    assert result.stdout.strip() == f"{slug} [ru]: translator dmitri -> olga, reviewer olga -> -, due 2026-12-01 (kept)"
    result = run_cli("-C", root, "assign", slug, "--lang", "ru", "--reviewer", "dmitri")
    assert result.stdout.strip() == f"{slug} [ru]: translator olga (kept), reviewer - -> dmitri, due 2026-12-01 (kept)"
    result = run_cli("-C", root, "assign", slug, "--lang", "RU", "--reviewer", "")
    assert result.exit_code == 0, result.output
    assert "reviewer dmitri -> -" in result.stdout
    rows = json.loads(run_cli("-C", root, "status", "--format", "json", "--lang", "RU").stdout)["rows"]
    assert {(r["translator"], r["reviewer"]) for r in rows if r["article"] == slug} == {("olga", None)}


def test_a_language_in_another_spelling_is_the_projects_language(sample_project, run_cli) -> None:
    root = sample_project.root
    text = (root / "workflow.yaml").read_text(encoding="utf-8")
    (root / "workflow.yaml").write_text(text.replace("languages: [tr, ru, id]", "languages: [tr, ru, id, pt_BR]")
                                        .replace("languages: [tr, ru, id], editor: true",
                                                 "languages: [tr, ru, id, pt_BR], editor: true"), encoding="utf-8")
    slug = "japan-south-korea-us-bolster-trilateral-response"
    for spelling in ("pt-BR", "pt_br", "PT-br"):
        result = run_cli("-C", root, "assign", slug, "--lang", spelling, "--translator", "lena")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"{slug} [pt_BR]: ")
    wrong = run_cli("-C", root, "assign", slug, "--lang", "pt-PT", "--translator", "lena")
    assert wrong.exit_code == 1 and "language 'pt-PT' is not in the project (languages: tr, ru, id, pt_BR)" in wrong.stderr
