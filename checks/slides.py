"""HTML comments, suppression directives, slide attributes and HedgeDoc's slide splitting.

HedgeDoc 1.x splits the raw deck text with ``^(\\r\\n?|\\n)---(\\r\\n?|\\n)$`` (horizontal) and the
same with ``----`` (vertical), flags ``mg`` (peer-tools.md §5.2): the separator line must be exactly
``---``/``----`` with an empty line before and after, and because it runs on raw text it also splits
inside code fences. Attribute comments are parsed with ``([^"= ]+?)="([^"=]+?)"``: double quotes only;
only ``data-*``, ``id``, ``class`` and ``style`` are applied.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .model import AttrComment, Directive, Heading, Separator, Slide, Span

# The two body patterns end in a greedy ".*" and strip in Python: "(.*?)\s*$" retried "\s*$" at
# every character, quadratic on a comment holding a long run of spaces.
_DIRECTIVE = re.compile(
    r"^\s*minutes-ci\s+(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)", re.DOTALL
)
_ATTR_COMMENT = re.compile(r"^\s*\.(slide|element)\s*:?(.*)", re.DOTALL)
# HedgeDoc's ([^"= ]+?)="([^"=]+?)", with a match starting only where a name starts: the same
# matches (a name cannot start inside a longer one that failed), but a 40 kB word is scanned once,
# not once per letter. Greedy and lazy agree, the classes exclude what follows them.
_HEDGEDOC_ATTR = re.compile(r'(?<![^"= ])([^"= ]+)="([^"=]+)"')
_ANY_ATTR = re.compile(r"""(?<![^\s"'=])([^\s"'=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']*)""")
_KEPT = frozenset({"id", "class", "style"})


class Offsets:
    """Character offset -> (line, col), 1-based. The line starts are found on the first question:
    most files hold no HTML comment and never ask one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            pos = text.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every ``<!-- ... -->``, as the non-greedy ``<!--(.*?)-->`` finds them.

    With str.find, not that regex: on a text of unterminated "<!--" the regex scanned to the end
    once per opener (quadratic). Without a "-->" after an opener, no later opener has one either.
    """
    spans: list[tuple[int, int]] = []
    pos = text.find("<!--")
    while pos >= 0:
        close = text.find("-->", pos + 4)
        if close < 0:
            break
        spans.append((pos, close + 3))
        pos = text.find("<!--", close + 3)
    return spans


def scan_comments(
    text: str, offsets: Offsets, code_lines: frozenset[int]
) -> tuple[list[tuple[Span, str]], list[Directive], list[AttrComment], set[int]]:
    comments: list[tuple[Span, str]] = []
    directives: list[Directive] = []
    attrs: list[AttrComment] = []
    comment_lines: set[int] = set()
    for start, end in comment_spans(text):
        line, col = offsets.at(start)
        if line in code_lines:
            continue
        end_line, end_col = offsets.at(end)
        span = Span(line, col, end_line, end_col)
        body = text[start + 4 : end - 3]
        comments.append((span, body))
        comment_lines.update(range(line, end_line + 1))
        d = _DIRECTIVE.match(body)
        if d:
            rules = tuple(r.lower() for r in re.split(r"[\s,]+", d.group(2)) if r)  # ids: any case
            directives.append(Directive(d.group(1), rules, line))
            continue
        a = _ATTR_COMMENT.match(body)
        if a:
            attrs.append(_attr_comment(a.group(1), a.group(2).strip(), span))
    return comments, directives, attrs, comment_lines


def _attr_comment(target: str, raw: str, span: Span) -> AttrComment:
    kept: dict[str, str] = {}
    dropped: list[str] = []
    for name, value in _HEDGEDOC_ATTR.findall(raw):
        if name.startswith("data-") or name in _KEPT:
            kept[name] = value
        else:
            dropped.append(name)
    malformed: list[str] = []
    for name, value in _ANY_ATTR.findall(raw):
        if not (value.startswith('"') and value.endswith('"') and len(value) > 2) or "=" in value[1:-1]:
            malformed.append(f"{name}={value}")
    if not raw.strip():
        malformed.append("(no attributes)")
    return AttrComment(target, span, raw, kept, dropped, malformed)


def find_separators(
    lines: list[str],
    body_start: int,
    code_lines: frozenset[int],
    comment_lines: set[int],
    final_newline: bool = True,
) -> list[Separator]:
    """Every line that is or looks like a slide separator, with whether HedgeDoc splits there."""
    seps: list[Separator] = []
    n = len(lines)
    for i in range(body_start - 1, n):
        line = lines[i]
        if not line.startswith("---"):
            continue
        stripped = line.rstrip()
        if stripped not in ("---", "----"):
            continue
        lineno = i + 1
        prev_empty = i > body_start - 1 and lines[i - 1] == ""
        # HedgeDoc's pattern needs the line break after the separator: a last line "---" without
        # one does not split (``lines`` has no entry for the text after a final line break)
        next_empty = lines[i + 1] == "" if i + 1 < n else final_newline
        exact = line == stripped
        splits = exact and prev_empty and next_empty
        in_code = lineno in code_lines
        reason: str | None = None
        if in_code:
            if not splits:
                continue  # a rule line in a code block that HedgeDoc leaves alone
            reason = "inside-code"
        elif not splits:
            if lineno in comment_lines:
                continue  # inside an HTML comment and not split on: harmless
            if not exact:
                reason = "trailing-whitespace"
            elif not prev_empty:
                reason = "whitespace-line-before" if i > 0 and not lines[i - 1].strip() else "no-blank-line-before"
            elif i + 1 >= n:
                continue  # the file's last line, no line break after it: a rule at the end, harmless
            else:
                reason = "whitespace-line-after" if not lines[i + 1].strip() else "no-blank-line-after"
        seps.append(Separator(lineno, line, stripped == "----", splits, reason, in_code))
    return seps


def split_slides(
    lines: list[str],
    body_start: int,
    separators: list[Separator],
    attrs: list[AttrComment],
    headings: list[Heading],
) -> list[Slide]:
    slides: list[Slide] = []
    h = v = 0
    start = body_start
    for sep in separators:
        if not sep.splits:
            continue
        slides.append(Slide((h, v), start, sep.line - 1))
        if sep.vertical:
            v += 1
        else:
            h, v = h + 1, 0
        start = sep.line + 1
    slides.append(Slide((h, v), start, max(start, len(lines))))
    # attrs and headings are in line order: bisect each slide's share instead of filtering all of
    # them for every slide (quadratic on a deck of 20,000 slides)
    attr_lines = [a.span.line for a in attrs]
    head_lines = [hd.span.line for hd in headings]
    for slide in slides:
        lo, hi = slide.start_line, slide.end_line
        slide.attrs = attrs[bisect_left(attr_lines, lo) : bisect_right(attr_lines, hi)]
        notes = [i + 1 for i in range(lo - 1, min(hi, len(lines))) if lines[i][:5].lower() == "note:"]
        if len(notes) == 1:  # HedgeDoc shows notes only when exactly one "note:" line splits the slide
            slide.notes_line = notes[0]
        first = bisect_left(head_lines, lo)
        slide.heading = headings[first] if first < len(headings) and head_lines[first] <= hi else None
    return slides
