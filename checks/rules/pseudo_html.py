"""A placeholder written in angle brackets (`<USER>`) outside code, which renderers swallow.

What it does: reports `<word>` outside code spans and code blocks when `word` is not an HTML element
people use in Markdown (`<br>`, `<font>`, `<details>` ...): `<USER>`, `<n>`, `<NAME>`, `<link>`,
`<YOUR_MINOR_VERSION>`. Escaped (`\\<USER>`) and code (`` `<USER>` ``) forms are fine.

Why is this bad? GitHub's sanitiser and HedgeDoc treat `<USER>` as an unknown HTML tag and drop it,
so the rendered minutes silently lose the word (`openstack --os-cloud <CLOUD>` shows as
`openstack --os-cloud`).

Example: bad `run openstack server list --project <PROJECT>`; good
`` run `openstack server list --project <PROJECT>` ``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._minutes import comment_lines, strip_code_spans

_TAG = re.compile(r"(?<!\\)<([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)\s*/?>")
# elements that render (or are meant to) in GitHub or HedgeDoc Markdown; anything else vanishes
_HTML = frozenset(
    {
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nobr",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "audio",
        "iframe",
        "wbr",
        "caption",
        "colgroup",
        "col",
        "script",
    }
)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    comments = comment_lines(doc)
    code = doc.code_lines
    for n, line in enumerate(doc.lines, 1):
        if "<" not in line or n in code or n in comments or n < doc.body_start:
            continue
        for m in _TAG.finditer(strip_code_spans(line)):
            name = m.group(1)
            if name.lower() in _HTML:
                continue
            yield Problem(
                Span(n, m.start() + 1, n, m.end() + 1),
                f"placeholder {m.group(0)!r} is dropped when rendered, expected it in `code` or escaped as \\<",
            )


RULE = Rule(id="pseudo-html-placeholder", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
