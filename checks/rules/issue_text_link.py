"""A link whose text is an issue reference (`#595`, `PR #12`) but whose URL is not that issue.

What it does: reports a Markdown or HTML link whose text is shaped like an issue or pull request
reference with a number (`#595`, `standards#12`, `PR #12`), whose URL is not a GitHub issue, pull
request or discussion URL (those are checked by `issue-number-mismatch` and its siblings) and does
not hold that number anywhere (a Gerrit change or a Launchpad bug that carries the number is fine).
Why is this bad? Readers click "#595" expecting issue 595 and land on a page that is not it: a
repository's front page, a document, or a link pasted for another line.
Example: bad `[#595](https://github.com/SovereignCloudStack/docs)`; good
`[#595](https://github.com/SovereignCloudStack/docs/issues/595)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..refs import parse_github_url, parse_ref_text
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS
from ._links import TEXT_FORMS

_REF_WORDS = frozenset({"pr", "pull", "issue", "issues", "bug", "mr", "ticket", "epic", "story"})


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        if link.form not in TEXT_FORMS or "#" not in link.text or not link.url:
            continue
        claim = parse_ref_text(link.text)
        if claim is None or claim.number is None or parse_github_url(link.url) is not None:
            continue
        text = link.text.strip()
        before = text.rsplit("#", 1)[0]
        if before.endswith(" ") and before.split()[-1].lower().rstrip(":") not in _REF_WORDS:
            continue  # 'Hackathon #4', 'Sprint #12': a numbered event, not an issue
        url = link.url.strip()
        if url.startswith("#") or str(claim.number) in url:
            continue  # an in-page anchor, or a tracker that carries the number (Gerrit, Launchpad, Jira)
        shown = url if len(url) <= 60 else url[:57] + "..."
        yield Problem(
            Span(link.span.line, link.span.col, link.span.line, link.span.end_col),
            f"the link text '{text[:30]}' names an issue, but its URL '{shown}' is not issue {claim.number}; "
            f"link the issue (https://github.com/OWNER/REPO/issues/{claim.number}) or change the text",
        )


RULE = Rule(id="issue-text-wrong-link", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
