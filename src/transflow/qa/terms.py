"""Glossary terms in text, inflected as the language inflects them, and the glossary checks.

A term is found when its words stand in the text one after another, each word either
as written or inflected. Inflection is recognised two ways, because neither alone is
enough on real sentences:

- the word's Snowball stem (the ``snowballstemmer`` package: the stemmers of the
  Snowball project, pure Python, for some thirty languages) equals the text word's
  stem: Russian "минилатерализмом" and "минилатерализм", Turkish "kitabı" and "kitap";
- the text word is the term word, or the term word's stem, followed by a short ending
  (at most :data:`_MAX_ENDING` letters; for Russian, Ukrainian and such the stem may
  lose the last letters first: "Корея" -> "Корее", "Северная" -> "Северной"). Turkish
  writes a proper noun's suffix after an apostrophe ("Kuzey Kore'nin", "Kore'ye"):
  letters after an apostrophe are a separate word here, so the name itself matches as
  written. Indonesian suffixes (-nya, -lah, -kah, -pun) are endings; its hyphenated
  prefixes ("ke-Korea") are separate words.
- Arabic, Hebrew and Persian attach short prefixes (و، ب، ل، ال؛ ה, ו, ב, ל ...): a
  text word may start with up to :data:`_MAX_PREFIX` letters before the term word.

Languages written without spaces (Chinese, Japanese, Thai ...) are matched as
substrings. Case is ignored unless the term says otherwise (:class:`CaseRule`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

from transflow.model.glossary import Glossary, LocalTerm, Term

# The other families register first, whoever imports this module first: issues come in
# registry order, the glossary's last.
from transflow.qa import markup, numbers, style  # noqa: F401
from transflow.qa.inline import _listing, _Pair
from transflow.qa.registry import Severity, check
from transflow.util.languages import primary_language

# Letters (with combining marks), digits and the dot of abbreviations ("K. Kore"); an
# apostrophe or hyphen ends a word.
_TOKEN = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u064b-\u065f\u0670]+[^\W_]*)*")
_MAX_ENDING = 6
_MAX_PREFIX = 3
#: Languages whose stems lose letters in inflection ("Корея" -> "Кореи").
_FUSIONAL = {"ru", "uk", "be", "bg", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv", "ro", "el"}
_PREFIXING = {"ar", "he", "fa", "ur"}
_UNSPACED = {"zh", "ja", "th", "lo", "km", "my", "bo"}
_STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ms": "indonesian",
    "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


def _fold(word: str) -> str:
    # Turkish "İ" folds to "i" plus a combining dot; without the dot it meets "I" -> "i".
    return word.casefold().replace("\u0307", "")


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any:
    name = _STEMMERS.get(language)
    # Older snowballstemmer releases lack some languages (Persian, Polish before 3.0).
    return snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer else word


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _same_word(term_word: str, word: str, language: str) -> bool:
    """Whether ``word`` (folded) is ``term_word`` (folded), as written or inflected."""
    if word == term_word:
        return True
    if language in _PREFIXING:
        start = word.find(term_word)
        if 0 < start <= _MAX_PREFIX and len(word) - start - len(term_word) <= _MAX_ENDING:
            return True
    if len(term_word) < 3:
        return False  # "AB" is not the start of "ABD"
    if word.startswith(term_word) and len(word) - len(term_word) <= _MAX_ENDING:
        return True
    stem = _stem(term_word, language)
    if len(stem) >= 3 and _stem(word, language) == stem:
        return True
    if language in _FUSIONAL:
        shortest = max(3, len(term_word) - 3)
        for cut in range(len(term_word) - 1, shortest - 1, -1):
            if word.startswith(term_word[:cut]) and len(word) - cut <= 4:
                return True
    return False


@dataclass(frozen=True)
class TermHit:
    term: Term
    start: int  # character offset of the match in the text
    end: int


def find_phrase(text: str, phrase: str, language: str, case_sensitive: bool = False,
                exact: bool = False) -> tuple[int, int] | None:
    """Where ``phrase`` stands in ``text`` (its words in order, inflected as ``language``
    inflects them), as character offsets; None when it is not there.

    ``exact`` allows endings after each word but never a shortened stem: a forbidden
    form ("Белоруссия") must not catch the words built on its stem ("Белорусская").
    """
    if not phrase.strip():
        return None
    if language in _UNSPACED or not _tokens(phrase):
        haystack, needle = (text, phrase) if case_sensitive else (_fold(text), _fold(phrase))
        start = haystack.find(needle)
        return (start, start + len(needle)) if start >= 0 else None
    wanted = [w if case_sensitive else _fold(w) for w in _tokens(phrase)]
    spans = [(m.start(), m.end(), m.group() if case_sensitive else _fold(m.group())) for m in _TOKEN.finditer(text)]
    for i in range(len(spans) - len(wanted) + 1):
        if all(_exact_word(w, spans[i + k][2]) if exact else _same_word(w, spans[i + k][2], language)
               for k, w in enumerate(wanted)):
            return spans[i][0], spans[i + len(wanted) - 1][1]
    return None


def _exact_word(term_word: str, word: str) -> bool:
    # An ending after an apostrophe is a word of its own here ("K. Kore'nin"); a plural or
    # a case ending directly after the word is allowed, a change inside the word is not.
    return word == term_word or (len(term_word) >= 3 and word.startswith(term_word)
                                 and len(word) - len(term_word) <= 2)


def _key(word: str) -> str:
    return _fold(word)[:3]  # three letters: "war" must find "wars"


class TermIndex:
    """The glossary ready for lookups: the terms of a source text in a few dictionary probes."""

    def __init__(self, glossary: Glossary, source_language: str = "en") -> None:
        self.glossary = glossary
        self.language = primary_language(source_language)
        self._by_key: dict[str, list[Term]] = {}
        self._unspaced: list[Term] = []
        for term in glossary.terms:
            words = _tokens(term.source)
            if self.language in _UNSPACED or not words:
                self._unspaced.append(term)
            else:
                self._by_key.setdefault(_key(words[0]), []).append(term)

    def __bool__(self) -> bool:
        return bool(self.glossary.terms)

    def terms_in(self, source: str) -> tuple[Term, ...]:
        """The terms that occur in ``source``, each once, in the order they first occur."""
        if not self.glossary.terms:
            return ()
        found: dict[int, tuple[int, Term]] = {}
        candidates = list(self._unspaced)
        for word in set(_tokens(source)):
            candidates += self._by_key.get(_key(word), ())
        for term in candidates:
            if id(term) in found:
                continue
            span = find_phrase(source, term.source, self.language, term.case_sensitive)
            if span is not None:
                found[id(term)] = (span[0], term)
        return tuple(term for _start, term in sorted(found.values(), key=lambda item: item[0]))



def term_hint(term: LocalTerm) -> str:
    """What a translator is told about a term: ``minilateralism → minilateralizm (note)``."""
    if not term.translate:
        text = f"{term.source}: keep as written"
    elif term.approved:
        text = f"{term.source} → {' | '.join(term.approved)}"
    else:
        text = f"{term.source}: no approved translation yet"
    if term.forbidden:
        text += f"; not {', '.join(term.forbidden)}"
    if term.note:
        text += f" ({term.note})"
    return text


def _quoted(items: Iterable[str], alternatives: bool = False) -> str:
    quoted = [f"“{item}”" for item in items]
    return " or ".join(quoted) if alternatives else _listing(quoted)


@check(
    "glossary",
    Severity.WARNING,
    protects="consistency readers notice: the same name and term in every article",
    example="minilateralism is here to stay → az taraflılık kalıcı (the glossary says minilateralizm)",
)
def _check_glossary(pair: _Pair) -> list[str]:
    """Each glossary term of the source translated with one of its approved translations
    (an error with ``glossary: strict`` in workflow.yaml)."""
    messages = []
    for term in pair.terms:
        if not term.translate or not term.approved:
            continue
        if any(find_phrase(pair.translation, form, pair.language, exact=True) for form in term.forbidden):
            continue  # glossary-forbidden says it, with what to write instead
        if not any(find_phrase(pair.translation, option, pair.language) for option in term.approved):
            note = f" ({term.note})" if term.note else ""
            messages.append(f"the glossary translates “{term.source}” as {_quoted(term.approved, True)}{note}; use it, "
                            "or ask an editor to change the glossary")
    return messages


@check(
    "glossary-forbidden",
    Severity.ERROR,
    protects="house decisions: a translation the glossary rules out",
    example="North Korea's tests → K. Kore'nin denemeleri",
)
def _check_forbidden(pair: _Pair) -> list[str]:
    """No translation the glossary forbids for a term of the source."""
    messages = []
    for term in pair.terms:
        used = [form for form in term.forbidden if find_phrase(pair.translation, form, pair.language, exact=True)]
        if used:
            instead = f"; write {_quoted(term.approved, True)}" if term.approved else ""
            messages.append(f"the glossary forbids {_quoted(used)} for “{term.source}”{instead}")
    return messages


@check(
    "do-not-translate",
    Severity.ERROR,
    protects="names and brands: kept exactly as the source writes them",
    example="at Camp David → Kamp David'de",
)
def _check_do_not_translate(pair: _Pair) -> list[str]:
    """Each do-not-translate term of the source (``translate: false``) kept as written; the
    language's endings may follow it ("Camp David'de")."""
    altered = [term.source for term in pair.terms
               if not term.translate and not find_phrase(pair.translation, term.source, pair.language,
                                                         case_sensitive=True)]
    if not altered:
        return []
    return [f"keep {_quoted(altered)} as written (the glossary says not to translate it)"]
