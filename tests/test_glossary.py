"""The glossary end to end: glossary.yaml validated with located errors, appended to
without touching a byte of what people wrote, exchanged as TBX and CSV (also with
translate-toolkit's TBX), shown in pulled files and checked on submit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from translate.storage import tbx as tt_tbx

from conftest import REPO_ROOT
from transflow.formats.glossary import append_terms, load_glossary
from transflow.formats.po import read_catalog
from transflow.model.glossary import Term
from transflow.ops.update import update_project
from transflow.workspace.project import Project

SLUG = "proximity-trilateral-military-partnership"
GLOSSARY = """\
# Terms of the desk (written by people).
terms:
  - source: North Korea
    tr: Kuzey Kore        # the agency's usage
    ru: [Северная Корея, КНДР]
    forbidden: {tr: [K. Kore]}

  - source: Camp David
    translate: false
"""


@pytest.fixture
def project(sample_project: Project) -> Project:
    (sample_project.root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    assert update_project(sample_project).ok
    return Project.open(sample_project.root)


def test_the_sample_projects_glossary_is_valid_and_every_term_occurs_in_its_articles() -> None:
    glossary = load_glossary(REPO_ROOT / "glossary.yaml", "glossary.yaml")
    text = " ".join(path.read_text(encoding="utf-8") for path in (REPO_ROOT / "articles").glob("*.md"))
    project = Project.open(REPO_ROOT)
    found = {t.source for t in project.term_index.terms_in(text)}
    assert len(glossary) >= 5 and found == {t.source for t in glossary.terms}


@pytest.mark.parametrize(("text", "line", "message"), [
    ("terms:\n  - source: Camp David\n    transalte: false\n", 2,
     "terms[0]: unknown key 'transalte' (a language code such as tr, or one of: case, forbidden, note, source, "
     "translate)"),
    ("terms:\n  - tr: Kuzey Kore\n", 2, "terms[0]: 'source' is missing"),
    ("terms:\n  - source: A\n  - source: B\n    translate: 'no'\n", 3, "terms[1]: translate: expected true or false"),
    ("terms:\n  - source: North Korea\n    tr: Kuzey Kore\n  - source: north korea\n    tr: K. Kore\n", 4,
     "terms[1]: 'north korea' is in the glossary already (line 2)"),
    ("terms:\n  - source: North Korea\n    tr: Kuzey Kore\n    forbidden: {tr: Kuzey Kore}\n", 2,
     "'Kuzey Kore' is both approved and forbidden in tr"),
    ("terms:\n  - source: X\n    forbidden: {klingon: [Y]}\n", 2, "forbidden: 'klingon' is not a language code"),
    ("terms:\n  - source: X\n    case: upper\n", 2, "case: 'upper' is not one of: auto, sensitive, insensitive"),
    ("terms:\n  - source: X\n    tr: [A, 3]\n", 2, "terms[0].tr: expected a translation or a list of them"),
    ("terms:\n  - Camp David\n", 2, "terms[0]: expected a term such as"),
    ("terms: {source: X}\n", 1, "terms: expected a list of terms"),
    ("words:\n  - source: X\n", 1, "unknown key 'words'"),
    ("terms:\n  - source: [unclosed\n", 3, "malformed YAML"),
])
def test_a_broken_glossary_is_one_located_line_and_changes_nothing(project, run_cli, cli_error, snapshot, tmp_path,
                                                                    text, line, message) -> None:
    (project.root / "glossary.yaml").write_text(text, encoding="utf-8")
    before = snapshot(project.root)
    for args in (("glossary", "list"), ("check",), ("pull", "--lang", "tr", "--article", SLUG, "--output",
                                                      tmp_path / "out")):
        error = cli_error(run_cli("-C", project.root, *args))
        assert error.startswith(f"Error: glossary.yaml:{line}"), error
        assert message in error, error
    assert snapshot(project.root) == before
    assert not (tmp_path / "out").exists()


def test_add_appends_and_keeps_every_byte_people_wrote(project, run_cli) -> None:
    path = project.root / "glossary.yaml"
    before = path.read_bytes()
    result = run_cli("-C", project.root, "glossary", "add", "minilateralism", "--translation", "tr=minilateralizm",
                     "--translation", "ru=минилатерализм", "--translation", "ru=минилатеральность",
                     "--note", "cooperation among a few states")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode() == (
        "  - source: minilateralism\n    tr: minilateralizm\n    ru: [минилатерализм, минилатеральность]\n"
        "    note: cooperation among a few states\n")
    terms = load_glossary(path, "glossary.yaml").terms
    assert terms[-1] == Term("minilateralism", {"tr": ("minilateralizm",), "ru": ("минилатерализм", "минилатеральность")},
                             note="cooperation among a few states")
    again = run_cli("-C", project.root, "glossary", "add", "MINILATERALISM", "--translation", "tr=x")
    assert again.exit_code == 1 and "is in the glossary already (line 10)" in again.stderr
    assert path.read_bytes() == after


@pytest.mark.parametrize("variant", ["crlf", "bom", "empty-list", "no-file", "no-final-newline", "comment-after"])
def test_append_keeps_the_files_conventions(variant: str) -> None:
    text = {"crlf": GLOSSARY.replace("\n", "\r\n"), "bom": "\ufeff" + GLOSSARY, "empty-list": "terms: []\n",
            "no-file": "", "no-final-newline": GLOSSARY.rstrip("\n"),
            "comment-after": GLOSSARY + "\n# end of the desk's terms\n"}[variant]
    term = Term("Pyongyang", {"ru": ("Пхеньян",)})
    out = append_terms(text, [term])
    if variant == "crlf":
        assert "\n" not in out.replace("\r\n", "")
    if variant == "bom":
        assert out.startswith("\ufeff# Terms") and out.count("\ufeff") == 1
    if variant == "comment-after":
        assert out.endswith("  - source: Pyongyang\n    ru: Пхеньян\n\n# end of the desk's terms\n")
    import yaml

    data = yaml.safe_load(out.lstrip("\ufeff"))
    assert data["terms"][-1] == {"source": "Pyongyang", "ru": "Пхеньян"}
    assert len(data["terms"]) == (0 if variant in ("empty-list", "no-file") else 2) + 1


def test_tbx_and_csv_round_trip_between_two_projects(project, run_cli, sample_project_factory) -> None:
    for suffix in (".tbx", ".csv"):
        exported = project.root.parent / f"terms{suffix}"
        assert run_cli("-C", project.root, "glossary", "export", "--output", exported).exit_code == 0
        other = sample_project_factory()
        result = run_cli("-C", other.root, "glossary", "import", exported, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["added"] == ["North Korea", "Camp David"]
        assert load_glossary(other.root / "glossary.yaml", "g").terms == load_glossary(
            project.root / "glossary.yaml", "g").terms
        again = run_cli("-C", other.root, "glossary", "import", exported)
        assert again.exit_code == 0 and "added 0 term(s); 2 already in glossary.yaml" in again.stdout


def test_the_tbx_is_what_weblate_reads(project, run_cli) -> None:
    out = project.root.parent / "terms.tbx"
    assert run_cli("-C", project.root, "glossary", "export", "--output", out).exit_code == 0
    root = ET.parse(out).getroot()
    assert root.tag == "martif"
    statuses = [n.text for n in root.iter("termNote") if n.get("type") == "administrativeStatus"]
    assert "deprecatedTerm-admn-sts" in statuses  # K. Kore
    assert [n.text for n in root.iter("termNote") if n.get("type") == "translationNote"] == ["no"]  # Camp David
    # translate-toolkit (Weblate's file layer) reads every term of it.
    store = tt_tbx.tbxfile.parsestring(out.read_bytes())
    assert [unit.source for unit in store.units] == ["North Korea", "Camp David"]


def test_a_tbx_from_translate_toolkit_and_a_tbx_v3_file_are_imported(project, run_cli, tmp_path) -> None:
    store = tt_tbx.tbxfile(sourcelanguage="en", targetlanguage="tr")
    unit = store.addsourceunit("Indo-Pacific")
    unit.target = "Hint-Pasifik"
    (tmp_path / "tt.tbx").write_bytes(bytes(store))
    (tmp_path / "v3.tbx").write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>termbase</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">The capital of North Korea</descrip>
      <langSec xml:lang="en"><termSec><term>Pyongyang</term></termSec></langSec>
      <langSec xml:lang="ru-RU">
        <termSec><term>Пхеньян</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Пьонгьянг</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="de"><termSec><term>Pjöngjang</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
""", encoding="utf-8")
    # translate-toolkit before 3.14 names the target language "xx" whatever it is: --lang says which.
    tt = run_cli("-C", project.root, "glossary", "import", tmp_path / "tt.tbx", "--lang", "tr")
    assert tt.exit_code == 0, tt.output
    v3 = run_cli("-C", project.root, "glossary", "import", tmp_path / "v3.tbx")
    assert v3.exit_code == 0 and "note: 1 translation(s) in 'de' left out" in v3.stderr
    terms = {t.source: t for t in load_glossary(project.root / "glossary.yaml", "g").terms}
    assert terms["Indo-Pacific"].translations == {"tr": ("Hint-Pasifik",)}
    assert terms["Pyongyang"] == Term("Pyongyang", {"ru": ("Пхеньян",)}, {"ru": ("Пьонгьянг",)},
                                      note="The capital of North Korea")  # German is not a project language


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"<martif><text><body><termEntry>", (), "terms.tbx:1: not well-formed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><martif/>', (), "holds entity declarations"),
    (b"<tmx version='1.4'/>", (), "is not a TBX file (its root is <tmx>)"),
    (b"source,target\nNorth Korea,Kuzey Kore\n", (), "has a 'target' column; say its language with --lang"),
    (b"source,klingon\nNorth Korea,x\n", (), "the column 'klingon' is not a language of this project"),
    (b"term;tr\nx;y\n", (), "has no 'source' column"),
    (b"source,tr,translate\nNorth Korea,Kuzey Kore,maybe\n", (), "terms.csv:2: translate is 'maybe'"),
    (b"source,tr\n\xff\xfe,x\n", (), "not UTF-8"),
])
def test_a_broken_exchange_file_is_one_line_and_changes_nothing(project, run_cli, cli_error, snapshot, tmp_path,
                                                                 content, args, message) -> None:
    name = "terms.tbx" if content.lstrip().startswith(b"<") else "terms.csv"
    (tmp_path / name).write_bytes(content)
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "glossary", "import", tmp_path / name, *args))
    assert message in error
    assert snapshot(project.root) == before


