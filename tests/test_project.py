"""Tests for transflow.workspace.project's article side: finding the project, listing and reading
articles, slugs, and each kind of bad article (one clear line, exit 1, nothing written)."""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path

import pytest
import yaml

from transflow.errors import ArticleError, ProjectError
from transflow.segment.article import BlockKind, segment_article
from transflow.workspace.project import Project, check_slug, segment_file

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SLUGS = sorted(path.stem for path in (REPO_ROOT / "articles").glob("*.md"))


def add_article(project: Project, name: str, content: bytes | str) -> Path:
    path = project.articles_dir / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def fresh(project: Project) -> Project:
    """The project re-opened, so its article list is read again."""
    return Project.open(project.root)


# --- finding the project ------------------------------------------------------------------


def test_sample_project_fixture(sample_project: Project) -> None:
    assert sample_project.root.is_dir() and sample_project.root != REPO_ROOT
    assert sample_project.slugs() == SAMPLE_SLUGS
    assert not sample_project.locales_dir.exists()


def test_find_walks_up_from_a_subfolder(sample_project: Project) -> None:
    found = Project.find(sample_project.articles_dir)
    assert found.root == sample_project.root


def test_find_outside_any_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no workflow.yaml here or in any parent folder; run 'transflow init'"):
        Project.find(tmp_path)


# --- listing articles ----------------------------------------------------------------------


def test_slugs_take_md_markdown_and_txt_only(sample_project: Project) -> None:
    add_article(sample_project, "plain-note.txt", "A plain note.\n")
    add_article(sample_project, "long-form.markdown", "# Long form\n")
    add_article(sample_project, "README.rst", "Not an article\n")
    add_article(sample_project, ".draft.md", "Hidden draft.\n")
    add_article(sample_project, "notes.md~", "Editor backup.\n")
    (sample_project.articles_dir / "images.md").mkdir()
    assert sample_project.slugs() == sorted([*SAMPLE_SLUGS, "plain-note", "long-form"])


def test_selected_slugs_are_checked_and_deduplicated(sample_project: Project) -> None:
    first, second = SAMPLE_SLUGS[:2]
    assert sample_project.slugs([second, first, second]) == [second, first]
    with pytest.raises(ProjectError, match=r"^articles: no article 'missing' \(articles: "):
        sample_project.slugs(["missing"])


@pytest.mark.parametrize("slug", ["../workflow", "a/b", "", "..", ".hidden", "with space", "a..b", "con", "Nul", "com3.x", "ends."])
def test_check_slug_rejects_paths(slug: str) -> None:
    with pytest.raises(ProjectError, match="is not a valid article slug"):
        check_slug(slug)


def test_paths_of_a_slug_stay_inside_the_project(sample_project: Project) -> None:
    slug = SAMPLE_SLUGS[0]
    assert sample_project.template_path(slug) == sample_project.root / "locales" / f"{slug}.pot"
    assert sample_project.po_path("tr", slug) == sample_project.root / "locales" / "tr" / f"{slug}.po"
    with pytest.raises(ProjectError):
        sample_project.po_path("tr", "../../etc/passwd")


# --- reading and segmenting -----------------------------------------------------------------


@pytest.mark.parametrize("slug", SAMPLE_SLUGS)
def test_read_article_gives_the_bytes(sample_project: Project, slug: str) -> None:
    article = sample_project.read_article(slug)
    assert article.raw == (REPO_ROOT / "articles" / f"{slug}.md").read_bytes()
    assert article.display == f"articles/{slug}.md"
    assert article.is_markdown
    segmented = sample_project.segment(article)
    assert segmented.render(lambda unit: None) == article.raw.decode("utf-8")


def test_txt_articles_are_plain_text(sample_project: Project) -> None:
    add_article(sample_project, "note.txt", "# Not a heading. Still text.\n\nSecond block.\n")
    project = fresh(sample_project)
    article = project.read_article("note")
    assert not article.is_markdown
    units = project.segment(article).units
    assert [(u.kind, u.text) for u in units] == [
        (BlockKind.PARAGRAPH, "# Not a heading."),
        (BlockKind.PARAGRAPH, "Still text."),
        (BlockKind.PARAGRAPH, "Second block."),
    ]


def test_byte_order_mark_and_crlf_are_kept(sample_project: Project) -> None:
    raw = "\ufeff# Title\r\n\r\nBody text.\r\n".encode("utf-8")
    add_article(sample_project, "bom", b"")  # no suffix: ignored
    add_article(sample_project, "bom.md", raw)
    project = fresh(sample_project)
    segmented = project.segment(project.read_article("bom"))
    assert [u.text for u in segmented.units] == ["Title", "Body text."]
    assert segmented.render(lambda unit: None).encode("utf-8") == raw


