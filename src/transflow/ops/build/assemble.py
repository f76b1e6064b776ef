"""An output from its source and the translations the policy lets through."""

from __future__ import annotations

from transflow.ops.build.frontmatter import (
    _link,
    _load_front_matter,
    _output_keys,
    _translation_state,
    _without_output_keys,
    language_tag,
    state_percent_text,
)
from transflow.ops.build.layout import _OutputLayout
from transflow.ops.build.values import _Plan, _Source
from transflow.render.page import (
    Page,
    PageCredits,
    markdown_to_html,
    render_page,
    text_to_html,
)
from transflow.segment.article import SegmentedArticle, Unit
from transflow.util import languages as langinfo
from transflow.workspace.project import Project

# --- assembling the output ---------------------------------------------------------------


def _assemble(project: Project, source: _Source, plan: _Plan, others: list[str], layout: _OutputLayout) -> str:
    """The output text: the source with each unit replaced, then its front matter and, for
    HTML, the page. One pass over the units in order, so it stays in one function: the
    front matter, the body and the fallback marks share the offsets it walks."""
    slug = source.article.slug
    done = plan.done or {}

    # On an HTML page a unit left in the source language says so, for screen readers
    # and hyphenation (Markdown output stays the source's own bytes).
    mark_fallback = layout.fmt == "html" and source.article.is_markdown
    source_language = project.workflow.source_language.replace("_", "-")

    def translate(unit: Unit) -> str | None:
        entry = done.get(unit.text)
        if entry is not None:
            return entry.msgstr
        if mark_fallback and not unit.yaml_scalar:
            return f'<span lang="{source_language}">{unit.text}</span>'
        return None

    text = source.segmented.source
    front = source.front
    inner = ""  # the source's front matter, translated, between its --- lines
    front_text = ""  # the same with its --- lines
    if front is None:
        body = source.segmented.render(translate).removeprefix("\ufeff")  # the output starts with its front matter
    else:
        units = source.segmented.units
        front_units = tuple(u for u in units if u.end <= front.end)
        body_units = tuple(u for u in units if u.start >= front.end)
        front_text = SegmentedArticle(text[: front.end], front_units).render(translate)
        body = SegmentedArticle(text, body_units).render(translate)[front.end :]
        tail = front.end - front.inner_end  # the closing line: no units there
        inner = front_text[front.inner_start : len(front_text) - tail]

    state = _translation_state(project, source, plan)
    code = plan.language
    links = [_link(project, other, slug, layout) for other in others]
    if layout.fmt == "markdown":
        newline = "\r\n" if inner.endswith("\r\n") else "\n"
        kept = _without_output_keys(inner, source) if inner else ""
        ours = _output_keys(language_tag(code), state, links, newline)
        return f"---{newline}{kept}{ours}---{newline}{body}"

    data = _load_front_matter(inner, source) if inner else {}
    title, author, summary = (data.get(key) for key in ("title", "author", "summary"))
    if not source.article.is_markdown:
        body_html = text_to_html(body)
    else:
        # With the front matter before it, the body is parsed exactly as in the source
        # (alone, a body that starts with "---" could be taken for front matter).
        body_html = markdown_to_html(front_text + body)
    page = Page(
        tag=language_tag(code),
        direction=langinfo.text_direction(code),
        title=title if isinstance(title, str) and title.strip() else slug,
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
        ),
        links=tuple(links),
        author=author if isinstance(author, str) else None,
        description=summary if isinstance(summary, str) else None,
    )
    return render_page(page)
