"""A link to a GitHub issue or pull request lacks the number in its text or in its URL.

What it does: reports reference-shaped link texts without a number (`#`, `PR #`, `standards#`)
that link to an issue or pull request, and numbered reference texts (`#494`) whose URL is only an
issue or pull request list page (`.../issues/issues/`). Descriptive texts on list pages (`open
issues`) are fine.
Why is this bad? The reader lands on a list of hundreds of issues, or cannot tell which one was
meant; the number was lost while pasting.
Example: bad `[#494](https://github.com/SovereignCloudStack/issues/issues/)`;
good `[#494](https://github.com/SovereignCloudStack/issues/issues/494)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..refs import describe
from ..rule import Context, Problem, Rule
from ._links import issue_links


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link, target, claim in issue_links(doc):
        if claim is None or target.kind in ("issue", "discussions"):
            continue
        span = link.title_span or link.span
        if claim.number is None:
            yield Problem(
                span, f"link text {link.text.strip()!r} has no number; the url points to {describe(target)}"
            )
        elif target.number is None and not target.segment:
            yield Problem(
                span,
                f"link text names #{claim.number} but the url has no issue number "
                f"(a list page of {describe(target)})",
            )


RULE = Rule(id="issue-link-no-number", severity=Severity.ERROR, check=check, doc=__doc__ or "")
