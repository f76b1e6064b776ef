"""transflow update: templates, PO files, merge on disk, incremental runs and bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel import Locale
from click.testing import CliRunner

from conftest import tree_snapshot
from transflow.cli import cli
from transflow.ops.update import update_project
from transflow.workspace.project import Project

REPO = Path(__file__).resolve().parents[1]
SLUG = "trilateral-security-summit-asia-pacific"
EDITED_SENTENCE = "The exercise took place in international waters"


def make_project(root: Path, languages: str | None = None) -> Project:
    """The sample project; with other ``languages``, a minimal workflow.yaml for them."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "articles", root / "articles")
    if languages is None:
        shutil.copy(REPO / "workflow.yaml", root / "workflow.yaml")
    else:
        (root / "workflow.yaml").write_text(f"languages: {languages}\n", encoding="utf-8")
    return Project.open(root)


def translate_all(project: Project, prefix: str = "T") -> dict[str, str]:
    """Fill every msgstr of every PO file; returns msgid -> msgstr of the last language."""
    written = {}
    for path in sorted(project.locales_dir.glob("*/*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"{prefix}[{path.parent.name}] {entry.msgid}"
            written[entry.msgid] = entry.msgstr
        po.save()
    return written


@pytest.fixture
def project(sample_project: Project) -> Project:
    return sample_project


def test_update_writes_a_template_and_a_po_file_per_language(project: Project):
    report = update_project(project)
    assert report.ok
    for slug in project.slugs():
        assert project.template_path(slug).is_file()
        for language in ("tr", "ru", "id"):
            po = polib.pofile(str(project.po_path(language, slug)))
            assert po.metadata["Language"] == language
            assert po.metadata["X-Transflow-Article"] == slug
            assert len(po) == len(polib.pofile(str(project.template_path(slug))))


# The contract: gettext's own plural table (what msginit writes) for tr, ru and pt_BR;
# CLDR's rule rendered for integers where gettext has none (id, ar). The names are
# Babel's English names, asked of Babel here rather than copied from one version.
@pytest.mark.parametrize(
    "language, plural_forms",
    [
        ("tr", "nplurals=2; plural=(n != 1);"),
        ("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
        ("id", "nplurals=1; plural=0;"),
        ("pt_BR", "nplurals=2; plural=(n > 1);"),
        ("ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : (n%100>=3 && n%100<=10) ? 3 : (n%100>=11 && n%100<=99) ? 4 : 5);"),
    ],
)
def test_po_headers_per_language(tmp_path: Path, language: str, plural_forms: str):
    project = make_project(tmp_path / "p", f"[{language}]")
    update_project(project)
    po = polib.pofile(str(project.po_path(language, SLUG)))
    assert po.metadata["Plural-Forms"] == plural_forms
    assert po.metadata["Language-Team"] == Locale.parse(language).english_name
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    for key in ("POT-Creation-Date", "PO-Revision-Date", "Project-Id-Version"):
        assert po.metadata[key]


def _set_plural_forms(path: Path, value: str) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata["Plural-Forms"] = value
    po.save(str(path))


@pytest.mark.parametrize(
    "written, kept",
    [
        ("nplurals=2; plural=n != 1;", True),  # same rule, another tool's spelling
        ("nplurals=2; plural=(n > 1);", True),  # same count: the file's choice
        ("nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", False),  # another count
    ],
)
def test_an_existing_plural_forms_header_is_kept_unless_its_count_differs(tmp_path: Path, written: str, kept: bool):
    project = make_project(tmp_path / "p", "[tr]")
    update_project(project)
    path = project.po_path("tr", SLUG)
    _set_plural_forms(path, written)
    (project.articles_dir / f"{SLUG}.md").write_text(
        (project.articles_dir / f"{SLUG}.md").read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )
    update_project(project)
    value = polib.pofile(str(path)).metadata["Plural-Forms"]
    assert value == (written if kept else "nplurals=2; plural=(n != 1);")


def test_references_and_block_comments(project: Project):
    update_project(project)
    pot = polib.pofile(str(project.template_path(SLUG)))
    source_lines = (project.articles_dir / f"{SLUG}.md").read_text(encoding="utf-8").split("\n")
    kinds = set()
    for entry in pot:
        kinds.add(entry.comment)
        for path, line in entry.occurrences:
            assert path == f"articles/{SLUG}.md"
            # the unit's first words stand on the referenced line
            assert entry.msgid.split()[0] in source_lines[int(line) - 1]
    assert {"title", "list item", "paragraph", "footnote"} <= kinds


def test_every_written_file_passes_msgfmt_check(project: Project):
    update_project(project)
    translate_all(project)
    (project.articles_dir / f"{SLUG}.md").write_text(
        (project.articles_dir / f"{SLUG}.md").read_text(encoding="utf-8").replace(
            EDITED_SENTENCE, "The exercise took place in disputed waters"
        ),
        encoding="utf-8",
    )
    update_project(project)
    files = sorted(project.locales_dir.rglob("*.po")) + sorted(project.locales_dir.glob("*.pot"))
    assert len(files) == 12
    for path in files:
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        if path.suffix == ".po":
            assert result.stderr == "", result.stderr  # POTs keep gettext's placeholder header values


def test_output_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b")
    update_project(first)
    update_project(second)
    a = {k: v[0] for k, v in tree_snapshot(first.locales_dir).items()}
    b = {k: v[0] for k, v in tree_snapshot(second.locales_dir).items()}
    assert a == b and len(a) == 12


def test_no_op_update_writes_nothing(project: Project):
    update_project(project)
    before = tree_snapshot(project.root)
    report = update_project(project)
    assert [a.status for a in report.articles] == ["unchanged"] * 3
    assert tree_snapshot(project.root) == before


def test_changed_source_keeps_translations_and_marks_the_edit_stale(project: Project):
    update_project(project)
    written = translate_all(project)
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(EDITED_SENTENCE, "The exercise took place in disputed waters"), encoding="utf-8")
    report = update_project(project)
    (article,) = [a for a in report.articles if a.article == SLUG]
    assert article.status == "updated"
    assert {lu.language: (lu.summary.stale, lu.summary.new, lu.summary.obsolete) for lu in article.languages} == {
        "tr": (1, 0, 0), "ru": (1, 0, 0), "id": (1, 0, 0)
    }
    po = polib.pofile(str(project.po_path("tr", SLUG)))
    (stale,) = [e for e in po if "fuzzy" in e.flags]
    assert "disputed" in stale.msgid and EDITED_SENTENCE in stale.previous_msgid
    assert stale.msgstr == written[stale.previous_msgid]
    # the other articles were not touched
    assert [a.status for a in report.articles if a.article != SLUG] == ["unchanged", "unchanged"]


def test_check_writes_nothing_and_names_out_of_date_articles(project: Project):
    update_project(project)
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    before = tree_snapshot(project.root)
    result = CliRunner().invoke(cli, ["-C", str(project.root), "update", "--check"])
    assert result.exit_code == 1
    assert f"out of date: {SLUG}" in result.stderr
    assert tree_snapshot(project.root) == before
    assert CliRunner().invoke(cli, ["-C", str(project.root), "update"]).exit_code == 0
    assert CliRunner().invoke(cli, ["-C", str(project.root), "update", "--check"]).exit_code == 0


def test_json_summary(project: Project):
    import json

    result = CliRunner().invoke(cli, ["-C", str(project.root), "update", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {a["article"]: a["status"] for a in data["articles"]} == dict.fromkeys(project.slugs(), "created")
    counts = data["articles"][0]["languages"]["tr"]
    assert counts["new"] == len(polib.pofile(str(project.template_path(data["articles"][0]["article"]))))


def test_corrupt_po_is_named_left_untouched_and_the_rest_processed(project: Project):
    update_project(project)
    bad = project.po_path("ru", SLUG)
    lines = bad.read_text(encoding="utf-8").split("\n")
    lines.insert(30, "this line is not PO syntax")
    bad.write_text("\n".join(lines), encoding="utf-8")
    bad_bytes = bad.read_bytes()
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "update"])
    assert result.exit_code == 1
    (line,) = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    assert f"locales/ru/{SLUG}.po:31: syntax error" in line
    assert bad.read_bytes() == bad_bytes
    for language in ("tr", "id"):
        assert "A new closing paragraph." in project.po_path(language, SLUG).read_text(encoding="utf-8")


def test_po_in_the_wrong_language_folder_is_refused(project: Project):
    update_project(project)
    tr, ru = project.po_path("tr", SLUG), project.po_path("ru", SLUG)
    misplaced = tr.read_bytes()
    ru.write_bytes(misplaced)
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    report = update_project(project)
    assert any(f"locales/ru/{SLUG}.po" in e and "Language header says 'tr'" in e for e in report.errors)
    assert ru.read_bytes() == misplaced


def test_read_only_po_file_is_reported_not_lost(project: Project, monkeypatch: pytest.MonkeyPatch):
    update_project(project)
    target = project.po_path("tr", SLUG)
    target.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: make os.access answer as for a user
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode))
    before = target.read_bytes()
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    report = update_project(project)
    assert any(e.startswith(f"locales/tr/{SLUG}.po: file is read-only") for e in report.errors)
    assert target.read_bytes() == before
    assert "More." in project.po_path("ru", SLUG).read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", ["../etc", "a/b", "..", "x/../../y"])
