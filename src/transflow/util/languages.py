"""Facts about a target language: names and direction from Babel, plural forms from our table."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from transflow.util import plurals


@cache
def locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a language, the way gettext writes it."""
    loc = locale(code)
    return plurals.plural_forms(str(loc), lambda: loc.plural_form.rules)


def english_name(code: str) -> str:
    return locale(code).english_name or code


def native_name(code: str) -> str:
    return locale(code).display_name or code


def text_direction(code: str) -> str:
    return locale(code).text_direction


def primary_language(code: str) -> str:
    """The language subtag of a locale code, lower case: ``pt_BR`` -> ``pt``, ``zh-Hant`` -> ``zh``."""
    return re.split(r"[-_@.]", code.strip(), maxsplit=1)[0].lower()
