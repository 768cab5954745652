"""Placeholders from the minutes template were left in a real file (or removed from the template).

What it does: `template-leftover` reports the template's placeholders in any dated file: the
`@todo` handle, `github.com/todo` links, `202X-XX-XX` dates, `yolobanana`, topic headings called
`A new topic`, bullets `Subtopic 1` and `1. First aspect`. The template itself (kind `template`, or a
path in `template_paths`) must keep them: `template-lost-placeholders` reports a template that no
longer has its date or reporter placeholder, since the copies would then start from a real value
that nobody notices is wrong.

Why is this bad? A copied deck that still says `Report by @todo` credits nobody, and the
placeholder topics are published as content (seen in a 2024 community call: 16 leftovers).

Example: bad `Report by <a href="https://github.com/todo">@todo</a>` in `community-call/20240725.md`;
good `Report by <a href="https://github.com/alice">@alice</a>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._minutes import is_template

# (what, regex); each family has one pattern so a line is scanned once per family
_DATE = re.compile(r"\b(?:[0-9]{2,3}X{1,2}|X{4})-XX-XX\b", re.I)
_HANDLE = re.compile(r"(?<![\w.@/])@todo\b", re.I)
_PAD = "the pad's banner"
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("the placeholder date", _DATE),
    ("the placeholder handle", _HANDLE),
    ("the placeholder link", re.compile(r"github\.com/todo\b", re.I)),
    ("the placeholder host", re.compile(r"yolobanana", re.I)),
    # the HedgeDoc pad's own banner ("Beware: the contents of this pad will be publicly available ...")
    (_PAD, re.compile(r"\bcontents\s+of\s+this\s+pad\b", re.I)),
)
_REPORTER_FAMILIES = frozenset({"the placeholder handle", "the placeholder link"})
_TOPIC = re.compile(r"(?:^|[-–:|]\s*)(?:a|another)\s+new\s+topic\s*$", re.I)
_BULLET = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])\s+(?:(?:subtopic|sub-topic)\s+\d+|(?:\d+[.)]\s*)?(?:first|second|third)\s+aspect)\s*$",
    re.I,
)


# a case-sensitive search of the lower-cased text is ~10x cheaper than the case-insensitive
# patterns; only the lines it hits are matched against them
# ("@todo" and "/todo", not "todo": minutes say TODO on many lines, none of them a placeholder)
_KEYS = re.compile(r"[@/]todo|xx-xx|yolobanana|sub-?topic| aspect|new topic|this pad")
_KEY_WORDS = ("@todo", "/todo", "xx-xx", "yolobanana", "subtopic", "sub-topic", " aspect", "new topic", "this pad")


def _candidate_lines(doc: Document) -> set[int]:
    low = doc.text.lower()
    if len(low) != len(doc.text):  # lower() changed a length (rare letters): fall back to every line
        return set(range(1, len(doc.lines) + 1)) if _KEYS.search(low) else set()
    # str.find per key is ~3x cheaper than the alternation (its first-character set holds " ", so
    # re stops at every space). The same lines: no key holds a newline, so a key found inside
    # another key's match is on that match's line.
    hits: list[int] = []
    for key in _KEY_WORDS:
        at = low.find(key)
        while at >= 0:
            hits.append(at)
            at = low.find(key, at + 1)
    hits.sort()
    lines: set[int] = set()
    line, pos = 1, 0
    for at in hits:
        line += low.count("\n", pos, at)
        pos = at
        lines.add(line)
    return lines


def _placeholders(doc: Document) -> Iterator[tuple[str, Span]]:
    candidates = _candidate_lines(doc)
    if not candidates:
        return
    code = doc.code_lines
    headings = {h.span.line: h for h in doc.headings}
    for n in sorted(candidates):
        line = doc.line(n)
        if n in code or not line:
            continue
        hits = [(what, Span(n, m.start() + 1, n, m.end() + 1)) for what, rx in _FAMILIES for m in rx.finditer(line)]
        yield from sorted(hits, key=lambda hit: hit[1])  # left to right, as a reader meets them
        h = headings.get(n)
        if h is not None:
            if _TOPIC.search(h.text.strip()):
                yield "the placeholder topic heading", h.span
        elif _BULLET.match(line):
            stripped = len(line) - len(line.lstrip())
            yield "the placeholder bullet", Span(n, stripped + 1, n, len(line.rstrip()) + 1)


def check_leftover(doc: Document, ctx: Context) -> Iterator[Problem]:
    if is_template(doc, ctx):
        return
    # `<a href="https://github.com/todo">@todo</a>` is one placeholder reporter: one finding a line
    reported: set[int] = set()
    for what, span in _placeholders(doc):
        if what in _REPORTER_FAMILIES:
            if span.line in reported:
                continue
            reported.add(span.line)
        text = doc.line(span.line)[span.col - 1 : (span.end_col or 0) - 1] if span.end_col else ""
        shown = f" {text.strip()!r}" if text.strip() else ""
        if what == _PAD:  # harmless text, but not minutes: a warning
            yield Problem(span, f"pad leftover: {what}{shown}, expected it removed", severity=Severity.WARNING)
            continue
        yield Problem(span, f"template leftover: {what}{shown}, expected real content")


def check_template(doc: Document, ctx: Context) -> Iterator[Problem]:
    if not is_template(doc, ctx):
        return
    found = {what for what, _span in _placeholders(doc)}
    for what in ("the placeholder date", "the placeholder handle"):
        if what not in found:
            example = "202X-XX-XX" if "date" in what else "@todo"
            yield Problem(Span(1, 1), f"template has lost {what}, expected e.g. {example!r}")


_LEFTOVER_DOC = """Placeholders from the minutes template were left in a real file.

What it does: reports the template's placeholders in any dated file: the `@todo` handle,
`github.com/todo` links, `202X-XX-XX` dates, `yolobanana`, topic headings called `A new topic`,
bullets `Subtopic 1` and `1. First aspect`; and, as a warning, the HedgeDoc pad's banner
("Beware: the contents of this pad will be publicly available ..."). The template itself is
exempt. `TODO:` in prose is not a placeholder. A placeholder link and handle on one line are one
finding.

Why is this bad? A copied deck that still says `Report by @todo` credits nobody, and placeholder
topics get published as content (a 2024 community call kept 11 of them).

Example: bad `Report by <a href="https://github.com/todo">@todo</a>`; good
`Report by <a href="https://github.com/alice">@alice</a>`.
"""

_TEMPLATE_DOC = """The minutes template no longer holds its date or reporter placeholder.

What it does: for the template (kind `template`: a `template.md` or a path listed in `templates`),
reports a missing `202X-XX-XX` date placeholder and a missing `@todo` reporter placeholder.

Why is this bad? Copies of the template then start from a real date and a real person, and nobody
notices that they are wrong; with the placeholders, `template-leftover` catches a forgotten edit.

Example: bad a template titled `Community Call 2024-08-01`; good `Community Call 202X-XX-XX`.
"""


LEFTOVER = Rule(
    id="template-leftover",
    severity=Severity.ERROR,
    check=check_leftover,
    doc=_LEFTOVER_DOC,
    kinds=DATED_KINDS,
)
TEMPLATE = Rule(
    id="template-lost-placeholders",
    severity=Severity.WARNING,
    check=check_template,
    doc=_TEMPLATE_DOC,
    kinds=frozenset({Kind.TEMPLATE}),
)
