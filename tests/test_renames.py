"""A renamed article carries everything: its record, assignments, pulled files, diff."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
import yaml

from transflow.ops.diff import diff_project
from transflow.ops.status import collect_status
from transflow.ops.update import update_project
from transflow.workspace.project import Project
from transflow.workspace.renames import read_renames

OLD = "japan-south-korea-us-bolster-trilateral-response"  # tr: ayse, due 2026-11-20 in workflow.yaml
NEW = "trilateral-response"


def _rename(project: Project, old: str, new: str) -> Project:
    (project.articles_dir / f"{old}.md").rename(project.articles_dir / f"{new}.md")
    return Project.open(project.root)


@pytest.fixture
def renamed(sample_project: Project, run_cli) -> Project:
    update_project(sample_project)
    project = _rename(sample_project, OLD, NEW)
    result = run_cli("-C", project.root, "update")
    assert result.exit_code == 0, result.output
    assert f"{NEW}: renamed (from {OLD})" in result.stdout
    assert f"Warning: workflow.yaml: assignments.{OLD} is the article now called '{NEW}'" in result.stderr
    return Project.open(project.root)


def test_update_records_the_rename(renamed: Project):
    assert read_renames(renamed) == {OLD: NEW}
    assert yaml.safe_load((renamed.locales_dir / "renames.yaml").read_text(encoding="utf-8")) == {OLD: NEW}


def test_renamed_twice_records_where_it_is_now(renamed: Project, run_cli):
    project = _rename(renamed, NEW, "response")
    assert run_cli("-C", project.root, "update").exit_code == 0
    assert read_renames(Project.open(project.root)) == {OLD: "response", NEW: "response"}


def test_the_assignment_made_for_the_old_slug_still_holds(renamed: Project, run_cli, tmp_path: Path):
    (row,) = collect_status(renamed, languages=["tr"], articles=[NEW]).rows
    assert (row.translator, row.reviewer, str(row.due)) == ("ayse", "kerem", "2026-11-20")
    out = tmp_path / "pulled"
    result = run_cli("-C", renamed.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out)
    assert result.exit_code == 0, result.output
    assert (out / "tr" / f"{NEW}.po").is_file()


def test_a_file_pulled_before_the_rename_is_submitted_to_the_new_name(sample_project: Project, run_cli,
                                                                      tmp_path: Path):
    update_project(sample_project)
    out = tmp_path / "pulled"
    assert run_cli("-C", sample_project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", OLD,
                   "--output", out).exit_code == 0
    project = _rename(sample_project, OLD, NEW)
    assert run_cli("-C", project.root, "update").exit_code == 0
    pulled = out / "tr" / f"{OLD}.po"
    po = polib.pofile(str(pulled))
    for entry in po:
        entry.msgstr = f"TR {entry.msgid}"
    po.save()
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.stdout)["files"]
    assert (file["article"], file["renamed_from"], file["applied"]) == (NEW, OLD, len(po))
    assert all(e.msgstr.startswith("TR ") for e in polib.pofile(str(project.po_path("tr", NEW))))


def test_diff_shows_a_rename_before_update_makes_it(sample_project: Project):
    update_project(sample_project)
    project = _rename(sample_project, OLD, NEW)
    report = diff_project(project)
    statuses = {a.article: (a.status, a.renamed_from) for a in report.articles}
    assert statuses[NEW] == ("renamed", OLD)
    assert OLD not in statuses  # not also listed as orphaned


@pytest.mark.parametrize("content", ["- a list\n", "old: [not, a, slug]\n", "old: ../escape\n"])
def test_a_broken_rename_record_is_named(renamed: Project, run_cli, content: str):
    (renamed.locales_dir / "renames.yaml").write_text(content, encoding="utf-8")
    result = run_cli("-C", renamed.root, "status")
    assert result.exit_code != 0
    assert "renames.yaml" in result.stderr and "Traceback" not in result.output


def _build(project: Project, run_cli, *args: str):
    result = run_cli("-C", project.root, "build", "--min-complete", "0", *args)
    assert result.exit_code == 0, result.output
    return result


def test_a_full_build_removes_the_outputs_of_a_renamed_article(sample_project: Project, run_cli):
    update_project(sample_project)
    _build(sample_project, run_cli)
    old_outputs = [sample_project.root / "build" / lang / f"{OLD}.md" for lang in ("tr", "ru", "id")]
    assert all(path.is_file() for path in old_outputs)
    project = _rename(sample_project, OLD, NEW)
    assert run_cli("-C", project.root, "update").exit_code == 0
    result = _build(project, run_cli)
    assert not any(path.exists() for path in old_outputs)
    assert f"removed  build/tr/{OLD}.md: the article is renamed to {NEW}" in result.stdout
    assert (project.root / "build" / "tr" / f"{NEW}.md").is_file()
    again = _build(project, run_cli)
    assert "removed" not in again.stdout  # forgotten once removed


def test_an_orphan_output_changed_by_someone_is_kept_and_orphans_stay_on_request(sample_project: Project, run_cli):
    update_project(sample_project)
    _build(sample_project, run_cli)
    edited = sample_project.root / "build" / "tr" / f"{OLD}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    project = _rename(sample_project, OLD, NEW)
    assert run_cli("-C", project.root, "update").exit_code == 0
    partial = _build(project, run_cli, "--article", NEW)
    assert (project.root / "build" / "ru" / f"{OLD}.md").exists()  # a partial build removes nothing
    assert "removed" not in partial.stdout
    kept = _build(project, run_cli, "--keep-orphans")
    assert (project.root / "build" / "ru" / f"{OLD}.md").exists() and "removed" not in kept.stdout
    result = _build(project, run_cli)
    assert edited.exists() and f"kept     build/tr/{OLD}.md" in result.stderr
    assert not (project.root / "build" / "ru" / f"{OLD}.md").exists()
