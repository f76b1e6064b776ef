"""The one YAML loader for files people write: workflow.yaml, assignments, front matter.

PyYAML's SafeLoader builds no Python objects, but it still recurses once per nesting
level (a thousand ``[`` end in RecursionError), an alias may stand for a whole subtree,
so a few lines can describe a billion nodes for whoever walks them, and an integer of
5,000 digits is a bare ValueError. All three are refused where they stand.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

#: Deeper than any settings file or front matter needs; far below Python's recursion limit.
MAX_DEPTH = 64
#: Nodes in the document once every alias is expanded.
MAX_EXPANDED_NODES = 200_000


class LimitError(yaml.constructor.ConstructorError):
    """A document beyond what a hand-written file can be; the problem says which limit."""


class BoundedSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with a nesting limit and a limit on alias expansion."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}  # composed node -> its size with aliases expanded

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise LimitError(None, None, f"nested more than {MAX_DEPTH} levels deep; flatten it",
                                 self.peek_event().start_mark)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None and id(node) not in self._sizes:
            self._sizes[id(node)] = size = 1 + sum(self._sizes.get(id(child), 1) for child in _children(node))
            if size > MAX_EXPANDED_NODES:
                raise LimitError(None, None, f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values; "
                                 "write the values out instead", node.start_mark)
        return node

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python refuses to convert integers of more than 4,300 digits
            raise LimitError(None, None, f"the number '{node.value[:20]}…' has too many digits; "
                             "write a shorter one", node.start_mark) from None


BoundedSafeLoader.add_constructor("tag:yaml.org,2002:int", BoundedSafeLoader.construct_yaml_int)


# PyYAML's own reader refuses these characters (libyaml lets some through).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Text up to this size may be composed by libyaml, whose recursion (in C, unchecked) is
#: bounded by the size: a few hundred levels at most, far below what a C stack holds.
LIBYAML_MAX_CHARS = 4096
_LIBYAML: type | None = getattr(yaml, "CSafeLoader", None)


def compose_bounded(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, within :class:`BoundedSafeLoader`'s limits.

    Small text is composed by libyaml where PyYAML has it (front matter is read for every
    article: the pure-Python composer was a tenth of an update), and checked against the
    same limits afterwards. Anything else, and every error, comes from BoundedSafeLoader,
    so messages and marks are the same either way.
    """
    if _LIBYAML is not None and len(text) <= LIBYAML_MAX_CHARS and not _NOT_PRINTABLE.search(text):
        try:
            root = yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            root = None
        else:
            if _within_limits(root):
                return root
    return yaml.compose(text, Loader=BoundedSafeLoader)


def _within_limits(root: yaml.Node | None) -> bool:
    """Depth and expanded size as BoundedSafeLoader counts them; plain scalars' style made
    None, as the pure-Python composer gives it (libyaml gives '')."""
    if root is None:
        return True
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > MAX_EXPANDED_NODES:
                return False
            continue
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode) and node.style == "":
            node.style = None
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in sizes)
    return True


def load_scalar(text: str) -> Any:
    """The value of one small YAML document (a scalar's own text), as ``yaml.safe_load`` reads it."""
    if _LIBYAML is not None and len(text) <= LIBYAML_MAX_CHARS and not _NOT_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass  # the same error, in PyYAML's own words
    return yaml.safe_load(text)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


# JSON's string syntax is YAML's double-quoted scalar, except for what YAML may not hold
# raw: C1 controls and DEL, line and paragraph separators, the BOM, lone surrogates and
# noncharacters. Those are written as \u escapes, which both read the same way.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def yaml_double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that PyYAML (and any YAML 1.1/1.2 reader) reads back unchanged."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))
