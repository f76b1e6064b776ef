"""The numbers check: every number of the source in the translation, in any locale's
formatting."""

from __future__ import annotations

import re

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


def _number_key(number: str) -> str:
    """A number's digits without separators or leading zeros: "1.000" -> "1000"."""
    return _strip_zeros("".join(_DIGIT_RUN.findall(number)))


def _number_parts(number: str) -> list[str]:
    """Pieces a number may be written as separately in a translation: the day, month
    and year of a date ("13.07.2025" -> 2025年7月13日), or the numbers a space
    happened to join ("2024 100" in "in 2024 100 ships")."""
    if _DATE.fullmatch(number):
        return [_strip_zeros(run) for run in _DIGIT_RUN.findall(number)]
    if re.search(r"\s", number):
        return [_number_key(piece) for piece in number.split()]
    return []


@check(
    "numbers", Severity.ERROR,
    protects='the facts: a figure lost or changed in translation is a correction to publish',
    example='12 people died → 14 kişi öldü',
)
def _check_numbers(pair: _Pair) -> list[str]:
    """Every number of the source somewhere in the translation, in any locale's
    formatting (``1.000``, ``3,5``, ``%50``, ``15萬``)."""
    source_numbers = [m.group() for m in _NUMBER.finditer(_number_text(pair.source))]
    if not source_numbers:
        return []
    translation_text = _number_text(pair.translation)
    available: set[str] = set()
    for match in _NUMBER.finditer(translation_text):
        available.add(_number_key(match.group()))
        available.update(_number_parts(match.group()))
    available.update(str(_roman_value(m.group())) for m in _ROMAN.finditer(translation_text) if m.group())
    # An ordinal ("the 1st time", "21st century") is as often a word in the target
    # language ("ilk kez", "впервые"): its digits may go.
    ordinals = {m.group(1) for m in _ORDINAL.finditer(pair.source)}
    missing: list[str] = []
    for number in source_numbers:
        parts = _number_parts(number)
        if _number_key(number) in available or (parts and all(part in available for part in parts)):
            continue
        if number in ordinals:
            continue
        if number not in missing:
            missing.append(number)
    if not missing:
        return []
    noun, verb = ("number", "is") if len(missing) == 1 else ("numbers", "are")
    return [
        f"{noun} {_listing(missing)} {verb} missing; keep every number of the source in digits "
        "(your language's separators, as in 1.000 or 3,5, are fine)"
    ]

