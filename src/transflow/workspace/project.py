"""A transflow project on disk: workflow.yaml, articles/, locales/."""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from transflow.errors import ArticleError, ProjectError, TransflowError
from transflow.formats.glossary import GLOSSARY_FILE, load_glossary
from transflow.formats.workflow import (
    WORKFLOW_FILE,
    Workflow,
    load_workflow,
    slug_problem,
)
from transflow.model.glossary import Glossary
from transflow.qa.terms import TermIndex
from transflow.segment.article import (
    FRONT_MATTER_KEYS,
    SEGMENTER_VERSION,
    FrontMatterError,
    SegmentedArticle,
    Unit,
    segment_article,
)
from transflow.util.fs import JOURNAL_FILE, read_input

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
STATE_DIR = ".transflow"


@dataclass(frozen=True)
class SourceArticle:
    slug: str
    path: Path
    display: str
    raw: bytes

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix != ".txt"

    def text(self) -> str:
        try:
            text = self.raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = self.raw[: exc.start].count(b"\n") + 1
            raise ArticleError(
                f"not UTF-8 (byte offset {exc.start}); save the article as UTF-8", self.display, line
            ) from None
        nul = text.find("\0")
        if nul >= 0:
            # gettext's strings end at a NUL: the rest of the unit would be lost in every PO tool.
            offset = len(text[:nul].encode("utf-8"))
            raise ArticleError(f"holds a NUL byte (byte offset {offset}): the file is binary or damaged; "
                               "save the article as plain UTF-8 text", self.display, text.count("\n", 0, nul) + 1)
        return text


