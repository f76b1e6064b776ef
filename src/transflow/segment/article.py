"""Split a source article into translation units, losslessly.

A unit is a span of the source text. Everything between units (Markdown markers,
indentation, code blocks, HTML, blank lines, front-matter keys) is skeleton that is
never translated. Putting the units back unchanged reproduces the source byte for
byte; putting translations in their place gives the localized article.

A unit's ``text`` (the PO msgid) is its span with soft line breaks and the container
markers after them (``> ``, list indentation) folded into one space, so rewrapping a
paragraph in the source does not make its translation stale. A hard line break stays
in the text as Markdown (``"  \n"`` or ``"\\\n"``): it is part of the sentence, and the
translator keeps it where the translation needs it.

Hugo shortcodes (``{{< tweet … >}}``, ``{{% notice %}}``) and table cells holding only a
number (``6,500``, ``54%``) are skeleton, not units; both can be turned off.

Every word a reader sees is a unit, raw HTML included. In an HTML block (``<figure>``,
``<aside>``, ``<div>`` … written among the Markdown), the text of each block-level element
(``p``, ``figcaption``, ``li``, ``h1``-``h6``, ``td``, ``summary`` …) is a unit, split into
sentences like a paragraph, with the inline tags inside that text (``<em>``, ``<a href>``,
``<br>``, ``<code>``) kept in it verbatim, entities (``&amp;``) as written. Tags, attributes
and whitespace around that text are skeleton. The content of ``<script>``, ``<style>``,
``<pre>``, ``<textarea>``, ``<template>``, ``<svg>`` and ``<math>``, comments, and text
that is only punctuation or only a figure (as a number-only table cell, unless those are
units) are never units. A translation of such text goes in as HTML: on one line, so that
no blank line ends the HTML block, with no Markdown escaping.

Attribute values a reader meets (``alt``, ``title``, ``aria-label``, ``placeholder``)
follow one rule: a tag inside a unit keeps its attributes inside that unit, to be
translated there (as the ``alt`` and title of a Markdown image ``![alt](src "title")`` or
of an inline ``<img>`` in a paragraph are); a tag outside every unit (a standalone
``<img>`` line, the ``<figure>`` or ``<a>`` around a caption, a ``<div title=…>``) gives
each such value a unit of its own (kind ``alt text`` or ``attribute``), whose translation
is written back escaped for its quotes.

Front-matter values are units for the keys workflow.yaml's ``translate_front_matter``
lists (``title`` and ``summary`` by default; ``image.caption`` is the ``caption`` key of
the ``image`` mapping, block or flow style): a string value, or each string of a list.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.token import Token

from transflow.formats.markdown import PARAGRAPH_BREAK, markdown_parser
from transflow.formats.yamlfile import compose_bounded, load_scalar, yaml_double_quoted
from transflow.segment.sentences import split_sentences

#: Bumped whenever a change here can give different units for the same source, so that
#: ``update`` knows stored templates were made by another segmenter.
SEGMENTER_VERSION = "4"
# 2: CRLF in .txt is one line break; front-matter "No"/"null" titles are units
# 3: hard breaks stay inside their sentence; lower-case sentence starts, "pct." and
#    month abbreviations before a capital; shortcodes and number-only cells are skeleton
# 4: text and alt/title attributes in HTML blocks are units; front-matter keys other than
#    title and summary when workflow.yaml's translate_front_matter lists them

#: The front-matter keys whose values are units unless workflow.yaml says otherwise
#: (``translate_front_matter``; the same default is in formats/workflow.py).
FRONT_MATTER_KEYS = ("title", "summary")


class BlockKind(str, enum.Enum):
    TITLE = "title"
    SUMMARY = "summary"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    BLOCK_QUOTE = "block quote"
    TABLE_CELL = "table cell"
    FOOTNOTE = "footnote"
    CAPTION = "caption"  # an HTML <figcaption> or <caption>
    ALT_TEXT = "alt text"  # an HTML alt attribute outside every other unit
    ATTRIBUTE = "attribute"  # an HTML title, aria-label or placeholder attribute, likewise
    METADATA = "metadata"  # a front-matter value other than the title and summary

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit: a span ``source[start:end]`` of the article."""

    text: str
    block: int
    kind: BlockKind
    line: int
    start: int
    end: int
    yaml_scalar: bool = False
    #: Text of an HTML block, or an HTML attribute value: the translation goes in as HTML.
    html: bool = False
    #: An HTML attribute value (``alt="…"``), without its quotes.
    attribute: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "block": self.block,
            "kind": self.kind.value,
            "line": self.line,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class FrontMatterSpan:
    """Where the YAML front matter is in the source: after its opening line, at its
    closing line, and after the closing line."""

    inner_start: int
    inner_end: int
    end: int


