"""Checks of markup: whitespace at the edges, footnote markers, URLs, links, emphasis,
code spans and inline HTML, each as the source has it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from transflow.qa.inline import (
    _FOOTNOTE,
    _FULL_WIDTH_LINK,
    _LINK_OPENING,
    _LINK_TAIL,
    _REFERENCE_LABEL,
    _SPACED_LINK,
    _describe_whitespace,
    _difference,
    _Pair,
    _plural,
    _urls,
    _without_code,
)
from transflow.qa.registry import Severity, check


@check(
    "whitespace", Severity.ERROR,
    protects="the layout of the page: paragraphs and list items stay joined as in the source",
    example='Hello. → " Merhaba."',
)
def _check_whitespace(pair: _Pair) -> list[str]:
    """Leading and trailing whitespace exactly as in the source; a translation that is only whitespace is refused."""
    messages = []
    for side, strip in (("starts", str.lstrip), ("ends", str.rstrip)):
        source_ws = _edge(pair.source, strip, side)
        translation_ws = _edge(pair.translation, strip, side)
        if source_ws != translation_ws:
            messages.append(
                f"the translation {side} with {_describe_whitespace(translation_ws)}, the source with "
                f"{_describe_whitespace(source_ws)}; make it {side[:-1]} as the source does"
            )
    return messages


def _edge(text: str, strip: Callable[[str], str], side: str) -> str:
    rest = strip(text)
    width = len(text) - len(rest)
    return text[:width] if side == "starts" else text[len(text) - width :]


@check(
    "footnotes", Severity.ERROR,
    protects="the notes a claim cites: every footnote marker stays",
    example="Sales rose.[^1] → Satışlar arttı.",
)
def _check_footnotes(pair: _Pair) -> list[str]:
    """The same footnote markers, ``[^1]`` and ``[1]``, as often as the source has them."""
    def markers(text: str) -> Counter[str]:
        return Counter(m.group() for m in _FOOTNOTE.finditer(_without_code(text)))

    return _difference(
        markers(pair.source),
        markers(pair.translation),
        ("footnote marker", "footnote markers"),
        "keep every [^n] and [n] of the source, unchanged",
    )


@check(
    "urls", Severity.ERROR, safety=True,
    protects="where readers are sent: a changed URL can point at another site",
    example="See https://example.org/a → Bkz. https://example.org/b",
)
def _check_urls(pair: _Pair) -> list[str]:
    """The same URLs and e-mail addresses, character for character,
    as often as the source has them (link targets, autolinks and ``href`` values too)."""
    return _difference(
        _urls(pair.source),
        _urls(pair.translation),
        ("", ""),
        "copy every URL and e-mail address of the source exactly",
    )


def _unclosed_links(text: str) -> list[str]:
    """Snippets of "[text](target" never closed by ")"."""
    masked = _without_code(text)
    found = []
    for opening in _LINK_OPENING.finditer(masked):
        if _LINK_TAIL.match(masked, opening.start()):
            continue
        start = masked.rfind("[", 0, opening.start())
        end = opening.end()
        while end < len(masked) and not masked[end].isspace() and masked[end] != ")":
            end += 1
        found.append(text[max(start, 0) : end])
    return found


@check(
    "links", Severity.ERROR, safety=True,
    protects="working links: a space or a full-width bracket turns a link into plain text",
    example="[the report](https://x.org) → [rapor] (https://x.org)",
)
def _check_links(pair: _Pair) -> list[str]:
    """As many Markdown links and images as the source, none broken by a space
    (``[text] (url)``), full-width brackets or a missing parenthesis."""
    src, tgt = pair.source_inline, pair.translation_inline
    messages = []
    source_spaced = len(_SPACED_LINK.findall(_without_code(pair.source)))
    spaced = [m.group() for m in _SPACED_LINK.finditer(_without_code(pair.translation))]
    if len(spaced) > source_spaced:
        messages.append(f"broken link {spaced[0]}: remove the space between ] and ( so that it reads [text](target)")
    full_width = [m.group() for m in _FULL_WIDTH_LINK.finditer(_without_code(pair.translation))]
    if len(full_width) > len(_FULL_WIDTH_LINK.findall(_without_code(pair.source))):
        messages.append(f"broken link {full_width[0]}: write the brackets and parentheses of [text](target) in ASCII")
    source_unclosed = len(_unclosed_links(pair.source))
    unclosed = _unclosed_links(pair.translation)
    if len(unclosed) > source_unclosed:
        messages.append(f"link {unclosed[0]} is not closed; end the target with )")
    if not messages:
        # Counts only when no broken syntax explains them: it is the same problem.
        for what, have, want, example in (
            ("link", tgt.links, src.links, "[text](target)"),
            ("image", tgt.images, src.images, "![alt text](source)"),
        ):
            if have != want:
                messages.append(
                    f"the source has {_plural(want, what)}, the translation {have}; "
                    f"keep every {example} of the source, translating only the text in brackets"
                )
    if not messages:
        messages += _difference(
            src.relative_targets,
            tgt.relative_targets,
            ("link target", "link targets"),
            "keep link targets exactly as in the source",
        )
    labels = [Counter(_REFERENCE_LABEL.findall(_without_code(text))) for text in (pair.source, pair.translation)]
    messages += _difference(
        labels[0],
        labels[1],
        ("reference label", "reference labels"),
        "keep the [label] of every [text][label] as in the source",
        show=lambda label: f"[{label}]",
    )
    return messages


@check(
    "emphasis", Severity.ERROR,
    protects="the page's formatting: an unpaired “*” makes the rest of a paragraph italic",
    example="a **major** step → **büyük bir adım",
)
def _check_emphasis(pair: _Pair) -> list[str]:
    """As many ``*emphasis*`` and ``**strong**`` spans as the source, and no unpaired ``*`` or ``_``."""
    src, tgt = pair.source_inline, pair.translation_inline
    messages = []
    for name, example, want, have in (
        ("emphasis", "*text*", src.emphasis, tgt.emphasis),
        ("strong emphasis", "**text**", src.strong, tgt.strong),
    ):
        if want != have:
            messages.append(
                f"the source has {_plural(want, name + ' span')}, the translation {have}; mark them as "
                f"{example}, the markers paired and touching the words inside"
            )
    if not messages and tgt.stray_delimiters > src.stray_delimiters:
        messages.append("the translation has an unpaired * or _; pair it, or escape it as \\* or \\_")
    return messages


@check(
    "code", Severity.ERROR, safety=True,
    protects="commands and identifiers readers copy: code is not translated",
    example="run `make test` → `test yap` çalıştır",
)
def _check_code(pair: _Pair) -> list[str]:
    """Code spans, and HTML ``<code>`` elements, with exactly the source's content."""
    return _difference(
        pair.source_inline.code,
        pair.translation_inline.code,
        ("code span", "code spans"),
        "code is not translated: keep every code span of the source exactly",
        show=lambda code: f"`{code}`",
    ) + _difference(
        Counter(_HTML_CODE.findall(pair.source)),
        Counter(_HTML_CODE.findall(pair.translation)),
        ("code element", "code elements"),
        "code is not translated: keep every <code> element of the source exactly",
        show=lambda code: f"<code>{code}</code>",
    )


# An HTML <code> element's content (raw HTML keeps its code so, as Markdown keeps a code span).
_HTML_CODE = re.compile(r"<code\b[^<>]*>(.*?)</code\s*>", re.DOTALL | re.IGNORECASE)


@check(
    "html", Severity.ERROR, safety=True,
    protects="the page itself: no script or event handler a translator added runs on it",
    example="a <em>big</em> day → <img src=x onerror=alert(1)> gün",
)
def _check_html(pair: _Pair) -> list[str]:
    """The same inline HTML tags as the source; ``alt``, ``title`` and ``aria-label`` values may be translated."""
    return _difference(
        pair.source_inline.html,
        pair.translation_inline.html,
        ("HTML tag", "HTML tags"),
        "keep every tag of the source (only alt and title values may be translated)",
    )

