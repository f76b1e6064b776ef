"""The unit-wise three-way merge of one PO file (workspace.threeway)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from transflow.formats.po import CONFLICT_TAG, Header, conflicting_versions
from transflow.model.catalog import Attribution, Catalog, Entry
from transflow.workspace.threeway import merge_three_way

WHEN = "2026-12-03T10:00:00Z"
ANA = Attribution("ana", "2026-12-01T09:00:00Z")
BORA = Attribution("bora", "2026-12-02T09:00:00Z")


def unit(msgid: str, msgstr: str = "", **fields: object) -> Entry:
    return Entry(msgid, msgstr, references=(f"articles/a.md:{len(msgid)}",), **fields)  # type: ignore[arg-type]


def catalog(*entries: Entry, obsolete: tuple[Entry, ...] = (), **headers: str) -> Catalog:
    return Catalog("a", "tr", list(entries), [replace(e, obsolete=True) for e in obsolete],
                   {Header.LANGUAGE: "tr", **headers})


BASE = catalog(unit("One."), unit("Two."), unit("Three.", "Üç.", translated=ANA))


def texts(result_catalog: Catalog) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in result_catalog.entries}


def test_units_translated_on_different_sides_are_both_taken():
    ours = catalog(unit("One.", "Bir.", translated=ANA), unit("Two."), BASE.entries[2])
    theirs = catalog(unit("One."), unit("Two.", "İki.", translated=BORA), BASE.entries[2])
    result = merge_three_way(BASE, ours, theirs, WHEN)
    assert texts(result.catalog) == {"One.": "Bir.", "Two.": "İki.", "Three.": "Üç."}
    assert result.conflicts == []
    assert result.catalog.by_msgid()["Two."].translated == BORA


def test_the_same_text_on_both_sides_is_clean_and_a_review_is_kept():
    reviewed = unit("One.", "Bir.", translated=ANA, reviewed=BORA)
    ours = catalog(unit("One.", "Bir.", translated=ANA), *BASE.entries[1:])
    theirs = catalog(reviewed, *BASE.entries[1:])
    result = merge_three_way(BASE, ours, theirs, WHEN)
    assert result.conflicts == []
    assert result.catalog.by_msgid()["One."].reviewed == BORA


def test_different_texts_keep_ours_and_theirs_as_a_conflict():
    ours = catalog(*BASE.entries[:2], unit("Three.", "Üç!", translated=ANA))
    theirs = catalog(*BASE.entries[:2], unit("Three.", "Üçüncü.", translated=BORA))
    result = merge_three_way(BASE, ours, theirs, WHEN)
    (conflict,) = result.conflicts
    assert (conflict.msgid, conflict.ours, conflict.theirs) == ("Three.", "Üç!", "Üçüncü.")
    merged = result.catalog.by_msgid()["Three."]
    assert merged.msgstr == "Üç!"
    assert conflicting_versions(merged) == [(Attribution("bora", BORA.when), "Üçüncü.")]


def test_an_empty_text_on_one_side_gives_way():
    ours = catalog(*BASE.entries[:2], unit("Three.", "", translated=None))
    theirs = catalog(*BASE.entries[:2], unit("Three.", "Üçüncü.", translated=BORA))
    result = merge_three_way(BASE, ours, theirs, WHEN)
    assert result.conflicts == [] and texts(result.catalog)["Three."] == "Üçüncü."


def test_a_unit_added_on_one_side_is_placed_after_the_unit_it_follows_there():
    theirs = catalog(BASE.entries[0], unit("One and a half."), *BASE.entries[1:])
    result = merge_three_way(BASE, BASE, theirs, WHEN)
    assert [e.msgid for e in result.catalog.entries] == ["One.", "One and a half.", "Two.", "Three."]
    assert result.taken_from_theirs == 1


def test_a_unit_removed_on_one_side_and_untouched_on_the_other_is_removed():
    ours = catalog(*BASE.entries[:2])
    result = merge_three_way(BASE, ours, BASE, WHEN)
    assert [e.msgid for e in result.catalog.entries + result.catalog.obsolete] == ["One.", "Two."]


def test_a_unit_removed_on_one_side_and_translated_on_the_other_keeps_the_translation():
    ours = catalog(BASE.entries[0], BASE.entries[2])  # "Two." gone from ours
    theirs = catalog(BASE.entries[0], unit("Two.", "İki.", translated=BORA), BASE.entries[2])
    result = merge_three_way(BASE, ours, theirs, WHEN)
    assert texts(result.catalog)["Two."] == "İki."


def test_a_unit_made_obsolete_by_update_on_one_side_keeps_the_other_sides_new_translation():
    ours = catalog(*BASE.entries[:2], obsolete=(BASE.entries[2],))  # the source sentence was removed
    theirs = catalog(*BASE.entries[:2], unit("Three.", "Üçüncü.", translated=BORA))
    result = merge_three_way(BASE, ours, theirs, WHEN)
    (kept,) = result.catalog.obsolete
    assert (kept.msgid, kept.msgstr, kept.translated) == ("Three.", "Üçüncü.", BORA)
    assert result.conflicts == []


def test_both_sides_adding_the_file_with_different_texts_is_a_conflict():
    ours = catalog(unit("One.", "Bir.", translated=ANA))
    theirs = catalog(unit("One.", "Tek.", translated=BORA))
    result = merge_three_way(None, ours, theirs, WHEN)
    assert [c.theirs for c in result.conflicts] == ["Tek."]


def test_conflicts_already_recorded_on_the_other_side_are_kept():
    earlier = f"{CONFLICT_TAG} cem {WHEN} Üç?"
    ours = catalog(*BASE.entries[:2], unit("Three.", "Üç!", translated=ANA))
    theirs = catalog(*BASE.entries[:2], unit("Three.", "Üçüncü.", translated=BORA, notes=(earlier,)))
    merged = merge_three_way(BASE, ours, theirs, WHEN).catalog.by_msgid()["Three."]
    assert [text for _who, text in conflicting_versions(merged)] == ["Üç?", "Üçüncü."]


@pytest.mark.parametrize(
    "base, ours, theirs, expected",
    [
        ("2026-12-01 09:00+0000", "2026-12-02 09:00+0000", "2026-12-01 09:00+0000", "2026-12-02 09:00+0000"),
        ("2026-12-01 09:00+0000", "2026-12-01 09:00+0000", "2026-12-03 09:00+0000", "2026-12-03 09:00+0000"),
        ("2026-12-01 09:00+0000", "2026-12-04 09:00+0000", "2026-12-03 09:00+0000", "2026-12-04 09:00+0000"),
        ("2026-12-01 09:00+0000", "2026-12-02 09:00+0000", "2026-12-05 09:00+0000", "2026-12-05 09:00+0000"),
    ],
)
def test_headers_merge_key_by_key_and_the_later_revision_wins(base: str, ours: str, theirs: str, expected: str):
    result = merge_three_way(
        catalog(**{Header.REVISION_DATE: base, "X-Generator": "Poedit 3.4"}),
        catalog(**{Header.REVISION_DATE: ours, "X-Generator": "Poedit 3.4"}),
        catalog(**{Header.REVISION_DATE: theirs, "X-Generator": "Weblate 5.8"}),
        WHEN,
    )
    assert result.catalog.headers[Header.REVISION_DATE] == expected
    assert result.catalog.headers["X-Generator"] == "Weblate 5.8"


def test_a_conflict_merged_again_is_recorded_once_and_never_against_itself():
    """Two clones each merged the same two texts; then their merges meet."""
    a_note = f"{CONFLICT_TAG} ana {WHEN} Üç!"
    b_note = f"{CONFLICT_TAG} bora {WHEN} Üçüncü."
    ours = catalog(*BASE.entries[:2], unit("Three.", "Üç!", translated=ANA, notes=(b_note,)))
    theirs = catalog(*BASE.entries[:2], unit("Three.", "Üçüncü.", translated=BORA, notes=(a_note,)))
    merged = merge_three_way(BASE, ours, theirs, WHEN).catalog.by_msgid()["Three."]
    assert merged.msgstr == "Üç!"
    assert [text for _who, text in conflicting_versions(merged)] == ["Üçüncü."]
