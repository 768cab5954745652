"""An agenda topic does not name who brings it (`(@x)` or `sponsor: @x`), where the folder asks.

What it does: where the folder policy sets `require_reporters`, every topic of team minutes must
name a reporter: a handle in the topic heading (`### Storage benchmarks (@alice)`) or a reporter
line such as `sponsor: @alice` within the topic's first three lines. Topics are the sections
directly under the agenda heading; without an agenda heading (sig-standardization since 2025),
the sections at the section level that are not participants, housekeeping or wrap-up sections.

Why is this bad? The reporter is who the readers ask and who follows the topic up; folders that
adopted the convention (iaas, ops, sig-standardization, project-board) keep it at 80-100 %.

Example: bad `### Storage benchmarks` with no handle; good `### Storage benchmarks (@alice)`, or
the line `sponsor: @alice` under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import sub_until
from ..model import Document, Kind, Section
from ..rule import Context, Problem, Rule, Severity
from ._minutes import (
    AGENDA,
    HOUSEKEEPING,
    PARTICIPANTS,
    regular_minutes,
    role_sections,
    section_level,
    title_line,
)

_LINK = re.compile(r"\[([^\[\]]*)\]\([^)]*\)")  # shown by its text in messages (applied with sub_until: linear)
_HANDLE_IN_HEADING = re.compile(r"(?<![\w.])@[A-Za-z0-9][A-Za-z0-9-]*")
# wrap-up sections that carry no reporter by convention
_META = re.compile(
    r"\b(?:aob|any other business|action items?|next (?:meeting|steps|call)|misc(?:ellaneous)?|"
    r"sonstiges|open questions|feedback round|wrap[- ]?up|summary)\b",
    re.I,
)


def topics(doc: Document) -> Iterator[tuple[int, Section]]:
    """(index, section) of each agenda topic."""
    dated = {t.span.line for t in doc.dated_titles}
    agenda = next(role_sections(doc, AGENDA), None)
    if agenda is not None:
        parent = doc.sections.index(agenda)
        picked = ((i, s) for i, s in enumerate(doc.sections) if s.parent == parent)
    else:
        level, tline = section_level(doc), title_line(doc)
        picked = (
            (i, s)
            for i, s in enumerate(doc.sections)
            if s.heading.level == level
            and s.heading.span.line > tline
            and not PARTICIPANTS.search(s.heading.text)
            and not HOUSEKEEPING.search(s.heading.text)
        )
    for i, s in picked:
        if s.heading.span.line not in dated and not _META.search(s.heading.text):
            yield i, s


def _reported(doc: Document, section: Section, lines: set[int]) -> bool:
    if _HANDLE_IN_HEADING.search(section.heading.text):
        return True
    start = section.heading.span.line
    body = [n for n in range(start + 1, section.end_line + 1) if doc.line(n).strip()][:3]
    return any(n in lines for n in (start, *body))


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if not ctx.policy(doc).require_reporters or not regular_minutes(doc):
        return
    lines = {r.span.line for r in doc.reporters}
    for _index, section in topics(doc):
        if not _reported(doc, section, lines):
            title = sub_until(_LINK, r"\1", section.heading.text, ")").strip()[:60]
            yield Problem(
                section.heading.span,
                f"topic {title!r} names no reporter, expected '(@handle)' at the "
                "end of the heading or 'sponsor: @handle' below it",
            )


RULE = Rule(
    id="missing-reporter", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=frozenset({Kind.TEAM})
)
