"""Merging a new template into one language's catalog without losing a translation.

The rules, in the order they are tried for each unit of the new template:

1. Same source text as a live entry: keep it as it is (wherever it moved).
2. Same source text as an obsolete entry: bring it back with its status.
3. Similar to a unit that disappeared (one-to-one, best pairs first): keep its
   translation, stale, with the previous source as ``#| msgid``; or, when an editor
   marked the source edit minor and the change is one (:func:`minor_edit`), keep its
   status, with a note of the previous source.
4. Part of a unit that was split, or the join of units that were merged: the old
   translation(s) as a stale suggestion.
5. Translated elsewhere in the project (exact source): prefilled as stale, with
   its origin.
6. Otherwise untranslated.

Every old entry with a translation that is not carried into a live entry verbatim
becomes obsolete, so a later update can bring it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, LCSseq, Levenshtein

from transflow.model.catalog import MINOR_TAG, Catalog, Entry, Origin, OriginKind, dedupe_obsolete
from transflow.qa.meaning import NAME_CHANGED, meaning_changes

_WORD = re.compile(r"\w+")

#: Shortest unit (in words) that may be matched as part of a split or merge; shorter
#: ones ("Yes.") are contained in too many sentences to mean anything.
MIN_CONTAINED_WORDS = 3
CONTAINMENT = 0.8


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def similarity(old: str, new: str) -> float:
    """How alike two source texts are, 0..1.

    The mean of a word-level and a character-level edit similarity. Word level keeps
    short strings honest ("Disc metadata" vs "Migrating metadata" is one word of two
    changed: 0.5) where characters alone look close; characters keep a typo fix from
    counting as a whole changed word.
    """
    if old == new:
        return 1.0
    word_score = Levenshtein.normalized_similarity(words(old), words(new))
    char_score = fuzz.ratio(old, new) / 100.0
    return (word_score + char_score) / 2


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s words found, in order, in ``whole``."""
    part_words = words(part)
    if len(part_words) < MIN_CONTAINED_WORDS:
        return 0.0
    return LCSseq.similarity(part_words, words(whole)) / len(part_words)


