"""transflow pull: the translator's files, complete and valid for PO editors."""

from __future__ import annotations

import os
import subprocess

import polib
import pytest

from transflow.ops.update import update_project
from transflow.workspace.project import Project

SLUG = "trilateral-security-summit-asia-pacific"


@pytest.fixture
def updated(sample_project: Project) -> Project:
    assert update_project(sample_project).ok
    return sample_project


def test_pull_writes_the_assigned_work_with_what_a_translator_needs(updated: Project, run_cli, tmp_path):
    out = tmp_path / "work"
    result = run_cli("-C", updated.root, "pull", "--lang", "ru", "--translator", "olga", "--output", out)
    assert result.exit_code == 0, result.output
    # olga translates two of the three articles into Russian (workflow.yaml)
    assert sorted(p.name for p in (out / "ru").iterdir()) == [
        "proximity-trilateral-military-partnership.po", f"{SLUG}.po"]
    po = polib.pofile(str(out / "ru" / f"{SLUG}.po"))
    assert po.metadata["X-Transflow-Pulled-By"] == "olga"
    assert po.metadata["Last-Translator"] == "Olga Smirnova <olga@example.org>"
    assert po.metadata["X-Transflow-Pulled-At"]
    assert po.header.startswith("Trilateral Security Summit")  # the article title
    assert po[0].comment == "title, block 1 of 18; unit 1 of 38"
    on_july_11 = next(e for e in po if e.msgid.startswith("The exercise took place"))
    assert on_july_11.comment == "paragraph, block 5 of 18, sentence 2 of 4; unit 6 of 38"
    assert all(e.comment for e in po)
    assert len(po) == len(polib.pofile(str(updated.template_path(SLUG))))


def test_pulled_files_pass_msgfmt_check_and_show_stale_context(updated: Project, run_cli, tmp_path):
    locales_po = updated.po_path("tr", SLUG)
    po = polib.pofile(str(locales_po))
    for entry in po:
        entry.msgstr = "çeviri: " + entry.msgid
    po.save()
    article = updated.articles_dir / f"{SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("international waters", "disputed waters"), encoding="utf-8")
    out = tmp_path / "work"
    stale_line = run_cli("-C", updated.root, "pull", "--lang", "tr", "--article", SLUG, "--output", out)
    assert stale_line.exit_code == 1 and "changed since the last update" in stale_line.stderr
    update_project(Project.open(updated.root))
    assert run_cli("-C", updated.root, "pull", "--lang", "tr", "--article", SLUG, "--output", out).exit_code == 0
    pulled = out / "tr" / f"{SLUG}.po"
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(pulled)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    (stale,) = [e for e in polib.pofile(str(pulled)) if e.fuzzy]
    assert "international waters" in stale.previous_msgid and "disputed waters" in stale.msgid
    assert "transflow-base:" in stale.tcomment  # lets submit tell own edits from others'


def test_pulling_someone_elses_article_is_refused(updated: Project, run_cli, cli_error, tmp_path):
    line = cli_error(run_cli("-C", updated.root, "pull", "--lang", "tr", "--translator", "lena",
                             "--article", SLUG, "--output", tmp_path / "w"))
    assert f"'{SLUG}' in 'tr' is assigned to ayse, not lena" in line
    assert not (tmp_path / "w").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lang", "de", "--translator", "ayse"], "language 'de' is not in the project"),
        (["--lang", "tr"], "say whose work to pull"),
        (["--lang", "tr", "--article", "missing"], "no article 'missing'"),
        (["--lang", "tr", "--article", "../x"], "not a valid article slug"),
    ],
)
def test_bad_pull_requests(updated: Project, run_cli, cli_error, tmp_path, args, message):
    line = cli_error(run_cli("-C", updated.root, "pull", *args, "--output", tmp_path / "w"))
    assert message in line
    assert not (tmp_path / "w").exists()


def test_pull_before_update_says_what_to_do(sample_project: Project, run_cli, cli_error, tmp_path):
    line = cli_error(run_cli("-C", sample_project.root, "pull", "--lang", "tr", "--translator", "ayse",
                             "--output", tmp_path / "w"))
    assert "run 'transflow update' first" in line


def test_pulling_again_never_overwrites_work_not_submitted(updated: Project, run_cli, cli_error, tmp_path):
    out = tmp_path / "work"
    args = ("-C", updated.root, "pull", "--lang", "tr", "--article", SLUG, "--output", out)
    assert run_cli(*args).exit_code == 0
    pulled = out / "tr" / f"{SLUG}.po"
    assert run_cli(*args).exit_code == 0  # nothing done yet: a fresh copy is fine
    po = polib.pofile(str(pulled))
    po[3].msgstr = "yarım kalmış çeviri"
    po.save()
    work = pulled.read_bytes()
    line = cli_error(run_cli(*args))
    assert f"{pulled}: holds 1 translation(s) not submitted yet" in line
    assert pulled.read_bytes() == work
    assert run_cli(*args, "--force").exit_code == 0
    assert pulled.read_bytes() != work


def test_reviewer_pulls_the_work_to_review(updated: Project, run_cli, tmp_path):
    out = tmp_path / "review"
    result = run_cli("-C", updated.root, "pull", "--lang", "tr", "--reviewer", "kerem", "--output", out)
    assert result.exit_code == 0, result.output
    assert all(line.endswith(" 0 to review") for line in result.stdout.splitlines())  # nothing translated yet
    assert len(list((out / "tr").glob("*.po"))) == 3  # kerem reviews all three Turkish articles
    po = polib.pofile(str(out / "tr" / f"{SLUG}.po"))
    assert po.metadata["X-Transflow-Pulled-By"] == "kerem" and po.metadata["X-Transflow-Pulled-For"] == "reviewer"
    assert "transflow submit --review" in po.header


def test_default_output_is_inside_the_project(updated: Project, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("-C", updated.root, "pull", "--lang", "id", "--translator", "putri").exit_code == 0
    assert (updated.root / "pulled" / "id" / f"{SLUG}.po").exists()
