"""Are the handles in participant, reporter and sponsor lines real GitHub users? (``github: check-users``)

With a token, one GraphQL query asks for up to ``batch`` logins (``uN: user(login: ...)``); without
one, REST ``/users/NAME`` one by one. Answers are cached like references.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from github import GithubException

from .github import _NAME, RateLimitStop, Resolver


def check_users(resolver: Resolver, handles: Iterable[str]) -> dict[str, bool | None]:
    """handle (lower case) -> exists; None when it could not be checked."""
    out: dict[str, bool | None] = {}
    todo: list[str] = []
    for handle in sorted({h.lower() for h in handles if _NAME.match(h)}):
        cached = resolver.state.cached_ref(f"user:{handle}", resolver.s.ttl)
        if cached is not None:
            out[handle] = bool(cached.get("exists"))
        else:
            todo.append(handle)
    try:
        if resolver.s.token:
            _graphql(resolver, todo, out)
        else:
            _rest(resolver, todo, out)
    except RateLimitStop as stop:
        resolver.stopped = str(stop)
    except Exception as exc:  # the API is down or refuses us: the handles stay unchecked
        resolver.notify(f"user check stopped ({type(exc).__name__})")
    for handle in todo:
        out.setdefault(handle, None)
        if out[handle] is not None:
            resolver.state.record_ref(f"user:{handle}", {"exists": out[handle]})
    return out


def _graphql(resolver: Resolver, todo: list[str], out: dict[str, bool | None]) -> None:
    for start in range(0, len(todo), resolver.s.batch):
        batch = todo[start:start + resolver.s.batch]
        fields = " ".join(f"u{i}: user(login: {json.dumps(h)}) {{ login }}" for i, h in enumerate(batch))
        _, data = resolver._call("POST", resolver.requester.graphql_url,
                                 input={"query": f"query {{ {fields} }}", "variables": {}})
        payload = (data or {}).get("data") or {}
        for i, handle in enumerate(batch):
            out[handle] = payload.get(f"u{i}") is not None


def _rest(resolver: Resolver, todo: list[str], out: dict[str, bool | None]) -> None:
    for handle in todo:
        try:
            resolver._call("GET", f"/users/{handle}")
            out[handle] = True
        except GithubException as exc:
            if exc.status != 404:
                raise
            out[handle] = False
