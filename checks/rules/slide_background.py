"""A slide background must name an image that exists: a URL, a committed file, or a colour.

What it does: checks every `data-background` (and `data-background-image`, `-video`, `-iframe`)
in `.slide` / `.element` comments: the value must not be empty, and must be an http(s) URL with a
host, a `data:` URI, a relative path to a file committed in the repository, or (for
`data-background` only) a CSS colour.
Why is this bad? reveal.js shows an empty or broken background without complaint; the title
slide loses its picture in the meeting and in the published deck.
Example: bad `<!-- .slide: data-background="" -->`, `data-background="[](https://)"`, or
`data-background="bg.png"` with no `bg.png` next to the deck; good
`data-background="https://example.org/bg.png"` or a committed `./bg.png`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Severity
from ..rule import Context, Problem, Rule
from ._dates import DECK_KINDS, exists_locally, is_color, is_url

# Read from the raw comment, because HedgeDoc's own pattern skips an empty value entirely.
_BACKGROUND = re.compile(r"""\b(data-background(?:-image|-video|-iframe)?)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _problem(doc: Document, ctx: Context, name: str, value: str) -> str | None:
    value = value.strip()
    if not value:
        return f"{name} is empty, expected an image url or a committed file"
    if is_url(value):
        return None
    if name == "data-background" and is_color(value):
        return None
    if "://" in value or any(c in value for c in "[]()<> "):
        return f"{name} {value!r} is not a url, expected an http(s) url or a committed file"
    if exists_locally(doc, ctx, value):
        return None
    return f"{name} {value!r} does not exist in the repository, expected a url or a committed file"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for ac in doc.attr_comments:
        if "data-background" not in ac.raw:
            continue
        for m in _BACKGROUND.finditer(ac.raw):
            value = m.group(2) if m.group(2) is not None else m.group(3)
            message = _problem(doc, ctx, m.group(1), value)
            if message is not None:
                yield Problem(ac.span, message)


RULE = Rule(id="bad-slide-background", severity=Severity.ERROR, check=check, doc=__doc__, kinds=DECK_KINDS)
