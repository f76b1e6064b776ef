#!/usr/bin/env python3
"""Time ``transflow build`` beside po4a's translate step on the same generated corpus.

Usage::

    python benchmarks/bench_build.py                       # 10,000 articles; po4a on 200 of them
    python benchmarks/bench_build.py --articles 500 --po4a-articles 500
    python benchmarks/bench_build.py --skip-po4a --json

The corpus (benchmarks/corpus.py) is N news-like Markdown articles of about 40
sentences with front matter, headings, a list and footnotes, in three languages
(tr, ru, id), every unit translated with a fake translation (``[tr] <msgid>``).

The cases, for each tool:

``full``
    build every article in every language into an empty output folder.
``noop``
    build again; nothing changed.
``edit1``
    1% of the articles were edited (a sentence reworded, one inserted, one deleted, a
    paragraph moved), the PO files updated and the new units translated (untimed), then
    build again.

transflow runs as ``python -m transflow -C <project> build -q`` in a subprocess (its
time includes starting Python). po4a (Debian package ``po4a``; this script runs
``apt-get install -y po4a`` when it is missing, or says why it skipped it) runs as a
po4a user keeps many documents: one po4a.cfg listing every article with the text
module and its Markdown option, one PO per article and language, and its translate
step alone: ``po4a --no-update -k 0 po4a.cfg`` (po4a's documentation says it redoes
only translations whose master, PO or config is newer; measured here, a run with
nothing changed takes as long as a full one). po4a's PO files are
made (untimed) by ``po4a --no-translations``, which grows superlinearly with the number
of documents (about 67 s for 200 articles), so po4a runs on the first --po4a-articles
articles of the corpus and transflow is timed on that same subset too, for a like-for-
like comparison, as well as on the whole corpus.

Nothing is written in the repository: the work folder is a new folder under /tmp,
removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the benchmarks folder is not a package)

CASES = (
    ("full", "full build (empty output folder)"),
    ("noop", "rebuild, nothing changed"),
    ("edit1", "rebuild after 1% of the articles changed"),
)
MIB = 1 << 20


@dataclass
class Run:
    seconds: float | None = None
    peak_rss_bytes: int | None = None
    exit_code: int | None = None
    stopped: bool = False
    skipped: str | None = None
    outputs: int | None = None  # files in the output folder afterwards
    rewritten: int | None = None  # files whose bytes changed in this run


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Run:
    """Wall time and peak RSS (os.wait4) of one subprocess; output to ``log``."""
    measured = corpus.measure(command, cwd, log, timeout)
    return Run(seconds=measured.seconds, peak_rss_bytes=measured.peak_rss_bytes, exit_code=measured.exit_code,
               stopped=measured.stopped)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Each file's digest (not its bytes: this process must stay small, because a child's
    peak RSS as wait4 reports it can include the parent's memory it was forked from)."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).digest() for p in folder.rglob("*") if p.is_file()
    }


def count_changes(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    return sum(1 for name, data in after.items() if before.get(name) != data)


def transflow_update(project: Path, slugs: list[str] = ()) -> None:
    """``transflow update`` in a subprocess (set-up, untimed; keeps this process small)."""
    result = subprocess.run(
        [sys.executable, "-m", "transflow", "-C", str(project), "update", "-q", *slugs], capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"transflow update failed: {(result.stderr or result.stdout).strip()[-500:]}")


def make_project(folder: Path, articles: int, languages: list[str], seed: int, say) -> list[str]:
    """A translated transflow project: corpus, update, fake translations (all untimed)."""
    slugs = corpus.write_project(folder, articles, languages, seed=seed)
    say(f"  update of {articles:,} articles (set-up, untimed) ...")
    transflow_update(folder)
    corpus.fill_translations(folder / "locales", languages)
    return slugs


def bench_size(args: argparse.Namespace, articles: int, with_po4a: str | None, workdir: Path, say) -> dict[str, object]:
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    project = workdir / f"project-{articles}"
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    say(f"[{articles:,} articles] set-up ...")
    started = time.perf_counter()
    slugs = make_project(project, articles, languages, args.seed, say)
    po4a_skip = with_po4a
    config = None
    if po4a_skip is None:
        config = corpus.write_po4a_config(project, slugs, languages)
        say("  po4a --no-translations (set-up, untimed) ...")
        made = run_measured(
            ["po4a", "--no-translations", str(config)],
            project,
            logs / f"po4a-setup-{articles}.log",
            timeout=args.po4a_timeout,
        )
        if made.stopped or made.exit_code:
            po4a_skip = f"po4a set-up {'stopped' if made.stopped else 'failed'}; see {logs}"
        else:
            corpus.fill_translations(project / "po4a", languages)
    setup_seconds = time.perf_counter() - started

    transflow_cmd = [sys.executable, "-m", "transflow", "-C", str(project), "build", "-q"]
    po4a_cmd = ["po4a", "--no-update", "-k", "0", str(config)] if config else []
    out_transflow, out_po4a = project / "build", project / "po4a-build"
    results: dict[str, dict[str, Run]] = {}
    for name, _label in CASES:
        if name == "edit1":
            edited = corpus.edit_articles(project / "articles", fraction=0.01, seed=args.seed)
            say(f"  edited {len(edited)} articles; update and translate them (untimed) ...")
            transflow_update(project, edited)
            corpus.fill_translations(project / "locales", languages)
            if po4a_skip is None:
                run_measured(
                    ["po4a", "--no-translations", str(config)],
                    project,
                    logs / f"po4a-edit-{articles}.log",
                    timeout=args.po4a_timeout,
                )
                corpus.fill_translations(project / "po4a", languages)
        results[name] = {}
        before = snapshot(out_transflow)
        run = run_measured(transflow_cmd, project, logs / f"transflow-{name}-{articles}.log")
        if run.exit_code:
            raise SystemExit(f"transflow build failed ({name}): see {logs / f'transflow-{name}-{articles}.log'}")
        after = snapshot(out_transflow)
        run.outputs, run.rewritten = len(after), count_changes(before, after)
        results[name]["transflow"] = run
        say(f"  {name:<6} transflow {run.seconds:8.2f} s  ({run.rewritten:,} files written)")
        if po4a_skip is not None:
            results[name]["po4a"] = Run(skipped=po4a_skip)
            continue
        before = snapshot(out_po4a)
        run = run_measured(po4a_cmd, project, logs / f"po4a-{name}-{articles}.log", timeout=args.po4a_timeout)
        after = snapshot(out_po4a)
        run.outputs, run.rewritten = len(after), count_changes(before, after)
        results[name]["po4a"] = run
        say(f"  {name:<6} po4a      {run.seconds:8.2f} s  ({run.rewritten:,} files written)")
        if run.stopped or run.exit_code:
            po4a_skip = f"an earlier po4a run {'was stopped' if run.stopped else 'failed'}"
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return {
        "articles": articles,
        "languages": languages,
        "setup_s": setup_seconds,
        "cases": {name: {tool: asdict(run) for tool, run in runs.items()} for name, runs in results.items()},
    }


def print_report(result: dict[str, object]) -> None:
    machine = result["machine"]
    print(
        f"transflow build beside po4a {result['po4a'] or '(skipped: ' + str(result['po4a_skipped']) + ')'}; "
        f"languages {', '.join(result['languages'])}; seed {result['seed']}"
    )
    print(f"machine: nproc {machine['nproc']}, Python {machine['python']}, {machine['platform']}")
    print()
    header = ("articles", "case", "transflow", "written", "peak RSS", "po4a", "written", "po4a/transflow")
    rows = []
    for size in result["sizes"]:
        for name, label in CASES:
            runs = size["cases"][name]
            t, p = Run(**runs["transflow"]), Run(**runs.get("po4a", {"skipped": "not run"}))
            ratio = f"{p.seconds / t.seconds:.1f}x" if p.seconds and t.seconds and not p.skipped else "-"
            po4a_time = (
                "skipped"
                if p.skipped
                else f"> {result['po4a_timeout']:.0f} s (stopped)"
                if p.stopped
                else f"{p.seconds:.2f} s"
            )
            rows.append(
                (
                    f"{size['articles']:,}",
                    label,
                    f"{t.seconds:.2f} s",
                    f"{t.rewritten:,}",
                    f"{(t.peak_rss_bytes or 0) / MIB:.0f} MiB",
                    po4a_time,
                    "-" if p.skipped or p.rewritten is None else f"{p.rewritten:,}",
                    ratio,
                )
            )
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print()
    print("times: wall clock of one subprocess each, interpreter start-up included; 'written' = output")
    print("files whose bytes changed (transflow's build record .transflow-build.json included).")
    print("po4a: one po4a.cfg, text module -o markdown, 'po4a --no-update -k 0' (translate step only).")
    print("transflow uses every core (nproc above); po4a one. Set-up (corpus, update, fake translations,")
    print("po4a's PO files) is not timed.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the large corpus (default 10,000)")
    parser.add_argument(
        "--po4a-articles",
        type=int,
        default=200,
        help="articles of the corpus po4a runs on; transflow is timed on them too (default 200)",
    )
    parser.add_argument("--languages", default="tr,ru,id", help="comma-separated languages (default tr,ru,id)")
    parser.add_argument("--skip-po4a", action="store_true", help="time transflow alone")
    parser.add_argument("--po4a-timeout", type=float, default=1800.0, help="stop a po4a run after this many seconds")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.po4a_articles < 0:
        parser.error("--articles must be at least 1 and --po4a-articles at least 0")

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    po4a_version, po4a_skipped = (None, "--skip-po4a") if args.skip_po4a else corpus.ensure_po4a()
    if po4a_skipped:
        say(f"po4a skipped: {po4a_skipped}")
    workdir = Path(tempfile.mkdtemp(prefix="transflow-bench-build-"))
    sizes = []
    try:
        small = min(args.po4a_articles, args.articles)
        if small and small != args.articles:
            sizes.append(bench_size(args, small, po4a_skipped, workdir, say))
        sizes.append(
            bench_size(
                args, args.articles, po4a_skipped if small == args.articles else "not run at this size", workdir, say
            )
        )
    finally:
        if args.keep:
            say(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    result = {
        "seed": args.seed,
        "languages": sizes[0]["languages"],
        "po4a": po4a_version,
        "po4a_skipped": po4a_skipped,
        "po4a_timeout": args.po4a_timeout,
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": sizes,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
