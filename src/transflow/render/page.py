"""Standalone HTML pages for ``transflow build --format html``.

A page is self-contained (inline CSS, nothing that runs, no external assets), declares
its language and writing direction on ``<html>``, and carries no English words of its
own where it can help it: dates, percentages and lists of names are formatted by Babel
for the page's locale, each language link is written under that language's own name,
and the byline's labels ("Translated by") come from a small table (English for a
language it lacks).

For search engines a page says what it is: ``rel="canonical"``, and reciprocal
``<link rel="alternate" hreflang>`` for every published language that is a
translation (the page itself included), the source, and ``x-default`` (the source);
JSON-LD ``NewsArticle`` data (the one ``<script>``, of a type browsers never run) names
its language, translators, the work it translates and when it changed. A page built
mostly from source-language text is no translation to announce: its canonical is the
source, and it lists no alternates.

Articles and translations come from many hands, and Markdown lets them write raw
HTML, so the article's HTML goes through :func:`sanitize_html` (nh3, the Python
binding of Rust's ammonia) before it is placed in the page: an allow-list of the
tags and attributes Markdown writes, no scripts, event handlers, frames, forms,
SVG or style, and links only to http, https, mailto, tel, ftp and relative URLs.
The page's own head, CSS and structure are written here and are not filtered.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import nh3
from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from markdown_it import MarkdownIt

from transflow.formats.markdown import PARAGRAPH_BREAK, markdown_parser


@dataclass(frozen=True)
class PageLink:
    """Another published language of the same article."""

    tag: str  # BCP 47 (pt-BR)
    name: str  # the language's own name (Türkçe, русский)
    direction: str  # ltr | rtl
    href: str  # relative to the page, or the site URL
    #: Announced as this article in that language (hreflang); False for a page built
    #: mostly from source-language text.
    alternate: bool = True


@dataclass(frozen=True)
class PageCredits:
    """The translation's state, already formatted for the page's locale."""

    percent: float  # of words, as counted for the publish policy
    percent_text: str  # formatted for the locale: "%100", "72,5 %"
    translators: tuple[str, ...]
    reviewers: tuple[str, ...]
    updated_iso: str | None
    updated_text: str | None
    source_revision: str
    source_commit: str | None = None
    #: The source changed on this date and the page is behind it (publish.outdated: fallback).
    outdated_since: str | None = None


@dataclass(frozen=True)
class Page:
    tag: str
    direction: str
    title: str
    body_html: str
    credits: PageCredits
    links: tuple[PageLink, ...] = ()  # the other published languages, the source first
    author: str | None = None
    description: str | None = None
    own: PageLink | None = None  # this page, as the others link to it
    source: PageLink | None = None  # the original (x-default, translationOfWork)
    is_translation: bool = True  # False: mostly source-language text, announced as nothing
    title_language: PageLink | None = None  # the language of a title left untranslated


def _markdown() -> MarkdownIt:
    return markdown_parser(footnotes_at_end=True)


def markdown_to_html(text: str) -> str:
    """HTML of a whole Markdown article; its front matter is not shown."""
    return _markdown().render(text)


# --- sanitizing ----------------------------------------------------------------------------
#
# What markdown-it writes with the plugins above (tables, footnotes), plus the harmless
# text-level tags authors commonly write as raw HTML in Markdown. Anything else is
# dropped, keeping its text; the content of the tags below that hold code, media or
# markup of their own is dropped with them.

_TAGS = frozenset({
    # Markdown
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code",
    "em", "strong", "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "section",  # footnotes
    "span",  # a unit left in the source language (build marks it with lang)
    # raw HTML that cannot run or load anything
    "sub", "del", "s", "ins", "mark", "kbd", "samp", "var", "abbr", "cite", "q", "small", "b", "i", "u",
    "dfn", "time", "dl", "dt", "dd", "figure", "figcaption", "caption", "details", "summary", "div",
})

_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "noscript", "noembed", "noframes", "xmp", "textarea", "select", "title",
})

_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang", "id", "class"},  # footnote references and back-references
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "class"},
    "li": {"id", "class"},
    "code": {"class"},  # language-python
    "sup": {"class"},
    "section": {"class"},
    "hr": {"class"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
}

# A table column's alignment is the only style Markdown writes; any other style value
# (expression(), url(), position tricks) is dropped.
_ALIGN = {"style": {"text-align:left", "text-align:center", "text-align:right"}}
_ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN}

# No javascript:, vbscript: or data: (ammonia decodes entities and case first).
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


def sanitize_html(fragment: str) -> str:
    """``fragment`` with only the allow-listed tags, attributes and URL schemes left."""
    return nh3.clean(
        fragment,
        tags=set(_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        tag_attribute_values={tag: {k: set(v) for k, v in values.items()} for tag, values in _ATTRIBUTE_VALUES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=None,  # the page's links are the article's own; rel would change them
        strip_comments=True,
    )




def text_to_html(text: str) -> str:
    """HTML of a plain-text article: one paragraph per blank-line-separated block."""
    paragraphs = [block.strip() for block in PARAGRAPH_BREAK.split(text)]
    return "".join(f"<p>{_escape(block)}</p>\n" for block in paragraphs if block)


_STYLE = """\
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1b1b;background:#fff}
article,nav.languages{max-width:42rem;margin-inline:auto;padding-inline:1rem}
nav.languages ul{list-style:none;padding:0;margin-block:1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
h1{line-height:1.25}
blockquote{margin-inline:0;padding-inline-start:1rem;border-inline-start:.25rem solid #ccc}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:start}
pre{overflow-x:auto;direction:ltr;text-align:left}
footer.translation,p.byline{margin-block:2rem;font-size:.875rem;color:#555}
p.byline{margin-block:.5rem 1.5rem}
"""


def render_page(page: Page) -> str:
    """The complete HTML document of one localized article."""
    credits = page.credits
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(page.tag)}" dir="{_attr(page.direction)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_escape(_plain(page.title))}</title>",
    ]
    if page.author:
        head.append(f'<meta name="author" content="{_attr(page.author)}">')
    if page.description:
        head.append(f'<meta name="description" content="{_attr(page.description)}">')
    if credits.outdated_since:
        head.append(f'<meta name="transflow:outdated" content="{_attr(credits.outdated_since)}">')
    head.append(f'<meta name="transflow:source-revision" content="{_attr(credits.source_revision)}">')
    if credits.source_commit:
        head.append(f'<meta name="transflow:source-commit" content="{_attr(credits.source_commit)}">')
    head += _search_links(page)
    head += [
        f'<script type="application/ld+json">{_json_ld(page)}</script>',
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
    ]

    body = []
    if page.links:
        items = "".join(
            f'<li><a href="{_attr(link.href)}" hreflang="{_attr(link.tag)}" lang="{_attr(link.tag)}"'
            f' dir="{_attr(link.direction)}">{_escape(link.name)}</a></li>'
            for link in page.links
        )
        body.append(f'<nav class="languages"><ul>{items}</ul></nav>')
    body.append("<article>")
    title = sanitize_html(_inline(page.title))
    if page.title_language is not None and page.title_language.tag != page.tag:
        language = page.title_language
        title = f'<span lang="{_attr(language.tag)}" dir="{_attr(language.direction)}">{title}</span>'
    header = f"<h1>{title}</h1>"
    byline = _byline(page.tag, credits)
    if byline:
        header += f'\n<p class="byline">{byline}</p>'
    body.append(f"<header>{header}</header>")
    body.append(sanitize_html(page.body_html).rstrip("\n"))
    body.append(_footer(credits))
    body.append("</article>")
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _search_links(page: Page) -> list[str]:
    """canonical and the hreflang alternates (each page lists the same set: reciprocal)."""
    if page.own is None:
        return [f'<link rel="alternate" hreflang="{_attr(link.tag)}" href="{_attr(link.href)}">'
                for link in page.links if link.alternate]
    if not page.is_translation:
        canonical = page.source.href if page.source is not None else page.own.href
        return [f'<link rel="canonical" href="{_attr(canonical)}">']
    lines = [f'<link rel="canonical" href="{_attr(page.own.href)}">']
    for link in (page.own, *page.links):
        if link.alternate:
            lines.append(f'<link rel="alternate" hreflang="{_attr(link.tag)}" href="{_attr(link.href)}">')
    if page.source is not None:
        lines.append(f'<link rel="alternate" hreflang="x-default" href="{_attr(page.source.href)}">')
    return lines


def _json_ld(page: Page) -> str:
    """schema.org NewsArticle data, safe inside <script>: no "<", ">" or "&" left raw."""
    credits = page.credits
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _plain(page.title),
        "inLanguage": page.tag,
    }
    if page.own is not None:
        data["url"] = page.own.href if page.is_translation or page.source is None else page.source.href
    if page.description:
        data["description"] = page.description
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    if credits.updated_iso:
        data["dateModified"] = credits.updated_iso
    if page.is_translation:
        if credits.translators:
            data["translator"] = [{"@type": "Person", "name": name} for name in credits.translators]
        if credits.reviewers:
            data["editor"] = [{"@type": "Person", "name": name} for name in credits.reviewers]
        if page.source is not None:
            data["translationOfWork"] = {"@type": "NewsArticle", "url": page.source.href, "inLanguage": page.source.tag}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- the byline ------------------------------------------------------------------------------
#
# "Translated by … · Reviewed by …" in the page's language. CLDR has no such phrases,
# so they are a small table by language (and script, for Chinese); Babel joins the names.

_BYLINE_LABELS: dict[str, tuple[str, str]] = {
    "en": ("Translated by {names}", "Reviewed by {names}"),
    "tr": ("Çeviren: {names}", "Redaksiyon: {names}"),
    "ru": ("Перевод: {names}", "Редактура: {names}"),
    "uk": ("Переклад: {names}", "Редагування: {names}"),
    "id": ("Diterjemahkan oleh {names}", "Ditinjau oleh {names}"),
    "ms": ("Diterjemahkan oleh {names}", "Disemak oleh {names}"),
    "ar": ("ترجمة: {names}", "مراجعة: {names}"),
    "fa": ("ترجمه: {names}", "ویرایش: {names}"),
    "he": ("תרגום: {names}", "עריכה: {names}"),
    "zh-Hans": ("翻译：{names}", "审校：{names}"),
    "zh-Hant": ("翻譯：{names}", "審校：{names}"),
    "ja": ("翻訳：{names}", "校閲：{names}"),
    "ko": ("번역: {names}", "감수: {names}"),
    "es": ("Traducción: {names}", "Revisión: {names}"),
    "pt": ("Tradução: {names}", "Revisão: {names}"),
    "fr": ("Traduction : {names}", "Relecture : {names}"),
    "de": ("Übersetzung: {names}", "Lektorat: {names}"),
    "it": ("Traduzione: {names}", "Revisione: {names}"),
}


@lru_cache(maxsize=64)
def _page_locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


def byline_labels(tag: str) -> tuple[str, str]:
    """The (translated by, reviewed by) patterns for a BCP 47 tag; English when unknown."""
    locale = _page_locale(tag)
    if locale is None:
        return _BYLINE_LABELS["en"]
    if locale.language == "zh":
        traditional = locale.script == "Hant" or (locale.script is None and locale.territory in ("TW", "HK", "MO"))
        return _BYLINE_LABELS["zh-Hant" if traditional else "zh-Hans"]
    return _BYLINE_LABELS.get(locale.language, _BYLINE_LABELS["en"])


def _byline(tag: str, credits: PageCredits) -> str:
    """The byline's HTML; each name in <bdi>, as a name's direction is its own."""
    translated, reviewed = byline_labels(tag)
    locale = _page_locale(tag) or Locale("en")
    parts = []
    for pattern, names, kind in ((translated, credits.translators, "translators"),
                                 (reviewed, credits.reviewers, "reviewers")):
        if names:
            joined = format_list([f"<bdi>{_escape(name)}</bdi>" for name in names], locale=locale)
            label = _escape(pattern).replace("{names}", joined)
            parts.append(f'<span class="{kind}">{label}</span>')
    return " · ".join(parts)


@lru_cache(maxsize=1)
def _inline_markdown() -> MarkdownIt:
    # A title is text from a translator: its emphasis is rendered, raw HTML is not.
    return MarkdownIt("commonmark", {"html": False})


def _inline(text: str) -> str:
    """A front-matter title as HTML: inline Markdown rendered, everything else escaped."""
    return _inline_markdown().renderInline(text)


def _plain(text: str) -> str:
    """A title without its markup, for <title>."""
    return html.unescape(re.sub(r"<[^>]*>", "", _inline(text)))


def _footer(credits: PageCredits) -> str:
    parts = [f'<data class="percent" value="{credits.percent:g}">{_escape(credits.percent_text)}</data>']
    if credits.updated_iso and credits.updated_text:
        parts.append(f'<time datetime="{_attr(credits.updated_iso)}">{_escape(credits.updated_text)}</time>')
    return f'<footer class="translation">{" · ".join(parts)}</footer>'


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
