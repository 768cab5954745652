"""A bullet list whose marker changes mid-list: `* item` and, on the next line, `- item`.

What it does: reports a bullet item whose marker (`-`, `*`, `+`) differs from the item directly
above it at the same level, with no blank line between them. CommonMark ends the list at the
changed marker and starts a new one, so one list renders as two. It is a warning where the author
evidently meant the new item to belong to the one above: a short run (one or two items, no
sub-list) of the other marker between items of the first (`* topic`, `- detail`, `* next topic`),
an item under one that ends in `:` or `?` (`* Who presents?` then `- @jo-doe`), or an item made
only of @handles; otherwise a notice (the list is split in two with a gap between the halves).
The switch back at the end of such a short run is not reported again, and in a chain of switches
only the first run can be a short run of details; after a blank line the author chose the break,
so it is left alone, as is a bullet after a numbered item.

Why is this bad? Readers do not see the list that was written: on GitHub and HedgeDoc the second
list starts after a gap, and a detail or an answer meant as a sub-item of the point above shows as
an unrelated point of its own, cut off from the point it belongs to (the indentation was lost when
the pad was pasted).

Example: bad `* Who presents next week?` followed by `- @jo-doe`; good `* Who presents next week?`
followed by `  * @jo-doe` (indented under the item), or the same marker for items of one list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

# a line starting with one bullet marker; searched once per marker kind before any token is looked at
# (searched in "\n" + text: tried only at newlines, not at every character as '^' under MULTILINE is)
_STARTS = {m: re.compile(r"\n[ \t>]*" + re.escape(m) + r"[ \t]") for m in ("-", "*", "+")}
_HANDLES_ONLY = re.compile(r"(?:@[A-Za-z0-9][A-Za-z0-9-]*[\s,/&;]*)+")  # `@jo-doe, @ann`: one loop, no nesting


def _blank(line: str) -> bool:
    return not line.replace(">", "").strip()


def _item_text(line: str) -> str:
    """The text of a list item's first line, after its indentation, quote markers and bullet."""
    text = line.lstrip(" \t>")
    return text[1:].strip() if text[:1] in "-*+" else text.strip()


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    text = doc.text
    if "* " not in text and "+ " not in text and "*\t" not in text and "+\t" not in text:
        return  # four substring searches: no '*' or '+' bullet, so every list uses '-' (a third of the files)
    lined = "\n" + text
    if sum(1 for pattern in _STARTS.values() if pattern.search(lined) is not None) < 2:
        return  # most files use one bullet marker (or none): no list can switch
    tokens = doc.tokens
    # per open list: its marker ('' for an ordered list), the first line (0-based) of its last item,
    # whether that item holds a sub-list
    frames: list[tuple[str, int, bool]] = []
    # per open list: its first line, how many items it has, whether any of them holds a sub-list
    shapes: list[list[int]] = []
    short: set[int] = set()  # first lines of lists of at most two items with no sub-list
    # each switch: (first line of the new list, 0-based; its end; old marker; new marker; the old
    # list's last item line; whether that item holds a sub-list; the old list's first line)
    switches: list[tuple[int, int, str, str, int, bool, int]] = []
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "list_item_open":
            if frames and tok.map:
                frames[-1] = (frames[-1][0], tok.map[0], False)
                shapes[-1][1] += 1
            continue
        if kind == "bullet_list_open" or kind == "ordered_list_open":
            if frames:
                frames[-1] = (frames[-1][0], frames[-1][1], True)  # the enclosing item holds a list
                shapes[-1][2] = 1
            frames.append((tok.markup if kind == "bullet_list_open" else "", -1, False))
            shapes.append([tok.map[0] if tok.map else -1, 0, 0])
            continue
        if kind != "bullet_list_close" and kind != "ordered_list_close":
            continue
        marker, item_line, child = frames.pop() if frames else ("", -1, False)
        first, items, nested = shapes.pop() if shapes else (-1, 0, 0)
        if items <= 2 and not nested:
            short.add(first)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            kind == "bullet_list_close"
            and marker
            and nxt is not None
            and nxt.type == "bullet_list_open"
            and nxt.map
            and nxt.markup != marker
            and nxt.map[0] >= 1
            and not _blank(doc.line(nxt.map[0]))  # the line directly above the new list (1-based)
        ):
            switches.append((nxt.map[0], nxt.map[1], marker, nxt.markup, item_line, child, first))
    by_start = {s[0]: s for s in switches}
    starts = set(by_start)
    returns: set[int] = set()  # new lists that only switch back to the marker of the list before the run
    for start, end, old, new, item_line, child, old_first in switches:
        n = start + 1
        line = doc.line(n)
        above = doc.line(n - 1).rstrip()
        # the item above is one line ending in ':' or '?' (a question, a label): what follows answers it
        answers = not child and item_line == start - 1 and above.endswith((":", "?"))
        own = answers or _HANDLES_ONLY.fullmatch(_item_text(line)) is not None
        if start in returns:
            continue  # the end of a short run reported at its start (the item above it is a detail)
        # the run of the other marker ends where a list of the first marker starts directly after it
        back = by_start.get(end)
        # a short run (one or two items, no sub-list) between items of the first marker: details of the
        # item above whose indentation was lost; a longer run is more likely a group of its own
        # (only after a list that is not itself a switched run: in a chain of switches the markers
        # say nothing about which items are details)
        sandwich = back is not None and back[2] == new and back[3] == old and start in short and old_first not in starts
        if sandwich:
            returns.add(end)
        if sandwich or own:
            what = (
                "it shows as a point of its own in a new list, cut off from the item above that it "
                "belongs to; indent it under that item's text to make it a sub-item, or use "
                f"'{old}' like the items above"
            )
            severity = Severity.WARNING
        else:
            what = f"the list renders as two lists with a gap between them; use '{old}' like the items above"
            severity = Severity.NOTICE
        col = len(line) - len(line.lstrip(" \t>")) + 1
        yield Problem(
            Span(n, col, n, col + 1),
            f"this item's marker '{new}' differs from the '{old}' of the item directly above, so CommonMark "
            f"ends the list here and starts a new one: {what}",
            severity=severity,
        )


RULE = Rule(id="list-marker-switch", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
