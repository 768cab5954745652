"""Markdown for the job summary and the pull request comment: every finding, grouped by file, linked.

Both places have a hard size limit (1 MiB per step summary, 65,536 characters per comment); the
text is cut at a whole finding and says how many were left out, rather than being rejected whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import groupby

from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.report.safe import md_code, md_rule, md_text, md_url

from .findings import counts

MARKER = "<!-- minutes-ci -->"
SUMMARY_LIMIT = 1024 * 1024 - 4096  # bytes; leave room for whatever else the job appends
COMMENT_LIMIT = 65536 - 1024  # characters
ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.NOTICE: ":information_source:"}

LinkFn = Callable[[str, int], str]


def count_line(findings: Iterable[Finding]) -> str:
    c = counts(findings)
    return " · ".join(f"{ICON[s]} {c[s]} {s.label}{'s' if c[s] != 1 else ''}" for s in sorted(Severity, reverse=True))


def _item(f: Finding, link: LinkFn, touched: Mapping[str, set[int]] | None) -> str:
    where = f"L{f.line}" + (f":{f.col}" if f.col else "") if f.line else "file"
    url = link(f.path, f.line)
    loc = f"[{where}]({md_url(url)})" if url else where
    star = " (changed line)" if touched and f.line in touched.get(f.path, set()) else ""
    return f"- {ICON[f.severity]} {loc} {md_rule(f.rule)} {md_text(f.message)}{star}\n"


def _size(text: str, unit: str) -> int:
    return len(text.encode("utf-8")) if unit == "bytes" else len(text)


def render(
    findings: list[Finding],
    *,
    title: str,
    link: LinkFn,
    intro: str = "",
    touched: Mapping[str, set[int]] | None = None,
    limit: int = SUMMARY_LIMIT,
    unit: str = "bytes",
    checked: int | None = None,
    marker: bool = False,
) -> str:
    """The whole report; findings sorted by path and line, cut to ``limit`` at a whole item."""
    head = (MARKER + "\n" if marker else "") + f"## {title}\n\n"
    if intro:
        head += intro.rstrip() + "\n\n"
    files_note = f" in {checked} file{'s' if checked != 1 else ''}" if checked is not None else ""
    if not findings:
        return head + f"No findings{files_note}. :white_check_mark:\n"
    head += count_line(findings) + files_note + "\n"
    parts = [head]
    used = _size(head, unit)
    reserve = 200  # the "N more" line must always fit
    written = 0
    for path, group in groupby(sorted(findings), key=lambda f: f.path):
        block = [f"\n### {md_code(path)}\n\n"]
        for f in group:
            block.append(_item(f, link, touched))
        for i, piece in enumerate(block):
            size = _size(piece, unit)
            if used + size + reserve > limit:
                left = len(findings) - written
                parts.append(f"\n… and {left} more finding{'s' if left != 1 else ''} not shown (size limit).\n")
                return "".join(parts)
            parts.append(piece)
            used += size
            written += i > 0
    return "".join(parts)
