"""Tests for transflow.render.page: the article's HTML is sanitized, the page's own is not.

Payloads are what a translator (with ``--skip-check html``) or a source's author could
write; each goes through the same path as ``build --format html``: Markdown to HTML,
then the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from transflow.render.page import (
    Page,
    PageCredits,
    markdown_to_html,
    render_page,
    sanitize_html,
    text_to_html,
)

CREDITS = PageCredits(percent=100, percent_text="%100", translators=("Ayşe",), reviewers=(),
                      updated_iso=None, updated_text=None, source_revision="abc")


def page_of(markdown: str, title: str = "Alpha") -> str:
    return render_page(Page(tag="tr", direction="ltr", title=title, body_html=markdown_to_html(markdown),
                            credits=CREDITS))


class _Events(HTMLParser):
    """A document as (kind, tag, attributes) / (text) events, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br /> and <br> are the same element

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))


def events(html: str) -> list[tuple[object, ...]]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def attributes(html: str) -> list[tuple[str, str, str]]:
    return [(e[1], k, v) for e in events(html) if e[0] == "start" for k, v in e[2]]


PAYLOADS = {
    "img onerror": "Beta <img src=x onerror=\"document.title='X'\"> gamma.",
    "script": "<script>document.title='X'</script>\n\nBeta.",
    "inline script": "Beta <script>document.title='X'</script> gamma.",
    "svg onload": "<svg onload=\"document.title='X'\"><circle r=1 /></svg>",
    "svg inline onload": "Beta <svg><animate onbegin=\"document.title='X'\" /></svg> gamma.",
    "iframe": '<iframe src="https://example.org/" onload="document.title=\'X\'"></iframe>',
    "iframe srcdoc": "<iframe srcdoc=\"<script>document.title='X'</script>\"></iframe>",
    "markdown javascript link": "[x](javascript:alert(1))",
    "markdown javascript autolink": "<javascript:alert(1)>",
    "data link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "data image": "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "mixed case and space": '<a href=" JaVaScRiPt:alert(1)">x</a>',
    "tab inside the scheme": '<a href="java\tscript:alert(1)">x</a>',
    "entity obfuscated": '<a href="&#106;avascript:alert(1)">x</a>',
    "hex entity and colon entity": '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "style expression": '<p style="width: expression(alert(1))">x</p>',
    "style in a table cell": '<table><tr><td style="text-align:left;background:url(javascript:alert(1))">x</td></tr>'
                             "</table>",
    "style element": "<style>body{background:url(javascript:alert(1))}</style>",
    "form": '<form action="https://example.org/steal"><input name="p"><button formaction="javascript:alert(1)">'
            "Go</button></form>",
    "object and embed": '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="javascript:alert(1)//">',
    "math": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "event handler on an allowed tag": '<div onclick="alert(1)" onmouseover="alert(1)">x</div>',
    "link reference": "[x][a]\n\n[a]: javascript:alert(1)",
    "noscript breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "comment": "<!--><script>alert(1)</script>-->",
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_active_content_survives(payload: str) -> None:
    page = page_of(payload)
    # The one script is the page's own JSON-LD data, a type no browser runs.
    assert page.lower().count("<script") == 1
    assert page.count('<script type="application/ld+json">') == 1
    assert page.index("<script") < page.index("</head>")
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE)
    for tag, name, value in attributes(page):
        assert not name.startswith("on"), (tag, name)
        squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
        assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), (tag, name, value)
        assert "javascript:" not in squeezed, (tag, name, value)
        if name == "style":
            assert value in ("text-align:left", "text-align:center", "text-align:right"), value
    tags = {e[1] for e in events(page) if e[0] == "start"}
    # The page's own <style> in its head stays; nothing of the kind in the body.
    body = page[page.index("<body>"):]
    body_tags = {e[1] for e in events(body) if e[0] == "start"}
    assert "<script" not in body.lower()
    assert not body_tags & {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input",
                            "button", "meta", "base", "link", "noscript"}, body_tags
    assert tags >= {"html", "head", "meta", "title", "style", "body", "article", "header", "h1", "footer"}


def test_a_hostile_title_is_escaped_and_the_page_head_is_intact() -> None:
    page = page_of("Beta.", title="Alpha <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    assert "<img" not in page
    assert "<title>Alpha &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</title>" in page
    assert '<meta charset="utf-8">' in page and "<style>\nbody{" in page


ORDINARY = """\
## Delta *epsilon*

Zeta **eta** `theta < iota & "kappa"` and [a link](https://example.org/a?b=1&c=2 "Title"),
[plain http](http://example.org/), [mail](mailto:desk@example.org), <https://example.org/auto>,
[relative](../ru/other.html), [anchor](#part) and [root](/about).[^1] A line  
break and a ![picture](https://example.org/p.png "Caption") and _emphasis_.

1. One.
2. Two.

- Nested
  - list

> A quote with **strong**.

7. Seven: a list that starts at seven.

| Country | Share | Note |
|:--|:-:|--:|
| Japan | 40% | *yes* |

```python
print("code stays")
```

    indented code

***

Beta<sup>2</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>, <abbr title="North Atlantic Treaty Organization">NATO</abbr>,
<span lang="en">source text</span>.

[^1]: Phi chi [psi](https://example.org/psi).
"""


def test_ordinary_markdown_output_survives_unchanged() -> None:
    html = markdown_to_html(ORDINARY)
    assert events(sanitize_html(html)) == events(html)
    # and what that is: the constructs are all there
    kinds = {(e[1], k) for e in events(html) if e[0] == "start" for k, _ in e[2]} | {
        (e[1], "") for e in events(html) if e[0] == "start"}
    assert kinds >= {("a", "href"), ("a", "title"), ("img", "src"), ("img", "alt"), ("img", "title"),
                     ("th", "style"), ("td", "style"), ("ol", "start"), ("code", "class"), ("sup", "class"),
                     ("li", "id"), ("a", "id"), ("section", "class"), ("table", ""), ("pre", ""), ("em", ""),
                     ("strong", ""), ("blockquote", ""), ("br", ""), ("hr", ""), ("abbr", "title"),
                     ("span", "lang"), ("sub", ""), ("kbd", "")}


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "articles").glob("*.md")), ids=lambda p: p.stem)
def test_the_sample_articles_render_unchanged(path: Path) -> None:
    html = markdown_to_html(path.read_text(encoding="utf-8"))
    assert events(sanitize_html(html)) == events(html)


def test_plain_text_articles_are_escaped_not_filtered() -> None:
    html = text_to_html("Alpha <script>x()</script> & beta.\n\nGamma.")
    assert sanitize_html(html) == html
    assert "&lt;script&gt;" in page_of_text(html)


def page_of_text(body_html: str) -> str:
    return render_page(Page(tag="tr", direction="ltr", title="Alpha", body_html=body_html, credits=CREDITS))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_plain_text_paragraphs_are_the_units_segmentation_finds(newline: str):
    from transflow.segment.article import segment_text

    text = newline.join(["First line.", "Second line.", "", "Next.", ""])
    paragraphs = text_to_html(text).count("<p>")
    assert paragraphs == 2 == len({unit.block for unit in segment_text(text).units})
