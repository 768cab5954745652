"""An action item without an owner (`AI: text`) or written the wrong way round (`@AI name`).

What it does: reads the action items the parser found and reports `AI:` followed by text but no
`@handle` (a notice), and the inverted `@AI name` (a warning: it mentions a GitHub user called `AI`).
Every owner form in use is accepted: `AI @x: text`, `(AI @x)`, `AI: @x text`, `AI @x text`,
`AI (@x): text`.

Why is this bad? An action item is only followed up when someone owns it; pending items are
reviewed by owner in the next meeting.

Example: bad `- AI: update the standard`; good `- AI @alice: update the standard`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document
from ..rule import MINUTES_KINDS, Context, Problem, Rule, Severity


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for item in doc.action_items:
        if item.span.line in doc.code_lines:
            continue
        if item.form == "@AI x" or item.form.startswith("@AI"):
            who = f" {item.owner}" if item.owner else ""
            yield Problem(
                item.span,
                f"inverted action item '@AI{who}', expected 'AI @{item.owner or 'handle'}:'",
                severity=Severity.WARNING,
            )
        elif item.owner is None:
            what = " ".join(item.text.split())[:40]
            yield Problem(item.span, f"action item {what!r} has no owner, expected 'AI @handle: ...'")


RULE = Rule(id="action-item-owner", severity=Severity.NOTICE, check=check, doc=__doc__ or "", kinds=MINUTES_KINDS)
