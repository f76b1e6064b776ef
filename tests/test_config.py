"""Tests for transflow.formats.workflow: workflow.yaml defaults, every key's validation message (file
and key path), unknown and duplicate keys, malformed YAML with line:column, encodings,
locales, and team members in assignments. Also the same errors through the CLI."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from transflow.errors import ConfigError
from transflow.formats.workflow import PublishPolicy, Workflow, load_workflow
from transflow.workspace.project import Project

REPO_ROOT = Path(__file__).resolve().parents[1]

TEAM = """\
team:
  ayse: {name: Ayşe Demir, email: ayse@example.org, languages: [tr]}
  olga: {name: Olga Smirnova, languages: [ru]}
  lena: {name: Lena Hoffmann}
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "workflow.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def error_of(tmp_path: Path, text: str | bytes) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_workflow(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- defaults and the sample -------------------------------------------------------------


def test_only_languages_gives_the_documented_defaults(tmp_path: Path) -> None:
    workflow = load_workflow(write(tmp_path, "languages: [tr, ru, id]\n"))
    assert workflow.languages == ("tr", "ru", "id")
    # The defaults SPEC.md lists for every key but languages.
    assert workflow.source_language == "en"
    assert workflow.articles == "articles"
    assert workflow.locales == "locales"
    assert workflow.segmentation == "sentence"
    assert dict(workflow.team) == {}
    assert dict(workflow.assignments) == {}
    assert workflow.publish.min_complete == 100
    assert workflow.publish.require_review is False
    assert workflow.publish.fallback == "source"
    assert workflow.publish == PublishPolicy()
    assert workflow.path == tmp_path / "workflow.yaml"


def test_empty_sections_are_defaults(tmp_path: Path) -> None:
    workflow = load_workflow(write(tmp_path, "languages: [tr]\nteam:\nassignments:\npublish:\nlanguage_names:\n"))
    assert dict(workflow.team) == {} and dict(workflow.assignments) == {}
    assert workflow.publish == PublishPolicy()


def test_sample_workflow_loads_as_written() -> None:
    raw = yaml.safe_load((REPO_ROOT / "workflow.yaml").read_text(encoding="utf-8"))
    workflow = load_workflow(REPO_ROOT / "workflow.yaml")
    assert list(workflow.languages) == raw["languages"]
    assert workflow.source_language == raw["source_language"]
    assert workflow.match_threshold == raw["match_threshold"]
    assert set(workflow.team) == set(raw["team"])
    for person_id, entry in raw["team"].items():
        person = workflow.team[person_id]
        assert (person.name, person.email, list(person.languages), person.editor) == (
            entry["name"], entry.get("email"), entry["languages"], entry.get("editor", False),
        )
    for slug, per_language in raw["assignments"].items():
        for language, entry in per_language.items():
            assignment = workflow.assignment(slug, language)
            assert (assignment.translator, assignment.reviewer, assignment.due) == (
                entry["translator"], entry["reviewer"], entry["due"],
            )
    assert workflow.publish.fallback == raw["publish"]["fallback"]


def test_unassigned_article_has_an_empty_assignment(tmp_path: Path) -> None:
    workflow = load_workflow(write(tmp_path, "languages: [tr]\n"))
    assignment = workflow.assignment("no-such-article", "tr")
    assert (assignment.translator, assignment.reviewer, assignment.due) == (None, None, None)


def test_full_settings_are_read(tmp_path: Path) -> None:
    text = (
        "source_language: en_GB\nlanguages: [pt_BR, zh_Hant, ar]\narticles: src/posts\nlocales: l10n\n"
        "segmentation: paragraph\nmatch_threshold: 0.85\n" + TEAM.replace("[tr]", "[pt_BR]").replace("[ru]", "[ar]")
        + "assignments:\n  my-post:\n    pt_BR: {translator: ayse, reviewer: lena, due: 2026-12-05}\n"
        "    ar: {translator: olga, due: '2027-01-31'}\n"
        "publish: {min_complete: 80.5, require_review: true, fallback: fail, stale_counts_as_translated: true, output: site}\n"
        "language_names: {zh_Hant: 繁體中文}\n"
    )
    workflow = load_workflow(write(tmp_path, text))
    assert workflow.source_language == "en_GB"
    assert workflow.languages == ("pt_BR", "zh_Hant", "ar")
    assert (workflow.articles, workflow.locales, workflow.segmentation) == ("src/posts", "l10n", "paragraph")
    assert workflow.match_threshold == 0.85
    assert workflow.team["lena"].languages == ()
    assert workflow.assignment("my-post", "pt_BR").due == dt.date(2026, 12, 5)
    assert workflow.assignment("my-post", "ar").due == dt.date(2027, 1, 31)
    assert workflow.publish == PublishPolicy(80.5, True, "fail", True, "site")
    assert workflow.language_names["zh_Hant"] == "繁體中文"


