"""What checking one URL found (stored as-is in the cache/state file), and how a response or an error is judged."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

from .dns import LookupFailed
from .guard import PrivateAddressError

if TYPE_CHECKING:
    from .settings import LinkSettings

# status values
OK = "ok"
BROKEN = "broken"  # definite answers only: 404/410 (and other 4xx), redirect loops, NXDOMAIN
UNCHECKED = "unchecked"  # could not tell: timeouts, resets, 5xx after retries, 429, bot walls, DNS trouble


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
    transient: bool = False  # the network, not the link: never cached, never counted as rot
    nxdomain: bool = False  # broken because the host name does not exist (an outage can fake that)
    retries: int = 0  # requests sent again after a transient failure

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
            private=bool(data.get("private")),
            transient=bool(data.get("transient")),
            nxdomain=bool(data.get("nxdomain")),
        )

_BLOCKED = {401, 403, 407, 451}  # bot walls and logins: not evidence that the page is gone
_NOT_DEFINITE = {408, 425, 429}  # request timeout, too early, rate limited: ask again later


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
    if status in _NOT_DEFINITE:
        res.status, res.transient, res.reason = UNCHECKED, True, f"HTTP {status}; try again later"
        return res
    if status >= 500 or status < 400:
        # a server error after the retries (or a status no client expects) says nothing about the page
        res.status, res.transient = UNCHECKED, True
        word = f"server error {status}" if status >= 500 else f"HTTP {status} without a usable answer"
        res.reason = word + (f" after {res.retries} retr{'y' if res.retries == 1 else 'ies'}" if res.retries else "")
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
    failed = lookup_failure(exc)
    if failed is not None:
        return failed.reason
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


def lookup_failure(exc: BaseException) -> LookupFailed | None:
    """The name-lookup failure behind a connection error, if that is what it was."""
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, LookupFailed):
            return chain
        os_error = getattr(chain, "os_error", None)
        if isinstance(os_error, LookupFailed):
            return os_error
        chain = chain.__cause__
    return None


def could_not_check(res: UrlResult) -> bool:
    """No answer from the network for this URL (NXDOMAIN included: a dead resolver can fake it)."""
    return (res.status == UNCHECKED and res.transient) or (res.status == BROKEN and res.nxdomain)


def find_outage(fresh: dict[str, UrlResult], share: float, min_hosts: int) -> str | None:
    """A sentence when most of this run's fetched URLs, on at least ``min_hosts`` hosts, got no answer.

    Then the failures say nothing about the links: a runner without DNS or network would
    otherwise turn the whole repository into link rot.
    """
    from urllib.parse import urlsplit

    tried = {u: r for u, r in fresh.items() if not r.private}
    failed = [u for u, r in tried.items() if could_not_check(r)]
    hosts = {urlsplit(u).hostname for u in failed}
    if not tried or len(hosts) < min_hosts or len(failed) <= share * len(tried):
        return None
    return (f"network outage: {len(failed)} of {len(tried)} links on {len(hosts)} hosts got no answer; "
            "nothing is counted as broken")


def mark_outage(fresh: dict[str, UrlResult], note: str) -> None:
    """Turn every failure of the run into "not checked": an outage is not link rot, and what little
    did answer may be a captive portal or a proxy answering 404 for everything."""
    for res in fresh.values():
        if res.status == BROKEN or could_not_check(res):
            res.status, res.transient, res.nxdomain = UNCHECKED, True, False
            res.reason = f"{res.reason}; {note.split(':', 1)[0]}"
