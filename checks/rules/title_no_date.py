"""Dated minutes need a title heading that carries the meeting date.

What it does: reports a dated file without a title heading, whose title (the first heading; for
decks the `Community Call` / `Community Meeting` line of the title slide) has no date, or whose
first line carries the date as plain text instead of a heading (` 2022-11-30`). The message says
which of these it is: no title at all (the first line is a list item or a sentence, or the first
heading is already a section such as `### Participants`), a title without the date, or a date that
is not a heading. A heading above the dated title (`# Backlog` or `# SIG Documentation` over
`# 2023-03-13`, however far below) is a warning: it is what readers see as the title (HedgeDoc's
`###### tags:` line is not counted). Legacy minutes, whose pad header comes first by convention,
are not checked for it.
Special sessions (a `-slug` file, or a title that names another meeting) may keep a topic title
and put the date on one of the lines just below it; for them, and for files that only say the
meeting was cancelled (`- skipped`), a missing date is a notice. A file that only points to other
notes (`../hackathons/.../table.md`, a symlink checked out as text) is not checked.
Why is this bad? The title is what readers see on GitHub and in the published index; without the
date, copies and misnamed files cannot be told apart, and the title-date check cannot run.
Example: bad `iaas/20240410.md` starting with `### Participants`, with ` 2024-04-10`, or with
`# Notes` over `# 2024-04-10`; good `# 2024-04-10` as the first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import find_dates
from ..kinds import heading_above_title, is_tags_line, session
from ..model import Document, Kind, Severity, Title
from ..rule import DATED_KINDS, Context, Problem, Rule
from ..structure import plain
from ._dates import title_anchor
from ._minutes import AGENDA, LIST_ITEM, PARTICIPANTS, cancellation
from .title_format import compiled_title_pattern, example

# Special sessions (workshops, overflow sessions) often carry a topic title and the date on a line
# just below it ("Workshop 2022-07-04.", "## When" / "2022-10-11 ..."); that date is accepted.
_SPECIAL_LOOKAHEAD = 8
DECK_TITLE = re.compile(r"Community\s+(?:Call|Meeting)", re.IGNORECASE)
_HOUSEKEEPING_HEAD = re.compile(r"^\W*(?:housekeeping|recurring\s+items|reporting)\b", re.IGNORECASE)
_SHOWN = 60


def _date_below(doc: Document, line: int) -> bool:
    for n in range(line + 1, min(line + _SPECIAL_LOOKAHEAD, len(doc.lines)) + 1):
        if n not in doc.code_lines and any(m.date == doc.file_date for m in find_dates(doc.line(n), n)):
            return True
    return False


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _is_section(title: Title) -> bool:
    """The first heading is one of the minutes' sections: the title above it is missing."""
    return bool(
        PARTICIPANTS.search(title.text)
        or AGENDA.match(title.text.strip(" *_:"))
        or _HOUSEKEEPING_HEAD.match(title.text)
    )


def _looks_like_title(text: str) -> bool:
    """A plain first line meant as the title (`Team OPS-IAM`), not a list item or a sentence."""
    text = text.strip()
    return bool(text) and len(text) <= _SHOWN and not LIST_ITEM.match(text) and not text.endswith((".", ":", ")"))


def _problems(doc: Document, expected: str) -> Iterator[Problem]:
    title = doc.title
    # a special session's file name says what it was: "20220718-overflow.md" -> "# 2022-07-18 Overflow"
    heading = f"{expected} {doc.file_slug.replace('-', ' ').capitalize()}" if doc.file_slug else expected
    if title is None:
        yield Problem(title_anchor(doc), f"no title heading, expected '# {heading}' as the first line")
        return
    text = title.text.strip()
    if title.level == 0 and not doc.is_deck:
        if title.date is not None:  # " 2022-11-30" on the first line: a date, but plain text
            yield Problem(
                title.span, f"title line '{_shown(text)}' is not a heading, expected a heading such as '# {expected}'"
            )
        elif _looks_like_title(text):
            yield Problem(
                title.span,
                f"title line '{_shown(text)}' is not a heading and has no date, expected '# {expected} {_shown(text)}'",
            )
        else:  # "- skipped", "Presentation from ...": there is no title, not a title without a date
            yield Problem(title.span, f"no title heading, expected '# {heading}' as the first line")
        return
    if title.date is not None:
        return
    if doc.is_deck and not DECK_TITLE.search(text):
        # the parser fell back to the first line of the body (often the <style> block)
        span = doc.headings[0].span if doc.headings else title.span
        yield Problem(
            span,
            f"deck has no 'Community Call' or 'Community Meeting' title line, expected one with the date {expected}",
        )
        return
    marks = "#" * max(title.level, 1)
    if not text:
        yield Problem(title.span, f"title line has no text, expected '{marks} {expected}'")
    elif not doc.is_deck and _is_section(title):
        above = "#" * max(title.level - 1, 1)
        yield Problem(
            title.span,
            f"no title heading: the first heading '{_shown(text)}' is a section, "
            f"expected '{above} {expected}' above it",
        )
    else:
        yield Problem(
            title.span,
            f"title '{_shown(text)}' has no date, expected {expected} (e.g. '{marks} {expected} {_shown(text)}')",
        )


