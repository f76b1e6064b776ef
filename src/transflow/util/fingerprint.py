"""Digests of the code and libraries that shape an output, so that caches and build
records made by other code are not trusted (even between two releases with the same
version number)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
from pathlib import Path


def code_fingerprint(modules: tuple[str, ...], libraries: tuple[str, ...] = ()) -> str:
    """A hex digest of the source of ``modules`` (dotted names) and the installed versions
    of ``libraries`` (distribution names)."""
    digest = hashlib.sha256()
    for name in modules:
        module = importlib.import_module(name)
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source beside a frozen or zipped module: its name must do
            digest.update(name.encode())
    for library in libraries:
        try:
            digest.update(f"{library} {importlib.metadata.version(library)}".encode())
        except importlib.metadata.PackageNotFoundError:  # run from a source tree
            digest.update(library.encode())
    return digest.hexdigest()