def test_slugs_with_paths_are_refused(project: Project, slug: str):
    result = CliRunner().invoke(cli, ["-C", str(project.root), "update", slug])
    assert result.exit_code == 1
    assert "not a valid article slug" in result.stderr
    assert not project.locales_dir.exists()


def test_broken_front_matter_names_the_article_and_line(project: Project):
    path = project.articles_dir / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "update"])
    assert result.exit_code == 1
    assert "articles/broken.md:" in result.stderr and "front matter" in result.stderr
    assert not project.template_path("broken").exists()
    assert project.template_path(SLUG).exists()  # the others were processed


def test_removed_article_keeps_its_files_and_is_reported_orphaned(project: Project):
    update_project(project)
    before = {p: p.read_bytes() for p in project.locales_dir.rglob(f"{SLUG}.po*")}
    (project.articles_dir / f"{SLUG}.md").unlink()
    report = update_project(Project.open(project.root))
    assert (SLUG, "orphaned") in [(a.article, a.status) for a in report.articles]
    assert {p: p.read_bytes() for p in project.locales_dir.rglob(f"{SLUG}.po*")} == before


def test_renamed_article_takes_its_translations_along(project: Project):
    update_project(project)
    written = translate_all(project)
    (project.articles_dir / f"{SLUG}.md").rename(project.articles_dir / "asia-pacific-summit.md")
    report = update_project(Project.open(project.root))
    assert ("asia-pacific-summit", "renamed") in [(a.article, a.status) for a in report.articles]
    assert not project.template_path(SLUG).exists()
    po = polib.pofile(str(project.po_path("ru", "asia-pacific-summit")))
    assert po.metadata["X-Transflow-Article"] == "asia-pacific-summit"
    assert all(e.msgstr and not e.fuzzy for e in po)
    assert po.percent_translated() == 100
    assert written  # sanity: translations existed before the rename


