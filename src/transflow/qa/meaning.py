"""What a changed source says differently: the notes of a stale unit or a fuzzy match.

A similarity score says how much two versions of a sentence differ, not whether the
difference matters: "The talks will resume on Monday." and "The talks will not resume on
Monday." are over 75% alike and say the opposite (beeware/mobile-wheels#8). When a
translation made for ``old`` is offered for ``new``, :func:`meaning_changes` names what the
translator must not miss:

* ``negation added: not`` / ``negation removed: “no longer”``: the number of negation
  cues changed (a reworded negation, "did not" → "never", is no change);
* ``numbers changed: 12 → 14, – → 5``: numbers compared by value (``1,000`` is ``1000``),
  outside footnote markers and URLs; ``–`` is a number the other version does not have;
* ``name changed: Biden → Trump``: capitalised words that do not open a sentence;
* ``quotation changed``: the words between quotation marks.

Negation cues and whether capitals mark names belong to the source language: they live
in :data:`SOURCE_RULES`, one entry per language (English so far). A language without an
entry gets numbers and quotations only.

The notes are written into a PO comment (:func:`transflow.formats.po.origin_text`) that PO
editors may rewrap: a value of several words is written in “…”, so a wrapped line cut at
any space never reads as a complete, shorter note, and no value holds ``;``, ``,`` (outside
a number), ``→`` or “ ”, the notation's own marks.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from transflow.segment.sentences import rules_for, split_sentences

#: A number as written: digits with the separators between them (``1,000``, ``3.5``).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
URL = re.compile(r"(?:https?|ftp)://[^\s)>\]]+|www\.[^\s)>\]]+", re.IGNORECASE)
#: A footnote marker (``[^1]``): markup, not a number.
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
#: Shown for a number or name the other version does not have.
ABSENT = "–"
ARROW = "→"

NEGATION_ADDED = "negation added"
NEGATION_REMOVED = "negation removed"
NUMBERS_CHANGED = "numbers changed"
NAME_CHANGED = "name changed"
QUOTATION_CHANGED = "quotation changed"


@dataclass(frozen=True, slots=True)
class SourceRules:
    """What one source language contributes to the comparison."""

    negations: frozenset[str] = frozenset()  # words that negate on their own
    negation_phrases: tuple[str, ...] = ()  # several words that are one cue ("no longer", not "no")
    contraction: str = ""  # the ending of a negated contraction: "n't" (don't, isn't, won't)
    not_negating: tuple[str, ...] = ()  # phrases holding a cue that do not negate ("not only … but also")
    capital_names: bool = False  # capitals mark names (not in German, where every noun has one)
    not_names: frozenset[str] = frozenset()  # capitalised wherever they stand: the pronoun "I"
    title_minor: frozenset[str] = frozenset()  # the only words a Title Case headline leaves lower case


ENGLISH = SourceRules(
    negations=frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
                         "cannot", "nowhere"}),
    negation_phrases=("no longer", "no one"),
    contraction="n't",
    not_negating=("not only",),
    capital_names=True,
    not_names=frozenset({"i"}),
    title_minor=frozenset({"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in",
                           "of", "off", "on", "per", "to", "up", "via", "vs", "with", "from", "into", "over"}),
)
#: The rules of each source language, by primary language subtag. "un-" is not here on
#: purpose: "unlawful" is a word of its own, not a negated sentence.
SOURCE_RULES: dict[str, SourceRules] = {"en": ENGLISH}
_NO_RULES = SourceRules()


def source_rules(language: str) -> SourceRules:
    """The rules of a source language (``en_US`` uses ``en``); none for a language without rules."""
    return SOURCE_RULES.get(language.replace("_", "-").split("-", 1)[0].lower(), _NO_RULES)


def number_text(text: str) -> str:
    """``text`` with footnote markers and URLs blanked: what its numbers are read from."""
    return URL.sub(" ", FOOTNOTE.sub(" ", text))


def meaning_changes(old: str, new: str, language: str = "en", *, part: bool = False) -> tuple[str, ...]:
    """The notes that say what ``new`` says differently from ``old`` (none when nothing that
    changes its meaning was found), in a fixed order: negation, numbers, names, quotations.

    ``part``: ``new`` is part of the longer ``old`` (a unit that was split), which is
    compared only where its words meet ``new``'s.
    """
    if old == new:
        return ()
    if part:
        old = _aligned_part(old, new)
    before, after = _features(old, language), _features(new, language)
    notes: list[str] = []
    if len(after.negations) != len(before.negations):
        more, fewer, label = ((after, before, NEGATION_ADDED) if len(after.negations) > len(before.negations)
                              else (before, after, NEGATION_REMOVED))
        cues = _unmatched(more.negations, fewer.negations)
        notes.append(f"{label}: " + _listed(list(dict.fromkeys(_shown(cue) for _, cue in cues))))
    if pairs := _changed(before.numbers, after.numbers):
        notes.append(f"{NUMBERS_CHANGED}: " + _listed([f"{a} {ARROW} {b}" for a, b in pairs]))
    if before.names is not None and after.names is not None and (pairs := _changed_names(before.names, after.names)):
        shown = (_trimmed(a, b) for a, b in pairs)
        notes.append(f"{NAME_CHANGED}: " + _listed([f"{_shown(a)} {ARROW} {_shown(b)}" for a, b in shown]))
    if Counter(before.quotations) != Counter(after.quotations):
        notes.append(QUOTATION_CHANGED)
    return tuple(notes)


# --- what one text says ------------------------------------------------------------------

#: A value as compared (a number without thousands separators, a name without dots) and as shown.
_Keyed = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Names:
    found: tuple[_Keyed, ...]
    # Capitalised runs that open a sentence, by their key with the opening word and without
    # it (None if it stood alone): "Japan and …" may open with a name, "The White House" not.
    opening: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class _Features:
    negations: tuple[_Keyed, ...]
    numbers: tuple[_Keyed, ...]
    names: _Names | None  # None: capitals mark no names here (no rules, or Title Case)
    quotations: tuple[str, ...]


@functools.lru_cache(maxsize=8192)  # a memory lookup compares one text with many candidates
def _features(text: str, language: str) -> _Features:
    rules = source_rules(language)
    masked = number_text(text)
    return _Features(_negations(masked, rules), _numbers(masked), _names(masked, language, rules),
                     _quotations(masked))


@functools.lru_cache(maxsize=16)
def _negation_pattern(rules: SourceRules) -> re.Pattern[str] | None:
    def spaced(phrase: str) -> str:
        return r"\s+".join(map(re.escape, phrase.split()))

    cues = [rf"\b{spaced(p)}\b" for p in sorted(rules.negation_phrases, key=len, reverse=True)]
    if rules.negations:
        # "No. 10" abbreviates number; "a no-fly zone" negates no sentence
        cues.append(r"\b(?:" + "|".join(map(re.escape, sorted(rules.negations, key=len, reverse=True)))
                    + r")\b(?!\.\s*\d|-\w)")
    if rules.contraction:
        cues.append(r"\b\w+" + re.escape(rules.contraction).replace("'", "['’]") + r"\b")
    if not cues:
        return None
    skip = "|".join(rf"\b{spaced(p)}\b" for p in rules.not_negating)
    return re.compile((f"(?P<skip>{skip})|" if skip else "") + "(?P<cue>" + "|".join(cues) + ")", re.IGNORECASE)


def _negations(text: str, rules: SourceRules) -> tuple[_Keyed, ...]:
    pattern = _negation_pattern(rules)
    if pattern is None:
        return ()
    cues = []
    for found in pattern.finditer(text):
        if found["cue"]:
            cue = " ".join(found["cue"].lower().split())
            cues.append((cue.replace("’", "'"), cue))
    return tuple(cues)


# Thousands separators in an English number: 1,000 and 12,500,000 (not 3,5 or 1,20).
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _numbers(text: str) -> tuple[_Keyed, ...]:
    return tuple((number.replace(",", "") if _GROUPED.fullmatch(number) else number, number)
                 for number in NUMBER.findall(text))


# A word, with the apostrophes, hyphens and dots inside it (O'Brien, Tae-yul, U.S.).
_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*(?:(?<=\.\w)\.)?")
_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHE = re.compile(r"['’]")  # "I'm", "I’ve": the pronoun all the same
# After one of these marks a capitalised starter word ("We", "The") opens a sentence.
_OPENING = re.compile(r"[“«„\"(:—–]\s*$")
#: Capitalised words from which a text with no lower-case word but minor ones is in Title Case.
_TITLE_CASE = 3


def _names(text: str, language: str, rules: SourceRules) -> _Names | None:
    if not rules.capital_names:
        return None
    tokens = list(_TOKEN.finditer(text))
    words = [t.group() for t in tokens if t.group()[0].isalpha()]
    if sum(w[0].isupper() for w in words) >= _TITLE_CASE and all(
            w[0].isupper() or w.lower() in rules.title_minor for w in words):
        return None  # a headline in Title Case: names cannot be told from the other words
    starts = set()
    for start, _end in split_sentences(text, language):
        first = next((t for t in tokens if t.start() >= start), None)
        if first is not None:
            starts.add(first.start())
    starters = rules_for(language).starters
    found: list[_Keyed] = []
    opening: list[tuple[str, str | None]] = []
    run: list[str] = []
    run_opens = False

    def close() -> None:
        if run_opens:
            opening.append((_name(run)[0], _name(run[1:])[0] if len(run) > 1 else None))
        if run[run_opens:]:
            found.append(_name(run[run_opens:]))
        run.clear()

    previous_end = 0
    for token in tokens:
        word = token.group()
        capital = word[0].isalpha() and word[0].isupper() and _APOSTROPHE.split(word)[0].lower() not in rules.not_names
        joined = text[previous_end:token.start()] == " "  # a name's words stand one space apart
        opens = capital and (token.start() in starts or (
            word.lower() in starters and _OPENING.search(text[previous_end:token.start()]) is not None))
        if run and not (capital and joined and not opens):
            close()
        if capital:
            if not run:
                run_opens = opens
            run.append(_POSSESSIVE.sub("", word))
        previous_end = token.end()
    if run:
        close()
    return _Names(tuple(found), tuple(opening))


def _name(words: list[str]) -> _Keyed:
    shown = " ".join(words)
    return shown.replace(".", ""), shown  # U.S. is US


_QUOTE_MARK = re.compile(r'[“”«»„"]')
_CLOSING = {"“": "”", "«": "»", "„": "“”", '"': '"'}


def _quotations(text: str) -> tuple[str, ...]:
    """The words between quotation marks; a quotation opened in an earlier unit (a closing
    mark first) or continued in a later one (never closed) counts to the unit's edge."""
    found = []
    start: int | None = None
    opener = ""
    first = True
    for mark in _QUOTE_MARK.finditer(text):
        char = mark.group()
        if start is None:
            if char in "”»":
                if first:
                    found.append(text[:mark.start()])
            else:
                start, opener = mark.end(), char
        elif char in _CLOSING[opener]:
            found.append(text[start:mark.start()])
            start = None
        first = False
    if start is not None:
        found.append(text[start:])
    # "… win,” he said" and "… win”, he said" quote the same words
    words = (" ".join(quoted.split()).strip(" ,.;:!?…").casefold() for quoted in found)
    return tuple(word for word in words if word)


