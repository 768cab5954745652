"""A date in the minutes whose year is evidently wrong: a year off, within weeks of the meeting.

What it does: in a dated file (team minutes, special sessions, decks), reports a full date in the
text (`2022-02-22`) whose year is one more or one less than the meeting's while its month and day
lie within six weeks of the meeting date: minutes of 2023-02-15 that say "next meeting
2022-02-22" mean 2023-02-22. The meeting date is the file name's and the title's; a date near
either of them as written is never reported. The title line (the `title-date-*` rules' business),
code, links' targets and lines that say the year is another on purpose ("last year", "a year ago",
"next year", "Vorjahr") are left alone, and so is a date more than a year ahead (a plan for next
year's event is as likely as a slip).

Why is this bad? Readers, calendars and search take the date as written: the follow-up meeting,
the release ETA or the workshop lands a year away from when it happens. The slip is the year not
updated after New Year, or a date copied from last year's minutes; nothing else shows it.

Example: bad `- next meeting 2022-02-22` in `iam/20230215.md`; good `- next meeting 2023-02-22`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator

from ..extract import find_dates, lines_with_words
from ..kinds import name_date
from ..model import Document
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._dates import title_dates
from ._minutes import strip_code_spans

MAX_MEETING_DATES = 4  # the file name's date and the first distinct dates of the title
WINDOW = 45  # days: "within a few weeks" of the meeting, far from the year away as written
# the line says the year differs on purpose: a real date of last or next year
_OTHER_YEAR = re.compile(
    r"\b(?:last|previous|past|next|coming|a) year\b|\byears? ago\b|\banniversary\b|"
    r"\b(?:letzte[nms]?|vorige[nms]?|n[äa]chste[nms]?) jahr|\bvorjahr|\bvor einem jahr\b",
    re.I,
)


def meeting_dates(doc: Document) -> list[dt.date]:
    """The dates the file says its meeting is on: the file name's and the title's."""
    named, _slug = name_date(posixpath.basename(doc.path))
    dates = title_dates(doc)
    found = [named, *dates] if named is not None else dates
    # distinct, and a few: a title names its meeting's date (a range at most); each body date is
    # compared with every meeting date, so a title of thousands of dates must not multiply that work
    return list(dict.fromkeys(found))[:MAX_MEETING_DATES]


def slip(day: dt.date, meetings: list[dt.date]) -> dt.date | None:
    """The date ``day`` evidently means, with the meeting's year, or None when it may be right."""
    if any(abs((day - m).days) <= WINDOW for m in meetings):
        return None  # near a meeting date as written: nothing to correct
    for m in meetings:
        if abs(day.year - m.year) != 1:
            continue
        try:
            meant = day.replace(year=m.year)
        except ValueError:  # 29 February
            continue
        if day.year > m.year and meant > m:
            continue  # over a year ahead: a plan for next year's event is as likely as a slip
        if abs((meant - m).days) <= WINDOW:
            return meant
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    meetings = meeting_dates(doc)
    if not meetings:
        return
    code = doc.code_lines
    titles = {t.date.span.line for t in doc.dated_titles if t.date is not None}
    if doc.title is not None and doc.title.date is not None:
        titles.add(doc.title.date.span.line)
    years = {str(m.year + k) for m in meetings for k in (-1, 1)}
    for n, raw in _lines_with(doc.text, years, doc.lines):
        if n in code or n in titles:
            continue
        line = strip_code_spans(raw)
        mentions = [m for m in find_dates(line, n) if m.date is not None and m.problem != "compact"]
        if not mentions or _OTHER_YEAR.search(line):
            continue
        for mention in mentions:
            assert mention.date is not None
            meant = slip(mention.date, meetings)
            start = mention.span.col - 1
            floor = max(0, start - 200)  # a bounded look back: a line of dates without spaces stays linear
            word = line[max(line.rfind(" ", floor, start), line.rfind("\t", floor, start), floor - 1) + 1 : start]
            if meant is None or "/" in word or "](" in word:
                continue  # part of a link target or a path: the minutes of another day, named by date
            when = meetings[0]
            yield Problem(
                mention.span,
                f"{mention.text} is a year {'before' if mention.date < meant else 'after'} this meeting "
                f"({when.isoformat()}) but within weeks of its date: readers take it for {mention.date.year}, "
                f"probably {meant.isoformat()} is meant; correct the year, or say that the date is another year's",
            )


def _lines_with(text: str, words: set[str], lines: list[str] | None = None) -> Iterator[tuple[int, str]]:
    """(number, text) of each line holding one of ``words``, in order: extract.lines_with_words (a
    str.find over the whole text, no walk over every line). ``lines``: the text split at "\\n", as
    the parser's Document.lines, when the caller has them."""
    found = lines_with_words(text, tuple(words))
    if not found:
        return
    split = text.split("\n") if lines is None else lines
    for n in sorted(found):
        yield n, split[n - 1]


RULE = Rule(id="date-year-slip", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
