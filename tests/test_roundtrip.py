"""locales/ loaded and saved by other tools: what transflow knows survives, or is recovered.

Each tool rewrites every PO file of a project with translations, reviews, a credit line
and transflow's comments: polib and msgcat at their default widths, msgcat at 40 columns
and unwrapped, msgmerge --previous, Babel's read_po/write_po and translate-toolkit's PO
store (what Weblate uses). Afterwards status, the activity report and update --check
are as before, or, where a tool drops transflow's headers (Babel), one update brings
them back with nothing else changed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transflow.formats.po import read_catalog
from transflow.ops.status import collect_status
from transflow.ops.update import update_project
from transflow.workspace.project import Project

CREDIT = "Ayşe Demir <ayse@example.org>, 2026."
REVIEWED_SLUG = "trilateral-security-summit-asia-pacific"


def _fill(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.po"))
    for path in files:
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            entry.msgstr = f"TR {entry.msgid}"
        po.save()
    return files


@pytest.fixture
def worked(sample_project: Project, run_cli, tmp_path: Path) -> Project:
    """Turkish translated by ayse, one article reviewed by kerem, a credit line in a header."""
    root = sample_project.root
    update_project(sample_project)
    work = tmp_path / "work"
    assert run_cli("-C", root, "pull", "--lang", "tr", "--translator", "ayse", "--output", work).exit_code == 0
    result = run_cli("-C", root, "submit", *_fill(work))
    assert result.exit_code == 0, result.output
    review = tmp_path / "review"
    assert run_cli("-C", root, "pull", "--lang", "tr", "--reviewer", "kerem", "--article", REVIEWED_SLUG,
                   "--output", review).exit_code == 0
    result = run_cli("-C", root, "submit", "--reviewer", "kerem", *sorted(review.rglob("*.po")))
    assert result.exit_code == 0, result.output
    path = sample_project.po_path("tr", REVIEWED_SLUG)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nmsgid \"\"", f"\n# {CREDIT}\nmsgid \"\"", 1), encoding="utf-8")
    return Project.open(root)


def _status(project: Project) -> list[dict[str, object]]:
    return [row.as_dict() for row in collect_status(project, use_cache=False).rows]


def _activity(project: Project, run_cli) -> object:
    result = run_cli("-C", project.root, "report", "activity", "--since", "2000-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _polib(path: Path, pot: Path) -> None:
    polib.pofile(str(path)).save()


def _tool(*command: str) -> Callable[[Path, Path], None]:
    def run(path: Path, pot: Path) -> None:
        args = [part.format(po=path, pot=pot, out=f"{path}.new") for part in command]
        subprocess.run(args, check=True, capture_output=True)
        Path(f"{path}.new").replace(path)

    return run


def _babel(path: Path, pot: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    with open(path, "wb") as handle:
        write_po(handle, catalog)


def _translate_toolkit(path: Path, pot: Path) -> None:
    pypo = pytest.importorskip("translate.storage.pypo")
    store = pypo.pofile.parsefile(str(path))
    store.savefile(str(path))


TOOLS = {
    "polib default width": (_polib, None),
    "msgcat": (_tool("msgcat", "-o", "{out}", "{po}"), "msgcat"),
    "msgcat --width=40": (_tool("msgcat", "--width=40", "-o", "{out}", "{po}"), "msgcat"),
    "msgcat --no-wrap": (_tool("msgcat", "--no-wrap", "-o", "{out}", "{po}"), "msgcat"),
    "msgmerge --previous": (_tool("msgmerge", "--previous", "-q", "-o", "{out}", "{po}", "{pot}"), "msgmerge"),
    "Babel read_po/write_po": (_babel, None),
    "translate-toolkit": (_translate_toolkit, None),
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_round_trip_through_another_tool_keeps_what_transflow_knows(worked: Project, run_cli, tool: str):
    rewrite, program = TOOLS[tool]
    if program and shutil.which(program) is None:
        pytest.skip(f"{program} is not installed")
    update_project(worked)  # the files as transflow writes them
    status, activity = _status(worked), _activity(worked, run_cli)
    assert any(row["units"]["reviewed"] for row in status)  # the fixture did review something
    for path in sorted(worked.locales_dir.glob("*/*.po")):
        rewrite(path, worked.template_path(path.stem))

    after = _status(worked)
    if after != status:
        # Only a tool that drops transflow's headers may differ, and only in what they say.
        assert tool == "Babel read_po/write_po", tool
        assert [{k: v for k, v in row.items() if k != "out_of_date"} for row in after] == [
            {k: v for k, v in row.items() if k != "out_of_date"} for row in status
        ]
        assert not update_project(Project.open(worked.root), check=True).ok
    assert _activity(worked, run_cli) == activity

    assert update_project(Project.open(worked.root)).ok
    assert update_project(Project.open(worked.root), check=True).ok
    assert _status(worked) == status
    assert _activity(worked, run_cli) == activity
    text = worked.po_path("tr", REVIEWED_SLUG).read_text(encoding="utf-8")
    comment = text[: text.index('msgid ""')]
    assert comment.count(CREDIT) == 1
    assert comment.count("translation of the article") == 1  # a rewrapped header comment is not kept twice
    # No piece of a split transflow comment is left as a note of its own.
    for path in sorted(worked.locales_dir.glob("*/*.po")):
        assert [e.notes for e in read_catalog(path).entries if e.notes] == [], path
