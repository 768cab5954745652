"""Dated minutes need a title that carries the meeting date.

What it does: reports a dated file whose title line (the first heading; for decks the
`Community Call` / `Community Meeting` line of the title slide) has no date, or that has no title,
and minutes whose first line carries the date as plain text instead of a heading (` 2022-11-30`).
Why is this bad? The title is what readers see on GitHub and in the published index; without the
date, copies and misnamed files cannot be told apart, and the title-date check cannot run.
Special sessions may put the date on one of the lines just below a topic title.
Example: bad `iaas/20230220.md` titled `# Overflow session`, or a first line ` 2023-02-20`; good
`# 2023-02-20 Overflow session`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import find_dates
from ..model import Document, Kind, Severity
from ..rule import DATED_KINDS, Context, Problem, Rule
from ._dates import title_anchor

# Special sessions (workshops, overflow sessions) often carry a topic title and the date on a line
# just below it ("Workshop 2022-07-04.", "## When" / "2022-10-11 ..."); that date is accepted.
_SPECIAL_LOOKAHEAD = 8
DECK_TITLE = re.compile(r"Community\s+(?:Call|Meeting)", re.IGNORECASE)


def _date_below(doc: Document, line: int) -> bool:
    for n in range(line + 1, min(line + _SPECIAL_LOOKAHEAD, len(doc.lines)) + 1):
        if n not in doc.code_lines and any(m.date == doc.file_date for m in find_dates(doc.line(n), n)):
            return True
    return False


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.file_date is None or doc.fatal is not None:
        return
    expected = doc.file_date.isoformat()
    if doc.title is None:
        yield Problem(title_anchor(doc), f"no title line found, expected a heading with the date {expected}")
    elif doc.title.level == 0 and doc.title.date is not None and not doc.is_deck:
        # " 2022-11-30" or "2022-11-30" on the first line: a date, but plain text, not a heading
        text = doc.title.text.strip()
        shown = text if len(text) <= 60 else text[:57] + "..."
        yield Problem(
            doc.title.span, f"title line '{shown}' is not a heading, expected a heading such as '# {expected}'"
        )
    elif doc.title.date is None:
        if doc.kind is Kind.SPECIAL and _date_below(doc, doc.title.span.line):
            return
        text = doc.title.text.strip()
        if doc.is_deck and not DECK_TITLE.search(text):
            # the parser fell back to the first line of the body (often the <style> block)
            span = doc.headings[0].span if doc.headings else doc.title.span
            yield Problem(
                span,
                "deck has no 'Community Call' or 'Community Meeting' title line, "
                f"expected one with the date {expected}",
            )
            return
        if not text:
            yield Problem(doc.title.span, f"title line has no text, expected a heading with the date {expected}")
            return
        shown = text if len(text) <= 60 else text[:57] + "..."
        yield Problem(doc.title.span, f"title '{shown}' has no date, expected {expected}")


RULE = Rule(id="title-without-date", severity=Severity.ERROR, check=check, doc=__doc__, kinds=DATED_KINDS)
