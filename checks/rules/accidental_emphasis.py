"""Emphasis nobody meant: `__init__` shown as a bold **init**, `_id ... owner_` as italics.

What it does: reports, outside code, underscores that markdown-it turned into emphasis where the
author evidently wrote a name: a Python name between double underscores (`__init__`,
`base.__init__()`, `__main__.py`: the underscores vanish and the name turns bold), and an italic
run opened by the leading `_` of a field name (`_id`, `_uid`, `_rev`, `_self`), which a `word_`
further on closes. Emphasis written with `*`, single words in underscores (`_daily_`) and italic
phrases (`_the current scheme_`, also over a line break) are left alone.
Why is this bad? Readers see the name without its underscores, in bold or italics, and the words
up to the closing `_` slanted; `__init__.py` becomes **init**.py.
Example: bad `calls base.__init__() first` or `set _id on create ... in owner_`; good
``calls `base.__init__()` first`` (a code span), or `\\_id` with the underscore escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

_IDENT = re.compile(r"[a-z][a-z0-9_]{0,40}")
# Python's special names, written between double underscores in prose about code
_DUNDERS = frozenset(
    {
        "init",
        "main",
        "name",
        "all",
        "file",
        "dict",
        "doc",
        "class",
        "call",
        "repr",
        "str",
        "len",
        "iter",
        "next",
        "enter",
        "exit",
        "version",
        "slots",
        "module",
        "new",
        "del",
        "eq",
        "hash",
        "getattr",
        "setattr",
        "getitem",
        "setitem",
        "contains",
        "future",
        "builtins",
        "pycache",
        "package",
        "path",
        "spec",
        "loader",
        "annotations",
        "post_init",
        "",
    }
)
# names written with a leading '_' as a field or attribute, never the first word of an italic phrase
_FIELDS = frozenset(["id", "uid", "uuid", "guid", "oid", "rev", "ref", "self", "cls", "ctx", "idx", "pk", "fk"])


def _dunder(children: list[Token], i: int, close: int) -> str | None:
    """'__init__' (strong of one lower-case name between '__'): the name, or None."""
    if close != i + 2 or children[i + 1].type != "text":
        return None
    name = children[i + 1].content
    if _IDENT.fullmatch(name) is None:
        return None
    before = children[i - 1].content if i > 0 and children[i - 1].type == "text" else ""
    after = children[close + 1].content if close + 1 < len(children) and children[close + 1].type == "text" else ""
    # 'base.__x__', '__x__()', '__x__.py': glued to code punctuation, whatever the name
    glued = before.endswith(".") or after.startswith("(") or (after[:1] == "." and after[1:2].isalnum())
    return name if name in _DUNDERS or glued else None


def _field_run(children: list[Token], i: int, close: int) -> str | None:
    """'_id field ... owner_': an italic run opened by a field name; that name."""
    first = children[i + 1] if i + 1 < close else None
    if first is None or first.type != "text":
        return None
    if close == i + 2 and " " not in first.content.strip():
        return None  # one word in underscores ('_daily_', '_id_'): italics meant, or shown as meant
    # an italic phrase may start with any word and run over a line break ('_see the' / 'chapter_'):
    # only a field name's leading '_' is evidently not meant as italics
    head = first.content[:8]
    word = head.split(" ", 1)[0].split(",", 1)[0]
    if word in _FIELDS and first.content[len(word) : len(word) + 1] in (" ", ","):
        return word
    return None


def _closes(children: list[Token]) -> dict[int, int]:
    """Index of each '_' emphasis opening -> index of the token closing it, in one pass.

    markdown-it nests its emphasis tokens properly, so a stack pairs them: a search forward from
    every opening would cost the nesting depth times the paragraph ('_a _a ... a_ a_')."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for j, c in enumerate(children):
        kind = c.type
        if kind == "strong_open" or kind == "em_open":
            stack.append(j)
        elif (kind == "strong_close" or kind == "em_close") and stack:
            opened = stack.pop()
            if children[opened].markup[:1] == "_":
                out[opened] = j
    return out


_WINDOW = 2048  # characters searched for a candidate after the previous one on its line


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "_" not in doc.text:
        return
    reported: set[int] = set()
    cursor: dict[int, int] = {}  # line -> where the search for the next candidate starts
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children or "_" not in tok.content:
            continue
        children = tok.children
        closes = _closes(children)
        if not closes:
            continue
        line = tok.map[0] + 1
        for i, child in enumerate(children):
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
                continue
            if kind in ("code_inline", "html_inline", "text"):
                line += child.content.count("\n") if kind != "text" else 0
                continue
            if kind not in ("strong_open", "em_open") or child.markup[:1] != "_" or line in reported:
                continue
            close = closes.get(i, -1)
            if close < 0:
                continue
            source = doc.line(line)
            if kind == "strong_open" and (name := _dunder(children, i, close)) is not None:
                shown = f"__{name}__"
                message = (
                    f"'{shown}' renders as a bold '{name}' without its underscores; "
                    f"write it as code (`{shown}`) or escape the underscores (\\_\\_{name}\\_\\_)"
                )
            elif kind == "em_open" and (word := _field_run(children, i, close)) is not None:
                shown = f"_{word}"
                message = (
                    f"the '_' of '{shown}' opens italics that a later '_' closes, so readers see '{word}' and the "
                    f"words after it slanted, without the underscores; write it as code (`{shown}`) or escape it "
                    f"(\\{shown})"
                )
            else:
                continue
            # searched from the line's last located candidate within a bounded window: a line of
            # thousands of candidates that are not verbatim ('__in&#105;t__') searched the whole
            # line for each (quadratic); two real ones are never that far apart
            start = cursor.get(line, 0)
            col = source.find(shown, start, start + _WINDOW + len(shown)) + 1
            if col < 1 or (col > 1 and source[col - 2] == "\\"):
                continue  # not verbatim on this line (an entity, another line of the run): no position to give
            cursor[line] = col
            reported.add(line)
            yield Problem(Span(line, col, line, col + len(shown)), message)


RULE = Rule(
    id="accidental-emphasis",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=RENDER_KINDS,
)
