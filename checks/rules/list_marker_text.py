"""A list marker that became paragraph text: `* item` read as a continuation of the line above.

What it does: reports a line that starts with a list marker (`-`, `*`, `+`, `1.`, `2)`) but that
markdown-it reads as part of the paragraph above it: a lazy continuation line (indented under a list
item by more than its content, or four spaces and more), an ordered item not starting at 1 directly
under text (when it is meant as one: a `)` delimiter, a line ending in `:` above, or a run of
numbers; a lone `14. March` in running text is a date and renders as meant), or a marker under a
paragraph inside a block quote.
Why is this bad? GitHub and HedgeDoc show the marker as a literal `*` or `2.` in the middle of the
previous item's text, so the list readers see is not the list the author wrote.
Example: bad `- item` followed by `      * sub item` (six spaces) or `text` followed by `2. second`;
good `  * sub item` (two spaces, under the item's text), or an empty line before `2. second`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS, pieces

_MARKER = re.compile(r"^(?:[-*+]|\d{1,2}[.)])[ \t]+\S")
_ORDERED = re.compile(r"^[ \t>]*(\d{1,2})([.)])[ \t]+\S")


def _number(line: str) -> int | None:
    m = _ORDERED.match(line)
    return int(m.group(1)) if m else None


def _meant_as_item(doc: Document, n: int, source: str) -> bool:
    """Is the ordered marker on line ``n`` (not indented under a list's text) meant as an item?

    '14. March' in running text is a date written as German minutes write it, and renders as meant.
    A ')' delimiter, a run of numbers (2., 3.) or a line ending in ':' above make it a list."""
    m = _ORDERED.match(source)
    if m is None:
        return False
    if m.group(2) == ")" or len(source) - len(source.lstrip(" \t")) >= 4:
        return True
    number = int(m.group(1))
    above = doc.line(n - 1).rstrip() if n > 1 else ""
    below = doc.line(n + 1) if n < len(doc.lines) else ""
    return above.endswith(":") or _number(above) == number - 1 or _number(below) == number + 1


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for piece in pieces(doc):
        if not piece.line_start or piece.first_line or not _MARKER.match(piece.text):
            continue
        source = doc.line(piece.line)
        col = source.find(piece.text[:8]) + 1
        if col < 1 or (col > 1 and source[col - 2] == "\\"):
            continue  # '\*' is meant as text
        marker = piece.text.split(maxsplit=1)[0]
        if marker[0].isdigit() and not _meant_as_item(doc, piece.line, source):
            continue
        shown = piece.text[:30]
        yield Problem(
            Span(piece.line, col, piece.line, col + len(marker)),
            f"'{shown}' is shown as text of the line above, not as a list item ('{marker}' appears "
            f"literally); indent it as deep as the item text it belongs under, or put an empty line before it",
        )


RULE = Rule(id="list-marker-as-text", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
