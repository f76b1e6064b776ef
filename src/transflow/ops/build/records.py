"""What each output was built from, so that an unchanged output is not assembled again."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from transflow import __version__
from transflow.ops.build.layout import _OutputLayout, write_output
from transflow.ops.build.values import _Plan
from transflow.util.fingerprint import code_fingerprint
from transflow.workspace.published import BUILD_RECORD, RECORD_FORMAT, read_build_records

# --- what each output was built from -----------------------------------------------------

@lru_cache(maxsize=1)
def _tool_digest() -> str:
    """Changes whenever the code or a library that shapes an output changes."""
    modules = (
        *(f"transflow.ops.build.{part}" for part in ("assemble", "builder", "frontmatter", "policy", "values")),
        *(f"transflow.{name}" for name in ("render.page", "formats.markdown", "formats.yamlfile", "formats.po",
                                           "segment.article", "segment.sentences", "model.catalog",
                                           "util.languages", "util.wordcount")),
    )
    # Distribution names: "markdown_it" or "yaml" would never be found, and a new
    # markdown-it-py would not rebuild the pages it renders differently.
    libraries = ("Babel", "markdown-it-py", "mdit-py-plugins", "nh3", "PyYAML", "polib")
    return code_fingerprint(modules, libraries) + f"-{RECORD_FORMAT}-{__version__}"


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:40]


class _BuildRecords:
    """The build record file: read once, written once at the end if anything changed."""

    def __init__(self, layout: _OutputLayout, records: dict[str, dict[str, Any]]) -> None:
        self.path = layout.root / BUILD_RECORD
        self.shown = layout.display(self.path)
        self.records = records
        self.changed = False
        self.changes: list[tuple[str, dict[str, Any] | None]] = []  # what a worker hands back

    @classmethod
    def load(cls, layout: _OutputLayout) -> _BuildRecords:
        return cls(layout, read_build_records(layout.root))

    def get(self, key: str) -> dict[str, Any] | None:
        record = self.records.get(key)
        return record if isinstance(record, dict) else None

    def put(self, key: str, record: dict[str, Any] | None) -> None:
        self.changes.append((key, record))
        if record is None:
            self.changed |= self.records.pop(key, None) is not None
        elif self.records.get(key) != record:
            self.records[key] = record
            self.changed = True

    def save(self) -> None:
        if not self.changed or not self.path.parent.is_dir():
            return
        text = json.dumps(
            {"format": RECORD_FORMAT, "outputs": self.records}, ensure_ascii=False, indent=1, sort_keys=True
        )
        write_output(self.path, text + "\n", self.shown)

def _plan_record(plan: _Plan) -> dict[str, Any]:
    return {
        "decision": plan.key,
        "status": plan.status,
        "percent": plan.percent,
        "reason": plan.reason,
        "missing": plan.missing,
    }


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
