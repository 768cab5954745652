"""A placeholder in angle brackets (`<USER>`) that Markdown reads as an HTML tag, which GitHub drops.

What it does: reports the raw HTML tags that markdown-it (CommonMark, as GitHub and HedgeDoc parse)
finds outside code, when their name is no HTML element people write in Markdown on purpose (`<br>`,
`<font>`, `<img>`, `<details>` ...). CommonMark's grammar decides what is a tag: `<` and a name
(an ASCII letter, then letters, digits and `-`), attributes, an optional `/` and `>`, or a closing
`</name>`. So `<USER>`, `<n>`, `<link>`, `<As USER>` and `</NAME>` are tags, while
`<YOUR_MINOR_VERSION>` (a `_` in the name), `<1.28>`, `< x >`, autolinks (`<https://...>`) and
escaped (`\\<USER>`) or code (`` `<USER>` ``) forms render as text and are fine. Inside a raw HTML
block the browser's rule applies instead (`<` and a letter start a tag), so `<A_B>` there is one.
Runs on every kind of file but the template.

Why is this bad? GitHub's sanitiser (and the published site's) removes unknown tags, so the rendered
minutes silently lose the word: `openstack --os-cloud <CLOUD>` shows as `openstack --os-cloud`.
HedgeDoc escapes the tags it does not allow and shows them as text, so the pad looked right and the
loss goes unnoticed. The names GFM's tagfilter escapes (`<title>`, `<textarea>`, `<xmp>` ...) show
as text on GitHub too and are not reported.

Example: bad `run openstack server list --project <PROJECT>`; good
`` run `openstack server list --project <PROJECT>` `` or `--project \\<PROJECT>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from ..model import Document, Kind, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._minutes import comment_lines

# The name of a tag markdown-it already accepted as inline HTML (it checked the whole grammar).
_INLINE_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# In a raw HTML block the browser's tokenizer decides: "<" or "</", an ASCII letter, then anything
# up to whitespace, "/" or ">" (possessive: linear on a long run without an end).
_BLOCK_TAG = re.compile(r"</?([A-Za-z][^\s/<>]*+)(?=[\s/>])")
# Blocks whose content the browser reads as raw text, not as tags.
_RAW_TEXT = re.compile(r"^\s*<(?:script|style|textarea|!--)", re.I)
# Elements that are written in Markdown on purpose (they render, or their text does). Metadata
# elements (`<link>`, `<meta>`, `<title>`, `<head>`) and form controls are left out: nobody writes
# them into minutes, but `<link>`, `<input>` and `<data>` are common placeholders.
_HTML = frozenset(
    {
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blink",
        "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details",
        "dfn", "div", "dl", "dt", "em", "embed", "figcaption", "figure", "font", "footer", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "i", "iframe", "img", "ins", "kbd", "li", "main", "mark", "marquee",
        "nav", "nobr", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "script", "section",
        "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    }
)  # fmt: skip
# GFM's tagfilter escapes these, so GitHub shows `<title>` as text (and HedgeDoc escapes every tag
# it does not allow): the word is not lost where the minutes are read
_GFM_ESCAPED = frozenset({"title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"})
_KINDS = DATED_KINDS | {Kind.FREEFORM}  # the template keeps its placeholders on purpose


def _inline_tags(doc: Document, tok: Token) -> Iterator[tuple[int, int, str, str]]:
    """(line, 0-based column, tag text, name) of each inline HTML tag of one inline block.

    Each tag is searched in the source from where the previous one was found: markdown-it's line
    bookkeeping (code spans turn line ends into spaces) is not needed, and each line is read once.
    """
    assert tok.map is not None
    line, col, last = tok.map[0] + 1, 0, tok.map[1]
    for child in tok.children or ():
        if child.type != "html_inline":
            continue
        m = _INLINE_NAME.match(child.content)
        if m is None:
            continue  # a comment, a processing instruction or a declaration
        text = child.content.split("\n", 1)[0]
        while line <= last:
            at = doc.line(line).find(text, col)
            if at >= 0:
                yield line, at, text, m.group(1)
                col = at + len(text)
                break
            line, col = line + 1, 0


def _block_tags(doc: Document, tok: Token, comments: set[int]) -> Iterator[tuple[int, int, str, str]]:
    assert tok.map is not None
    if _RAW_TEXT.match(tok.content):
        return
    for n in range(tok.map[0] + 1, tok.map[1] + 1):
        if n in comments:
            continue  # `<details>` ... `<!-- ask <USER> -->`: a comment is never shown
        src = doc.line(n)
        for m in _BLOCK_TAG.finditer(src):
            end = src.find(">", m.end())
            yield n, m.start(), src[m.start() : end + 1] if end >= 0 else m.group(0), m.group(1)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "<" not in doc.text:
        return
    comments = comment_lines(doc)
    for tok in doc.tokens:
        if tok.map is None:
            continue
        if tok.type == "inline" and tok.children and any(c.type == "html_inline" for c in tok.children):
            found = _inline_tags(doc, tok)
        elif tok.type == "html_block":
            found = _block_tags(doc, tok, comments)
        else:
            continue
        for line, at, text, name in found:
            if name.lower() in _HTML or name.lower() in _GFM_ESCAPED or line < doc.body_start:
                continue
            shown = text if len(text) <= 40 else text[:39] + "…"
            yield Problem(
                Span(line, at + 1, line, at + 1 + len(text)),
                f"{shown!r} is read as an html tag and dropped on github, expected it in `code` or written \\<{name}>",
            )


RULE = Rule(id="pseudo-html-placeholder", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=_KINDS)
