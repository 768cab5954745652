"""Online checks for a pull request: only links and issue references on lines the PR wrote.

Old links in a touched file are the audit's business; checking them on every pull request would
make a contributor answer for rot they did not cause, and spend the token's rate limit. So the
Documents are narrowed to the touched lines before the net engineer's resolver sees them.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping
from pathlib import Path

from minutes_ci.checks.model import Document, Span
from minutes_ci.checks.rule import Finding
from minutes_ci.report.safe import guarded_output

from .env import Inputs
from .invoke import common_args


def _on(span: Span, lines: set[int]) -> bool:
    return any(n in lines for n in range(span.line, max(span.line, span.end_line) + 1))


def narrow(doc: Document, lines: set[int]) -> Document:
    """The same Document with only the links and references that sit on ``lines``."""
    return dataclasses.replace(
        doc,
        links=[link for link in doc.links if _on(link.span, lines)],
        issue_refs=[ref for ref in doc.issue_refs if _on(ref.span, lines)],
        handles=[h for h in doc.handles if _on(h.span, lines)],
    )


def added_link_findings(
    root: Path, inputs: Inputs, touched: Mapping[str, set[int]], env: Mapping[str, str]
) -> list[Finding]:
    paths = sorted(p for p, lines in touched.items() if lines and (root / p).is_file())
    if not paths:
        return []
    try:
        from minutes_ci.net.online import run_checks, state_for
        from minutes_ci.runner import add_common_arguments, prepare
    except ImportError as exc:  # an install without the online extras still checks offline
        print(f"minutes-ci: online checks are not available in this install ({exc})", flush=True)
        return []
    parser = argparse.ArgumentParser(prog="minutes-ci check")
    add_common_arguments(parser)
    # "--": the paths are the pull request's file names; "--root=/x" there is a file, not an option
    args = parser.parse_args([f"--root={root}", *common_args(inputs.config, inputs.preset), "--", *paths])
    # state_for keeps a cache path inside the checkout to the checkout (a committed symlink
    # `.minutes-ci-cache` -> ~ means no cache, not a write through it)
    args.cache = str(root / inputs.cache_path) if inputs.cache_path else None
    args.allow_private_hosts = inputs.allow_private_hosts  # the workflow's input, never the config file
    run = prepare(args)
    docs = [narrow(doc, touched.get(doc.path, set())) for doc in run.docs]
    with guarded_output():  # progress and outage lines quote hosts and URLs from the pull request
        report = run_checks(docs, run.ctx, run.config, args, state_for(args, run.config, root), rot=False, env=env)
        if report.outage:
            # the links of this pull request were not judged: say so in the log, next to the warnings
            print(f"minutes-ci: {report.outage}; the links this pull request adds were not judged", flush=True)
    return list(report.findings)
