"""The HTML dashboard: self-contained, escaped, right figures, checked in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from test_status import EPOCH, build_project
from transflow.cli import cli
from transflow.model.progress import Counts, StatusReport
from transflow.ops.status import collect_status
from transflow.render.dashboard import BAR_SCALE, SEGMENTS, bar, render_html
from transflow.workspace.project import Project

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium; CI's .ci/run installs it)"
)
EVIL_NAME = "<script>window.pwned = 'name'</script>Eve & Co"
EVIL_PREVIOUS = "Old <script>window.pwned = 'unit'</script> text of the unit."
EVIL_MSGSTR = "<img src=x onerror=\"window.pwned = 'img'\"> çeviri"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Every status, a person whose name is markup, a stale unit whose texts are markup."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = build_project(tmp_path / "proj")
    text = (project.root / "workflow.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Olga Smirnova,", f"name: {json.dumps(EVIL_NAME)},")
    (project.root / "workflow.yaml").write_text(text, encoding="utf-8")
    path = project.po_path("ru", "trilateral-security-summit-asia-pacific")
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete)
    entry.msgstr, entry.previous_msgid, entry.flags = EVIL_MSGSTR, EVIL_PREVIOUS, ["fuzzy"]
    po.save()
    return Project.open(project.root)


def report_of(project: Project) -> StatusReport:
    return collect_status(project, stale_details=True)


# --- the page as text ------------------------------------------------------------------------------


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Elements:
    found = Elements()
    found.feed(page)
    return found


def test_the_page_is_self_contained(project: Project):
    page = render_html(report_of(project))
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    for _, attrs in tags:
        for name, value in attrs.items():
            assert not (name in ("src", "href") or name.startswith("on")), (name, value)
    assert not re.search(r"(?:https?:)?//|@import|url\(", page.split("<body>")[0])


def test_every_string_from_the_files_stays_text(project: Project):
    page = render_html(report_of(project))
    found = parse(page)
    assert [t for t, _ in found.tags if t in ("script", "img")] == []
    text = "".join(found.text)
    for evil in (EVIL_NAME, EVIL_MSGSTR):
        assert evil in text
    assert "'unit'" in text  # the old source, shown as text in the diff
    assert html.escape(EVIL_NAME) in page and EVIL_NAME not in page


def test_the_cells_carry_the_report_figures(project: Project):
    report = report_of(project)
    cells = {(a["data-article"], a["data-language"]): a for t, a in parse(render_html(report)).tags
             if t == "td" and "data-article" in a}
    assert len(cells) == len(report.rows)
    for row in report.rows:
        cell = cells[row.article, row.language]
        for key in ("reviewed", "translated", "stale", "untranslated", "total"):
            assert int(cell[f"data-words-{key}"]) == row.words.as_dict()[key]
        assert float(cell["data-percent-translated"]) == row.percent_translated
        assert cell["data-overdue"] == str(row.overdue).lower()


def test_stale_units_show_old_and_new_source_as_a_diff(project: Project):
    report = report_of(project)
    page = render_html(report)
    stale_rows = [row for row in report.rows if row.units.stale and row.note is None]
    assert stale_rows and all(len(row.stale_units) == row.units.stale for row in stale_rows)
    blocks = re.findall(r'<details class="stale".*?</details>', page, re.S)
    assert len(blocks) == len(stale_rows)
    for row, block in zip(stale_rows, blocks):
        assert f'data-article="{row.article}" data-language="{row.language}"' in block
        assert block.count("<li>") == len(row.stale_units)
        for unit in row.stale_units:
            diffs = re.findall(r'<div class="diff" lang="en">(.*?)</div>', block)
            old = [html.unescape(re.sub(r"<ins>.*?</ins>|<[^>]+>", "", d)) for d in diffs]
            new = [html.unescape(re.sub(r"<del>.*?</del>|<[^>]+>", "", d)) for d in diffs]
            assert unit.previous in old and unit.msgid in new


@pytest.mark.parametrize("counts", [Counts(1, 1, 1, 1), Counts(0, 0, 0, 7), Counts(3, 0, 997, 0),
                                    Counts(1, 2, 3, 10000), Counts()])
def test_bar_segments_fill_the_bar_in_proportion(counts: Counts):
    rects = re.findall(r'<rect class="seg-(\w+)" x="(\d+)" y="0" width="(\d+)"', bar(counts, "x"))
    if not counts.total:
        assert rects == []
        return
    assert [k for k, _, _ in rects] == [k for k, _, _ in SEGMENTS if getattr(counts, k)]
    end = 0
    for key, x, width in rects:
        assert int(x) == end
        end += int(width)
        assert abs(int(width) / BAR_SCALE - getattr(counts, key) / counts.total) <= 1 / BAR_SCALE
    assert end == BAR_SCALE


def test_the_cli_writes_the_dashboard(project: Project, tmp_path: Path):
    target = tmp_path / "dashboard.html"
    result = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--format", "html", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render_html(report_of(project))


def test_errors_are_shown_on_the_page(project: Project):
    path = project.po_path("id", "proximity-trilateral-military-partnership")
    path.write_text(path.read_text(encoding="utf-8").replace("msgstr", "msgstr <oops>", 1), encoding="utf-8")
    report = report_of(project)
    assert report.errors
    text = "".join(parse(render_html(report)).text)
    assert "Errors" in text and report.errors[0] in text


# --- in a real browser ------------------------------------------------------------------------------

PROBE = """<script>
(function () {
  var out = {pwned: typeof window.pwned !== "undefined", scripts: document.scripts.length, cells: []};
  document.querySelectorAll("td.cell[data-article]").forEach(function (td) {
    var svg = td.querySelector("svg.bar"), box = svg.getBoundingClientRect(), segments = {};
    svg.querySelectorAll("rect").forEach(function (r) {
      segments[r.getAttribute("class").slice(4)] = r.getBoundingClientRect().width / box.width;
    });
    out.cells.push({article: td.dataset.article, language: td.dataset.language, text: td.innerText,
                    width: box.width, height: box.height, segments: segments});
  });
  out.text = document.body.innerText;
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@needs_chromium
def test_the_page_renders_the_right_figures_in_chromium(project: Project, tmp_path: Path):
    report = report_of(project)
    page = render_html(report)
    # The probe is the page's only script: it reads what the browser laid out.
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    done = chromium("--window-size=1280,2000", "--dump-dom", probed.as_uri(), profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stdout[-2000:]
    seen = json.loads(html.unescape(found.group(1)))

    assert seen["pwned"] is False and seen["scripts"] == 1
    assert EVIL_NAME in seen["text"] and EVIL_MSGSTR in seen["text"]
    for heading in ("Articles × languages", "Languages", "Workload", "Overdue", "Stale units"):
        assert heading in seen["text"]
    cells = {(c["article"], c["language"]): c for c in seen["cells"]}
    assert len(cells) == len(report.rows)
    for row in report.rows:
        cell = cells[row.article, row.language]
        assert cell["width"] > 50 and cell["height"] > 0  # the bar is drawn
        assert f"{row.percent_translated:.1f}%" in cell["text"]
        assert f"rev {row.percent_reviewed:.1f}%" in cell["text"] and f"{row.words.total} w" in cell["text"]
        assert bool(re.search(r"\d+ d late", cell["text"])) is row.overdue
        for key, _, _ in SEGMENTS:
            share = getattr(row.words, key) / row.words.total
            assert cell["segments"].get(key, 0.0) == pytest.approx(share, abs=0.01), (row.article, key)
    for row in report.overdue():
        assert re.search(rf"{re.escape(row.article)}\s+{row.language}\s", seen["text"])


def png_pixels(path: Path) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the set of colours of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw, stride, previous, colours = zlib.decompress(idat), width * channels, bytearray(width * channels), set()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        colours.update(tuple(line[i:i + 3]) for i in range(0, stride, channels * 4))
        previous = line
    return width, height, colours


@needs_chromium
def test_the_screenshot_script_draws_the_dashboard(tmp_path: Path):
    target = tmp_path / "dashboard.png"
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "dashboard_screenshot.py"), "--demo", "--output", str(target),
         "--width", "900", "--height", "700", "--html", str(tmp_path / "dashboard.html")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": ""},
    )
    assert done.returncode == 0, done.stderr
    width, height, colours = png_pixels(target)
    assert (width, height) == (900, 700)
    for _key, colour, _name in SEGMENTS:  # every status is drawn
        assert tuple(bytes.fromhex(colour[1:])) in colours, colour
    page = (tmp_path / "dashboard.html").read_text(encoding="utf-8")
    assert "2026-12-06" in page and "<del>" in page  # the demo's fixed date and its stale units


def test_the_demo_leaves_the_project_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import dashboard_screenshot
    finally:
        sys.path.remove(str(REPO / "scripts"))
    source = tmp_path / "sample"
    source.mkdir()
    shutil.copy(REPO / "workflow.yaml", source / "workflow.yaml")
    shutil.copytree(REPO / "articles", source / "articles")
    before = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dashboard_screenshot.DEMO_DATE.timestamp())))
    demo = dashboard_screenshot.make_demo(source, tmp_path / "demo")
    assert {p: p.read_bytes() for p in source.rglob("*") if p.is_file()} == before
    report = collect_status(demo)
    assert report.today == dt.date(2026, 12, 6)
    for state in ("untranslated", "stale", "translated", "reviewed"):
        assert sum(getattr(row.units, state) for row in report.rows) > 0
    assert report.overdue()



def test_conflicts_waiting_for_an_editor_are_shown(sample_project):
    import polib

    from transflow.ops.update import update_project

    update_project(sample_project)
    path = sample_project.po_path("tr", "trilateral-security-summit-asia-pacific")
    po = polib.pofile(str(path))
    po[3].msgstr = "kabul edilen"
    po[3].tcomment = "transflow-conflict: ayse 2026-11-25T10:00:00Z <b>the other</b> text"
    po.save()
    page = render_html(collect_status(sample_project, languages=("tr",)))
    assert page.count('data-conflicts="1"') == 1 and "1 conflict(s) to decide" in page
    assert "<b>the other</b>" not in page  # the conflicting text is not shown raw