def pair_similar(new: Sequence[str], old: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pair each new text with at most one old text, most similar pairs first.

    Returns ``(new index, old index, score)`` for pairs scoring at least ``threshold``.
    """
    scored = []
    for i, new_text in enumerate(new):
        for j, old_text in enumerate(old):
            score = similarity(old_text, new_text)
            if score >= threshold:
                scored.append((-score, i, j))
    pairs, taken_new, taken_old = [], set(), set()
    for negative, i, j in sorted(scored):
        if i not in taken_new and j not in taken_old:
            pairs.append((i, j, -negative))
            taken_new.add(i)
            taken_old.add(j)
    return pairs


#: At most this many words may differ in a minor edit, each by at most two characters.
MINOR_WORDS = 2


def _typo(a: str, b: str) -> bool:
    """One word written for another by a slip: a letter added, dropped, changed or two
    swapped (two such slips in a word of eight letters or more); not a short word or a number."""
    if min(len(a), len(b)) < 4 or a.isdigit() or b.isdigit():
        return False
    return OSA.distance(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)


def minor_edit(old: str, new: str, source_language: str = "en") -> bool:
    """Whether ``new`` is ``old`` with punctuation, spacing, case or a typo fixed: the same
    words but for at most two (:func:`_typo`), and
    no number, negation, name or quotation changed (:func:`~transflow.qa.meaning.meaning_changes`).
    An editor's word that an edit is minor is checked, not taken: "nine" → "eight" is not."""
    if old == new:
        return True
    before, after = words(old), words(new)
    if len(before) != len(after):
        return False
    differing = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    if len(differing) > MINOR_WORDS or not all(_typo(a, b) for a, b in differing):
        return False
    notes = meaning_changes(old, new, source_language)
    # A case fix ("biden" → "Biden") reads as a name to the meaning guard: minor when it is all that changed.
    return not notes or (not differing and all(note.startswith(NAME_CHANGED) for note in notes))


@dataclass(frozen=True)
class MergeSummary:
    unchanged: int = 0
    restored: int = 0
    stale: int = 0
    reused: int = 0
    new: int = 0
    obsolete: int = 0
    minor: int = 0  # kept with their status through a source edit marked minor

    def as_dict(self) -> dict[str, int]:
        return {
            "unchanged": self.unchanged,
            "restored": self.restored,
            "stale": self.stale,
            "reused": self.reused,
            "new": self.new,
            "obsolete": self.obsolete,
            "minor": self.minor,
        }


#: Looks up a translation of a source text elsewhere in the project, given the texts of
#: the units before and after it: (translation, the source it was made for, its origin).
TranslationLookup = Callable[[str, "str | None", "str | None"], "tuple[str, str, Origin] | None"]


def merge_template(
    template: Sequence[Entry],
    old: Catalog | None,
    threshold: float,
    memory: TranslationLookup | None = None,
    source_language: str = "en",
    minor_when: str | None = None,
) -> tuple[list[Entry], list[Entry], MergeSummary]:
    """Carry the translations of ``old`` over to the units of ``template``.

    A translation carried over from an earlier source says in its origin's notes what the
    new source says differently (:func:`~transflow.qa.meaning.meaning_changes`, which reads
    ``source_language``). With ``minor_when`` (the time an editor marked the source edit
    minor), a unit whose change is minor keeps its translation and status, and a unit
    left stale by an earlier update for such a change is translated again. Returns the
    live entries (in template order), the obsolete entries, and counts.
    """
    old_live = {e.msgid: e for e in old.entries} if old else {}
    old_obsolete = {e.msgid: e for e in old.obsolete} if old else {}
    new_ids = {t.msgid for t in template}
    result: dict[int, Entry] = {}
    counts = dict.fromkeys(("unchanged", "restored", "stale", "reused", "new", "minor"), 0)

    for index, unit in enumerate(template):
        if unit.msgid in old_live:
            result[index] = _placed(old_live[unit.msgid], unit)
            counts["unchanged"] += 1
        elif unit.msgid in old_obsolete:
            result[index] = _placed(replace(old_obsolete[unit.msgid], obsolete=False), unit)
            counts["restored"] += 1

    # Old translations that lost their unit, in the order they stood.
    candidates = [e for e in (old.entries if old else []) if e.msgid not in new_ids and e.msgstr]
    candidates += [e for e in (old.obsolete if old else []) if e.msgid not in new_ids and e.msgstr]
    used: set[int] = set()  # indexes into candidates carried verbatim into a live entry
    open_units = [i for i in range(len(template)) if i not in result]

    # 3. One-to-one similar pairs, best first.
    for i, j, score in pair_similar([template[i].msgid for i in open_units], [c.msgid for c in candidates], threshold):
        old_source, new_source = _source_of(candidates[j]), template[open_units[i]].msgid
        if minor_when is not None and candidates[j].is_translated and minor_edit(old_source, new_source,
                                                                                  source_language):
            result[open_units[i]] = _placed(_kept_through_minor(candidates[j], old_source, minor_when),
                                            template[open_units[i]])
            used.add(j)
            counts["minor"] += 1
            continue
        notes = meaning_changes(_source_of(candidates[j]), template[open_units[i]].msgid, source_language)
        origin = Origin(OriginKind.PREVIOUS, round(score * 100), notes=notes)
        result[open_units[i]] = _placed(_stale_from(candidates[j], origin), template[open_units[i]])
        used.add(j)
        counts["stale"] += 1

    # 4a. Merged: a new unit made of several old ones, in order of appearance.
    for i in [i for i in open_units if i not in result]:
        unit_text = template[i].msgid
        # Candidates are in their old article order, which a merge keeps.
        parts = [
            c for j, c in enumerate(candidates)
            if j not in used and containment(c.msgid, unit_text) >= CONTAINMENT
        ]
        if len(parts) < 2 or sum(len(words(c.msgid)) for c in parts) < 0.6 * len(words(unit_text)):
            continue
        joined = Entry(msgid=" ".join(_source_of(c) for c in parts), msgstr=" ".join(c.msgstr for c in parts))
        origin = Origin(OriginKind.JOINED, units=len(parts),
                        notes=meaning_changes(joined.msgid, unit_text, source_language))
        result[i] = _placed(replace(joined, fuzzy=True, previous=joined.msgid, origin=origin), template[i])
        counts["stale"] += 1  # the parts stay obsolete too: their texts were joined, not kept

    # 4b. Split: a new unit that is part of an old one; the most similar part gets it.
    split_pairs = []
    for i in [i for i in open_units if i not in result]:
        for j, cand in enumerate(candidates):
            if j not in used and containment(template[i].msgid, cand.msgid) >= CONTAINMENT:
                split_pairs.append((-similarity(cand.msgid, template[i].msgid), i, j))
    for _score, i, j in sorted(split_pairs):
        if i in result or j in used:
            continue
        notes = meaning_changes(_source_of(candidates[j]), template[i].msgid, source_language, part=True)
        result[i] = _placed(_stale_from(candidates[j], Origin(OriginKind.SPLIT, notes=notes)), template[i])
        used.add(j)
        counts["stale"] += 1

    # 5. The translation memory (exact, in context, or fuzzy), never as translated; 6. untranslated.
    for i in [i for i in range(len(template)) if i not in result]:
        before = template[i - 1].msgid if i else None
        after = template[i + 1].msgid if i + 1 < len(template) else None
        found = memory(template[i].msgid, before, after) if memory else None
        if found:
            msgstr, source, origin = found
            previous = source if source != template[i].msgid else None
            result[i] = _placed(
                Entry(msgid=template[i].msgid, msgstr=msgstr, fuzzy=True, previous=previous, origin=origin),
                template[i],
            )
            counts["reused"] += 1
        else:
            result[i] = template[i]
            counts["new"] += 1

    if minor_when is not None:  # left stale by an earlier update, for what was a minor edit
        for i, entry in result.items():
            if (entry.fuzzy and entry.previous and entry.origin is not None
                    and entry.origin.kind is OriginKind.PREVIOUS and minor_edit(entry.previous, entry.msgid,
                                                                                 source_language)):
                result[i] = _kept_through_minor(replace(entry, fuzzy=False, previous=None, origin=None),
                                                entry.previous, minor_when)
                msgid = template[i].msgid
                counts["unchanged" if msgid in old_live else "restored" if msgid in old_obsolete else "stale"] -= 1
                counts["minor"] += 1
    live = [result[i] for i in range(len(template))]
    live_ids = {e.msgid for e in live}
    newly_obsolete = [  # old live entries first, then those that were obsolete already
        replace(c, obsolete=True, references=(), comment="")
        for j, c in enumerate(candidates)
        if j not in used and c.msgid not in live_ids
    ]
    obsolete = dedupe_obsolete(newly_obsolete)
    summary = MergeSummary(**counts, obsolete=sum(1 for e in obsolete if e.msgid in old_live))
    return live, obsolete, summary


def _placed(entry: Entry, unit: Entry) -> Entry:
    """An entry at a template unit's place: the unit's source, references and comment."""
    if (entry.msgid, entry.references, entry.comment, entry.obsolete) == (unit.msgid, unit.references, unit.comment,
                                                                          False):
        return entry  # most units of a run: nothing to change (replace() costs more than the merge)
    return replace(entry, msgid=unit.msgid, references=unit.references, comment=unit.comment, obsolete=False, line=None)


def _kept_through_minor(entry: Entry, old_source: str, when: str) -> Entry:
    """The translation, its status and review kept for a source fixed in a minor way; a
    note says so and what the source was (the latest such note only)."""
    notes = tuple(note for note in entry.notes if not note.startswith(MINOR_TAG))
    return replace(entry, notes=(*notes, f"{MINOR_TAG} {when} was “{old_source}”"))


def _source_of(entry: Entry) -> str:
    """The source a translation was made for: the previous text if it was already stale."""
    return entry.previous if entry.fuzzy and entry.previous else entry.msgid


def _stale_from(old: Entry, origin: Origin) -> Entry:
    """The old translation offered for new text; ``origin`` says how it was matched."""
    return old.made_stale(previous=_source_of(old), origin=origin)
