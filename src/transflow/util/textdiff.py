"""Word-level differences of two texts, for people reading what changed in a unit."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words, runs of spaces and single punctuation marks: a changed comma is one change.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class WordDiff:
    op: str  # equal | delete | insert
    text: str


def word_diff(old: str, new: str) -> tuple[WordDiff, ...]:
    """``old`` → ``new`` as pieces; concatenating equal and insert pieces gives ``new``,
    equal and delete pieces give ``old``."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[WordDiff] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(WordDiff("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(WordDiff("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(WordDiff("insert", "".join(b[j1:j2])))
    return tuple(out)
