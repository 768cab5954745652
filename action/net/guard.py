"""Refuse private, loopback and link-local addresses, also when a host name resolves to one.

A CI runner must not be turned into a probe of its own network (cloud metadata services sit at
169.254.169.254), so the check runs on the addresses the connector will really use: the resolver
is wrapped, not just the URL's host text.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult


class PrivateAddressError(OSError):
    """The host is, or resolves to, an address a link checker must not reach."""


def is_private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def literal_private(host: str) -> bool:
    """True for an IP-literal host in a private range (names are checked after resolution)."""
    return host.lower() in ("localhost", "localhost.localdomain") or is_private(host)


class GuardedResolver(AbstractResolver):
    """Wraps another resolver and refuses names whose addresses are all private.

    When a name resolves to a mix, only the public addresses are returned, so the connector can
    never fall back to the private one.
    """

    def __init__(self, inner: AbstractResolver) -> None:
        self.inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self.inner.resolve(host, port, family)
        public = [r for r in results if not is_private(str(r["host"]))]
        if not public:
            shown = ", ".join(sorted({str(r["host"]) for r in results}))
            raise PrivateAddressError(f"{host} resolves to a private address ({shown})")
        return public

    async def close(self) -> None:
        await self.inner.close()


class StaticResolver(AbstractResolver):
    """Answers from a fixed table (tests and benchmarks: a name that resolves to loopback)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = {k.lower(): v for k, v in table.items()}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        address = self.table.get(host.lower())
        if address is None:
            raise OSError(f"cannot resolve {host}")
        entry: Any = {
            "hostname": host,
            "host": address,
            "port": port,
            "family": family,
            "proto": 0,
            "flags": socket.AI_NUMERICHOST,
        }
        return [entry]

    async def close(self) -> None:
        return None
