"""The minutes lack an agenda section or a housekeeping section that the folder requires.

What it does: where the folder policy sets `require_agenda`, `missing-agenda` reports team minutes
without a heading below the title that names the agenda (`Agenda`, `:notebook: Agenda`, `Agenda
today`, `Topics`), or a `Agenda:` line. Where it sets `require_housekeeping`, `missing-housekeeping`
reports minutes without a housekeeping heading (`Housekeeping`, `Recurring items`, `Reporting &
minutes`, `:telephone: Minutes taking&transfer`, `Orga`, `Who presents ...`).

Why is this bad? The teams keep these sections so that the minutes name who reports in the
community call and who transfers the minutes, and so that readers find the topics; folders where
they are not the convention (e.g. a product board without housekeeping) do not require them.

Example: bad `# 2024-03-20`, `## Participants`, `## Storage`; good the same with `## Agenda` above
`### Storage`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import Context, Problem, Rule, Severity
from ._minutes import AGENDA, HOUSEKEEPING, inline_label, regular_minutes, role_sections, section_level


def _has(doc: Document, pattern: re.Pattern[str]) -> bool:
    if not regular_minutes(doc):
        # a special session has none of the team's sections; an empty file or a cancellation note
        # is placeholder-file's (or nobody's) business, its sections are not the problem
        return True
    return next(role_sections(doc, pattern), None) is not None or inline_label(doc, pattern, 200) > 0


def _where(doc: Document) -> Span:
    return doc.title.span if doc.title is not None else Span(max(doc.body_start, 1), 1)


def check_agenda(doc: Document, ctx: Context) -> Iterator[Problem]:
    if ctx.policy(doc).require_agenda and not _has(doc, AGENDA):
        level = "#" * section_level(doc)
        yield Problem(_where(doc), f"no agenda section, expected a heading like '{level} Agenda'")


def check_housekeeping(doc: Document, ctx: Context) -> Iterator[Problem]:
    if ctx.policy(doc).require_housekeeping and not _has(doc, HOUSEKEEPING):
        level = "#" * section_level(doc)
        yield Problem(_where(doc), f"no housekeeping section, expected a heading like '{level} Housekeeping'")


_TEAM = frozenset({Kind.TEAM})
_AGENDA_DOC = """The minutes have no agenda section, in a folder that requires one.

What it does: where the folder policy sets `require_agenda`, reports team minutes without a heading
below the title that names the agenda (`Agenda`, `:notebook: Agenda`, `Agenda today`, `Topics`,
`#### Topics`) or an `Agenda:` line. Special sessions are exempt, also a plain `YYYYMMDD.md` whose
title names another meeting (`# 2022-08-01 IaaS layout discussion`, `# Overflow session`), and so
are files that only say the meeting was cancelled.

Why is this bad? Readers find the topics under the agenda; the folders that require it have one in
92 % or more of their files (sig-standardization, which dropped the heading in 2025, does not
require it).

Example: bad `# 2024-03-20`, `## Participants`, `### Storage`; good `## Agenda` above `### Storage`.
"""

_HOUSEKEEPING_DOC = """The minutes have no housekeeping section, in a folder that requires one.

What it does: where the folder policy sets `require_housekeeping`, reports team minutes without a
housekeeping heading below the title (`Housekeeping`, `Recurring items`, `Reporting & minutes`,
`:telephone: Minutes taking&transfer`, `Orga`, `Who presents ...`). A topic under the agenda that
mentions minutes does not count. Special sessions (by file name or by a title that names another
meeting) and cancellation notes are exempt.

Why is this bad? The section names who reports in the community call and who transfers the
minutes; folders where it is not the convention (the product board: 9 %) do not require it.

Example: bad `## Participants` then `## Agenda` only; good `## Housekeeping` between them.
"""


AGENDA_RULE = Rule(id="missing-agenda", severity=Severity.ERROR, check=check_agenda, doc=_AGENDA_DOC, kinds=_TEAM)
HOUSEKEEPING_RULE = Rule(
    id="missing-housekeeping", severity=Severity.ERROR, check=check_housekeeping, doc=_HOUSEKEEPING_DOC, kinds=_TEAM
)
