"""Tests for transflow.ops.build: assembly, publish policy, front matter, links, HTML, safety.

Projects are copies of the sample project (or small generated ones) in tmp_path; PO
files are filled the way a translator's tool would, by editing them with polib.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polib
import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from conftest import REPO_ROOT, examples, tree_snapshot
from transflow.errors import ProjectError
from transflow.formats.workflow import PublishPolicy
from transflow.model.catalog import review_digest
from transflow.ops.build import BUILD_RECORD, build_project, resolve_policy
from transflow.ops.update import update_project
from transflow.workspace.project import Project

JAPAN = "japan-south-korea-us-bolster-trilateral-response"
SUMMIT = "trilateral-security-summit-asia-pacific"
PROXIMITY = "proximity-trilateral-military-partnership"
WHEN = "2026-11-20T10:15:00Z"


# --- helpers -----------------------------------------------------------------------------


def new_project(root: Path, articles: dict[str, str], workflow: str) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "workflow.yaml").write_text(workflow, encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    for name, text in articles.items():
        (root / "articles" / name).write_bytes(text.encode("utf-8"))
    project = Project.open(root)
    report = update_project(project)
    assert not report.errors, report.errors
    return Project.open(root)  # fresh: article_paths is cached


def translate_po(
    project: Project,
    language: str,
    slug: str,
    translate: Callable[[str], str | None],
    *,
    translator: str = "ayse",
    when: str = WHEN,
    reviewer: str | None = None,
    reviewed_when: str = "2026-11-21T09:00:00Z",
    fuzzy: bool = False,
) -> None:
    """Set msgstr = translate(msgid) for every live entry where it returns a string."""
    path = project.po_path(language, slug)
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.obsolete:
            continue
        text = translate(entry.msgid)
        if text is None:
            continue
        entry.msgstr = text
        comments = [f"transflow-translated: {translator} {when}"]
        if reviewer:
            comments.append(f"transflow-reviewed: {reviewer} {reviewed_when} {review_digest(entry.msgid, text)}")
        entry.tcomment = "\n".join(comments)
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:  # a translator confirming a stale unit
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()


def body_of(output: str) -> str:
    """The text after the output's front matter (build always writes one, with '---' lines)."""
    assert output.startswith("---\n"), output[:80]
    end = output.index("\n---\n", 3)
    return output[end + len("\n---\n") :]


def front_of(output: str) -> dict:
    assert output.startswith("---\n")
    return yaml.safe_load(output[4 : output.index("\n---\n", 3)])


