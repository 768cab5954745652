"""An action item without an owner (`AI: text`) or written the wrong way round (`@AI name`).

What it does: reads the action items the parser found and reports `AI:` followed by text but no
`@handle` anywhere in it (a notice: `AI: Jane pings the vendor` names a person but no handle), and
the inverted `@AI name` (a warning: it mentions a GitHub user called `AI`). Every owner form in use
is accepted: `AI @x: text`, `(AI @x)`, `AI: @x text`, `AI @x text`, `AI (@x): text`, and a handle
later in the item (`AI: split the epic (@x)`). Struck-through items (`~~AI: ...~~`) are done.

Why is this bad? An action item is only followed up when someone owns it; pending items are
reviewed by owner in the next meeting.

Example: bad `- AI: update the standard`; good `- AI @alice: update the standard`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import ActionItem, Document
from ..rule import MINUTES_KINDS, Context, Problem, Rule, Severity

# the owner named further on: "AI: split the epic (@x)", "AI: write a story - @x will do it"
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9]")


def _struck(doc: Document, item: ActionItem) -> bool:
    """The item is struck through (`~~- AI: ...~~`, `AI: ~~...~~`): done or dropped, not open."""
    line = doc.line(item.span.line)
    before = line[: item.span.col - 1].count("~~")
    return before % 2 == 1 or (item.text.lstrip().startswith("~~") and "~~" in item.text.lstrip()[2:])


def _shown(text: str) -> str:
    """The item's words, without the `)` that closes a parenthesis opened before `AI:` (`(AI: POs)`)."""
    what = " ".join(text.split())
    surplus = what.count(")") - what.count("(")  # counted once, cut once: linear in a line of ")))"
    end = len(what)
    while surplus > 0 and end and what[end - 1] == ")":
        end -= 1
        surplus -= 1
    return what[:end].rstrip()[:40]


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for item in doc.action_items:
        if item.span.line in doc.code_lines:
            continue
        if item.owner is None and not item.form.startswith("@AI") and (_HANDLE.search(item.text) or _struck(doc, item)):
            continue
        if item.form == "@AI x" or item.form.startswith("@AI"):
            who = f" {item.owner}" if item.owner else ""
            yield Problem(
                item.span,
                f"inverted action item '@AI{who}', expected 'AI @{item.owner or 'handle'}:'",
                severity=Severity.WARNING,
            )
        elif item.owner is None:
            what = _shown(item.text)
            # "has no owner" would be wrong for "AI: Matej pings Oliver": a name is there, the handle not
            yield Problem(item.span, f"action item {what!r} names no owner's @handle, expected 'AI @handle: ...'")


RULE = Rule(id="action-item-owner", severity=Severity.NOTICE, check=check, doc=__doc__ or "", kinds=MINUTES_KINDS)
