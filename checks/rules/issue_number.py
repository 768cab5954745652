"""A reference-shaped link text names a different issue number than its URL.

What it does: for links to GitHub issues and pull requests whose text is a pure reference (`#N`,
`repo#N`, `repo/#N`, `org/repo#N`, `PR #N`, `Issue N`, `repo PR #N`), compares the number in the
text with the number in the URL. Descriptive texts are never compared, so `MVP-0`, `v3.1`,
`CVE-2024-6387`, `scs-0007-v1` or an upstream title ending in `(#881)` stay quiet.
Why is this bad? Readers trust the text; a transposed digit sends them to an unrelated issue, and
the minutes then record the wrong decision trail.
Example: bad `[standards/#928](https://github.com/SovereignCloudStack/standards/issues/982)`;
good `[standards/#982](https://github.com/SovereignCloudStack/standards/issues/982)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..refs import describe
from ..rule import Context, Problem, Rule
from ._links import issue_links


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link, target, claim in issue_links(doc):
        if claim is None or claim.number is None or target.number is None:
            continue  # no numbers to compare (issue-link-no-number covers the missing ones)
        if claim.number != target.number:
            yield Problem(
                link.title_span or link.span,
                f"link text names #{claim.number} but the url points to {describe(target)}",
            )


RULE = Rule(id="issue-number-mismatch", severity=Severity.ERROR, check=check, doc=__doc__ or "")
