"""Run the rules over the Documents and turn their Problems into the Findings a user sees.

Order of work: each applicable rule runs on each readable Document (a crash in a rule becomes an
``internal-error`` finding, never a lost file); the engine stamps rule id, severity and path; then
config severities (``off`` drops), inline suppression comments, the changed-lines filter for
whitespace-style rules, and finally a stable sort. Baselines are matched here too, by content
rather than by line number, so that lines shifting above a finding do not resurrect it.
"""

from __future__ import annotations

import hashlib
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from .model import Directive, Document, Severity
from .rule import Context, Finding, Rule

INTERNAL_ERROR = "internal-error"
UNREADABLE = "unreadable-file"

# The engine's own findings, documented like rules so that `explain` and SARIF know them.
ENGINE_RULES: dict[str, tuple[Severity, str]] = {
    INTERNAL_ERROR: (
        Severity.ERROR,
        """A rule crashed on this file.

What it does: reports a rule that raised an exception, naming the rule and the exception; the
other rules still ran on the file.
Why is this bad? It is a bug in minutes-ci, not in the minutes: the file was not fully checked.
Please report it with the file that triggers it.
Example: `rule title-date-mismatch crashed: IndexError: list index out of range at title_date.py:40`
reported at line 1 of the file (a crash of the parser reads `the parser crashed: ...`).
""",
    ),
    UNREADABLE: (
        Severity.ERROR,
        """The file cannot be read as a text file.

What it does: reports a file that is binary, too large, not valid text, a folder, or unreadable.
Why is this bad? No rule can check it, and readers of the minutes cannot read it either.
Example: bad `iaas/20240101.md` that is really a PNG image; good a UTF-8 Markdown file.
""",
    ),
}

Severities = Mapping[str, Severity | None]  # rule id -> override; None means "off"
ChangedLines = Mapping[str, frozenset[int] | None]  # path -> changed lines; None: the whole file


def run(
    docs: Sequence[Document],
    ctx: Context,
    rules: Sequence[Rule],
    severities: Severities | None = None,
    changed_lines: ChangedLines | None = None,
) -> list[Finding]:
    """Every finding of ``rules`` on ``docs`` after severities and suppressions, sorted."""
    severities = severities or {}
    active = [r for r in rules if severities.get(r.id, r.severity) is not None]
    raw = [f for doc in docs for f in run_document(doc, ctx, active)]
    return finalize(raw, docs, rules, severities, changed_lines)


def run_document(doc: Document, ctx: Context, rules: Sequence[Rule]) -> list[Finding]:
    """The stamped findings of ``rules`` on one Document, before any suppression."""
    if doc.fatal:
        return [Finding(doc.path, 1, 1, UNREADABLE, doc.fatal, Severity.ERROR)]
    found: list[Finding] = []
    kind = doc.kind
    for rule in rules:
        # Rule.applies_to, inlined: the engine asks it for every rule and every file
        if rule.kinds is not None and kind not in rule.kinds:
            continue
        try:
            for problem in rule.check(doc, ctx):
                span = problem.span
                found.append(
                    Finding(
                        path=doc.path,
                        line=max(span.line, 1),
                        col=max(span.col, 1),
                        rule=rule.id,
                        message=problem.message,
                        severity=problem.severity or rule.severity,
                        end_line=span.end_line,
                        end_col=span.end_col,
                        fix=problem.fix,
                    )
                )
        except Exception as exc:  # a buggy rule must not hide the file or stop the run
            found.append(Finding(doc.path, 1, 1, INTERNAL_ERROR, _crash(rule.id, exc), Severity.ERROR))
    if found:
        found = _redact_secrets(doc, ctx, rules, found)
    return found


SECRET_RULE = "secret-in-minutes"
MIN_SECRET = 6  # shorter pieces of a secret are not hunted in messages (they are ordinary words)
MAX_QUOTE = 200  # no message quotes more of one line than this


def _redact_secrets(doc: Document, ctx: Context, rules: Sequence[Rule], found: list[Finding]) -> list[Finding]:
    """Mask, in every other rule's message, the secrets secret-in-minutes finds in the file.

    Rules quote what they report: a URL that cannot work, a line glued to a list item, a link left
    as text. When that text holds a password or a token, the message would print what
    secret-in-minutes takes care never to print. Its spans name the secrets; each is replaced by
    '****' in the other messages, and so is its longest beginning or end of MIN_SECRET characters or
    more (a message may shorten a long URL to its first or last characters). The rule runs for
    this even when it is switched off: the other rules' output must not leak what it would find.
    """
    spans = [(f.line, f.col, f.end_line, f.end_col) for f in found if f.rule == SECRET_RULE]
    if not any(r.id == SECRET_RULE for r in rules):
        from .rules import secrets  # the rule itself, only when a run left it out

        try:
            spans = [(p.span.line, p.span.col, p.span.end_line, p.span.end_col) for p in secrets.check(doc, ctx)]
        except Exception:  # its crash is reported when it runs; here it can only mean no mask
            spans = []
    if not spans:
        return found
    values: set[str] = set()
    for line, col, end_line, end_col in spans:
        if end_line in (None, line) and end_col:
            values.add(doc.line(line)[col - 1 : end_col - 1])
        else:  # a private key block: each of its lines
            values.update(doc.line(n).strip() for n in range(line, (end_line or line) + 1))
    secret = sorted((v for v in values if len(v) >= MIN_SECRET), key=len, reverse=True)
    if not secret:
        return found
    return [f if f.rule == SECRET_RULE else _masked(f, secret) for f in found]