def test_a_bilingual_csv_from_weblate_is_read_for_the_language_given(project, run_cli, tmp_path) -> None:
    (tmp_path / "weblate.csv").write_text("source,target,explanation\nIndo-Pacific,Hint-Pasifik,region\n",
                                          encoding="utf-8")
    dry = run_cli("-C", project.root, "glossary", "import", tmp_path / "weblate.csv", "--lang", "tr", "--dry-run")
    assert dry.exit_code == 0 and "would add 1 term(s)" in dry.stdout
    assert "Indo-Pacific" not in (project.root / "glossary.yaml").read_text(encoding="utf-8")
    assert run_cli("-C", project.root, "glossary", "import", tmp_path / "weblate.csv", "--lang", "tr").exit_code == 0
    term = load_glossary(project.root / "glossary.yaml", "g").terms[-1]
    assert term == Term("Indo-Pacific", {"tr": ("Hint-Pasifik",)}, note="region")


def test_list_shows_terms_and_finds_those_of_a_sentence(project, run_cli) -> None:
    result = run_cli("-C", project.root, "glossary", "list", "--lang", "tr")
    assert result.stdout == "North Korea: tr: Kuzey Kore\n    not in tr: K. Kore\nCamp David: keep as written\n"
    found = run_cli("-C", project.root, "glossary", "list", "--in", "Talks at Camp David.", "--format", "json")
    assert [t["source"] for t in json.loads(found.stdout)] == ["Camp David"]


