"""Counting the words of a source text, the way an editor or a translator would.

The rules, kept simple on purpose so that anyone can recount by hand:

- A word is a run of letters, digits and combining marks (Unicode word characters).
  Runs joined by an apostrophe, a hyphen, a full stop or a comma with no space
  around it are one word: ``don't``, ``Korea-U.S.-Japan``, ``U.S.``, ``e.g.``,
  ``1,000.50``, ``example.org``.
- Each Han ideograph, Hiragana and Katakana character counts as one word, as CAT
  tools and agencies count Chinese and Japanese text (there are no spaces to go by).
  Other scripts written without spaces (Thai, Lao, Khmer, Burmese) count by runs.
- Markup a translator does not translate is not counted: Markdown link and image
  destinations ``](https://...)``, autolinks ``<https://...>``, bare URLs, HTML tags
  and footnote markers ``[^1]``. Link text and code spans count like any other text.
- Punctuation, symbols and emoji are not words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Bumped whenever a rule changes, so cached counts made with the old rules are dropped.
WORDCOUNT_VERSION = "1"

_CJK = re.compile(
    "[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f]"
)
# Every repeated part stops at the character that could start another match ("(" in a
# link destination, "[" in a footnote label), so text like "[x](" * 50000 is scanned
# once instead of once per "](": the count stays linear in the text.
_MARKUP = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # ](destination "title"), one level of (parens)
    r"|<(?:https?|mailto|ftp):[^>\s]*>"  # <autolink>
    r"|(?:https?|ftp)://\S+"  # bare URL
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tag
    r"|\[\^[^\[\]\s]+\]"  # footnote marker
)
_JOINERS = "'’‐‑.,-"


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    # Python's \w leaves out combining marks (Devanagari vowel signs, Arabic harakat,
    # decomposed accents), which would split one word into several: add them.
    marks = "".join(
        re.escape(chr(code)) for code in range(0x300, 0x10000) if unicodedata.category(chr(code)).startswith("M")
    )
    char = rf"[\w{marks}]"
    return re.compile(rf"{char}+(?:[{re.escape(_JOINERS)}]{{1,2}}{char}+)*")


@lru_cache(maxsize=65536)
def count_words(text: str) -> int:
    """The number of words in ``text`` by the rules of this module."""
    text = _MARKUP.sub(lambda m: "]" if m.group(0).startswith("]") else " ", text)
    ideographs = len(_CJK.findall(text))
    if ideographs:
        text = _CJK.sub(" ", text)
    return ideographs + len(_word_pattern().findall(text))

