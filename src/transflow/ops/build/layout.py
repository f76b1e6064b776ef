"""Where outputs go, how pages link to each other, and the refusal to write over
anything that is not build's own."""

from __future__ import annotations

import os
from pathlib import Path

from transflow.errors import ProjectError
from transflow.formats.workflow import LAYOUTS, url_pattern_problem
from transflow.util.fs import atomic_write_text, check_writable
from transflow.workspace.project import Project
from transflow.workspace.published import BUILD_RECORD


def check_url_pattern(pattern: str) -> None:
    """Refuse a URL pattern that names anything but ``{lang}``, ``{tag}`` and ``{slug}``, or not the slug."""
    problem = url_pattern_problem(pattern)
    if problem:
        raise ProjectError(f"publish.url {problem}")


class _OutputLayout:
    """Where outputs go, and the guarantee that nothing is written outside ``root``."""

    def __init__(self, root: Path, fmt: str, project: Project, layout: str = "folders",
                 url: str | None = None) -> None:
        if layout not in LAYOUTS:
            raise ProjectError(f"publish.layout '{layout}' is not one of: {', '.join(LAYOUTS)}")
        if url is not None:
            check_url_pattern(url)
        self.root = root
        self.fmt = fmt
        self.project = project
        self.layout = layout
        self.url = url

    def suffix(self, article_path: Path) -> str:
        if self.fmt == "html":
            return ".html"
        return ".txt" if article_path.suffix == ".txt" else ".md"

    def target(self, language: str, slug: str) -> Path:
        suffix = self.suffix(self.project.article_path(slug))
        if self.layout == "suffix":
            return self.root / f"{slug}.{language}{suffix}"
        return self.root / language / f"{slug}{suffix}"

    def parse_key(self, key: str) -> tuple[str, str] | None:
        """(language, slug) of a build record key (a path under ``root``); None when the
        key is not of this layout (a record from a build with the other layout)."""
        folder, _, name = key.rpartition("/")
        stem = name.rpartition(".")[0]
        if self.layout == "suffix":
            slug, _, language = stem.rpartition(".")
            return (language, slug) if not folder and slug else None
        return (folder, stem) if folder and "/" not in folder else None

    def href(self, language: str, tag: str, slug: str, from_language: str, relative: bool = False) -> str:
        """The link to ``language``'s page of ``slug`` from ``from_language``'s page: the
        site URL when a pattern is set (and not ``relative``), else the output file
        relative to the page."""
        if self.url is not None and not relative:
            return self.url.format(lang=language, tag=tag, slug=slug)
        name = self.target(language, slug).name
        if self.layout == "suffix" or language == from_language:
            return name
        return f"../{language}/{name}"

    def display(self, path: Path) -> str:
        return self.project.display(path)

    def check_writable(self, slugs: list[str], languages: list[str]) -> None:
        """Fail before building when any output could not be written, or would land among the sources."""
        shown = self.display(self.root)
        real = self.root.resolve()
        self.project.refuse_own_files(self.root, shown)
        if self.project.root.resolve().is_relative_to(real):
            raise ProjectError(
                "would put language folders beside the project's own files; choose a folder of their own, "
                "e.g. --output build", shown
            )
        if self.root.exists():
            if not self.root.is_dir():
                raise ProjectError("the output is not a folder; choose another --output", shown)
            if not os.access(self.root, os.W_OK | os.X_OK):
                raise ProjectError(
                    "the output folder is not writable; fix its permissions or choose another --output", shown
                )
        else:
            parent = next(p for p in self.root.parents if p.exists())
            if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
                raise ProjectError(
                    f"cannot create the output folder: {self.display(parent)} is not a writable folder; "
                    "fix its permissions or choose another --output",
                    shown,
                )
            return  # nothing inside it exists yet
        check_writable(self.root / BUILD_RECORD, self.display(self.root / BUILD_RECORD))
        real_root = self.root.resolve()
        for language in languages:
            folder = self.root / language
            if self.layout == "folders":
                if not folder.exists() and not folder.is_symlink():
                    continue
                if not folder.resolve().is_relative_to(real_root):
                    raise ProjectError("links outside the output folder; remove the link", self.display(folder))
                if not folder.is_dir():
                    raise ProjectError("is not a folder; remove it or choose another --output", self.display(folder))
                if not os.access(folder, os.W_OK | os.X_OK):
                    raise ProjectError("the folder is not writable; fix its permissions", self.display(folder))
            for slug in slugs:
                target = self.target(language, slug)
                check_writable(target, self.display(target))

# --- writing ---------------------------------------------------------------------------


def write_output(path: Path, text: str, display: str) -> bool:
    """Write an output atomically unless it already holds ``text``; True when written.

    Without fsync: outputs are derived files, thousands of them, and the build record's
    digests make the next build redo any output a power cut damaged.
    """
    return atomic_write_text(path, text, display, durable=False)
