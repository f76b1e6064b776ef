#!/usr/bin/env python3
"""How fast is ``transflow status`` over a large project, beside pocount and msgfmt --statistics?

    python benchmarks/bench_status.py                       # 10,000 articles x 3 languages
    python benchmarks/bench_status.py --articles 500        # a quick run
    python benchmarks/bench_status.py --dir /tmp/big        # keep (and reuse) the project

The project is generated with transflow's own API: short Markdown articles, their
templates, and per language a PO file with every status (translated, reviewed,
stale with the previous source, untranslated). Then it times

- ``collect_status`` cold (no cache: every PO file is parsed) and warm (nothing
  changed since the last call: figures come from ``.transflow/cache/``);
- the whole command, ``transflow status --format json``, warm, as a process;
- ``pocount`` (Translate Toolkit, ``pip install translate-toolkit``; not a
  dependency of transflow) and ``msgfmt --statistics`` over the same PO files,

and prints the figures, with the unit totals of each tool side by side (they
must agree; word counts differ because each tool has its own rules). No timing
is asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from transflow.formats.po import catalog_to_text
from transflow.model.catalog import Attribution, Catalog
from transflow.ops.status import collect_status
from transflow.util.statcache import RACY_SECONDS
from transflow.workspace.project import Project
from transflow.workspace.templates import (
    build_template,
    header_comment,
    po_headers,
    template_headers,
)

LANGUAGES = ("tr", "ru", "id")
WORDS = ("summit", "alliance", "security", "exercise", "deterrence", "minister", "coalition", "region", "treaty",
         "bomber", "peninsula", "cooperation", "forum", "dialogue", "strategy", "capital", "threat", "response")
MARKER = ".bench-articles"


def article_text(number: int) -> str:
    """A short news article: a title, three paragraphs, a list; every sentence its own."""
    def sentence(i: int) -> str:
        picked = [WORDS[(number * 7 + i * 3 + k) % len(WORDS)] for k in range(4)]
        return (f"In {2000 + number % 26} the {picked[0]} of article {number} met the {picked[1]} "
                f"over the U.S. {picked[2]} and the {picked[3]} ({i}).")
    paragraphs = [" ".join(sentence(p * 3 + s) for s in range(3)) for p in range(3)]
    items = "\n".join(f"- {sentence(10 + i)}" for i in range(2))
    return f"# Report number {number} on the {WORDS[number % len(WORDS)]}\n\n" + "\n\n".join(paragraphs) + \
        f"\n\n{items}\n"


def generate(root: Path, articles: int) -> None:
    """Write the project: workflow.yaml, articles, templates, PO files with every status."""
    if root.exists():
        shutil.rmtree(root)
    (root / "articles").mkdir(parents=True)
    team = "\n".join(f"  t{lang}: {{name: Translator {lang}, languages: [{lang}]}}\n"
                     f"  r{lang}: {{name: Reviewer {lang}, languages: [{lang}]}}" for lang in LANGUAGES)
    (root / "workflow.yaml").write_text(f"languages: [{', '.join(LANGUAGES)}]\nteam:\n{team}\n", encoding="utf-8")
    width = len(str(articles))
    for number in range(articles):
        (root / "articles" / f"article-{number:0{width}d}.md").write_text(article_text(number), encoding="utf-8")
    project = Project.open(root)
    when = "2026-11-20T10:15:00Z"
    for number, slug in enumerate(project.slugs()):
        article = project.read_article(slug)
        template = build_template(article, project.segment(article))
        headers = template_headers(project, article, project.source_hash(article), "2026-11-20 10:15+0000")
        pot = Catalog(slug, None, template, [], headers)
        project.locales_dir.mkdir(exist_ok=True)
        project.template_path(slug).write_text(catalog_to_text(pot, header_comment(slug, None)), encoding="utf-8")
        for offset, language in enumerate(LANGUAGES):
            entries = []
            for index, entry in enumerate(template):
                kind = (number + index + offset) % 10
                if kind < 4:
                    entry = replace(entry, msgstr=f"[{language}] {entry.msgid}",
                                    translated=Attribution(f"t{language}", when))
                elif kind < 6:
                    entry = replace(entry, msgstr=f"[{language}] {entry.msgid}",
                                    translated=Attribution(f"t{language}", when),
                                    reviewed=Attribution(f"r{language}", when))
                elif kind == 6:
                    entry = replace(entry, msgstr=f"[{language}] old", fuzzy=True, previous=entry.msgid + " Old.")
                entries.append(entry)
            catalog = Catalog(slug, language, entries, [], po_headers(headers, language, {}, "2026-11-20 10:15+0000"))
            path = project.po_path(language, slug)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(catalog_to_text(catalog, header_comment(slug, language)), encoding="utf-8")
    (root / MARKER).write_text(str(articles), encoding="utf-8")


def timed(function, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return (min(times) if repeat > 1 else times[0]), result


def transflow_figures(root: Path) -> tuple[dict[str, int], dict[str, int]]:
    report = collect_status(Project.open(root))
    units = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    words = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for row in report.rows:
        for bucket, figures in ((units, row.units), (words, row.words)):
            bucket["translated"] += figures.translated + figures.reviewed
            bucket["fuzzy"] += figures.stale
            bucket["untranslated"] += figures.untranslated
    return units, words


def run_pocount(root: Path) -> tuple[float, dict[str, int] | None, dict[str, int] | None, str]:
    pocount = shutil.which("pocount") or str(Path(sys.executable).with_name("pocount"))
    if not Path(pocount).exists():
        return 0.0, None, None, "not installed (pip install translate-toolkit)"
    start = time.perf_counter()
    done = subprocess.run([pocount, "--csv", str(root / "locales")], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        return elapsed, None, None, done.stderr.strip()[-300:]
    units = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    words = dict(units)
    # CSV: Filename, Translated Messages, Translated Source Words, Translated Target Words,
    # Fuzzy Messages, Fuzzy Source Words, Untranslated Messages, Untranslated Source Words, ...
    for line in done.stdout.splitlines()[1:]:
        fields = [f.strip() for f in line.split(",")]
        if len(fields) < 8 or not fields[0].endswith(".po"):
            continue
        units["translated"] += int(fields[1]); words["translated"] += int(fields[2])
        units["fuzzy"] += int(fields[4]); words["fuzzy"] += int(fields[5])
        units["untranslated"] += int(fields[6]); words["untranslated"] += int(fields[7])
    return elapsed, units, words, ""


_MSGFMT = re.compile(r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?")


def run_msgfmt(root: Path) -> tuple[float, dict[str, int], int]:
    """``msgfmt --statistics`` once per PO file, as a script checking each file would."""
    files = sorted((root / "locales").glob("*/*.po"))
    units = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    start = time.perf_counter()
    for path in files:
        done = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)], capture_output=True, text=True)
        found = _MSGFMT.search(done.stderr)
        if found:
            units["translated"] += int(found.group(1))
            units["fuzzy"] += int(found.group(2) or 0)
            units["untranslated"] += int(found.group(3) or 0)
    return time.perf_counter() - start, units, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the project (kept; reused if it fits)")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs to time (the best is shown)")
    parser.add_argument("--skip-tools", action="store_true", help="do not run pocount and msgfmt")
    args = parser.parse_args()

    workdir = None
    if args.dir is None:
        workdir = tempfile.mkdtemp(prefix="transflow-bench-")
        root = Path(workdir) / "project"
    else:
        root = args.dir
    try:
        marker = root / MARKER
        if marker.exists() and marker.read_text(encoding="utf-8") == str(args.articles):
            print(f"reusing {root}")
        else:
            seconds, _ = timed(lambda: generate(root, args.articles))
            print(f"generated {args.articles} articles x {len(LANGUAGES)} languages in {seconds:.1f} s ({root})")
        files = len(list((root / "locales").glob("*/*.po")))
        time.sleep(RACY_SECONDS + 0.1)  # files written just now are never cached (see status.py)

        shutil.rmtree(root / ".transflow" / "cache", ignore_errors=True)
        cold, report = timed(lambda: collect_status(Project.open(root)))
        rows = len(report.rows)
        warm, _ = timed(lambda: collect_status(Project.open(root)), args.repeat)
        command = [str(Path(sys.executable).with_name("transflow")), "-C", str(root), "status", "--format", "json"]
        cli_times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            cli_times.append(time.perf_counter() - start)
        table_command = command[:-2]
        start = time.perf_counter()
        subprocess.run(table_command, stdout=subprocess.DEVNULL, check=True)
        cli_table = time.perf_counter() - start

        print(f"\nPO files: {files}; status rows: {rows}; CPUs: {os.cpu_count()}")
        print(f"transflow collect_status, cold (no cache)        {cold:8.2f} s")
        print(f"transflow collect_status, warm (best of {args.repeat})        {warm:8.2f} s")
        print(f"transflow status --format json, warm, process   {statistics.median(cli_times):8.2f} s (median of 3)")
        print(f"transflow status (table), warm, process         {cli_table:8.2f} s")

        units, words = transflow_figures(root)
        print(f"\n{'tool':<34}{'time':>9}   units translated/fuzzy/untranslated   words")
        print(f"{'transflow (warm)':<34}{warm:8.2f}s   {_triple(units):<36}  {_triple(words)}")
        if not args.skip_tools:
            seconds, pc_units, pc_words, problem = run_pocount(root)
            if pc_units is None:
                print(f"{'pocount':<34}{'-':>9}   {problem}")
            else:
                print(f"{'pocount':<34}{seconds:8.2f}s   {_triple(pc_units):<36}  {_triple(pc_words)}")
            seconds, mf_units, count = run_msgfmt(root)
            print(f"{f'msgfmt --statistics ({count} runs)':<34}{seconds:8.2f}s   {_triple(mf_units):<36}  -")
            agree = units == mf_units and (pc_units is None or pc_units == units)
            print(f"\nunit totals agree across tools: {'yes' if agree else 'NO'}")
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def _triple(figures: dict[str, int]) -> str:
    return f"{figures['translated']}/{figures['fuzzy']}/{figures['untranslated']}"


if __name__ == "__main__":
    main()
