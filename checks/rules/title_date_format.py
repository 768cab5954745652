"""Dates in titles must be written as ISO `YYYY-MM-DD`.

What it does: reports a title date written with an en dash (`2023-01–09`), an unpadded month or
day (`2023-09-4`), without dashes (`20231211`), with slashes (`2023/07/18`), or naming a day that
does not exist (`2024-02-30`).
Why is this bad? Search, sorting and the title-date check all read `YYYY-MM-DD`; the variants come
from editors auto-replacing dashes and from hand-typed dates, and slip past review.
Example: bad `# SIG Documentation on 2023-01–09`; good `# SIG Documentation on 2023-01-09`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity, Span
from ..rule import DATED_KINDS, Context, Edit, Fix, Problem, Rule

_WHAT = {
    "en-dash": "uses an en dash",
    "unpadded": "has an unpadded month or day",
    "compact": "has no dashes",
    "slashes": "uses slashes",
    "impossible": "is not a real calendar date",
}


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    mention = doc.title.date if doc.title is not None else None
    if mention is None or mention.problem is None:
        return
    what = _WHAT.get(mention.problem, f"is malformed ({mention.problem})")
    if mention.date is not None:
        expected = mention.date.isoformat()
    elif doc.file_date is not None:
        expected = doc.file_date.isoformat()
    else:
        expected = "YYYY-MM-DD"
    fix = _replace(doc, mention.span, mention.text, expected) if mention.date is not None else None
    yield Problem(mention.span, f"title date '{mention.text}' {what}, expected {expected}", fix=fix)


def _replace(doc: Document, span: Span, found: str, wanted: str, safe: bool = True) -> Fix | None:
    """Replace ``found`` at ``span`` by ``wanted``, when the line really has it there."""
    line = doc.line(span.line)
    start = span.col - 1
    if line[start:start + len(found)] != found or span.line in doc.code_lines:
        return None
    return Fix((Edit(span.line, span.col, span.line, span.col + len(found), wanted),), safe=safe)


RULE = Rule(id="non-iso-title-date", severity=Severity.ERROR, check=check, doc=__doc__, kinds=DATED_KINDS,
            fixable="safe")
