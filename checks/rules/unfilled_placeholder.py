"""`???` left where a value belongs: a placeholder nobody filled in.

What it does: reports three or more question marks that stand alone as a value: a list item of
nothing else (`- ???`), the value after a label (`Health Check: ???`, `**Owner:** ???`), after a
dash separator or an arrow (`Docs updated - ???`, `owner -> ???`), an entry of a list in parentheses
(`(Keycloak, ???)`), or a table cell (`| ??? |`). Question marks that end a word or a sentence
(`tempest???`, `works ???`) are an emphatic question, not a value, and stay quiet; so do two
(`(??)`, "not known yet" in event lists), `TBD` and `...`, which the minutes use as real statements
("to be decided", "and so on"). Code is never looked at. Every kind of file is checked but the
template, whose placeholders are meant.

Why is this bad? The minutes are published: readers see `???` where the answer should be, and
cannot tell whether it is unknown, was forgotten, or was lost when the pad was copied.

Example: bad `- Health Check: ???`; good `- Health Check: done by @jo-doe` or
`- Health Check: nobody yet (open)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import ALL_KINDS, Context, Problem, Rule, Severity
from ._minutes import strip_code_spans

_MARKS = re.compile(r"\?{3,}")  # one quantifier over one character: linear
# what may stand before a value: a label's colon, an entry separator, an opening bracket, a cell
_BEFORE_VALUE = frozenset(":,(|=[;")
_DASHES = frozenset("-–—+")  # a separator only with a space (or nothing) before it: `x - ???`
_AFTER_VALUE = frozenset("),;|]")
_ORDERED = re.compile(r"\d{1,9}[.)]")  # an ordered list marker, `1.` or `1)`
_EMPHASIS = "*_~"
_LOOK = 80  # characters looked at before and after the marks


def _value_start(before: str) -> bool:
    """Whether the text before the marks ends where a value begins."""
    head = before.rstrip().rstrip(_EMPHASIS).rstrip()  # `**Owner:** ???`, `* ???` (a bullet)
    if not head or head[-1] in _BEFORE_VALUE or head in {">", "#"} or head.lstrip("#") == "":
        return True
    if head.endswith(("->", "=>", "→")):
        return True  # `Owner -> ???`: the arrow gives the answer
    if head[-1] in _DASHES:
        return len(head) == 1 or head[-2].isspace() or head[-2] in "*>"
    return _ORDERED.fullmatch(head.strip()) is not None


def _value_end(after: str) -> bool:
    tail = after.lstrip().lstrip(_EMPHASIS).lstrip()
    return not tail or tail[0] in _AFTER_VALUE or tail.startswith("<!--")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "???" not in doc.text:
        return
    code = doc.code_lines
    for n, raw in enumerate(doc.lines, 1):
        if "???" not in raw or n in code:
            continue
        line = strip_code_spans(raw)
        for m in _MARKS.finditer(line):
            # a bounded look either side: a line of a thousand '???' stays linear
            start, end = m.start(), m.end()
            before = line[start - _LOOK : start] if start > _LOOK else line[:start]
            after = line[end : end + _LOOK]
            if start > _LOOK and not before.strip():
                before = "x" + before  # spaces as far as we look, and text before them: not a line start
            if _value_start(before) and _value_end(after if end + _LOOK >= len(line) or after.strip() else after + "x"):
                yield Problem(
                    Span(n, m.start() + 1, n, m.end() + 1),
                    f"'{m.group()}' stands where a value belongs: readers of the published minutes see an "
                    "unfilled placeholder; write the value, or say that it is open ('nobody yet', 'unknown')",
                )


RULE = Rule(
    id="unfilled-placeholder",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=ALL_KINDS - {Kind.TEMPLATE},
)
