"""An output from its source and the translations the policy lets through."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import replace

from transflow.model.catalog import Entry
from transflow.ops.build.frontmatter import (
    _load_front_matter,
    _output_keys,
    _translation_state,
    _without_output_keys,
    language_tag,
    state_percent_text,
)
from transflow.ops.build.layout import _OutputLayout
from transflow.ops.build.values import _Language, _Plan, _Source
from transflow.render.page import (
    Page,
    PageCredits,
    PageLink,
    markdown_to_html,
    render_page,
    text_to_html,
)
from transflow.segment.article import SegmentedArticle, Unit
from transflow.util import languages as langinfo
from transflow.workspace.project import Project

# --- assembling the output ---------------------------------------------------------------

#: Languages written without spaces between sentences (CLDR: zh, ja, yue): "舉行。聯準會".
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "yue"})

#: Unicode's LEFT-TO-RIGHT / RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE: plain
#: text, so every Markdown renderer keeps them (see :func:`_fallback_wrap`).
_ISOLATES = {"ltr": ("\u2066", "\u2069"), "rtl": ("\u2067", "\u2069")}


def _assemble(
    project: Project,
    source: _Source,
    plan: _Plan,
    own: _Language,
    links: list[_Language],
    source_link: _Language,
    layout: _OutputLayout,
    is_translation: bool = True,
) -> str:
    """The output text: the source with each unit replaced, then its front matter and, for
    HTML, the page. ``own`` is this page as others link to it, ``links`` the other
    published languages (the source first); ``is_translation`` False for a page built
    mostly from source-language text, which then does not announce itself as a translation.
    One pass over the units in order, so it stays in one function: the front matter,
    the body and the fallback marks share the offsets it walks."""
    slug = source.article.slug
    done = plan.done or {}
    code = plan.language

    wrap = _fallback_wrap(project, source, code, layout.fmt, done)
    join = _sentence_join(code, done)
    front = source.front
    segmented = _respaced(source.segmented, front.end if front else 0, wrap, join)

    def translate(unit: Unit) -> str | None:
        entry = done.get(unit.text)
        return entry.msgstr if entry is not None else None

    text = segmented.source
    inner = ""  # the source's front matter, translated, between its --- lines
    front_text = ""  # the same with its --- lines
    if front is None:
        body = segmented.render(translate).removeprefix("\ufeff")  # the output starts with its front matter
    else:
        units = segmented.units
        front_units = tuple(u for u in units if u.end <= front.end)
        body_units = tuple(u for u in units if u.start >= front.end)
        front_text = SegmentedArticle(text[: front.end], front_units).render(translate)
        body = SegmentedArticle(text, body_units).render(translate)[front.end :]
        tail = front.end - front.inner_end  # the closing line: no units there
        inner = front_text[front.inner_start : len(front_text) - tail]

    state = _translation_state(project, source, plan)
    own_key = source.front_shape[2]
    if layout.fmt == "markdown":
        newline = "\r\n" if inner.endswith("\r\n") else "\n"
        kept = _without_output_keys(inner, source) if inner else ""
        ours = _output_keys(language_tag(code), None if own_key else slug, state, links, newline)
        return f"---{newline}{kept}{ours}---{newline}{body}"

    data = _load_front_matter(inner, source) if inner else {}
    title, author, summary = (data.get(key) for key in ("title", "author", "summary"))
    if not source.article.is_markdown:
        body_html = text_to_html(body)
    else:
        # With the front matter before it, the body is parsed exactly as in the source
        # (alone, a body that starts with "---" could be taken for front matter).
        body_html = markdown_to_html(front_text + body)
    title_text = title if isinstance(title, str) and title.strip() else slug
    title_in_source = any(u.yaml_scalar and u.text == title_text and u.text not in done for u in source.segmented.units)
    page = Page(
        tag=language_tag(code),
        direction=langinfo.text_direction(code),
        title=title_text,
        body_html=body_html,
        credits=PageCredits(
            percent=plan.percent,
            percent_text=state_percent_text(plan.percent, code),
            translators=tuple(state["translators"]),
            reviewers=tuple(state["reviewers"]),
            updated_iso=state["updated"],
            updated_text=state["updated_text"],
            source_revision=source.revision,
            source_commit=source.commit,
            outdated_since=plan.outdated_since,
        ),
        links=tuple(_page_link(link) for link in links),
        author=author if isinstance(author, str) else None,
        description=summary if isinstance(summary, str) else None,
        own=_page_link(own),
        source=_page_link(source_link),
        is_translation=is_translation,
        title_language=_page_link(source_link) if title_in_source else None,
    )
    return render_page(page)


def _page_link(link: _Language) -> PageLink:
    return PageLink(tag=link.tag, name=link.name, direction=link.direction, href=link.href, alternate=link.alternate)


# --- text left in the source language, and the spaces between sentences ------------------

Wrap = Callable[[Unit], "tuple[str, str] | None"]
Join = Callable[[Unit, Unit], bool]


def _fallback_wrap(project: Project, source: _Source, code: str, fmt: str, done: Mapping[str, Entry]) -> Wrap:
    """What goes around a unit left in the source language.

    On an HTML page a ``<span lang>`` says so (screen readers, hyphenation), with
    ``dir`` where the page runs the other way: an element with ``dir`` is a bidi
    isolate, so "y/y." inside Arabic keeps its full stop at its end. Markdown output
    gets Unicode isolates instead, only where the directions differ: a site generator
    may drop raw HTML (Hugo does by default, and a span there would also change the
    bytes of every fallback unit), while isolate characters are text to any renderer.
    Front-matter values are YAML scalars and attribute values (``alt``) text inside a tag:
    both are left as they are.
    """
    source_code = project.workflow.source_language
    source_direction = langinfo.text_direction(source_code)
    other_direction = source_direction != langinfo.text_direction(code)
    if fmt == "html" and source.article.is_markdown:
        tag = language_tag(source_code)
        opening = f'<span lang="{tag}" dir="{source_direction}">' if other_direction else f'<span lang="{tag}">'
        marks: tuple[str, str] | None = (opening, "</span>")
    elif other_direction:
        marks = _ISOLATES[source_direction]
    else:
        marks = None

    def wrap(unit: Unit) -> tuple[str, str] | None:
        if marks is None or unit.yaml_scalar or unit.attribute or unit.text in done:
            return None
        return marks

    return wrap


def _sentence_join(code: str, done: Mapping[str, Entry]) -> Join:
    """Whether the spaces between two sentences of a block go: only in a language
    written without them, between two translated sentences, after one that ends in
    such a script ("。"); next to text left in English (or after "GDP.") they stay."""
    if langinfo.locale(code).language not in NO_SPACE_LANGUAGES:
        return lambda first, second: False

    def join(first: Unit, second: Unit) -> bool:
        before, after = done.get(first.text), done.get(second.text)
        if before is None or after is None:
            return False
        last = _TRAILING_MARKUP.sub("", before.msgstr.rstrip())[-1:]
        return bool(last) and unicodedata.east_asian_width(last) in ("W", "F")

    return join


# Markup that may close a sentence after its full stop: emphasis, code, a footnote reference.
_TRAILING_MARKUP = re.compile(r"(?:[*_~`]+|\[\^[^\]\s]+\])+$")
_SPACES = re.compile(r"[ \t]+")


def _respaced(segmented: SegmentedArticle, body_start: int, wrap: Wrap, join: Join) -> SegmentedArticle:
    """The article with marks put around the units ``wrap`` names and the spaces taken
    out between the sentences ``join`` names; each unit moves with its text, so the
    source bytes of a unit left untranslated stay exactly as they are. Only the body
    (from ``body_start``) changes, so the front matter's offsets still hold."""
    pieces = list(segmented.skeleton())
    out: list[str] = []
    units: list[Unit] = []
    length = 0
    changed = False
    for index, (piece, unit) in enumerate(pieces):
        if unit is None:
            before = pieces[index - 1][1] if index else None
            after = pieces[index + 1][1] if index + 1 < len(pieces) else None
            if (
                before is not None and after is not None and before.start >= body_start
                and before.block == after.block and _SPACES.fullmatch(piece) and join(before, after)
            ):
                piece, changed = "", True
            out.append(piece)
            length += len(piece)
            continue
        marks = wrap(unit) if unit.start >= body_start else None
        opening, closing = marks or ("", "")
        changed |= marks is not None
        out += [opening, piece, closing]
        start = length + len(opening)
        units.append(replace(unit, start=start, end=start + len(piece)))
        length = start + len(piece) + len(closing)
    if not changed:
        return segmented
    return replace(segmented, source="".join(out), units=tuple(units))
