"""Split a source article into translation units, losslessly.

A unit is a span of the source text. Everything between units (Markdown markers,
indentation, code blocks, HTML, blank lines, front-matter keys) is skeleton that is
never translated. Putting the units back unchanged reproduces the source byte for
byte; putting translations in their place gives the localized article.

A unit's ``text`` (the PO msgid) is its span with soft line breaks and the container
markers after them (``> ``, list indentation) folded into one space, so rewrapping a
paragraph in the source does not make its translation stale.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.token import Token

from transflow.formats.markdown import PARAGRAPH_BREAK, markdown_parser
from transflow.formats.yamlfile import compose_bounded, load_scalar, yaml_double_quoted
from transflow.segment.sentences import split_sentences

#: Bumped whenever a change here can give different units for the same source, so that
#: ``update`` knows stored templates were made by another segmenter.
SEGMENTER_VERSION = "2"  # 2: CRLF in .txt is one line break; front-matter "No"/"null" titles are units

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
                if self.markdown:
                    translation = encode_translation(unit, translation, _at_line_start(self.source, unit.start))
                out.append(translation)
        return "".join(out)


# What may stand before a unit on its line and still leave it at the start of a block:
# indentation, quote markers, list markers, and a footnote definition's label (the text
# after "[^1]:" is parsed as blocks too).
_BLOCK_PREFIX = re.compile(r"[ \t>]*(?:(?:(?:[-+*]|\d{1,9}[.)])[ \t]+|\[\^[^\]\s]+\]:[ \t]*)[ \t>]*)*")


def _at_line_start(source: str, offset: int) -> bool:
    """True when only container markers (quote, list bullet) precede offset on its line."""
    line_start = max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset)) + 1
    if line_start == 0 and source.startswith("\ufeff"):
        line_start = 1  # a byte-order mark is not text: the parser never sees it
    return _BLOCK_PREFIX.fullmatch(source, line_start, offset) is not None


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


def encode_translation(unit: Unit, translation: str, at_line_start: bool) -> str:
    """Make a translation safe to put where the unit stood.

    A translation is one logical line of inline Markdown: a line break would end
    a heading or table row, so it becomes a space. At the start of a line, text that
    Markdown would read as a block marker ("2025. yılında" is an ordered list, four
    spaces a code block, "<div" an HTML block) is escaped. A front-matter value becomes
    a double-quoted YAML scalar.
    """
    if unit.yaml_scalar:
        return yaml_double_quoted(translation)
    text = re.sub(r"\s*[\r\n]+\s*", " ", translation.strip("\r\n"))
    if unit.kind is BlockKind.TABLE_CELL:
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    if at_line_start:
        text = text.lstrip(" \t")
        match = _LINE_START_MARKUP.match(text)
        if match:
            if match.group("number"):
                text = f"{match.group('number')}\\{text[len(match.group('number')):]}"
            else:
                text = "\\" + text
    return text


# --- Markdown --------------------------------------------------------------------------

def _markdown() -> MarkdownIt:
    return markdown_parser(footnotes_at_end=False)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BARE_URL = re.compile(r"^<?(?:https?://|ftp://|www\.)\S+>?$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")


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


def _runs(pieces: Sequence[tuple[int, str]]) -> list[_Run]:
    """Fold (source offset, line content) pieces into runs, split at hard line breaks."""
    runs: list[_Run] = []
    current: _Run | None = None
    for index, (src, content) in enumerate(pieces):
        last = index == len(pieces) - 1
        hard = not last and _HARD_BREAK.search(content) is not None
        if not last:
            content = content.rstrip(" \t")
            if hard and content.endswith("\\"):
                content = content[:-1].rstrip(" \t")
        lead = len(content) - len(content.lstrip(" \t"))
        src += lead
        content = content[lead:]
        if current is None:
            current = _Run("", [], [], [])
        if content:
            if current.text:
                current.text += " "
            current.norm_starts.append(len(current.text))
            current.src_starts.append(src)
            current.lengths.append(len(content))
            current.text += content
        if hard and current.text:
            runs.append(current)
            current = None
    if current is not None and current.text:
        runs.append(current)
    return runs


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
    def __init__(self, source: str, language: str, sentences: bool) -> None:
        self.source = source
        self.language = language
        self.sentences = sentences
        self.line_starts = _line_starts(source)
        self.units: list[Unit] = []
        self.block = 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def add_run(self, run: _Run, kind: BlockKind, split: bool) -> bool:
        text = run.text
        if split and self.sentences:
            spans = split_sentences(text, self.language)
        else:
            stripped = text.strip()
            if not stripped:
                return False
            lead = len(text) - len(text.lstrip())
            spans = [(lead, lead + len(stripped))]
        added = False
        for start, end in spans:
            unit_text = text[start:end]
            if not _is_translatable(unit_text):
                continue
            src_start = run.to_source(start)
            src_end = run.to_source(end, end=True)
            self.units.append(
                Unit(unit_text, self.block, kind, self.line_of(src_start), src_start, src_end)
            )
            added = True
        return added

    def add_block(self, pieces: Sequence[tuple[int, str]], kind: BlockKind, split: bool) -> None:
        runs = _runs(pieces)
        if kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCK_QUOTE):
            if len(runs) == 1 and _BARE_URL.match(runs[0].text.strip()):
                return  # a bare URL line is a link, not prose
        added = False
        for run in runs:
            added = self.add_run(run, kind, split) or added
        if added:
            self.block += 1


def _is_translatable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def segment_markdown(source: str, language: str = "en", sentences: bool = True) -> SegmentedArticle:
    builder = _Builder(source, language, sentences)
    tokens = _markdown().parse(source)
    stack: list[str] = []
    row_cells: list[str] = []
    row_line: int | None = None
    front: FrontMatterSpan | None = None
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            front = _front_matter(builder, token)
        elif token.nesting == 1 and token.type in ("blockquote_open", "list_item_open", "footnote_reference_open"):
            stack.append(token.type)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close", "footnote_reference_close"):
            stack.pop()
        elif token.type == "tr_open":
            row_cells, row_line = [], token.map[0] if token.map else None
        elif token.type == "tr_close":
            if row_line is not None:
                for start, cell in _table_cells(source, builder.line_starts, row_line, row_cells):
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


def _front_matter(builder: _Builder, token: Token) -> FrontMatterSpan:
    """Units for the title and summary values of the YAML front matter; where it is."""
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
    for key_node, value_node in root.value:
        if key_node.value not in FRONT_MATTER_KEYS or not isinstance(value_node, yaml.ScalarNode):
            continue
        value = load_scalar(text[value_node.start_mark.index : value_node.end_mark.index])
        if not isinstance(value, str) and value_node.style is None and any(ch.isalpha() for ch in value_node.value):
            value = value_node.value  # YAML 1.1 reads a plain "No", "On" or "null" as a non-string
        if not isinstance(value, str) or not _is_translatable(value):
            continue
        start = begin + value_node.start_mark.index
        # A block scalar's node ends after its trailing line break, which is skeleton.
        raw = text[value_node.start_mark.index : value_node.end_mark.index]
        stop = start + len(raw.rstrip())
        kind = BlockKind.TITLE if key_node.value == "title" else BlockKind.SUMMARY
        builder.units.append(
            Unit(value.strip(), builder.block, kind, builder.line_of(start), start, stop, yaml_scalar=True)
        )
        builder.block += 1
    return span


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
            # Plain text has no hard breaks: trailing spaces are just spaces.
            pieces = [(src, content.rstrip(" \t")) for src, content in pieces]
            builder.add_block(pieces, BlockKind.PARAGRAPH, split=True)
        if match:
            pos = match.end()
    return SegmentedArticle(source, tuple(builder.units), markdown=False)


def segment_article(source: str, markdown: bool = True, language: str = "en", mode: str = "sentence") -> SegmentedArticle:
    """Segment one article's text; ``mode`` is ``sentence`` or ``paragraph``."""
    bom = "\ufeff" if source.startswith("\ufeff") else ""
    body = source[len(bom):]
    split = segment_markdown if markdown else segment_text
    article = split(body, language, mode == "sentence")
    if not bom:
        return article
    shift = len(bom)
    units = tuple(
        Unit(u.text, u.block, u.kind, u.line, u.start + shift, u.end + shift, u.yaml_scalar) for u in article.units
    )
    front = article.front_matter
    if front is not None:
        front = FrontMatterSpan(front.inner_start + shift, front.inner_end + shift, front.end + shift)
    return SegmentedArticle(source, units, article.markdown, front)
