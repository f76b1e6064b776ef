"""Issue 15, "Every visible word": text in HTML blocks, alt and title attributes, and the
front-matter keys workflow.yaml's ``translate_front_matter`` lists are units.

Each case is checked from the source alone as well: rendering with no translation (or the
unit texts) gives the source byte for byte, units never overlap, and a translation
replaces exactly the unit's span, every tag, attribute and entity around it kept.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from transflow.cli.app import cli
from transflow.errors import ConfigError
from transflow.formats.workflow import Workflow, load_workflow
from transflow.qa.checks import check_translation
from transflow.segment.article import FRONT_MATTER_KEYS, BlockKind, SegmentedArticle, Unit, segment_article
from transflow.workspace.project import Project, segment_file

# --- helpers -----------------------------------------------------------------------------


def check_spans(source: str, article: SegmentedArticle) -> None:
    """Lossless, in order, never overlapping; every unit trimmed and on its line."""
    assert article.render(lambda unit: None) == source
    assert article.render(lambda unit: unit.text) == source
    end = 0
    for unit in article.units:
        assert end <= unit.start < unit.end <= len(source), unit
        end = unit.end
        assert unit.text and unit.text == unit.text.strip()
        assert unit.line == source.count("\n", 0, unit.start) + 1
        if unit.html and not unit.yaml_scalar:
            assert unit.text == re.sub(r"[ \t]*\n[ \t>]*", " ", source[unit.start : unit.end])


def units(source: str, **options: object) -> list[tuple[str, str]]:
    article = segment_article(source, **options)  # type: ignore[arg-type]
    check_spans(source, article)
    return [(unit.kind.value, unit.text) for unit in article.units]


def marked(unit: Unit) -> str:
    return f"ÇEVİRİ {unit.text}"


def attributes_of(html: str, tag: str) -> list[dict[str, str | None]]:
    """The attributes of every ``tag`` in an HTML text, decoded as a browser reads them."""
    found: list[dict[str, str | None]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
            if name == tag:
                found.append(dict(attrs))

        handle_startendtag = handle_starttag

    reader = Reader()
    reader.feed(html)
    reader.close()
    return found


# --- HTML blocks ---------------------------------------------------------------------------

FIGURE = """<figure>
  <img src="x.jpg" alt="Protesters in Ankara">
  <figcaption>Photo caption by <em>Ayşe</em>. Taken in 2025.</figcaption>