@dataclass(frozen=True)
class SegmentedArticle:
    source: str
    units: tuple[Unit, ...]
    markdown: bool = True  # plain text takes translations as written: no Markdown escaping
    front_matter: FrontMatterSpan | None = None

    def skeleton(self) -> Iterator[tuple[str, Unit | None]]:
        """Yield ``(text, unit)`` pieces in order; skeleton pieces have ``unit=None``."""
        pos = 0
        for unit in self.units:
            if unit.start > pos:
                yield self.source[pos : unit.start], None
            yield self.source[unit.start : unit.end], unit
            pos = unit.end
        if pos < len(self.source):
            yield self.source[pos:], None

    def render(self, translate: Callable[[Unit], str | None]) -> str:
        """Reassemble the article, replacing each unit by ``translate(unit)``.

        ``None``, an empty translation or one equal to the unit's text keeps the source
        bytes exactly, so an untranslated article comes back unchanged.
        """
        out: list[str] = []
        for piece, unit in self.skeleton():
            if unit is None:
                out.append(piece)
                continue
            translation = translate(unit)
            # An empty translation is no translation (as an empty msgstr is in gettext):
            # putting nothing there would merge or drop blocks.
            if translation is None or not translation.strip() or translation == unit.text:
                out.append(piece)
            else:
                if unit.attribute:
                    translation = encode_attribute(translation, _attribute_quote(self.source, unit.start))
                elif self.markdown:
                    translation = encode_translation(
                        unit, translation, _at_line_start(self.source, unit.start), _continuation(self.source, unit)
                    )
                out.append(translation)
        return "".join(out)


# What may stand before a unit on its line and still leave it at the start of a block:
# indentation, quote markers, list markers, and a footnote definition's label (the text
# after "[^1]:" is parsed as blocks too).
_BLOCK_PREFIX = re.compile(r"[ \t>]*(?:(?:(?:[-+*]|\d{1,9}[.)])[ \t]+|\[\^[^\]\s]+\]:[ \t]*)[ \t>]*)*")


def _line_start_of(source: str, offset: int) -> int:
    line_start = max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset)) + 1
    if line_start == 0 and source.startswith("\ufeff"):
        line_start = 1  # a byte-order mark is not text: the parser never sees it
    return line_start


def _at_line_start(source: str, offset: int) -> bool:
    """True when only container markers (quote, list bullet) precede offset on its line."""
    return _BLOCK_PREFIX.fullmatch(source, _line_start_of(source, offset), offset) is not None


_BREAK_AND_MARKERS = re.compile(r"(?:\r\n|\r|\n)[ \t>]*")


def _continuation(source: str, unit: Unit) -> str | None:
    """What follows a hard line break in a translation of ``unit``: a line break and the
    container markers that keep the next line in the same block; None where a line
    break would end the block (table cells, one-line headings, front-matter values)."""
    if unit.yaml_scalar or unit.kind is BlockKind.TABLE_CELL:
        return None
    inside = _BREAK_AND_MARKERS.search(source, unit.start, unit.end)
    if inside is not None:
        return inside.group()  # the unit spans lines already: continue them the same way
    if unit.kind is BlockKind.HEADING:
        return None
    line_start = _line_start_of(source, unit.start)
    prefix = _BLOCK_PREFIX.match(source, line_start)
    markers = prefix.group() if prefix else ""
    # A list bullet or a footnote label opens the block; the lines after it are
    # indented by as much ("- " -> "  "), quote markers are repeated.
    markers = re.sub(r"[^ \t>]", " ", markers)
    newline = _LINE_BREAK.search(source)
    return (newline.group() if newline else "\n") + markers


_HTML_BLOCK_NAMES = "|".join(sorted(block_names, key=len, reverse=True))

# Text that CommonMark (with footnotes) reads as the start of a block when it opens a
# line. An ordered-list number gets its delimiter escaped ("2025\. yılında"); anything
# else gets a backslash before its first character.
_LINE_START_MARKUP = re.compile(
    r"""^(?:
        (?P<number>\d{1,9})[.)](?=\s|$)                          # ordered list item
      | [-+*](?=\s|$)                                            # bullet list item
      | \#{1,6}(?=\s|$)                                          # ATX heading
      | >                                                        # block quote
      | (?:=+|-+)[ \t]*$                                         # setext underline
      | (?P<rule>[-*_])(?:[ \t]*(?P=rule)){2,}[ \t]*$            # thematic break
      | `{3,} | ~{3,}                                            # code fence
      | \[[^\]]*\]:                                              # footnote or link definition
      | <(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)   # HTML blocks 1-5
      | </?(?:"""
    + _HTML_BLOCK_NAMES
    + r""")(?=[ \t>]|/>|$)                                          # HTML block 6
      | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$           # HTML block 7: a lone tag
    )""",
    re.VERBOSE | re.IGNORECASE,
)


