"""The reference resolver against the GitHub stand-in (real GraphQL execution, REST, rate limits)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from minutes_ci.net.cache import State
from minutes_ci.net.github import RefKey, Resolver, build_query
from minutes_ci.net.settings import GitHubSettings

sys.path.insert(0, os.path.dirname(__file__))  # the stand-in lives in tests/servers
from servers.github_standin import Item, StandIn, World, serve

TOKEN = "t0ken-s3cret"


def world() -> World:
    w = World()
    w.items[("scs", "standards", 1)] = Item("Issue", "OPEN")
    w.items[("scs", "standards", 2)] = Item("PullRequest", "MERGED")
    w.items[("scs", "standards", 3)] = Item("Issue", "CLOSED")
    w.items[("scs", "issues", 7)] = Item("Issue")
    w.items[("scs", "docs", 5)] = Item("Discussion")
    w.transferred[("scs", "issues", 9)] = ("scs", "standards", 1)
    w.renamed[("scs", "old-name")] = ("scs", "standards")
    w.users = {"alice"}
    return w


def resolver(srv: StandIn, tmp: Path | None = None, token: str | None = TOKEN, **kw: object) -> Resolver:
    gs = GitHubSettings(api_url=srv.url, token=token, **kw)  # type: ignore[arg-type]
    state = State(tmp / "state.json" if tmp else None)
    messages: list[str] = []
    r = Resolver(gs, state, messages.append)
    r.messages = messages  # type: ignore[attr-defined]
    return r


REFS = [RefKey("SCS", "standards", 1), RefKey("scs", "standards", 2), RefKey("scs", "standards", 404),
        RefKey("scs", "nope", 1), RefKey("scs", "issues", 9), RefKey("scs", "old-name", 3),
        RefKey("scs", "docs", 5, "discussions")]


def test_graphql_batches_and_fallbacks(tmp_path: Path) -> None:
    with serve(StandIn(world())) as srv:
        r = resolver(srv, tmp_path)
        out = r.resolve(REFS)
        assert out["scs/standards#1"].typename == "Issue" and out["scs/standards#1"].state == "OPEN"
        assert out["scs/standards#2"].typename == "PullRequest" and out["scs/standards#2"].state == "MERGED"
        assert out["scs/standards#404"].status == "missing"
        assert out["scs/nope#1"].status == "missing"
        moved = out["scs/issues#9"]
        assert moved.status == "ok" and moved.url == "https://github.com/scs/standards/issues/1"
        renamed = out["scs/old-name#3"]
        assert renamed.url is not None and "/scs/standards/" in renamed.url
        assert out["scs/docs/discussions/5"].typename == "Discussion"
        # one GraphQL query for all seven; REST only for the three GraphQL could not place
        assert srv.calls["graphql"] == 1
        assert srv.calls["rest-issue"] <= 4
        assert all(a == f"token {TOKEN}" for a in srv.auth_seen)


def test_query_text_is_valid_graphql_with_many_refs(tmp_path: Path) -> None:
    w = World(auto=500)
    with serve(StandIn(w)) as srv:
        refs = [RefKey("scs", f"repo{i % 7}", n) for i, n in enumerate(range(1, 451))]
        r = resolver(srv, tmp_path, batch=100)
        out = r.resolve(refs)
        assert all(v.status == "ok" for v in out.values()) and len(out) == 450
        assert srv.calls["graphql"] == 5 and srv.calls.get("rest-issue", 0) == 0


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    with serve(StandIn(world())) as srv:
        r = resolver(srv, tmp_path)
        r.resolve(REFS)
        r.state.save()
        before = dict(srv.calls)
        again = resolver(srv, tmp_path)
        out = again.resolve(REFS)
        assert out["scs/standards#2"].state == "MERGED"
        assert dict(srv.calls) == before and again.calls == 0


def test_etag_makes_rest_lookups_free(tmp_path: Path) -> None:
    with serve(StandIn(world(), token=None)) as srv:
        r = resolver(srv, tmp_path, token=None, ttl=0.0)  # ttl 0: every run asks again
        r.resolve([RefKey("scs", "standards", 1)])
        r.state.save()
        costly_before = srv.costly
        again = resolver(srv, tmp_path, token=None, ttl=0.0)
        out = again.resolve([RefKey("scs", "standards", 1)])
        assert out["scs/standards#1"].typename == "Issue"
        assert again.calls == 1 and again.costly == 0 and srv.costly == costly_before


def test_without_token_rest_only(tmp_path: Path) -> None:
    with serve(StandIn(world())) as srv:
        r = resolver(srv, None, token=None)
        out = r.resolve([RefKey("scs", "standards", 2), RefKey("scs", "standards", 404)])
        assert out["scs/standards#2"].typename == "PullRequest"
        # without a token a 404 may be a private repository: not checked, never "missing"
        assert out["scs/standards#404"].status == "unchecked"
        assert srv.calls.get("graphql", 0) == 0


def test_tokenless_404_is_not_cached_for_a_later_run_with_a_token(tmp_path: Path) -> None:
    w = world()
    with serve(StandIn(w)) as srv:
        first = resolver(srv, tmp_path, token=None)
        assert first.resolve([RefKey("scs", "private", 4)])["scs/private#4"].status == "unchecked"
        first.state.save()
        w.items[("scs", "private", 4)] = Item("Issue", "OPEN")  # what the token can see
        again = resolver(srv, tmp_path)  # default TTL: a cached answer would be reused
        out = again.resolve([RefKey("scs", "private", 4)])
        assert out["scs/private#4"].status == "ok" and again.calls >= 1


def test_rate_limit_stops_cleanly(tmp_path: Path) -> None:
    with serve(StandIn(World(auto=1000), limit=3, token=None)) as srv:
        r = resolver(srv, None, token=None, max_wait=1.0)
        refs = [RefKey("scs", "standards", n) for n in range(1, 21)]
        out = r.resolve(refs)
        checked = [v for v in out.values() if v.status == "ok"]
        unchecked = [v for v in out.values() if v.status == "unchecked"]
        assert len(checked) == 3 and len(unchecked) == 17
        assert r.stopped and "rate limit" in r.stopped and "resets at" in r.stopped
        # no storm: at most one refused request after the budget ran out
        assert srv.calls["rest-issue"] <= 4


def test_rate_limit_waits_when_reset_is_near(tmp_path: Path) -> None:
    import time

    srv_obj = StandIn(World(auto=10), limit=1, token=None)
    with serve(srv_obj) as srv:
        srv.reset_at = int(time.time())  # resets "now": the resolver waits instead of stopping
        r = resolver(srv, None, token=None, max_wait=5.0)
        r.resolve([RefKey("scs", "x", 1)])
        srv.remaining = 1  # the reset happened
        out = r.resolve([RefKey("scs", "x", 3)])
        assert out["scs/x#3"].status == "ok" and r.stopped is None
        assert any("waiting" in m for m in r.messages)  # type: ignore[attr-defined]


def test_bad_token_is_reported_without_printing_it(tmp_path: Path) -> None:
    with serve(StandIn(world())) as srv:
        r = resolver(srv, None, token="wrong-secret-value")
        out = r.resolve([RefKey("scs", "standards", 1)])
        assert out["scs/standards#1"].status == "unchecked"
        assert r.stopped is not None and "401" in r.stopped
        assert "wrong-secret-value" not in r.stopped and "wrong-secret-value" not in repr(r.s)


def test_unreachable_api_is_a_clean_stop() -> None:
    gs = GitHubSettings(api_url="http://127.0.0.1:9", token=TOKEN)
    r = Resolver(gs, State(None), lambda m: None)
    out = r.resolve([RefKey("scs", "standards", 1)])
    assert out["scs/standards#1"].status == "unchecked" and r.stopped and "cannot reach" in r.stopped


def test_users(tmp_path: Path) -> None:
    from minutes_ci.net.users import check_users

    with serve(StandIn(world())) as srv:
        assert check_users(resolver(srv, None), ["alice", "Bob", "carol"]) == {"alice": True, "bob": False,
                                                                              "carol": False}
        assert srv.calls["graphql"] == 1  # one query for all three
        assert check_users(resolver(srv, None, token=None), ["alice", "Bob"]) == {"alice": True, "bob": False}
        assert srv.calls["rest-user"] == 2


def test_build_query_escapes_and_groups() -> None:
    query, aliases = build_query([RefKey("o", "a", 1), RefKey("o", "a", 2), RefKey("o", "b", 1)])
    assert query.count("repository(") == 2 and len(aliases) == 3
    assert 'owner: "o", name: "a"' in query


@pytest.mark.parametrize("name", ["bad name", 'x"y'])
def test_invalid_names_never_reach_the_query(name: str) -> None:
    r = Resolver(GitHubSettings(api_url="http://127.0.0.1:9", token=TOKEN), State(None), lambda m: None)
    out = r.resolve([RefKey("o", name, 1)])
    assert next(iter(out.values())).status == "missing" and r.calls == 0


def test_repository_pages_confirmed_in_one_query(tmp_path: Path) -> None:
    from minutes_ci.net.ghpages import confirm_pages, parse_page

    w = world()
    w.missing_paths = {"main:Standards/gone.md"}
    base = "https://github.com/scs/standards"
    urls = [f"{base}/blob/main/Standards/scs-0001.md", f"{base}/tree/main/Tests", base,
            f"{base}/blob/main/Standards/gone.md", "https://github.com/scs/nope/tree/main/x",
            f"{base}/blob/main/x.md?plain=1", "https://github.com/orgs/scs/projects/6"]
    with serve(StandIn(w)) as srv:
        r = resolver(srv, tmp_path)
        confirmed = confirm_pages(r, urls)
        assert confirmed == set(urls[:3])
        assert srv.calls["graphql"] == 1 and 'object(expression: "main:Standards/scs-0001.md")' in srv.queries[0]
        # without a token nothing is asked: every page is left to the HTTP checker
        assert confirm_pages(resolver(srv, None, token=None), urls) == set()
        assert srv.calls["graphql"] == 1
    assert parse_page("https://github.com/o/r/blob/main/a%20b.md") is not None
    assert parse_page("https://github.com/o/r/pulls") is None
