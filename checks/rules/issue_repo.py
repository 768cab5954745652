"""The repository named in a reference-shaped link text is not the one its URL points to.

What it does: for links to GitHub issues and pull requests whose text is a pure reference naming a
repository (`standards#5`, `k8s-capi/#328`, `osism/issues#12`), resolves the name through the
configured aliases (`k8s-capi` -> k8s-cluster-api-provider, `CSPO`, `SCS`, ...) and compares it,
ignoring case, with the URL's repository. A bare name without an alias is compared by repository
name only; an organisation name (`osism#1126`) by owner only. The generic `issues#N` token aimed
at another repository and typos such as `isssue#597` are reported.
Why is this bad? `issues#547` and `standards#547` are different issues; a reader following the text
(or searching for it) finds the wrong one.
Example: bad `[issues#723](https://github.com/SovereignCloudStack/standards/issues/723)`;
good `[standards#723](https://github.com/SovereignCloudStack/standards/issues/723)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..refs import describe, text_names_repo
from ..rule import Context, Problem, Rule
from ._links import issue_links


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link, target, claim in issue_links(doc):
        if claim is None or claim.repo is None or target.kind == "issue":
            continue
        if not text_names_repo(claim, target.owner, target.repo, ctx):
            named = f"{claim.owner}/{claim.repo}" if claim.owner else claim.repo
            yield Problem(
                link.title_span or link.span,
                f"link text names repository {named!r} but the url points to {describe(target)}",
            )


RULE = Rule(id="issue-repo-mismatch", severity=Severity.WARNING, check=check, doc=__doc__ or "")
