"""Writing the site to disk: only changed bytes, the search index, the report, Pages-safe modes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return  # unchanged: keep the mtime so static hosts and rsync see no change
    path.write_bytes(data)


def copy(src: Path, dest: Path) -> None:
    if dest.is_file() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def search_index(out: Path, changed: bool) -> str:
    """Index the site with Pagefind (from PyPI); a missing Pagefind is a warning, not a failure."""
    if not changed:
        return "unchanged"
    cmd = [sys.executable, "-m", "pagefind", "--site", str(out), "--keep-index-url", "--force-language", "en",
           "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"warning: search index not built: {exc}", file=sys.stderr)
        return "failed"
    if proc.returncode != 0:
        print(f"warning: search index not built (pagefind exit {proc.returncode}): {proc.stderr.strip()[-500:]}",
              file=sys.stderr)
        return "failed"
    return "built"


def write_report(out: Path, data: dict[str, Any]) -> None:
    write(out / "build-report.json", json.dumps(data, indent=1) + "\n")


def fix_permissions(out: Path) -> None:
    """upload-pages-artifact wants no links and at least 0644/0755."""
    for dirpath, dirnames, filenames in os.walk(out):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                os.chmod(path, 0o644)