def source_body(text: str) -> str:
    """The source after its front matter, found with the same parser segment.py uses."""
    tokens = _parser().parse(text)
    if tokens and tokens[0].type == "front_matter":
        lines = text.splitlines(keepends=True)
        return "".join(lines[tokens[0].map[1] :])
    return text


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)
    md.disable("footnote_tail")
    return md


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    """The sample project with locales/ from update, in tmp_path/project."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "workflow.yaml", root / "workflow.yaml")
    shutil.copytree(REPO_ROOT / "articles", root / "articles")
    update_project(Project.open(root))
    return Project.open(root)


def marked(tag: str) -> Callable[[str], str]:
    return lambda msgid: f"[{tag}] {msgid}"


# --- the property: identical translations give the source body byte for byte ------------

WORDS = st.sampled_from(
    [
        "alliance",
        "summit",
        "Korea",
        "Seoul",
        "talks",
        "2025",
        "exercise",
        "minister",
        "çalışma",
        "security",
        "forum",
        "deterrence",
        "Jeju",
        "B-52H",
        "naval",
        "trade",
        "agreement",
        "threat",
    ]
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=9))
    # Inline markup stays inside units: emphasis, strong, code spans, links, footnote refs.
    i = draw(st.integers(0, len(words) - 1))
    words[i] = draw(
        st.sampled_from(
            [words[i], f"*{words[i]}*", f"**{words[i]}**", f"`{words[i]}`", f"[{words[i]}](https://example.org/{i})"]
        )
    )
    text = " ".join(words)
    text = text[0].upper() + text[1:] if text[0].isalpha() else text
    return text + draw(st.sampled_from([".", "?", "!", ".[^1]", "."]))


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentences(), min_size=1, max_size=4))
    joiners = [draw(st.sampled_from([" ", " ", "\n", "  \n"])) for _ in parts[1:]]
    text = parts[0]
    for joiner, part in zip(joiners, parts[1:], strict=True):
        text += joiner + part
    return text


@st.composite
def blocks(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "p", "h", "ul", "ol", "quote", "code", "table", "footnote", "html", "indented"]))
    if kind == "h":
        return "#" * draw(st.integers(1, 4)) + " " + draw(sentences()).rstrip(".?!")
    if kind == "ul":
        items = draw(st.lists(sentences(), min_size=1, max_size=4))
        marker = draw(st.sampled_from(["-", "*", "+"]))
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == "ol":
        items = draw(st.lists(sentences(), min_size=1, max_size=4))
        return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    if kind == "quote":
        return "\n".join(f"> {line}" for line in draw(paragraphs()).split("\n"))
    if kind == "code":
        return "```python\nprint('Do not translate. This is code.')\nx = 1  # comment\n```"
    if kind == "indented":
        return "    indented code line. Not translated."
    if kind == "table":
        return f"| Country | Note |\n|---|:---|\n| {draw(WORDS)} | {draw(sentences())} |\n| Japan | {draw(WORDS)} |"
    if kind == "footnote":
        return f"[^1]: {draw(sentences())} https://example.org/report"
    if kind == "html":
        return "<!-- an editor's note. Not translated. -->"
    return draw(paragraphs())


@st.composite
def articles(draw: st.DrawFn) -> str:
    front = ""
    if draw(st.booleans()):
        title = draw(sentences()).rstrip(".?!")
        front = "---\n" + f"title: {json.dumps(title, ensure_ascii=False)}\n"
        if draw(st.booleans()):
            front += f"summary: {json.dumps(draw(sentences()), ensure_ascii=False)}\n"
        front += "author: Berra KIZILYAZI\ndate: 2025-07-13\ntags: [asia, security]\n---\n"
        front += draw(st.sampled_from(["\n", "", "\n\n"]))
    body = draw(st.lists(blocks(), min_size=0, max_size=7))
    body.insert(draw(st.integers(0, len(body))), draw(paragraphs()))  # something to translate
    separators = [draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"])) for _ in body[1:]]
    text = body[0]
    for separator, block in zip(separators, body[1:], strict=True):
        text += separator + block
    return front + text + draw(st.sampled_from(["\n", "", "\n\n", "  \n"]))


PROPERTY_WORKFLOW = "languages: [tr]\nteam:\n  ayse: {name: Ayşe Demir, languages: [tr]}\n"


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=articles())
def test_identical_translations_build_the_source_body_byte_for_byte(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = new_project(Path(folder), {"a.md": source}, PROPERTY_WORKFLOW)
        translate_po(project, "tr", "a", lambda msgid: msgid)
        report = build_project(project)
        [result] = report.articles
        assert result.status == "built", result
        assert result.percent_translated == 100.0
        output = (Path(folder) / "build" / "tr" / "a.md").read_bytes().decode("utf-8")
        assert body_of(output) == source_body(source)
        assert front_of(output)["lang"] == "tr"


def _structure(text: str) -> list[tuple[str, ...]]:
    """Block tokens and the kinds of inline markup inside them, without the text."""
    shape = []
    for token in _parser().parse(text):
        if token.type == "front_matter":
            continue
        children = tuple(child.type for child in token.children or () if child.type not in ("text", "softbreak"))
        shape.append((token.type, token.tag, *children))
    return shape


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=articles(), prefix=st.sampled_from(["2025. yılında", "Ж", "# değil", "- tire", "> alıntı", "1) bir"]))
def test_translations_keep_the_markdown_structure(source: str, prefix: str) -> None:
    # Every unit translated with text that Markdown could read as a block marker at the
    # start of a line: the built article must still have the source's structure.
    with tempfile.TemporaryDirectory() as folder:
        project = new_project(Path(folder), {"a.md": source}, PROPERTY_WORKFLOW)
        translate_po(project, "tr", "a", lambda msgid: f"{prefix} {msgid}")
        build_project(project)
        output = (Path(folder) / "build" / "tr" / "a.md").read_text(encoding="utf-8")
        assert _structure(body_of(output)) == _structure(source_body(source))


# --- real translations on the sample articles --------------------------------------------

TURKISH = {
    "Japan, South Korea, U.S. bolster trilateral response to North Korean threats": (
        "Japonya, Güney Kore ve ABD, Kuzey Kore tehditlerine karşı üçlü yanıtı güçlendiriyor"
    ),
    "In late April 2025, the allies conducted a high-level exercise in Seoul followed by the "
    "Korea-U.S.-Japan National Defense University Security Policy Forum, also in the South Korean capital.": (
        "2025. yılında Nisan ayının sonunda müttefikler Seul'de üst düzey bir tatbikat düzenledi."
    ),
}


def test_sample_article_in_turkish_keeps_structure_and_escapes_line_start_numbers(sample: Project) -> None:
    translate_po(sample, "tr", JAPAN, lambda msgid: TURKISH.get(msgid, f"TR: {msgid}"))
    report = build_project(sample, languages=["tr"], articles=[JAPAN])
    [result] = report.articles
    assert (result.status, result.percent_translated, result.path) == ("built", 100.0, f"build/tr/{JAPAN}.md")
    output = (sample.root / result.path).read_text(encoding="utf-8")
    front = front_of(output)
    assert front["title"] == TURKISH["Japan, South Korea, U.S. bolster trilateral response to North Korean threats"]
    assert front["author"] == "Felix Kim" and front["section"] == "Northeast Asia"
    body = body_of(output)
    # A sentence starting "2025." at the start of a paragraph must not become a list.
    assert "\n2025\\. yılında Nisan" in body
    html = _parser().render(body)
    assert "<ol" not in html
    assert "<p>2025. yılında Nisan ayının sonunda müttefikler" in html
    assert _structure(body) == _structure(source_body(sample.read_article(JAPAN).text()))
    # the second sentence of that paragraph follows the translated first one
    assert "Seul'de üst düzey bir tatbikat düzenledi. TR: The engagements illustrate" in body


def test_list_footnotes_and_title_of_the_summit_article(sample: Project) -> None:
    translate_po(sample, "tr", SUMMIT, marked("tr"))
    build_project(sample, languages=["tr"], articles=[SUMMIT])
    output = (sample.root / "build" / "tr" / f"{SUMMIT}.md").read_text(encoding="utf-8")
    body = body_of(output)
    source = source_body(sample.read_article(SUMMIT).text())
    assert _structure(body) == _structure(source)
    assert body.startswith("\n- [tr] The South Korea–U.S.–Japan trilateral alliance")
    assert "[^1]: [tr] “S. Korea, U.S., Japan stage joint air drills" in body
    assert front_of(output)["title"].startswith("[tr] Trilateral Security Summit")


# --- policy --------------------------------------------------------------------------------

# Units with word counts anyone can check by hand: 3, 2 and 5 words.
SMALL = "# Alpha beta gamma\n\nDelta epsilon. Zeta eta theta iota kappa.\n"
SMALL_WORKFLOW = """\
languages: [tr, ru]
team:
  ayse: {name: Ayşe Demir, languages: [tr]}
  kerem: {name: Kerem Aydın, languages: [tr]}
  olga: {name: Olga Smirnova, languages: [ru]}
publish:
  min_complete: %s
  fallback: %s
