"""workflow.yaml: loading, validation and defaults.

The file is written by people, so transflow only ever reads it. Every problem is
reported with the file, the key path (``languages[2]``) and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from transflow.errors import ConfigError
from transflow.formats.yamlfile import BoundedSafeLoader, LimitError
from transflow.model.leverage import BANDS
from transflow.util.fs import read_input

#: workflow.yaml and assignments.yaml are written by hand: a few KiB, never megabytes.
MAX_CONFIG_BYTES = 4 * 1024 * 1024

WORKFLOW_FILE = "workflow.yaml"
SEGMENTATION_MODES = ("sentence", "paragraph")
#: workflow.yaml's ``glossary``: how a term translated otherwise than the glossary says is reported.
GLOSSARY_MODES = ("warn", "strict")
FALLBACKS = ("source", "fail")
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Names Windows reserves for devices, with any extension ("con.po" opens the console).
WINDOWS_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))]
)


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name an article's files on every platform, or None when it can."""
    if not SLUG_RE.match(slug) or ".." in slug:
        return "letters, digits, '.', '_', '-'; no paths and no '..'"
    if slug.endswith("."):
        return "it may not end with '.' (Windows drops it)"
    if slug.split(".", 1)[0].lower() in WINDOWS_RESERVED_NAMES:
        return f"'{slug.split('.', 1)[0]}' is a device name on Windows"
    return None


PERSON_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None = None
    languages: tuple[str, ...] = ()
    editor: bool = False

    @property
    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


@dataclass(frozen=True)
class Assignment:
    translator: str | None = None
    reviewer: str | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class PublishPolicy:
    min_complete: float = 100.0
    require_review: bool = False
    fallback: str = "source"
    stale_counts_as_translated: bool = False
    output: str = "build"
    #: ``folders``: <output>/<lang>/<slug>.md; ``suffix``: <output>/<slug>.<lang>.md (Hugo's translation by filename).
    layout: str = "folders"
    #: The site address of a page, e.g. "/{lang}/{slug}/"; None links pages by their relative paths.
    url: str | None = None
    #: A published page whose source changed since: ``keep`` it (marked outdated), rebuild it
    #: with the changed units in the source language (``fallback``), or ``withdraw`` it.
    outdated: str = "keep"


#: The bands an agency rate table prices, best match first (see ``report leverage``).
RATE_BANDS = BANDS


@dataclass(frozen=True)
class RateTable:
    """Prices per source word and band: one table for every language, or one per language.

    A band without a price is charged at the ``new`` price (a grid that says nothing of
    a band gives it no discount)."""

    currency: str
    prices: Mapping[str, Mapping[str, float]]  # language (or "*" for every language) -> band -> price

    def price(self, language: str, band: str) -> float | None:
        table = self.prices.get(language) or self.prices.get("*")
        if table is None:
            return None
        return table.get(band, table["new"])