def test_new_language_gets_po_files(tmp_path: Path):
    project = make_project(tmp_path / "p", "[tr]")
    update_project(project)
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("[tr]", "[tr, de]", 1), encoding="utf-8")
    report = update_project(Project.open(project.root))
    assert all(a.status == "updated" for a in report.articles)
    assert project.po_path("de", SLUG).exists()


def test_same_sentence_translated_elsewhere_is_prefilled(project: Project):
    update_project(project)
    translate_all(project)
    sentence = "Consequently, regional security has become open to multilayered and non-aligned structures."
    (project.articles_dir / "digest.md").write_text(f"# Digest\n\n{sentence}\n", encoding="utf-8")
    update_project(Project.open(project.root))
    po = polib.pofile(str(project.po_path("tr", "digest")))
    entry = po.find(sentence)
    assert entry.msgstr == f"T[tr] {sentence}" and "fuzzy" in entry.flags
    assert f"transflow-origin: exact match in articles/{SLUG}.md" in entry.tcomment


def test_update_runs_as_a_subprocess(project: Project):
    result = subprocess.run(
        [sys.executable, "-m", "transflow", "update", "--json"], cwd=project.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar when piped


def test_changing_segmentation_offers_the_old_translations_instead_of_orphaning_them(project: Project):
    update_project(project)
    translate_all(project)
    written = {e.msgstr for e in polib.pofile(str(project.po_path("tr", SLUG)))}
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("segmentation: sentence", "segmentation: paragraph"),
                        encoding="utf-8")
    report = update_project(Project.open(project.root))
    assert report.ok and all(a.status == "updated" for a in report.articles)
    po = polib.pofile(str(project.po_path("tr", SLUG)))
    paragraph = next(e for e in po if e.msgid.startswith("On July 11, 2025"))
    # the paragraph's four sentences, translated, joined in order, as a stale suggestion
    assert paragraph.fuzzy and paragraph.msgstr.startswith("T[tr] On July 11, 2025")
    assert paragraph.msgstr.count("T[tr] ") == 4
    kept = {e.msgstr for e in po if e.msgstr} | {e.msgstr for e in po.obsolete_entries()}
    assert all(any(s in k for k in kept) for s in written)  # each old translation is in some entry


