"""The core model: units of one article in one language, and their status.

These are plain dataclasses; :mod:`transflow.formats.po` converts them to and from PO
files. Nothing here knows about polib.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace


class UnitStatus(str, enum.Enum):
    UNTRANSLATED = "untranslated"
    STALE = "stale"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"

    def __str__(self) -> str:
        return self.value



class OriginKind(str, enum.Enum):
    """How a unit's translation was started, when transflow (not a person) proposed it."""

    IN_CONTEXT = "in-context"  # the same text with the same neighbours elsewhere: 101%
    EXACT = "exact"  # the same text elsewhere in the project's memory: 100%
    FUZZY = "fuzzy"  # a similar text in the project's memory
    PREVIOUS = "previous"  # this article's own earlier version of the unit
    JOINED = "joined"  # several earlier units of this article, joined
    SPLIT = "split"  # part of a longer earlier unit of this article
    EARLIER = "earlier"  # submitted for an earlier version of this unit

    def __str__(self) -> str:
        return self.value


#: Match bands as agencies bill them (memoQ, Trados), best first: (lowest score, name).
MATCH_BANDS = ((101, "101%"), (100, "100%"), (95, "95-99%"), (85, "85-94%"), (75, "75-84%"), (50, "50-74%"),
               (0, "no match"))


def match_band(score: int | None) -> str:
    """The billing band of a match score (0..101); None is no match."""
    if score is None:
        return "no match"
    return next(name for low, name in MATCH_BANDS if score >= low)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a proposed translation came from: a value reports read, never prose.

    ``score`` is the similarity in percent (101 in context, 100 exact), None where it
    was not measured (joined and split units); ``article`` the project file the match
    was found in; ``notes`` what the match got wrong or what changed in meaning
    (``numbers changed: 12 → 14``, ``negation added: not``).
    """

    kind: OriginKind
    score: int | None = None
    article: str | None = None
    notes: tuple[str, ...] = ()
    units: int | None = None  # how many earlier units were joined

    @property
    def band(self) -> str:
        if self.kind in (OriginKind.IN_CONTEXT, OriginKind.EXACT):
            return match_band(self.score or (101 if self.kind is OriginKind.IN_CONTEXT else 100))
        return match_band(self.score) if self.score is not None else "fuzzy"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who did something to a unit, and when (ISO 8601, UTC, seconds).

    For a translation, also what was written: ``text`` is the fingerprint
    (:func:`text_digest`) of the msgstr as transflow wrote it, so a later edit by any
    other tool shows as a difference of content; ``copy`` names the pulled file it
    came from (:func:`copy_id`), so one copy's later submissions are its own progress
    while another copy's are a conflict. Neither takes part in equality: they describe
    the attribution's evidence, not who or when.
    """

    person: str
    when: str
    text: str = field(default="", compare=False)
    copy: str = field(default="", compare=False)


def text_digest(msgstr: str) -> str:
    """Fingerprint of a translation's text (a pulled unit's base, a translation's ``text``)."""
    return review_digest("", msgstr)


def copy_id(pulled_by: str, pulled_at: str) -> str:
    """Short name of one pulled copy of a file: who pulled it, and when."""
    return hashlib.sha256(f"{pulled_by}\x00{pulled_at}".encode()).hexdigest()[:8]


def review_digest(msgid: str, msgstr: str) -> str:
    """Short fingerprint of the text a reviewer approved.

    Stored with the review, so an approval is void as soon as either side changes,
    even when the PO file was edited by hand or by another tool.
    """
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:12]


#: The PO flag that switches one check off for one unit, as Weblate writes it: ``ignore-numbers``.
IGNORE_FLAG = "ignore-"
#: The translator comment recording who switched a check off: ``transflow-dismissed: numbers ayse <when>``.
DISMISSED_TAG = "transflow-dismissed:"
#: The translator comment on a unit kept through a minor source edit:
#: ``transflow-minor-edit: 2026-05-03T14:30:00Z was “The strike lasted nine day.”``.
MINOR_TAG = "transflow-minor-edit:"


