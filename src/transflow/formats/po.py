"""Reading and writing PO/POT files: the only module that touches polib.

polib reads; the writer is transflow's own, byte for byte what polib writes for
transflow's files (tested) but several times faster and splitting multi-line strings
only at line breaks, as gettext does.

Files are read as PO editors really write them (BOM, CRLF, another charset,
rewrapped lines, reordered entries) and written the way gettext tools write them:
UTF-8, LF, one line per string, passing ``msgfmt --check``.

transflow's own data on a unit lives in translator comments, which every gettext
tool and PO editor keeps and none interprets::

    # transflow-translated: ayse 2026-11-20T10:15:00Z
    # transflow-reviewed: kerem 2026-11-21T09:00:00Z 3f2a9c1e04b7
    # transflow-origin: exact match in articles/other.md
    # transflow-conflict: olga 2026-11-25T09:00:00Z the text that lost a conflict
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

import polib

from transflow import __version__
from transflow.errors import POFileError
from transflow.formats.polex import SYNTAX_ERROR, prepare, unhide
from transflow.formats.poscan import ScannedEntry, ScannedFile, scan_regular, unescape
from transflow.model.catalog import (
    DISMISSED_TAG,
    MINOR_TAG,
    Attribution,
    Catalog,
    Entry,
    Origin,
    OriginKind,
    review_digest,
    text_digest,
)
from transflow.util.fs import atomic_write_text, read_input, restore_advice

# Written without wrapping: one line per string gives one-line git diffs, and
# transflow's own comment lines are never split (polib would wrap them).
WRAP_WIDTH = 0

TRANSLATED_TAG = "transflow-translated:"
REVIEWED_TAG = "transflow-reviewed:"
ORIGIN_TAG = "transflow-origin:"
BASE_TAG = "transflow-base:"  # in pulled files only: the translation a unit was pulled with
CONFLICT_TAG = "transflow-conflict:"  # a losing version of a conflicting submission
DECIDED_TAG = "transflow-decided:"  # an editor closed the unit's conflicts: who and when



def conflict_note(person: str, when: str, text: str) -> str:
    """The comment that keeps a losing version of a unit until an editor decides.

    The text's fingerprint comes before it, and the text is escaped so that it holds
    only single spaces between words: a tool that wraps comments (polib, Babel) breaks
    it at such a space and drops it, and reading joins the pieces again until the
    fingerprint matches.
    """
    one_line = _note_escaped(text)
    return f"{CONFLICT_TAG} {person} {when} {text_digest(one_line)} {one_line}"


_NOTE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_NOTE_UNESCAPES = {"\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\s": " "}
# A space that begins or ends the text or stands beside another space: written \s.
_LONE_SPACE = re.compile(r"^ | $| (?= )|(?<= ) ")


def _note_escaped(text: str) -> str:
    text = re.sub(r"[\\\n\t\r]", lambda m: _NOTE_ESCAPES[m.group()], text)
    return _LONE_SPACE.sub(r"\\s", text)


def _note_unescaped(text: str) -> str:
    return re.sub(r"\\[\\ntrs]", lambda m: _NOTE_UNESCAPES[m.group()], text)


def conflicting_versions(entry: Entry) -> list[tuple[Attribution, str]]:
    """The other texts a unit's conflict comments hold, each with who wrote it and when."""
    versions = []
    for note in entry.notes:
        if note.startswith(CONFLICT_TAG):
            person, when, text = (note[len(CONFLICT_TAG):].strip().split(" ", 2) + ["", ""])[:3]
            digest, _, rest = text.partition(" ")
            if _DIGEST.fullmatch(digest) and text_digest(rest) == digest:
                text = _note_unescaped(rest)  # written since 2026-12, with its fingerprint
            else:
                text = text.replace("\\n", "\n")  # written before: only line breaks escaped
            versions.append((Attribution(person, when), text))
    return versions


# --- transflow's comments after a tool wrapped them ---------------------------------------
#
# polib, Babel and translate-toolkit wrap long comment lines at their width (76 to 78
# columns, breaking at spaces and hyphens, and inside long words): one of transflow's
# lines becomes a line and pieces after it. Each kind is joined back only when the
# result is provably what transflow wrote: a conflict's text by its fingerprint, an
# attribution by the shape of its fields, an origin by the phrases transflow writes.