# --- languages ----------------------------------------------------------------------------


@pytest.mark.parametrize("codes", [["pt_BR", "zh_Hant", "ar"], ["sr_Latn", "es_419"], ["tr", "ru", "id"], ["pt-BR"], ["de_CH", "fil", "ckb"]])
def test_any_babel_locale_is_a_language(tmp_path: Path, codes: list[str]) -> None:
    workflow = load_workflow(write(tmp_path, f"languages: [{', '.join(codes)}]\n"))
    assert list(workflow.languages) == codes


def test_unknown_locale_message_is_the_issues_example(tmp_path: Path) -> None:
    assert error_of(tmp_path, "languages: [tr, ru, xx]\n").startswith(
        "workflow.yaml: languages[2]: 'xx' is not a locale Babel knows"
    )


LANGUAGE_ERRORS = {
    "unknown region": ("languages: [tr_XX]\n", "languages[0]", "'tr_XX' is not a locale Babel knows"),
    "a language name": ("languages: [english]\n", "languages[0]", "'english' is not a locale"),
    "not a list": ("languages: tr\n", "languages", "expected a list of locale codes, got the string 'tr'"),
    "empty list": ("languages: []\n", "languages", "the list is empty"),
    "missing": ("source_language: en\n", "languages", "missing"),
    "a number": ("languages: [tr, 5]\n", "languages[1]", "got the number 5"),
    "null item": ("languages: [tr, ~]\n", "languages[1]", "got nothing"),
    "listed twice": ("languages: [tr, ru, tr]\n", "languages[2]", "'tr' is listed twice (languages[0])"),
    "same locale, other case": ("languages: [tr, TR]\n", "languages[1]", "'TR' is the same locale as 'tr'"),
    "same locale, hyphen": ("languages: [pt_BR, pt-BR]\n", "languages[1]", "'pt-BR' is the same locale as 'pt_BR'"),
    "the source language": ("languages: [tr, en]\n", "languages[1]", "'en' is the source language"),
    "the source language, other case": ("source_language: en_GB\nlanguages: [en_gb]\n", "languages[0]", "is the source language"),
    "undetermined": ("languages: [tr, und]\n", "languages[1]", "'und' names no language"),
    "undetermined with a region": ("languages: [und_TR]\n", "languages[0]", "'und_TR' names no language"),
    "root": ("languages: [root]\n", "languages[0]", "'root' names no language"),
    "root as source": ("source_language: root\nlanguages: [tr]\n", "source_language", "names no language"),
    "unknown source": ("source_language: zz\nlanguages: [tr]\n", "source_language", "'zz' is not a locale Babel knows"),
}


@pytest.mark.parametrize("text, where, what", LANGUAGE_ERRORS.values(), ids=LANGUAGE_ERRORS.keys())
def test_language_errors(tmp_path: Path, text: str, where: str, what: str) -> None:
    message = error_of(tmp_path, text)
    assert message.startswith(f"workflow.yaml: {where}: ")
    assert what in message


# --- every other key ----------------------------------------------------------------------

BASE = "languages: [tr, ru]\n"

