"""Meta-tests of the ``transflow`` command line: every command (found by walking the
click group, so commands added later are covered) documents itself with an example, the
version, usage errors (exit 2), and library errors (one line, exit 1, no traceback)."""

from __future__ import annotations

import importlib.metadata
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
