"""The fast way to read a PO file in the regular shape that gettext tools write.

transflow, msgcat, msgmerge, Poedit and translate-toolkit all write PO files in one
regular shape: a header entry, then entries of comment lines, an optional ``#| msgid``,
``msgid`` and ``msgstr`` with their continuation lines, and blank lines between them.
:func:`scan_regular` reads such a file with one regular expression per entry (the
per-line work happens in C), where polib runs a state machine in Python on every line:
``benchmarks/bench_po.py`` measures both on the same files.

It only answers for text it is sure of: every string in the escapes that polib and
gettext read alike, no leading or trailing blanks, no plural forms, nothing polib would
read differently. Anything else (and every malformed file) gives None, and the caller
takes the slow path: the checking lexer of :mod:`transflow.formats.polex`, then polib.
The fields returned are exactly what that path reads from the same text (tested over
real tools' files and generated ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A string in the escapes polib knows (the others, octal and hex, go the slow way);
# no NUL or EOT, which the lexer refuses with their own messages.
_PLAIN = r'[^"\\\n\x00\x04]*'
_S = rf'"{_PLAIN}(?:\\[ntbrfv\\"]{_PLAIN})*"'  # unrolled: one C loop per run of plain characters
_STRINGS = rf"{_S}\n(?:{_S}\n)*"

_HEADER = re.compile(
    r"(?P<comment>(?:#(?: [^\n]*)?\n)*)"  # the file's header comment: "#" and "# ..." lines
    r"(?:#, [^\n]*\n)*"  # flags of the header entry ("#, fuzzy" in a new msgmerge file)
    rf'msgid ""\nmsgstr (?P<msgstr>{_STRINGS})\n*'
)
_COMMENTS = r"(?P<comments>(?:#(?:[ .:,][^\n]*)?\n)*)"
_LIVE = re.compile(
    _COMMENTS
    + rf"(?:#\| msgid (?P<previous>{_S}\n(?:#\| {_S}\n)*))?"
    + rf"(?:msgctxt {_STRINGS})?"
    + rf"msgid (?P<msgid>{_STRINGS})msgstr (?P<msgstr>{_STRINGS})\n*"
)
_OBSOLETE = re.compile(
    _COMMENTS
    + rf"(?P<skipped>(?:#~\| (?:msgctxt |msgid )?{_S}\n)*)"  # polib skips an obsolete entry's previous strings
    + rf"(?:#~ msgctxt {_S}\n(?:#~ {_S}\n)*)?"
    + rf"#~ msgid (?P<msgid>{_S}\n(?:#~ {_S}\n)*)#~ msgstr (?P<msgstr>{_S}\n(?:#~ {_S}\n)*)\n*"
)
_CONTENT = re.compile(r'"(.*)"\n')
_ESCAPE = re.compile(r'\\([\\ntrvbf"])')
_UNESCAPED = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", '"': '"'}
# polib splits lines at these too (str.splitlines): such text goes the slow way.
_SPLITLINES_EXTRA = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")


@dataclass(frozen=True, slots=True)
class ScannedEntry:
    """The fields of one entry, as polib reads them."""

    msgid: str
    msgstr: str
    previous: str
    tcomment: str
    comment: str
    flags: tuple[str, ...]
    occurrences: tuple[tuple[str, str], ...]
    obsolete: bool
    line: int


@dataclass(frozen=True, slots=True)
class ScannedFile:
    header_comment: str
    metadata: dict[str, str]
    entries: list[ScannedEntry]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], text) if "\\" in text else text


def unescape(text: str) -> str:
    """A PO string's content (between its quotes) decoded, for the escapes polib reads."""
    return _unescape(text)


def _string(block: str) -> str:
    """The value of a string's lines: the first without its keyword, the others as written
    (``"..."``, ``#~ "..."`` or ``#| "..."``; a prefix holds no quote)."""
    if block.count("\n") == 1:
        return _unescape(block[1:-2])
    return _unescape("".join(_CONTENT.findall(block)))


def _metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them: ``Key: value`` lines, a line without a colon
    continuing the previous value."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


# translator and extracted comments, flags, references, and how many lines polib skips
# before the first it reads (empty "#." "#:" "#," lines)
_Comments = tuple[list[str], list[str], list[str], list[tuple[str, str]], int]


def _joined(lines: list[str]) -> str:
    """Comment lines as polib joins them: a line break only after text (leading empty lines vanish)."""
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    return "\n".join(lines[start:])


def _comments(block: str) -> _Comments | None:
    """An entry's translator and extracted comments, flags and references; None where polib
    would read a line otherwise."""
    translator: list[str] = []
    extracted: list[str] = []
    flags: list[str] = []
    occurrences: list[tuple[str, str]] = []
    skipped = 0
    for raw in block.split("\n")[:-1]:
        line = raw.strip()
        kind = raw[1:2]
        if line != raw and line != "#":  # surrounding blanks: polib strips them, or takes the line for another kind
            return None
        if kind in (" ", ""):
            text = line.lstrip("#")
            translator.append(text[1:] if text.startswith(" ") else text)
        elif len(line) == 2:
            # an empty "#." "#:" or "#," line: polib skips it (the entry starts after it)
            skipped += not (translator or extracted or flags or occurrences)
            continue
        elif line[2] != " ":
            return None  # "#.x" is a syntax error; "#.\tx" polib reads, the slow path too
        elif kind == ".":
            extracted.append(line[3:])
        elif kind == ":":
            for occurrence in line[3:].split():
                path, colon, number = occurrence.rpartition(":")
                occurrences.append((path, number) if colon and number.isdigit() else (occurrence, ""))
        else:
            flags += [flag.strip() for flag in line[3:].split(",")]
    return translator, extracted, flags, occurrences, skipped


def scan_regular(text: str) -> ScannedFile | None:
    """The entries of ``text`` (decoded, LF line ends) if it is in the regular shape; else None."""
    if _SPLITLINES_EXTRA.search(text):
        return None
    if not text.endswith("\n"):
        text += "\n"
    header = _HEADER.match(text)
    if header is None:
        return None
    # polib keeps what follows "# " of each line, stripped ("#" alone gives an empty line)
    header_comment = _joined([line.strip()[2:] for line in header.group("comment").split("\n")[:-1]])
    metadata = _metadata(_string(header.group("msgstr")))
    entries: list[ScannedEntry] = []
    position, line, end = header.end(), text.count("\n", 0, header.end()) + 1, len(text)
    live, obsolete = _LIVE.match, _OBSOLETE.match
    while position < end:
        found = live(text, position)
        is_obsolete = found is None
        if found is None:
            found = obsolete(text, position)
            if found is None:
                return None
        comments = _comments(found.group("comments"))
        if comments is None:
            return None
        translator, extracted, flags, occurrences, skipped = comments
        first_line = line + skipped  # the entry's first line that polib reads
        if is_obsolete and skipped == found.group("comments").count("\n"):
            first_line += found.group("skipped").count("\n")
        previous_block = None if is_obsolete else found.group("previous")
        previous = _string(previous_block) if previous_block else ""
        msgid, msgstr = _string(found.group("msgid")), _string(found.group("msgstr"))
        if not msgid and not is_obsolete:
            return None  # a second header: which one polib keeps is its own affair
        entries.append(ScannedEntry(
            msgid, msgstr, previous, _joined(translator), _joined(extracted), tuple(flags),
            tuple(occurrences), is_obsolete, first_line,
        ))
        line += text.count("\n", position, found.end())
        position = found.end()
    return ScannedFile(header_comment, metadata, entries)