"""


def small_project(tmp_path: Path, min_complete: float = 100, fallback: str = "source") -> Project:
    return new_project(tmp_path / "p", {"small.md": SMALL}, SMALL_WORKFLOW % (min_complete, fallback))


def only(*msgids: str, tag: str = "tr") -> Callable[[str], str | None]:
    return lambda msgid: f"[{tag}] {msgid}" if msgid in msgids else None


@pytest.mark.parametrize(
    "translated, percent",
    [
        ((), 0.0),
        (("Alpha beta gamma",), 30.0),  # 3 of 10 words
        (("Alpha beta gamma", "Delta epsilon."), 50.0),
        (("Zeta eta theta iota kappa.",), 50.0),
        (("Alpha beta gamma", "Delta epsilon.", "Zeta eta theta iota kappa."), 100.0),
    ],
)
def test_percent_is_by_words_and_min_complete_decides(
    tmp_path: Path, translated: tuple[str, ...], percent: float
) -> None:
    project = small_project(tmp_path)
    translate_po(project, "tr", "small", only(*translated))
    for min_complete, expected in ((percent, "built"), (min(percent + 0.1, 100.1), "skipped")):
        if min_complete > 100:
            continue
        policy = resolve_policy(project.workflow.publish, min_complete=min_complete)
        [result] = build_project(project, languages=["tr"], policy=policy).articles
        assert result.percent_translated == percent
        assert result.status == expected, result
        if expected == "skipped":
            assert result.reason.startswith(f"{percent:g}% of words translated, below min_complete {min_complete:g}%")
            assert result.path is None


def test_fallback_source_keeps_the_english_sentence(tmp_path: Path) -> None:
    project = small_project(tmp_path, min_complete=50)
    translate_po(project, "tr", "small", only("Zeta eta theta iota kappa."))
    [result] = build_project(project, languages=["tr"]).articles
    assert (result.status, result.units_missing) == ("built", 2)
    output = (project.root / "build/tr/small.md").read_text(encoding="utf-8")
    assert body_of(output) == "# Alpha beta gamma\n\nDelta epsilon. [tr] Zeta eta theta iota kappa.\n"
    assert front_of(output)["translation"]["units_in_source_language"] == 2


def test_fallback_fail_fails_the_article_and_names_the_first_missing_unit(tmp_path: Path) -> None:
    project = small_project(tmp_path, min_complete=50, fallback="fail")
    translate_po(project, "tr", "small", only("Zeta eta theta iota kappa."))
    report = build_project(project, languages=["tr"])
    [result] = report.articles
    assert result.status == "failed" and not report.ok
    assert result.reason == "2 untranslated units and fallback is 'fail' (first at articles/small.md:1)"
    assert not (project.root / "build" / "tr" / "small.md").exists()


def test_stale_units_count_only_when_the_policy_says_so(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    translate_po(project, "tr", "small", marked("tr"), fuzzy=True)
    [strict] = build_project(project, languages=["tr"]).articles
    assert (strict.status, strict.percent_translated) == ("skipped", 0.0)
    assert "(3 stale units)" in strict.reason
    policy = resolve_policy(project.workflow.publish, stale_counts_as_translated=True)
    [lenient] = build_project(project, languages=["tr"], policy=policy).articles
    assert (lenient.status, lenient.percent_translated) == ("built", 100.0)
    assert "[tr] Delta epsilon." in (project.root / lenient.path).read_text(encoding="utf-8")


def test_require_review_publishes_only_reviewed_text(tmp_path: Path) -> None:
    project = small_project(tmp_path, min_complete=0)
    translate_po(project, "tr", "small", only("Alpha beta gamma", "Delta epsilon."))
    translate_po(project, "tr", "small", only("Zeta eta theta iota kappa."), translator="ayse", reviewer="kerem")
    policy = resolve_policy(project.workflow.publish, require_review=True)
    [result] = build_project(project, languages=["tr"], policy=policy).articles
    assert (result.status, result.percent_translated, result.units_missing) == ("built", 50.0, 2)
    output = (project.root / result.path).read_text(encoding="utf-8")
    assert body_of(output) == "# Alpha beta gamma\n\nDelta epsilon. [tr] Zeta eta theta iota kappa.\n"
    assert front_of(output)["translation"]["reviewers"] == ["Kerem Aydın"]
    policy = resolve_policy(project.workflow.publish, require_review=True, min_complete=100)
    [skipped] = build_project(project, languages=["tr"], policy=policy).articles
    assert skipped.reason == (
        "50% of words reviewed, below min_complete 100% (2 unreviewed units); the previous build/tr/small.md is kept"
    )


def test_a_broken_po_file_fails_that_language_only(tmp_path: Path) -> None:
    project = small_project(tmp_path, min_complete=0)
    po = project.po_path("ru", "small")
    po.write_text(po.read_text(encoding="utf-8") + "\nthis is not PO\n", encoding="utf-8")
    report = build_project(project)
    by_language = {r.language: r for r in report.articles}
    assert by_language["tr"].status == "built"
    assert by_language["ru"].status == "failed"
    assert by_language["ru"].reason.startswith("locales/ru/small.po:")
    assert not report.ok
    assert not (project.root / "build" / "ru").exists()


def test_a_po_file_older_than_the_source_says_to_run_update(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    translate_po(project, "tr", "small", marked("tr"))
    # 3 + 3 + 5 words, of which 3 + 5 are still translated: 72.7%
    (project.root / "articles/small.md").write_text(SMALL.replace("Delta epsilon.", "Delta epsilon omega."))
    [result] = build_project(Project.open(project.root), languages=["tr"]).articles
    assert result.status == "skipped"
    assert result.reason == (
        "72.7% of words translated, below min_complete 100% (1 untranslated unit); "
        "locales/tr/small.po is older than the source, run 'transflow update'"
    )


def test_policy_comes_from_workflow_yaml_and_flags_override_it(tmp_path: Path, run_cli) -> None:
    project = small_project(tmp_path, min_complete=50)
    translate_po(project, "tr", "small", only("Zeta eta theta iota kappa."))
    [default] = build_project(project, languages=["tr"]).articles
    assert default.status == "built"
    result = run_cli("-C", project.root, "build", "--lang", "tr", "--min-complete", "60", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"][0]["status"] == "skipped"
    result = run_cli("-C", project.root, "build", "--lang", "tr", "--fallback", "fail", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["articles"][0]["status"] == "failed"
    assert "failed   tr     small: 2 untranslated units and fallback is 'fail'" in result.stderr


def test_api_and_cli_defaults_are_the_same(tmp_path: Path, run_cli) -> None:
    project = small_project(tmp_path, min_complete=50)
    translate_po(project, "tr", "small", only("Zeta eta theta iota kappa."))
    translate_po(project, "ru", "small", only("Alpha beta gamma", tag="ru"))
    build_project(project)  # writes; the next two runs write nothing and must agree
    cli = run_cli("-C", project.root, "build", "--json")
    api = build_project(project).as_dict()
    assert cli.exit_code == 0
    assert json.loads(cli.stdout) == json.loads(json.dumps(api))


def test_resolve_policy_rejects_bad_values() -> None:
    with pytest.raises(Exception, match="outside 0..100"):
        resolve_policy(PublishPolicy(), min_complete=101)
    with pytest.raises(Exception, match="'keep' is not one of: source, fail"):
        resolve_policy(PublishPolicy(), fallback="keep")


# --- front matter, credits, links ----------------------------------------------------------


def test_front_matter_states_the_translation(sample: Project) -> None:
    translate_po(sample, "tr", JAPAN, marked("tr"), translator="ayse", when="2026-11-18T08:00:00Z")
    first_unit = sample.segment(sample.read_article(JAPAN)).units[0].text
    translate_po(
        sample,
        "tr",
        JAPAN,
        lambda m: "[tr] " + m if m == first_unit else None,
        translator="kerem",
        when="2026-11-22T23:30:00Z",
        reviewer="kerem",
        reviewed_when="2026-11-23T07:00:00Z",
    )
    [result] = build_project(sample, languages=["tr"], articles=[JAPAN]).articles
    front = front_of((sample.root / result.path).read_text(encoding="utf-8"))
    state = front["translation"]
    assert front["lang"] == "tr"
    assert state["percent"] == 100.0
    assert state["translators"] == ["Ayşe Demir", "Kerem Aydın"]  # most words first
    assert state["reviewers"] == ["Kerem Aydın"]
    assert state["updated"] == "2026-11-23T07:00:00Z"
    assert state["updated_text"] == format_date(dt.date(2026, 11, 23), format="long", locale="tr")
    assert state["source_revision"] == sample.source_hash(sample.read_article(JAPAN))
    assert "source_commit" not in state  # not a git repository
    assert front["translationKey"] == JAPAN
    # Only the source besides Turkish is published: its page is the site's, at the layout's place.
    assert front["languages"] == [{"lang": "en", "name": "English", "path": f"../en/{JAPAN}.md"}]


def test_links_to_the_other_published_languages_under_their_own_names(sample: Project) -> None:
    (sample.root / "workflow.yaml").write_text(
        (sample.root / "workflow.yaml").read_text(encoding="utf-8") + "language_names:\n  id: Bahasa Indonesia\n",
        encoding="utf-8",
    )
    project = Project.open(sample.root)
    for language in ("tr", "ru", "id"):
        translate_po(
            project,
            language,
            PROXIMITY,
            marked(language),
            translator={"tr": "ayse", "ru": "olga", "id": "putri"}[language],
        )
    translate_po(project, "ru", JAPAN, marked("ru"), translator="olga")
    build_project(project)
    front = front_of((project.root / "build" / "tr" / f"{PROXIMITY}.md").read_text(encoding="utf-8"))
    assert front["languages"] == [
        {"lang": "en", "name": "English", "path": f"../en/{PROXIMITY}.md"},
        {"lang": "ru", "name": Locale("ru").display_name, "path": f"../ru/{PROXIMITY}.md"},
        {"lang": "id", "name": "Bahasa Indonesia", "path": f"../id/{PROXIMITY}.md"},
    ]
    # JAPAN is only published in Russian: the source alone.
    japan = front_of((project.root / "build" / "ru" / f"{JAPAN}.md").read_text(encoding="utf-8"))
    assert [link["lang"] for link in japan["languages"]] == ["en"]


def test_a_page_that_falls_below_the_policy_keeps_its_last_build_and_its_links(sample: Project) -> None:
    for language in ("tr", "ru"):
        translate_po(sample, language, PROXIMITY, marked(language), translator={"tr": "ayse", "ru": "olga"}[language])
    build_project(sample, articles=[PROXIMITY])
    ru_page = sample.root / "build" / "ru" / f"{PROXIMITY}.md"
    before = ru_page.read_bytes()
    po = polib.pofile(str(sample.po_path("ru", PROXIMITY)))
    po[3].msgstr = ""
    po.save()
    report = build_project(sample, articles=[PROXIMITY])
    ru = next(r for r in report.articles if r.language == "ru")
    assert ru.status == "skipped"
    assert ru.reason.endswith(f"; the previous build/ru/{PROXIMITY}.md is kept")
    assert ru_page.read_bytes() == before
    tr_front = front_of((sample.root / "build" / "tr" / f"{PROXIMITY}.md").read_text(encoding="utf-8"))
    assert [link["lang"] for link in tr_front["languages"]] == ["en", "ru"]


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: Alpha beta gamma\n---\n",
        "---\ntitle: 'Alpha beta gamma'\nlang: en\nlanguages: [en]\n---\n",
        "---\ntitle: Alpha beta gamma\n...\n",
        "-----\ntitle: Alpha beta gamma\nnote: |\n  ---\n-----\n",
        "\ufeff---\ntitle: Alpha beta gamma\n---\n",
        "---\r\ntitle: Alpha beta gamma\r\n---\r\n",
    ],
    ids=["plain", "replaced-keys", "yaml-end", "long-markers", "bom", "crlf"],
)
def test_front_matter_variants_are_found_like_the_segmenter_finds_them(tmp_path: Path, front: str) -> None:
    body = "\nDelta epsilon. Zeta eta theta iota kappa.\n"
    project = new_project(tmp_path / "p", {"a.md": front + body}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", marked("tr"))
    [result] = build_project(project).articles
    output = (project.root / result.path).read_text(encoding="utf-8")
    data = front_of(output)
    assert data["title"] == "[tr] Alpha beta gamma"
    assert data["lang"] == "tr" and [link["lang"] for link in data["languages"]] == ["en"]
    assert data["translationKey"] == "a"
    assert body_of(output) == body.replace("Delta", "[tr] Delta").replace("Zeta", "[tr] Zeta")
    assert "\ufeff" not in output


def test_the_source_front_matter_is_kept_as_written_and_its_own_build_keys_replaced(tmp_path: Path) -> None:
    front = (
        "---\n# written by the desk\ntitle: 'Alpha beta gamma'   # short\ndate: 2025-07-13\n"
        "languages:\n  - en\n  - de\nlang: en\ntags: [asia, security]\n---\n"
    )
    project = new_project(tmp_path / "p", {"a.md": front + "\nDelta epsilon.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", marked("tr"))
    [result] = build_project(project).articles
    output = (project.root / result.path).read_text(encoding="utf-8")
    assert output.startswith(
        '---\n# written by the desk\ntitle: "[tr] Alpha beta gamma"   # short\ndate: 2025-07-13\n'
        'tags: [asia, security]\nlang: "tr"\ntranslationKey: "a"\ntranslation:\n'
    )
    data = front_of(output)
    assert data["date"] == dt.date(2025, 7, 13) and data["lang"] == "tr"
    assert data["languages"] == [{"lang": "en", "name": "English", "path": "../en/a.md"}]


@pytest.mark.parametrize("control", ["\x7f", "\x9b"])
def test_a_control_character_in_a_translated_title_is_escaped_in_the_front_matter(tmp_path: Path, control: str) -> None:
    project = new_project(tmp_path / "p", {"a.md": "---\ntitle: Alpha\n---\n\nBeta gamma.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", lambda m: f"Alfa{control}" if m == "Alpha" else "Beta gama.")
    [result] = build_project(project).articles
    assert result.status == "built"
    output = (project.root / result.path).read_text(encoding="utf-8")
    assert control not in output
    assert front_of(output)["title"] == f"Alfa{control}"


def test_a_flow_style_front_matter_is_rewritten_as_data(tmp_path: Path) -> None:
    source = "---\n{title: Alpha beta gamma, lang: en, rank: 3}\n---\n\nDelta epsilon.\n"
    project = new_project(tmp_path / "p", {"a.md": source}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", marked("tr"))
    [result] = build_project(project).articles
    output = (project.root / result.path).read_text(encoding="utf-8")
    data = front_of(output)
    assert (data["title"], data["rank"], data["lang"]) == ("[tr] Alpha beta gamma", 3, "tr")
    assert body_of(output) == "\n[tr] Delta epsilon.\n"


@settings(max_examples=examples(300), deadline=None)
@given(
    value=st.one_of(
        st.text(), st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.lists(st.text(), max_size=3)
    )
)
def test_build_keys_are_yaml_that_reads_back_as_written(value: object) -> None:
    from transflow.ops.build.frontmatter import _yaml_value

    assert yaml.safe_load(f"key: {_yaml_value(value)}\n") == {"key": value}


def test_many_articles_build_the_same_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transflow.ops.build.command as build_module
    from transflow.util import parallel

    texts = {
        f"a{i:02d}.md": f"---\ntitle: Title number {i}\n---\n\nFirst sentence {i}. Second one.\n" for i in range(12)
    }
    workflow = "languages: [tr, ru]\nteam:\n  ayse: {name: Ayşe Demir}\npublish: {min_complete: 50}\n"
    project = new_project(tmp_path / "p", texts, workflow)
    for i in range(12):
        translate_po(project, "tr", f"a{i:02d}", marked("tr"))
        if i % 3:
            translate_po(project, "ru", f"a{i:02d}", lambda m: "[ru] " + m if "Title" in m else None)
    serial = build_project(project, output=tmp_path / "serial")
    pools: list[int] = []

    class CountingPool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers", 0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(build_module, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)
    parallel = build_project(project, output=tmp_path / "parallel")
    assert pools == [2]
    assert [
        (r.article, r.language, r.status, r.percent_translated, r.reason, r.written) for r in parallel.articles
    ] == [(r.article, r.language, r.status, r.percent_translated, r.reason, r.written) for r in serial.articles]
    assert {k: v[0] for k, v in tree_snapshot(tmp_path / "parallel").items()} == {
        k: v[0] for k, v in tree_snapshot(tmp_path / "serial").items()
    }
    # and a rebuild in workers answers from the record: nothing is written
    again = build_project(project, output=tmp_path / "parallel")
    assert not any(r.written for r in again.articles)


def test_plain_text_articles_are_not_escaped(tmp_path: Path) -> None:
    project = new_project(
        tmp_path / "p", {"note.txt": "In late April the allies met.\n\nThey talked.\n"}, PROPERTY_WORKFLOW
    )
    translate_po(
        project,
        "tr",
        "note",
        lambda m: "2025. yılında müttefikler buluştu." if m.startswith("In late") else "Konuştular.",
    )
    [result] = build_project(project).articles
    assert result.path == "build/tr/note.txt"
    output = (project.root / result.path).read_text(encoding="utf-8")
    assert body_of(output) == "2025. yılında müttefikler buluştu.\n\nKonuştular.\n"


# --- writing: determinism, only changes, never outside the output --------------------------


def test_two_builds_give_the_same_bytes_and_the_second_rewrites_nothing(sample: Project) -> None:
    for language in ("tr", "ru"):
        for slug in (JAPAN, SUMMIT):
            translate_po(sample, language, slug, marked(language), translator={"tr": "ayse", "ru": "olga"}[language])
    first = build_project(sample)
    assert sum(r.written for r in first.articles) == 4
    out = sample.root / "build"
    old = dt.datetime(2020, 1, 1).timestamp()
    for path in out.rglob("*"):
        os.utime(path, (old, old))
    before = tree_snapshot(out)
    second = build_project(sample)
    assert tree_snapshot(out) == before  # bytes and mtimes
    assert [r.written for r in second.articles if r.status == "built"] == [False] * 4
    assert [(r.article, r.language, r.status, r.path) for r in second.articles] == [
        (r.article, r.language, r.status, r.path) for r in first.articles
    ]
    # A fresh build elsewhere, at another time, gives the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = "2000000000"
    try:
        build_project(sample, output=sample.root / "again")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    again = tree_snapshot(sample.root / "again")
    assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in before.items()}


def _clean_build(project: Project, **kwargs) -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp())
    try:
        build_project(project, output=folder, **kwargs)
        return {k: v[0] for k, v in tree_snapshot(folder).items() if k != BUILD_RECORD}
    finally:
        shutil.rmtree(folder)


def _change_po(project: Project) -> None:
    translate_po(project, "tr", JAPAN, lambda m: "[tr2] " + m if m.startswith("The exercise") else None)


def _change_source(project: Project) -> None:
    path = project.root / "articles" / f"{JAPAN}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Seoul", "Busan"), encoding="utf-8")
    update_project(Project.open(project.root))
    for language in ("tr", "ru"):  # the changed sentence is stale now: translate it again
        translate_po(
            project, language, JAPAN, lambda m, language=language: f"[{language}] {m}" if "Busan" in m else None
        )


def _change_names(project: Project) -> None:
    path = project.root / "workflow.yaml"
    text = path.read_text(encoding="utf-8").replace("Ayşe Demir", "Ayşe Demir-Yıldız")
    path.write_text(text + "language_names:\n  ru: Русский язык\n", encoding="utf-8")


def _edit_output(project: Project) -> None:
    page = project.root / "build" / "tr" / f"{JAPAN}.md"
    page.write_text(page.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")


def _corrupt_record(project: Project) -> None:
    (project.root / "build" / BUILD_RECORD).write_text("{not json", encoding="utf-8")


def _remove_other_language(project: Project) -> None:
    (project.root / "build" / "ru" / f"{JAPAN}.md").unlink()
    translate_po(project, "ru", JAPAN, lambda m: "" if m.startswith("The exercise") else None)


@pytest.mark.parametrize(
    "change, rewritten",
    [
        (_change_po, {("tr", JAPAN)}),
        (_change_source, {("tr", JAPAN), ("ru", JAPAN)}),
        (_change_names, {("tr", JAPAN), ("tr", SUMMIT)}),  # Ayşe's name, the name of Russian
        (_edit_output, {("tr", JAPAN)}),
        (_corrupt_record, set()),
        (_remove_other_language, {("tr", JAPAN)}),
    ],
    ids=["po", "source", "names", "hand-edited-output", "corrupt-record", "language-withdrawn"],
)
def test_a_rebuild_after_a_change_equals_a_clean_build(
    sample: Project, change: Callable[[Project], None], rewritten: set[tuple[str, str]]
) -> None:
    for language in ("tr", "ru"):
        for slug in (JAPAN, SUMMIT):
            translate_po(sample, language, slug, marked(language), translator={"tr": "ayse", "ru": "olga"}[language])
    build_project(sample)
    change(sample)
    project = Project.open(sample.root)
    report = build_project(project)
    built = {k: v[0] for k, v in tree_snapshot(project.root / "build").items() if k != BUILD_RECORD}
    expected = _clean_build(project)
    if change is _remove_other_language:
        # the Russian page is no longer published, so a clean build has none
        assert f"ru/{JAPAN}.md" not in built and f"ru/{JAPAN}.md" not in expected
    assert built == expected
    assert {(r.language, r.article) for r in report.articles if r.written} == rewritten


def test_rebuild_only_rewrites_the_outputs_that_changed(sample: Project) -> None:
    for slug in (JAPAN, SUMMIT, PROXIMITY):
        translate_po(sample, "tr", slug, marked("tr"))
    build_project(sample, languages=["tr"])
    _change_po(sample)
    report = build_project(sample, languages=["tr"])
    assert [(r.article, r.written) for r in report.articles] == [(JAPAN, True), (PROXIMITY, False), (SUMMIT, False)]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_nothing_is_written_outside_the_output_folder(sample: Project, tmp_path: Path, run_cli) -> None:
    # In a git repository, so that reading the sources' commits is covered too.
    translate_po(sample, "tr", JAPAN, marked("tr"))
    subprocess.run(["git", "init", "-q", str(sample.root)], check=True)
    subprocess.run(["git", "-C", str(sample.root), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(sample.root),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "sources",
        ],
        check=True,
    )
    (sample.root / "articles" / f"{SUMMIT}.md").write_text("Changed. Not committed.\n", encoding="utf-8")
    before = tree_snapshot(sample.root)
    outside = tmp_path / "site" / "deep"
    result = run_cli("-C", sample.root, "build", "--output", outside, "--min-complete", "0")
    assert result.exit_code == 0, result.output
    assert tree_snapshot(sample.root) == before
    written = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and not p.is_relative_to(sample.root)
    )
    assert written == sorted(
        [f"site/deep/{BUILD_RECORD}"]
        + [f"site/deep/{lang}/{slug}.md" for lang in ("tr", "ru", "id") for slug in (JAPAN, PROXIMITY, SUMMIT)]
    )
    # The committed source names its commit; the edited one does not.
    head = subprocess.run(
        ["git", "-C", str(sample.root), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    assert (
        front_of((outside / "tr" / f"{JAPAN}.md").read_text(encoding="utf-8"))["translation"]["source_commit"] == head
    )
    assert "source_commit" not in front_of((outside / "tr" / f"{SUMMIT}.md").read_text(encoding="utf-8"))["translation"]


def test_an_output_that_is_a_file_is_an_error_before_anything_is_built(sample: Project, run_cli) -> None:
    target = sample.root / "site"
    target.write_text("not a folder", encoding="utf-8")
    before = tree_snapshot(sample.root)
    with pytest.raises(ProjectError, match=r"^site: the output is not a folder; choose another --output$"):
        build_project(sample, output=target, policy=PublishPolicy(min_complete=0))
    result = run_cli("-C", sample.root, "build", "--output", target, "--min-complete", "0")
    assert result.exit_code == 2 and "is a file" in result.stderr  # click's own check of --output
    assert tree_snapshot(sample.root) == before


def test_a_language_folder_linking_outside_the_output_is_refused(
    sample: Project, tmp_path: Path, run_cli, cli_error
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample.root / "build").mkdir()
    (sample.root / "build" / "tr").symlink_to(elsewhere)
    line = cli_error(run_cli("-C", sample.root, "build", "--min-complete", "0"))
    assert line == "Error: build/tr: links outside the output folder; remove the link"
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in (sample.root / "build").iterdir()) == ["tr"]


def _as_nobody() -> list[str]:
    """A command prefix that drops root (root may write anywhere, so the test would prove nothing)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot test an unwritable folder")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize("existing", [True, False], ids=["output-folder", "parent-of-new-output"])
