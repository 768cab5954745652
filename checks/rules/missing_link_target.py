"""A relative link, image or in-repository GitHub link points at a file that does not exist.

What it does: resolves relative targets (`./scs-federation.md`, `../iaas/20240110.md`,
`uuid.png`) against the file's folder, and links to this repository on GitHub
(`https://github.com/<repo>/blob/main/...`, `tree/main/...`) against the repository root, and
looks them up in the tree. A GitHub link whose branch part names a folder
(`tree/community-call/`) is reported too: the `main/` was left out.
Why is this bad? The minutes are the record; a renamed or never-committed file leaves a dead link
that nobody notices until it is needed.
Example: bad `[IaaS minutes](https://github.com/SovereignCloudStack/minutes/blob/main/iaas/20220927.md)`
when that file was never committed; good a link to a file that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Link, Severity
from ..rule import Context, Problem, Rule
from ._links import in_repo_github, is_relative, resolve, split_url, tree_exists

# data-background values are bad-slide-background's business (it knows colours and data: URIs)
_FORMS = frozenset({"markdown", "image", "html-href", "html-src", "front-matter"})
_BRANCHES = frozenset({"main", "HEAD"})
# `[docs](www.scs.community)`: without a scheme GitHub reads it as a path in the repository
_HOSTLIKE = re.compile(
    r"^(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|de|eu|io|dev|community|cloud|tech|info|app)(?:/|$))",
    re.IGNORECASE,
)


def _relative(link: Link, doc: Document, ctx: Context) -> str | None:
    base, _ = split_url(link.url.strip())
    if not base:
        return None  # `?query` or `#frag` only: the file itself
    path = resolve(doc.path, base)
    if path is None:
        return f"link target {base!r} climbs out of the repository"
    if not path or tree_exists(ctx, path):
        return None
    if _HOSTLIKE.match(base):
        return f"link target {base!r} has no scheme, so it is read as a file in the repository; expected https://{base}"
    if base.startswith("/uploads/"):
        name = base.rsplit("/", 1)[-1]
        return f"link target {base} is a HedgeDoc server path; commit {name} next to the file and link ./{name}"
    return f"link target {path} does not exist in the repository"


def _github(link: Link, ctx: Context) -> str | None:
    if "github" not in link.url:
        return None  # in_repo_github's own first test, before the URL is split (most links)
    found = in_repo_github(split_url(link.url.strip())[0], ctx.repo_slug)
    if found is None:
        return None
    branch, path = found
    if branch in _BRANCHES:
        if path and not tree_exists(ctx, path):
            return f"link target {path} does not exist in the repository"
        return None
    # `tree/community-call/` names a folder where the branch belongs; other branches cannot be
    # checked offline.
    if tree_exists(ctx, branch):
        fixed = f"{branch}/{path}" if path else branch
        return f"url names folder {branch!r} where the branch belongs; expected .../main/{fixed}"
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        if link.form not in _FORMS and link.form not in ("bare", "autolink"):
            continue
        relative = link.form in _FORMS and is_relative(link.url)
        message = _relative(link, doc, ctx) if relative else _github(link, ctx)
        if message:
            yield Problem(link.span, message)


RULE = Rule(id="missing-link-target", severity=Severity.ERROR, check=check, doc=__doc__ or "")