def test_segment_uses_the_workflow_settings(sample_project: Project) -> None:
    workflow = sample_project.root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("segmentation: sentence", "segmentation: paragraph"), encoding="utf-8")
    project = fresh(sample_project)
    slug = SAMPLE_SLUGS[0]
    source = (REPO_ROOT / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    units = project.segment(project.read_article(slug)).units
    assert units == segment_article(source, mode="paragraph").units
    assert len(units) < len(segment_article(source, mode="sentence").units)


def test_source_hash_follows_bytes_and_segmentation(sample_project: Project) -> None:
    slug = SAMPLE_SLUGS[0]
    first = sample_project.source_hash(sample_project.read_article(slug))
    assert first == sample_project.source_hash(sample_project.read_article(slug))
    path = sample_project.article_path(slug)
    path.write_bytes(path.read_bytes() + b"\nOne more sentence.\n")
    assert sample_project.source_hash(sample_project.read_article(slug)) != first
    workflow = sample_project.root / "workflow.yaml"
    path.write_bytes((REPO_ROOT / "articles" / f"{slug}.md").read_bytes())
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("segmentation: sentence", "segmentation: paragraph"), encoding="utf-8")
    project = fresh(sample_project)
    assert project.source_hash(project.read_article(slug)) != first


def test_segment_file_outside_a_project(tmp_path: Path) -> None:
    path = tmp_path / "loose.md"
    path.write_text("One. Two.\n", encoding="utf-8")
    assert [u.text for u in segment_file(path)] == ["One.", "Two."]
    assert [u.text for u in segment_file(path, mode="paragraph")] == ["One. Two."]


# --- bad articles ---------------------------------------------------------------------------

NOT_UTF8 = "Line one.\n\nLine “three”.\n".encode() + b"Caf\xe9 four.\n"
BAD_BYTE = NOT_UTF8.index(b"\xe9")
BAD_LINE = NOT_UTF8[:BAD_BYTE].count(b"\n") + 1
BAD_ARTICLES = {
    "not utf-8": (
        "bad.md", NOT_UTF8,
        f"articles/bad.md:{BAD_LINE}: not UTF-8 (byte offset {BAD_BYTE}); save the article as UTF-8",
    ),
    "a NUL byte": ("zero.md", b"Intro.\n\nA \0 inside.\n", "articles/zero.md:3: holds a NUL byte (byte offset 10)"),
    "utf-16": ("wide.md", "Hello.\n".encode("utf-16"), "articles/wide.md:1: not UTF-8 (byte offset 0)"),
    "empty": ("empty.md", b"", "articles/empty.md: the article has no text to translate"),
    "blank": ("blank.txt", b"\n \n\t\n", "articles/blank.txt: the article has no text to translate"),
    "only code": ("code.md", b"```\nprint('hi')\n```\n", "articles/code.md: the article has no text to translate"),
    "malformed front matter": ("front.md", b"---\ntitle: Fine\nsummary: [open\n---\nBody.\n", "articles/front.md:4: malformed front matter"),
    "front matter nested 1,000 deep": ("deep.md", b"---\ntitle: Fine\nx: " + b"[" * 1000 + b"]" * 1000 + b"\n---\nBody.\n",
                                      "articles/deep.md:3: malformed front matter: nested more than 64 levels deep"),
    "bad slug": ("my post.md", b"Text.\n", "articles/my post.md: file name is not a valid slug"),
    "two dots": ("a..b.md", b"Text.\n", "articles/a..b.md: file name is not a valid slug"),
    "windows device name": ("con.md", b"Text.\n", "articles/con.md: file name is not a valid slug ('con' is a device name on Windows)"),
    "device name with a suffix": ("LPT1.draft.md", b"Text.\n", "articles/LPT1.draft.md: file name is not a valid slug ('LPT1' is a device name on Windows)"),
}


@pytest.mark.parametrize("name, raw, expected", BAD_ARTICLES.values(), ids=BAD_ARTICLES.keys())
def test_bad_article_api_errors(sample_project: Project, name: str, raw: bytes, expected: str) -> None:
    add_article(sample_project, name, raw)
    project = fresh(sample_project)
    # A file that cannot be an article by its name is set aside; the others are read.
    errors = list(project.refused_articles.values())
    for slug in project.slugs():
        try:
            project.segment(project.read_article(slug))
        except ArticleError as exc:
            errors.append(exc)
    assert len(errors) == 1, errors
    message = str(errors[0])
    assert message.startswith(expected), message
    assert "\n" not in message


