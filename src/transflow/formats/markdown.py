"""The one Markdown set-up (segmentation and built pages must see the same structure),
and the paragraph rule of plain-text articles."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

#: A blank line between paragraphs of a plain-text article. "\r(?!\n)": a CRLF is one
#: line break, never a CR and an LF (that would be a blank line).
PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:(?:\r\n|\r(?!\n)|\n)[ \t]*)+")


@lru_cache(maxsize=2)
def markdown_parser(footnotes_at_end: bool) -> MarkdownIt:
    """CommonMark with tables, footnotes and front matter.

    ``footnotes_at_end``: footnote definitions move to a list at the end, as readers of
    a web page expect; segmentation keeps them where they stand (and keeps unreferenced
    ones), so that each is a unit in its place.
    """
    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)
    if not footnotes_at_end:
        parser.disable("footnote_tail")
    return parser
