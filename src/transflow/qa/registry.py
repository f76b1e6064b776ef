"""The registry of quality checks: each declares once, where it is defined, its name, its
severity (and its severity under ``glossary: strict``), whether it keeps the page safe,
who may switch it off for one unit, what it protects, an example and (its docstring)
its help: ``@check("urls", Severity.ERROR, safety=True, protects=..., example=...)``.
``submit``, ``check``, ``check --list``, ``dismiss``, the dashboard and ``--skip-check``
all read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from transflow.qa.inline import _Pair

#: A check: the messages of what is wrong with one translation, none when it passes.
CheckFunction = Callable[[_Pair], list[str]]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Dismisser(str, Enum):
    """Who may switch a check off for one unit (``transflow dismiss``, ``#, ignore-<check>``)."""

    #: The unit's translator, its reviewer or an editor.
    ASSIGNED = "assigned"
    #: The unit's reviewer or an editor: a translator may not overrule the house on their own work.
    REVIEWER = "reviewer"
    #: An editor only (the checks that keep the page safe).
    EDITOR = "editor"

    def __str__(self) -> str:
        return self.value

    @property
    def described(self) -> str:
        """Who, in words: "its reviewer or an editor"."""
        return {"assigned": "its translator, reviewer or an editor", "reviewer": "its reviewer or an editor",
                "editor": "an editor only"}[self.value]


@dataclass(frozen=True)
class QAIssue:
    check: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    #: Keeps the translation's URLs, links, code spans or HTML as the source has them.
    #: Skipping it lets a translator's markup onto published pages (a raw ``<img
    #: onerror>``, a changed link target), so only an editor may, with ``--force``.
    safety: bool
    run: CheckFunction
    #: What a failure would break for readers, for ``check --list`` and the README.
    protects: str
    #: A source and a translation this check reports, as "source → translation".
    example: str
    #: Its severity with ``glossary: strict`` in workflow.yaml; None: the same as always.
    strict_severity: Severity | None = None
    #: Who may switch it off for one unit.
    dismissed_by: Dismisser = Dismisser.ASSIGNED

    def severity_for(self, strict: bool) -> Severity:
        """The severity of its issues, with or without ``glossary: strict``."""
        return self.strict_severity if strict and self.strict_severity is not None else self.severity

    @property
    def help(self) -> str:
        """What the check wants: the first paragraph of its function's docstring."""
        doc = (self.run.__doc__ or "").strip()
        return " ".join(doc.split("\n\n", 1)[0].split())


#: Every check, in the order its issues are reported (the order the families define them).
REGISTRY: dict[str, Check] = {}


def check(
    name: str, severity: Severity, *, protects: str, example: str, safety: bool = False,
    strict_severity: Severity | None = None, dismissed_by: Dismisser | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check ``name``; its docstring is the help.

    ``dismissed_by`` defaults to editors for a page-safety check, else to whoever is assigned.
    """
    who = dismissed_by or (Dismisser.EDITOR if safety else Dismisser.ASSIGNED)
    if safety and who is not Dismisser.EDITOR:
        raise ValueError(f"QA check {name!r} keeps the page safe: only an editor may switch it off")

    def register(function: CheckFunction) -> CheckFunction:
        if name in REGISTRY:
            raise ValueError(f"QA check {name!r} is defined twice")
        if not (function.__doc__ or "").strip():
            raise ValueError(f"QA check {name!r} has no docstring to show as its help")
        REGISTRY[name] = Check(name, severity, safety, function, protects, example, strict_severity, who)
        return function

    return register
