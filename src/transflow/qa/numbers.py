"""The numbers check: every number of the source in the translation, in any locale's
formatting, and written with the scale words and characters of the translation's
language.

Numbers are compared by their value, read the way each text writes numbers.

- **The source is English**: ``,`` (or a space, ``'``) groups thousands and ``.`` is
  the decimal point, so ``1,500`` is 1500 and ``1.5`` one and a half.
- **A translation** may use its language's separators or keep the source's. ``٫`` is
  a decimal separator; ``٬``, spaces (no-break, narrow no-break, thin) and
  apostrophes (Swiss ``1'000``) group thousands. In a number with several
  separators, one that repeats groups (``1.500.000``) and the last of two kinds is
  the decimal separator (``1.250,5``, ``1,250.5``). A single ``.`` or ``,`` is the
  decimal separator unless exactly three digits follow it. Before exactly three
  digits it is ambiguous, so both readings count: ``1.500`` is 1500 (Turkish,
  German, Indonesian) or 1.5 (the English point kept), and ``3,125`` is 3125, or
  3.125 in a language whose decimal sign is the comma (Babel's data: Turkish,
  Russian, Indonesian, German, ...; not Japanese, Chinese, Korean, Hindi, where
  ``1,500`` is only 1500). A scale word after it does not settle the question:
  ``1.500 milyon`` is 1,500 million in Turkish and ``1,575 milyon`` 1.575 million,
  so a rule "three digits before a scale word are decimals" would reject correct
  Turkish. A wrong figure passes only if it is the source's multiplied or divided
  by 1000 and written with exactly three digits after the separator.
- **Scale words and characters multiply**: ``1.5 million`` is 1,500,000 and so are
  ``1,5 milyon``, ``1,5 млн``, ``1,5 juta``, ``150万``, ``150만``, ``15 लाख`` and
  ``1.500.000``; ``15萬`` is 150,000 and ``1.5万`` is 15,000. CJK characters
  (百 10², 千 10³, 万/萬/만 10⁴, 億/亿/억 10⁸, 兆/조 10¹²) combine and add up as
  written: ``1万5000`` is 15,000, ``3億5千万`` 350,000,000, ``1억 5000만``
  150,000,000; ``千克`` (kg) and ``兆瓦`` (MW) are units, not multipliers. Scale words
  are the translation's language's (``_SCALE_WORDS``), inflected forms included
  (``milyonluk``, ``миллиона``, ``тыс.``); several multiply (``mil millones``).
  ``1 milyon 500 bin`` is 1,500,000. The source's are English: ``thousand``,
  ``million``/``mn``/``m``, ``billion``/``bn``, ``trillion``/``tn``, ``lakh``,
  ``crore`` (``2.5m people``, ``$50k``; as ``100m`` may be metres, the digits alone
  pass too). The first number of a range takes the scale of the second
  (``10-15 million``, ``от 10 до 15 млн``).
- **What cannot be checked passes**: a source number with a scale word passes when
  the translation has its digits without a scale word the check knows (``1,5
  miljoen``): the language's word may be missing from the table. A translation
  number with a known scale word must match: ``1,5 milyar`` for ``1.5 million`` is
  reported.
- A date's day, month and year may appear separately, in any order and without
  leading zeros (``13.07.2025`` -> ``2025年7月13日``, ``13/07/2025``), as may the
  numbers a space joined (``2024 100``); Roman numerals in the translation count
  (``21st century`` -> ``XXI век``); an ordinal of the source may become a word
  (``1st`` -> ``ilk``). In Persian, ``۳/۵`` is also 3.5 (the slash is a common
  decimal separator there).
- Still reported: numbers written as words (``three``, ``üç``, ``三``), dates of
  another calendar (Persian ``۱۴۰۴`` or Japanese ``令和7年`` for 2025), and rounding
  (``150 bin`` for 149,800).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Literal

from babel import UnknownLocaleError
from babel.numbers import get_decimal_symbol

from transflow.qa.inline import (
    _DATE,
    _DIGIT_RUN,
    _NUMBER,
    _ORDINAL,
    _ROMAN,
    _listing,
    _number_text,
    _Pair,
    _roman_value,
    _strip_zeros,
)
from transflow.qa.registry import Severity, check

# --------------------------------------------------------------------------- #
# How numbers are written
# --------------------------------------------------------------------------- #

_SPACES = " \u00a0\u202f\u2009"
_APOSTROPHES = "'\u2019"
_ARABIC_DECIMAL, _ARABIC_GROUPING = "\u066b", "\u066c"

# CJK and Korean scale characters after digits, as powers of ten. A run multiplies
# (百万 10⁶, 千万 10⁷, 万亿 10¹², 천만 10⁷).
_CJK_EXPONENTS = {
    "百": 2, "千": 3, "万": 4, "萬": 4, "億": 8, "亿": 8, "兆": 12,
    "백": 2, "천": 3, "만": 4, "억": 8, "조": 12,
}
_CJK_SCALE = re.compile(r"[百千万萬億亿兆]+|[백천만억조]+")
# 千克 kg, 千米 km, 千瓦 kW, 兆瓦 MW, 兆字节 MB: there 千 and 兆 are unit prefixes.
_CJK_UNIT = re.compile(r"[克米瓦卡帕赫焦伏字比位]")
# Korean 제N조 is "article N" of a law, not N × 10¹².
_KOREAN_ORDINAL = "제"

_TAIL = r"[\w\u064b-\u065f\u0670]*"  # inflection endings, Arabic vowel marks included

# Scale words after a number, per language (the primary subtag), as powers of ten.
# Matching ignores case except where a pattern says (?-i:...): German "Billion" is
# 10¹², English "billion" 10⁹. French "billion" (10¹²) is left out on purpose: it
# is also the English word, and an English quotation kept in a French text must not
# be read as a thousand times more.
_SCALE_WORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        (r"thousands?", 3), (r"lakhs?", 5), (r"millions?|mn", 6), (r"crores?", 7),
        (r"billions?|bn", 9), (r"trillions?|tn|trn", 12),
    ),
    "tr": (
        # bin "thousand" only in its forms after a number: "5 bina" is five buildings.
        (r"bin(?:lik" + _TAIL + r"|ler" + _TAIL + r"|den|de|in|le|i|e)?", 3),
        (r"milyon" + _TAIL, 6), (r"milyar" + _TAIL, 9), (r"trilyon" + _TAIL, 12),
    ),
    "ru": (
        (r"тыс\.?|тысяч" + _TAIL, 3), (r"млн\.?|миллион" + _TAIL, 6),
        (r"млрд\.?|миллиард" + _TAIL, 9), (r"трлн\.?|триллион" + _TAIL, 12),
    ),
    "uk": (
        (r"тис\.?|тисяч" + _TAIL, 3), (r"млн\.?|мільйон" + _TAIL, 6),
        (r"млрд\.?|мільярд" + _TAIL, 9), (r"трлн\.?|трильйон" + _TAIL, 12),
    ),
    "id": ((r"ribu", 3), (r"juta", 6), (r"miliar|milyar", 9), (r"triliun|trilyun", 12)),
    "ms": ((r"ribu", 3), (r"juta", 6), (r"bilion", 9), (r"trilion", 12)),
    "de": (
        (r"Tsd\.|tausend", 3), (r"Mio\.|Millionen|Million", 6), (r"Mrd\.|Milliarden?", 9),
        (r"(?-i:Bio\.|Billionen|Billion)", 12),
    ),
    "fr": ((r"mille", 3), (r"millions?", 6), (r"milliards?", 9)),
    "es": ((r"mil", 3), (r"millón|millones", 6), (r"millardos?", 9), (r"billón|billones", 12)),
    "pt": (
        (r"mil", 3), (r"milhão|milhões", 6), (r"bilhão|bilhões", 9),
        (r"bilião|biliões|trilhão|trilhões", 12),
    ),
    "it": ((r"mila", 3), (r"milion[ei]|mln", 6), (r"miliard[oi]|mld", 9)),
    "vi": ((r"nghìn|ngàn", 3), (r"triệu", 6), (r"tỷ|tỉ", 9)),
    "ar": (
        (r"(?:ألف|آلاف)" + _TAIL, 3), (r"(?:مليون|ملايين)" + _TAIL, 6),
        (r"(?:مليار|بليون)" + _TAIL, 9), (r"(?:تريليون|ترليون)" + _TAIL, 12),
    ),
    # Persian text is typed with Persian ی or Arabic ي.
    "fa": (
        (r"هزار", 3), (r"م[یي]ل[یي]ون", 6), (r"م[یي]ل[یي]ارد", 9), (r"تر[یي]ل[یي]ون", 12),
    ),
    "hi": (
        (r"हज़ार|हजार", 3), (r"लाख", 5), (r"मिलियन", 6), (r"करोड़|करोड", 7), (r"अरब|बिलियन", 9),
        (r"खरब", 11),
    ),
    "bn": ((r"হাজার", 3), (r"লাখ|লক্ষ", 5), (r"মিলিয়ন", 6), (r"কোটি", 7), (r"বিলিয়ন", 9)),
}
# English "2.5m people", "$50k". In the source "100m" may also be metres: the digits
# alone then pass too (see _present). In an English translation only after a
# currency sign ("$5m"), where it cannot be metres.
_CURRENCY = "$£€¥₹"
_LETTER_SCALE = re.compile(r"(?i:(m)|(k))(?![^\W\d_])")

# Between the two numbers of a range: "10-15 million", "10 to 15 million",
# "от 10 до 15 млн", "10 ila 15 milyon", "1000～1500万", "10至15亿".
_RANGE = re.compile(
    r"\s*(?:[-–—~～〜至到]|から)\s*"
    r"|\s+(?:to|and|or|ila|ile|ve|veya|ya da|до|и|или|hingga|sampai|dan|atau|bis|und|à|et|a|y|e|o|ou)\s+",
    re.IGNORECASE,
)
# Persian "۳/۵": one slash between digits, not a date's.
_PERSIAN_DECIMAL = re.compile(r"(?<![\d/])(\d+)/(\d+)(?![\d/])")


@dataclass(frozen=True)
class _Writing:
    """How one text writes numbers: its separators and its scale words."""

    grouping: str  # separators that group thousands
    decimal: str  # separators that may be the decimal separator
    decimal_before_three: str  # ... when it is the only one and three digits follow
    scale_words: re.Pattern[str] | None
    exponents: tuple[int, ...]  # of the scale-word pattern's groups, in order
    letter_scale: Literal["always", "after currency", "never"]  # "5m", "$50k"


def _scale_pattern(language: str) -> tuple[re.Pattern[str] | None, tuple[int, ...]]:
    words = _SCALE_WORDS.get(language, ())
    if not words:
        return None, ()
    alternatives = "|".join(f"({unicodedata.normalize('NFC', pattern)})" for pattern, _ in words)
    # The word after a space, a no-break space or a hyphen ("a 1.5-million army"),
    # or right after the digits ("$2bn"); not the start of a longer word.
    pattern = re.compile(rf"[ \u00a0\u202f-]?(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)
    return pattern, tuple(exponent for _, exponent in words)


@cache
def _source_writing() -> _Writing:
    words, exponents = _scale_pattern("en")
    return _Writing(
        grouping="," + _SPACES + _APOSTROPHES + _ARABIC_GROUPING,
        decimal=".",
        decimal_before_three=".",
        scale_words=words,
        exponents=exponents,
        letter_scale="always",
    )


@cache
def _translation_writing(language: str) -> _Writing:
    decimal_sign = _decimal_sign(language)
    words, exponents = _scale_pattern(language)
    return _Writing(
        grouping=",." + _SPACES + _APOSTROPHES + _ARABIC_GROUPING,
        decimal=".," + _ARABIC_DECIMAL,
        # "1,500" is 1.5 only where the comma is the decimal sign; unknown: both.
        decimal_before_three="." + _ARABIC_DECIMAL + ("," if decimal_sign in (None, ",") else ""),
        scale_words=words,
        exponents=exponents,
        letter_scale="after currency" if language == "en" else "never",
    )


def _decimal_sign(language: str) -> str | None:
    if not language:
        return None
    try:
        return str(get_decimal_symbol(language))
    except (UnknownLocaleError, ValueError):
        return None


# --------------------------------------------------------------------------- #
# Reading numbers
# --------------------------------------------------------------------------- #


def _grouped(groups: list[str], separators: list[str], writing: _Writing) -> bool:
    """Whether the separators group thousands: "1,000,000", "1 000", Indian "1,50,000"."""
    kinds = {" " if sep in _SPACES else "'" if sep in _APOSTROPHES else sep for sep in separators}
    if len(kinds) != 1 or any(sep not in writing.grouping for sep in separators):
        return False
    head, *rest = groups
    if 1 <= len(head) <= 3 and all(len(group) == 3 for group in rest):
        return True
    # Lakh and crore grouping: "1,50,000", "12,34,56,789".
    *middle, tail = rest
    return kinds == {","} and len(head) <= 2 and bool(middle) and len(tail) == 3 and all(len(g) == 2 for g in middle)


def _readings(number: str, writing: _Writing) -> frozenset[Decimal]:
    """What a number's digits and separators may mean; none when they are not one
    number ("13.07.2025", "3.12.1")."""
    groups = _DIGIT_RUN.findall(number)
    separators = re.findall(r"\D", number)
    if not separators:
        return frozenset({Decimal(number)})
    readings: set[Decimal] = set()
    if _grouped(groups, separators, writing):
        readings.add(Decimal("".join(groups)))
    last, before = separators[-1], separators[:-1]
    if last in writing.decimal and last not in before:
        ambiguous = not before and len(groups[-1]) == 3
        if (not ambiguous or last in writing.decimal_before_three) and (
            not before or _grouped(groups[:-1], before, writing)
        ):
            readings.add(Decimal("".join(groups[:-1]) + "." + groups[-1]))
    return frozenset(readings)


def _number_key(number: str) -> str:
    """A number's digits without separators or leading zeros: "1.000" -> "1000"."""
    return _strip_zeros("".join(_DIGIT_RUN.findall(number)))


