"""`json`: every finding, documented by schemas/findings.schema.json (fields are only ever added)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..checks.rule import Finding
from . import ReportInfo, counts
from .safe import json_safe

FORMAT_VERSION = 1


def entry(f: Finding) -> dict[str, Any]:
    """One finding as the schema describes it (also used by the audit and the action's reports)."""
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "end_line": f.end_line or f.line,
        "end_col": f.end_col,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
    }


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "minutes-ci", "version": info.version},
        "files_checked": info.files_checked,
        "findings": [entry(f) for f in findings],
        "counts": counts(findings),
    }
    # json_safe: the same value, but no "##[" or raw separator a runner log could act on
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
