"""The one exception family of transflow.

Every error a user can cause is a :class:`TransflowError`; the CLI prints it as
``Error: <message>`` on stderr and exits 1. Messages lead with the location
(``file:line:``) when there is one, then say what is wrong and what to do.
"""

from __future__ import annotations

from pathlib import Path


class TransflowError(Exception):
    """Base class: a problem the user can fix. ``str()`` is the one-line message."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.format())

    def format(self) -> str:
        if self.path is None:
            return self.message
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ConfigError(TransflowError):
    """workflow.yaml is missing, malformed or invalid."""


class ArticleError(TransflowError):
    """A source article cannot be read or segmented."""


class POFileError(TransflowError):
    """A PO or POT file is corrupt or does not belong where it is."""


class ExchangeFileError(POFileError):
    """An XLIFF or TMX file (from a CAT tool or another memory) cannot be read."""


class ProjectError(TransflowError):
    """The project layout is wrong: unknown slug, path outside the project, read-only file."""


class SubmitError(TransflowError):
    """A submission cannot be applied."""


class LockError(TransflowError):
    """Another transflow process holds the project lock for too long."""