def test_a_slug_with_po_files_of_its_own_is_not_taken_for_a_rename(project: Project):
    """Deleting a template must not make another article's files move (review finding)."""
    source = project.articles_dir / "proximity-trilateral-military-partnership.md"
    (project.articles_dir / "copy-of-prox.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    update_project(Project.open(project.root))
    translate_all(project)
    copied = project.po_path("tr", "copy-of-prox").read_bytes()
    (project.articles_dir / "copy-of-prox.md").unlink()
    project.template_path("proximity-trilateral-military-partnership").unlink()
    report = update_project(Project.open(project.root))
    statuses = {a.article: a.status for a in report.articles}
    assert statuses["proximity-trilateral-military-partnership"] == "created"  # its template is made anew
    assert statuses["copy-of-prox"] == "orphaned"
    assert project.po_path("tr", "copy-of-prox").read_bytes() == copied


def test_other_tools_header_data_survives_update_and_submit(project: Project, tmp_path: Path):
    """What Poedit, msginit or Weblate keep in a header is theirs: credits, team, generator."""
    update_project(project)
    path = project.po_path("tr", SLUG)
    po = polib.pofile(str(path), wrapwidth=0)
    po.header += "\nAyşe Demir <ayse@example.org>, 2026."
    po.metadata.update({"Language-Team": "Turkish <tr@li.org>", "X-Generator": "Poedit 3.4.2",
                        "Report-Msgid-Bugs-To": "desk@example.org"})
    po.save()

    def kept() -> None:
        text = path.read_text(encoding="utf-8")
        assert "# Ayşe Demir <ayse@example.org>, 2026.\n" in text
        again = polib.pofile(str(path))
        assert again.metadata["Language-Team"] == "Turkish <tr@li.org>"
        assert again.metadata["X-Generator"] == "Poedit 3.4.2"
        assert again.metadata["Report-Msgid-Bugs-To"] == "desk@example.org"
        assert again.metadata["X-Transflow-Article"] == SLUG  # transflow's own stay too

    article = project.article_path(SLUG)
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence for the record.\n", encoding="utf-8")
    assert update_project(Project.open(project.root)).ok
    kept()
    out = tmp_path / "work"
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(project.root), "pull", "--lang", "tr", "--translator", "ayse",
                               "--article", SLUG, "--output", str(out)]).exit_code == 0
    pulled = polib.pofile(str(out / "tr" / f"{SLUG}.po"))
    pulled.find("One more sentence for the record.").msgstr = "Kayıt için bir cümle daha."
    pulled.save()
    result = runner.invoke(cli, ["-C", str(project.root), "submit", str(out / "tr" / f"{SLUG}.po")])
    assert result.exit_code == 0, result.output
    kept()
    assert update_project(Project.open(project.root)).ok
    kept()


