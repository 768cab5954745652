"""Text that became an indented code block by accident (four spaces or a tab before it).

What it does: reports an indented code block (not a fenced one) in minutes: lines indented by a
tab or four spaces and more after a heading, a paragraph or an empty line, which markdown-it
(GitHub and HedgeDoc alike) renders as a code block. Tab-indented handles under `## Participants`
are the common case. Fenced code blocks are what minutes use for code, and are left alone; so is
code indented under a list item's text (`- run:`, an empty line, then `      make test`), the
usual way to put a command under a point.
Why is this bad? Readers see the text in a grey monospace box with the Markdown unrendered:
handles are not links, links and emphasis show as raw syntax, and long lines do not wrap.
Example: bad `## Participants` followed by a line `<TAB>@alice`; good `- @alice`, or code in a
fence (three backticks before and after).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    items = 0  # open list items: code indented under an item's text is how one writes code there
    for tok in doc.tokens:
        if tok.type == "list_item_open":
            items += 1
        elif tok.type == "list_item_close":
            items -= 1
        if tok.type != "code_block" or not tok.map or items > 0:
            continue
        first, last = tok.map[0] + 1, tok.map[1]
        while last > first and not doc.line(last).strip():
            last -= 1
        text = doc.line(first).strip()
        shown = text if len(text) <= 40 else text[:37] + "..."
        lines = f"lines {first}-{last}" if last > first else f"line {first}"
        yield Problem(
            Span(first, 1, last, len(doc.line(last)) + 1),
            f"{lines} ('{shown}') render as a code block because of the indentation (a tab or four spaces); "
            "remove the indentation, make it a list item ('- '), or fence real code with ```",
        )


RULE = Rule(id="accidental-code-block", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
