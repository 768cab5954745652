"""A slide separator of the wrong kind for the deck's team sections.

What it does: in slide decks laid out like the community-call template (`---` then `# Team X`
opens a team's column, `----` then `## Team X - topic` stacks its slides below), reports a `----`
(vertical) that opens the section slide of another team or SIG (`# Team Ops` stacked under
`# Team IaaS`), and, as a notice, a `---` (horizontal) that opens a topic slide of the team whose
column is open (`## Team IaaS - topic`; repeating the `# Team IaaS` section heading in a new
column is a layout some decks choose). Sub-teams written `Team IAM/Sec` count as their team
(`Team IAM`); decks without team sections are left alone.
Why is this bad? Presenters navigate by column: one team per column, its topics below. A `----`
before the next team puts every later team into the previous team's column; a `---` inside a
team splits it over several columns. Both were fixed by hand in the history of the minutes.
Example: bad `----` followed by `# Team Ops` while the column started with `# Team IaaS`; good `---`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Severity, Slide, Span
from ..rule import Context, Problem, Rule
from ._dates import TEAM_HEADING, plain

# "Team IAM & Security", "Team IAM/Sec", "Team Ops (2/2)", "SIG Std/Cert" -> "team iam", "sig std"
_TEAM = re.compile(r"^(team|sig)\s+([^\s/&(),:-]+)", re.IGNORECASE)


def _team(slide: Slide) -> tuple[str | None, int]:
    h = slide.heading
    if h is None:
        return None, 0
    text = plain(h.text).strip()
    m = _TEAM.match(text) if TEAM_HEADING.match(text) else None
    return (f"{m.group(1)} {m.group(2)}".lower() if m else None), h.level


def _separator(doc: Document, slide: Slide) -> Span:
    line = slide.start_line - 1
    raw = doc.line(line) if line >= 1 else ""
    return Span(line, 1, line, len(raw) + 1)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    column: str | None = None  # the team whose column is open
    for slide in doc.slides[1:]:
        team, level = _team(slide)
        vertical = slide.index[1] > 0
        if not vertical:
            if team is not None and team == column and level > 1:
                name = plain(slide.heading.text).strip() if slide.heading else team
                yield Problem(
                    _separator(doc, slide),
                    f"'---' starts a new column for '{name[:40]}' although its team's column is open, "
                    "expected '----'",
                    severity=Severity.NOTICE,
                )
                continue
            column = team if level == 1 else None
        elif level == 1 and team is not None and column is not None and team != column:
            name = plain(slide.heading.text).strip() if slide.heading else team
            yield Problem(
                _separator(doc, slide),
                f"'----' stacks the section slide '{name[:40]}' under the column of '{column}', "
                "expected '---' to start its own column",
            )
            column = team


RULE = Rule(
    id="slide-separator-kind",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=frozenset({Kind.DECK}),
)