@dataclass(frozen=True)
class Workflow:
    """The validated content of workflow.yaml."""

    languages: tuple[str, ...]
    source_language: str = "en"
    articles: str = "articles"
    locales: str = "locales"
    segmentation: str = "sentence"
    match_threshold: float = 0.7
    #: The lowest translation-memory match (percent) that update offers for a new unit; 101: exact ones only.
    tm_threshold: int = 75
    #: ``strict``: a glossary term translated otherwise than approved is an error, not a warning.
    glossary: str = "warn"
    #: Number-only table cells (6,500, 54%) and Hugo shortcodes are not units unless these say so.
    translate_number_cells: bool = False
    translate_shortcodes: bool = False
    #: The front-matter keys whose string values are units; ``image.caption`` is a nested key.
    translate_front_matter: tuple[str, ...] = ("title", "summary")
    team: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    assignments: Mapping[str, Mapping[str, Assignment]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    publish: PublishPolicy = PublishPolicy()
    language_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    rates: RateTable | None = None
    path: Path | None = None

    def assignment(self, slug: str, language: str) -> Assignment:
        return self.assignments.get(slug, {}).get(language, Assignment())


# --- validation -------------------------------------------------------------------------

_TOP_KEYS = {
    "source_language",
    "languages",
    "articles",
    "locales",
    "segmentation",
    "match_threshold",
    "tm_threshold",
    "glossary",
    "translate_number_cells",
    "translate_shortcodes",
    "translate_front_matter",
    "team",
    "assignments",
    "publish",
    "language_names",
    "rates",
}
_PERSON_KEYS = {"name", "email", "languages", "editor"}
_ASSIGNMENT_KEYS = {"translator", "reviewer", "due"}
_RECORDED_ASSIGNMENT_KEYS = _ASSIGNMENT_KEYS | {"assigned"}  # when transflow assign recorded it
_PUBLISH_KEYS = {
    "min_complete", "require_review", "fallback", "stale_counts_as_translated", "output", "layout", "url", "outdated",
}
OUTDATED_POLICIES = ("keep", "fallback", "withdraw")
#: ``folders``: ``<out>/<lang>/<slug>.md``; ``suffix``: ``<out>/<slug>.<lang>.md``, the
#: file names Hugo's translation by filename reads.
LAYOUTS = ("folders", "suffix")


class _Checker:
    """Collects the path of the value being checked so every error can name it."""

    def __init__(self, path: Path, display: str) -> None:
        self.file = display

    def fail(self, where: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {message}" if where else message, self.file)

    def mapping(self, value: Any, where: str, allowed: set[str] | None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(where, f"key {key!r} must be a string")
            if allowed is not None and key not in allowed:
                known = ", ".join(sorted(allowed))
                close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise self.fail(_join(where, key), f"unknown key '{key}' ({hint}known keys: {known})")
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty string, got {_kind(value)}")
        return value

    def boolean(self, value: Any, where: str) -> bool:
        # YAML's own true/false only: "yes" strings are a classic source of silent mistakes.
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {_kind(value)}")
        return value

    def number(self, value: Any, where: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"expected a number from {low:g} to {high:g}, got {_kind(value)}")
        if not low <= value <= high:
            raise self.fail(where, f"{value!r} is outside {low:g}..{high:g}")
        return float(value)

    def choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(where, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def locale(self, value: Any, where: str) -> str:
        code = self.string(value, where)
        if code.replace("-", "_").split("_")[0].lower() in ("und", "root"):
            # Babel accepts both, "und" as likely English: neither names a language of readers.
            raise self.fail(where, f"'{code}' names no language (the undetermined or root locale); "
                            "give a language code such as tr")
        if not is_known_locale(code):
            raise self.fail(where, f"'{code}' is not a locale Babel knows (examples: tr, pt_BR, zh_Hant)")
        return code

    def locales(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of locale codes, got {_kind(value)}")
        codes = tuple(self.locale(item, f"{where}[{i}]") for i, item in enumerate(value))
        seen: dict[str, int] = {}
        for i, code in enumerate(codes):
            # "tr" and "TR", "pt_BR" and "pt-BR" are one locale (and one locales/ folder on
            # a case-insensitive disk).
            first = seen.setdefault(locale_id(code), i)
            if first != i:
                same = "is listed twice" if codes[first] == code else f"is the same locale as '{codes[first]}'"
                raise self.fail(f"{where}[{i}]", f"'{code}' {same} ({where}[{first}])")
        return codes

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(where, f"expected a date YYYY-MM-DD, got {value!r}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}" if value else "an empty string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _parse_rates(check: _Checker, value: Any, languages: tuple[str, ...]) -> RateTable | None:
    """``rates: {currency: EUR, new: 0.12, fuzzy_75: 0.08, ...}`` for every language, or
    ``rates: {currency: EUR, tr: {new: 0.12, ...}, ru: {...}}`` per language."""
    if value is None:
        return None
    top = check.mapping(value, "rates", {"currency", *RATE_BANDS, *languages})
    currency = check.string(top.get("currency", ""), "rates.currency") if "currency" in top else ""
    if not currency:
        raise check.fail("rates.currency", "missing: name the currency of the prices (for example EUR)")
    shared = {band: top[band] for band in RATE_BANDS if band in top}
    per_language = {code: top[code] for code in languages if code in top}
    if shared and per_language:
        raise check.fail("rates", "give one table for every language or one per language, not both")
    tables = {"*": shared} if shared else per_language
    prices: dict[str, Mapping[str, float]] = {}
    for code, table in tables.items():
        where = "rates" if code == "*" else f"rates.{code}"
        grid = check.mapping(table, where, set(RATE_BANDS))
        if "new" not in grid:
            raise check.fail(where, "missing the 'new' price (what a word without a match costs)")
        prices[code] = MappingProxyType({band: check.number(price, f"{where}.{band}", 0, 1_000_000)
                                         for band, price in grid.items()})
    return RateTable(currency, MappingProxyType(prices))


def _whole(value: float, check: _Checker, where: str) -> int:
    if value != int(value):
        raise check.fail(where, f"{value:g} is not a whole percent (examples: 75, 85)")
    return int(value)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def locale_id(code: str) -> str:
    """Babel's spelling of a known locale code: "TR" and "tr" give "tr"."""
    return str(Locale.parse(code.replace("-", "_")))


def is_known_locale(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def parse_workflow(data: Any, path: Path, display: str | None = None) -> Workflow:
    """Validate the loaded YAML document and fill in defaults.

    Messages name the file as ``display`` (default: its name, which is how the project
    refers to it, as it refers to ``articles/x.md``).
    """
    shown = display or path.name
    check = _Checker(path, shown)
    if data is None:
        raise ConfigError("the file is empty; it needs at least 'languages: [..]'", shown)
    top = check.mapping(data, "", _TOP_KEYS)
    if "languages" not in top:
        raise check.fail("languages", "missing; list the target locales, e.g. languages: [tr, ru, id]")

    source_language = check.locale(top.get("source_language", "en"), "source_language")
    languages = check.locales(top["languages"], "languages")
    if not languages:
        raise check.fail("languages", "the list is empty; add at least one target locale")
    for i, code in enumerate(languages):
        if locale_id(code) == locale_id(source_language):
            raise check.fail(f"languages[{i}]", f"'{code}' is the source language")

    folders = {}
    for key, default in (("articles", "articles"), ("locales", "locales")):
        folder = check.string(top.get(key, default), key)
        if Path(folder).is_absolute() or ".." in Path(folder).parts:
            raise check.fail(key, f"'{folder}' must be a folder inside the project")
        folders[key] = folder

    team: dict[str, Person] = {}
    for person_id, entry in check.mapping(top.get("team"), "team", None).items():
        where = f"team.{person_id}"
        if not PERSON_ID_RE.match(person_id):
            raise check.fail(where, "a person id is letters, digits, '.', '_' or '-'")
        entry = check.mapping(entry, where, _PERSON_KEYS)
        person_languages = check.locales(entry.get("languages", []), f"{where}.languages")
        team[person_id] = Person(
            id=person_id,
            name=check.string(entry.get("name", person_id), f"{where}.name"),
            email=check.string(entry["email"], f"{where}.email") if entry.get("email") is not None else None,
            languages=person_languages,
            editor=check.boolean(entry.get("editor", False), f"{where}.editor"),
        )

    assignments = _parse_assignments(check, top.get("assignments"), "assignments", languages, team, _ASSIGNMENT_KEYS)

    publish_data = check.mapping(top.get("publish"), "publish", _PUBLISH_KEYS)
    defaults = PublishPolicy()
    publish = PublishPolicy(
        min_complete=check.number(publish_data.get("min_complete", defaults.min_complete), "publish.min_complete", 0, 100),
        require_review=check.boolean(publish_data.get("require_review", defaults.require_review), "publish.require_review"),
        fallback=check.choice(publish_data.get("fallback", defaults.fallback), "publish.fallback", FALLBACKS),
        stale_counts_as_translated=check.boolean(
            publish_data.get("stale_counts_as_translated", defaults.stale_counts_as_translated),
            "publish.stale_counts_as_translated",
        ),
        output=check.string(publish_data.get("output", defaults.output), "publish.output"),
        layout=check.choice(publish_data.get("layout", defaults.layout), "publish.layout", LAYOUTS),
        url=_url_pattern(check, publish_data.get("url")),
        outdated=check.choice(publish_data.get("outdated", defaults.outdated), "publish.outdated", OUTDATED_POLICIES),
    )

    names: dict[str, str] = {}
    for code, name in check.mapping(top.get("language_names"), "language_names", None).items():
        check.locale(code, f"language_names.{code}")
        names[code] = check.string(name, f"language_names.{code}")

    return Workflow(
        languages=languages,
        source_language=source_language,
        articles=folders["articles"],
        locales=folders["locales"],
        segmentation=check.choice(top.get("segmentation", "sentence"), "segmentation", SEGMENTATION_MODES),
        match_threshold=check.number(top.get("match_threshold", 0.7), "match_threshold", 0.5, 1.0),
        glossary=check.choice(top.get("glossary", "warn"), "glossary", GLOSSARY_MODES),
        translate_number_cells=check.boolean(top.get("translate_number_cells", False), "translate_number_cells"),
        translate_shortcodes=check.boolean(top.get("translate_shortcodes", False), "translate_shortcodes"),
        translate_front_matter=_front_matter_keys(check, top.get("translate_front_matter", ["title", "summary"])),
        tm_threshold=_whole(check.number(top.get("tm_threshold", 75), "tm_threshold", 50, 101), check, "tm_threshold"),
        team=MappingProxyType(team),
        assignments=MappingProxyType(assignments),
        publish=publish,
        language_names=MappingProxyType(names),
        rates=_parse_rates(check, top.get("rates"), languages),
        path=path,
    )


#: What a ``publish.url`` pattern may name: the workflow's code (pt_BR), its BCP 47 tag (pt-BR), the slug.
URL_FIELDS = ("lang", "tag", "slug")


def url_pattern_problem(pattern: str) -> str | None:
    """What is wrong with a ``publish.url`` pattern, None when nothing: it names only
    :data:`URL_FIELDS`, and the slug (else every page would have the same address)."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        return f"'{pattern}' is not a pattern ({exc}); write e.g. '/{{lang}}/{{slug}}/'"
    unknown = sorted(fields - set(URL_FIELDS))
    if unknown:
        return f"'{pattern}' names {{{unknown[0]}}}; it may name {{lang}}, {{tag}} and {{slug}}, e.g. '/{{lang}}/{{slug}}/'"
    if "slug" not in fields:
        return f"'{pattern}' has no {{slug}}: every page would have the same address"
    return None


def _url_pattern(check: _Checker, value: Any) -> str | None:
    if value is None:
        return None
    pattern = check.string(value, "publish.url")
    problem = url_pattern_problem(pattern)
    if problem:
        raise check.fail("publish.url", problem)
    return pattern


def _parse_assignments(
    check: _Checker, value: Any, where: str, languages: tuple[str, ...], team: Mapping[str, Person], keys: set[str]
) -> dict[str, Mapping[str, Assignment]]:
    """``{slug: {language: {translator, reviewer, due}}}``, as workflow.yaml and assignments.yaml write it."""
    assignments: dict[str, Mapping[str, Assignment]] = {}
    for slug, per_language in check.mapping(value, where, None).items():
        swhere = _join(where, slug)
        problem = slug_problem(slug)
        if problem:
            raise check.fail(swhere, f"'{slug}' is not a valid article slug ({problem})")
        entries: dict[str, Assignment] = {}
        for language, entry in check.mapping(per_language, swhere, None).items():
            lwhere = f"{swhere}.{language}"
            if language not in languages:
                raise check.fail(lwhere, f"'{language}' is not in languages ({', '.join(languages)})")
            entry = check.mapping(entry, lwhere, keys)
            translator = _team_member(check, team, entry.get("translator"), f"{lwhere}.translator", language)
            reviewer = _team_member(check, team, entry.get("reviewer"), f"{lwhere}.reviewer", language)
            due = check.date(entry["due"], f"{lwhere}.due") if entry.get("due") is not None else None
            entries[language] = Assignment(translator=translator, reviewer=reviewer, due=due)
        assignments[slug] = MappingProxyType(entries)
    return assignments


def parse_recorded_assignments(data: Any, workflow: Workflow, display: str) -> dict[tuple[str, str], Assignment]:
    """Validate ``locales/assignments.yaml`` (what ``transflow assign`` writes) against the
    team and languages of ``workflow``; the result is keyed by (slug, language)."""
    check = _Checker(Path(display), display)
    recorded = _parse_assignments(check, data, "", workflow.languages, workflow.team, _RECORDED_ASSIGNMENT_KEYS)
    return {(slug, language): entry for slug, entries in recorded.items() for language, entry in entries.items()}


def _team_member(check: _Checker, team: Mapping[str, Person], value: Any, where: str, language: str) -> str | None:
    if value is None:
        return None
    person_id = check.string(value, where)
    if person_id not in team:
        known = ", ".join(sorted(team)) or "none"
        raise check.fail(where, f"'{person_id}' is not in team (known: {known})")
    if team[person_id].languages and language not in team[person_id].languages:
        raise check.fail(where, f"'{person_id}' does not work in '{language}'")
    return person_id


class _Invalid(yaml.constructor.ConstructorError):
    """A well-formed document that still cannot be read as settings; the problem says what to do."""


class _WorkflowLoader(BoundedSafeLoader):
    """What ``yaml.safe_load`` uses, plus two checks people need in a hand-written file:
    a key given twice is an error (PyYAML silently keeps the last one), and an impossible
    date is reported where it stands (PyYAML raises a bare ValueError)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *defaults" may be overridden on purpose
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key: SafeLoader reports it
            if duplicate:
                raise _Invalid(None, None, f"key '{key}' is given twice; keep one", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _Invalid(None, None, f"'{node.value}' is not a date ({exc}); write YYYY-MM-DD", node.start_mark) from None


_WorkflowLoader.add_constructor("tag:yaml.org,2002:timestamp", _WorkflowLoader.construct_yaml_timestamp)


def load_workflow(path: Path, display: str | None = None) -> Workflow:
    """Read and validate a workflow.yaml file (``display``: see :func:`parse_workflow`)."""
    shown = display or path.name
    if not os.path.lexists(path):
        # Where we looked is the point here, so the full path.
        raise ConfigError("not found; run 'transflow init' to create a project here", path)
    return parse_workflow(load_yaml_file(path, shown), path, shown)


def load_yaml_file(path: Path, display: str) -> Any:
    """The document of a YAML file people write, read with the strict loader: size,
    nesting and aliases bounded, duplicate keys and impossible dates refused, every
    problem a :class:`ConfigError` with the line and column where it is."""
    raw = read_input(path, display, ConfigError, MAX_CONFIG_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8 (byte offset {exc.start}); save the file as UTF-8", display, line) from None
    try:
        return yaml.load(text, Loader=_WorkflowLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = problem if isinstance(exc, (_Invalid, LimitError)) else f"malformed YAML: {problem}; fix the syntax"
        if mark is not None:
            raise ConfigError(message, display, mark.line + 1, mark.column + 1) from None
        raise ConfigError(message, display) from None


# One key name, or several separated by dots for a nested key: "image.caption".
_FRONT_MATTER_KEY = re.compile(r"[^.\s](?:[^.]*[^.\s])?(?:\.[^.\s](?:[^.]*[^.\s])?)*")


def _front_matter_keys(check: _Checker, value: Any) -> tuple[str, ...]:
    """``translate_front_matter: [title, summary, image.caption]``: the keys whose values are units."""
    where = "translate_front_matter"
    if not isinstance(value, list):
        raise check.fail(where, f"expected a list of front-matter keys (e.g. [title, summary, image.caption]), "
                         f"got {_kind(value)}")
    keys: list[str] = []
    for i, key in enumerate(value):
        if not isinstance(key, str) or not _FRONT_MATTER_KEY.fullmatch(key):
            raise check.fail(f"{where}[{i}]", f"expected a key name, or names separated by dots for a nested key "
                             f"(image.caption), got {_kind(key)}")
        if key in keys:
            raise check.fail(f"{where}[{i}]", f"'{key}' is listed twice ({where}[{keys.index(key)}])")
        keys.append(key)
    return tuple(keys)
