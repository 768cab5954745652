"""A link with nothing to point at, or nothing to click.

What it does: reports Markdown links with an empty target (`[KaaS-v1]()`), targets that are only a
scheme (`[](https://)`), and links with no text at all. Empty slide backgrounds
(`data-background=""`) are reported by `bad-slide-background`.
Why is this bad? The author meant to add the link later and forgot; the reader sees a dead word,
an invisible link or a slide without its background.
Example: bad `[keystoneauth source code]()`; good
`[keystoneauth source code](https://opendev.org/openstack/keystoneauth)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Link, Severity, Span
from ..rule import Context, Problem, Rule

_SCHEME_ONLY = frozenset({"http:", "https:", "http://", "https://", "<>"})


def _problem(link: Link) -> str | None:
    url = link.url.strip()
    if link.form not in ("markdown", "image", "html-href", "html-src"):
        return None
    what = "image" if link.image else "link"
    if not url or url == "<>":
        return f"{what} target is empty" + (f" for {link.text!r}" if link.text.strip() else "")
    if url.lower() in _SCHEME_ONLY:
        return f"{what} target {url!r} has no host"
    if link.form == "markdown" and not link.image and not link.text.strip():
        return f"link text is empty, so the link to {url} cannot be seen or clicked"
    return None


def _where(doc: Document, link: Link) -> Span:
    """An empty URL cannot be found in the line, so the parser may give column 1; find the construct."""
    span = link.title_span or link.span
    if link.url or span.col != 1:
        return span
    line = doc.line(span.line)
    needle = f"[{link.text}]("
    col = line.find(needle)
    return Span.on_line(span.line, col + 1, len(needle) + 1) if col >= 0 else span


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        message = _problem(link)
        if message:
            yield Problem(_where(doc, link), message)


RULE = Rule(id="empty-link", severity=Severity.ERROR, check=check, doc=__doc__ or "")
