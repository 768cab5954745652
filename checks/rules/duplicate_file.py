"""The file is a byte-identical copy of another minutes file.

What it does: compares the file's sha256 with every other file's and reports each copy, naming the
other paths (one finding on line 1 of every file in the group).

Why is this bad? Copying last week's minutes and forgetting to edit them leaves two dates with the
same content; the corpus holds six such groups, e.g. three project-board files that all still say
the date of the first.

Example: bad `team/20240108.md` and `team/20240115.md` with identical bytes; good each file holds
its own meeting.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.fatal or not doc.digest or not doc.text.strip():
        return
    others = sorted(p for p in ctx.digests.get(doc.digest, ()) if p != doc.path)
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        yield Problem(Span(1, 1), f"byte-identical copy of {shown}")


RULE = Rule(id="duplicate-file", severity=Severity.ERROR, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
