"""transflow diff: added, removed, moved and changed units since the last update; writes nothing."""

from __future__ import annotations

import json

import pytest

from transflow.ops.diff import compare_units
from transflow.ops.update import update_project
from transflow.workspace.project import Project

SLUG = "trilateral-security-summit-asia-pacific"
A = "The ministers met in Seoul on Monday to discuss the alliance."
B = "They agreed on a framework for regular trilateral exercises."
C = "Officials said the next meeting would take place in Tokyo."
D = "Analysts expect the cooperation to deepen over the coming year."


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ([A, B, C], [A, B, C], []),
        ([A, B], [A, B, C], [("added", None, C)]),
        ([A, B, C], [A, C], [("removed", B, None)]),
        ([A, B, C], [A, B.replace("regular", "annual"), C], [("changed", B, B.replace("regular", "annual"))]),
        ([A, B, C, D], [C, A, B, D], [("moved", C, C)]),
        ([A, B, C, D], [B, C, D, A], [("moved", A, A)]),  # one paragraph to the end: only it moved
        ([A, B, C, D], [A, C, D, B], [("moved", B, B)]),
        ([A, B], [A, D], [("removed", B, None), ("added", None, D)]),  # unrelated: not a change
    ],
)
def test_compare_units(old, new, expected):
    changes = compare_units(old, new, 0.7)
    assert [(c.type, c.old, c.new) for c in changes] == expected


def test_diff_command_reports_changes_and_writes_nothing(sample_project: Project, run_cli, snapshot):
    update_project(sample_project)
    article = sample_project.articles_dir / f"{SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("international waters", "disputed waters"),
                       encoding="utf-8")
    before = snapshot(sample_project.root)
    result = run_cli("-C", sample_project.root, "diff")
    assert result.exit_code == 0, result.output
    assert "[-international-]{+disputed+}" in result.stdout  # plain marks when not a terminal
    data = json.loads(run_cli("-C", sample_project.root, "diff", "--json").stdout)
    statuses = {a["article"]: a["status"] for a in data["articles"]}
    assert statuses[SLUG] == "changed" and list(statuses.values()).count("unchanged") == 2
    (change,) = [a for a in data["articles"] if a["article"] == SLUG][0]["changes"]
    assert change["type"] == "changed" and 0.9 < change["similarity"] < 1
    assert snapshot(sample_project.root) == before


def test_diff_before_the_first_update_lists_every_unit_as_added(sample_project: Project, run_cli):
    data = json.loads(run_cli("-C", sample_project.root, "diff", "--json", SLUG).stdout)
    (article,) = data["articles"]
    assert article["status"] == "new" and {c["type"] for c in article["changes"]} == {"added"}
