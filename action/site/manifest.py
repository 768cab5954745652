"""What the last build rendered from what: lets ``publish`` skip unchanged files.

A page's key hashes everything its HTML depends on: the file's bytes, the tool version, the
neighbours shown in its header (prev/next), and which referenced local files exist. Pages whose
key is unchanged and whose output is still on disk are not rendered again; their copied files and
build warnings are replayed from the manifest so the report stays complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        """The previous build's manifest, or an empty one (other tool version: rebuild all)."""
        try:
            data = json.loads((out / NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(version)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != version:
            return cls(version)
        entries = {}
        for path, raw in (data.get("entries") or {}).items():
            try:
                entries[path] = Entry(**raw)
            except TypeError:
                continue
        return cls(version, entries)

    def save(self, out: Path) -> None:
        data = {"format": FORMAT, "version": self.version,
                "entries": {p: vars(e) for p, e in sorted(self.entries.items())}}
        tmp = out / (NAME + f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")
        tmp.replace(out / NAME)


def page_key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()
