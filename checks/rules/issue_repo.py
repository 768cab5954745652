"""The repository named in a reference-shaped link text is not the one its URL points to.

What it does: for links to GitHub issues and pull requests whose text is a pure reference naming a
repository (`standards#5`, `k8s-capi/#328`, `osism/issues#12`), resolves the name through the
configured aliases (`k8s-capi` -> k8s-cluster-api-provider, `CSPO`, `SCS`, ...) and compares it,
ignoring case, with the URL's repository. A bare name without an alias is compared by repository
name only; an organisation name (`osism#1126`) by owner only. The generic `issues#N` token (the
name of the SovereignCloudStack/issues repository) aimed at another repository is reported. A word
that is the kind of the reference or a misspelling of it (`isssue#597`, `isue#5`, `pul#3`), or a
word that leads a reference (`see#12`, `fixes#12`), names no repository and is not compared; a
misspelt repository name (`cluster-stackes#197`) is reported as such.
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
from ._roster import allowed_distance, distance

# What a reference says it is, or the word before it ("see #12", GitHub's "fixes #12"); "issues" is
# left out on purpose: it is also a repository's name (SovereignCloudStack/issues).
_KIND_WORDS = frozenset(
    {"issue", "pr", "prs", "pull", "pulls", "bug", "bugs", "ticket", "tickets", "story", "feature", "request"}
    | {"see", "ref", "refs", "cf", "via", "fix", "fixes", "fixed", "close", "closes", "closed"}
    | {"resolve", "resolves", "resolved"}
)


def _kind_word(word: str, ctx: Context) -> bool:
    """``word`` is a (misspelt) kind of reference, not a repository: `isssue`, `isue`, `pul`."""
    w = word.lower()
    if w in ctx.aliases:
        return False
    if w in _KIND_WORDS:
        return True
    # near misses of issue/issues/pull (the short "pr" and "bug" only as written: any
    # two-letter word is one edit from "pr")
    return any(distance(w, k, allowed_distance(k)) <= allowed_distance(k) for k in ("issue", "issues", "pull"))


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link, target, claim in issue_links(doc):
        if claim is None or claim.repo is None or target.kind == "issue":
            continue
        if claim.owner is None and claim.repo.lower() != "issues" and _kind_word(claim.repo, ctx):
            continue
        if text_names_repo(claim, target.owner, target.repo, ctx):
            continue
        named = f"{claim.owner}/{claim.repo}" if claim.owner else claim.repo
        limit = allowed_distance(target.repo)
        if claim.owner is None and distance(claim.repo.lower(), target.repo.lower(), limit) <= limit:
            message = f"link text misspells the repository as {named!r}: the url points to {describe(target)}"
        else:
            message = f"link text names repository {named!r} but the url points to {describe(target)}"
        want = f"{target.repo}#{target.number}" if target.number is not None else target.repo
        yield Problem(link.title_span or link.span, f"{message}, expected {want!r}")


RULE = Rule(id="issue-repo-mismatch", severity=Severity.WARNING, check=check, doc=__doc__ or "")
