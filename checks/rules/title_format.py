"""The title line must have the form the folder's configuration gives (`title-pattern`).

What it does: where `folders.<name>.title-pattern` is set, matches the title text of team minutes
(heading marks, HTML tags and emphasis removed) against that regular expression; a named group
`DATE` in the pattern is where the date stands. Special sessions, decks and legacy minutes are exempt.
Why is this bad? A series whose titles all read the same way is found and sorted by them; a title
in another form (a copied heading from another series, the date alone where the folder writes
"SIG Documentation on DATE") is usually a leftover.
Example: with the pattern `^SIG Documentation on (?P<DATE>\\S+)$`, bad `# 2024-03-04`; good
`# SIG Documentation on 2024-03-04`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ..userre import UserPattern, UserPatternError, compile_user


def _compiled(pattern: str) -> UserPattern | None:
    try:
        return compile_user(pattern)  # RE2: the pattern comes from the repository's configuration
    except UserPatternError:  # the configuration loader validates patterns; a bad one must not crash a run
        return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    policy = ctx.folders.get(doc.folder)
    if policy is None or not policy.title_pattern or doc.title is None:
        return
    pattern = _compiled(policy.title_pattern)
    if pattern is None or pattern.search(doc.title.text):
        return
    yield Problem(doc.title.span, f"title '{doc.title.text[:80]}' does not have the form of {doc.folder} "
                                  f"titles, expected a match of {policy.title_pattern!r}")


RULE = Rule(
    id="title-format",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=frozenset({Kind.TEAM}),
)
