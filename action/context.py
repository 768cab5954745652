"""Build the rules' Context: what they may know beyond their own file.

Duplicates, the handle roster and the hosts links name must not depend on which files are being
checked (a pre-push run of one file must judge it as a full run would), so all three come from one
cheap pass over the bytes of every Markdown file in the repository: a hash and regex scans, no
parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from . import safe_fs
from .checks.extract import chained_handles
from .checks.model import Document
from .checks.rule import Context
from .checks.rules._roster import HANDLE_PATTERN, Roster, normal, participant_handles
from .checks.rules.url_host import HOST_PATTERN, normal_host
from .config import Config
from .discover import Excluder, FsTree, git

# A handle as the parser reads it (checks/rules/_roster.py), over bytes: decoding changes no ASCII
# character the pattern can see (a BOM, CR and undecodable bytes are not in it).
_HANDLE = re.compile(HANDLE_PATTERN.encode("ascii"))
_HANDLE_TEXT = re.compile(HANDLE_PATTERN)  # the same over a parsed Document's text
# The host of every http(s) URL, for url-host-typo ("a host the repository links N times"), in the
# same pass: 5 ms over the 2.6 MB of the real repository
_HOST = re.compile(HOST_PATTERN.encode("ascii"))
_HOST_TEXT = re.compile(HOST_PATTERN)
MAX_SCAN_BYTES = 5 * 1024 * 1024  # larger files are the parser's problem (too large), not the roster's
MAX_COMMIT_DATE_FILES = 200  # beyond this, one `git log` over the whole root instead of one path each


def build_context(
    root: Path,
    config: Config,
    docs: list[Document],
    candidates: list[str],
    today: dt.date,
    git_top: Path | None,
    selected: list[str] | None = None,
) -> Context:
    # a copy in a folder that is never checked (`exclude:`) is not a duplicate: an archive or a
    # drafts folder may hold one on purpose, and the user could not act on it anyway
    excluded = Excluder(config.exclude)
    hosts: Counter[str] = Counter()
    digests, roster = scan_repository(root, candidates, docs, lambda rel: not excluded(rel), hosts)
    # handles the configuration lists are known people (typo targets, never typos); their counts
    # stay the real ones, which the typo messages show
    roster.configured = frozenset(
        list(config.roster) + (read_roster_file(root / config.roster_file, root) if config.roster_file else [])
    )
    commit_dates: dict[str, dt.date] = {}
    # the files being checked: parsed here, or (a large run) still to be parsed by worker processes
    paths = [d.path for d in docs if not d.fatal] if docs else list(selected or [])
    if git_top is not None and paths:
        # many files: one walk of the whole history beats hundreds of pathspecs, and a file must
        # not escape the future-date check because the whole repository was checked at once
        commit_dates = added_dates(root, git_top, paths, whole=len(paths) > MAX_COMMIT_DATE_FILES)
    ctx = Context(
        tree=FsTree(root),
        folders=config.folders,
        aliases=config.aliases,
        default_owner=config.default_owner,
        repo_slug=config.repository,
        roster=roster,
        handle_allow=config.handles_allow,
        digests=digests,
        today=today,
        commit_dates=commit_dates,
        template_paths=frozenset(config.templates),
        # url-host-typo judges a host by its uses in the whole repository, not in the checked files
        hosts=dict(hosts),
        options=config.options,
        # anchors of the files parsed in this run; links into files not parsed are not anchor-checked
        headings_of={d.path: [h.text for h in d.headings] for d in docs if not d.fatal},
    )
    if config.upload_hosts is not None:
        ctx.upload_hosts = config.upload_hosts
    return ctx


def scan_repository(
    root: Path,
    candidates: list[str],
    docs: list[Document],
    checked: Callable[[str], bool] | None = None,
    hosts: Counter[str] | None = None,
) -> tuple[dict[str, tuple[str, ...]], Roster]:
    """sha256 -> paths over every candidate file that is ``checked`` (default: all), and the roster
    of every candidate file: lower-case handle -> number of uses (a roster counts every use), and
    handle -> number of files whose participants list names it. ``hosts``, when given, is filled
    with host -> number of http(s) URLs naming it, over every candidate file too."""
    by_digest: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    listed: Counter[str] = Counter()
    # the files parsed in this run already have their digest and text: no second read for them
    parsed = {d.path: d for d in docs if d.digest and not d.fatal and d.size <= MAX_SCAN_BYTES}
    for rel in candidates:
        doc = parsed.get(rel)
        keep = checked is None or checked(rel)
        if doc is not None:
            if keep:
                by_digest.setdefault(doc.digest, []).append(rel)
            counts.update(normal(m) for m in _HANDLE_TEXT.findall(doc.text))
            counts.update(normal(h) for _at, h in chained_handles(doc.text))  # '@a/@b'
            if hosts is not None:
                hosts.update(normal_host(m) for m in _HOST_TEXT.findall(doc.text))
            listed.update(participant_handles(doc.text))
            continue
        try:
            # no symlink out of the root, no FIFO: minutes_ci.safe_fs, like every repository read
            data = safe_fs.read_in_root(root, rel, MAX_SCAN_BYTES)
        except OSError:
            continue
        if keep:
            by_digest.setdefault(hashlib.sha256(data).hexdigest(), []).append(rel)
        counts.update(normal(m.decode("ascii")) for m in _HANDLE.findall(data))
        if b"/@" in data:
            counts.update(normal(h) for _at, h in chained_handles(data.decode("utf-8", "replace")))
        if hosts is not None:
            hosts.update(normal_host(m.decode("ascii")) for m in _HOST.findall(data))
        if b"@" in data:
            listed.update(participant_handles(data.decode("utf-8", "replace")))
    # a checked file the walk could not see (e.g. given explicitly, outside git's view) still counts
    seen = {p for paths in by_digest.values() for p in paths}
    walked = set(candidates)
    for doc in docs:
        if doc.digest and doc.path not in seen:
            by_digest.setdefault(doc.digest, []).append(doc.path)
        if not doc.fatal and doc.path not in walked:  # and its handles are the roster's too
            counts.update(normal(m) for m in _HANDLE_TEXT.findall(doc.text))
            counts.update(normal(h) for _at, h in chained_handles(doc.text))  # '@a/@b'
            listed.update(participant_handles(doc.text))
            if hosts is not None:  # and its links the host counts
                hosts.update(normal_host(m) for m in _HOST_TEXT.findall(doc.text))
    return {k: tuple(sorted(v)) for k, v in by_digest.items()}, Roster(counts, listed)


def read_roster_file(path: Path, root: Path | None = None) -> list[str]:
    """One handle a line; `#` starts a comment; a leading `@` is optional. Missing file: empty.
    With ``root``, the file is read as a repository file (no symlink out of it, see safe_fs)."""
    try:
        rel = os.path.relpath(path, root).replace(os.sep, "/") if root is not None else ""
        raw = safe_fs.read_in_root(root, rel, MAX_SCAN_BYTES) if root is not None else safe_fs.read_path(path)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    handles = (line.split("#", 1)[0].strip().lstrip("@").lower() for line in text.splitlines())
    return [h for h in handles if h]


def added_dates(root: Path, git_top: Path, paths: list[str], whole: bool = False) -> dict[str, dt.date]:
    """The commit date on which each file was last added at its path (renames count as adds).

    ``whole``: walk the history of the whole root once instead of naming every path to git.
    """
    if not paths:
        return {}
    prefix = os.path.relpath(root, git_top).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    spec = ["."] if whole else paths
    out = git(root, "log", "--no-renames", "--diff-filter=A", "--name-only", "--format=@@%cs", "--", *spec)
    if out is None:
        return {}
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in out.splitlines():
        if line.startswith("@@"):
            try:
                current = dt.date.fromisoformat(line[2:].strip())
            except ValueError:
                current = None
        elif line and current is not None:
            rel = line[len(prefix) :] if prefix and line.startswith(prefix) else line
            dates.setdefault(rel, current)  # newest first: the latest add wins
    if whole:
        wanted = set(paths)
        return {p: d for p, d in dates.items() if p in wanted}
    return dates