def test_pulled_files_show_each_units_terms_in_po_and_xliff(project, run_cli, tmp_path) -> None:
    out = tmp_path / "work"
    for fmt in ("po", "xliff"):
        result = run_cli("-C", project.root, "pull", "--lang", "tr", "--article", SLUG, "--output", out / fmt,
                         "--format", fmt)
        assert result.exit_code == 0, result.output
    po = polib.pofile(str(out / "po" / "tr" / f"{SLUG}.po"))
    by_id = {e.msgid: e for e in po}
    camp = next(m for m in by_id if m.startswith("The leaders met in August at Camp David"))
    assert by_id[camp].comment.splitlines()[1:] == ["glossary: Camp David: keep as written"]
    korea = next(m for m in by_id if "North Korea’s activities" in m)
    assert "glossary: North Korea → Kuzey Kore; not K. Kore" in by_id[korea].comment
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(out / "po" / "tr" / f"{SLUG}.po")]).returncode == 0
    xliff = (out / "xliff" / "tr" / f"{SLUG}.xlf").read_text(encoding="utf-8")
    assert "glossary: North Korea → Kuzey Kore; not K. Kore" in xliff


def _submit_one(project, run_cli, tmp_path, starts: str, text: str, *options: str):
    out = tmp_path / "work"
    assert run_cli("-C", project.root, "pull", "--lang", "tr", "--translator", "ayse", "--output", out,
                   "--force").exit_code == 0
    path = out / "tr" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(starts))
    entry.msgstr = text
    po.save()
    return run_cli("-C", project.root, "submit", path, *options), entry.msgid


