"""Corrections: an original that changes after its translations were published.

The page on the site is then *outdated*; build keeps it marked so, rebuilds it with the
corrected source text in place of the changed units, or withdraws it
(``publish.outdated``), until the changed units are translated again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml

from test_build import front_of, new_project, translate_po
from transflow.errors import ConfigError
from transflow.formats.po import read_catalog
from transflow.ops.build import build_project, resolve_policy
from transflow.ops.update import update_project
from transflow.workspace.merge import minor_edit
from transflow.workspace.project import Project

ARTICLE = """\
---
title: Port strike ends
author: Desk
---

Dockers returned to work on Monday. The strike lasted nine days.

Shipping lines expect delays until Friday.
"""
CORRECTED = ARTICLE.replace("nine days", "eight days")
WORKFLOW = "languages: [tr, ru]\npublish:\n  min_complete: %s\n"
CHANGED_AT = dt.datetime(2026, 5, 3, 14, 30, tzinfo=dt.UTC)


def tag(language: str):
    return lambda msgid: f"[{language}] {msgid}"


def published(tmp_path: Path, min_complete: float = 100) -> Project:
    """An article translated into tr and ru and built; then its source corrected and updated."""
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % min_complete)
    translate_po(project, "tr", "strike", tag("tr"))
    translate_po(project, "ru", "strike", tag("ru"))
    assert [a.status for a in build_project(project).articles] == ["built", "built"]
    correct(project, CORRECTED)
    return project


def correct(project: Project, text: str) -> None:
    path = project.article_path("strike")
    path.write_text(text, encoding="utf-8")
    stamp = CHANGED_AT.timestamp()
    os.utime(path, (stamp, stamp))  # not in git: the file's time is the source's change date
    assert update_project(project).ok


def page(project: Project, language: str = "tr") -> str:
    return (project.root / "build" / language / "strike.md").read_text(encoding="utf-8")


def test_keep_leaves_the_published_translation_and_marks_it_outdated(tmp_path: Path) -> None:
    project = published(tmp_path)
    before = page(project)
    report = build_project(project, languages=["tr"])
    [tr] = report.articles
    assert tr.status == "skipped"
    assert tr.outdated_since == "2026-05-03T14:30:00Z"
    assert tr.reason == (
        "the source changed on 2026-05-03T14:30:00Z (1 unit to translate again, first at articles/strike.md:6); "
        "the previous build/tr/strike.md is kept, marked outdated (publish.outdated: keep)"
    )
    after = page(project)
    assert "[tr] The strike lasted nine days." in after  # the translation readers had
    state = front_of(after)["translation"]
    assert state["outdated"] is True and state["source_changed"] == "2026-05-03T14:30:00Z"
    assert after.replace("  outdated: true\n  source_changed: \"2026-05-03T14:30:00Z\"\n", "") == before
    again = build_project(project, languages=["tr"])
    assert again.articles[0].status == "skipped" and not again.articles[0].written
    assert page(project) == after


def test_the_page_is_up_to_date_again_once_the_changed_unit_is_translated(tmp_path: Path) -> None:
    project = published(tmp_path)
    build_project(project)
    translate_po(project, "tr", "strike", lambda msgid: "[tr] eight" if "eight" in msgid else None)
    [tr, ru] = build_project(project).articles
    assert (tr.status, tr.outdated_since) == ("built", None)
    assert "outdated" not in front_of(page(project))["translation"]
    assert "[tr] eight" in page(project)
    assert ru.status == "skipped" and ru.outdated_since  # ru still behind


def test_fallback_publishes_the_correction_in_the_source_language(tmp_path: Path) -> None:
    project = published(tmp_path)  # min_complete 100: fallback publishes the correction anyway
    policy = resolve_policy(project.workflow.publish, outdated="fallback")
    [tr] = build_project(project, languages=["tr"], policy=policy).articles
    assert (tr.status, tr.outdated_since, tr.units_missing) == ("built", "2026-05-03T14:30:00Z", 1)
    text = page(project)
    assert "The strike lasted eight days." in text and "nine days" not in text
    assert "[tr] Dockers returned to work on Monday." in text
    state = front_of(text)["translation"]
    assert state["outdated"] is True and state["source_changed"] == "2026-05-03T14:30:00Z"
    # Rebuilt again: still outdated (the unit left in English is a changed one, not an old one).
    [again] = build_project(project, languages=["tr"], policy=policy).articles
    assert again.outdated_since == "2026-05-03T14:30:00Z" and not again.written


def test_withdraw_takes_the_page_off_the_site_until_it_is_translated_again(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path, min_complete=0)  # 0: without withdraw it would be rebuilt at once
    policy = resolve_policy(project.workflow.publish, outdated="withdraw")
    [tr, ru] = build_project(project, policy=policy).articles
    assert tr.status == ru.status == "skipped"
    assert tr.reason.endswith("build/tr/strike.md is withdrawn until then (publish.outdated: withdraw)")
    assert not (project.root / "build" / "tr" / "strike.md").exists()
    assert [a.status for a in build_project(project, policy=policy).articles] == ["skipped", "skipped"]
    assert not (project.root / "build" / "tr" / "strike.md").exists()
    translate_po(project, "ru", "strike", lambda msgid: "[ru] eight" if "eight" in msgid else None)
    tr, ru = build_project(project, policy=policy).articles
    assert (tr.status, ru.status) == ("skipped", "built")
    assert [link["lang"] for link in front_of(page(project, "ru"))["languages"]] == ["en"]  # tr is not linked
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert [(r["language"], r["outdated"] and r["outdated"]["withdrawn"]) for r in rows] == [("tr", True), ("ru", None)]
    assert "(build/tr/strike.md is withdrawn until then)" in run_cli("-C", project.root, "status").stdout


def test_an_edit_that_changes_no_unit_and_units_already_in_english_do_not_make_a_page_outdated(
    tmp_path: Path,
) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 50)
    translate_po(project, "tr", "strike", lambda msgid: None if msgid.startswith("Shipping") else f"[tr] {msgid}")
    assert build_project(project, languages=["tr"]).articles[0].units_missing == 1
    correct(project, ARTICLE.replace("author: Desk", "author: Foreign desk"))
    [tr] = build_project(project, languages=["tr"]).articles
    assert (tr.status, tr.outdated_since) == ("built", None)
    # A new sentence is a changed unit: untranslated, it makes the page outdated.
    correct(project, ARTICLE.replace("until Friday.", "until Friday. Ports reopen today."))
    [tr] = build_project(project, languages=["tr"]).articles
    assert tr.outdated_since == "2026-05-03T14:30:00Z"
    assert "1 unit to translate again" in tr.reason


def test_an_html_page_kept_outdated_says_so_in_its_head(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"))
    build_project(project, languages=["tr"], fmt="html")
    correct(project, CORRECTED)
    [tr] = build_project(project, languages=["tr"], fmt="html").articles
    html = (project.root / "build" / "tr" / "strike.html").read_text(encoding="utf-8")
    assert tr.outdated_since and '<meta name="transflow:outdated" content="2026-05-03T14:30:00Z">' in html


def test_the_outdated_policy_is_checked_in_workflow_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"workflow.yaml: publish.outdated: .*keep, fallback, withdraw"):
        new_project(tmp_path / "p", {"strike.md": ARTICLE}, "languages: [tr]\npublish:\n  outdated: hide\n")
    project = new_project(tmp_path / "q", {"strike.md": ARTICLE}, "languages: [tr]\npublish:\n  outdated: withdraw\n")
    assert project.workflow.publish.outdated == "withdraw"


def test_build_outdated_on_the_command_line_and_in_the_manifest(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path)
    result = run_cli("-C", project.root, "build", "--outdated", "fallback", "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["policy"]["outdated"] == "fallback"
    assert {a["outdated_since"] for a in manifest["articles"]} == {"2026-05-03T14:30:00Z"}
    result = run_cli("-C", project.root, "build")
    assert "outdated: the source changed on 2026-05-03T14:30:00Z" not in result.stdout  # keep: skipped now
    assert "is kept, marked outdated (publish.outdated: keep)" in result.stdout
    assert yaml.safe_load(page(project)[4:page(project).index("\n---\n", 3)])["translation"]["outdated"] is True


# --- status, the dashboard and scripts see it --------------------------------------------


def test_status_shows_the_outdated_language_first_in_every_format(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path)
    translate_po(project, "ru", "strike", lambda msgid: "[ru] eight" if "eight" in msgid else None)
    build_project(project)  # tr kept outdated; ru up to date again
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert [(r["language"], r["outdated"]) for r in rows] == [
        ("tr", {"since": "2026-05-03T14:30:00Z", "page": "build/tr/strike.md", "changed_units": 1,
                "withdrawn": False}),
        ("ru", None),
    ]
    table = run_cli("-C", project.root, "status").stdout
    assert ("outdated: the source changed on 2026-05-03T14:30:00Z; 1 unit to translate again "
            "(build/tr/strike.md is behind it)") in table
    csv_rows = run_cli("-C", project.root, "status", "--format", "csv").stdout.splitlines()
    assert csv_rows[0].endswith(",outdated_since,outdated_page,changed_units")
    assert csv_rows[1].startswith("strike,tr,") and csv_rows[1].endswith(",2026-05-03T14:30:00Z,build/tr/strike.md,1")
    dashboard = run_cli("-C", project.root, "status", "--format", "html").stdout
    assert dashboard.index('<section id="outdated">') < dashboard.index('<section id="matrix">')
    assert 'data-outdated="2026-05-03T14:30:00Z"' in dashboard
    assert "published page outdated" in run_cli("-C", project.root, "status", "--format", "markdown").stdout


def test_a_source_corrected_after_the_build_is_outdated_before_the_next_build(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path)  # corrected and updated, not built since
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert {r["language"]: r["outdated"]["changed_units"] for r in rows} == {"tr": 1, "ru": 1}
    assert {r["outdated"]["since"] for r in rows} == {"2026-05-03T14:30:00Z"}


def test_status_units_lists_the_changed_units_of_outdated_pages(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path)
    result = run_cli("-C", project.root, "status", "--units", "--state", "outdated", "--lang", "tr", "--format", "json")
    assert result.exit_code == 0, result.output
    [unit] = json.loads(result.stdout)["units"]
    assert (unit["state"], unit["outdated"]) == ("stale", True)
    assert unit["source"] == "The strike lasted eight days."
    assert unit["previous_source"] == "The strike lasted nine days."
    assert unit["translation"] == "[tr] The strike lasted nine days."
    csv_text = run_cli("-C", project.root, "status", "--units", "--state", "outdated", "--format", "csv").stdout
    assert csv_text.splitlines()[0].endswith(",line,outdated") and len(csv_text.splitlines()) == 3


def test_nothing_is_outdated_without_a_build_or_once_caught_up(tmp_path: Path, run_cli) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"))
    correct(project, CORRECTED)
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert {r["outdated"] for r in rows} == {None}  # nothing was published


def test_since_is_the_commit_that_changed_a_committed_source(tmp_path: Path, run_cli) -> None:
    project = published(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
           "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
           "GIT_COMMITTER_DATE": "2026-05-04T09:00:00+03:00", "GIT_AUTHOR_DATE": "2026-05-04T09:00:00+03:00"}
    for args in (["init", "-q"], ["add", "articles"], ["commit", "-qm", "Correct the strike's length"]):
        subprocess.run(["git", "-C", str(project.root), *args], check=True, env=env)
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert {r["outdated"]["since"] for r in rows} == {"2026-05-04T06:00:00Z"}
    project.article_path("strike").write_text(CORRECTED + "\nMore.\n", encoding="utf-8")  # uncommitted again
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert {r["outdated"]["since"] for r in rows} != {"2026-05-04T06:00:00Z"}


# --- minor edits -------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [
    ("The strike lasted nine days.", "The strike lasted nine days"),  # punctuation
    ("The strike lasted nine  days.", "The strike lasted nine days."),  # spacing
    ("The goverment agreed on Monday.", "The government agreed on Monday."),  # a typo
    ("Talks with biden resumed.", "Talks with Biden resumed."),  # case
    ("Dockers, returned to work.", "Dockers returned to work."),
])
def test_a_minor_edit_is_punctuation_spacing_case_or_a_typo(old: str, new: str) -> None:
    assert minor_edit(old, new)


@pytest.mark.parametrize(("old", "new"), [
    ("The strike lasted nine days.", "The strike lasted eight days."),  # another word
    ("The strike lasted 9 days.", "The strike lasted 8 days."),  # a number
    ("The talks will resume on Monday.", "The talks will not resume on Monday."),  # negation
    ("Talks with Biden resumed.", "Talks with Trump resumed."),  # a name
    ("Dockers returned to work on Monday.", "Dockers returned to work on Tuesday."),
    ("The port is open.", "The port is opened."),  # a short word: not a typo
    ("The goverment agred to the propsal.", "The government agreed to the proposal."),  # three words
])
def test_an_edit_that_changes_what_a_sentence_says_is_not_minor(old: str, new: str) -> None:
    assert not minor_edit(old, new)


MINOR = ARTICLE.replace("The strike lasted nine days.", "The strike lasted nine days").replace(
    "Shipping lines expect", "Shiping lines expect")


def test_update_minor_keeps_translations_and_reviews_through_a_typo_fix(tmp_path: Path, run_cli) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"), reviewer="kerem")
    project.article_path("strike").write_text(
        MINOR.replace("Dockers returned to work on Monday.", "Dockers returned to work on Tuesday."), encoding="utf-8")
    result = run_cli("-C", project.root, "update", "--minor", "strike", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["articles"][0]["languages"]["tr"]
    assert (summary["minor"], summary["stale"]) == (2, 1)
    po = polib.pofile(str(project.po_path("tr", "strike")))
    by_id = {entry.msgid: entry for entry in po if not entry.obsolete}
    kept = by_id["The strike lasted nine days"]
    assert kept.msgstr == "[tr] The strike lasted nine days." and "fuzzy" not in kept.flags
    assert "transflow-minor-edit: " in kept.tcomment and "was “The strike lasted nine days.”" in kept.tcomment
    assert "fuzzy" in by_id["Dockers returned to work on Tuesday."].flags  # Monday -> Tuesday is not minor
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    tr = next(row for row in rows if row["language"] == "tr")
    assert tr["units"]["reviewed"] == 3 and tr["units"]["stale"] == 1  # reviews kept: still valid
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(project.po_path("tr", "strike"))], check=True)


def test_without_minor_the_same_edit_goes_stale_and_minor_later_confirms_it(tmp_path: Path, run_cli) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"))
    project.article_path("strike").write_text(MINOR, encoding="utf-8")
    assert update_project(project).articles[0].languages[0].summary.stale == 2  # strict by default
    report = update_project(project, minor=["strike"])  # the editor says so after the fact
    assert report.articles[0].status == "updated"
    assert report.articles[0].languages[0].summary.minor == 2
    tr = json.loads(run_cli("-C", project.root, "status", "--format", "json", "--lang", "tr").stdout)["rows"][0]
    assert (tr["units"]["stale"], tr["units"]["translated"]) == (0, 4)
    assert update_project(project, minor=["strike"]).articles[0].status == "unchanged"


def test_a_minor_edit_to_a_published_source_needs_a_rebuild_not_a_translator(tmp_path: Path, run_cli) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"))
    build_project(project, languages=["tr"])
    correct_text = MINOR
    project.article_path("strike").write_text(correct_text, encoding="utf-8")
    update_project(project, minor=["strike"])
    [row] = json.loads(run_cli("-C", project.root, "status", "--format", "json", "--lang", "tr").stdout)["rows"]
    assert row["outdated"]["changed_units"] == 0
    assert "translated again: run 'transflow build'" in run_cli("-C", project.root, "status").stdout
    [tr] = build_project(project, languages=["tr"]).articles
    assert (tr.status, tr.outdated_since) == ("built", None)
    assert "The strike lasted nine days." in page(project)  # the translation, kept; the source's full stop went


def test_minor_names_an_article_being_updated(tmp_path: Path, run_cli, cli_error, snapshot) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE, "other.md": "Other text.\n"}, WORKFLOW % 100)
    project.article_path("strike").write_text(MINOR, encoding="utf-8")
    before = snapshot(project.root)
    message = cli_error(run_cli("-C", project.root, "update", "other", "--minor", "strike"))
    assert message == ("Error: --minor strike is not among the articles to update; name it with the others, "
                       "or update all")
    message = cli_error(run_cli("-C", project.root, "update", "--minor", "nope"))
    assert "nope" in message
    assert snapshot(project.root) == before


@pytest.mark.parametrize("outdated", ["hide", "Keep", ""])
def test_a_bad_outdated_policy_on_the_command_line_is_a_usage_error(tmp_path: Path, run_cli, snapshot,
                                                                      outdated: str) -> None:
    project = published(tmp_path)
    before = snapshot(project.root)
    result = run_cli("-C", project.root, "build", "--outdated", outdated)
    assert result.exit_code == 2 and "--outdated" in result.stderr
    assert snapshot(project.root) == before


def test_a_minor_edit_note_survives_msgcat_and_a_po_editor_rewrapping(tmp_path: Path, run_cli) -> None:
    project = new_project(tmp_path / "p", {"strike.md": ARTICLE}, WORKFLOW % 100)
    translate_po(project, "tr", "strike", tag("tr"), reviewer="kerem")
    project.article_path("strike").write_text(MINOR, encoding="utf-8")
    assert update_project(project, minor=["strike"]).ok
    path = project.po_path("tr", "strike")
    subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)
    po = polib.pofile(str(path), wrapwidth=30)
    po.save()
    kept = read_catalog(path).by_msgid()["The strike lasted nine days"]
    [note] = [note for note in kept.notes if note.startswith("transflow-minor-edit:")]
    assert note.endswith(" was “The strike lasted nine days.”")  # read whole again, however it was wrapped
    tr = json.loads(run_cli("-C", project.root, "status", "--format", "json", "--lang", "tr").stdout)["rows"][0]
    assert tr["units"]["reviewed"] == 4  # the reviews held through both tools


def test_a_swapped_pair_of_letters_is_a_typo() -> None:
    assert minor_edit("They will recieve aid.", "They will receive aid.")


# --- the README's examples ---------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _readme_example(heading: str) -> tuple[str, list[str]]:
    """The commands (the section's first sh block) and the output lines it shows (its first text block)."""
    section = README.read_text(encoding="utf-8").split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    commands = section.split("```sh\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    return commands, shown.splitlines()


def _run_readme(commands: str, root: Path) -> str:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", commands], cwd=root, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


PORT_STRIKE = "---\ntitle: Port strike ends\nauthor: Desk\n---\n\nDockers returned to work on Monday. The strike lasted nine days.\n"


def test_the_readmes_correction_example_is_what_transflow_prints(tmp_path: Path) -> None:
    commands, shown = _readme_example("### Corrections: a published original that changes")
    project = new_project(tmp_path / "p", {"port-strike.md": PORT_STRIKE}, WORKFLOW % 100)
    translate_po(project, "tr", "port-strike", tag("tr"))
    assert build_project(project, languages=["tr"]).articles[0].status == "built"
    printed = MOMENT.sub("<time>", _run_readme(commands, project.root))
    for line in shown:
        assert MOMENT.sub("<time>", line) in printed, line
    front = front_of((project.root / "build" / "tr" / "port-strike.md").read_text(encoding="utf-8"))
    assert front["translation"]["outdated"] is True


def test_the_readmes_embargo_example_is_what_transflow_prints(tmp_path: Path, monkeypatch) -> None:
    commands, shown = _readme_example("### Embargoes")
    embargoed = "---\ntitle: Summit deal reached\nembargo: 2026-05-04T06:00:00Z\n---\n\nLeaders agreed.\n"
    project = new_project(tmp_path / "p", {"summit-deal.md": embargoed}, WORKFLOW % 100)
    translate_po(project, "tr", "summit-deal", tag("tr"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777800000")  # 2026-05-03: before the embargo
    printed = _run_readme(commands, project.root)
    for line in shown:
        assert line in printed, line


def test_a_page_withdrawn_earlier_stays_withdrawn_under_keep(tmp_path: Path) -> None:
    project = published(tmp_path, min_complete=0)
    build_project(project, languages=["tr"], policy=resolve_policy(project.workflow.publish, outdated="withdraw"))
    [tr] = build_project(project, languages=["tr"]).articles  # keep: there is no page left to keep
    assert tr.status == "skipped" and tr.reason.endswith("is withdrawn until then (publish.outdated: keep)")
    assert not (project.root / "build" / "tr" / "strike.md").exists()


def test_a_kept_page_removed_by_hand_is_decided_again(tmp_path: Path) -> None:
    project = published(tmp_path, min_complete=0)
    build_project(project, languages=["tr"])  # kept, marked outdated
    (project.root / "build" / "tr" / "strike.md").unlink()
    [tr] = build_project(project, languages=["tr"]).articles  # no page to keep: min_complete 0 builds it
    assert (tr.status, tr.outdated_since) == ("built", None)
    assert "The strike lasted eight days." in page(project)
