"""Text for people: terminal columns (wide and combining characters, no control
characters), Markdown table cells, JSON with one list item a line. Shared by every
report's renderer."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

import click

# --- the terminal table -------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Text safe to print: control characters (escape sequences in a name) become '?'."""
    return "".join("?" if unicodedata.category(c) == "Cc" else c for c in text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` padded or cut (with '…') to ``width`` terminal columns."""
    if text.isascii() and text.isprintable():  # the common case, quickly
        if len(text) <= width:
            return text.rjust(width) if right else text.ljust(width)
    else:
        text = _printable(text)
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    pad = " " * (width - display_width(text))
    return pad + text if right else text + pad


def num(value: int, width: int) -> str:
    """A number right-aligned in ``width`` columns; a figure is never cut, only the line grows."""
    return str(value).rjust(width)


class TerminalStyle:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color else text

    def percent(self, text: str, value: float) -> str:
        colour = "green" if value >= 100 else "yellow" if value > 0 else "red"
        return self(text, fg=colour)


# The columns of a row: (title, width, right-aligned); with the people and the due date,


# Markdown: every ASCII punctuation mark may be backslash-escaped in CommonMark; these
# are the ones that would start markup, a link, an HTML tag or end a table cell.
_MD_SPECIAL = set("\\`*_[]<>|~&#!")


def md(text: str) -> str:
    """Plain text for a Markdown table cell."""
    text = " ".join(_printable(text).split())
    return "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in text)


def json_lines(data: Mapping[str, Any]) -> str:
    """An object with each item of its lists on a line of its own."""
    items = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            inner = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            items.append(f"  {json.dumps(key)}: [\n{inner}\n  ]")
        else:
            items.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(items) + "\n}\n"
