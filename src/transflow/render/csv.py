"""CSV reports that are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A text cell starting with one of these is a formula to Excel, LibreOffice and Google
# Sheets (=HYPERLINK(…), @SUM(…), +cmd|…); a leading apostrophe makes it text, as
# OWASP's advice for CSV exports says. Numbers we write ourselves stay numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The CSV document of ``rows`` under ``header``, every text cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()
