"""The asynchronous link checker: polite to hosts, patient with flaky ones, stingy with bytes.

HEAD first; GET (headers only) when a server refuses HEAD; redirects followed by hand so every hop
is recorded and loops are caught; ``Retry-After`` honoured up to a cap by pausing the whole host;
502/503/504 and connection errors retried with backoff. Bodies are never read beyond a small
page (a small body is drained so the connection goes back to the pool).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from .guard import GuardedResolver, guarded_socket, url_is_private
from .result import BROKEN, UNCHECKED, UrlResult, classify, describe_error
from .settings import LinkSettings

_HEAD_REFUSED = {405, 403, 501}
_TRANSIENT = {502, 503, 504}
_REDIRECT = {301, 302, 303, 307, 308}
_SMALL_BODY = 64 * 1024
_HEAD_LEARN = 2  # after this many HEAD refusals a host gets GET straight away
_MAX_429 = 3


@dataclass(slots=True)
class _Host:
    sem: asyncio.Semaphore
    interval: float
    next_start: float = 0.0
    head_refusals: int = 0
    throttled: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait_turn(self) -> None:
        # Start times are handed out under a lock so the interval holds across parallel requests.
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)

    async def throttle(self, seconds: float, permits: int) -> None:
        """Per-host backoff after a 429: hold ``permits`` of the host's slots for ``seconds``.

        Pausing the whole host for every 429 would stall hundreds of unrelated pages behind one
        rate-limited path; halving its concurrency for the announced time backs off without that.
        """
        if self.throttled:
            return
        self.throttled = True
        held = 0
        try:
            for _ in range(permits):
                await self.sem.acquire()
                held += 1
            await asyncio.sleep(seconds)
        finally:
            for _ in range(held):
                self.sem.release()
            self.throttled = False


def retry_after(value: str | None, default: float) -> float:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class Checker:
    def __init__(self, settings: LinkSettings, resolver: AbstractResolver | None = None) -> None:
        self.s = settings
        self.resolver = resolver
        self.hosts: dict[str, _Host] = {}
        self.requests = 0
        self.background: set[asyncio.Task[None]] = set()
        self.slots = asyncio.Semaphore(settings.concurrency)  # replaced inside the running loop

    def _host(self, netloc: str) -> _Host:
        host = self.hosts.get(netloc)
        if host is None:
            host = self.hosts[netloc] = _Host(asyncio.Semaphore(self.s.per_host), self.s.host_interval)
        return host

    async def run(self, urls: Iterable[str]) -> dict[str, UrlResult]:
        inner = self.resolver or aiohttp.ThreadedResolver()
        resolver = inner if self.s.allow_private else GuardedResolver(inner)
        connector = aiohttp.TCPConnector(
            limit=self.s.concurrency, limit_per_host=0, resolver=resolver, ttl_dns_cache=300,
            # the last check, on the address each socket connects to: IP literals skip the resolver
            socket_factory=None if self.s.allow_private else guarded_socket,
        )
        # total bounds a server that trickles bytes; it is safe because a request only starts once it
        # holds a global slot (self.slots), so time spent queueing never counts against it
        timeout = aiohttp.ClientTimeout(total=self.s.timeout, sock_connect=self.s.timeout, sock_read=self.s.timeout)
        self.slots = asyncio.Semaphore(self.s.concurrency)
        headers = {"User-Agent": self.s.user_agent, "Accept": "*/*"}
        async with aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers=headers,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
        ) as session:
            # aiohttp silently re-sends a request whose keep-alive connection dropped; our own retry
            # policy already covers that, and a double retry doubles the load on a failing host.
            session._retry_connection = False
            keys = list(dict.fromkeys(urls))
            results = await asyncio.gather(*(self.check(session, u) for u in keys))
        return dict(zip(keys, results, strict=True))

    async def _once(
        self, session: aiohttp.ClientSession, method: str, url: str
    ) -> tuple[int, str | None, str | None]:
        host = self._host(urlsplit(url).netloc)
        async with host.sem, self.slots:
            await host.wait_turn()
            if method == "HEAD" and host.head_refusals >= _HEAD_LEARN:
                method = "GET"  # this host refuses HEAD: do not spend a request learning it again
            self.requests += 1
            async with session.request(method, url, allow_redirects=False) as resp:
                if method == "GET" and (resp.content_length or _SMALL_BODY + 1) <= _SMALL_BODY:
                    await resp.content.read(_SMALL_BODY)  # drained: the connection can be reused
                return resp.status, resp.headers.get("Location"), resp.headers.get("Retry-After")

    async def check(self, session: aiohttp.ClientSession, url: str) -> UrlResult:
        res = UrlResult(status=UNCHECKED, checked_at=time.time())
        current, visited = url, {url}
        method = "HEAD"
        failures = n429 = 0
        while True:
            if not self.s.allow_private and url_is_private(current):  # as yarl/aiohttp will read it
                res.reason = f"private address {urlsplit(current).hostname} not fetched"
                res.private = True
                return res
            res.requests += 1
            try:
                status, location, ra = await self._once(session, method, current)
            except Exception as exc:  # every failure of one URL becomes its result, never a crash
                reason = describe_error(exc)
                if reason.startswith("private: "):
                    res.reason, res.private = reason.removeprefix("private: "), True
                    return res
                if failures < self.s.retries:
                    failures += 1
                    await asyncio.sleep(self.s.backoff * 2 ** (failures - 1))
                    continue
                res.status, res.reason = BROKEN, reason
                return res
            if method == "HEAD" and status in _HEAD_REFUSED:
                self._host(urlsplit(current).netloc).head_refusals += 1
                method = "GET"
                continue
            if status == 429:
                wait = retry_after(ra, self.s.backoff * 2**n429)
                n429 += 1
                if wait > self.s.max_retry_after or n429 > _MAX_429:
                    res.code, res.reason = 429, f"rate limited (429, Retry-After {ra or 'missing'})"
                    return res
                task = asyncio.create_task(self._host(urlsplit(current).netloc).throttle(wait, self.s.per_host // 2))
                self.background.add(task)
                task.add_done_callback(self.background.discard)
                await asyncio.sleep(wait)  # this URL waits the full Retry-After before asking again
                continue
            if status in _TRANSIENT and failures < self.s.retries:
                failures += 1
                await asyncio.sleep(
                    min(self.s.max_retry_after, retry_after(ra, self.s.backoff * 2 ** (failures - 1)))
                )
                continue
            if status in _REDIRECT and location:
                nxt = urljoin(current, location.strip()).split("#", 1)[0]
                res.hops.append((status, nxt))
                if nxt in visited:
                    res.status, res.code, res.reason = BROKEN, status, "redirect loop"
                    res.final_url = nxt
                    return res
                if len(res.hops) > self.s.max_redirects:
                    res.status, res.code = BROKEN, status
                    res.reason = f"more than {self.s.max_redirects} redirects"
                    return res
                visited.add(nxt)
                if status == 303:
                    method = "GET"  # 303 means "see other with GET"
                current = nxt
                continue
            return classify(res, status, current, self.s)


def check_urls(
    urls: Iterable[str], settings: LinkSettings, resolver: AbstractResolver | None = None
) -> tuple[dict[str, UrlResult], int]:
    """Check each URL once; returns the results and how many requests were sent."""
    checker = Checker(settings, resolver)
    results = run_sync(lambda: checker.run(urls))
    return results, checker.requests


T = TypeVar("T")


def run_sync(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run`` that also works when the calling thread already runs an event loop
    (an embedding program, a notebook, a test harness): then the coroutine gets its own thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
