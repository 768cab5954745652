"""What readers get, line by line: the text pieces markdown-it left as literal text.

The render-aware rules compare the source with the token tree: a `[`, `](`, `**` or a backtick that
markdown-it left in a `text` token is shown to readers as that character, so the construct the
author wrote did not render. One walk over the inline tokens serves them all.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Document, Kind
from ..rule import DATED_KINDS


# A named tuple, not a frozen dataclass: a frozen dataclass's __init__ sets each field through
# object.__setattr__, and the walk makes ~50,000 pieces a run (0.19 s; a tuple is built in C)
class Piece(NamedTuple):
    line: int  # 1-based source line the piece is on
    text: str  # literal text readers see
    line_start: bool  # the piece starts a source line (after a soft or hard break, or the block's first)
    first_line: bool  # on the block's first line
    next_type: str  # the token after it in the same line ("" at a line end), e.g. "link_open"
    next_markup: str  # its markup ("linkify" for a bare URL that became a link)


# The engine runs every rule on one Document before the next: three rules read the same pieces,
# so the last Document's are kept (holding the Document itself, so its identity cannot be reused).
_last: tuple[Document, list[Piece]] | None = None


def pieces(doc: Document) -> list[Piece]:
    """Every text token of every inline block (paragraphs, headings, table cells), with its line."""
    global _last
    if _last is not None and _last[0] is doc:
        return _last[1]
    out = _walk(doc)
    _last = (doc, out)
    return out


_BREAKS = ("softbreak", "hardbreak")
_SPANNING = ("code_inline", "html_inline")
_new = tuple.__new__  # Piece(...) goes through a Python-level __new__; this builds the same tuple in C


def _walk(doc: Document) -> list[Piece]:
    out: list[Piece] = []
    append = out.append
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children:
            continue
        first = tok.map[0] + 1
        line = first
        children = tok.children
        start = True
        last = len(children) - 1
        i = -1
        for child in children:
            i += 1
            kind = child.type
            if kind == "text":
                nxt = children[i + 1] if i < last else None
                if nxt is None or nxt.type in _BREAKS:
                    append(_new(Piece, (line, child.content, start, line == first, "", "")))
                else:
                    append(_new(Piece, (line, child.content, start, line == first, nxt.type, nxt.markup)))
            elif kind in _BREAKS:
                line += 1
                start = True
                continue
            elif kind in _SPANNING:
                line += child.content.count("\n")  # a code span or tag can span lines
            start = False
    return out


# The kinds the render rules read: every published file but the template, whose placeholders are
# meant; free-form notes (hackathons, READMEs) are published and rendered like minutes
RENDER_KINDS = DATED_KINDS | {Kind.FREEFORM}
