"""The title line must have the form the folder's configuration gives (`title-pattern`).

What it does: where `folders.<name>.title-pattern` is set, matches the title text of team minutes
(heading marks, HTML tags and emphasis removed) against that regular expression; a named group
`DATE` in the pattern is where the date stands. The message shows the title this file should
have (the pattern's literal text with the file's date in the `DATE` group) rather than the regular
expression. Special sessions (by file name, or a title that names another meeting), cancellation
notes, decks and legacy minutes are exempt; a file without a title heading, a title without a
date, or a heading above the title, is reported by `title-without-date` instead.
Why is this bad? A series whose titles all read the same way is found and sorted by them; a title
in another form (a copied heading from another series, the date alone where the folder writes
"SIG Documentation on DATE") is usually a leftover.
Example: with the pattern `^SIG Documentation on (?P<DATE>\\S+)$`, bad `# 2024-03-04`; good
`# SIG Documentation on 2024-03-04`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..kinds import heading_above_title
from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ..userre import UserPattern, UserPatternError, compile_user
from ._minutes import regular_minutes

# The pieces of a simple title pattern, read left to right: a DATE group, whitespace classes,
# escaped literals, plain literals, anchors. Anything else (alternation, classes, repeats of a
# group) means the pattern cannot be spelt out as one example, and the message falls back to it.
_PIECE = re.compile(
    r"(?P<date>\(\?P<DATE>[^()]*\))|(?P<space>\\s[+*?]?)|(?P<escaped>\\[^A-Za-z0-9])"
    r"|(?P<literal>[^\\^$.|?*+()\[\]{}]+)|(?P<anchor>[\^$])"
)


def compiled_title_pattern(pattern: str) -> UserPattern | None:
    try:
        return compile_user(pattern)  # RE2: the pattern comes from the repository's configuration
    except UserPatternError:  # the configuration loader validates patterns; a bad one must not crash a run
        return None


def example(pattern: str, date: str) -> str | None:
    """The title the pattern describes for ``date`` ("SIG Documentation on 2024-03-04"), or None."""
    out: list[str] = []
    pos = 0
    while pos < len(pattern):
        m = _PIECE.match(pattern, pos)
        if m is None:
            return None
        kind, text = m.lastgroup, m.group(0)
        if kind == "date":
            out.append(date)
        elif kind == "space":
            out.append("" if text.endswith(("*", "?")) else " ")
        elif kind == "escaped":
            out.append(text[1])
        elif kind == "literal":
            out.append(text)
        pos = m.end()
    shown = "".join(out).strip()
    return shown or None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    policy = ctx.folders.get(doc.folder)
    title = doc.title
    if policy is None or not policy.title_pattern or title is None or title.level == 0 or title.date is None:
        return  # no title heading, or one without a date: title-without-date reports that (one cause)
    if not regular_minutes(doc) or heading_above_title(doc) is not None:
        return  # a heading above the title: title-without-date names the title this file should have
    pattern = compiled_title_pattern(policy.title_pattern)
    if pattern is None or pattern.search(title.text):
        return
    shown = title.text.strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    date = doc.file_date.isoformat() if doc.file_date is not None else "YYYY-MM-DD"
    wanted = example(policy.title_pattern, date)
    expected = (
        f"a title such as '{'#' * title.level} {wanted}'"
        if wanted
        else (f"a title matching the folder's title-pattern {policy.title_pattern!r}")
    )
    yield Problem(title.span, f"title '{shown}' does not have the form of {doc.folder} titles, expected {expected}")


RULE = Rule(
    id="title-format",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=frozenset({Kind.TEAM}),
)
