"""``transflow check`` over what locales/ holds, ``check --list``, and per-unit decisions
(``transflow dismiss``, ``#, ignore-<check>`` in a submitted file) kept until the source
changes and shown in status, the dashboard and check."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import REPO_ROOT
from transflow.formats.po import read_catalog
from transflow.ops.update import update_project
from transflow.qa.registry import REGISTRY, Dismisser
from transflow.workspace.project import Project

SLUG = "japan-south-korea-us-bolster-trilateral-response"
APRIL = "In late April 2025, the allies conducted a high-level exercise in Seoul"
# A Russian desk writing "this year" instead of the year: right for the page, wrong for the numbers check.
APRIL_RU = ("В конце апреля нынешнего года союзники провели учения высокого уровня в Сеуле, за которыми "
            "последовал форум по политике безопасности Университетов национальной обороны Кореи, США и Японии, "
            "также в южнокорейской столице.")
SERIES = "The exercise at South Korea’s National Defense Ministry was the first conducted outside the U.S."
SERIES_RU = ("Учения в Министерстве национальной обороны Южной Кореи впервые прошли за пределами США с начала "
             "серии в 2014 году.")


@pytest.fixture
def project(sample_project: Project) -> Project:
    shutil.copy2(REPO_ROOT / "glossary.yaml", sample_project.root / "glossary.yaml")
    assert update_project(sample_project).ok
    return Project.open(sample_project.root)


def edit_locales(project: Project, language: str, texts: dict[str, str]) -> Path:
    """Translate units straight in locales/, as a PO editor or Weblate would."""
    path = project.po_path(language, SLUG)
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        for start, text in texts.items():
            if entry.msgid.startswith(start):
                entry.msgstr = text
    po.save()
    return path


def unit_number(project: Project, language: str, start: str) -> int:
    entries = read_catalog(project.po_path(language, SLUG)).entries
    return next(i for i, e in enumerate(entries, 1) if e.msgid.startswith(start))


def test_check_finds_what_another_tool_wrote_into_locales(project, run_cli) -> None:
    edit_locales(project, "ru", {APRIL: APRIL_RU, SERIES: SERIES_RU})
    result = run_cli("-C", project.root, "check", "--lang", "ru")
    assert result.exit_code == 1
    line = read_catalog(project.po_path("ru", SLUG)).entries[unit_number(project, "ru", APRIL) - 1].line
    assert (f"locales/ru/{SLUG}.po:{line}: error (numbers): number 2025 is missing; keep every number of the "
            "source in digits") in result.stderr
    assert "3 file(s) checked: 1 error(s), 0 warning(s), 0 check(s) dismissed" in result.stdout
    report = json.loads(run_cli("-C", project.root, "check", SLUG, "--lang", "ru", "--format", "json").stdout)
    assert (report["ok"], report["files"], report["units"], report["errors"]) == (False, 1, 2, 1)
    [finding] = report["findings"]
    assert finding["unit"] == unit_number(project, "ru", APRIL) and finding["status"] == "translated"
    assert finding["translation"] == APRIL_RU


def test_fail_on_warning_fails_on_a_glossary_warning_only(project, run_cli) -> None:
    # "North Korean" has the term North Korea; the translation does not use the glossary's.
    edit_locales(project, "ru", {"The simulation focused on North Korean": (
        "Учения были сосредоточены на ядерных и ракетных угрозах Пхеньяна и прошли параллельно с сессией "
        "Трёхсторонних оборонных переговоров — механизма диалога по безопасности на уровне заместителей министров.")})
    assert run_cli("-C", project.root, "check").exit_code == 0
    result = run_cli("-C", project.root, "check", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "warning (glossary): the glossary translates “North Korea” as “Северная Корея” or “КНДР”" in result.stdout


def test_dismissing_one_check_for_one_unit_is_kept_shown_and_dropped_when_the_source_changes(project, run_cli,
                                                                                             tmp_path) -> None:
    edit_locales(project, "ru", {APRIL: APRIL_RU})
    unit = unit_number(project, "ru", APRIL)
    result = run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", unit, "--check", "numbers",
                     "--by", "olga")
    assert result.exit_code == 0, result.output
    entry = read_catalog(project.po_path("ru", SLUG)).entries[unit - 1]
    assert entry.dismissed == {"numbers"} and entry.dismissed_by("numbers").person == "olga"
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(project.po_path("ru", SLUG))]).returncode == 0
    assert "#, ignore-numbers" in project.po_path("ru", SLUG).read_text(encoding="utf-8")

    report = json.loads(run_cli("-C", project.root, "check", "--format", "json").stdout)
    assert report["ok"] and report["errors"] == 0
    assert [(d["unit"], d["check"], d["by"]) for d in report["dismissed"]] == [(unit, "numbers", "olga")]
    rows = json.loads(run_cli("-C", project.root, "status", "--format", "json").stdout)["rows"]
    assert {(r["article"], r["language"]): r["dismissed"] for r in rows}[(SLUG, "ru")] == 1
    html = run_cli("-C", project.root, "status", "--format", "html").stdout
    assert 'data-dismissed="1"' in html
    # The dashboard also says which check, for which unit, and who decided.
    listed = html.split('<section id="dismissed">', 1)[1].split("</section>", 1)[0]
    assert f'data-unit="{unit}" data-check="numbers"' in listed and ">olga</span>, 20" in listed

    # Another update with the source unchanged keeps the decision ...
    assert run_cli("-C", project.root, "update").exit_code == 0
    assert read_catalog(project.po_path("ru", SLUG)).entries[unit - 1].dismissed == {"numbers"}
    # ... a changed source drops it with the old text's approval.
    article = project.article_path(SLUG)
    article.write_text(article.read_text(encoding="utf-8").replace("In late April 2025", "In early May 2025"),
                       encoding="utf-8")
    assert run_cli("-C", project.root, "update").exit_code == 0
    entry = read_catalog(project.po_path("ru", SLUG)).entries[unit - 1]
    assert entry.msgid.startswith("In early May 2025") and entry.fuzzy and entry.msgstr == APRIL_RU
    assert entry.dismissed == set() and not any(n.startswith("transflow-dismissed") for n in entry.notes)
    assert run_cli("-C", project.root, "check").exit_code == 1


@pytest.mark.parametrize(("person", "check", "message"), [
    ("dmitri", "html", "only an editor may switch off 'html' for a unit"),
    ("putri", "numbers", "putri cannot be reviewer for 'ru'"),
    ("ayse", "numbers", "cannot be reviewer for 'ru'"),
    ("olga", "spelling", "no check named 'spelling'"),
])
def test_who_may_dismiss_what(project, run_cli, cli_error, snapshot, person, check, message) -> None:
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "1", "--check", check,
                              "--by", person))
    assert message in error
    assert snapshot(project.root) == before


def test_an_editor_may_dismiss_a_page_safety_check_and_undo_it(project, run_cli, cli_error) -> None:
    args = ("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "2", "--check", "links", "--by", "lena")
    assert run_cli(*args).exit_code == 0
    assert read_catalog(project.po_path("ru", SLUG)).entries[1].dismissed == {"links"}
    undone = run_cli(*args, "--undo", "--json")
    assert json.loads(undone.stdout)["changed"] is True
    assert read_catalog(project.po_path("ru", SLUG)).entries[1].dismissed == set()
    error = cli_error(run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "999", "--check",
                              "numbers", "--by", "lena"))
    assert "there is no unit 999; the file has units 1 to" in error


def test_a_submitted_ignore_flag_is_recorded_but_page_safety_needs_an_editor(project, run_cli, tmp_path) -> None:
    out = tmp_path / "work"
    assert run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "dmitri", "--output", out).exit_code == 0
    path = out / "ru" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    april = next(e for e in po if e.msgid.startswith(APRIL))
    april.msgstr, april.flags = APRIL_RU, ["ignore-numbers"]
    series = next(e for e in po if e.msgid.startswith(SERIES))
    series.msgstr, series.flags = SERIES_RU + ' <img src=x onerror="alert(1)">', ["ignore-html"]
    po.save()
    result = run_cli("-C", project.root, "submit", path)
    assert result.exit_code == 1
    assert "numbers switched off for this unit by dmitri" in result.stdout
    assert "'#, ignore-html' not honoured: only an editor may switch off 'html' for a unit" in result.stdout
    assert "rejected (html)" in result.stderr
    entries = read_catalog(project.po_path("ru", SLUG)).by_msgid()
    assert entries[april.msgid].msgstr == APRIL_RU and entries[april.msgid].dismissed == {"numbers"}
    assert not entries[series.msgid].msgstr and entries[series.msgid].dismissed == set()


def test_check_list_names_every_check_and_the_readme_has_the_same_table(run_cli) -> None:
    listed = json.loads(run_cli("check", "--list", "--format", "json").stdout)
    assert [c["check"] for c in listed] == list(REGISTRY)
    assert all(c["help"] and c["protects"] and " → " in c["example"] for c in listed)
    assert {c["check"] for c in listed if c["page_safety"]} == {"urls", "links", "code", "html"}
    text = run_cli("check", "--list").stdout
    assert "numbers (error)\n" in text and "html (error, page safety)\n" in text
    assert "    switched off for a unit by: its reviewer or an editor\n" in text
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = {m.group(1): (m.group(2), m.group(3))
             for m in re.finditer(r"^\| `([a-z-]+)` \| (error|warning) \| ([^|]+) \|", readme, re.M)}
    assert table == {c["check"]: (c["severity"], Dismisser(c["dismissed_by"]).described) for c in listed}


def test_check_runs_on_the_sample_project_as_a_subprocess(tmp_path) -> None:
    for name in ("workflow.yaml", "glossary.yaml"):
        shutil.copy2(REPO_ROOT / name, tmp_path / name)
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    command = [sys.executable, "-m", "transflow"]
    assert subprocess.run([*command, "-C", str(tmp_path), "update", "--quiet"]).returncode == 0
    done = subprocess.run([*command, "-C", str(tmp_path), "check", "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == 9


SANCTIONS = "Sanctions on North Korea were tightened after the talks at Camp David."
WORLD_GLOSSARY = """\
terms:
  - source: North Korea
    tr: Kuzey Kore
    ru: [Северная Корея, КНДР]
    id: Korea Utara
    zh_Hant: 北韓
    ar: كوريا الشمالية
    forbidden: {tr: [K. Kore], zh_Hant: [朝鮮]}
  - source: Camp David
    translate: false
