#!/usr/bin/env python3
"""The translation memory at scale: build, refresh, lookup latency and leverage quality.

Usage::

    python benchmarks/bench_tm.py                          # 1,000,000 segments, one language
    python benchmarks/bench_tm.py --segments 100000 --queries 500 --json

What it does, in one run:

1. writes a project whose locales/tr/ holds ``--segments`` translated units (PO files
   of 100 units, sentences from benchmarks/corpus.py's generator, each source once);
2. **build**: ``TranslationMemory.refresh()`` indexes them all (time, and the peak
   memory of the process that did it, measured in a child process);
3. **refresh**: rewrites 1% of the PO files and refreshes (time);
4. **lookup**: ``--queries`` lookups at the default threshold (75), half of them light
   edits of indexed sentences (one or two words replaced or dropped), half unrelated
   sentences (the repository's own articles, which the generator never wrote, and
   sentences of words drawn at random); latency median and p99, and quality: the share
   of light edits that get a match, and of unrelated sentences that get one;
5. **peer**: rapidfuzz's ``process.extractOne`` (its C++ full scan, ``fuzz.ratio``,
   ``score_cutoff=75``) over the same sources for ``--peer-queries`` of the queries;
6. **pot2po**: translate-toolkit's ``pot2po --tm`` (what its users run for fuzzy
   leverage) on ``--pot2po-queries`` of the queries against a memory of the first
   ``--pot2po-segments`` sources (a PO file), beside transflow's memory of those same
   sources, with both tools' match rates. Skipped where pot2po is not installed.

Nothing is asserted: this is a measurement. Figures go to the README.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ADJECTIVES, NOUNS, PLACES, VERBS_PAST, _article_rng, _Writer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
UNITS_PER_FILE = 100


def _sentences(count: int, seed: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    key = 0
    while len(out) < count:
        writer = _Writer(_article_rng(seed, f"tm-{key}"))
        key += 1
        for _ in range(200):
            sentence = writer.sentence()
            if sentence not in seen:
                seen.add(sentence)
                out.append(sentence)
    return out[:count]


def _po_text(slug: str, pairs: list[tuple[str, str]]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    parts = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
             f'"X-Transflow-Source: articles/{slug}.md\\n"\n']
    for source, target in pairs:
        parts.append(f"msgid {quoted(source)}\nmsgstr {quoted(target)}\n")
    return "\n".join(parts)


def write_memory_project(root: Path, segments: int, seed: int) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "workflow.yaml").write_text("source_language: en\nlanguages: [tr]\n", encoding="utf-8")
    (root / "articles").mkdir(parents=True, exist_ok=True)
    folder = root / "locales" / "tr"
    folder.mkdir(parents=True, exist_ok=True)
    sources = _sentences(segments, seed)
    for start in range(0, len(sources), UNITS_PER_FILE):
        slug = f"memory-{start // UNITS_PER_FILE:06d}"
        chunk = sources[start:start + UNITS_PER_FILE]
        (folder / f"{slug}.po").write_text(_po_text(slug, [(s, f"TR {s}") for s in chunk]), encoding="utf-8")
    return sources


def _build_in_child(root: Path) -> dict[str, float]:
    """Build the index in a fresh process: its time and peak memory are the build's own."""
    code = (
        "import json, resource, sys, time\n"
        "from transflow.workspace.project import Project\n"
        "from transflow.workspace.memory import TranslationMemory\n"
        f"memory = TranslationMemory(Project.open({str(root)!r}))\n"
        "start = time.perf_counter(); refreshed = memory.refresh(); seconds = time.perf_counter() - start\n"
        "memory.close()\n"
        "print(json.dumps({'seconds': seconds, 'units': refreshed.units, 'files': refreshed.files_indexed,"
        " 'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


_WORDS = NOUNS + ADJECTIVES + VERBS_PAST + PLACES


def light_edit(sentence: str, rng: random.Random) -> str:
    """One or two words replaced or dropped, as an editor's correction does."""
    words = sentence.split(" ")
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(words))
        if rng.random() < 0.25 and len(words) > 6:
            del words[i]
        else:
            words[i] = rng.choice(_WORDS)
    return " ".join(words)


