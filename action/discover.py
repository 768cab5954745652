"""Find the repository root and the Markdown files to check; ask git what changed.

git is the source of truth when the root is inside a work tree (tracked files plus untracked
files that are not ignored, so `.gitignore` is honoured for free); otherwise a plain walk.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from . import safe_fs
from .checks import sniff
from .checks.model import Document
from .checks.rule import FolderPolicy

MANIFEST_NAME = ".minutes-ci-manifest.json"  # = minutes_ci.site.manifest.NAME (not imported: no site code here)

SKIP_DIRS = frozenset({".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", ".tox"})
# Files without the .md extension that still look like minutes ("20240101", "20240101-md",
# "20240101md", "20240101.txt"), so the naming rule can report them instead of them being silently
# skipped. Images and other uploads named like dates keep their extensions and are not candidates.
_DATED_NO_EXT = re.compile(r"^\d{4}-?\d{2}-?\d{2,3}(?:[-_]?[^./]*)?$")
_DATED_START = re.compile(r"^\d{4}-?\d{2}-?\d{2,3}")
_TEXT_EXTS = frozenset({"markdown", "mdown", "mkd", "mkdn", "mdx", "mdd", "mdwn", "txt", "text", "m", "d", "nd"})


class DiscoveryError(Exception):
    """A path or a git revision the user gave cannot be used."""


def git(root: Path, *args: str) -> str | None:
    """Run git in ``root``; None when git is missing or fails (not a repository, unknown revision)."""
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape")


def git_toplevel(start: Path) -> Path | None:
    out = git(start, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out and out.strip() else None


def is_candidate(relpath: str) -> bool:
    """Is this a file minutes-ci checks? `*.md` in any case, and dated names without `.md`."""
    name = relpath.rsplit("/", 1)[-1]
    if name.lower().endswith(".md") or _DATED_NO_EXT.match(name):
        return True
    stem, dot, ext = name.rpartition(".")
    return bool(dot) and ext.lower() in _TEXT_EXTS and bool(_DATED_START.match(stem))


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """gitignore-like globs: `**` crosses folders, a pattern without `/` matches any path component."""
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")  # a leading or inner "/" ties the pattern to the root
    pat = pat.strip("/")
    out = []
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    body = "".join(out)
    # a match of a folder excludes everything below it
    return re.compile(("^" if anchored else r"^(?:.*/)?") + body + "(?:/.*)?$")


class Excluder:
    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = [_glob_regex(p) for p in patterns if p.strip()]

    def __call__(self, relpath: str) -> bool:
        parts = relpath.split("/")
        # hidden folders (.github, .vscode, ...) hold no minutes, whether git or a walk found them
        if any(p in SKIP_DIRS or p.startswith(".") for p in parts[:-1]):
            return True
        return any(rx.match(relpath) for rx in self.patterns)


def _walk(root: Path, base: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        # a folder named like a Markdown file is reported (unreadable-file), not silently skipped
        found.extend(prefix + d for d in dirs if d.lower().endswith(".md"))
        found.extend(prefix + f for f in files)
    return found


def list_files(root: Path, in_git: bool) -> list[str]:
    """Every file under ``root`` (posix, root-relative): git's view when in a work tree."""
    if in_git:
        out = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        if out is not None:
            # --cached still lists files deleted in the work tree
            return sorted({p for p in out.split("\0") if p and os.path.lexists(root / p)})
    return sorted(_walk(root, root))


def _output_folders(all_files: Sequence[str]) -> tuple[str, ...]:
    """Folders holding the publisher's manifest: a site built into the work tree (`_site/`), whose
    files are the tool's own output, never minutes to sniff."""
    marker = "/" + MANIFEST_NAME
    return tuple(f[: -len(MANIFEST_NAME)] for f in all_files if f.endswith(marker))


def sniff_markdown(root: Path, relpath: str) -> bool:
    """Is this file, not named `*.md`, Markdown by its content? Only names that could hold minutes
    are read (not code, data, images, LICENSE...), through safe_fs (no symlink out of the root, no
    FIFO), and only the first SNIFF_BYTES of a regular file the parser would accept."""
    from .checks.parse import MAX_BYTES

    if sniff.name_kind(relpath) != "sniff":
        return False
    try:
        fd = safe_fs.open_in_root(root, relpath)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        try:
            if os.fstat(fh.fileno()).st_size > MAX_BYTES:
                return False  # larger than any minutes file: a log or a dump, not a misnamed page
            data = fh.read(sniff.SNIFF_BYTES)
        except OSError:
            return False
    return sniff.looks_like_markdown(data)


def wanted(root: Path, relpath: str, outputs: Sequence[str] = ()) -> bool:
    """Would a check of the whole repository pick this file? `*.md` and dated names by name, other
    Markdown by name (`.markdown`) or content (`markdown-without-extension` reports those); a file
    under one of the site ``outputs`` folders is the publisher's, not a page to check. For callers
    that get file names from elsewhere (the pre-push hook's list of pushed files)."""
    if is_candidate(relpath) or sniff.name_kind(relpath) == "family":
        return True
    return not relpath.startswith(tuple(outputs)) and sniff_markdown(root, relpath)


def _discovered(root: Path, files: Iterable[str], excluded: Excluder, outputs: Sequence[str]) -> list[str]:
    """The files a folder (or the whole root) contributes: see wanted()."""
    return [f for f in files if not excluded(f) and wanted(root, f, outputs)]


