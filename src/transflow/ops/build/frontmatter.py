"""The output's front matter: the source's, translated, with build's own keys appended."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_percent

from transflow.errors import ArticleError
from transflow.formats.yamlfile import yaml_double_quoted
from transflow.ops.build.layout import _OutputLayout
from transflow.ops.build.values import OUTPUT_KEYS, _Language, _Plan, _Source
from transflow.util import languages as langinfo
from transflow.workspace.project import Project

# --- the output's front matter -----------------------------------------------------------
#
# The source's front matter is kept as its author wrote it (key order, quoting, comments),
# with title and summary translated; build appends its own keys, written here as YAML
# with every string double-quoted (JSON's syntax, which YAML reads the same way). Only
# a front matter that is not a plain block mapping is re-serialized by PyYAML.

def _yaml_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        mantissa, e, exponent = repr(value).partition("e")
        # YAML 1.1 (PyYAML) reads 1e+16 as a string: its floats need a dot.
        return f"{mantissa}{'' if '.' in mantissa else '.0'}{e}{exponent}" if e else mantissa
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    return yaml_double_quoted(str(value))


def _output_keys(
    tag: str, translation_key: str | None, state: Mapping[str, Any], links: list[_Language], newline: str
) -> str:
    """Build's own keys. ``translation_key`` is None when the source sets its own (kept
    as written, so that the source page and its translations share it)."""
    lines = [f"lang: {_yaml_value(tag)}"]
    if translation_key is not None:
        lines.append(f"translationKey: {_yaml_value(translation_key)}")
    lines.append("translation:")
    lines += [f"  {key}: {_yaml_value(value)}" for key, value in state.items()]
    if links:
        lines.append("languages:")
        for link in links:
            fields = {"lang": link.tag, "name": link.name, "path": link.path}
            if link.url is not None:
                fields["url"] = link.url
            lines.append("  - {" + ", ".join(f"{key}: {_yaml_value(value)}" for key, value in fields.items()) + "}")
    else:
        lines.append("languages: []")
    return newline.join(lines) + newline


def _front_matter_shape(inner: str, display: str) -> tuple[bool, tuple[str, ...], str | None]:
    """(whether keys can simply be appended, which of build's own keys the source has,
    the source's own ``translationKey``)."""
    try:
        root = yaml.compose(inner, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise ArticleError(
            f"the front matter cannot be read ({getattr(exc, 'problem', exc)}); fix it", display
        ) from None
    if root is None:
        return True, (), None
    if not isinstance(root, yaml.MappingNode):
        raise ArticleError("the front matter must be a mapping of keys to values", display)
    appendable = not root.flow_style and root.start_mark.column == 0
    present = tuple(key.value for key, _ in root.value if isinstance(key, yaml.ScalarNode) and key.value in OUTPUT_KEYS)
    # Hugo reads front-matter keys case-insensitively.
    own_key = next(
        (
            value.value.strip()
            for key, value in root.value
            if isinstance(key, yaml.ScalarNode) and key.value.lower() == "translationkey"
            and isinstance(value, yaml.ScalarNode) and value.value.strip()
        ),
        None,
    )
    return appendable, present, own_key


def _without_output_keys(inner: str, source: _Source) -> str:
    """The translated front matter, ready for build's keys to be appended."""
    appendable, present = source.front_shape[:2]
    if appendable and not present:
        return inner
    if not appendable:
        data = {k: v for k, v in _load_front_matter(inner, source).items() if k not in OUTPUT_KEYS}
        if not data:
            return ""
        dumped = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=1 << 30)
        return dumped
    # Drop the lines of the source's own lang/translation/languages keys.
    root = yaml.compose(inner, Loader=_SafeLoader)
    if root is None:
        return inner
    drop: set[int] = set()
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value in OUTPUT_KEYS:
            last = value.end_mark.line if value.end_mark.column else value.end_mark.line - 1
            drop.update(range(key.start_mark.line, max(last, key.start_mark.line) + 1))
    return "".join(line for number, line in enumerate(inner.splitlines(keepends=True)) if number not in drop)


def _load_front_matter(inner: str, source: _Source) -> dict[str, Any]:
    try:
        data = yaml.load(inner, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise ArticleError(
            f"the front matter cannot be read ({getattr(exc, 'problem', exc)}); fix it", source.article.display
        ) from None
    return dict(data) if isinstance(data, dict) else {}


#: libyaml when it is there: the same data, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _translation_state(project: Project, source: _Source, plan: _Plan) -> dict[str, Any]:
    """The front matter ``translation`` block: progress, credits, dates, source revision."""
    translator_words: dict[str, int] = {}
    reviewer_words: dict[str, int] = {}
    latest: str | None = None
    for msgid, entry in (plan.done or {}).items():
        words = source.words[msgid]
        for attribution, tally in ((entry.translated, translator_words), (entry.reviewed, reviewer_words)):
            if attribution is None:
                continue
            tally[attribution.person] = tally.get(attribution.person, 0) + words
            when = _parse_moment(attribution.when)
            if when is not None and (latest is None or when > latest):
                latest = when
    if latest is None and plan.done and plan.catalog_updated:
        # Translated without transflow's attribution (a PO editor alone): the file's own date.
        latest = _parse_moment(plan.catalog_updated)
    updated_text = None
    if latest is not None:
        updated_text = format_date(
            dt.date.fromisoformat(latest[:10]), format="long", locale=langinfo.locale(plan.language)
        )
    state: dict[str, Any] = {
        "percent": plan.percent,
        "translators": _credits(project, translator_words),
        "reviewers": _credits(project, reviewer_words),
        "updated": latest,
        "updated_text": updated_text,
        "source_revision": source.revision,
    }
    if source.commit:
        state["source_commit"] = source.commit
    if plan.missing:
        state["units_in_source_language"] = plan.missing
    if plan.outdated_since:
        state["outdated"] = True
        state["source_changed"] = plan.outdated_since
    return state


def mark_outdated(text: str, since: str, fmt: str) -> str:
    """A page an earlier build wrote, marked as behind its source since ``since``: in the
    front matter's ``translation`` block (``outdated: true``, ``source_changed``), or a
    ``<meta name="transflow:outdated">`` on an HTML page. Unchanged when already marked."""
    if fmt == "html":
        anchor = text.find('<meta name="transflow:source-revision"')
        if anchor < 0 or 'name="transflow:outdated"' in text:
            return text
        return f'{text[:anchor]}<meta name="transflow:outdated" content="{html.escape(since)}">\n{text[anchor:]}'
    newline = "\r\n" if text.startswith("---\r\n") else "\n"
    end = text.find(f"{newline}---{newline}", 3)
    if not text.startswith("---" + newline) or end < 0:
        return text
    lines = text[:end].split(newline)
    if "translation:" not in lines:
        return text
    at = lines.index("translation:") + 1  # build's own block, always last but for the languages
    stop = at
    while stop < len(lines) and lines[stop].startswith("  "):
        stop += 1
    if any(line.startswith("  outdated:") for line in lines[at:stop]):
        return text
    lines[stop:stop] = ["  outdated: true", f"  source_changed: {_yaml_value(since)}"]
    return newline.join(lines) + text[end:]


def _credits(project: Project, words_by_person: Mapping[str, int]) -> list[str]:
    """People by the words they did (most first), under their names from workflow.yaml."""
    team = project.workflow.team
    ranked = sorted(words_by_person.items(), key=lambda item: (-item[1], item[0]))
    return [team[person].name if person in team else person for person, _ in ranked]


_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:Z|([+-]\d{2}):?(\d{2}))?$")


def _parse_moment(text: str) -> str | None:
    """An attribution time or PO date as ISO 8601 UTC (2026-11-20T10:15:00Z), or None."""
    match = _MOMENT.match(text.strip())
    if not match:
        return None
    date, hour_minute, seconds, tz_hours, tz_minutes = match.groups()
    try:
        moment = dt.datetime.fromisoformat(f"{date}T{hour_minute}:{seconds or '00'}")
    except ValueError:
        return None
    if tz_hours:
        offset = dt.timedelta(hours=int(tz_hours), minutes=int(tz_minutes) * (1 if tz_hours[0] == "+" else -1))
        moment -= offset
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def state_percent_text(percent: float, code: str) -> str:
    return format_percent(Decimal(str(percent)) / 100, locale=langinfo.locale(code), decimal_quantization=False)


def language_tag(code: str) -> str:
    """The BCP 47 tag of a Babel locale code: pt_BR -> pt-BR, zh_Hant -> zh-Hant."""
    return str(langinfo.locale(code)).replace("_", "-")


def language_name(project: Project, code: str) -> str:
    """A language under its own name (Türkçe, русский), unless workflow.yaml names it."""
    return project.workflow.language_names.get(code) or langinfo.native_name(code)


def _language_facts(project: Project, code: str) -> tuple[str, str, str]:
    """(BCP 47 tag, name, direction) of a language, as its links show it."""
    return language_tag(code), language_name(project, code), langinfo.text_direction(code)


def _link(
    facts: tuple[str, str, str], code: str, slug: str, layout: _OutputLayout, page: str, alternate: bool = True
) -> _Language:
    """``code``'s page of ``slug`` as ``page``'s page (a language code) links to it;
    ``facts`` from :func:`_language_facts`."""
    tag, name, direction = facts
    return _Language(
        code=code,
        tag=tag,
        name=name,
        direction=direction,
        path=layout.href(code, tag, slug, page, relative=True),
        url=layout.href(code, tag, slug, page) if layout.url is not None else None,
        alternate=alternate,
    )