def test_submit_rejects_a_forbidden_translation_and_warns_of_a_missing_one(project, run_cli, tmp_path) -> None:
    result, msgid = _submit_one(project, run_cli, tmp_path, "These actions aim",
                                "Bu eylemler, özellikle K. Kore'nin faaliyetlerine ilişkin bölgesel güvenlik "
                                "sorunlarını ele almayı amaçlıyor.")
    assert result.exit_code == 1
    assert "rejected (glossary-forbidden): the glossary forbids “K. Kore” for “North Korea”" in result.stderr
    assert not read_catalog(project.po_path("tr", SLUG)).by_msgid()[msgid].msgstr
    result, msgid = _submit_one(project, run_cli, tmp_path, "These actions aim",
                                "Bu eylemler, özellikle Pyongyang'ın faaliyetlerine ilişkin bölgesel güvenlik "
                                "sorunlarını ele almayı amaçlıyor.")
    assert result.exit_code == 0, result.output
    assert "warning (glossary): the glossary translates “North Korea” as “Kuzey Kore”" in result.stdout
    assert read_catalog(project.po_path("tr", SLUG)).by_msgid()[msgid].msgstr.startswith("Bu eylemler")


def test_strict_glossary_rejects_a_missing_approved_translation(project, run_cli, tmp_path) -> None:
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8") + "glossary: strict\n", encoding="utf-8")
    result, msgid = _submit_one(project, run_cli, tmp_path, "These actions aim",
                                "Bu eylemler, özellikle Pyongyang'ın faaliyetlerine ilişkin bölgesel güvenlik "
                                "sorunlarını ele almayı amaçlıyor.")
    assert result.exit_code == 1 and "rejected (glossary)" in result.stderr
    assert not read_catalog(project.po_path("tr", SLUG)).by_msgid()[msgid].msgstr


@pytest.fixture
def sample_project_factory(tmp_path: Path):
    """More sample projects beside the first, each in its own folder."""
    made = []

    def make() -> Project:
        root = tmp_path / f"other{len(made)}"
        root.mkdir()
        shutil.copy2(REPO_ROOT / "workflow.yaml", root / "workflow.yaml")
        shutil.copytree(REPO_ROOT / "articles", root / "articles")
        made.append(root)
        return Project.open(root)

    return make


