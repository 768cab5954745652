"""Refuse private, loopback and link-local addresses, also when a host name resolves to one.

A CI runner must not be turned into a probe of its own network (cloud metadata services sit at
169.254.169.254, the runner's own services on loopback), so the decision is taken on the address
that will really be used, at three points that do not share a parser:

1. the URL's host, normalised every way an HTTP client may read it (yarl's IDNA 2008/UTS46
   mapping, IDNA 2003, percent-decoding, BSD ``inet_aton`` shorthand such as ``127.1``,
   ``0x7f.1``, ``2130706433``, ``0177.0.0.1``) before any request (:func:`url_is_private`);
2. every address a host name resolves to (:class:`GuardedResolver`);
3. the address each socket is about to connect to (:func:`guarded_socket`, aiohttp's
   ``socket_factory``): aiohttp does not call the resolver for IP-literal hosts, so this is the
   one check that no difference between URL parsers can get round.

"Private" means every address that is not globally reachable (``not is_global``: RFC 1918, CGNAT
100.64/10, 192.0.0/24, benchmarking 198.18/15, 240/4, 0/8, documentation ranges, ULA, link-local,
multicast, ...) plus IPv6 addresses that embed such an IPv4 address (IPv4-mapped and -compatible,
NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo server and client).
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import re
import socket
import unicodedata
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
import idna
import yarl
from aiohttp.abc import AbstractResolver, ResolveResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names every resolver answers with loopback, whatever DNS says (RFC 6761 `.localhost`, Debian's
# /etc/hosts names); refused before any lookup so an odd resolver configuration cannot matter.
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "localdomain"})
_LOCAL_SUFFIXES = (".localhost", ".localhost.localdomain")

# Non-global ranges spelt out so the verdict does not depend on the Python version's is_global
# table (3.11 misses parts of 192.0.0.0/24, for one); `not is_global` is applied as well.
_BLOCKED_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
        "2001:db8::/32", "3fff::/20", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPAT = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})  # IDNA label separators
_NUMERIC_LABEL = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)\Z")


class PrivateAddressError(OSError):
    """The host is, or resolves to, an address a link checker must not reach."""


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries, which some network path may deliver to."""
    out: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        out.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        out.append(ip.sixtofour)
    if ip.teredo is not None:
        out.extend(ip.teredo)  # (server, client), the client already de-obfuscated
    if ip in _NAT64 or ip in _IPV4_COMPAT or ip in _IPV4_TRANSLATED:
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def address_blocked(ip: IPAddress) -> bool:
    """True for every address that is not a public, globally routed unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return True  # a zone id only makes sense on a local link
        if any(address_blocked(v4) for v4 in _embedded_v4(ip)):
            return True
    if any(ip in net for net in _BLOCKED_NETS if net.version == ip.version):
        return True
    return bool(
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _inet_aton(text: str) -> ipaddress.IPv4Address | None:
    """BSD ``inet_aton``/WHATWG IPv4: 1-4 parts, each decimal, octal (leading 0) or hex (0x); the
    last part fills the remaining bytes (``127.1``, ``0x7f.1``, ``2130706433``). None if not one."""
    parts = text.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot: an absolute name
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_LABEL.match(p) for p in parts):
        return None
    nums = []
    for part in parts:
        if part[:2].lower() == "0x":
            nums.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part[0] == "0":
            if not part.isdigit() or any(c in "89" for c in part):
                return None
            nums.append(int(part, 8))
        else:
            nums.append(int(part))
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _looks_numeric(host: str) -> bool:
    labels = host.rstrip(".").split(".")
    return bool(labels) and all(_NUMERIC_LABEL.match(label) for label in labels)


def parse_address(text: str) -> IPAddress | None:
    """The IP address a literal host means, in any form a resolver accepts; None for a name.

    An IPv6 zone (``fe80::1%eth0``, ``%25`` in URLs) is kept as the scope id."""
    host = text.strip().strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(unquote(host))
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(host.rstrip("."))
    except ValueError:
        return _inet_aton(host)


def is_private(address: str) -> bool:
    """True for an IP address (any literal form) that must not be reached; False for names."""
    ip = parse_address(address)
    return ip is not None and address_blocked(ip)


_PLAIN = re.compile(r"[a-z0-9.-]+\Z")  # ASCII names every mapping leaves as they are


@functools.lru_cache(maxsize=4096)
def host_forms(host: str) -> frozenset[str]:
    """Every spelling an HTTP client or resolver may turn ``host`` into (lower case, no brackets)."""
    lowered = host.strip().lower()
    if _PLAIN.match(lowered) and "xn--" not in lowered:
        return frozenset({lowered})  # UTS46, IDNA 2003, NFKC and yarl are all the identity here
    raw = host.strip()
    if raw.startswith("[") and raw.endswith("]"):
        raw = raw[1:-1]
    # URL parsers (WHATWG, urllib) drop tabs and newlines anywhere in a URL
    raw = raw.translate({9: None, 10: None, 13: None})
    forms = {raw, unquote(raw)}
    # a Markdown parser may already have punycoded a Unicode host label by label, without the
    # UTS46 mapping (`１２７` -> `xn--8g7ccp`): read such labels back, then map them as a client would
    forms |= {d for d in (_unpunycode(f) for f in list(forms)) if d}
    for text in list(forms):
        forms.add(unicodedata.normalize("NFKC", text).translate(_DOTS))
        # what yarl (and so aiohttp) does: IDNA 2008 with the UTS46 mapping
        with contextlib.suppress(ValueError, idna.IDNAError):
            forms.add(idna.uts46_remap(text, std3_rules=False, transitional=False))
        # yarl's fallback, and the `idna` codec socket.getaddrinfo applies to str names
        with contextlib.suppress(UnicodeError, ValueError):
            forms.add(text.encode("idna").decode("ascii"))
    try:
        built = yarl.URL.build(scheme="http", host=raw).raw_host
        if built:
            forms.add(built)
    except (ValueError, TypeError):
        pass
    return frozenset(f.lower() for f in forms if f)


def _unpunycode(host: str) -> str | None:
    if "xn--" not in host.lower():
        return None
    labels = []
    for label in host.split("."):
        if label.lower().startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                return None
        labels.append(label)
    return ".".join(labels)


@functools.lru_cache(maxsize=4096)
def literal_private(host: str) -> bool:
    """True when the host itself (before any lookup) means a private address: an IP literal in
    any notation, a Unicode or percent-encoded spelling of one, or a loopback name. Names are
    checked again, on their addresses, by :class:`GuardedResolver`."""
    for form in host_forms(host):
        name = form.rstrip(".")
        if not name:
            continue
        if name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES):
            return True
        if ":" in name or _looks_numeric(name):
            ip = parse_address(form)
            # a colon is no part of a name, and an all-numeric host that is no valid address
            # (256.1) is read differently by different resolvers: refuse what we cannot read
            if ip is None or address_blocked(ip):
                return True
    return False


def url_host(url: str) -> str | None:
    """The host of ``url`` as aiohttp will connect to it (yarl's normalisation); None if invalid."""
    try:
        return yarl.URL(url).raw_host
    except (ValueError, TypeError):
        return None


def url_is_private(url: str) -> bool:
    """True when ``url`` must not be fetched: its host, as either parser reads it, is private (or
    it cannot be read at all, so which host it names is not known)."""
    try:
        parts = urlsplit(url)
        split = parts.hostname
    except ValueError:
        return True
    yhost = url_host(url)
    if split is None and yhost is None:
        # no host at all (mailto:, a relative path) is not fetched; an authority that neither
        # parser can read (`http://::1:80/`) is refused, since which host it names is unknown
        return bool(parts.netloc)
    return any(literal_private(h) for h in (split, yhost) if h is not None) or (split is None) != (yhost is None)


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
        if literal_private(host):
            raise PrivateAddressError(f"{host} is a private address")
        results = await self.inner.resolve(host, port, family)
        public = [r for r in results if not _result_private(r)]
        if not public:
            shown = ", ".join(sorted({str(r["host"]) for r in results}))
            raise PrivateAddressError(f"{host} resolves to a private address ({shown})")
        return public

    async def close(self) -> None:
        await self.inner.close()


def _result_private(result: ResolveResult) -> bool:
    ip = parse_address(str(result["host"]))
    return ip is None or address_blocked(ip)  # an answer that is no address is not connected to


def guarded_socket(addr_info: Any) -> socket.socket:
    """aiohttp ``socket_factory``: the socket for one address, refused when the address is private.

    This runs for the exact address the connection goes to, after every parser and resolver, so
    IP-literal hosts (which aiohttp connects to without asking the resolver) are covered too.
    """
    family, type_, proto, _, address = addr_info
    ip = parse_address(str(address[0]))
    if ip is None or address_blocked(ip):
        raise PrivateAddressError(f"{address[0]} is a private address")
    return socket.socket(family=family, type=type_, proto=proto)


def guarded_connector(
    resolver: AbstractResolver | None = None, *, allow_private: bool = False, **kwargs: Any
) -> aiohttp.TCPConnector:
    """A TCPConnector whose lookups and sockets refuse private addresses (unless ``allow_private``).

    Must be called inside the running event loop (aiohttp connectors bind to it).
    """
    inner = resolver or aiohttp.ThreadedResolver()
    if allow_private:
        return aiohttp.TCPConnector(resolver=inner, **kwargs)
    return aiohttp.TCPConnector(resolver=GuardedResolver(inner), socket_factory=guarded_socket, **kwargs)


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
