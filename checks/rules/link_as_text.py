"""Link syntax that renders as text: `[text](url` with a space in the URL, a missing `)`, `]` or `(`.

What it does: reports, outside code, link syntax that markdown-it (GitHub's CommonMark and HedgeDoc
alike) left as literal text: `[text](url ...` whose URL holds a space or has no closing `)`,
brackets inside the link text that end it early (`[a [b](c)](d)`), `[text(https://...)` without the
`]`, and `[text]https://...` without the parentheses. `[text] (url)` is `split-link`'s.
Why is this bad? Readers see brackets, parentheses and the raw URL instead of a link, and the link
checks never see the URL.
Example: bad `[the docs](https://example.org/a b)`, `[PR 12(https://github.com/o/r/pull/12)`;
good `[the docs](https://example.org/a%20b)` (or `<https://example.org/a b>` in the parentheses),
`[PR 12](https://github.com/o/r/pull/12)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._inline import pieces

_URLISH = ("http://", "https://", "./", "../", "/", "#", "mailto:")


def _reason(text: str) -> tuple[int, str] | None:
    """(offset in the piece, what went wrong) for the first link left as text, or None."""
    i = text.find("](")
    if i >= 0:
        start = text.rfind("[", 0, i)
        rest = text[i + 2:]
        close = rest.find(")")
        target = rest if close < 0 else rest[:close]
        if start < 0:
            return i, "brackets inside the link text end it early; escape them as '\\[' '\\]' or drop them"
        if not target.strip():
            return None  # "[x]()" is a link with an empty target: empty-link's
        if close < 0:
            return start, "the URL has no closing ')'"
        if any(c.isspace() for c in target.strip()):
            return start, "the URL holds a space; write it as %20 or put the URL in '<...>'"
        return start, "the link does not parse; check its brackets and parentheses"
    j = text.find("(http")
    if j > 0:
        start = text.rfind("[", 0, j)
        if start >= 0 and "]" not in text[start:j]:
            return start, "the link text has no closing ']' before '('"
    k = text.find("]http")
    if k > 0:
        start = text.rfind("[", 0, k)
        if start >= 0 and text.startswith(("]http://", "]https://"), k):
            return start, "the URL is not in parentheses after ']'"
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "[" not in doc.text:
        return
    reported: set[int] = set()
    for piece in pieces(doc):
        text = piece.text
        if ("[" not in text and "](" not in text) or piece.line in reported:
            continue  # one finding a line: each later construct on it is judged after a fix
        found = _reason(text)
        if found is None:
            continue
        offset, why = found
        source = doc.line(piece.line)
        end = text.find(")", offset)
        shown = text[offset:min(end + 1 if end >= 0 else len(text), offset + 40)]
        col = source.find(shown) + 1
        if col < 1 or (col > 1 and source[col - 2] == "\\"):
            continue  # not verbatim in the source: escaped ('\\[') or an entity, meant as text
        reported.add(piece.line)
        yield Problem(
            Span(piece.line, col, piece.line, col + len(shown)),
            f"'{shown}' shows as text, not as a link: {why}",
        )


RULE = Rule(id="link-as-text", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