_DIGEST = re.compile("[0-9a-f]{12}")
_WHEN = re.compile(r"-|\d{4}-\d\d-\d\dT[0-9:]+Z")
_COPY = re.compile("[0-9a-f]{8}")
# The notes of an origin (see transflow.qa.meaning): what a match's source says differently.
# Every space in a note follows ";", "," or ":", stands by "→", or is inside “…”, so that a
# note cut at a space by a wrapping tool never reads as complete; no word of a value begins
# or ends with a hyphen, where such tools also cut. A word never begins with a digit, so a
# line that is not a note is refused without trying each value as a number and a word.
_NOTE_WORD = r"[^\s\d“”;,→-](?:[^\s“”;,→]*[^\s“”;,→-])?"
_NOTE_VALUE = rf"(?:\d+(?:[.,]\d+)*|{_NOTE_WORD}|“{_NOTE_WORD}(?: {_NOTE_WORD})*”)"
_NOTE_PAIR = rf"{_NOTE_VALUE} → {_NOTE_VALUE}"
_NOTE = (r"(?:[a-zA-Z ]+ differs?"  # a memory match's URLs or markup (and numbers, before 2026-12)
         rf"|negation (?:added|removed): {_NOTE_VALUE}(?:, {_NOTE_VALUE})*"
         rf"|(?:numbers|name) changed: {_NOTE_PAIR}(?:, {_NOTE_PAIR})*(?:, …)?"
         r"|quotation changed)")
#: The origin phrases transflow writes, one per :class:`OriginKind` (what reports read is the
#: parsed :class:`Origin`; the phrase is for people reading the PO file).
_ORIGIN = re.compile(
    r"(?:(?P<context>in-context) match in (?P<context_in>{path})"
    r"|(?P<exact>exact) match in (?P<exact_in>{path})"
    r"|fuzzy (?P<score>\d{1,3})% match (?:in (?P<fuzzy_in>{path})|(?P<previous>of the previous source))"
    r"|(?P<joined>joined) from (?P<units>\d+) earlier units"
    r"|(?P<split>part) of a longer earlier unit"
    r"|(?P<earlier>submitted) for an earlier version of this unit)"
    r"(?P<notes>(?:; {note})*)".replace("{path}", r"\S+\.(?:md|markdown|txt|tmx|po)").replace("{note}", _NOTE))
#: How many wrapped pieces one line may have been cut into (a conflict's long text).
_MAX_PIECES = 12


def _rejoined(lines: list[str]) -> list[str]:
    if all(line.lstrip().startswith("transflow-") for line in lines):
        return lines  # a piece of a wrapped line is not a line of its own: nothing was wrapped
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        taken = 0
        for tag, complete in _COMPLETE.items():
            if stripped.startswith(tag):
                line, taken = _joined_until(line, lines[i + 1:], complete)
                break
        out.append(line)
        i += 1 + taken
    return out


def _fields(line: str, tag: str) -> list[str]:
    return line.strip()[len(tag):].split()


def _translated_complete(line: str) -> bool | None:
    fields = _fields(line, TRANSLATED_TAG)
    if len(fields) >= 4:
        return bool(_WHEN.fullmatch(fields[1]) and _DIGEST.fullmatch(fields[2]) and _COPY.fullmatch(fields[3]))
    return False


def _reviewed_complete(line: str) -> bool | None:
    fields = _fields(line, REVIEWED_TAG)
    return len(fields) >= 3 and bool(_WHEN.fullmatch(fields[1]) and _DIGEST.fullmatch(fields[2]))


def _conflict_complete(line: str) -> bool | None:
    """True when the note's text matches its fingerprint; None for a note written
    before fingerprints (person, time, text)."""
    fields = line.strip()[len(CONFLICT_TAG):].strip().split(" ", 3)
    if len(fields) < 3:
        return False
    if not _DIGEST.fullmatch(fields[2]):
        return None
    return text_digest(fields[3] if len(fields) > 3 else "") == fields[2]


def _origin_complete(line: str) -> bool | None:
    return parse_origin(line.strip()[len(ORIGIN_TAG):].strip()) is not None