def unrelated_sentences(count: int, rng: random.Random) -> list[str]:
    """Sentences the generator never wrote: the repository's articles, then random words."""
    text = " ".join(path.read_text(encoding="utf-8").split("---", 2)[-1] for path in sorted(
        (REPO / "articles").glob("*.md")))
    real = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\[\^\d+\]:.*", "", text))
            if 8 <= len(s.split()) <= 40 and not s.startswith(("#", "-", "["))]
    rng.shuffle(real)
    out = real[: count // 2]
    while len(out) < count:
        out.append(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 25))).capitalize() + ".")
    return out


def _pot2po_beside_transflow(root: Path, sources: list[str], queries: list[tuple[str, bool]]) -> dict[str, object]:
    import shutil

    import polib

    from transflow.workspace.memory import TranslationMemory
    from transflow.workspace.project import Project

    program = shutil.which("pot2po") or str(Path(sys.executable).parent / "pot2po")
    if not Path(program).exists():
        return {"skipped": "pot2po (translate-toolkit) is not installed"}
    small = root / "pot2po"
    write_memory_project(small, 0, 0)
    memory_po = polib.POFile(wrapwidth=0)
    memory_po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "tr"}
    for source in sources:
        memory_po.append(polib.POEntry(msgid=source, msgstr=f"TR {source}"))
    memory_po.save(str(small / "memory.po"))
    shutil.copy(small / "memory.po", small / "locales" / "tr" / "memory.po")
    template = polib.POFile(wrapwidth=0)
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for text, _ in queries:
        template.append(polib.POEntry(msgid=text))
    template.save(str(small / "new.pot"))
    empty = polib.POFile()  # pot2po uses --tm only beside a template of old translations
    empty.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    empty.save(str(small / "old.po"))

    started = time.perf_counter()
    subprocess.run([program, "--tm", str(small / "memory.po"), "-s", "75", "-t", str(small / "old.po"),
                    "-i", str(small / "new.pot"),
                    "-o", str(small / "out.po")], check=True, capture_output=True)
    pot2po_seconds = time.perf_counter() - started
    offered = {entry.msgid for entry in polib.pofile(str(small / "out.po")) if entry.msgstr}

    memory = TranslationMemory(Project.open(small))
    memory.refresh()
    started = time.perf_counter()
    found = {text for text, _ in queries if memory.lookup("tr", text, 75)}
    transflow_seconds = time.perf_counter() - started
    memory.close()
    edits = [text for text, is_edit in queries if is_edit]
    unrelated = [text for text, is_edit in queries if not is_edit]
    return {
        "segments": len(sources), "queries": len(queries),
        "pot2po_ms_per_unit": round(pot2po_seconds * 1000 / len(queries), 2),
        "transflow_ms_per_unit": round(transflow_seconds * 1000 / len(queries), 2),
        "pot2po_edits_matched_pct": round(100 * len(offered & set(edits)) / max(len(edits), 1), 1),
        "transflow_edits_matched_pct": round(100 * len(found & set(edits)) / max(len(edits), 1), 1),
        "pot2po_unrelated_matched_pct": round(100 * len(offered & set(unrelated)) / max(len(unrelated), 1), 1),
        "transflow_unrelated_matched_pct": round(100 * len(found & set(unrelated)) / max(len(unrelated), 1), 1),
        "note": "pot2po's time includes starting Python and loading its memory file",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--peer-queries", type=int, default=20)
    parser.add_argument("--pot2po-segments", type=int, default=20_000)
    parser.add_argument("--pot2po-queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from rapidfuzz import fuzz, process

    from transflow.workspace.memory import TranslationMemory
    from transflow.workspace.project import Project

    with tempfile.TemporaryDirectory(prefix="transflow-bench-tm-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        sources = write_memory_project(root, args.segments, args.seed)
        setup = time.perf_counter() - started
        build = _build_in_child(root)

        rng = random.Random(args.seed)
        files = sorted((root / "locales" / "tr").glob("*.po"))
        for path in rng.sample(files, max(1, len(files) // 100)):  # 1% of the files change
            path.write_text(path.read_text(encoding="utf-8").replace('msgstr "TR ', 'msgstr "TR2 '),
                            encoding="utf-8")
        memory = TranslationMemory(Project.open(root))
        started = time.perf_counter()
        refreshed = memory.refresh()
        refresh_seconds = time.perf_counter() - started

        edits = [(light_edit(s, rng), s) for s in rng.sample(sources, args.queries // 2)]
        unrelated = unrelated_sentences(args.queries - len(edits), rng)
        queries = [(text, True) for text, _ in edits] + [(text, False) for text in unrelated]
        rng.shuffle(queries)
        latencies, matched_edits, matched_unrelated = [], 0, 0
        for text, is_edit in queries:
            started = time.perf_counter()
            match = memory.lookup("tr", text, 75)
            latencies.append((time.perf_counter() - started) * 1000)
            if match is not None:
                if is_edit:
                    matched_edits += 1
                else:
                    matched_unrelated += 1
        memory.close()

        peer = []
        for text, _ in queries[: args.peer_queries]:
            started = time.perf_counter()
            process.extractOne(text, sources, scorer=fuzz.ratio, score_cutoff=75)
            peer.append((time.perf_counter() - started) * 1000)

        subset = sources[: args.pot2po_segments]
        half = args.pot2po_queries // 2
        small_queries = ([(light_edit(s, rng), True) for s in rng.sample(subset, half)]
                         + [(text, False) for text in unrelated_sentences(args.pot2po_queries - half, rng)])
        pot2po = _pot2po_beside_transflow(root, subset, small_queries)

    latencies.sort()
    figures = {
        "segments": args.segments, "setup_s": round(setup, 1),
        "build_s": round(build["seconds"], 1), "build_peak_mib": round(build["peak_mib"]),
        "refresh_1pct_s": round(refresh_seconds, 2), "refresh_files_indexed": refreshed.files_indexed,
        "lookup_median_ms": round(statistics.median(latencies), 2),
        "lookup_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "light_edits_matched_pct": round(100 * matched_edits / len(edits), 1),
        "unrelated_matched_pct": round(100 * matched_unrelated / len(unrelated), 1),
        "peer": "rapidfuzz.process.extractOne(fuzz.ratio, score_cutoff=75), full scan",
        "peer_median_ms": round(statistics.median(peer), 1) if peer else None,
        "queries": len(queries), "peer_queries": len(peer),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "maxrss_parent_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "pot2po": pot2po,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"memory of {figures['segments']:,} segments (tr), {figures['machine']}")
    print(f"  build       {figures['build_s']} s, peak {figures['build_peak_mib']} MiB")
    print(f"  refresh 1%  {figures['refresh_1pct_s']} s ({figures['refresh_files_indexed']} files indexed)")
    print(f"  lookup      median {figures['lookup_median_ms']} ms, p99 {figures['lookup_p99_ms']} ms "
          f"({figures['queries']} lookups)")
    print(f"  quality     light edits matched {figures['light_edits_matched_pct']}%, "
          f"unrelated matched {figures['unrelated_matched_pct']}%")
    print(f"  peer        {figures['peer']}: median {figures['peer_median_ms']} ms "
          f"({figures['peer_queries']} lookups) -> "
          f"{figures['peer_median_ms'] / max(figures['lookup_median_ms'], 0.001):.0f}x the memory's median")
    if pot2po.get("skipped"):
        print(f"  pot2po      skipped: {pot2po['skipped']}")
    else:
        print(f"  pot2po --tm {pot2po['queries']} units against {pot2po['segments']:,} segments: "
              f"{pot2po['pot2po_ms_per_unit']} ms per unit, edits matched {pot2po['pot2po_edits_matched_pct']}%, "
              f"unrelated {pot2po['pot2po_unrelated_matched_pct']}%")
        print(f"              transflow on the same: {pot2po['transflow_ms_per_unit']} ms per unit, "
              f"edits matched {pot2po['transflow_edits_matched_pct']}%, "
              f"unrelated {pot2po['transflow_unrelated_matched_pct']}% "
              f"(pot2po/transflow {pot2po['pot2po_ms_per_unit'] / max(pot2po['transflow_ms_per_unit'], 0.001):.0f}x)")


if __name__ == "__main__":
    main()
