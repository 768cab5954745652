"""`???` or a lone `X` left where a value belongs: a placeholder nobody filled in.

What it does: reports three or more question marks that stand alone as a value: a list item of
nothing else (`- ???`), the value after a label (`Health Check: ???`, `**Owner:** ???`), after a
dash separator or an arrow (`Docs updated - ???`, `owner -> ???`), an entry of a list in parentheses
(`(Keycloak, ???)`), or a table cell (`| ??? |`). Question marks that end a word or a sentence
(`tempest???`, `works ???`) are an emphatic question, not a value, and stay quiet; so do two
(`(??)`, "not known yet" in event lists), `TBD` and `...`, which the minutes use as real statements
("to be decided", "and so on"). A run of four or more dots (or `……`) as the whole value after a
label is the same slot left open: `Lessons learned: ........`, also with a question in parentheses
after it (`Demo: .... (who?)`); a list item of dots alone (`- ....`) or dots after words
(`logs, secrets, ....`) say "and so on" and stay quiet, and a reporter line (`Report by ....`) is
`reporter-placeholder`'s. A lone `X` (up to `XXXX`) or `N` is a number or a name left open where
it follows a noun that takes one in a heading or at the head of an item (`# ROOM X - KaaS`,
`- Sprint N: ...`), and so is `X` as a label's whole value (`- Room: X`) and `#XXX` anywhere
(`see PR #XXX`); in prose a letter is a variable (`version X goes to warn while version Y ...`,
`N worker nodes`) and stays quiet, as do `TBD`, `TBA` and `N.N.` ("not decided yet", "a speaker
not yet named"), which the corpus uses as real statements. Code is never looked at
(`scs-XXXX-v1` in backticks is a file name pattern). Every kind of file is checked but the
template, whose placeholders are meant.

Why is this bad? The minutes are published: readers see `???` where the answer should be, and
cannot tell whether it is unknown, was forgotten, or was lost when the pad was copied; `ROOM X`
leaves them guessing which room.

Example: bad `- Health Check: ???`, `- Lessons learned: ........` and `# ROOM X - KaaS`; good
`- Health Check: done by @jo-doe`, `- Health Check: nobody yet (open)` and `# ROOM 3 - KaaS`.
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
    yield from _dot_runs(doc)
    yield from _letter_slots(doc)
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


# a run of dots or ellipses: one character class, one quantifier (linear)
_DOTS = re.compile(r"[.…]{2,}")
_LABEL_MAX = 60  # "Lessons learned", "**Next steps**": a label, not a sentence that ends in a colon
_REPORTER = re.compile(r"\b(?:report(?:ed)?|presented|rebort)\s+by\W*$", re.I)  # reporter-placeholder's


def _dot_runs(doc: Document) -> Iterator[Problem]:
    """`Label: ........`: four dots or more (an ellipsis counts three) as the label's whole value."""
    text = doc.text
    if "...." not in text and "…" not in text:
        return  # most files: two substring searches and done
    code = doc.code_lines
    for n, raw in enumerate(doc.lines, 1):
        if ("...." not in raw and "…" not in raw) or ":" not in raw or n in code:
            continue
        line = strip_code_spans(raw)
        colon = line.find(":")
        m = _DOTS.search(line, colon + 1)
        if m is None or m.group().count(".") + 3 * m.group().count("…") < 4:
            continue
        between = line[colon + 1 : m.start()].strip().strip(_EMPHASIS).strip()
        name = _label(line[:colon])
        if between or not name or not _rest_is_a_question(line[m.end() :]):
            continue
        yield Problem(
            Span(n, m.start() + 1, n, m.end() + 1),
            f"'{m.group()}' stands where the value of '{name[:40]}' belongs: readers of the published minutes"
            " see an unfilled placeholder; write the value, or say that it is open ('nobody yet', 'unknown')",
        )


# a lone `X`..`XXXX` or `N` (or `#XXX`, a number left open): a candidate starts with one of three
# characters, which the regex engine scans for quickly; what stands before it is judged in Python
# (a look-behind tried at every position cost more than the rest of the rule)
_SLOT = re.compile(r"[#XN][XN]{0,3}(?![\w`.\-/&])")
_SLOT_WORDS = frozenset({"X", "XX", "XXX", "XXXX", "N"})
_NOT_BEFORE = frozenset("`#.-/&")
# nouns that take a number or a name: `Room X`, `Sprint N`, `PR X` hold an unfilled one
_NUMBERED = frozenset(
    {
        "room",
        "raum",
        "track",
        "session",
        "slot",
        "sprint",
        "week",
        "kw",
        "part",
        "day",
        "table",
        "hall",
        "floor",
        "release",
        "version",
        "pr",
        "issue",
        "meeting",
        "workshop",
        "hackathon",
        "nr",
        "number",
        "step",
        "phase",
        "group",
        "stage",
        "level",
        "chapter",
        "area",
        "booth",
    }
)


