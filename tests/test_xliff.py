"""XLIFF 1.2 for agencies: pull --format xliff, submit of .xlf/.xliff files.

The files are read and written by translate-toolkit's XLIFF store (what Weblate and
Pootle use), converted by its po2xliff and xliff2po, and shaped the way CAT tools
write them back (segmented targets, added alt-trans proposals, foreign namespaces,
CRLF and a BOM). Whatever route a file takes, submit applies it with the same
checks, attribution and conflict rule as a PO file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import check_cli_error
from transflow.formats.po import read_catalog
from transflow.formats.xliff import XLIFF_NS, catalog_from_xliff, catalog_to_xliff
from transflow.model.catalog import Catalog, Entry, Origin, OriginKind, UnitStatus
from transflow.ops.update import update_project
from transflow.workspace.project import Project

xliff_store = pytest.importorskip("translate.storage.xliff")

SLUG = "proximity-trilateral-military-partnership"


@pytest.fixture
def project(sample_project: Project) -> Project:
    update_project(sample_project)
    return sample_project


def _pull(run_cli, project: Project, output: Path, *extra: str) -> Path:
    return _pull_format(run_cli, project, output, "xliff", *extra)


def _pull_format(run_cli, project: Project, output: Path, fmt: str, *extra: str) -> Path:
    result = run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "olga", "--article", SLUG,
                     "--output", output, "--format", fmt, *extra)
    assert result.exit_code == 0, result.output
    path = output / "ru" / f"{SLUG}.xlf"
    assert str(path) in result.stdout
    return path


def _reword(project: Project, source: str) -> None:
    """Change one word of a translated sentence in the article and update: the unit goes stale."""
    article = project.article_path(SLUG)
    article.write_text(article.read_text(encoding="utf-8").replace(source, source.replace(" the ", " a ", 1)),
                       encoding="utf-8")
    update_project(Project.open(project.root))


def _translate_with_toolkit(path: Path, count: int | None = None) -> list[tuple[str, str]]:
    """Translate units as a CAT tool would, through translate-toolkit's store; returns (source, target)."""
    store = xliff_store.xlifffile.parsefile(str(path))
    done = []
    units = [unit for unit in store.units if not unit.isheader()]  # po2xliff's copy of the PO header
    for unit in units[:count]:
        unit.target = f"RU {unit.source}"
        unit.markfuzzy(False)
        done.append((unit.source, unit.target))
    store.savefile(str(path))
    return done


def _msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is not installed")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)


