"""A GitHub issue URL uses the singular `/issue/` path, which GitHub answers with 404.

What it does: reports every link (Markdown, bare, autolink, HTML) of the form
`https://github.com/OWNER/REPO/issue/N`. Branch names such as `blob/issue/337/...` are not affected.
Why is this bad? The link is dead from the moment it is written; GitHub only knows `/issues/N`
and `/pull/N`.
Example: bad `https://github.com/SovereignCloudStack/standards/issue/662`;
good `https://github.com/SovereignCloudStack/standards/issues/662`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity, Span
from ..refs import parse_github_url
from ..rule import Context, Edit, Fix, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        if "/issue/" not in link.url:
            continue
        target = parse_github_url(link.url)
        if target is not None and target.kind == "issue":
            yield Problem(
                link.span,
                f"url path /issue/{target.segment} does not exist on github; "
                f"expected /issues/{target.segment}",
                fix=_fix(doc, link.span),
            )


def _fix(doc: Document, span: Span) -> Fix | None:
    """`/issue/` -> `/issues/` inside the URL as written on its line (a URL split over lines or
    not found where the parser says: no fix)."""
    line = doc.line(span.line)
    at = line.find("/issue/", max(span.col - 1, 0))
    if at < 0 or (span.end_col and at + len("/issue/") > span.end_col - 1) or span.line in doc.code_lines:
        return None
    return Fix((Edit(span.line, at + 1, span.line, at + len("/issue/") + 1, "/issues/"),))


RULE = Rule(id="issue-path-singular", severity=Severity.ERROR, check=check, doc=__doc__ or "", fixable="safe")
