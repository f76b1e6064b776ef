"""Quality checks run on every submitted translation.

:func:`check_translation` compares one translation with its source unit and returns
the problems found, each a :class:`QAIssue` naming its check. The checks follow
Translate Toolkit's ``pofilter`` and Weblate's quality checks, tuned for news
articles in Markdown. Every comparison is *relative to the source*: markup that is
already odd in the source is not held against the translation.

========================  ========  ==========================================================
check                     severity  what it wants
========================  ========  ==========================================================
``whitespace``            error     leading and trailing whitespace exactly as in the source;
                                    a translation that is only whitespace is refused
``footnotes``             error     the same footnote markers, ``[^1]`` and ``[1]``, as often
``urls``                  error     the same URLs (http, https, ftp, www.) and e-mail addresses,
                                    character for character, as often; this covers link
                                    targets, autolinks and ``href`` values too
``links``                 error     the same number of Markdown links and images; no
                                    ``[text] (url)`` (the space breaks the link, the most
                                    common translator error: WeblateOrg/weblate#3649), no
                                    full-width ``［text］（url）`` and no unclosed
                                    ``[text](url``; relative targets (``/page``,
                                    ``#part``) and reference labels ``[text][label]`` kept
``emphasis``              error     as many ``*emphasis*`` and ``**strong**`` spans as the
                                    source, and no unpaired ``*`` or ``_`` beyond the source's
``code``                  error     code spans with exactly the source's content (code is not
                                    translated)
``html``                  error     the same inline HTML tags; ``alt``, ``title`` and
                                    ``aria-label`` values may be translated (as pofilter)
``numbers``               error     every number of the source somewhere in the translation
``end-punctuation``       warning   a final mark of the same kind as the source's, written the
                                    target language's way
``identical``             warning   a translation that is just the source again
========================  ========  ==========================================================

Errors keep an entry from being applied; warnings are reported and the entry is
applied. End punctuation and identical text are warnings because word order and
house style legitimately change them (pofilter classes ``endpunc`` as cosmetic).

Judgement calls:

- Numbers are compared by their digits, so locale formatting passes: ``1,000`` =
  ``1.000`` = ``1 000`` (also with a no-break or narrow no-break space), ``3.5`` =
  ``3,5``, ``50%`` = ``%50``, ``2025'te``, ``11th`` = ``11.``, Arabic-Indic and
  full-width digits. A date's day, month and year may appear separately, in any
  order and without leading zeros (``13.07.2025`` -> ``2025年7月13日``), and Roman
  numerals in the translation count (``21st century`` -> ``XXI век``). Only a
  number missing in every one of these forms is an error; ``3.5`` -> ``5,3`` and
  ``1,000,000`` -> ``1.000`` are. Numbers written out as words ("three"), or
  regrouped (Japanese ``1万5000`` for ``15,000``), are reported too: the false
  alarm is cheap (write the digits) next to a wrong figure published. Numbers the
  translation adds (``7月`` for "July") are fine. Letters around a number are not
  compared (``B-52H`` -> ``B-52`` passes). Numbers inside URLs, link targets, code,
  HTML and footnote markers are left to those checks.
- Link text may be translated; targets may not. Weblate skips absolute link targets
  because some sites have localized pages; a newsroom cites its sources, so here
  every URL must stay as it is.
- End punctuation: closing quotes and brackets, emphasis markers and footnote
  markers after the final mark are skipped, so ``countries.”[^2]`` ends in a full
  stop, as does Russian ``стран».``. ``...`` and ``…`` are the same. Each language
  has its marks (Arabic ``؟``, Greek ``;``, Chinese and Japanese full-width ``。！？``,
  Devanagari ``।``, Armenian ``։`` ...); Thai and Lao have no full stop, so a missing
  one is not reported. A final ``.`` that belongs to an abbreviation the language
  commonly ends on (Russian ``2025 г.``) is allowed where the source has none.
  Sources of four characters or fewer are not checked (Weblate's rule).
- Identical to the source is not reported when the source has no letters left
  once URLs, e-mail addresses, numbers and markers are removed, is a single word
  ("ASEAN"), is all acronyms ("NATO AUKUS"), or is a short name of at most three
  capitalised words ("Marco Rubio"): such units are often rightly the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["CHECKS", "SAFETY_CHECKS", "SEVERITIES", "QAIssue", "Severity", "check_translation"]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class QAIssue:
    check: str
    severity: Severity
    message: str


#: Each check with its severity, in the order issues are reported.
SEVERITIES: dict[str, Severity] = {
    "whitespace": Severity.ERROR,
    "footnotes": Severity.ERROR,
    "urls": Severity.ERROR,
    "links": Severity.ERROR,
    "emphasis": Severity.ERROR,
    "code": Severity.ERROR,
    "html": Severity.ERROR,
    "numbers": Severity.ERROR,
    "end-punctuation": Severity.WARNING,
    "identical": Severity.WARNING,
}

#: The names of all checks, for documentation and ``--skip-check``.
CHECKS: tuple[str, ...] = tuple(SEVERITIES)

#: The checks that keep a translation's URLs, links, code spans and HTML as the source
#: has them. Skipping one lets a translator's markup onto published pages (a raw
#: ``<img onerror>``, a changed link target), so only an editor may, with ``--force``.
SAFETY_CHECKS: tuple[str, ...] = ("urls", "links", "code", "html")


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
# "1 000" (space, no-break space, narrow no-break space, thin space), Arabic ٫ ٬.
_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th)\b")
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+|[ \u00a0\u202f\u2009]\d{3}(?!\d))*")
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
# End punctuation data
# --------------------------------------------------------------------------- #

STOP, QUESTION, EXCLAMATION, COLON, SEMICOLON, ELLIPSIS = (
    "full stop", "question mark", "exclamation mark", "colon", "semicolon", "ellipsis",
)

# How the (source) text's final mark is read.
_SOURCE_MARK_KIND: dict[str, str] = {
    ".": STOP, "。": STOP, "．": STOP, "?": QUESTION, "？": QUESTION, "!": EXCLAMATION,
    "！": EXCLAMATION, ":": COLON, "：": COLON, ";": SEMICOLON, "；": SEMICOLON, "…": ELLIPSIS,
}

_DEFAULT_MARKS: dict[str, tuple[str, ...]] = {
    STOP: (".",), QUESTION: ("?",), EXCLAMATION: ("!",), COLON: (":",),
    SEMICOLON: (";",), ELLIPSIS: ("…",),
}

# Marks that end a sentence of each kind, per language (first = the usual one).
# An empty tuple: the language does not mark that kind at the end, do not check.
_LANGUAGE_MARKS: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "fa": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ur": {STOP: ("۔", "."), QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ps": {STOP: ("۔", "."), QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ckb": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "ug": {QUESTION: ("؟",), SEMICOLON: ("؛", ";")},
    "el": {QUESTION: (";", "\u037e"), SEMICOLON: ("\u0387", "·")},
    "hy": {
        STOP: ("։", ":", "."),
        # Armenian marks questions and exclamations on the stressed word; the
        # sentence itself ends with a full stop.
        QUESTION: ("՞", "։", "?", ":"),
        EXCLAMATION: ("՜", "։", "!", ":"),
        COLON: (":", "՝", "`"),
    },
    "hi": {STOP: ("।", "|", ".")},
    "mr": {STOP: (".", "।")},
    "ne": {STOP: ("।", "|", ".")},
    "bn": {STOP: ("।", "|", ".")},
    "as": {STOP: ("।", "|", ".")},
    "or": {STOP: ("।", "|", ".")},
    "pa": {STOP: ("।", "|", ".")},
    "sa": {STOP: ("।", "॥", "|", ".")},
    "mai": {STOP: ("।", "|", ".")},
    "ja": {
        STOP: ("。", "．", "｡"),
        QUESTION: ("？", "?"),
        EXCLAMATION: ("！", "!"),
        # A Japanese sentence before a list may end with a full stop (Weblate).
        COLON: ("：", ":", "。"),
        SEMICOLON: ("；", ";", "。"),
    },
    "zh": {
        STOP: ("。", "．"),
        QUESTION: ("？",),
        EXCLAMATION: ("！",),
        COLON: ("：",),
        SEMICOLON: ("；",),
    },
    "yue": {
        STOP: ("。", "．"),
        QUESTION: ("？",),
        EXCLAMATION: ("！",),
        COLON: ("：",),
        SEMICOLON: ("；",),
    },
    "th": {STOP: ()},
    "lo": {STOP: ()},
    "my": {STOP: ("။",)},
    "km": {STOP: ("។",), COLON: ("៖", ":")},
    "bo": {STOP: ("།", "༎")},
    "dz": {STOP: ("།", "༎")},
    "am": {STOP: ("።",), QUESTION: ("፧", "?"), COLON: ("፥", "፦", ":")},
    "ti": {STOP: ("።",), QUESTION: ("፧", "?"), COLON: ("፥", "፦", ":")},
    "si": {STOP: (".", "෴")},
}

# Words a sentence commonly ends on with their abbreviation point ("в 2025 г."),
# lower case, without the point: a final "." after one is not punctuation.
_FINAL_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "ru": frozenset({"г", "гг", "в", "вв", "д", "п", "др", "пр", "тыс", "млн", "млрд", "руб", "долл"}),
    "uk": frozenset({"р", "рр", "ст", "д", "ін", "тис", "млн", "млрд", "грн", "дол"}),
    "tr": frozenset({"vb", "vs", "bkz", "yy", "vd"}),
    "id": frozenset({"dll", "dsb", "dst", "tsb", "dkk", "hlm"}),
    "ms": frozenset({"dll", "dsb", "dst"}),
    "de": frozenset({"usw", "bzw", "vgl", "jh", "chr", "ca"}),
}
_UNIVERSAL_FINAL_ABBREVIATIONS = frozenset({"etc"})

# Closing marks skipped before the final punctuation is read.
_CLOSERS = frozenset("\"'”’»›)]}」』）］｝】〉》〕〗〙〛＂＇*_~")
_ELLIPSES = ("...", "…", "⋯", "．．．")
# A footnote marker at the end, also a mistyped one ("［^1］"): not punctuation.
_TRAILING_MARKER = re.compile(r"[\[［]\^?[^\n\[\]［］]{1,20}[\]］]$")


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


def _check_whitespace(pair: _Pair) -> list[str]:
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


def _check_footnotes(pair: _Pair) -> list[str]:
    def markers(text: str) -> Counter[str]:
        return Counter(m.group() for m in _FOOTNOTE.finditer(_without_code(text)))

    return _difference(
        markers(pair.source),
        markers(pair.translation),
        ("footnote marker", "footnote markers"),
        "keep every [^n] and [n] of the source, unchanged",
    )


def _check_urls(pair: _Pair) -> list[str]:
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


def _check_links(pair: _Pair) -> list[str]:
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


def _check_emphasis(pair: _Pair) -> list[str]:
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


def _check_code(pair: _Pair) -> list[str]:
    return _difference(
        pair.source_inline.code,
        pair.translation_inline.code,
        ("code span", "code spans"),
        "code is not translated: keep every code span of the source exactly",
        show=lambda code: f"`{code}`",
    )


def _check_html(pair: _Pair) -> list[str]:
    return _difference(
        pair.source_inline.html,
        pair.translation_inline.html,
        ("HTML tag", "HTML tags"),
        "keep every tag of the source (only alt and title values may be translated)",
    )


def _number_key(number: str) -> str:
    """A number's digits without separators or leading zeros: "1.000" -> "1000"."""
    return _strip_zeros("".join(_DIGIT_RUN.findall(number)))