@dataclass(frozen=True, slots=True)
class Entry:
    """One unit in one language (or in the template, with an empty msgstr)."""

    msgid: str
    msgstr: str = ""
    fuzzy: bool = False
    previous: str | None = None
    obsolete: bool = False
    references: tuple[str, ...] = ()
    comment: str = ""
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translated: Attribution | None = None
    reviewed: Attribution | None = None
    origin: Origin | None = None
    #: Where it was read (None for an entry made in memory): a location, not part of the value.
    line: int | None = field(default=None, compare=False)

    @property
    def status(self) -> UnitStatus:
        if not self.msgstr:
            return UnitStatus.UNTRANSLATED
        if self.fuzzy:
            return UnitStatus.STALE
        if self.reviewed is not None:
            return UnitStatus.REVIEWED
        return UnitStatus.TRANSLATED

    @property
    def is_translated(self) -> bool:
        """Translated or reviewed: a usable, current translation."""
        return bool(self.msgstr) and not self.fuzzy

    @property
    def dismissed(self) -> frozenset[str]:
        """The checks someone decided do not apply to this unit: Weblate's ``#, ignore-numbers``
        flag, or transflow's ``transflow-dismissed:`` comment (msgcat drops flags it does
        not know; a comment survives every tool)."""
        flags = {flag[len(IGNORE_FLAG):] for flag in self.flags if flag.startswith(IGNORE_FLAG)}
        noted = {note.split()[1] for note in self.notes if note.startswith(DISMISSED_TAG) and len(note.split()) > 1}
        return frozenset(flags | noted)

    def made_stale(self, previous: str | None, origin: Origin | None = None) -> Entry:
        """The same translation offered for changed source text: fuzzy, not reviewed, and
        no check dismissed (the decision was about the old source)."""
        return replace(self, fuzzy=bool(self.msgstr), previous=previous, reviewed=None, obsolete=False, origin=origin,
                       flags=tuple(f for f in self.flags if not f.startswith(IGNORE_FLAG)),
                       notes=tuple(n for n in self.notes if not n.startswith(DISMISSED_TAG)))

    def with_dismissed(self, check: str, who: Attribution) -> Entry:
        """This unit with ``check`` switched off, and who decided it and when."""
        if check in self.dismissed:
            return self
        note = f"{DISMISSED_TAG} {check} {who.person} {who.when}"
        return replace(self, flags=(*self.flags, IGNORE_FLAG + check), notes=(*self.notes, note))

    def without_dismissed(self, check: str) -> Entry:
        """This unit with ``check`` on again."""
        return replace(self, flags=tuple(f for f in self.flags if f != IGNORE_FLAG + check),
                       notes=tuple(n for n in self.notes if n.split()[:2] != [DISMISSED_TAG, check]))

    def dismissed_by(self, check: str) -> Attribution | None:
        """Who switched ``check`` off, when transflow recorded it (a flag another tool set has no one)."""
        for note in self.notes:
            fields = note.split()
            if len(fields) == 4 and fields[0] == DISMISSED_TAG and fields[1] == check:
                return Attribution(fields[2], fields[3])
        return None


@dataclass
class Catalog:
    """The entries of one PO (or POT) file: live ones in article order, then obsolete."""

    slug: str
    language: str | None
    entries: list[Entry] = field(default_factory=list)
    obsolete: list[Entry] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    #: The file's header comment as read: other tools' lines there (translator credits
    #: such as "Ayşe Demir <ayse@example.org>, 2026.") are kept when transflow rewrites it.
    header_comment: str = ""

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def by_msgid(self) -> dict[str, Entry]:
        return {entry.msgid: entry for entry in self.entries}


def dedupe_obsolete(entries: Iterable[Entry]) -> list[Entry]:
    """Keep the first obsolete entry per msgid (a PO file may hold only one)."""
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.msgid in seen:
            continue
        seen.add(entry.msgid)
        out.append(entry)
    return out
