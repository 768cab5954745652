"""What checking one URL found (stored as-is in the cache/state file), and how a response or an error is judged."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

from .guard import PrivateAddressError

if TYPE_CHECKING:
    from .settings import LinkSettings

# status values
OK = "ok"
BROKEN = "broken"  # 404/410/5xx after retries, connection failures, redirect loops
UNCHECKED = "unchecked"  # could not tell: 401/403 bot walls, long Retry-After, private host refused


@dataclass(slots=True)
class UrlResult:
    status: str
    code: int | None = None  # final HTTP status, None when no response
    reason: str = ""  # human words for the message ("404 not found", "connection reset", ...)
    final_url: str | None = None  # where redirects ended, when they did
    permanent_redirect: bool = False  # the chain started with 301/308: the link should be updated
    hops: list[tuple[int, str]] = field(default_factory=list)  # (status, location) per redirect
    requests: int = 0
    checked_at: float = 0.0
    private: bool = False  # refused by policy (a private address), not a failure

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["hops"] = [list(h) for h in self.hops]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UrlResult:
        hops = [(int(c), str(u)) for c, u in data.get("hops", [])]
        return cls(
            status=str(data["status"]),
            code=data.get("code"),
            reason=str(data.get("reason", "")),
            final_url=data.get("final_url"),
            permanent_redirect=bool(data.get("permanent_redirect")),
            hops=hops,
            requests=int(data.get("requests", 0)),
            checked_at=float(data.get("checked_at", 0)),
        )

_BLOCKED = {401, 403, 407, 451}  # bot walls and logins: not evidence that the page is gone


def classify(res: UrlResult, status: int, final: str, s: LinkSettings) -> UrlResult:
    res.code = status
    if res.hops:
        res.final_url = final
        res.permanent_redirect = res.hops[0][0] in (301, 308)
    if status in s.accept:
        res.status = OK
        return res
    if status in _BLOCKED:
        res.status, res.reason = UNCHECKED, f"access refused with {status}; the server may block automated checks"
        return res
    if status == 429:
        res.status, res.reason = UNCHECKED, "rate limited (429)"
        return res
    res.status = BROKEN
    res.reason = {404: "404 not found", 410: "410 gone"}.get(status, f"HTTP {status}")
    if res.hops:
        # the final address is in res.final_url; the message names only the link as written
        res.reason += f" after {len(res.hops)} redirect(s)"
    return res


def describe_error(exc: BaseException) -> str:
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, PrivateAddressError):
            return f"private: {chain}"
        os_error = getattr(chain, "os_error", None)
        if isinstance(os_error, PrivateAddressError):
            return f"private: {os_error}"
        chain = chain.__cause__
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "host name does not resolve"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "connection closed without a response"
    if isinstance(exc, aiohttp.ClientOSError) and "reset" in str(exc).lower():
        return "connection reset"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect: {exc.os_error.strerror or exc.os_error}"
    if isinstance(exc, aiohttp.InvalidURL):
        return "invalid URL"
    return f"{type(exc).__name__}: {exc}"