def _number_parts(number: str) -> tuple[Decimal, ...]:
    """Pieces a number may be written as separately in a translation: the day, month
    and year of a date ("13.07.2025" -> 2025年7月13日), or the numbers a space
    happened to join ("2024 100" in "in 2024 100 ships")."""
    if _DATE.fullmatch(number):
        return tuple(Decimal(run) for run in _DIGIT_RUN.findall(number))
    if re.search(r"\s", number):
        pieces = number.split()
        if len(_number_key(pieces[0])) <= 3:
            return ()  # "25 000" groups thousands: it is 25,000, never 25 and 0
        return tuple(Decimal(_number_key(piece)) for piece in pieces)
    return ()


@dataclass
class _Figure:
    """A number as written in one text, with its scale word or characters."""

    start: int
    end: int
    number: str  # the digits and separators
    readings: frozenset[Decimal]  # what the digits mean, before any scale
    exponent: int | None = None  # the scale's power of ten
    cjk: bool = False  # the scale is CJK or Korean characters
    values: frozenset[Decimal] = frozenset()  # what the figure means
    #: A compound's pieces ("1 milyon" and "500 bin" in "1 milyon 500 bin").
    pieces: tuple[_Figure, ...] = ()
    #: Whether the pieces are also read as numbers of their own ("2 bin 500" might
    #: be 2000 and 500 as well as 2500).
    pieces_count: bool = False
    parts: tuple[Decimal, ...] = ()

    @property
    def scaled(self) -> bool:
        return self.exponent is not None


