"""Reading PO files as editors write them, and writing them as gettext expects."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.errors import POFileError
from transflow.formats.po import catalog_to_text, read_catalog
from transflow.model.catalog import (
    Attribution,
    Catalog,
    Entry,
    Origin,
    OriginKind,
    UnitStatus,
    review_digest,
)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Language: tr\\n"\n\n'


def po_file(tmp_path: Path, body: str, charset: str = "UTF-8", encoding: str = "utf-8") -> Path:
    path = tmp_path / "x.po"
    path.write_bytes((HEADER.format(charset=charset) + body).encode(encoding))
    return path


def test_attribution_and_review_round_trip(tmp_path: Path):
    entry = Entry(
        msgid="Hello “world”.", msgstr="Merhaba “dünya”.",
        translated=Attribution("ayse", "2026-11-20T10:15:00Z"),
        reviewed=Attribution("kerem", "2026-11-21T09:00:00Z"),
        origin=Origin(OriginKind.EXACT, 100, "articles/other.md"), references=("articles/a.md:3",), comment="paragraph",
        notes=("A translator's own note that is long enough to have been wrapped by polib's default width of 78.",),
    )
    catalog = Catalog("a", "tr", [entry], [], {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"})
    path = tmp_path / "a.po"
    path.write_text(catalog_to_text(catalog, "header"), encoding="utf-8")
    (back,) = read_catalog(path).entries
    assert back.status is UnitStatus.REVIEWED
    assert (back.translated, back.reviewed, back.origin, back.notes) == (
        entry.translated, entry.reviewed, entry.origin, entry.notes)
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_review_is_void_when_the_text_was_edited_by_hand(tmp_path: Path):
    digest = review_digest("Hello.", "Merhaba.")
    body = f'# transflow-reviewed: kerem 2026-11-21T09:00:00Z {digest}\nmsgid "Hello."\nmsgstr "Merhaba!"\n'
    (entry,) = read_catalog(po_file(tmp_path, body)).entries
    assert entry.status is UnitStatus.TRANSLATED and entry.reviewed is None


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda text: text.replace("UTF-8", "ISO-8859-9").encode("iso-8859-9"), id="iso-8859-9"),
    ],
)
def test_encodings_and_line_ends(tmp_path: Path, raw):
    text = HEADER.format(charset="UTF-8") + 'msgid "Peace."\nmsgstr "Barış."\n'
    path = tmp_path / "x.po"
    path.write_bytes(raw(text))
    (entry,) = read_catalog(path).entries
    assert entry.msgstr == "Barış."


@pytest.mark.parametrize(
    "body, line, message",
    [
        ('msgid "a"\nmsgstr "never closed\n', 7, "syntax error"),
        ('msgid "a"\nmsgstr never\n', 7, "syntax error"),
        ('msgid "a"\nmsgstr "b \\q c"\n', 7, "syntax error"),
        ('msgid "a"\nmsgstr "b"\n"tail cut off', 8, "syntax error"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "duplicate message (first at line 6)"),
        ("this is not a PO file\n", 6, "syntax error"),
    ],
)
def test_broken_files_are_reported_with_their_line(tmp_path: Path, body: str, line: int, message: str):
    path = po_file(tmp_path, body)
    with pytest.raises(POFileError) as caught:
        read_catalog(path, "locales/tr/x.po")
    assert caught.value.line == line and message in str(caught.value)
    assert re.match(rf"locales/tr/x.po:{line}:(\d+:)? ", str(caught.value))


def test_not_utf8_and_empty_files(tmp_path: Path):
    path = po_file(tmp_path, 'msgid "a"\nmsgstr "\xff"\n', encoding="latin-1")
    with pytest.raises(POFileError, match=r"x.po:7: not valid utf-8 \(byte offset \d+\)"):
        read_catalog(path)
    path.write_bytes(b"\n\n")
    with pytest.raises(POFileError, match="the file is empty"):
        read_catalog(path)


def test_the_writer_matches_polib_and_gettext_reads_it(tmp_path: Path):
    """transflow writes PO itself (for speed): the bytes are what polib would write."""
    import polib

    entries = [
        Entry(msgid="Plain “quoted” \\ text\twith tab.", msgstr="Düz metin.", references=("a.md:1", "a.md:9"),
              comment="paragraph", translated=Attribution("ayse", "2026-11-20T10:15:00Z")),
        Entry(msgid="Line one\nline two\n", msgstr="Satır\nsatır", fuzzy=True, previous="Line one\nline 2\n",
              flags=("no-wrap",), origin=Origin(OriginKind.PREVIOUS, 90)),
        Entry(msgid="Untranslated.", references=("a.md:3",), comment="heading"),
    ]
    obsolete = [Entry(msgid="Gone.", msgstr="Gitti.", fuzzy=True, previous="Went.", obsolete=True,
                      notes=("kept",))]
    catalog = Catalog("a", "tr", entries, obsolete, {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8",
                                                      "Project-Id-Version": "a", "X-Transflow-Article": "a"})
    reference = polib.POFile(wrapwidth=0)
    reference.header = "one\n\ntwo"
    reference.metadata = {**catalog.headers, "X-Generator": next(iter(
        line for line in catalog_to_text(catalog, "x").splitlines() if line.startswith('"X-Generator'))).split(": ", 1)[1][:-3]}
    for entry in entries + obsolete:
        tc = [*entry.notes]
        if entry.origin:
            tc.append("transflow-origin: fuzzy 90% match of the previous source")
        if entry.translated and entry.msgstr:
            # the fingerprint of the text written: sha256 of NUL + msgstr, 12 hex digits
            text = hashlib.sha256(("\x00" + entry.msgstr).encode()).hexdigest()[:12]
            tc.append(f"transflow-translated: {entry.translated.person} {entry.translated.when} {text}")
        reference.append(polib.POEntry(
            msgid=entry.msgid, msgstr=entry.msgstr, tcomment="\n".join(tc), comment=entry.comment,
            occurrences=[tuple(r.split(":")) for r in entry.references],
            flags=(["fuzzy"] if entry.fuzzy else []) + list(entry.flags),
            previous_msgid=entry.previous if entry.fuzzy else None, obsolete=entry.obsolete))
    text = catalog_to_text(catalog, "one\n\ntwo")
    assert text == str(reference)
    path = tmp_path / "a.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    back = read_catalog(path)
    assert [(e.msgid, e.msgstr, e.fuzzy, e.previous) for e in back.entries] == [
        (e.msgid, e.msgstr, e.fuzzy and bool(e.msgstr), e.previous) for e in entries]


def test_only_the_header_decides_the_charset(tmp_path: Path):
    body = '# Why charset=latin1 still breaks pages\nmsgid "Why"\nmsgstr "Neden hâlâ"\n'
    (entry,) = read_catalog(po_file(tmp_path, body)).entries
    assert entry.msgstr == "Neden hâlâ"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e"])
def test_characters_that_splitlines_breaks_at_survive_a_round_trip(tmp_path: Path, separator: str):
    entry = Entry(msgid=f"Price is 5{separator} only.", msgstr=f"Fiyat 5{separator} yalnızca.",
                  previous=f"Price 5{separator}", fuzzy=True, notes=(f"note{separator}x",))
    catalog = Catalog("a", "tr", [entry], [], {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"})
    path = tmp_path / "a.po"
    path.write_text(catalog_to_text(catalog, "h"), encoding="utf-8")
    (back,) = read_catalog(path).entries
    assert (back.msgid, back.msgstr, back.previous, back.notes) == (entry.msgid, entry.msgstr, entry.previous, entry.notes)


def _msgfmt_reading(path: Path, tmp_path: Path) -> str:
    """The msgstr of "a" in ``path`` as gettext compiles it (msgfmt, read back from the .mo file)."""
    import polib

    mo = tmp_path / "x.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(path)], check=True, capture_output=True)
    return polib.mofile(str(mo)).find("a").msgstr


@pytest.mark.parametrize(
    "charset, written, expected",
    [
        ("UTF-8", r"\x41\x42C", "A,"),  # hex digits run on: \x42C is 0x42C, of which gettext keeps 0x2C
        ("UTF-8", r"\101\102\103", "ABC"),
        ("UTF-8", r"\1010", "A0"),  # at most 3 octal digits
        ("UTF-8", r"\x4142", "B"),  # any number of hex digits; the last byte is kept
        ("UTF-8", r"caf\303\251 \xc3\xa9", "café é"),  # escaped bytes are in the file's charset
        ("UTF-8", r"\a\b\f\v\r\t\n\\\"", '\a\b\f\v\r\t\n\\"'),
        ("UTF-8", r"\x5c\x22\x09", '\\"\t'),  # an escaped backslash, quote and tab stay themselves
        ("ISO-8859-1", r"caf\351", "café"),
        ("ISO-8859-1", r"\777", "ÿ"),  # over 255: gettext keeps the low byte (0xFF)
    ],
)
def test_escapes_are_read_as_msgfmt_reads_them(tmp_path: Path, charset: str, written: str, expected: str):
    path = po_file(tmp_path, f'msgid "a"\nmsgstr "{written}"\n', charset=charset)
    (entry,) = read_catalog(path).entries
    assert entry.msgstr == expected == _msgfmt_reading(path, tmp_path)
    out = tmp_path / "out.po"
    out.write_text(catalog_to_text(read_catalog(path), "h"), encoding="utf-8")
    (back,) = read_catalog(out).entries  # written back the way gettext writes, it reads the same
    assert back.msgstr == expected
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "body, line, message",
    [
        ('msgid "a"\n', 6, "msgid without msgstr (msgfmt: missing 'msgstr' section)"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "msgid without msgstr"),
        ('msgid "a"\n# note\nmsgstr "b"\n', 6, "msgid without msgstr"),
        ('msgid "a"\n#| msgid "x"\nmsgstr "b"\n', 6, "msgid without msgstr"),
        ('msgid "a"\nmsgstr[0] "b"\n', 7, "msgstr[0] without msgid_plural"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 8, "needs msgstr[0], msgstr[1] ... instead of msgstr"),
        ('msgid "a"\nmsgid_plural "as"\n', 6, "msgid without msgstr[0] (msgfmt: missing 'msgstr[]' section)"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n', 8, "msgstr[1] where msgstr[0] is due"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n', 9, "msgstr[2] where msgstr[1] is due"),
        ('msgstr "b"\n', 6, "msgstr without a msgid just before it"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 8, "msgstr without a msgid just before it"),
        ('msgctxt "k"\nmsgstr "b"\n', 6, "msgctxt without a msgid after it"),
        ('#~ msgid "a"\nmsgstr "b"\n', 7, "inconsistent use of #~"),
        ('msgid "a"\n#~ msgstr "b"\n', 7, "inconsistent use of #~"),
        ('msgid "a"\nmsgstr "x\\x04y"\n', 7, "EOT (\\x04)"),
        ('msgid "a"\nmsgstr "x\\ey"\n', 7, "'\\e' is not an escape gettext knows"),
        ('msgid "a"\nmsgstr "x\\xy"\n', 7, "'\\x' is not an escape gettext knows"),
        ('msgid "a"\nmsgstr "x"\n"y\n', 8, "syntax error"),
    ],
)
def test_what_msgfmt_refuses_is_one_located_error(tmp_path: Path, body: str, line: int, message: str):
    path = po_file(tmp_path, body)
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True).returncode != 0
    with pytest.raises(POFileError) as caught:
        read_catalog(path, "x.po")
    assert caught.value.line == line and message in caught.value.message, str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('msgid "a"\n\nmsgstr "b"\n', id="blank-line-inside"),
        pytest.param('#, fuzzy\n#| msgid "x"\n#| "y"\nmsgid "a"\nmsgstr "b"\n', id="previous"),
        pytest.param('msgctxt "k"\nmsgid "a"\nmsgstr "b"\n', id="context"),
        pytest.param('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', id="plural"),
        pytest.param('#~ msgid "a"\n#~ msgstr "b"\n#~ "c"\n', id="obsolete"),
        pytest.param('  # indented note\n  msgid "a"\n\tmsgstr "b"\n', id="indented"),
    ],
)
def test_what_msgfmt_accepts_is_read(tmp_path: Path, body: str):
    path = po_file(tmp_path, body)
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True).returncode == 0
    catalog = read_catalog(path)
    (entry,) = catalog.entries or catalog.obsolete
    assert entry.msgid == "a" and entry.msgstr.startswith("b")


@pytest.mark.parametrize("name", ["latin1", "ISO_8859-9", "windows-1254", "utf8", "cp1254"])
def test_aliases_of_gettext_charsets_are_read(tmp_path: Path, name: str):
    codec = "utf-8" if "utf" in name else "iso-8859-9"
    (entry,) = read_catalog(po_file(tmp_path, 'msgid "a"\nmsgstr "café"\n', charset=name, encoding=codec)).entries
    assert entry.msgstr == "café"


LONG_BLOCKS = (
    "# header comment\n#\n#  indented header line\n" * 8
    + 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    + "".join(f"# note {i}\n#\n##  hashes {i}\n#\ttab {i}\n" for i in range(6))
    + "".join(f"#. extracted {i}\n#.\n#.  indented {i}\n" for i in range(6))
    + "#: a.md:1\n# a note after the references\n"
    + 'msgid "a"\nmsgstr ""\n' + "".join(f'"piece {i} \\"quoted\\" \\\\ \\n"\n' for i in range(20))
    + "\n" + "".join(f"# obsolete note {i}\n" for i in range(20))
    + '#~ msgid "gone"\n#~ msgstr ""\n' + "".join(f'#~ "old {i}"\n' for i in range(20))
)


@pytest.mark.parametrize("text", [pytest.param(LONG_BLOCKS, id="tokens"),
                                  pytest.param(LONG_BLOCKS.replace("note 3", "note \ufdd0 3"), id="no-tokens")])
def test_long_comment_blocks_and_strings_read_as_polib_reads_them(text: str):
    """Collapsed runs (what keeps 100,000 comment lines linear) change nothing polib reads."""
    import polib

    from transflow.formats.po import _scan_irregular
    from transflow.formats.polex import prepare

    scanned = _scan_irregular(text, "x.po", "utf-8")
    reference = polib.pofile(text, wrapwidth=0)
    expected = [(e.tcomment, e.comment, tuple(e.occurrences), e.msgid, e.msgstr, e.obsolete, e.linenum)
                for e in reference]
    assert [(e.tcomment, e.comment, e.occurrences, e.msgid, e.msgstr, e.obsolete, e.line)
            for e in scanned.entries] == expected
    assert scanned.header_comment == reference.header
    assert len(scanned.entries) == 2 and len(scanned.entries[0].tcomment.split("\n")) == 6 * 4 + 1
    assert len(prepare(text, "x.po", "utf-8").blocks) == (4 if "\ufdd0" not in text else 0)


def test_polib_sees_one_line_for_a_long_comment_block():
    from transflow.formats.polex import prepare

    for prefix in ("# ", "#. "):
        text = 'msgid "a"\nmsgstr "b"\n\n' + "".join(f"{prefix}line {i}\n" for i in range(100_000)) + \
            'msgid "c"\nmsgstr ""\n' + "".join(f'"piece {i}"\n' for i in range(100_000))
        prepared = prepare(text, "x.po", "utf-8")
        seen = [line for line in prepared.text.split("\n") if line]
        assert len(seen) == 6 and len(prepared.text.split("\n")) == len(text.split("\n")), seen[:7]


# --- transflow's comments after another tool wrapped them ------------------------------------

_LONG_SLUG = "japan-south-korea-us-bolster-trilateral-response-after-the-summit-in-jeju"


def _wrapped_catalog() -> Catalog:
    from transflow.formats.po import conflict_note

    who = Attribution("a-translator-with-a-long-id", "2026-12-03T09:24:35Z", "e78a8dfa2e4e", "3d7f1a9f")
    long_text = ("Japonya, Güney Kore ve ABD, ortak tatbikatlarını genişletme kararı aldı; "
                 "bakanlar, bölgedeki https://example.org/a-very-long-address-without-any-spaces-at-all-here "
                 "gerginliğin\nartmasına  dikkat çekti. ")  # a line break, two spaces, one at the end
    entries = [
        Entry("The first sentence.", "Birinci cümle.", translated=who,
              reviewed=Attribution("kerem-the-reviewer-of-this-one", "2026-12-03T10:00:00Z"),
              origin=Origin(OriginKind.EXACT, 100, f"articles/{_LONG_SLUG}.md"),
              notes=(conflict_note("olga-smirnova-the-second", "2026-12-03T11:00:00Z", long_text),
                     "Own note.")),
        Entry("The second sentence.", "İkinci cümle.", fuzzy=True, previous="The 2nd sentence.",
              translated=who, origin=Origin(OriginKind.FUZZY, 87, f"articles/{_LONG_SLUG}.md",
                                            ("numbers differ", "markup differs"))),
    ]
    return Catalog("a", "tr", entries, [], {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"})


def _polib_wrapped(width: int) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        import polib

        po = polib.pofile(str(path), wrapwidth=width)
        po.wrapwidth = width
        po.save()
    return rewrite


def _babel_wrapped(path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    with open(path, "wb") as handle:
        write_po(handle, catalog)


@pytest.mark.parametrize("rewrite", [_polib_wrapped(78), _polib_wrapped(60), _polib_wrapped(40), _babel_wrapped],
                         ids=["polib-78", "polib-60", "polib-40", "babel-76"])
def test_transflows_comments_survive_being_wrapped(tmp_path: Path, rewrite: Callable[[Path], None]):
    path = tmp_path / "a.po"
    written = _wrapped_catalog()
    path.write_text(catalog_to_text(written, "a"), encoding="utf-8")
    before = read_catalog(path).entries
    assert before == written.entries
    rewrite(path)
    text = path.read_text(encoding="utf-8")
    assert any(line.startswith("# transflow-conflict:") and len(line) < 80 for line in text.splitlines())
    after = read_catalog(path).entries
    for old, new in zip(before, after, strict=True):
        assert (new.notes, new.origin, new.translated, new.reviewed) == (old.notes, old.origin, old.translated,
                                                                          old.reviewed)
        assert new.translated is not None and old.translated is not None
        assert (new.translated.text, new.translated.copy) == (old.translated.text, old.translated.copy)


@pytest.mark.parametrize("text", [" lead and trail ", "a  b   c", "back\\slash and \\n as typed", "two\nlines\tand a tab",
                                  "", " "])
def test_a_conflict_note_gives_back_its_text_exactly(text: str):
    from transflow.formats.po import conflict_note, conflicting_versions

    note = conflict_note("olga", "2026-12-03T11:00:00Z", text)
    assert "\n" not in note and "  " not in note  # what a wrapping tool keeps as it is
    assert not note.endswith(" ") or not text
    assert conflicting_versions(Entry("One.", notes=(note,))) == [(Attribution("olga", "2026-12-03T11:00:00Z"), text)]


def test_a_conflict_note_written_before_fingerprints_still_reads():
    from transflow.formats.po import CONFLICT_TAG, conflicting_versions

    entry = Entry("One.", "Bir.", notes=(f"{CONFLICT_TAG} olga 2026-11-30T10:00:00Z Tek bir\\nmetin.",))
    assert conflicting_versions(entry) == [(Attribution("olga", "2026-11-30T10:00:00Z"), "Tek bir\nmetin.")]
