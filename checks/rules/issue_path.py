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

from ..model import Document, Severity
from ..refs import parse_github_url
from ..rule import Context, Problem, Rule


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
            )


RULE = Rule(id="issue-path-singular", severity=Severity.ERROR, check=check, doc=__doc__ or "")
