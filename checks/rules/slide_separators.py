"""Slide separators must split where the author meant, and only there (two rules, one model).

HedgeDoc 1.x splits the raw deck text on a line that is exactly `---` (next slide) or `----`
(vertical sub-slide) with an empty line before and after; the parser records every line that
looks like a separator in `Document.separators`, with whether HedgeDoc splits there.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity, Span
from ..rule import Context, Problem, Rule
from ._dates import DECK_KINDS, comment_lines

IGNORED_DOC = """A slide separator HedgeDoc will not split on.

What it does: reports a `---` / `----` line in a deck that HedgeDoc does not treat as a separator:
no blank line before or after it, a line of spaces instead of an empty one, or trailing
whitespace after the dashes. Look-alikes inside HTML comments and code blocks are left alone.
Why is this bad? The two slides run together into one overflowing slide (and `text` directly
above `---` becomes a heading), which shows up only when the deck is presented.
Example: bad `- last item` directly followed by `----`; good an empty line between them.
"""

IN_CODE_DOC = """A slide separator inside a code block or an HTML comment that HedgeDoc will split on.

What it does: reports a `---` / `----` line surrounded by empty lines inside a fenced or indented
code block, or inside a multi-line HTML comment.
Why is this bad? HedgeDoc splits the raw text before it parses Markdown, so the code block (or
the comment) is cut in two across two slides: the rest of the code renders as Markdown and a
half comment swallows or shows content.
Example: bad a YAML example in a fence containing an empty line, `---`, an empty line; good
`# ---` or no blank lines around it inside the fence.
"""

EMPTY_DOC = """Two slide separators with only empty lines between them: an empty slide.

What it does: reports, in a deck, a `---` / `----` separator HedgeDoc splits on whose slide above is
empty: only empty lines since the previous separator (or since the front matter, for the first
one). HTML comments count as empty, a `<!-- .slide: ... -->` line does not. A separator that ends
the deck with nothing after it, which leaves an empty last slide, is reported as a notice.
Why is this bad? The audience gets a blank slide between two real ones (or at the end), and the
presenter has to click past it; usually one separator was left behind when a slide was deleted.
Example: bad `----`, an empty line, `---`; good one separator between the two slides.
"""

_WHY = {
    "trailing-whitespace": "has trailing whitespace",
    "no-blank-line-before": "has no empty line before it",
    "no-blank-line-after": "has no empty line after it",
    "whitespace-line-before": "has a line of spaces before it instead of an empty line",
    "whitespace-line-after": "has a line of spaces after it instead of an empty line",
}


def check_ignored(doc: Document, ctx: Context) -> Iterator[Problem]:
    for sep in doc.separators:
        if sep.splits or sep.in_code:
            continue
        marks = sep.raw.rstrip()
        why = _WHY.get(sep.reason or "", f"is not split on ({sep.reason})")
        yield Problem(
            _span(sep.line, sep.raw),
            f"slide separator '{marks}' {why}, so hedgedoc does not split the slide here",
        )


def check_in_code(doc: Document, ctx: Context) -> Iterator[Problem]:
    comments: set[int] | None = None
    for sep in doc.separators:
        if not sep.splits:
            continue
        marks = sep.raw.rstrip()
        if sep.in_code:
            yield Problem(
                _span(sep.line, sep.raw),
                f"'{marks}' with empty lines around it inside a code block splits the slide here, "
                "expected no separator inside code",
            )
            continue
        if comments is None:
            comments = comment_lines(doc)
        if sep.line in comments:
            yield Problem(
                _span(sep.line, sep.raw),
                f"'{marks}' with empty lines around it inside an html comment splits the slide here, "
                "expected no separator inside a comment",
            )


def _blank(doc: Document, first: int, last: int, comments: set[int]) -> bool:
    """Does the audience see nothing on source lines ``first`` to ``last`` (inclusive)?

    Empty lines and HTML comments show nothing; a '<!-- .slide: ... -->' comment gives the slide a
    background or a class, so that slide is meant."""
    return all(
        not doc.line(n).strip() or (n in comments and ".slide:" not in doc.line(n)) for n in range(first, last + 1)
    )


def check_empty(doc: Document, ctx: Context) -> Iterator[Problem]:
    seps = [sep for sep in doc.separators if sep.splits and not sep.in_code]
    if not seps:
        return
    comments = comment_lines(doc)
    seps = [sep for sep in seps if sep.line not in comments]
    previous = doc.body_start - 1  # the front matter's closing line: the first slide starts after it
    for sep in seps:
        if _blank(doc, previous + 1, sep.line - 1, comments):
            above = f"the separator on line {previous}" if previous >= doc.body_start else "the deck's start"
            yield Problem(
                _span(sep.line, sep.raw),
                f"slide separator '{sep.raw.rstrip()}' follows {above} with only empty lines between, so the "
                "audience sees an empty slide; remove one of the two separators",
            )
        previous = sep.line
    if seps and _blank(doc, previous + 1, len(doc.lines), comments):
        last = seps[-1]
        yield Problem(
            _span(last.line, last.raw),
            f"slide separator '{last.raw.rstrip()}' ends the deck with nothing after it, so the deck ends on an "
            "empty slide; remove it",
            severity=Severity.NOTICE,
        )


def _span(line: int, raw: str) -> Span:
    return Span.on_line(line, 1, len(raw) or 3)


IGNORED_RULE = Rule(
    id="slide-separator-ignored",
    severity=Severity.ERROR,
    check=check_ignored,
    doc=IGNORED_DOC,
    kinds=DECK_KINDS,
)
IN_CODE_RULE = Rule(
    id="slide-separator-in-code",
    severity=Severity.ERROR,
    check=check_in_code,
    doc=IN_CODE_DOC,
    kinds=DECK_KINDS,
)
EMPTY_RULE = Rule(
    id="empty-slide",
    severity=Severity.WARNING,
    check=check_empty,
    doc=EMPTY_DOC,
    kinds=DECK_KINDS,
)
