"""A web link whose host cannot exist (`https://SovereignCloudStack/repo/pull/32`, `https://x..org`).

What it does: reports an `http`, `https` or `ftp` link (Markdown, autolink, HTML or bare URL, outside
code) whose host no DNS name can be: a host without a dot (the `github.com/` lost in copying, so the
organisation became the host), an empty label (`https://.x.org`, `https://x..org`, `https:///path`),
a top-level domain that cannot be one (digits only, `docs.example.42`; a single letter,
`docs.example.o`; anything but letters, `github.com-`), a `,` or `;` for a dot (`github,com`), or
the scheme written twice (`https://https://github.com/...`, where `https` becomes the host).
Not reported: `localhost`, IP addresses (IPv4 and `[IPv6]`), a dotless name with a port
(`http://keycloak:8080`, a service name in a deployment), a dotless name the repository links three
times or more (an internal host used on purpose), placeholders (`https://$DOMAIN/`,
`https://<host>/`, `http://host:port/`), non-ASCII names and an ellipsis (`https://api...`).
Why is this bad? The link is dead for every reader: the browser cannot resolve the name and shows an
error page (GitHub does not even make a bare dotless URL a link). An error, unlike the sibling
`url-host-typo` (a warning, because it guesses at a near miss): nothing here is a guess, no reader
can ever follow the link, and the fix is plain. A host a repository keeps on purpose is either
linked often (and stays quiet) or silenced with `<!-- minutes-ci disable-next-line url-host-invalid -->`.
Example: bad `[#32](https://SovereignCloudStack/cluster-stack-operator/pull/32)`; good
`[#32](https://github.com/SovereignCloudStack/cluster-stack-operator/pull/32)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Link, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity

_SCHEMES = ("https://", "http://", "ftp://")
# the host as a DNS name is spelt (letters, digits, '-', '_' and '.'); anything else in it is a
# placeholder ('$DOMAIN', '<host>', '{{ host }}') or a non-ASCII name: not judged
_NAME = re.compile(r"[A-Za-z0-9._,;-]*")  # ',' and ';' are a slip for '.' ('github,com'): judged
_IPV4ISH = re.compile(r"[0-9.]+")  # '10.0.0.1', and the short forms browsers also read as IPv4
_LOCAL = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
INTERNAL = 3  # repository links to a dotless host that make it a host used on purpose


def host_of(url: str) -> tuple[int, str, str] | None:
    """(offset of the host in ``url``, host, what follows it: ':port' or '') of an http(s)/ftp URL,
    or None when the URL has another scheme or its host is not written as a plain DNS name."""
    low = url[:8].lower()
    scheme = next((s for s in _SCHEMES if low.startswith(s)), None)
    if scheme is None:
        return None
    start = len(scheme)
    end = start
    while end < len(url) and url[end] not in "/?#":
        end += 1
    authority = url[start:end]
    at = authority.rfind("@")  # 'user:password@host': the host is after the last '@'
    if at >= 0:
        start += at + 1
        authority = authority[at + 1 :]
    if authority.startswith("["):
        return None  # an IPv6 address
    host, colon, port = authority.partition(":")
    if _NAME.fullmatch(host) is None:
        return None
    return start, host, colon + port


def problem_of(host: str, port: str, rest: str) -> str | None:
    """What makes ``host`` impossible, or None. ``rest`` is the URL after the host (for the ellipsis)."""
    low = host.lower()
    if low in _LOCAL or low.endswith(".localhost"):
        return None
    if rest.startswith("...") or low.endswith("..."):
        return None  # 'https://api...': an elision, not a link anyone meant to follow
    if not low:
        return "it has no host (nothing between '//' and the path)"
    if port == ":" and low in ("http", "https") and rest.startswith("//"):
        return f"the scheme is written twice ('{host}://' after the first), so '{host}' is read as the host"
    for mark in ",;":
        if mark in low:
            return f"its host '{host}' holds a '{mark}', where a host name has dots between its parts"
    if port and not port[1:].isdigit():
        return None  # 'http://host:port/': a placeholder for a port, not a link
    if _IPV4ISH.fullmatch(low):
        return None
    labels = low[:-1].split(".") if low.endswith(".") else low.split(".")  # a trailing dot is a root
    if "" in labels:
        return f"its host '{host}' has an empty label (a dot first, or two dots in a row)"
    if len(labels) == 1:
        if port:
            return None  # 'http://keycloak:8080': a service name, used on purpose
        return f"its host '{host}' has no dot, and no name on the internet is without one"
    tld = labels[-1]
    if tld.isdigit():
        return f"its host '{host}' ends in '.{tld}', and a top-level domain is never digits only"
    if len(tld) == 1:
        return f"its host '{host}' ends in '.{tld}', and a top-level domain is never a single letter"
    if not tld.isalpha() and not tld.startswith("xn--"):
        return f"its host '{host}' ends in '.{tld}', and a top-level domain holds letters only"
    return None


def _span(link: Link, offset: int, size: int) -> Span:
    """The host's columns when the parser located the URL as written, else the link's span."""
    sp = link.span
    if sp.end_col and (sp.end_line in (0, sp.line)) and sp.end_col - sp.col == len(link.url):
        return Span(sp.line, sp.col + offset, sp.line, sp.col + offset + max(size, 1))
    return sp


def _after(doc: Document, link: Link) -> str:
    """The source text right after a located URL: a bare URL loses its trailing dots ('https://api...')."""
    sp = link.span
    return doc.line(sp.line)[sp.end_col - 1 : sp.end_col + 2] if sp.end_col and sp.end_line in (0, sp.line) else ""


def _hint(host: str, ctx: Context | None) -> str:
    """How to fix it: a host that is the GitHub organisation lost its 'github.com/'."""
    owner = ctx.default_owner if ctx is not None else ""
    if host.lower() in ("http", "https") and "." not in host:
        return f"remove the second '{host}://'"
    if "." not in host and owner and host.lower() == owner.lower():
        return f"'{host}' is the GitHub organisation: write 'https://github.com/{host}/...'"
    if "." in host:
        return "correct the host name"
    return "write the full host name (for example 'github.com/...') or remove the link"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    hosts = ctx.hosts if ctx is not None else None
    for link in doc.links:
        if link.span.line in doc.code_lines:
            continue
        found = host_of(link.url)
        if found is None:
            continue
        offset, host, port = found
        rest = link.url[offset + len(host) + len(port) :] or _after(doc, link)
        why = problem_of(host, port, rest)
        if why is None:
            continue
        if "." not in host and host and hosts is not None and hosts.get(host.lower(), 0) >= INTERNAL:
            continue  # the repository links this name on purpose (an intranet host)
        shown = link.url if len(link.url) <= 70 else link.url[:67] + "..."
        yield Problem(
            _span(link, offset, len(host)),
            f"the link '{shown}' cannot work: {why}; readers get an error page; {_hint(host, ctx)}",
        )


RULE = Rule(
    id="url-host-invalid",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    kinds=DATED_KINDS | {Kind.FREEFORM},
)