def _folder_title(doc: Document, ctx: Context, title: Title) -> str:
    """The title the folder's title-pattern spells out for this date, when the dated title is not in
    that form ('# SIG Documentation on 2023-10-16' for '# 2023-10-16'), else ""."""
    policy = ctx.folders.get(doc.folder)
    if policy is None or not policy.title_pattern or doc.file_date is None:
        return ""
    pattern = compiled_title_pattern(policy.title_pattern)
    if pattern is None or pattern.search(title.text):
        return ""
    wanted = example(policy.title_pattern, doc.file_date.isoformat())
    return f"{'#' * title.level} {wanted}" if wanted else ""


def _dated_heading_below(doc: Document, title: Title) -> Title | None:
    """The heading further down that is this file's dated title (the file's date and a few words),
    when the title the parser found is the first heading and has no date; else None."""
    if doc.is_deck or title.level == 0 or title.date is not None or doc.headings[0].span.line != title.span.line:
        return None  # (a heading title implies doc.headings is not empty)
    if is_tags_line(title.text):
        return None
    for h in doc.headings[1:]:
        if h.span.line in doc.code_lines:
            continue
        for mention in find_dates(h.text, h.span.line):
            if mention.date == doc.file_date and len(h.text.replace(mention.text, "").strip(" -–:#*")) <= 30:
                return Title(plain(h.text), h.span, h.level, mention)
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.file_date is None or doc.fatal is not None:
        return
    verdict = session(doc)
    if verdict.pointer is not None:
        return  # the notes are elsewhere: this file is only the way to them
    special = verdict.kind is Kind.SPECIAL
    title = doc.title
    if special and title is not None and title.date is None and _date_below(doc, title.span.line):
        return
    minor = special or cancellation(doc) is not None
    above = heading_above_title(doc)
    if above is None and title is not None:
        # the parser looks for a dated heading only near the top: one further down (under a long
        # '# Backlog' list) is still the title, with the first heading above it
        below = _dated_heading_below(doc, title)
        above, title = (None, title) if below is None else (doc.headings[0], below)
    if above is not None and title is not None and not special and doc.kind is not Kind.LEGACY:
        # the dated title is there but not first (a special session may keep its topic title on
        # top; legacy community calls open with the pad's header by convention)
        stray = f"{'#' * above.level} {_shown(above.text)}".rstrip()
        shown = f"{'#' * title.level} {_shown(title.text)}"
        wanted = _folder_title(doc, ctx, title)
        expected = f"one title such as '{wanted}' first" if wanted else "the dated title as the first heading"
        yield Problem(
            above.span,
            f"heading '{stray}' stands above the title '{shown}' (line {title.span.line}), so readers "
            f"see it as the page's title; expected {expected} (move the heading below it, or remove it)",
            severity=Severity.NOTICE if minor else Severity.WARNING,
        )
        return
    for problem in _problems(doc, doc.file_date.isoformat()):
        # a special session's topic title and a one-line cancellation note are accepted forms; the
        # date in a title would still help the index, so they hear of it, quietly
        yield Problem(problem.span, problem.message, severity=Severity.NOTICE) if minor else problem


RULE = Rule(id="title-without-date", severity=Severity.ERROR, check=check, doc=__doc__, kinds=DATED_KINDS)
