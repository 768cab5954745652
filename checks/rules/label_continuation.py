"""A label line glued to the text above: `**Topic**` or `Next steps:` read as a continuation line.

What it does: reports a line that is a label on its own (the whole line bold, `**Topic**` or
`__Topic__`, maybe with a colon; a bold `**Decision:**` leading the line's text; or a short
`Next steps:` of up to three words starting with a capital, not a caption over a link on the next
line) that markdown-it reads as a lazy continuation of the list item above: the line is indented
less than the item's text and no empty line separates them, so it becomes part of the last
bullet's paragraph. In notes (read on GitHub,
which joins a paragraph's lines with a space) a whole-line bold label directly under a paragraph
line outside lists is reported too; in slide decks HedgeDoc shows that line break, so it renders
as meant there and stays quiet.
Why is this bad? The author started a new topic, but readers see its title inside the last bullet
of the list above (on GitHub run into that bullet's text), and the lines after it join the bullet
as well.
Example: bad `    - the docs follow` followed by `**Storage gateway**` on the next line;
good an empty line between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from ..model import Document, Kind, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

# 'Next steps:', 'Open questions:', 'CfPs:': a capitalised label of up to three words and nothing
# after the colon (each word a run without spaces or colons: linear)
_COLON_LABEL = re.compile(r"[A-Z][^\s:]{0,30}(?: [^\s:]{1,30}){0,2}:")


def _content_column(source: str, start: int, tok: Token) -> int:
    """The column of an item's text: after its marker (found from ``start``) and 1-4 spaces."""
    text = source.expandtabs(4) if "\t" in source else source  # no copy of a line without tabs
    i = start
    while i < len(text) and text[i] == " ":
        i += 1
    marker = tok.markup if tok.markup in ("-", "*", "+") else tok.info + tok.markup
    if text.startswith(marker, i):
        i += len(marker)
    j = i
    while j < len(text) and text[j] == " ":
        j += 1
    # more than four spaces (or none: an empty item) put the text one column after the marker
    return i + 1 if j - i > 4 or j == i or j >= len(text) else j


def _indent(source: str) -> int:
    text = source.expandtabs(4) if "\t" in source else source
    return len(text) - len(text.lstrip(" "))


def _line_children(tok: Token) -> list[list[Token]]:
    """The inline's children cut at its line breaks: one list per source line."""
    lines: list[list[Token]] = [[]]
    for child in tok.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
            continue
        if child.type != "text" or child.content:  # markdown-it leaves empty text tokens around emphasis
            lines[-1].append(child)
        if child.type in ("code_inline", "html_inline") and "\n" in child.content:
            lines.extend([] for _ in range(child.content.count("\n")))
    return lines


def _bold_lead(children: list[Token]) -> bool:
    """The line starts with a bold label ending in a colon, then text: `**Decision:** we go ahead`."""
    if len(children) < 4 or children[0].type != "strong_open" or children[1].type != "text":
        return False
    if children[2].type != "strong_close" or not children[1].content.strip():
        return False
    after = children[3].content if children[3].type == "text" else ""
    return children[1].content.rstrip().endswith(":") or after.startswith(":")


def _bold_label(children: list[Token]) -> bool:
    """The line is one bold run, maybe followed by a colon: `**Topic**`, `__Topic:__`, `**[Topic](url)**:`."""
    if len(children) < 3 or children[0].type != "strong_open":
        return False
    depth = 0
    for j, child in enumerate(children):
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
            if depth == 0:
                rest = children[j + 1 :]
                if j < 2 or not any(c.content.strip() for c in children[1:j]):
                    return False  # '****': nothing in bold
                return not rest or (len(rest) == 1 and rest[0].type == "text" and rest[0].content.strip() == ":")
    return False


def _colon_label(children: list[Token]) -> bool:
    if len(children) != 1 or children[0].type != "text":
        return False
    text = children[0].content.strip()
    return len(text) <= 40 and _COLON_LABEL.fullmatch(text) is not None