def parse_origin(text: str) -> Origin | None:
    """The origin a ``transflow-origin:`` comment states; None for a phrase transflow does not write."""
    found = _ORIGIN.fullmatch(text)
    if found is None:
        return None
    notes = tuple(note for note in found["notes"].split("; ") if note)
    if found["context"]:
        return Origin(OriginKind.IN_CONTEXT, 101, _unquoted_path(found["context_in"]), notes)
    if found["exact"]:
        return Origin(OriginKind.EXACT, 100, _unquoted_path(found["exact_in"]), notes)
    if found["score"]:
        kind = OriginKind.PREVIOUS if found["previous"] else OriginKind.FUZZY
        article = _unquoted_path(found["fuzzy_in"]) if found["fuzzy_in"] else None
        return Origin(kind, min(int(found["score"]), 100), article, notes)
    if found["joined"]:
        return Origin(OriginKind.JOINED, units=int(found["units"]), notes=notes)
    return Origin(OriginKind.SPLIT if found["split"] else OriginKind.EARLIER, notes=notes)


def _quoted_path(path: str) -> str:
    # A path is one word in the phrase (a wrapped comment is rejoined by its shape).
    return path.replace("%", "%25").replace(" ", "%20")


def _unquoted_path(path: str) -> str:
    return path.replace("%20", " ").replace("%25", "%")


def origin_text(origin: Origin) -> str:
    """The phrase of a ``transflow-origin:`` comment (see :func:`parse_origin`)."""
    kind = origin.kind
    article = _quoted_path(origin.article or "")
    if kind is OriginKind.IN_CONTEXT:
        text = f"in-context match in {article}"
    elif kind is OriginKind.EXACT:
        text = f"exact match in {article}"
    elif kind is OriginKind.FUZZY:
        text = f"fuzzy {origin.score}% match in {article}"
    elif kind is OriginKind.PREVIOUS:
        text = f"fuzzy {origin.score}% match of the previous source"
    elif kind is OriginKind.JOINED:
        text = f"joined from {origin.units} earlier units"
    elif kind is OriginKind.SPLIT:
        text = "part of a longer earlier unit"
    else:
        text = "submitted for an earlier version of this unit"
    return "; ".join((text, *origin.notes))


def _dismissed_complete(line: str) -> bool | None:
    fields = _fields(line, DISMISSED_TAG)  # check, person, when
    return len(fields) >= 3 and bool(_WHEN.fullmatch(fields[2]))


def _minor_complete(line: str) -> bool:
    when, _, rest = line.strip()[len(MINOR_TAG):].strip().partition(" ")  # when, then was “…”
    return bool(_WHEN.fullmatch(when)) and rest.startswith("was “") and rest.endswith("”")


_COMPLETE: dict[str, Callable[[str], bool | None]] = {
    CONFLICT_TAG: _conflict_complete,
    DISMISSED_TAG: _dismissed_complete,
    MINOR_TAG: _minor_complete,
    TRANSLATED_TAG: _translated_complete,
    REVIEWED_TAG: _reviewed_complete,
    ORIGIN_TAG: _origin_complete,
}


def _joined_until(line: str, following: list[str], complete: Callable[[str], bool | None]) -> tuple[str, int]:
    """``line`` with the fewest following pieces that make it complete (each joined with a
    space, or none where a word was cut), and how many were taken; ``line`` alone when
    none does."""
    if complete(line) is not False:
        return line, 0
    candidates = [line]
    for taken, piece in enumerate(following[:_MAX_PIECES], start=1):
        text = piece.strip()
        if not text or text.startswith("transflow-"):
            break
        candidates = [f"{c}{joiner}{text}" for c in candidates for joiner in (" ", "")][:256]
        for candidate in candidates:
            if complete(candidate):
                return candidate, taken
    return line, 0


class Header:
    """The header keys transflow reads or writes; other modules name them only through these."""

    ARTICLE = "X-Transflow-Article"
    SOURCE = "X-Transflow-Source"
    SOURCE_HASH = "X-Transflow-Source-Hash"  # the source revision a file was written for
    SEGMENTATION = "X-Transflow-Segmentation"
    LANGUAGE = "Language"
    REVISION_DATE = "PO-Revision-Date"
    LAST_TRANSLATOR = "Last-Translator"


# Headers of a pulled file: who pulled it, when, in which role (translator or reviewer),
# and which copy it is (a random name: two copies pulled in the same second are two copies).
PULLED_BY = "X-Transflow-Pulled-By"
PULLED_AT = "X-Transflow-Pulled-At"
PULLED_FOR = "X-Transflow-Pulled-For"
PULLED_COPY = "X-Transflow-Copy"