def _scale(text: str, figure: _Figure, writing: _Writing) -> None:
    """Find the figure's scale after its digits and extend the figure over it."""
    end = figure.end
    cjk = _CJK_SCALE.match(text, end)
    if cjk and not (cjk.group()[0] in "백천만억조" and text[: figure.start].endswith(_KOREAN_ORDINAL)):
        run = cjk.group()
        if run[-1] in "千兆" and _CJK_UNIT.match(text, cjk.end()):
            run = run[:-1]
        if run:
            figure.exponent = sum(_CJK_EXPONENTS[char] for char in run)
            figure.end = end + len(run)
            figure.cjk = True
            return
    after_currency = figure.start > 0 and text[figure.start - 1] in _CURRENCY
    if writing.letter_scale == "always" or writing.letter_scale == "after currency" and after_currency:
        abbreviation = _LETTER_SCALE.match(text, end)
        if abbreviation:
            figure.exponent = 6 if abbreviation.group(1) else 3
            figure.end = abbreviation.end()
            return
    if writing.scale_words is None:
        return
    exponent = 0
    while word := writing.scale_words.match(text, end):
        if exponent and not text[end].isspace():
            break  # stacked words ("mil millones") are separate words
        exponent += writing.exponents[(word.lastindex or 1) - 1]
        end = word.end()
    if exponent:
        figure.exponent = exponent
        figure.end = end


