"""Lossless, rule-based sentence segmentation for news text.

:func:`split_sentences` returns character spans rather than strings, so callers can
always rebuild the block exactly: the spans are trimmed, never overlap, and the
gaps between them hold only whitespace.

The input is the inline text of one Markdown block (soft breaks already turned into
spaces, hard breaks kept as line breaks), and its Markdown inline markup is
*protected*: no boundary may fall inside a code span, link, image, autolink, inline HTML tag,
footnote reference, Hugo shortcode, bare URL or e-mail address.

Boundaries are decided one candidate at a time. A candidate is a run of ``.``,
``!``, ``?`` or an ellipsis, plus any closing quotes, brackets, emphasis markers
and footnote references, followed by whitespace. Whether it ends the sentence
depends on the word before it (abbreviation? initial?) and on the word after it
(capitalised? a typical sentence opener?). Language-specific knowledge lives in
:class:`LanguageRules`; languages without rules get the same machinery with empty
word lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "ENGLISH_ABBREVIATIONS",
    "ENGLISH_FINAL_BEFORE_CAPITAL",
    "ENGLISH_LOWERCASE_ABBREVIATIONS",
    "ENGLISH_NON_FINAL_ABBREVIATIONS",
    "ENGLISH_NUMERIC_ABBREVIATIONS",
    "ENGLISH_SENTENCE_STARTERS",
    "LanguageRules",
    "rules_for",
    "split_sentences",
]

Span = tuple[int, int]

# --------------------------------------------------------------------------- #
# Language data
# --------------------------------------------------------------------------- #

# Abbreviations that never end a sentence: titles before a name, and Latin
# connectives. Keys are lower case, without the final period.
ENGLISH_NON_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "messrs", "mssrs", "dr", "prof", "gen", "lt", "col",
        "adm", "sen", "sens", "rep", "reps", "gov", "govs", "pres", "capt", "cmdr",
        "cpl", "sgt", "maj", "brig", "pvt", "spc", "det", "rev", "msgr", "rt",
        "hon", "supt", "insp", "amb", "atty",
        "e.g", "i.e", "vs", "cf", "viz", "approx", "ca", "incl", "esp",
    }
)

# Abbreviations that precede a number ("No. 12", "p. 55", "Jan. 6"); before a
# number they never end a sentence, elsewhere they are ordinary words.
ENGLISH_NUMERIC_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "no", "nos", "n°", "nº", "vol", "vols", "p", "pp", "para", "paras", "art",
        "arts", "fig", "figs", "ch", "chap", "sec", "secs", "ed", "eds", "pt",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "est", "tel", "ext", "op",
    }
)

# Every known English abbreviation (the two sets above included). The ones not
# listed above *can* end a sentence ("... Pitt, Briggs & Co. It closed."), so
# they only do so before a typical sentence opener (see STARTERS).
ENGLISH_ABBREVIATIONS: frozenset[str] = (
    frozenset(
        {
            "jr", "sr", "inc", "ltd", "co", "cos", "corp", "bros", "llc", "plc",
            "st", "mt", "ft", "ave", "blvd", "rd", "hwy", "mts", "dept", "univ",
            "assn", "govt", "intl", "natl", "etc", "al", "esq", "u.s", "u.n",
            "u.k", "a.m", "p.m", "ph.d", "mo", "gal", "oz", "lb", "lbs", "pct",
            # US states in AP style (those that are not also English words).
            "ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "kan",
            "ky", "md", "mich", "minn", "mont", "neb", "nev", "okla", "pa",
            "tenn", "tex", "vt", "va", "wis", "wyo",
        }
    )
    | ENGLISH_NON_FINAL_ABBREVIATIONS
    | ENGLISH_NUMERIC_ABBREVIATIONS
)

# Abbreviations that end a sentence before any capitalised word: "etc." closes a
# list, "pct." a figure, and a month without its day ("rose in Jan. Markets fell")
# a date. Before a number they go on ("Jan. 5"), before a lower-case word too.
ENGLISH_FINAL_BEFORE_CAPITAL: frozenset[str] = frozenset(
    {
        "etc", "pct",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
_EN_MONTHS = ENGLISH_FINAL_BEFORE_CAPITAL - {"etc", "pct"}

# "In Jan. Biden signed ...": a month that only follows an opening preposition is
# the sentence's introductory phrase, and the capitalised word after it a name.
_EN_INTRO_MONTH = re.compile(
    r"^\W*(?:(?:early|late|mid|since|until|till|from|by|through|during|in|on|last|next|this)[\s-]+)+$",
    re.IGNORECASE,
)

# Short forms that are also words or names ("apt.", "max.", "ref.", "Wed."): too
# common as words to count as abbreviations before a capital, but before a
# lower-case word their full stop is not taken for the end of a sentence.
ENGLISH_LOWERCASE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "abbr", "abbrev", "admin", "alt", "apt", "approx", "assoc", "asst", "avg", "bldg",
        "bn", "cent", "cit", "cont", "corr", "ctr", "cu", "def", "dep", "dia", "dir",
        "dist", "div", "doz", "eq", "eqn", "ex", "exec", "fl", "fwd", "hosp", "hr",
        "hrs", "ht", "ibid", "illus", "inst", "km", "lit", "loc", "max", "mfg", "mgr",
        "mi", "mil", "min", "misc", "mkt", "mln", "mn", "mos", "nb", "obs", "orig",
        "pl", "prob", "pron", "pts", "pub", "publ", "qt", "rec", "ref", "reg", "req",
        "res", "sq", "std", "ste", "subj", "suppl", "tbsp", "tech", "temp", "tr",
        "trans", "tsp", "var", "wk", "wks", "wt", "yd", "yr", "yrs",
        "appt", "attn", "cm", "excl", "kg", "mg", "ml", "mm", "mth", "mths", "pg",
        "pgs", "qtr", "rel", "resp", "secs", "seq", "transl", "ver", "vers",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    }
)

# Words that typically open an English sentence. After an abbreviation or an
# initial, a capitalised word is usually a name ("U.S. Government", "J. Smith"),
# so the boundary is only taken before one of these.
ENGLISH_SENTENCE_STARTERS: frozenset[str] = frozenset(
    {
        "a", "about", "according", "after", "again", "against", "all", "also",
        "although", "among", "an", "and", "another", "any", "are", "as", "at",
        "because", "before", "both", "but", "by", "can", "could", "despite",
        "did", "do", "does", "during", "each", "even", "every", "few", "for",
        "from", "further", "furthermore", "had", "has", "have", "he", "her",
        "here", "his", "how", "however", "if", "in", "indeed", "instead", "is",
        "it", "its", "just", "last", "later", "let", "many", "may", "meanwhile",
        "more", "moreover", "most", "much", "my", "neither", "nevertheless",
        "no", "nor", "not", "now", "of", "on", "once", "one", "only", "or",
        "other", "our", "over", "people", "please", "several", "she", "should",
        "since", "so", "some", "still", "such", "that", "the", "their", "then",
        "there", "these", "they", "this", "those", "though", "thus", "to",
        "today", "under", "unlike", "until", "we", "were", "was", "what",
        "when", "where", "whether", "which", "while", "who", "why", "will",
        "with", "would", "yes", "yet", "you", "your",
    }
)

# After "a.m."/"p.m." these continue the sentence ("at 9 a.m. Tuesday").
_EN_TIME_CONTINUATIONS: frozenset[str] = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)

# "At 5 a.m. Mr. Smith went ..." -- an introductory time phrase is followed by
# the main clause, not by a new sentence.
_EN_INTRO_TIME = re.compile(
    r"^\W*(?:(?:shortly|just|right|soon|until|till)\s+)?"
    r"(?:at|by|before|after|until|till|from|since|around|about|from)\s+"
    r"(?:(?:about|around|approximately|roughly)\s+)?\d{1,2}(?:[:.]\d{2})?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The word lists one language contributes to the shared machinery."""

    abbreviations: frozenset[str] = frozenset()
    non_final: frozenset[str] = frozenset()
    numeric: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    # Abbreviations that end a sentence before any capitalised word ("apples,
    # pears, etc. The shop ..."), except months in an opening phrase (intro_month).
    final_before_capital: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    intro_month: re.Pattern[str] | None = None
    # A full stop after an ordinary word ends the sentence before a lower-case
    # word too ("... other languages. transflow splits ..."). Only for languages
    # whose abbreviations are known: elsewhere "z. B. bei" would be cut.
    lowercase_starts: bool = False
    lowercase_abbreviations: frozenset[str] = frozenset()
    time_suffixes: frozenset[str] = frozenset()
    time_continuations: frozenset[str] = frozenset()
    intro_time: re.Pattern[str] | None = None
    # A lone "I" after an ellipsis is the pronoun, not a new sentence.
    pronoun_i: bool = False
    # "am 5. Mai", "den 3. Oktober": a short number with a period is an ordinal
    # (German, Scandinavian, Slavic, Finnish, Hungarian, Turkish ...).
    ordinal_dot: bool = False