class Project:
    """Paths and settings of one project; every path it hands out stays inside ``root``."""

    def __init__(self, root: Path, workflow: Workflow) -> None:
        self.root = root
        self.workflow = workflow

    @classmethod
    def open(cls, root: Path | str = ".") -> Project:
        root = Path(root).resolve()
        return cls(root, load_workflow(root / WORKFLOW_FILE))

    def reopens_the_same(self) -> bool:
        """Whether opening the project again from its folder gives this project's settings:
        worker processes open it again, so they are used only then (a caller may have
        changed the workflow in memory)."""
        try:
            return Project.open(self.root).workflow == self.workflow
        except TransflowError:
            return False

    @classmethod
    def find(cls, start: Path | str = ".") -> Project:
        """The project whose workflow.yaml is in ``start`` or the nearest folder above it."""
        start = Path(start).resolve()
        for folder in (start, *start.parents):
            if os.path.lexists(folder / WORKFLOW_FILE):  # then a FIFO or folder there is named
                return cls.open(folder)
        raise ProjectError(
            f"no {WORKFLOW_FILE} here or in any parent folder; run 'transflow init' to create a project",
            start,
        )

    # --- paths ----------------------------------------------------------------------

    @property
    def articles_dir(self) -> Path:
        return self.root / self.workflow.articles

    @property
    def locales_dir(self) -> Path:
        return self.root / self.workflow.locales

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def template_path(self, slug: str) -> Path:
        return self.locales_dir / f"{check_slug(slug)}.pot"

    @property
    def glossary_path(self) -> Path:
        return self.root / GLOSSARY_FILE

    @cached_property
    def glossary(self) -> Glossary:
        """``glossary.yaml``, validated (empty when there is none)."""
        return load_glossary(self.glossary_path, GLOSSARY_FILE)

    @cached_property
    def term_index(self) -> TermIndex:
        """The glossary ready to find its terms in source units."""
        return TermIndex(self.glossary, self.workflow.source_language)

    @property
    def state_dir(self) -> Path:
        """``.transflow/``: the lock and caches, derived and never committed."""
        return self.root / STATE_DIR

    @property
    def journal_path(self) -> Path:
        """Where a multi-file write records its renames (see :class:`StagedWrites`)."""
        return self.state_dir / JOURNAL_FILE

    def refuse_own_files(self, path: Path, shown: str | None = None) -> None:
        """Refuse an output that would replace the project's inputs or state: workflow.yaml,
        glossary.yaml, or anything in articles/, locales/ or .transflow/ (links resolved)."""
        shown = shown or self.display(path)
        real = path.resolve()
        for name in (WORKFLOW_FILE, GLOSSARY_FILE):
            if real == (self.root / name).resolve():
                raise ProjectError(f"is the project's {name}; choose another --output", shown)
        for folder, name in ((self.articles_dir, "articles"), (self.locales_dir, "locales"), (self.state_dir, STATE_DIR)):
            if real.is_relative_to(folder.resolve()):
                raise ProjectError(f"is inside the project's {name} folder; choose another --output", shown)

    def po_path(self, language: str, slug: str) -> Path:
        return self.locales_dir / language / f"{check_slug(slug)}.po"

    # --- articles -------------------------------------------------------------------

    @property
    def article_paths(self) -> dict[str, Path]:
        """Every source article by slug; two files with one slug are an error."""
        return self._article_scan[0]

    @property
    def refused_articles(self) -> dict[str, ArticleError]:
        """Files in the articles folder that cannot be articles, by slug, with why: the
        rest of the project goes on without them (``update`` reports each as failed)."""
        return self._article_scan[1]

    @cached_property
    def _article_scan(self) -> tuple[dict[str, Path], dict[str, ArticleError]]:
        found: dict[str, Path] = {}
        refused: dict[str, ArticleError] = {}
        if not self.articles_dir.is_dir():
            raise ProjectError("articles folder not found; create it or fix 'articles' in workflow.yaml",
                               self.display(self.articles_dir))
        # os.scandir: its entries know their type without a stat each (10,000 articles).
        with os.scandir(self.articles_dir) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            stem, suffix = os.path.splitext(entry.name)
            if suffix not in ARTICLE_SUFFIXES or entry.name.startswith(".") or entry.is_dir():
                continue
            path, slug = self.articles_dir / entry.name, stem
            problem = slug_problem(slug)
            if problem:
                refused[slug] = ArticleError(f"file name is not a valid slug ({problem}); rename it", self.display(path))
            elif entry.is_symlink() and not path.resolve().is_relative_to(self.root.resolve()):
                # A link to /etc/passwd would be copied into locales/ and published.
                refused[slug] = ArticleError("links to a file outside the project; copy the article into "
                                             f"{self.display(self.articles_dir)}/ instead of linking it", self.display(path))
            elif not entry.is_file():
                refused[slug] = ArticleError("is not a regular file (a FIFO, device or broken link); "
                                             "replace it with the article's text", self.display(path))
            elif slug in found:
                raise ArticleError(
                    f"duplicate slug '{slug}': {self.display(found[slug])} is the same article; remove or rename one",
                    self.display(path),
                )
            else:
                found[slug] = path
        return found, refused

    def slugs(self, selected: tuple[str, ...] | list[str] = ()) -> list[str]:
        """All slugs, or the selected ones after checking each exists."""
        if not selected:
            return list(self.article_paths)
        for slug in selected:
            self.article_path(slug)
        return list(dict.fromkeys(selected))

    def article_path(self, slug: str) -> Path:
        check_slug(slug)
        path = self.article_paths.get(slug)
        if path is None:
            raise ProjectError(f"no article '{slug}'{did_you_mean(slug, self.article_paths)} "
                               f"(articles: {_listing(list(self.article_paths))})", self.display(self.articles_dir))
        return path

    def read_article(self, slug: str) -> SourceArticle:
        path = self.article_path(slug)
        return SourceArticle(slug, path, self.display(path), read_input(path, self.display(path), ArticleError))

    def source_hash(self, article: SourceArticle) -> str:
        """Identifies the template a source gives: its bytes and how they are segmented."""
        digest = hashlib.sha256(article.raw)
        workflow = self.workflow
        digest.update(f"\x00{workflow.segmentation}\x00{SEGMENTER_VERSION}".encode())
        if workflow.translate_number_cells or workflow.translate_shortcodes:  # the default keeps older hashes
            digest.update(f"\x00{workflow.translate_number_cells}\x00{workflow.translate_shortcodes}".encode())
        keys = sorted(set(workflow.translate_front_matter))  # their order gives the same units
        if keys != sorted(FRONT_MATTER_KEYS):  # the default keeps older hashes too
            digest.update(("\x00front matter\x00" + "\x00".join(keys)).encode())
        return digest.hexdigest()[:32]

    def segment(self, article: SourceArticle) -> SegmentedArticle:
        workflow = self.workflow
        return segment_source(article, workflow.source_language, workflow.segmentation,
                              workflow.translate_number_cells, workflow.translate_shortcodes,
                              workflow.translate_front_matter)

    def require_language(self, language: str) -> str:
        """The project's code for ``language``, however it is spelled: BCP 47 or POSIX,
        any case (``pt-BR``, ``pt_br`` and ``pt_BR`` are one language; ``zh-Hant`` is
        ``zh_Hant``). Anything else is refused, naming the project's languages."""
        if language in self.workflow.languages:
            return language
        wanted = _spelling(language)
        for code in self.workflow.languages:
            if _spelling(code) == wanted:
                return code
        known = ", ".join(self.workflow.languages)
        raise ProjectError(
            f"language '{language}' is not in the project (languages: {known}); add it to workflow.yaml",
            WORKFLOW_FILE,
        )


