"""Checks of style, reported as warnings: end punctuation written the target
language's way, and a translation that is just the source again."""

from __future__ import annotations

import re
import unicodedata

from transflow.qa.inline import _EMAIL, _FOOTNOTE, _URL, _WORD, _mask, _Pair
from transflow.qa.registry import Severity, check

# --------------------------------------------------------------------------- #
# End punctuation data
# --------------------------------------------------------------------------- #

STOP, QUESTION, EXCLAMATION, COLON, SEMICOLON, ELLIPSIS = (
    "full stop", "question mark", "exclamation mark", "colon", "semicolon", "ellipsis",
)

# How the (source) text's final mark is read.
_SOURCE_MARK_KIND: dict[str, str] = {
    ".": STOP, "。": STOP, "．": STOP, "?": QUESTION, "？": QUESTION, "!": EXCLAMATION,
    "！": EXCLAMATION, ":": COLON, "：": COLON, ";": SEMICOLON, "；": SEMICOLON, "…": ELLIPSIS,
}

_DEFAULT_MARKS: dict[str, tuple[str, ...]] = {
    STOP: (".",), QUESTION: ("?",), EXCLAMATION: ("!",), COLON: (":",),
    SEMICOLON: (";",), ELLIPSIS: ("…",),
}

# Marks that end a sentence of each kind, per language (first = the usual one).
# An empty tuple: the language does not mark that kind at the end, do not check.
_LANGUAGE_MARKS: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "fa": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ur": {STOP: ("۔", "."), QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ps": {STOP: ("۔", "."), QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ckb": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ug": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "el": {QUESTION: (";", "\u037e"), SEMICOLON: ("\u0387", "·")},
    "hy": {
        STOP: ("։", ":", "."),
        # Armenian marks questions and exclamations on the stressed word; the
        # sentence itself ends with a full stop.
        QUESTION: ("՞", "։", "?", ":"),
        EXCLAMATION: ("՜", "։", "!", ":"),
        COLON: (":", "՝", "`"),
    },
    "hi": {STOP: ("।", "|", ".")},
    "mr": {STOP: (".", "।")},
    "ne": {STOP: ("।", "|", ".")},
    "bn": {STOP: ("।", "|", ".")},
    "as": {STOP: ("।", "|", ".")},
    "or": {STOP: ("।", "|", ".")},
    "pa": {STOP: ("।", "|", ".")},
    "sa": {STOP: ("।", "॥", "|", ".")},
    "mai": {STOP: ("।", "|", ".")},
    "ja": {
        STOP: ("。", "．", "｡"),
        QUESTION: ("？", "?"),
        EXCLAMATION: ("！", "!"),
        # A Japanese sentence before a list may end with a full stop (Weblate).
        COLON: ("：", ":", "。"),
        SEMICOLON: ("；", ";", "。"),
    },
    "zh": {
        STOP: ("。", "．"),
        QUESTION: ("？",),
        EXCLAMATION: ("！",),
        COLON: ("：",),
        SEMICOLON: ("；",),
    },
    "yue": {
        STOP: ("。", "．"),
        QUESTION: ("？",),
        EXCLAMATION: ("！",),
        COLON: ("：",),
        SEMICOLON: ("；",),
    },
    "th": {STOP: ()},
    "lo": {STOP: ()},
    "my": {STOP: ("။",)},
    "km": {STOP: ("។",), COLON: ("៖", ":")},
    "bo": {STOP: ("།", "༎")},
    "dz": {STOP: ("།", "༎")},
    "am": {STOP: ("።",), QUESTION: ("፧", "?"), COLON: ("፥", "፦", ":")},
    "ti": {STOP: ("።",), QUESTION: ("፧", "?"), COLON: ("፥", "፦", ":")},
    "si": {STOP: (".", "෴")},
}

# Words a sentence commonly ends on with their abbreviation point ("в 2025 г."),
# lower case, without the point: a final "." after one is not punctuation.
_FINAL_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "ru": frozenset({"г", "гг", "в", "вв", "д", "п", "др", "пр", "тыс", "млн", "млрд", "руб", "долл"}),
    "uk": frozenset({"р", "рр", "ст", "д", "ін", "тис", "млн", "млрд", "грн", "дол"}),
    "tr": frozenset({"vb", "vs", "bkz", "yy", "vd"}),
    "id": frozenset({"dll", "dsb", "dst", "tsb", "dkk", "hlm"}),
    "ms": frozenset({"dll", "dsb", "dst"}),
    "de": frozenset({"usw", "bzw", "vgl", "jh", "chr", "ca"}),
}
_UNIVERSAL_FINAL_ABBREVIATIONS = frozenset({"etc"})