def test_a_new_project_starts_with_a_commented_glossary_that_add_fills(tmp_path, run_cli) -> None:
    assert run_cli("init", tmp_path / "desk").exit_code == 0
    root = tmp_path / "desk"
    empty = run_cli("-C", root, "glossary", "list")
    assert empty.exit_code == 0 and "the glossary has no terms yet" in empty.stderr
    assert run_cli("-C", root, "glossary", "add", "Camp David", "--no-translate").exit_code == 0
    text = (root / "glossary.yaml").read_text(encoding="utf-8")
    assert text.startswith("# The glossary") and "#   forbidden: {tr: [K. Kore]}" in text  # the examples stay
    assert load_glossary(root / "glossary.yaml", "g").terms == (Term("Camp David", translate=False),)
    # A name with a form of its own in one language; the code as glossary.yaml spells it.
    result = run_cli("-C", root, "glossary", "add", "ASEAN", "--no-translate", "--translation", "RU=АСЕАН", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["translations"] == {"ru": ["АСЕАН"]}
    assert "ASEAN: keep as written (but ru: АСЕАН)\n" in run_cli("-C", root, "glossary", "list").stdout


# --- Review of issue 14: names with a form of their own in one language, CSV, located errors ---


def test_a_kept_name_may_have_its_own_form_in_one_language(project, run_cli, sample_project_factory) -> None:
    path = project.root / "glossary.yaml"
    path.write_text(GLOSSARY + "  - source: ASEAN\n    translate: false    # kept as written ...\n"
                    "    ru: АСЕАН                # ... except in Russian\n", encoding="utf-8")
    asean = Term("ASEAN", {"ru": ("АСЕАН",)}, translate=False)
    assert load_glossary(path, "glossary.yaml").terms[-1] == asean
    for suffix in (".tbx", ".csv"):
        exported = project.root.parent / f"kept{suffix}"
        assert run_cli("-C", project.root, "glossary", "export", "--output", exported).exit_code == 0
        other = sample_project_factory()
        result = run_cli("-C", other.root, "glossary", "import", exported)
        assert result.exit_code == 0, result.output
        assert load_glossary(other.root / "glossary.yaml", "g").terms[-1] == asean


def test_the_sample_glossary_writes_asean_as_russian_does() -> None:
    asean = next(t for t in load_glossary(REPO_ROOT / "glossary.yaml", "glossary.yaml").terms if t.source == "ASEAN")
    assert asean.in_language("ru").approved == ("АСЕАН",)
    assert not asean.in_language("tr").translate and not asean.in_language("id").translate


@pytest.mark.parametrize(("name", "content"), [
    ("semicolons.csv", "source;tr;ru;note\nIndo-Pacific;Hint-Pasifik;Индо-Тихоокеанский;a region, the sea\n"),
    ("tabs.csv", "source\ttr\tru\tnote\nIndo-Pacific\tHint-Pasifik\tИндо-Тихоокеанский\ta region, the sea\n"),
    ("commas.csv", 'source,tr,ru,note\nIndo-Pacific,Hint-Pasifik,Индо-Тихоокеанский,"a region, the sea"\n'),
    ("excel.csv", 'sep=;\r\nsource;tr;ru;note\r\nIndo-Pacific;Hint-Pasifik;Индо-Тихоокеанский;a region, the sea\r\n'),
])
def test_a_csv_is_read_with_its_own_delimiter(project, run_cli, tmp_path, name, content) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run_cli("-C", project.root, "glossary", "import", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert load_glossary(project.root / "glossary.yaml", "g").terms[-1] == Term(
        "Indo-Pacific", {"tr": ("Hint-Pasifik",), "ru": ("Индо-Тихоокеанский",)}, note="a region, the sea")


@pytest.mark.parametrize(("content", "message"), [
    (b'source,tr\nIndo-Pacific,Hint-Pasifik\n"Pyongyang,Pyongyang\n', "terms.csv:3: "),
    (b'source,tr\nIndo-Pacific,"Hint"-Pasifik\n', "terms.csv:2: "),
    (b"source,tr\nIndo-Pacific,Hint-Pasifik,Asia\n", "terms.csv:2: the row has 3 cells but the first row names 2"),
    (b"source;tr\nIndo-Pacific;Hint-Pasifik;Asia\n", "terms.csv:2: the row has 3 cells but the first row names 2"),
    (b"source,tr\nIndo-Pacific,Hint\x00Pasifik\n", "terms.csv:2: "),
    (b"source,tr,note\nIndo-Pacific,Hint-Pasifik,\"a\nb\"\nPyongyang,Pyong\x01yang,\n", "terms.csv:4: "),
])
def test_a_malformed_csv_row_is_one_located_line_and_changes_nothing(project, run_cli, cli_error, snapshot,
                                                                      tmp_path, content, message) -> None:
    (tmp_path / "terms.csv").write_bytes(content)
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "glossary", "import", tmp_path / "terms.csv"))
    assert error.startswith(f"Error: {tmp_path / 'terms.csv'}:"), error
    assert message in error, error
    assert snapshot(project.root) == before