KEY_ERRORS = {
    "articles absolute": ("articles: /srv/articles\n", "articles", "must be a folder inside the project"),
    "articles outside": ("articles: ../elsewhere\n", "articles", "must be a folder inside the project"),
    "articles empty": ("articles: ''\n", "articles", "expected a non-empty string"),
    "locales not a string": ("locales: [a]\n", "locales", "expected a non-empty string, got a list"),
    "segmentation": ("segmentation: word\n", "segmentation", "'word' is not one of: sentence, paragraph"),
    "match_threshold range": ("match_threshold: 0.2\n", "match_threshold", "0.2 is outside 0.5..1"),
    "match_threshold type": ("match_threshold: high\n", "match_threshold", "expected a number"),
    "match_threshold boolean": ("match_threshold: true\n", "match_threshold", "got the boolean true"),
    "team not a mapping": ("team: [ayse]\n", "team", "expected a mapping, got a list"),
    "person not a mapping": ("team:\n  ayse: Ayşe\n", "team.ayse", "expected a mapping"),
    "person id": ("team:\n  'ayşe d': {name: A}\n", "team.ayşe d", "a person id is letters, digits"),
    "person name": ("team:\n  ayse: {name: ''}\n", "team.ayse.name", "expected a non-empty string"),
    "person email": ("team:\n  ayse: {name: A, email: 5}\n", "team.ayse.email", "got the number 5"),
    "person languages": ("team:\n  ayse: {name: A, languages: [xx]}\n", "team.ayse.languages[0]", "'xx' is not a locale"),
    "person editor": ("team:\n  ayse: {name: A, editor: 'yes'}\n", "team.ayse.editor", "expected true or false"),
    "assignments not a mapping": ("assignments: [a]\n", "assignments", "expected a mapping"),
    "assignment slug": ("assignments:\n  'my post': {tr: {}}\n", "assignments.my post", "not a valid article slug"),
    "assignment language": ("assignments:\n  post: {de: {}}\n", "assignments.post.de", "'de' is not in languages (tr, ru)"),
    "assignment entry": ("assignments:\n  post: {tr: ayse}\n", "assignments.post.tr", "expected a mapping"),
    "due text": ("assignments:\n  post: {tr: {due: soon}}\n", "assignments.post.tr.due", "expected a date YYYY-MM-DD, got 'soon'"),
    "due number": ("assignments:\n  post: {tr: {due: 5}}\n", "assignments.post.tr.due", "expected a date"),
    "publish not a mapping": ("publish: 100\n", "publish", "expected a mapping, got the number 100"),
    "min_complete": ("publish: {min_complete: 101}\n", "publish.min_complete", "101 is outside 0..100"),
    "require_review": ("publish: {require_review: 1}\n", "publish.require_review", "expected true or false, got the number 1"),
    "fallback": ("publish: {fallback: english}\n", "publish.fallback", "'english' is not one of: source, fail"),
    "stale_counts_as_translated": ("publish: {stale_counts_as_translated: maybe}\n", "publish.stale_counts_as_translated", "expected true or false"),
    "output": ("publish: {output: ~}\n", "publish.output", "expected a non-empty string, got nothing"),
    "language_names locale": ("language_names: {xx: X}\n", "language_names.xx", "'xx' is not a locale"),
    "language_names value": ("language_names: {tr: ''}\n", "language_names.tr", "expected a non-empty string"),
}


@pytest.mark.parametrize("text, where, what", KEY_ERRORS.values(), ids=KEY_ERRORS.keys())
def test_key_errors_name_the_key_path(tmp_path: Path, text: str, where: str, what: str) -> None:
    message = error_of(tmp_path, BASE + text)
    assert message.startswith(f"workflow.yaml: {where}: "), message
    assert what in message


def test_document_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert error_of(tmp_path, "- tr\n- ru\n") == "workflow.yaml: expected a mapping, got a list"


# --- team members in assignments ----------------------------------------------------------

MEMBER_ERRORS = {
    "translator not in team": ("{translator: kerem}", "translator", "'kerem' is not in team (known: ayse, lena, olga)"),
    "reviewer not in team": ("{translator: ayse, reviewer: kerem}", "reviewer", "'kerem' is not in team"),
    "translator's languages": ("{translator: olga}", "translator", "'olga' does not work in 'tr'"),
    "reviewer's languages": ("{translator: ayse, reviewer: olga}", "reviewer", "'olga' does not work in 'tr'"),
    "translator not a string": ("{translator: [ayse]}", "translator", "expected a non-empty string"),
}


