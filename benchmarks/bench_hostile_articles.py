#!/usr/bin/env python3
"""Is every command linear in its input? Articles of hostile shapes at 1x, 10x and 100x.

    python benchmarks/bench_hostile_articles.py                 # base 20 KB: up to 2 MB articles
    python benchmarks/bench_hostile_articles.py --base 200000   # up to 20 MB (minutes)
    python benchmarks/bench_hostile_articles.py --json

Each shape is one article in a project of its own, generated at base, 10x base and
100x base bytes:

``prose``       news paragraphs (the ordinary case)
``paragraph``   one paragraph of sentences with no blank line
``lines``       one-line paragraphs
``table``       a table whose cells repeat ("b" in every row: one unit, many places)
``links``       ``[x](`` repeated: links that never close (was quadratic in the word counter)
``footnotes``   ``[^`` repeated: footnote markers that never close

For each it times ``transflow update``, ``status`` and ``build`` as processes, and,
as the peer, markdown-it-py (the parser transflow uses) parsing the same text in this
process: transflow's time should grow as the peer's does. The last column is the time
at 100x over the time at 10x: about 10 is linear, about 100 quadratic. Nothing is
asserted; machines are noisy, so read ratios, not single figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

SHAPES = ("prose", "paragraph", "lines", "table", "links", "footnotes")
FACTORS = (1, 10, 100)
COMMANDS = {"update": ["update", "--quiet"], "status": ["status"], "build": ["build", "--quiet"]}
_WORDS = "the allies met in tokyo and agreed on a new framework for security cooperation across the region".split()


def article_text(shape: str, size: int) -> str:
    """An article of about ``size`` bytes of ``shape``, the same for the same arguments."""
    pieces: list[str] = []
    total = n = 0
    while total < size:
        n += 1
        words = " ".join(_WORDS[(n + k) % len(_WORDS)] for k in range(12)).capitalize()
        piece = {
            "prose": f"{words} {n}. {words} again {n}.\n\n" if n % 3 else f"## Part {n}\n\n",
            "paragraph": f"{words} {n}. ",
            "lines": f"Line {n} of the list.\n\n",
            "table": "| h | i |\n|---|---|\n" if n == 1 else f"| a{n} | b |\n",
            "links": "[x](",
            "footnotes": "[^",
        }[shape]
        pieces.append(piece)
        total += len(piece)
    return "---\ntitle: A long article\n---\n\n" + "".join(pieces) + "\n"


def _time_command(root: Path, command: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "transflow", "-C", str(root), *COMMANDS[command]],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def measure(shape: str, size: int, work: Path) -> dict[str, float]:
    root = work / f"{shape}-{size}"
    (root / "articles").mkdir(parents=True)
    (root / "workflow.yaml").write_text("languages: [tr]\npublish: {min_complete: 0}\n", encoding="utf-8")
    text = article_text(shape, size)
    (root / "articles" / "long.md").write_text(text, encoding="utf-8")
    figures = {command: _time_command(root, command) for command in COMMANDS}
    start = time.perf_counter()
    MarkdownIt("commonmark").enable("table").parse(text)
    figures["markdown-it"] = time.perf_counter() - start
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=20_000, help="bytes of the 1x article (default 20,000)")
    parser.add_argument("--shape", action="append", choices=SHAPES, help="only this shape (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results: dict[str, dict[int, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="transflow-hostile-") as work:
        for shape in args.shape or SHAPES:
            results[shape] = {}
            for factor in FACTORS:
                if not args.json and sys.stderr.isatty():
                    print(f"{shape} x{factor} ...", file=sys.stderr, flush=True)
                results[shape][factor] = measure(shape, args.base * factor, Path(work))
    if args.json:
        print(json.dumps({"base_bytes": args.base, "seconds": results}, indent=2))
        return
    print(f"seconds per run; 1x = {args.base:,} bytes; last column: time at 100x / time at 10x")
    print(f"{'shape':<10} {'tool':<12} " + " ".join(f"{f'{f}x':>8}" for f in FACTORS) + f" {'100x/10x':>9}")
    for shape, by_factor in results.items():
        for tool in (*COMMANDS, "markdown-it"):
            times = [by_factor[f][tool] for f in FACTORS]
            print(f"{shape:<10} {tool:<12} " + " ".join(f"{t:8.2f}" for t in times) + f" {times[2] / times[1]:9.1f}")


if __name__ == "__main__":
    main()
