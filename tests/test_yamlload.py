"""The bounded YAML loader: nesting, alias expansion and huge integers are refused where they stand."""

from __future__ import annotations

import pytest
import yaml

from transflow.formats.yamlfile import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    BoundedSafeLoader,
    LimitError,
    compose_bounded,
    load_scalar,
)


def _laughs(levels: int, width: int = 9) -> str:
    """The "billion laughs": each level an anchored list of ``width`` aliases of the one before."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text, problem, line",
    [
        ("x: " + "[" * 1000 + "]" * 1000, f"nested more than {MAX_DEPTH} levels deep", 1),
        ("a: 1\nx:\n" + "".join("  " * n + "- \n" for n in range(1, 200)), f"nested more than {MAX_DEPTH}", None),
        (_laughs(9), f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values", None),
        ("n: " + "7" * 5000, "has too many digits", 1),
    ],
)
def test_documents_beyond_a_hand_written_file_are_refused(text: str, problem: str, line: int | None):
    with pytest.raises(LimitError) as caught:
        yaml.load(text, Loader=BoundedSafeLoader)
    assert problem in caught.value.problem
    if line is not None:
        assert caught.value.problem_mark.line + 1 == line


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2),
        _laughs(4),  # 9**4 = 6,561 values: aliases as people use them are fine
        "defaults: &d {lang: tr}\na: {<<: *d, x: 1}\n",
        "n: " + "7" * 4000,
    ],
)
def test_what_people_write_loads_as_with_safe_load(text: str):
    assert yaml.load(text, Loader=BoundedSafeLoader) == yaml.safe_load(text)


def _tree(node: yaml.Node | None) -> object:
    """A node tree as plain values: tag, style, value and marks, for comparing two composers."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        value: object = node.value
    else:
        value = [_tree(child) for child in node.value] if isinstance(node, yaml.SequenceNode) else [
            (_tree(key), _tree(item)) for key, item in node.value
        ]
    style = node.style if isinstance(node, yaml.ScalarNode) else node.flow_style
    return (type(node).__name__, node.tag, style, value, node.start_mark.index, node.end_mark.index)


FRONT_MATTERS = [
    'title: "Çağ ığüş 日本 🙂"\nauthor: Ayşe Öz\ndate: 2026-01-01\n',
    "title: Plain words, no quotes\ntags: [a, b, c]\nsource: https://example.org/a?b=1\n",
    "title: >\n  Folded over\n  two lines\nsummary: |\n  Literal\n  text\n",
    "title: 'single ''quoted'''\nlist:\n  - one\n  - two: 2\n",
    "a: &x [1, 2]\nb: *x\nc: {d: e}\n",
    "title: No\nflag: on\nempty:\nnull_value: null\n",
    "",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_compose_bounded_gives_the_tree_of_the_bounded_loader(text: str):
    assert _tree(compose_bounded(text)) == _tree(yaml.compose(text, Loader=BoundedSafeLoader))


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 100 + "]" * 100,  # small enough for the fast composer, too deep for the limits
        _laughs(6, width=9),  # 9**6 values from a few hundred characters
        "title: [unclosed\n",
        "title: a\n  b: c\n",
        "title: \x07bell\n",
    ],
)
def test_compose_bounded_refuses_what_the_bounded_loader_refuses_in_its_words(text: str):
    with pytest.raises(yaml.YAMLError) as ours:
        compose_bounded(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.compose(text, Loader=BoundedSafeLoader)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("text", ['"quoted \\u00e7"', "'it''s'", "plain text", "2026-01-01", "No", "12", ">\n  folded\n"])
def test_load_scalar_reads_as_safe_load(text: str):
    assert load_scalar(text) == yaml.safe_load(text)
