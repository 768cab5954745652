"""Markdown that does not render as the author meant: headings, rules, task boxes and tables.

Five rules over the same line scan (code blocks, HTML comments and front matter are skipped):
`malformed-heading`, `separator-under-text`, `task-box-outside-list`, `table-without-separator` and
`split-link`.
Each was fixed by hand at least once in the history of the minutes repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import Context, Edit, Fix, Problem, Rule, Severity
from ._inline import RENDER_KINDS
from ._minutes import LIST_ITEM, comment_lines, strip_code_spans

_NO_SPACE = re.compile(r"^ {0,3}(#{1,6})(?=[^\W\d_]|:[a-z0-9_+-]+:)")  # "##Agenda"; not "#597", "#!/bin"
_NBSP = re.compile(r"^ {0,3}(#{1,6})\u00a0")
_RUN_ON = re.compile(r"^ {0,3}#{1,6}[ \t]+\S.*?\s(#{2,6})[ \t]+(\S.*)$")  # "# 2023-07-27 ## Participants"
_DASHES = re.compile(r"^ {0,3}-{3,}[ \t]*$")
_BOX = re.compile(r"^[ \t]*(\[[ xX]?\])(?=[ \t]|$)")
_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|")
# "[PR #193] (https://...)": the space makes both halves plain text
_SPLIT_LINK = re.compile(r"(?<![\\\]])\[([^\[\]\n]+)\][ \t]+\((?=https?://|\.{0,2}/|[\w.-]+\.md\b)[^)\s]+\)")

HEADING_DOC = """A line meant as a heading that is not one, or a heading that swallowed the next one.

What it does: reports `##Agenda` (no space after the `#` marks), `##` followed by a no-break space
(U+00A0) instead of a space, and a heading line that holds a second heading
(`# 2023-07-27 ## Participants`), and a heading with no text at all (a line of just `#` or `## `).
Issue numbers (`#597`) and shebangs are left alone.
Why is this bad? Both GitHub and HedgeDoc need an ordinary space after the `#` marks: otherwise the
line renders as plain text, the section disappears from the outline, and the rules that look for
the agenda or participants section no longer find it. A run-on heading hides the second section
inside the title. An empty heading shows as a blank heading: a gap (on a slide, an empty title)
where a title was meant, usually a leftover of a deleted section.
Example: bad `##Agenda`, `# 2023-07-27 ## Participants`; good `## Agenda`, and `# 2023-07-27`
with `## Participants` on its own line.
"""

SEPARATOR_DOC = """A `---` line directly under text, in minutes that are not a slide deck.

What it does: reports a line of dashes that has no empty line above it. Under a paragraph it is a
setext underline: the text above becomes a level-2 heading (a warning); under a list item it ends
the list as a thematic break (a notice: it renders, but reads as the accident it usually is); under
a heading or a table it is the rule that was meant. Slide decks are checked by `slide-separator-ignored` instead.
Why is this bad? `closing remark` followed by `---` renders as a big heading "closing remark" and
not as a line, which shows only on the rendered page.
Example: bad `Next meeting in two weeks` directly followed by `---`; good an empty line between them.
"""

TASK_BOX_DOC = """A task box `[ ]` / `[x]` that is not at the start of a list item.

What it does: reports a line that starts with `[ ]`, `[x]` or `[]` without a list marker in front
of it (also when it is indented under a list item).
Why is this bad? Only `- [ ] task` renders as a checkbox; a bare `[ ] task` shows the brackets as
text, and consecutive lines run together into one paragraph.
Example: bad `[ ] Wait with the requirement`; good `- [ ] Wait with the requirement`.
"""

TABLE_DOC = """Lines written as a pipe table that do not render as a table (no separator row).

What it does: reports two or more consecutive lines written as table rows (starting with `|`,
or holding a `|` outside code spans when they are not list items) outside code blocks that the
Markdown parser does not read as a table, because the second line is not a separator row such
as `| --- | --- |`.
Why is this bad? Without the separator row GitHub and HedgeDoc render the rows as one run-on
paragraph of pipes and words.
Example: bad `| Area | Level |` directly followed by `| IaaS | 1.0 |` (or `Area | Level` and
`IaaS | 1.0`); good `| --- | --- |` between them, or the block inside a code fence.
"""

SPLIT_LINK_DOC = """A Markdown link with a space between its text and its URL: `[PR #193] (https://...)`.

