#!/usr/bin/env python3
"""Time ``transflow update`` beside po4a on the same generated corpus.

Usage::

    python benchmarks/bench_update.py --articles 200
    python benchmarks/bench_update.py --articles 10000 --skip-po4a --json

The corpus (benchmarks/corpus.py) is N news-like Markdown articles of about 40
sentences, with front matter, headings, a list and footnotes, translated into every
language (tr, ru, id by default) with fake translations. Both tools work on the very
same articles/ folder; transflow writes locales/, po4a writes po4a/.

The cases, run side by side (transflow then po4a, for each case):

``initial``
    the very first update: no PO file exists yet; every unit is new.
``first``
    the first update of a translated project, which is what "a full update" means
    here: every PO file exists and is fully translated, but all templates (.pot) were
    removed, so every article is segmented again and merged into every language.
``noop``
    nothing changed since the last update: the first run after ``first`` reads every
    article and the first bytes of its files to find them current (and records their
    stat in .transflow/cache/).
``noop-again``
    nothing changed, again: articles found current before are answered by their stat.
``edit10``
    after 10% of the articles were edited (a sentence reworded, one inserted, one
    deleted, a paragraph moved, in each edited article).

Between ``initial`` and ``first`` every PO file of both tools is filled with fake
translations (``[tr] <msgid>``), untimed.

transflow runs as ``python -m transflow -C <project> update`` in a subprocess; its
wall-clock time includes starting Python. Peak memory is that subprocess's maximum
resident set size (``os.wait4``), descendants included.

po4a (Debian package ``po4a``; installed with apt-get if missing) runs the way a po4a
user keeps many documents: ONE po4a.cfg listing every article with po4a's text module
and its Markdown option (``text -o markdown -o yfm_keys=title``), in split mode
(``[po4a_paths] po4a/$master.pot $lang:po4a/$lang/$master.po``: one POT per article and
one PO per article and language, like transflow), run as ``po4a --no-translations
po4a.cfg`` (update the POT and PO files only, as ``transflow update`` does). A po4a run
longer than --po4a-timeout seconds is stopped and reported as "> X s (stopped)".

Nothing is written in the repository: the work folder defaults to a new folder under
/tmp, removed afterwards unless --keep is given (or --workdir names one).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the benchmarks folder is not a package)

CASES = (
    ("initial", "initial update (no PO files yet)"),
    ("first", "first update (translated PO files, templates removed)"),
    ("noop", "no-op update"),
    ("noop-again", "no-op update again"),
    ("tm-index", "translation memory built (transflow tm index; po4a has none)"),
    ("edit10", "update after editing 10% of the articles (fuzzy leverage on)"),
)

MIB = 1 << 20

#: The issue's targets, by number of articles.
TARGETS = {
    200: {"first_ratio_min": 20.0, "noop_max_s": 1.0},
    10_000: {"initial_max_s": 30.0, "first_max_s": 60.0, "noop_max_s": 1.0, "peak_rss_max_bytes": 512 * MIB,
             "tm_index_max_s": 60.0, "edit10_max_s": 10.0},
}



@dataclass
class Run:
    """One timed subprocess."""

    seconds: float | None = None
    peak_rss_bytes: int | None = None
    exit_code: int | None = None
    stopped: bool = False
    skipped: str | None = None  # why it did not run
    summary: str = ""  # the last line of its output, or what went wrong


@dataclass
class Case:
    name: str
    label: str
    transflow: Run = field(default_factory=Run)
    po4a: Run = field(default_factory=Run)
    transflow_units: dict[str, int] = field(default_factory=dict)  # PO entries by state, after the run
    po4a_units: dict[str, int] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """po4a's time over transflow's; a lower bound when po4a was stopped."""
        t, p = self.transflow.seconds, self.po4a.seconds
        if t is None or p is None or self.po4a.skipped or t <= 0:
            return None
        return p / t


# --- running and measuring ---------------------------------------------------------------


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Run:
    """Run ``command`` with its output in ``log``; wall time and peak RSS of its process tree."""
    measured = corpus.measure(command, cwd, log, timeout)
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return Run(
        seconds=measured.seconds,
        peak_rss_bytes=measured.peak_rss_bytes,
        exit_code=measured.exit_code,
        stopped=measured.stopped,
        summary=lines[-1].strip() if lines else "",
    )


def transflow_command(project: Path, profile: Path | None, *command: str) -> list[str]:
    command = command or ("update",)
    if profile is not None:
        return [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "transflow", "-C", str(project), *command]
    return [sys.executable, "-m", "transflow", "-C", str(project), *command]


def units_by_state(folder: Path, languages: list[str]) -> dict[str, int]:
    counts = corpus.count_entries(folder, languages)
    return {"files": counts.files, "entries": counts.entries, "translated": counts.translated,
            "fuzzy": counts.fuzzy, "untranslated": counts.untranslated}


def machine_info(po4a_version: str | None) -> dict[str, object]:
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    transflow_version = subprocess.run(
        [sys.executable, "-m", "transflow", "--version"], capture_output=True, text=True
    ).stdout.strip()
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            total_kib = int(handle.readline().split()[1])
        memory = f"{total_kib / (1 << 20):.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": nproc,
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "transflow": transflow_version,
        "po4a": po4a_version,
    }


# --- the benchmark -----------------------------------------------------------------------


def benchmark(args: argparse.Namespace, workdir: Path, articles: int) -> dict[str, object]:
    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    po4a_version, po4a_missing = (None, "--skip-po4a") if args.skip_po4a else corpus.ensure_po4a()
    project = workdir / "project"
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    profiles = Path(args.profile).resolve() if args.profile else None
    if profiles:
        profiles.mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr, flush=True)

    say(f"work folder: {workdir}")
    started = time.perf_counter()
    slugs = corpus.write_project(project, articles, languages, seed=args.seed)
    setup = {"write_corpus_s": time.perf_counter() - started}
    config = corpus.write_po4a_config(project, slugs, languages, "po4a/build") if po4a_missing is None else None
    po4a_dead: str | None = po4a_missing  # once a po4a run is stopped, later ones mean nothing

    cases = {name: Case(name, label) for name, label in CASES}

    def run_both(case: Case, *command: str) -> None:
        say(f"[{case.name}] transflow ...")
        profile = profiles / f"{case.name}.prof" if profiles else None
        case.transflow = run_measured(transflow_command(project, profile, *command), project,
                                      logs / f"transflow-{case.name}.log")
        if case.transflow.exit_code:
            raise SystemExit(f"transflow update failed in case '{case.name}' (exit {case.transflow.exit_code}): "
                             f"{case.transflow.summary}; see {logs / f'transflow-{case.name}.log'}")
        case.transflow_units = units_by_state(project / "locales", languages)
        say(f"[{case.name}] transflow {case.transflow.seconds:.2f} s, {case.transflow.summary}")
        nonlocal po4a_dead
        if command:  # not an update: po4a has no counterpart
            case.po4a = Run(skipped="po4a has no translation memory index")
            return
        if po4a_dead is not None:
            case.po4a = Run(skipped=po4a_dead)
            return
        say(f"[{case.name}] po4a ...")
        case.po4a = run_measured(["po4a", "--no-translations", str(config)], project, logs / f"po4a-{case.name}.log",
                                 timeout=args.po4a_timeout)
        if case.po4a.stopped:
            po4a_dead = f"an earlier po4a run was stopped after {args.po4a_timeout:.0f} s"
        elif case.po4a.exit_code:
            po4a_dead = f"an earlier po4a run failed (exit {case.po4a.exit_code})"
        if po4a_dead is None:
            case.po4a_units = units_by_state(project / "po4a", languages)
        say(f"[{case.name}] po4a {case.po4a.seconds:.2f} s")

    run_both(cases["initial"])

    started = time.perf_counter()
    filled = corpus.fill_translations(project / "locales", languages)
    if po4a_dead is None:
        filled_po4a = corpus.fill_translations(project / "po4a", languages)
        setup["po4a_entries_filled"] = filled_po4a
    setup["transflow_entries_filled"] = filled
    setup["fill_translations_s"] = time.perf_counter() - started
    for pot in [*(project / "locales").glob("*.pot"), *(project / "po4a").glob("*.pot")]:
        pot.unlink()

    run_both(cases["first"])
    run_both(cases["noop"])
    run_both(cases["noop-again"])
    run_both(cases["tm-index"], "tm", "index", "--quiet")
    edited = corpus.edit_articles(project / "articles", fraction=0.1, seed=args.seed)
    setup["edited_articles"] = len(edited)
    run_both(cases["edit10"])

    result: dict[str, object] = {
        "articles": articles,
        "languages": languages,
        "seed": args.seed,
        "workdir": str(workdir),
        "peer": {
            "tool": "po4a",
            "version": po4a_version,
            "skipped": po4a_missing,
            "how": "one po4a.cfg, split mode ($master: one POT/PO per article), "
                   "text module -o markdown -o yfm_keys=title, 'po4a --no-translations po4a.cfg'",
        },
        "machine": machine_info(po4a_version),
        "setup": setup,
        "cases": [
            {**asdict(c), "ratio_po4a_over_transflow": c.ratio, "ratio_is_lower_bound": c.po4a.stopped}
            for c in cases.values()
        ],
        "targets": check_targets(articles, cases),
        "profiled": bool(profiles),
    }
    if profiles:
        result["profiles"] = {name: str(profiles / f"{name}.prof") for name in cases}
    return result


def check_targets(articles: int, cases: dict[str, Case]) -> list[dict[str, object]]:
    targets = TARGETS.get(articles)
    if not targets:
        return []
    checks: list[dict[str, object]] = []
    if "first_ratio_min" in targets:
        ratio = cases["first"].ratio
        bound = "> " if cases["first"].po4a.stopped else ""
        met = None if ratio is None else ratio >= targets["first_ratio_min"]
        checks.append({"target": f"full (first) update >= {targets['first_ratio_min']:.0f}x faster than po4a",
                       "measured": None if ratio is None else f"{bound}{ratio:.1f}x",
                       "met": None if met is False and bound else met})
    if "first_max_s" in targets:
        seconds = cases["first"].transflow.seconds or 0.0
        checks.append({"target": f"full (first) update < {targets['first_max_s']:.0f} s",
                       "measured": f"{seconds:.2f} s", "met": seconds < targets["first_max_s"]})
    if "initial_max_s" in targets:
        seconds = cases["initial"].transflow.seconds or 0.0
        checks.append({"target": f"very first (initial) update < {targets['initial_max_s']:.0f} s",
                       "measured": f"{seconds:.2f} s", "met": seconds < targets["initial_max_s"]})
    if "noop_max_s" in targets:
        seconds = cases["noop-again"].transflow.seconds or 0.0
        checks.append({"target": f"no-op update < {targets['noop_max_s']:.0f} s",
                       "measured": f"{seconds:.2f} s", "met": seconds < targets["noop_max_s"]})
    for name, key in (("tm-index", "tm_index_max_s"), ("edit10", "edit10_max_s")):
        if key in targets:
            seconds = cases[name].transflow.seconds or 0.0
            checks.append({"target": f"{cases[name].label} < {targets[key]:.0f} s",
                           "measured": f"{seconds:.2f} s", "met": seconds < targets[key]})
    if "peak_rss_max_bytes" in targets:
        peak = max(c.transflow.peak_rss_bytes or 0 for c in cases.values())
        checks.append({"target": f"peak memory < {targets['peak_rss_max_bytes'] // MIB} MiB",
                       "measured": f"{peak / MIB:.0f} MiB", "met": peak < targets["peak_rss_max_bytes"]})
    return checks


# --- printing ----------------------------------------------------------------------------


def _seconds(run: Run, limit: float) -> str:
    if run.skipped:
        return "skipped"
    if run.stopped:
        return f"> {limit:.0f} s (stopped)"
    if run.seconds is None:
        return "-"
    text = f"{run.seconds:.2f} s"
    return text if not run.exit_code else f"{text} (exit {run.exit_code})"


def print_report(result: dict[str, object], po4a_timeout: float) -> None:
    machine = result["machine"]
    peer = result["peer"]
    languages = ", ".join(result["languages"])
    setup = result["setup"]
    print(f"transflow update beside {'po4a ' + str(peer['version']) if peer['version'] else 'no peer'}: "
          f"{result['articles']:,} articles x {len(result['languages'])} languages ({languages}), seed {result['seed']}")
    print(f"machine: nproc {machine['nproc']}, {machine['memory']} RAM, {machine['platform']}; "
          f"Python {machine['python']}; {machine['transflow']}; po4a {machine['po4a'] or 'not run'}")
    if peer["skipped"]:
        print(f"peer: po4a skipped: {peer['skipped']}")
    else:
        print(f"peer: po4a {peer['version']}: {peer['how']}")
    print(f"work folder: {result['workdir']}")
    if result.get("profiled"):
        print("NOTE: transflow ran under cProfile: its times include the profiler's overhead.")
    print()
    header = ("case", "transflow", "po4a", "po4a/transflow", "transflow peak RSS", "po4a peak RSS")
    rows = []
    for case in result["cases"]:
        transflow, po4a = Run(**case["transflow"]), Run(**case["po4a"])
        ratio = case["ratio_po4a_over_transflow"]
        rows.append((
            case["label"],
            _seconds(transflow, 0),
            _seconds(po4a, po4a_timeout) if not po4a.skipped else f"skipped: {po4a.skipped}",
            ("> " if case["ratio_is_lower_bound"] else "") + f"{ratio:.1f}x" if ratio is not None else "-",
            f"{transflow.peak_rss_bytes / MIB:.0f} MiB" if transflow.peak_rss_bytes else "-",
            f"{po4a.peak_rss_bytes / MIB:.0f} MiB" if po4a.peak_rss_bytes and not po4a.skipped else "-",
        ))
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    print()
    print("PO entries by state after each case (transflow: sentences; po4a: paragraphs):")
    for case in result["cases"]:
        for tool in ("transflow", "po4a"):
            units = case[f"{tool}_units"]
            if units:
                print(f"  {case['name']:<8} {tool:<9} {units['entries']:>9,} entries: translated {units['translated']:,}, "
                      f"fuzzy {units['fuzzy']:,}, untranslated {units['untranslated']:,}")
        print(f"  {'':<8} {'':<9} transflow said: {case['transflow']['summary']}")
    print(f"set-up (untimed): corpus {setup['write_corpus_s']:.1f} s; fake translations "
          f"{setup['fill_translations_s']:.1f} s ({setup['transflow_entries_filled']:,} transflow entries"
          + (f", {setup['po4a_entries_filled']:,} po4a entries" if "po4a_entries_filled" in setup else "")
          + f"); {setup['edited_articles']} articles edited")
    print("definitions: 'first update' = every PO file present and fully translated, every template (.pot)")
    print("  removed, so every article is segmented and merged again (the 'full update');")
    print("  times are wall-clock of one subprocess each, Python or Perl start-up included.")
    if result["targets"]:
        print()
        print(f"targets for {result['articles']:,} articles:")
        for check in result["targets"]:
            met = {True: "met", False: "MISSED", None: "not measured"}[check["met"]]
            print(f"  {check['target']}: {check['measured'] or '-'} ({met})")


def print_profiles(result: dict[str, object], top: int) -> None:
    for name, path in result.get("profiles", {}).items():
        print(f"\n--- cProfile of transflow, case '{name}' (top {top} by cumulative time) ---")
        stats = pstats.Stats(path, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See the module docstring for what each case means.")
    parser.add_argument("--articles", default="200",
                        help="number of articles, or several separated by commas to see how the cost grows "
                             "(e.g. 1000,10000: each size is run and the ratios printed; default: 200)")
    parser.add_argument("--languages", default="tr,ru,id", help="comma-separated languages (default: tr,ru,id)")
    parser.add_argument("--workdir", help="work folder (default: a new folder under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    parser.add_argument("--skip-po4a", action="store_true", help="time transflow alone")
    parser.add_argument("--po4a-timeout", type=float, default=600.0,
                        help="stop a po4a run after this many seconds (default: 600)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--profile", metavar="DIR",
                        help="run transflow under cProfile, keep DIR/<case>.prof and print the top functions")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        sizes = [int(part) for part in args.articles.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--articles {args.articles!r}: give whole numbers separated by commas")
    if not sizes or min(sizes) < 1:
        parser.error("--articles must be at least 1")

    if args.workdir:
        workdir = Path(args.workdir).resolve()
        if workdir.exists() and any(workdir.iterdir()):
            parser.error(f"--workdir {workdir} is not empty; give an empty or new folder")
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="transflow-bench-update-"))
    results = []
    try:
        for size in sizes:
            folder = workdir if len(sizes) == 1 else workdir / f"articles-{size}"
            folder.mkdir(parents=True, exist_ok=True)
            results.append(benchmark(args, folder, size))
    except BaseException:
        print(f"work folder kept for inspection: {workdir}", file=sys.stderr)
        raise
    if not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    growth = scaling(results) if len(results) > 1 else None
    if args.json:
        print(json.dumps(results[0] if growth is None else {"runs": results, "scaling": growth}, indent=2))
        return 0
    for result in results:
        print_report(result, args.po4a_timeout)
        print_profiles(result, 25)
    if growth is not None:
        print_scaling(growth)
    return 0


def scaling(results: list[dict[str, Any]]) -> list[dict[str, object]]:
    """Each case's time at the smallest and the largest size, and their ratio beside the
    ratio of the sizes (equal ratios: the cost grows linearly)."""
    small, large = results[0], results[-1]
    rows = []
    for before, after in zip(small["cases"], large["cases"], strict=True):
        seconds = (before["transflow"]["seconds"], after["transflow"]["seconds"])
        rows.append({
            "case": before["label"],
            "articles": [small["articles"], large["articles"]],
            "seconds": list(seconds),
            "ratio": round(seconds[1] / seconds[0], 2) if all(seconds) else None,
            "linear_ratio": round(large["articles"] / small["articles"], 2),
        })
    return rows


def print_scaling(rows: list[dict[str, Any]]) -> None:
    small, large = rows[0]["articles"]
    print(f"\nhow the cost grows, {small:,} to {large:,} articles (linear: {rows[0]['linear_ratio']:g}x):")
    for row in rows:
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.1f}x"
        print(f"  {row['case']:<55} {row['seconds'][0]:8.2f} s {row['seconds'][1]:8.2f} s  {ratio}")

if __name__ == "__main__":
    sys.exit(main())
