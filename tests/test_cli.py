"""Meta-tests of the ``transflow`` command line: every command (found by walking the
click group, so commands added later are covered) documents itself with an example, the
version, usage errors (exit 2), and library errors (one line, exit 1, no traceback)."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

import transflow
from transflow.cli import cli


def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words that invoke it."""
    paths = []
    ctx = click.Context(group, info_name="transflow")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def command_of(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


ALL_COMMANDS = command_paths()
IDS = [" ".join(path) for path in ALL_COMMANDS]


def test_the_commands_of_the_spec_are_there() -> None:
    names = {path[0] for path in ALL_COMMANDS}
    assert {"init", "segment", "update"} <= names


@pytest.mark.parametrize("path", [(), *ALL_COMMANDS], ids=["transflow", *IDS])
def test_help_has_an_example(path: tuple[str, ...], run_cli) -> None:
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    example = [i for i, line in enumerate(lines) if line.strip().startswith("Example")]
    assert example, f"'transflow {' '.join(path)} --help' has no Example"
    # The example is a command line, kept as written (click's \b stops rewrapping).
    following = lines[example[0] + 1]
    assert following.startswith("    ") and "transflow" in following, following


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    installed = importlib.metadata.version("transflow")
    assert transflow.__version__ == installed
    assert result.stdout.strip() == f"transflow, version {installed}"


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=IDS)
def test_unknown_option_is_a_usage_error(path: tuple[str, ...], run_cli) -> None:
    result = run_cli(*path, "--no-such-option")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: transflow") and "--no-such-option" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_command_is_a_usage_error(run_cli) -> None:
    result = run_cli("translate-everything")
    assert result.exit_code == 2
    assert "No such command 'translate-everything'" in result.stderr


def test_library_error_is_one_line_on_stderr(tmp_path: Path) -> None:
    """Through a real process: what a user or a CI script sees."""
    (tmp_path / "workflow.yaml").write_text("languages: [tr, ru, xx]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    completed = subprocess.run(
        [sys.executable, "-m", "transflow", "update"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == "Error: workflow.yaml: languages[2]: 'xx' is not a locale Babel knows (examples: tr, pt_BR, zh_Hant)\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_usage_error_through_a_real_process(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "transflow", "segment"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 2
    assert "Usage: " in completed.stderr and "Traceback" not in completed.stderr


README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_convention(option: str) -> list[tuple[str, ...]]:
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip("|"))] if line.startswith("|") else []
        if len(cells) >= 3 and re.match(rf"`{re.escape(option)}[` ]", cells[1]):
            return [tuple(name.strip("` ").split()) for name in cells[-1].split(",")]
    raise AssertionError(f"the README's conventions table has no row for {option}")


@pytest.mark.parametrize("option", ["--json", "-q", "--format"])
def test_the_readme_conventions_table_is_what_the_commands_take(option: str) -> None:
    listed = _readme_convention(option)
    assert listed, option
    for path in listed:
        command = command_of(path)
        names = {name for param in command.params for name in getattr(param, "opts", [])}
        assert option in names, f"README says 'transflow {' '.join(path)}' takes {option}"
    if option != "--format":  # every command that changes something, and nothing else, is listed
        takes = {path for path in ALL_COMMANDS
                 if option in {n for p in command_of(path).params for n in getattr(p, "opts", [])}}
        reports = set(_readme_convention("--format"))
        assert takes - reports <= set(listed), sorted(takes - set(listed))


def _project_with_a_change(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "p"
    root.mkdir()
    shutil.copy2(README.parent / "workflow.yaml", root / "workflow.yaml")
    shutil.copytree(README.parent / "articles", root / "articles")
    subprocess.run([sys.executable, "-m", "transflow", "-C", str(root), "update", "-q"], check=True)
    article = next((root / "articles").glob("proximity-*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("in August", "in July"), encoding="utf-8")
    return root


@pytest.mark.skipif(subprocess.run(["sh", "-c", "command -v script"], capture_output=True).returncode != 0,
                    reason="util-linux 'script' (a pseudo-terminal) is not installed")
@pytest.mark.parametrize(("env", "flag", "coloured"), [
    ({}, None, True), ({"NO_COLOR": "1"}, None, False), ({}, "--no-color", False), ({"NO_COLOR": "1"}, "--color", True),
])
def test_colour_on_a_terminal_follows_no_color_and_the_flags(tmp_path: Path, env, flag, coloured) -> None:
    import os
    import shlex

    root = _project_with_a_change(tmp_path)
    command = [sys.executable, "-m", "transflow", "-C", str(root), *([flag] if flag else []), "diff"]
    clean = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run(["script", "-qec", shlex.join(command), os.devnull], capture_output=True, text=True,
                          env={**clean, **env, "TERM": "xterm"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in July" in done.stdout or "July" in done.stdout
    assert ("\x1b[" in done.stdout) is coloured


def test_shell_completion_offers_languages_slugs_and_people(tmp_path: Path) -> None:
    import os

    root = _project_with_a_change(tmp_path)

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_TRANSFLOW_COMPLETE": "bash_complete", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
        done = subprocess.run([sys.executable, "-c", "from transflow.cli import main; main()"], cwd=root, env=env,
                              capture_output=True, text=True)
        return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]

    assert complete("transflow status --lang ") == ["tr", "ru", "id"]
    assert complete("transflow pull --lang tr --translator a") == ["ayse"]
    assert complete("transflow check prox") == ["proximity-trilateral-military-partnership"]


def test_segment_text_shows_one_unit_a_line_even_with_a_hard_break(tmp_path: Path, run_cli) -> None:
    article = tmp_path / "hard.md"
    article.write_text("# T\n\nText with a hard  \nline break. Next one.\n", encoding="utf-8")
    lines = run_cli("segment", article).stdout.splitlines()
    assert [line.split(None, 3)[3] for line in lines] == ["T", "Text with a hard  ⏎line break.", "Next one."]
