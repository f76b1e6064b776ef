"""Plural-Forms headers: transflow's own table, the same whatever Babel is installed.

The values follow gettext's conventions: gettext-tools' plural table where it has
the language (what ``msginit`` writes), and CLDR's rules rendered for integers the
way gettext writes them otherwise. The table is data in ``plural_table.py``, made by
``scripts/make_plural_table.py``; a new Babel only matters for a locale that is not
in it, which then gets its CLDR rules rendered here at run time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from transflow.util.plural_table import PLURAL_FORMS

# CLDR's order of categories: gettext's indexes follow it, "other" last.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

_NPLURALS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;")


def plural_forms(identifier: str, cldr_rules: Callable[[], Mapping[str, str]]) -> str:
    """The Plural-Forms value for a locale identifier such as ``pt_BR`` or ``zh_Hant_TW``.

    The most specific entry of the table wins (``pt_BR`` before ``pt``); a language
    the table does not know gets ``cldr_rules()`` (category → CLDR rule) rendered.
    """
    parts = identifier.split("_")
    for end in range(len(parts), 0, -1):
        value = PLURAL_FORMS.get("_".join(parts[:end]))
        if value is not None:
            return value
    return render_cldr_rules(cldr_rules())


def nplurals(value: str | None) -> int | None:
    """The number of forms a Plural-Forms value declares, None when it declares none."""
    match = _NPLURALS.match(value or "")
    return int(match.group(1)) if match else None


# --- CLDR rules rendered as a C expression over the integer n ------------------
#
# For an integer n, CLDR's operands are i = n and v = w = f = t = e = c = 0, so most
# relations fold to constants; what is left becomes gettext's C syntax.

_TOKEN = re.compile(r"\s*(\.\.|!=|=|%|,|[a-z]+|\d+)")
_INTEGER_CONSTANTS = {"v": 0, "w": 0, "f": 0, "t": 0, "e": 0, "c": 0}


def _tokens(rule: str) -> list[str]:
    rule = rule.split("@", 1)[0].strip()  # samples, where a rule still has them
    tokens: list[str] = []
    pos = 0
    while pos < len(rule):
        match = _TOKEN.match(rule, pos)
        if match is None:
            raise ValueError(f"cannot read the CLDR plural rule {rule!r} at {pos}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


@dataclass(frozen=True)
class _Condition:
    """A folded CLDR condition: a constant, or C code over n with its Python twin."""

    code: str | bool
    test: Callable[[int], bool]

    @staticmethod
    def constant(value: bool) -> _Condition:
        return _Condition(value, lambda n: value)


def _relation(operand: str, modulus: int | None, negated: bool, ranges: list[tuple[int, int]]) -> _Condition:
    def holds(value: int) -> bool:
        value = value % modulus if modulus else value
        return any(low <= value <= high for low, high in ranges) != negated

    if operand in _INTEGER_CONSTANTS:
        return _Condition.constant(holds(_INTEGER_CONSTANTS[operand]))
    term = f"n%{modulus}" if modulus else "n"
    if negated:
        parts = [f"{term}!={low}" if low == high else f"({term}<{low} || {term}>{high})" for low, high in ranges]
        code = parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"
    else:
        parts = [f"{term}=={low}" if low == high else f"{term}>={low} && {term}<={high}" for low, high in ranges]
        code = parts[0] if len(parts) == 1 and "&&" not in parts[0] else "(" + " || ".join(parts) + ")"
    return _Condition(code, holds)


def _combine(terms: list[_Condition], operator: str) -> _Condition:
    """``and`` (operator "&&") or ``or`` ("||") of conditions, constants folded."""
    absorbing = operator == "||"  # True absorbs an "or", False an "and"
    if any(t.code is absorbing for t in terms):
        return _Condition.constant(absorbing)
    live = [t for t in terms if isinstance(t.code, str)]
    if not live:
        return _Condition.constant(not absorbing)
    if len(live) == 1:
        return live[0]
    code = f" {operator} ".join(str(t.code) for t in live)
    tests = [t.test for t in live]
    if absorbing:
        return _Condition(code, lambda n: any(test(n) for test in tests))
    return _Condition(code, lambda n: all(test(n) for test in tests))


def _parse_condition(tokens: list[str]) -> _Condition:
    """``or`` of ``and`` of relations, folded for integers."""
    pos = 0

    def take() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError(f"the CLDR plural rule {' '.join(tokens)!r} ends too early")
        pos += 1
        return tokens[pos - 1]

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def relation() -> _Condition:
        operand = take()
        if operand == "i":
            operand = "n"
        modulus = None
        if peek() in ("mod", "%"):
            take()
            modulus = int(take())
        negated = False
        word = take()
        if word == "not":
            negated, word = True, take()
        elif word == "is" and peek() == "not":
            take()
            negated = True
        elif word == "!=":
            negated = True
        ranges: list[tuple[int, int]] = []
        while True:
            low = high = int(take())
            if peek() == "..":
                take()
                high = int(take())
            ranges.append((low, high))
            if peek() != ",":
                break
            take()
        return _relation(operand, modulus, negated, ranges)

    def conjunction() -> _Condition:
        terms = [relation()]
        while peek() == "and":
            take()
            terms.append(relation())
        return _combine(terms, "&&")

    disjuncts = [conjunction()]
    while peek() == "or":
        take()
        disjuncts.append(conjunction())
    return _combine(disjuncts, "||")


# Integers that reach every category CLDR defines for integers (1000000 for the
# compact "many" of Romance languages).
_SAMPLES = [*range(0, 1100), 10_000, 100_000, 1_000_000, 2_000_000, 1_000_001]


def render_cldr_rules(rules: Mapping[str, str]) -> str:
    """Plural-Forms for CLDR ``rules`` (category → rule), over integers only.

    Categories no integer reaches (Russian "other" is for fractions) are left out;
    the last category reached is the default branch, as in gettext's own entries.
    """
    conditions = {cat: _parse_condition(_tokens(rule)) for cat, rule in rules.items() if cat != "other"}
    reached: list[str] = []
    for cat in CATEGORIES:
        if cat == "other":
            if any(not any(c.test(n) for c in conditions.values()) for n in _SAMPLES):
                reached.append(cat)
        elif cat in conditions and any(conditions[cat].test(n) for n in _SAMPLES):
            reached.append(cat)
    if len(reached) <= 1:
        return "nplurals=1; plural=0;"
    branches = [f"{conditions[cat].code} ? {index}" for index, cat in enumerate(reached[:-1])]
    return f"nplurals={len(reached)}; plural=({' : '.join(branches)} : {len(reached) - 1});"
