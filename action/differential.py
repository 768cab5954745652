"""Only what the change introduced: findings new relative to a base revision.

The way differential linters and reviewdog's ``added`` filter work: the base revision's version of
every changed file is read from git (``git cat-file``, in memory, size-capped; never from the work
tree, so nothing a branch commits can redirect the read), parsed and checked with the same rules and
Context; then each current finding is matched against the base's by rule, message (line numbers
taken out) and the text of its line, never by line number, so that lines moving above an old
problem do not make it new. Each base finding absorbs one current finding: a second copy of an old
problem added by the change still shows. Whitespace rules are left out of the matching: they keep
their changed-lines filter (a changed line's trailing blank is the change's, whatever the base had).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .checks import engine
from .checks.model import Document
from .checks.parse import MAX_BYTES, parse_document
from .checks.rule import Context, Finding, Rule
from .config import Config

# "first at line 12", "lines 3-5", "3:14": positions shift when lines move; the problem does not
_POSITIONS = re.compile(r"\b(?:lines?|l\.)\s*\d+(?:\s*[-–]\s*\d+)?|\b\d+:\d+\b", re.IGNORECASE)
_RENAME = re.compile(r"^[RC]\d*$")


def _git(root: Path, *args: str, limit: int | None = None) -> bytes | None:
    """git's stdout as bytes (None on failure); ``limit``: refuse more than this many bytes."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "--literal-pathspecs", *args],
                              capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or (limit is not None and len(proc.stdout) > limit):
        return None
    return proc.stdout


def merge_base(root: Path, ref: str) -> str | None:
    if ref.startswith("-"):  # git would take it for an option
        return None
    out = _git(root, "merge-base", ref, "HEAD")
    text = out.decode("ascii", "replace").strip() if out else ""
    return text or None


def base_paths(root: Path, rev: str) -> dict[str, str | None]:
    """Current root-relative path -> its path at ``rev`` (None: added since). ``-z``: names with
    spaces, tabs or newlines come through as they are (no quoting, no trailing TAB)."""
    out = _git(root, "diff", "-z", "--name-status", "-M", "--relative", "--diff-filter=ACMRT", rev, "--", ".")
    if out is None:
        return {}
    words = out.decode("utf-8", "surrogateescape").split("\0")
    result: dict[str, str | None] = {}
    i = 0
    while i < len(words) and words[i]:
        status = words[i]
        if _RENAME.match(status) and i + 2 < len(words):
            old, new = words[i + 1], words[i + 2]
            result[new] = old if status.startswith("R") else None  # a copy is new content
            i += 3
        else:
            result[words[i + 1]] = None if status == "A" else words[i + 1]
            i += 2
    return result


def read_base(root: Path, rev: str, path: str, max_bytes: int = MAX_BYTES) -> bytes | None:
    """The bytes of ``path`` (root-relative) at ``rev``, or None (absent, not a blob, too large)."""
    spec = f"{rev}:./{path}"  # "./": relative to the root (git -C root), not to the top level
    size = _git(root, "cat-file", "-s", spec)
    try:
        if size is None or int(size.strip() or b"-1") > max_bytes:
            return None
    except ValueError:
        return None
    kind = _git(root, "cat-file", "-t", spec)
    if kind is None or kind.strip() != b"blob":
        return None
    return _git(root, "cat-file", "blob", spec, limit=max_bytes)


