"""``minutes-ci audit``: every link and reference of the whole repository, judged over time.

Writes a Markdown report grouped by file (with line numbers and who last touched the file), plain
text lines (the default on a terminal) or a JSON report in which every finding names its URL.
Exit status: 3 an outage (most links got no answer: nothing is judged), else 1 findings at the
``--fail-on`` level (broken links or references), else 3 something could not be checked
(``links.not-checked: exit-3``, the default; ``fail`` makes that 1, ``pass`` 0), else 0; 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding

from .online import Report, run_checks, state_for
from .settings import SettingsError

# Offline rules that are part of a link audit: relative targets and in-repository anchors.
OFFLINE_LINK_RULES = ("missing-link-target", "missing-link-anchor")
UNCHECKED_RULES = ("link-not-checked", "reference-not-checked")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from minutes_ci import runner

    runner.add_common_arguments(parser)
    runner.add_online_arguments(parser)
    _option(parser, "--notices", help="also list notices (permanent redirects, links failing but not yet rotten)")
    _option(parser, "--no-github", help="skip the issue and pull request look-ups")
    _option(parser, "--no-owners", help="do not ask git who last touched each file")


def _option(parser: argparse.ArgumentParser, flag: str, help: str) -> None:
    # the shared online options grow; a flag they already define is not defined twice
    if flag not in parser._option_string_actions:
        parser.add_argument(flag, action="store_true", help=help)


def run(args: argparse.Namespace) -> int:
    from minutes_ci import runner

    try:
        formats = _formats(args.format, sys.stdout.isatty())
        args.drop_tokens = True  # the audit reads links and lines, never the markdown-it tokens
        prepared = runner.prepare(args)
        state = state_for(args, prepared.config, prepared.root)
        report = run_checks(prepared.docs, prepared.ctx, prepared.config, args, state, rot=True)
    except (runner.UsageError, SettingsError) as exc:
        print(f"minutes-ci audit: {exc}", file=sys.stderr)
        return 2
    offline = _offline(prepared)
    # offline link findings name their target too: look the link up at the finding's position
    at = {(d.path, link.span.line, link.span.col): link.url.strip() for d in prepared.docs for link in d.links}
    for f in offline:
        report.urls.setdefault(f, at.get((f.path, f.line, f.col), ""))
    # the online findings obey the configuration's severities and the inline suppressions, as in
    # `check --online`; the URL of each finding is carried over by its position and rule
    url_of = {(f.path, f.line, f.col, f.rule): url for f, url in report.urls.items()}
    from minutes_ci.checks import engine

    kept = engine.finalize(report.findings + offline, prepared.docs, prepared.rules, prepared.severities)
    if getattr(args, "baseline", None) is not None:
        from minutes_ci.commands import _read_baseline

        try:
            kept = engine.filter_baseline(kept, _read_baseline(args.baseline), prepared.docs)
        except runner.UsageError as exc:
            print(f"minutes-ci audit: {exc}", file=sys.stderr)
            return 2
    report.urls = {f: url_of.get((f.path, f.line, f.col, f.rule), "") for f in kept}
    shown = [f for f in sorted(kept + prepared.crashes) if args.notices or f.severity > Severity.NOTICE]
    owners = {} if args.no_owners else _owners(prepared.root, {f.path for f in shown})
    files = len(prepared.docs)
    renderers = {"json": render_json, "markdown": render_markdown, "text": render_text}
    for name, dest in formats:
        text = renderers[name](shown, report, owners, files)
        if dest:
            try:
                Path(dest).write_text(text, encoding="utf-8")
            except OSError as exc:
                print(f"minutes-ci audit: --format {name}={dest}: cannot write: {exc.strerror or exc}",
                      file=sys.stderr)
                return 2
        else:
            sys.stdout.write(text)
    return exit_code(shown, report, getattr(args, "fail_on", "error") or "error")


def exit_code(findings: Iterable[Finding], report: Report, fail_on: str = "error") -> int:
    """See the module docstring; documented in docs/CONFIG.md (exit status)."""
    findings = list(findings)
    if fail_on == "never":
        return 0
    if report.outage:
        return 3  # the rolling issue is left alone: an outage says nothing about the links
    threshold = Severity.parse(fail_on)
    judged = [f for f in findings if f.rule not in UNCHECKED_RULES or f.severity is Severity.ERROR]
    if any(f.severity >= threshold for f in judged):
        return 1
    if report.not_checked == "pass":
        return 0
    if report.stopped or any(f.rule in UNCHECKED_RULES for f in findings):
        return 3
    return 0


def _formats(values: list[str] | None, terminal: bool = False) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for value in values or ["text" if terminal else "markdown"]:
        name, _, dest = value.partition("=")
        name = {"md": "markdown", "summary": "markdown"}.get(name, name)
        if name not in ("markdown", "json", "text"):
            raise SettingsError(f"--format {value}: the audit writes text, markdown or json")
        out.append((name, dest or None))
    return out


def _offline(prepared: Any) -> list[Finding]:
    from minutes_ci.checks import engine
    from minutes_ci.checks.rules import RULES

    rules = [r for r in RULES if r.id in OFFLINE_LINK_RULES]
    return engine.run(prepared.docs, prepared.ctx, rules, prepared.severities)


def _owners(root: Path, paths: set[str]) -> dict[str, str]:
    """Who last touched each file, from one `git log` walk (newest first); {} outside git."""
    if not paths:
        return {}
    try:
        out = subprocess.run(["git", "log", "--format=%x00%an", "--name-only", "--no-renames", "--", *sorted(paths)],
                             cwd=root, capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    owners: dict[str, str] = {}
    author = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            author = line[1:]
        elif line and line not in owners and line in paths:
            owners[line] = author
    return owners


def _entry(f: Finding, report: Report, owners: dict[str, str]) -> dict[str, Any]:
    from minutes_ci.report.json_report import entry as base_entry

    entry = base_entry(f)
    url = report.urls.get(f)
    if url:
        entry["url"] = url
    if f.path in owners:
        entry["owner"] = owners[f.path]
    return entry


def _summary(report: Report, shown: list[Finding], files: int) -> dict[str, Any]:
    return {"files": files, "unique_urls": report.unique_urls, "link_occurrences": report.occurrences,
            "from_cache": report.cached, "requests": report.requests, "references": report.refs,
            "github_api_calls": report.api_calls, "github_pages_confirmed": report.github_pages,
            "broken": sum(1 for f in shown if f.severity is Severity.ERROR),
            "not_checked": sum(1 for f in shown if f.rule in UNCHECKED_RULES),
            "github_stopped": report.stopped, "outage": report.outage,
            "failing_not_yet_broken": sum(1 for f in report.findings if f.rule == "failing-link")}


def render_json(shown: list[Finding], report: Report, owners: dict[str, str], files: int) -> str:
    from minutes_ci import __version__
    from minutes_ci.report import counts

    # the shape of schemas/findings.schema.json (what `check --format json` writes), plus fields:
    # `command`, `summary`, and `url` / `owner` on findings
    data = {"version": 1, "tool": {"name": "minutes-ci", "version": __version__}, "command": "audit",
            "files_checked": files, "findings": [_entry(f, report, owners) for f in shown],
            "counts": counts(shown), "summary": _summary(report, shown, files)}
    return json.dumps(data, indent=1) + "\n"


def _cell(text: str) -> str:
    # messages quote link text and URLs from the minutes: inert Markdown, one line, no pipes
    from minutes_ci.report.safe import md_text

    return md_text(text)  # escapes `|` too


def render_markdown(shown: list[Finding], report: Report, owners: dict[str, str], files: int) -> str:
    from minutes_ci.report.safe import md_code, md_rule, md_text

    s = _summary(report, shown, files)
    lines = ["# Link audit", "",
             f"{files} file{'' if files == 1 else 's'}, {s['link_occurrences']} links to "
             f"{s['unique_urls']} unique URLs "
             f"({s['from_cache']} from the cache, {s['requests']} requests), {s['references']} issue and "
             f"pull request references ({s['github_api_calls']} GitHub API calls).", "",
             f"**{s['broken']} broken**, {s['not_checked']} could not be checked, "
             f"{s['failing_not_yet_broken']} failing but not yet counted as broken (see `links.rot`).", ""]
    if report.outage:
        lines += [f"> **Outage:** {md_text(report.outage)}. The links are listed as not checked; "
                  "the link-rot history was not moved on.", ""]
    if report.stopped:
        lines += [f"> GitHub look-ups stopped: {md_text(report.stopped)}; "
                  f"{report.unchecked_refs} references were not checked.", ""]
    by_file: dict[str, list[Finding]] = {}
    for f in shown:
        by_file.setdefault(f.path, []).append(f)
    for path, found in by_file.items():
        # file names and git author names come from the repository: code spans, never Markdown
        owner = f" (last changed by {md_code(owners[path])})" if path in owners else ""
        lines += [f"## {md_code(path)}{owner}", "", "| line | severity | rule | problem |", "|---|---|---|---|"]
        lines += [f"| {f.line}:{f.col} | {f.severity.label} | {md_rule(f.rule)} | {_cell(f.message)} |"
                  for f in found]
        lines.append("")
    if not shown:
        lines += ["No problems found.", ""]
    return "\n".join(lines)


def render_text(shown: list[Finding], report: Report, owners: dict[str, str], files: int) -> str:
    """`path:line:col: severity rule-id message` lines and a short summary: for a terminal or a log."""
    s = _summary(report, shown, files)
    from minutes_ci.report.safe import log_path, log_text

    # one finding a line, whatever a file name or a quoted link text holds (newlines, escapes, ##[)
    lines = [f"{log_path(f.path)}:{f.line}:{f.col}: {f.severity.label} {log_text(f.rule)} {log_text(f.message)}"
             for f in shown]
    if lines:
        lines.append("")
    if report.outage:
        lines.append(f"outage: {log_text(report.outage)}")
    if report.stopped:
        lines.append(f"GitHub look-ups stopped: {log_text(report.stopped)}")
    lines.append(f"{files} file{'' if files == 1 else 's'}, {s['unique_urls']} unique URLs "
                 f"({s['from_cache']} from the cache, {s['requests']} requests), {s['references']} references: "
                 f"{s['broken']} broken, {s['not_checked']} not checked, "
                 f"{s['failing_not_yet_broken']} failing but not yet broken")
    return "\n".join(lines) + "\n"