def _number_parts(number: str) -> list[str]:
    """Pieces a number may be written as separately in a translation: the day, month
    and year of a date ("13.07.2025" -> 2025年7月13日), or the numbers a space
    happened to join ("2024 100" in "in 2024 100 ships")."""
    if _DATE.fullmatch(number):
        return [_strip_zeros(run) for run in _DIGIT_RUN.findall(number)]
    if re.search(r"\s", number):
        return [_number_key(piece) for piece in number.split()]
    return []


def _check_numbers(pair: _Pair) -> list[str]:
    source_numbers = [m.group() for m in _NUMBER.finditer(_number_text(pair.source))]
    if not source_numbers:
        return []
    translation_text = _number_text(pair.translation)
    available: set[str] = set()
    for match in _NUMBER.finditer(translation_text):
        available.add(_number_key(match.group()))
        available.update(_number_parts(match.group()))
    available.update(str(_roman_value(m.group())) for m in _ROMAN.finditer(translation_text) if m.group())
    # An ordinal ("the 1st time", "21st century") is as often a word in the target
    # language ("ilk kez", "впервые"): its digits may go.
    ordinals = {m.group(1) for m in _ORDINAL.finditer(pair.source)}
    missing: list[str] = []
    for number in source_numbers:
        parts = _number_parts(number)
        if _number_key(number) in available or (parts and all(part in available for part in parts)):
            continue
        if number in ordinals:
            continue
        if number not in missing:
            missing.append(number)
    if not missing:
        return []
    noun, verb = ("number", "is") if len(missing) == 1 else ("numbers", "are")
    return [
        f"{noun} {_listing(missing)} {verb} missing; keep every number of the source in digits "
        "(your language's separators, as in 1.000 or 3,5, are fine)"
    ]


