"""From the event payload and git to the files (and lines) a pull request, merge group or push changed.

``actions/checkout`` fetches one commit by default, so the base is usually missing: it is fetched
by SHA (GitHub serves any reachable commit), deepening until a merge base exists. When git cannot
tell, the payload's own lists (push ``commits[].added/modified``) are the fallback.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ZERO = "0" * 40
# a commit id or plain ref name: never a leading "-" (git would read an option), no spaces or
# revision syntax (":", "@{", "..") that could name something else
_REV = re.compile(r"[0-9A-Za-z][0-9A-Za-z_/-]{0,254}")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class EventError(RuntimeError):
    """The payload or the repository does not let us find what changed."""


@dataclass(slots=True)
class Change:
    event: str
    base: str = ""  # commit to compare against ("" = unknown: check everything)
    head: str = ""  # commit whose files are checked (the workspace)
    pr_number: int | None = None
    fork: bool = False  # head repository differs from the base repository
    head_ref_for_links: str = ""  # the commit links in the summary point at
    payload_files: list[str] = field(default_factory=list)  # push payloads list files per commit


def commit_id(value: str, what: str) -> str:
    """A commit named by the payload or the environment, checked before it reaches git's argv: a
    value such as ``--upload-pack=...`` would be an option there, so only plain names pass."""
    if value and not _REV.fullmatch(value):
        raise EventError(f"{what}: not a commit id: {value[:80]!r}")
    return value


def _checked(change: Change) -> Change:
    change.base = commit_id(change.base, "base commit")
    change.head = commit_id(change.head, "head commit")
    change.head_ref_for_links = commit_id(change.head_ref_for_links, "head commit")
    return change


def read_event(event_name: str, event_path: Path | None, sha: str) -> Change:
    """Where the base and head of this run are, from the payload GitHub wrote to GITHUB_EVENT_PATH."""
    payload: dict[str, Any] = {}
    if event_path is not None:
        try:
            payload = json.loads(event_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EventError(f"{event_path}: cannot read the event payload: {exc}") from exc
    change = Change(event=event_name, head=sha)
    if event_name in ("pull_request", "pull_request_target") and "pull_request" in payload:
        pr = payload["pull_request"]
        change.base = str(pr.get("base", {}).get("sha") or "")
        change.pr_number = int(pr.get("number") or payload.get("number") or 0) or None
        head_repo = (pr.get("head", {}).get("repo") or {}).get("full_name")
        base_repo = (pr.get("base", {}).get("repo") or {}).get("full_name")
        change.fork = bool(head_repo and base_repo and head_repo != base_repo)
        # GITHUB_SHA is the test merge commit; readers want links to the PR's own head commit
        change.head_ref_for_links = str(pr.get("head", {}).get("sha") or sha)
        change.head = sha or change.head_ref_for_links
    elif event_name == "merge_group" and "merge_group" in payload:
        group = payload["merge_group"]
        change.base = str(group.get("base_sha") or "")
        change.head = str(group.get("head_sha") or sha)
    elif event_name == "push":
        before = str(payload.get("before") or "")
        change.base = "" if before == ZERO else before
        change.head = str(payload.get("after") or sha)
        for commit in payload.get("commits") or []:
            for key in ("added", "modified"):
                change.payload_files.extend(str(p) for p in commit.get(key) or [])
    change.head_ref_for_links = change.head_ref_for_links or change.head
    return _checked(change)


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        # --literal-pathspecs: a file named ":(exclude)*" is that file, not pathspec magic
        ["git", "--literal-pathspecs", "-c", "core.quotePath=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    if check and proc.returncode != 0:
        raise EventError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc


def workspace_head(cwd: Path) -> str:
    """The commit checked out in the workspace: what the CLI reads, so what the diff must end at
    (a workflow may check out the PR's head instead of GitHub's merge commit)."""
    proc = _git(cwd, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _has_commit(cwd: Path, sha: str) -> bool:
    return _git(cwd, "cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0


def _merge_base(cwd: Path, base: str, head: str) -> str:
    proc = _git(cwd, "merge-base", base, head, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def ensure_history(cwd: Path, base: str, head: str, max_deepen: int = 6) -> str:
    """Make ``base`` and a merge base of base and head present; returns the merge base ("" if none).

    A shallow checkout of the test merge commit has the base as its first parent one level up, so
    one ``--deepen`` usually suffices; long-lived branches need a few doublings.
    """
    base, head = commit_id(base, "base commit"), commit_id(head, "head commit")
    if not _has_commit(cwd, base):
        _git(cwd, "fetch", "--no-tags", "--quiet", "--depth=1", "origin", base, check=False)
    if not _has_commit(cwd, base):
        raise EventError(f"base commit {base[:12]} is not in the repository and could not be fetched")
    depth = 1
    for _ in range(max_deepen):
        found = _merge_base(cwd, base, head)
        if found:
            return found
        shallow = _git(cwd, "rev-parse", "--is-shallow-repository", check=False).stdout.strip()
        if shallow != "true":
            return ""
        depth *= 4
        _git(cwd, "fetch", "--no-tags", "--quiet", f"--deepen={depth}", "origin", head, base, check=False)
    return _merge_base(cwd, base, head)


def changed_files(cwd: Path, base: str, head: str) -> list[str]:
    """Files added, copied, modified or renamed between the merge base and head (deleted ones have
    nothing left to check)."""
    base, head = commit_id(base, "base commit"), commit_id(head, "head commit")
    merge_base = ensure_history(cwd, base, head)
    start = merge_base or base  # unrelated histories: compare the trees directly
    out = _git(cwd, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", start, head).stdout
    return sorted(p for p in out.split("\0") if p)


def _unquote(name: str) -> str:
    """git writes a path with a TAB, newline, quote or backslash as a C string ("b/a\\tb.md")."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("utf-8", "surrogateescape").decode("unicode_escape")
    return raw.encode("latin-1", "surrogateescape").decode("utf-8", "surrogateescape")


def changed_lines(cwd: Path, base: str, head: str, paths: list[str]) -> dict[str, set[int]]:
    """Per file, the head-side line numbers the change added or modified (from a zero-context diff)."""
    if not paths:
        return {}
    base, head = commit_id(base, "base commit"), commit_id(head, "head commit")
    start = _merge_base(cwd, base, head) or base
    out = _git(cwd, "diff", "-U0", "--no-color", "--no-renames", start, head, "--", *paths).stdout
    result: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            # git ends the name with a TAB when it holds a space ("+++ b/my notes.md\t") and quotes
            # unusual bytes as a C string; either way the key must be the path as `-z` lists it
            target = _unquote(line[4:].removesuffix("\t"))
            current = result.setdefault(target[2:], set()) if target.startswith("b/") else None
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            first = int(match.group(1))
            count = int(match.group(2)) if match.group(2) is not None else 1
            current.update(range(first, first + count))
    return result
