"""A doubled list marker: `- - text` or `* * **text**`, a list nested on its parent's marker line.

What it does: reports a list item whose text starts with another marker of the same kind of list
(`- - text`, `* * text`, `1. 1. text`), so markdown-it opens a sub-list on the same line. A thematic
break (`* * *`), a task box (`- [ ] x`) and a numbered point under a bullet (`* 1. First`, a
template's style) are left alone.
Why is this bad? Readers see a bullet holding nothing but another bullet: an empty-looking point
with the text pushed one level in, usually a marker typed twice or left over from an edit.
Example: bad `* * **Summit in June**`; good `* **Summit in June**` (or `  * ...` on its own line
under the item it belongs to).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

_OPEN = {"bullet_list_open": "bullet_list_close", "ordered_list_open": "ordered_list_close"}


# two list markers at a line's start, looked for in the whole text first (no nested runs: linear)
# (searched in "\n" + text: a pattern that starts with a literal newline is tried only at newlines,
# where '^' under MULTILINE is tried at every character; the same lines match)
_TWO_MARKERS = re.compile(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:[-*+]|\d{1,9}[.)])(?=[ \t\n]|\Z)")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if _TWO_MARKERS.search("\n" + doc.text) is None:
        return  # most files: no line starts with two markers, so no item opens a list on its own line
    tokens = doc.tokens
    lists: list[str] = []  # kinds of the lists open around the current token
    reported: set[int] = set()
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in _OPEN:
            lists.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open" and i < last and lists and tok.map:
            inner = tokens[i + 1]
            # the sub-list starts on the item's own line and is a list of the same kind
            if inner.type != lists[-1] or not inner.map or inner.map[0] != tok.map[0]:
                continue
            n = tok.map[0] + 1
            if n in reported:
                continue
            reported.add(n)
            source = doc.line(n)
            col = len(source) - len(source.lstrip()) + 1
            outer = tok.markup if lists[-1] == "bullet_list_open" else tok.info + tok.markup
            shown = source.strip()[:30]
            yield Problem(
                Span(n, col, n, col + len(outer)),
                f"'{shown}' has two list markers, so readers see a bullet that holds only another bullet; "
                "remove one marker (or put the sub-item on its own line, indented under its parent)",
            )


RULE = Rule(
    id="doubled-list-marker",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=RENDER_KINDS,
)
