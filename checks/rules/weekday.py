"""The meeting date must fall on the folder's meeting weekday for that period.

What it does: looks up the schedule configured for the folder (`FolderPolicy.schedule`: from a
date on, the weekdays the series meets) and checks the weekday of the file-name date. Folders
without a schedule are not checked, nor are special sessions: a `YYYYMMDD-slug.md` file, or a
plain `YYYYMMDD.md` whose title names another meeting (`# 2022-08-01 IaaS layout discussion`,
`# Overflow session`). An off-cadence date is
- not reported when the meeting day of that week is a public holiday and the date is the working day
  just before or after it (Wednesday for Ascension Day, Tuesday for Whit Monday): German national
  holidays plus those of the configured `holiday-region` (the `scs` preset: `DE-BE`, Berlin), or when
  the first lines say the meeting was moved (`moved from Wednesday`, `rescheduled`, `holiday`);
- a notice when the title gives the same date (the author typed it twice: the meeting moved);
- left to `title-date-mismatch` when the title gives another date (one cause, one finding);
- a warning otherwise: nothing confirms the date, which is then usually a typo in the name.

Why is this bad? A weekly series meets on a fixed day; a date on another weekday that nothing
confirms is usually a typo in the file name, and the minutes are then filed under the wrong day.

Example: bad `sig-standardization/20221116.md` (a Wednesday) with no dated title while the SIG
meets on Thursdays; good `sig-standardization/20221117.md`, or `ops/20230517.md` (Wednesday) in a
week whose Thursday is Ascension Day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..kinds import refine_kind
from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ._dates import HOLIDAY_OPTION, WEEKDAYS, file_span, moved_for_holiday, schedule_for, title_dates, weekday_names

RULE_ID = "weekday-off-schedule"
# the minutes say themselves that the meeting moved: no need to ask
_MOVED = re.compile(
    r"\b(?:moved|rescheduled|postponed|shifted|instead\s+of|public\s+holiday|holiday|verschoben|statt|feiertag)\b",
    re.IGNORECASE,
)
_SAYS_WHY_LINES = 12  # the title and the lines just below it


def _region(ctx: Context) -> str:
    value = ctx.options.get(RULE_ID, {}).get(HOLIDAY_OPTION, "")
    return value if isinstance(value, str) else ""


def _says_moved(doc: Document) -> bool:
    start = doc.title.span.line if doc.title is not None else doc.body_start
    end = min(len(doc.lines), start + _SAYS_WHY_LINES)
    return any(n not in doc.code_lines and _MOVED.search(doc.line(n)) for n in range(start, end + 1))


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    date = doc.file_date
    if date is None or refine_kind(doc) is Kind.SPECIAL:
        return
    policy = ctx.folders.get(doc.folder)
    if policy is None:
        return
    sched = schedule_for(policy, date)
    if sched is None or not sched.weekdays or date.weekday() in sched.weekdays:
        return
    dates = title_dates(doc)
    if dates and date not in dates:
        return  # the title gives another date: title-date-mismatch says which one is wrong
    if moved_for_holiday(_region(ctx), date, sched.weekdays) is not None or _says_moved(doc):
        return
    found = (
        f"{date.isoformat()} is a {WEEKDAYS[date.weekday()]}, expected {weekday_names(sched.weekdays)}, "
        f"the meeting day of {doc.folder} since {sched.since.isoformat()}"
    )
    if dates:
        yield Problem(
            file_span(doc),
            f"{found}; the title gives the same date, so the meeting probably moved "
            "(say why below the title, e.g. 'moved from ...', to silence this)",
            severity=Severity.NOTICE,
        )
        return
    yield Problem(file_span(doc), f"{found}, and no dated title confirms it: a typo in the file name?")


RULE = Rule(
    id=RULE_ID,
    severity=Severity.WARNING,
    check=check,
    doc=__doc__,
    kinds=frozenset({Kind.TEAM, Kind.DECK, Kind.LEGACY}),
)
