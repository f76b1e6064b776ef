"""``transflow tm``: search, TMX export and import, through the CLI.

TMX is exchanged both ways with translate-toolkit: files written by its po2tmx and
its TMX store are imported, and what transflow exports is read back by that store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import check_cli_error
from transflow.formats.po import read_catalog
from transflow.formats.tmx import TranslationPair, pairs_to_tmx
from transflow.model.catalog import OriginKind
from transflow.ops.update import update_project
from transflow.workspace.project import Project

tmx_store = pytest.importorskip("translate.storage.tmx")

SLUG = "proximity-trilateral-military-partnership"
SENTENCE = ("The leaders met in August at Camp David and expressed commitment to coordinating responses to "
            "regional challenges.")


@pytest.fixture
def project(sample_project: Project, run_cli, tmp_path: Path) -> Project:
    """The sample with SLUG translated into Turkish by ayse, through pull and submit."""
    update_project(sample_project)
    work = tmp_path / "work"
    assert run_cli("-C", sample_project.root, "pull", "--lang", "tr", "--translator", "ayse", "--article", SLUG,
                   "--output", work).exit_code == 0
    po = polib.pofile(str(work / "tr" / f"{SLUG}.po"))
    for entry in po:
        entry.msgstr = f"TR & {entry.msgid}"  # an ampersand: XML escaping must survive
    po.save()
    result = run_cli("-C", sample_project.root, "submit", work / "tr" / f"{SLUG}.po")
    assert result.exit_code == 0, result.output
    return sample_project


def test_search_shows_score_band_article_and_a_word_diff(project: Project, run_cli, snapshot):
    query = SENTENCE.replace("August", "June")
    result = run_cli("-C", project.root, "tm", "search", query, "--lang", "tr")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("9") and f"articles/{SLUG}.md" in lines[0] and "[95-99%]" in lines[0]
    assert "[-August-]{+June+}" in lines[1]  # piped: the diff is marked, not colored
    assert lines[2] == f"  TR & {SENTENCE}"

    as_json = json.loads(run_cli("-C", project.root, "tm", "search", query, "--lang", "tr", "--format",
                                 "json").stdout)
    best = as_json["matches"][0]
    assert (best["source"], best["band"], best["article"]) == (SENTENCE, "95-99%", f"articles/{SLUG}.md")
    assert best["score"] == int(lines[0].split("%")[0])
    changed = [(piece["op"], piece["text"]) for piece in best["diff"] if piece["op"] != "equal"]
    assert changed == [("delete", "August"), ("insert", "June")]
    assert "".join(p["text"] for p in best["diff"] if p["op"] != "delete") == query

    words = json.loads(run_cli("-C", project.root, "tm", "search", "Camp David", "--words", "--lang", "tr",
                               "--format", "json").stdout)
    assert words["matches"] and all("Camp David" in m["source"] for m in words["matches"])
    assert "score" not in words["matches"][0] and "diff" not in words["matches"][0]
    before = snapshot(project.root)
    refused = run_cli("-C", project.root, "tm", "search", "Camp David", "--words", "--min", "80", "--lang", "tr")
    assert refused.exit_code == 2 and "--min scores a fuzzy search" in refused.stderr
    assert snapshot(project.root) == before

    none = run_cli("-C", project.root, "tm", "search", "Heavy rain over the capital.", "--lang", "tr")
    assert none.exit_code == 0 and none.stdout == "no match\n"


@pytest.mark.parametrize("args, message", [
    (["tm", "search", "x", "--lang", "xx"], "xx"),
    (["tm", "export", "--lang", "tr", "--output", "locales/tr/x.po"], "locales"),
    (["tm", "import", "missing.tmx"], "missing.tmx"),
])
def test_bad_requests_get_one_line_and_change_nothing(project: Project, run_cli, snapshot, args, message):
    before = snapshot(project.root)
    args = [str(project.root / a) if a.startswith(("locales/", "missing")) else a for a in args]
    line = check_cli_error(run_cli("-C", project.root, *args))
    assert message in line
    assert snapshot(project.root) == before


def test_export_is_read_by_translate_toolkit_with_dates_and_translator(project: Project, run_cli, tmp_path: Path):
    output = tmp_path / "tr.tmx"
    result = run_cli("-C", project.root, "tm", "export", "--lang", "tr", "--output", output)
    assert result.exit_code == 0, result.output
    catalog = read_catalog(project.po_path("tr", SLUG))
    store = tmx_store.tmxfile.parsefile(str(output))
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert pairs == {(e.msgid, e.msgstr) for e in catalog.entries}  # XML escaping survives
    assert f"{len(pairs)} translation units" in result.stdout
    first = store.units[0].xmlelement
    when = catalog.entries[0].translated.when
    assert first.get("creationid") == first.get("changeid") == "ayse"
    assert first.get("changedate") == when.replace("-", "").replace(":", "")


def _po2tmx(po: Path, output: Path) -> None:
    program = Path(sys.executable).parent / "po2tmx"
    if not program.exists():
        pytest.skip("translate-toolkit's po2tmx is not installed beside this Python")
    subprocess.run([str(program), "-l", "tr", str(po), str(output)], check=True, capture_output=True)


def test_a_po2tmx_memory_is_imported_and_offered_by_update(sample_project: Project, run_cli, tmp_path: Path):
    """An agency's memory (a PO file of another project, through po2tmx) feeds a new project."""
    update_project(sample_project)
    other = tmp_path / "agency.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "tr"}
    po.append(polib.POEntry(msgid=SENTENCE, msgstr="Liderler Ağustos'ta Camp David'de bir araya geldi[^1].",
                            tcomment="from the agency"))
    po.save(str(other))
    memory = tmp_path / "Agency memory 2026.tmx"
    _po2tmx(other, memory)
    data = memory.read_bytes()
    memory.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))  # as Windows tools save it

    result = run_cli("-C", sample_project.root, "tm", "import", memory, "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    assert imported["units"] == {"tr": 1} and imported["kept"].endswith("Agency-memory-2026.tmx")

    (sample_project.articles_dir / "new.md").write_text(f"---\ntitle: New\n---\n\n{SENTENCE}\n", encoding="utf-8")
    assert update_project(Project.open(sample_project.root)).ok
    (entry,) = [e for e in read_catalog(sample_project.po_path("tr", "new")).entries if e.msgid == SENTENCE]
    assert entry.msgstr == "Liderler Ağustos'ta Camp David'de bir araya geldi[^1]."
    assert entry.fuzzy and entry.origin.kind is OriginKind.EXACT
    assert entry.origin.article == "tm/Agency-memory-2026.tmx"


def test_a_memory_round_trips_through_translate_toolkits_store(project: Project, run_cli, tmp_path: Path):
    exported = tmp_path / "tr.tmx"
    assert run_cli("-C", project.root, "tm", "export", "--lang", "tr", "--output", exported).exit_code == 0
    store = tmx_store.tmxfile.parsefile(str(exported))
    resaved = tmp_path / "resaved.tmx"
    store.savefile(str(resaved))
    result = run_cli("-C", project.root, "tm", "import", resaved, "--lang", "tr")
    assert result.exit_code == 0, result.output
    search = json.loads(run_cli("-C", project.root, "tm", "search", SENTENCE, "--lang", "tr", "--format", "json",
                                "--min", "100").stdout)
    assert search["matches"][0]["target"] == f"TR & {SENTENCE}"


@pytest.mark.parametrize("content, message", [
    ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx version="1.4"><body/></tmx>', "entity"),
    ('<tmx version="1.4"><header srclang="en"/><body><tu>', "not well-formed"),
    ('<xliff version="1.2"/>', "not a TMX file"),
    ('<tmx version="1.4"><header srclang="de"/><body><tu><tuv xml:lang="de"><seg>Hallo</seg></tuv>'
     '<tuv xml:lang="tr"><seg>Merhaba</seg></tuv></tu></body></tmx>', "source language is 'de'"),
    ('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
     '<tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>', "holds no translations into"),
])
def test_a_bad_memory_file_is_refused_and_changes_nothing(project: Project, run_cli, snapshot, tmp_path: Path,
                                                          content: str, message: str):
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    before = snapshot(project.root)
    line = check_cli_error(run_cli("-C", project.root, "tm", "import", path))
    assert str(path) in line and message in line
    assert snapshot(project.root) == before


def test_inline_codes_of_a_cat_tool_memory_are_kept_as_text(project: Project, run_cli, tmp_path: Path):
    path = tmp_path / "cat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">'
        '<header srclang="en-US" creationtool="x" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>'
        '<body><tu tuid="7" creationid="AGENCY" changedate="20250101T120000Z">'
        '<tuv xml:lang="en-US"><seg>Read <bpt i="1">[</bpt>the report<ept i="1">](https://x.example/r)</ept>.</seg></tuv>'
        '<tuv xml:lang="tr-TR"><seg><bpt i="1">[</bpt>Raporu<ept i="1">](https://x.example/r)</ept> okuyun.</seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    result = run_cli("-C", project.root, "tm", "import", path)
    assert result.exit_code == 0, result.output
    search = json.loads(run_cli("-C", project.root, "tm", "search", "Read [the report](https://x.example/r).",
                                "--lang", "tr", "--format", "json", "--min", "100").stdout)
    assert search["matches"][0]["target"] == "[Raporu](https://x.example/r) okuyun."


def test_index_builds_the_memory_and_then_reads_only_what_changed(project: Project, run_cli):
    (project.state_dir / "memory.sqlite").unlink(missing_ok=True)
    first = json.loads(run_cli("-C", project.root, "tm", "index", "--json").stdout)
    languages, articles = len(project.workflow.languages), len(project.slugs())
    assert first["files_indexed"] == languages * articles
    assert first["units"] == len(read_catalog(project.po_path("tr", SLUG)).entries)
    again = json.loads(run_cli("-C", project.root, "tm", "index", "--json").stdout)
    assert again["files_indexed"] == 0 and again["units"] == first["units"]  # nothing new to index
    text = run_cli("-C", project.root, "tm", "index").stdout
    assert text.endswith(f"{first['units']} translations in the memory\n")


@pytest.mark.parametrize("encoding", ["UTF-16", "ISO-8859-1"])
def test_a_memory_in_another_encoding_is_read_as_declared(project: Project, run_cli, tmp_path: Path, encoding: str):
    path = tmp_path / "legacy.tmx"
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n<tmx version="1.4"><header srclang="en"/><body>'
            '<tu><tuv xml:lang="en"><seg>Café owners in Straße protested.</seg></tuv>'
            '<tuv xml:lang="tr"><seg>Straße’deki kafe sahipleri protesto etti.</seg></tuv></tu></body></tmx>')
    path.write_bytes(text.replace("’", "'").encode(encoding.lower().replace("iso-8859-1", "latin-1")))
    result = run_cli("-C", project.root, "tm", "import", path)
    assert result.exit_code == 0, result.output
    words = json.loads(run_cli("-C", project.root, "tm", "search", "straße CAFÉ", "--words", "--lang", "tr",
                               "--format", "json").stdout)
    assert [m["source"] for m in words["matches"]] == ["Café owners in Straße protested."]