_ENGLISH = LanguageRules(
    abbreviations=ENGLISH_ABBREVIATIONS,
    non_final=ENGLISH_NON_FINAL_ABBREVIATIONS,
    numeric=ENGLISH_NUMERIC_ABBREVIATIONS,
    starters=ENGLISH_SENTENCE_STARTERS,
    final_before_capital=ENGLISH_FINAL_BEFORE_CAPITAL,
    months=_EN_MONTHS,
    intro_month=_EN_INTRO_MONTH,
    lowercase_starts=True,
    lowercase_abbreviations=ENGLISH_LOWERCASE_ABBREVIATIONS,
    time_suffixes=frozenset({"a.m", "p.m"}),
    time_continuations=_EN_TIME_CONTINUATIONS,
    intro_time=_EN_INTRO_TIME,
    pronoun_i=True,
)
# Languages without their own rules: no abbreviations, but ordinal dots, which
# are common in many European languages and rare at the end of a sentence.
_GENERIC = LanguageRules(ordinal_dot=True)
_RULES: dict[str, LanguageRules] = {"en": _ENGLISH}


def rules_for(language: str) -> LanguageRules:
    """The rule set for a language tag; ``en-US`` uses ``en``, unknown tags the generic set."""
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return _RULES.get(primary, _GENERIC)


