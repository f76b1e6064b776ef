"""transflow.util.textdiff: word-level differences, used by diff and the dashboard."""

from __future__ import annotations

import pytest

from transflow.util.textdiff import WordDiff, word_diff


def test_word_diff_rebuilds_both_texts_of_a_sentence():
    old, new = "The exercise took place in international waters.", "The drill took place in disputed waters."
    words = word_diff(old, new)
    assert "".join(w.text for w in words if w.op != "insert") == old
    assert "".join(w.text for w in words if w.op != "delete") == new
    assert [(w.op, w.text) for w in words if w.op != "equal"] == [
        ("delete", "exercise"), ("insert", "drill"), ("delete", "international"), ("insert", "disputed")]


@pytest.mark.parametrize("old, new", [
    ("The exercise took place in May.", "The exercise took place in June."),
    ("at least one U.S. bomber", "at least two U.S. bombers"),
    ("", "All new."),
    ("Gone.", ""),
    ("Same text.", "Same text."),
    ("Güney Kore ve ABD", "Güney Kore, ABD ve Japonya"),
])
def test_word_diff_rebuilds_both_texts(old: str, new: str):
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert all(p.op == "equal" for p in pieces) is (old == new)


def test_word_diff_works_on_words_not_letters():
    pieces = word_diff("at least one bomber", "at least two bombers")
    assert WordDiff("delete", "one") in pieces and WordDiff("insert", "two") in pieces
    assert WordDiff("delete", "bomber") in pieces and WordDiff("insert", "bombers") in pieces