def test_an_unwritable_output_folder_is_an_error_before_anything_is_built(existing: bool) -> None:
    prefix = _as_nobody()
    folder = Path(tempfile.mkdtemp(prefix="transflow-build-ro-"))
    try:
        root = folder / "project"
        shutil.copytree(REPO_ROOT / "articles", root / "articles")
        shutil.copy2(REPO_ROOT / "workflow.yaml", root / "workflow.yaml")
        update_project(Project.open(root))
        locked = folder / "readonly"
        locked.mkdir()
        output = locked if existing else locked / "new" / "site"
        for path in [folder, *folder.rglob("*")]:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        before = tree_snapshot(folder)
        result = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "transflow",
                "-C",
                str(root),
                "build",
                "--min-complete",
                "0",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            cwd=folder,
        )
        assert result.returncode == 1, result
        shown = str(output)
        expected = (
            f"Error: {shown}: the output folder is not writable; fix its permissions or choose another --output"
            if existing
            else f"Error: {shown}: cannot create the output folder: {locked} is not a writable folder; "
            "fix its permissions or choose another --output"
        )
        assert result.stderr.strip() == expected
        assert result.stdout == ""
        assert tree_snapshot(folder) == before
    finally:
        for path in [folder, *folder.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


# --- the command line ----------------------------------------------------------------------


def test_json_manifest_has_the_spec_shape(sample: Project) -> None:
    translate_po(sample, "tr", JAPAN, marked("tr"))
    result = subprocess.run(
        [sys.executable, "-m", "transflow", "-C", str(sample.root), "build", "--json"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    rows = manifest["articles"]
    assert [(r["article"], r["language"]) for r in rows] == [
        (slug, lang) for slug in (JAPAN, PROXIMITY, SUMMIT) for lang in ("tr", "ru", "id")
    ]
    for row in rows:
        assert {"article", "language", "path", "percent_translated", "status", "reason"} <= set(row)
        assert row["status"] in ("built", "skipped", "failed")
        assert (row["path"] is None) == (row["status"] != "built")
        assert (row["reason"] is None) == (row["status"] == "built")
    assert rows[0]["path"] == f"build/tr/{JAPAN}.md" and rows[0]["percent_translated"] == 100.0
    assert (sample.root / rows[0]["path"]).is_file()


def test_progress_is_reported_per_article(sample: Project) -> None:
    translate_po(sample, "tr", JAPAN, marked("tr"))
    calls: list[tuple[int, int]] = []
    build_project(sample, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_text_report_lists_skipped_articles_with_their_reason(sample: Project, run_cli) -> None:
    translate_po(sample, "tr", JAPAN, marked("tr"))
    result = run_cli("-C", sample.root, "build", "--article", JAPAN)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"built    tr     {JAPAN}: 100% -> build/tr/{JAPAN}.md",
        f"skipped  ru     {JAPAN}: 0% of words translated, below min_complete 100% (18 untranslated units)",
        f"skipped  id     {JAPAN}: 0% of words translated, below min_complete 100% (18 untranslated units)",
        "1 built (1 written), 2 skipped, 0 failed; output in build",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--lang", "fr"],
            "Error: workflow.yaml: language 'fr' is not in the project (languages: tr, ru, id); add it to workflow.yaml",
        ),
        (
            ["--article", "../etc"],
            "Error: '../etc' is not a valid article slug (letters, digits, '.', '_', '-'; no paths and no '..')",
        ),
        (["--article", "nope"], "Error: articles: no article 'nope'"),
    ],
)
def test_bad_selection_is_one_error_line_and_writes_nothing(sample: Project, run_cli, cli_error, args, message) -> None:
    before = tree_snapshot(sample.root)
    line = cli_error(run_cli("-C", sample.root, "build", *args))
    assert line.startswith(message)
    assert tree_snapshot(sample.root) == before


def test_usage_errors_exit_2(sample: Project, run_cli) -> None:
    assert run_cli("-C", sample.root, "build", "--fallback", "keep").exit_code == 2
    assert run_cli("-C", sample.root, "build", "--min-complete", "120").exit_code == 2
    assert run_cli("-C", sample.root, "build", "--format", "pdf").exit_code == 2


def test_help_has_an_example(run_cli) -> None:
    result = run_cli("build", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "transflow build --lang tr" in result.stdout


# --- HTML, in a real browser ---------------------------------------------------------------

BROWSER_PROBE = """
<script>
const q = (s) => document.querySelectorAll(s);
const probe = {
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  computed: getComputedStyle(document.querySelector('article p')).direction,
  title: document.title,
  h1: q('h1').length, h2: q('article h2').length, li: q('article li').length, td: q('article td').length,
  footnotes: q('section.footnotes li').length, pre: q('pre').length,
  links: Array.from(q('nav.languages a')).map(a => [a.hreflang, a.textContent, a.getAttribute('href'), getComputedStyle(a).direction]),
  alternates: Array.from(q('link[rel=alternate]')).map(l => l.hreflang),
  footer: document.querySelector('footer.translation').textContent,
};
document.body.setAttribute('data-probe', JSON.stringify(probe));
</script>
"""

RICH = """\
---
title: Alpha beta gamma
author: Berra KIZILYAZI
---

## Delta epsilon

Zeta eta theta iota kappa.[^1] Lambda mu.

- Nu xi omicron.
- Pi rho sigma.

| Country | Note |
|---|---|
| Japan | Tau upsilon. |

```
code stays
```

[^1]: Phi chi psi.
"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.skip("no chromium: apt-get install -y chromium (CI installs it)")


def _browser_probe(page: Path) -> dict:
    probe_page = page.with_name(page.stem + ".probe.html")
    probe_page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", BROWSER_PROBE + "</body>"), encoding="utf-8"
    )
    try:
        result = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", probe_page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        probe_page.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    start = result.stdout.index('data-probe="') + len('data-probe="')
    import html as html_lib

    return json.loads(html_lib.unescape(result.stdout[start : result.stdout.index('"', start)]))


def test_html_pages_in_a_headless_browser_have_lang_dir_and_structure(tmp_path: Path) -> None:
    workflow = (
        "languages: [tr, ar, fa]\nteam:\n  ayse: {name: Ayşe Demir}\n  layla: {name: ليلى}\n"
        "publish: {min_complete: 100}\n"
    )
    project = new_project(tmp_path / "p", {"rich.md": RICH}, workflow)
    translate_po(project, "tr", "rich", marked("tr"))
    translate_po(project, "ar", "rich", lambda m: "نص عربي " + m, translator="layla")
    translate_po(project, "fa", "rich", lambda m: "متن فارسی " + m, translator="layla")
    report = build_project(project, fmt="html")
    assert [r.path for r in report.articles] == [f"build/{lang}/rich.html" for lang in ("tr", "ar", "fa")]
    expected_names = {"tr": Locale("tr").display_name, "ar": Locale("ar").display_name, "fa": Locale("fa").display_name}
    for code, direction in (("tr", "ltr"), ("ar", "rtl"), ("fa", "rtl")):
        probe = _browser_probe(project.root / "build" / code / "rich.html")
        assert (probe["lang"], probe["dir"], probe["computed"]) == (code, direction, direction)
        assert probe["title"].endswith("Alpha beta gamma") and probe["title"] != "Alpha beta gamma"
        assert (probe["h1"], probe["h2"], probe["li"], probe["td"], probe["footnotes"], probe["pre"]) == (
            1,
            1,
            3,
            2,
            1,
            1,
        )
        others = [c for c in ("tr", "ar", "fa") if c != code]
        assert probe["links"] == [["en", "English", "../en/rich.html", "ltr"]] + [
            [c, expected_names[c], f"../{c}/rich.html", "rtl" if c != "tr" else "ltr"] for c in others
        ]
        # itself first, then the source and the others, then x-default: the same set on every page
        assert probe["alternates"] == [code, "en", *others, "x-default"]
        assert probe["footer"].startswith(format_percent(1, locale=code) + " · ")


HOSTILE_WORKFLOW = """\
languages: [tr, ru]
team:
  ayse: {name: Ayşe Demir, languages: [tr]}
  kerem: {name: Kerem Aydın, languages: [tr], editor: true}
  olga: {name: Olga Smirnova, languages: [ru]}
assignments:
  a:
    tr: {translator: ayse}
    ru: {translator: olga}
"""

HOSTILE_SOURCE = """\
---
title: Port traffic rises
---

Beta gamma delta.

<script>document.title='X'</script>

Epsilon <b onmouseover="document.title='X'">zeta</b> eta.
"""

IMG_ONERROR = "<img src=x onerror=\"document.title='X'\">"


def _dumped_dom(page: Path, profile: Path) -> str:
    """The page's DOM after it loaded (and ran whatever it runs) in headless Chromium."""
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_no_script_from_a_translation_or_a_source_runs_in_a_built_page(tmp_path: Path, run_cli) -> None:
    _chromium()  # skip before doing the work when there is no browser
    root = tmp_path / "p"
    (root / "articles").mkdir(parents=True)
    (root / "workflow.yaml").write_text(HOSTILE_WORKFLOW, encoding="utf-8")
    (root / "articles" / "a.md").write_text(HOSTILE_SOURCE, encoding="utf-8")
    assert run_cli("-C", root, "update").exit_code == 0
    work = tmp_path / "work"
    titles = {"tr": "Liman trafiği artıyor", "ru": "Трафик порта растёт"}
    for language, person in (("tr", "ayse"), ("ru", "olga")):
        result = run_cli("-C", root, "pull", "--lang", language, "--translator", person, "--output", work)
        assert result.exit_code == 0, result.output
        po = polib.pofile(str(work / language / "a.po"))
        for entry in po:
            if entry.msgid.startswith("Port"):
                entry.msgstr = titles[language]
            elif entry.msgid.startswith("Beta") and language == "tr":
                entry.msgstr = f"Beta {IMG_ONERROR} gama delta."
            else:
                entry.msgstr = f"[{language}] {entry.msgid}"
        po.save()
    tr_po = work / "tr" / "a.po"
    refused = run_cli("-C", root, "submit", tr_po)
    assert refused.exit_code == 1 and "html" in refused.output  # the check catches it ...
    # ... and an editor overrides it: the page must still run nothing.
    result = run_cli("-C", root, "submit", "--translator", "kerem", "--skip-check", "html", "--force", tr_po)
    assert result.exit_code == 0, result.output
    assert run_cli("-C", root, "submit", work / "ru" / "a.po").exit_code == 0
    assert "onerror=" in (root / "locales" / "tr" / "a.po").read_text(encoding="utf-8")  # it is in

    result = run_cli("-C", root, "build", "--format", "html", "--json")
    assert result.exit_code == 0, result.output
    built = [a["path"] for a in json.loads(result.stdout)["articles"]]
    assert built == ["build/tr/a.html", "build/ru/a.html"]
    for path, language in zip(built, ("tr", "ru")):
        page = root / path
        if language == "tr":
            assert "<p>Beta <img src=\"x\"> gama delta.</p>" in page.read_text(encoding="utf-8")
        dom = _dumped_dom(page, tmp_path / f"profile-{language}")
        assert f"<title>{titles[language]}</title>" in dom, dom[:2000]
        assert "<title>X</title>" not in dom


def test_html_escapes_text_from_translations(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"a.md": "---\ntitle: Alpha\n---\n\nBeta gamma.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", lambda m: "<b>&</b>" if m == "Alpha" else None)
    policy = resolve_policy(project.workflow.publish, min_complete=0)
    [result] = build_project(project, fmt="html", policy=policy).articles
    page = (project.root / result.path).read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;&amp;&lt;/b&gt;</title>" in page
    assert "<h1>&lt;b&gt;&amp;&lt;/b&gt;</h1>" in page


def test_a_po_file_in_another_languages_folder_is_never_published(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"a.md": "# Alpha\n\nBeta gamma.\n"}, "languages: [tr, ru]\n")
    translate_po(project, "tr", "a", marked("tr"))
    translate_po(project, "ru", "a", marked("ru"))
    tr_po, ru_po = project.po_path("tr", "a"), project.po_path("ru", "a")
    tr_bytes, ru_bytes = tr_po.read_bytes(), ru_po.read_bytes()
    tr_po.write_bytes(ru_bytes)
    ru_po.write_bytes(tr_bytes)
    results = {r.language: r for r in build_project(project).articles}
    assert results["tr"].status == "failed" and "Language header says 'ru'" in results["tr"].reason
    assert not (project.root / "build" / "tr" / "a.md").exists()


@pytest.mark.parametrize("output", [".", "articles", "locales/tr", "/"])
def test_an_output_among_the_sources_or_above_the_project_is_refused(tmp_path: Path, output: str) -> None:
    project = new_project(tmp_path / "p", {"a.md": "# Alpha\n\nBeta gamma.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", marked("tr"))
    target = Path(output) if output == "/" else project.root / output
    before = sorted(p.name for p in target.iterdir())
    with pytest.raises(ProjectError, match="choose"):
        build_project(project, output=target)
    assert sorted(p.name for p in target.iterdir()) == before


def test_skipped_articles_say_how_many_units_are_missing(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"a.md": "# Alpha\n\nBeta gamma. Delta epsilon.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", lambda m: "[tr] Alpha" if m == "Alpha" else "")
    [result] = build_project(project).articles
    assert result.status == "skipped" and result.units_missing == 2


def test_html_title_renders_emphasis_and_never_raw_html(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"a.md": "---\ntitle: Port traffic rises\n---\n\nBeta gamma.\n"},
                          PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", lambda m: "Liman trafiği **Kasım** <script>x()</script>" if m.startswith("Port")
                 else "Beta gama.")
    [result] = build_project(project, fmt="html").articles
    page = (project.root / result.path).read_text(encoding="utf-8")
    assert "<h1>Liman trafiği <strong>Kasım</strong> &lt;script&gt;x()&lt;/script&gt;</h1>" in page
    assert "<title>Liman trafiği Kasım &lt;script&gt;x()&lt;/script&gt;</title>" in page
    assert "<script>" not in page


def test_html_marks_units_left_in_the_source_language(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", {"a.md": "# Alpha\n\nBeta *gamma*. Delta epsilon.\n"}, PROPERTY_WORKFLOW)
    translate_po(project, "tr", "a", lambda m: "" if m.startswith("Beta") else f"[tr] {m}")
    [result] = build_project(project, fmt="html", policy=replace(project.workflow.publish, min_complete=0)).articles
    page = (project.root / result.path).read_text(encoding="utf-8")
    assert '<span lang="en">Beta <em>gamma</em>.</span> [tr] Delta epsilon.' in page
    [markdown] = build_project(project, policy=replace(project.workflow.publish, min_complete=0)).articles
    assert "Beta *gamma*. [tr] Delta epsilon." in (project.root / markdown.path).read_text(encoding="utf-8")