_SOURCE_HASH_LINE = re.compile(rb'"X-Transflow-Source-Hash: ([0-9a-f]+)\\n"')


def read_header_hash(path: Path) -> str | None:
    """The source revision a PO/POT file was written for, read from its first bytes only
    (every command asks it of thousands of files; parsing them would cost seconds)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    match = _SOURCE_HASH_LINE.search(head)
    return match.group(1).decode() if match else None


def base_digest(msgstr: str) -> str:
    """Fingerprint of the translation a unit had when it was pulled (its BASE_TAG comment)."""
    return text_digest(msgstr)


_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_CHARSET_PARAMETER = re.compile(r"charset=[^ \t;]*")

# The header entry (msgid "" and the string lines after it) and its Content-Type line.
_HEADER = r'^[ \t]*msgid[ \t]+""[ \t]*\r?\n((?:[ \t]*(?:msgstr[ \t]+)?"[^\n]*(?:\n|$))*)'
_CONTENT_TYPE = r'^[ \t]*(?:msgstr[ \t]+)?"Content-Type:[^\n]*?charset=([^ \t"\\;\r\n]*)'
_HEADER_RE = re.compile(_HEADER, re.MULTILINE)
_CONTENT_TYPE_RE = re.compile(_CONTENT_TYPE, re.MULTILINE)

# The charsets gettext's tools convert from: the names msgfmt calls portable (po-charset.c,
# gettext 0.21). For any other name msgfmt only warns and copies the bytes unconverted,
# and msgcat, msgconv and msgmerge refuse the file ("present charset ... is not a portable
# encoding name"). transflow converts every file to UTF-8 as those do, so it takes their
# list, with the aliases Python resolves to the same codec (latin1, utf8, windows-1252).
# Python has no codec for EUC-TW, VISCII and GEORGIAN-PS, so those are refused too.
_GETTEXT_CHARSETS = (
    "ASCII", "ANSI_X3.4-1968", "US-ASCII", "UTF-8",
    *(f"ISO-8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)),
    "KOI8-R", "KOI8-U", "KOI8-T", "CP850", "CP866", "CP874", "CP932", "CP949", "CP950",
    *(f"CP{n}" for n in range(1250, 1258)),
    "GB2312", "EUC-JP", "EUC-KR", "EUC-TW", "BIG5", "BIG5-HKSCS", "GBK", "GB18030", "SHIFT_JIS", "JOHAB",
    "TIS-620", "VISCII", "GEORGIAN-PS",
)


def _python_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_GETTEXT_CODECS = {codec for codec in map(_python_codec, _GETTEXT_CHARSETS) if codec}

# xgettext writes charset=CHARSET in a template. msgfmt copies the bytes of such a file
# unconverted (with a warning), so UTF-8 text stays UTF-8: it is read as UTF-8 here.
_PLACEHOLDER = "charset"


def _declared_charset(data: str | bytes) -> tuple[str, int] | None:
    """The charset named in the header's Content-Type, and its line; None when there is none."""
    # Bytes read as Latin-1 keep every offset and line, and a charset name is ASCII.
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    header = _HEADER_RE.search(text)
    if header is None:
        return None
    content_type = _CONTENT_TYPE_RE.search(header.group(1))
    if content_type is None:
        return None
    return content_type.group(1), text.count("\n", 0, header.start(1) + content_type.start()) + 1


def _codec(declared: tuple[str, int] | None, path: Path | str) -> str:
    """The Python codec of a file's declared charset (UTF-8 when none), or a located refusal."""
    if declared is None or declared[0].lower() == _PLACEHOLDER:
        return "utf-8"
    name, line = declared
    codec = _python_codec(name)
    if codec not in _GETTEXT_CODECS:
        known = name.upper() in _GETTEXT_CHARSETS  # Python's own codecs (idna, undefined ...) are not charsets
        raise POFileError(f"{'unsupported' if known else 'unknown'} charset '{name}'; "
                          "save the file as UTF-8 and set charset=UTF-8", path, line)
    return codec


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _refuse_mislabelled_utf8(raw: bytes, declared: tuple[str, int], codec: str, path: Path | str) -> None:
    """A header naming an 8-bit (or legacy) charset on bytes that are UTF-8 text is a lie.

    Decoded as declared, UTF-8's multi-byte sequences turn into mojibake ("Ã©" for "é").
    Text in a legacy charset with any non-ASCII letter is almost never valid UTF-8 by
    chance (every byte over 0x7F would have to fall into UTF-8's lead/continuation
    pattern), so valid UTF-8 with non-ASCII bytes is taken as UTF-8, and refused.
    """
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    word = re.search(rb'[^\s"]*[\x80-\xff]+[^\s"]*', raw)
    assert word is not None  # raw is not ASCII
    line = raw.count(b"\n", 0, word.start()) + 1
    meant = _printable(word.group().decode("utf-8")[:24])
    read = _printable(word.group().decode(codec, "replace")[:24])
    name, header_line = declared
    raise POFileError(f"the header says charset={name} but the text is UTF-8 (line {line}: '{meant}' would be "
                      f"read as '{read}'); set charset=UTF-8 in the header", path, header_line)