def test_a_csv_translation_of_a_kept_name_is_kept(project, run_cli, tmp_path) -> None:
    (tmp_path / "terms.csv").write_text("source,tr,ru,translate\nASEAN,,АСЕАН,false\nAUKUS,,,false\n",
                                        encoding="utf-8")
    result = run_cli("-C", project.root, "glossary", "import", tmp_path / "terms.csv", "--json")
    assert result.exit_code == 0, result.output
    terms = load_glossary(project.root / "glossary.yaml", "g").terms
    assert terms[-2:] == (Term("ASEAN", {"ru": ("АСЕАН",)}, translate=False), Term("AUKUS", translate=False))


@pytest.mark.parametrize(("content", "message"), [
    ("source,tr,forbidden:tr\nIndo-Pacific,Hint-Pasifik,\nNorth Korea Strait,Kore Boğazı,Kore Boğazı\n",
     "terms.csv:3: 'North Korea Strait': 'Kore Boğazı' is both approved and forbidden in tr; keep one"),
    ("source,note\nIndo-Pacific,\"a region\"\n\"Camp\nDavid\",\n", "terms.csv:3: "),
])
def test_an_import_error_names_the_users_file_and_line(project, run_cli, cli_error, snapshot, tmp_path, content,
                                                        message) -> None:
    (tmp_path / "terms.csv").write_text(content, encoding="utf-8")
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "glossary", "import", tmp_path / "terms.csv"))
    assert error.startswith(f"Error: {tmp_path / 'terms.csv'}:"), error
    assert message in error and ".transflow" not in error and "candidate" not in error
    assert snapshot(project.root) == before


@pytest.mark.parametrize(("args", "message"), [
    (("X", "--translation", "tr=A", "--forbidden", "tr=A"), "'X': 'A' is both approved and forbidden in tr; keep one"),
    (("X", "--translation", "de=A"), "'X': 'de' is not a language of this project (tr, ru, id)"),
    (("X", "--forbidden", "klingon=A"), "'X': 'klingon' is not a language of this project"),
])
def test_an_add_error_says_what_is_wrong_with_the_term(project, run_cli, cli_error, snapshot, args,
                                                       message) -> None:
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "glossary", "add", *args))
    assert message in error, error
    assert ".transflow" not in error and "could not append" not in error and "glossary.yaml" not in error
    assert snapshot(project.root) == before


def test_add_takes_language_codes_as_glossary_yaml_does(project, run_cli) -> None:
    assert run_cli("-C", project.root, "glossary", "add", "Pyongyang", "--translation", "RU=Пхеньян").exit_code == 0
    assert load_glossary(project.root / "glossary.yaml", "g").terms[-1] == Term("Pyongyang", {"ru": ("Пхеньян",)})
