"""A list marker that became paragraph text: `* item` read as a continuation of the line above.

What it does: reports a line that starts with a list marker (`-`, `*`, `+`, `1.`, `2)`) but that
markdown-it reads as part of the paragraph above it: a lazy continuation line (indented under a list
item by more than its content, or four spaces and more), an ordered item not starting at 1 directly
under text (when it is meant as one: a `)` delimiter, a line ending in `:` above, or a run of
numbers; a lone `14. March` in running text is a date and renders as meant), a marker under a
paragraph inside a block quote, or a whole item struck through or bold with its marker inside
(`~~- done item~~`, or `~~- item` never closed, on the line under an item), and a marker after a
no-break space (U+00A0), which Markdown does not count as indentation. An outline number
(`1.1.`, `2.3`, `1.2.3.`) on a paragraph's or item's later line is reported too, when it is one of
a run of numbered lines or a line ending in `:` stands above it (a lone `1.2 was released` is a
version in running text): Markdown has no outline list, so it joins the line above.
Why is this bad? GitHub and HedgeDoc show the marker as a literal `*` or `2.` in the middle of the
previous item's text, so the list readers see is not the list the author wrote.
Example: bad `- item` followed by `      * sub item` (six spaces) or `text` followed by `2. second`;
good `  * sub item` (two spaces, under the item's text), or an empty line before `2. second`;
bad `- Parts:` followed by `    1.1. First` and `    1.2. Second`, good a nested `1.` list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS, pieces

_MARKER = re.compile(r"^(?:[-*+]|\d{1,2}[.)])[ \t]+\S")
_ORDERED = re.compile(r"^[ \t>]*(\d{1,2})([.)])[ \t]+\S")
# '1.1. Tutorials', '2.3 Scope', '1.2.3. Detail': an outline number, which Markdown has no list for
# (only '1.' and '1)' start an ordered item). Components of one or two digits, none with a leading
# zero: '01.06. meeting' is a date; a four-digit year never matches.
_OUTLINE = re.compile(r"^[ \t>]*([1-9]\d?|0)(?:\.(?:[1-9]\d?|0)){1,3}\.?[ \t]+\S")


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


def _meant_as_outline(doc: Document, n: int) -> bool:
    """Is the outline number on line ``n`` one of a run of numbered points?

    '1.2 was released' or '3.5 percent' at a line's start in running text is a version or a value; a
    run of outline or list numbers, or a line ending in ':' above, make it an outline point."""
    above = doc.line(n - 1).rstrip() if n > 1 else ""
    below = doc.line(n + 1) if n < len(doc.lines) else ""
    return above.endswith(":") or any(
        _OUTLINE.match(near) is not None or _ORDERED.match(near) is not None for near in (above, below)
    )


def _outline(doc: Document, n: int, text: str) -> Iterator[Problem]:
    source = doc.line(n)
    col = source.find(text[:8]) + 1
    if col < 1 or source[: col - 1].strip(" \t>") or not _meant_as_outline(doc, n):
        return
    number = text.split(maxsplit=1)[0]
    yield Problem(
        Span(n, col, n, col + len(number)),
        f"'{text[:30]}' is shown as text joined to the end of the line above, not as a point of its own: "
        f"Markdown has no outline numbers ('{number}'), only '1.' or '1)' start a list item; nest a "
        "'1.' list under the item, or end the line above with a backslash to keep the number as text",
    )


_WRAPS = ("s_open", "strong_open", "em_open")


def _wrapped_markers(doc: Document) -> Iterator[tuple[int, str, str]]:
    """(line, mark, text) of '~~- item~~' on a paragraph's later line: a list item struck through (or
    made bold) as a whole, marker included, which markdown-it reads as text of the line above."""
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children or "\n" not in tok.content:
            continue
        children = tok.children
        line = tok.map[0] + 1
        last = len(children) - 1
        after_break = False
        for i, child in enumerate(children):
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
                after_break = True
                continue
            if kind == "text" and not child.content:
                continue  # markdown-it's empty text tokens next to delimiters
            if after_break and kind in _WRAPS and i < last:
                nxt = children[i + 1]
                if nxt.type == "text" and _MARKER.match(nxt.content):
                    yield line, child.markup, nxt.content
            elif kind in ("code_inline", "html_inline"):
                line += child.content.count("\n")
            after_break = False


def _after_nbsp(doc: Document, n: int, text: str) -> Iterator[Problem]:
    """'\xa0 - item': Markdown indents with spaces and tabs only, so a no-break space makes the line text."""
    rest = text.lstrip("\xa0 \t")  # markdown-it strips a paragraph's first line, no-break spaces too
    if not _MARKER.match(rest):
        return
    source = doc.line(n)
    col = source.find("\xa0") + 1
    if col < 1 or source[: col - 1].strip(" \t") or not source[col - 1 :].lstrip("\xa0 \t").startswith(rest.rstrip()):
        return  # the no-break space is not in the line's indentation
    marker = rest.split(maxsplit=1)[0]
    if marker[0].isdigit() and not _meant_as_item(doc, n, source.replace("\xa0", " ")):
        return  # '14. March' after a no-break space: a date in running text
    yield Problem(
        Span(n, col, n, len(source) - len(source[col - 1 :].lstrip("\xa0 \t")) + 1 + len(marker)),
        f"'{rest[:30]}' is shown as text, not as a list item ('{marker}' appears literally): a no-break space "
        "(U+00A0) stands before it; indent with plain spaces",
    )


def _struck(doc: Document, n: int, text: str) -> Iterator[Problem]:
    source = doc.line(n)
    col = source.find(text[:10]) + 1
    if col < 1 or source[: col - 1].strip(" \t"):
        return
    marker = text[2:].split(maxsplit=1)[0]
    yield Problem(
        Span(n, col, n, col + 2 + len(marker)),
        f"'{text[:30]}' is shown as text of the line above, not as a list item ('~~' and '{marker}' appear "
        f"literally); write the marker first, as '{marker} ~~...~~', with the closing '~~'",
    )


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "~~" in doc.text or "**" in doc.text or "__" in doc.text:
        for n, mark, text in _wrapped_markers(doc):
            source = doc.line(n)
            col = source.find(mark + text[:8]) + 1
            if col < 1 or source[: col - 1].strip(" \t"):
                continue  # not at the line's start in the source (a block quote's '>'): no position to give
            marker = text.split(maxsplit=1)[0]
            yield Problem(
                Span(n, col, n, col + len(mark) + len(marker)),
                f"'{(mark + text)[:30]}' is shown as text of the line above, not as a list item ('{marker}' "
                f"appears literally inside the '{mark}'); write the marker first, as '{marker} {mark}...{mark}'",
            )
    nbsp = "\xa0" in doc.text
    for piece in pieces(doc):
        if nbsp and piece.line_start and "\xa0" in doc.line(piece.line)[:8]:
            found = list(_after_nbsp(doc, piece.line, piece.text))
            if found:
                yield from found
                continue
        if not piece.line_start or piece.first_line:
            continue
        if not _MARKER.match(piece.text):
            if piece.text[:1].isdigit() and _OUTLINE.match(piece.text):
                yield from _outline(doc, piece.line, piece.text)
            elif piece.text.startswith("~~") and _MARKER.match(piece.text[2:]):
                # '~~- item' with no closing '~~': tildes and marker both shown, glued to the line above
                yield from _struck(doc, piece.line, piece.text)
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
