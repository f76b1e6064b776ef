"""Property: nothing a translator wrote is ever dropped by ``update``.

Random edits (insert, delete, move, reword, split, merge, whitespace, hard line breaks,
lower-case starts) are applied to an article over several rounds; after each update
every msgstr ever written is still in the PO file, as a live, stale or obsolete entry.
The article may put a paragraph inside a Hugo shortcode pair and end with a table of
number-only cells, which are skeleton, not units (issue 15), or put its first paragraphs
in HTML: a figure's caption beside an image's alt text, and an aside (issue 15 too).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from tempfile import mkdtemp

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from transflow.ops.update import update_project
from transflow.workspace.project import Project

WORDS = (
    "alliance security summit minister defense regional exercise nuclear missile cooperation "
    "framework peninsula strategy partner dialogue border agreement treaty navy coast island "
    "council report growth market energy budget election court climate trade"
).split()


def _sentence(words: list[str], lower: bool, hard_break: int) -> str:
    text = " ".join(words)
    if hard_break:  # a hard line break inside the sentence: two spaces or a backslash
        at = text.find(" ", len(text) // 2)
        if at > 0:
            text = text[:at] + ("  \n" if hard_break == 1 else "\\\n") + text[at + 1 :]
    return (text if lower else text.capitalize()) + "."


# Sentences in lower case ("... in other languages. transflow splits ...") are split too.
sentence = st.builds(
    _sentence,
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=12),
    st.integers(0, 4).map(lambda n: n == 0),
    st.integers(0, 5).map(lambda n: n if n < 3 else 0),
)
paragraph = st.lists(sentence, min_size=1, max_size=4)
article = st.lists(paragraph, min_size=1, max_size=5)

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 99), sentence),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("reword"), st.integers(0, 99), st.sampled_from(WORDS)),
    st.tuples(st.just("split"), st.integers(0, 99)),
    st.tuples(st.just("merge"), st.integers(0, 99)),
    st.tuples(st.just("whitespace"), st.integers(0, 99)),
    st.tuples(st.just("hard break"), st.integers(0, 99)),
    st.tuples(st.just("lower"), st.integers(0, 99)),
)
layout = st.sampled_from(["plain", "shortcode", "table", "html"])


def apply(paragraphs: list[list[str]], change: tuple) -> list[list[str]]:
    flat = [(p, s) for p, para in enumerate(paragraphs) for s in range(len(para))]
    if not flat:
        return [["Fresh start sentence here."]]
    kind, index = change[0], change[1] % len(flat)
    p, s = flat[index]
    paras = [list(para) for para in paragraphs]
    if kind == "insert":
        paras[p].insert(s, change[2])
    elif kind == "delete":
        del paras[p][s]
    elif kind == "move":
        moved = paras[p].pop(s)
        target = change[2] % len(paras)
        paras[target].insert(0, moved)
    elif kind == "reword":
        words = paras[p][s].rstrip(".").split()
        words[len(words) // 2] = change[2]
        paras[p][s] = " ".join(words) + "."
    elif kind == "split":
        words = paras[p][s].rstrip(".").split()
        if len(words) >= 4:
            half = len(words) // 2
            paras[p][s : s + 1] = [" ".join(words[:half]) + ".", " ".join(words[half:]).capitalize() + "."]
    elif kind == "merge":
        if s + 1 < len(paras[p]):
            paras[p][s : s + 2] = [paras[p][s].rstrip(".") + " and " + paras[p][s + 1][0].lower() + paras[p][s + 1][1:]]
    elif kind == "whitespace":
        paras[p][s] = paras[p][s].replace(" ", "  ", 1)
    elif kind == "hard break":
        paras[p][s] = paras[p][s].replace(" ", "  \n", 1)
    elif kind == "lower":
        paras[p][s] = paras[p][s][0].lower() + paras[p][s][1:]
    return [para for para in paras if para]


def write_article(root: Path, paragraphs: list[list[str]], shape: str = "plain") -> None:
    # Every other paragraph is wrapped over two lines: rewrapping must not matter.
    blocks = []
    for i, para in enumerate(paragraphs):
        blocks.append(("\n" if i % 2 else " ").join(para))
    if shape == "shortcode":
        if blocks:  # every paragraph may have been deleted: the tweet alone stays
            blocks[0] = "{{% notice info %}}\n" + blocks[0] + "\n{{% /notice %}}"
        blocks.insert(len(blocks) // 2, '{{< tweet user="x" id="1" >}}')
    elif shape == "html":
        if blocks:
            blocks[0] = ('<figure>\n  <img src="summit.jpg" alt="Leaders at the summit">\n  <figcaption>'
                         + blocks[0] + "</figcaption>\n</figure>")
        if len(blocks) > 1:
            blocks[1] = "<aside>\n" + blocks[1] + "\n</aside>"
    elif shape == "table":
        blocks.append("| Council | Budget |\n|---|--:|\n| North | 6,500 |\n| South | 54% |\n| Total | $1.2bn |")
    (root / "articles" / "story.md").write_text("# Story\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")


def all_msgstrs(path: Path) -> set[str]:
    po = polib.pofile(str(path))
    return {e.msgstr for e in po if e.msgstr} | {e.msgstr for e in po.obsolete_entries() if e.msgstr}


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article, st.lists(st.lists(edit, min_size=1, max_size=4), min_size=1, max_size=3), layout)
def test_update_never_drops_a_translation(paragraphs, rounds, shape):
    root = Path(mkdtemp())
    try:
        (root / "articles").mkdir()
        (root / "workflow.yaml").write_text("languages: [tr]\n", encoding="utf-8")
        write_article(root, paragraphs, shape)
        project = Project.open(root)
        assert update_project(project).ok
        po_path = project.po_path("tr", "story")
        written: set[str] = set()
        counter = 0
        for changes in rounds:
            po = polib.pofile(str(po_path))
            for entry in po:
                if not entry.msgstr:  # the translator fills in what is missing
                    counter += 1
                    entry.msgstr = f"çeviri {counter}"
                    written.add(entry.msgstr)
            po.save()
            for change in changes:
                paragraphs = apply(paragraphs, change)
            write_article(root, paragraphs, shape)
            assert update_project(Project.open(root)).ok
            missing = written - all_msgstrs(po_path)
            assert not missing, f"lost translations: {missing}"
    finally:
        shutil.rmtree(root)
