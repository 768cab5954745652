"""A Markdown link written the wrong way round: `(text)[url]` or `(url)[text]`.

What it does: scans the lines outside code (and outside inline code spans) for a parenthesised text
directly followed by a bracketed URL or relative path, or a parenthesised URL directly followed by
a bracketed text (the halves in the wrong order).
Why is this bad? Markdown renders it as plain text with brackets; the link is lost and the reader
sees `(text)[https://...]`.
Example: bad `(the standard)[https://docs.scs.community/standards]`,
`(https://docs.scs.community/standards)[the standard]`;
good `[the standard](https://docs.scs.community/standards)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Severity, Span
from ..rule import Context, Problem, Rule
from ._links import mask_code_spans

# `(` not right after `]` (that is a normal link followed by something) and a target that is
# clearly a URL or a relative path, so `(a)[b]` prose and footnote-like `(1)[2]` stay quiet.
# The target stops at a "(" too: each candidate's scan then ends where the next "(" starts one,
# instead of every "(a)[http://" rescanning the rest of the line (quadratic without a "]").
_REVERSED = re.compile(r"(?<!\])\(([^()\n]+)\)\[((?:https?://|www\.|\.{1,2}/)[^\]\s(]*)\]")
# '(https://...)[the text]': both halves in the wrong order; the text holds no brackets, the URL no
# parentheses or spaces, so each candidate's scan ends at the next '(' or '[' (linear).
_SWAPPED = re.compile(r"(?<!\])\(((?:https?://|www\.|\.{1,2}/)[^()\s\[\]]*)\)\[([^\[\]\n(]+)\](?!\()")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    code = doc.code_lines
    for n, raw in enumerate(doc.lines, start=1):
        if ")[" not in raw or n < doc.body_start or n in code:
            continue
        masked = mask_code_spans(raw)
        for m in _REVERSED.finditer(masked):
            yield Problem(
                Span.on_line(n, m.start() + 1, m.end() - m.start()),
                f"reversed link ({m.group(1)})[{m.group(2)}] shows as text; expected [{m.group(1)}]({m.group(2)})",
            )
        for m in _SWAPPED.finditer(masked):
            yield Problem(
                Span.on_line(n, m.start() + 1, m.end() - m.start()),
                f"reversed link ({m.group(1)})[{m.group(2)}] shows as text; expected [{m.group(2)}]({m.group(1)})",
            )


RULE = Rule(id="reversed-link", severity=Severity.ERROR, check=check, doc=__doc__ or "")