def _batch(root: Path, args: list[str], stdin: bytes) -> bytes | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), "cat-file", *args], input=stdin, capture_output=True,
                              check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def read_bases(root: Path, rev: str, paths: Sequence[str], max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """:func:`read_base` for many files in two git processes (a pull request may change hundreds):
    ``--batch-check`` for type and size, then ``--batch`` for the blobs within the cap, by object id."""
    prefix_out = _git(root, "rev-parse", "--show-prefix")
    if prefix_out is None or any("\n" in p for p in paths):
        return {p: data for p in paths if (data := read_base(root, rev, p, max_bytes)) is not None}
    prefix = prefix_out.decode("utf-8", "surrogateescape").strip()
    specs = "".join(f"{rev}:{prefix}{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    checked = _batch(root, ["--batch-check=%(objectname) %(objecttype) %(objectsize)"], specs)
    answers = checked.decode("ascii", "replace").splitlines() if checked is not None else []
    if len(answers) != len(paths):
        return {p: data for p in paths if (data := read_base(root, rev, p, max_bytes)) is not None}
    wanted: dict[str, list[str]] = {}  # object id -> paths (two files may have held the same bytes)
    for path, answer in zip(paths, answers, strict=True):
        parts = answer.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit() and int(parts[2]) <= max_bytes:
            wanted.setdefault(parts[0], []).append(path)
    if not wanted:
        return {}
    out = _batch(root, ["--batch"], "".join(f"{oid}\n" for oid in wanted).encode("ascii"))
    result: dict[str, bytes] = {}
    at = 0
    while out is not None and at < len(out):
        end = out.index(b"\n", at)
        oid, _, size = out[at:end].decode("ascii", "replace").split(" ")
        body = out[end + 1 : end + 1 + int(size)]
        for path in wanted.get(oid, ()):
            result[path] = body
        at = end + 1 + int(size) + 1
    return result


def base_documents(root: Path, rev: str, paths: Iterable[str], config: Config,
                   renamed: Mapping[str, str | None]) -> list[Document]:
    """REF's version of each changed file, parsed under its CURRENT path (so that the path rules
    judge the same name and the findings compare); files new since REF have none."""
    old_of = {path: old for path in paths if (old := renamed.get(path)) is not None}
    data = read_bases(root, rev, sorted(set(old_of.values())))
    templates = frozenset(config.templates)
    return [parse_document(path, data[old], folders=config.folders, templates=templates)
            for path, old in sorted(old_of.items()) if old in data]


def normalise(message: str) -> str:
    return _POSITIONS.sub("#", message)


def _line_text(doc: Document | None, line: int) -> str:
    if doc is None or not 1 <= line <= len(doc.lines):
        return ""
    return " ".join(doc.lines[line - 1].split())


def introduced(
    findings: Sequence[Finding],
    current: Sequence[Document],
    base: Sequence[Document],
    ctx: Context,
    rules: Sequence[Rule],
    severities: engine.Severities,
    changed_lines: Mapping[str, frozenset[int] | None],
) -> list[Finding]:
    """The findings of ``findings`` that REF's versions (``base``) did not have."""
    whitespace = {r.id for r in rules if r.whitespace}
    offline = {r.id for r in rules} | set(engine.ENGINE_RULES)
    old = engine.run(base, ctx, rules, severities, None)
    now_docs = {d.path: d for d in current}
    old_docs = {d.path: d for d in base}
    exact = Counter((f.path, f.rule, normalise(f.message), _line_text(old_docs.get(f.path), f.line)) for f in old)
    loose = Counter((f.path, f.rule, normalise(f.message)) for f in old)
    kept: list[Finding] = []
    pending: list[Finding] = []
    for f in sorted(findings):
        if f.rule in whitespace or f.path not in old_docs:
            kept.append(f)  # whitespace: the changed-lines filter already judged it; new file: all
            continue
        if f.rule not in offline:  # an online finding (--online): REF's links are not fetched again,
            lines = changed_lines.get(f.path)  # so a link counts as the change's where it wrote it
            if lines is None or f.line in lines:
                kept.append(f)
            continue
        key = (f.path, f.rule, normalise(f.message), _line_text(now_docs.get(f.path), f.line))
        if exact[key] > 0:
            exact[key] -= 1
            loose[key[:3]] -= 1
        else:
            pending.append(f)
    for f in pending:
        # second chance for a problem on a line the change did not touch whose line text differs
        # (a whole-file finding reported on line 1, say): same rule and message, budget permitting
        lines = changed_lines.get(f.path)
        on_changed = lines is None or f.line in lines
        key3 = (f.path, f.rule, normalise(f.message))
        if not on_changed and loose[key3] > 0:
            loose[key3] -= 1
        else:
            kept.append(f)
    return sorted(kept)
