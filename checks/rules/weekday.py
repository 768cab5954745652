"""The meeting date must fall on the folder's meeting weekday for that period.

What it does: looks up the schedule configured for the folder (`FolderPolicy.schedule`: from a
date on, the weekdays the series meets) and warns when the file-name date is another weekday.
Special sessions (`YYYYMMDD-slug.md`) are exempt. Folders without a schedule are not checked.
Why is this bad? A weekly series meets on a fixed day; a date on another weekday is usually a typo
in the name (a Monday `iam/20230612.md` for the Wednesday meeting of 2024-06-12).
Example: bad `iaas/20230320.md` (a Monday) while iaas meets on Wednesdays; good `iaas/20240320.md`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ._dates import WEEKDAYS, file_span, schedule_for, weekday_names


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    date = doc.file_date
    if date is None:
        return
    policy = ctx.folders.get(doc.folder)
    if policy is None:
        return
    sched = schedule_for(policy, date)
    if sched is None or not sched.weekdays or date.weekday() in sched.weekdays:
        return
    yield Problem(
        file_span(doc),
        f"{date.isoformat()} is a {WEEKDAYS[date.weekday()]}, expected {weekday_names(sched.weekdays)}, "
        f"the meeting day of {doc.folder} since {sched.since.isoformat()}",
    )


RULE = Rule(
    id="weekday-off-schedule",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__,
    kinds=frozenset({Kind.TEAM, Kind.DECK, Kind.LEGACY}),
)