def _masked(finding: Finding, secrets: list[str]) -> Finding:
    message = finding.message
    for value in secrets:
        message = message.replace(value, "****")
        # a shortened quote ('https://u:Xk3...'): the longest start or end of the secret it holds;
        # looked for only when its first or last MIN_SECRET characters are there (bounded work)
        if value[:MIN_SECRET] in message:
            k = MIN_SECRET
            while k < min(len(value), MAX_QUOTE) and value[: k + 1] in message:
                k += 1
            message = message.replace(value[:k], "****")
        if value[-MIN_SECRET:] in message:
            k = MIN_SECRET
            while k < min(len(value), MAX_QUOTE) and value[-k - 1 :] in message:
                k += 1
            message = message.replace(value[-k:], "****")
    return finding if message == finding.message else replace(finding, message=message)


def _crash(rule_id: str, exc: BaseException) -> str:
    # lookup_lines=False: no source file is read (the core does no I/O)
    frames = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
    where = f" at {PurePosixPath(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"rule {rule_id} crashed: {type(exc).__name__}: {exc}{where}"


def finalize(
    findings: Iterable[Finding],
    docs: Sequence[Document],
    rules: Sequence[Rule],
    severities: Severities | None = None,
    changed_lines: ChangedLines | None = None,
) -> list[Finding]:
    """Apply severities, inline suppressions and the changed-lines filter; sort.

    Also used for findings made outside the rules (the online checks), so they obey the same
    suppression comments and configuration.
    """
    severities = severities or {}
    by_path = {doc.path: doc for doc in docs}
    whitespace = frozenset(r.id for r in rules if r.whitespace)
    kept: set[Finding] = set()
    for f in findings:
        if f.rule != INTERNAL_ERROR:
            if f.rule in severities:
                override = severities[f.rule]
                if override is None:
                    continue
                f = _with_severity(f, override)
            doc = by_path.get(f.path)
            if doc is not None and is_suppressed(f.rule, f.line, doc.directives):
                continue
        if changed_lines is not None and f.rule in whitespace:
            lines = changed_lines.get(f.path, frozenset())
            if lines is not None and f.line not in lines:
                continue
        kept.add(f)
    # the order Finding defines (path, line, col, rule, message), by a key tuple made once per
    # finding: the dataclass's own comparison builds two tuples in Python for every comparison
    return sorted(kept, key=_order)


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.path, f.line, f.col, f.rule, f.message)


def _with_severity(f: Finding, severity: Severity) -> Finding:
    return Finding(f.path, f.line, f.col, f.rule, f.message, severity, f.end_line, f.end_col, f.fix)


def is_suppressed(rule: str, line: int, directives: Sequence[Directive]) -> bool:
    """Does an inline comment switch ``rule`` off on ``line``? Later disable/enable win."""
    disabled = False
    for d in sorted(directives, key=lambda d: d.line):
        if d.rules and rule not in d.rules:
            continue
        if d.action == "disable-file":
            return True
        if (d.action == "disable-line" and d.line == line) or (d.action == "disable-next-line" and d.line + 1 == line):
            return True
        if d.line <= line and d.action in ("disable", "enable"):
            disabled = d.action == "disable"
    return disabled


# --- baselines -----------------------------------------------------------------------------


def _line_hash(doc: Document | None, line: int) -> str:
    text = doc.line(line).strip() if doc is not None else ""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _key(f: Finding, docs: Mapping[str, Document]) -> tuple[str, str, str, str]:
    return (f.path, f.rule, f.message, _line_hash(docs.get(f.path), f.line))


def baseline_entries(findings: Iterable[Finding], docs: Sequence[Document]) -> list[dict[str, Any]]:
    """The baseline records of ``findings``: what `minutes-ci baseline` writes (as JSON)."""
    by_path = {d.path: d for d in docs}
    return [
        {"path": f.path, "line": f.line, "rule": f.rule, "message": f.message, "line_hash": _key(f, by_path)[3]}
        for f in sorted(findings)
    ]


def filter_baseline(
    findings: Iterable[Finding], entries: Iterable[Mapping[str, Any]], docs: Sequence[Document]
) -> list[Finding]:
    """Drop findings recorded in the baseline: same path, rule, message and line text.

    Each record absorbs one finding, so a second identical problem added later still shows.
    """
    by_path = {d.path: d for d in docs}
    budget = Counter(
        (str(e.get("path")), str(e.get("rule")), str(e.get("message")), str(e.get("line_hash"))) for e in entries
    )
    kept: list[Finding] = []
    for f in sorted(findings):
        key = _key(f, by_path)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            kept.append(f)
    return kept
