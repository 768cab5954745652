"""A loopback HTTP server with every misbehaviour a link checker meets, for the net tests.

Runs aiohttp.web on 127.0.0.1 (never any other address) in a thread with its own event loop, so
the checker under test can use ``asyncio.run`` as it does in the CLI. Counts requests per
(method, path) and the body bytes it managed to send.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from .loop import run_app

HUGE = 64 * 1024 * 1024


class Behave:
    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()
        self.body_bytes = 0
        self.port = 0
        self.first_seen: dict[str, float] = {}

    def count(self, request: web.Request) -> int:
        key = (request.method, request.path)
        self.hits[key] += 1
        return sum(n for (m, p), n in self.hits.items() if p == request.path)

    def path_hits(self, path: str) -> int:
        return sum(n for (_, p), n in self.hits.items() if p == path)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        n = self.count(request)
        path = request.path
        parts = path.strip("/").split("/")
        name = parts[0]
        if name == "ok":
            return web.Response(text="fine")
        if name == "redirect":  # /redirect/<code>/<n>: n hops, then /ok
            code, left = int(parts[1]), int(parts[2])
            target = f"/redirect/{code}/{left - 1}" if left > 1 else "/ok"
            return web.Response(status=code, headers={"Location": target})
        if name == "loop":
            return web.Response(status=302, headers={"Location": "/loop" if path != "/loop" else "/loop/back"})
        if name == "endless":  # a new address every hop: only a hop limit stops it
            step = int(parts[-1]) + 1 if len(parts) > 1 else 1
            return web.Response(status=302, headers={"Location": f"/endless/{step}"})
        if name == "to-404":
            return web.Response(status=301, headers={"Location": "/missing"})
        if name == "to-private":  # a public-looking link that redirects to a name of a private address
            return web.Response(status=302, headers={"Location": f"http://sneaky.test:{self.port}/ok"})
        if name in ("missing", "nf"):
            return web.Response(status=404, text="nope")
        if name == "gone":
            return web.Response(status=410)
        if name == "err":
            return web.Response(status=500)
        if name == "flaky":  # 503 on the first request, fine afterwards
            return web.Response(status=503 if n == 1 else 200)
        if name == "rl":  # 429 with Retry-After: 1 until a second has passed since the first request
            now = asyncio.get_running_loop().time()
            first = self.first_seen.setdefault(path, now)
            if now - first < 1.0:
                return web.Response(status=429, headers={"Retry-After": "1"})
            return web.Response(text="fine")
        if name == "rl-long":
            return web.Response(status=429, headers={"Retry-After": "3600"})
        if name == "nohead":
            return web.Response(status=405 if request.method == "HEAD" else 200, headers={"Allow": "GET"})
        if name == "forbidden":
            return web.Response(status=403)
        if name == "slow":
            await asyncio.sleep(3)
            return web.Response(text="late")
        if name == "reset":
            assert request.transport is not None
            request.transport.abort()
            return web.Response()
        if name == "huge-nohead" and request.method == "HEAD":
            return web.Response(status=405, headers={"Allow": "GET"})
        if name in ("huge", "huge-nohead"):
            resp = web.StreamResponse(headers={"Content-Length": str(HUGE)})
            await resp.prepare(request)
            if request.method == "GET":
                chunk = b"x" * 65536
                try:
                    for _ in range(HUGE // len(chunk)):
                        await resp.write(chunk)
                        self.body_bytes += len(chunk)
                except (ConnectionError, RuntimeError):
                    pass  # the client hung up, which is what it should do
            return resp
        return web.Response(status=404)


@contextmanager
def serve(handler_owner: Behave | None = None) -> Iterator[Behave]:
    """Start the server on 127.0.0.1:<free port>; stop it when the block ends."""
    owner = handler_owner or Behave()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", owner.handle)
    with run_app(app) as port:
        owner.port = port
        yield owner