def _link_line(lines: list[list[Token]], k: int) -> bool:
    """Line ``k`` (0-based in the paragraph) is a link or a URL: 'Slides:' over it belongs to the item
    as its link's caption ('- the talk' / 'Slides:' / 'https://...'), read fine when joined."""
    if k >= len(lines) or not lines[k]:
        return False
    first = lines[k][0]
    return first.type == "link_open" or (
        first.type == "text" and first.content.lstrip().startswith(("http://", "https://", "www.", "<http"))
    )


def _maybe_label(source: str) -> bool:
    """A cheap look at the source line: could it be a label? (most continuation lines are not)"""
    text = source.strip()
    return text.startswith(("**", "__")) or (text.endswith(":") and len(text) <= 40 and text[:1].isupper())


# a line that could be a label, looked for in the whole text first (bounded runs: linear)
# searched in "\n" + text: a literal newline first is tried at newlines only ('^' under MULTILINE
# is tried at every character); the same lines match
_ANY_LABEL = re.compile(r"\n[ \t]*(?:(?:\*\*|__)\S|[A-Z][^\n:]{0,38}:[ \t]*(?=\n|\Z))")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if not doc.tokens or _ANY_LABEL.search("\n" + doc.text) is None:
        return
    # a deck's HedgeDoc shows a paragraph's line breaks (unless its front matter turns them off)
    fm = doc.front_matter
    breaks_shown = doc.kind is Kind.DECK and not (
        fm is not None and isinstance(fm.data, dict) and fm.data.get("breaks") is False
    )
    items: list[tuple[int, Token]] = []  # open list items: (first line, token)
    cols: list[int] = []  # the column of each one's text, -1 until a paragraph needs it
    quotes = 0
    tokens = doc.tokens

    def column_of(idx: int) -> int:
        if cols[idx] < 0:
            line, tok = items[idx]
            # '- - x': the inner item's marker starts where the outer item's text does
            start = column_of(idx - 1) if idx > 0 and items[idx - 1][0] == line else 0
            cols[idx] = _content_column(doc.line(line + 1), start, tok)
        return cols[idx]

    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "list_item_open" and tok.map:
            items.append((tok.map[0], tok))
            cols.append(-1)
        elif kind == "list_item_close":
            if items:
                items.pop()
                cols.pop()
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "inline" and tok.map and i > 0 and tokens[i - 1].type == "paragraph_open" and not quotes:
            first, end = tok.map
            if end - first < 2 or not any(_maybe_label(doc.line(k)) for k in range(first + 2, end + 1)):
                continue  # one line, or no later line that could be a label (most paragraphs)
            column = column_of(len(items) - 1) if items else 0
            lines = _line_children(tok)
            for k, children in enumerate(lines[1:], start=first + 2):
                if not children or not _maybe_label(doc.line(k)):
                    continue
                bold = _bold_label(children)
                if (
                    not bold
                    and not (column and _colon_label(children) and not _link_line(lines, k - first))
                    and not (column and _bold_lead(children))
                ):
                    continue
                source = doc.line(k)
                lazy = bool(column) and _indent(source) < column
                if not lazy and (not bold or breaks_shown or column):
                    # under a paragraph of a list item, indented as its text, the author kept the line in
                    # the item: a run-on on GitHub at worst, not a new block
                    continue
                label = source.strip()
                where = "the list item above" if lazy else "the line above"
                seen = "inside that bullet" if lazy and breaks_shown else "run into its text"
                col = _indent(source) + 1 if "\t" not in source else len(source) - len(source.lstrip()) + 1
                yield Problem(
                    Span(k, col, k, col + len(label)),
                    f"'{label[:40]}' is read as a continuation of {where}, so readers see it {seen}, not as a "
                    "new block; put an empty line before it",
                )


RULE = Rule(
    id="label-as-continuation",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=RENDER_KINDS,
)
