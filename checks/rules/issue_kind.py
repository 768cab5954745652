"""A link text says pull request while its URL is an issue URL.

What it does: reports reference-shaped link texts that say `PR`, `pull request` or `MR` whose URL
is `/issues/N`. GitHub redirects between the two, so the link works; this is a notice only.
Why is this bad? The text and the target disagree about what was discussed: a proposal (issue) or
a change (pull request); often the number belongs to the other one.
Example: bad `[PR #12](https://github.com/SovereignCloudStack/docs/issues/12)`;
good `[PR #12](https://github.com/SovereignCloudStack/docs/pull/12)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..refs import describe
from ..rule import Context, Problem, Rule
from ._links import issue_links


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link, target, claim in issue_links(doc):
        if claim is None or claim.kind != "pull" or target.kind != "issues" or target.number is None:
            continue
        yield Problem(
            link.title_span or link.span,
            f"link text says pull request but the url is issue {describe(target)} (/issues/, not /pull/)",
        )


RULE = Rule(id="issue-kind-mismatch", severity=Severity.NOTICE, check=check, doc=__doc__ or "")
