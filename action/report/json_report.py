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
        "findings": [],
        "counts": counts(findings),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if findings:
        # json.dumps(indent=2) of the findings, written out: with an indent the json module uses
        # its pure-Python encoder, a tenth of a run's report time per thousand findings; the text is
        # the same (tests/test_report.py compares it with json.dumps on hostile strings)
        listed = ",\n".join(_entry_text(f) for f in findings)
        text = text.replace('"findings": []', '"findings": [\n' + listed + "\n  ]", 1)
    # json_safe: the same value, but no "##[" or raw separator a runner log could act on
    return json_safe(text) + "\n"


def _entry_text(f: Finding) -> str:
    q = _string
    end_col = "null" if f.end_col is None else str(int(f.end_col))
    return (
        f'    {{\n      "path": {q(f.path)},\n      "line": {int(f.line)},\n      "col": {int(f.col)},\n'
        f'      "end_line": {int(f.end_line or f.line)},\n      "end_col": {end_col},\n'
        f'      "rule": {q(f.rule)},\n      "severity": {q(f.severity.label)},\n      "message": {q(f.message)}\n    }}'
    )


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) quotes a string with
