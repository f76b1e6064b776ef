#!/usr/bin/env python3
"""Time ``transflow submit`` on hostile PO files beside plain polib on the same bytes.

Usage::

    python benchmarks/bench_hostile_po.py                   # 1,000 / 10,000 / 100,000 lines
    python benchmarks/bench_hostile_po.py --base 500 --json
    python benchmarks/bench_hostile_po.py --shapes translator,extracted --peer-timeout 60

A project of one generated article (benchmarks/corpus.py) in Turkish is updated and
pulled for a translator; the pulled file is translated (``[tr] <msgid>``) and then made
hostile in one of these shapes, with N lines spread over the first --entries entries:

``translator``
    N translator comment lines (``# ...``).
``extracted``
    N extracted comment lines (``#. ...``).
``references``
    N reference lines (``#: ...``).
``continuation``
    the translations written as N continuation strings (``"..."`` lines).

N is --base times 1, 10 and 100 (100,000 lines by default, about 5 MB). For every file:

- ``transflow submit FILE --json``, run in-process (the command's own code, no interpreter
  start-up) in a child process, on a fresh copy of the project's locales/; and, in the
  same child, the read path alone (``read_catalog``);
- the peer, in its own child process: ``polib.pofile(text, wrapwidth=0)`` on the same
  decoded text (polib 1.2 grows comments and strings with ``str +=``: quadratic). A peer
  run longer than --peer-timeout seconds is stopped and reported as "> X s (stopped)".

Each time is the best of --repeat runs, measured inside the child. Growth is the time at
100x over the time at 10x: about 10 for linear work, about 100 for quadratic. The submit
also does work that does not grow with the file (the project, the 47 units' checks, the
write; about its time at 1x), which keeps its growth below 10 when that work weighs most
at 10x. No timing is asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the benchmarks folder is not a package)

SHAPES = ("translator", "extracted", "references", "continuation")
FACTORS = (1, 10, 100)
LANGUAGE = "tr"


# --- the files ---------------------------------------------------------------------------


def make_project(root: Path, seed: int) -> Path:
    """A one-article project, updated, and the translator's pulled file translated; returns it."""
    (slug,) = corpus.write_project(root, 1, (LANGUAGE,), seed=seed)
    with open(root / "workflow.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"team:\n  ayse: {{name: Ayşe Demir, languages: [{LANGUAGE}]}}\n"
                     f"assignments:\n  {slug}:\n    {LANGUAGE}: {{translator: ayse}}\n")
    run = [sys.executable, "-m", "transflow", "-C", str(root)]
    subprocess.run([*run, "update"], check=True, capture_output=True)
    subprocess.run([*run, "pull", "--lang", LANGUAGE, "--translator", "ayse", "--output", str(root / "work")],
                   check=True, capture_output=True)
    pulled = root / "work" / LANGUAGE / f"{slug}.po"
    text, _filled = corpus.fill_po_text(pulled.read_text(encoding="utf-8"), LANGUAGE)
    pulled.write_text(text, encoding="utf-8")
    return pulled


def hostile_text(translated: str, shape: str, lines: int, entries: int) -> str:
    """``translated`` with ``lines`` lines of ``shape`` over its first ``entries`` entries."""
    blocks = translated.split("\n\n")
    header, body = blocks[0], blocks[1:]
    entries = min(entries, len(body))
    for number in range(entries):
        count = lines // entries + (1 if number < lines % entries else 0)
        block = body[number].split("\n")
        msgid_at = next(i for i, line in enumerate(block) if line.startswith("msgid "))
        if shape == "continuation":
            ending = len(block) - len("\n".join(block).rstrip("\n").split("\n"))  # a last block's newline
            filler = [f'" and piece {i} of a translation written on very many lines"' for i in range(count)]
            block = block[: len(block) - ending] + filler + block[len(block) - ending :]
        else:
            line = {"translator": "# translator note {i} on this sentence and the terms it uses",
                    "extracted": "#. extracted note {i} on this sentence and the terms it uses",
                    "references": "#: articles/some-other-article-with-a-long-name-{i}.md:{i}"}[shape]
            block = block[:msgid_at] + [line.format(i=i) for i in range(count)] + block[msgid_at:]
        body[number] = "\n".join(block)
    return "\n\n".join([header, *body])


# --- the children: each measures its own work ----------------------------------------------


def child_transflow(project: Path, path: Path) -> dict[str, object]:
    from transflow.cli import cli
    from transflow.formats.po import read_catalog

    started = time.perf_counter()
    read_catalog(path)
    read_s = time.perf_counter() - started
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code: object = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(["-C", str(project), "submit", str(path), "--json"], prog_name="transflow")
        except SystemExit as exc:
            code = exc.code
    submit_s = time.perf_counter() - started
    summary = ""
    if code == 0:
        (data,) = json.loads(out.getvalue())["files"]
        summary = f"applied {data['applied']}, rejected {data['rejected_units']}"
    else:
        summary = (err.getvalue().strip().splitlines() or ["?"])[-1]
    return {"read_s": read_s, "submit_s": submit_s, "exit_code": code, "summary": summary}


def child_polib(path: Path) -> dict[str, object]:
    import polib

    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    po = polib.pofile(text, wrapwidth=0)
    return {"seconds": time.perf_counter() - started, "entries": len(po)}


