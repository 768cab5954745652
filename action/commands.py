"""The built-in commands: check, rules, explain, baseline."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from . import __version__, safe_fs
from .checks import engine
from .checks.model import Severity
from .checks.rule import Finding
from .runner import Run, UsageError, add_common_arguments, add_online_arguments, prepare

DEFAULT_BASELINE = ".minutes-ci-baseline.json"


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "check":
        add_common_arguments(parser)
        parser.add_argument("--online", action="store_true", help="also check links and issue references online")
        add_online_arguments(parser)
    elif name == "baseline":
        add_common_arguments(parser)
    elif name == "explain":
        parser.add_argument("rule", metavar="RULE", help="a rule id, as `minutes-ci rules` lists them")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return check(args)
        if args.command == "baseline":
            return baseline(args)
        if args.command == "rules":
            return rules_table()
        return explain(args.rule)
    except UsageError as exc:
        print(f"minutes-ci: error: {exc}", file=sys.stderr)
        return 2


def collect(run: Run, args: argparse.Namespace) -> list[Finding]:
    """Offline findings (plus online ones with --online), suppressions applied, sorted."""
    findings = engine.run(run.docs, run.ctx, run.rules, run.severities, run.changed_lines)
    findings += run.crashes
    if run.pending:
        from .parallel import check_pending

        more, run.checked_elsewhere = check_pending(run)
        findings += more
    if getattr(args, "online", False):
        try:
            from .net.online import check_online
        except ImportError as exc:
            raise UsageError(f"--online is not available in this installation ({exc})") from None
        online = check_online(run, args)
        findings = engine.finalize(findings + online, run.docs, run.rules, run.severities, run.changed_lines)
    return sorted(findings)


def _parse_formats(specs: list[str]) -> list[tuple[str, str | None]]:
    from .report import FORMATS

    out: list[tuple[str, str | None]] = []
    for spec in specs or ["text"]:
        name, _, path = spec.partition("=")
        if name not in FORMATS:
            raise UsageError(f"--format {spec}: unknown format {name!r} (known: {', '.join(FORMATS)})")
        out.append((name, path or None))
    return out


def check(args: argparse.Namespace) -> int:
    formats = _parse_formats(args.format)  # before the work: a typo must not cost a full run
    # worker processes may parse and check when nothing later needs the Documents in this process
    args.parallel_ok = not getattr(args, "online", False) and args.baseline is None
    run = prepare(args)
    findings = collect(run, args)
    if args.baseline is not None:
        findings = engine.filter_baseline(findings, _read_baseline(args.baseline), run.docs)
    for message in run.errors:
        print(f"minutes-ci: warning: {message}", file=sys.stderr)
    emit(findings, run, formats)
    if args.fail_on == "never":  # report only: the exit code says nothing about findings
        return 0
    threshold = Severity.parse(args.fail_on)
    if any(f.severity >= threshold for f in findings):
        return 1
    return 3 if getattr(args, "online_outage", None) else 0  # --online in a network outage: nothing judged


def emit(findings: list[Finding], run: Run, formats: list[tuple[str, str | None]]) -> None:
    from . import report

    for name, path in formats:
        to_terminal = path is None and sys.stdout.isatty()
        info = report.ReportInfo(
            rules=report.rule_infos(run.rules),
            version=__version__,
            files_checked=run.files_checked,
            color=to_terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb",
            prefix=run.prefix,
            server_url=os.environ.get("GITHUB_SERVER_URL", ""),
            repository=os.environ.get("GITHUB_REPOSITORY", ""),
            sha=os.environ.get("GITHUB_SHA", ""),
            changed_lines=run.changed_lines,
        )
        text = report.get(name)(findings, info)
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--format {name}={path}: cannot write: {exc.strerror or exc}") from None


def _read_baseline(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(safe_fs.read_path(path).decode("utf-8"))  # a FIFO or /dev/zero: refused
    except OSError as exc:
        raise UsageError(f"--baseline {path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--baseline {path}: not a minutes-ci baseline (invalid JSON: {exc})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsageError(f"--baseline {path}: not a minutes-ci baseline (no list of findings)")
    return entries


def baseline(args: argparse.Namespace) -> int:
    run = prepare(args)
    findings = collect(run, args)
    target: Path = args.baseline or run.root / DEFAULT_BASELINE
    document = {
        "version": 1,
        "tool": {"name": "minutes-ci", "version": __version__},
        "findings": engine.baseline_entries(findings, run.docs),
    }
    data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        if args.baseline:
            target.write_bytes(data)
        else:  # a repository path: a link planted there is replaced, never written through (safe_fs)
            safe_fs.write_in(run.root, DEFAULT_BASELINE, data)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write the baseline: {exc.strerror or exc}") from None
    print(f"minutes-ci: recorded {len(findings)} finding{'' if len(findings) == 1 else 's'} in {target}")
    return 0


def _all_rules() -> dict[str, tuple[Severity, str, str]]:
    """id -> (severity, kinds, doc), the registry's rules and the engine's own."""
    from .checks.rules import RULES

    table = {
        r.id: (r.severity, ", ".join(sorted(k.value for k in r.kinds)) if r.kinds else "all", r.doc)
        for r in RULES
    }
    from .report import extra_rule_docs

    for rule_id, (severity, doc) in extra_rule_docs().items():
        table.setdefault(rule_id, (severity, "all", doc))
    return table


def rules_table() -> int:
    table = _all_rules()
    width = max(len(rule_id) for rule_id in table)
    kinds_width = max(len(kinds) for _, kinds, _ in table.values())
    print(f"{'RULE':<{width}}  SEVERITY  {'KINDS':<{kinds_width}}  SUMMARY")
    for rule_id in sorted(table):
        severity, kinds, doc = table[rule_id]
        summary = doc.strip().splitlines()[0] if doc.strip() else ""
        print(f"{rule_id:<{width}}  {severity.label:<8}  {kinds:<{kinds_width}}  {summary}")
    return 0


def explain(rule_id: str) -> int:
    table = _all_rules()
    if rule_id not in table:
        close = difflib.get_close_matches(rule_id, list(table), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (`minutes-ci rules` lists them)"
        raise UsageError(f"unknown rule {rule_id!r}{hint}")
    severity, kinds, doc = table[rule_id]
    print(f"{rule_id} ({severity.label}; applies to: {kinds})\n")
    print(textwrap.dedent(doc).strip())
    return 0
