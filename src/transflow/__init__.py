"""transflow: a translation-management workflow for articles."""

from __future__ import annotations

__version__ = "0.1.0"
