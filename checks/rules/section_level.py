"""A section heading is not exactly one level below the minutes' title.

What it does: in team minutes whose title is a heading, every heading that directly follows the
title's level (no shallower heading in between) must be one level deeper than the title: `# D` with
`## Participants`, or `## D` with `### Participants`. A section at the title's level or above is
reported, and so is one that skips a level while other sections do not (mixed levels). When every
section skips the same level (`## D` with `####` sections throughout) the outline is uniform and
reads as meant: that stays quiet. Further dated titles (a second meeting in the file) are left to
the title rules.

Why is this bad? Folders differ in their absolute levels, but within a file the outline is what the
published table of contents and the section rules (participants, agenda) rely on; 97.7 % of the
team minutes follow it.

Example: bad `# 2024-03-20` followed by `### Participants`; good `# 2024-03-20` and `## Participants`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Heading, Kind
from ..rule import Context, Problem, Rule, Severity
from ._minutes import is_placeholder


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    title = doc.title
    if title is None or title.level <= 0 or title.date is None or is_placeholder(doc):
        return  # without a dated heading title there is no outline to measure against
    want = title.level + 1
    dated = {t.span.line for t in doc.dated_titles}
    wrong: dict[int, list[Heading]] = {}  # offending level -> headings, reported once per level
    open_levels: list[int] = []  # levels of the headings enclosing the current one, below the title
    tops: set[int] = set()  # levels of the sections (headings with no enclosing one below the title)
    for h in doc.headings:
        if h.span.line <= title.span.line:
            continue
        if h.span.line in dated:
            open_levels = []  # a second meeting in the file starts its own outline
            continue
        while open_levels and open_levels[-1] >= h.level:
            open_levels.pop()
        if not open_levels:
            tops.add(h.level)
            if h.level != want:
                wrong.setdefault(h.level, []).append(h)
        open_levels.append(h.level)
    deeper = [level for level in wrong if level > title.level]
    if len(deeper) == 1 and want not in tops:
        # every section skips the same level (`## D` with `####` sections throughout): the outline
        # is uniform and renders as meant, a folder's habit of a period rather than a defect
        del wrong[deeper[0]]
    for level, heads in wrong.items():
        where = "at or above" if level <= title.level else "more than one level below"
        more = f" (and {len(heads) - 1} more)" if len(heads) > 1 else ""
        yield Problem(
            heads[0].span,
            f"section heading level {level} is {where} the title (level {title.level}), expected {want}{more}",
        )


RULE = Rule(id="section-level", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=frozenset({Kind.TEAM}))