def run_child(args: list[str], timeout: float | None) -> dict[str, object] | None:
    """Run this script as a child; its JSON answer, or None when it was stopped."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout)


# --- the benchmark -----------------------------------------------------------------------


def benchmark(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    def say(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr, flush=True)

    project = workdir / "project"
    pulled = make_project(project, args.seed)
    translated = pulled.read_text(encoding="utf-8")
    pristine = workdir / "locales-pristine"
    shutil.copytree(project / "locales", pristine)
    rows = []
    for shape in args.shapes:
        stopped_at: float | None = None  # once polib is stopped, larger sizes would be too
        for factor in FACTORS:
            lines = args.base * factor
            path = workdir / "files" / f"{shape}-{lines}" / LANGUAGE / pulled.name
            path.parent.mkdir(parents=True)
            path.write_text(hostile_text(translated, shape, lines, args.entries), encoding="utf-8")
            best: dict[str, object] | None = None
            for _ in range(args.repeat):
                shutil.rmtree(project / "locales")
                shutil.copytree(pristine, project / "locales")
                got = run_child(["transflow", str(project), str(path)], None)
                assert got is not None
                if best is None or float(got["submit_s"]) < float(best["submit_s"]):  # type: ignore[arg-type]
                    best = got
            assert best is not None
            peer: float | None = None
            if stopped_at is None:
                times = []
                for _ in range(args.repeat):
                    got = run_child(["polib", str(path)], args.peer_timeout)
                    if got is None:
                        stopped_at = args.peer_timeout
                        break
                    times.append(float(got["seconds"]))  # type: ignore[arg-type]
                peer = min(times) if times and stopped_at is None else None
            row = {"shape": shape, "factor": factor, "lines": lines, "bytes": path.stat().st_size,
                   "transflow_submit_s": best["submit_s"], "transflow_read_s": best["read_s"],
                   "transflow_exit_code": best["exit_code"], "transflow_summary": best["summary"],
                   "polib_s": peer, "polib_stopped_after_s": stopped_at if peer is None else None}
            rows.append(row)
            say(f"{shape} x{factor}: transflow submit {float(best['submit_s']):.3f} s ({best['summary']}), "
                f"polib {_seconds(peer, row['polib_stopped_after_s'])}")
    import polib

    return {
        "base_lines": args.base, "entries": args.entries, "repeat": args.repeat, "seed": args.seed,
        "peer": f"polib {polib.__version__}: polib.pofile(text, wrapwidth=0)",
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "rows": rows, "growth": growth(rows),
    }


def growth(rows: list[dict[str, object]]) -> dict[str, dict[str, float | None]]:
    """Per shape, time at 100x over time at 10x, for transflow's submit and read and for polib."""
    out: dict[str, dict[str, float | None]] = {}
    for shape in dict.fromkeys(str(r["shape"]) for r in rows):
        by_factor = {r["factor"]: r for r in rows if r["shape"] == shape}
        if 10 not in by_factor or 100 not in by_factor:
            continue
        small, large = by_factor[10], by_factor[100]
        out[shape] = {key: (float(large[key]) / float(small[key])  # type: ignore[arg-type]
                            if large[key] is not None and small[key] else None)
                      for key in ("transflow_submit_s", "transflow_read_s", "polib_s")}
    return out


def _seconds(value: object, stopped: object = None) -> str:
    if value is None:
        return f"> {float(stopped):.0f} s (stopped)" if stopped else "-"  # type: ignore[arg-type]
    return f"{float(value):.3f} s"  # type: ignore[arg-type]


def print_report(result: dict[str, object]) -> None:
    print(f"Hostile PO files: --base {result['base_lines']} lines x1/x10/x100 over {result['entries']} entries; "
          f"best of {result['repeat']}")
    print(f"peer: {result['peer']}")
    print(f"{'shape':<13}{'lines':>9}{'bytes':>11}  {'transflow submit':>16}  {'(read)':>8}  {'polib (peer)':>20}")
    for row in result["rows"]:  # type: ignore[union-attr]
        print(f"{row['shape']:<13}{row['lines']:>9,}{row['bytes']:>11,}  {_seconds(row['transflow_submit_s']):>16}  "
              f"{_seconds(row['transflow_read_s']):>8}  {_seconds(row['polib_s'], row['polib_stopped_after_s']):>20}"
              + ("" if row["transflow_exit_code"] == 0 else f"  exit {row['transflow_exit_code']}: "
                 f"{row['transflow_summary']}"))
    print("growth x10 -> x100 (linear ~10, quadratic ~100; submit also does work that does not grow with the "
          "file, about its x1 time, which weighs most at x10):")
    for shape, ratios in result["growth"].items():  # type: ignore[union-attr]
        shown = ", ".join(f"{name} {'-' if value is None else f'{value:.1f}x'}" for name, value in
                          (("transflow submit", ratios["transflow_submit_s"]),
                           ("read", ratios["transflow_read_s"]), ("polib", ratios["polib_s"])))
        print(f"  {shape:<13}{shown}")
    machine = result["machine"]
    print(f"machine: {machine['nproc']} CPUs, Python {machine['python']}, {machine['platform']}")  # type: ignore[index]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, *rest = argv[1:]
        answer = child_transflow(Path(rest[0]), Path(rest[1])) if kind == "transflow" else child_polib(Path(rest[0]))
        print(json.dumps(answer))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=int, default=1_000, help="lines at size x1 (default 1,000)")
    parser.add_argument("--entries", type=int, default=2, help="entries the lines are spread over (default 2)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {', '.join(SHAPES)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is kept (default 1)")
    parser.add_argument("--peer-timeout", type=float, default=600.0, help="stop a polib run after this many seconds")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    args.shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = sorted(set(args.shapes) - set(SHAPES))
    if unknown or args.base < 1 or args.entries < 1 or args.repeat < 1:
        parser.error(f"unknown shapes {unknown}" if unknown else "--base, --entries and --repeat must be at least 1")
    workdir = Path(tempfile.mkdtemp(prefix="transflow-bench-hostile-po-"))
    try:
        result = benchmark(args, workdir)
    finally:
        if args.keep:
            print(f"work folder kept: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
