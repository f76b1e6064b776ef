"""Score transflow's sentence segmenter (and pySBD, when installed) on test sets.

Sets: the English Golden Rules Set (``--golden``) and the news-style cases of
tests/test_sentences.py (read from that file's ``NEWS_CASES`` literal, so the test
suite and this script always score the same cases).

A case passes when the produced sentences equal the expected ones after
collapsing runs of whitespace on both sides. A segmenter is *lossless* on a case
when its spans are ordered, disjoint, match the sentences it returned, and leave
only whitespace uncovered.

Run from the repository root:

    PYTHONPATH=src python benchmarks/segmentation_quality.py [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from transflow.segment.sentences import split_sentences

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLDEN = REPO_ROOT.parent / "shared" / "data" / "golden_rules_en.json"
NEWS_SOURCE = REPO_ROOT / "tests" / "test_sentences.py"

Case = tuple[str, list[str]]
# A segmenter returns, per sentence, (text as it reports it, start, end).
Segmenter = Callable[[str], list[tuple[str, int, int]]]

_WS = re.compile(r"\s+")


@dataclass
class SetScore:
    passed: int = 0
    total: int = 0
    not_lossless: int = 0
    failed: list[int] = field(default_factory=list)
    lossy: list[int] = field(default_factory=list)


@dataclass
class Report:
    segmenter: str
    sets: dict[str, SetScore]
    microseconds_per_text: float


def load_golden(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(case["text"], list(case["sentences"])) for case in data]


def load_news_cases(path: Path = NEWS_SOURCE) -> list[Case]:
    """The NEWS_CASES literal of the test module, read without importing pytest."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "NEWS_CASES" and node.value is not None:
            return [(text, list(expected)) for text, expected in ast.literal_eval(node.value)]
    raise SystemExit(f"error: no NEWS_CASES list in {path}")


def normalise(sentence: str) -> str:
    return _WS.sub(" ", sentence).strip()


def is_lossless(text: str, segments: Sequence[tuple[str, int, int]]) -> bool:
    """Spans in order, disjoint, equal to the returned sentences; only whitespace left out."""
    pos = 0
    for sentence, start, end in segments:
        if not (pos <= start <= end <= len(text)) or text[start:end] != sentence:
            return False
        if text[pos:start].strip():
            return False
        pos = end
    return not text[pos:].strip()


def transflow_segmenter(text: str) -> list[tuple[str, int, int]]:
    return [(text[s:e], s, e) for s, e in split_sentences(text)]


def pysbd_segmenter() -> tuple[str, Segmenter] | None:
    try:
        import pysbd  # type: ignore[import-untyped]
    except ImportError:
        return None
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def run(text: str) -> list[tuple[str, int, int]]:
        return [(span.sent, span.start, span.end) for span in seg.segment(text)]

    return f"pysbd {getattr(pysbd, '__version__', '')}".strip(), run


def score(segment: Segmenter, cases: list[Case]) -> SetScore:
    result = SetScore(total=len(cases))
    for i, (text, expected) in enumerate(cases):
        try:
            segments = segment(text)
        except Exception:  # noqa: BLE001  # a crash counts as a failure, not as the end of the run
            segments = []
        if [normalise(s) for s, _, _ in segments] == [normalise(s) for s in expected]:
            result.passed += 1
        else:
            result.failed.append(i)
        if not is_lossless(text, segments):
            result.not_lossless += 1
            result.lossy.append(i)
    return result


def time_per_text(segment: Segmenter, texts: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            segment(text)
    return (time.perf_counter() - start) / (rounds * len(texts)) * 1e6


def evaluate(name: str, segment: Segmenter, sets: dict[str, list[Case]], rounds: int) -> Report:
    texts = [text for cases in sets.values() for text, _ in cases]
    return Report(
        segmenter=name,
        sets={set_name: score(segment, cases) for set_name, cases in sets.items()},
        microseconds_per_text=time_per_text(segment, texts, rounds),
    )


def format_table(reports: list[Report], sets: dict[str, list[Case]], verbose: bool) -> str:
    headers = ["segmenter"]
    for set_name in sets:
        headers += [f"{set_name} passed", f"{set_name} not lossless"]
    headers.append("µs/text")
    rows = []
    for report in reports:
        row = [report.segmenter]
        for set_name in sets:
            s = report.sets[set_name]
            row += [f"{s.passed}/{s.total}", str(s.not_lossless)]
        row.append(f"{report.microseconds_per_text:.1f}")
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    if verbose:
        for report in reports:
            for set_name, s in report.sets.items():
                for i in s.failed:
                    text = sets[set_name][i][0]
                    lines.append(f"{report.segmenter}: {set_name}[{i}] failed: {text!r}")
                for i in s.lossy:
                    lines.append(f"{report.segmenter}: {set_name}[{i}] not lossless")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--golden",
        type=Path,
        default=DEFAULT_GOLDEN,
        help="Golden Rules JSON ([{text, sentences}]); default: %(default)s",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list failing cases")
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds (default: %(default)s)")
    parser.add_argument("--no-pysbd", action="store_true", help="skip pySBD even if installed")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.golden.is_file():
        print(f"error: Golden Rules file not found: {args.golden}", file=sys.stderr)
        return 2
    sets = {"golden": load_golden(args.golden), "news": load_news_cases()}
    segmenters: list[tuple[str, Segmenter]] = [("transflow", transflow_segmenter)]
    other = None if args.no_pysbd else pysbd_segmenter()
    if other is not None:
        segmenters.append(other)
    reports = [evaluate(name, seg, sets, max(1, args.rounds)) for name, seg in segmenters]
    if args.json:
        print(json.dumps([asdict(r) for r in reports], indent=2, ensure_ascii=False))
    else:
        print(format_table(reports, sets, args.verbose))
        if other is None and not args.no_pysbd:
            print("(pysbd not installed: pip install pysbd to compare)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
