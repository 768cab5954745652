"""The minutes file holds no minutes: only headings, or only "skipped" / "meeting canceled".

What it does: reports a team or special-session file whose text, apart from headings, HTML
comments and blank lines, is empty, or is at most three short lines saying the meeting did not take
place (`- skipped`, `Meeting canceled`, `No SIG today.`). A file whose front matter says
`status: cancelled` is accepted as a deliberate record.

Why is this bad? A dated file promises minutes; readers and the published index count it as a
meeting. Either record the cancellation explicitly (`status: cancelled`) or do not add the file.

Example: bad `team/20240603.md` with only `# 2024-06-03`, `## Participants`, `## Agenda`; good the
same file with its participants and topics, or with `status: cancelled` front matter.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import MINUTES_KINDS, Context, Problem, Rule, Severity
from ._minutes import placeholder_reason


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    found = placeholder_reason(doc)
    if found is None:
        return
    line, said = found
    if not said:
        yield Problem(Span(line, 1), "file has no content besides headings, expected the meeting's minutes")
    else:
        yield Problem(Span(line, 1), f"file only says {said!r}, expected minutes or `status: cancelled` front matter")


RULE = Rule(id="placeholder-file", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=MINUTES_KINDS)
