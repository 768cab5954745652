"""`github`: workflow commands that GitHub turns into annotations on the lines.

GitHub shows at most 10 errors, 10 warnings and 10 notices per step and drops the rest silently,
so findings on changed lines go first and, when a level overflows, its last slot says how many
more there are (the job summary has them all).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..checks.model import Severity
from ..checks.rule import Finding
from . import ReportInfo
from .safe import Trusted, command_data, command_property

# the runner's own escaping (and, beyond it, no raw control character): see safe.command_data
escape_data = command_data
escape_property = command_property


def command(f: Finding, prefix: str = "") -> str:
    props = [f"file={escape_property(prefix + f.path)}", f"line={f.line}", f"col={f.col}"]
    if f.end_line and f.end_line != f.line:
        props.append(f"endLine={f.end_line}")
    elif f.end_col > f.col:  # GitHub only honours endColumn on one-line annotations
        props.append(f"endLine={f.line}")
        props.append(f"endColumn={f.end_col}")
    props.append(f"title={escape_property(f.rule)}")
    return f"::{f.severity.label} {','.join(props)}::{escape_data(f.message)}"


def _on_changed_line(f: Finding, info: ReportInfo) -> bool:
    if info.changed_lines is None:
        return True
    lines = info.changed_lines.get(f.path, frozenset())
    return lines is None or f.line in lines


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    out: list[str] = []
    for severity in sorted(Severity, reverse=True):
        level = [f for f in findings if f.severity is severity]
        # stable: changed lines first, then the usual path/line order
        level.sort(key=lambda f: (not _on_changed_line(f, info), f))
        limit = info.annotation_limit
        if limit is None or len(level) <= limit:
            out.extend(command(f, info.prefix) for f in level)
            continue
        shown = level[: max(limit - 1, 0)]
        out.extend(command(f, info.prefix) for f in shown)
        more = len(level) - len(shown)
        noun = f"{severity.label}{'' if more == 1 else 's'}"
        out.append(f"::{severity.label} title=minutes-ci::{more} more {noun} not shown as annotations: "
                   "see the job summary")
    # Trusted: the guarded stdout lets these lines through as workflow commands (and only them)
    return Trusted("".join(line + "\n" for line in out))