@pytest.mark.parametrize("entry, role, what", MEMBER_ERRORS.values(), ids=MEMBER_ERRORS.keys())
def test_assignment_team_member_checks(tmp_path: Path, entry: str, role: str, what: str) -> None:
    message = error_of(tmp_path, BASE + TEAM + f"assignments:\n  post:\n    tr: {entry}\n")
    assert message.startswith(f"workflow.yaml: assignments.post.tr.{role}: ")
    assert what in message


def test_person_without_languages_may_work_in_any(tmp_path: Path) -> None:
    text = BASE + TEAM + "assignments:\n  post:\n    tr: {translator: lena, reviewer: ayse}\n    ru: {translator: olga, reviewer: lena}\n"
    workflow = load_workflow(write(tmp_path, text))
    assert workflow.assignment("post", "tr").translator == "lena"
    assert workflow.assignment("post", "ru").reviewer == "lena"


# --- unknown and duplicate keys -----------------------------------------------------------

UNKNOWN_KEYS = {
    "top level": ("langauges: [tr]\n", "langauges", "did you mean 'languages'?"),
    "top level, no near match": ("colour: blue\n", "colour", "known keys: articles, assignments"),
    "person": (TEAM + "  kerem: {name: K, langs: [tr]}\n", "team.kerem.langs", "known keys: editor, email, languages, name"),
    "assignment": (TEAM + "assignments:\n  post:\n    tr: {translater: ayse}\n", "assignments.post.tr.translater", "did you mean 'translator'?"),
    "publish": ("publish:\n  min_completion: 90\n", "publish.min_completion", "did you mean 'min_complete'?"),
}


@pytest.mark.parametrize("text, where, hint", UNKNOWN_KEYS.values(), ids=UNKNOWN_KEYS.keys())
def test_unknown_keys_are_named(tmp_path: Path, text: str, where: str, hint: str) -> None:
    name = where.rsplit(".", 1)[-1]
    message = error_of(tmp_path, BASE + text)
    assert message.startswith(f"workflow.yaml: {where}: unknown key '{name}'")
    assert hint in message


def test_non_string_key(tmp_path: Path) -> None:
    assert "key 1 must be a string" in error_of(tmp_path, BASE + "1: one\n")