# --- comparing ---------------------------------------------------------------------------


def _unmatched(values: Sequence[_Keyed], others: Sequence[_Keyed]) -> list[_Keyed]:
    """The values that ``others`` does not have (by key, counting repeats), in their order."""
    left = Counter(key for key, _ in others)
    out = []
    for key, shown in values:
        if left[key]:
            left[key] -= 1
        else:
            out.append((key, shown))
    return out


def _paired(gone: list[_Keyed], came: list[_Keyed]) -> list[tuple[str, str]]:
    """Old → new pairs, in the order they stand."""
    return [(a[1] if a else ABSENT, b[1] if b else ABSENT) for a, b in zip_longest(gone, came)]


def _changed(old: Sequence[_Keyed], new: Sequence[_Keyed]) -> list[tuple[str, str]]:
    """Old → new pairs of what differs (a value that moved is no change)."""
    return _paired(_unmatched(old, new), _unmatched(new, old))


def _changed_names(before: _Names, after: _Names) -> list[tuple[str, str]]:
    gone, came = _unmatched(before.found, after.found), _unmatched(after.found, before.found)
    # A name opening a sentence in one version and standing elsewhere in the other moved:
    # "Japan and Korea met" → "In Seoul, Japan and Korea met"; "South Korea’s drills" → "the
    # drills of South Korea" (where only "Korea" was found).
    for opening, own, other in ((before.opening, gone, came), (after.opening, came, gone)):
        for whole, tail in opening:
            if _removed(other, whole) and tail is not None:
                _removed(own, tail)
    return _paired(gone, came)


