"""Host-name lookups for the link checker: each host once per run, bounded, failures remembered.

aiohttp asks its resolver again for every connection whose host is not in its positive cache, so
a host that does not resolve was looked up for every URL and every retry (on a machine whose DNS
times out after 5 s, minutes of silence). Here the first lookup of a host is a shared task: every
later caller awaits the same answer or the same error (a negative cache for the run).

Errors say whether the answer is definite: NXDOMAIN ("no such name", EAI_NONAME / EAI_NODATA) is
an authoritative answer that may count towards link rot; a resolver timeout, SERVFAIL (EAI_AGAIN,
EAI_FAIL) or any other error only means the name could not be looked up.
"""

from __future__ import annotations

import asyncio
import socket

from aiohttp.abc import AbstractResolver, ResolveResult

# getaddrinfo's "this name does not exist" answers; EAI_NODATA is absent on some platforms
_DEFINITE = {socket.EAI_NONAME} | ({socket.EAI_NODATA} if hasattr(socket, "EAI_NODATA") else set())


class LookupFailed(OSError):
    """A host name that could not be resolved; ``definite`` for an authoritative NXDOMAIN."""

    def __init__(self, host: str, reason: str, definite: bool) -> None:
        super().__init__(f"{host}: {reason}")
        self.host = host
        self.reason = reason
        self.definite = definite


def explain(host: str, exc: BaseException) -> LookupFailed:
    if isinstance(exc, LookupFailed):
        return exc
    if isinstance(exc, socket.gaierror) and exc.errno in _DEFINITE:
        return LookupFailed(host, "host name does not exist (NXDOMAIN)", True)
    if isinstance(exc, socket.gaierror) and exc.errno == socket.EAI_AGAIN:
        return LookupFailed(host, "name lookup failed temporarily (resolver timeout or SERVFAIL)", False)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return LookupFailed(host, "name lookup timed out", False)
    return LookupFailed(host, f"name lookup failed ({exc})", False)


class OncePerHost(AbstractResolver):
    """Memoises each host's lookup (answer or error) for the run; at most ``limit`` at a time.

    When the first ``dead_after`` lookups of a run all failed and none succeeded, the resolver is
    taken to be down (a runner without DNS answers every name with NXDOMAIN or a 5 s timeout): the
    other hosts are not looked up, they fail at once as "not checked".
    """

    def __init__(self, inner: AbstractResolver, limit: int, timeout: float, dead_after: int = 0) -> None:
        self.inner = inner
        self.limit = asyncio.Semaphore(max(1, limit))
        self.timeout = timeout
        self.tasks: dict[str, asyncio.Task[list[ResolveResult]]] = {}
        self.lookups = 0  # lookups really sent to the inner resolver
        self.answers = self.failures = 0
        self.dead_after = dead_after or max(16, limit)

    async def _lookup(self, host: str, family: socket.AddressFamily) -> list[ResolveResult]:
        async with self.limit:
            if not self.answers and self.failures >= self.dead_after:
                raise LookupFailed(host, f"not looked up: the first {self.failures} host-name lookups of this run "
                                         "all failed (is DNS down?)", False)
            self.lookups += 1
            try:
                found = await asyncio.wait_for(self.inner.resolve(host, 0, family), self.timeout)
            except Exception as exc:
                self.failures += 1
                raise explain(host, exc) from exc
            self.answers += 1
            return found

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        key = host.lower().rstrip(".")
        task = self.tasks.get(key)
        if task is None:
            task = self.tasks[key] = asyncio.ensure_future(self._lookup(host, family))
        results = await asyncio.shield(task)  # one caller's cancellation must not cancel the others'
        return [{**r, "port": port or r["port"]} for r in results]  # type: ignore[typeddict-item]

    def failure(self, host: str) -> LookupFailed | None:
        """The remembered failure of a host that was looked up, if it failed."""
        task = self.tasks.get(host.lower().rstrip("."))
        if task is None or not task.done() or task.cancelled():
            return None
        exc = task.exception()
        return exc if isinstance(exc, LookupFailed) else None

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        await self.inner.close()
