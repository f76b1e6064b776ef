"""A deterministic corpus of news-like Markdown articles for transflow's benchmarks.

Everything here depends only on the seed it is given: the same seed and index give
the same article, byte for byte, whatever the number of articles asked for (article
``i`` of a 200-article corpus is article ``i`` of a 10,000-article corpus too).

Import it from any benchmark script::

    from corpus import write_project, fill_translations, edit_articles

    slugs = write_project(root, articles=200, languages=("tr", "ru", "id"), seed=7)
    ...                                   # run `transflow update` once
    fill_translations(root / "locales", ("tr", "ru", "id"))
    edited = edit_articles(root / "articles", fraction=0.1, seed=7)

What an article looks like (about 40 sentences of body text):

* YAML front matter with ``title``, ``author``, ``date`` and ``section``;
* a lead paragraph, then two or three ``##`` sections of paragraphs of 2-5 sentences;
* one bulleted list of 3-4 one-sentence items;
* one or two footnote markers (``[^1]``) with their definitions at the end;
* now and then *emphasis*, a link, a quotation and numbers inside sentences.

Sentences never contain abbreviations ("Dr.", "U.S."), so every segmenter splits them
the same way and the benchmark compares like with like.

Only the standard library is used; :func:`fill_translations` works on the gettext
PO text directly (transflow's and po4a's PO files alike) because parsing tens of
thousands of files with polib would dominate a benchmark's set-up time.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_SEED",
    "SENTENCES_PER_ARTICLE",
    "Article",
    "make_article",
    "write_project",
    "fill_translations",
    "fill_po_text",
    "Counts",
    "count_entries",
    "edit_articles",
    "edit_article_text",
]

DEFAULT_SEED = 20261125
SENTENCES_PER_ARTICLE = 40

# --- the word list ------------------------------------------------------------------------

NOUNS = (
    "agreement alliance analyst authority budget cabinet campaign capital ceasefire coalition "
    "commission committee community company conference consensus council court crisis debate "
    "decision delegation deficit democracy deployment diplomat drought economy election embassy "
    "energy envoy exercise export farmer festival forecast framework government growth harbour "
    "hospital industry inflation initiative investment investor journalist judge labour "
    "landslide law leader legislation market mayor measure meeting minister ministry mission "
    "monsoon negotiation network observer official opposition outbreak parliament partnership "
    "pipeline plan platform policy port president pressure programme project protest province "
    "railway reform refugee region regulator report researcher reserve resolution "
    "satellite school sector settlement shipment spokesperson statement strategy strike "
    "students summit supply survey tariff teacher technology tender treaty tribunal union "
    "university vaccine verdict village volunteer voter warehouse water wildfire workforce youth"
).split()

ADJECTIVES = (
    "ambitious annual bilateral broad careful central coastal critical crucial cultural "
    "decisive domestic eastern economic emergency fragile federal financial foreign formal "
    "fresh global gradual historic humanitarian independent industrial informal internal "
    "joint key large lasting local major maritime military modest national northern official "
    "ongoing overdue parliamentary permanent political popular preliminary public quarterly "
    "rapid rare regional renewed rural senior sharp significant southern special stable "
    "steady strategic strong sudden surprising temporary urgent urban vital western"
).split()

VERBS_PAST = (
    "announced approved backed blocked cancelled confirmed criticised defended delayed "
    "discussed endorsed expanded extended finalised funded launched monitored opened "
    "postponed proposed questioned rejected reviewed revised signed supported suspended "
    "tightened welcomed"
).split()

VERBS_PRESENT = (
    "affects challenges complicates covers delays drives follows limits marks raises "
    "reflects reshapes shapes signals slows strengthens supports tests threatens weakens"
).split()

PLACES = (
    "Ankara Istanbul Izmir Jakarta Surabaya Bandung Medan Moscow Kazan Novosibirsk Seoul "
    "Tokyo Manila Hanoi Bangkok Nairobi Lagos Accra Cairo Tunis Lisbon Madrid Vienna Prague "
    "Warsaw Riga Tallinn Helsinki Oslo Dublin Quito Lima Bogota Santiago Montevideo"
).split()

PEOPLE = (
    "Ayla Kaya|Mehmet Yilmaz|Elif Sahin|Burak Demir|Irina Petrova|Sergei Orlov|Anna Kuznetsova|"
    "Pavel Sokolov|Dewi Sartika|Agus Wijaya|Siti Rahma|Bambang Hartono|Laura Mendes|Tomas Novak|"
    "Maria Lindqvist|Kwame Mensah|Amina Bello|Hiroshi Tanaka|Min-jun Park|Lucia Romero"
).split("|")

ROLES = (
    "the finance minister|a senior official|the regional governor|an independent analyst|"
    "the head of the commission|a spokesperson for the ministry|the union leader|"
    "a researcher at the national university|the mayor|a local farmer|the central bank governor"
).split("|")

SECTIONS = ("Politics", "Economy", "World", "Science", "Society", "Analysis", "Environment")

MONTHS = (
    "January February March April May June July August September October November December"
).split()

SOURCES = (
    "National Statistics Office|Ministry of Finance|Regional Development Agency|"
    "Centre for Policy Studies|Institute of Economic Research|Open Data Portal|Press Council"
).split("|")


@dataclass(frozen=True)
class Article:
    """One generated article: its slug (file name without ``.md``) and Markdown text."""

    slug: str
    text: str


# --- sentences ----------------------------------------------------------------------------


class _Writer:
    """Draws words and sentences from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: Sequence[str]) -> str:
        return self.rng.choice(words)

    def noun_phrase(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"the {self.pick(ADJECTIVES)} {self.pick(NOUNS)}"
        return f"the {self.pick(NOUNS)} of {self.pick(PLACES)}"

    def date(self) -> str:
        return f"{self.rng.randint(1, 28)} {self.pick(MONTHS)}"

    def money(self) -> str:
        return f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 9)} billion dollars"

    def number(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.4:
            return f"{rng.randint(2, 95)} percent"
        if choice < 0.7:
            return f"{rng.randint(1, 9)}.{rng.randint(1, 9)} billion dollars"
        return f"{rng.randint(120, 98000):,} people"

    def decorate(self, phrase: str) -> str:
        """Now and then wrap a phrase in emphasis or a link, as editors do."""
        roll = self.rng.random()
        if roll < 0.06:
            return f"*{phrase}*"
        if roll < 0.10:
            path = "-".join(phrase.split()[-2:]).lower()
            return f"[{phrase}](https://example.org/{path})"
        return phrase

    def sentence(self) -> str:
        """One declarative sentence of roughly 12-35 words, ending with a full stop."""
        rng = self.rng
        subject = self.noun_phrase()
        obj = self.decorate(self.noun_phrase())
        place = self.pick(PLACES)
        templates = (
            lambda: f"{_upper_first(subject)} {self.pick(VERBS_PAST)} {obj} in {place} on {self.date()}, "
                    f"according to {self.pick(ROLES)}.",
            lambda: f"In {place}, {subject} {self.pick(VERBS_PRESENT)} {obj} as {self.noun_phrase()} "
                    f"{self.pick(VERBS_PRESENT)} {self.noun_phrase()}.",
            lambda: f"{self.pick(PEOPLE)}, {self.pick(ROLES)}, said that {subject} had "
                    f"{self.pick(VERBS_PAST)} {obj} after weeks of {self.pick(ADJECTIVES)} talks.",
            lambda: f"“{_upper_first(subject)} {self.pick(VERBS_PRESENT)} {obj}, and we cannot ignore it,” "
                    f"said {self.pick(PEOPLE)}.",
            lambda: f"The figures show that {subject} {self.pick(VERBS_PRESENT)} about {self.number()} "
                    f"of {self.noun_phrase()} in {place}.",
            lambda: f"Since {self.pick(MONTHS)}, {subject} has {self.pick(VERBS_PAST)} {obj} twice, "
                    f"and {self.noun_phrase()} {self.pick(VERBS_PAST)} {self.noun_phrase()} as well.",
            lambda: f"Critics in {place} argue that {subject} {self.pick(VERBS_PRESENT)} {obj} "
                    f"more than {self.noun_phrase()} does.",
            lambda: f"{_upper_first(subject)} is expected to cost {self.money()} over the next "
                    f"{rng.randint(2, 12)} years.",
            lambda: f"Will {subject} be {self.pick(VERBS_PAST)} before {self.pick(MONTHS)}?"
            if rng.random() < 0.2 else
            f"It remains unclear whether {subject} will be {self.pick(VERBS_PAST)} before {self.pick(MONTHS)}.",
            lambda: f"Officials from {self.pick(PLACES)} and {place} {self.pick(VERBS_PAST)} {obj} "
                    f"during a {self.pick(ADJECTIVES)} meeting that lasted {rng.randint(2, 14)} hours.",
        )
        return rng.choice(templates)()

    def heading(self) -> str:
        return f"{self.pick(ADJECTIVES).capitalize()} {self.pick(NOUNS)} in {self.pick(PLACES)}"

    def title(self) -> str:
        return (f"{self.pick(PLACES)} {self.pick(VERBS_PRESENT)} {self.pick(ADJECTIVES)} "
                f"{self.pick(NOUNS)} amid {self.pick(NOUNS)} {self.pick(NOUNS)}")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article_rng(seed: int, key: object) -> random.Random:
    # A str seed is hashed with SHA-512 by random.seed: stable across runs and platforms.
    return random.Random(f"transflow-corpus:{seed}:{key}")


def make_article(index: int, seed: int = DEFAULT_SEED) -> Article:
    """Article number ``index`` of the corpus for ``seed`` (same inputs, same bytes)."""
    writer = _Writer(_article_rng(seed, index))
    rng = writer.rng
    first, second = writer.pick(NOUNS), writer.pick(PLACES).lower()
    slug = f"article-{index:05d}-{first}-{second}"

    blocks: list[str] = []
    budget = SENTENCES_PER_ARTICLE + rng.randint(-3, 3)
    blocks.append(" ".join(writer.sentence() for _ in range(2)))  # the lead
    budget -= 2
    list_items = rng.randint(3, 4)
    list_after = rng.randint(1, 3)  # after which paragraph of the body the list stands
    headings = rng.randint(2, 3)
    paragraphs_written = 0
    footnotes = rng.randint(1, 2)
    footnote_paragraphs = set(rng.sample(range(1, 9), footnotes))
    footnote_number = 0
    while budget > 0:
        if paragraphs_written % 3 == 0 and headings:
            blocks.append(f"## {writer.heading()}")
            headings -= 1
        size = min(budget, rng.randint(2, 5))
        sentences = [writer.sentence() for _ in range(size)]
        paragraphs_written += 1
        if paragraphs_written in footnote_paragraphs:
            footnote_number += 1
            sentences[-1] += f"[^{footnote_number}]"
        blocks.append(" ".join(sentences))
        budget -= size
        if paragraphs_written == list_after and budget > list_items:
            blocks.append("\n".join(f"- {writer.sentence()}" for _ in range(list_items)))
            budget -= list_items
    for number in range(1, footnote_number + 1):
        source = writer.pick(SOURCES)
        blocks.append(f"[^{number}]: {source}, “{writer.heading()}”, "
                      f"https://example.org/reports/{index}-{number} (accessed {writer.date()} 2025).")

    front = (
        "---\n"
        f"title: {writer.title()}\n"
        f"author: {writer.pick(PEOPLE)}\n"
        f"date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        f"section: {writer.pick(SECTIONS)}\n"
        "---\n"
    )
    return Article(slug, front + "\n" + "\n\n".join(blocks) + "\n")


def write_project(
    root: Path,
    articles: int,
    languages: Sequence[str] = ("tr", "ru", "id"),
    seed: int = DEFAULT_SEED,
    segmentation: str = "sentence",
) -> list[str]:
    """Create a transflow project in ``root``: workflow.yaml and ``articles`` articles.

    Returns the slugs, in order. Nothing is written to locales/; run ``transflow update``.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "workflow.yaml").write_text(
        "# Benchmark corpus written by benchmarks/corpus.py\n"
        "source_language: en\n"
        f"languages: [{', '.join(languages)}]\n"
        "articles: articles\n"
        "locales: locales\n"
        f"segmentation: {segmentation}\n",
        encoding="utf-8",
    )
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    slugs = []
    for index in range(articles):
        article = make_article(index, seed)
        (folder / f"{article.slug}.md").write_text(article.text, encoding="utf-8")
        slugs.append(article.slug)
    return slugs


# --- fake translations --------------------------------------------------------------------


@dataclass(frozen=True)
class _POBlock:
    """The parts of one PO entry's text that filling and counting need."""

    lines: list[str]
    msgid: list[str]  # the quoted pieces, as written
    msgstr: list[str]
    msgstr_at: int  # index in ``lines`` of the 'msgstr' line
    fuzzy: bool

    @property
    def is_header(self) -> bool:
        return all(piece == '""' for piece in self.msgid)

    @property
    def is_translated(self) -> bool:
        return not all(piece == '""' for piece in self.msgstr)


def _parse_block(block: str) -> _POBlock | None:
    """One blank-line-separated PO block; None for obsolete, plural or non-entries."""
    lines = block.split("\n")
    msgid: list[str] = []
    msgstr: list[str] = []
    msgstr_at = -1
    fuzzy = False
    current: list[str] | None = None  # the string that '"..."' lines continue
    for number, line in enumerate(lines):
        if line.startswith(("#~", "msgid_plural")):
            return None
        if line.startswith("#,") and "fuzzy" in line[2:].replace(" ", "").split(","):
            fuzzy = True
        elif line.startswith("msgid "):
            msgid = [line[6:]]
            current = msgid
        elif line.startswith("msgstr "):
            msgstr_at, msgstr = number, [line[7:]]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif not line.startswith("#"):
            current = None  # msgctxt or anything else ends the string
    if msgstr_at < 0:
        return None
    return _POBlock(lines, msgid, msgstr, msgstr_at, fuzzy)


def fill_po_text(text: str, tag: str) -> tuple[str, int]:
    """Translate every untranslated or fuzzy entry of a PO file's text as ``[tag] msgid``.

    Fuzzy flags and previous-msgid (``#|``) lines are removed, so every live entry ends up
    translated; obsolete (``#~``) and plural entries are left alone. The result is valid
    gettext (``msgfmt --check`` accepts it) but not necessarily wrapped the way a tool would
    wrap it. Returns the new text and the number of entries filled.
    """
    out: list[str] = []
    filled = 0
    for block in text.split("\n\n"):
        entry = _parse_block(block)
        if entry is None or entry.is_header or (entry.is_translated and not entry.fuzzy):
            out.append(block)
            continue
        kept = []
        for line in entry.lines[: entry.msgstr_at]:
            if line.startswith("#|"):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            kept.append(line)
        kept += ['msgstr ""', f'"[{tag}] "']
        kept += [piece for piece in entry.msgid if piece != '""']
        out.append("\n".join(kept) + block[len(block.rstrip("\n")):])  # keep the final newline
        filled += 1
    return "\n\n".join(out), filled


@dataclass(frozen=True)
class Counts:
    """Live entries of some PO files by state (headers and obsolete entries not counted)."""

    files: int = 0
    entries: int = 0
    translated: int = 0
    fuzzy: int = 0

    @property
    def untranslated(self) -> int:
        return self.entries - self.translated - self.fuzzy


def count_entries(locales: Path, languages: Iterable[str], pattern: str = "*.po") -> Counts:
    """Count the live entries of ``locales/<lang>/<pattern>`` by state, from the PO text."""
    files = entries = translated = fuzzy = 0
    for language in languages:
        for path in (locales / language).glob(pattern):
            files += 1
            for block in path.read_text(encoding="utf-8").split("\n\n"):
                entry = _parse_block(block)
                if entry is None or entry.is_header:
                    continue
                entries += 1
                if entry.fuzzy:
                    fuzzy += 1
                elif entry.is_translated:
                    translated += 1
    return Counts(files, entries, translated, fuzzy)


def fill_translations(locales: Path, languages: Iterable[str], pattern: str = "*.po") -> int:
    """Fill every PO file ``locales/<lang>/<pattern>`` with fake translations; returns entries filled."""
    total = 0
    for language in languages:
        for path in sorted((locales / language).glob(pattern)):
            new, filled = fill_po_text(path.read_text(encoding="utf-8"), language)
            if filled:
                path.write_text(new, encoding="utf-8")
                total += filled
    return total


# --- editing ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.?!]) (?=[A-Z“])|(?<=\.\[\^[0-9]\]) (?=[A-Z“])")


def _split_sentences(paragraph: str) -> list[str]:
    return _SENTENCE_END.split(paragraph)


def _is_paragraph(block: str) -> bool:
    return bool(block) and not block.startswith(("#", "- ", "[^", "---"))


def edit_article_text(text: str, rng: random.Random) -> str:
    """One editorial pass over an article: reword a sentence, insert one, delete one, and
    move a paragraph. Front matter, headings, lists and footnote definitions stay put."""
    front_end = text.index("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    front, body = text[:front_end], text[front_end:]
    blocks = body.strip("\n").split("\n\n")
    paragraphs = [i for i, block in enumerate(blocks) if _is_paragraph(block)]
    writer = _Writer(rng)

    # Reword: one word of one sentence becomes another of the same kind.
    target = rng.choice(paragraphs)
    sentences = _split_sentences(blocks[target])
    k = rng.randrange(len(sentences))
    words = sentences[k].split(" ")
    swappable = [i for i, w in enumerate(words) if w in ADJECTIVES or w in NOUNS]
    if swappable:
        i = rng.choice(swappable)
        pool = ADJECTIVES if words[i] in ADJECTIVES else NOUNS
        words[i] = rng.choice([w for w in pool if w != words[i]])
    else:
        words.insert(1, "also")
    sentences[k] = " ".join(words)
    blocks[target] = " ".join(sentences)

    # Insert a new sentence.
    target = rng.choice(paragraphs)
    sentences = _split_sentences(blocks[target])
    sentences.insert(rng.randrange(len(sentences) + 1), writer.sentence())
    blocks[target] = " ".join(sentences)

    # Delete a sentence from a paragraph that keeps at least one.
    longer = [i for i in paragraphs if len(_split_sentences(blocks[i])) > 1]
    if longer:
        target = rng.choice(longer)
        sentences = _split_sentences(blocks[target])
        del sentences[rng.randrange(len(sentences))]
        blocks[target] = " ".join(sentences)

    # Move a paragraph to another place among the paragraphs.
    if len(paragraphs) > 2:
        source, dest = rng.sample(paragraphs, 2)
        moved = blocks.pop(source)
        blocks.insert(dest, moved)

    return front + "\n" + "\n\n".join(blocks) + "\n" if front else "\n\n".join(blocks) + "\n"


def edit_articles(folder: Path, fraction: float = 0.1, seed: int = DEFAULT_SEED) -> list[str]:
    """Edit ``fraction`` of the articles in ``folder`` (chosen by ``seed``); returns their slugs."""
    paths = sorted(folder.glob("*.md"))
    count = max(1, round(len(paths) * fraction)) if paths else 0
    chosen = sorted(random.Random(f"transflow-corpus-edit:{seed}").sample(paths, count))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text(edit_article_text(text, _article_rng(seed, f"edit:{path.stem}")), encoding="utf-8")
    return [p.stem for p in chosen]


# --- running the peers -------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """Wall time and peak memory of one subprocess (for the benchmark scripts)."""

    seconds: float
    peak_rss_bytes: int
    exit_code: int
    stopped: bool  # killed at the timeout


def measure(command: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Measured:
    """Run ``command`` with its output in ``log``; its wall time and peak RSS.

    ``os.wait4`` rather than ``Popen.wait``: it gives this child's own rusage (ru_maxrss
    in KiB on Linux, the largest of the child and the descendants it waited for).
    """
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if timer:
            timer.cancel()
    return Measured(elapsed, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), stopped.is_set())


def ensure_po4a() -> tuple[str | None, str | None]:
    """(po4a version, None) if po4a is there or could be installed, else (None, why not)."""
    if shutil.which("po4a") is None:
        print("po4a is not installed: running 'apt-get install -y po4a' ...", file=sys.stderr, flush=True)
        install = ["apt-get", "install", "-y", "-q", "po4a"]
        try:
            result = subprocess.run(install, capture_output=True, text=True)
            if result.returncode != 0:  # package lists may be missing or old on a fresh machine
                subprocess.run(["apt-get", "update", "-q"], capture_output=True, text=True)
                result = subprocess.run(install, capture_output=True, text=True)
        except OSError as exc:
            return None, f"apt-get not available ({exc.strerror})"
        if result.returncode != 0 or shutil.which("po4a") is None:
            last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            return None, f"'apt-get install -y po4a' failed: {last[0]}"
    out = subprocess.run(["po4a", "--version"], capture_output=True, text=True).stdout
    words = out.split()
    version = words[words.index("version") + 1].rstrip(".") if "version" in words else out.strip()
    return version, None


def write_po4a_config(project: Path, slugs: list[str], languages: list[str], output: str = "po4a-build") -> Path:
    """One po4a.cfg for every article, split mode: one POT and PO per article (and language),
    as transflow keeps them; translated documents go to ``output/<lang>/<slug>.md``."""
    lines = [
        "# Written by transflow's benchmarks: every article, one POT and PO per article.",
        f"[po4a_langs] {' '.join(languages)}",
        "[po4a_paths] po4a/$master.pot $lang:po4a/$lang/$master.po",
        "[options] --master-charset UTF-8 --localized-charset UTF-8",
        '[po4a_alias:markdown] text opt:"-o markdown -o yfm_keys=title"',
    ]
    lines += [f"[type: markdown] articles/{slug}.md $lang:{output}/$lang/{slug}.md" for slug in slugs]
    config = project / "po4a.cfg"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "po4a").mkdir(exist_ok=True)
    return config
