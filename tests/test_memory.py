"""The translation memory: an index of locales/ that update and ``tm search`` use.

Matches are checked on the sample articles (translated here with a marker, so the
origin of every offered text is visible): exact, in context (101%), fuzzy with its
previous source and band, obsolete translations, placeables that differ, and what is
never offered. The index is checked as a cache must be: it reads only what changed,
and deleting or corrupting it changes no result.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import polib
import pytest

from transflow.formats.po import read_catalog
from transflow.model.catalog import OriginKind, UnitStatus
from transflow.ops.update import update_project
from transflow.workspace.memory import MEMORY_FILE, TranslationMemory, placeable_differences
from transflow.workspace.project import Project

SLUG = "proximity-trilateral-military-partnership"
SENTENCES = (  # the three sentences of SLUG's second paragraph (a no-break space after the dash)
    "Jakarta, IO –\u00a0Following the “Camp David Summit” involving the leaders of the United States, Japan, and "
    "South Korea, plans for increased joint military exercises have been announced.",
    "The leaders met in August at Camp David and expressed commitment to coordinating responses to regional "
    "challenges.",
    "This marks the start of enhanced trilateral cooperation among the three countries.",
)


def _translate(path: Path, language: str) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = f"{language.upper()} {entry.msgid}"
    po.save()


@pytest.fixture
def project(sample_project: Project) -> Project:
    """The sample, updated, with SLUG translated into Turkish."""
    update_project(sample_project)
    _translate(sample_project.po_path("tr", SLUG), "tr")
    return Project.open(sample_project.root)


def _add_article(project: Project, slug: str, body: str) -> dict[str, polib.POEntry]:
    (project.articles_dir / f"{slug}.md").write_text(f"---\ntitle: Piece {slug}\n---\n\n{body}\n", encoding="utf-8")
    assert update_project(Project.open(project.root)).ok
    return {entry.msgid: entry for entry in read_catalog(project.po_path("tr", slug)).entries}


def test_exact_in_context_and_fuzzy_matches_are_offered_as_stale(project: Project):
    edited = SENTENCES[1].replace("August", "September")
    entries = _add_article(project, "copy", f"{SENTENCES[0]} {SENTENCES[1]} {SENTENCES[2]}\n\n{edited}")
    first, second, third, fuzzy = (entries[text] for text in (*SENTENCES, edited))
    assert first.origin.kind is OriginKind.EXACT and first.origin.band == "100%"  # its neighbour differs
    assert second.origin.kind is OriginKind.IN_CONTEXT and second.origin.band == "101%"
    assert third.origin.kind is OriginKind.EXACT  # the unit after it differs
    assert fuzzy.origin.kind is OriginKind.FUZZY and 85 <= fuzzy.origin.score < 100
    assert fuzzy.msgstr == f"TR {SENTENCES[1]}" and fuzzy.previous == SENTENCES[1]
    for entry in (first, second, third, fuzzy):
        assert entry.status is UnitStatus.STALE  # nothing from the memory counts as translated
        assert entry.origin.article == f"articles/{SLUG}.md"
    # Other languages have no translations: nothing is offered there.
    assert not any(e.msgstr for e in read_catalog(project.po_path("ru", "copy")).entries)


def test_an_obsolete_translation_is_offered_to_another_article(project: Project):
    article = project.article_path(SLUG)
    text = article.read_text(encoding="utf-8")
    assert SENTENCES[2] in text
    article.write_text(text.replace(SENTENCES[2], ""), encoding="utf-8")
    update_project(Project.open(project.root))
    assert SENTENCES[2] in {e.msgid for e in read_catalog(project.po_path("tr", SLUG)).obsolete}
    entries = _add_article(project, "later", SENTENCES[2])
    assert entries[SENTENCES[2]].msgstr == f"TR {SENTENCES[2]}"
    assert entries[SENTENCES[2]].origin.kind is OriginKind.EXACT


def test_unrelated_text_gets_nothing_and_a_threshold_of_101_offers_only_exact(project: Project):
    entries = _add_article(project, "weather", "Heavy rain is expected over the weekend in the capital.")
    assert not entries["Heavy rain is expected over the weekend in the capital."].msgstr
    workflow = project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8") + "\ntm_threshold: 101\n", encoding="utf-8")
    edited = SENTENCES[1].replace("August", "September")
    entries = _add_article(project, "strict", f"{edited} {SENTENCES[2]}")
    assert not entries[edited].msgstr
    assert entries[SENTENCES[2]].msgstr


@pytest.mark.parametrize("text, candidate, notes", [
    ("Prices rose 5% in 2024.", "Prices rose 7% in 2024.", ("numbers changed: 7 → 5",)),  # the match's 7, the text's 5
    ("Prices rose 5% in 2024.", "Prices did not rise 5% in 2024.", ("negation removed: not",)),
    ("See https://a.example/x for more.", "See https://b.example/y for more.", ("URLs differ",)),
    ("It was *very* late.", "It was very late.", ("markup differs",)),
    ("The treaty[^1] was signed.", "The treaty was signed.", ("markup differs",)),
    ("The same 3 words.", "The same 3 words!", ()),
])
def test_placeables_that_differ_are_named(text: str, candidate: str, notes: tuple[str, ...]):
    assert placeable_differences(text, candidate) == notes


def test_a_match_whose_numbers_differ_scores_less_and_says_so(project: Project):
    memory = TranslationMemory(project)
    number = "On July 11, 2025, South Korea"
    match = memory.lookup("tr", SENTENCES[1].replace("August", "August 2023"), 50)
    assert match is not None and match.notes == ("numbers changed: – → 2023",)
    plain = memory.lookup("tr", SENTENCES[1].replace("August", "late August"), 50)
    assert plain is not None and plain.notes == () and plain.score > match.score
    assert memory.lookup("tr", number, 75) is None


def _age(folder: Path) -> None:
    """Make every file look written a minute ago, so that none is in the racy window."""
    past = time.time() - 60
    for path in folder.rglob("*.po"):
        os.utime(path, (past, past))


def test_a_refresh_reads_only_what_changed_and_indexes_only_new_content(project: Project):
    _age(project.locales_dir)
    memory = TranslationMemory(project)
    full = memory.refresh()
    assert full.files_read == full.files_indexed == 9  # 3 articles x 3 languages
    assert full.units == len(read_catalog(project.po_path("tr", SLUG)).entries)
    again = memory.refresh()
    assert (again.files_read, again.files_indexed, again.files_removed) == (0, 0, 0)

    touched = project.po_path("ru", SLUG)
    os.utime(touched, (time.time() - 30, time.time() - 30))  # stat changed, content not
    assert (memory.refresh().files_read, memory.refresh().files_indexed) == (1, 0)

    _translate(project.po_path("id", SLUG), "id")  # content changed
    _age(project.locales_dir)
    refreshed = memory.refresh()
    assert refreshed.files_indexed == 1 and refreshed.units == 2 * full.units
    assert memory.lookup("id", SENTENCES[0], 100).target == f"ID {SENTENCES[0]}"

    project.po_path("tr", SLUG).unlink()
    gone = memory.refresh()
    assert gone.files_removed == 1 and memory.lookup("tr", SENTENCES[0], 100) is None
    memory.close()


@pytest.mark.parametrize("damage", ["delete", "garbage", "empty"])
def test_a_deleted_or_corrupt_memory_is_rebuilt_with_the_same_results(project: Project, damage: str):
    memory = TranslationMemory(project)
    before = [memory.lookup("tr", text, 75) for text in SENTENCES]
    memory.close()
    path = project.state_dir / MEMORY_FILE
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    memory = TranslationMemory(project)
    assert [memory.lookup("tr", text, 75) for text in SENTENCES] == before
    memory.close()


def _refresh_in_another_process(root: str) -> int:
    memory = TranslationMemory(Project.open(root))
    try:
        return memory.refresh().units
    finally:
        memory.close()


def test_concurrent_refreshes_share_the_index(project: Project):
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        counts = pool.map(_refresh_in_another_process, [str(project.root)] * 6)
    assert len(set(counts)) == 1 and counts[0] == len(read_catalog(project.po_path("tr", SLUG)).entries)


def test_search_lists_the_best_matches_first_and_words_find_terminology(project: Project):
    memory = TranslationMemory(project)
    text = SENTENCES[1].replace("August", "June").replace(" to regional challenges", "")
    matches = memory.search("tr", text, minimum=50, limit=5)
    assert matches and matches[0].source == SENTENCES[1]
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.score >= 50 for m in matches)
    words = memory.search_words("tr", "Camp David")
    assert {m.source for m in words} >= {SENTENCES[0], SENTENCES[1]}
    assert all("camp david" in m.source.lower() for m in words)
    assert memory.search("ru", text) == []  # nothing translated into Russian
    memory.close()


@pytest.mark.parametrize("first", ["ru", "tr"])
def test_sources_of_other_languages_do_not_crowd_out_a_match(project: Project, first: str):
    from transflow.formats.tmx import TranslationPair, pairs_to_tmx
    from transflow.workspace.memory import imported_dir

    text = "The regional council approved the new harbour budget after a long night of talks."
    # The Russian source differs more: the Turkish ones, ranked before it, outnumber the
    # candidates looked at; the languages of the ranked sources are asked for as needed.
    russian = [TranslationPair(text.replace("new", "revised").replace("regional", "local"), "RU match", "ru")]
    turkish = [TranslationPair(text.replace("talks", f"talks number {n}"), f"TR {n}", "tr") for n in range(150)]
    imported_dir(project).mkdir(parents=True, exist_ok=True)
    (imported_dir(project) / "mixed.tmx").write_text(pairs_to_tmx(russian + turkish, "en"), encoding="utf-8")
    memory = TranslationMemory(project)
    for language in (first, "tr" if first == "ru" else "ru"):  # one text's candidates serve every language
        match = memory.lookup(language, text, 75)
        assert match is not None
        assert match.target == "RU match" if language == "ru" else match.target.startswith("TR ")
    memory.close()


@pytest.mark.parametrize("path", ["my articles/a story.md", "articles/100%.md", "locales/tr/a.po"])
def test_an_origin_survives_any_path(path: str):
    from transflow.formats.po import origin_text, parse_origin
    from transflow.model.catalog import Origin

    for origin in (Origin(OriginKind.EXACT, 100, path), Origin(OriginKind.FUZZY, 88, path, ("numbers differ",))):
        phrase = origin_text(origin)
        assert " " not in phrase.split(" in ", 1)[1].split(";")[0]  # one word: rewrapping cannot split it
        assert parse_origin(phrase) == origin


def test_files_read_in_worker_processes_give_the_same_memory(project: Project, monkeypatch):
    from transflow.workspace import memory as memory_module

    _age(project.locales_dir)
    serial = TranslationMemory(project)
    serial.refresh()
    expected = sorted(serial.db.execute("SELECT s.text, u.language, u.target, u.obsolete, u.before_key, u.after_key "
                                        "FROM units u JOIN sources s ON s.id = u.source_id"))
    serial.close()
    for extra in project.state_dir.glob(f"{MEMORY_FILE}*"):
        extra.unlink()
    monkeypatch.setattr(memory_module, "PARALLEL_MIN_FILES", 1)  # 9 files: over worker processes
    parallel = TranslationMemory(project)
    refreshed = parallel.refresh()
    assert refreshed.files_indexed == 9
    assert sorted(parallel.db.execute("SELECT s.text, u.language, u.target, u.obsolete, u.before_key, u.after_key "
                                      "FROM units u JOIN sources s ON s.id = u.source_id")) == expected
    os.utime(project.po_path("ru", SLUG), (time.time() - 30, time.time() - 30))  # stat changed, content not
    assert (parallel.refresh().files_read, parallel.refresh().files_indexed) == (1, 0)
    parallel.close()
