"""A PO file's text checked as gettext's msgfmt reads it, and made safe for polib.

polib stays the parser of entries, but it is lenient where msgfmt is strict (a msgid
without msgstr, ``msgstr[0]`` without ``msgid_plural``, a comment inside an entry),
knows only some of gettext's escapes (``\\x41`` stays backslash text), and is quadratic
on long comment blocks and long multi-line strings (it grows a ``str`` attribute with
``+=``). :func:`prepare` walks the lines once, before polib sees them:

- every shape msgfmt refuses is one :class:`POFileError` naming the line (and column);
- the escapes polib does not know (``\\a``, octal ``\\101``, hex ``\\x41``) are decoded
  as gettext decodes them and written back in the forms polib knows;
- a long run of translator or extracted comment lines becomes one line holding a token,
  and a long run of continuation strings one joined string; :meth:`Prepared.restore`
  puts the comments back after polib. Lines are blanked, never removed, so every line
  number polib gives is still the file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from transflow.errors import POFileError

_FIX = "fix it in a PO editor or {restore}"  # {restore}: see restore_advice
SYNTAX_ERROR = f"syntax error in PO file; {_FIX}"

# polib splits a text with str.splitlines(), which also breaks at these characters
# (U+2028, NEL ...). They stand in for themselves in plane 15's private use area while
# polib parses, and are put back in every string read.
_SPLITLINES_EXTRA = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_HIDE: dict[int, int] = {ord(c): 0xF0000 + ord(c) for c in _SPLITLINES_EXTRA}
_UNHIDE: dict[int, int] = {v: k for k, v in _HIDE.items()}
# str.translate looks up every character: on megabytes, look for one first (at C speed).
_TO_HIDE = re.compile(f"[{re.escape(_SPLITLINES_EXTRA)}]")
_HIDDEN = re.compile("[" + "".join(map(chr, _UNHIDE)) + "]")


def unhide(text: str) -> str:
    """A string polib read, with the characters hidden from its line splitting put back."""
    return text.translate(_UNHIDE) if text and _HIDDEN.search(text) else text


# Shorter runs cost polib nothing worth saving; leaving them alone keeps ordinary files
# exactly as polib reads them.
_RUN = 16

# A collapsed comment block stands in as a token made of Unicode noncharacters, which no
# editor writes; a file that holds one anyway is read the slow way, without tokens.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_TOKEN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")

_STRING_LINE = re.compile(
    r'(?:(?P<kw>msgctxt|msgid_plural|msgid|msgstr)(?:\[(?P<idx>\d+)\])?[ \t]+)?"(?P<s>[^"\\]*(?:\\.[^"\\]*)*)"[ \t]*'
)
# gettext's escapes (po-lex.c): one letter, 1 to 3 octal digits, or x and any hex digits.
_ESCAPE = re.compile(r'\\(?:([ntbrfv\\"])|(a)|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))')
_POLIB_KNOWS = re.compile(r'[^\\]*(?:\\[ntbrfv\\"][^\\]*)*')
# How polib's unescape() gets each character back.
_ESCAPED: dict[str | int, str | int | None] = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                                       "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPED.update(_HIDE.items())
_POLIB_ESCAPES = str.maketrans(_ESCAPED)

# Where an entry is, in gettext's grammar.
_NONE, _CTXT, _ID, _PLURAL, _STR, _STRN = range(6)
_COLLAPSIBLE = ("header", "translator", "extracted", "string", "string~", "string|")


@dataclass
class Prepared:
    """The text polib parses, and the comment blocks its tokens stand for."""

    text: str
    blocks: list[str] = field(default_factory=list)

    def restore(self, value: str) -> str:
        """``value`` (a comment or header comment polib read) with each token replaced by its block."""
        if not self.blocks or _OPEN not in value:
            return value
        return _TOKEN.sub(lambda m: self.blocks[int(m.group(1))], value)


def prepare(text: str, path: Path | str, codec: str, advice: str = "restore it from a backup") -> Prepared:
    """Check ``text`` (a decoded PO file, LF line ends) as msgfmt does and make it safe for polib.

    ``codec`` is the file's charset: gettext's octal and hex escapes are bytes in it;
    ``advice`` how to get the file back, in errors (see :func:`restore_advice
    <transflow.util.fs.restore_advice>`).
    """
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        column = text.index("\0") - (text.rfind("\n", 0, text.index("\0")) + 1) + 1
        raise POFileError("a NUL character, which gettext cannot store (msgfmt cuts the text there); remove it",
                          path, line, column)
    return _Lexer(text.translate(_HIDE) if _TO_HIDE.search(text) else text, path, codec, advice).run()


# What one line is, for runs: its kind (None for a blank line), what it adds to a run of
# its kind, and the line polib should see instead of it (None: the line itself).
_Line = tuple[str | None, str | None, str | None]
_BLANK: _Line = (None, None, None)


class _Lexer:
    def __init__(self, text: str, path: Path | str, codec: str, advice: str):
        self.text = text
        self.path = path
        self.advice = advice  # how to get the file back: restore_advice
        self.codec = codec
        self.tokens = _OPEN not in text
        self.blocks: list[str] = []
        self.state = _NONE
        self.entry_line = 0  # the line of the current entry's msgctxt or msgid
        self.entry_obsolete = False
        self.plural_index = -1
        self.previous = False  # inside "#|" lines, which a "#|" continuation must follow
        self.header_position = True  # polib still takes translator comments for the file's header comment

    def error(self, message: str, line: int, column: int | None = None) -> POFileError:
        return POFileError(message.replace("{restore}", self.advice), self.path, line, column)

    def run(self) -> Prepared:
        lines = self.text.split("\n")
        out = list(lines)
        run_kind: str | None = None
        run_start = 0
        run_values: list[str] = []
        for index, raw in enumerate(lines):
            kind, value, rewritten = self.line(raw, index + 1)
            if kind is None:
                continue  # polib skips blank lines: they neither end nor count in a run
            if kind != run_kind:
                self.collapse(out, run_kind, run_start, index, run_values)
                run_kind, run_start, run_values = kind, index, []
            if value is not None:
                run_values.append(value)
            if rewritten is not None:
                out[index] = rewritten
        self.collapse(out, run_kind, run_start, len(lines), run_values)
        if self.state in (_CTXT, _ID, _PLURAL):
            self.unfinished()
        return Prepared("\n".join(out), self.blocks)

    def collapse(self, out: list[str], kind: str | None, start: int, end: int, values: list[str]) -> None:
        """Lines ``start`` to ``end`` (a run of ``kind``) as one line and blank ones."""
        if kind not in _COLLAPSIBLE or end - start < _RUN:
            return
        if kind.startswith("string"):
            prefix = {"string": "", "string~": "#~ ", "string|": "#| "}[kind]
            out[start] = f'{prefix}"{"".join(values)}"'
        elif self.tokens:
            self.blocks.append("\n".join(values))
            out[start] = f"{'#. ' if kind == 'extracted' else '# '}{_OPEN}{len(self.blocks) - 1}{_CLOSE}"
        else:
            return
        for i in range(start + 1, end):
            out[i] = ""

    def line(self, raw: str, number: int) -> _Line:
        line = raw.strip()  # as polib strips it
        if not line:
            return _BLANK
        if line.startswith("#~"):
            rest = line[2:]
            if rest.startswith("|"):
                # polib skips the previous string of an obsolete entry; gettext still reads it.
                if not rest[1:2].isspace():
                    raise self.error(SYNTAX_ERROR, number)
                self.string(rest[1:].strip(), raw, number)
                return ("obsolete-previous", None, None)
            if not rest[:1].isspace():
                raise self.error(SYNTAX_ERROR, number)
            return self.strings(rest.strip(), raw, number, "#~ ")
        if line.startswith("#|"):
            rest = line[2:]
            if not rest[:1].isspace():
                raise self.error(SYNTAX_ERROR, number)
            return self.strings(rest.strip(), raw, number, "#| ")
        if line.startswith("#"):
            return self.comment(line, number)
        return self.strings(line, raw, number, "")

    def comment(self, line: str, number: int) -> _Line:
        if self.state in (_CTXT, _ID, _PLURAL):
            self.unfinished()  # msgfmt: a comment cannot come inside an entry
        self.state = _NONE
        self.previous = False
        second = line[1:2]
        if second in ("", "#") or second.isspace():
            if self.header_position:  # polib keeps line[2:] of the file's header comment
                return ("header", line[2:], None)
            value = line.lstrip("#")  # of an entry's: the '#'s and one space go
            return ("translator", value[1:] if value.startswith(" ") else value, None)
        self.header_position = False
        if second in ".:," and (line[2:3] == "" or line[2:3].isspace()):
            if second == ".":  # polib skips an empty "#." line
                return ("extracted", line[3:] if line[2:].strip() else None, None)
            return ("other", None, None)
        raise self.error(SYNTAX_ERROR, number)

    def strings(self, body: str, raw: str, number: int, prefix: str) -> _Line:
        """A keyword or continuation line (``prefix`` "#~ " obsolete, "#| " previous)."""
        self.header_position = False
        keyword, index, content, decoded = self.string(body, raw, number)
        if index is not None and keyword != "msgstr":
            raise self.error(SYNTAX_ERROR, number)
        if prefix == "#| ":
            self.previous_string(keyword, number)
        else:
            self.entry_string(keyword, index, number, obsolete=prefix == "#~ ")
        rewritten = None
        if decoded != content:
            head = f"{keyword}[{index}] " if index is not None else f"{keyword} " if keyword else ""
            rewritten = f'{prefix}{head}"{decoded}"'
        if keyword is not None:
            return ("keyword", None, rewritten)
        return ({"": "string", "#~ ": "string~", "#| ": "string|"}[prefix], decoded, rewritten)

    def previous_string(self, keyword: str | None, number: int) -> None:
        if self.state in (_CTXT, _ID, _PLURAL):
            self.unfinished()
        if keyword is None and not self.previous:
            raise self.error(SYNTAX_ERROR, number)
        if keyword not in (None, "msgctxt", "msgid", "msgid_plural"):
            raise self.error(f"'#| {keyword}' is not a previous string (those are msgctxt, msgid, msgid_plural); "
                             f"{_FIX}", number)
        self.state = _NONE
        self.previous = True

    def entry_string(self, keyword: str | None, index: str | None, number: int, obsolete: bool) -> None:
        state = self.state
        self.previous = False
        if keyword is None:  # a continuation line
            if state == _NONE:
                raise self.error(SYNTAX_ERROR, number)
            self.same_entry(obsolete, number)
            return
        if keyword in ("msgctxt", "msgid"):
            if state in (_ID, _PLURAL) or (state == _CTXT and keyword == "msgctxt"):
                self.unfinished()
            if state == _CTXT:
                self.same_entry(obsolete, number)
            else:
                self.entry_obsolete = obsolete
                self.entry_line = number
            self.state = _CTXT if keyword == "msgctxt" else _ID
            return
        if state == _CTXT:
            self.unfinished()
        if keyword == "msgid_plural":
            if state != _ID:
                raise self.error(f"msgid_plural without a msgid just before it; {_FIX}", number)
            self.state = _PLURAL
        elif index is None:
            if state == _PLURAL:
                raise self.error(f"a message with msgid_plural needs msgstr[0], msgstr[1] ... instead of msgstr; "
                                 f"{_FIX}", number)
            if state != _ID:
                raise self.error(f"msgstr without a msgid just before it; {_FIX}", number)
            self.state = _STR
        elif state == _ID:
            raise self.error(f"msgstr[{index}] without msgid_plural (msgfmt: missing 'msgid_plural' section); "
                             "write msgstr instead", number)
        elif state in (_PLURAL, _STRN):
            expected = 0 if state == _PLURAL else self.plural_index + 1
            if int(index) != expected:
                raise self.error(f"msgstr[{index}] where msgstr[{expected}] is due (plural forms count from 0 "
                                 f"without gaps); {_FIX}", number)
            self.plural_index = expected
            self.state = _STRN
        else:
            raise self.error(f"msgstr[{index}] without a msgid and msgid_plural just before it; {_FIX}", number)
        self.same_entry(obsolete, number)

    def same_entry(self, obsolete: bool, number: int) -> None:
        if obsolete != self.entry_obsolete:
            raise self.error(f"inconsistent use of #~: all the lines of an obsolete entry start with it; {_FIX}",
                             number)

    def unfinished(self) -> None:
        """The current entry ends before its msgstr: what msgfmt calls a missing section."""
        if self.state == _CTXT:
            raise self.error(f"msgctxt without a msgid after it; {_FIX}", self.entry_line)
        what = "msgstr[0]" if self.state == _PLURAL else "msgstr"
        raise self.error(f"msgid without {what} (msgfmt: missing '{what.replace('[0]', '[]')}' section); "
                         f"add {what} \"\" after it", self.entry_line)

    def string(self, body: str, raw: str, number: int) -> tuple[str | None, str | None, str, str]:
        """Keyword, plural index, string as written and string in polib's escapes, of one line."""
        match = _STRING_LINE.fullmatch(body)
        if match is None:
            raise self.error(SYNTAX_ERROR, number)
        content = match.group("s")
        decoded = content
        if "\\" in content and not _POLIB_KNOWS.fullmatch(content):
            # the string's first character, 1-based (body is what is left of raw once stripped)
            column = raw.rindex(body) + match.start("s") + 1
            decoded = self.decode(content, number, column)
        if "\x04" in content:
            column = raw.rindex(body) + match.start("s") + 1
            raise self.error("the character EOT (\\x04), which gettext reserves to separate a context from its "
                             "msgid; remove it", number, column + content.index("\x04"))
        return match.group("kw"), match.group("idx"), content, decoded

    def decode(self, content: str, number: int, column: int) -> str:
        """``content`` with gettext's escapes that polib does not know decoded; the others kept."""
        out: list[str] = []
        pending = bytearray()  # consecutive numeric escapes: bytes in the file's charset
        pending_at = pending_end = position = 0

        def flush() -> None:
            if not pending:
                return
            try:
                text = pending.decode(self.codec)
            except UnicodeDecodeError:
                raise self.error(f"the escapes {content[pending_at:pending_end]} are not {self.codec} text; write "
                                 "the characters themselves", number, column + pending_at) from None
            for char, name in (("\0", "NUL (\\0), which ends a string for gettext (msgfmt drops the rest)"),
                               ("\x04", "EOT (\\x04), which gettext reserves to separate a context from its msgid")):
                if char in text:
                    raise self.error(f"an escape for {name}; remove it", number, column + pending_at)
            out.append(text.translate(_POLIB_ESCAPES))
            pending.clear()

        for match in _ESCAPE.finditer(content):
            if match.start() != position:
                flush()
                out.append(content[position:match.start()])
            simple, bell, octal, hexa, bad = match.groups()
            if octal is not None or hexa is not None:
                if not pending:
                    pending_at = match.start()
                # gettext keeps one byte of a larger value: \777 is 0xFF, \x4142 is 0x42.
                pending.append(int(octal, 8) & 0xFF if octal is not None else int(hexa[-2:], 16))
                pending_end = match.end()
            elif bad is not None:
                raise self.error(f"syntax error in PO file: '\\{bad}' is not an escape gettext knows "
                                 "(\\n \\t \\\" \\\\ \\a \\b \\f \\v \\r, octal \\101, hex \\x41); "
                                 "write \\\\ for a backslash", number, column + match.start())
            else:
                flush()
                out.append(match.group() if simple is not None else "\a")
            position = match.end()
        flush()
        out.append(content[position:])
        return "".join(out)