def _spelling(code: str) -> str:
    return code.strip().replace("-", "_").casefold()


def check_slug(slug: str) -> str:
    """A slug names a file inside the project on every platform: no separators, no '..',
    no Windows device name."""
    problem = slug_problem(slug)
    if problem:
        raise ProjectError(f"'{slug}' is not a valid article slug ({problem})")
    return slug


def segment_source(article: SourceArticle, language: str, mode: str, number_cells: bool = False,
                   shortcodes: bool = False, front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS) -> SegmentedArticle:
    """Segment a source article; an article without translatable text is an error.

    ``number_cells`` and ``shortcodes`` make number-only table cells and Hugo shortcodes
    units too (workflow.yaml ``translate_number_cells``, ``translate_shortcodes``);
    ``front_matter_keys`` are the front-matter keys whose values are units
    (``translate_front_matter``).
    """
    try:
        segmented = segment_article(article.text(), markdown=article.is_markdown, language=language, mode=mode,
                                    skip_number_cells=not number_cells, skip_shortcodes=not shortcodes,
                                    front_matter_keys=front_matter_keys)
    except FrontMatterError as exc:
        raise ArticleError(f"{exc}; fix the YAML between the '---' lines", article.display, exc.line) from None
    if not segmented.units:
        raise ArticleError("the article has no text to translate; write it or remove the file", article.display)
    return segmented


def segment_file(path: Path, project_dir: Path | None = None, mode: str | None = None) -> tuple[Unit, ...]:
    """The units of any article file, with the settings of the project it is in, if any."""
    language, default_mode, number_cells, shortcodes = "en", "sentence", False, False
    front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS
    try:
        project = Project.open(project_dir) if project_dir else Project.find(path.resolve().parent)
        workflow = project.workflow
        language, default_mode = workflow.source_language, workflow.segmentation
        number_cells, shortcodes = workflow.translate_number_cells, workflow.translate_shortcodes
        front_matter_keys = workflow.translate_front_matter
    except ProjectError:
        pass  # not inside a project: English, sentences
    if path.suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(f"not an article (expected {', '.join(ARTICLE_SUFFIXES)})", path)
    article = SourceArticle(path.stem, path, str(path), read_input(path, str(path), ArticleError))
    return segment_source(article, language, mode or default_mode, number_cells, shortcodes, front_matter_keys).units


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'ayse'?)`` for a near miss, else nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _listing(names: list[str], most: int = 12) -> str:
    if not names:
        return "none"
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"