</figure>
"""

HTML_CASES = {
    "figure with figcaption and img alt": (
        FIGURE,
        [("alt text", "Protesters in Ankara"), ("caption", "Photo caption by <em>Ayşe</em>."),
         ("caption", "Taken in 2025.")],
    ),
    "aside with em over two lines": (
        "<aside>An aside with <em>stress</em>\n  that wraps.</aside>\n",
        [("paragraph", "An aside with <em>stress</em> that wraps.")],
    ),
    "div with a link with a title attribute: the title stays in the unit": (
        '<div class="more"><a href="/next" title="The next story">Read the next story</a>.</div>\n',
        [("paragraph", '<a href="/next" title="The next story">Read the next story</a>.')],
    ),
    "a link alone around an image: alt and title are units": (
        '<div><a href="/big.jpg" title="Full size"><img src="/small.jpg" alt="A small picture"></a></div>\n',
        [("attribute", "Full size"), ("alt text", "A small picture")],
    ),
    "standalone img line": (
        '<img src="y.jpg" alt="Alone in the square" title=\'Square, at dawn\'>\n',
        [("alt text", "Alone in the square"), ("attribute", "Square, at dawn")],
    ),
    "unquoted alt": ("<img src=y.jpg alt=Dawn>\n", [("alt text", "Dawn")]),
    "img inside text stays in its unit": (
        '<p>The map <img src="m.png" alt="Map of Ankara"> shows it.</p>\n',
        [("paragraph", 'The map <img src="m.png" alt="Map of Ankara"> shows it.')],
    ),
    "markdown image in a paragraph stays in the paragraph": (
        'See ![The map of Ankara](m.png "Ankara title") here.\n',
        [("paragraph", 'See ![The map of Ankara](m.png "Ankara title") here.')],
    ),
    "inline img in a markdown paragraph stays in the paragraph": (
        'A photo <img src="p.jpg" alt="Crowd"> of them.\n',
        [("paragraph", 'A photo <img src="p.jpg" alt="Crowd"> of them.')],
    ),
    "script, style and pre are skipped": (
        "<div>\n<script>var s = 'Not words.';</script>\n<style>p::after { content: 'No.'; }</style>\n"
        "<pre>Code. Not prose.</pre>\n<p>Prose here.</p>\n</div>\n",
        [("paragraph", "Prose here.")],
    ),
    "comments are skipped": ("<p><!-- An editor's note. -->Visible text.</p>\n", [("paragraph", "Visible text.")]),
    "entities as written": (
        "<p>Tom &amp; Jerry&nbsp;ran &#8212; &quot;fast&quot;.</p>\n",
        [("paragraph", "Tom &amp; Jerry&nbsp;ran &#8212; &quot;fast&quot;.")],
    ),
    "entity in an alt": ('<img src="a.png" alt="Tom &amp; Jerry">\n', [("alt text", "Tom &amp; Jerry")]),
    "br and strong inside": (
        "<p>First line<br>second <strong>line</strong>.</p>\n",
        [("paragraph", "First line<br>second <strong>line</strong>.")],
    ),
    "code inside prose stays, code alone is not a unit": (
        "<p>Run <code>make test</code> first.</p>\n<p><code>x = 1</code></p>\n",
        [("paragraph", "Run <code>make test</code> first.")],
    ),
    "lists, headings and details": (
        "<section>\n<h2>A heading</h2>\n<ul><li>First item</li><li>Second item</li></ul>\n"
        "<details><summary>More</summary>Hidden text.</details>\n</section>\n",
        [("heading", "A heading"), ("list item", "First item"), ("list item", "Second item"),
         ("paragraph", "More"), ("paragraph", "Hidden text.")],
    ),
    "table cells, numbers skipped": (
        "<table>\n<caption>Seats won</caption>\n<tr><th>Party</th><td>6,500</td><td>54%</td></tr>\n</table>\n",
        [("caption", "Seats won"), ("table cell", "Party")],
    ),
    "inside a block quote": (
        "> <aside>Quoted text\n> continues here.</aside>\n",
        [("block quote", "Quoted text continues here.")],
    ),
    "inside a list item": ("- <div>Listed words.</div>\n", [("list item", "Listed words.")]),
    "punctuation only": ("<p>* * *</p>\n<p>&mdash;</p>\n", []),
    "unpaired tags at the edges are skeleton": (
        "<div><span>Before the box <p>In the box</p> after it</span></div>\n",
        [("paragraph", "Before the box"), ("paragraph", "In the box"), ("paragraph", "after it")],
    ),
}


@pytest.mark.parametrize("source, expected", HTML_CASES.values(), ids=HTML_CASES.keys())
def test_html_units(source: str, expected: list[tuple[str, str]]) -> None:
    assert units("Intro.\n\n" + source + "\nOutro.\n")[1:-1] == expected


def test_html_units_are_numbered_in_order_and_marked() -> None:
    article = segment_article("Intro.\n\n" + FIGURE)
    assert [u.block for u in article.units] == [0, 1, 2, 2]
    assert [(u.html, u.attribute) for u in article.units] == [(False, False), (True, True), (True, False), (True, False)]


def test_html_text_in_paragraph_mode_is_one_unit() -> None:
    assert units(FIGURE, mode="paragraph")[1] == ("caption", "Photo caption by <em>Ayşe</em>. Taken in 2025.")


def test_number_only_html_text_is_a_unit_when_number_cells_are() -> None:
    source = "<table><tr><td>6,500</td></tr></table>\n"
    assert units(source) == []
    assert units(source, skip_number_cells=False) == [("table cell", "6,500")]


def test_a_shortcode_in_html_is_skeleton() -> None:
    assert units('<div>{{< icon "ok" >}} Approved text.</div>\n') == [("paragraph", "Approved text.")]


def test_crlf_and_bom_keep_the_same_html_units() -> None:
    plain = "Intro.\n\n" + FIGURE
    for source in (plain.replace("\n", "\r\n"), "\ufeff" + plain):
        article = segment_article(source)
        assert article.render(lambda unit: None) == source
        assert [u.text for u in article.units] == [u.text for u in segment_article(plain).units]
        for unit in article.units:
            assert source[unit.start : unit.end].replace("\r\n", " ") == unit.text or "\r\n" in source[unit.start : unit.end]


# --- rendering translations into HTML -------------------------------------------------------

def test_translation_replaces_exactly_the_text() -> None:
    source = "Intro.\n\n" + FIGURE + "\nOutro.\n"
    rendered = segment_article(source).render(marked)
    assert rendered == (
        "ÇEVİRİ Intro.\n\n<figure>\n"
        '  <img src="x.jpg" alt="ÇEVİRİ Protesters in Ankara">\n'
        "  <figcaption>ÇEVİRİ Photo caption by <em>Ayşe</em>. ÇEVİRİ Taken in 2025.</figcaption>\n"
        "</figure>\n\nÇEVİRİ Outro.\n"
    )


@pytest.mark.parametrize("source", [
    '<img src="a.png" alt="Alt text">\n',
    "<img src='a.png' alt='Alt text'>\n",
    "<img src=a.png alt=Alt>\n",
])
def test_attribute_translations_keep_the_tag_whole(source: str) -> None:
    risky = 'Kedi "tekir" ile köpek\'in\nresmi <b>&amp;</b>'
    rendered = segment_article(source).render(lambda unit: risky)
    assert attributes_of(rendered, "img") == [{"src": "a.png", "alt": 'Kedi "tekir" ile köpek\'in resmi <b>&</b>'}]
    assert rendered.endswith(">\n") and rendered.count("<img ") == 1


def test_html_translation_stays_one_line_and_unescaped() -> None:
    source = "<div>\nSome text here.\n</div>\n\nAfter.\n"
    translation = "2025. yılında\n\n- bir <em>şey</em>"
    rendered = segment_article(source).render(lambda unit: translation if unit.html else None)
    assert rendered == "<div>\n2025. yılında - bir <em>şey</em>\n</div>\n\nAfter.\n"
    tokens = MarkdownIt("commonmark").parse(rendered)
    assert [t.type for t in tokens] == ["html_block", "paragraph_open", "inline", "paragraph_close"]


# --- the html and code checks guard the tags a unit keeps ----------------------------------

QA_CASES = {
    "tag dropped": ("An aside with <em>stress</em>.", "Vurgulu bir not.", "html"),
    "tag changed": ("An aside with <em>stress</em>.", "<strong>Vurgulu</strong> bir not.", "html"),
    "href changed": ('<a href="/next" title="Next">Read on</a>', '<a href="/other" title="Sonraki">Devam</a>', "html"),
    "br dropped": ("First line<br>second line.", "İlk satır ikinci satır.", "html"),
    "tag added to an alt": ("Protesters in Ankara", "Ankara'da <img src=x onerror=alert(1)> protestocular", "html"),
    "code translated": ("Run <code>make test</code> first.", "Önce <code>test yap</code> çalıştır.", "code"),
}


@pytest.mark.parametrize("source, translation, check", QA_CASES.values(), ids=QA_CASES.keys())
def test_checks_flag_altered_markup(source: str, translation: str, check: str) -> None:
    assert check in {issue.check for issue in check_translation(source, translation, "tr")}


@pytest.mark.parametrize("source, translation", [
    ('<a href="/next" title="Next">Read on</a>', '<a href="/next" title="Sonraki">Devam et</a>'),
    ("Tom &amp; Jerry <em>ran</em>.", "Tom &amp; Jerry <em>koştu</em>."),
    ("Run <code>make test</code> first.", "Önce <code>make test</code> çalıştır."),
])
def test_checks_accept_kept_markup(source: str, translation: str) -> None:
    assert [i for i in check_translation(source, translation, "tr") if i.check in ("html", "code")] == []


# --- front matter ------------------------------------------------------------------------

KEYS = ("title", "summary", "description", "image.caption", "image.alt", "tags")

FRONT_CASES = {
    "block mapping": (
        "---\ntitle: The title\nimage:\n  src: a.jpg\n  caption: \"Photo: the square\"\n  alt: Crowd in the square\n---\n",
        {"title": "The title", "image": {"src": "a.jpg", "caption": "Photo: the square", "alt": "Crowd in the square"}},
    ),
    "flow mapping": (
        "---\ntitle: The title\nimage: {src: a.jpg, caption: Photo of it, alt: 'It''s a crowd'}\n---\n",
        {"title": "The title", "image": {"src": "a.jpg", "caption": "Photo of it", "alt": "It's a crowd"}},
    ),
    "folded value in a nested mapping": (
        "---\nimage:\n  caption: >-\n    A caption\n    over two lines\n  credit: AP\n---\n",
        {"image": {"caption": "A caption over two lines", "credit": "AP"}},
    ),
    "a list of strings": (
        "---\ntitle: T\ntags: [Security, Asia Pacific]\n---\n",
        {"title": "T", "tags": ["Security", "Asia Pacific"]},
    ),
    "a block list": ("---\ntags:\n  - Security\n  - 2025\n---\n", {"tags": ["Security", 2025]}),
    "an anchored value and its alias": (
        "---\ndescription: &d A shared line\nimage: {caption: *d}\n---\n",
        {"description": "A shared line", "image": {"caption": "A shared line"}},
    ),
    "description and keys not listed": (
        "---\ntitle: T\ndescription: Long description.\nsubtitle: Not listed\nauthor: Someone\n---\n",
        {"title": "T", "description": "Long description.", "subtitle": "Not listed", "author": "Someone"},
    ),
}


def _mark(data: object, path: str = "") -> object:
    """Every string value at one of KEYS marked as translated, a list's strings one by one."""
    if isinstance(data, dict):
        return {key: _mark(value, f"{path}.{key}" if path else key) for key, value in data.items()}
    if isinstance(data, list) and path in KEYS:
        return [f"ÇEVİRİ {item}" if isinstance(item, str) else item for item in data]
    if isinstance(data, str) and path in KEYS:
        return f"ÇEVİRİ {data}"
    return data