def test_a_pulled_xliff_file_is_what_translate_toolkit_reads(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    catalog = read_catalog(project.po_path("ru", SLUG), "po")
    store = xliff_store.xlifffile.parsefile(str(path))
    assert [unit.source for unit in store.units] == [entry.msgid for entry in catalog.entries]
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "ru"
    first = store.units[0]
    assert first.getlocations() == list(catalog.entries[0].references)
    assert "title, block 1" in first.getnotes("developer")
    assert not any(unit.istranslated() for unit in store.units)  # nothing is translated in ru yet


def test_work_done_in_a_cat_tool_is_applied_and_credited(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    done = _translate_with_toolkit(path, 5)
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    assert "applied 5," in result.stdout
    po = project.po_path("ru", SLUG)
    entries = {entry.msgid: entry for entry in read_catalog(po, "po").entries}
    for source, target in done:
        assert entries[source].msgstr == target
        assert entries[source].status is UnitStatus.TRANSLATED
        assert entries[source].translated is not None and entries[source].translated.person == "olga"
    _msgfmt_check(po)

    # The same file again changes nothing; pulling again offers the translations as translated.
    again = run_cli("-C", project.root, "submit", path)
    assert "applied 0," in again.stdout and "conflicts 0" in again.stdout
    path = _pull(run_cli, project, tmp_path / "again")
    states = [unit.xmlelement for unit in xliff_store.xlifffile.parsefile(str(path)).units[:5]]
    assert [element.find(f"{{{XLIFF_NS}}}target").get("state")
            for element in states] == ["translated"] * 5


def test_a_stale_unit_travels_as_needs_review_with_its_previous_source(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    (source, _), = _translate_with_toolkit(path, 2)[1:]
    assert run_cli("-C", project.root, "submit", path).exit_code == 0
    _reword(project, source)

    path = _pull(run_cli, project, tmp_path / "after", "--force")
    store = xliff_store.xlifffile.parsefile(str(path))
    stale = [unit for unit in store.units if unit.isfuzzy()]
    assert len(stale) == 1
    assert stale[0].target == f"RU {source}"
    element = stale[0].xmlelement
    namespace = f"{{{XLIFF_NS}}}"
    assert element.find(f"{namespace}target").get("state") == "needs-review-translation"
    assert element.find(f"{namespace}alt-trans/{namespace}source").text == source

    # Left as it is, it stays stale; marked done in the CAT tool, it is translated.
    result = run_cli("-C", project.root, "submit", path)
    assert "applied 0," in result.stdout and "conflicts 0" in result.stdout
    entry = next(e for e in read_catalog(project.po_path("ru", SLUG), "po").entries if e.previous == source)
    assert entry.status is UnitStatus.STALE
    stale[0].markfuzzy(False)
    store.savefile(str(path))
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    entry = next(e for e in read_catalog(project.po_path("ru", SLUG), "po").entries if e.msgid == stale[0].source)
    assert entry.status is UnitStatus.TRANSLATED and entry.previous is None


def _cat_tool_shape(text: str) -> str:
    """Rewrite a pulled file the way a CAT tool saves it: segmented, annotated, CRLF, BOM."""
    text = text.replace('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"',
                        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff"')
    first = text.index("<source>") + len("<source>")
    end = text.index("</source>", first)
    source = text[first:end]
    segmented = (f'</source>\n<seg-source><mrk mtype="seg" mid="1">{source}</mrk></seg-source>'
                 f'\n<target state="translated" mq:status="Confirmed">'
                 f'<mrk mtype="seg" mid="1">RU <g id="1">{source}</g></mrk></target>'
                 '\n<alt-trans origin="machine-translation"><source>x</source><target>MT proposal</target></alt-trans>')
    text = text[:end] + segmented + text[end + len("</source>"):]
    return "\ufeff" + text.replace("\n", "\r\n")


def test_a_file_shaped_by_a_cat_tool_is_read(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    source = read_catalog(project.po_path("ru", SLUG), "po").entries[0].msgid
    path.write_bytes(_cat_tool_shape(path.read_text(encoding="utf-8")).encode("utf-8"))
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    assert "applied 1," in result.stdout
    entry = read_catalog(project.po_path("ru", SLUG), "po").entries[0]
    assert entry.msgstr == f"RU {source}" and entry.previous is None  # an MT proposal is not a previous source


def _toolkit_program(name: str) -> str:
    """translate-toolkit's converter, installed beside this Python (they have no ``-m`` entry)."""
    program = Path(sys.executable).parent / name
    if not program.exists():
        pytest.skip(f"translate-toolkit's {name} is not installed beside {sys.executable}")
    return str(program)


def test_po2xliff_and_xliff2po_files_are_submitted_like_pulled_ones(project: Project, run_cli, tmp_path: Path):
    work = tmp_path / "work"
    assert run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "olga", "--article", SLUG,
                   "--output", work).exit_code == 0
    pulled_po = work / "ru" / f"{SLUG}.po"
    converted = work / "ru" / f"{SLUG}.xliff"
    subprocess.run([_toolkit_program("po2xliff"), str(pulled_po), str(converted)], check=True, capture_output=True)
    pulled_po.unlink()
    done = _translate_with_toolkit(converted, 3)
    result = run_cli("-C", project.root, "submit", "--translator", "olga", converted)
    assert result.exit_code == 0, result.output
    assert "applied 3," in result.stdout

    xlf = _pull(run_cli, project, tmp_path / "xlf")
    back = tmp_path / "back" / "ru" / f"{SLUG}.po"
    back.parent.mkdir(parents=True)
    subprocess.run([_toolkit_program("xliff2po"), str(xlf), str(back)], check=True, capture_output=True)
    po = polib.pofile(str(back))
    assert [entry.msgstr for entry in po][:3] == [target for _, target in done]
    for entry in po[3:6]:
        entry.msgstr = f"RU2 {entry.msgid}"
    po.save()
    result = run_cli("-C", project.root, "submit", "--translator", "olga", back)
    assert result.exit_code == 0, result.output
    assert "applied 3," in result.stdout and "conflicts 0" in result.stdout


@pytest.mark.parametrize("tamper, message", [
    (lambda t: t.replace('<?xml version="1.0" encoding="UTF-8"?>',
                         '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'),
     "DOCTYPE"),
    (lambda t: t.replace("</body>", "</bdy>"), "not well-formed XML"),
    (lambda t: t.replace("urn:oasis:names:tc:xliff:document:1.2", "urn:example:not-xliff"),
     "not an XLIFF 1.2 or 2.x file"),
    (lambda t: t.replace('target-language="ru"', 'target-language="tr"')
     .replace('<tf:header name="Language">ru', '<tf:header name="Language">tr'), "tr"),
    (lambda t: t.replace(f"<tf:header name=\"X-Transflow-Article\">{SLUG}",
                         '<tf:header name="X-Transflow-Article">trilateral-security-summit-asia-pacific'), SLUG),
])
def test_a_bad_xliff_file_is_refused_and_changes_nothing(project: Project, run_cli, snapshot, tmp_path: Path,
                                                          tamper, message: str):
    path = _pull(run_cli, project, tmp_path / "work")
    _translate_with_toolkit(path, 2)
    path.write_text(tamper(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project.root)
    line = check_cli_error(run_cli("-C", project.root, "submit", path))
    assert str(path) in line and message in line
    assert snapshot(project.root) == before


def test_pull_does_not_overwrite_an_xliff_file_with_work_in_it(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    _translate_with_toolkit(path, 1)
    before = path.read_bytes()
    result = run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "olga", "--article", SLUG,
                     "--output", tmp_path / "work", "--format", "xliff")
    check_cli_error(result)
    assert path.read_bytes() == before


def test_catalog_survives_writing_and_reading():
    entries = [
        Entry("A & <b>", "Б & <b>", references=("articles/a.md:3",), comment="paragraph", notes=("transflow-base: 1",)),
        Entry("Changed.", "Old.", fuzzy=True, previous="Was.", origin=Origin(OriginKind.EXACT, 100, "articles/b.md")),
        Entry("Untranslated  with  spaces\n", ""),
    ]
    catalog = Catalog("a", "ru", entries, [], {"Language": "ru", "X-Transflow-Article": "a"})
    back = catalog_from_xliff(catalog_to_xliff(catalog, "en", "articles/a.md"), "a.xlf")
    assert back.slug == "a" and back.language == "ru"
    for read, written in zip(back.entries, entries, strict=True):
        assert (read.msgid, read.msgstr, read.fuzzy, read.previous, read.comment, read.notes, read.origin,
                read.references) == (written.msgid, written.msgstr, written.fuzzy, written.previous,
                                     written.comment, written.notes, written.origin, written.references)
    assert [entry.line for entry in back.entries] == sorted({entry.line for entry in back.entries})


# --- XLIFF 2.1 -------------------------------------------------------------------------------------

X2 = "{urn:oasis:names:tc:xliff:document:2.0}"


def _pull2(run_cli, project: Project, output: Path, *extra: str) -> Path:
    return _pull_format(run_cli, project, output, "xliff2", *extra)


def _translate2(path: Path, count: int, state: str = "translated") -> list[tuple[str, str]]:
    """Translate the first units of an XLIFF 2 file as a CAT tool would."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "urn:oasis:names:tc:xliff:document:2.0")
    tree = ET.parse(path)
    done = []
    for segment in list(tree.getroot().iter(f"{X2}segment"))[:count]:
        source = segment.find(f"{X2}source").text
        target = segment.find(f"{X2}target")
        if target is None:
            target = ET.SubElement(segment, f"{X2}target")
        target.text = f"RU {source}"
        segment.set("state", state)
        segment.attrib.pop("subState", None)
        done.append((source, target.text))
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    return done


def test_xliff2_is_pulled_translated_and_submitted(project: Project, run_cli, tmp_path: Path):
    import xml.etree.ElementTree as ET

    path = _pull2(run_cli, project, tmp_path / "work")
    root = ET.parse(path).getroot()
    catalog = read_catalog(project.po_path("ru", SLUG), "po")
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "ru")
    sources = [segment.find(f"{X2}source").text for segment in root.iter(f"{X2}segment")]
    assert sources == [entry.msgid for entry in catalog.entries]
    done = _translate2(path, 4)
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    assert "applied 4," in result.stdout
    entries = {e.msgid: e for e in read_catalog(project.po_path("ru", SLUG), "po").entries}
    for source, target in done:
        assert entries[source].msgstr == target and entries[source].status is UnitStatus.TRANSLATED
        assert entries[source].translated.person == "olga"
    _msgfmt_check(project.po_path("ru", SLUG))

    # Reviewed units go out as final; a segment left "initial" is not counted as done.
    review = tmp_path / "review"
    assert run_cli("-C", project.root, "submit", "--reviewer", "dmitri", path).exit_code == 0
    result = run_cli("-C", project.root, "pull", "--lang", "ru", "--reviewer", "dmitri", "--article", SLUG,
                     "--output", review, "--format", "xliff2")
    assert result.exit_code == 0, result.output
    states = [s.get("state") for s in ET.parse(review / "ru" / f"{SLUG}.xlf").getroot().iter(f"{X2}segment")]
    assert states[:4] == ["final"] * 4 and set(states[4:]) == {None}


def test_a_stale_unit_in_xliff2_carries_its_previous_source(project: Project, run_cli, tmp_path: Path):
    import xml.etree.ElementTree as ET

    path = _pull2(run_cli, project, tmp_path / "work")
    (_, _), (source, _) = _translate2(path, 2)
    assert run_cli("-C", project.root, "submit", path).exit_code == 0
    _reword(project, source)
    path = _pull2(run_cli, project, tmp_path / "after", "--force")
    root = ET.parse(path).getroot()
    (stale,) = [unit for unit in root.iter(f"{X2}unit") if unit.find(f"{X2}segment").get("state") == "initial"]
    segment = stale.find(f"{X2}segment")
    assert segment.get("subState") == "transflow:stale"
    match = stale.find("{urn:oasis:names:tc:xliff:matches:2.0}matches/{urn:oasis:names:tc:xliff:matches:2.0}match")
    assert match.find(f"{X2}source").text == source
    # Submitted as it is, it stays stale.
    assert run_cli("-C", project.root, "submit", path).exit_code == 0
    entry = next(e for e in read_catalog(project.po_path("ru", SLUG), "po").entries if e.previous == source)
    assert entry.status is UnitStatus.STALE


def test_a_segmented_cat_tool_xliff2_unit_is_joined(project: Project, run_cli, tmp_path: Path):
    path = _pull2(run_cli, project, tmp_path / "work")
    entry = read_catalog(project.po_path("ru", SLUG), "po").entries[1]
    first, rest = entry.msgid.split(", ", 1)
    text = path.read_text(encoding="utf-8")
    old = f'<segment id="s2">\n        <source xml:space="preserve">{entry.msgid}</source>\n      </segment>'
    assert old in text
    text = text.replace(old, (
        f'<segment id="s2" state="translated"><source>{first},</source><target>RU <pc id="1">{first}</pc>,</target>'
        f'</segment><ignorable><source> </source><target> </target></ignorable>'
        f'<segment id="s2b" state="final"><source>{rest}</source><target>{rest}</target></segment>'))
    text = text.replace('version="2.1"', 'version="2.1" xmlns:its="http://www.w3.org/2005/11/its"')
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    assert "applied 1," in result.stdout
    applied = read_catalog(project.po_path("ru", SLUG), "po").entries[1]
    assert applied.msgstr == f"RU {first}, {rest}" and applied.status is UnitStatus.TRANSLATED


# --- what CAT tools do that must not garble or lose work -------------------------------------


def test_a_file_holding_several_articles_is_refused(project: Project, run_cli, snapshot, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    _translate_with_toolkit(path, 2)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("<file "), text.index("</file>") + len("</file>")
    path.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    before = snapshot(project.root)
    line = check_cli_error(run_cli("-C", project.root, "submit", path))
    assert "holds 2 <file> elements" in line and str(path) in line
    assert snapshot(project.root) == before


def test_a_prefilled_copy_of_the_source_is_not_a_translation(project: Project, run_cli, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    text = path.read_text(encoding="utf-8")
    entries = read_catalog(project.po_path("ru", SLUG), "po").entries
    first, second = entries[0].msgid, entries[1].msgid
    for source, target in ((first, first), (second, f"RU {second}")):  # a copy, and a typed translation
        old = f"<source>{source}</source>"
        text = text.replace(old, f'{old}\n<target state="needs-translation">{target}</target>', 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 0, result.output
    after = read_catalog(project.po_path("ru", SLUG), "po").entries
    assert after[0].msgstr == ""  # the English copy did not go into locales/
    assert after[1].msgstr == f"RU {second}" and after[1].status is UnitStatus.STALE  # typed work kept, to check


def test_an_ignorable_without_target_keeps_its_space(project: Project, run_cli, tmp_path: Path):
    path = _pull2(run_cli, project, tmp_path / "work")
    entry = read_catalog(project.po_path("ru", SLUG), "po").entries[1]
    first, rest = entry.msgid.split(", ", 1)
    text = path.read_text(encoding="utf-8")
    old = f'<segment id="s2">\n        <source xml:space="preserve">{entry.msgid}</source>\n      </segment>'
    text = text.replace(old, (
        f'<segment id="s2" state="translated"><source>{first},</source><target>RU {first},</target></segment>'
        f'<ignorable><source> </source></ignorable>'
        f'<segment id="s2b" state="translated"><source>{rest}</source><target>{rest}</target></segment>'))
    path.write_text(text, encoding="utf-8")
    assert run_cli("-C", project.root, "submit", path).exit_code == 0
    assert read_catalog(project.po_path("ru", SLUG), "po").entries[1].msgstr == f"RU {first}, {rest}"


def test_a_unit_without_source_is_refused_with_its_line(project: Project, run_cli, snapshot, tmp_path: Path):
    path = _pull(run_cli, project, tmp_path / "work")
    text = path.read_text(encoding="utf-8")
    source = read_catalog(project.po_path("ru", SLUG), "po").entries[2].msgid
    path.write_text(text.replace(f"<source>{source}</source>", "<source>   </source>"), encoding="utf-8")
    before = snapshot(project.root)
    line = check_cli_error(run_cli("-C", project.root, "submit", path))
    assert "unit 3 has no source text" in line and f"{path}:" in line
    assert snapshot(project.root) == before


def test_text_that_xml_cannot_carry_is_pulled_as_po_instead(project: Project, run_cli, snapshot, tmp_path: Path):
    article = project.article_path(SLUG)
    article.write_text(article.read_text(encoding="utf-8") + "\nA terminal \x1b[1mbold\x1b[0m code.\n",
                       encoding="utf-8")
    update_project(Project.open(project.root))
    line = check_cli_error(run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "olga",
                                   "--article", SLUG, "--output", tmp_path / "work", "--format", "xliff"))
    assert "control character" in line and "--format po" in line
    assert not (tmp_path / "work").exists()


def test_a_po_and_an_xliff_copy_pulled_in_the_same_second_are_two_copies(project: Project, run_cli,
                                                                           tmp_path: Path, monkeypatch):
    # Pulled together: one opened in a PO editor, one sent to a CAT tool. The second one
    # submitted conflicts with the first instead of overwriting it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    xliff = _pull(run_cli, project, tmp_path / "agency")
    result = run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "olga", "--article", SLUG,
                     "--output", tmp_path / "desk")
    assert result.exit_code == 0, result.output
    po_path = tmp_path / "desk" / "ru" / f"{SLUG}.po"
    po = polib.pofile(str(po_path))
    first = next(entry for entry in po if entry.msgid)
    first.msgstr = f"PO {first.msgid}"
    po.save()  # polib's own wrapping, as a PO editor saves
    done = _translate_with_toolkit(xliff, 1)
    assert done[0][0] == first.msgid
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000060")
    assert run_cli("-C", project.root, "submit", po_path).exit_code == 0
    result = run_cli("-C", project.root, "submit", xliff)
    assert result.exit_code == 1, result.output
    assert "conflicts 1" in result.stdout
    entry = {e.msgid: e for e in read_catalog(project.po_path("ru", SLUG), "po").entries}[first.msgid]
    assert entry.msgstr == f"PO {first.msgid}"
    assert any(f"RU {first.msgid}" in note for note in entry.notes)  # the CAT tool's text is kept too
    _msgfmt_check(project.po_path("ru", SLUG))