def decode_po_bytes(raw: bytes, path: Path | str) -> str:
    """Bytes of a PO file to text: BOM dropped, line ends made LF, charset honoured."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    declared = _declared_charset(raw)
    codec = _codec(declared, path)
    if declared is not None and codec != "utf-8" and not raw.isascii():
        _refuse_mislabelled_utf8(raw, declared, codec, path)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if declared is not None and declared[0].lower() == _PLACEHOLDER:
            raise POFileError(f"not valid UTF-8 (byte offset {exc.start}), and the header's charset is the "
                              f"placeholder {declared[0]}; save the file as UTF-8 and set charset=UTF-8",
                              path, line) from None
        shown = codec if codec == "utf-8" else declared[0] if declared else codec
        raise POFileError(f"not valid {shown} (byte offset {exc.start}); save the file as UTF-8", path, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_catalog(path: Path, display: str | None = None) -> Catalog:
    """Read a PO or POT file into a :class:`Catalog`.

    ``display`` is the path to name in errors (relative to the project).
    """
    shown = display or str(path)
    return catalog_from_bytes(read_input(path, shown, POFileError), shown, path)


def catalog_from_bytes(data: bytes, display: str, source: Path | None = None) -> Catalog:
    """The catalog of a PO file's bytes, in whatever encoding its header declares."""
    return catalog_from_text(decode_po_bytes(data, display), display, source)


def conflict_marker_line(text: str) -> int | None:
    """The line of the first git conflict marker (``<<<<<<<``) in a file, if any."""
    if "<<<<<<<" not in text:  # the common case, answered by one scan in C
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("<<<<<<<"):
            return number
    return None


def catalog_from_text(text: str, display: str, source: Path | None = None) -> Catalog:
    """The catalog of a PO file's decoded text (LF line ends); ``display`` names it in
    errors, ``source`` (the file itself, when there is one) decides their advice."""
    advice = restore_advice(source or display)
    if not text.strip():
        raise POFileError(f"the file is empty; pull it again or {advice}", display)
    marker = conflict_marker_line(text)
    if marker is not None:
        raise POFileError("holds git conflict markers (git merged it line by line); run "
                          f"'transflow git-repair {display}' to merge it unit by unit", display, marker)
    scanned = scan_regular(text) or _scan_irregular(text, display, _codec(_declared_charset(text), display), advice)
    headers = scanned.metadata
    catalog = Catalog(
        slug=headers.get(Header.ARTICLE, ""),
        language=headers.get(Header.LANGUAGE) or None,
        headers=headers,
        header_comment=scanned.header_comment,
    )
    seen: dict[str, int] = {}
    for scanned_entry in scanned.entries:
        if scanned_entry.msgid == "" and not scanned_entry.obsolete:
            raise POFileError('a second header entry (msgid ""), which msgfmt refuses; remove one of them',
                              display, scanned_entry.line or None)
        entry = _entry(scanned_entry)
        if entry.obsolete:
            catalog.obsolete.append(entry)
            continue
        if entry.msgid in seen:
            raise POFileError(
                f"duplicate message (first at line {seen[entry.msgid]}); remove one of them",
                display,
                scanned_entry.line,
            )
        seen[entry.msgid] = scanned_entry.line
        catalog.entries.append(entry)
    return catalog


