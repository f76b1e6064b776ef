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
   ``score_cutoff=75``) over the same sources for ``--peer-queries`` of the queries.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--peer-queries", type=int, default=20)
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


if __name__ == "__main__":
    main()
