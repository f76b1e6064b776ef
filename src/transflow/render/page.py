"""Standalone HTML pages for ``transflow build --format html``.

A page is self-contained (inline CSS, no scripts, no external assets), declares its
language and writing direction on ``<html>``, and carries no English words of its
own: dates and percentages are formatted by Babel for the page's locale and each
language link is written under that language's own name.

Articles and translations come from many hands, and Markdown lets them write raw
HTML, so the article's HTML goes through :func:`sanitize_html` (nh3, the Python
binding of Rust's ammonia) before it is placed in the page: an allow-list of the
tags and attributes Markdown writes, no scripts, event handlers, frames, forms,
SVG or style, and links only to http, https, mailto, tel, ftp and relative URLs.
The page's own head, CSS and structure are written here and are not filtered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from transflow.formats.markdown import PARAGRAPH_BREAK, markdown_parser


@dataclass(frozen=True)
class PageLink:
    """Another published language of the same article."""

    tag: str  # BCP 47 (pt-BR)
    name: str  # the language's own name (Türkçe, русский)
    direction: str  # ltr | rtl
    href: str  # relative to the page


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


@dataclass(frozen=True)
class Page:
    tag: str
    direction: str
    title: str
    body_html: str
    credits: PageCredits
    links: tuple[PageLink, ...] = ()
    author: str | None = None
    description: str | None = None


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
footer.translation{margin-block:2rem;font-size:.875rem;color:#555}
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
    head.append(f'<meta name="transflow:source-revision" content="{_attr(credits.source_revision)}">')
    if credits.source_commit:
        head.append(f'<meta name="transflow:source-commit" content="{_attr(credits.source_commit)}">')
    for link in page.links:
        head.append(f'<link rel="alternate" hreflang="{_attr(link.tag)}" href="{_attr(link.href)}">')
    head += [f"<style>\n{_STYLE}</style>", "</head>", "<body>"]

    body = []
    if page.links:
        items = "".join(
            f'<li><a href="{_attr(link.href)}" hreflang="{_attr(link.tag)}" lang="{_attr(link.tag)}"'
            f' dir="{_attr(link.direction)}">{_escape(link.name)}</a></li>'
            for link in page.links
        )
        body.append(f'<nav class="languages"><ul>{items}</ul></nav>')
    body.append("<article>")
    body.append(f"<header><h1>{sanitize_html(_inline(page.title))}</h1></header>")
    body.append(sanitize_html(page.body_html).rstrip("\n"))
    body.append(_footer(credits))
    body.append("</article>")
    return "\n".join([*head, *body, "</body>", "</html>", ""])


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
    if credits.translators:
        parts.append(f'<span class="translators">{_escape(", ".join(credits.translators))}</span>')
    if credits.reviewers:
        parts.append(f'<span class="reviewers">{_escape(", ".join(credits.reviewers))}</span>')
    return f'<footer class="translation">{" · ".join(parts)}</footer>'


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
