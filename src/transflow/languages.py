"""Facts about a target language from Babel: names, direction, gettext plural forms."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.messages.plurals import PLURALS
from babel.plural import to_gettext

# Babel's gettext table disagrees with both CLDR and gettext's own plural table
# (gettext-tools/src/plural-table.c) for these: Turkish has singular/plural in
# CLDR and gettext, Indonesian has a single form in both.
GETTEXT_PLURAL_OVERRIDES: dict[str, str] = {
    "tr": "nplurals=2; plural=(n != 1);",
    "id": "nplurals=1; plural=0;",
}


@lru_cache(maxsize=None)
def locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a language, the way gettext writes it."""
    loc = locale(code)
    for key in (str(loc), loc.language):
        if key in GETTEXT_PLURAL_OVERRIDES:
            return GETTEXT_PLURAL_OVERRIDES[key]
    for key in (str(loc), loc.language):
        if key in PLURALS:
            count, expr = PLURALS[key]
            return f"nplurals={count}; plural={expr};"
    # Not in Babel's gettext table: derive the expression from CLDR's rules.
    expr = to_gettext(loc.plural_form)
    return expr if expr.endswith(";") else expr + ";"


def english_name(code: str) -> str:
    return locale(code).english_name or code


def native_name(code: str) -> str:
    return locale(code).display_name or code


def text_direction(code: str) -> str:
    return locale(code).text_direction
