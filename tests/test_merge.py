"""merge_template: every rule of how translations are carried to a new template."""

from __future__ import annotations

import pytest

from transflow.model.catalog import Attribution, Catalog, Entry, Origin, OriginKind, UnitStatus
from transflow.workspace.merge import (
    containment,
    merge_template,
    pair_similar,
    similarity,
)

AYSE = Attribution("ayse", "2026-11-20T10:00:00Z")
KEREM = Attribution("kerem", "2026-11-21T09:00:00Z")

S1 = "The exercise took place in international waters off the coast of Jeju Island."
S2 = "This marked the first deployment of the strategic bomber near the Korean Peninsula this year."
S3 = "Some ASEAN countries are also enhancing their defense capacities."


def unit(text: str) -> Entry:
    return Entry(msgid=text, references=("articles/a.md:1",), comment="paragraph")


def translated(text: str, msgstr: str, reviewed: bool = False) -> Entry:
    return Entry(msgid=text, msgstr=msgstr, translated=AYSE, reviewed=KEREM if reviewed else None)


def catalog(*entries: Entry, obsolete: tuple[Entry, ...] = ()) -> Catalog:
    return Catalog("a", "tr", list(entries), list(obsolete))


def merged(template: list[str], old: Catalog | None, memory=None, threshold: float = 0.7):
    return merge_template([unit(t) for t in template], old, threshold, memory)


def test_unchanged_and_moved_units_keep_translation_status_and_attribution():
    old = catalog(translated(S1, "T1", reviewed=True), translated(S2, "T2"))
    live, obsolete, summary = merged([S2, S1], old)
    assert [(e.msgid, e.msgstr, e.status) for e in live] == [
        (S2, "T2", UnitStatus.TRANSLATED),
        (S1, "T1", UnitStatus.REVIEWED),
    ]
    assert live[1].translated == AYSE and live[1].reviewed == KEREM
    assert live[0].references == ("articles/a.md:1",)
    assert obsolete == [] and summary.unchanged == 2 and summary.stale == 0


def test_one_word_edit_keeps_translation_as_stale_with_previous_source_and_drops_review():
    edited = S1.replace("international", "disputed")
    live, obsolete, summary = merged([edited], catalog(translated(S1, "T1", reviewed=True)))
    (entry,) = live
    assert entry.msgid == edited and entry.msgstr == "T1"
    assert entry.status is UnitStatus.STALE and entry.previous == S1
    assert entry.reviewed is None and entry.translated == AYSE
    assert obsolete == []  # the translation lives on in the stale entry
    assert summary.stale == 1


def test_edit_of_already_stale_unit_keeps_the_source_the_translation_was_made_for():
    first = S1.replace("international", "disputed")
    second = first.replace("Jeju", "Cheju")
    old = catalog(Entry(msgid=first, msgstr="T1", fuzzy=True, previous=S1))
    (entry,), _, _ = merged([second], old)
    assert entry.previous == S1 and entry.msgstr == "T1" and entry.fuzzy


@pytest.mark.parametrize(
    "old_text, new_text",
    [
        ("Disc metadata", "Migrating metadata"),  # exaile/exaile#884: msgmerge matches these
        (S1, S3),  # unrelated sentences
        ("Share this article.", "Read the full report."),
    ],
)
def test_unrelated_text_is_not_matched(old_text, new_text):
    live, obsolete, summary = merged([new_text], catalog(translated(old_text, "OLD")))
    assert live[0].status is UnitStatus.UNTRANSLATED
    assert [e.msgstr for e in obsolete] == ["OLD"] and obsolete[0].obsolete
    assert summary.new == 1 and summary.obsolete == 1


@pytest.mark.parametrize(
    "old_text, new_text",
    [
        (S1, S1.replace("international", "disputed")),
        (S2, S2.replace("first", "second")),
        ("The service is available today.", "The service is not available today."),
        (S3, S3 + " too"),
        ("Colour settings are saved.", "Color settings are saved."),
    ],
)
def test_small_edits_match_above_the_default_threshold(old_text, new_text):
    assert similarity(old_text, new_text) >= 0.7