@pytest.mark.parametrize("front, data", FRONT_CASES.values(), ids=FRONT_CASES.keys())
def test_front_matter_values_at_listed_keys(front: str, data: dict[str, object]) -> None:
    source = front + "\nBody text.\n"
    article = segment_article(source, front_matter_keys=KEYS)
    check_spans(source, article)
    rendered = article.render(marked)
    inner = rendered[4 : rendered.index("\n---\n") + 1]
    assert yaml.safe_load(front[4:-4]) == data
    # An alias stands for its anchor's value, translated once where the anchor is.
    assert yaml.safe_load(inner) == _mark(data) or "*d" in front
    assert rendered.endswith("---\n\nÇEVİRİ Body text.\n")
    if "*d" in front:
        assert yaml.safe_load(inner) == {"description": "ÇEVİRİ A shared line", "image": {"caption": "ÇEVİRİ A shared line"}}
    for unit in article.units:
        if unit.yaml_scalar:
            assert unit.kind in (BlockKind.TITLE, BlockKind.SUMMARY, BlockKind.METADATA)


def test_kinds_and_default_keys() -> None:
    source = "---\ntitle: T\nsummary: S\ndescription: D\nimage: {caption: C}\n---\nBody.\n"
    assert FRONT_MATTER_KEYS == ("title", "summary") == Workflow(languages=("tr",)).translate_front_matter
    assert units(source) == [("title", "T"), ("summary", "S"), ("paragraph", "Body.")]
    assert units(source, front_matter_keys=["image.caption", "description"]) == [
        ("metadata", "D"), ("metadata", "C"), ("paragraph", "Body.")]
    assert units(source, front_matter_keys=[]) == [("paragraph", "Body.")]
    # A dotted key names a nested key, never a key written with a dot.
    assert units("---\nimage.caption: Flat\n---\nBody.\n", front_matter_keys=["image.caption"]) == [("paragraph", "Body.")]