def _letter_slots(doc: Document) -> Iterator[Problem]:
    """`# ROOM X`, `- Room: X`, `PR #XXX`: a lone X or N left where a number or a name belongs. In
    prose (`version X goes to warn while version Y ...`) a letter is a variable: only a heading, the
    head of an item (`- Room X: ...`) and a label's whole value are judged."""
    text = doc.text
    if "X" not in text and "N" not in text:
        return
    code = doc.code_lines
    headings = {h.span.line for h in doc.headings}
    n, pos, line_start = 1, 0, 0
    line = ""
    for m in _SLOT.finditer(text):
        token = m.group()
        number = token[0] == "#"
        if (token[1:] if number else token) not in _SLOT_WORDS:
            continue
        before = text[m.start() - 1 : m.start()]
        if before and (before.isalnum() or before == "_" or before in _NOT_BEFORE):
            continue  # part of a word, a path or a version (`AlmaX`, `v1.X`, `#X` after `#`)
        if m.start() >= pos:  # a new line: its number, start and code-masked text, once per line
            n += text.count("\n", pos, m.start())
            line_start = text.rfind("\n", 0, m.start()) + 1
            pos = text.find("\n", m.start())
            pos = len(text) if pos < 0 else pos
            line = "" if n in code or n < doc.body_start else strip_code_spans(doc.line(n))  # not front matter
        start = m.start() - line_start
        if line[start : start + len(token)] != token:
            continue  # in a code block or a code span: `scs-XXXX-v1` names a file pattern
        # a bounded look either side: a line of ten thousand `X` stays linear
        end = start + len(token)
        near = line[start - _LOOK : start] if start > _LOOK else line[:start]
        head = near.rstrip().rstrip(_EMPHASIS).rstrip()
        after = line[end : end + _LOOK]
        tail = after.strip().strip(_EMPHASIS).strip() or ("x" if end + _LOOK < len(line) else "")
        word = head.rsplit(None, 1)[-1].lower().rstrip(".") if head else ""
        # the head of an item or a label starts the line: not judged beyond the look
        item = head.lstrip(" >").lstrip("-*+").strip().strip(_EMPHASIS).strip() if start <= _LOOK else "x x x"
        if number:
            what = "a number"  # `PR #XXX`: an issue or PR number left open
        elif word in _NUMBERED and n in headings and (not tail or tail[0] in ":-–("):
            what = "a number or a name"  # `# ROOM X - KaaS v2`
        elif word in _NUMBERED and len(item.split()) <= 2 and (not tail or tail[0] in ":-–("):
            what = "a number or a name"  # `- Room X: ...`: the head of an item
        elif (
            token != "N"
            and start <= _LOOK
            and head.endswith(":")
            and _label(head[:-1])
            and (not tail or tail.startswith("<!--"))
        ):
            what = "the value"  # `- Room: X`, the label's whole value
        else:
            continue
        yield Problem(
            Span(n, start + 1, n, start + 1 + len(token)),
            f"'{token}' stands where {what} belongs: readers of the published minutes see an unfilled "
            "placeholder; write it, or say that it is open ('not decided yet')",
        )


def _label(label: str) -> str:
    """`Lessons learned` of `- Lessons learned`, `Demo` of `**Demo**`, `Venue` of `1. Venue`: a short
    label at the start of a line or an item; "" for anything else."""
    body = label.lstrip(" >")
    if body[:1] in "-*+" and body[1:2] == " ":
        body = body[2:]
    elif (m := _ORDERED.match(body)) and body[m.end() : m.end() + 1] == " ":
        body = body[m.end() + 1 :]
    body = body.strip().strip(_EMPHASIS).strip()
    if not body or len(body) > _LABEL_MAX or "http" in body or _REPORTER.search(body):
        return ""
    return body if body[0].isalpha() and not body.endswith(("/", "\\")) else ""


def _rest_is_a_question(rest: str) -> bool:
    """Nothing after the dots, or a note in parentheses only (`(report by Jo?)`)."""
    tail = rest.strip().strip(_EMPHASIS).strip()
    return not tail or tail.startswith("<!--") or (tail[0] == "(" and tail.endswith(")") and ")" not in tail[:-1])


RULE = Rule(
    id="unfilled-placeholder",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=ALL_KINDS - {Kind.TEMPLATE},
)
