"""One pull request comment per pull request, found by a hidden marker and edited in place.

A fork's ``pull_request`` run gets a read-only token: the API answers 403 and the comment is
skipped with a notice. The annotations and the job summary already carry everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from github import Auth, Github, GithubException

from .summary import MARKER


def client(token: str, api_url: str, polite: bool = True) -> Github:
    """A PyGithub client for GitHub or GitHub Enterprise; no token means anonymous (read-only).

    ``polite`` keeps PyGithub's pauses between requests (GitHub's secondary rate limits punish
    bursts of writes); only tests against the local stand-in turn them off.
    """
    auth = Auth.Token(token) if token else None
    # lazy: objects are not fetched before use, so a comment upsert costs one list and one write
    return Github(
        auth=auth,
        base_url=api_url,
        timeout=30,
        retry=3,
        lazy=True,
        seconds_between_requests=0.25 if polite else None,
        seconds_between_writes=1.0 if polite else None,
    )


@dataclass(frozen=True, slots=True)
class CommentResult:
    action: str  # "created" | "updated" | "unchanged" | "skipped" | "none"
    detail: str = ""
    comment_id: int | None = None


def upsert_comment(gh: Github, repo: str, number: int, body: str, create: bool = True) -> CommentResult:
    """Create or update the marked comment; ``create=False`` only updates an existing one (used when
    a later push fixed everything: say so in the old comment, but never open a new one for it)."""
    if MARKER not in body:
        body = MARKER + "\n" + body
    try:
        issue = gh.get_repo(repo).get_issue(number)
        mine = None
        for comment in issue.get_comments():
            if MARKER in (comment.body or ""):
                mine = comment
                break
        if mine is not None:
            if mine.body == body:
                return CommentResult("unchanged", comment_id=mine.id)
            mine.edit(body)
            return CommentResult("updated", comment_id=mine.id)
        if not create:
            return CommentResult("none")
        made = issue.create_comment(body)
        return CommentResult("created", comment_id=made.id)
    except GithubException as exc:
        if exc.status in (403, 404):
            # 403: read-only token (fork pull requests); 404: the token may not see the repository
            return CommentResult("skipped", f"the token may not write pull request comments (HTTP {exc.status})")
        raise
