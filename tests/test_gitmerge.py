"""git and PO files, with real git: the unit-wise merge driver, its set-up, and git-repair."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import check_cli_error
from transflow.formats.po import conflicting_versions, read_catalog
from transflow.ops.status import collect_status
from transflow.ops.update import update_project
from transflow.workspace.project import Project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SLUG = "trilateral-security-summit-asia-pacific"


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
    return done


@pytest.fixture
def repo(sample_project: Project) -> Project:
    """The sample project after an update, committed on main in a new git repository."""
    root = sample_project.root
    update_project(sample_project)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "merge.conflictstyle", "diff3")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return Project.open(root)


def translate(project: Project, language: str, index: int, text: str, message: str) -> None:
    """Translate one unit as a PO editor would (polib, its default wrapping, a new
    PO-Revision-Date: the line on which git alone conflicts every time), and commit."""
    path = project.po_path(language, SLUG)
    po = polib.pofile(str(path))
    po[index].msgstr = text
    po.metadata["PO-Revision-Date"] = f"2026-12-0{index % 9 + 1} 1{len(text) % 10}:00+0000"
    po.save()
    git(project.root, "commit", "-q", "-am", message)


def po_file(project: Project) -> Path:
    return project.po_path("tr", SLUG)


def msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        return
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_git_setup_writes_the_attributes_line_and_the_local_driver(repo: Project, run_cli):
    result = run_cli("-C", repo.root, "git-setup")
    assert result.exit_code == 0, result.output
    assert "locales/**/*.po merge=transflow" in (repo.root / ".gitattributes").read_text(encoding="utf-8")
    driver = git(repo.root, "config", "merge.transflow.driver").stdout
    assert "merge-driver %O %A %B %P" in driver
    again = run_cli("-C", repo.root, "git-setup")
    assert "already in .gitattributes" in again.stdout
    assert (repo.root / ".gitattributes").read_text(encoding="utf-8").count("merge=transflow") == 1


def test_git_setup_outside_a_repository_says_so(sample_project: Project, run_cli):
    result = run_cli("-C", sample_project.root, "git-setup")
    assert "git repository" in check_cli_error(result)
    assert not (sample_project.root / ".gitattributes").exists()


def _branches(repo: Project, run_cli, ours: tuple[int, str], theirs: tuple[int, str]) -> subprocess.CompletedProcess[str]:
    """Translate one unit on a branch and one on main, then merge the branch into main."""
    assert run_cli("-C", repo.root, "git-setup").exit_code == 0
    git(repo.root, "add", ".gitattributes")
    git(repo.root, "commit", "-q", "-m", "merge driver")
    git(repo.root, "checkout", "-q", "-b", "translator")
    translate(repo, "tr", *theirs, "the translator's work")
    git(repo.root, "checkout", "-q", "main")
    translate(repo, "tr", *ours, "the editor's work")
    return git(repo.root, "merge", "-q", "--no-edit", "translator", check=False)


def test_units_translated_on_two_branches_merge_cleanly(repo: Project, run_cli):
    merged = _branches(repo, run_cli, (0, "Birinci çeviri."), (5, "Altıncı çeviri."))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = po_file(repo).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    texts = {e.msgstr for e in read_catalog(po_file(repo)).entries}
    assert {"Birinci çeviri.", "Altıncı çeviri."} <= texts
    assert read_catalog(po_file(repo)).headers["PO-Revision-Date"] == "2026-12-06 15:00+0000"  # the later one
    msgfmt_check(po_file(repo))
    assert update_project(Project.open(repo.root), check=True).ok  # still current


def test_one_unit_translated_differently_is_a_transflow_conflict_not_markers(repo: Project, run_cli):
    merged = _branches(repo, run_cli, (3, "Editörün metni."), (3, "Çevirmenin metni."))
    assert merged.returncode != 0
    assert f"CONFLICT (content): Merge conflict in locales/tr/{SLUG}.po" in merged.stdout
    assert "translated differently on both sides" in merged.stderr
    text = po_file(repo).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    msgfmt_check(po_file(repo))
    unit = read_catalog(po_file(repo)).entries[3]
    assert unit.msgstr == "Editörün metni."
    assert [version for _who, version in conflicting_versions(unit)] == ["Çevirmenin metni."]
    (row,) = collect_status(Project.open(repo.root), languages=["tr"], articles=[SLUG]).rows
    assert row.conflicts == 1
    git(repo.root, "add", str(po_file(repo)))
    git(repo.root, "commit", "-q", "--no-edit")


def test_a_file_merged_without_the_driver_is_named_and_repaired(repo: Project, run_cli):
    git(repo.root, "checkout", "-q", "-b", "translator")
    translate(repo, "tr", 3, "Çevirmenin metni.", "the translator's work")
    git(repo.root, "checkout", "-q", "main")
    translate(repo, "tr", 3, "Editörün metni.", "the editor's work")
    assert git(repo.root, "merge", "-q", "--no-edit", "translator", check=False).returncode != 0
    path = po_file(repo)
    assert "<<<<<<<" in path.read_text(encoding="utf-8")  # the revision date, and the unit

    status = run_cli("-C", repo.root, "status")
    assert status.exit_code != 0
    assert f"locales/tr/{SLUG}.po" in status.stderr and "transflow git-repair" in status.stderr

    repaired = run_cli("-C", repo.root, "git-repair", path)
    assert repaired.exit_code == 1  # one unit kept as a conflict
    assert "1 unit(s) kept as conflicts" in repaired.stdout
    assert "<<<<<<<" not in path.read_text(encoding="utf-8")
    msgfmt_check(path)
    unit = read_catalog(path).entries[3]
    assert unit.msgstr == "Editörün metni."
    assert [version for _who, version in conflicting_versions(unit)] == ["Çevirmenin metni."]
    others = [e for i, e in enumerate(read_catalog(path).entries) if i != 3]
    assert all(not conflicting_versions(e) for e in others)


def test_git_repair_refuses_a_file_without_markers_and_changes_nothing(repo: Project, run_cli):
    path = po_file(repo)
    before = path.read_bytes()
    assert "no git conflict markers" in check_cli_error(run_cli("-C", repo.root, "git-repair", path))
    assert path.read_bytes() == before


def test_the_driver_leaves_ours_untouched_when_theirs_is_broken(tmp_path: Path, repo: Project, run_cli):
    ours = tmp_path / "ours.po"
    shutil.copy(po_file(repo), ours)
    base = tmp_path / "base.po"
    shutil.copy(po_file(repo), base)
    theirs = tmp_path / "theirs.po"
    theirs.write_text('msgid "a"\nmsgstr "b" junk\n', encoding="utf-8")
    before = ours.read_bytes()
    line = check_cli_error(run_cli("merge-driver", base, ours, theirs, "locales/tr/x.po"))
    assert line.startswith("Error: locales/tr/x.po (theirs):")
    assert ours.read_bytes() == before
