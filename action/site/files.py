"""Writing the site to disk: only changed bytes, the search index, the report, Pages-safe modes."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from minutes_ci import safe_fs


def write(out: Path, rel: str, text: str) -> bool:
    """Write ``out/rel`` only when its bytes change (the mtime stays: static hosts and rsync see no
    change); through safe_fs, so a link planted in the output folder is replaced, not followed."""
    return safe_fs.write_in(out, rel, text.encode("utf-8", "surrogateescape"))


def copy(root: Path, rel: str, out: Path) -> bool:
    """Copy the repository file ``rel`` into the site at the same path (no link out of the root)."""
    return safe_fs.copy_into(root, rel, out)


def remove(out: Path, rel: str) -> bool:
    """Delete ``out/rel``, a file an earlier build wrote; never anything outside ``out``."""
    return safe_fs.unlink_in(out, rel)


def search_index(out: Path, changed: bool) -> str:
    """Index the site with Pagefind (from PyPI); a missing Pagefind is a warning, not a failure."""
    if not changed:
        return "unchanged"
    # -I: the working folder is the repository, whose committed `pagefind/` must not be imported
    cmd = [sys.executable, "-I", "-m", "pagefind", "--site", str(out), "--keep-index-url", "--force-language",
           "en", "--silent"]
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
    write(out, "build-report.json", json.dumps(data, indent=1) + "\n")


def fix_permissions(out: Path) -> None:
    """upload-pages-artifact wants no links and at least 0644/0755.

    Walked by descriptor (os.fwalk, links not followed) and changed with fchmod on an O_NOFOLLOW
    descriptor: a link in the output is removed (the link, not its target), never chmod'ed through."""
    for _, dirnames, filenames, dirfd in os.fwalk(out, follow_symlinks=False):
        for name in (*dirnames, *filenames):
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dirfd)
            except OSError as exc:
                if exc.errno == errno.ELOOP:  # a symbolic link: not allowed in a Pages artefact
                    os.unlink(name, dir_fd=dirfd)
                continue
            try:
                mode = os.fstat(fd).st_mode
                if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
                    os.fchmod(fd, 0o755 if stat.S_ISDIR(mode) else 0o644)
            finally:
                os.close(fd)