def _final_mark(plain: str) -> str | None:
    """The punctuation mark a text ends with, closing quotes and markers skipped."""
    text = plain
    while True:
        stripped = _TRAILING_MARKER.sub("", text.rstrip()).rstrip()
        while stripped and stripped[-1] in _CLOSERS:
            stripped = stripped[:-1].rstrip()
        if stripped == text:
            break
        text = stripped
    if not text:
        return None
    if text.endswith(_ELLIPSES):
        return "…"
    last = text[-1]
    return last if unicodedata.category(last).startswith("P") else None


def _marks(language: str) -> dict[str, tuple[str, ...]]:
    return {**_DEFAULT_MARKS, **_LANGUAGE_MARKS.get(language, {})}


def _ends_with_abbreviation(plain: str, language: str) -> bool:
    text = _FOOTNOTE.sub("", plain).rstrip()
    words = _WORD.findall(text[-12:])
    if not words or not text.endswith("."):
        return False
    known = _FINAL_ABBREVIATIONS.get(language, frozenset()) | _UNIVERSAL_FINAL_ABBREVIATIONS
    return words[-1].lower() in known and text[: -1].endswith(words[-1])


def _check_end_punctuation(pair: _Pair) -> list[str]:
    if len(pair.source.strip()) <= 4 or pair.translation.strip() == pair.source.strip():
        # A short label may well be punctuated differently; an unchanged text is
        # the identical check's.
        return []
    source_mark = _final_mark(pair.source_inline.plain)
    mark = _final_mark(pair.translation_inline.plain)
    kind = _SOURCE_MARK_KIND.get(source_mark or "")
    marks = _marks(pair.language)
    if kind is None:
        sentence_marks = {m for accepted in marks.values() for m in accepted}
        if mark in sentence_marks and not _ends_with_abbreviation(pair.translation_inline.plain, pair.language):
            return [f"the translation ends with “{mark}” but the source has no final punctuation; remove it"]
        return []
    accepted = marks[kind]
    if not accepted or mark in accepted:
        return []
    wanted = " or ".join(f"“{m}”" for m in accepted[:2])
    if mark is None:
        return [f"the source ends with a {kind}; end the translation with {wanted}"]
    return [f"the translation ends with “{mark}” but the source with a {kind}; end it with {wanted}"]


