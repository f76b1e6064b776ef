"""Issue 15, what ``build`` writes for real sites: language links independent of build
order, the source listed, translationKey, the ``folders`` and ``suffix`` layouts and site
URLs (checked against Hugo's ``.Translations`` when Hugo is installed); sentences joined
without spaces in Chinese and Japanese; text left in English isolated on RTL pages;
HTML pages with canonical, reciprocal hreflang, JSON-LD and a byline (checked in
headless Chromium when it is installed).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import tree_snapshot
from test_build import _chromium, body_of, front_of, new_project, translate_po
from transflow.errors import ProjectError
from transflow.ops.build import BUILD_RECORD, build_project
from transflow.ops.update import update_project
from transflow.render.page import Page, PageCredits, PageLink, byline_labels, render_page
from transflow.workspace.project import Project

WORKFLOW = """\
languages: [tr, id, ar, zh_Hant, ja]
team:
  ayse: {name: Ayşe Demir}
  kerem: {name: Kerem Aydın}
  putri: {name: Putri Lestari}
  layla: {name: ليلى حداد}
  mei: {name: 王美}
publish: {min_complete: %s}
"""

FED = """\
---
title: Fed holds rates
---

The meeting was held. The Fed held rates. Prices rose 3% y/y.

- One item. Second sentence.
"""

TRANSLATIONS = {
    "tr": {"Fed holds rates": "Fed faizi sabit tuttu", "The meeting was held.": "Toplantı yapıldı.",
           "The Fed held rates.": "Fed faizleri sabit tuttu.", "Prices rose 3% y/y.": "Fiyatlar yıllık %3 arttı.",
           "One item.": "Bir madde.", "Second sentence.": "İkinci cümle."},
    "id": {"Fed holds rates": "The Fed menahan suku bunga", "The meeting was held.": "Rapat diadakan.",
           "The Fed held rates.": "The Fed menahan suku bunga.", "Prices rose 3% y/y.": "Harga naik 3% y/y.",
           "One item.": "Satu butir.", "Second sentence.": "Kalimat kedua."},
    # "Prices rose 3% y/y." is left in English in these three.
    "ar": {"Fed holds rates": "الفيدرالي يثبت الفائدة", "The meeting was held.": "عُقد الاجتماع.",
           "The Fed held rates.": "ثبّت الفيدرالي الفائدة.", "One item.": "بند واحد.", "Second sentence.": "جملة ثانية."},
    "zh_Hant": {"Fed holds rates": "聯準會維持利率", "The meeting was held.": "會議已舉行。",
                "The Fed held rates.": "聯準會維持利率不變。", "One item.": "一個項目。", "Second sentence.": "第二句。"},
    "ja": {"Fed holds rates": "FRBが金利据え置き", "The meeting was held.": "会合が開かれた。",
           "The Fed held rates.": "FRBは金利を据え置いた。", "One item.": "一つの項目。", "Second sentence.": "GDP."},
}
PEOPLE = {"tr": "ayse", "id": "putri", "ar": "layla", "zh_Hant": "mei", "ja": "mei"}


def fed_project(tmp_path: Path, languages: tuple[str, ...] = ("tr", "id"), min_complete: float = 50,
                source: str = FED) -> Project:
    project = new_project(tmp_path / "p", {"fed.md": source}, WORKFLOW % min_complete)
    for language in languages:
        table = TRANSLATIONS[language]
        translate_po(project, language, "fed", table.get, translator=PEOPLE[language])
    return project


def outputs(project: Project, folder: str = "build") -> dict[str, bytes]:
    return {k: v[0] for k, v in tree_snapshot(project.root / folder).items() if k != BUILD_RECORD}


def page_languages(project: Project, path: str) -> list[str]:
    return [link["lang"] for link in front_of((project.root / path).read_text(encoding="utf-8"))["languages"]]


# --- 1. language links: every published language, the source too, whatever the order -----


def test_links_do_not_depend_on_the_order_languages_are_built_in(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    [tr] = build_project(project, languages=["tr"]).articles
    assert page_languages(project, tr.path) == ["en"]  # Indonesian has no page yet: no dead link
    report = build_project(project, languages=["id"])
    [id_] = report.articles
    assert page_languages(project, id_.path) == ["en", "tr"]
    assert page_languages(project, tr.path) == ["en", "id"]  # relinked, though not selected
    assert report.relinked == ("build/tr/fed.md",) and report.as_dict()["relinked"] == ["build/tr/fed.md"]
    assert outputs(project) == _full_build(project)
    # and the other way round gives the same bytes
    again = build_project(project, languages=["id"], output=project.root / "other").articles
    build_project(project, languages=["tr"], output=project.root / "other")
    assert again[0].status == "built" and outputs(project, "other") == outputs(project)


def test_the_issue_as_a_user_runs_it(tmp_path: Path, run_cli) -> None:
    project = fed_project(tmp_path)
    assert run_cli("-C", project.root, "build", "--lang", "tr").exit_code == 0
    result = run_cli("-C", project.root, "build", "--lang", "id", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["relinked"] == ["build/tr/fed.md"]
    assert page_languages(project, "build/tr/fed.md") == ["en", "id"]
    assert page_languages(project, "build/id/fed.md") == ["en", "tr"]


def _full_build(project: Project) -> dict[str, bytes]:
    build_project(project, output=project.root / "clean")
    try:
        return outputs(project, "clean")
    finally:
        shutil.rmtree(project.root / "clean")


def test_a_page_with_new_translations_is_not_republished_by_another_languages_build(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    build_project(project, languages=["tr"])
    page = project.root / "build/tr/fed.md"
    before = page.read_bytes()
    translate_po(project, "tr", "fed", lambda m: "Toplantı yapıldı!" if m == "The meeting was held." else None)
    report = build_project(project, languages=["id"])
    assert page.read_bytes() == before and report.relinked == ()  # nobody asked to publish the new Turkish
    build_project(project, languages=["tr"])
    assert page_languages(project, "build/tr/fed.md") == ["en", "id"]
    assert "Toplantı yapıldı!" in page.read_text(encoding="utf-8")


def test_a_hand_edited_page_of_another_language_is_not_relinked(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    build_project(project, languages=["tr"])
    page = project.root / "build/tr/fed.md"
    page.write_text(page.read_text(encoding="utf-8") + "desk note\n", encoding="utf-8")
    assert build_project(project, languages=["id"]).relinked == ()
    assert page.read_text(encoding="utf-8").endswith("desk note\n")


def test_the_source_is_listed_and_translation_key_is_the_slug(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    build_project(project)
    front = front_of((project.root / "build/tr/fed.md").read_text(encoding="utf-8"))
    assert front["translationKey"] == "fed"
    assert front["languages"] == [
        {"lang": "en", "name": "English", "path": "../en/fed.md"},
        {"lang": "id", "name": "Indonesia", "path": "../id/fed.md"},
    ]


def test_a_source_that_sets_its_own_translation_key_keeps_it(tmp_path: Path) -> None:
    source = FED.replace("title: Fed holds rates\n", "title: Fed holds rates\ntranslationKey: fed-2026-11\n")
    project = fed_project(tmp_path, source=source)
    build_project(project, languages=["tr"])
    text = (project.root / "build/tr/fed.md").read_text(encoding="utf-8")
    assert front_of(text)["translationKey"] == "fed-2026-11" and text.count("translationKey") == 1


def test_suffix_layout_and_url_pattern(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    report = build_project(project, layout="suffix", url="/{lang}/{slug}/")
    assert [r.path for r in report.articles if r.status == "built"] == ["build/fed.tr.md", "build/fed.id.md"]
    assert sorted(outputs(project)) == ["fed.id.md", "fed.tr.md"]
    front = front_of((project.root / "build/fed.tr.md").read_text(encoding="utf-8"))
    assert front["languages"] == [
        {"lang": "en", "name": "English", "path": "fed.en.md", "url": "/en/fed/"},
        {"lang": "id", "name": "Indonesia", "path": "fed.id.md", "url": "/id/fed/"},
    ]
    html = build_project(project, layout="suffix", url="https://example.org/{tag}/{slug}/", fmt="html")
    page = (project.root / html.articles[0].path).read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/tr/fed/">' in page
    assert '<a href="https://example.org/id/fed/" hreflang="id"' in page


def test_a_folders_build_links_relatively_like_before(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    build_project(project, url="/{lang}/{slug}/")
    front = front_of((project.root / "build/id/fed.md").read_text(encoding="utf-8"))
    assert front["languages"][1] == {"lang": "tr", "name": "Türkçe", "path": "../tr/fed.md", "url": "/tr/fed/"}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"layout": "flat"}, "publish.layout 'flat' is not one of: folders, suffix"),
        ({"url": "/{language}/{slug}/"}, "names {language}"),
        ({"url": "/{lang}/"}, "has no {slug}"),
        ({"url": "/{lang/{slug}"}, "is not a pattern"),
    ],
)
def test_bad_layouts_and_url_patterns_are_refused_before_anything_is_written(
    tmp_path: Path, kwargs: dict, message: str
) -> None:
    project = fed_project(tmp_path)
    with pytest.raises(ProjectError, match=re.escape(message)):
        build_project(project, **kwargs)
    assert not (project.root / "build").exists()


def test_a_removed_article_is_removed_from_a_suffix_layout_too(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    build_project(project, layout="suffix")
    (project.root / "articles/fed.md").rename(project.root / "articles/fed-rates.md")
    update_project(Project.open(project.root))
    report = build_project(Project.open(project.root), layout="suffix")
    assert sorted(o.path for o in report.orphans if o.removed) == ["build/fed.id.md", "build/fed.tr.md"]
    assert not (project.root / "build/fed.tr.md").exists()


def test_a_kept_page_of_a_removed_article_is_still_known_as_ours(tmp_path: Path) -> None:
    """A language that fell below the policy keeps its page; the record still knows the
    page is build's own, so removing the article later removes it too."""
    project = fed_project(tmp_path)
    build_project(project)
    translate_po(project, "tr", "fed", lambda m: "" if m != "Fed holds rates" else None)
    tr = build_project(project).articles[0]
    assert tr.status == "skipped" and tr.reason.endswith("; the previous build/tr/fed.md is kept")
    assert page_languages(project, "build/id/fed.md") == ["en", "tr"]  # still on the site, still linked
    (project.root / "articles/fed.md").unlink()
    report = build_project(Project.open(project.root))
    assert sorted(o.path for o in report.orphans if o.removed) == ["build/id/fed.md", "build/tr/fed.md"]


