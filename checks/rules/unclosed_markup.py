"""Emphasis or code that is never closed: a `**`, `_` or backtick shown as a literal character.

What it does: reports, outside code, a `**`, a backtick, or a `_` / `__` starting a word that
markdown-it left as text because nothing on the line (or in the paragraph) closes it; also `**`
written as a second-level bullet (`** item`), and emphasis whose ends differ (`**bold*`,
`*bold**`), which leaves one `*` on the page. Escaped characters (`\\*\\*`), `_` inside words and
URLs (`snake_case`, `?_ga=1`, `_config.yml`), Python names (`__init__`, but not a `__version` next
to one), powers (`2**10`) and a backtick typed for an apostrophe between letters (`FAQ`s`) are left
alone.
Why is this bad? Readers see the stray `**` or backtick, and the words meant as bold, italic or
code are plain.
Example: bad `**Decision: we go ahead` or `` run `make test to check``; good
`**Decision:** we go ahead`, `` run `make test` to check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS, Piece, pieces

_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\W_])")  # '_word': an opening underscore
_DOUBLE_UNDERSCORE = re.compile(r"(?<![\w\\])__(?=[^\W_])")  # '__word': an opening strong underscore


_DUNDER = re.compile(r"__\w+__")  # '__init__': a whole Python name, not an opening '__'
_STARS = re.compile(r"\*{2,}")
_MAX_RUNS = 20  # runs of '*' judged per piece (bounded work on a line of stars)


def _stars(text: str, line_start: bool) -> int | None:
    """Where the first '**' that was meant as emphasis starts, or None.

    '2**10' is a power and '********' (a masked value) or '2 ** 3' stand alone between spaces: both
    are shown as written. At a line's start, '** point' is a wiki bullet and is reported."""
    for seen, m in enumerate(_STARS.finditer(text)):
        if seen >= _MAX_RUNS:
            return None
        i, j = m.start(), m.end()
        before = text[i - 1] if i else ""
        after = text[j] if j < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue
        if (not before or before.isspace()) and (not after or after.isspace()) and not (i == 0 and line_start):
            continue
        return i
    return None


def _first(text: str, line_start: bool = False) -> tuple[int, str] | None:
    hits = []
    if "**" in text and (i := _stars(text, line_start)) is not None:
        hits.append((i, "**"))
    if "__" in text and (m := _DOUBLE_UNDERSCORE.search(text)) is not None:
        hits.append((m.start(), "__"))
    if (i := text.find("`")) >= 0:
        hits.append((i, "`"))
    if "_" in text and (m := _UNDERSCORE.search(text)) is not None:
        hits.append((m.start(), "_"))
    return min(hits) if hits else None


def _left_over(last: Piece | None, piece: Piece) -> tuple[str, int, str] | None:
    """'**bold*' or '*bold**': one '*' left over next to the emphasis markdown-it made of the rest.

    Found in the tokens: a text piece that ends in the mark right before an emphasis opens, or starts
    with it right after one closes. Returns (source text around it, the mark's index there, mark)."""
    text = piece.text
    if (
        text.endswith(("*", "_"))
        and piece.next_type in ("em_open", "strong_open")
        and piece.next_markup[:1] == text[-1]
    ):
        mark = text[-1]
        if len(text) > 1 and (text[-2].isspace() or text[-2] == mark):
            return None  # '2 * *x*': a lone '*' before the emphasis, shown as meant
        tail = text[-12:]
        return tail + piece.next_markup, len(tail) - 1, mark
    if (
        text.startswith(("*", "_"))
        and not piece.line_start
        and last is not None
        and last.line == piece.line
        and last.next_type in ("em_close", "strong_close")
        and last.next_markup[:1] == text[0]
        and (len(text) == 1 or text[1].isspace() or text[1] in ".,;:!?)")
    ):
        head = last.text[-12:] + last.next_markup
        return head + text[:1], len(head), text[0]
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "**" not in doc.text and "`" not in doc.text and "_" not in doc.text:
        return
    reported: set[int] = set()
    prev: Piece | None = None
    for piece in pieces(doc):
        last, prev = prev, piece
        text = piece.text
        if ("*" not in text and "_" not in text and "`" not in text) or piece.line in reported:
            continue  # no mark in the piece: nothing left over, nothing unclosed (most pieces)
        if (left := _left_over(last, piece)) is not None:
            needle, index, mark = left
            source = doc.line(piece.line)
            col = source.find(needle) + index + 1
            if col <= index or (col > 1 and source[col - 2] == "\\"):
                continue  # escaped ('\\**bold*'), or not verbatim in the source
            reported.add(piece.line)
            yield Problem(
                Span(piece.line, col, piece.line, col + 1),
                f"the emphasis opens and closes with a different number of '{mark}', so readers see a stray "
                f"'{mark}' next to it (and italic where bold was meant, or the reverse); "
                "use the same marks on both sides",
            )
            continue
        found = _first(piece.text, piece.line_start)
        if found is None:
            continue
        offset, mark = found
        source = doc.line(piece.line)
        around = piece.text[offset : offset + 12]
        col = source.find(around) + 1
        if col < 1 or (col > 1 and source[col - 2] == "\\"):
            continue  # escaped, or not verbatim in the source (an entity): meant as text
        if mark == "`" and 1 < col < len(source) and source[col - 2].isalpha() and source[col].isalpha():
            continue  # "FAQ`s", "don`t": a backtick typed for an apostrophe, shown as typed; no code was meant
        if mark == "__" and _DUNDER.match(source, col - 1):
            continue  # '__init__' itself: a Python name (accidental-emphasis's when it turns bold)
        if mark == "_":
            token_start = max(source.rfind(" ", 0, col - 1), source.rfind("\t", 0, col - 1)) + 1
            end = col
            while end < len(source) and not source[end].isspace():
                end += 1
            if source[token_start : col - 1].strip("([{\"'*") or "__" in source[token_start:end]:
                continue  # inside a URL or a name ('?_ga=', '#_oidc', '__init__'): not an emphasis
            if any(c in "._/=:#" for c in source[col:end].rstrip(".,;:!?)]")):
                continue  # '_config.yml', '_data/x': a file or a name, shown as written
        reported.add(piece.line)
        word = piece.text[offset : offset + 30].split("\n")[0]
        stars = len(piece.text) - len(piece.text.lstrip("*"))
        bullet = source.lstrip().startswith(piece.text[: stars + 1])
        if piece.line_start and offset == 0 and mark == "**" and piece.text[stars : stars + 1] == " " and bullet:
            # '** point': a wiki's second-level bullet, which Markdown does not know
            where = " in the text above" if not piece.first_line else ""
            message = (
                f"'{word}' is written as a bullet with '{'*' * stars}', which Markdown does not know, so readers "
                f"see a literal '{'*' * stars}'{where}; write a nested item ('  - ' under its parent)"
            )
        else:
            message = (
                f"'{mark}' in '{word}' is never closed, so readers see it as a literal '{mark}'; "
                f"add the closing '{mark}' or escape it as '\\{mark[0]}'"
            )
        yield Problem(Span(piece.line, col, piece.line, col + len(mark)), message)


RULE = Rule(id="unclosed-markup", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
