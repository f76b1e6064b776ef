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

Only inflections count, never a word derived from the term's ("minilateral" is not
"minilateralism", Turkish "bakan" is not "bakanlık"): English, the source language,
is matched by its inflections themselves (plurals, verb forms and, for a name, its
adjective: "Korea" -> "Korean"), because its Snowball stemmer removes derivational
suffixes too; in other languages a word that differs from the term word by a
derivational suffix (:data:`_DERIVATIONS`) is another word, whatever the rules above say.

Marks other than hyphens, dashes and apostrophes are part of a term ("U.S.", "C++",
"AT&T"): they must stand in the text as written and the term must end where they do,
so "U.S." is not "U S", "USB" or "U.S.A.", and "C++" is not "C" or "C#".

Where the matches of two terms overlap, the longer wins over any term inside it: in
"the foreign minister", "foreign minister" is found, not "minister" too.

Languages written without spaces (Chinese, Japanese, Thai ...) are matched as
substrings. Case is ignored unless the term says otherwise (:class:`CaseRule`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

from transflow.model.glossary import Glossary, LocalTerm, Term

# The other families register first, whoever imports this module first: issues come in
# registry order, the glossary's last.
from transflow.qa import markup, numbers, style  # noqa: F401
from transflow.qa.inline import _listing, _Pair
from transflow.qa.registry import Dismisser, Severity, check
from transflow.util.languages import primary_language

# Letters (with combining marks) and digits; anything else (an apostrophe, a hyphen, the
# dot of "K. Kore") ends a word.
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


#: Suffixes that make another word, not a form of the same one ("minilateral" ->
#: "minilateralism", Turkish "bakan" -> "bakanlık"): a text word that differs from the
#: term word by one of them is not the term, whatever the stemmer says (Snowball's
#: English, French and Spanish stemmers remove such suffixes on purpose).
_DERIVATIONS_EVERYWHERE = ("ism", "izm", "isme", "ismo", "ismus", "изм", "ist", "iste", "ista", "ист")
_DERIVATIONS = {
    "tr": ("lik", "lık", "luk", "lük", "liğ", "lığ", "luğ", "lüğ"),
    "id": ("is", "isasi", "itas"), "ms": ("is", "isasi", "itas"),
    "ru": ("ость",), "uk": ("ость",), "be": ("асць",),
}


@lru_cache(maxsize=200_000)
def _derived(term_word: str, word: str, language: str) -> bool:
    """Whether one of the two words carries a derivational suffix the other lacks, in the
    letters where they differ (both folded)."""
    common = 0
    for a, b in zip(term_word, word, strict=False):
        if a != b:
            break
        common += 1
    for suffix in (*_DERIVATIONS_EVERYWHERE, *_DERIVATIONS.get(language, ())):
        for text in (term_word, word):
            # A suffix reaching past the shared letters is where the two words part.
            start = text.find(suffix, max(3, common - len(suffix) + 1))
            if start >= 0 and start + len(suffix) > common:
                return True
    return False


_VOWELS = "aeiou"


@lru_cache(maxsize=50_000)
def _english_forms(term_word: str, name: bool) -> frozenset[str]:
    """The inflected forms of an English word (folded): plurals, verb forms (possessives
    are the word itself: the apostrophe ends it); for a name also its adjective and its
    people ("Korea" -> "Korean", "Japan" -> "Japanese", "Israel" -> "Israeli"). Not the
    words derived from it: "minilateral" is not "minilateralism", "nation" not "national"."""
    w = term_word
    forms = {w + "s", w + "es", w + "ed", w + "ing"}
    last = w[-1]
    if last == "e":
        forms |= {w + "d", w[:-1] + "ing"}
    if last == "y" and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if w.endswith("is"):
        forms.add(w[:-2] + "es")  # crisis -> crises
    if w.endswith("fe") or last == "f":
        forms.add(w[: -2 if last == "e" else -1] + "ves")
    if w.endswith("man"):
        forms.add(w[:-3] + "men")  # chairman -> chairmen
    if last not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        forms |= {w + last + "ed", w + last + "ing"}  # ban -> banned, banning
    if name:
        for base in {w, w[:-1] if last in _VOWELS + "y" else w}:
            for ending in ("n", "an", "ian", "ean", "ese", "i"):
                forms |= {base + ending, base + ending + "s"}
    return frozenset(forms)


def _same_word(term_word: str, word: str, language: str, name: bool = False) -> bool:
    """Whether ``word`` (folded) is ``term_word`` (folded), as written or inflected;
    ``name``: the term writes it with a capital."""
    if word == term_word:
        return True
    if len(term_word) < 3:
        return language in _PREFIXING and _prefixed(term_word, word)  # "AB" is not the start of "ABD"
    if language == "en":
        return word in _english_forms(term_word, name)
    if _derived(term_word, word, language):
        return False
    if language in _PREFIXING and _prefixed(term_word, word):
        return True
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


def _prefixed(term_word: str, word: str) -> bool:
    start = word.find(term_word)
    return 0 < start <= _MAX_PREFIX and len(word) - start - len(term_word) <= _MAX_ENDING


#: Between words, these separate without being part of a term: a hyphen, a dash or an
#: apostrophe ("Indo-Pacific", "Kore'nin"). Any other mark (the dots of "U.S.", the
#: pluses of "C++", "AT&T") is part of the term and must stand in the text as written.
_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014'\u2019\u02bc")


def _marks(gap: str) -> str:
    return "".join(c for c in gap if not c.isspace() and c not in _SEPARATORS)


@dataclass(frozen=True)
class _Word:
    text: str  # folded unless the match is case-sensitive
    name: bool  # written with a capital in the phrase
    marks: str  # the marks right after it, before the next word (or the phrase's end)
    exact: bool  # a mark touches it: "U." cannot be inflected


@lru_cache(maxsize=20_000)
def _phrase_words(phrase: str, case_sensitive: bool) -> tuple[str, tuple[_Word, ...]]:
    """The marks before the first word, and the words of ``phrase``."""
    found = list(_TOKEN.finditer(phrase))
    lead = _marks(phrase[: found[0].start()])
    words = []
    for k, match in enumerate(found):
        gap = phrase[match.end(): found[k + 1].start()] if k + 1 < len(found) else phrase[match.end():]
        text = match.group()
        marks = _marks(gap)
        words.append(_Word(text if case_sensitive else _fold(text), text[:1].isupper(), marks,
                           bool(marks) or (k == 0 and bool(lead))))
    return lead, tuple(words)


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and _TOKEN.match(text[index]) is not None


def find_phrase(text: str, phrase: str, language: str, case_sensitive: bool = False,
                exact: bool = False) -> tuple[int, int] | None:
    """Where ``phrase`` first stands in ``text`` (its words in order, inflected as
    ``language`` inflects them), as character offsets; None when it is not there.

    ``exact`` allows endings after each word but never a shortened stem: a forbidden
    form ("Белоруссия") must not catch the words built on its stem ("Белорусская").
    Marks that are part of the phrase ("U.S.", "C++") must stand in the text as written,
    and the phrase must end there: "U.S." is not "U S", "USB" or "U.S.A.", "C++" not "C".
    """
    return next(find_all(text, phrase, language, case_sensitive, exact), None)


def find_all(text: str, phrase: str, language: str, case_sensitive: bool = False,
             exact: bool = False) -> Iterator[tuple[int, int]]:
    """Every place ``phrase`` stands in ``text``, left to right (see :func:`find_phrase`)."""
    if not phrase.strip():
        return
    if language in _UNSPACED or not _tokens(phrase):
        haystack, needle = (text, phrase) if case_sensitive else (_fold(text), _fold(phrase))
        start = haystack.find(needle)
        while start >= 0:
            yield start, start + len(needle)
            start = haystack.find(needle, start + len(needle))
        return
    lead, words = _phrase_words(phrase, case_sensitive)
    spans = [(m.start(), m.end(), m.group() if case_sensitive else _fold(m.group())) for m in _TOKEN.finditer(text)]
    i = 0
    while i <= len(spans) - len(words):
        found = _match_at(text, spans, i, lead, words, language, exact)
        if found is None:
            i += 1
            continue
        yield found
        i += len(words)


def _match_at(text: str, spans: list[tuple[int, int, str]], i: int, lead: str, words: tuple[_Word, ...],
              language: str, exact: bool) -> tuple[int, int] | None:
    start = spans[i][0]
    if lead:
        if not text[:start].endswith(lead) or _word_char(text, start - len(lead) - 1):
            return None
        start -= len(lead)
    for k, word in enumerate(words):
        found = spans[i + k][2]
        if word.exact:
            if found != word.text:
                return None
        elif not (_exact_word(word.text, found) if exact else _same_word(word.text, found, language, word.name)):
            return None
        if k + 1 < len(words):
            if word.marks and _marks(text[spans[i + k][1]: spans[i + k + 1][0]]) != word.marks:
                return None
    end = spans[i + len(words) - 1][1]
    trailing = words[-1].marks
    if trailing:
        if not text.startswith(trailing, end) or _word_char(text, end + len(trailing)):
            return None
        end += len(trailing)
    return start, end


def _exact_word(term_word: str, word: str) -> bool:
    # An ending after an apostrophe is a word of its own here ("K. Kore'nin"); a plural or
    # a case ending directly after the word is allowed, a change inside the word is not.
    return word == term_word or (len(term_word) >= 3 and word.startswith(term_word)
                                 and len(word) - len(term_word) <= 2)


def _key(word: str) -> str:
    return _fold(word)[:3]  # three letters: "war" must find "wars"


@dataclass(frozen=True, eq=False)
class TermHit:
    term: Term
    start: int  # character offset of the match in the text
    end: int


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

    def hits(self, source: str) -> list[TermHit]:
        """Every place a term stands in ``source``, in order; where terms overlap, the
        longest wins over any term inside it ("foreign minister" over "minister")."""
        if not self.glossary.terms:
            return []
        candidates = {id(term): term for term in self._unspaced}  # terms hold dicts: not hashable
        for word in set(_tokens(source)):
            candidates.update((id(term), term) for term in self._by_key.get(_key(word), ()))
        hits = [TermHit(term, start, end) for term in candidates.values()
                for start, end in find_all(source, term.source, self.language, term.case_sensitive)]
        return sorted((hit for hit in hits if not any(_covers(other, hit) for other in hits)),
                      key=lambda hit: (hit.start, -hit.end))

    def terms_in(self, source: str) -> tuple[Term, ...]:
        """The terms that occur in ``source``, each once, in the order they first occur
        (a term only inside a longer one's match does not occur)."""
        found = {id(hit.term): hit.term for hit in self.hits(source)}
        return tuple(found.values())


def _covers(longer: TermHit, hit: TermHit) -> bool:
    """Whether ``longer`` is a longer term's match that holds ``hit`` (the same words, or more)."""
    if longer.term is hit.term or not (longer.start <= hit.start and hit.end <= longer.end):
        return False
    return longer.end - longer.start > hit.end - hit.start or len(longer.term.source) > len(hit.term.source)



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
    strict_severity=Severity.ERROR,
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
    dismissed_by=Dismisser.REVIEWER,
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
