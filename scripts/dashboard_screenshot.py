#!/usr/bin/env python3
"""Take a screenshot of a project's dashboard (``transflow status --format html``) with headless Chromium.

    python scripts/dashboard_screenshot.py                     # the sample project as it is
    python scripts/dashboard_screenshot.py --demo              # the README's picture: docs/dashboard.png

``--demo`` works on a copy of the project in a temporary folder and leaves the
project untouched: it translates and reviews part of each article (as each
assignment's translator and reviewer would), edits two sentences of one source
and runs ``update``, so that every status, a late article and stale units with
their old → new source show. The date is fixed (SOURCE_DATE_EPOCH) so the picture
does not change from one run to the next. Chromium is Debian's ``chromium``
(``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
try:  # transflow's dependencies are in the project's virtualenv, not in the system Python
    import babel  # noqa: F401
except ImportError:
    sys.exit(f"needs transflow's dependencies: run it with the project's virtualenv, e.g. "
             f".venv/bin/python scripts/{Path(__file__).name} --demo (after .venv/bin/pip install -e .)")

from transflow.formats.po import read_catalog, write_catalog  # noqa: E402
from transflow.model.catalog import Attribution  # noqa: E402
from transflow.ops.status import assignment_for, collect_status  # noqa: E402
from transflow.ops.update import update_project  # noqa: E402
from transflow.render.dashboard import render_html  # noqa: E402
from transflow.util import clock  # noqa: E402
from transflow.workspace.project import Project  # noqa: E402
from transflow.workspace.templates import header_comment  # noqa: E402

DEMO_DATE = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
# Share of units translated and reviewed, by (article, language), for the demo.
DEMO_PROGRESS = {
    ("japan-south-korea-us-bolster-trilateral-response", "tr"): (1.0, 1.0),
    ("japan-south-korea-us-bolster-trilateral-response", "ru"): (0.45, 0.1),
    ("japan-south-korea-us-bolster-trilateral-response", "id"): (0.8, 0.3),
    ("proximity-trilateral-military-partnership", "tr"): (0.6, 0.2),
    ("proximity-trilateral-military-partnership", "ru"): (0.3, 0.0),
    ("proximity-trilateral-military-partnership", "id"): (0.15, 0.0),
    ("trilateral-security-summit-asia-pacific", "tr"): (0.9, 0.5),
    ("trilateral-security-summit-asia-pacific", "ru"): (0.7, 0.35),
    ("trilateral-security-summit-asia-pacific", "id"): (0.5, 0.0),
}
DEMO_EDITS = (  # (article, old text, new text): small edits that make translations stale
    ("trilateral-security-summit-asia-pacific", "at least one U.S. B-52H bomber", "at least two U.S. B-52H bombers"),
    ("trilateral-security-summit-asia-pacific", "This marked the first deployment", "This was the first deployment"),
)


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("error: no Chromium found; install it with 'apt-get install -y chromium'")


def screenshot(html_path: Path, png_path: Path, width: int, height: int) -> None:
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        command = [
            find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
            f"--window-size={width},{height}", f"--screenshot={png_path}", html_path.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not png_path.is_file():
        raise SystemExit(f"error: chromium failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def make_demo(source: Path, folder: Path) -> Project:
    """A copy of ``source`` with work in progress: see the module's docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "workflow.yaml", folder / "workflow.yaml")
    shutil.copytree(source / "articles", folder / "articles")
    project = Project.open(folder)
    update_project(project)
    for (slug, language), (translated, reviewed) in DEMO_PROGRESS.items():
        if slug not in project.article_paths or language not in project.workflow.languages:
            continue
        assignment = assignment_for(project, slug, language)
        path = project.po_path(language, slug)
        catalog = read_catalog(path)
        count = len(catalog.entries)
        for index, entry in enumerate(catalog.entries):
            if index >= round(translated * count):
                break
            day = clock.iso(DEMO_DATE - dt.timedelta(days=12 - index % 10))
            entry = replace(entry, msgstr=f"[{language}] {entry.msgid}",
                            translated=Attribution(assignment.translator or "lena", day))
            if index < round(reviewed * count):
                entry = replace(entry, reviewed=Attribution(assignment.reviewer or "lena", clock.iso(DEMO_DATE)))
            catalog.entries[index] = entry
        write_catalog(catalog, path, header_comment(slug, language))
    for slug, old, new in DEMO_EDITS:
        article = project.article_path(slug)
        text = article.read_text(encoding="utf-8")
        if old in text:
            article.write_text(text.replace(old, new, 1), encoding="utf-8")
    project = Project.open(folder)
    update_project(project)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO, help="project folder (default: the sample, this repo)")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "dashboard.png", help="PNG to write")
    parser.add_argument("--html", type=Path, default=None, help="also keep the dashboard's HTML here")
    parser.add_argument("--demo", action="store_true", help="work in progress on a temporary copy (see above)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.demo:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(DEMO_DATE.timestamp()))
            project = make_demo(args.project, Path(tmp) / "demo")
        else:
            project = Project.open(args.project)
        report = collect_status(project, stale_details=True)
        html_path = args.html or Path(tmp) / "dashboard.html"
        html_path.write_text(render_html(report), encoding="utf-8")
        screenshot(html_path, args.output, args.width, args.height)
    print(f"wrote {args.output} ({args.width}x{args.height}) from {len(report.rows)} rows")


if __name__ == "__main__":
    main()
