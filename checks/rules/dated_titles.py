"""A minutes file holds one meeting: at most one dated title heading.

What it does: reports every dated title heading after the first (the parser lists the headings
that are dated titles, at the title's level).
Why is this bad? Two meetings pasted into one file hide the second from the index and from every
date check; each meeting gets its own `YYYYMMDD.md`.
Decks are not checked: their slides legitimately carry dated headings (a timeline, past events).
Example: bad `project-board/20260223.md` with `## 2026-02-23` and later `## 2026-02-09`; good the
second meeting moved to `project-board/20260209.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule

# A heading that names another meeting by its relation ("Next meeting 2024-03-27", "Follow-up of
# 2024-03-13") is a pointer, not a second meeting.
_POINTER = re.compile(r"\b(?:next|previous|prev|last|upcoming|follow[- ]?up|since|until|from|nächste)\b", re.I)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    titles = [t for t in doc.dated_titles if not _POINTER.search(t.text)]
    if len(titles) < 2:
        return
    first = titles[0]
    for extra in titles[1:]:
        when = extra.date.text if extra.date is not None else extra.text.strip()
        yield Problem(
            extra.span,
            f"second dated title '{when}' (the first is on line {first.span.line}), expected one meeting per file",
        )


RULE = Rule(
    id="multiple-dated-titles",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__,
    kinds=frozenset({Kind.TEAM, Kind.SPECIAL, Kind.LEGACY}),
)