@pytest.mark.parametrize(
    "text, key",
    [
        (BASE + "languages: [id]\n", "languages"),
        (BASE + "team:\n  ayse: {name: A}\n  ayse: {name: B}\n", "ayse"),
        (BASE + "publish:\n  fallback: source\n  fallback: fail\n", "fallback"),
    ],
)
def test_duplicate_keys_are_errors_with_their_line(tmp_path: Path, text: str, key: str) -> None:
    lines = text.splitlines()
    second = [i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:")][-1]
    column = len(lines[second]) - len(lines[second].lstrip()) + 1
    message = error_of(tmp_path, text)
    assert message.startswith(f"workflow.yaml:{second + 1}:{column}: key '{key}' is given twice")


def test_yaml_merge_keys_may_override(tmp_path: Path) -> None:
    text = BASE + "team:\n  ayse: &person {name: Ayşe, languages: [tr]}\n  kerem: {<<: *person, name: Kerem}\n"
    workflow = load_workflow(write(tmp_path, text))
    assert (workflow.team["kerem"].name, workflow.team["kerem"].languages) == ("Kerem", ("tr",))


# --- malformed files ----------------------------------------------------------------------

MALFORMED = {
    "unclosed flow list": "languages: [tr, ru\nsegmentation: sentence\n",
    "bad indentation": "languages: [tr]\nteam:\n  ayse: {name: A}\n    olga: {name: O}\n",
    "tab indentation": "languages: [tr]\npublish:\n\tfallback: source\n",
    "unclosed quote": "languages: [tr]\narticles: \"posts\n",
    "python object": "languages: !!python/object/apply:os.system [echo]\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_yaml_gives_line_and_column(tmp_path: Path, text: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as reference:
        yaml.safe_load(text)
    mark = reference.value.problem_mark
    message = error_of(tmp_path, text)
    assert message.startswith(f"workflow.yaml:{mark.line + 1}:{mark.column + 1}: malformed YAML: ")
    assert message.endswith("fix the syntax")


def test_impossible_date_gives_line_and_column(tmp_path: Path) -> None:
    text = BASE + TEAM + "assignments:\n  post:\n    tr: {translator: ayse, due: 2026-13-01}\n"
    line = text.splitlines().index("    tr: {translator: ayse, due: 2026-13-01}") + 1
    column = text.splitlines()[line - 1].index("2026-13-01") + 1
    message = error_of(tmp_path, text)
    assert message.startswith(f"workflow.yaml:{line}:{column}: '2026-13-01' is not a date")
    assert "YYYY-MM-DD" in message


def test_not_utf8_gives_byte_offset(tmp_path: Path) -> None:
    raw = "languages: [tr]\n# Çeviri ekibi\n".encode() + b"# caf\xe9\n"
    offset = raw.index(b"\xe9")
    assert error_of(tmp_path, raw) == (
        f"workflow.yaml:3: not UTF-8 (byte offset {offset}); save the file as UTF-8"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing but a comment\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    assert error_of(tmp_path, text) == "workflow.yaml: the file is empty; it needs at least 'languages: [..]'"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load_workflow(write(tmp_path, "\ufefflanguages: [tr]\n")).languages == ("tr",)


def test_missing_file_names_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_workflow(tmp_path / "workflow.yaml")
    assert str(caught.value) == f"{tmp_path / 'workflow.yaml'}: not found; run 'transflow init' to create a project here"


# --- through the project and the command line ------------------------------------------------


def test_project_open_reports_config_errors(tmp_path: Path) -> None:
    write(tmp_path, "languages: [tr]\nsegmentation: words\n")
    with pytest.raises(ConfigError, match=r"^workflow.yaml: segmentation: 'words' is not one of"):
        Project.open(tmp_path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("languages: [tr, ru, xx]\n", "Error: workflow.yaml: languages[2]: 'xx' is not a locale Babel knows"),
        ("languages: [tr]\nlanguage: [ru]\n", "Error: workflow.yaml: language: unknown key 'language'"),
        ("languages: [tr\n", "Error: workflow.yaml:2:1: malformed YAML"),
        (b"languages: [tr]\n\xff\n", "Error: workflow.yaml:2: not UTF-8 (byte offset 16)"),
        ("", "Error: workflow.yaml: the file is empty"),
    ],
)
def test_cli_reports_config_errors_and_writes_nothing(
    sample_project: Project, text: str | bytes, expected: str, run_cli, cli_error, snapshot
) -> None:
    root = sample_project.root
    write(root, text)
    before = snapshot(root)
    for args in (["update"], ["update", "--check"], ["segment", root / "articles" / "trilateral-security-summit-asia-pacific.md"]):
        line = cli_error(run_cli("-C", root, *args))
        assert line.startswith(expected), line
    assert snapshot(root) == before
    assert not (root / "locales").exists()


def test_cli_finds_workflow_from_a_subfolder(tmp_path: Path, run_cli, cli_error, monkeypatch) -> None:
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    write(tmp_path, "languages: [tr, xx]\n")
    monkeypatch.chdir(tmp_path / "articles")
    line = cli_error(run_cli("update", "--check"))
    assert line.startswith("Error: workflow.yaml: languages[1]: 'xx'")


def test_workflow_is_a_frozen_value(tmp_path: Path) -> None:
    workflow = load_workflow(write(tmp_path, "languages: [tr]\n"))
    assert isinstance(workflow, Workflow)
    with pytest.raises(AttributeError):
        workflow.languages = ("ru",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        workflow.team["x"] = None  # type: ignore[index]


# --- input beyond a hand-written file ----------------------------------------------------


@pytest.mark.parametrize(
    "text, what",
    [
        ("languages: [tr]\nx: " + "[" * 1000 + "]" * 1000 + "\n", "workflow.yaml:2:67: nested more than 64 levels deep"),
        ("languages: [tr]\nmatch_threshold: " + "7" * 5000 + "\n", "workflow.yaml:2:18: the number '7777"),
        ("languages: [tr]\nmatch_threshold: 0." + "7" * 5000 + "\n", None),
        ("languages: [tr]\nteam:\n  a: &a {name: A}\n" + "".join(
            f"  p{n}: &p{n} [" + ", ".join([f"*{'a' if n == 0 else f'p{n - 1}'}"] * 12) + "]\n" for n in range(6)),
         "its aliases expand to more than"),
    ],
)
def test_documents_no_person_writes_are_refused_where_they_stand(tmp_path: Path, text: str, what: str | None) -> None:
    if what is None:  # a float of 5,000 digits is just a float
        assert load_workflow(write(tmp_path, text)).match_threshold == pytest.approx(7 / 9)
        return
    assert what in error_of(tmp_path, text)


def test_a_workflow_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from transflow.formats.workflow import MAX_CONFIG_BYTES

    message = error_of(tmp_path, "languages: [tr]\n" + "#" * MAX_CONFIG_BYTES + "\n")
    size = (tmp_path / "workflow.yaml").stat().st_size
    assert message == f"workflow.yaml: is {size:,} bytes, over the limit of 4 MiB; check that this is the right file"


@pytest.mark.parametrize(("publish", "message"), [
    ("{layout: pages}", "publish.layout: 'pages' is not one of: folders, suffix"),
    ("{url: '/{language}/{slug}/'}", "publish.url: '/{language}/{slug}/' names {language}; it may name {lang}, {tag}"),
    ("{url: '/{lang}/'}", "publish.url: '/{lang}/' has no {slug}"),
    ("{url: '/{lang'}", "publish.url: '/{lang' is not a pattern"),
])
def test_publish_layout_and_url_are_checked(tmp_path, publish: str, message: str) -> None:
    from transflow.errors import ConfigError
    from transflow.formats.workflow import load_workflow

    (tmp_path / "workflow.yaml").write_text(f"languages: [tr]\npublish: {publish}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_workflow(tmp_path / "workflow.yaml")


def test_a_url_pattern_may_name_the_bcp47_tag_as_build_does(tmp_path) -> None:
    from transflow.formats.workflow import load_workflow

    (tmp_path / "workflow.yaml").write_text("languages: [pt_BR]\npublish: {url: '/{tag}/{slug}/'}\n", encoding="utf-8")
    assert load_workflow(tmp_path / "workflow.yaml").publish.url == "/{tag}/{slug}/"


def test_publish_layout_and_url_reach_the_build(sample_project, run_cli) -> None:
    from transflow.ops.update import update_project

    root = sample_project.root
    text = (root / "workflow.yaml").read_text(encoding="utf-8")
    (root / "workflow.yaml").write_text(text.replace("  min_complete: 100\n", "  min_complete: 0\n  layout: suffix\n"
                                                     "  url: '/{lang}/{slug}/'\n"), encoding="utf-8")
    assert update_project(sample_project).ok
    result = run_cli("-C", root, "build", "--lang", "tr", "--json")
    assert result.exit_code == 0, result.output
    slug = "proximity-trilateral-military-partnership"
    page = (root / "build" / f"{slug}.tr.md").read_text(encoding="utf-8")
    assert f"/tr/{slug}/" in page or f"/en/{slug}/" in page
    assert run_cli("-C", root, "build", "--lang", "tr", "--layout", "folders", "--output", root / "b2").exit_code == 0
    assert (root / "b2" / "tr" / f"{slug}.md").exists()


def test_number_cells_and_shortcodes_become_units_only_when_workflow_says_so(tmp_path, run_cli) -> None:
    import json

    assert run_cli("init", tmp_path).exit_code == 0
    article = tmp_path / "articles" / "table.md"
    article.write_text("# Results\n\n{{< tweet user=\"x\" id=\"1\" >}}\n\n| Party | Seats |\n|---|---|\n"
                       "| Greens | 6,500 |\n", encoding="utf-8")

    def texts() -> list[str]:
        result = run_cli("-C", tmp_path, "segment", article, "--format", "json")
        assert result.exit_code == 0, result.output
        return [unit["text"] for unit in json.loads(result.stdout)]

    assert texts() == ["Results", "Party", "Seats", "Greens"]
    workflow = tmp_path / "workflow.yaml"
    text = workflow.read_text(encoding="utf-8")
    workflow.write_text(text.replace("translate_number_cells: false", "translate_number_cells: true"), encoding="utf-8")
    assert "6,500" in texts()
    before = run_cli("-C", tmp_path, "update").exit_code
    assert before == 0
    workflow.write_text(text, encoding="utf-8")  # the setting is part of what makes a template current
    assert run_cli("-C", tmp_path, "update", "--check").exit_code == 1
