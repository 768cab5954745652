"""Resolve GitHub issue/PR references through PyGithub: GraphQL in batches, REST as the fallback.

One GraphQL query asks for up to ``batch`` references (aliases per repository and number), so the
~3,000 references of the minutes cost a few dozen calls. REST answers what GraphQL cannot
(no token: GraphQL needs one; a reference GraphQL says is missing may have been transferred, which
REST follows with a 301). REST answers are kept with their ETag: a repeated look-up is a
conditional request, which GitHub does not count against the rate limit.
The remaining rate limit is read from every answer; when it runs out we wait (up to a cap) or stop
cleanly and say how many references were left unchecked. The token is never printed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from github import Auth, Github, GithubException

from .cache import State
from .settings import GitHubSettings

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


@dataclass(frozen=True, slots=True, order=True)
class RefKey:
    owner: str
    repo: str
    number: int
    kind: str = "issues"  # what the reference claims: issues | pull | discussions

    @property
    def key(self) -> str:
        # GitHub names are case-insensitive: one look-up for `SCS/Standards#1` and `scs/standards#1`
        sep = "/discussions/" if self.kind == "discussions" else "#"
        return f"{self.owner.lower()}/{self.repo.lower()}{sep}{self.number}"


@dataclass(slots=True)
class RefResult:
    status: str  # ok | missing | repo-missing | unchecked
    typename: str | None = None  # Issue | PullRequest | Discussion
    state: str | None = None  # OPEN | CLOSED | MERGED
    url: str | None = None  # where GitHub says the item lives (new place after a transfer)
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RefResult:
        return cls(
            str(data["status"]),
            data.get("typename"),
            data.get("state"),
            data.get("url"),
            str(data.get("reason", "")),
        )


class RateLimitStop(Exception):
    """Raised inside the resolver when going on would only earn a storm of 403s."""


# Issue.state and PullRequest.state have different enum types on GitHub, so GraphQL refuses the same
# response name for both: each gets its own alias.
_ITEM = "__typename ... on Issue { issueState: state url } ... on PullRequest { prState: state merged url }"


def build_query(batch: list[RefKey]) -> tuple[str, dict[str, RefKey]]:
    """One GraphQL document for a batch: ``rN: repository(...) { iM: issueOrPullRequest(...) }``."""
    repos: dict[tuple[str, str], list[RefKey]] = {}
    for ref in batch:
        repos.setdefault((ref.owner, ref.repo), []).append(ref)
    parts, aliases = [], {}
    for i, ((owner, repo), refs) in enumerate(repos.items()):
        fields = []
        for j, ref in enumerate(refs):
            alias = f"i{j}"
            aliases[f"r{i}.{alias}"] = ref
            if ref.kind == "discussions":
                fields.append(f"{alias}: discussion(number: {ref.number}) {{ __typename url }}")
            else:
                fields.append(f"{alias}: issueOrPullRequest(number: {ref.number}) {{ {_ITEM} }}")
        # json.dumps gives a valid GraphQL string literal; names were validated against _NAME
        parts.append(
            f"r{i}: repository(owner: {json.dumps(owner)}, name: {json.dumps(repo)}) "
            f"{{ nameWithOwner {' '.join(fields)} }}"
        )
    query = "query { rateLimit { cost remaining resetAt } " + " ".join(parts) + " }"
    return query, aliases


def _from_node(node: dict[str, Any] | None) -> RefResult:
    if node is None:
        return RefResult("missing", reason="no such issue or pull request")
    state = node.get("issueState") or node.get("prState")
    if node.get("merged"):
        state = "MERGED"
    return RefResult("ok", node.get("__typename"), state, node.get("url"))


class Resolver:
    def __init__(self, settings: GitHubSettings, state: State, notify: Callable[[str], None]) -> None:
        self.s = settings
        self.state = state
        self.notify = notify
        self.calls = 0  # API calls sent (all of them)
        self.costly = 0  # calls that GitHub counts against the rate limit (not 304s)
        auth = Auth.Token(settings.token) if settings.token else None
        # retry=None: PyGithub's own retry would sleep through rate limits without telling anyone.
        self.gh = Github(
            base_url=settings.api_url,
            auth=auth,
            retry=None,
            timeout=20,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
        self.requester = self.gh.requester
        self.stopped: str | None = None
        self.warned = False

    # ---- rate limit
    def _budget(self, needed: int = 1) -> None:
        remaining, _limit = self.requester.rate_limiting
        if remaining < 0 or remaining >= needed:
            return
        wait = self.requester.rate_limiting_resettime - time.time()
        if wait <= self.s.max_wait:
            self.notify(f"GitHub rate limit reached; waiting {max(0, round(wait))} s for the reset")
            time.sleep(max(0.0, wait) + 0.5)
            self.requester.rate_limiting = (-1, -1)  # unknown until the next answer
            return
        reset = time.strftime("%H:%M UTC", time.gmtime(self.requester.rate_limiting_resettime))
        raise RateLimitStop(f"GitHub API rate limit exhausted (resets at {reset})")

    def _call(self, verb: str, url: str, **kw: Any) -> tuple[dict[str, Any], Any]:
        if not self.s.token and not self.warned:
            self.warned = True  # said once, and only when the API is really used
            self.notify("no GITHUB_TOKEN or GH_TOKEN: using the GitHub API without a token "
                        "(public repositories only, 60 requests an hour, one request per reference)")
        self._budget()
        self.calls += 1
        try:
            headers, data = self.requester.requestJsonAndCheck(verb, url, **kw)
        except GithubException as exc:
            self.costly += 1
            if exc.status in (403, 429) and (
                "rate limit" in str(exc.data).lower() or self.requester.rate_limiting[0] == 0
            ):
                raise RateLimitStop("GitHub API rate limit exhausted") from None
            raise
        if data is not None:
            self.costly += 1
        return headers, data

    # ---- public
    def resolve(self, refs: Iterable[RefKey]) -> dict[str, RefResult]:
        out: dict[str, RefResult] = {}
        todo: list[RefKey] = []
        queued: set[str] = set()  # keys already in todo (a set per reference made this quadratic)
        for ref in sorted(set(refs)):
            cached = self.state.cached_ref(ref.key, self.s.ttl)
            if cached is not None:
                out[ref.key] = RefResult.from_json(cached)
            elif not (_NAME.match(ref.owner) and _NAME.match(ref.repo)):
                out[ref.key] = RefResult("missing", reason=f"{ref.owner}/{ref.repo} is not a repository name")
            elif ref.key not in queued:
                queued.add(ref.key)
                todo.append(ref)
        try:
            if todo and self.s.token:
                todo = self._graphql(todo, out)
            for ref in todo:
                out[ref.key] = self._rest(ref)
                if out[ref.key].status != "unchecked":  # a gap is asked again next run, never remembered
                    self.state.record_ref(ref.key, out[ref.key].to_json())
        except RateLimitStop as stop:
            self.stopped = str(stop)
        except Exception as exc:  # network down, bad token, bad API URL: stop, say what happened
            self.stopped = _explain(exc, self.s.api_url)
        for ref in todo:
            out.setdefault(ref.key, RefResult("unchecked", reason=self.stopped or "not checked"))
        return out

    def _graphql(self, todo: list[RefKey], out: dict[str, RefResult]) -> list[RefKey]:
        """Resolve by GraphQL; return the references REST should look at (missing ones)."""
        again: list[RefKey] = []
        for start in range(0, len(todo), self.s.batch):
            batch = todo[start : start + self.s.batch]
            query, aliases = build_query(batch)
            _, data = self._call("POST", self.requester.graphql_url, input={"query": query, "variables": {}})
            payload = (data or {}).get("data") or {}
            if not any(key.startswith("r") and key[1:].isdigit() for key in payload):
                errors = (data or {}).get("errors") or [{}]
                # a query GitHub refused as a whole: falling back to REST here would be a storm
                raise RuntimeError(f"GitHub GraphQL error: {errors[0].get('message', 'no data')}")
            rl = payload.get("rateLimit") or {}
            if isinstance(rl.get("remaining"), int):
                self.requester.rate_limiting = (rl["remaining"], self.requester.rate_limiting[1])
            for path, ref in aliases.items():
                repo_alias, item_alias = path.split(".")
                repo = payload.get(repo_alias)
                node = repo.get(item_alias) if isinstance(repo, dict) else None
                if node is None:
                    again.append(ref)  # transferred, renamed or really missing: REST can tell
                    continue
                out[ref.key] = _from_node(node)
                self.state.record_ref(ref.key, out[ref.key].to_json())
        return again

    def _rest(self, ref: RefKey) -> RefResult:
        kind = "discussions" if ref.kind == "discussions" else "issues"
        url = f"/repos/{ref.owner}/{ref.repo}/{kind}/{ref.number}"
        cached = self.state.etag(url)
        headers = {"If-None-Match": cached[0]} if cached else {}
        try:
            resp_headers, data = self._call("GET", url, headers=headers)
        except GithubException as exc:
            if exc.status in (404, 410) and not self.s.token:
                # without a token GitHub also answers 404 for a private repository's issues: not a
                # definite "does not exist", and never cached as one (a later run with a token would
                # otherwise reuse it for the whole TTL)
                why = "GitHub answered 404, which it also answers for a private repository"
                return RefResult("unchecked", reason=why)
            if exc.status in (404, 410):
                return RefResult("missing", reason="no such issue or pull request")
            raise
        if data is None and cached:
            data = cached[1]  # 304 Not Modified: free, and the stored answer still holds
        elif resp_headers.get("etag"):
            self.state.record_etag(url, resp_headers["etag"], data)
        if not isinstance(data, dict):
            return RefResult("unchecked", reason="GitHub gave an empty answer")
        typename = (
            "PullRequest"
            if data.get("pull_request")
            else ("Discussion" if kind == "discussions" else "Issue")
        )
        state = str(data.get("state", "")).upper() or None
        if (data.get("pull_request") or {}).get("merged_at"):
            state = "MERGED"
        return RefResult("ok", typename, state, data.get("html_url"))


def _explain(exc: Exception, api_url: str) -> str:
    if isinstance(exc, RuntimeError) and str(exc).startswith("GitHub GraphQL"):
        return str(exc)
    if isinstance(exc, GithubException):
        if exc.status == 401:
            return f"the GitHub API at {api_url} refused the token (401 bad credentials)"
        return f"the GitHub API at {api_url} answered {exc.status}"
    return f"cannot reach the GitHub API at {api_url} ({type(exc).__name__})"
