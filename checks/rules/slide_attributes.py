"""`.slide` / `.element` attribute comments must be written the way HedgeDoc reads them (two rules).

HedgeDoc 1.x parses `<!-- .slide: name="value" -->` with `([^"= ]+?)="([^"=]+?)"`: double quotes
only, no `=` or `"` in the value, and it applies only `data-*`, `id`, `class` and `style`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..rule import Context, Problem, Rule
from ._dates import DECK_KINDS, is_background_piece

MALFORMED_DOC = """A `.slide` / `.element` attribute that HedgeDoc cannot read.

What it does: reports attribute comments with no attributes at all, and attributes whose value is
unquoted, single-quoted, or contains `=` or `"` (an empty `data-background=""` is reported by
bad-slide-background instead).
Why is this bad? HedgeDoc silently skips what it cannot parse: the background, class or style
never reaches the slide, and nothing tells the author.
Example: bad `<!-- .slide: data-background='bg.png' -->` or `<!-- .slide: -->`; good
`<!-- .slide: data-background="https://example.org/bg.png" -->`.
"""

DROPPED_DOC = """A `.slide` / `.element` attribute that HedgeDoc drops.

What it does: warns about well-formed attributes other than `data-*`, `id`, `class` and `style`
(for example `transition="zoom"` instead of `data-transition="zoom"`).
Why is this bad? HedgeDoc's whitelist removes them, so the setting has no effect.
Example: bad `<!-- .slide: background="#fff" -->`; good `<!-- .slide: data-background="#fff" -->`.
"""


def check_malformed(doc: Document, ctx: Context) -> Iterator[Problem]:
    for ac in doc.attr_comments:
        for piece in ac.malformed:
            if is_background_piece(piece):
                continue
            if piece == "(no attributes)":
                message = f'.{ac.target} comment has no attributes, expected name="value" pairs'
            else:
                message = (
                    f"attribute {piece} in .{ac.target} comment is not read by hedgedoc, "
                    'expected name="value" in double quotes without = or " inside'
                )
            yield Problem(ac.span, message)


def check_dropped(doc: Document, ctx: Context) -> Iterator[Problem]:
    for ac in doc.attr_comments:
        for name in ac.dropped:
            yield Problem(
                ac.span,
                f"attribute '{name}' in .{ac.target} comment is dropped by hedgedoc, "
                f"expected data-{name}, id, class or style",
            )


MALFORMED_RULE = Rule(
    id="malformed-slide-attribute",
    severity=Severity.ERROR,
    check=check_malformed,
    doc=MALFORMED_DOC,
    kinds=DECK_KINDS,
)
DROPPED_RULE = Rule(
    id="dropped-slide-attribute",
    severity=Severity.WARNING,
    check=check_dropped,
    doc=DROPPED_DOC,
    kinds=DECK_KINDS,
)
