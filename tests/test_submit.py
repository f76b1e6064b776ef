"""transflow submit: every way a PO editor or a person changes a file is accepted or refused clearly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from transflow.formats.po import read_catalog
from transflow.model.catalog import UnitStatus
from transflow.ops.update import update_project
from transflow.qa.checks import SAFETY_CHECKS
from transflow.workspace.project import Project

SLUG = "trilateral-security-summit-asia-pacific"
FOOTNOTED = "This marked the first deployment of the strategic bomber near the Korean Peninsula this year.[^1]"
PLAIN = "Consequently, regional security has become open to multilayered and non-aligned structures."


def tr(msgid: str) -> str:
    """A Turkish-looking translation that keeps markup, numbers and URLs (passes QA)."""
    return f"TR· {msgid}"


@pytest.fixture
def project(sample_project: Project) -> Project:
    assert update_project(sample_project).ok
    return sample_project


@pytest.fixture
def pulled(project: Project, run_cli, tmp_path: Path) -> Path:
    out = tmp_path / "work"
    result = run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out)
    assert result.exit_code == 0, result.output
    return out / "tr" / f"{SLUG}.po"


def translate(path: Path, only: set[str] | None = None, text=tr) -> None:
    po = polib.pofile(str(path))
    for entry in po:
        if only is None or entry.msgid in only:
            entry.msgstr = text(entry.msgid)
    po.save()


def locales_entries(project: Project, language: str = "tr"):
    return {e.msgid: e for e in read_catalog(project.po_path(language, SLUG)).entries}


def msgfmt_ok(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_round_trip_applies_translations_with_attribution(project, pulled, run_cli):
    translate(pulled)
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (summary,) = data["files"]
    assert summary["applied"] == 38 and summary["rejected"] == [] and summary["person"] == "ayse"
    entries = locales_entries(project)
    assert all(e.status is UnitStatus.TRANSLATED and e.msgstr == tr(m) for m, e in entries.items())
    assert {e.translated.person for e in entries.values()} == {"ayse"}
    text = project.po_path("tr", SLUG).read_text(encoding="utf-8")
    assert "transflow-base" not in text  # pull's fingerprints stay in the pulled file
    assert "Last-Translator: Ayşe Demir <ayse@example.org>" in text
    msgfmt_ok(project.po_path("tr", SLUG))


def _msgcat(args: list[str], path: Path) -> None:
    subprocess.run(["msgcat", *args, "-o", str(path), str(path)], check=True)


def _crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _drop_comments(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(l for l in lines if not (l.startswith("#") and not l.startswith("#,"))), encoding="utf-8")


def _poedit_header(path: Path) -> None:
    po = polib.pofile(str(path))
    po.metadata["X-Generator"] = "Poedit 3.4.2"
    po.metadata["Last-Translator"] = "Ayşe <ayse@home.example>"
    po.save(str(path))


def _reverse_entries(path: Path) -> None:
    po = polib.pofile(str(path))
    reordered = polib.POFile()
    reordered.metadata = po.metadata
    for entry in reversed(list(po)):
        reordered.append(entry)
    reordered.save(str(path))


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda p: _msgcat(["--width=40"], p), id="msgcat-rewrapped-40"),
        pytest.param(lambda p: _msgcat(["--sort-output"], p), id="msgcat-sorted"),
        pytest.param(_reverse_entries, id="reordered"),
        pytest.param(_crlf, id="crlf"),
        pytest.param(_bom, id="bom"),
        pytest.param(_drop_comments, id="comments-dropped"),
        pytest.param(_poedit_header, id="poedit-header"),
    ],
)
def test_files_as_po_editors_write_them_are_accepted(project, pulled, run_cli, edit):
    translate(pulled)
    edit(pulled)
    result = run_cli("-C", project.root, "submit", pulled)
    assert result.exit_code == 0, result.output
    entries = locales_entries(project)
    assert all(e.msgstr == tr(m) and not e.fuzzy for m, e in entries.items())
    msgfmt_ok(project.po_path("tr", SLUG))


def test_missing_header_uses_the_path_and_needs_the_translator(project, pulled, run_cli, cli_error):
    translate(pulled)
    text = pulled.read_text(encoding="utf-8")
    body = text[text.index("\n\n") + 2 :]  # everything after the header entry
    pulled.write_text(body, encoding="utf-8")
    line = cli_error(run_cli("-C", project.root, "submit", pulled))
    assert "cannot tell who did the work: pass --translator NAME" in line
    result = run_cli("-C", project.root, "submit", "--translator", "ayse", pulled)
    assert result.exit_code == 0, result.output
    assert locales_entries(project)[PLAIN].msgstr == tr(PLAIN)


def test_fuzzy_stays_stale_and_empty_never_erases(project, pulled, run_cli):
    translate(pulled)
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    po = polib.pofile(str(pulled))
    po.find(PLAIN).msgstr = ""  # an editor cleared it
    title = po[0]
    title.msgstr = "Yeni başlık: " + title.msgid
    title.flags.append("fuzzy")
    po.save()
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    entries = locales_entries(project)
    assert entries[PLAIN].msgstr == tr(PLAIN)
    assert entries[title.msgid].status is UnitStatus.STALE
    assert json.loads(result.stdout)["files"][0]["stale"] == 1


def test_qa_failure_rejects_only_that_entry_and_names_file_line_unit_and_check(project, pulled, run_cli):
    translate(pulled)
    po = polib.pofile(str(pulled))
    po.find(FOOTNOTED).msgstr = "Bu, bu yıl stratejik bombardıman uçağının ilk konuşlandırılmasıydı."
    po.save()
    line_no = polib.pofile(str(pulled)).find(FOOTNOTED).linenum
    result = run_cli("-C", project.root, "submit", pulled)
    assert result.exit_code == 1
    (message,) = [l for l in result.stderr.splitlines() if "rejected" in l]
    assert f"{pulled}:{line_no}: rejected (" in message and "[^1]" in message and "This marked the first" in message
    entries = locales_entries(project)
    assert entries[FOOTNOTED].status is UnitStatus.UNTRANSLATED
    assert entries[PLAIN].msgstr == tr(PLAIN)  # the rest was applied


def test_dry_run_reports_and_writes_nothing(project, pulled, run_cli, snapshot):
    translate(pulled)
    before = snapshot(project.locales_dir)
    result = run_cli("-C", project.root, "submit", "--dry-run", "--json", pulled)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["applied"] == 38
    assert snapshot(project.locales_dir) == before


def test_syntax_error_in_one_file_means_nothing_is_applied(project, run_cli, cli_error, snapshot, tmp_path):
    out = tmp_path / "w"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out).exit_code == 0
    good, bad = sorted((out / "tr").glob("*.po"))[:2]
    translate(good)
    translate(bad)
    lines = bad.read_text(encoding="utf-8").split("\n")
    lines.insert(40, "this line is not PO syntax")
    bad.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(project.locales_dir)
    line = cli_error(run_cli("-C", project.root, "submit", good, bad))
    assert f"{bad}:" in line and "syntax error" in line
    assert snapshot(project.locales_dir) == before


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda po: po.metadata.__setitem__("Language", "ru"), "the header says 'ru' but the file is in the folder of 'tr'"),
        (lambda po: po.metadata.__setitem__("X-Transflow-Article", "no-such-article"), "article 'no-such-article', which is not in the project"),
        (lambda po: po.metadata.__setitem__("Last-Translator", "Olga Smirnova <olga@example.org>"),
         "olga cannot be translator for 'tr'"),
        (lambda po: po.metadata.__setitem__("Last-Translator", "Lena Hoffmann <lena@example.org>"),
         "is assigned to ayse, not lena"),
    ],
)
def test_wrong_files_are_refused_and_nothing_changes(project, pulled, run_cli, cli_error, snapshot, mutate, message):
    translate(pulled)
    po = polib.pofile(str(pulled))
    mutate(po)
    po.save()
    before = snapshot(project.locales_dir)
    line = cli_error(run_cli("-C", project.root, "submit", pulled))
    assert message in line and str(pulled) in line
    assert snapshot(project.locales_dir) == before


OTHER = "japan-south-korea-us-bolster-trilateral-response"  # also assigned to ayse in tr


def test_a_header_naming_another_article_than_the_file_name_is_refused(project, pulled, run_cli, cli_error, snapshot):
    translate(pulled)
    po = polib.pofile(str(pulled))
    po.metadata["X-Transflow-Article"] = OTHER
    po.save()
    before = snapshot(project.root)  # the pulled file is in there too
    line = cli_error(run_cli("-C", project.root, "submit", pulled))
    assert line == (f"Error: {pulled}: the file name says article '{SLUG}' but its X-Transflow-Article header says "
                    f"'{OTHER}'; restore the header or rename the file")
    assert snapshot(project.root) == before


def test_a_renamed_file_goes_where_its_header_says(project, pulled, run_cli):
    translate(pulled)
    renamed = pulled.with_name("my-work.po")
    pulled.rename(renamed)
    result = run_cli("-C", project.root, "submit", renamed, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["article"] == SLUG
    assert all(e.msgstr == tr(m) for m, e in locales_entries(project).items())


def test_file_for_a_language_outside_the_project(project, pulled, run_cli, cli_error, tmp_path):
    other = tmp_path / "de.po"
    po = polib.pofile(str(pulled))
    po.metadata["Language"] = "de"
    po.save(str(other))
    line = cli_error(run_cli("-C", project.root, "submit", other))
    assert "'de', which is not a language of this project" in line


def test_source_changed_after_pull_keeps_the_work_as_stale_or_obsolete(project, pulled, run_cli):
    translate(pulled)
    article = project.articles_dir / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    edited = text.replace("international waters", "disputed waters").replace(PLAIN + " ", "")
    article.write_text(edited, encoding="utf-8")
    update_project(Project.open(project.root))
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["files"][0]
    assert summary["stale"] == 1 and summary["obsolete"] == 1
    catalog = read_catalog(project.po_path("tr", SLUG))
    (suggested,) = [e for e in catalog.entries if e.fuzzy]
    assert "disputed waters" in suggested.msgid and "international waters" in suggested.msgstr
    assert [e.msgstr for e in catalog.obsolete] == [tr(PLAIN)]


def test_submitted_obsolete_entries_and_msgmerge(project, pulled, run_cli, tmp_path):
    """A translator who msgmerged against a newer template: obsolete entries are suggestions, not lost."""
    translate(pulled)
    article = project.articles_dir / f"{SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace(PLAIN + " ", ""), encoding="utf-8")
    update_project(Project.open(project.root))
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=none", str(pulled),
                    str(project.template_path(SLUG))], check=True)
    assert any(e.msgid == PLAIN for e in polib.pofile(str(pulled)).obsolete_entries())
    result = run_cli("-C", project.root, "submit", pulled)
    assert result.exit_code == 0, result.output
    catalog = read_catalog(project.po_path("tr", SLUG))
    assert tr(PLAIN) in [e.msgstr for e in catalog.obsolete]


def test_conflict_keeps_the_first_submission_and_records_the_other(project, pulled, run_cli):
    # lena (an editor) fixes a unit after ayse pulled
    lena_file = pulled.parent.parent / "lena.po"
    shutil.copy(pulled, lena_file)
    translate(lena_file, only={PLAIN}, text=lambda m: "Lena's " + tr(m))
    assert run_cli("-C", project.root, "submit", "--translator", "lena", "--force", lena_file).exit_code == 0
    # then ayse submits her own, different text for it
    translate(pulled)
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 1
    (conflict,) = json.loads(result.stdout)["files"][0]["conflicts"]
    assert conflict["kept"] == "current" and conflict["submitted"] == tr(PLAIN)
    entry = locales_entries(project)[PLAIN]
    assert entry.msgstr == "Lena's " + tr(PLAIN)
    assert any(n.startswith("transflow-conflict: ayse ") and n.endswith(tr(PLAIN)) for n in entry.notes)
    # ayse pulls again and forces nothing: her resubmission of her own text still conflicts with lena's
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 1
    # and the editor sees it in the morning report
    (row,) = list(json.loads(run_cli("-C", project.root, "status", "--format", "json", "--lang", "tr",
                                            "--article", SLUG).stdout)["rows"])
    assert row["conflicts"] == 1
    assert "1 conflict(s) to decide" in run_cli("-C", project.root, "status", "--lang", "tr").stdout


def test_force_by_an_editor_wins_and_keeps_the_replaced_text(project, pulled, run_cli):
    translate(pulled, only={PLAIN})
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0  # ayse's translation
    lena_file = pulled.parent.parent / "lena.po"
    shutil.copy(pulled, lena_file)
    translate(lena_file, only={PLAIN}, text=lambda m: "Lena's " + tr(m))
    # lena's file was pulled before ayse submitted: without --force it would conflict
    result = run_cli("-C", project.root, "submit", "--translator", "lena", "--force", lena_file, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["conflicts"][0]["kept"] == "submitted"
    entry = locales_entries(project)[PLAIN]
    assert entry.msgstr == "Lena's " + tr(PLAIN) and entry.translated.person == "lena"
    assert any(n.startswith("transflow-conflict: ayse ") and n.endswith(" " + tr(PLAIN)) for n in entry.notes)


def test_unchanged_unit_that_someone_else_changed_is_not_a_conflict(project, pulled, run_cli):
    lena_file = pulled.parent.parent / "lena.po"
    shutil.copy(pulled, lena_file)
    translate(lena_file, only={PLAIN}, text=lambda m: "Lena's " + tr(m))
    assert run_cli("-C", project.root, "submit", "--translator", "lena", "--force", lena_file).exit_code == 0
    translate(pulled, only={FOOTNOTED})  # ayse did not touch PLAIN
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    assert locales_entries(project)[PLAIN].msgstr == "Lena's " + tr(PLAIN)


def test_review_by_the_assigned_reviewer_only(project, pulled, run_cli, cli_error, snapshot):
    translate(pulled)
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    line = cli_error(run_cli("-C", project.root, "submit", "--review", "--translator", "ayse", pulled))
    assert "only the assigned reviewer (kerem)" in line
    assert run_cli("-C", project.root, "assign", SLUG, "--lang", "tr", "--reviewer", "").exit_code == 0
    before = snapshot(project.root)
    line = cli_error(run_cli("-C", project.root, "submit", "--reviewer", "kerem", pulled))
    assert f"nobody is assigned to review '{SLUG}' in 'tr'" in line
    assert snapshot(project.root) == before
    assert f"transflow assign {SLUG} --lang tr --reviewer kerem" in line
    assert run_cli("-C", project.root, "assign", SLUG, "--lang", "tr", "--reviewer", "kerem").exit_code == 0
    result = run_cli("-C", project.root, "submit", "--reviewer", "kerem", pulled, "--json")
    assert result.exit_code == 0, result.output
    entries = locales_entries(project)
    assert all(e.status is UnitStatus.REVIEWED and e.reviewed.person == "kerem" for e in entries.values())
    assert all(e.translated.person == "ayse" for e in entries.values())
    # an editor may review with --force; a non-editor may not use --force
    line = cli_error(run_cli("-C", project.root, "submit", "--force", "--translator", "ayse", pulled))
    assert "--force is for editors" in line


def test_json_and_exit_code_when_nothing_to_apply(project, pulled, run_cli):
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] and data["files"][0]["unchanged"] == 38 and data["written"] == []


def test_two_submits_at_the_same_moment_both_land(project, run_cli, tmp_path):
    """Real processes: the project lock makes them take turns on the same PO file."""
    out = tmp_path / "w"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--article", SLUG, "--output", out).exit_code == 0
    pulled = out / "tr" / f"{SLUG}.po"
    po = polib.pofile(str(pulled))
    msgids = [e.msgid for e in po]
    first, second = tmp_path / "first.po", tmp_path / "second.po"
    shutil.copy(pulled, first)
    shutil.copy(pulled, second)
    translate(first, only=set(msgids[::2]))
    translate(second, only=set(msgids[1::2]))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "transflow", "-C", str(project.root), "submit", "--translator",
                          who, "--force", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for who, path in (("lena", first), ("lena", second))
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    entries = locales_entries(project)
    assert all(entries[m].msgstr == tr(m) for m in msgids)


def test_skip_check_lets_an_entry_through_and_unknown_checks_are_refused(project, pulled, run_cli, cli_error):
    translate(pulled, only={FOOTNOTED}, text=lambda m: "Bu, bu yıl ilk konuşlandırmaydı.")
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 1
    assert "no QA check named spelling" in cli_error(run_cli("-C", project.root, "submit", "--skip-check", "spelling", pulled))
    assert run_cli("-C", project.root, "submit", "--skip-check", "footnotes", pulled).exit_code == 0
    assert locales_entries(project)[FOOTNOTED].status is UnitStatus.TRANSLATED


@pytest.mark.parametrize("check", SAFETY_CHECKS)
def test_skipping_a_safety_check_takes_an_editors_force(project, pulled, run_cli, cli_error, snapshot, check):
    translate(pulled, only={PLAIN}, text=lambda m: f"TR· {m} <img src=x onerror=alert(1)>")
    before = snapshot(project.root)  # the pulled file is in there too
    line = cli_error(run_cli("-C", project.root, "submit", "--skip-check", check, pulled))
    assert line == (f"Error: --skip-check {check} lets unchecked markup and links onto published pages; "
                    "only an editor may skip it, with --force")
    line = cli_error(run_cli("-C", project.root, "submit", "--skip-check", "footnotes", "--skip-check", check,
                             "--dry-run", pulled))
    assert f"--skip-check {check} lets" in line
    line = cli_error(run_cli("-C", project.root, "submit", "--skip-check", check, "--force", pulled))
    assert "--force is for editors; ayse is not an editor" in line
    assert snapshot(project.root) == before


def test_an_editor_may_skip_the_html_check(project, pulled, run_cli):
    hostile = f"TR· {PLAIN} <img src=x onerror=alert(1)>"
    translate(pulled, only={PLAIN}, text=lambda m: hostile)
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 1  # the html check refuses it
    assert PLAIN not in {m for m, e in locales_entries(project).items() if e.msgstr}
    result = run_cli("-C", project.root, "submit", "--translator", "lena", "--skip-check", "html", "--force", pulled)
    assert result.exit_code == 0, result.output
    assert locales_entries(project)[PLAIN].msgstr == hostile


def test_rejections_count_units_not_issues(project, pulled, run_cli):
    translate(pulled, only={FOOTNOTED}, text=lambda m: " bozuk çeviri [1]")  # whitespace and footnotes
    data = json.loads(run_cli("-C", project.root, "submit", pulled, "--json").stdout)["files"][0]
    assert len(data["rejected"]) >= 2 and data["rejected_units"] == 1


def test_an_older_pulled_copy_never_reverts_newer_work(project, run_cli, tmp_path):
    """Units the translator did not touch since the pull are not applied (review finding)."""
    first = tmp_path / "first"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", SLUG,
                   "--output", first).exit_code == 0
    translate(first / "tr" / f"{SLUG}.po")
    assert run_cli("-C", project.root, "submit", first / "tr" / f"{SLUG}.po").exit_code == 0
    copies = []
    for name in ("b", "c"):
        out = tmp_path / name
        assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", SLUG,
                       "--output", out, "--force").exit_code == 0
        copies.append(out / "tr" / f"{SLUG}.po")
    translate(copies[0], only={PLAIN}, text=lambda m: "improved " + tr(m))
    assert run_cli("-C", project.root, "submit", copies[0]).exit_code == 0
    translate(copies[1], only={FOOTNOTED}, text=lambda m: "also improved " + tr(m))
    result = run_cli("-C", project.root, "submit", copies[1], "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["files"][0]["conflicts"] == []
    entries = locales_entries(project)
    assert entries[PLAIN].msgstr == "improved " + tr(PLAIN)
    assert entries[FOOTNOTED].msgstr == "also improved " + tr(FOOTNOTED)


def test_a_unit_changed_by_the_reviewer_but_untouched_in_the_file_is_no_conflict(project, pulled, run_cli, tmp_path):
    translate(pulled)
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    work = tmp_path / "again"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", SLUG,
                   "--output", work).exit_code == 0
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--reviewer", "kerem", "--article", SLUG,
                   "--output", tmp_path / "kerem").exit_code == 0
    review = tmp_path / "kerem" / "tr" / f"{SLUG}.po"
    translate(review, only={PLAIN}, text=lambda m: "kerem's " + tr(m))
    assert run_cli("-C", project.root, "submit", "--reviewer", "kerem", review).exit_code == 0
    mine = work / "tr" / f"{SLUG}.po"
    translate(mine, only={FOOTNOTED}, text=lambda m: "fixed " + tr(m))
    result = run_cli("-C", project.root, "submit", mine, "--json")
    assert result.exit_code == 0, result.stdout
    entry = locales_entries(project)[PLAIN]
    assert entry.msgstr == "kerem's " + tr(PLAIN) and not any("conflict" in n for n in entry.notes)


def test_work_for_a_changed_source_replaces_the_stale_suggestion_and_keeps_it(project, run_cli, tmp_path):
    out = tmp_path / "w"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out).exit_code == 0
    first = out / "tr" / f"{SLUG}.po"
    translate(first)
    assert run_cli("-C", project.root, "submit", first).exit_code == 0
    again = tmp_path / "again"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", SLUG,
                   "--output", again).exit_code == 0
    newer = again / "tr" / f"{SLUG}.po"
    translate(newer, only={PLAIN}, text=lambda m: "newer " + tr(m))
    article = project.articles_dir / f"{SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("non-aligned structures", "unaligned structures"),
                       encoding="utf-8")
    update_project(Project.open(project.root))  # PLAIN's unit is now stale with the first translation
    assert run_cli("-C", project.root, "submit", newer).exit_code == 0
    (unit,) = [e for m, e in locales_entries(project).items() if "unaligned structures" in m]
    assert unit.fuzzy and unit.msgstr == "newer " + tr(PLAIN) and unit.previous == PLAIN
    assert any(n.endswith(" " + tr(PLAIN)) for n in unit.notes)  # the older suggestion is kept


# --- changes are found by content, whoever made them ------------------------------------------


def _pull_at(project: Project, run_cli, folder: Path, epoch: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", folder)
    assert result.exit_code == 0, result.output
    return folder / "tr" / f"{SLUG}.po"


@pytest.mark.parametrize("later", [60, 0], ids=["a-minute-apart", "in-the-same-second"])
def test_two_copies_of_ones_own_work_conflict_instead_of_overwriting(project, run_cli, tmp_path, monkeypatch, later):
    laptop = _pull_at(project, run_cli, tmp_path / "laptop", 1764000000, monkeypatch)
    desktop = _pull_at(project, run_cli, tmp_path / "desktop", 1764000000 + later, monkeypatch)
    translate(laptop, only={PLAIN}, text=lambda m: "Laptop: " + tr(m))
    translate(desktop, only={PLAIN}, text=lambda m: "Desktop: " + tr(m))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000120")
    assert run_cli("-C", project.root, "submit", laptop).exit_code == 0
    result = run_cli("-C", project.root, "submit", desktop, "--json")
    assert result.exit_code == 1, result.output
    (conflict,) = json.loads(result.stdout)["files"][0]["conflicts"]
    assert conflict["kept"] == "current" and conflict["submitted"] == "Desktop: " + tr(PLAIN)
    entry = locales_entries(project)[PLAIN]
    assert entry.msgstr == "Laptop: " + tr(PLAIN)
    assert any("Desktop: " + tr(PLAIN) in note for note in entry.notes)  # both texts are kept
    msgfmt_ok(project.po_path("tr", SLUG))


def test_an_edit_made_in_locales_by_another_tool_is_not_overwritten(project, pulled, run_cli):
    translate(pulled, only={PLAIN})
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    # Weblate, a PO editor or a hand edit changes the unit in locales/ itself.
    path = project.po_path("tr", SLUG)
    po = polib.pofile(str(path), wrapwidth=0)
    po.find(PLAIN).msgstr = "Edited in Weblate."
    po.save()
    # The translator goes on in the same pulled file and submits it again.
    translate(pulled, only={PLAIN}, text=lambda m: "Second thoughts: " + tr(m))
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 1, result.output
    (conflict,) = json.loads(result.stdout)["files"][0]["conflicts"]
    assert conflict["current"] == "Edited in Weblate." and conflict["kept"] == "current"
    assert locales_entries(project)[PLAIN].msgstr == "Edited in Weblate."


def test_one_copys_later_submissions_are_its_own_progress(project, pulled, run_cli):
    translate(pulled, only={PLAIN})
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    again = run_cli("-C", project.root, "submit", pulled, "--json")  # identical: never a conflict
    assert again.exit_code == 0 and json.loads(again.stdout)["files"][0]["conflicts"] == []
    translate(pulled, only={PLAIN}, text=lambda m: "Better: " + tr(m))
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["conflicts"] == []
    assert locales_entries(project)[PLAIN].msgstr == "Better: " + tr(PLAIN)


# --- PO input read as gettext reads it: charsets, escapes, msgfmt's grammar, hostile sizes --


def _line_of(path: Path, needle: str | bytes) -> int:
    """The number of the first line of ``path`` holding ``needle`` (text is looked for as UTF-8)."""
    raw = needle.encode() if isinstance(needle, str) else needle
    return next(n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if raw in line)


def _translate_unwrapped(path: Path) -> None:
    """Translate every entry, one line per string, so tests can edit the text line by line."""
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = tr(entry.msgid)
    po.save()


def _refused(project: Project, run_cli, cli_error, snapshot, path: Path) -> str:
    """Submit ``path``: one ``Error:`` line, exit 1, and not a byte of the project changed."""
    before = snapshot(project.root)
    line = cli_error(run_cli("-C", project.root, "submit", path))
    assert snapshot(project.root) == before
    return line


def _set_charset(path: Path, charset: str) -> None:
    path.write_bytes(path.read_bytes().replace(b"charset=UTF-8", f"charset={charset}".encode("ascii")))


def _hand_written(tmp_path: Path, charset: str, msgstr: bytes) -> Path:
    """A minimal submission for PLAIN (an ASCII msgid) in ``charset``, as a person might write it."""
    path = tmp_path / "hand" / "tr" / f"{SLUG}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ('msgid ""\nmsgstr ""\n'
              f'"Content-Type: text/plain; charset={charset}\\n"\n"Language: tr\\n"\n'
              f'"X-Transflow-Article: {SLUG}\\n"\n"X-Transflow-Pulled-By: ayse\\n"\n\n')
    path.write_bytes(header.encode("ascii") + f'msgid "{PLAIN}"\nmsgstr "'.encode("ascii") + msgstr + b'"\n')
    return path


@pytest.mark.parametrize("charset, kind", [("undefined", "unknown"), ("unicode_escape", "unknown"),
                                           ("latin-9x", "unknown"), ("EUC-TW", "unsupported")])
def test_a_charset_gettext_cannot_convert_is_refused_at_the_header_line(
        project, pulled, run_cli, cli_error, snapshot, charset, kind):
    _translate_unwrapped(pulled)
    _set_charset(pulled, charset)
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    header = _line_of(pulled, '"Content-Type:')
    assert line == (f"Error: {pulled}:{header}: {kind} charset '{charset}'; "
                    "save the file as UTF-8 and set charset=UTF-8")


def test_the_charset_placeholder_xgettext_writes_is_read_as_utf8(project, pulled, run_cli, cli_error, snapshot):
    # msgfmt copies the bytes of a charset=CHARSET file unconverted: UTF-8 stays UTF-8.
    _translate_unwrapped(pulled)
    _set_charset(pulled, "CHARSET")
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["applied"] == 38
    assert all(e.msgstr == tr(m) for m, e in locales_entries(project).items())  # “quotes”, ’, ş, · intact
    msgfmt_ok(project.po_path("tr", SLUG))
    # ... and bytes that are not UTF-8 under the placeholder are refused where they are
    pulled.write_bytes(pulled.read_bytes().replace("TR·".encode(), b"TR\xb7", 1))
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    assert line.startswith(f"Error: {pulled}:{_line_of(pulled, b'TR' + bytes([0xB7]))}: ")
    assert "not valid UTF-8" in line and "placeholder CHARSET" in line and "set charset=UTF-8" in line


@pytest.mark.parametrize("charset, misread", [("ISO-8859-1", "AyÅ\\x9fe"), ("CP1252", "AyÅŸe"),
                                              ("ISO-8859-9", "AyÅ\\x9fe"), ("KOI8-R", "Ayе÷e")])
def test_utf8_text_under_an_8bit_charset_header_is_refused_not_stored_as_mojibake(
        project, pulled, run_cli, cli_error, snapshot, charset, misread):
    _translate_unwrapped(pulled)
    _set_charset(pulled, charset)
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    assert line == (f"Error: {pulled}:{_line_of(pulled, chr(34) + 'Content-Type:')}: the header says charset={charset} "
                    f"but the text is UTF-8 (line {_line_of(pulled, 'Last-Translator')}: 'Ayşe' would be read as "
                    f"'{misread}'); set charset=UTF-8 in the header")


def test_a_genuine_latin1_file_is_converted_and_the_same_text_in_utf8_is_refused(
        project, run_cli, cli_error, snapshot, tmp_path):
    text = tr(PLAIN) + " Bir café."
    latin1 = _hand_written(tmp_path, "ISO-8859-1", text.encode("latin-1"))
    assert b"caf\xe9" in latin1.read_bytes()
    result = run_cli("-C", project.root, "submit", latin1)
    assert result.exit_code == 0, result.output
    assert locales_entries(project)[PLAIN].msgstr == text
    assert "Bir café." in project.po_path("tr", SLUG).read_text(encoding="utf-8")
    msgfmt_ok(project.po_path("tr", SLUG))
    mislabelled = _hand_written(tmp_path, "ISO-8859-1", ("another " + text).encode("utf-8"))
    line = _refused(project, run_cli, cli_error, snapshot, mislabelled)
    assert f"{mislabelled}:3: the header says charset=ISO-8859-1 but the text is UTF-8 (line 9:" in line
    assert "'TR·' would be read as 'TRÂ·'" in line


def test_gettext_escapes_are_decoded_in_msgid_and_msgstr(project, pulled, run_cli):
    _translate_unwrapped(pulled)
    rest = PLAIN[len("Co"):]
    # hex and octal escapes, the octal ones as the UTF-8 bytes of '·', as gettext reads them
    written = f'msgid "\\x43\\157{rest}"\nmsgstr "TR\\302\\267 \\x43\\157{rest}"\n'
    text = pulled.read_text(encoding="utf-8")
    original = f'msgid "{PLAIN}"\nmsgstr "{tr(PLAIN)}"\n'
    assert original in text
    pulled.write_text(text.replace(original, written), encoding="utf-8")
    result = run_cli("-C", project.root, "submit", pulled, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["applied"] == 38  # the escaped msgid matched its unit
    assert locales_entries(project)[PLAIN].msgstr == tr(PLAIN)
    assert "\\x43" not in project.po_path("tr", SLUG).read_text(encoding="utf-8")
    msgfmt_ok(project.po_path("tr", SLUG))


@pytest.mark.parametrize("written, message", [
    ("TR\\0 yarım", "an escape for NUL (\\0), which ends a string for gettext (msgfmt drops the rest); remove it"),
    ("TR\\x00 yarım", "an escape for NUL (\\0)"),
    ("TR\0 yarım", "a NUL character, which gettext cannot store (msgfmt cuts the text there); remove it"),
    ("TR\\x04 yarım", "an escape for EOT (\\x04), which gettext reserves to separate a context from its msgid"),
    ("TR\\351 yarım", "the escapes \\351 are not utf-8 text; write the characters themselves"),
    ("TR\\q yarım", "syntax error in PO file: '\\q' is not an escape gettext knows"),
])
def test_what_a_string_cannot_hold_is_refused_at_its_line_and_column(
        project, pulled, run_cli, cli_error, snapshot, written, message):
    _translate_unwrapped(pulled)
    text = pulled.read_text(encoding="utf-8")
    pulled.write_text(text.replace(f'msgstr "{tr(PLAIN)}"', f'msgstr "{written}"'), encoding="utf-8")
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    assert line.startswith(f"Error: {pulled}:{_line_of(pulled, 'yarım')}:11: {message}")


def _drop_msgstr(lines: list[str], at: int) -> None:
    del lines[at + 1]


def _indexed_msgstr(lines: list[str], at: int) -> None:
    lines[at + 1] = lines[at + 1].replace("msgstr ", "msgstr[0] ", 1)


def _unterminated(lines: list[str], at: int) -> None:
    lines[at + 1] = lines[at + 1][:-1]


def _comment_inside(lines: list[str], at: int) -> None:
    lines.insert(at + 1, "# a note between msgid and msgstr")


def _half_obsolete(lines: list[str], at: int) -> None:
    lines[at + 1] = "#~ " + lines[at + 1]


@pytest.mark.parametrize("mutate, offset, message", [
    (_drop_msgstr, 0, "msgid without msgstr (msgfmt: missing 'msgstr' section); add msgstr \"\" after it"),
    (_indexed_msgstr, 1, "msgstr[0] without msgid_plural (msgfmt: missing 'msgid_plural' section)"),
    (_unterminated, 1, "syntax error in PO file; fix it in a PO editor or restore it from a backup"),
    (_comment_inside, 0, "msgid without msgstr (msgfmt: missing 'msgstr' section)"),
    (_half_obsolete, 1, "inconsistent use of #~"),
])
def test_shapes_msgfmt_rejects_and_polib_tolerates_are_one_located_error(
        project, pulled, run_cli, cli_error, snapshot, mutate, offset, message):
    _translate_unwrapped(pulled)
    lines = pulled.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgid "{PLAIN}"')
    mutate(lines, at)
    pulled.write_text("\n".join(lines), encoding="utf-8")
    gettext = subprocess.run(["msgfmt", "-o", os.devnull, str(pulled)], capture_output=True, text=True)
    assert gettext.returncode != 0, gettext.stderr  # msgfmt refuses it too
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    assert line.startswith(f"Error: {pulled}:{at + 1 + offset}: {message}")


def test_the_last_msgid_without_msgstr_is_refused(project, pulled, run_cli, cli_error, snapshot):
    _translate_unwrapped(pulled)
    lines = pulled.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert lines[-1].startswith("msgstr ")
    pulled.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    line = _refused(project, run_cli, cli_error, snapshot, pulled)
    assert line.startswith(f"Error: {pulled}:{len(lines) - 1}: msgid without msgstr")


def test_100000_translator_comment_lines_submit_in_seconds_twice(project, pulled, run_cli):
    """polib grows a comment with str += per line: 5 MB of comments took over half a minute."""
    _translate_unwrapped(pulled)
    text = pulled.read_text(encoding="utf-8")
    block = "".join(f"# note {i} from the translator about this sentence and its terms\n" for i in range(100_000))
    pulled.write_text(text.replace(f'msgid "{PLAIN}"', block + f'msgid "{PLAIN}"'), encoding="utf-8")
    assert pulled.stat().st_size > 5_000_000
    for attempt in ("first", "second"):  # the second merges 100,000 notes into 100,000
        started = time.perf_counter()
        result = run_cli("-C", project.root, "submit", pulled, "--json")
        elapsed = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["files"][0]["applied"] == (38 if attempt == "first" else 1)
        assert elapsed < 10, f"{attempt} submit took {elapsed:.1f} s"
        notes = locales_entries(project)[PLAIN].notes
        assert len(notes) == 100_000 and notes[0] == "note 0 from the translator about this sentence and its terms"
        # polib itself would take half a minute on this file: the translation is edited as text
        text = pulled.read_text(encoding="utf-8")
        pulled.write_text(text.replace(f'msgstr "{tr(PLAIN)}"', f'msgstr "revised {tr(PLAIN)}"'), encoding="utf-8")


def test_a_locales_file_converted_to_cp1254_is_written_back_as_utf8_and_says_so(project, pulled, run_cli):
    target = project.po_path("tr", SLUG)
    subprocess.run(["msgconv", "-t", "CP1254", "-o", str(target), str(target)], check=True)
    assert b"charset=CP1254" in target.read_bytes()
    _translate_unwrapped(pulled)
    result = run_cli("-C", project.root, "submit", pulled)
    assert result.exit_code == 0, result.output
    assert b"charset=UTF-8" in target.read_bytes() and "“" in target.read_text(encoding="utf-8")
    assert all(e.msgstr == tr(m) for m, e in locales_entries(project).items())
    msgfmt_ok(target)



@pytest.mark.parametrize("last_translator", ["Lena Hoffmann <lena@example.org>", "lena <LENA@example.org>",
                                             "Lena Hoffmann"])
def test_last_translator_names_who_did_the_work(project, run_cli, tmp_path, last_translator):
    """A file made with msginit or a PO editor, never pulled: its Last-Translator is the person."""
    path = tmp_path / "tr" / f"{SLUG}.po"
    path.parent.mkdir()
    po = polib.pofile(str(project.po_path("tr", SLUG)))
    po.metadata["Last-Translator"] = last_translator
    po.find(PLAIN).msgstr = tr(PLAIN)
    po.save(str(path))
    result = run_cli("-C", project.root, "submit", "--force", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["person"] == "lena"
    assert locales_entries(project)[PLAIN].translated.person == "lena"


def test_a_last_translator_outside_the_team_still_needs_a_name(project, run_cli, cli_error, tmp_path):
    path = tmp_path / "tr" / f"{SLUG}.po"
    path.parent.mkdir()
    po = polib.pofile(str(project.po_path("tr", SLUG)))
    po.metadata["Last-Translator"] = "Someone Else <someone@example.com>"
    po.save(str(path))
    assert "cannot tell who did the work: pass --translator NAME" in cli_error(run_cli("-C", project.root, "submit", path))


@pytest.mark.parametrize("decision", ["ayse's text", "the editor's own"])
def test_an_editors_decision_closes_the_conflict_and_credits_the_author(project, pulled, run_cli, tmp_path, decision):
    # lena fixes the unit after ayse pulled; ayse's own text then conflicts with it
    lena_file = pulled.parent.parent / "lena.po"
    shutil.copy(pulled, lena_file)
    translate(lena_file, only={PLAIN}, text=lambda m: "Lena's " + tr(m))
    assert run_cli("-C", project.root, "submit", "--translator", "lena", "--force", lena_file).exit_code == 0
    translate(pulled, only={PLAIN})
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 1
    # the editor kerem pulls the unit with its conflict, and decides
    out = tmp_path / "kerem"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--article", SLUG, "--translator", "ayse",
                   "--output", out).exit_code == 0
    # ayse's text is the one in the conflict comment; lena's (the first) is in place
    chosen = {"ayse's text": tr(PLAIN), "the editor's own": "Kerem: " + tr(PLAIN)}[decision]
    translate(out / "tr" / f"{SLUG}.po", only={PLAIN}, text=lambda m: chosen)
    result = run_cli("-C", project.root, "submit", "--translator", "kerem", "--force", out / "tr" / f"{SLUG}.po")
    assert result.exit_code == 0, result.output
    entry = locales_entries(project)[PLAIN]
    assert entry.msgstr == chosen
    author = {"ayse's text": "ayse", "the editor's own": "kerem"}[decision]
    assert entry.translated.person == author
    assert not any(n.startswith("transflow-conflict:") for n in entry.notes)
    assert any(n.startswith("transflow-decided: kerem ") for n in entry.notes)
    (row,) = json.loads(run_cli("-C", project.root, "status", "--format", "json", "--lang", "tr",
                                "--article", SLUG).stdout)["rows"]
    assert row["conflicts"] == 0
    msgfmt_ok(project.po_path("tr", SLUG))


def test_submitting_the_same_old_file_again_stamps_nothing_new(project, pulled, run_cli, monkeypatch):
    """The same file, submitted again a day later, changes no credit: activity stays true."""
    translate(pulled)
    article = project.articles_dir / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("international waters", "disputed waters").replace(PLAIN + " ", ""),
                       encoding="utf-8")
    update_project(Project.open(project.root))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795608000")  # 2026-11-25T12:00:00Z
    assert run_cli("-C", project.root, "submit", pulled).exit_code == 0
    first = project.po_path("tr", SLUG).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795694400")  # a day later
    again = run_cli("-C", project.root, "submit", pulled, "--json")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)["files"][0]
    assert (summary["stale"], summary["obsolete"], summary["applied"]) == (0, 0, 0)
    assert project.po_path("tr", SLUG).read_bytes() == first
    catalog = read_catalog(project.po_path("tr", SLUG))
    stamps = {e.translated.when for e in [*catalog.entries, *catalog.obsolete] if e.translated}
    assert stamps == {"2026-11-25T12:00:00Z"}


def test_a_text_that_replaced_a_memory_proposal_loses_the_proposals_origin(project, run_cli, tmp_path):
    from transflow.formats.po import write_catalog
    from transflow.model.catalog import Origin, OriginKind

    path = project.po_path("tr", SLUG)
    catalog = read_catalog(path)
    edited, replaced = catalog.entries[2], catalog.entries[3]
    origin = Origin(OriginKind.FUZZY, 87, "articles/other.md")
    catalog.entries[2] = type(edited)(edited.msgid, tr(edited.msgid), fuzzy=True, origin=origin,
                                      references=edited.references, comment=edited.comment)
    catalog.entries[3] = type(replaced)(replaced.msgid, "Bambaşka bir öneri metni burada duruyor.", fuzzy=True,
                                        origin=origin, references=replaced.references, comment=replaced.comment)
    write_catalog(catalog, path, "")
    out = tmp_path / "work"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out).exit_code == 0
    po = polib.pofile(str(out / "tr" / f"{SLUG}.po"))
    for entry in po:
        if entry.msgid == edited.msgid:
            entry.msgstr, entry.flags = tr(edited.msgid) + " (düzeltildi)", []
        elif entry.msgid == replaced.msgid:
            entry.msgstr, entry.flags = tr(replaced.msgid), []
    po.save()
    assert run_cli("-C", project.root, "submit", out / "tr" / f"{SLUG}.po").exit_code == 0
    entries = read_catalog(path).by_msgid()
    assert entries[edited.msgid].origin == origin  # post-edited: still billed as the match it was
    assert entries[replaced.msgid].origin is None  # replaced: the text is the translator's own


def test_the_advice_to_restore_from_git_is_given_only_in_a_git_work_tree(tmp_path, run_cli, cli_error):
    for in_git in (False, True):
        root = tmp_path / ("repo" if in_git else "plain")
        root.mkdir()
        if in_git:
            subprocess.run(["git", "init", "-q", str(root)], check=True)
        broken = root / "broken.po"
        broken.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
        assert run_cli("init", root / "desk").exit_code == 0
        line = cli_error(run_cli("-C", root / "desk", "submit", broken, "--translator", "x"))
        assert line.endswith("restore it from git" if in_git else "restore it from a backup"), line