# --- Hugo reads both layouts ------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL: https://example.org/
defaultContentLanguage: en
defaultContentLanguageInSubdir: true
disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, 404, home, section]
languages:
%s
"""


@pytest.mark.skipif(shutil.which("hugo") is None, reason="needs Hugo: apt-get install -y hugo (CI installs it)")
@pytest.mark.parametrize("layout", ["folders", "suffix"])
def test_hugo_finds_every_translation_in_either_layout(tmp_path: Path, layout: str) -> None:
    project = fed_project(tmp_path, languages=("tr", "id"))
    site = tmp_path / "site"
    content = site / "content"
    build_project(project, output=content, layout=layout, url="/{lang}/{slug}/")
    # The site's own English page: the source as the newsroom publishes it, with the
    # same translationKey (Hugo keys a page by it when it is set).
    english = FED.replace("---\n\n", "translationKey: fed\n---\n\n", 1)
    if layout == "folders":
        (content / "en").mkdir()
        (content / "en" / "fed.md").write_text(english, encoding="utf-8")
        languages = "".join(f"  {code}: {{weight: {n}, contentDir: content/{code}}}\n"
                            for n, code in enumerate(("en", "tr", "id"), 1))
    else:
        (content / "fed.en.md").write_text(english, encoding="utf-8")
        languages = "".join(f"  {code}: {{weight: {n}}}\n" for n, code in enumerate(("en", "tr", "id"), 1))
    (site / "config.yaml").write_text(HUGO_CONFIG % languages.rstrip("\n"), encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(
        '{{ .Lang }}|{{ .TranslationKey }}|{{ range .Translations }}{{ .Lang }}={{ .RelPermalink }} {{ end }}|'
        '{{ range .Params.languages }}{{ .lang }}={{ .url }} {{ end }}', encoding="utf-8")
    result = subprocess.run(["hugo", "--quiet", "--source", str(site)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for code in ("tr", "id"):
        page = (site / "public" / code / "fed" / "index.html").read_text(encoding="utf-8").strip()
        lang, key, translations, ours = page.split("|")
        others = [c for c in ("en", "tr", "id") if c != code]
        assert (lang, key) == (code, "page/fed")
        assert translations.split() == [f"{c}=/{c}/fed/" for c in others]  # what Hugo links ...
        assert ours.split() == translations.split()  # ... is what build's front matter says
    english_page = (site / "public" / "en" / "fed" / "index.html").read_text(encoding="utf-8")
    assert english_page.split("|")[2].split() == ["tr=/tr/fed/", "id=/id/fed/"]


# --- 2. sentences without spaces in Chinese and Japanese --------------------------------------


def test_chinese_and_japanese_sentences_are_joined_without_spaces(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("zh_Hant", "ja"))
    build_project(project)
    zh = body_of((project.root / "build/zh_Hant/fed.md").read_text(encoding="utf-8"))
    # The space next to the English left in stays.
    assert zh == "\n會議已舉行。聯準會維持利率不變。 Prices rose 3% y/y.\n\n- 一個項目。第二句。\n"
    ja = body_of((project.root / "build/ja/fed.md").read_text(encoding="utf-8"))
    # A sentence that ends in ASCII ("GDP.") keeps its space before the next, and one after it.
    assert ja == "\n会合が開かれた。FRBは金利を据え置いた。 Prices rose 3% y/y.\n\n- 一つの項目。GDP.\n"


def test_languages_written_with_spaces_keep_them(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("tr",))
    build_project(project, languages=["tr"])
    body = body_of((project.root / "build/tr/fed.md").read_text(encoding="utf-8"))
    assert body == "\nToplantı yapıldı. Fed faizleri sabit tuttu. Fiyatlar yıllık %3 arttı.\n\n- Bir madde. İkinci cümle.\n"


def test_chinese_html_has_no_spaces_between_sentences(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("zh_Hant",))
    [page] = [r for r in build_project(project, fmt="html").articles if r.status == "built"]
    text = (project.root / page.path).read_text(encoding="utf-8")
    assert '<p>會議已舉行。聯準會維持利率不變。 <span lang="en">Prices rose 3% y/y.</span></p>' in text
    assert "<li>一個項目。第二句。</li>" in text


# --- 3. English left in an RTL page is isolated ----------------------------------------------


def test_english_in_an_arabic_page_is_isolated(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("ar",))
    build_project(project, languages=["ar"])
    body = body_of((project.root / "build/ar/fed.md").read_text(encoding="utf-8"))
    # Markdown: Unicode isolates, which any renderer keeps (raw HTML may be dropped).
    assert "ثبّت الفيدرالي الفائدة. \u2066Prices rose 3% y/y.\u2069\n" in body
    [page] = build_project(project, languages=["ar"], fmt="html").articles
    text = (project.root / page.path).read_text(encoding="utf-8")
    assert '<span lang="en" dir="ltr">Prices rose 3% y/y.</span>' in text
    assert "\u2066" not in text


def test_an_untranslated_title_on_an_rtl_page_is_isolated(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=())
    translate_po(project, "ar", "fed", lambda m: None if m == "Fed holds rates" else "نص عربي.", translator="layla")
    [page] = build_project(project, languages=["ar"], fmt="html").articles
    text = (project.root / page.path).read_text(encoding="utf-8")
    assert '<h1><span lang="en" dir="ltr">Fed holds rates</span></h1>' in text


def test_ltr_pages_mark_english_without_changing_direction(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=())
    translate_po(project, "tr", "fed", lambda m: None if m.startswith("Prices") else "[tr] " + m)
    build_project(project, languages=["tr"])
    assert "\u2066" not in (project.root / "build/tr/fed.md").read_text(encoding="utf-8")
    [page] = build_project(project, languages=["tr"], fmt="html").articles
    assert '<span lang="en">Prices rose 3% y/y.</span>' in (project.root / page.path).read_text(encoding="utf-8")


# --- 4. HTML pages for search engines ---------------------------------------------------------


def _head_links(text: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<link rel="(canonical|alternate)"(?: hreflang="([^"]+)")? href="([^"]+)">', text)


def _json_ld(text: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text)
    assert match, text[:2000]
    return json.loads(match.group(1))


def test_hreflang_is_reciprocal_with_the_source_and_x_default(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("tr", "id", "ar"))
    build_project(project, fmt="html", url="https://example.org/{lang}/{slug}/")
    clusters = {}
    for code in ("tr", "id", "ar"):
        text = (project.root / f"build/{code}/fed.html").read_text(encoding="utf-8")
        links = _head_links(text)
        assert links[0] == ("canonical", "", f"https://example.org/{code}/fed/")
        clusters[code] = {(lang, href) for kind, lang, href in links if kind == "alternate"}
    expected = {("x-default", "https://example.org/en/fed/")} | {
        (code, f"https://example.org/{code}/fed/") for code in ("en", "tr", "id", "ar")}
    assert clusters == dict.fromkeys(("tr", "id", "ar"), expected)


def test_a_page_mostly_in_the_source_language_does_not_claim_to_be_a_translation(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=("tr",), min_complete=100)
    translate_po(project, "id", "fed", lambda m: "Rapat diadakan." if m == "The meeting was held." else None,
                 translator="putri")
    # A preview build publishes what the newsroom's min_complete (100) would not.
    preview = replace(project.workflow.publish, min_complete=0)
    build_project(project, fmt="html", policy=preview, url="/{lang}/{slug}/")
    id_page = (project.root / "build/id/fed.html").read_text(encoding="utf-8")
    assert _head_links(id_page) == [("canonical", "", "/en/fed/")]  # the source is the page to index
    data = _json_ld(id_page)
    assert data["inLanguage"] == "id" and "translationOfWork" not in data and "translator" not in data
    tr_page = (project.root / "build/tr/fed.html").read_text(encoding="utf-8")
    alternates = [lang for kind, lang, _ in _head_links(tr_page) if kind == "alternate"]
    assert alternates == ["tr", "en", "x-default"]  # no hreflang for the Indonesian page ...
    assert '<a href="/id/fed/" hreflang="id"' in tr_page  # ... though readers still find it
    # A page that meets a lower claim threshold is a translation again.
    build_project(project, fmt="html", policy=preview, url="/{lang}/{slug}/", claim_min=10)
    assert ("alternate", "id", "/id/fed/") in _head_links((project.root / "build/tr/fed.html").read_text("utf-8"))


def test_json_ld_names_language_translators_original_and_date(tmp_path: Path) -> None:
    project = fed_project(tmp_path, languages=())
    translate_po(project, "tr", "fed", lambda m: "[tr] " + m, translator="ayse", reviewer="kerem",
                 when="2026-11-20T10:15:00Z", reviewed_when="2026-11-21T09:00:00Z")
    [page] = build_project(project, languages=["tr"], fmt="html", url="/{lang}/{slug}/").articles
    text = (project.root / page.path).read_text(encoding="utf-8")
    assert _json_ld(text) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "[tr] Fed holds rates",
        "inLanguage": "tr",
        "url": "/tr/fed/",
        "dateModified": "2026-11-21T09:00:00Z",
        "translator": [{"@type": "Person", "name": "Ayşe Demir"}],
        "editor": [{"@type": "Person", "name": "Kerem Aydın"}],
        "translationOfWork": {"@type": "NewsArticle", "url": "/en/fed/", "inLanguage": "en"},
    }
    assert '<p class="byline"><span class="translators">Çeviren: <bdi>Ayşe Demir</bdi></span> · ' \
           '<span class="reviewers">Redaksiyon: <bdi>Kerem Aydın</bdi></span></p>' in text


CREDITS = PageCredits(percent=100, percent_text="100%", translators=("A </script><b>", "B"), reviewers=(),
                      updated_iso=None, updated_text=None, source_revision="abc")


def test_json_ld_cannot_end_its_script() -> None:
    text = render_page(Page(tag="en-GB", direction="ltr", title="</script><script>alert(1)</script>",
                            body_html="<p>x</p>", credits=CREDITS))
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert script and "<" not in script.group(1) and ">" not in script.group(1)
    assert json.loads(script.group(1))["translator"][0]["name"] == "A </script><b>"
    assert text.count("<script") == 1


@pytest.mark.parametrize(
    "tag, translated, names",
    [
        ("tr", "Çeviren: {names}", "<bdi>A &lt;/script&gt;&lt;b&gt;</bdi> ve <bdi>B</bdi>"),
        ("ar", "ترجمة: {names}", "<bdi>A &lt;/script&gt;&lt;b&gt;</bdi> و<bdi>B</bdi>"),
        ("zh-Hant", "翻譯：{names}", "<bdi>A &lt;/script&gt;&lt;b&gt;</bdi>和<bdi>B</bdi>"),
        ("zh-TW", "翻譯：{names}", None),
        ("zh", "翻译：{names}", None),
        ("sw", "Translated by {names}", None),  # not in the table: English
        ("not a tag", "Translated by {names}", None),
    ],
)
def test_byline_labels_are_in_the_pages_language(tag: str, translated: str, names: str | None) -> None:
    assert byline_labels(tag)[0] == translated
    if names is not None:
        text = render_page(Page(tag=tag, direction="ltr", title="T", body_html="", credits=CREDITS))
        assert f'<span class="translators">{translated.replace("{names}", names)}</span>' in text


def test_a_page_without_site_links_keeps_the_old_alternates() -> None:
    link = PageLink(tag="ru", name="русский", direction="ltr", href="../ru/a.html")
    text = render_page(Page(tag="tr", direction="ltr", title="T", body_html="", credits=CREDITS, links=(link,)))
    assert _head_links(text) == [("alternate", "ru", "../ru/a.html")]


# --- in a real browser ---------------------------------------------------------------------

PROBE = """
<script>
const q = (s) => Array.from(document.querySelectorAll(s));
const fallback = document.querySelector('article > p span[lang]');
const probe = {
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  byline: document.querySelector('p.byline').textContent,
  bdi: q('p.byline bdi').map(b => getComputedStyle(b).unicodeBidi),
  fallback: fallback && [fallback.lang, getComputedStyle(fallback).direction, getComputedStyle(fallback).unicodeBidi],
  // where the English sentence's first letter and its full stop are drawn
  stop: fallback && (() => {
    const text = fallback.firstChild, at = (i) => {
      const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
      return Math.round(r.getBoundingClientRect().left);
    };
    return [at(0), at(text.length - 1)];
  })(),
  paragraph: document.querySelector('article > p').textContent,
  canonical: document.querySelector('link[rel=canonical]').getAttribute('href'),
  alternates: q('link[rel=alternate]').map(l => l.hreflang),
  data: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent),
};
document.body.setAttribute('data-probe', JSON.stringify(probe));
</script>
"""


def _probe(page: Path, screenshot: Path) -> dict:
    probe_page = page.with_name(page.stem + ".probe.html")
    probe_page.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=800,500"]
        result = subprocess.run([*command, "--dump-dom", probe_page.as_uri()], capture_output=True, text=True,
                                timeout=120)
        shot = subprocess.run([*command, f"--screenshot={screenshot}", page.as_uri()], capture_output=True,
                              timeout=120)
    finally:
        probe_page.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.returncode == 0 and screenshot.stat().st_size > 0
    start = result.stdout.index('data-probe="') + len('data-probe="')
    return json.loads(html_lib.unescape(result.stdout[start : result.stdout.index('"', start)]))


def test_tr_ar_and_zh_hant_pages_in_a_headless_browser(tmp_path: Path) -> None:
    _chromium()  # skip before doing the work when there is no browser
    project = fed_project(tmp_path, languages=("tr", "ar", "zh_Hant"))
    build_project(project, fmt="html")
    probes = {code: _probe(project.root / f"build/{code}/fed.html", tmp_path / f"{code}.png")
              for code in ("tr", "ar", "zh_Hant")}
    tr, ar, zh = probes["tr"], probes["ar"], probes["zh_Hant"]
    assert (tr["lang"], ar["lang"], zh["lang"]) == ("tr", "ar", "zh-Hant")
    assert (tr["dir"], ar["dir"], zh["dir"]) == ("ltr", "rtl", "ltr")
    assert tr["byline"] == "Çeviren: Ayşe Demir" and tr["fallback"] is None
    assert ar["byline"] == "ترجمة: ليلى حداد" and ar["bdi"] == ["isolate"]
    # The English sentence is isolated and left to right inside the Arabic paragraph: its
    # full stop is drawn after "y/y", right of its first letter, not flipped to its start.
    assert ar["fallback"] == ["en", "ltr", "isolate"]
    first, stop = ar["stop"]
    assert stop > first
    assert zh["byline"] == "翻譯：王美" and zh["fallback"] == ["en", "ltr", "normal"]
    assert zh["paragraph"] == "會議已舉行。聯準會維持利率不變。 Prices rose 3% y/y."
    for code, probe in probes.items():
        assert probe["canonical"] == "fed.html"
        assert sorted(probe["alternates"]) == sorted(["en", "tr", "ar", "zh-Hant", "x-default"])
        assert probe["data"]["inLanguage"] == probe["lang"]
        assert probe["data"]["translationOfWork"]["inLanguage"] == "en"
        assert probe["data"]["translator"][0]["@type"] == "Person", code


def test_layout_and_url_default_to_the_policy(tmp_path: Path) -> None:
    project = fed_project(tmp_path)
    policy = replace(project.workflow.publish, layout="suffix", url="/{lang}/{slug}/")
    report = build_project(project, policy=policy)
    assert [r.path for r in report.articles if r.status == "built"] == ["build/fed.tr.md", "build/fed.id.md"]
    assert front_of((project.root / "build/fed.tr.md").read_text(encoding="utf-8"))["languages"][0]["url"] == "/en/fed/"
    # an argument still wins over the policy
    assert build_project(project, policy=policy, layout="folders", output=project.root / "b").articles[0].path \
        == "b/tr/fed.md"


def test_switching_the_layout_removes_the_pages_the_other_layout_wrote(tmp_path: Path, run_cli) -> None:
    project = fed_project(tmp_path)
    assert run_cli("-C", project.root, "build").exit_code == 0
    old = project.root / "build" / "tr" / "fed.md"
    assert old.exists()
    result = run_cli("-C", project.root, "build", "--layout", "suffix")
    assert result.exit_code == 0, result.output
    assert "removed  build/tr/fed.md: built with another layout; the page is now build/fed.tr.md" in result.stdout
    assert not old.exists() and (project.root / "build" / "fed.tr.md").exists()
    # Back again; a page edited by hand is kept and said so.
    page = project.root / "build" / "fed.tr.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    result = run_cli("-C", project.root, "build")
    assert "kept     build/fed.tr.md: built with another layout; the page is now build/tr/fed.md" in result.stderr
    assert page.exists() and old.exists()
    assert run_cli("-C", project.root, "build", "--article", "fed", "--layout", "suffix").exit_code == 0


def test_the_cli_says_which_pages_it_relinked(tmp_path: Path, run_cli) -> None:
    project = fed_project(tmp_path)
    assert run_cli("-C", project.root, "build", "--lang", "tr").exit_code == 0
    result = run_cli("-C", project.root, "build", "--lang", "id")
    assert "relinked build/tr/fed.md: its language links now list every language published" in result.stdout
    assert "relinked" not in run_cli("-C", project.root, "build", "--lang", "id", "-q").stdout
