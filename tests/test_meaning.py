"""The meaning-change guard: what a stale unit's or a fuzzy match's earlier source said
differently (a negation, numbers, names, a quotation), in its origin, in the PO file."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT, examples
from transflow.formats.po import ORIGIN_TAG, catalog_from_text, catalog_to_text, origin_text, parse_origin, read_catalog
from transflow.model.catalog import Catalog, Entry, Origin, OriginKind
from transflow.qa.meaning import meaning_changes, source_rules
from transflow.workspace.memory import placeable_differences
from transflow.workspace.merge import merge_template, similarity

# --- what changed, on real news sentences ------------------------------------------------

CHANGED = [
    # a negation added, in its several forms
    ("The exercise took place in international waters off the coast of Jeju Island.",
     "The exercise did not take place in international waters off the coast of Jeju Island.",
     ("negation added: not",)),
    ("Japan and South Korea reaffirmed their commitment to bolstering defense and deterrence.",
     "Japan and South Korea no longer reaffirmed their commitment to bolstering defense and deterrence.",
     ("negation added: “no longer”",)),
    ("The ministry has commented on the report about the missile launch.",
     "The ministry has never commented on the report about the missile launch.",
     ("negation added: never",)),
    ("You can prepare for everything, the defense expert told reporters.",
     "You can’t prepare for everything, the defense expert told reporters.",
     ("negation added: can’t",)),
    ("Investigators found evidence of a cyberattack on the ministry’s network.",
     "Investigators found no evidence of a cyberattack on the ministry’s network.",
     ("negation added: no",)),
    ("The agreement was signed with the consent of parliament.",
     "The agreement was signed without the consent of parliament.",
     ("negation added: without",)),
    ("Somebody claimed responsibility for the attack on the embassy.",
     "Nobody claimed responsibility for the attack on the embassy.",
     ("negation added: nobody",)),
    ("The statement said that the allies had agreed on something new.",
     "The statement said that the allies had agreed on nothing new.",
     ("negation added: nothing",)),
    ("The talks will resume, and the sanctions will stay in place.",
     "The talks won't resume, nor will the sanctions stay in place.",
     ("negation added: won't, nor",)),
    # ... and removed
    ("The United States will not join the talks in Brussels next week.",
     "The United States will join the talks in Brussels next week.",
     ("negation removed: not",)),
    ("Pyongyang has never tested such a missile over the Sea of Japan.",
     "Pyongyang has tested such a missile over the Sea of Japan.",
     ("negation removed: never",)),
    ("The company doesn't expect further delays to the shipyard contract.",
     "The company expects further delays to the shipyard contract.",
     ("negation removed: doesn't",)),
    ("Seoul is no longer part of the agreement on intelligence sharing.",
     "Seoul is part of the agreement on intelligence sharing.",
     ("negation removed: “no longer”",)),
    ("Neither side accepted the proposal for a ceasefire.",
     "Each side accepted the proposal for a ceasefire.",
     ("negation removed: neither",)),
    # numbers, old → new
    ("On July 11, 2025, South Korea, the United States and Japan conducted a joint air exercise.",
     "On July 14, 2025, South Korea, the United States and Japan conducted a joint air exercise.",
     ("numbers changed: 11 → 14",)),
    ("At least 12 people died and 3 were injured in the blast, police said.",
     "At least 14 people died and 4 were injured in the blast, police said.",
     ("numbers changed: 12 → 14, 3 → 4",)),
    ("The ministry said 1,200 troops took part in the drills.",
     "The ministry said 1,500 troops took part in the drills.",
     ("numbers changed: 1,200 → 1,500",)),
    ("The exercise was the first conducted outside the U.S. since the series began.",
     "The exercise was the first conducted outside the U.S. since the series began in 2014.",
     ("numbers changed: – → 2014",)),
    ("In late April 2025, the allies conducted a high-level exercise in Seoul.",
     "In late April, the allies conducted a high-level exercise in Seoul.",
     ("numbers changed: 2025 → –",)),
    ("Growth slowed to 3.5% in the second quarter.", "Growth slowed to 3.2% in the second quarter.",
     ("numbers changed: 3.5 → 3.2",)),
    # names, old → new (capitalised words that do not open the sentence)
    ("U.S. President Joe Biden hosted the leaders of Japan and South Korea at Camp David.",
     "U.S. President Donald Trump hosted the leaders of Japan and South Korea at Camp David.",
     ("name changed: “Joe Biden” → “Donald Trump”",)),
    ("The talks were led by Biden, officials in Washington said.",
     "The talks were led by Trump, officials in Washington said.",
     ("name changed: Biden → Trump",)),
    ("The report on the summit was written by Conor O'Brien.",
     "The report on the summit was written by Conor O'Neill.",
     ("name changed: O'Brien → O'Neill",)),
    ("The foreign ministers met in Brussels, Belgium, and reaffirmed their commitment.",
     "The foreign ministers met in Seoul, South Korea, and reaffirmed their commitment.",
     ("name changed: Brussels → Seoul, Belgium → “South Korea”",)),
    ("The joint statement was signed by Зеленский and the Japanese prime minister.",
     "The joint statement was signed by Шмыгаль and the Japanese prime minister.",
     ("name changed: Зеленский → Шмыгаль",)),
    ("The leaders met in August at Camp David and expressed commitment.",
     "The leaders met in August at Camp David Summit and expressed commitment.",
     ("name changed: “Camp David” → “Camp David Summit”",)),
    # a quotation changed
    ("“Our focus is to reestablish deterrence,” General Dan Caine stated.",
     "“Our focus is to restore deterrence,” General Dan Caine stated.",
     ("quotation changed",)),
    ("The leaders «strongly opposed unlawful maritime claims» in the joint statement.",
     "The leaders «opposed maritime claims» in the joint statement.",
     ("quotation changed",)),
    ('The minister called the drills "a necessary response" on Friday.',
     'The minister called the drills "an unnecessary provocation" on Friday.',
     ("quotation changed",)),
    # several at once, in a fixed order
    ("The ministry said 14 ships would sail through the strait, Kim told reporters.",
     "The ministry said 12 ships would not sail through the strait, Lee told reporters.",
     ("negation added: not", "numbers changed: 14 → 12", "name changed: Kim → Lee")),
    ("“We will sail,” Kim said on Monday.", "“We will not sail,” Kim said on Monday.",
     ("negation added: not", "quotation changed")),
]

UNCHANGED = [
    # the same meaning cues, reworded
    ("The United States will not join the talks in Brussels next week.",
     "The United States won't join the talks in Brussels next week."),
    ("The minister did not comment on the report.", "The minister never commented on the report."),
    ("Officials said the exercise took place in international waters off the coast of Jeju Island.",
     "The exercise took place in international waters off the coast of Jeju Island, officials said."),
    # a number moved, a thousands separator, a footnote renumbered, a number in a URL
    ("In 2014, the series began with 3 countries.", "The series began with 3 countries in 2014."),
    ("About 1,000 sailors took part in the exercise.", "About 1000 sailors took part in the exercise."),
    ("This marked the first deployment of the strategic bomber this year.[^1]",
     "This marked the first deployment of the strategic bomber this year.[^2]"),
    ("The full text is at https://example.org/reports/2024/summit for readers.",
     "The full text is at https://example.org/reports/2025/summit for readers."),
    # "un-" makes a word of its own, not a negated sentence; "not only … but also" adds
    ("The leaders opposed lawful maritime claims in the region.",
     "The leaders opposed unlawful maritime claims in the region."),
    ("The meetings contribute to institutionalizing this alliance and set an example.",
     "The meetings not only contribute to institutionalizing this alliance but also set an example."),
    # names: the same ones moved, written U.S./US, possessive, or a headline in Title Case
    ("Japan and South Korea met the United States in Seoul.", "In Seoul, Japan and South Korea met the United States."),
    ("The U.S. Navy joined the drills.", "The US Navy joined the drills."),
    ("The drills near South Korea were the largest this year.", "South Korea’s drills were the largest this year."),
    ("Japan, South Korea, U.S. Bolster Trilateral Response to North Korean Threats",
     "Japan, South Korea, U.S. Strengthen Trilateral Response to North Korean Threats"),
    ("I think there is a recognition that Seoul needs allies.", "I’m sure there is a recognition that Seoul needs allies."),
    # the same quotation, its marks or punctuation written another way
    ("“We will win,” he said.", '"We will win", he said.'),
    ("He said so.", "He said so!"),
]


@pytest.mark.parametrize("old, new, notes", CHANGED)
def test_what_changed_in_meaning_is_named(old: str, new: str, notes: tuple[str, ...]):
    assert meaning_changes(old, new) == notes


@pytest.mark.parametrize("old, new", UNCHANGED)
def test_the_same_meaning_gets_no_note(old: str, new: str):
    assert meaning_changes(old, new) == ()


def test_number_abbreviated_is_no_negation():
    notes = meaning_changes("The visit to Downing Street will go ahead.", "The visit to No. 10 will go ahead.")
    assert notes and not any(note.startswith("negation") for note in notes)


def test_an_added_not_stays_above_the_threshold_and_says_so():
    # The pain point (beeware/mobile-wheels#8): a match that says the opposite looks fine by score.
    old = "The two countries will resume the talks on the disputed islands in the coming months."
    new = "The two countries will not resume the talks on the disputed islands in the coming months."
    assert similarity(old, new) > 0.75
    assert meaning_changes(old, new) == ("negation added: not",)


def test_a_split_unit_is_compared_with_its_own_part_only():
    old = ("The minister did not resign after the vote. The ruling party lost the vote by 12 seats, "
           "Kim told reporters.")
    assert meaning_changes(old, "The minister did resign after the vote.", part=True) == ("negation removed: not",)
    assert meaning_changes(old, "The ruling party lost the vote by 14 seats, Kim told reporters.",
                           part=True) == ("numbers changed: 12 → 14",)


def test_a_source_language_without_rules_gets_numbers_and_quotations_only():
    assert source_rules("en_US") is source_rules("en")
    old, new = "Die Gespräche werden am 12. Mai fortgesetzt.", "Die Gespräche werden am 14. Mai nicht fortgesetzt."
    assert meaning_changes(old, new, "de") == ("numbers changed: 12 → 14",)


# --- in update's merge and in the memory's fuzzy matches ---------------------------------

def _unit(text: str) -> Entry:
    return Entry(msgid=text, references=("articles/a.md:1",), comment="paragraph")


def test_merge_notes_a_negation_in_a_previous_joined_and_split_unit():
    old = Catalog("a", "tr", [
        Entry("The talks will resume on Monday in Geneva.", "Görüşmeler pazartesi Cenevre'de sürecek."),
        Entry("The sanctions stay in place.", "Yaptırımlar yürürlükte kalıyor."),
        Entry("Officials expect three more rounds of talks with 12 delegations.", "Yetkililer 12 heyetle üç tur bekliyor."),
        Entry("The envoy arrived on Sunday. She met the minister at the airport.",
              "Elçi pazar günü geldi. Bakanla havalimanında görüştü."),
    ], [])
    template = [_unit("The talks will not resume on Monday in Geneva."),
                _unit("The sanctions stay in place and officials expect three more rounds of talks with 14 delegations."),
                _unit("The envoy never arrived on Sunday.")]
    live, _obsolete, _summary = merge_template(template, old, 0.7)
    origins = [entry.origin for entry in live]
    assert origins[0] == Origin(OriginKind.PREVIOUS, origins[0].score if origins[0] else None,
                                notes=("negation added: not",))
    assert origins[1] == Origin(OriginKind.JOINED, units=2, notes=("numbers changed: 12 → 14",))
    assert origins[2] == Origin(OriginKind.SPLIT, notes=("negation added: never",))
    assert all(entry.fuzzy for entry in live)


def test_a_fuzzy_memory_match_says_what_its_source_says_differently():
    text, candidate = "The talks will not resume in 2026.", "The talks will resume in 2025."
    assert placeable_differences(text, candidate) == ("negation added: not", "numbers changed: 2025 → 2026")


# --- in the PO file: one line that reads back, also after a PO editor rewrapped it --------

NOTES = (
    "negation added: not", "negation removed: “no longer”", "negation added: can’t, won't",
    "numbers changed: 1,200 → 1,500, – → 2014, 3.5 → –", "name changed: O'Brien → O'Neill",
    "name changed: Зеленский → Шмыгаль, “Jean-Pierre Dupont” → “Cho Tae-yul”", "quotation changed",
    "markup differs",
)
_SLUG = "japan-south-korea-us-bolster-trilateral-response-after-the-summit-in-jeju"
ORIGINS = [
    Origin(OriginKind.PREVIOUS, 92, notes=NOTES),
    Origin(OriginKind.FUZZY, 81, f"articles/{_SLUG}.md", ("numbers changed: 12 → 14", "URLs differ")),
    Origin(OriginKind.JOINED, units=3, notes=("name changed: “South Korea’s Defense Ministry” → “Дмитрий Песков”",)),
    Origin(OriginKind.SPLIT, notes=("negation removed: never", "quotation changed")),
]


def _catalog() -> Catalog:
    entries = [Entry(f"Sentence number {i}.", f"Cümle {i}.", fuzzy=True, previous=f"Sentence {i}.", origin=origin)
               for i, origin in enumerate(ORIGINS)]
    return Catalog("a", "tr", entries, [], {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"})


@pytest.mark.parametrize("origin", ORIGINS)
def test_an_origin_with_notes_is_one_phrase_that_reads_back(origin: Origin):
    assert "\n" not in origin_text(origin) and parse_origin(origin_text(origin)) == origin


def _polib_wrapped(path: Path, width: int) -> None:
    po = polib.pofile(str(path), wrapwidth=width)
    po.wrapwidth = width
    po.save()


def _babel_wrapped(path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    with open(path, "wb") as handle:
        write_po(handle, catalog)


@pytest.mark.parametrize("tool", ["transflow", "polib-78", "polib-60", "polib-40", "babel-76"])
def test_origin_notes_survive_a_round_trip_through_the_po_file(tmp_path: Path, tool: str):
    path = tmp_path / "a.po"
    written = _catalog()
    path.write_text(catalog_to_text(written, "a"), encoding="utf-8")
    if tool.startswith("polib"):
        _polib_wrapped(path, int(tool.split("-")[1]))
    elif tool.startswith("babel"):
        _babel_wrapped(path)
    text = path.read_text(encoding="utf-8")
    if tool != "transflow":
        assert not any(line.startswith(f"# {ORIGIN_TAG} ") and line.endswith("quotation changed; markup differs")
                       for line in text.splitlines())  # it was wrapped indeed
    assert [entry.origin for entry in read_catalog(path).entries] == ORIGINS
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True).returncode == 0


_name_word = st.text(st.sampled_from("abcdeéğıшюяoO'’-"), min_size=1, max_size=7).filter(
    lambda word: word[0] not in "'’-" and word[-1] not in "'’-" and "--" not in word)
_name = st.lists(st.builds(lambda first, rest: first + rest, st.sampled_from("ABDEÇŞЗШЮ"), _name_word),
                 min_size=1, max_size=3).map(" ".join)
_number = st.integers(0, 5_000_000).map(lambda n: st.sampled_from([str(n), f"{n:,}"])).flatmap(lambda s: s)
_cue = st.sampled_from(["", "not ", "no longer ", "never ", "can’t ", "didn't "])


@settings(max_examples=examples(200), deadline=None)
@given(_name, _name, _number, _number, _cue, _cue, st.text(st.sampled_from("ab “”"), max_size=6),
       st.integers(40, 90))
def test_every_note_reads_back_from_a_rewrapped_comment(old_name: str, new_name: str, old_number: str,
                                                       new_number: str, old_cue: str, new_cue: str, quoted: str,
                                                       width: int):
    old = f"The envoy said {old_number} ships would {old_cue}sail, {old_name} told reporters."
    new = f"The envoy said {new_number} ships would {new_cue}sail “{quoted}”, {new_name} told reporters."
    origin = Origin(OriginKind.PREVIOUS, 90, notes=meaning_changes(old, new))
    assert parse_origin(origin_text(origin)) == origin
    entry = Entry("One.", "Bir.", fuzzy=True, previous="Two.", origin=origin)
    text = catalog_to_text(Catalog("a", "tr", [entry], [], {"Content-Type": "text/plain; charset=UTF-8"}), "a")
    # As polib and Babel wrap a comment: at spaces and after hyphens, never inside a word.
    rewrapped = "\n".join(
        "\n".join(textwrap.wrap(line[2:], width, initial_indent="# ", subsequent_indent="# ", break_long_words=False))
        if line.startswith(f"# {ORIGIN_TAG}") else line for line in text.split("\n"))
    (read,) = catalog_from_text(rewrapped, "a.po").entries
    assert read.origin == origin and read.notes == ()


# --- through the CLI: an article's sentence gains "not" -----------------------------------

SLUG = "trilateral-security-summit-asia-pacific"
SENTENCE = "This development will reinforce security structures capable of making faster and more coordinated decisions."
NEGATED = SENTENCE.replace("will reinforce", "will not reinforce")
DATED = "On July 28, 2024, the defense ministers of Japan"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_update_marks_a_negated_sentence_stale_with_the_negation_in_the_po_file(tmp_path: Path, run_cli):
    shutil.copy2(REPO_ROOT / "workflow.yaml", tmp_path / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    assert run_cli("-C", tmp_path, "update").exit_code == 0
    po_path = tmp_path / "locales" / "tr" / f"{SLUG}.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        entry.msgstr = f"TR {entry.msgid}"
    po.save()
    article = tmp_path / "articles" / f"{SLUG}.md"
    source = article.read_text(encoding="utf-8")
    assert SENTENCE in source and DATED in source
    article.write_text(source.replace(SENTENCE, NEGATED).replace(DATED, DATED.replace("28", "29")), encoding="utf-8")

    result = run_cli("-C", tmp_path, "update")
    assert result.exit_code == 0, result.output
    entries = {entry.msgid: entry for entry in read_catalog(po_path).entries}
    negated = entries[NEGATED]
    assert negated.fuzzy and negated.previous == SENTENCE and negated.msgstr == f"TR {SENTENCE}"
    assert negated.origin is not None and negated.origin.kind is OriginKind.PREVIOUS
    assert negated.origin.notes == ("negation added: not",)
    (dated,) = [entry for entry in entries.values() if entry.msgid.startswith("On July 29, 2024")]
    assert dated.origin is not None and dated.origin.notes == ("numbers changed: 28 → 29",)
    lines = po_path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(f"# {ORIGIN_TAG} fuzzy ") and line.endswith("% match of the previous source; "
                                                                          "negation added: not") for line in lines)
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_path)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    # Nothing more to do: a second update keeps the file as it is.
    before = po_path.read_bytes()
    assert run_cli("-C", tmp_path, "update").exit_code == 0 and po_path.read_bytes() == before
