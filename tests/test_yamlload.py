"""The bounded YAML loader: nesting, alias expansion and huge integers are refused where they stand."""

from __future__ import annotations

import pytest
import yaml

from transflow.formats.yamlfile import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    BoundedSafeLoader,
    LimitError,
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
