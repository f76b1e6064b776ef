"""The fast reader of regular PO files reads exactly what the checking lexer and polib read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from transflow.errors import POFileError
from transflow.formats.po import _scan_irregular, catalog_to_text, decode_po_bytes, read_catalog
from transflow.formats.poscan import scan_regular
from transflow.model.catalog import Attribution, Catalog, Entry, Origin, OriginKind

HEADER = 'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def same_reading(text: str) -> bool:
    """Whether the fast path took ``text``; when it did, it must read what the slow path reads."""
    fast = scan_regular(text)
    if fast is None:
        return False
    assert fast == _scan_irregular(text, "x.po", "utf-8")
    return True


CASES = {
    "plain": (HEADER + '#. paragraph\n#: articles/a.md:3\nmsgid "A."\nmsgstr "B."\n', True),
    "comments of every kind, in any order": (
        HEADER + '# note\n#\n#  indented\n#: a.md:1 b.md c.md:x :12\n#. first\n#. second\n# late note\n'
        '#, fuzzy, c-format\n#| msgid "Old."\nmsgid "A."\nmsgstr "B."\n', True),
    "escapes polib knows": (HEADER + 'msgid "say \\"hi\\" \\\\ tab\\t cr\\r"\nmsgstr "x\\n"\n', True),
    "continuation lines (Poedit, msgcat)": (
        HEADER + 'msgid ""\n"First part, "\n"second part."\nmsgstr ""\n"Birinci, "\n"ikinci."\n', True),
    "previous msgid over several lines": (
        HEADER + '#, fuzzy\n#| msgid ""\n#| "Old "\n#| "text."\nmsgid "New text."\nmsgstr "Eski."\n', True),
    "context": (HEADER + 'msgctxt "menu"\nmsgid "Open"\nmsgstr "Aç"\n', True),
    "obsolete, with their previous strings and comments": (
        HEADER + 'msgid "A."\nmsgstr "B."\n\n# kept note\n#, fuzzy\n#~| msgid "Older."\n#~ msgid "Gone."\n'
        '#~ msgstr ""\n#~ "Gitti."\n\n#~| msgid "x"\n#~ msgid "Also gone."\n#~ msgstr "Y"\n', True),
    "header comment and a fuzzy header (msgmerge)": (
        "# Turkish translation.\n# Ayşe Demir <ayse@example.org>, 2026.\n#\n#, fuzzy\n" + HEADER
        + 'msgid "A."\nmsgstr ""\n', True),
    "no final line break": (HEADER + 'msgid "A."\nmsgstr "B."', True),
    "empty comment lines polib skips": (HEADER + '#.\n#:\n#,\nmsgid "A."\nmsgstr "B."\n', True),
    "header lines without a colon continue the value": (
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"X-Note: one\\n"\n"two\\n"\n\nmsgid "A."\nmsgstr ""\n', True),
    # The slow path, for what the fast one is not sure of:
    "octal and hex escapes": (HEADER + 'msgid "\\x41\\101"\nmsgstr ""\n', False),
    "plural forms": (HEADER + 'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "bir"\nmsgstr[1] "çok"\n', False),
    "indented lines": (HEADER + '  msgid "A."\nmsgstr "B."\n', False),
    "trailing blanks": (HEADER + '#. note  \nmsgid "A."\nmsgstr "B."  \n', False),
    "a blank line of spaces": (HEADER + 'msgid "A."\nmsgstr "B."\n   \nmsgid "C."\nmsgstr ""\n', False),
    "double hash comments": (HEADER + '## old style\nmsgid "A."\nmsgstr "B."\n', False),
    "a tab after the comment mark": (HEADER + '#.\tnote\nmsgid "A."\nmsgstr "B."\n', False),
    "no header entry": ('#. x\nmsgid "A."\nmsgstr "B."\n', False),
    "a line separator inside a string": (HEADER + 'msgid "A\u2028B"\nmsgstr ""\n', False),
    "trailing comments after the last entry": (HEADER + 'msgid "A."\nmsgstr "B."\n\n# the end\n', False),
}


@pytest.mark.parametrize("text, fast", CASES.values(), ids=CASES.keys())
def test_fast_path_reads_what_the_slow_path_reads(text: str, fast: bool):
    assert same_reading(text) is fast


@pytest.mark.parametrize("text", [
    HEADER + 'msgid "A."\n',  # no msgstr
    HEADER + 'msgstr "B."\n',  # no msgid
    HEADER + 'msgid "A."\n# inside\nmsgstr "B."\n',  # a comment inside an entry
    HEADER + 'msgid "A "quoted" B."\nmsgstr ""\n',  # an unescaped quote
    HEADER + '#~ msgid "A."\nmsgstr "B."\n',  # half obsolete
    HEADER + '#.x\nmsgid "A."\nmsgstr "B."\n',
    HEADER + 'msgid "A.\\q"\nmsgstr ""\n',
    HEADER + 'msgid "A\x04B"\nmsgstr ""\n',
], ids=["no msgstr", "no msgid", "comment inside", "unescaped quote", "half obsolete", "#.x", "bad escape", "EOT"])
def test_the_fast_path_never_accepts_what_msgfmt_refuses(text: str):
    assert scan_regular(text) is None
    with pytest.raises(POFileError):
        _scan_irregular(text, "x.po", "utf-8")


def _transflow_file() -> str:
    entries = [
        Entry("Plain sentence.", "Düz cümle.", references=("articles/a.md:3",), comment="paragraph",
              translated=Attribution("ayse", "2026-11-20T10:15:00Z")),
        Entry('He said "no" \\ twice.\nNew line.', "O \"hayır\" dedi.\n", fuzzy=True, previous="He said no.",
              origin=Origin(OriginKind.FUZZY, 88, "articles/a-very-long-slug-that-polib-would-have-wrapped-at-78.md",
                            ("numbers differ",))),
        Entry("Untranslated.", notes=("A translator's note.", "", "Second paragraph of it.")),
    ]
    obsolete = [Entry("Gone.", "Gitti.", obsolete=True, fuzzy=True, previous="Older.")]
    catalog = Catalog("a", "tr", entries, obsolete, {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"})
    return catalog_to_text(catalog, "Turkish translation.\nAyşe Demir <ayse@example.org>, 2026.")


def test_what_transflow_writes_takes_the_fast_path():
    assert same_reading(_transflow_file())


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext's msgcat is not installed")
@pytest.mark.parametrize("options", [[], ["--no-wrap"], ["--width=40"], ["--sort-output"]])
def test_what_msgcat_writes_takes_the_fast_path(tmp_path: Path, options: list[str]):
    """gettext's own tools rewrap and reorder; the result is still the regular shape."""
    path = tmp_path / "x.po"
    path.write_text(_transflow_file(), encoding="utf-8")
    subprocess.run(["msgcat", *options, "-o", str(path), str(path)], check=True)
    text = decode_po_bytes(path.read_bytes(), "x.po")
    assert same_reading(text)
    assert sorted(e.msgstr for e in read_catalog(path)) == sorted(["Düz cümle.", "O \"hayır\" dedi.\n", ""])