# Closing marks skipped before the final punctuation is read.
_CLOSERS = frozenset("\"'”’»›)]}」』）］｝】〉》〕〗〙〛＂＇*_~")
_ELLIPSES = ("...", "…", "⋯", "．．．")
# A footnote marker at the end, also a mistyped one ("［^1］"): not punctuation.
_TRAILING_MARKER = re.compile(r"[\[［]\^?[^\n\[\]［］]{1,20}[\]］]$")




def _final_mark(plain: str) -> str | None:
    """The punctuation mark a text ends with, closing quotes and markers skipped."""
    text = plain
    while True:
        stripped = _TRAILING_MARKER.sub("", text.rstrip()).rstrip()
        while stripped and stripped[-1] in _CLOSERS:
            stripped = stripped[:-1].rstrip()
        if stripped == text:
            break
        text = stripped
    if not text:
        return None
    if text.endswith(_ELLIPSES):
        return "…"
    last = text[-1]
    return last if unicodedata.category(last).startswith("P") else None


def _marks(language: str) -> dict[str, tuple[str, ...]]:
    return {**_DEFAULT_MARKS, **_LANGUAGE_MARKS.get(language, {})}


def _ends_with_abbreviation(plain: str, language: str) -> bool:
    text = _FOOTNOTE.sub("", plain).rstrip()
    words = _WORD.findall(text[-12:])
    if not words or not text.endswith("."):
        return False
    known = _FINAL_ABBREVIATIONS.get(language, frozenset()) | _UNIVERSAL_FINAL_ABBREVIATIONS
    return words[-1].lower() in known and text[: -1].endswith(words[-1])


@check(
    "end-punctuation", Severity.WARNING,
    protects="house style: a question stays a question",
    example="Is it over? → Bitti mi.",
)
def _check_end_punctuation(pair: _Pair) -> list[str]:
    """A final mark of the same kind as the source's (full stop, question, exclamation), written the target language's way."""
    if len(pair.source.strip()) <= 4 or pair.translation.strip() == pair.source.strip():
        # A short label may well be punctuated differently; an unchanged text is
        # the identical check's.
        return []
    source_mark = _final_mark(pair.source_inline.plain)
    mark = _final_mark(pair.translation_inline.plain)
    kind = _SOURCE_MARK_KIND.get(source_mark or "")
    marks = _marks(pair.language)
    if kind is None:
        sentence_marks = {m for accepted in marks.values() for m in accepted}
        if mark in sentence_marks and not _ends_with_abbreviation(pair.translation_inline.plain, pair.language):
            return [f"the translation ends with “{mark}” but the source has no final punctuation; remove it"]
        return []
    accepted = marks[kind]
    if not accepted or mark in accepted:
        return []
    wanted = " or ".join(f"“{m}”" for m in accepted[:2])
    if mark is None:
        return [f"the source ends with a {kind}; end the translation with {wanted}"]
    return [f"the translation ends with “{mark}” but the source with a {kind}; end it with {wanted}"]


@check(
    "identical", Severity.WARNING,
    protects="against forgotten units: a sentence left in English",
    example="The talks ended. → The talks ended.",
)
def _check_identical(pair: _Pair) -> list[str]:
    """A translation that is just the source again (names, acronyms and single words are not reported)."""
    if pair.translation.strip() != pair.source.strip():
        return []
    prose = _mask(pair.source_inline.plain, _URL, _EMAIL, _FOOTNOTE)
    words = _WORD.findall(prose)
    if len(words) <= 1 or all(word.isupper() for word in words):
        return []  # no words, a single word, or acronyms: often the same everywhere
    if len(words) <= 3 and all(word[0].isupper() for word in words):
        return []  # a name: "Marco Rubio"
    return ["the translation is identical to the source; translate it (if it must stay as it is, ignore this warning)"]

