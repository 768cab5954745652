"""Read the CLI's JSON report back into Findings (the action never re-parses the minutes itself)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.report.json_report import entry


class ReportError(RuntimeError):
    pass


def _finding(item: Mapping[str, Any]) -> Finding:
    location = item.get("location") if isinstance(item.get("location"), Mapping) else item
    assert isinstance(location, Mapping)
    severity = item.get("severity") or item.get("level") or "error"
    return Finding(
        path=str(item.get("path") or location.get("path") or ""),
        line=int(location.get("line") or 0),
        col=int(location.get("col") or location.get("column") or 0),
        rule=str(item.get("rule") or item.get("rule_id") or item.get("id") or ""),
        message=str(item.get("message") or ""),
        severity=Severity.parse(str(severity)),
        end_line=int(location.get("end_line") or 0),
        end_col=int(location.get("end_col") or location.get("end_column") or 0),
    )


def parse_report(data: Any) -> tuple[list[Finding], dict[str, Any]]:
    """Findings and the other top-level keys (``urls``, ``authors``, ... whatever the command adds)."""
    items: Iterable[Any]
    extra: dict[str, Any] = {}
    if isinstance(data, list):
        items = data
    elif isinstance(data, Mapping):
        items = data.get("findings") or data.get("results") or []
        extra = {k: v for k, v in data.items() if k not in ("findings", "results")}
    else:
        raise ReportError("the JSON report is neither a list nor an object")
    findings: list[Finding] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise ReportError(f"a finding in the JSON report is not an object: {item!r:.80}")
        try:
            findings.append(_finding(item))
        except (KeyError, ValueError, TypeError) as exc:
            raise ReportError(f"a finding in the JSON report is malformed ({exc}): {item!r:.120}") from exc
    return sorted(findings), extra


def load_report(path: Path) -> tuple[list[Finding], dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReportError(f"{path}: the command wrote no JSON report") from exc
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: cannot read the JSON report: {exc}") from exc
    return parse_report(data)


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for f in findings:
        result[f.severity] += 1
    return result


def add_to_report(path: Path, extra: Iterable[Finding]) -> None:
    """Append findings to a JSON report in its own shape (fields are only ever added) and recount."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.setdefault("findings", [])
    for f in extra:
        items.append(entry(f))
    items.sort(key=lambda i: (i["path"], i["line"], i["col"], i["rule"]))
    if isinstance(data.get("counts"), dict):
        tally = counts(_finding(i) for i in items)
        data["counts"] = {s.label: tally[s] for s in sorted(Severity, reverse=True)}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