def _removed(values: list[_Keyed], key: str) -> bool:
    for i, (found, _) in enumerate(values):
        if found == key:
            del values[i]
            return True
    return False


def _trimmed(old: str, new: str) -> tuple[str, str]:
    """A changed name without the words both have: "President Joe Biden" → "President Donald
    Trump" is "Joe Biden → Donald Trump"; "Camp David" → "Camp David Summit" stays whole."""
    a, b = old.split(), new.split()
    lead = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    tail = next((i for i, (x, y) in enumerate(zip(a[::-1], b[::-1])) if x != y), min(len(a), len(b)))
    if lead + tail >= min(len(a), len(b)):
        return old, new
    return " ".join(a[lead:len(a) - tail]), " ".join(b[lead:len(b) - tail])


#: Values one note lists before "…": a paragraph rewritten says little more by listing them all.
MOST_LISTED = 5


def _listed(values: list[str]) -> str:
    return ", ".join(values[:MOST_LISTED] + (["…"] if len(values) > MOST_LISTED else []))


def _shown(value: str) -> str:
    # Several words in “…”: a PO editor rewrapping the comment may cut it only there.
    return f"“{value}”" if " " in value else value


#: Words between two matched runs beyond which a lone matched word is a coincidence
#: ("the" elsewhere in the longer text), not where the part came from.
_STRAY = 3


def _aligned_part(old: str, new: str) -> str:
    """The stretch of the longer ``old`` that ``new``'s words align with, widened to the
    whitespace around it so its punctuation and quotation marks stay."""
    words = list(_TOKEN.finditer(old))
    matcher = SequenceMatcher(None, [w.group().casefold() for w in words],
                              [w.casefold() for w in _TOKEN.findall(new)], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    while len(blocks) > 1 and blocks[0].size == 1 and blocks[1].a - blocks[0].a - 1 > _STRAY:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size == 1 and blocks[-1].a - (blocks[-2].a + blocks[-2].size) > _STRAY:
        blocks.pop()
    if not blocks:
        return old
    start, end = words[blocks[0].a].start(), words[blocks[-1].a + blocks[-1].size - 1].end()
    while start > 0 and not old[start - 1].isspace():
        start -= 1
    while end < len(old) and not old[end].isspace():
        end += 1
    return old[start:end]
