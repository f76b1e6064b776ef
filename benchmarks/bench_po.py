#!/usr/bin/env python3
"""Read and write PO files with transflow's own reader and writer beside polib's, in one run.

Usage::

    python benchmarks/bench_po.py                     # 300 articles x 3 languages
    python benchmarks/bench_po.py --articles 1000 --repeat 7 --json

The files are real transflow PO files: a generated corpus (benchmarks/corpus.py) is
updated with transflow's API and filled with fake translations. Two shapes are read:

``as written``
    the files as ``transflow update`` leaves them (one line per string);
``rewrapped``
    the same files written again by polib with its default wrapping at 78 columns,
    as a PO editor or ``msgcat`` leaves them after a translator has been at work.

For each shape, every file is read from disk (page cache warm) by

- polib: ``polib.pofile(path, wrapwidth=0)`` (its fastest setting: no wrapping);
- transflow: ``transflow.formats.po.read_catalog(path)``, which decodes, checks and
  turns the file into transflow's typed catalog,

and written back to text by polib (``str(pofile)``, wrapwidth=0) and by transflow
(``catalog_to_text``). Each case runs --repeat times, alternating the two tools; the
figures are MB/s of PO text (best and median) and the ratio transflow/polib per round
(its range over the rounds). Nothing is asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

from transflow.formats.po import catalog_to_text, read_catalog
from transflow.ops.update import update_project
from transflow.workspace.project import Project
from transflow.workspace.templates import header_comment

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the benchmarks folder is not a package)

MB = 1_000_000


def make_files(root: Path, articles: int, languages: list[str]) -> list[Path]:
    """A translated transflow project in ``root``; returns its PO files."""
    corpus.write_project(root, articles, languages)
    update_project(Project.open(root))
    corpus.fill_translations(root / "locales", languages)
    return sorted((root / "locales").glob("*/*.po"))


def rewrap(files: list[Path], folder: Path) -> list[Path]:
    """Copies of ``files`` written by polib with its default wrapping (78 columns)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for index, path in enumerate(files):
        copy = folder / f"{index:05d}-{path.name}"
        copy.write_text(str(polib.pofile(str(path))), encoding="utf-8")
        copies.append(copy)
    return copies


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def compare(label: str, megabytes: float, polib_work: Callable[[], object], ours: Callable[[], object], repeat: int) -> dict:
    """Alternate the two tools ``repeat`` times; MB/s and the per-round ratio."""
    polib_rates, our_rates = [], []
    for _ in range(repeat):
        polib_rates.append(megabytes / timed(polib_work))
        our_rates.append(megabytes / timed(ours))
    ratios = [ours / theirs for ours, theirs in zip(our_rates, polib_rates, strict=True)]
    return {
        "case": label,
        "megabytes": round(megabytes, 2),
        "polib_mb_s": {"best": round(max(polib_rates), 1), "median": round(statistics.median(polib_rates), 1)},
        "transflow_mb_s": {"best": round(max(our_rates), 1), "median": round(statistics.median(our_rates), 1)},
        "ratio": {
            "min": round(min(ratios), 2),
            "median": round(statistics.median(ratios), 2),
            "max": round(max(ratios), 2),
        },
    }


def check_same_entries(files: list[Path]) -> None:
    """Both readers must see the same units, or the figures compare different work."""
    for path in files:
        theirs = polib.pofile(str(path), wrapwidth=0)
        ours = read_catalog(path)
        if [(e.msgid, e.msgstr) for e in theirs] != [(e.msgid, e.msgstr) for e in ours.entries if not e.obsolete]:
            raise SystemExit(f"{path}: polib and transflow read different entries; the benchmark would be unfair")


def run(files: list[Path], shape: str, repeat: int) -> list[dict]:
    megabytes = sum(path.stat().st_size for path in files) / MB
    check_same_entries(files)
    read = compare(
        f"read, {shape}",
        megabytes,
        lambda: [polib.pofile(str(path), wrapwidth=0) for path in files],
        lambda: [read_catalog(path) for path in files],
        repeat,
    )
    theirs = [polib.pofile(str(path), wrapwidth=0) for path in files]
    ours = [read_catalog(path) for path in files]
    comments = [header_comment(c.slug, c.language, c.header_comment) for c in ours]
    written = sum(len(catalog_to_text(c, comment).encode("utf-8")) for c, comment in zip(ours, comments, strict=True))
    write = compare(
        f"write, {shape}",
        written / MB,
        lambda: [str(po) for po in theirs],
        lambda: [catalog_to_text(c, comment) for c, comment in zip(ours, comments, strict=True)],
        repeat,
    )
    return [read, write]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=300, help="articles in the corpus (default 300)")
    parser.add_argument("--languages", default="tr,ru,id", help="comma-separated languages (default tr,ru,id)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per case (default 5)")
    parser.add_argument("--workdir", type=Path, help="where to build the corpus (default: a new folder under /tmp)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="transflow-bench-po-"))
    try:
        files = make_files(workdir / "project", args.articles, languages)
        wrapped = rewrap(files, workdir / "rewrapped")
        results = run(files, "as written", args.repeat) + run(wrapped, "rewrapped", args.repeat)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    context = {
        "files": len(files),
        "articles": args.articles,
        "languages": languages,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "polib": polib.__version__,
        "machine": f"{platform.machine()}, {platform.system()}",
    }
    if args.json:
        print(json.dumps({"context": context, "results": results}, indent=2))
        return
    print(f"{len(files)} PO files ({args.articles} articles x {len(languages)} languages), {args.repeat} rounds, "
          f"Python {context['python']}, polib {context['polib']} (wrapwidth=0)")
    print(f"{'case':<22} {'MB':>6}  {'polib MB/s best/median':>24}  {'transflow MB/s best/median':>28}  ratio (min-max)")
    for row in results:
        polib_figure = f"{row['polib_mb_s']['best']:.1f} / {row['polib_mb_s']['median']:.1f}"
        our_figure = f"{row['transflow_mb_s']['best']:.1f} / {row['transflow_mb_s']['median']:.1f}"
        ratio = row["ratio"]
        print(f"{row['case']:<22} {row['megabytes']:>6.2f}  {polib_figure:>24}  {our_figure:>28}  "
              f"{ratio['median']:.2f}x ({ratio['min']:.2f}-{ratio['max']:.2f})")


if __name__ == "__main__":
    main()
