"""Spend GitHub's annotation budget where it helps.

A step shows at most 10 errors, 10 warnings and 10 notices and silently drops the rest, in print
order. So, per severity: findings on lines the change touched come first, then the rest in file
order; when there are more than fit, the last slot becomes an annotation that says how many more
are in the job summary, so nobody mistakes the ten shown for all there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.report.safe import command_data, command_property

PER_SEVERITY = 10
COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


# the runner's escaping plus no raw control character (one definition for the CLI and the action)
escape_data = command_data
escape_property = command_property


def command(severity: Severity, message: str, props: Mapping[str, str | int] | None = None) -> str:
    """One workflow command line: ``::error file=a,line=3,title=x::message``."""
    head = "::" + COMMAND[severity]
    if props:
        head += " " + ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v not in ("", 0))
    return f"{head}::{escape_data(message)}"


def finding_command(f: Finding) -> str:
    props: dict[str, str | int] = {"file": f.path, "line": f.line, "col": f.col}
    if f.end_line and f.end_line != f.line:
        props["endLine"] = f.end_line
    elif f.end_col and f.col:  # GitHub only honours endColumn on single-line spans
        props["endColumn"] = f.end_col
    props["title"] = f"minutes-ci {f.rule}"
    return command(f.severity, f.message, props)


@dataclass(frozen=True, slots=True)
class Plan:
    lines: list[str]  # the workflow commands, in print order
    shown: dict[Severity, int]
    hidden: dict[Severity, int]


def _touched(f: Finding, touched: Mapping[str, set[int]] | None) -> bool:
    if touched is None:
        return False
    lines = touched.get(f.path)
    if not lines:
        return False
    last = f.end_line or f.line
    return any(n in lines for n in range(f.line, last + 1)) or f.line == 0


def plan(
    findings: Iterable[Finding],
    touched: Mapping[str, set[int]] | None = None,
    where: str = "the job summary",
    budget: int = PER_SEVERITY,
) -> Plan:
    """Choose and order the annotations; ``touched`` maps a path to the line numbers the change wrote."""
    by_sev: dict[Severity, list[Finding]] = {s: [] for s in Severity}
    for f in findings:
        by_sev[f.severity].append(f)
    lines: list[str] = []
    shown = dict.fromkeys(Severity, 0)
    hidden = dict.fromkeys(Severity, 0)
    for sev in sorted(Severity, reverse=True):
        # sorted() is stable: the touched-first key keeps file/line order inside each group
        group = sorted(sorted(by_sev[sev]), key=lambda f: not _touched(f, touched))
        if len(group) <= budget:
            chosen, rest = group, 0
        else:
            chosen, rest = group[: budget - 1], len(group) - (budget - 1)
        lines.extend(finding_command(f) for f in chosen)
        if rest:
            noun = COMMAND[sev] + ("s" if rest != 1 else "")
            lines.append(command(sev, f"{rest} more {noun} not shown here: see {where}", {"title": "minutes-ci"}))
        shown[sev], hidden[sev] = len(chosen), rest
    return Plan(lines=lines, shown=shown, hidden=hidden)