def test_front_matter_translation_is_yaml_in_a_flow_mapping_whatever_it_holds() -> None:
    source = "---\nimage: {caption: Photo, alt: x}\n---\nBody.\n"
    risky = 'Fotoğraf: "alıntı", {süslü} [köşeli] # değil\nikinci satır'
    rendered = segment_article(source, front_matter_keys=["image.caption"]).render(
        lambda unit: risky if unit.yaml_scalar else None)
    assert yaml.safe_load(rendered.split("---\n")[1]) == {"image": {"caption": risky, "alt": "x"}}


# --- workflow.yaml ---------------------------------------------------------------------------

def _workflow(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "workflow.yaml"
    path.write_text(f"languages: [tr]\n{line}\n", encoding="utf-8")
    return path


def test_translate_front_matter_is_read(tmp_path: Path) -> None:
    workflow = load_workflow(_workflow(tmp_path, "translate_front_matter: [title, image.caption, 'my key.alt']"))
    assert workflow.translate_front_matter == ("title", "image.caption", "my key.alt")
    assert load_workflow(_workflow(tmp_path, "")).translate_front_matter == ("title", "summary")
    assert load_workflow(_workflow(tmp_path, "translate_front_matter: []")).translate_front_matter == ()


BAD_KEYS = {
    "not a list": ("translate_front_matter: title", "translate_front_matter", "expected a list of front-matter keys"),
    "nothing": ("translate_front_matter:", "translate_front_matter", "got nothing"),
    "a number": ("translate_front_matter: [title, 5]", "translate_front_matter[1]", "got the number 5"),
    "empty name": ("translate_front_matter: ['']", "translate_front_matter[0]", "an empty string"),
    "empty part": ("translate_front_matter: [image..caption]", "translate_front_matter[0]", "separated by dots"),
    "trailing dot": ("translate_front_matter: [image.]", "translate_front_matter[0]", "separated by dots"),
    "a mapping": ("translate_front_matter: [{image: caption}]", "translate_front_matter[0]", "got a mapping"),
    "twice": ("translate_front_matter: [title, title]", "translate_front_matter[1]", "listed twice"),
}


@pytest.mark.parametrize("line, where, what", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_bad_translate_front_matter(tmp_path: Path, line: str, where: str, what: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_workflow(_workflow(tmp_path, line))
    assert str(caught.value).startswith(f"workflow.yaml: {where}: ")
    assert what in str(caught.value)


def test_source_hash_changes_only_for_other_keys(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: T\n---\nBody.\n", encoding="utf-8")

    def hash_with(line: str) -> str:
        _workflow(tmp_path, line)
        project = Project.open(tmp_path)
        return project.source_hash(project.read_article("a"))

    default = hash_with("")
    assert hash_with("translate_front_matter: [title, summary]") == default
    assert hash_with("translate_front_matter: [summary, title]") == default
    other = hash_with("translate_front_matter: [title, summary, image.caption]")
    assert other != default
    assert hash_with("translate_front_matter: [image.caption, summary, title]") == other
    assert hash_with("translate_front_matter: []") not in (default, other)


def test_segment_file_and_project_use_the_setting(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "a.md"
    path.write_text("---\ntitle: T\nimage: {caption: Cap}\n---\nBody.\n", encoding="utf-8")
    _workflow(tmp_path, "translate_front_matter: [image.caption]")
    assert [u.text for u in segment_file(path)] == ["Cap", "Body."]
    project = Project.open(tmp_path)
    assert [u.text for u in project.segment(project.read_article("a")).units] == ["Cap", "Body."]


# --- end to end: init, update, translate, build ------------------------------------------------

ARTICLE = """\
---
title: Protests in Ankara
image:
  src: ankara.jpg
  caption: Crowds gathered in the square
author: Desk
---

Thousands marched on Sunday.

<figure>
  <img src="ankara.jpg" alt="Protesters in Ankara">
  <figcaption>Protesters in Ankara on <em>Sunday</em> &amp; Monday.</figcaption>
</figure>
"""

TRANSLATIONS = {
    "Protests in Ankara": "Ankara'da protestolar",
    "Crowds gathered in the square": "Kalabalık meydanda toplandı",
    "Thousands marched on Sunday.": "Binlerce kişi pazar günü yürüdü.",
    "Protesters in Ankara": "Ankara'da protestocular",
    "Protesters in Ankara on <em>Sunday</em> &amp; Monday.": "Ankara'da <em>pazar</em> &amp; pazartesi protestocular.",
}


def test_cli_builds_translated_caption_and_front_matter(tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str | Path) -> str:
        result = runner.invoke(cli, [str(arg) for arg in args], prog_name="transflow")
        assert result.exit_code == 0, (result.output, result.exception)
        return result.stdout

    root = tmp_path / "desk"
    run("init", root, "--languages", "tr")
    workflow = root / "workflow.yaml"
    text = workflow.read_text(encoding="utf-8")
    assert "# translate_front_matter: [" in text  # the template shows the key
    workflow.write_text(text.replace("translate_shortcodes: false\n",
                                     "translate_shortcodes: false\ntranslate_front_matter: [title, summary, image.caption]\n"),
                        encoding="utf-8")
    for old in (root / "articles").glob("*"):
        old.unlink()
    (root / "articles" / "ankara.md").write_text(ARTICLE, encoding="utf-8")
    units_json = json.loads(run("-C", root, "segment", root / "articles" / "ankara.md", "--format", "json"))
    assert [u["text"] for u in units_json] == list(TRANSLATIONS)
    assert [u["kind"] for u in units_json] == ["title", "metadata", "paragraph", "alt text", "caption"]

    run("-C", root, "update")
    po_path = root / "locales" / "tr" / "ankara.po"
    po = polib.pofile(str(po_path))
    assert {e.msgid for e in po} == set(TRANSLATIONS)
    for entry in po:
        entry.msgstr = TRANSLATIONS[entry.msgid]
    po.save()
    run("-C", root, "build")
    page = (root / "build" / "tr" / "ankara.md").read_text(encoding="utf-8")

    front = yaml.safe_load(page[4 : page.index("\n---\n", 3)])
    assert front["title"] == "Ankara'da protestolar"
    assert front["image"] == {"src": "ankara.jpg", "caption": "Kalabalık meydanda toplandı"}
    assert front["author"] == "Desk"
    assert "<figcaption>Ankara'da <em>pazar</em> &amp; pazartesi protestocular.</figcaption>" in page
    assert '  <img src="ankara.jpg" alt="Ankara\'da protestocular">\n' in page
    assert "<figure>\n" in page and "</figure>\n" in page
    body = page[page.index("\n---\n", 3) + 5 :]
    assert body == ARTICLE[ARTICLE.index("---\n\n") + 4 :].replace(
        "Thousands marched on Sunday.", TRANSLATIONS["Thousands marched on Sunday."]).replace(
        'alt="Protesters in Ankara"', "alt=\"Ankara'da protestocular\"").replace(
        "Protesters in Ankara on <em>Sunday</em> &amp; Monday.", TRANSLATIONS[
            "Protesters in Ankara on <em>Sunday</em> &amp; Monday."])


def _ankara_desk(runner: CliRunner, tmp_path: Path, language: str) -> Path:
    """A new project (``transflow init``) whose only article is ARTICLE, updated."""
    root = tmp_path / "desk"
    assert runner.invoke(cli, ["init", str(root), "--languages", language]).exit_code == 0
    for old in (root / "articles").glob("*"):
        old.unlink()
    (root / "articles" / "ankara.md").write_text(ARTICLE, encoding="utf-8")
    assert runner.invoke(cli, ["-C", str(root), "update"]).exit_code == 0
    return root


def test_cli_check_flags_a_dropped_tag_in_a_caption(tmp_path: Path) -> None:
    runner = CliRunner()
    root = _ankara_desk(runner, tmp_path, "tr")
    po_path = root / "locales" / "tr" / "ankara.po"
    po = polib.pofile(str(po_path))
    caption = po.find("Protesters in Ankara on <em>Sunday</em> &amp; Monday.")
    assert caption is not None
    caption.msgstr = "Ankara'da pazar ve pazartesi protestocular."
    po.save()
    result = runner.invoke(cli, ["-C", str(root), "check", "--format", "json"])
    assert result.exit_code == 1
    assert "<em>" in result.stdout and '"html"' in result.stdout


@pytest.mark.parametrize(("language", "fmt"), [("tr", "html"), ("ar", "html"), ("ar", "markdown")])
def test_an_untranslated_alt_stays_as_written_inside_its_tag(tmp_path: Path, language: str, fmt: str) -> None:
    """Text left in English is marked (a span, or bidi isolates on a right-to-left page),
    but not inside an attribute value, where a mark would be part of the text or break the tag."""
    runner = CliRunner()
    root = _ankara_desk(runner, tmp_path, language)
    result = runner.invoke(cli, ["-C", str(root), "build", "--min-complete", "0", "--format", fmt])
    assert result.exit_code == 0, result.output
    page = next((root / "build" / language).glob("ankara.*")).read_text(encoding="utf-8")
    assert '<img src="ankara.jpg" alt="Protesters in Ankara">' in page