def _continues(text: str, previous: _Figure, following: _Figure) -> bool:
    """Whether ``following`` is the next, smaller part of the same amount, as in
    "1万5000", "3億5千万", "1억 5000만", "1 milyon 500 bin"."""
    if previous.exponent is None:
        return False
    gap = text[previous.end : following.start]
    # CJK writes the parts together, Korean and the scale words with a space.
    if not (gap in _SPACES and len(gap) == 1 or not gap and previous.cjk):
        return False
    limit = Decimal(10) ** previous.exponent
    return bool(following.values) and max(following.values) < limit


def _text(raw: str) -> str:
    """The prose of a unit with ASCII digits (:func:`_number_text`), in one spelling
    of each word (NFC: हज़ार and মিলিয়ন have two)."""
    return unicodedata.normalize("NFC", _number_text(raw))


def _figures(text: str, writing: _Writing) -> list[_Figure]:
    """The numbers of a text (as :func:`_text` gives it), each with its scale,
    compounds joined and ranges spread."""
    singles: list[_Figure] = []
    for match in _NUMBER.finditer(text):
        figure = _Figure(match.start(), match.end(), match.group(), _readings(match.group(), writing))
        _scale(text, figure, writing)
        figure.values = _scaled(figure.readings, figure.exponent)
        figure.parts = _number_parts(match.group())
        singles.append(figure)
    figures = list(_compounds(text, singles))
    for first, second in itertools.pairwise(figures):
        if not first.scaled and second.exponent is not None and _RANGE.fullmatch(text, first.end, second.start):
            first.values |= _scaled(first.readings, second.exponent)
    return figures


