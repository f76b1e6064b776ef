"""Asking git about the project's files, read-only."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git_output(root: Path, *args: str) -> str | None:
    """What ``git -C root ARGS`` prints; None outside a work tree, without git, or on an error.

    GIT_OPTIONAL_LOCKS=0 keeps ``git status`` from rewriting the index; paths are printed
    as they are (no octal quoting) and messages in English.
    """
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(root), *args],
                                capture_output=True, text=True, env=env, check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