def encode_translation(unit: Unit, translation: str, at_line_start: bool, continuation: str | None = None) -> str:
    """Make a translation safe to put where the unit stood.

    A translation is inline Markdown: a soft line break in it becomes a space. A hard
    break (two spaces or a backslash before the line break) is kept when
    ``continuation`` says how the next line continues the block (see
    :func:`_continuation`); elsewhere it would end a heading or table row and becomes
    a space too. At the start of a line, text that Markdown would read as a block
    marker ("2025. yılında" is an ordered list, four spaces a code block, "<div" an
    HTML block) is escaped. A front-matter value becomes a double-quoted YAML scalar.
    """
    if unit.yaml_scalar:
        return yaml_double_quoted(translation)
    if unit.html:
        # Raw HTML: no Markdown there to escape, and one line, so that no blank line
        # ends the HTML block.
        return _translation_lines(translation, False)[0]
    lines = _translation_lines(translation, continuation is not None)
    for i, line in enumerate(lines):
        if unit.kind is BlockKind.TABLE_CELL:
            line = re.sub(r"(?<!\\)\|", r"\\|", line)
        if i or at_line_start:
            line = _escape_line_start(line.lstrip(" \t"))
        lines[i] = line
    return (continuation or "").join(lines)


def _attribute_quote(source: str, start: int) -> str:
    """The quote around the attribute value at ``start`` (``"`` or ``'``), or "" for an unquoted one."""
    before = source[:start].rstrip(" \t\r\n")[-1:]
    return before if before in ('"', "'") else ""


def encode_attribute(translation: str, quote: str) -> str:
    """A translation of an attribute value as it goes between its quotes: on one line,
    its own quotes written as character references; an unquoted value gets quotes."""
    text = _translation_lines(translation, False)[0]
    if quote == "'":
        return text.replace("'", "&#39;")
    text = text.replace('"', "&quot;")
    return text if quote else f'"{text}"'


def _translation_lines(translation: str, hard_breaks: bool) -> list[str]:
    """The lines of a translation: split at hard breaks (when kept), joined by a space elsewhere."""
    pieces = _LINE_BREAK.split(translation.strip("\r\n"))
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if not piece.strip():
            continue  # a blank line would end the paragraph
        current = lines[-1]
        hard = current.strip() and _HARD_BREAK.search(current)
        if hard and hard_breaks:
            lines[-1] = current if current.endswith("\\") else current.rstrip(" \t") + "  "
            lines.append(piece)
        else:
            if hard and current.endswith("\\"):
                current = current[:-1]  # the break marker, not text
            lines[-1] = current.rstrip() + " " + piece.lstrip()
    return lines


def _escape_line_start(text: str) -> str:
    match = _LINE_START_MARKUP.match(text)
    if not match:
        return text
    if match.group("number"):
        return f"{match.group('number')}\\{text[len(match.group('number')):]}"
    return "\\" + text


# --- Markdown --------------------------------------------------------------------------

def _markdown() -> MarkdownIt:
    return markdown_parser(footnotes_at_end=False)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BARE_URL = re.compile(r"^<?(?:https?://|ftp://|www\.)\S+>?$")
# Two spaces, or an odd run of backslashes ("\\\\" is an escaped backslash), before a line break.
_HARD_BREAK = re.compile(r"(?: {2,}|(?<!\\)(?:\\\\)*\\)$")


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts, with the same line breaks markdown-it uses."""
    starts = [0]
    for match in _LINE_BREAK.finditer(text):
        starts.append(match.end())
    return starts


@dataclass(slots=True)
class _Run:
    """Inline text of a block with soft breaks folded, and where each piece came from."""

    text: str
    norm_starts: list[int]
    src_starts: list[int]
    lengths: list[int]

    def to_source(self, offset: int, end: bool = False) -> int:
        i = bisect.bisect_right(self.norm_starts, offset) - 1
        if end and i > 0 and offset == self.norm_starts[i]:
            i -= 1  # an end offset at a piece boundary belongs to the piece before
        return self.src_starts[i] + min(offset - self.norm_starts[i], self.lengths[i])

    def from_source(self, offset: int) -> int:
        """The text offset of a source offset; one between two pieces goes to the next."""
        i = bisect.bisect_right(self.src_starts, offset) - 1
        if i < 0:
            return 0
        if offset <= self.src_starts[i] + self.lengths[i]:
            return self.norm_starts[i] + offset - self.src_starts[i]
        return self.norm_starts[i + 1] if i + 1 < len(self.norm_starts) else len(self.text)


def _run(pieces: Sequence[tuple[int, str]], hard_breaks: bool = True) -> _Run:
    """Fold (source offset, line content) pieces into one run of inline text.

    A soft break becomes one space. A hard break stays a line break, after two spaces
    or the backslash it was written with, so that it is part of its sentence.
    """
    run = _Run("", [], [], [])
    joint = " "
    for index, (src, content) in enumerate(pieces):
        last = index == len(pieces) - 1
        hard = hard_breaks and not last and _HARD_BREAK.search(content) is not None
        if not last and not (hard and content.endswith("\\")):
            content = content.rstrip(" \t")
        lead = len(content) - len(content.lstrip(" \t"))
        src += lead
        content = content[lead:]
        if content:
            if run.text:
                run.text += joint
            run.norm_starts.append(len(run.text))
            run.src_starts.append(src)
            run.lengths.append(len(content))
            run.text += content
            joint = " "
        if hard and run.text:
            joint = "\n" if content.endswith("\\") else "  \n"
    return run


def _locate_lines(source: str, line_starts: list[int], first_line: int, content: str) -> list[tuple[int, str]]:
    """Find each line of a block's inline content in the source lines it came from."""
    pieces = []
    for i, line_content in enumerate(content.split("\n")):
        number = first_line + i
        begin = line_starts[number]
        stop = line_starts[number + 1] if number + 1 < len(line_starts) else len(source)
        line = source[begin:stop].rstrip("\r\n")
        found = line.rfind(line_content) if line_content else -1
        if found < 0:
            # markdown-it changed the text (a tab expanded in an indent): the source
            # line without its container markers is the content.
            stripped = line.lstrip(" \t>")
            found = len(line) - len(stripped)
            line_content = stripped.rstrip(" \t") if i == content.count("\n") else stripped
        pieces.append((begin + found, line_content))
    return pieces