def _scaled(readings: Iterable[Decimal], exponent: int | None) -> frozenset[Decimal]:
    return frozenset(reading.scaleb(exponent or 0) for reading in readings)


def _compounds(text: str, singles: list[_Figure]) -> Iterator[_Figure]:
    index = 0
    while index < len(singles):
        group = [singles[index]]
        while index + len(group) < len(singles) and _continues(text, group[-1], singles[index + len(group)]):
            group.append(singles[index + len(group)])
        index += len(group)
        if len(group) == 1:
            yield group[0]
            continue
        first, last = group[0], group[-1]
        yield _Figure(
            first.start,
            last.end,
            first.number,
            frozenset(),  # the amount is in the values and the pieces
            exponent=first.exponent,
            cjk=first.cjk,
            values=frozenset(sum(choice, Decimal(0)) for choice in itertools.product(*(f.values for f in group))),
            pieces=tuple(group),
            # A trailing number after a space may be a number of its own.
            pieces_count=not last.scaled and text[group[-2].end : last.start] != "",
        )


# --------------------------------------------------------------------------- #
# The check
# --------------------------------------------------------------------------- #


@dataclass
class _Found:
    """What the numbers of a translation may mean."""

    values: set[Decimal] = field(default_factory=set)
    #: The values of the numbers without a scale: a source "1.5 million" passes with
    #: "1,5" followed by a scale word the check does not know.
    bare: set[Decimal] = field(default_factory=set)
    #: Every number's digits, for source numbers that are not read as one value.
    digits: set[str] = field(default_factory=set)

    def add(self, figure: _Figure) -> None:
        self.values |= figure.values
        self.values.update(figure.parts)
        if not figure.scaled:
            self.bare |= figure.readings
        if figure.pieces_count:
            for piece in figure.pieces:
                self.add(piece)


def _found(translation: str, language: str) -> _Found:
    text = _text(translation)
    texts = [text]
    if language == "fa":
        texts.append(_PERSIAN_DECIMAL.sub(lambda m: m.group(1) + _ARABIC_DECIMAL + m.group(2), text))
    found = _Found()
    for variant in texts:
        for figure in _figures(variant, _translation_writing(language)):
            found.add(figure)
    found.digits.update(_number_key(match.group()) for match in _NUMBER.finditer(text))
    found.values.update(Decimal(_roman_value(m.group())) for m in _ROMAN.finditer(text) if m.group())
    return found


def _present(figure: _Figure, found: _Found) -> bool:
    if figure.values & found.values:
        return True
    if figure.scaled and figure.readings & found.bare:
        return True
    if not figure.readings and not figure.pieces:
        key = _number_key(figure.number)
        if key in found.digits or Decimal(key) in found.values:
            return True
    if figure.parts and all(part in found.values for part in figure.parts):
        return True
    return bool(figure.pieces) and all(_present(piece, found) for piece in figure.pieces)


@check(
    "numbers", Severity.ERROR,
    protects="the facts: a figure lost or changed in translation is a correction to publish",
    example="12 people died → 14 kişi öldü",
)
def _check_numbers(pair: _Pair) -> list[str]:
    """Every number of the source somewhere in the translation, in any locale's
    formatting (``1.000``, ``3,5``, ``%50``, ``15萬``, ``1,5 milyon``)."""
    source_text = _text(pair.source)
    figures = _figures(source_text, _source_writing())
    if not figures:
        return []
    found = _found(pair.translation, pair.language)
    # An ordinal ("the 1st time", "21st century") is as often a word in the target
    # language ("ilk kez", "впервые"): its digits may go.
    ordinals = {m.group(1) for m in _ORDINAL.finditer(pair.source)}
    missing: list[str] = []
    for figure in figures:
        if _present(figure, found) or (figure.number in ordinals and not figure.scaled):
            continue
        shown = source_text[figure.start : figure.end].strip()
        if shown not in missing:
            missing.append(shown)
    if not missing:
        return []
    noun, verb = ("number", "is") if len(missing) == 1 else ("numbers", "are")
    return [
        f"{noun} {_listing(missing)} {verb} missing; keep every number of the source in digits "
        "(your language's separators, as in 1.000 or 3,5, are fine)"
    ]
