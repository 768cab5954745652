"""`summary`: Markdown for `$GITHUB_STEP_SUMMARY` or a pull-request comment, grouped by file.

GitHub refuses a step summary over 1 MiB, so rows stop before the limit and a closing note says
how many findings were left out (the json format always has them all).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from urllib.parse import quote

from ..checks.model import Severity
from ..checks.rule import Finding
from . import ReportInfo, counts
from .safe import md_code, md_rule, md_text

_ICONS = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.NOTICE: ":information_source:"}
_NOTE_RESERVE = 400  # bytes kept free for the closing note


def _cell(text: str) -> str:
    """Table-safe, inert text (the one Markdown escaping of the project, see safe.md_text)."""
    return md_text(text)


def _link(f: Finding, info: ReportInfo) -> str:
    where = f"{f.line}:{f.col}"
    if not (info.server_url and info.repository and info.sha):
        return where
    path = quote(info.prefix + f.path)
    return f"[{where}]({info.server_url.rstrip('/')}/{info.repository}/blob/{info.sha}/{path}#L{f.line})"


def heading(findings: Sequence[Finding], info: ReportInfo) -> str:
    c = counts(findings)
    files = len({f.path for f in findings})
    if not findings:
        return f"## minutes-ci: no findings :white_check_mark:\n\n{info.files_checked} files checked.\n"
    parts = ", ".join(f"{n} {label}{'' if n == 1 else 's'}" for label, n in c.items())
    return f"## minutes-ci: {parts}\n\nin {files} of {info.files_checked} files checked.\n"


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    out = [heading(findings, info)]
    size = len(out[0].encode())
    budget = info.summary_limit - _NOTE_RESERVE
    shown = 0
    for path, group in groupby(findings, key=lambda f: f.path):
        items = list(group)
        c = counts(items)
        tally = ", ".join(f"{n} {label}{'' if n == 1 else 's'}" for label, n in c.items() if n)
        block = f"\n### {md_code(path)} ({tally})\n\n| line | severity | rule | message |\n|---|---|---|---|\n"
        rows = [
            f"| {_link(f, info)} | {_ICONS[f.severity]} {f.severity.label} | {md_rule(f.rule)} | {_cell(f.message)} |\n"
            for f in items
        ]
        size += len(block.encode())
        if size + len(rows[0].encode()) > budget:
            break
        out.append(block)
        for row in rows:
            size += len(row.encode())
            if size > budget:
                break
            out.append(row)
            shown += 1
        if size > budget:
            break
    left = len(findings) - shown
    if left:
        out.append(f"\n**{left} more finding{'' if left == 1 else 's'} not shown** (of {len(findings)}): "
                   "the summary is kept under GitHub's 1 MiB limit. "
                   "`minutes-ci check --format json` lists them all.\n")
    return "".join(out)
