"""The minutes file holds no minutes: nothing but headings.

What it does: reports a team or special-session file whose text, apart from headings, HTML
comments, rulers and blank lines, is empty: the template was added and never filled in. A file that
records that the meeting did not take place is the repository's convention and is not reported:
a short note (`Meeting canceled`, `- skipped`, `No SIG today.`, `Meeting postponed`, `Entfällt`),
with or without a title, a title that says it (`# 2024-06-03 (cancelled)`), or front matter
`status: cancelled`.

Why is this bad? A dated file promises minutes; readers and the published index count it as a
meeting. Either write the minutes, say in one line that the meeting was cancelled, or do not add
the file.

Example: bad `team/20240603.md` with only `# 2024-06-03`, `## Participants`, `## Agenda`; good the
same file with its participants and topics, or with the line `Meeting cancelled.` below the title.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import MINUTES_KINDS, Context, Problem, Rule, Severity
from ._minutes import placeholder_reason


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    found = placeholder_reason(doc)
    if found is None or found[1]:  # a cancellation note is a record, not a placeholder
        return
    yield Problem(
        Span(found[0], 1),
        "file has no content besides headings, expected the meeting's minutes "
        "(or one line such as 'Meeting cancelled.' if it did not take place)",
    )


RULE = Rule(id="placeholder-file", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=MINUTES_KINDS)
