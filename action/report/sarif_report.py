"""`sarif`: SARIF 2.1.0 for code scanning, with every rule's documentation as its help text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..checks.model import Severity
from ..checks.rule import Finding
from . import ReportInfo, RuleInfo
from .safe import json_safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


def _rule(info: RuleInfo) -> dict[str, Any]:
    doc = info.doc.strip() or info.id
    return {
        "id": info.id,
        "name": "".join(part.capitalize() for part in info.id.split("-")),
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }


def _result(f: Finding, index: int, prefix: str) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": f.line, "startColumn": f.col}
    if f.end_line and f.end_line >= f.line:
        region["endLine"] = f.end_line
    if f.end_col and ((f.end_line in (0, f.line) and f.end_col > f.col) or f.end_line > f.line):
        region["endColumn"] = f.end_col
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(prefix + f.path), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
    }


def render(findings: Sequence[Finding], info: ReportInfo) -> str:
    rules = dict(info.rules)
    for f in findings:  # findings of rules outside the registry (the online checks) still get a rule
        rules.setdefault(f.rule, RuleInfo(f.rule, f.severity, ""))
    ordered = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(ordered)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "minutes-ci",
                        "version": info.version,
                        "semanticVersion": info.version,
                        "rules": [_rule(rules[r]) for r in ordered],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule], info.prefix) for f in findings],
            }
        ],
    }
    # json_safe: the same value, but no "##[" or raw separator a runner log could act on
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
