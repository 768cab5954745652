"""The file does not end with a newline.

What it does: reports a non-empty file whose last line has no line ending (a notice, reported only
when the last line is changed under `--changed-since`).

Why is this bad? Without it the next line appended shows up as a change of the old last line, and
some tools drop or merge the last line.

Example: bad a file whose last bytes are `- next meeting in two weeks`; good the same with `\\n`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Edit, Fix, Problem, Rule, Severity


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.fatal or not doc.text or doc.text.endswith(("\n", "\r")):
        return
    last = len(doc.lines)
    end = len(doc.line(last)) + 1
    yield Problem(Span.on_line(last, end), "no newline at the end of the file",
                  fix=Fix((Edit(last, end, last, end, "\n"),)))


RULE = Rule(
    id="missing-final-newline",
    severity=Severity.NOTICE,
    check=check,
    doc=__doc__ or "",
    kinds=DATED_KINDS,
    whitespace=True,
    fixable="safe",
)
