"""The current time, overridable for reproducible output.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes every timestamp
transflow writes, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def po_date(moment: dt.datetime) -> str:
    """The date format of PO headers: 2026-11-25 17:38+0000."""
    return moment.strftime("%Y-%m-%d %H:%M%z")


def iso(moment: dt.datetime) -> str:
    """The timestamp format of attributions: 2026-11-25T17:38:00Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> dt.date:
    return now().date()


def from_po_date(text: str) -> dt.datetime | None:
    """A PO header date (``2026-11-25 17:38+0000``, as gettext tools and PO editors write
    it), or None for anything else (``YEAR-MO-DA HO:MI+ZONE`` in a new file)."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None