def test_front_matter_error_line_is_the_yaml_line(sample_project: Project) -> None:
    front = "title: Fine\nsummary: [open\n"
    with pytest.raises(yaml.MarkedYAMLError) as reference:
        yaml.safe_load(front)
    add_article(sample_project, "front.md", f"---\n{front}---\nBody.\n")
    project = fresh(sample_project)
    with pytest.raises(ArticleError) as caught:
        project.segment(project.read_article("front"))
    assert caught.value.line == reference.value.problem_mark.line + 2  # +1 for '---', +1 one-based


UPDATE_CASES = [
    pytest.param(
        *case, check, id=f"{key}-{'update --check' if check else 'update'}",
    )
    for key, case in BAD_ARTICLES.items()
    for check in (False, True)
]


@pytest.mark.parametrize("name, raw, expected, check", UPDATE_CASES)
def test_bad_article_cli_update_writes_nothing(
    sample_project: Project, name: str, raw: bytes, expected: str, check: bool, run_cli, cli_error, snapshot
) -> None:
    root = sample_project.root
    assert run_cli("-C", root, "update").exit_code == 0
    add_article(sample_project, name, raw)
    before = snapshot(root)
    result = run_cli("-C", root, "update", *(["--check"] if check else []))
    assert snapshot(root) == before
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {expected}"), result.stderr
    cli_error(result)


@pytest.mark.parametrize("name, raw, expected", [BAD_ARTICLES["two dots"], BAD_ARTICLES["front matter nested 1,000 deep"]],
                         ids=["two dots", "deep front matter"])
def test_one_bad_article_does_not_stop_the_others(sample_project: Project, name: str, raw: bytes, expected: str,
                                                  run_cli, cli_error) -> None:
    root = sample_project.root
    assert run_cli("-C", root, "update").exit_code == 0
    edited = sample_project.article_path(SAMPLE_SLUGS[0])
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    add_article(sample_project, name, raw)
    result = run_cli("-C", root, "update")
    assert cli_error(result).startswith(f"Error: {expected}")
    assert f"{SAMPLE_SLUGS[0]}: updated" in result.stdout
    assert "A new closing sentence." in (sample_project.locales_dir / f"{SAMPLE_SLUGS[0]}.pot").read_text(encoding="utf-8")


# segment takes any file name: the slug matters only to a project.
SLUG_CASES = ("bad slug", "two dots", "windows device name", "device name with a suffix")
SEGMENT_CASES = {key: case for key, case in BAD_ARTICLES.items() if key not in SLUG_CASES}


@pytest.mark.parametrize("name, raw, expected", SEGMENT_CASES.values(), ids=SEGMENT_CASES.keys())
def test_bad_article_cli_segment(sample_project: Project, name: str, raw: bytes, expected: str, run_cli, cli_error, snapshot) -> None:
    path = add_article(sample_project, name, raw)
    before = snapshot(sample_project.root)
    line = cli_error(run_cli("segment", path))
    # segment names the file as it was given; the rest of the message is the same.
    assert line.startswith(f"Error: {expected.replace('articles/', str(sample_project.articles_dir) + '/', 1)}"), line
    assert snapshot(sample_project.root) == before


@pytest.mark.parametrize("other", ["txt", "markdown"])
def test_duplicate_slugs(sample_project: Project, other: str, run_cli, cli_error, snapshot) -> None:
    root = sample_project.root
    assert run_cli("-C", root, "update").exit_code == 0
    slug = SAMPLE_SLUGS[0]
    add_article(sample_project, f"{slug}.{other}", "The same article, twice.\n")
    before = snapshot(root)
    with pytest.raises(ArticleError) as caught:
        fresh(sample_project).slugs()
    first, second = sorted([f"{slug}.md", f"{slug}.{other}"])
    assert str(caught.value) == (
        f"articles/{second}: duplicate slug '{slug}': articles/{first} is the same article; remove or rename one"
    )
    for args in (["update"], ["update", "--check"], ["update", SAMPLE_SLUGS[-1]]):
        assert cli_error(run_cli("-C", root, *args)) == f"Error: {caught.value}"
    assert snapshot(root) == before


def test_missing_article_and_missing_folder(sample_project: Project, run_cli, cli_error, snapshot) -> None:
    root = sample_project.root
    before = snapshot(root)
    line = cli_error(run_cli("-C", root, "update", "no-such-article"))
    assert line.startswith("Error: articles: no article 'no-such-article' (articles: ")
    shutil.rmtree(sample_project.articles_dir)
    before = snapshot(root)
    line = cli_error(run_cli("-C", root, "update"))
    assert line == "Error: articles: articles folder not found; create it or fix 'articles' in workflow.yaml"
    assert snapshot(root) == before


