"""The link checker against a real loopback server that misbehaves in every way we know of."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from minutes_ci.net.guard import StaticResolver, is_private
from minutes_ci.net.http import check_urls, retry_after
from minutes_ci.net.result import BROKEN, OK, UNCHECKED
from minutes_ci.net.settings import LinkSettings

sys.path.insert(0, os.path.dirname(__file__))  # the loopback servers live in tests/servers
from servers.behave import HUGE, Behave, serve


@pytest.fixture(scope="module")
def server() -> Iterator[Behave]:
    with serve() as srv:
        yield srv


def settings(**kw: object) -> LinkSettings:
    s = LinkSettings(allow_private=True, timeout=1.0, backoff=0.05, max_retry_after=5)
    for k, v in kw.items():
        setattr(s, k, v)
    return s


def check(server: Behave, *paths: str, **kw: object) -> dict[str, object]:
    urls = [f"http://127.0.0.1:{server.port}{p}" for p in paths]
    results, _ = check_urls(urls, settings(**kw))
    return {p: results[u] for p, u in zip(paths, urls, strict=True)}


def test_ok_and_missing(server: Behave) -> None:
    r = check(server, "/ok", "/missing", "/gone", "/err")
    assert r["/ok"].status == OK and r["/ok"].code == 200
    assert r["/missing"].status == BROKEN and "404" in r["/missing"].reason
    assert r["/gone"].status == BROKEN and r["/gone"].code == 410
    # a 5xx is not a definite answer about the page: asked again once, then "not checked"
    assert r["/err"].status == UNCHECKED and r["/err"].code == 500 and r["/err"].transient
    assert "server error 500 after 1 retry" in r["/err"].reason
    assert server.path_hits("/err") == 2


def test_redirect_chain_recorded_and_permanent_flagged(server: Behave) -> None:
    r = check(server, "/redirect/301/3", "/redirect/302/2")
    perm, temp = r["/redirect/301/3"], r["/redirect/302/2"]
    assert perm.status == OK and perm.permanent_redirect
    assert [c for c, _ in perm.hops] == [301, 301, 301]
    assert perm.final_url is not None and perm.final_url.endswith("/ok")
    assert temp.status == OK and not temp.permanent_redirect


def test_loop_and_too_many_hops_are_errors(server: Behave) -> None:
    r = check(server, "/loop", "/endless/0", "/to-404", max_redirects=5)
    assert r["/loop"].status == BROKEN and "loop" in r["/loop"].reason
    assert r["/endless/0"].status == BROKEN and "more than 5 redirects" in r["/endless/0"].reason
    assert r["/to-404"].status == BROKEN and "after 1 redirect" in r["/to-404"].reason
    assert r["/to-404"].final_url is not None and r["/to-404"].final_url.endswith("/missing")


def test_head_refused_falls_back_to_get(server: Behave) -> None:
    r = check(server, "/nohead")
    assert r["/nohead"].status == OK
    assert server.hits[("HEAD", "/nohead")] == 1 and server.hits[("GET", "/nohead")] == 1


def test_flaky_503_is_retried_once(server: Behave) -> None:
    r = check(server, "/flaky")
    assert r["/flaky"].status == OK
    assert server.path_hits("/flaky") == 2


def test_retry_after_is_honoured(server: Behave) -> None:
    r = check(server, "/rl")
    assert r["/rl"].status == OK
    # exactly one retry, sent after the announced second (the server answers 429 before that)
    assert server.path_hits("/rl") == 2


def test_retry_after_over_the_cap_is_not_waited_for(server: Behave) -> None:
    r = check(server, "/rl-long")
    assert r["/rl-long"].status == UNCHECKED and "3600" in r["/rl-long"].reason
    assert server.path_hits("/rl-long") == 1


def test_slow_response_times_out_and_reset_is_not_checked(server: Behave) -> None:
    r = check(server, "/slow", "/reset", timeout=0.3, retries=1)
    # a timeout or a reset says nothing definite about the link: not checked, never broken
    assert r["/slow"].status == UNCHECKED and r["/slow"].reason.startswith("timed out")
    assert r["/reset"].status == UNCHECKED and r["/reset"].transient
    assert server.path_hits("/reset") == 2  # one retry for a connection error


def test_huge_body_is_not_downloaded(server: Behave) -> None:
    r = check(server, "/huge")
    assert r["/huge"].status == OK
    # HEAD answered: no body was asked for at all
    assert server.hits[("GET", "/huge")] == 0 and server.body_bytes < HUGE // 100


def test_huge_body_on_get_is_not_read(server: Behave) -> None:
    before = server.body_bytes
    r = check(server, "/huge-nohead")  # HEAD refused: the checker must GET, and not read the body
    assert r["/huge-nohead"].status == OK and server.hits[("GET", "/huge-nohead")] == 1
    # the server pushed at most what socket buffers hold before the checker hung up
    assert server.body_bytes - before < HUGE // 4


def test_forbidden_is_not_called_broken(server: Behave) -> None:
    r = check(server, "/forbidden")
    assert r["/forbidden"].status == UNCHECKED and "403" in r["/forbidden"].reason


def test_accepted_codes_from_config(server: Behave) -> None:
    r = check(server, "/forbidden", accept=frozenset({200, 403}))
    assert r["/forbidden"].status == OK


def test_private_addresses_refused_without_a_request(server: Behave) -> None:
    before = sum(server.hits.values())
    urls = [f"http://127.0.0.1:{server.port}/ok", f"http://localhost:{server.port}/ok"]
    results, sent = check_urls(urls, LinkSettings())
    assert all(r.status == UNCHECKED and "private" in r.reason for r in results.values())
    assert sent == 0 and sum(server.hits.values()) == before


def test_name_resolving_to_private_address_refused(server: Behave) -> None:
    resolver = StaticResolver({"sneaky.test": "127.0.0.1"})
    url = f"http://sneaky.test:{server.port}/ok"
    before = sum(server.hits.values())
    results, _ = check_urls([url], LinkSettings(timeout=1), resolver)
    assert results[url].status == UNCHECKED
    assert "sneaky.test resolves to a private address (127.0.0.1)" in results[url].reason
    assert sum(server.hits.values()) == before
    # allowed explicitly, the same name is checked
    results, _ = check_urls([url], LinkSettings(timeout=1, allow_private=True), resolver)
    assert results[url].status == OK


def test_redirect_to_private_name_refused(server: Behave) -> None:
    # the first hop is allowed by a test-only literal check bypass: the public host is simulated by a
    # resolver mapping "public.test" to loopback while the guard only refuses "sneaky.test"
    from minutes_ci.net import guard

    class PartGuard(StaticResolver):
        async def resolve(self, host, port=0, family=0):  # type: ignore[no-untyped-def]
            res = await super().resolve(host, port, family)
            if host == "sneaky.test":
                raise guard.PrivateAddressError(f"{host} resolves to a private address (127.0.0.1)")
            return res

    resolver = PartGuard({"public.test": "127.0.0.1", "sneaky.test": "127.0.0.1"})
    url = f"http://public.test:{server.port}/to-private"
    results, _ = check_urls([url], LinkSettings(timeout=1, allow_private=True), resolver)
    assert results[url].status == UNCHECKED and "sneaky.test" in results[url].reason


def test_unresolvable_host_is_not_checked() -> None:
    # a resolver error that is not an authoritative NXDOMAIN is "not checked"
    url = "http://nowhere.test/"
    results, _ = check_urls([url], LinkSettings(timeout=1, backoff=0.01), StaticResolver({}))
    assert results[url].status == UNCHECKED and results[url].transient


def test_is_private() -> None:
    assert is_private("10.1.2.3") and is_private("169.254.169.254") and is_private("::1")
    assert is_private("::ffff:192.168.0.1") and is_private("127.0.0.5")
    assert not is_private("140.82.112.3") and not is_private("not-an-ip")


def test_retry_after_formats() -> None:
    assert retry_after("7", 1.0) == 7.0
    assert retry_after(None, 1.5) == 1.5
    assert retry_after("garbage", 2.0) == 2.0
    assert 0 <= retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) <= 0.0


def test_works_when_the_caller_already_runs_an_event_loop(server: Behave) -> None:
    import asyncio

    url = f"http://127.0.0.1:{server.port}/ok"

    async def embedded() -> str:
        results, _ = check_urls([url], settings())  # a blocking call from inside a running loop
        return results[url].status

    assert asyncio.run(embedded()) == OK
