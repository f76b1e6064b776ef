"""transflow.util.wordcount: the word counts status and activity are built on, counted by hand."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transflow.util.wordcount import count_words

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, words", [
    ("Markets fell.", 2),
    ("The U.S. Federal Reserve", 4),  # an abbreviation is one word
    ("the Korea-U.S.-Japan National Defense University", 5),  # so is a hyphenated compound
    ("the nations’ concerted efforts", 4),
    ("don't, won’t", 2),  # apostrophes, straight and curly, inside a word
    ("e.g. a 1,000.50 dollar bill", 5),
    ("well — known", 2),  # a dash between spaces is not a word
    ("North–South talks", 3),  # an en dash joins nothing
    ("— … ! ? 🙂", 0),
    ("naïve café, cafe\u0301", 3),  # composed and decomposed accents
    ("नमस्ते दुनिया", 2),  # Devanagari vowel signs are combining marks inside the word
    ("東京は日本の首都です。", 10),  # Han and kana: one word per character
    ("Tokyo（東京）is big", 5),
    ("See [the report](https://example.org/a-b \"Title\") now.", 4),  # the link destination is not counted
    ("See [the page](https://en.wikipedia.org/wiki/Foo_(bar)) now.", 4),  # parentheses inside a destination
    ("A [link](notes_(draft).md) here", 3),
    ("[x](" * 3 + "end", 4),  # unclosed links are text: x x x end
    ("Read <https://example.org/x> and https://example.org/y today", 3),
    ("A note[^1] here", 3),
    ("<b>bold</b> and <a href=\"x\">a link</a>", 4),
    ("`code span` counts", 3),
    ("", 0),
])
def test_count_words(text: str, words: int):
    assert count_words(text) == words


def test_plain_sentences_count_like_splitting_on_spaces():
    """Over the sample's units made only of letters, spaces and end punctuation, the
    count is that of ``str.split``: the rules only matter where they say they do."""
    checked = 0
    for path in sorted((REPO / "locales").glob("*.pot")):
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if text and all(c.isalpha() or c in " ,.;:" for c in text):
                assert count_words(text) == len(text.split()), text
                checked += 1
    assert checked > 10
