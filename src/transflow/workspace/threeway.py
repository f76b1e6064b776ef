"""Three-way merge of one PO file, unit by unit: what git's merge driver does.

A unit is known by its source text (msgid), live or obsolete. Each unit has two parts
that different people change: its *translation* (the text, stale flag, attribution,
review, comments: what translators and reviewers write) and its *place* (obsolete or
not, references, extracted comment: what ``update`` writes from the source). Each part
is merged on its own:

- changed on one side only: that side's;
- changed on both sides to the same value: that value;
- a place changed on both sides: ours (the next ``update`` recomputes it anyway);
- a translation changed on both sides: the same text with different attribution takes
  the reviewed side, else ours; an empty text gives way to the other; two different
  texts keep ours as the unit's text and theirs in a conflict comment, exactly as a
  conflicting ``submit`` does, so ``status`` shows it and an editor decides.

Nothing is dropped that either side changed: a unit one side removed and the other
translated stays, with the translation. Headers merge key by key (both changed: ours,
but the later PO-Revision-Date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from transflow.formats.po import CONFLICT_TAG, Header, conflict_note, conflicting_versions
from transflow.model.catalog import Catalog, Entry

#: Who wrote a text whose comments do not say.
UNKNOWN_AUTHOR = "unknown"


@dataclass(frozen=True)
class UnitConflict:
    """A unit both sides translated differently: ours stays, theirs is kept beside it."""

    msgid: str
    ours: str
    theirs: str


@dataclass
class ThreeWayResult:
    catalog: Catalog
    conflicts: list[UnitConflict] = field(default_factory=list)
    #: Units that came from one side only (added there, or removed on the other side
    #: after the first changed them).
    taken_from_theirs: int = 0


def _translation(entry: Entry | None) -> tuple[object, ...] | None:
    if entry is None:
        return None
    return (entry.msgstr, entry.fuzzy, entry.previous, entry.translated, entry.reviewed, entry.origin,
            entry.notes, entry.flags)


def _place(entry: Entry | None) -> tuple[object, ...] | None:
    if entry is None:
        return None
    return (entry.obsolete, entry.references, entry.comment)


def _pick(base: object, ours: object, theirs: object) -> str | None:
    """Which side a part comes from: 'ours', 'theirs', or None when both changed it differently."""
    if ours == theirs or theirs == base:
        return "ours"
    if ours == base:
        return "theirs"
    return None


def _units(catalog: Catalog | None) -> dict[str, Entry]:
    if catalog is None:
        return {}
    units = {entry.msgid: entry for entry in catalog.obsolete}
    units.update((entry.msgid, entry) for entry in catalog.entries)  # live wins over an obsolete twin
    return units


def _order(ours: Catalog, theirs: Catalog) -> list[str]:
    """Ours' units in ours' order, each unit only theirs has placed after the unit it
    follows in theirs."""
    order = [e.msgid for e in ours.entries] + [e.msgid for e in ours.obsolete]
    placed = set(order)
    position = {msgid: i for i, msgid in enumerate(order)}
    inserted: dict[int, list[str]] = {}
    before = -1
    for entry in [*theirs.entries, *theirs.obsolete]:
        if entry.msgid in placed:
            before = position[entry.msgid]
            continue
        inserted.setdefault(before, []).append(entry.msgid)
        placed.add(entry.msgid)
    merged = inserted.get(-1, [])
    for i, msgid in enumerate(order):
        merged.append(msgid)
        merged.extend(inserted.get(i, []))
    return merged


def merge_three_way(base: Catalog | None, ours: Catalog, theirs: Catalog, when: str) -> ThreeWayResult:
    """``ours`` and ``theirs`` merged over their common ancestor ``base`` (None: no
    ancestor, both added the file). ``when`` dates the conflict comments it adds."""
    old, mine, other = _units(base), _units(ours), _units(theirs)
    merged: dict[str, Entry] = {}
    result = ThreeWayResult(Catalog(ours.slug, ours.language))
    for msgid in _order(ours, theirs):
        entry = _merge_unit(old.get(msgid), mine.get(msgid), other.get(msgid), when, result)
        if entry is not None:
            merged[msgid] = entry
    result.catalog.entries = [e for e in merged.values() if not e.obsolete]
    result.catalog.obsolete = [e for e in merged.values() if e.obsolete]
    result.catalog.headers = _merge_headers(base.headers if base else {}, ours.headers, theirs.headers)
    result.catalog.header_comment = _merged_value(base.header_comment if base else None, ours.header_comment,
                                                  theirs.header_comment)
    return result


def _merge_unit(base: Entry | None, ours: Entry | None, theirs: Entry | None, when: str,
                result: ThreeWayResult) -> Entry | None:
    if ours is None or theirs is None:
        present = ours if theirs is None else theirs
        assert present is not None
        if base is not None and _translation(present) == _translation(base):
            return None  # removed on one side, untouched on the other
        if present is theirs:
            result.taken_from_theirs += 1
        return present  # added on one side, or changed there while the other removed it: kept
    place = ours if _pick(_place(base), _place(ours), _place(theirs)) != "theirs" else theirs
    side = _pick(_translation(base), _translation(ours), _translation(theirs))
    if side == "ours":
        text = ours
    elif side == "theirs":
        text = theirs
    elif ours.msgstr == theirs.msgstr:
        text = theirs if theirs.reviewed is not None and ours.reviewed is None else ours
        text = replace(text, notes=_union(text.notes, ours.notes, theirs.notes))
    elif not theirs.msgstr or not ours.msgstr:
        text = ours if ours.msgstr else theirs  # an empty text loses nothing
    else:
        author = theirs.translated.person if theirs.translated else UNKNOWN_AUTHOR
        dated = theirs.translated.when if theirs.translated and theirs.translated.when else when
        notes = _union(ours.notes, [n for n in theirs.notes if n.startswith(CONFLICT_TAG)])
        text = replace(ours, notes=(*notes, conflict_note(author, dated, theirs.msgstr)))
        result.conflicts.append(UnitConflict(ours.msgid, ours.msgstr, theirs.msgstr))
    text = replace(text, notes=_one_note_a_text(text))
    return replace(text, obsolete=place.obsolete, references=place.references, comment=place.comment)


def _one_note_a_text(entry: Entry) -> tuple[str, ...]:
    """The unit's notes with each other text in conflict once (the first record of it),
    and none for the unit's own text: two clones that merged the same two texts, or a
    merge of a merge, record one conflict, not one per merge."""
    texts = {note: text for note, (_who, text) in zip(
        [n for n in entry.notes if n.startswith(CONFLICT_TAG)], conflicting_versions(entry), strict=True)}
    seen = {entry.msgstr}
    kept = []
    for note in entry.notes:
        if note in texts:
            if texts[note] in seen:
                continue
            seen.add(texts[note])
        kept.append(note)
    return tuple(kept)


def _union(first: Iterable[str], *others: Iterable[str]) -> tuple[str, ...]:
    out = list(dict.fromkeys(first))
    seen = set(out)
    for notes in others:
        for note in notes:
            if note not in seen:
                out.append(note)
                seen.add(note)
    return tuple(out)


def _merged_value(base: str | None, ours: str, theirs: str) -> str:
    return theirs if _pick(base, ours, theirs) == "theirs" else ours


def _merge_headers(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        mine, other, old = ours.get(key), theirs.get(key), base.get(key)
        side = _pick(old, mine, other)
        value = other if side == "theirs" else mine
        if side is None and key == Header.REVISION_DATE and mine and other:
            value = max(mine, other)  # both revised it: the later revision
        if value is not None:
            merged[key] = value
    return merged