def _scan_irregular(text: str, display: str, codec: str, advice: str = "restore it from a backup") -> ScannedFile:
    """Any other text: checked as msgfmt checks it (a located error if it is not a PO file),
    then read by polib."""
    prepared = prepare(text, display, codec, advice)
    try:
        po = polib.pofile(prepared.text, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError, UnicodeError) as exc:
        match = _SYNTAX_LINE.search(str(exc))
        raise POFileError(SYNTAX_ERROR.replace("{restore}", advice), display,
                          int(match.group(1)) if match else None) from None
    entries = []
    for po_entry in po:
        msgstr = po_entry.msgstr or (po_entry.msgstr_plural.get(0, "") if po_entry.msgstr_plural else "")
        entries.append(ScannedEntry(
            msgid=unhide(po_entry.msgid),
            msgstr=unhide(msgstr),
            previous=unhide(po_entry.previous_msgid or ""),
            tcomment=unhide(prepared.restore(po_entry.tcomment)),
            comment=unhide(prepared.restore(po_entry.comment)),
            flags=tuple(po_entry.flags),
            occurrences=tuple(po_entry.occurrences),
            obsolete=bool(po_entry.obsolete),
            line=po_entry.linenum or 0,
        ))
    metadata = {unhide(key): unhide(value) for key, value in po.metadata.items()}
    return ScannedFile(unhide(prepared.restore(po.header or "")), metadata, entries)


def check_language(declared: str | None, language: str, display: str) -> None:
    """A PO file in ``locales/<language>/`` must say (in its Language header) it is in that language."""
    if declared and declared.replace("-", "_").casefold() != language.replace("-", "_").casefold():
        raise POFileError(
            f"its Language header says '{declared}' but it is in the folder of '{language}'; "
            "move it to the right folder or fix the header",
            display,
        )


def _entry(scanned: ScannedEntry) -> Entry:
    """One entry's fields as read, with transflow's comments taken out of the translator's."""
    notes: list[str] = []
    translated = reviewed = None
    review_hash = None
    origin = None
    lines = scanned.tcomment.split("\n") if scanned.tcomment else []
    if "transflow-" in scanned.tcomment:
        lines = _rejoined(lines)
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(TRANSLATED_TAG):
            translated = _attribution(stripped[len(TRANSLATED_TAG):])
        elif stripped.startswith(REVIEWED_TAG):
            fields = stripped[len(REVIEWED_TAG):].split()
            reviewed = _attribution(" ".join(fields[:2]))
            review_hash = fields[2] if len(fields) > 2 else None
        elif stripped.startswith(ORIGIN_TAG) and (parsed := parse_origin(stripped[len(ORIGIN_TAG):].strip())):
            origin = parsed  # a phrase transflow does not write stays a note, as it was
        elif line or notes:
            notes.append(line)
    while notes and not notes[-1]:
        notes.pop()
    fuzzy = "fuzzy" in scanned.flags
    previous = scanned.previous or None
    if fuzzy and previous is None and any(note.startswith("| msgid ") for note in notes):
        previous, notes = _previous_from_notes(notes)
    # An approval counts only for the exact text that was approved.
    if reviewed is not None and (fuzzy or review_hash != review_digest(scanned.msgid, scanned.msgstr)):
        reviewed = None
    references = tuple(f"{path}:{line}" if line else path for path, line in scanned.occurrences)
    return Entry(
        msgid=scanned.msgid,
        msgstr=scanned.msgstr,
        fuzzy=fuzzy,
        previous=previous,
        obsolete=scanned.obsolete,
        references=references,
        comment=scanned.comment,
        notes=tuple(notes),
        flags=tuple(flag for flag in scanned.flags if flag != "fuzzy"),
        translated=translated,
        reviewed=reviewed,
        origin=origin,
        line=scanned.line,
    )


_PREVIOUS_NOTE = re.compile(r'\| (?:msgid )?"(.*)"')


def _previous_from_notes(notes: list[str]) -> tuple[str | None, list[str]]:
    """Babel's write_po turns a stale unit's previous source (``#| msgid``) into translator
    comments (``# | msgid``): taken back as the previous source."""
    start = next(i for i, note in enumerate(notes) if note.startswith("| msgid "))
    end = start
    pieces = []
    while end < len(notes) and (match := _PREVIOUS_NOTE.fullmatch(notes[end].strip())):
        if end > start and notes[end].startswith("| msgid "):
            break
        pieces.append(unescape(match.group(1)))
        end += 1
    if end == start:
        return None, notes
    return "".join(pieces) or None, notes[:start] + notes[end:]