def _table_cells(source: str, line_starts: list[int], line: int, cells: list[str]) -> list[tuple[int, str]]:
    begin = line_starts[line]
    stop = line_starts[line + 1] if line + 1 < len(line_starts) else len(source)
    row = source[begin:stop]
    found = []
    pos = 0
    for cell in cells:
        at = row.find(cell, pos) if cell else -1
        if at < 0 and "|" in cell:
            cell = cell.replace("|", "\\|")  # markdown-it unescapes pipes in cells
            at = row.find(cell, pos)
        if at < 0:
            continue
        found.append((begin + at, cell))
        pos = at + len(cell)
    return found


def _block_kind(stack: list[str]) -> BlockKind:
    for container in reversed(stack):
        if container == "footnote_reference_open":
            return BlockKind.FOOTNOTE
        if container == "list_item_open":
            return BlockKind.LIST_ITEM
        if container == "blockquote_open":
            return BlockKind.BLOCK_QUOTE
    return BlockKind.PARAGRAPH


class _Builder:
    def __init__(
        self, source: str, language: str, sentences: bool, skeleton: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.source = source
        self.language = language
        self.sentences = sentences
        self.line_starts = _line_starts(source)
        self.units: list[Unit] = []
        self.block = 0
        # Source ranges that are never translated even inside a block (shortcodes),
        # merged so that they are disjoint and can be searched by their starts.
        self.skeleton: list[tuple[int, int]] = []
        for start, end in sorted(skeleton):
            if self.skeleton and start <= self.skeleton[-1][1]:
                self.skeleton[-1] = (self.skeleton[-1][0], max(end, self.skeleton[-1][1]))
            else:
                self.skeleton.append((start, end))
        self._skeleton_starts = [start for start, _ in self.skeleton]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def skeleton_in(self, run: _Run) -> list[tuple[int, int]]:
        """The skeleton ranges that overlap a run, as offsets in its text."""
        if not self.skeleton or not run.text:
            return []
        first = run.src_starts[0]
        last = run.src_starts[-1] + run.lengths[-1]
        ranges = []
        for start, end in self.skeleton[max(0, bisect.bisect_right(self._skeleton_starts, first) - 1) :]:
            if start >= last:
                break
            if end > first:
                ranges.append((run.from_source(start), run.from_source(end)))
        return [(a, b) for a, b in ranges if a < b]

    def add_run(self, run: _Run, kind: BlockKind, split: bool) -> bool:
        units = self.run_units(run, kind, split)
        self.units += units
        return bool(units)

    def run_units(self, run: _Run, kind: BlockKind, split: bool, html_text: bool = False,
                  skip_numbers: bool = False) -> list[Unit]:
        """The units of a run, numbered as the current block (not added yet).

        ``html_text``: the run is text of an HTML block, translatable only for the text a
        reader sees in it (``skip_numbers``: not when that is only a figure)."""
        text = run.text
        # A backslash hard break is whitespace to the sentence splitter, so that a
        # sentence may end before it ("One.\\\nTwo." is two sentences).
        plain = text.replace("\\\n", " \n")
        if split and self.sentences:
            spans = split_sentences(plain, self.language)
        else:
            stripped = plain.strip()
            if not stripped:
                return []
            lead = len(plain) - len(plain.lstrip())
            spans = [(lead, lead + len(stripped))]
        skeleton = self.skeleton_in(run)
        units = []
        for start, end in spans:
            if skeleton:
                start, end = _trim_skeleton(plain, start, end, skeleton)
            if start >= end:
                continue
            unit_text = text[start:end]
            if not (_visible_text_translatable(unit_text, skip_numbers) if html_text else _is_translatable(unit_text)):
                continue
            src_start = run.to_source(start)
            src_end = run.to_source(end, end=True)
            units.append(
                Unit(unit_text, self.block, kind, self.line_of(src_start), src_start, src_end, html=html_text)
            )
        return units

    def add_block(
        self, pieces: Sequence[tuple[int, str]], kind: BlockKind, split: bool, hard_breaks: bool = True
    ) -> None:
        run = _run(pieces, hard_breaks)
        if kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCK_QUOTE):
            if _BARE_URL.match(run.text.strip()):
                return  # a bare URL line is a link, not prose
        if self.add_run(run, kind, split):
            self.block += 1


