"""Reporter lines on deck slides: present, consistent and real (three rules, one model).

Decks name who reports a team's update on the team's section slide:
`Report by <a href="https://github.com/x">@x</a>` (also `Reported by`, `Presented by`, plain
`Report by @x`, or a full name without `@`). The parser lists them as `report-by` reporters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..model import Document, Heading, Kind, Reporter, Severity, Slide
from ..refs import strip_runs
from ..rule import Context, Problem, Rule
from ._dates import TEAM_HEADING, plain

MISSING_DOC = """A team or SIG section slide without a reporter line.

What it does: in folders whose policy sets `require_deck_reporters`, warns about every slide whose
first heading is a level-1 `# Team …` or `# SIG …` heading and that has no `Report by` /
`Reported by` / `Presented by` line.
Why is this bad? The community call relies on each team sending someone; the deck is where the
host sees who that is, and the published deck records it.
Example: bad a slide `# Team IaaS` with only bullet points; good the same slide with
`Report by <a href="https://github.com/x">@x</a>`.
"""

MISMATCH_DOC = """A reporter line whose link goes to another GitHub user than the handle it shows.

What it does: compares the `@handle` shown in a `Report by <a href="https://github.com/USER">@handle</a>`
line with the GitHub user it links (case-insensitively).
Why is this bad? The line was copied from another slide and only half edited: readers who click
the name land on someone else's profile.
Example: bad `Report by <a href="https://github.com/garlof">@garloff</a>`; good
`Report by <a href="https://github.com/garloff">@garloff</a>`.
"""

PLACEHOLDER_DOC = """A reporter line that still holds a placeholder.

What it does: warns about `Report by ?`, `Report by noone`, `Report by ...`, `TBD`, `@todo` and
links to `github.com/todo`.
Why is this bad? The template's placeholder was never filled in: the deck does not say who
reports, or links a profile that does not belong to the reporter.
Example: bad `Report by <a href="https://github.com/todo">@todo</a>`; good
`Report by <a href="https://github.com/x">@x</a>`.
"""

# What people type when nobody is known yet (compared after stripping tags, "@" and punctuation).
_PLACEHOLDERS = frozenset(
    {"", "?", "??", "???", "...", "…", "-", "--", "—", "noone", "no one", "nobody", "none", "n/a", "na",
     "tbd", "tba", "todo", "xxx", "x", "name", "@x", "n.n", "nn", "n. n"}
)  # fmt: skip
_PLACEHOLDER_USERS = frozenset({"todo", "tbd", "xxx", "x", "user", "username", "handle", "noone"})
# stripped around a reporter's text: leading ":,*_@" and trailing ":,*_.!" and spaces (with
# strip_runs, not the regex "^[...]+|[...]+$", which rescans a long run from each of its characters)
_LEAD, _TAIL = ":,*_@", ":,*_.!"


def _deck_reporters(doc: Document) -> Iterator[Reporter]:
    return (r for r in doc.reporters if r.form == "report-by")


def _section_slides(doc: Document) -> Iterator[tuple[Slide, Heading]]:
    """Slides that open a vertical stack with a level-1 `# Team X` / `# SIG X` heading.

    Later slides of the stack repeat the heading (`# Team IaaS` again, or `## Team IaaS`); they are
    the team's content, not its section slide.
    """
    for slide in doc.slides:
        h = slide.heading
        if slide.index[1] == 0 and h is not None and h.level == 1 and TEAM_HEADING.match(plain(h.text)):
            yield slide, h


def check_missing(doc: Document, ctx: Context) -> Iterator[Problem]:
    if not ctx.policy(doc).require_deck_reporters:
        return
    # A reporter line anywhere in the team's vertical stack counts (usually it is on the first slide).
    # Slides are in file order, so each reporter line finds its slide by bisection (linear overall).
    starts = [s.start_line for s in doc.slides]
    stacks: set[int] = set()
    for rep in _deck_reporters(doc):
        i = bisect_right(starts, rep.span.line) - 1
        if i >= 0 and rep.span.line <= doc.slides[i].end_line:
            stacks.add(doc.slides[i].index[0])
    for slide, heading in _section_slides(doc):
        if slide.index[0] in stacks:
            continue
        name = plain(heading.text)
        yield Problem(
            heading.span,
            f"section slide '{name}' has no reporter line, expected 'Report by @handle' on the slide",
        )


def _placeholder(rep: Reporter) -> str | None:
    user = (rep.href_user or "").lower()
    if user in _PLACEHOLDER_USERS:
        return f"reporter link goes to github.com/{rep.href_user}, a placeholder"
    if rep.handle is not None and rep.handle.lower() in _PLACEHOLDER_USERS:
        return f"reporter '@{rep.handle}' is a placeholder"
    shown = strip_runs(plain(rep.text), _LEAD, _TAIL).lower()
    if rep.handle is None and shown in _PLACEHOLDERS:
        return f"reporter {plain(rep.text)!r} is a placeholder"
    return None


def check_placeholder(doc: Document, ctx: Context) -> Iterator[Problem]:
    for rep in _deck_reporters(doc):
        what = _placeholder(rep)
        if what is not None:
            yield Problem(rep.span, f"{what}, expected the reporter's github handle")


def check_mismatch(doc: Document, ctx: Context) -> Iterator[Problem]:
    for rep in _deck_reporters(doc):
        if rep.handle is None or rep.href_user is None or _placeholder(rep) is not None:
            continue
        if rep.handle.lower() != rep.href_user.lower():
            yield Problem(
                rep.span,
                f"reporter link goes to github user '{rep.href_user}' but shows '@{rep.handle}', "
                "expected the same user",
            )


_DECKS = frozenset({Kind.DECK})
MISSING_RULE = Rule(
    id="missing-deck-reporter", severity=Severity.WARNING, check=check_missing, doc=MISSING_DOC, kinds=_DECKS
)
MISMATCH_RULE = Rule(
    id="reporter-link-mismatch", severity=Severity.ERROR, check=check_mismatch, doc=MISMATCH_DOC, kinds=_DECKS
)
PLACEHOLDER_RULE = Rule(
    id="reporter-placeholder",
    severity=Severity.WARNING,
    check=check_placeholder,
    doc=PLACEHOLDER_DOC,
    kinds=_DECKS,
)
