"""Work done in locales/ by other tools: found by content, credited and counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest

from transflow.formats.po import read_catalog
from transflow.model.catalog import Attribution
from transflow.ops.activity import collect_activity
from transflow.ops.update import update_project
from transflow.workspace.outside import OUTSIDE_TRANSFLOW, is_outside_edit
from transflow.workspace.project import Project

SLUG = "trilateral-security-summit-asia-pacific"
EDITED_SENTENCE = "The exercise took place in international waters"
SINCE, UNTIL = dt.date(2000, 1, 1), dt.date(2100, 1, 1)


@pytest.fixture
def translated(sample_project: Project, run_cli, tmp_path: Path) -> Project:
    """Russian translated through transflow by olga (pull, then submit)."""
    root = sample_project.root
    update_project(sample_project)
    work = tmp_path / "work"
    assert run_cli("-C", root, "pull", "--lang", "ru", "--translator", "olga", "--article", SLUG,
                   "--output", work).exit_code == 0
    (path,) = sorted(work.rglob("*.po"))
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"RU {entry.msgid}"
    po.save()
    result = run_cli("-C", root, "submit", path)
    assert result.exit_code == 0, result.output
    return Project.open(root)


def _edit_in_locales(project: Project, last_translator: str, revised: str, index: int = 2) -> str:
    """A PO editor opened on locales/ changes one unit and stamps the header."""
    path = project.po_path("ru", SLUG)
    po = polib.pofile(str(path))
    po[index].msgstr = "Исправлено вне transflow."
    po.metadata["Last-Translator"] = last_translator
    po.metadata["PO-Revision-Date"] = revised
    po.save()
    return po[index].msgid


def _credited(project: Project) -> dict[str, int]:
    report = collect_activity(project, SINCE, UNTIL, by="translator", languages=["ru"])
    return {row.person: row.units for row in report.rows}


def test_units_written_by_transflow_are_not_outside_edits(translated: Project):
    catalog = read_catalog(translated.po_path("ru", SLUG))
    assert catalog.entries and not any(is_outside_edit(e) for e in catalog.entries)


@pytest.mark.parametrize(
    "last_translator, credited",
    [
        ("Dmitri Volkov <dmitri@example.org>", "dmitri"),  # a team member, by e-mail
        ("Dmitri Volkov <d.volkov@elsewhere.example>", "dmitri"),  # by exact name
        ("Weblate Admin <admin@example.org>", OUTSIDE_TRANSFLOW),  # nobody in the team
    ],
)
def test_an_edit_in_locales_is_credited_by_last_translator(translated: Project, last_translator: str,
                                                           credited: str):
    before = _credited(translated)
    units = before["olga"]
    _edit_in_locales(translated, last_translator, "2026-12-03 08:15+0100")
    after = _credited(translated)
    assert after == {"olga": units - 1, credited: 1}
    entry = read_catalog(translated.po_path("ru", SLUG)).entries[2]
    assert is_outside_edit(entry)


def test_update_records_the_credit_in_the_file(translated: Project):
    msgid = _edit_in_locales(translated, "Dmitri Volkov <dmitri@example.org>", "2026-12-03 08:15+0100")
    path = translated.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(EDITED_SENTENCE, "The exercise took place in disputed waters"),
                    encoding="utf-8")
    assert update_project(Project.open(translated.root)).ok
    entry = read_catalog(translated.po_path("ru", SLUG)).by_msgid()[msgid]
    assert entry.translated == Attribution("dmitri", "2026-12-03T07:15:00Z")
    assert not is_outside_edit(entry)  # credited once: the fingerprint is the new text's
    assert "# transflow-translated: dmitri 2026-12-03T07:15:00Z" in translated.po_path("ru", SLUG).read_text(
        encoding="utf-8")


def test_a_translation_made_in_locales_without_any_attribution_is_counted(sample_project: Project):
    update_project(sample_project)
    path = sample_project.po_path("id", SLUG)
    po = polib.pofile(str(path))
    po[0].msgstr = "Diterjemahkan di luar."
    po.metadata["Last-Translator"] = "Putri Lestari <putri@example.org>"
    po.metadata["PO-Revision-Date"] = "2026-12-02 10:00+0700"
    po.save()
    report = collect_activity(sample_project, SINCE, UNTIL, languages=["id"])
    assert [(r.person, r.activity, r.units) for r in report.rows] == [("putri", "translated", 1)]