def _attribution(text: str) -> Attribution | None:
    fields = text.split()
    if not fields:
        return None
    # person, when ("-" if unknown), then (written since 2026-12) the text's fingerprint
    # and the pulled copy it came from
    person, when, text, copy = (fields + ["", "", ""])[:4]
    return Attribution(person, "" if when == "-" else when, text, copy)


# Metadata keys in the order gettext tools (and polib) write them; others follow sorted.
_HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
    "Language-Team", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms",
)
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"'}
_TO_ESCAPE = re.compile('[\\\\\t\r\n\v\b\f"]')


def _escaped(text: str) -> str:
    """``text`` in PO string escapes (str.translate would look up every character)."""
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) if _TO_ESCAPE.search(text) else text


def _string_field(prefix: str, keyword: str, value: str) -> list[str]:
    """``msgid "..."`` lines: one line, or split after each line break as gettext does."""
    if "\n" not in value[:-1]:
        return [f'{prefix}{keyword} "{_escaped(value)}"']
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{_escaped(piece)}"' for piece in _split_after_newlines(value)]


def _split_after_newlines(value: str) -> list[str]:
    pieces = value.split("\n")
    out = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        out.append(pieces[-1])
    return out


def _tcomments(entry: Entry) -> list[str]:
    lines = list(entry.notes)
    if entry.origin:
        lines.append(f"{ORIGIN_TAG} {origin_text(entry.origin)}")
    if entry.translated and entry.msgstr:
        who = entry.translated
        # The fingerprint of what transflow wrote stays as it was written: a text edited
        # since by another tool must keep showing the difference.
        text = who.text or text_digest(entry.msgstr)
        lines.append(f"{TRANSLATED_TAG} {who.person} {who.when or '-'} {text} {who.copy}".rstrip())
    if entry.reviewed and entry.is_translated:
        digest = review_digest(entry.msgid, entry.msgstr)
        lines.append(f"{REVIEWED_TAG} {entry.reviewed.person} {entry.reviewed.when} {digest}")
    return lines


def _entry_lines(entry: Entry, obsolete: bool) -> list[str]:
    out = [f"# {line}" for line in _tcomments(entry)]
    if not obsolete:
        if entry.comment:
            out += [f"#. {line}" for line in entry.comment.split("\n")]
        if entry.references:
            out.append("#: " + " ".join(entry.references))
    fuzzy = entry.fuzzy and bool(entry.msgstr)
    flags = (["fuzzy"] if fuzzy else []) + list(entry.flags)
    if flags:
        out.append("#, " + ", ".join(flags))
    prefix = "#~ " if obsolete else ""
    if fuzzy and entry.previous:
        out += _string_field("#~| " if obsolete else "#| ", "msgid", entry.previous)
    out += _string_field(prefix, "msgid", entry.msgid)
    out += _string_field(prefix, "msgstr", entry.msgstr)
    return out


def catalog_to_text(catalog: Catalog, header_comment: str) -> str:
    """The PO text of a catalog, as gettext tools write it (no wrapping: one line per string)."""
    out = [f"# {line}" if line else "#" for line in header_comment.split("\n")]
    headers = dict(catalog.headers)
    headers.setdefault("X-Generator", f"transflow {__version__}")
    if "Content-Type" in headers:  # the text is written in UTF-8, whatever charset it was read in
        headers["Content-Type"] = _CHARSET_PARAMETER.sub("charset=UTF-8", headers["Content-Type"])
    ordered = [key for key in _HEADER_ORDER if key in headers]
    ordered += sorted(key for key in headers if key not in _HEADER_ORDER)
    out += ['msgid ""', 'msgstr ""']
    out += [f'"{_escaped(f"{key}: {headers[key]}")}\\n"' for key in ordered]
    out.append("")
    for entry in catalog.entries:
        out += _entry_lines(entry, obsolete=False)
        out.append("")
    for entry in catalog.obsolete:
        out += _entry_lines(entry, obsolete=True)
        out.append("")
    return "\n".join(out[:-1]) + "\n"


def write_catalog(catalog: Catalog, path: Path, header_comment: str) -> bool:
    """Write the catalog atomically; returns False (and writes nothing) if unchanged."""
    return atomic_write_text(path, catalog_to_text(catalog, header_comment))
