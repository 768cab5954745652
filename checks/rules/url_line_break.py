"""A bare URL cut in two by a line break (`.../cluster-api-provider-` + `openstack#compatibility`).

What it does: reports, outside code, a bare URL that ends a line with a character no real URL ends
with there, while the next line goes on, with no space or list marker, with text that continues
it. A trailing `-`, `=`, `&`, `%` or `+` is followed by any word (`provider-` / `openstack#anchor`);
a trailing `/`, `?`, `_`, `.`, `:` or `,`, which also end sentences, only by a path-like word
(`docs/` / `guide/intro.md`, holding a `/`, `#`, `?`, `=`, `&` or a file extension, or a
hyphenated slug with a digit); a URL cut after a letter or digit only by a line that is a single
path-like word (`.../cluster-st` / `acks/pull/32`). The next line may be indented (a wrapped list
item), but must not start a new block (a list item, heading, quote, table row) nor another URL.
Why is this bad? Renderers end a URL at the line break: readers get a link to a truncated address
(at best a 404, at worst another page) followed by a stray fragment of text, and the link checks
test the wrong URL.
Example: bad `see https://github.com/o/cluster-api-provider-` with `openstack#compatibility` on the
next line; good the URL on one line: `see https://github.com/o/cluster-api-provider-openstack#compatibility`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Link, Span
from ..rule import DATED_KINDS, Context, Edit, Fix, Problem, Rule, Severity

# characters a URL never ends with, so the line break must be inside it
_OPEN = frozenset("-=&%+")
# characters that end a sentence (or close emphasis) as well as a URL part: the next word decides
_AMBIGUOUS = frozenset("/?_.:,")
_TRAILING = ".,;:!?*_~'\""  # what the parser trims off a bare URL's end (GFM's trailing punctuation)
# the first word of the next line, made only of URL characters (no '://': that is another URL)
_WORD = re.compile(r"[A-Za-z0-9%#?&=_~.\-/+@!$*,;:'()]+")
_NEW_BLOCK = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)|#{1,6}(?:\s|$)|[>|<\[!]")
_EXT = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")  # 'intro.md', 'page.html'
_SLUG = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+")  # 'cluster-api-provider', 'my_page'


def _path_like(word: str) -> bool:
    """Does ``word`` read as the rest of a URL rather than as prose?"""
    core = word.rstrip(".,;:!?)")
    if not core:
        return False
    if any(c in core for c in "/#?=&"):
        return True
    return _EXT.search(core) is not None or (_SLUG.fullmatch(core) is not None and any(c.isdigit() for c in core))


def _continuation(nxt: str, last: str) -> str | None:
    """The word of the next line that goes on with a URL ending in ``last``, or None."""
    body = nxt.lstrip()
    if not body or _NEW_BLOCK.match(body):
        return None
    m = _WORD.match(body)
    if m is None or (not body[0].isalnum() and body[0] not in "#?&=%/_-"):
        return None
    word = m.group()
    if (m.end() < len(body) and not body[m.end()].isspace()) or "://" in word or word.lower().startswith("www."):
        return None  # the word goes on with characters a URL does not hold: prose, or another link
    if last in _OPEN or (last in _AMBIGUOUS and _path_like(word)):
        return word
    # cut after a letter or digit ('.../cluster-st' + 'acks/pull/32'): only a next line that is one
    # path-like word and nothing else, with a '/', '#', '?' or '=' past its first character
    if last.isalnum() and word == body.rstrip() and any(c in word[1:] for c in "/#?=") and word[-1] not in ":.,;":
        return word
    return None


def _line_end(doc: Document, link: Link) -> str | None:
    """The URL as written up to the end of its line (with the punctuation the parser trimmed), or
    None when text follows it on the line or the URL was not located."""
    sp = link.span
    if not sp.end_col or sp.end_line not in (0, sp.line):
        return None
    line = doc.line(sp.line)
    if len(line) - sp.end_col > 8 and not line[-8:].isspace():
        return None  # text after the URL (tested before the slice: one long line holds many URLs)
    tail = line[sp.end_col - 1 :]
    if tail.isspace() and link.url[-1] in _OPEN:
        return link.url  # 'provider- ': spaces after a '-' do not end the URL that the '-' left open
    if len(tail) > 1 or any(c not in _TRAILING for c in tail):
        return None  # more after the URL on this line (trailing spaces: the text was wrapped at a space)
    return link.url + tail


def _how(last: str) -> str:
    if last in _OPEN:
        return f"ends the line with '{last}', which leaves it unfinished,"
    return "is cut by the end of the line"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        if link.form != "bare":
            continue
        url = _line_end(doc, link)
        if url is None:
            continue
        n = link.span.line
        if n + 1 in doc.code_lines or n + 1 > len(doc.lines):
            continue
        nxt = doc.line(n + 1)
        word = _continuation(nxt, url[-1])
        if word is None:
            continue
        indent = len(nxt) - len(nxt.lstrip())
        end = len(doc.line(n)) + 1
        shown = url if len(url) <= 60 else "..." + url[-57:]
        yield Problem(
            Span(n, link.span.col, n + 1, indent + len(word) + 1),
            f"the URL '{shown}' {_how(url[-1])} and the next line goes on with '{word[:40]}': "
            "the line break cuts the URL, readers get a link to a truncated address and a stray piece of "
            "text; join the two lines",
            fix=Fix((Edit(n, end, n + 1, indent + 1, ""),), safe=False),
        )


RULE = Rule(
    id="url-split-by-line-break",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=DATED_KINDS | {Kind.FREEFORM},
    fixable="unsafe",
)