def test_removed_unit_becomes_obsolete_and_returns_translated_when_text_comes_back():
    old = catalog(translated(S1, "T1"), translated(S2, "T2", reviewed=True))
    live, obsolete, _ = merged([S1], old)
    assert [e.msgid for e in obsolete] == [S2]
    assert obsolete[0].reviewed == KEREM  # attribution survives in the obsolete entry
    live2, obsolete2, summary2 = merged([S1, S2], catalog(*live, obsolete=tuple(obsolete)))
    assert [(e.msgstr, e.status) for e in live2] == [("T1", UnitStatus.TRANSLATED), ("T2", UnitStatus.REVIEWED)]
    assert obsolete2 == [] and summary2.restored == 1


def test_split_sentence_offers_old_translation_to_the_most_similar_part():
    whole = "The ministers met in Seoul on Monday, and they agreed on a new framework for cooperation."
    first = "The ministers met in Seoul on Monday."
    second = "They agreed on a new framework for cooperation and signed it."
    live, obsolete, summary = merged([first, second], catalog(translated(whole, "WHOLE")))
    suggested = [e for e in live if e.msgstr]
    assert len(suggested) == 1 and suggested[0].fuzzy and suggested[0].previous == whole
    assert obsolete == []
    assert summary.stale == 1 and summary.new == 1


def test_merged_sentences_offer_both_translations_joined_and_keep_the_parts():
    first = "The ministers met in Seoul on Monday."
    second = "They agreed on a new framework for cooperation."
    joined = "The ministers met in Seoul on Monday and agreed on a new framework for cooperation."
    live, obsolete, _ = merged([joined], catalog(translated(first, "A"), translated(second, "B")))
    (entry,) = live
    assert entry.fuzzy and entry.msgstr == "A B" and entry.previous == f"{first} {second}"
    assert sorted(e.msgstr for e in obsolete) == ["A", "B"]


def test_a_memory_match_is_prefilled_as_stale_with_its_origin_and_source():
    exact = Origin(OriginKind.EXACT, 100, "articles/other.md")
    fuzzy = Origin(OriginKind.FUZZY, 88, "articles/third.md", ("numbers differ",))
    asked = []

    def memory(text, before, after):
        asked.append((text, before, after))
        return {S3: ("T3", S3, exact), S2: ("T2 of 3", "An earlier sentence, 3 words.", fuzzy)}.get(text)

    live, _, summary = merged([S3, S2, S1], None, memory=memory)
    assert [(e.msgstr, e.status, e.origin, e.previous) for e in live] == [
        ("T3", UnitStatus.STALE, exact, None),
        ("T2 of 3", UnitStatus.STALE, fuzzy, "An earlier sentence, 3 words."),
        ("", UnitStatus.UNTRANSLATED, None, None),
    ]
    assert asked == [(S3, None, S2), (S2, S3, S1), (S1, S2, None)]  # each with its neighbours
    assert summary.reused == 2 and summary.new == 1


def test_untranslated_old_units_vanish_without_obsolete_entries():
    live, obsolete, _ = merged([S2], catalog(unit(S1)))
    assert obsolete == [] and live[0].status is UnitStatus.UNTRANSLATED


def test_pair_similar_is_one_to_one_and_best_first():
    old = ["The cat sat on the mat today.", "The dog sat on the mat today."]
    new = ["The cat sat on the mat yesterday."]
    assert [(i, j) for i, j, _ in pair_similar(new, old, 0.5)] == [(0, 0)]


def test_containment_ignores_very_short_units():
    assert containment("Yes.", "Yes. We will go.") == 0.0
    assert containment("met in Seoul on Monday", "The ministers met in Seoul on Monday.") == 1.0
