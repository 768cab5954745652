"""The asynchronous link checker: polite to hosts, patient with flaky ones, stingy with bytes.

HEAD first; GET (headers only) when a server refuses HEAD, and to confirm a HEAD 404/410 (some
servers answer HEAD 404 and GET 200); redirects followed by hand so every hop is recorded and
loops are caught; ``Retry-After`` honoured up to a cap; 5xx and connection errors retried with
backoff. Bodies are never read beyond a small page (a small body is drained so the connection
goes back to the pool).

Only definite answers are broken (see result.py): a timeout, a reset, a 5xx after its retries or a
failed name lookup is "not checked". Each host name is looked up once per run (dns.py); a host
that never answered a connection is not asked again for each of its URLs; the whole run has a
time budget (``links.max-duration``) after which the rest is "not checked", not a hang.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import time
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from .dns import LookupFailed, OncePerHost
from .guard import GuardedResolver, PrivateAddressError, guarded_socket, parse_address, url_is_private
from .hosts import Host, retry_after
from .progress import Counts, Progress
from .result import BROKEN, UNCHECKED, UrlResult, classify, describe_error, lookup_failure
from .settings import LinkSettings

_HEAD_REFUSED = {405, 403, 501}
_HEAD_CONFIRM = {404, 410}  # a HEAD 404 is asked again with GET before it counts as broken
_SILENT_LIMIT = 2  # connection failures of a host that never answered before its URLs are skipped
_REDIRECT = {301, 302, 303, 307, 308}
_SMALL_BODY = 64 * 1024
_HEAD_LEARN = 2  # after this many HEAD refusals a host gets GET straight away
_MAX_429 = 3


class Checker:
    def __init__(self, settings: LinkSettings, resolver: AbstractResolver | None = None,
                 progress: bool = True) -> None:
        self.s = settings
        self.resolver = resolver
        self.hosts: dict[str, Host] = {}
        self.requests = 0
        self.lookups = 0  # host-name lookups sent to the resolver
        self.background: set[asyncio.Task[None]] = set()
        self.slots = asyncio.Semaphore(settings.concurrency)  # replaced inside the running loop
        self.counts = Counts()
        self.progress = progress
        self.answered: set[str] = set()  # hosts that sent any HTTP answer in this run
        self.silent: dict[str, tuple[int, str]] = {}  # host -> (connection failures, last reason)
        self.chain: AbstractResolver | None = None
        self.family: int = 0

    def _host(self, netloc: str) -> Host:
        host = self.hosts.get(netloc)
        if host is None:
            host = self.hosts[netloc] = Host(asyncio.Semaphore(self.s.per_host), self.s.host_interval)
        return host

    async def run(self, urls: Iterable[str]) -> dict[str, UrlResult]:
        # aiohttp's ThreadedResolver: getaddrinfo as the system configures it (/etc/hosts, search
        # domains); check_urls gives the loop a pool of dns-concurrency threads for it
        once = OncePerHost(self.resolver or aiohttp.ThreadedResolver(), self.s.dns_concurrency, self.s.timeout)
        self.chain = once if self.s.allow_private else GuardedResolver(once)
        connector = aiohttp.TCPConnector(
            limit=self.s.concurrency, limit_per_host=0, resolver=self.chain, ttl_dns_cache=300,
            # the last check, on the address each socket connects to: IP literals skip the resolver
            socket_factory=None if self.s.allow_private else guarded_socket,
        )
        self.family = int(getattr(connector, "_family", 0))
        # total bounds a server that trickles bytes; it is safe because a request only starts once it
        # holds a global slot (self.slots), so time spent queueing never counts against it
        timeout = aiohttp.ClientTimeout(total=self.s.timeout, sock_connect=self.s.timeout, sock_read=self.s.timeout)
        self.slots = asyncio.Semaphore(self.s.concurrency)
        headers = {"User-Agent": self.s.user_agent, "Accept": "*/*"}
        keys = list(dict.fromkeys(urls))
        left: dict[str, int] = {}
        for url in keys:
            left[_hostname(url)] = left.get(_hostname(url), 0) + 1
        self.counts.urls, self.counts.hosts = len(keys), len(left)
        session = aiohttp.ClientSession(connector=connector, timeout=timeout, headers=headers,
                                        auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar())
        # aiohttp silently re-sends a request whose keep-alive connection dropped; our own retry
        # policy already covers that, and a double retry doubles the load on a failing host.
        session._retry_connection = False
        shown = Progress(self.counts) if self.progress else None
        drawing = asyncio.ensure_future(shown.run()) if shown else None

        async def one(url: str) -> UrlResult:
            try:
                return await self.check(session, url)
            finally:
                self.counts.urls_done += 1
                host = _hostname(url)
                left[host] -= 1
                self.counts.hosts_done += left[host] == 0

        try:
            tasks = {asyncio.ensure_future(one(u)): u for u in keys}
            done, pending = await asyncio.wait(tasks, timeout=self.s.max_duration) if tasks else (set(), set())
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        finally:
            if drawing:
                drawing.cancel()
                await asyncio.gather(drawing, return_exceptions=True)
            await session.close()
            self.lookups = once.lookups
            await once.close()
        out = {}
        for task, url in tasks.items():
            if task in done and not task.cancelled() and task.exception() is None:
                out[url] = task.result()
            else:
                out[url] = UrlResult(UNCHECKED, checked_at=time.time(), transient=True,
                                     reason=f"not checked: the run's time budget (links.max-duration "
                                            f"{self.s.max_duration:g} s) was used up")
        return out

    async def _once(
        self, session: aiohttp.ClientSession, method: str, url: str
    ) -> tuple[int, str | None, str | None]:
        netloc = urlsplit(url).netloc
        host = self._host(netloc)
        async with host.sem, self.slots:
            if self._gave_up(netloc):
                raise _GaveUp  # it stopped answering while this request waited for a slot
            await host.wait_turn()
            if method == "HEAD" and host.head_refusals >= _HEAD_LEARN:
                method = "GET"  # this host refuses HEAD: do not spend a request learning it again
            self.requests += 1
            self.counts.requests += 1
            async with session.request(method, url, allow_redirects=False) as resp:
                if method == "GET" and (resp.content_length or _SMALL_BODY + 1) <= _SMALL_BODY:
                    await resp.content.read(_SMALL_BODY)  # drained: the connection can be reused
                return resp.status, resp.headers.get("Location"), resp.headers.get("Retry-After")

    async def _lookup(self, res: UrlResult, url: str) -> UrlResult | None:
        """Resolve the URL's host (once per run, shared); a result when that settles the URL."""
        host = urlsplit(url).hostname or ""
        if not host or parse_address(host) is not None or self.chain is None:
            return None  # IP literals need no lookup (private ones were refused already)
        try:
            await self.chain.resolve(host, 0, socket.AddressFamily(self.family))
        except PrivateAddressError as exc:
            res.reason, res.private = str(exc), True
            return res
        except LookupFailed as exc:
            return _dns_result(res, exc)
        except Exception as exc:  # a stand-in resolver's own error: the lookup failed, nothing definite
            res.status, res.transient, res.reason = UNCHECKED, True, f"name lookup failed ({exc})"
            return res
        return None

    def _gave_up(self, netloc: str) -> bool:
        return netloc not in self.answered and self.silent.get(netloc, (0, ""))[0] >= _SILENT_LIMIT

    def _silent(self, res: UrlResult, netloc: str) -> UrlResult | None:
        if not self._gave_up(netloc):
            return None
        reason = self.silent[netloc][1]
        res.status, res.transient = UNCHECKED, True
        res.reason = f"{reason}; {netloc} did not answer earlier in this run, so it was not asked again"
        return res

    async def check(self, session: aiohttp.ClientSession, url: str) -> UrlResult:
        res = UrlResult(status=UNCHECKED, checked_at=time.time())
        current, visited = url, {url}
        method = "HEAD"
        failures = n429 = 0
        confirming = False  # a GET asked because HEAD said 404/410
        while True:
            netloc = urlsplit(current).netloc
            if not self.s.allow_private and url_is_private(current):  # as yarl/aiohttp will read it
                res.reason = f"private address {urlsplit(current).hostname} not fetched"
                res.private = True
                return res
            settled = await self._lookup(res, current) or self._silent(res, netloc)
            if settled is not None:
                return settled
            res.requests += 1
            try:
                status, location, ra = await self._once(session, method, current)
            except _GaveUp:
                res.requests -= 1
                return self._silent(res, netloc) or res
            except Exception as exc:  # every failure of one URL becomes its result, never a crash
                reason = describe_error(exc)
                if reason.startswith("private: "):
                    res.reason, res.private = reason.removeprefix("private: "), True
                    return res
                failed = lookup_failure(exc)
                if failed is not None:
                    return _dns_result(res, failed)
                no_answer = isinstance(exc, (aiohttp.ClientConnectorError, asyncio.TimeoutError))
                if no_answer and netloc not in self.answered:
                    self.silent[netloc] = (self.silent.get(netloc, (0, ""))[0] + 1, reason)
                # a host that never answered and now let a request time out is not given a second
                # full timeout: the link is "not checked" either way, and a dead host cost minutes
                silent_timeout = isinstance(exc, asyncio.TimeoutError) and netloc not in self.answered
                if failures < self.s.retries and not self._gave_up(netloc) and not silent_timeout:
                    failures += 1
                    await asyncio.sleep(self.s.backoff * 2 ** (failures - 1))
                    continue
                res.status, res.transient, res.retries = UNCHECKED, True, failures
                res.reason = reason + (f" (after {failures} retr{'y' if failures == 1 else 'ies'})" if failures else "")
                return res
            self.answered.add(netloc)
            if method == "HEAD" and (status in _HEAD_REFUSED or status in _HEAD_CONFIRM):
                if status in _HEAD_REFUSED:
                    self._host(netloc).head_refusals += 1
                confirming = status in _HEAD_CONFIRM
                method = "GET"
                continue
            if confirming and status in self.s.accept:
                self._host(netloc).head_refusals += 1  # HEAD 404, GET 200: this host's HEAD lies
            confirming = False
            if status == 429:
                wait = retry_after(ra, self.s.backoff * 2**n429)
                n429 += 1
                if wait > self.s.max_retry_after or n429 > _MAX_429:
                    res.code, res.transient = 429, True
                    res.reason = f"rate limited (429, Retry-After {ra or 'missing'})"
                    return res
                task = asyncio.create_task(self._host(netloc).throttle(wait, self.s.per_host // 2))
                self.background.add(task)
                task.add_done_callback(self.background.discard)
                await asyncio.sleep(wait)  # this URL waits the full Retry-After before asking again
                continue
            if status >= 500 and failures < self.s.retries:
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
            res.retries = failures
            return classify(res, status, current, self.s)


class _GaveUp(Exception):
    """The host never answered this run; the request was not sent."""


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _dns_result(res: UrlResult, failed: LookupFailed) -> UrlResult:
    res.reason = failed.reason
    if failed.definite:
        res.status, res.nxdomain = BROKEN, True  # counts only through the rot history (and never in an outage)
    else:
        res.status, res.transient = UNCHECKED, True
    return res


def check_urls(
    urls: Iterable[str], settings: LinkSettings, resolver: AbstractResolver | None = None,
    progress: bool = True,
) -> tuple[dict[str, UrlResult], int]:
    """Check each URL once; returns the results and how many requests were sent."""
    checker = Checker(settings, resolver, progress)

    async def run() -> dict[str, UrlResult]:
        # the default pool has cpu+4 threads: 20 lookups that each wait 5 s for a dead resolver would
        # take 20 s; this loop is ours (run_sync makes it), so its default pool can be replaced
        pool = concurrent.futures.ThreadPoolExecutor(settings.dns_concurrency, thread_name_prefix="dns")
        asyncio.get_running_loop().set_default_executor(pool)
        return await checker.run(urls)

    results = run_sync(run)
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
