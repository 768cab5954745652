"""What the last build rendered from what: lets ``publish`` skip unchanged files.

A page's key hashes everything its HTML depends on: the file's bytes, the tool version, the
neighbours shown in its header (prev/next), and which referenced local files exist. Pages whose
key is unchanged and whose output is still on disk are not rendered again; their copied files and
build warnings are replayed from the manifest so the report stays complete.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes_ci import safe_fs

NAME = ".minutes-ci-manifest.json"
FORMAT = 1


@dataclass
class Entry:
    key: str
    output: str  # site-relative page path
    copies: list[str] = field(default_factory=list)  # repo-relative files the page uses
    missing: list[list[Any]] = field(default_factory=list)  # [line, url, reason]
    anchors: list[int] = field(default_factory=list)  # lines that have an id="L<n>" in the page
    fallbacks: int = 0


@dataclass
class Manifest:
    version: str
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, version: str) -> Manifest:
        """The previous build's manifest, or an empty one (other tool version: rebuild all).

        The manifest decides what the clean-up deletes, and anyone can plant one (a committed
        ``_site/``) or edit it between runs: an entry is kept only when every path in it is a
        clean path inside the output folder (safe_fs.clean_relpath), and a manifest holding
        one bad entry is not ours at all, so it is ignored whole: nothing is deleted on its word."""
        try:
            data = json.loads(safe_fs.read_in_root(out, NAME, 64 * 1024 * 1024).decode("utf-8"))
        except (OSError, ValueError):
            return cls(version)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != version:
            return cls(version)
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, dict):
            return cls(version)
        entries = {}
        for path, raw in raw_entries.items():
            entry = _entry(path, raw)
            if entry is None:
                return cls(version)
            entries[path] = entry
        return cls(version, entries)

    def save(self, out: Path) -> None:
        data = {"format": FORMAT, "version": self.version,
                "entries": {p: vars(e) for p, e in sorted(self.entries.items())}}
        safe_fs.write_in(out, NAME, json.dumps(data, indent=0, sort_keys=True).encode("utf-8"))


def _entry(path: object, raw: object) -> Entry | None:
    """One manifest entry, or None when it is malformed or names a path outside the output."""
    if not isinstance(path, str) or not isinstance(raw, dict):
        return None
    try:
        entry = Entry(**raw)
    except TypeError:
        return None
    copies = entry.copies if isinstance(entry.copies, list) else None
    if not isinstance(entry.key, str) or not isinstance(entry.output, str) or copies is None:
        return None
    names = [entry.output, *copies]
    if not all(isinstance(n, str) and safe_fs.clean_relpath(n) == n for n in names):
        return None
    if not isinstance(entry.missing, list) or not all(
            isinstance(m, list) and len(m) == 3 and isinstance(m[0], int) for m in entry.missing):
        return None
    if not isinstance(entry.anchors, list) or not all(isinstance(a, int) for a in entry.anchors):
        return None
    return entry if isinstance(entry.fallbacks, int) else None


def page_key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()
