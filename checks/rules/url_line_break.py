"""A bare URL cut in two by a line break (`.../cluster-api-provider-` + `openstack#compatibility`).

What it does: reports, outside code and comments, a bare URL (also one in parentheses) that ends a
line with a character no real URL ends with there, while the next line goes on, with no space or
list marker, with text that continues it. A trailing `-`, `=`, `&`, `%`, `+` or `_` (not closing an
emphasis) is followed by any word (`provider-` / `openstack#anchor`); a trailing `/`, `?`, `.`, `:`,
`,` or `#`, which also end sentences and copied HedgeDoc links, only by a path-like word (`docs/` /
`guide/intro.md`: holding a `/`, `#`, `?`, `=`, `&` or a file extension, or a hyphenated slug: with
a digit, or any after a `#`); a URL cut after a letter or digit only by a line that is a single
path-like word (`.../cluster-st` / `acks/pull/32`: two of `/#?=`, or one and a digit); a bare
`https://` by a host name (`https://` / `www.example.org/docs`). A `=` that pads a base64 value
(`?hash=dGVzdA==`) and a `-` or `_` ending a random note id (`/NF7Hobo_Q8uygKUPM-`) count as a `/`. The next line
may be indented (a wrapped list item), but must not start a new block (a list item, heading, quote,
table row) nor another URL; in a quote, the next line's `>` marks are skipped. A Markdown link or
autolink cut the same way does not render at all: that is `link-as-text`'s.
Why is this bad? Renderers end a URL at the line break: readers get a link to a truncated address
(at best a 404, at worst another page) followed by a stray fragment of text, and the link checks
test the wrong URL.
Example: bad `see https://github.com/o/cluster-api-provider-` with `openstack#compatibility` on the
next line; good the URL on one line: `see https://github.com/o/cluster-api-provider-openstack#compatibility`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import lines_holding, trim_bare_url
from ..model import Document, Kind, Span
from ..rule import DATED_KINDS, Context, Edit, Fix, Problem, Rule, Severity
from ._minutes import comment_lines

# characters a URL never ends with, so the line break must be inside it
_OPEN = frozenset("-=&%+_")
# characters that end a sentence (or a copied HedgeDoc link) as well as a URL part: the next word decides
_AMBIGUOUS = frozenset("/?.:,#")
_SCHEMES = frozenset({"http", "https", "ftp"})
_URL = re.compile(r"[^\s<>\"'`\]\[{}|\\^]+")  # a bare URL's characters, as the parser's scan reads them
# the first word of the next line, made only of URL characters (no '://': that is another URL)
_WORD = re.compile(r"[A-Za-z0-9%#?&=_~.\-/+@!$*,;:'()]+")
_NEW_BLOCK = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)|#{1,6}(?:\s|$)|[>|<\[!]")
_EXT = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")  # 'intro.md', 'page.html'
_SLUG = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+")  # 'cluster-api-provider', 'my_page'
_EMPHASIS_OPEN = re.compile(r"(?:^|[\s(*])_")  # an '_' that can open an emphasis the URL's '_' closes


def _path_like(word: str, last: str) -> bool:
    """Does ``word`` read as the rest of a URL ending in ``last`` rather than as prose?"""
    core = word.rstrip(".,;:!?)")
    if not core:
        return False
    if any(c in core for c in "/#?=&") or _EXT.search(core) is not None:
        return True
    # a slug after a '#' is an anchor ('#' + 'compatibility-with-capi'); elsewhere it needs a digit,
    # or prose ('.../summit/' + 'well-known issues') would read as a path
    return _SLUG.fullmatch(core) is not None and (last == "#" or any(c.isdigit() for c in core))


def _last(url: str) -> str:
    """What the URL's end says: '://' (nothing after the scheme), its last character, or '/' (the
    next word decides) for a last character that is part of a complete value: the padding of a
    base64 value ('?hash=dGVzdA=='), the end of a random note id ('/NF7Hobo_Q8uygKUPM-')."""
    if url.endswith("://"):
        return "://"
    last = url[-1]
    tail = url[max(url.rfind("/"), url.rfind("?"), url.rfind("&")) + 1 :]
    if last == "=" and "=" in tail.rstrip("="):
        return "/"
    if last in "-_" and len(tail) >= 16 and sum(tail.count(c) for c in "-_") <= 3:
        kinds = (any(c.isupper() for c in tail), any(c.islower() for c in tail), any(c.isdigit() for c in tail))
        if all(kinds):
            return "/"
    return last


def _continuation(nxt: str, last: str) -> str | None:
    """The word of the next line that goes on with a URL ending in ``last``, or None."""
    body = nxt.lstrip()
    if not body or _NEW_BLOCK.match(body):
        return None
    m = _WORD.match(body)
    if m is None or (not body[0].isalnum() and body[0] not in "#?&=%/_-"):
        return None
    word = m.group()
    if (m.end() < len(body) and not body[m.end()].isspace()) or "://" in word:
        return None  # the word goes on with characters a URL does not hold: prose, or another link
    if last == "://":  # 'https://' + 'github.com/o/r': the whole address is on the next line
        return word if "." in word.strip(".") else None
    if word.lower().startswith("www."):
        return None  # another address
    if last in _OPEN or (last in _AMBIGUOUS and _path_like(word, last)):
        return word
    # cut after a letter or digit ('.../cluster-st' + 'acks/pull/32'): only a next line that is one
    # path-like word and nothing else, with two of '/', '#', '?', '=' past its first character, or
    # one and a digit ('and/or' alone on a line is prose)
    if last.isalnum() and word == body.rstrip() and word[-1] not in ":.,;":
        marks = sum(word.count(c, 1) for c in "/#?=")
        if marks >= 2 or (marks == 1 and any(c.isdigit() for c in word)):
            return word
    return None


def url_at_end(line: str) -> tuple[int, str] | None:
    """(0-based start, URL as written with at most one trailing punctuation mark) of a bare URL that
    ends ``line``; None when text follows it, or it is a Markdown link's, an autolink's, an HTML
    attribute's or in a code span (those render otherwise)."""
    end = len(line.rstrip())
    pos = line.rfind("://", 0, end)
    if pos < 0 or " " in line[pos:end] or "\t" in line[pos:end]:
        return None  # a URL holds no space (_URL stops there): text follows the last one (most lines)
    start = pos
    while start > 0 and pos - start < 6 and line[start - 1].isalpha():
        start -= 1
    if pos < 0 or line[start:pos].lower() not in _SCHEMES or (start and line[start - 1].isalnum()):
        return None
    before = line[max(0, start - 2) : start]
    if before.endswith(("](", "<", '"', "'", "=")):
        return None  # a Markdown link's target (most URL lines), an autolink, an attribute
    m = _URL.match(line, start)
    if m is None or m.end() != end:
        return None  # more text after the URL on its line
    if line.count("`", 0, start) % 2:
        return None
    if line.rfind("[", 0, start) > line.rfind("]", 0, start):
        return None  # in a link's text ('[https://x.org/a-' + 'b](...)'): the link still works
    url = m.group()
    core = trim_bare_url(url)
    tail = url[len(core) :]
    if ")" in tail or len(tail) > 1 or not core:
        return None  # '(see https://x.org/a-)': the URL is closed on its line
    if end < len(line) and url[-1] not in _OPEN:
        return None  # trailing spaces: the text was wrapped at a space, after a URL that may end there
    return start, url


