"""The date in the file name must not lie after the day the file was committed, nor after today.

What it does: compares the file-name date with the date of the commit that added the file (when
the shell knows it) and with today's date. Option `tolerance_days` (default 0) allows files
prepared a few days ahead of the meeting.
Why is this bad? Minutes record a meeting that has happened; a date in the future is a typo
(`20221127` for `20221027`, `20241204` for `20240205`) and files the meeting under the wrong day.
When the title gives another date than the file name, `title-date-mismatch` reports the slip
instead (one cause, one finding: the name is wrong either way).
Example: bad `sig-community/20241204.md` titled `# 2024-12-04` and committed on 2024-02-05; good
the same file committed on or after 2024-12-04.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model import Document, Severity
from ..rule import DATED_KINDS, Context, Problem, Rule
from ._dates import file_span, title_dates

RULE_ID = "file-date-in-future"


def _tolerance(ctx: Context) -> dt.timedelta:
    value = ctx.options.get(RULE_ID, {}).get("tolerance_days", 0)
    days = value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
    return dt.timedelta(days=days)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    date = doc.file_date
    if date is None:
        return
    slack = _tolerance(ctx)
    committed = ctx.commit_dates.get(doc.path)
    late = committed is not None and date > committed + slack
    if not late and (ctx.today is None or date <= ctx.today + slack):
        return  # nothing to report: the title's dates (a parse of the title) are not needed
    dates = title_dates(doc)
    if dates and date not in dates:
        return  # the title disagrees with the name: title-date-mismatch names both dates
    if committed is not None and late:
        yield Problem(
            file_span(doc),
            f"file name date {date.isoformat()} is after the day the file was committed "
            f"({committed.isoformat()}), expected a date on or before it",
        )
    elif ctx.today is not None and date > ctx.today + slack:
        yield Problem(
            file_span(doc),
            f"file name date {date.isoformat()} is in the future (today is {ctx.today.isoformat()})",
        )


RULE = Rule(id=RULE_ID, severity=Severity.ERROR, check=check, doc=__doc__, kinds=DATED_KINDS)
