"""A minutes file holds one meeting: at most one dated title heading.

What it does: reports every dated title heading (a heading at the title's level that is a date,
perhaps with a few words) that is not this file's meeting. When one of them carries the file
name's date, the others are reported (a stub for the next meeting pasted on top, the last meeting
kept below); otherwise every one after the first. The message names the file the other meeting
belongs in, and says when that file exists already. Headings that point to another meeting by
their relation (`Next meeting 2024-03-27`, `Follow-up of 2024-03-13`) are not meetings.
Why is this bad? Two meetings pasted into one file hide the second from the index and from every
date check; each meeting gets its own `YYYYMMDD.md`.
Decks are not checked: their slides legitimately carry dated headings (a timeline, past events).
Example: bad `project-board/20260223.md` with `## 2026-02-23` and later `## 2026-02-09`; good the
second meeting moved to `project-board/20260209.md`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from ..model import Document, Kind, Severity, Title
from ..rule import Context, Problem, Rule

# A heading that names another meeting by its relation ("Next meeting 2024-03-27", "Follow-up of
# 2024-03-13") is a pointer, not a second meeting.
_POINTER = re.compile(r"\b(?:next|previous|prev|last|upcoming|follow[- ]?up|since|until|from|nächste)\b", re.I)


def meeting_titles(doc: Document) -> list[Title]:
    """The dated title headings that stand for a meeting held in this file."""
    return [t for t in doc.dated_titles if not _POINTER.search(t.text)]


def _home(doc: Document, ctx: Context, title: Title) -> str:
    """Where the meeting of ``title`` belongs, and whether that file is there already."""
    if title.date is None or title.date.date is None:
        return "expected one meeting per file"
    path = posixpath.join(posixpath.dirname(doc.path), title.date.date.strftime("%Y%m%d") + ".md")
    if path == doc.path:
        return "expected one meeting per file"
    if ctx.tree.exists(path):
        return f"expected it only in {path}, which exists (compare the two and remove it here)"
    return f"expected it in its own file {path}"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    titles = meeting_titles(doc)
    if len(titles) < 2:
        return
    own = [t for t in titles if doc.file_date is not None and t.date is not None and t.date.date == doc.file_date]
    if own:
        mine = own[0]
        for other in titles:
            if other is mine or (other.date is not None and other.date.date == doc.file_date):
                continue
            when = other.date.text if other.date is not None else other.text.strip()
            mine_text = mine.date.text if mine.date is not None else mine.text.strip()
            yield Problem(
                other.span,
                f"dated title '{when}' is not this file's meeting (that is '{mine_text}' "
                f"on line {mine.span.line}), {_home(doc, ctx, other)}",
            )
        return
    first = titles[0]
    for extra in titles[1:]:
        when = extra.date.text if extra.date is not None else extra.text.strip()
        yield Problem(
            extra.span,
            f"second dated title '{when}' (the first is on line {first.span.line}), {_home(doc, ctx, extra)}",
        )


RULE = Rule(
    id="multiple-dated-titles",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__,
    kinds=frozenset({Kind.TEAM, Kind.SPECIAL, Kind.LEGACY}),
)
