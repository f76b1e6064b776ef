"""A seeded corpus of malformed inputs: every one is refused cleanly and changes nothing.

Each case damages one real input of the sample project the way files get damaged
(an editor, a merge, a truncated copy, a hostile sender): a translator's PO file given
to ``submit``, workflow.yaml under several commands, a new article under ``update``.
Every case must end with exit 1 or 2, exactly one ``Error:`` line on stderr that names
the damaged file, no traceback, and the project tree byte-identical. The corpus is
generated from a fixed seed, so a failing case has a stable id to rerun.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT, tree_snapshot
from transflow.cli import cli

SEED = 20261202
SLUG = "trilateral-security-summit-asia-pacific"
OTHER_SLUG = "japan-south-korea-us-bolster-trilateral-response"
VARIANTS = 12  # random placements of each kind of damage


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """An updated sample project, and a translated PO file pulled from it for ayse (tr)."""
    root = tmp_path_factory.mktemp("fuzz-base") / "project"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "workflow.yaml", root / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", root / "articles")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(root), "update", "--quiet"]).exit_code == 0
    pulled = root.parent / "pulled"
    result = runner.invoke(cli, ["-C", str(root), "pull", "--lang", "tr", "--translator", "ayse",
                                 "--article", SLUG, "--output", str(pulled)])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(pulled / "tr" / f"{SLUG}.po"), wrapwidth=0)  # one line per string
    for entry in po:
        entry.msgstr = f"TR· {entry.msgid}"
    return root, str(po).encode("utf-8")


# --- damage to a PO file --------------------------------------------------------------------


def _msgstr_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith(b'msgstr "') and line != b'msgstr ""']


def _in_msgstr(rng: random.Random, data: bytes, damage: Callable[[bytes], bytes]) -> bytes:
    lines = data.split(b"\n")
    i = rng.choice(_msgstr_lines(lines))
    lines[i] = damage(lines[i])
    return b"\n".join(lines)


def _without_line(lines: list[bytes], drop: int) -> bytes:
    return b"\n".join(line for n, line in enumerate(lines) if n != drop)


def _inside_quotes(rng: random.Random, line: bytes, insert: bytes) -> bytes:
    at = rng.randrange(len(b'msgstr "'), len(line) - 1)
    return line[:at] + insert + line[at:]


def _header(data: bytes, name: bytes, value: bytes) -> bytes:
    start = data.index(b'"' + name + b": ")
    end = data.index(b'\\n"', start)
    return data[:start] + b'"' + name + b": " + value + data[end:]


PO_DAMAGE: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "unterminated string": lambda rng, d: _in_msgstr(rng, d, lambda line: line[:-1]),
    "msgid without msgstr": lambda rng, d: _without_line(d.split(b"\n"), rng.choice(_msgstr_lines(d.split(b"\n")))),
    "unknown escape": lambda rng, d: _in_msgstr(rng, d, lambda line: _inside_quotes(rng, line, b"\\q")),
    "raw NUL": lambda rng, d: _in_msgstr(rng, d, lambda line: _inside_quotes(rng, line, b"\x00")),
    "escaped NUL": lambda rng, d: _in_msgstr(rng, d, lambda line: _inside_quotes(rng, line, b"\\0")),
    "invalid UTF-8": lambda rng, d: _in_msgstr(rng, d, lambda line: _inside_quotes(rng, line, bytes([rng.randrange(0x80, 0x100)]) + b"\xff")),
    "unknown charset": lambda rng, d: _header(d, b"Content-Type", b"text/plain; charset=" + rng.choice([b"undefined", b"utf-9", b"latin-99", b"x"])),
    "charset lie": lambda rng, d: _header(d, b"Content-Type", b"text/plain; charset=" + rng.choice([b"ISO-8859-1", b"windows-1252", b"ISO-8859-15"])),
    "other language": lambda rng, d: _header(d, b"Language", rng.choice([b"ru", b"id", b"de", b"xx"])),
    "other article": lambda rng, d: _header(d, b"X-Transflow-Article", rng.choice([OTHER_SLUG.encode(), b"no-such-article"])),
    "stray line": lambda rng, d: b"\n".join(_insert_line(rng, d.split(b"\n"), rng.choice([b"hello", b"msgctxt", b"msgid", b"}", b"msgstr"]))),
    "misspelled keyword": lambda rng, d: _in_msgstr(rng, d, lambda line: rng.choice([b"msgsrt", b"msgstr[0]", b"MSGSTR"]) + line[len(b"msgstr"):]),
    "truncated in a string": lambda rng, d: d[: d.index(b'msgstr "', rng.randrange(len(d) // 4, len(d) * 3 // 4)) + 12],
    "binary junk": lambda rng, d: bytes(rng.randrange(256) for _ in range(rng.randrange(16, 4096))),
    "UTF-16": lambda rng, d: d.decode("utf-8").encode(rng.choice(["utf-16", "utf-16-be", "utf-32"])),
}


def _insert_line(rng: random.Random, lines: list[bytes], line: bytes) -> list[bytes]:
    # Between two entries or inside one: never inside the header's continuation lines' quotes.
    at = rng.randrange(len(lines) // 3, len(lines))
    return [*lines[:at], line, *lines[at:]]


# --- damage to workflow.yaml -----------------------------------------------------------------


def _yaml_line(rng: random.Random, text: str, damage: Callable[[str], str]) -> str:
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    i = rng.choice(content)
    lines[i] = damage(lines[i])
    return "\n".join(lines)


YAML_DAMAGE: dict[str, Callable[[random.Random, str], str | bytes]] = {
    "broken syntax": lambda rng, t: _yaml_line(rng, t, lambda line: line + rng.choice([" : [", ": {", " ]]", ' "'])),
    "tab indentation": lambda rng, t: _yaml_line(rng, t, lambda line: "\t" + line.lstrip() if line.startswith(" ") else line + "\n\tx: 1"),
    "unknown key": lambda rng, t: t + f"\n{rng.choice(['langauges', 'teams', 'publsh', 'x'])}: 1\n",
    "wrong type": lambda rng, t: t.replace("languages: [tr, ru, id]", rng.choice(
        ["languages: 5", "languages: tr", "languages: {tr: 1}", "languages: [tr, [ru]]"])),
    "unknown locale": lambda rng, t: t.replace("languages: [tr, ru, id]", f"languages: [tr, {rng.choice(['xx', 'tr_XX', 'english', 'und', 'root'])}]"),
    "given twice": lambda rng, t: t + "\n" + rng.choice(["languages: [tr]", "segmentation: sentence", "team: {}"]) + "\n",
    "not UTF-8": lambda rng, t: _bytes_at(rng, t.encode("utf-8"), b"\xff\xfe"),
    "nested deep": lambda rng, t: t + "\nx: " + "[" * (n := rng.randrange(65, 3000)) + "]" * n + "\n",
    "alias bomb": lambda rng, t: t + "\n" + "".join(
        f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}" if k else "lol"] * 12) + "]\n" for k in range(rng.randrange(6, 9))),
    "huge number": lambda rng, t: t + f"\nmatch_threshold: {'7' * rng.randrange(4301, 9000)}\n",
    "out of range": lambda rng, t: t + f"\nmatch_threshold: {rng.choice(['2', '-1', '.nan', '.inf', 'high'])}\n",
    "bad team member": lambda rng, t: t.replace("  ayse:   {name: Ayşe Demir,", rng.choice(
        ["  ayse:   {name: 5,", "  ayse:   {colour: red, name: Ayşe Demir,", "  ayse:   {name: Ayşe Demir, languages: [xx],"])),
}


def _bytes_at(rng: random.Random, data: bytes, insert: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + insert + data[at:]


# --- damaged articles ------------------------------------------------------------------------


def _article(rng: random.Random) -> str:
    return (REPO_ROOT / "articles" / f"{rng.choice([SLUG, OTHER_SLUG])}.md").read_text(encoding="utf-8")


ARTICLE_DAMAGE: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "not UTF-8": lambda rng: ("broken.md", _bytes_at(rng, _article(rng).encode("utf-8"), bytes([rng.randrange(0x80, 0xC0)]))),
    "NUL byte": lambda rng: ("broken.md", _bytes_at(rng, _article(rng).encode("utf-8"), b"\x00")),
    "UTF-16": lambda rng: ("broken.md", _article(rng).encode(rng.choice(["utf-16", "utf-16-le"]))),
    "unclosed front matter value": lambda rng: ("broken.md", _article(rng).replace("title: ", rng.choice(["title: [", "title: {", 'title: "', "title: &"]), 1).encode()),
    "front matter not a mapping": lambda rng: ("broken.md", ("---\n- a\n- b\n---\n" + _article(rng).split("---\n", 2)[2]).encode()),
    "front matter nested deep": lambda rng: ("broken.md", _article(rng).replace("---\n", "---\nx: " + "[" * (n := rng.randrange(65, 2000)) + "]" * n + "\n", 1).encode()),
    "front matter alias bomb": lambda rng: ("broken.md", _article(rng).replace("---\n", "---\n" + "".join(
        f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}" if k else "lol"] * 12) + "]\n" for k in range(6)), 1).encode()),
    "no text": lambda rng: ("broken.md", rng.choice([b"", b"\n\n  \n", b"```\ncode only\n```\n", b"---\ndate: 2026-01-01\n---\n"])),
    "bad file name": lambda rng: (rng.choice(["a..b.md", "with space.md", "con.md", "ends..md", "LPT1.x.md"]), _article(rng).encode()),
}


def _cases() -> list[pytest.param]:
    rng = random.Random(SEED)
    cases = []
    for kind in PO_DAMAGE:
        cases += [pytest.param("po", kind, rng.randrange(1 << 30), id=f"po-{kind}-{n}") for n in range(VARIANTS)]
    for kind in YAML_DAMAGE:
        cases += [pytest.param("yaml", kind, rng.randrange(1 << 30), id=f"yaml-{kind}-{n}") for n in range(VARIANTS)]
    for kind in ARTICLE_DAMAGE:
        cases += [pytest.param("article", kind, rng.randrange(1 << 30), id=f"article-{kind}-{n}") for n in range(VARIANTS)]
    return cases


CASES = _cases()
YAML_COMMANDS = (["status"], ["update"], ["build"], ["pull", "--lang", "tr", "--translator", "ayse"], ["diff"])


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 300
    assert {kind for _, kind, _ in (c.values for c in CASES)} == {*PO_DAMAGE, *YAML_DAMAGE, *ARTICLE_DAMAGE}


@pytest.mark.parametrize("where, kind, seed", CASES)
def test_malformed_input_is_refused_cleanly(base: tuple[Path, bytes], tmp_path: Path, where: str, kind: str, seed: int):
    template, po_bytes = base
    rng = random.Random(seed)
    root = tmp_path / "project"
    shutil.copytree(template, root)
    if where == "po":
        damaged = tmp_path / f"{SLUG}.po"
        damaged.write_bytes(PO_DAMAGE[kind](rng, po_bytes))
        args, named = ["submit", str(damaged)], damaged.name
    elif where == "yaml":
        text = (root / "workflow.yaml").read_text(encoding="utf-8")
        result = YAML_DAMAGE[kind](rng, text)
        (root / "workflow.yaml").write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
        args, named = rng.choice(YAML_COMMANDS), "workflow.yaml"
    else:
        name, data = ARTICLE_DAMAGE[kind](rng)
        (root / "articles" / name).write_bytes(data)
        args, named = ["update"], f"articles/{name}"
    before = tree_snapshot(root)
    result = CliRunner().invoke(cli, ["-C", str(root), *args], prog_name="transflow")
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    assert escaped is None, f"{type(escaped).__name__}: {escaped}"
    assert result.exit_code in (1, 2), (result.exit_code, result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and named in errors[0], result.stderr
    assert "Traceback" not in result.output
    assert tree_snapshot(root) == before
