"""A GitHub API stand-in on 127.0.0.1 that PyGithub reaches through ``base_url``.

GraphQL queries are executed for real by graphql-core against a small schema (the parts of
GitHub's schema the resolver uses), so the query text the resolver builds must be valid GraphQL.
REST routes: issues (with 301 for transferred issues and renamed repositories), users,
rate_limit. Every answer carries X-RateLimit-* headers; REST answers carry an ETag and a matching
If-None-Match gets a 304 that does not cost rate limit, as on GitHub.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from graphql import GraphQLError, build_schema, graphql_sync

from .loop import run_app

SCHEMA = build_schema("""
type Query {
  rateLimit: RateLimit
  repository(owner: String!, name: String!): Repository
  user(login: String!): User
}
type RateLimit { cost: Int! remaining: Int! resetAt: String! limit: Int! }
type Repository {
  nameWithOwner: String!
  issueOrPullRequest(number: Int!): IssueOrPullRequest
  discussion(number: Int!): Discussion
  object(expression: String!): GitObject
}
union GitObject = Blob | Tree
type Blob { oid: String! }
type Tree { oid: String! }
union IssueOrPullRequest = Issue | PullRequest
enum IssueState { OPEN CLOSED }
enum PullRequestState { OPEN CLOSED MERGED }
type Issue { number: Int! state: IssueState! url: String! }
type PullRequest { number: Int! state: PullRequestState! merged: Boolean! url: String! }
type Discussion { number: Int! url: String! }
type User { login: String! }
""")


@dataclass
class Item:
    kind: str  # Issue | PullRequest | Discussion
    state: str = "OPEN"  # OPEN | CLOSED | MERGED


@dataclass
class World:
    """What exists. ``auto`` makes every number up to ``auto`` exist (odd: issue, even: PR)."""

    items: dict[tuple[str, str, int], Item] = field(default_factory=dict)
    renamed: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    transferred: dict[tuple[str, str, int], tuple[str, str, int]] = field(default_factory=dict)
    users: set[str] = field(default_factory=set)
    auto: int = 0
    auto_missing: frozenset[int] = frozenset()
    missing_paths: set[str] = field(default_factory=set)  # "REF:PATH" expressions that do not exist

    def canon(self, owner: str, repo: str) -> tuple[str, str]:
        key = (owner.lower(), repo.lower())
        return self.renamed.get(key, key)

    def get(self, owner: str, repo: str, number: int) -> Item | None:
        o, r = self.canon(owner, repo)
        if (o, r, number) in self.items:
            return self.items[(o, r, number)]
        if self.auto and 0 < number <= self.auto and number not in self.auto_missing:
            return Item("Issue" if number % 2 else "PullRequest", "OPEN" if number % 3 else "CLOSED")
        return None


class StandIn:
    def __init__(self, world: World, limit: int = 5000, token: str | None = "t0ken-s3cret") -> None:
        self.world = world
        self.limit = limit
        self.remaining = limit
        self.reset_at = int(time.time()) + 3600
        self.token = token
        self.calls: Counter[str] = Counter()  # route -> calls
        self.costly = 0
        self.port = 0
        self.queries: list[str] = []
        self.auth_seen: list[str | None] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(self.reset_at), "X-RateLimit-Used": str(self.limit - self.remaining)}

    def _charge(self, points: int = 1) -> web.Response | None:
        if self.remaining < points:
            self.remaining = 0
            body = {"message": "API rate limit exceeded for 127.0.0.1.",
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}
            return web.json_response(body, status=403, headers=self._headers())
        self.remaining -= points
        self.costly += 1
        return None

    def _json(self, request: web.Request, data: Any, status: int = 200) -> web.Response:
        body = json.dumps(data)
        etag = '"' + hashlib.sha1(body.encode()).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={**self._headers(), "ETag": etag})  # free on GitHub
        denied = self._charge()
        if denied:
            return denied
        return web.Response(text=body, status=status, content_type="application/json",
                            headers={**self._headers(), "ETag": etag})

    async def graphql(self, request: web.Request) -> web.Response:
        self.calls["graphql"] += 1
        self.auth_seen.append(request.headers.get("Authorization"))
        if self.token is None or request.headers.get("Authorization") != f"token {self.token}":
            return web.json_response({"message": "This endpoint requires you to be authenticated."}, status=401)
        denied = self._charge()
        if denied:
            return denied
        payload = await request.json()
        self.queries.append(payload["query"])
        result = graphql_sync(SCHEMA, payload["query"], root_value=_Root(self),
                              variable_values=payload.get("variables"))
        out: dict[str, Any] = {"data": result.data}
        if result.errors:
            out["errors"] = [{"type": "NOT_FOUND" if "Could not resolve" in e.message else "INVALID",
                              "path": e.path, "message": e.message} for e in result.errors]
        return web.json_response(out, headers=self._headers())

    async def issue(self, request: web.Request) -> web.Response:
        self.calls["rest-issue"] += 1
        o, r, n = request.match_info["owner"], request.match_info["repo"], int(request.match_info["number"])
        moved = self.world.transferred.get((o.lower(), r.lower(), n))
        canon = self.world.canon(o, r)
        if moved is None and canon != (o.lower(), r.lower()):
            moved = (*canon, n)
        if moved is not None:
            denied = self._charge()
            if denied:
                return denied
            loc = f"/repos/{moved[0]}/{moved[1]}/issues/{moved[2]}"
            return web.json_response({"message": "Moved Permanently", "url": loc}, status=301,
                                     headers={**self._headers(), "Location": f"{self.url}{loc}"})
        item = self.world.get(o, r, n)
        if item is None or item.kind == "Discussion":
            denied = self._charge()
            return denied or web.json_response({"message": "Not Found"}, status=404, headers=self._headers())
        kind = "pull" if item.kind == "PullRequest" else "issues"
        data: dict[str, Any] = {"number": n, "state": "closed" if item.state != "OPEN" else "open",
                                "html_url": f"https://github.com/{o}/{r}/{kind}/{n}"}
        if item.kind == "PullRequest":
            data["pull_request"] = {"merged_at": "2024-01-01T00:00:00Z" if item.state == "MERGED" else None}
        return self._json(request, data)

    async def discussion(self, request: web.Request) -> web.Response:
        self.calls["rest-discussion"] += 1
        o, r, n = request.match_info["owner"], request.match_info["repo"], int(request.match_info["number"])
        item = self.world.items.get((*self.world.canon(o, r), n))
        if item is None or item.kind != "Discussion":
            denied = self._charge()
            return denied or web.json_response({"message": "Not Found"}, status=404, headers=self._headers())
        return self._json(request, {"number": n, "html_url": f"https://github.com/{o}/{r}/discussions/{n}"})

    async def user(self, request: web.Request) -> web.Response:
        self.calls["rest-user"] += 1
        login = request.match_info["login"]
        if login.lower() not in self.world.users:
            denied = self._charge()
            return denied or web.json_response({"message": "Not Found"}, status=404, headers=self._headers())
        return self._json(request, {"login": login})

    async def rate_limit(self, request: web.Request) -> web.Response:
        self.calls["rate_limit"] += 1  # free on GitHub too
        core = {"limit": self.limit, "remaining": self.remaining, "reset": self.reset_at}
        return web.json_response({"resources": {"core": core, "graphql": core}, "rate": core},
                                 headers=self._headers())


class _Root:
    """graphql-core default resolvers read attributes and dict keys; these build the answers."""

    def __init__(self, srv: StandIn) -> None:
        self.srv = srv

    def rateLimit(self, info: Any) -> dict[str, Any]:
        return {"cost": 1, "remaining": self.srv.remaining, "limit": self.srv.limit,
                "resetAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.srv.reset_at))}

    def user(self, info: Any, login: str) -> dict[str, Any]:
        if login.lower() not in self.srv.world.users:
            raise GraphQLError(f"Could not resolve to a User with the login of '{login}'.")
        return {"login": login}

    def repository(self, info: Any, owner: str, name: str) -> dict[str, Any]:
        world = self.srv.world
        o, r = world.canon(owner, name)
        known = world.auto or any(k[:2] == (o, r) for k in world.items)
        if not known:
            raise GraphQLError(f"Could not resolve to a Repository with the name '{owner}/{name}'.")

        def item(info: Any, number: int) -> dict[str, Any] | None:
            it = world.get(o, r, number)
            if it is None or it.kind == "Discussion":
                return None
            kind = "pull" if it.kind == "PullRequest" else "issues"
            node = {"__typename": it.kind, "number": number, "url": f"https://github.com/{o}/{r}/{kind}/{number}",
                    "state": "MERGED" if it.state == "MERGED" else it.state, "merged": it.state == "MERGED"}
            if it.kind == "Issue" and node["state"] == "MERGED":
                node["state"] = "CLOSED"
            return node

        def discussion(info: Any, number: int) -> dict[str, Any] | None:
            it = world.get(o, r, number)
            if it is None or it.kind != "Discussion":
                return None
            return {"number": number, "url": f"https://github.com/{o}/{r}/discussions/{number}"}

        def git_object(info: Any, expression: str) -> dict[str, Any] | None:
            if expression in world.missing_paths:
                return None
            last = expression.rsplit("/", 1)[-1].split(":")[-1]
            return {"__typename": "Blob" if "." in last else "Tree", "oid": "0" * 40}

        return {"nameWithOwner": f"{o}/{r}", "issueOrPullRequest": item, "discussion": discussion,
                "object": git_object}


@contextmanager
def serve(srv: StandIn) -> Iterator[StandIn]:
    app = web.Application()
    app.router.add_post("/graphql", srv.graphql)
    app.router.add_get("/repos/{owner}/{repo}/issues/{number:\\d+}", srv.issue)
    app.router.add_get("/repos/{owner}/{repo}/discussions/{number:\\d+}", srv.discussion)
    app.router.add_get("/users/{login}", srv.user)
    app.router.add_get("/rate_limit", srv.rate_limit)
    with run_app(app) as port:
        srv.port = port
        yield srv