def test_unreadable_article(sample_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, who can read a file without permissions.
    path = sample_project.article_path(SAMPLE_SLUGS[0])
    real_open = builtins.open

    def open_(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    with pytest.raises(ArticleError) as caught:
        sample_project.read_article(SAMPLE_SLUGS[0])
    assert str(caught.value) == f"articles/{SAMPLE_SLUGS[0]}.md: cannot read: Permission denied"


# --- outputs and links that would reach the project's own files ----------------------------------

SLUG = SAMPLE_SLUGS[0]
OWN_FILES = {
    "workflow.yaml": "is the project's workflow.yaml",
    f"locales/tr/{SLUG}.po": "is inside the project's locales folder",
    f"locales/{SLUG}.pot": "is inside the project's locales folder",
    f"articles/{SLUG}.md": "is inside the project's articles folder",
    ".transflow/report.txt": "is inside the project's .transflow folder",
    "glossary.yaml": "is the project's glossary.yaml",
}
REPORTS = {"status": ["status"], "report activity": ["report", "activity", "--since", "2026-01-01"]}


@pytest.fixture
def updated(sample_project: Project, run_cli) -> Project:
    assert run_cli("-C", sample_project.root, "update").exit_code == 0
    (sample_project.root / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    return sample_project


@pytest.mark.parametrize("target, reason", OWN_FILES.items(), ids=OWN_FILES.keys())
@pytest.mark.parametrize("command", REPORTS.values(), ids=REPORTS.keys())
def test_a_report_never_replaces_a_project_file(updated: Project, run_cli, cli_error, snapshot, command, target, reason):
    root = updated.root
    before = snapshot(root)
    line = cli_error(run_cli("-C", root, *command, "--output", root / target))
    assert line == f"Error: {root / target}: {reason}; choose another --output"
    assert snapshot(root) == before


def test_a_report_through_a_link_into_locales_is_refused(updated: Project, tmp_path: Path, run_cli, cli_error, snapshot):
    link = tmp_path / "report.txt"
    link.symlink_to(updated.po_path("tr", SLUG))
    before = snapshot(updated.root)
    line = cli_error(run_cli("-C", updated.root, "status", "--output", link))
    assert line == f"Error: {link}: is inside the project's locales folder; choose another --output"
    assert snapshot(updated.root) == before


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "--force"])
def test_pull_into_locales_is_refused_and_keeps_the_obsolete_entries(updated: Project, run_cli, cli_error, snapshot, force):
    root = updated.root
    before = snapshot(root)
    line = cli_error(run_cli("-C", root, "pull", "--lang", "tr", "--article", SLUG, "--output", root / "locales", *force))
    assert line == f"Error: {root / 'locales' / 'tr' / SLUG}.po: is inside the project's locales folder; choose another --output"
    assert snapshot(root) == before


def test_publish_output_outside_the_project_needs_the_command_line(updated: Project, tmp_path: Path, run_cli, cli_error, snapshot):
    root = updated.root
    outside = tmp_path.parent / f"{tmp_path.name}-site"
    workflow = root / "workflow.yaml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("  output: build\n", f"  output: {outside}\n"),
                        encoding="utf-8")
    before = snapshot(root)
    line = cli_error(run_cli("-C", root, "build"))
    assert line == (f"Error: workflow.yaml: publish.output: '{outside}' is outside the project; choose a folder "
                    "inside it, or give that folder on the command line with --output")
    assert snapshot(root) == before and not outside.exists()
    given = run_cli("-C", root, "build", "--output", outside)
    assert given.exit_code == 0 and given.stdout.rstrip().endswith(f"output in {outside}"), given.output


def test_an_article_linked_from_outside_the_project_is_refused(updated: Project, tmp_path: Path, run_cli, cli_error, snapshot):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.md"
    secret.write_text("The password is swordfish.\n", encoding="utf-8")
    (updated.articles_dir / "leak.md").symlink_to(secret)
    before = snapshot(updated.root)
    line = cli_error(run_cli("-C", updated.root, "update"))
    assert line == ("Error: articles/leak.md: links to a file outside the project; copy the article into "
                    "articles/ instead of linking it")
    assert snapshot(updated.root) == before
    assert "swordfish" not in "".join(p.read_text(encoding="utf-8") for p in updated.locales_dir.rglob("*.po*"))


def test_an_article_linked_inside_the_project_is_an_article(updated: Project, run_cli):
    (updated.root / "drafts").mkdir()
    (updated.root / "drafts" / "note.md").write_text("A draft kept elsewhere in the project.\n", encoding="utf-8")
    (updated.articles_dir / "note.md").symlink_to(updated.root / "drafts" / "note.md")
    assert run_cli("-C", updated.root, "update").exit_code == 0
    assert updated.template_path("note").exists()
