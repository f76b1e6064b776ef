"""What the checks compare: the patterns of markup, numbers and URLs, and one text
analysed into its inline parts (plain text, links, code spans, HTML tags, emphasis)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from transflow.model.glossary import LocalTerm

# --------------------------------------------------------------------------- #
# Patterns
# --------------------------------------------------------------------------- #

# A code span: a backtick string, content, the same backtick string (CommonMark).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]|(?<!\])\[\d{1,3}\](?![(\[:])")
# What may follow "](" in a well-formed inline link or image: a destination, an
# optional title, the closing parenthesis.
_LINK_TAIL = re.compile(
    r"""\]\(\s*(?:<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"""
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
)
_LINK_OPENING = re.compile(r"\]\(")
# "[text] (target": the space makes it plain text. Footnote markers such as
# "[1] (see ...)" are prose, not broken links.
_SPACED_LINK = re.compile(r"\[(?!\^)(?!\d{1,3}\])[^\[\]\n]+\][ \t\u00a0\u202f\u3000]+\([^()\s]*\)?")
# A link typed with a CJK input method: full-width brackets or parentheses.
_FULL_WIDTH_LINK = re.compile(r"[\[［][^\[\]［］\n]+(?:\]（|］[(（])[^()（）\s]*[)）]?")
_REFERENCE_LABEL = re.compile(r"(?<=\])\[([^\]\[^][^\]\[]*)\]")

# URL characters: no whitespace, no Markdown/HTML delimiters, no quotes, and no CJK
# or full-width text, so "https://x.jp/aを参照" ends before "を".
_URL_BODY = (
    r"[^\s<>\[\]{}|\\^`\"“”‘’«»„‹›"
    r"\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    r"\u060c\u061b\u061f\u06d4]+"
)
_URL = re.compile(r"(?:\b(?:https?|ftp)://|(?<![\w./@-])www\.)" + _URL_BODY, re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_URL_TRAILING = set(".,;:!?'*_~")

# A number with its grouping and decimal separators: "1,000", "3.5", "13.07.2025",
# "1 000" (space, no-break space, narrow no-break space, thin space), Swiss "1'000"
# (apostrophe or ’; Turkish "2025'te" stays a number and a suffix), Arabic ٫ ٬.
_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th)\b")
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+|[ \u00a0\u202f\u2009'\u2019]\d{3}(?!\d))*")
# A full-width comma or full stop between full-width digits ("１，５００", "３．５") is
# the number's separator; after other digits it is CJK punctuation ("2024，").
_FULL_WIDTH_SEPARATOR = re.compile(r"(?<=[\uff10-\uff19])[\uff0c\uff0e](?=[\uff10-\uff19])")
_DIGIT_RUN = re.compile(r"\d+")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}\.\d{1,2}\.\d{1,2}")
_ROMAN = re.compile(r"\b(?=[MDCLXVI]{2,}\b|[VX]\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}

_WORD = re.compile(r"[^\W\d_]+")
# Unpaired emphasis delimiters left as text: any run of "*", and "_" runs that are
# not inside a word (snake_case is not emphasis in CommonMark).
_STRAY_DELIMITER = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")

_PLACEHOLDER = "\ufffc"  # stands for a code span in the plain text




# --------------------------------------------------------------------------- #
# Analysis of one text
# --------------------------------------------------------------------------- #


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


@dataclass(frozen=True)
class _Inline:
    """What the Markdown parser sees in one unit's inline text."""

    links: int
    images: int
    relative_targets: Counter[str]
    emphasis: int
    strong: int
    stray_delimiters: int
    code: Counter[str]
    html: Counter[str]
    plain: str  # the text a reader sees: markers dropped, code spans as a placeholder


def _parse_inline(text: str) -> _Inline:
    tokens = _markdown().parseInline(text)
    children: list[Token] = (tokens[0].children or []) if tokens else []
    links = images = emphasis = strong = stray = 0
    relative: Counter[str] = Counter()
    code: Counter[str] = Counter()
    html: Counter[str] = Counter()
    plain: list[str] = []
    for token in children:
        if token.type == "link_open":
            links += 1
            _count_relative(relative, str(token.attrs.get("href", "")))
        elif token.type == "image":
            images += 1
            _count_relative(relative, str(token.attrs.get("src", "")))
            plain.append(token.content)
        elif token.type == "em_open":
            emphasis += 1
        elif token.type == "strong_open":
            strong += 1
        elif token.type == "code_inline":
            code[token.content] += 1
            plain.append(_PLACEHOLDER)
        elif token.type == "html_inline":
            html[_html_tag_key(token.content)] += 1
        elif token.type == "text":
            stray += len(_STRAY_DELIMITER.findall(token.content))
            plain.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            plain.append(" ")
    return _Inline(links, images, relative, emphasis, strong, stray, code, html, "".join(plain))


def _count_relative(counter: Counter[str], target: str) -> None:
    """Link targets that are not absolute URLs (those are the ``urls`` check's)."""
    if target and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//|www\.", target):
        counter[target] += 1


# Attributes whose values are text for the reader, so they may be translated.
_TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def _html_tag_key(raw: str) -> str:
    """A tag as compared: name and attributes, without translatable values."""
    match = re.fullmatch(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(.*?)(/?)>", raw, re.DOTALL)
    if not match:
        return raw  # a comment, declaration or processing instruction: exactly
    closing, name, rest, self_closing = match.groups()
    attributes = []
    for attr, value in _ATTRIBUTE.findall(rest):
        attr = attr.lower()
        if value and attr not in _TRANSLATABLE_ATTRIBUTES:
            attributes.append(f" {attr}={value}")
        else:
            attributes.append(f" {attr}")
    return f"<{closing}{name.lower()}{''.join(attributes)}{self_closing}>"


def _mask(text: str, *patterns: re.Pattern[str]) -> str:
    """Blank out every match (same length, so offsets stay valid)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _without_code(text: str) -> str:
    return _mask(text, _CODE_SPAN)


def _urls(text: str) -> Counter[str]:
    """URLs and e-mail addresses, outside code spans."""
    text = _without_code(text)
    found: Counter[str] = Counter(_trim_url(m.group()) for m in _URL.finditer(text))
    found.update(m.group() for m in _EMAIL.finditer(_mask(text, _URL)))
    return found


def _trim_url(url: str) -> str:
    """Drop what follows a URL rather than belongs to it: final punctuation, and a
    closing parenthesis without its opening one in the URL (a link's or the prose's)."""
    while url:
        last = url[-1]
        if last in _URL_TRAILING or (last > "\x7f" and unicodedata.category(last)[0] in "PS"):
            url = url[:-1]
        elif last == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url


def _to_ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def _number_text(text: str) -> str:
    """The text with everything that is not prose blanked: numbers there belong to
    other checks (a URL's digits, a footnote label)."""
    text = _mask(text, _CODE_SPAN, _HTML_TAG, _AUTOLINK, _LINK_TAIL, _URL, _EMAIL, _FOOTNOTE)
    text = _mask(text, _REFERENCE_LABEL)
    text = _FULL_WIDTH_SEPARATOR.sub(lambda m: "," if m.group() == "\uff0c" else ".", text)
    return _to_ascii_digits(text)


def _strip_zeros(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _roman_value(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total




# --------------------------------------------------------------------------- #
# The checks
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Pair:
    source: str
    translation: str
    language: str  # primary language subtag, lower case
    source_inline: _Inline
    translation_inline: _Inline
    #: The glossary terms found in the source (for the glossary checks).
    terms: tuple[LocalTerm, ...] = ()
    #: Whether a missing approved translation is an error (``glossary: strict``).
    strict_terms: bool = False


def _listing(items: Iterable[str]) -> str:
    return ", ".join(items)


def _plural(count: int, singular: str) -> str:
    return f"{count} {singular if count == 1 else singular + 's'}"


def _difference(
    source: Counter[str],
    translation: Counter[str],
    noun: tuple[str, str],
    fix: str,
    show: Callable[[str], str] = str,
) -> list[str]:
    """One message naming what the translation lost and what it added, then the fix.

    ``noun`` is the singular and plural of what is compared ("" for self-evident
    things such as URLs).
    """
    lost = [item for item in source if source[item] > translation[item]]
    added = [item for item in translation if translation[item] > source[item]]
    if not lost and not added:
        return []

    def subject(items: list[str], with_noun: bool) -> str:
        name = noun[0] if len(items) == 1 else noun[1]
        shown = _listing(show(item) for item in items)
        verb = "is" if len(items) == 1 else "are"
        return f"{name} {shown} {verb}".lstrip() if with_noun else f"{shown} {verb}"

    parts = []
    if lost:
        parts.append(f"{subject(lost, True)} missing" + (" or changed" if added else ""))
    if added:
        parts.append(f"{subject(added, not lost)} not in the source")
    return [", and ".join(parts) + "; " + fix]


def _describe_whitespace(ws: str) -> str:
    if not ws:
        return "no whitespace"
    names = {" ": "space", "\t": "tab", "\n": "line break", "\r": "carriage return", "\u00a0": "no-break space"}
    kinds = set(ws)
    if len(kinds) == 1 and ws[0] in names:
        name = names[ws[0]]
        return f"a {name}" if len(ws) == 1 else _plural(len(ws), name)
    return "whitespace " + repr(ws)

