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
    origin: str | None = None
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

    def made_stale(self, previous: str | None, origin: str | None = None) -> Entry:
        """The same translation offered for changed source text: fuzzy, not reviewed."""
        return replace(self, fuzzy=bool(self.msgstr), previous=previous, reviewed=None, obsolete=False, origin=origin)


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
