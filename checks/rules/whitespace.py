"""Trailing whitespace and tab indentation (notices, reported on changed lines only).

What it does: `trailing-whitespace` reports spaces or tabs at the end of a line (exactly two
spaces after text are a Markdown hard line break and are accepted); `tab-indentation` reports a
tab in a line's indentation. Lines inside code blocks are left alone.

Why is this bad? Invisible characters make diffs noisy, and a tab indents a nested list by a width
that differs between GitHub, HedgeDoc and editors. The minutes repository rejected a mass clean-up
(PR #645), so these are notices, and with `--changed-since` only the lines a change touches are
reported: fix what you write, never the archive.

Example: bad `- @alice` followed by three spaces, or a nested bullet indented with a tab; good the
same lines without the trailing spaces, and indented with spaces.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Edit, Fix, Problem, Rule, Severity
from ._inline import RENDER_KINDS


def check_trailing(doc: Document, ctx: Context) -> Iterator[Problem]:
    text = doc.text
    if " \n" not in text and "\t\n" not in text and not text.endswith((" ", "\t")):
        return  # most files are clean: one scan in C instead of a Python loop over the lines
    code = doc.code_lines
    for n, line in enumerate(doc.lines, 1):
        if not line or line[-1] not in " \t" or n in code:
            continue
        body = line.rstrip(" \t")
        tail = len(line) - len(body)
        if body and line.endswith("  ") and tail == 2:  # a hard line break, written on purpose
            continue
        plural = "s" if tail > 1 else ""
        yield Problem(
            Span(n, len(body) + 1, n, len(line) + 1),
            f"{tail} trailing whitespace character{plural}, expected none",
            fix=Fix((Edit(n, len(body) + 1, n, len(line) + 1, ""),)),
        )


def check_tabs(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "\t" not in doc.text:
        return
    code = doc.code_lines
    for n, line in enumerate(doc.lines, 1):
        if not line.startswith((" ", "\t")) or n in code:
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        col = line.find("\t", 0, indent)
        if col >= 0 and line.strip():
            yield Problem(Span(n, col + 1, n, indent + 1), "tab in indentation, expected spaces")


_TRAILING_DOC = """Spaces or tabs at the end of a line outside code blocks (with `--changed-since`: changed lines only).

What it does: reports whitespace after the last character of a line, and lines of only
whitespace. Exactly two spaces after text are a Markdown hard line break and are accepted; lines
inside code blocks are left alone.

Why is this bad? Invisible characters make diffs noisy. The minutes repository rejected a mass
clean-up (PR #645), so this is a notice, and with `--changed-since` only the lines a change touches
are reported: fix what you write, never the archive.

Example: bad `- @alice` followed by three spaces; good `- @alice`.
"""

_TABS_DOC = """A tab in the indentation of a line outside code blocks (with `--changed-since`: changed lines only).

What it does: reports a tab among the spaces or tabs that indent a line outside code blocks; a tab
inside the text of a line is fine.

Why is this bad? A tab indents a nested list by a width that differs between GitHub (4 columns),
HedgeDoc and editors, so nesting changes when the minutes move between them. As with trailing
whitespace, only changed lines are reported under `--changed-since`.

Example: bad a nested bullet indented with a tab; good the same bullet indented with spaces.
"""


TRAILING = Rule(
    id="trailing-whitespace",
    severity=Severity.NOTICE,
    check=check_trailing,
    doc=_TRAILING_DOC,
    kinds=RENDER_KINDS,
    whitespace=True,
    fixable="safe",
)
TABS = Rule(
    id="tab-indentation",
    severity=Severity.NOTICE,
    check=check_tabs,
    doc=_TABS_DOC,
    kinds=RENDER_KINDS,
    whitespace=True,
)
