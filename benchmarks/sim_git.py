#!/usr/bin/env python3
"""A newsroom on git, simulated with real git: does any translation get lost?

Usage::

    python benchmarks/sim_git.py                          # 8 translators, 50 rounds
    python benchmarks/sim_git.py --translators 3 --rounds 10 --json

One bare repository; one editor clone and N translator clones of it, each set up with
``transflow git-setup`` (the unit-wise merge driver). In each round every clone, in a
random order, does its work on what it has, commits, and pushes; a refused push is
followed by ``git pull`` (merge or rebase, at random) and another push:

- the editor edits one article (a sentence reworded, one inserted, one deleted, a
  paragraph moved) and runs ``transflow update``;
- a translator translates a few untranslated units of random files directly in
  locales/, as a PO editor or Weblate does (polib, its default wrapping). Clones that
  are behind may pick the same unit: a real edit on two sides.

A merge that stops on a unit conflict is finished the way people do (``git add``, then
commit or ``rebase --continue``). At the end the editor pulls and checks:

- every text any clone committed is in locales/ (a live, stale or obsolete unit's
  text, or a conflict comment);
- no file holds conflict markers; every file passes ``msgfmt --check``;
- the conflict comments number exactly the texts committed for a unit beyond its
  first (translators only take untranslated units, so a second text for one unit is
  always a concurrent edit).

It prints those counts and the merge driver's time on a 100-unit file (a separate
process each run, Python start included). Exit 1 if a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from transflow.formats.po import conflicting_versions, read_catalog
from transflow.ops.update import update_project
from transflow.workspace.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the benchmarks folder is not a package)

LANGUAGES = ("tr", "ru")
ENV = {**os.environ, "GIT_AUTHOR_NAME": "sim", "GIT_AUTHOR_EMAIL": "sim@example.org",
       "GIT_COMMITTER_NAME": "sim", "GIT_COMMITTER_EMAIL": "sim@example.org", "GIT_EDITOR": "true"}


def git(where: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, env=ENV)
    if check and done.returncode != 0:
        raise RuntimeError(f"{where.name}: git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


@dataclass
class Figures:
    clones: int
    rounds: int
    commits: int = 0
    pulls: int = 0
    pulls_stopped_on_conflict: int = 0
    texts_committed: int = 0
    texts_missing: int = 0
    units_edited_on_two_sides: int = 0
    conflict_comments: int = 0
    files_with_markers: int = 0
    files_failing_msgfmt: int = 0
    driver_seconds_100_units: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (self.texts_missing == 0 and self.files_with_markers == 0 and self.files_failing_msgfmt == 0
                and self.conflict_comments == self.units_edited_on_two_sides)


class Newsroom:
    def __init__(self, workdir: Path, translators: int, articles: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.origin = workdir / "origin.git"
        self.figures = Figures(translators + 1, 0)
        #: (file relative to the project, msgid) -> every text committed for the unit
        self.committed: dict[tuple[str, str], list[str]] = {}
        git(workdir, "init", "-q", "--bare", "-b", "main", str(self.origin))
        editor = workdir / "editor"
        corpus.write_project(editor, articles, LANGUAGES, seed=seed)
        update_project(Project.open(editor))
        git(editor, "init", "-q", "-b", "main")
        self._set_up(editor)
        git(editor, "add", "-A")
        git(editor, "commit", "-q", "-m", "start")
        git(editor, "remote", "add", "origin", str(self.origin))
        git(editor, "push", "-q", "origin", "main")
        self.clones = [editor]
        for n in range(translators):
            clone = workdir / f"translator-{n + 1}"
            git(workdir, "clone", "-q", str(self.origin), str(clone))
            self._set_up(clone)
            self.clones.append(clone)

    def _set_up(self, clone: Path) -> None:
        subprocess.run([sys.executable, "-m", "transflow", "-C", str(clone), "git-setup"], check=True,
                       capture_output=True)
        if git(clone, "status", "--porcelain", ".gitattributes").stdout.strip():
            git(clone, "add", ".gitattributes")

    def round(self, number: int) -> None:
        for clone in self.rng.sample(self.clones, len(self.clones)):
            # Work on what the clone has (others may have pushed since), then sync.
            changed = self.edit(clone) if clone is self.clones[0] else self.translate(clone, number)
            if changed:
                git(clone, "commit", "-q", "-am", f"round {number}")
                self.figures.commits += 1
            self.push(clone)

    def pull(self, clone: Path) -> None:
        rebase = self.rng.random() < 0.5
        self.figures.pulls += 1
        done = git(clone, "pull", "-q", "--rebase" if rebase else "--no-rebase", "--no-edit", "origin", "main",
                   check=False)
        if done.returncode == 0:
            return
        self.figures.pulls_stopped_on_conflict += 1
        for _ in range(100):  # finish as people do: the files are valid PO, conflicts kept inside
            git(clone, "add", "-A")
            if (clone / ".git" / "rebase-merge").exists() or (clone / ".git" / "rebase-apply").exists():
                step = git(clone, "rebase", "--continue", check=False)
                if step.returncode == 0:
                    return
                if "No changes" in step.stdout + step.stderr:  # the commit's change is already upstream
                    if git(clone, "rebase", "--skip", check=False).returncode == 0:
                        return
            elif (clone / ".git" / "MERGE_HEAD").exists():
                git(clone, "commit", "-q", "--no-edit")
                return
            else:
                raise RuntimeError(f"{clone.name}: git pull failed:\n{done.stdout}{done.stderr}")
        raise RuntimeError(f"{clone.name}: the rebase never finished")

    def push(self, clone: Path) -> None:
        for _ in range(50):
            if git(clone, "push", "-q", "origin", "HEAD:main", check=False).returncode == 0:
                return
            self.pull(clone)
        raise RuntimeError(f"{clone.name}: push refused 50 times")

    def edit(self, editor: Path) -> bool:
        path = self.rng.choice(sorted((editor / "articles").glob("*.md")))
        path.write_text(corpus.edit_article_text(path.read_text(encoding="utf-8"), self.rng), encoding="utf-8")
        update_project(Project.open(editor))
        return True

    def translate(self, clone: Path, number: int) -> bool:
        files = sorted((clone / "locales").glob("*/*.po"))
        done = 0
        for path in self.rng.sample(files, min(3, len(files))):
            po = polib.pofile(str(path))  # as a PO editor saves it: polib's default wrapping
            open_units = [e for e in po if not e.msgstr and not e.obsolete]
            chosen = self.rng.sample(open_units, min(2, len(open_units)))
            for entry in chosen:
                text = f"{clone.name} r{number} #{done}: {entry.msgid[:30]}"
                entry.msgstr = text
                self.committed.setdefault((str(path.relative_to(clone)), entry.msgid), []).append(text)
                done += 1
            if chosen:  # saving rewraps: a file left alone stays as it is
                po.save()
        self.figures.texts_committed += done
        return done > 0

    def check(self) -> None:
        editor = self.clones[0]
        self.pull(editor)
        found: dict[str, set[str]] = {}
        conflicts = 0
        for path in sorted((editor / "locales").glob("*/*.po")):
            name = str(path.relative_to(editor))
            text = path.read_text(encoding="utf-8")
            if "<<<<<<<" in text:
                self.figures.files_with_markers += 1
                continue
            if shutil.which("msgfmt") and subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                                                         capture_output=True).returncode != 0:
                self.figures.files_failing_msgfmt += 1
            catalog = read_catalog(path, name)
            texts = found.setdefault(name, set())
            for entry in [*catalog.entries, *catalog.obsolete]:
                texts.add(entry.msgstr)
                versions = conflicting_versions(entry)
                conflicts += len(versions)
                texts.update(version for _who, version in versions)
        self.figures.conflict_comments = conflicts
        self.figures.units_edited_on_two_sides = sum(len(texts) - 1 for texts in self.committed.values())
        self.figures.texts_missing = sum(
            1 for (name, _msgid), texts in self.committed.items() for text in texts if text not in found.get(name, ())
        )


def driver_time(workdir: Path, runs: int) -> list[float]:
    """The merge driver on a 100-unit file, each side translating 20 units, one in common."""
    folder = workdir / "driver"
    folder.mkdir()
    base = polib.POFile(wrapwidth=0)
    base.metadata = {"Language": "tr", "Content-Type": "text/plain; charset=UTF-8"}
    for i in range(100):
        base.append(polib.POEntry(msgid=f"Sentence {i} of a long article about the budget.", msgstr=""))
    base.save(str(folder / "base.po"))
    for side, units in (("ours", range(0, 20)), ("theirs", range(19, 39))):
        for i in units:
            base[i].msgstr = f"{side} {i}"
        base.save(str(folder / f"{side}.po"))
        for i in units:
            base[i].msgstr = ""
    seconds = []
    for _ in range(runs):
        shutil.copy(folder / "ours.po", folder / "merged.po")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "transflow", "merge-driver", str(folder / "base.po"),
                        str(folder / "merged.po"), str(folder / "theirs.po"), "x.po"], capture_output=True)
        seconds.append(time.perf_counter() - start)
    return seconds


def simulate(workdir: Path, translators: int, rounds: int, articles: int = 4, seed: int = 1,
             driver_runs: int = 5) -> Figures:
    start = time.perf_counter()
    room = Newsroom(workdir, translators, articles, seed)
    for number in range(1, rounds + 1):
        room.round(number)
    room.check()
    room.figures.rounds = rounds
    room.figures.seconds = time.perf_counter() - start
    room.figures.driver_seconds_100_units = driver_time(workdir, driver_runs) if driver_runs else []
    return room.figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--translators", type=int, default=8, help="translator clones (default 8)")
    parser.add_argument("--rounds", type=int, default=50, help="rounds (default 50)")
    parser.add_argument("--articles", type=int, default=4, help="articles in the project (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the repositories here (default: a folder under /tmp)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="transflow-sim-git-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        figures = simulate(workdir, args.translators, args.rounds, args.articles, args.seed)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps({**asdict(figures), "ok": figures.ok}, indent=2))
        return 0 if figures.ok else 1
    driver = figures.driver_seconds_100_units
    print(f"{figures.clones} clones x {figures.rounds} rounds in {figures.seconds:.0f} s: "
          f"{figures.commits} commits, {figures.pulls} pulls ({figures.pulls_stopped_on_conflict} stopped on a "
          "unit conflict and finished with git add)")
    print(f"texts committed {figures.texts_committed}, missing from main {figures.texts_missing}")
    print(f"units edited on two sides {figures.units_edited_on_two_sides}, "
          f"conflict comments in main {figures.conflict_comments}")
    print(f"files with conflict markers {figures.files_with_markers}, failing msgfmt --check "
          f"{figures.files_failing_msgfmt}")
    if driver:
        print(f"merge driver, 100-unit file, Python start included: median {statistics.median(driver):.2f} s "
              f"(min {min(driver):.2f}, max {max(driver):.2f}, {len(driver)} runs; goal < 0.3 s)")
    print("ok" if figures.ok else "FAILED")
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(main())
