"""An empty list item: a marker (`-`, `*`, `1.`) with nothing after it.

What it does: reports a list item that holds no text at all.
Why is this bad? Readers see an empty bullet (or number) in the list, usually the leftover of a
deleted point or of a template line nobody filled in: a warning, as the page shows it.
Example: bad a line `- ` between two items; good the line removed, or its text written.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    tokens = doc.tokens
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if tok.type != "list_item_open" or i == last or not tok.map or tokens[i + 1].type != "list_item_close":
            continue
        n = tok.map[0] + 1
        line = doc.line(n)
        col = len(line) - len(line.lstrip()) + 1
        yield Problem(
            Span(n, col, n, len(line.rstrip()) + 1),
            f"empty list item '{line.strip()}' shows as an empty bullet; remove the line or write its text",
        )


RULE = Rule(id="empty-list-item", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