def _trim_skeleton(text: str, start: int, end: int, skeleton: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Move a unit's ends off the skeleton ranges (and the whitespace beside them) that
    open or close it; a shortcode inside a sentence stays in it, like inline HTML."""
    moved = True
    while moved and start < end:
        moved = False
        for a, b in skeleton:
            if a <= start < b:
                start, moved = b, True
            if a < end <= b:
                end, moved = a, True
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


# Hugo shortcodes: {{< name params >}}, {{% name %}}, closing {{< /name >}}, self-closing
# {{< name />}} and commented-out {{</* name */>}}. Parameters may be quoted strings or
# span lines, but not a blank line, so a stray "{{<" cannot swallow the article.
_SHORTCODE = re.compile(
    r"""\{\{(?:(?P<angle><)|%)[ \t]*(?:/\*)?[ \t]*(?P<close>/)?[ \t]*(?P<name>[\w.-]*)
        (?:[^"`\r\n] | "(?:[^"\\\r\n]|\\.)*" | `[^`\r\n]*` | (?:\r\n|\r|\n)(?![ \t]*(?:\r\n|\r|\n|$)))*?
        (?(angle)>|%)\}\}""",
    re.VERBOSE,
)
# Paired shortcodes whose inner text is code or markup, not prose: it stays skeleton too.
CODE_SHORTCODES = frozenset({"highlight", "code", "mermaid", "katex", "math", "chart", "raw", "rawhtml", "html", "svg"})


def _shortcode_ranges(source: str) -> list[tuple[int, int]]:
    """Source ranges of every shortcode tag, and of whole code-like pairs."""
    if "{{" not in source:
        return []
    tags = list(_SHORTCODE.finditer(source))
    ranges = [(m.start(), m.end()) for m in tags]
    for i, tag in enumerate(tags):
        name = tag.group("name")
        if tag.group("close") or name not in CODE_SHORTCODES or tag.group().rstrip("%>}").endswith("/"):
            continue
        for later in tags[i + 1 :]:
            if later.group("close") and later.group("name") == name:
                ranges.append((tag.start(), later.end()))
                break
    return ranges


# A table cell that is only a figure: "6,500", "54%", "$1.2bn", "-3.4 pp", "(12)",
# "2024-25". Emphasis around it ("**54%**") does not make it prose. "m" and "k" count
# only written close ("5m"): "5 m" and "5 km" are measures that some languages write
# otherwise.
_NUMBER = r"""[(]?[+\-−±~≈<>≤≥]?[ ]?(?:[$€£¥₹₺₽₩]|[A-Z]{1,2}\$)?[ ]?\d[\d.,:'\u00a0\u202f]*
    (?:(?:[ ]?(?:[%‰]|pp|bps?|bn|mn|tn)|m|k|x|×)(?![^\W\d_]))?[)]?"""
_NUMBER_CELL = re.compile(rf"""[*_~]*(?:{_NUMBER})(?:[ ]?[-–—/][ ]?(?:{_NUMBER}))*[*_~]*""", re.VERBOSE)


def is_number_only(cell: str) -> bool:
    """Whether a table cell holds only a figure, which stays as written in every language."""
    return _NUMBER_CELL.fullmatch(cell.strip()) is not None


def _is_translatable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- HTML blocks -------------------------------------------------------------------------

#: Elements whose content is code or markup, never prose: nothing inside them is a unit.
_HTML_SKIPPED = frozenset({"script", "style", "pre", "textarea", "template", "svg", "math"})
#: Elements of running text: they stay inside the unit of the text around them. Any
#: other element (p, div, figcaption, li, td ..., and unknown ones) bounds the text.
_HTML_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})
_HTML_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})
_HTML_KINDS = {
    **{f"h{level}": BlockKind.HEADING for level in range(1, 7)},
    "li": BlockKind.LIST_ITEM,
    "blockquote": BlockKind.BLOCK_QUOTE,
    "td": BlockKind.TABLE_CELL,
    "th": BlockKind.TABLE_CELL,
    "figcaption": BlockKind.CAPTION,
    "caption": BlockKind.CAPTION,
}
#: The attributes whose values a reader meets (the ``html`` check lets exactly these differ).
_HTML_ATTRIBUTE_KINDS = {
    "alt": BlockKind.ALT_TEXT,
    "title": BlockKind.ATTRIBUTE,
    "aria-label": BlockKind.ATTRIBUTE,
    "placeholder": BlockKind.ATTRIBUTE,
}
# A start tag's name, then each attribute with its value: double-, single- or unquoted.
_TAG_NAME = re.compile(r"<[^\s/>]+")
_TAG_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>][^\s>]*)))?""")
# What a reader does not see of a unit's text: tags, comments, and code with its content.
_NOT_VISIBLE = re.compile(r"<code\b[^>]*>.*?</code\s*>|<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL | re.IGNORECASE)
# HTML blocks that are a processing instruction, a declaration or CDATA: no prose there.
_HTML_NOT_PROSE = re.compile(r"\s*<(?:\?|!\[CDATA\[|![A-Za-z])")


def _visible_text_translatable(text: str, skip_numbers: bool) -> bool:
    """Whether the text a reader sees of an HTML unit (no tags, code or comments; entities
    read) has something to translate: not only punctuation, nor (``skip_numbers``) a figure."""
    visible = html.unescape(_NOT_VISIBLE.sub(" ", text))
    return _is_translatable(visible) and not (skip_numbers and is_number_only(visible))


@dataclass(slots=True)
class _HtmlEvent:
    kind: str  # start, startend, end, data, comment, other
    tag: str
    start: int
    raw: str  # a start tag's text
    end: int = 0  # where the next event starts


class _HtmlScanner(HTMLParser):
    """Where each tag, text and comment of an HTML fragment starts. Only the positions
    and kinds are used: the fragment's bytes are never rebuilt from what the parser
    decodes, so entities and odd markup stay exactly as written."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.events: list[_HtmlEvent] = []
        self.feed(text)
        self.close()
        for event, following in zip(self.events, self.events[1:]):
            event.end = following.start
        if self.events:
            self.events[-1].end = len(text)

    def _add(self, kind: str, tag: str = "", raw: str = "") -> None:
        line, column = self.getpos()
        self.events.append(_HtmlEvent(kind, tag, self._line_starts[line - 1] + column, raw))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag, self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("startend", tag, self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def _html_attributes(event: _HtmlEvent) -> Iterator[tuple[int, int, BlockKind]]:
    """The spans (in the fragment) of a start tag's alt, title ... values, trimmed."""
    name = _TAG_NAME.match(event.raw)
    for match in _TAG_ATTRIBUTE.finditer(event.raw, name.end() if name else 0):
        kind = _HTML_ATTRIBUTE_KINDS.get(match.group(1).lower())
        group = next((g for g in (2, 3, 4) if match.group(g) is not None), None)
        if kind is None or group is None:
            continue
        value = match.group(group)
        start = match.start(group) + len(value) - len(value.lstrip())
        end = match.start(group) + len(value.rstrip())
        if start < end:
            yield event.start + start, event.start + end, kind


def _text_span(items: list[_HtmlEvent], text: str) -> tuple[int, int] | None:
    """Where the text of one run of inline content is: whitespace at its ends left out,
    and tags there unless they pair with one inside (``<em>Photo</em> by``: kept)."""
    partner: dict[int, int] = {}
    open_tags: list[tuple[str, int]] = []
    for i, item in enumerate(items):
        if item.kind == "start" and item.tag not in _HTML_VOID:
            open_tags.append((item.tag, i))
        elif item.kind == "end":
            for k in range(len(open_tags) - 1, -1, -1):
                if open_tags[k][0] == item.tag:
                    partner[i], partner[open_tags[k][1]] = open_tags[k][1], i
                    del open_tags[k:]
                    break

    def blank(item: _HtmlEvent) -> bool:
        return item.kind == "data" and not text[item.start : item.end].strip()

    lo, hi = 0, len(items)
    while lo < hi:
        first, last = items[lo], items[hi - 1]
        if blank(first) or first.kind in ("comment", "end", "startend") or (
            first.kind == "start" and not lo < partner.get(lo, -1) < hi
        ):
            lo += 1
        elif blank(last) or last.kind in ("comment", "start", "startend") or (
            last.kind == "end" and not lo <= partner.get(hi - 1, -1) < hi - 1
        ):
            hi -= 1
        else:
            break
    if lo >= hi:
        return None
    start, end = items[lo].start, items[hi - 1].end
    if items[lo].kind == "data":
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
    if items[hi - 1].kind == "data":
        end = start + len(text[start:end].rstrip())
    return (start, end) if start < end else None


def _html_block(builder: _Builder, pieces: list[tuple[int, str]], context: BlockKind, skip_numbers: bool) -> None:
    """The units of one HTML block, from its lines as (source offset, content) pieces:
    the text of each block-level element, then alt and title values outside that text."""
    text = "\n".join(content for _, content in pieces)
    if _HTML_NOT_PROSE.match(text):
        return
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def source_pieces(start: int, end: int) -> list[tuple[int, str]]:
        found = []
        for (src, content), line_start in zip(pieces, line_starts):
            lo, hi = max(start, line_start), min(end, line_start + len(content))
            if lo < hi:
                found.append((src + lo - line_start, text[lo:hi]))
        return found

    runs: list[tuple[list[_HtmlEvent], BlockKind]] = []
    attributes: list[tuple[int, int, BlockKind]] = []
    skipped: list[str] = []  # open elements whose content is not prose
    blocks: list[str] = []  # open block-level elements
    current: list[_HtmlEvent] = []

    def flush() -> None:
        if current:
            kind = next((_HTML_KINDS[tag] for tag in reversed(blocks) if tag in _HTML_KINDS), context)
            runs.append((current.copy(), kind))
            current.clear()

    for event in _HtmlScanner(text).events:
        if skipped:
            if event.kind == "start" and event.tag in _HTML_SKIPPED:
                skipped.append(event.tag)
            elif event.kind == "end" and event.tag in skipped:
                del skipped[len(skipped) - 1 - skipped[::-1].index(event.tag) :]
            continue
        if event.kind in ("start", "startend"):
            attributes += _html_attributes(event)
        if event.kind == "start" and event.tag in _HTML_SKIPPED:
            flush()
            skipped.append(event.tag)
        elif event.kind in ("data", "comment") or (event.kind != "other" and event.tag in _HTML_INLINE):
            current.append(event)
        else:
            flush()
            if event.kind == "start" and event.tag not in _HTML_VOID:
                blocks.append(event.tag)
            elif event.kind == "end" and event.tag in blocks:
                del blocks[len(blocks) - 1 - blocks[::-1].index(event.tag) :]
    flush()

    # Units are made with a group for a block number (a run, or an attribute of its own),
    # then numbered in source order.
    units: list[Unit] = []
    spans: list[tuple[int, int, int]] = []  # where each run's units are, and its group
    for group, (items, kind) in enumerate(runs):
        span = _text_span(items, text)
        if span is None:
            continue
        made = builder.run_units(_run(source_pieces(*span), hard_breaks=False), kind, split=True,
                                 html_text=True, skip_numbers=skip_numbers)
        units += (dataclasses.replace(unit, block=group) for unit in made)
        if made:
            spans.append((made[0].start, made[-1].end, group))
    covered = [(u.start, u.end) for u in units]
    group = len(runs)
    for start, end, kind in attributes:
        value_pieces = source_pieces(start, end)
        src_start, src_end = value_pieces[0][0], value_pieces[-1][0] + len(value_pieces[-1][1])
        if any(a <= src_start and src_end <= b for a, b in covered):
            continue  # inside a unit: translated there
        if any(a < src_end and src_start < b for a, b in builder.skeleton):
            continue  # a shortcode in the value
        run = _run(value_pieces, hard_breaks=False)
        if not _visible_text_translatable(run.text, skip_numbers):
            continue
        # Between two sentences of a run (after one that was only a tag), it is of that block.
        own = next((g for a, b, g in spans if a <= src_start < b), None)
        if own is None:
            own, group = group, group + 1
        units.append(Unit(run.text, own, kind, builder.line_of(src_start), src_start, src_end, html=True, attribute=True))
    numbers: dict[int, int] = {}
    for unit in sorted(units, key=lambda u: u.start):
        number = numbers.setdefault(unit.block, builder.block + len(numbers))
        builder.units.append(dataclasses.replace(unit, block=number))
    builder.block += len(numbers)


def segment_markdown(
    source: str,
    language: str = "en",
    sentences: bool = True,
    *,
    skip_shortcodes: bool = True,
    skip_number_cells: bool = True,
    front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS,
) -> SegmentedArticle:
    builder = _Builder(source, language, sentences, _shortcode_ranges(source) if skip_shortcodes else ())
    tokens = _markdown().parse(source)
    stack: list[str] = []
    row_cells: list[str] = []
    row_line: int | None = None
    front: FrontMatterSpan | None = None
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            front = _front_matter(builder, token, front_matter_keys)
        elif token.type == "html_block" and token.map is not None:
            content = token.content[:-1] if token.content.endswith("\n") else token.content
            pieces = _locate_lines(source, builder.line_starts, token.map[0], content)
            _html_block(builder, pieces, _block_kind(stack), skip_number_cells)
        elif token.nesting == 1 and token.type in ("blockquote_open", "list_item_open", "footnote_reference_open"):
            stack.append(token.type)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close", "footnote_reference_close"):
            stack.pop()
        elif token.type == "tr_open":
            row_cells, row_line = [], token.map[0] if token.map else None
        elif token.type == "tr_close":
            if row_line is not None:
                for start, cell in _table_cells(source, builder.line_starts, row_line, row_cells):
                    if skip_number_cells and is_number_only(cell):
                        continue  # "6,500", "54%": nothing to translate
                    builder.add_block([(start, cell)], BlockKind.TABLE_CELL, split=False)
            row_cells, row_line = [], None
        elif token.type == "inline" and token.map is not None:
            parent = tokens[index - 1].type if index else ""
            if parent in ("th_open", "td_open"):
                row_cells.append(token.content)
                continue
            pieces = _locate_lines(source, builder.line_starts, token.map[0], token.content)
            if parent == "heading_open":
                builder.add_block(pieces, BlockKind.HEADING, split=False)
            else:
                builder.add_block(pieces, _block_kind(stack), split=True)
    return SegmentedArticle(source, tuple(sorted(builder.units, key=lambda u: u.start)), front_matter=front)


def _front_matter(builder: _Builder, token: Token, keys: Sequence[str] = FRONT_MATTER_KEYS) -> FrontMatterSpan:
    """Units for the values of the listed keys of the YAML front matter; where it is."""
    assert token.map is not None
    starts = builder.line_starts
    begin = starts[token.map[0] + 1]
    end_line = token.map[1] - 1
    end = starts[end_line] if end_line < len(starts) else len(builder.source)
    span = FrontMatterSpan(begin, end, starts[token.map[1]] if token.map[1] < len(starts) else len(builder.source))
    text = builder.source[begin:end]
    try:
        root = compose_bounded(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = token.map[0] + 2 + (mark.line if mark else 0)
        raise FrontMatterError(f"malformed front matter: {getattr(exc, 'problem', exc)}", line) from None
    if root is None:
        return span
    if not isinstance(root, yaml.MappingNode):
        raise FrontMatterError("front matter must be a mapping of keys to values", token.map[0] + 2)
    # By where they stand: a value listed twice, or reached again through an alias, is one unit.
    found: dict[int, tuple[yaml.ScalarNode, str]] = {}
    for key in keys:
        for node in _front_matter_values(root, key.split(".")):
            found.setdefault(node.start_mark.index, (node, key))
    for index in sorted(found):
        value_node, key = found[index]
        raw = text[value_node.start_mark.index : value_node.end_mark.index]
        # An anchor or tag before the value ("&name", "!!str") is YAML, not text.
        prefix = _NODE_PROPERTIES.match(raw)
        value_start = value_node.start_mark.index + (prefix.end() if prefix else 0)
        raw = text[value_start : value_node.end_mark.index]
        value = load_scalar(raw)
        if not isinstance(value, str) and value_node.style is None and any(ch.isalpha() for ch in value_node.value):
            value = value_node.value  # YAML 1.1 reads a plain "No", "On" or "null" as a non-string
        if not isinstance(value, str) or not _is_translatable(value):
            continue
        start = begin + value_start
        # A block scalar's node ends after its trailing line break, which is skeleton.
        stop = start + len(raw.rstrip())
        kind = {"title": BlockKind.TITLE, "summary": BlockKind.SUMMARY}.get(key, BlockKind.METADATA)
        builder.units.append(
            Unit(value.strip(), builder.block, kind, builder.line_of(start), start, stop, yaml_scalar=True)
        )
        builder.block += 1
    return span


# A YAML node's anchor and tag, in either order, before its value.
_NODE_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")


def _front_matter_values(node: yaml.Node, path: Sequence[str]) -> Iterator[yaml.ScalarNode]:
    """The scalars at a key path (``image.caption``) in mappings of block or flow style:
    the value itself, or each scalar of a list there."""
    if not path:
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.SequenceNode):
            yield from (item for item in node.value if isinstance(item, yaml.ScalarNode))
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == path[0]:
                yield from _front_matter_values(value_node, path[1:])


class FrontMatterError(ValueError):
    """Raised with a 1-based line; the project layer adds the file name."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


# --- plain text ------------------------------------------------------------------------



def segment_text(source: str, language: str = "en", sentences: bool = True) -> SegmentedArticle:
    """Plain text: paragraphs are separated by blank lines."""
    builder = _Builder(source, language, sentences)
    pos = 0
    for match in [*PARAGRAPH_BREAK.finditer(source), None]:
        stop = match.start() if match else len(source)
        block = source[pos:stop]
        pieces = []
        offset = pos
        for line in re.split(r"(\r\n|\r|\n)", block):
            if line and line not in ("\r\n", "\r", "\n"):
                pieces.append((offset, line))
            offset += len(line)
        if pieces:
            # Plain text has no hard breaks: trailing spaces and backslashes are text.
            pieces = [(src, content.rstrip(" \t")) for src, content in pieces]
            builder.add_block(pieces, BlockKind.PARAGRAPH, split=True, hard_breaks=False)
        if match:
            pos = match.end()
    return SegmentedArticle(source, tuple(builder.units), markdown=False)


def segment_article(
    source: str,
    markdown: bool = True,
    language: str = "en",
    mode: str = "sentence",
    *,
    skip_shortcodes: bool = True,
    skip_number_cells: bool = True,
    front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS,
) -> SegmentedArticle:
    """Segment one article's text; ``mode`` is ``sentence`` or ``paragraph``.

    In Markdown, Hugo shortcodes and table cells holding only a number are skeleton;
    ``skip_shortcodes=False`` and ``skip_number_cells=False`` make them units as before.
    ``front_matter_keys``: the front-matter keys whose values are units (dotted paths).
    """
    bom = "\ufeff" if source.startswith("\ufeff") else ""
    body = source[len(bom):]
    if markdown:
        article = segment_markdown(
            body, language, mode == "sentence", skip_shortcodes=skip_shortcodes, skip_number_cells=skip_number_cells,
            front_matter_keys=front_matter_keys,
        )
    else:
        article = segment_text(body, language, mode == "sentence")
    if not bom:
        return article
    shift = len(bom)
    units = tuple(dataclasses.replace(u, start=u.start + shift, end=u.end + shift) for u in article.units)
    front = article.front_matter
    if front is not None:
        front = FrontMatterSpan(front.inner_start + shift, front.inner_end + shift, front.end + shift)
    return SegmentedArticle(source, units, article.markdown, front)