def _emphasis(doc: Document, n: int, start: int) -> bool:
    """Could a trailing '_' of the URL at (n, start) close an emphasis opened before it?"""
    return _EMPHASIS_OPEN.search(doc.line(n), 0, start) is not None or "_" in doc.line(n - 1)


def _quote_prefix(line: str, nxt: str) -> int:
    """The length of the quote marks ('> ', '>> ') the next line repeats from a quoted URL line:
    the paragraph goes on inside the quote, so the text after them is what continues the URL."""
    if not line.lstrip().startswith(">") or not nxt.lstrip().startswith(">"):
        return 0
    i = 0
    while i < len(nxt) and nxt[i] in "> \t" and i < 40:
        i += 1
    return i


def _how(last: str) -> str:
    if last in _OPEN:
        return f"ends the line with '{last}', which leaves it unfinished,"
    return "is cut by the end of the line"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "://" not in doc.text:
        return
    skip = set(doc.code_lines) | comment_lines(doc)
    last = len(doc.lines)  # the last line has no next one
    for n in lines_holding(doc.text, "://"):
        if n < doc.body_start or n >= last or n in skip or n + 1 in skip:
            continue
        line = doc.lines[n - 1]
        found = url_at_end(line)
        if found is None:
            continue
        start, url = found
        if url[-1] == "_" and _emphasis(doc, n, start):
            continue
        nxt = doc.lines[n]
        indent = _quote_prefix(line, nxt)
        word = _continuation(nxt[indent:], _last(url))
        if word is None:
            continue
        indent += len(nxt[indent:]) - len(nxt[indent:].lstrip())
        shown = url if len(url) <= 60 else "..." + url[-57:]
        yield Problem(
            Span(n, start + 1, n + 1, indent + len(word) + 1),
            f"the URL '{shown}' {_how(url[-1])} and the next line goes on with '{word[:40]}': "
            "the line break cuts the URL, readers get a link to a truncated address and a stray piece of "
            "text; join the two lines",
            # from the URL's end: spaces after a '-' ('cluster-  ') go with the line break
            fix=Fix((Edit(n, start + len(url) + 1, n + 1, indent + 1, ""),), safe=False),
        )


RULE = Rule(
    id="url-split-by-line-break",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    kinds=DATED_KINDS | {Kind.FREEFORM},
    fixable="unsafe",
)
