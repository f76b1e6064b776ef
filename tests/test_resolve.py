"""transflow resolve, and the open conflicts status lists."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace

import pytest

from conftest import check_cli_error, tree_snapshot
from transflow.formats.po import DECIDED_TAG, conflict_note, conflicting_versions, read_catalog, write_catalog
from transflow.model.catalog import Attribution
from transflow.ops.update import update_project
from transflow.workspace.project import Project
from transflow.workspace.templates import header_comment

SLUG = "trilateral-security-summit-asia-pacific"
AYSE = Attribution("ayse", "2026-12-01T09:00:00Z")


@pytest.fixture
def in_conflict(sample_project: Project) -> Project:
    """Unit 3 of the Turkish file holds ayse's text, and a text of kerem's in conflict."""
    update_project(sample_project)
    path = sample_project.po_path("tr", SLUG)
    catalog = read_catalog(path)
    unit = catalog.entries[2]
    catalog.entries[2] = replace(unit, msgstr="Ayşe'nin metni.", translated=AYSE,
                                 notes=(conflict_note("kerem", "2026-12-02T10:00:00Z", "Kerem'in metni."),))
    write_catalog(catalog, path, header_comment(catalog.slug, catalog.language, catalog.header_comment))
    return Project.open(sample_project.root)


def _unit(project: Project):
    return read_catalog(project.po_path("tr", SLUG)).entries[2]


def test_status_lists_the_open_conflict(in_conflict: Project, run_cli):
    result = run_cli("-C", in_conflict.root, "status", "--format", "json")
    data = json.loads(result.stdout)
    (conflict,) = data["conflicts"]
    assert conflict["article"] == SLUG and conflict["language"] == "tr" and conflict["unit"] == 3
    assert conflict["current"] == {"text": "Ayşe'nin metni.", "by": "ayse", "when": AYSE.when}
    assert conflict["others"] == [{"text": "Kerem'in metni.", "by": "kerem", "when": "2026-12-02T10:00:00Z"}]
    assert conflict["source"] == _unit(in_conflict).msgid


@pytest.mark.parametrize(
    "keep, text, credited",
    [
        ("submitted", "Kerem'in metni.", "kerem"),
        ("current", "Ayşe'nin metni.", "ayse"),
        ("Editörün kendi metni.", "Editörün kendi metni.", "lena"),
    ],
)
def test_an_editors_decision_keeps_one_text_credits_its_author_and_closes_the_conflict(
        in_conflict: Project, run_cli, keep: str, text: str, credited: str):
    result = run_cli("-C", in_conflict.root, "resolve", SLUG, "--lang", "tr", "--editor", "lena",
                     "--unit", "3", "--keep", keep)
    assert result.exit_code == 0, result.output
    unit = _unit(in_conflict)
    assert unit.msgstr == text and unit.translated is not None and unit.translated.person == credited
    assert conflicting_versions(unit) == []
    assert [n for n in unit.notes if n.startswith(DECIDED_TAG)] and unit.notes[0].startswith(f"{DECIDED_TAG} lena ")
    status = json.loads(run_cli("-C", in_conflict.root, "status", "--format", "json").stdout)
    assert status["conflicts"] == [] and all(row["conflicts"] == 0 for row in status["rows"])
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(in_conflict.po_path("tr", SLUG))], check=True)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--editor", "ayse", "--unit", "3", "--keep", "current"], "ayse is not an editor"),
        (["--editor", "lena", "--unit", "4", "--keep", "current"], "unit 4 has no open conflict (units in conflict: 3)"),
        (["--editor", "nobody", "--unit", "3", "--keep", "current"], "'nobody' is not in the team"),
    ],
)
def test_a_decision_that_cannot_be_made_changes_nothing(in_conflict: Project, run_cli, args: list[str], message: str):
    before = tree_snapshot(in_conflict.root)
    line = check_cli_error(run_cli("-C", in_conflict.root, "resolve", SLUG, "--lang", "tr", *args))
    assert message in line
    assert tree_snapshot(in_conflict.root) == before


def test_without_a_unit_and_no_terminal_the_conflicts_are_listed(in_conflict: Project, run_cli):
    result = run_cli("-C", in_conflict.root, "resolve", SLUG, "--lang", "tr", "--editor", "lena")
    assert result.exit_code == 1
    assert "unit 3:" in result.stdout and "Kerem'in metni." in result.stdout
    assert "--unit N --keep" in result.stderr
    assert conflicting_versions(_unit(in_conflict))  # nothing decided