def test_an_update_over_worker_processes_writes_what_one_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import transflow.ops.update as update_module
    from transflow.util import parallel

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    roots = [tmp_path / "serial", tmp_path / "parallel"]
    for root in roots:
        make_project(root)
        assert update_project(Project.open(root)).ok
        translate_all(Project.open(root))
        for article in sorted((root / "articles").glob("*.md")):
            article.write_text(article.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    serial = update_project(Project.open(roots[0]))
    pools: list[int] = []

    class CountingPool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers", 0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(update_module, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    in_workers = update_project(Project.open(roots[1]))
    assert pools == [2]
    assert in_workers.as_dict() == serial.as_dict()
    assert {k: v[0] for k, v in tree_snapshot(roots[1] / "locales").items()} == {
        k: v[0] for k, v in tree_snapshot(roots[0] / "locales").items()
    }


# --- the cache of current articles ------------------------------------------------------


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written by the test are seconds old; let the cache take them at once.
    from transflow.util import statcache

    monkeypatch.setattr(statcache, "RACY_SECONDS", 0)


def _refuse_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(self: Project, slug: str):
        raise AssertionError(f"{slug} was read again")

    monkeypatch.setattr(Project, "read_article", no_reading)


def test_a_no_op_update_reads_no_file_of_an_article_found_current(project: Project, no_racy_window: None,
                                                                 monkeypatch: pytest.MonkeyPatch):
    update_project(project)
    update_project(Project.open(project.root))  # finds every article current, and records it
    assert (project.root / ".transflow" / "cache" / "update.json").is_file()
    _refuse_reading(monkeypatch)
    report = update_project(Project.open(project.root))
    assert [a.status for a in report.articles] == ["unchanged"] * 3


def _rewrite_keeping_mtime(path: Path, old: str, new: str) -> None:
    """An edit of the same size with the old modification time put back, as `touch -r` or
    a careless tool would: only the change time tells."""
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    st = path.stat()
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_an_edited_article_is_seen_though_size_and_mtime_are_the_same(project: Project, no_racy_window: None):
    update_project(project)
    update_project(Project.open(project.root))
    _rewrite_keeping_mtime(project.articles_dir / f"{SLUG}.md", "international waters", "international seas  ")
    report = update_project(Project.open(project.root))
    assert {a.article: a.status for a in report.articles}[SLUG] == "updated"
    assert "international seas" in project.template_path(SLUG).read_text(encoding="utf-8")


def test_a_po_file_edited_by_another_tool_is_seen(project: Project, no_racy_window: None):
    update_project(project)
    update_project(Project.open(project.root))
    path = project.po_path("ru", SLUG)
    text = path.read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith('"X-Transflow-Source-Hash: ')]
    forged = line[:27] + ("0" if line[27] != "0" else "1") + line[28:]
    _rewrite_keeping_mtime(path, line, forged)
    report = update_project(Project.open(project.root))
    assert {a.article: a.status for a in report.articles}[SLUG] == "updated"
    assert line in path.read_text(encoding="utf-8")  # the header is right again


@pytest.mark.parametrize("content", ["not json", '{"context": [], "files": {}}', '{"context": 1, "files": []}', ""])
def test_a_foreign_or_broken_cache_is_ignored(project: Project, no_racy_window: None, content: str):
    update_project(project)
    cache = project.root / ".transflow" / "cache" / "update.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(content, encoding="utf-8")
    path = project.articles_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    report = update_project(Project.open(project.root))
    assert {a.article: a.status for a in report.articles}[SLUG] == "updated"


def test_a_new_language_is_not_answered_from_the_cache(project: Project, no_racy_window: None):
    update_project(project)
    update_project(Project.open(project.root))
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("languages: [tr, ru, id]", "languages: [tr, ru, id, de]"),
                        encoding="utf-8")
    assert "de]" in workflow.read_text(encoding="utf-8")
    report = update_project(Project.open(project.root))
    assert report.ok and all(a.status == "updated" for a in report.articles)
    assert project.po_path("de", SLUG).is_file()
