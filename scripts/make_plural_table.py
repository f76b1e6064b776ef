"""Write src/transflow/util/plural_table.py: the Plural-Forms value for every Babel locale.

gettext's value (what ``msginit`` writes, from gettext-tools' plural table) where it
has the locale, else CLDR's rules from the installed Babel rendered for integers.
Run it when a new gettext or CLDR is worth adopting, then review the diff:
``python scripts/make_plural_table.py``. Needs gettext's msginit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel import Locale
from babel.localedata import locale_identifiers

from transflow.util.plurals import render_cldr_rules

TABLE = Path(__file__).resolve().parents[1] / "src" / "transflow" / "util" / "plural_table.py"
_HEADER = re.compile(r'"Plural-Forms: (.*)\\n"')


def msginit_value(identifier: str, template: Path) -> str | None:
    out = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-i", str(template), "-l", identifier, "-o", "-"],
        capture_output=True, text=True, check=False,
    ).stdout
    match = _HEADER.search(out)
    return match.group(1) if match else None


def main() -> int:
    if shutil.which("msginit") is None:
        print("needs gettext's msginit (apt-get install gettext)", file=sys.stderr)
        return 1
    identifiers = sorted(set(locale_identifiers()) | {i.split("_")[0] for i in locale_identifiers()})
    values: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "t.pot"
        template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
        for identifier in identifiers:
            values[identifier] = msginit_value(identifier, template) or render_cldr_rules(
                Locale.parse(identifier).plural_form.rules
            )
    # Keep a locale's own entry only where it differs from its parent's (pt_BR from pt).
    table: dict[str, str] = {}
    for identifier in identifiers:
        parts = identifier.split("_")
        inherited = next((values[p] for p in ("_".join(parts[:end]) for end in range(len(parts) - 1, 0, -1))
                          if p in values), None)
        if values[identifier] != inherited:
            table[identifier] = values[identifier]
    lines = [
        '"""Plural-Forms per locale; written by scripts/make_plural_table.py, do not edit by hand.',
        "",
        "gettext-tools' plural table where msginit knows the locale, CLDR's rules for integers otherwise.",
        '"""',
        "",
        "PLURAL_FORMS: dict[str, str] = {",
        *(f"    {key!r}: {value!r}," for key, value in sorted(table.items())),
        "}",
        "",
    ]
    TABLE.write_text("\n".join(lines), encoding="utf-8")
    print(f"{TABLE}: {len(table)} entries for {len(identifiers)} locales")
    return 0


if __name__ == "__main__":
    sys.exit(main())
