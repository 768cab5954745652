"""`text`: one finding a line, `path:line:col: severity rule-id message`, and a tally."""

from __future__ import annotations

from collections.abc import Sequence

from ..checks.model import Severity
from ..checks.rule import Finding
from . import ReportInfo, tally_text

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.NOTICE: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}:{f.line}:{f.col}:"
        label = f.severity.label
        if info.color:
            where = f"{_BOLD}{where}{_RESET}"
            label = f"{_COLOURS[f.severity]}{label}{_RESET}"
            rule = f"{_DIM}{f.rule}{_RESET}"
        else:
            rule = f.rule
        lines.append(f"{where} {label} {rule} {_one_line(f.message)}")
    lines.append(tally_text(findings, info.files_checked))
    return "\n".join(lines) + "\n"


def _one_line(message: str) -> str:
    # a message with a newline would break "one finding a line" for grep and editors
    return " ".join(message.split("\n"))
