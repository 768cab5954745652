"""``minutes-ci install-hook``: a plain git ``pre-push`` hook for people who do not use pre-commit.

The hook itself is three lines of sh that hand git's stdin (one line per pushed ref:
``<local ref> <local sha> <remote ref> <remote sha>``) to :func:`pre_push`, which works out the
Markdown files those commits add or change and checks only them, offline. Doing the range logic in
Python rather than sh keeps file names with spaces or newlines intact.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .discover import wanted

MARKER = "# minutes-ci pre-push hook"
ZERO = "0" * 40
_SHA = re.compile(r"[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?")

SCRIPT = """#!/bin/sh
{marker} (written by `minutes-ci install-hook`; delete this file to uninstall).
# Checks the Markdown files that the pushed commits add or change; `git push --no-verify` skips it.
PY={python}
[ -x "$PY" ] || {{ echo "minutes-ci: $PY is gone; run 'minutes-ci install-hook --force' again" >&2; exit 1; }}
# the working folder (the checked-out branch) is dropped from sys.path: a committed minutes_ci/ must not run
BOOT='import sys; sys.path[:] = [p for p in sys.path if p not in ("", ".")]'
# the hook this one replaced (`install-hook --force` keeps it as {backup}) still runs first, with
# the same arguments and the same lines on stdin; when it refuses the push, so does this hook
OLD="$(dirname "$0")/{backup}"
if [ -x "$OLD" ]; then
  INPUT=$(cat)
  printf '%s\n' "$INPUT" | "$OLD" "$@" || exit $?
  printf '%s\n' "$INPUT" | "$PY" -c "$BOOT; from minutes_ci.hook import pre_push; sys.exit(pre_push(sys.argv[1:]))" "$@"
  exit $?
fi
exec "$PY" -c "$BOOT; from minutes_ci.hook import pre_push; sys.exit(pre_push(sys.argv[1:]))" "$@"
"""
BACKUP = "pre-push.before-minutes-ci"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="replace a pre-push hook that minutes-ci did not write")
    parser.add_argument("--uninstall", action="store_true", help="remove the hook minutes-ci installed")
    parser.add_argument("--repo", metavar="DIR", type=Path, default=Path("."), help="the git repository (default: .)")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "core.quotePath=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def hook_path(repo: Path) -> Path:
    """Where git looks for ``pre-push`` (honours ``core.hooksPath`` and worktrees)."""
    proc = _git(repo, "rev-parse", "--git-path", "hooks/pre-push")
    if proc.returncode != 0:
        raise RuntimeError(f"{repo}: not a git repository ({proc.stderr.strip()})")
    path = Path(proc.stdout.strip())
    return (path if path.is_absolute() else repo / path).resolve()


def run(args: argparse.Namespace) -> int:
    try:
        target = hook_path(args.repo)
    except RuntimeError as exc:
        print(f"minutes-ci install-hook: {exc}", file=sys.stderr)
        return 2
    ours = target.is_file() and MARKER in target.read_text(encoding="utf-8", errors="replace")
    if args.uninstall:
        if ours:
            target.unlink()
            print(f"removed {target}")
            return 0
        print(f"minutes-ci install-hook: {target} is not a minutes-ci hook; nothing removed", file=sys.stderr)
        return 2
    if target.exists() and not ours and not args.force:
        text = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
        hint = (
            " (it is pre-commit's: add the minutes-ci hook to .pre-commit-config.yaml instead)"
            if ("pre-commit" in text)
            else ""
        )
        print(
            f"minutes-ci install-hook: {target} already exists and was not written by minutes-ci{hint}; "
            "use --force to replace it (a backup is kept)",
            file=sys.stderr,
        )
        return 2
    if target.exists() and not ours:
        backup = target.with_name(BACKUP)
        if backup.exists():  # an earlier --force kept one already: keep both, the older one numbered
            n = 1
            while target.with_name(f"{BACKUP}.{n}").exists():
                n += 1
            backup.replace(target.with_name(f"{BACKUP}.{n}"))
            print(f"kept the older backup as {target.with_name(f'{BACKUP}.{n}')} (it is no longer called)")
        target.replace(backup)
        print(f"kept the old hook as {backup}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SCRIPT.format(marker=MARKER, python=shlex.quote(sys.executable), backup=BACKUP),
                      encoding="utf-8")
    target.chmod(0o755)
    print(f"installed {target}")
    return 0


def _is_zero(sha: str) -> bool:
    return not sha.strip("0")


def pushed_files(repo: Path, lines: Iterable[str]) -> list[str]:
    """Files added, modified or renamed by the commits being pushed (from git's pre-push stdin)."""
    found: set[str] = set()
    for line in lines:
        parts = line.split()
        if len(parts) != 4 or _is_zero(parts[1]) or not all(_SHA.fullmatch(p) for p in (parts[1], parts[3])):
            continue  # malformed (never an option for git's argv), or a branch deletion: nothing to check
        local, remote = parts[1], parts[3]
        if not _is_zero(remote) and _git(repo, "cat-file", "-e", f"{remote}^{{commit}}").returncode == 0:
            out = _git(repo, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", remote, local)
            found.update(p for p in out.stdout.split("\0") if p)
            continue
        # a new branch (or a remote commit we do not have): the commits no remote-tracking branch has
        commits = _git(repo, "rev-list", local, "--not", "--remotes").stdout.split()
        for commit in commits:
            out = _git(
                repo,
                "diff-tree",
                "--root",
                "--no-commit-id",
                "-r",
                "-z",
                "--name-only",
                "--no-renames",
                "--diff-filter=ACMRT",
                commit,
            )
            found.update(p for p in out.stdout.split("\0") if p)
    return sorted(found)


def pre_push(argv: Sequence[str], stdin: Iterable[str] | None = None, repo: Path | None = None) -> int:
    """What the installed hook runs. ``argv`` is git's (remote name, remote URL); unused."""
    top = repo
    if top is None:
        proc = _git(Path.cwd(), "rev-parse", "--show-toplevel")
        top = Path(proc.stdout.strip() or ".")
    files = [
        p
        for p in pushed_files(top, stdin if stdin is not None else sys.stdin)
        # deleted since: nothing to check; otherwise what a whole-repository check would pick,
        # Markdown saved without `.md` included (markdown-without-extension)
        if (top / p).is_file() and wanted(top, p)
    ]
    if not files:
        return 0
    from .cli import main  # in-process: a second interpreter start would double the hook's cost

    rc = main(["check", f"--root={top}", "--", *files])  # "--": a file named "--format=..." is a file
    if rc == 1:
        print("minutes-ci: push stopped; fix the findings above (or push with --no-verify)", file=sys.stderr)
    return rc
