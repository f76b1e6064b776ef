"""Tests for ``transflow init``: the scaffold, that later commands accept it, and that it
never overwrites an existing workflow.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
import yaml

from transflow.errors import ProjectError
from transflow.formats.workflow import load_workflow
from transflow.ops.init import WORKFLOW_TEMPLATE, init_project, workflow_template
from transflow.workspace.project import Project

ARTICLE = "---\ntitle: First post\n---\n\nThe newsroom opened. It hired *three* translators.\n\n- One item.\n"


def test_init_creates_the_tree(tmp_path: Path, run_cli) -> None:
    target = tmp_path / "newsroom"
    result = run_cli("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "workflow.yaml").is_file()
    assert (target / "articles").is_dir() and (target / "locales").is_dir()
    assert (target / "workflow.yaml").read_text(encoding="utf-8") == WORKFLOW_TEMPLATE
    for name in ("articles", "locales", "workflow.yaml"):
        assert str(target / name) in result.stdout


def test_init_in_the_current_folder(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    assert Project.find(tmp_path).root == tmp_path.resolve()


def test_init_keeps_existing_folders_and_articles(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "post.md").write_text(ARTICLE, encoding="utf-8")
    created = init_project(tmp_path)
    assert created == [tmp_path / "locales", tmp_path / "workflow.yaml", tmp_path / "glossary.yaml",
                       tmp_path / ".gitignore"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").split() == ["/build/", "/pulled/", ".transflow/"]
    assert (tmp_path / "articles" / "post.md").read_text(encoding="utf-8") == ARTICLE


def test_scaffold_comments_every_key() -> None:
    data = yaml.safe_load(WORKFLOW_TEMPLATE)
    lines = WORKFLOW_TEMPLATE.splitlines()
    keys = [*data, *(f"publish.{key}" for key in data["publish"])]
    for key in keys:
        name = key.rsplit(".", 1)[-1]
        index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{name}:"))
        group = []  # the key's line and the lines above it up to a blank line
        while index >= 0 and lines[index].strip():
            group.append(lines[index])
            index -= 1
        inline = "#" in group[0].split(":", 1)[1]
        assert inline or any(line.lstrip().startswith("# ") for line in group), f"{key} has no comment"


def test_scaffold_loads_with_the_spec_defaults(tmp_path: Path) -> None:
    init_project(tmp_path)
    workflow = load_workflow(tmp_path / "workflow.yaml")
    assert workflow.source_language == "en"
    assert workflow.languages == ("tr", "ru", "id")
    assert (workflow.articles, workflow.locales, workflow.segmentation) == ("articles", "locales", "sentence")
    assert (workflow.publish.min_complete, workflow.publish.require_review, workflow.publish.fallback) == (100, False, "source")


@pytest.mark.parametrize("languages", [("tr", "ru", "id"), ("pt_BR", "ar", "zh_Hant")])
def test_the_commented_examples_are_valid_when_uncommented(tmp_path: Path, languages: tuple[str, ...]) -> None:
    """A user who removes the '# ' before the team, assignment and rates examples gets a valid file."""
    template = workflow_template(languages)
    text = template
    for line in template.splitlines():
        stripped = line.lstrip()
        if (stripped.startswith("# ") and ": {" in stripped or stripped.startswith("# some-article-slug:")
                or line.startswith(("# rates:", "#   "))):
            text = text.replace(line, line.replace("# ", "", 1) if ": {" in line or "slug" in line
                                else line[2:], 1)
    assert text != template
    (tmp_path / "workflow.yaml").write_text(text, encoding="utf-8")
    workflow = load_workflow(tmp_path / "workflow.yaml")
    people = {"tr": "ayse", "ru": "olga", "id": "putri", "pt_BR": "ana", "ar": "layla", "zh_Hant": "meiling"}
    assert set(workflow.team) == {people[code] for code in languages} | {"editor"}
    assert {code: workflow.team[people[code]].languages for code in languages} == {c: (c,) for c in languages}
    assert workflow.team["editor"].editor and workflow.languages == languages
    assert workflow.team["layla" if "ar" in languages else "ayse"].name in ("ليلى حداد", "Ayşe Demir")
    assignment = workflow.assignment("some-article-slug", languages[0])
    assert (assignment.translator, assignment.reviewer) == (people[languages[0]], "editor")
    assert workflow.rates is not None and workflow.rates.currency == "EUR"
    assert workflow.rates.price("tr", "fuzzy_75") == 0.08 and workflow.rates.price("tr", "fuzzy_50") == 0.12


def test_init_takes_the_languages_in_any_spelling_names_them_and_says_what_next(tmp_path: Path, run_cli) -> None:
    result = run_cli("init", tmp_path / "desk", "--languages", "pt-BR, ar,zh-hant")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "desk" / "workflow.yaml").read_text(encoding="utf-8")
    assert "languages: [pt_BR, ar, zh_Hant]   # português (Brasil), العربية, 中文 (繁體)" in text
    assert load_workflow(tmp_path / "desk" / "workflow.yaml").languages == ("pt_BR", "ar", "zh_Hant")
    assert "transflow update" in result.stdout and "transflow assign SLUG --lang pt_BR" in result.stdout
    assert "transflow status" in result.stdout


@pytest.mark.parametrize(("value", "message"), [
    ("klingon", "'klingon' is not a language Babel knows"),
    ("en,tr", "'en' is the source language"),
    (" , ", "name at least one language"),
])
def test_init_refuses_languages_it_cannot_use_and_creates_nothing(tmp_path: Path, run_cli, cli_error, value,
                                                                  message) -> None:
    assert message in cli_error(run_cli("init", tmp_path / "desk", "--languages", value))
    assert not (tmp_path / "desk").exists()


def test_an_empty_project_says_where_articles_go(tmp_path: Path, run_cli) -> None:
    assert run_cli("init", tmp_path).exit_code == 0
    result = run_cli("-C", tmp_path, "update")
    assert result.exit_code == 0 and "no articles yet; put Markdown (.md) or text (.txt) files" in result.stderr


def test_fresh_project_accepts_segment_and_update(tmp_path: Path, run_cli) -> None:
    assert run_cli("init", tmp_path).exit_code == 0
    article = tmp_path / "articles" / "first-post.md"
    article.write_text(ARTICLE, encoding="utf-8")

    segmented = run_cli("-C", tmp_path, "segment", article, "--format", "json")
    assert segmented.exit_code == 0, segmented.output
    texts = [unit["text"] for unit in json.loads(segmented.stdout)]
    assert texts == ["First post", "The newsroom opened.", "It hired *three* translators.", "One item."]

    updated = run_cli("-C", tmp_path, "update")
    assert updated.exit_code == 0, updated.output
    template = polib.pofile(str(tmp_path / "locales" / "first-post.pot"))
    assert [entry.msgid for entry in template] == texts
    for language in ("tr", "ru", "id"):
        catalog = polib.pofile(str(tmp_path / "locales" / language / "first-post.po"))
        assert [entry.msgid for entry in catalog] == texts
        assert catalog.percent_translated() == 0

    check = run_cli("-C", tmp_path, "update", "--check")
    assert check.exit_code == 0, check.output


def test_fresh_project_with_no_articles_is_up_to_date(tmp_path: Path, run_cli) -> None:
    init_project(tmp_path)
    result = run_cli("-C", tmp_path, "update", "--check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("existing", ["languages: [de]  # mine\n", ""])
def test_init_refuses_to_overwrite(tmp_path: Path, existing: str, run_cli, cli_error, snapshot) -> None:
    (tmp_path / "workflow.yaml").write_text(existing, encoding="utf-8")
    before = snapshot(tmp_path)
    line = cli_error(run_cli("init", tmp_path))
    assert line == f"Error: {tmp_path / 'workflow.yaml'}: already exists; transflow init never overwrites it"
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "articles").exists() and not (tmp_path / "locales").exists()


def test_init_refuses_when_a_folder_name_is_a_file(tmp_path: Path, snapshot) -> None:
    (tmp_path / "locales").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(ProjectError, match="locales: .*not a folder"):
        init_project(tmp_path)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "articles").exists()


def test_init_into_a_file_is_a_usage_error(tmp_path: Path, run_cli) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = run_cli("init", target)
    assert result.exit_code == 2 and "file.txt" in result.stderr
    assert target.read_text(encoding="utf-8") == "x"


def test_init_project_into_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ProjectError, match="file.txt: .*not a folder"):
        init_project(target)
    assert target.read_text(encoding="utf-8") == "x"


def test_the_readmes_new_project_walk_through_runs_as_written(tmp_path) -> None:
    """The README's "Starting a new project", command by command, as a shell runs it."""
    import os
    import re
    import subprocess
    import sys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Starting a new project", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    translate = (
        f"{sys.executable} - <<'PY'\n"
        "import polib\n"
        "po = polib.pofile('pulled/pt_BR/first-story.po')\n"
        "done = {'Markets steady after the vote': 'Mercados estáveis após a votação',\n"
        "        'Markets were steady on Tuesday.': 'Os mercados ficaram estáveis na terça-feira.',\n"
        "        'Traders expect more news next week.': 'Os operadores esperam mais notícias na próxima semana.'}\n"
        "for entry in po:\n"
        "    entry.msgstr = done[entry.msgid]\n"
        "po.save()\n"
        "PY\n"
    )
    uncomment = r"sed -i 's/^  # \(ana\|layla\|editor\): /  \1: /' workflow.yaml" + "\n"
    script = block.replace("# ... translate the three units in any PO editor ...\n", translate)
    script = script.replace("# editor): remove the '# ' before them, or write your own team there.\n",
                            "# editor)\n" + uncomment)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for comment in re.findall(r"# (first-story: created|applied 3|0 error\(s\), 0 warning\(s\))", block):
        assert comment in done.stdout, comment
    assert re.search(r"built +pt_BR +first-story: 100%", done.stdout), done.stdout
    assert re.search(r"skipped +ar +first-story", done.stdout), done.stdout
    page = (tmp_path / "desk" / "build" / "pt_BR" / "first-story.md").read_text(encoding="utf-8")
    assert "Os mercados ficaram estáveis na terça-feira." in page


def test_the_dashboard_script_says_how_to_run_it_without_the_virtualenv() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "dashboard_screenshot.py"
    # -S -I: no site-packages, as the system Python without transflow's dependencies.
    done = subprocess.run([sys.executable, "-S", "-I", str(script), "--demo"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip() == ("needs transflow's dependencies: run it with the project's virtualenv, e.g. "
                                   ".venv/bin/python scripts/dashboard_screenshot.py --demo (after .venv/bin/pip "
                                   "install -e .)")