def _check_identical(pair: _Pair) -> list[str]:
    if pair.translation.strip() != pair.source.strip():
        return []
    prose = _mask(pair.source_inline.plain, _URL, _EMAIL, _FOOTNOTE)
    words = _WORD.findall(prose)
    if len(words) <= 1 or all(word.isupper() for word in words):
        return []  # no words, a single word, or acronyms: often the same everywhere
    if len(words) <= 3 and all(word[0].isupper() for word in words):
        return []  # a name: "Marco Rubio"
    return ["the translation is identical to the source; translate it (if it must stay as it is, ignore this warning)"]


_CHECK_FUNCTIONS: dict[str, Callable[[_Pair], list[str]]] = {
    "whitespace": _check_whitespace,
    "footnotes": _check_footnotes,
    "urls": _check_urls,
    "links": _check_links,
    "emphasis": _check_emphasis,
    "code": _check_code,
    "html": _check_html,
    "numbers": _check_numbers,
    "end-punctuation": _check_end_punctuation,
    "identical": _check_identical,
}
assert tuple(_CHECK_FUNCTIONS) == CHECKS


def _primary_language(code: str) -> str:
    return re.split(r"[-_@.]", code.strip(), maxsplit=1)[0].lower()


def check_translation(
    source: str, translation: str, target_language: str, skip: Collection[str] = ()
) -> list[QAIssue]:
    """Check one translation against its source unit, except the checks named in ``skip``.

    An empty translation is untranslated, not wrong: no issues. Issues come in the
    order of :data:`CHECKS`.
    """
    if not translation:
        return []
    if not translation.strip() and source.strip():
        return [
            QAIssue(
                "whitespace",
                SEVERITIES["whitespace"],
                "the translation is only whitespace; translate the text, or leave the entry empty",
            )
        ]
    pair = _Pair(
        source,
        translation,
        _primary_language(target_language),
        _parse_inline(source),
        _parse_inline(translation),
    )
    return [
        QAIssue(name, SEVERITIES[name], message)
        for name, check in _CHECK_FUNCTIONS.items()
        if name not in skip
        for message in check(pair)
    ]
