"""The glossary: terms people decided how to translate, read from ``glossary.yaml``.

Plain values; :mod:`transflow.formats.glossary` reads and writes them (YAML, TBX, CSV)
and :mod:`transflow.qa.terms` finds them in text.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class CaseRule(str, enum.Enum):
    """How a term's source is matched: ``auto`` ignores case except for terms written
    in capitals (acronyms: "US" is not "us")."""

    AUTO = "auto"
    SENSITIVE = "sensitive"
    INSENSITIVE = "insensitive"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    ``translations`` maps a language to its approved translations, preferred first;
    ``forbidden`` to translations that must not be used. A term with ``translate`` false
    (a name, a brand) is kept as written in every language but those it has
    translations for: ASEAN stays ASEAN, except in Russian, which writes АСЕАН.
    """

    source: str
    translations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    translate: bool = True
    case: CaseRule = CaseRule.AUTO
    note: str = ""
    #: Where it was read (glossary.yaml line), for located errors; not part of the value.
    line: int | None = field(default=None, compare=False)

    @property
    def case_sensitive(self) -> bool:
        """``auto``: acronyms ("US") and names kept as written ("Signal", "Apple": a
        do-not-translate term is a name, and "a signal" is not it) match with their case."""
        if self.case is CaseRule.AUTO:
            letters = [c for c in self.source if c.isalpha()]
            return not self.translate or (len(letters) > 1 and all(c.isupper() for c in letters))
        return self.case is CaseRule.SENSITIVE

    def in_language(self, language: str) -> LocalTerm:
        """The term as one language sees it: ``pt_BR`` falls back to ``pt``'s entries."""
        parts = language.replace("-", "_").split("_")
        # pt_BR falls back to pt; zh_Hant never to zh (another script is another spelling).
        primary = parts[0] if len(parts) == 1 or len(parts[1]) != 4 else language
        approved = self.translations.get(language) or self.translations.get(primary) or ()
        forbidden = self.forbidden.get(language) or self.forbidden.get(primary) or ()
        # A name kept as written, unless this language has its own form of it.
        kept = not self.translate and not approved
        return LocalTerm(self.source, (self.source,) if kept else approved, forbidden, not kept,
                         self.case_sensitive, self.note)


@dataclass(frozen=True)
class LocalTerm:
    """A term with what one language may and may not write for it."""

    source: str
    approved: tuple[str, ...]  # preferred first; the source itself when it is not translated
    forbidden: tuple[str, ...]
    translate: bool
    case_sensitive: bool
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def __len__(self) -> int:
        return len(self.terms)

    def languages(self) -> list[str]:
        """Every language some term has a translation or a forbidden form for, sorted."""
        found = {lang for term in self.terms for lang in (*term.translations, *term.forbidden)}
        return sorted(found)
