"""The commit each source was last changed in, for the translation state."""

from __future__ import annotations

from pathlib import Path

from transflow.util.git import git_output
from transflow.workspace.project import Project

# --- git ---------------------------------------------------------------------------------


def _git_source_commits(project: Project, paths: list[Path]) -> dict[str, str]:
    """slug -> the last commit that changed its source, for sources committed as they are.

    Empty outside a git work tree or without git. A source with uncommitted changes gets
    no commit (the commit would not be what was built). Two git calls for all articles.
    """
    if not paths:
        return {}
    top = git_output(project.root, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    top_dir = Path(top.strip())
    folder = str(project.articles_dir)
    status = git_output(project.root, "status", "--porcelain", "-z", "--untracked-files=all", "--", folder)
    log = git_output(project.root, "log", "--no-renames", "--format=%x01%H", "--name-only", "--", folder)
    if status is None or log is None:
        return {}
    dirty = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    last: dict[str, str] = {}
    commit = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit = line[1:]
        elif line and line not in last:
            last[line] = commit
    found = {}
    for path in paths:
        try:
            relative = path.resolve().relative_to(top_dir.resolve()).as_posix()
        except ValueError:
            continue
        if relative in last and relative not in dirty:
            found[path.stem] = last[relative]
    return found

