"""`check --fix` / `--diff` / `--unsafe-fixes`: apply the edits the rules attach to their Problems.

ruff's and markdownlint-cli2's conventions: safe fixes only unless `--unsafe-fixes`; `--diff`
prints a unified diff of what `--fix` would write and changes nothing. Each rule's Fix edits only
the characters of its own finding (a code block is never touched: the rules attach no fix there);
overlapping edits are not merged but left for the next pass, and passes repeat (on the new text,
parsed in memory) until nothing more changes, so that a second `--fix` finds nothing to do.
Files are written through :mod:`minutes_ci.safe_fs` (renamed into place; never through a link),
and a file that is a symbolic link, or whose bytes are not valid UTF-8, is never rewritten.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import safe_fs
from .checks.model import Document
from .checks.parse import parse_document
from .checks.rule import Edit, Finding, FolderPolicy
from .differential import normalise

MAX_PASSES = 10


@dataclass
class FileFix:
    path: str  # root-relative
    before: bytes
    after: bytes
    fixed: int  # findings fixed (over every pass)


def usable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and (f.fix.safe or unsafe)


def _offsets(lines: Sequence[str]) -> list[int]:
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return starts


def _offset(lines: Sequence[str], starts: Sequence[int], line: int, col: int) -> int | None:
    if not 1 <= line <= len(lines):
        return None
    # a column past the line's text is its line break (an edit may insert or remove one)
    return starts[line - 1] + min(max(col, 1) - 1, len(lines[line - 1]) + 1)


def apply_edits(doc: Document, edits: Sequence[Edit]) -> tuple[str, int]:
    """The Document's text with every edit that does not overlap an earlier one; (text, applied)."""
    text, applied = _apply(doc, edits)
    return text, len(applied)


def _apply(doc: Document, edits: Sequence[Edit]) -> tuple[str, set[int]]:
    """apply_edits, with the indices (into ``edits``) of the edits applied."""
    text = doc.text
    starts = _offsets(doc.lines)
    spans: list[tuple[int, int, int, str]] = []
    for i, e in enumerate(edits):
        a, b = _offset(doc.lines, starts, e.line, e.col), _offset(doc.lines, starts, e.end_line, e.end_col)
        if a is None or b is None or b < a:
            continue
        spans.append((min(a, len(text)), min(b, len(text)), i, e.text))
    spans.sort(key=lambda s: (s[0], s[1], s[2]))
    out: list[str] = []
    last = 0
    applied: set[int] = set()
    for a, b, i, new in spans:
        if a < last or (a == last and applied and a == b and out and out[-1] == new):
            continue  # overlaps the previous edit (or repeats an insertion): next pass
        out.append(text[last:a])
        out.append(new)
        last = b
        applied.add(i)
    out.append(text[last:])
    return "".join(out), applied


def _encode(text: str, raw: bytes, encodings: set[str]) -> bytes | None:
    """The new text as bytes, keeping the file's BOM and CRLF unless a fix removes them."""
    had_bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if had_bom else raw
    if b"\r" in body and "cr" not in encodings:
        if body.count(b"\r\n") != body.count(b"\r") or body.count(b"\r\n") != body.count(b"\n"):
            return None  # mixed line ends that the user keeps: a rewrite would change lines not fixed
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogateescape")
    return (b"\xef\xbb\xbf" + data) if had_bom and "bom" not in encodings else data


def _key(doc: Document, f: Finding) -> tuple[str, str, str]:
    text = doc.lines[f.line - 1] if 1 <= f.line <= len(doc.lines) else ""
    return (f.rule, normalise(f.message), " ".join(text.split()))


def _is_link(root: Path, rel: str) -> bool:
    step = root
    for part in rel.split("/"):
        step = step / part
        if step.is_symlink():
            return True
    return False


Recheck = Callable[[Document], list[Finding]]


def plan(root: Path, docs: Sequence[Document], findings: Sequence[Finding], unsafe: bool,
         recheck: Recheck, folders: Mapping[str, FolderPolicy] | None = None,
         templates: frozenset[str] = frozenset()) -> list[FileFix]:
    """What `--fix` writes, per file: passes of edits until a pass changes nothing."""
    by_path = {d.path: d for d in docs}
    wanted: dict[str, list[Finding]] = {}
    for f in findings:
        if usable(f, unsafe) and f.path in by_path:
            wanted.setdefault(f.path, []).append(f)
    result = []
    for path, todo in sorted(wanted.items()):
        doc = by_path[path]
        if doc.fatal or any(i.kind == "invalid-utf8" for i in doc.text_issues) or _is_link(root, path):
            continue  # replacement characters would destroy bytes; a link is not ours to replace
        try:
            raw = safe_fs.read_in_root(root, path)
        except OSError:
            continue
        encodings: set[str] = set()
        fixed = 0
        # findings of this file that were not asked to be fixed (not reported: an old finding under
        # --changed-since, a rule not selected, an unsafe fix without --unsafe-fixes) stay as they are
        # in later passes too; a finding a fix brings to light (`##Participants` -> a section whose
        # entries can now be read) is fixed in the same run, so that a second run has nothing to do
        spare = Counter(_key(doc, f) for f in recheck(doc)) - Counter(_key(doc, f) for f in todo)
        for _ in range(MAX_PASSES):
            encodings |= {f.fix.encoding for f in todo if f.fix is not None and f.fix.encoding}
            owned = [(n, e) for n, f in enumerate(todo) if f.fix is not None for e in f.fix.edits]
            text, applied = _apply(doc, [e for _n, e in owned])
            # findings fixed, not edits applied: one finding may carry an edit per line (a run of
            # participants without list markers)
            fixed += len({owned[i][0] for i in applied})
            fixed += sum(1 for f in todo if f.fix is not None and f.fix.encoding and not f.fix.edits)
            if text == doc.text:
                break
            # parsed in memory under the same path and configuration: kind and folder stay the same
            doc = parse_document(path, text.encode("utf-8", "surrogateescape"), folders=folders, templates=templates)
            todo = []
            for f in recheck(doc):
                key = _key(doc, f)
                if spare[key] > 0:
                    spare[key] -= 1
                elif usable(f, unsafe) and not (f.fix is not None and f.fix.encoding):
                    todo.append(f)
            if not todo:
                break
        after = _encode(doc.text, raw, encodings)
        if after is None or after == raw:
            continue
        result.append(FileFix(path, raw, after, fixed))
    return result


def unified(fix: FileFix, shown: str) -> str:
    """A unified diff of one file (`a/` and `b/` prefixes, as git and ruff print them)."""
    before = fix.before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    after = fix.after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    lines = list(difflib.unified_diff(before, after, f"a/{shown}", f"b/{shown}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write(root: Path, fixes: Sequence[FileFix]) -> list[str]:
    """Write each fixed file in place (safe_fs: renamed into place, never through a link); the
    paths that could not be written, with the reason."""
    failed = []
    for fix in fixes:
        try:
            mode = os.lstat(root / fix.path).st_mode & 0o7777
            safe_fs.write_in(root, fix.path, fix.after)  # a new file (0644): keep the old mode
            if mode != 0o644 and not (root / fix.path).is_symlink():
                os.chmod(root / fix.path, mode)
        except OSError as exc:
            failed.append(f"{fix.path}: {getattr(exc, 'strerror', None) or exc}")
    return failed
