"""`text`: one finding a line, `path:line:col: severity rule-id message`, and a tally."""

from __future__ import annotations

from collections.abc import Sequence

from ..checks.model import Severity
from ..checks.rule import Finding
from . import ReportInfo, tally_text
from .safe import log_path, log_text

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.NOTICE: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    lines = []
    for f in findings:
        # file names and messages are data: escaped, so a name like "x\n::error::" stays on its line
        where = f"{log_path(f.path)}:{f.line}:{f.col}:"
        label = f.severity.label
        if info.color:
            where = f"{_BOLD}{where}{_RESET}"
            label = f"{_COLOURS[f.severity]}{label}{_RESET}"
            rule = f"{_DIM}{log_text(f.rule)}{_RESET}"
        else:
            rule = log_text(f.rule)
        lines.append(f"{where} {label} {rule} {log_text(f.message)}")
    lines.append(tally_text(findings, info.files_checked))
    return "\n".join(lines) + "\n"