# --------------------------------------------------------------------------- #
# Protected ranges: Markdown inline markup and addresses
# --------------------------------------------------------------------------- #

_PROTECTED = re.compile(
    r"""
      (?P<code>(`+)[\s\S]*?(?<!`)\2(?!`))                          # `code span`
    | !?\[(?:[^\[\]]|\[[^\[\]]*\])*\]                              # [text], [^1], [...]
        (?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])?                #   (url "title") or [ref]
    | <(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>   # <autolink>
    | <!--[\s\S]*?-->                                              # <!-- comment -->
    | </?[A-Za-z][A-Za-z0-9-]*                                     # <tag attr="v"> </tag>
        (?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>
    | (?<![\w/.@-])(?:(?:https?|ftp)://|www\.)                      # bare URL, minus
        [^\s<>]*[^\s<>.,;:!?'")\]*_~”’»]                           #   trailing punctuation
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+                     # e-mail address
    | \{\{<.*?>\}\} | \{\{%.*?%\}\}                               # Hugo shortcode
    """,
    re.VERBOSE,
)
# Cheap pre-check: most sentences contain no markup at all.
_MARKUP_HINT = re.compile(r"[`\[<@]|://|www\.|\{\{")


def _protected_ranges(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the protected ranges, sorted and disjoint."""
    if not _MARKUP_HINT.search(text):
        return [], []
    starts: list[int] = []
    ends: list[int] = []
    for m in _PROTECTED.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(pos: int, starts: list[int], ends: list[int]) -> bool:
    """Whether a boundary at ``pos`` would cut a protected range in two."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and starts[i] < pos < ends[i]


def _covers(pos: int, starts: list[int], ends: list[int]) -> bool:
    """Whether the character at ``pos`` lies in a protected range."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


# --------------------------------------------------------------------------- #
# Candidates
# --------------------------------------------------------------------------- #

_CANDIDATE = re.compile(
    r"""
      (?P<term>[.!?‽…]+                                   # . ! ? ?! ... …
          (?:[ \u00a0][.…](?=[\s"”’'»)\]*_~<\[]|$))*)     # spaced ellipsis ". . ."
      (?P<close>(?:[”"’'»)\]*_~]                          # closing quotes, brackets, emphasis
          | </[A-Za-z][A-Za-z0-9-]*\s*>                   # closing HTML tag
          | <br\s*/?> | <sup>[^<>]{1,20}</sup>            # line break, footnote <sup>1</sup>
          | \[\^[^\]\s]+\]                                # footnote [^1]
          | \[\d+(?:[,–-]\s?\d+)*\]                       # footnote [1], [1, 2]
          )*)
      (?=\s|$)
    | (?P<cjk>[。！？]+[」』）】〕”’"]*)                   # CJK: no space needed
    """,
    re.VERBOSE,
)

# What follows a candidate: opening punctuation, then the first word.
_NEXT = re.compile(
    r"""\s*(?P<open>(?:[("“„‘'«‹\[{*_~¿¡]|<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>)*)(?P<word>[^\W_]*)"""
)

# A lone list marker or bare punctuation is not a sentence: "1.", "a.)", "• 9.", "...".
_MARKER_ONLY = re.compile(
    r"[\s•‣⁃◦▪●*+–-]*(?:\(?(?:\d{1,3}|[A-Za-z]|[ivxlc]+|[IVXLC]+)[.)]*)?[\s.…!?]*$"
)
# "U.S", "a.m", "e.g", "Ph.D": letter groups joined by periods.
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")
_LEADING_OPENERS = "\"“„‘'«‹([{*_~¿¡"
_WORD_JOINERS = frozenset("-–—/")

# Classes of the next word.
_END, _LOWER, _UPPER, _DIGIT, _OTHER, _CONT = range(6)


def _next_kind(text: str, pos: int) -> tuple[int, str]:
    """Classify what starts after ``pos``: its kind and its first word."""
    m = _NEXT.match(text, pos)
    assert m is not None  # every part of _NEXT can match empty
    word = m.group("word")
    if word:
        first = word[0]
        if first.isdigit():
            return _DIGIT, word
        if first.isupper():
            return _UPPER, word
        if first.islower():
            # "eBay", "iPhone": brand names that open sentences in lower case.
            if len(word) > 1 and word[1].isupper():
                return _UPPER, word
            return _LOWER, word
        return _OTHER, word  # letters without case (CJK, ...)
    after = m.end()
    if after >= len(text):
        return (_END if not m.group("open") else _OTHER), ""
    ch = text[after]
    # A dash or another ellipsis continues the sentence rather than opening one.
    if ch in ".…-–—,;:":
        return _CONT, ""
    return _OTHER, ""


def _previous_word(text: str, start: int, term_start: int) -> str:
    """The token right before the terminator, without opening punctuation or a compound's head.

    "Korea-U.S." is looked up as "U.S.", "(Mr." as "Mr.".
    """
    i = term_start
    while i > start and not text[i - 1].isspace() and text[i - 1] not in _WORD_JOINERS:
        i -= 1
    return text[i:term_start].lstrip(_LEADING_OPENERS)


def _is_starter(word: str, rules: LanguageRules) -> bool:
    # One-letter words ("A", "I") are too often initials, and all-caps words
    # ("IT", "US") acronyms, to count as openers.
    return len(word) > 1 and not word.isupper() and word.lower() in rules.starters


def _period_ends_sentence(
    prev: str, kind: int, word: str, prefix: str, rules: LanguageRules
) -> bool:
    """Decide a single period after the word ``prev``, before a non-lowercase word."""
    key = prev.lower()
    if not key:
        return True
    if key in rules.time_suffixes:
        if kind == _DIGIT:
            return True
        if word.lower() in rules.time_continuations or (word.isupper() and 1 < len(word) <= 4):
            return False  # "at 9 a.m. Tuesday", "at 9 a.m. EDT"
        if rules.intro_time is not None and rules.intro_time.match(prefix):
            return False
        return True
    if key in rules.non_final:
        return False
    if key in rules.numeric and kind == _DIGIT:
        return False
    if key in rules.final_before_capital:
        if key in rules.months and rules.intro_month is not None and rules.intro_month.match(prefix):
            return False  # "In Jan. Biden signed ..."
        return True
    if rules.ordinal_dot and len(key) <= 2 and key.isdigit():
        return False
    is_initial = len(prev) == 1 and prev.isalpha()
    if key in rules.abbreviations or is_initial or _DOTTED.match(prev):
        if kind == _DIGIT and (is_initial or key in rules.abbreviations):
            return False  # "p. 55", "approx. 5"
        return kind == _UPPER and _is_starter(word, rules)
    return True


def _ellipsis_ends_sentence(dots: int, kind: int, word: str, rules: LanguageRules) -> bool:
    """An ellipsis ends a sentence before a capital; ". . . ." (ellipsis + period) also before a digit."""
    if kind == _UPPER:
        if dots == 3 and rules.pronoun_i and word == "I":
            return False  # "the thing is . . . I didn't mean it"
        return True
    return dots > 3 and kind in (_DIGIT, _OTHER)


# --------------------------------------------------------------------------- #
# Lists written inline: "1) The first item 2) The second item"
# --------------------------------------------------------------------------- #

_BULLET_CHARS = frozenset("•‣⁃◦▪●")
_BULLET_CUT = re.compile(r"(?<=\s)[•‣⁃◦▪●]")
_FIRST_MARKER = re.compile(r"[•‣⁃◦▪●]?\s*(?P<value>\d{1,2}|[a-z])(?P<delim>\.\)|\)|\.)\s")
_LIST_MARKER = re.compile(
    r"(?<=\s)(?:[•‣⁃◦▪●]\s*)?(?P<value>\d{1,2}|[a-z])(?P<delim>\.\)|\)|\.)(?=\s)"
)


def _successor(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)


def _list_cuts(text: str) -> list[int]:
    """Positions where an inline list item starts (never the first one).

    Only bullets, or a numbered sequence that starts the text and counts up
    (1, 2, 3 or a, b, c) with the same delimiter, are taken: a stray "2." in
    prose is not a list.
    """
    cuts: list[int] = []
    if not _BULLET_CHARS.isdisjoint(text):
        cuts.extend(m.start() for m in _BULLET_CUT.finditer(text))
    first = _FIRST_MARKER.match(text)
    if first is not None:
        expected, delim = _successor(first.group("value")), first.group("delim")
        for m in _LIST_MARKER.finditer(text, first.end()):
            if m.group("value") == expected and m.group("delim") == delim:
                cuts.append(m.start())
                expected = _successor(expected)
        cuts.sort()
    return cuts


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in text, in order.
    Spans never overlap, never include leading/trailing whitespace, and together with the
    whitespace between them cover the whole text: text is reconstructed exactly from
    text[:s0] + text[s0:e0] + text[e0:s1] + ... (the gaps contain only whitespace)."""
    rules = rules_for(language)
    cuts = _boundaries(text, rules)
    return _spans(text, cuts)


def _boundaries(text: str, rules: LanguageRules) -> list[int]:
    """Sorted offsets at which a sentence ends (or, for list items, the next begins)."""
    starts, ends = _protected_ranges(text)
    forced = [c for c in _list_cuts(text) if not _inside(c, starts, ends)]
    cuts: list[int] = []
    sent_start = 0
    fi = 0
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        term_start = m.start()
        # A list item starting before this candidate starts a new sentence.
        while fi < len(forced) and forced[fi] <= term_start:
            if forced[fi] > sent_start:
                cuts.append(forced[fi])
                sent_start = forced[fi]
            fi += 1
        end = m.end()
        if end >= n or _covers(term_start, starts, ends) or _inside(end, starts, ends):
            continue
        if m.group("cjk") is not None:
            cuts.append(end)
            sent_start = end
            continue
        cut = _decide(text, m, sent_start, rules, _ends_at(term_start, ends))
        if cut is not None:
            cuts.append(cut)
            sent_start = cut
    for c in forced[fi:]:
        if c > sent_start:
            cuts.append(c)
            sent_start = c
    return cuts


def _decide(
    text: str, m: re.Match[str], sent_start: int, rules: LanguageRules, after_markup: bool
) -> int | None:
    """Where the sentence ends for this candidate, or None when it goes on."""
    term = m.group("term")
    term_start = m.start()
    end = m.end()
    if _MARKER_ONLY.match(text, sent_start, end):
        return None  # "1.)", "• 9.", ". . ." opening a sentence
    kind, word = _next_kind(text, end)
    if kind == _LOWER:
        return end if _ends_before_lowercase(text, m, sent_start, rules, after_markup) else None
    if kind in (_CONT, _END):
        return None
    if "!" in term or "?" in term or "‽" in term:
        return end
    dots = term.count(".") + 3 * term.count("…")
    if dots >= 3:
        attached = term_start > 0 and not text[term_start - 1].isspace()
        if attached and term[:2] in (". ", ".\u00a0") and dots == 4 and kind == _UPPER:
            # "compounds. . . . The practice": the period ends the sentence, the
            # spaced ellipsis opens the next one.
            return term_start + 1
        return end if _ellipsis_ends_sentence(dots, kind, word, rules) else None
    # After a URL, address or markup the period is never an abbreviation's.
    prev = "" if after_markup else _previous_word(text, sent_start, term_start)
    prefix = text[sent_start : term_start - len(prev)]
    return end if _period_ends_sentence(prev, kind, word, prefix, rules) else None


# An ordinary word: letters, maybe joined by apostrophes ("Jane's", "don't").
_PLAIN_WORD = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)*|[^\W\d_](?:['’][^\W\d_]+)+")
_ENDS_WITH_NUMBER = re.compile(r"\d[\d.,]*\s+$")


def _ends_before_lowercase(
    text: str, m: re.Match[str], sent_start: int, rules: LanguageRules, after_markup: bool
) -> bool:
    """Whether a lone full stop before a lower-case word clearly ends a sentence.

    Only a bare "." (no closing quote or bracket: "'This is great.' she said")
    right after an ordinary word of two letters or more that is no known
    abbreviation (no "Co. at", "U.S. for", "e.g. the"), and not a unit after a
    number ("1.2 pct. in", "3 in. of rain").
    """
    if not rules.lowercase_starts or after_markup or m.group("term") != "." or m.group("close"):
        return False
    prev = _previous_word(text, sent_start, m.start())
    if _PLAIN_WORD.fullmatch(prev) is None:
        return False
    key = prev.lower()
    if key in rules.abbreviations or key in rules.lowercase_abbreviations:
        return False
    before = text[sent_start : m.start() - len(prev)]
    return not (len(prev) <= 4 and _ENDS_WITH_NUMBER.search(before))


def _ends_at(pos: int, ends: list[int]) -> bool:
    """Whether a protected range ends exactly at ``pos``."""
    i = bisect_right(ends, pos) - 1
    return i >= 0 and ends[i] == pos


def _spans(text: str, cuts: list[int]) -> list[Span]:
    """Trimmed, non-empty spans between consecutive cuts."""
    spans: list[Span] = []
    prev = 0
    for cut in (*cuts, len(text)):
        if cut <= prev:
            continue
        piece = text[prev:cut]
        stripped = piece.strip()
        if stripped:
            s = prev + (len(piece) - len(piece.lstrip()))
            spans.append((s, s + len(stripped)))
        prev = cut
    return spans
