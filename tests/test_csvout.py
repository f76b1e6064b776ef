"""CSV reports: what a spreadsheet would run as a formula arrives as text."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from transflow.render.csv import csv_text, spreadsheet_safe

REPO = Path(__file__).resolve().parents[1]
PAYLOADS = ['=HYPERLINK("http://evil.example/","click")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", PAYLOADS)
def test_a_formula_becomes_text(cell: str):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ayşe Demir", "", "2026-12-05", "100.0", 7, -3, 12.5, "a=b", "O'Brien"])
def test_other_cells_are_kept(cell: object):
    assert spreadsheet_safe(cell) == cell


def test_csv_text_neutralizes_every_text_cell_and_still_parses():
    text = csv_text(("a", "b"), [(PAYLOADS[0], 3), ("plain", "@x")])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'" + PAYLOADS[0], "3"], ["plain", "'@x"]]


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    """The sample project, with real translations, whose Turkish translator's name is a formula."""
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    workflow = (REPO / "workflow.yaml").read_text(encoding="utf-8")
    (tmp_path / "workflow.yaml").write_text(
        workflow.replace("{name: Ayşe Demir,", "{name: '=HYPERLINK(\"http://evil.example/\",\"Ayşe\")',"),
        encoding="utf-8",
    )
    return tmp_path


def test_report_activity_csv_names_are_text(hostile_names: Path, run_cli):
    result = run_cli("-C", hostile_names, "report", "activity", "--since", "2020-01-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    names = {row["name"] for row in rows if row["person"] == "ayse"}
    assert names == {"'=HYPERLINK(\"http://evil.example/\",\"Ayşe\")"}
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