def test_a_match_without_neighbours_is_never_in_context(project: Project, run_cli, tmp_path: Path):
    path = tmp_path / "plain.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Markets '
                    'reacted calmly.</seg></tuv><tuv xml:lang="tr"><seg>Piyasalar sakin.</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    assert run_cli("-C", project.root, "tm", "import", path).exit_code == 0
    found = json.loads(run_cli("-C", project.root, "tm", "search", "Markets reacted calmly.", "--lang", "tr",
                               "--format", "json").stdout)
    assert found["matches"][0]["score"] == 100 and found["matches"][0]["band"] == "100%"


def test_a_memory_that_cannot_be_opened_is_one_line(project: Project, run_cli):
    (project.state_dir / "memory.sqlite").unlink(missing_ok=True)
    (project.state_dir / "memory.sqlite").mkdir()
    line = check_cli_error(run_cli("-C", project.root, "tm", "search", "x", "--lang", "tr"))
    assert ".transflow/memory.sqlite" in line and "translation memory" in line
    assert (project.state_dir / "memory.sqlite").is_dir()  # not deleted: it is not ours to remove


def test_the_memory_and_imported_memories_are_never_committed(project: Project, run_cli, tmp_path: Path):
    # A project whose .transflow/ is gone and whose own .gitignore says nothing of it:
    # the commands that only read locales/ make the memory, and git must not see it.
    shutil.rmtree(project.root / ".transflow")
    memory = tmp_path / "agency.tmx"
    memory.write_text(pairs_to_tmx([TranslationPair("Markets reacted calmly.", "Piyasalar sakin.", "tr")], "en"),
                      encoding="utf-8")
    git = ["git", "-C", str(project.root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], check=True)
    for command in (["tm", "search", SENTENCE, "--lang", "tr"], ["report", "leverage"], ["tm", "import", memory]):
        result = run_cli("-C", project.root, *command)
        assert result.exit_code == 0, result.output
    assert (project.root / ".transflow" / "memory.sqlite").exists()
    assert list((project.root / ".transflow" / "tm").glob("*.tmx"))
    status = subprocess.run([*git, "status", "--porcelain", "--untracked-files=all"], capture_output=True,
                            text=True, check=True)
    assert status.stdout == ""