What it does: reports `[text]` followed by spaces and `(url)`, where the URL is a web address, a
relative path or a `.md` file, outside code.
Why is this bad? Markdown links need `](` with nothing between: with a space, GitHub and HedgeDoc
show the brackets, the text and the parenthesised URL as plain text, and the link checks do not
see a link.
Example: bad `See [PR #193] (https://github.com/o/r/pull/193)`; good
`See [PR #193](https://github.com/o/r/pull/193)`.
"""


def _skipped(doc: Document) -> set[int]:
    """Lines no rule here looks at: front matter, code, HTML comments."""
    out = set(range(1, doc.body_start)) | set(doc.code_lines)
    if "<!--" in doc.text:
        out |= comment_lines(doc)
    return out


def check_heading(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "#" not in doc.text:
        return
    skip = _skipped(doc)
    atx_lines = {h.span.line for h in doc.headings if not h.setext}
    for h in doc.headings:
        if not h.setext and not h.text.strip() and h.span.line not in skip:
            raw = doc.line(h.span.line)
            start = len(raw) - len(raw.lstrip()) + 1
            yield Problem(
                Span(h.span.line, start, h.span.line, len(raw.rstrip()) + 1),
                f"heading '{raw.strip()}' has no text, so readers see an empty heading; "
                "write its title or remove the line",
            )
    for n, line in enumerate(doc.lines, 1):
        if n in skip or "#" not in line:
            continue
        if m := _NO_SPACE.match(line):
            marks = m.group(1)
            word = line[m.end() :].split(maxsplit=1)[0] if line[m.end() :].strip() else ""
            yield Problem(
                Span(n, m.start(1) + 1, n, m.end(1) + 2),
                f"'{marks}{word[:30]}' has no space after '{marks}', so it renders as text, "
                f"expected '{marks} {word[:30]}'",
                fix=Fix((Edit(n, m.end(1) + 1, n, m.end(1) + 1, " "),)),
            )
        elif m := _NBSP.match(line):
            marks = m.group(1)
            yield Problem(
                Span(n, m.start(1) + 1, n, m.end() + 1),
                f"'{marks}' is followed by a no-break space, so the line renders as text, expected a space",
                fix=Fix((Edit(n, m.end(1) + 1, n, m.end() + 1, " "),)),
            )
        elif n in atx_lines and (m := _RUN_ON.match(line)):
            second = m.group(2).strip()
            shown = second if len(second) <= 40 else second[:37] + "..."
            yield Problem(
                Span(n, m.start(1) + 1, n, len(line) + 1),
                f"heading runs on into a second heading '{m.group(1)} {shown}', expected it on a line of its own",
            )


def _hr_lines(doc: Document) -> set[int]:
    """Lines of rules that end a list with no empty line between (under a heading or a table a
    '---' is the rule its author meant, shown as one)."""
    tokens = doc.tokens
    return {
        t.map[0] + 1
        for i, t in enumerate(tokens)
        if t.type == "hr" and t.map and i > 0 and tokens[i - 1].type in ("bullet_list_close", "ordered_list_close")
    }


def _setext_underlines(doc: Document) -> dict[int, int]:
    """underline line -> first text line, for level-2 setext headings."""
    return {
        t.map[1]: t.map[0] + 1
        for t in doc.tokens
        if t.type == "heading_open" and t.markup == "-" and t.map and t.map[1] - t.map[0] >= 2
    }


def check_separator(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "-" not in doc.text:
        return
    # Lines ending in "-" are few: test that first (rstrip only when the line ends in whitespace)
    # and build the skipped lines and the setext underlines (a pass over all tokens) on the first.
    skip: set[int] | None = None
    underlines: dict[int, int] | None = None
    hrs: set[int] | None = None
    for n, line in enumerate(doc.lines, 1):
        if not line.endswith("-") and not (line[-1:].isspace() and line.rstrip().endswith("-")):
            continue
        if skip is None:
            skip = _skipped(doc)
        if n < 2 or n in skip:
            continue
        above = doc.line(n - 1)
        if not above.strip() or n - 1 in skip:
            continue
        if underlines is None:
            underlines = _setext_underlines(doc)
        marks = line.strip()
        if n in underlines:
            text = doc.line(underlines[n]).strip()
            shown = text if len(text) <= 40 else text[:37] + "..."
            yield Problem(
                Span(n, 1, n, len(line) + 1),
                f"'{marks}' directly under '{shown}' turns that text into a heading, "
                f"expected an empty line before '{marks}'",
            )
            continue
        if not _DASHES.match(line):
            continue
        if hrs is None:
            hrs = _hr_lines(doc)
        if n in hrs:
            yield Problem(
                Span(n, 1, n, len(line) + 1),
                f"'{marks}' directly under a list item, expected an empty line before it",
                severity=Severity.NOTICE,
            )


def check_task_box(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "[" not in doc.text or "]" not in doc.text:
        return
    skip = _skipped(doc)
    for n, line in enumerate(doc.lines, 1):
        if n in skip or "[" not in line:
            continue
        m = _BOX.match(line)
        if m is None or LIST_ITEM.match(line):
            continue
        box = m.group(1)
        yield Problem(
            Span(n, m.start(1) + 1, n, m.end(1) + 1),
            f"'{box}' is not at the start of a list item, so it renders as text, expected '- {box} ...'",
        )


def _pipe_row(line: str) -> bool:
    """`| a | b |`, or `a | b` outside code spans in a line that is not a list item."""
    if "|" not in line:
        return False
    if _PIPE_ROW.match(line):
        return True
    return not LIST_ITEM.match(line) and "|" in strip_code_spans(line).replace("\\|", "")


def _table_lines(doc: Document) -> set[int]:
    out: set[int] = set()
    for t in doc.tokens:
        if t.type == "table_open" and t.map:
            out.update(range(t.map[0] + 1, t.map[1] + 1))
    return out


def check_table(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "|" not in doc.text:
        return
    skip = _skipped(doc)
    tables: set[int] | None = None
    run: list[int] = []
    for n, line in enumerate([*doc.lines, ""], 1):
        if n not in skip and _pipe_row(line):
            if tables is None:
                tables = _table_lines(doc)
            if n not in tables:
                run.append(n)
                continue
        if len(run) >= 2:
            first = run[0]
            yield Problem(
                Span(first, 1, first, len(doc.line(first)) + 1),
                f"{len(run)} lines of a pipe table without a separator row render as text, "
                "expected a row like '| --- | --- |' under the header",
            )
        run = []


def check_split_link(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "] (" not in doc.text and "]\t(" not in doc.text:
        return
    skip = _skipped(doc)
    for n, line in enumerate(doc.lines, 1):
        if n in skip or ("] (" not in line and "]\t(" not in line):
            continue
        for m in _SPLIT_LINK.finditer(strip_code_spans(line)):
            text = m.group(1).strip()
            if text in ("", "x", "X"):
                continue  # a task box followed by a parenthesised URL
            yield Problem(
                Span(n, m.start() + 1, n, m.end() + 1),
                f"link '[{text[:40]}] (...)' has a space between ']' and '(', so it renders as text, expected no space",
            )


_NOT_DECK = frozenset({Kind.TEAM, Kind.SPECIAL, Kind.LEGACY})

HEADING_RULE = Rule(
    id="malformed-heading",
    severity=Severity.WARNING,
    check=check_heading,
    doc=HEADING_DOC,
    kinds=RENDER_KINDS,
    fixable="safe",  # the space after the marks; a run-on heading needs a person to split it
)
SEPARATOR_RULE = Rule(
    id="separator-under-text",
    severity=Severity.WARNING,
    check=check_separator,
    doc=SEPARATOR_DOC,
    kinds=_NOT_DECK | {Kind.FREEFORM},
)
TASK_BOX_RULE = Rule(
    id="task-box-outside-list", severity=Severity.WARNING, check=check_task_box, doc=TASK_BOX_DOC, kinds=RENDER_KINDS
)
SPLIT_LINK_RULE = Rule(
    id="split-link", severity=Severity.WARNING, check=check_split_link, doc=SPLIT_LINK_DOC, kinds=RENDER_KINDS
)
TABLE_RULE = Rule(
    id="table-without-separator", severity=Severity.WARNING, check=check_table, doc=TABLE_DOC, kinds=RENDER_KINDS
)