def select(root: Path, all_files: Sequence[str], paths: Sequence[Path], excluded: Excluder) -> list[str]:
    """The candidate files under the given PATHs (default: the whole root)."""
    outputs = _output_folders(all_files)
    if not paths:
        return _discovered(root, all_files, excluded, outputs)
    chosen: set[str] = set()
    for given in paths:
        target = given if given.is_absolute() else Path.cwd() / given
        target = Path(os.path.normpath(target))
        if not given.is_absolute() and not os.path.lexists(target):
            # `--root ../minutes iaas/20240320.md` run from elsewhere: the path is meant from the root
            from_root = Path(os.path.normpath(root / given))
            if os.path.lexists(from_root):
                target = from_root
        if not os.path.lexists(target):
            raise DiscoveryError(f"{given}: no such file or folder")
        try:
            rel = target.relative_to(root).as_posix()
        except ValueError:
            raise DiscoveryError(f"{given}: outside the repository root {root}") from None
        if target.is_dir() and not rel.lower().endswith(".md"):
            prefix = "" if rel == "." else rel + "/"
            chosen.update(_discovered(root, (f for f in all_files if f.startswith(prefix)), excluded, outputs))
        else:
            chosen.add(rel)  # a file named explicitly is checked whatever its name (pre-commit passes files)
    return sorted(f for f in chosen if not excluded(f))


def changed_files(root: Path, base: str) -> dict[str, frozenset[int] | None]:
    """Files changed since the merge base of ``base`` and HEAD (committed, staged, unstaged or
    untracked), each with the new-side line numbers that changed (None: the whole file is new)."""
    if base.startswith("-"):  # git would take it for an option
        raise DiscoveryError(f"--changed-since {base}: a revision cannot start with '-'")
    merge_base = git(root, "merge-base", base, "HEAD")
    if merge_base is None:
        raise DiscoveryError(f"--changed-since {base}: not a git revision known here (is the history fetched?)")
    rev = merge_base.strip()
    diff = git(root, "diff", "-U0", "--no-color", "--no-ext-diff", "--relative", "--diff-filter=ACMRT", rev, "--", ".")
    if diff is None:
        raise DiscoveryError(f"--changed-since {base}: git diff failed")
    lines: dict[str, frozenset[int] | None] = dict(parse_diff(diff))
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard") or ""
    for path in untracked.split("\0"):
        if path:
            lines[path] = None
    return lines


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse_diff(diff: str) -> dict[str, frozenset[int]]:
    """New-side changed lines per file from `git diff -U0` output (renames keep their new path)."""
    out: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:].removesuffix("\t")  # git ends a name holding a space with a TAB
            current = None if name == "/dev/null" else _unquote(name)[2:]
            if current is not None:
                out.setdefault(current, set())
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            out[current].update(range(start, start + count))
    return {k: frozenset(v) for k, v in out.items()}


def _unquote(name: str) -> str:
    """git quotes paths with unusual bytes as C strings ("b/caf\\303\\251.md")."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "surrogateescape")


def load_document(
    root: Path,
    relpath: str,
    folders: Mapping[str, FolderPolicy] | None = None,
    templates: frozenset[str] = frozenset(),
    max_bytes: int | None = None,
) -> Document:
    """Read ``root/relpath`` through :mod:`minutes_ci.safe_fs` and parse it.

    A symlink out of the repository (``notes.md -> /proc/self/environ``), into .git, a FIFO or a
    device is never read: it becomes a Document with ``fatal`` set, which the engine reports as
    an `unreadable-file` finding naming the file and the publisher lists as not published."""
    from .checks.parse import (  # markdown-it: only when files are really parsed
        MAX_BYTES,
        fatal_document,
        parse_document,
    )

    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        fd = safe_fs.open_in_root(root, relpath)
    except OSError as exc:
        return fatal_document(relpath, folders, templates, f"not read: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                why = f"file too large ({size:,} bytes; the limit is {max_bytes:,})"
                return fatal_document(relpath, folders, templates, why, size)
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            return fatal_document(relpath, folders, templates, f"cannot read file: {exc.strerror or exc}")
    return parse_document(relpath, data, folders=folders, templates=templates, max_bytes=max_bytes)


class FsTree:
    """The `Tree` a rule sees: existence and first bytes of repository files, cached per run.

    Rules follow links written by strangers: every look goes through :mod:`minutes_ci.safe_fs`,
    so a path out of the root, a symlink leading out of it or a FIFO looks like a missing file."""

    def __init__(self, root: Path) -> None:
        # normalised like the targets below, or a root given as `a/../b` would contain nothing
        self.root = Path(os.path.normpath(root))

    @lru_cache(maxsize=8192)  # noqa: B019 - one tree per run, bounded; realpath is an lstat per part
    def _rel(self, path: str) -> str | None:
        rel = safe_fs.clean_relpath(path.lstrip("/"))
        if rel is None:
            return None
        try:
            return safe_fs.resolve_in_root(self.root, rel)
        except OSError:
            return None

    @lru_cache(maxsize=4096)  # noqa: B019 - one tree per run, bounded
    def exists(self, path: str) -> bool:
        rel = self._rel(path)
        if rel is None:
            return False
        target = self.root / rel
        return target.is_dir() if rel == "" else target.is_dir() or safe_fs.is_file_in_root(self.root, rel)

    def is_dir(self, path: str) -> bool:
        rel = self._rel(path)
        return rel is not None and (self.root / rel).is_dir()

    @lru_cache(maxsize=4096)  # noqa: B019 - several rules look at the same image in one run
    def head(self, path: str, size: int = 32) -> bytes:
        rel = self._rel(path)
        if rel is None:
            return b""
        try:
            fd = safe_fs.open_in_root(self.root, rel)
        except OSError:
            return b""
        with os.fdopen(fd, "rb") as fh:
            try:
                return fh.read(size)
            except OSError:
                return b""
