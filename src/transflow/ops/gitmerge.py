"""git and PO files: a merge driver that merges unit by unit, its set-up, and the repair
of a file that git merged line by line (conflict markers).

git merges text by lines: two translators who translated different units of one file
get a clean merge only by luck, and two who translated the same unit get ``<<<<<<<``
markers inside a PO file, which no PO tool can read. The driver
(:func:`merge_po_files`) merges the three versions by unit instead
(:mod:`transflow.workspace.threeway`): its result is always a valid PO file, and a
unit translated differently on both sides is a transflow conflict that ``status``
shows and an editor decides, never a marker.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from transflow.errors import POFileError, ProjectError
from transflow.formats.po import (
    catalog_from_text,
    catalog_to_text,
    conflict_marker_line,
    decode_po_bytes,
    read_catalog,
)
from transflow.model.catalog import Catalog
from transflow.util import clock
from transflow.util.fs import atomic_write_text, read_input
from transflow.workspace.project import Project
from transflow.workspace.templates import header_comment
from transflow.workspace.threeway import UnitConflict, merge_three_way

DRIVER_NAME = "transflow"
GITATTRIBUTES = ".gitattributes"


@dataclass(frozen=True)
class MergeOutcome:
    """What one merged file came to."""

    path: str
    conflicts: tuple[UnitConflict, ...] = ()
    taken_from_theirs: int = 0

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "clean": self.clean, "taken_from_theirs": self.taken_from_theirs,
                "conflicts": [{"unit": c.msgid, "ours": c.ours, "theirs": c.theirs} for c in self.conflicts]}


def merge_po_files(base: Path, ours: Path, theirs: Path, shown: str) -> MergeOutcome:
    """git's merge driver (``%O %A %B %P``): the unit-wise merge of ``ours`` and ``theirs``
    over ``base``, written into ``ours``. An empty ``base`` means no common ancestor.

    Any of the three that cannot be read raises, and ``ours`` is left as it was.
    """
    base_bytes = read_input(base, f"{shown} (common ancestor)", POFileError)
    base_catalog = (catalog_from_text(decode_po_bytes(base_bytes, shown), f"{shown} (common ancestor)")
                    if base_bytes.strip() else None)
    mine = read_catalog(ours, f"{shown} (ours)")
    other = read_catalog(theirs, f"{shown} (theirs)")
    return _write_merge(ours, shown, base_catalog, mine, other)


def _write_merge(target: Path, shown: str, base: Catalog | None, ours: Catalog, theirs: Catalog) -> MergeOutcome:
    text, outcome = _merged(shown, base, ours, theirs)
    atomic_write_text(target, text)
    return outcome


def _merged(shown: str, base: Catalog | None, ours: Catalog, theirs: Catalog) -> tuple[str, MergeOutcome]:
    result = merge_three_way(base, ours, theirs, clock.iso(clock.now()))
    catalog = result.catalog
    text = catalog_to_text(catalog, header_comment(catalog.slug, catalog.language, catalog.header_comment))
    return text, MergeOutcome(shown, tuple(result.conflicts), result.taken_from_theirs)


# --- set-up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GitSetup:
    attributes_line: str
    attributes_written: bool
    driver: str


def setup_git(project: Project) -> GitSetup:
    """Make git merge the project's PO files with the driver: the ``.gitattributes`` line
    (committed, for everyone) and the driver command in this clone's ``.git/config``
    (each clone runs it once: git never takes a command from the repository itself)."""
    top = _git(project.root, "rev-parse", "--show-toplevel").strip()
    locales = os.path.relpath(project.locales_dir, top).replace(os.sep, "/")
    pattern = f"{locales}/**/*.po" if locales != "." else "**/*.po"
    line = f"{pattern} merge={DRIVER_NAME}"
    attributes = Path(top) / GITATTRIBUTES
    try:
        existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"cannot read: {exc}; fix or remove it", GITATTRIBUTES) from None
    written = line not in existing.splitlines()
    if written:
        atomic_write_text(attributes, existing + ("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
    driver = f"{shlex.quote(sys.executable)} -m transflow merge-driver %O %A %B %P"
    _git(project.root, "config", f"merge.{DRIVER_NAME}.name", "transflow: PO files merged unit by unit")
    _git(project.root, "config", f"merge.{DRIVER_NAME}.driver", driver)
    return GitSetup(line, written, driver)


def _git(where: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ProjectError("git is not installed; install git first", str(where)) from None
    if done.returncode != 0:
        problem = (done.stderr.strip().splitlines() or [f"git {args[0]} failed"])[-1]
        raise ProjectError(f"{problem}; run this inside a git repository", str(where))
    return done.stdout


# --- repair ----------------------------------------------------------------------------------

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: .*)?$")


def split_conflict_markers(text: str, shown: str) -> tuple[str | None, str, str]:
    """The base (None without diff3's ``|||||||`` section), ours and theirs of a file that
    holds conflict markers: lines outside the markers belong to all three."""
    sides: dict[str, list[str]] = {"base": [], "ours": [], "theirs": []}
    state = None
    saw_base = False
    for number, line in enumerate(text.split("\n"), start=1):
        marker = _MARKER.match(line)
        kind = marker.group(1)[0] if marker else None
        if kind == "<" and state is None:
            state = "ours"
        elif kind == "|" and state == "ours":
            state, saw_base = "base", True
        elif kind == "=" and state in ("ours", "base"):
            state = "theirs"
        elif kind == ">" and state == "theirs":
            state = None
        elif kind is not None:
            raise POFileError(f"a conflict marker out of order ({line[:7]}); restore the file with "
                              "'git checkout --merge FILE' and merge again", shown, number)
        elif state is None:
            for lines in sides.values():
                lines.append(line)
        else:
            sides[state].append(line)
    if state is not None:
        raise POFileError("a conflict that never ends (no >>>>>>> line); restore the file with "
                          "'git checkout --merge FILE' and merge again", shown)
    base = "\n".join(sides["base"]) if saw_base else None
    return base, "\n".join(sides["ours"]), "\n".join(sides["theirs"])


def repair_conflict_markers(paths: list[tuple[Path, str]]) -> list[MergeOutcome]:
    """Turn PO files merged line by line by git into the unit-wise merge of their sides.

    Every file is read and merged before any is written: one that cannot be repaired
    raises and leaves all of them as they were.
    """
    merged = []
    for path, shown in paths:
        text = decode_po_bytes(read_input(path, shown, POFileError), shown)
        if conflict_marker_line(text) is None:
            raise POFileError("holds no git conflict markers; nothing to repair", shown)
        base_text, ours_text, theirs_text = split_conflict_markers(text, shown)
        base = catalog_from_text(base_text, f"{shown} (common ancestor)") if base_text and base_text.strip() else None
        ours = catalog_from_text(ours_text, f"{shown} (ours)")
        theirs = catalog_from_text(theirs_text, f"{shown} (theirs)")
        merged.append((path, *_merged(shown, base, ours, theirs)))
    for path, text, _outcome in merged:
        atomic_write_text(path, text)
    return [outcome for _path, _text, outcome in merged]