# Lines an editor, a tool or a person may write, valid and not.
_COMMENT_LINES = ["#", "# note", "#  indented", "# note ", "##x", "#. paragraph", "#.", "#.x", "#: a.md:3 b.md",
                  "#: :12", "#:", "#, fuzzy", "#, fuzzy, c-format", "#,fuzzy", "#| msgid \"old\"", "#| \"more\"",
                  "#| msgctxt \"c\"", "#~| msgid \"o\"", " # lead", "#\tnote"]
_STRING_BODIES = ['"a"', '""', '"q \\"x\\" \\\\ \\n"', '"\\x41"', '"tab\\t"', '"ü ş 😀"', '"bad \\q"', '"open']
_ODD_LINES = ["", "   ", 'msgctxt "ctx"', 'msgid_plural "as"', 'msgstr[0] "x"', '"stray"', "#~ msgid \"g\"",
              "#~ msgstr \"h\"", '#~ "cont"', "garbage"]


@st.composite
def _po_texts(draw: st.DrawFn) -> str:
    lines = ['msgid ""', 'msgstr ""', '"Language: tr\\n"', ""] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 5))):
        obsolete = "#~ " if draw(st.integers(0, 4)) == 0 else ""
        lines += draw(st.lists(st.sampled_from(_COMMENT_LINES), max_size=4))
        for keyword in ("msgid", "msgstr"):
            lines.append(f"{obsolete}{keyword} {draw(st.sampled_from(_STRING_BODIES))}")
            lines += [f"{obsolete}{body}" for body in draw(st.lists(st.sampled_from(_STRING_BODIES), max_size=2))]
        lines += [""] * draw(st.integers(0, 2))
        if draw(st.integers(0, 5)) == 0:
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(_ODD_LINES)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@given(_po_texts())
@settings(max_examples=examples(400), deadline=None)
def test_any_text_the_fast_path_takes_the_slow_path_reads_the_same(text: str):
    fast = scan_regular(text)
    if fast is None:
        return
    assert fast == _scan_irregular(text, "x.po", "utf-8")
