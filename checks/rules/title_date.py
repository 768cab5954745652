"""The date in the title must equal the date in the file name.

What it does: compares the date of the title line (the first heading; for decks the
`Community Call` / `Community Meeting` line of the title slide, or one of the 2 lines after it)
with `YYYYMMDD` in the file name.
Why is this bad? A copied file keeps last week's title, or the name carries a typo; readers find
minutes by the date in the name, and the two then disagree about when the meeting was.
When the title's date is the folder's meeting weekday and the file name's is not, the message
says so (the name is then the likely slip; `weekday-off-schedule` stays quiet about it).
One cause, one finding: a file whose later dated title has the file's date (the next meeting's
stub pasted on top) is left to `multiple-dated-titles`, and a stale byte-identical copy of another
file (the title gives that file's date) to `duplicate-file`.
Example: bad `iaas/20230320.md` titled `# 2024-03-20`; good `iaas/20240320.md` titled `# 2024-03-20`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..extract import find_dates
from ..model import Document, Severity
from ..rule import DATED_KINDS, Context, Problem, Rule
from ._dates import WEEKDAYS, original_of, schedule_for
from .dated_titles import meeting_titles
from .title_date_format import _replace


def _hint(title: dt.date, name: dt.date) -> str:
    """Say what kind of slip it looks like; the fix differs (rename the file or edit the title)."""
    if (title.month, title.day) == (name.month, name.day):
        return " (only the year differs)"
    if (title.year, title.month, title.day) == (name.year, name.day, name.month):
        return " (day and month swapped)"
    return ""


def _weekday_hint(doc: Document, ctx: Context, title: dt.date, name: dt.date) -> str:
    """When the schedule says which of the two dates is a meeting day, say it."""
    policy = ctx.folders.get(doc.folder)
    sched = schedule_for(policy, name) if policy is not None else None
    if sched is None or not sched.weekdays:
        return ""
    if title.weekday() in sched.weekdays and name.weekday() not in sched.weekdays:
        return (
            f"; the title's date is a {WEEKDAYS[title.weekday()]}, the meeting day, the file name's a "
            f"{WEEKDAYS[name.weekday()]}: rename the file?"
        )
    return ""


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    title = doc.title
    if doc.file_date is None or title is None or title.date is None or title.date.date is None:
        return
    found, expected = title.date.date, doc.file_date
    if found == expected:
        return
    # "# 2024-03-20 (moved from 2024-03-13)": any date on the title line that matches will do
    line = title.date.span.line
    if any(m.date == expected for m in find_dates(doc.line(line), line)):
        return
    if any(t.date is not None and t.date.date == expected for t in meeting_titles(doc)):
        return  # the file's own meeting is further down: multiple-dated-titles reports the one on top
    if original_of(doc, ctx) is not None:
        return  # a stale copy: duplicate-file names the file whose date the title gives
    weekday = _weekday_hint(doc, ctx, found, expected)
    yield Problem(
        title.date.span,
        f"title date {found.isoformat()} does not match the file name date "
        f"{expected.isoformat()}{_hint(found, expected)}{weekday}",
        # unsafe: the file name may be the wrong one (rename the file instead); when the weekday
        # says it is, writing the name's date into the title would be the wrong fix
        fix=None if weekday else _replace(doc, title.date.span, title.date.text, expected.isoformat(), safe=False),
    )


RULE = Rule(
    id="title-date-mismatch", severity=Severity.ERROR, check=check, doc=__doc__, kinds=DATED_KINDS, fixable="unsafe"
)
