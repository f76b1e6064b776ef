"""Plural-Forms: transflow's own table agrees with gettext's msginit and is valid C for msgfmt."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.localedata import locale_identifiers

from transflow.util import languages
from transflow.util.plural_table import PLURAL_FORMS
from transflow.util.plurals import nplurals, plural_forms, render_cldr_rules

needs_gettext = pytest.mark.skipif(shutil.which("msginit") is None, reason="needs gettext's msginit and msgfmt")

_HEADER = re.compile(r'"Plural-Forms: (.*)\\n"')
_SAMPLES = [*range(0, 300), 1000, 1001, 1_000_000, 1_000_001]


def _msginit(template: Path, identifier: str) -> tuple[str, str | None]:
    out = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-i", str(template), "-l", identifier, "-o", "-"],
        capture_output=True, text=True, check=False,
    ).stdout
    match = _HEADER.search(out)
    return identifier, match.group(1) if match else None


@needs_gettext
def test_msginit_agrees_with_every_value_we_write_for_a_locale_it_knows(tmp_path: Path):
    template = tmp_path / "t.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    identifiers = sorted(set(locale_identifiers()) | {i.split("_")[0] for i in locale_identifiers()})
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(pool.map(lambda i: _msginit(template, i), identifiers))
    known = {i: value for i, value in answers.items() if value is not None}
    assert {"tr", "ru", "pt_BR", "fr", "pl"} <= set(known)  # the comparison is not empty
    disagree = {i: (value, languages.plural_forms(i)) for i, value in known.items() if languages.plural_forms(i) != value}
    assert disagree == {}


def _check_with_msgfmt(folder: Path, key: str, value: str) -> tuple[str, str]:
    count = nplurals(value) or 0
    forms = "".join(f'msgstr[{i}] "form {i}"\n' for i in range(count))
    po = folder / f"{key}.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {key}\\n"\n"Plural-Forms: {value}\\n"\n\n'
        f'msgid "one file"\nmsgid_plural "%d files"\n{forms}',
        encoding="utf-8",
    )
    done = subprocess.run(["msgfmt", "--check", "-o", str(folder / f"{key}.mo"), str(po)],
                          capture_output=True, text=True, check=False)
    return key, done.stderr if done.returncode else ""


@needs_gettext
def test_msgfmt_accepts_every_value_in_the_table(tmp_path: Path):
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = dict(pool.map(lambda kv: _check_with_msgfmt(tmp_path, *kv), PLURAL_FORMS.items()))
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize("key, value", sorted(PLURAL_FORMS.items()))
def test_every_value_uses_each_of_its_forms_and_no_other(key: str, value: str):
    count = nplurals(value)
    expression = value.split("plural=", 1)[1].rstrip(";")
    choose = gettext.c2py(expression)  # the standard library's own C plural parser
    assert {choose(n) for n in _SAMPLES} == set(range(count or 0)), key


# CLDR rules as CLDR writes them, and the forms they give integers (category order:
# zero, one, two, few, many, other; categories no integer reaches drop out).
@pytest.mark.parametrize(
    "rules, expected",
    [
        (  # Russian: "other" is only for fractions, so three forms
            {"one": "v = 0 and i % 10 = 1 and i % 100 != 11",
             "few": "v = 0 and i % 10 = 2..4 and i % 100 != 12..14",
             "many": "v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14"},
            {1: 0, 21: 0, 2: 1, 24: 1, 5: 2, 11: 2, 12: 2, 111: 2, 0: 2, 3: 1},
        ),
        (  # Arabic: six forms
            {"zero": "n = 0", "one": "n = 1", "two": "n = 2", "few": "n % 100 = 3..10", "many": "n % 100 = 11..99"},
            {0: 0, 1: 1, 2: 2, 3: 3, 110: 3, 11: 4, 99: 4, 100: 5, 102: 5},
        ),
        (  # Indonesian: one form
            {}, {0: 0, 1: 0, 7: 0},
        ),
        (  # Scottish Gaelic: lists of values and ranges
            {"one": "n = 1,11", "two": "n = 2,12", "few": "n = 3..10,13..19"},
            {1: 0, 11: 0, 2: 1, 12: 1, 3: 2, 19: 2, 20: 3, 0: 3},
        ),
        (  # Catalan in CLDR 42+: a compact-exponent "many" that integers reach at a million
            {"one": "i = 1 and v = 0", "many": "e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5"},
            {1: 0, 1_000_000: 1, 2: 2, 0: 2},
        ),
        (  # Babel's spelling of the same syntax
            {"one": "v in 0 and i mod 10 in 1 and i mod 100 not in 11"},
            {1: 0, 11: 1, 21: 0, 2: 1},
        ),
    ],
)
def test_cldr_rules_are_rendered_for_integers(rules: dict[str, str], expected: dict[int, int]):
    value = render_cldr_rules(rules)
    choose = gettext.c2py(value.split("plural=", 1)[1].rstrip(";"))
    assert {n: choose(n) for n in expected} == expected
    assert nplurals(value) == max(expected.values()) + 1


def test_the_table_wins_over_babel_and_the_most_specific_entry_first():
    def no_cldr() -> dict[str, str]:
        raise AssertionError("the table has this locale: Babel is not asked")

    assert plural_forms("pt_BR", no_cldr) == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt_PT", no_cldr) == "nplurals=2; plural=(n != 1);"
    assert plural_forms("zh_Hant_TW", no_cldr) == "nplurals=1; plural=0;"
    assert plural_forms("xx_YY", lambda: {"one": "n = 1"}) == "nplurals=2; plural=(n==1 ? 0 : 1);"


@pytest.mark.parametrize("value, count", [("nplurals=3; plural=0;", 3), (" nplurals = 2 ;plural=n>1;", 2),
                                           ("plural=0;", None), ("", None), (None, None)])
def test_nplurals_reads_the_count(value: str | None, count: int | None):
    assert nplurals(value) == count