"""


def _world_check(root: Path, run_cli, source: str, language: str, translation: str) -> tuple[list[str], int]:
    """A new desk in five languages with one article of one sentence, translated in locales/."""
    assert run_cli("init", root).exit_code == 0
    workflow = root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("languages: [tr, ru, id]",
                                                                      "languages: [tr, ru, id, zh_Hant, ar]"),
                        encoding="utf-8")
    assert "zh_Hant" in workflow.read_text(encoding="utf-8")
    (root / "glossary.yaml").write_text(WORLD_GLOSSARY, encoding="utf-8")
    (root / "articles" / "desk.md").write_text(f"---\ntitle: Desk\n---\n\n{source}\n", encoding="utf-8")
    assert run_cli("-C", root, "update").exit_code == 0
    path = root / "locales" / language / "desk.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == source).msgstr = translation
    po.save()
    result = run_cli("-C", root, "check", "--lang", language, "--format", "json", "--fail-on", "warning")
    return [f["check"] for f in json.loads(result.stdout)["findings"]], result.exit_code


@pytest.mark.parametrize(("language", "translation", "expected"), [
    ("tr", "Camp David'deki görüşmelerin ardından Kuzey Kore'ye yönelik yaptırımlar sıkılaştırıldı.", []),
    ("tr", "Camp David'deki görüşmelerin ardından K. Kore'ye yönelik yaptırımlar sıkılaştırıldı.",
     ["glossary-forbidden"]),
    ("ru", "После переговоров в Кэмп-Дэвиде санкции против Северной Кореи были ужесточены.", ["do-not-translate"]),
    ("ru", "После переговоров в Camp David санкции против КНДР были ужесточены.", []),
    ("id", "Sanksi terhadap Korea Utara diperketat setelah perundingan di Camp David.", []),
    ("id", "Sanksi terhadap Pyongyang diperketat setelah perundingan di Camp David.", ["glossary"]),
    ("zh_Hant", "在Camp David會談後，對北韓的制裁收緊了。", []),
    ("zh_Hant", "在Camp David會談後，對朝鮮的制裁收緊了。", ["glossary-forbidden"]),
    ("ar", "شُددت العقوبات على كوريا الشمالية بعد المحادثات في Camp David.", []),
    ("ar", "شُددت العقوبات على كوريا الشمالية بعد المحادثات في كامب ديفيد.", ["do-not-translate"]),
])
def test_check_knows_the_glossary_in_every_language_through_the_cli(tmp_path, run_cli, language, translation,
                                                                    expected) -> None:
    found, exit_code = _world_check(tmp_path / "desk", run_cli, SANCTIONS, language, translation)
    assert found == expected
    assert exit_code == (1 if expected else 0)


JOBS = "The economy added about 150,000 jobs a month, and unemployment fell to 3.5%."


@pytest.mark.parametrize(("language", "translation", "right"), [
    ("zh_Hant", "經濟每月新增約15萬個工作機會，失業率降至3.5%。", True),  # the false alarm users reported
    ("zh_Hant", "經濟每月新增約1.5萬個工作機會，失業率降至3.5%。", False),  # 15,000
    ("tr", "Ekonomi ayda yaklaşık 150 bin kişilik istihdam yarattı, işsizlik %3,5'e geriledi.", True),
    ("tr", "Ekonomi ayda yaklaşık 15 bin kişilik istihdam yarattı, işsizlik %3,5'e geriledi.", False),
    ("ru", "Экономика ежемесячно создавала около 150 тыс. рабочих мест, а безработица снизилась до 3,5%.", True),
    ("id", "Perekonomian menambah sekitar 150 ribu lapangan kerja per bulan, dan pengangguran turun ke 3,5%.", True),
    ("id", "Perekonomian menambah sekitar 150 ribu lapangan kerja per bulan, dan pengangguran turun ke 5,3%.", False),
    ("ar", "أضاف الاقتصاد نحو ١٥٠٬٠٠٠ وظيفة شهريًا، وانخفضت البطالة إلى ٣٫٥٪.", True),
    ("ar", "أضاف الاقتصاد نحو ١٥٠٠٠ وظيفة شهريًا، وانخفضت البطالة إلى ٣٫٥٪.", False),
])
def test_check_reads_each_languages_numbers_through_the_cli(tmp_path, run_cli, language, translation, right) -> None:
    found, exit_code = _world_check(tmp_path / "desk", run_cli, JOBS, language, translation)
    assert found == ([] if right else ["numbers"])
    assert exit_code == (0 if right else 1)


def test_a_second_run_reads_only_what_changed_and_a_glossary_change_checks_again(project, run_cli,
                                                                               monkeypatch) -> None:
    from transflow.ops import check as check_op

    edit_locales(project, "ru", {APRIL: APRIL_RU})
    first = run_cli("-C", project.root, "check", "--format", "json").stdout
    # Outside the racy window of the stat cache, the files count as settled.
    monkeypatch.setattr("transflow.util.statcache.RACY_SECONDS", -10**9)
    run_cli("-C", project.root, "check")
    read: list[str] = []
    original = check_op._check_file
    monkeypatch.setattr(check_op, "_check_file", lambda p, s, lang, strict: read.append(s) or original(p, s, lang, strict))
    assert run_cli("-C", project.root, "check", "--format", "json").stdout == first
    assert read == []
    glossary = project.root / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# a comment changes no term\n", encoding="utf-8")
    run_cli("-C", project.root, "check")
    assert read == []
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("ru: [Северная Корея, КНДР]", "ru: КНДР"),
                        encoding="utf-8")
    run_cli("-C", project.root, "check")
    assert len(read) == 9


@pytest.mark.parametrize("tool", ["msgcat", "polib"])
def test_a_dismissal_survives_other_tools_rewriting_the_file(project, run_cli, tool) -> None:
    edit_locales(project, "ru", {APRIL: APRIL_RU})
    unit = unit_number(project, "ru", APRIL)
    assert run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", unit, "--check", "numbers",
                   "--by", "olga").exit_code == 0
    path = project.po_path("ru", SLUG)
    if tool == "msgcat":
        subprocess.run(["msgcat", "--width=60", "-o", str(path), str(path)], check=True)
    else:
        po = polib.pofile(str(path))
        po.wrapwidth = 40
        po.save()
    entry = read_catalog(path).entries[unit - 1]
    assert entry.dismissed == {"numbers"} and entry.dismissed_by("numbers").person == "olga"
    assert json.loads(run_cli("-C", project.root, "check", "--format", "json").stdout)["ok"]


@pytest.mark.parametrize("person", ["olga", "lena"])  # the unit's reviewer, an editor
def test_a_reviewer_or_an_editor_may_dismiss_a_forbidden_translation(project, run_cli, person) -> None:
    result = run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "2", "--check",
                     "glossary-forbidden", "--by", person)
    assert result.exit_code == 0, result.output
    entry = read_catalog(project.po_path("ru", SLUG)).entries[1]
    assert entry.dismissed == {"glossary-forbidden"} and entry.dismissed_by("glossary-forbidden").person == person


def test_the_translator_may_not_dismiss_a_forbidden_translation(project, run_cli, cli_error, snapshot) -> None:
    # dmitri translates this article into Russian; olga reviews it.
    before = snapshot(project.root)
    error = cli_error(run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "2", "--check",
                              "glossary-forbidden", "--by", "dmitri"))
    assert error == (f"Error: workflow.yaml: dmitri may not switch off 'glossary-forbidden' for a unit of '{SLUG}' "
                     "in 'ru': only its reviewer (olga) or an editor may; write the glossary's translation, or ask "
                     "olga or an editor")
    assert snapshot(project.root) == before
    # The checks that are the translator's own call stay so.
    assert run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "2", "--check", "numbers",
                   "--by", "dmitri").exit_code == 0
    # Without a reviewer, an editor decides.
    assert run_cli("-C", project.root, "assign", SLUG, "--lang", "ru", "--translator", "olga").exit_code == 0
    error = cli_error(run_cli("-C", project.root, "dismiss", SLUG, "--lang", "ru", "--unit", "2", "--check",
                              "glossary-forbidden", "--by", "olga"))
    assert "olga may not switch off 'glossary-forbidden'" in error and "has no reviewer; ask an editor" in error


def test_a_translators_submitted_ignore_flag_for_a_forbidden_translation_is_not_honoured(project, run_cli,
                                                                                          tmp_path) -> None:
    out = tmp_path / "work"
    assert run_cli("-C", project.root, "pull", "--lang", "ru", "--translator", "dmitri", "--output", out).exit_code == 0
    path = out / "ru" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    po[1].flags = [*po[1].flags, "ignore-glossary-forbidden"]
    po.save()
    result = run_cli("-C", project.root, "submit", path)
    assert ("'#, ignore-glossary-forbidden' not honoured: dmitri may not switch off 'glossary-forbidden' for a unit "
            f"of '{SLUG}' in 'ru': only its reviewer (olga) or an editor may") in result.stdout
    assert read_catalog(project.po_path("ru", SLUG)).entries[1].dismissed == set()


def test_who_may_dismiss_each_check_is_the_registrys() -> None:
    from transflow.qa.registry import Dismisser

    assert {name: str(c.dismissed_by) for name, c in REGISTRY.items() if c.dismissed_by is not Dismisser.ASSIGNED} == {
        "urls": "editor", "links": "editor", "code": "editor", "html": "editor", "glossary-forbidden": "reviewer"}


ASEAN = "Some ASEAN countries, including Vietnam and the Philippines, are also enhancing their defense capacities"


@pytest.mark.parametrize(("language", "translation", "expected"), [
    ("ru", "Некоторые страны АСЕАН, в том числе Вьетнам и Филиппины, также наращивают свой оборонный потенциал, "
           "сотрудничая с могущественными игроками в соответствии со своими интересами безопасности.", []),
    ("tr", "Vietnam ve Filipinler dahil bazı ASEAN ülkeleri de güvenlik çıkarları doğrultusunda güçlü aktörlerle "
           "işbirliği yaparak savunma kapasitelerini artırıyor.", []),
    ("tr", "Vietnam ve Filipinler dahil bazı Asean ülkeleri de güvenlik çıkarları doğrultusunda güçlü aktörlerle "
           "işbirliği yaparak savunma kapasitelerini artırıyor.", ["do-not-translate"]),
])
def test_the_sample_glossary_knows_how_russian_writes_asean(project, run_cli, language, translation,
                                                           expected) -> None:
    path = project.po_path(language, "trilateral-security-summit-asia-pacific")
    po = polib.pofile(str(path), wrapwidth=0)
    next(e for e in po if e.msgid.startswith(ASEAN)).msgstr = translation
    po.save()
    result = run_cli("-C", project.root, "check", "--lang", language, "--format", "json", "--fail-on", "warning")
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == expected
