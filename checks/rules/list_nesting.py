"""A list item indented more than the one above but too little to nest under it.

What it does: reports a list item that is indented deeper than the first item of its list, yet
renders as that list's next item, not as a sub-item: it is indented less than the parent item's
text (one space under `- `, two under `1. `, a tab counts as up to the next multiple of four).
Under an item that starts with a number (`- 1. step`), an item indented past the `- ` but not
past the `1. ` is shown inside the outer item after the number, at its level, so the grouping
survives: that is a notice, asking for the deeper indentation. Only an item directly under a
sibling of a few lines is judged, in block quotes too (columns count after the `>`); an ordered
item that continues the numbering (`2.` then `  3.`) is a sibling.
Why is this bad? The author meant a sub-list; readers on GitHub and HedgeDoc get a flat list, so a
point and its details look like equal points.
Example: bad `- topic` followed by ` - detail` (one space); good `  - detail` (two spaces under
`- `, three under `1. `).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

_SHORT = 12  # an item of more lines than this above a deeper one is not judged (bounded work)


def _unquoted(line: str) -> str:
    """The line after its block-quote markers ('> > text' -> 'text'), each '>' with one space."""
    if ">" not in line:
        return line  # most lines: no quote marker to strip
    rest = line
    while rest.lstrip(" ")[:1] == ">" and len(rest) - len(rest.lstrip(" ")) <= 3:
        rest = rest.lstrip(" ")[1:]
        if rest[:1] == " ":
            rest = rest[1:]
    return rest


def _indent(line: str) -> int:
    if "\t" not in line:
        return len(line) - len(line.lstrip(" "))  # spaces only: their count, from C
    width = 0
    for c in line:
        if c == " ":
            width += 1
        elif c == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _after_marker(line: str, col: int) -> int:
    """The column after the list marker at ``col`` and the spaces that follow it (tabs expanded)."""
    text = line.expandtabs(4)
    j = col
    while j < len(text) and not text[j].isspace():
        j += 1
    while j < len(text) and text[j] == " ":
        j += 1
    return j


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    # a stack of open lists: [marker column, first line, end line, holds a list, its number or -1]
    # of the item seen last, None before the first
    stack: list[list[int] | None] = []
    closed: list[int] | None = None  # last item of a list that just closed
    marker_at: dict[int, int] = {}  # line -> column of the last list marker seen on it
    for tok in doc.tokens:
        kind = tok.type
        # one string comparison for most tokens: only list and item openings change the state;
        # every other token (inline, paragraph, heading, list_item_close ...) ends a just-closed list's
        # claim to be followed by a sibling list
        if kind != "list_item_open":
            if kind == "bullet_list_open" or kind == "ordered_list_open":
                # a list right after another one at the same level ('1. a' then '  - b'): the marker
                # changed, so markdown-it started a new list where the author meant a sub-list
                if stack and stack[-1] is not None:
                    stack[-1][3] = 1  # the parent item holds a list: its end says nothing about the next item
                stack.append(closed)
                closed = None
            elif kind == "bullet_list_close" or kind == "ordered_list_close":
                closed = stack.pop() if stack else None
            else:
                closed = None
            continue
        closed = None
        if tok.map and stack:
            n = tok.map[0] + 1
            source = doc.line(n)
            line = _unquoted(source)
            shift = len(source) - len(line)  # a block quote's '> ': columns are counted after it
            # '- 1. step': the ordered item starts after the bullet's marker, not at the indentation
            # (found only for a second item on a line: most lines hold one marker)
            last_marker = marker_at.get(n)
            col = _indent(line) if last_marker is None else _after_marker(line, last_marker)
            marker_at[n] = col
            prev = stack[-1]
            number = int(tok.info) if tok.info.isdigit() else -1
            # the 6th field: the item's marker follows another on its line ('- 1. step')
            stack[-1] = [col, tok.map[0], tok.map[1], 0, number, int(last_marker is not None)]
            if prev is None:
                continue
            prev_col, prev_start, prev_end, nested, prev_number, inner = prev
            # only an item directly under a sibling of a few lines of text, each indented under its
            # marker: indented deeper than it, the author meant a sub-item (after a nested list, a blank
            # line or a continuation line at the margin the indentation says little); '3.' under '2.'
            # continues the numbering, so a sibling was meant and a sibling is what readers get
            if (
                not nested
                and prev_end == tok.map[0]
                and col > prev_col
                and (number < 0 or number != prev_number + 1)
                and prev_end - prev_start <= _SHORT
                and all(_indent(_unquoted(doc.line(k))) > prev_col for k in range(prev_start + 2, prev_end + 1))
            ):
                span = Span(n, shift + col + 1, n, shift + col + 1 + len(tok.markup or "-"))
                if inner:
                    # under '- 1. step' the item sits inside the outer '- ' item (it is indented past its
                    # marker), after the one-item '1.' list: the grouping survives, one level too shallow
                    above = _unquoted(doc.line(prev_start + 1)).expandtabs(4)
                    below = _after_marker(above, prev_col)
                    mark = above[prev_col:below].strip()
                    yield Problem(
                        span,
                        f"this item is shown inside the item above, after its '{mark}' point at the same "
                        f"level, not under it; indent it {below - col} more (under the text after '{mark} ') "
                        "to make it a sub-item of that point",
                        severity=Severity.NOTICE,
                    )
                    continue
                yield Problem(
                    span,
                    f"this item is indented {col - prev_col} more than the item above but renders as its "
                    "next item, not a sub-item; indent it under the text of the item above "
                    "(two spaces under '- ', three under '1. ') or not at all",
                )


RULE = Rule(id="list-indent-too-small", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
