"""A link to a host one or two typos away from a host the minutes use all the time (`githnb.com`).

What it does: reports a web link whose host is not a known one but is within one edit (two for
longer names) of a well-known host (`github.com`, `gitlab.com`, `docs.openstack.org`, ...), of an
upload host (`upload-hosts`), of a host listed in the rule's `hosts` option, or of a host the same
file links three times or more. Subdomains (`gist.github.com`) and other real top-level domains
(`github.io`) are different sites, not typos.
Why is this bad? The link goes to a domain nobody meant (at best nothing, at worst a squatter's
site), and readers rarely notice the misspelt name before they click.
Example: bad `[#595](https://githnb.com/o/r/issues/595)`; good `[#595](https://github.com/o/r/issues/595)`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Set
from functools import lru_cache

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._roster import distance

_WELL_KNOWN = frozenset({
    "github.com", "gitlab.com", "github.io", "docs.openstack.org", "review.opendev.org", "opendev.org",
    "bugs.launchpad.net", "launchpad.net", "kubernetes.io", "youtube.com", "google.com", "matrix.to",
    "wikipedia.org", "docs.google.com", "zoom.us", "meet.jit.si", "openinfra.dev", "openstack.org",
    "linkedin.com", "twitter.com", "mastodon.social", "hackmd.io", "pypi.org", "npmjs.com", "docker.com",
    "hub.docker.com", "quay.io", "ghcr.io", "readthedocs.io", "gitea.com", "codeberg.org", "microsoft.com",
})
# real top-level domains: a host differing only there is another site ('github.io'), not a typo
_TLDS = frozenset({
    "com", "org", "net", "io", "de", "dev", "eu", "community", "app", "cloud", "info", "ai", "co", "uk", "fr",
    "nl", "ch", "at", "us", "to", "social", "koeln", "be", "it", "es", "pl", "se", "fi", "dk", "no", "cz",
})
MAX_HOSTS = 300  # distinct hosts compared per file (bounded work on a file of generated links)


_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _hosts_in(line: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, host) of every http(s) URL in the line, link or text (also inside a link that
    did not render), at most 50 a line."""
    low = line.lower()
    pos = low.find("://")
    seen = 0
    while pos >= 0 and seen < 50:
        seen += 1
        if low.endswith("https", 0, pos) or low.endswith("http", 0, pos):
            i = pos + 3
            j = i
            while j < len(low) and j - i < 253 and low[j] in _HOST_CHARS:
                j += 1
            host = low[i:j].rstrip(".")
            if host:
                yield i, i + len(host), host[4:] if host.startswith("www.") else host
        pos = low.find("://", pos + 3)


@lru_cache(maxsize=8192)
def _typo_of_static(host: str, known: frozenset[str]) -> str | None:
    """The verdict against the hosts every file shares: memoised (a repository links the same
    few hundred hosts from every file)."""
    return _typo_of(host, known)


def _typo_of(host: str, known: Set[str]) -> str | None:
    if host in known or "." not in host:
        return None
    for good in sorted(known):
        if host.endswith("." + good) or good.endswith("." + host):
            continue  # a subdomain, or the parent domain: another site of the same owner
        base, _, tld = host.rpartition(".")
        good_base = good.rpartition(".")[0]
        if base == good_base and tld in _TLDS:
            continue  # another real top-level domain
        limit = 1 if len(good) <= 8 else 2
        if abs(len(host) - len(good)) <= limit and distance(host, good, limit) <= limit:
            return good
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "://" not in doc.text:
        return
    skip = set(doc.code_lines)
    found = [(n, i, j, host) for n, line in enumerate(doc.lines, 1) if n not in skip and "://" in line
             for i, j, host in _hosts_in(line)]
    if not found:
        return
    uses = Counter(host for *_, host in found)
    option = ctx.options.get("url-host-typo", {}).get("hosts", ()) if ctx is not None else ()
    listed = {str(h).lower() for h in option} if isinstance(option, (list, tuple)) else set()
    uploads = {h.split(":", 1)[0].lower() for h in (ctx.upload_hosts if ctx is not None else ())}
    static = _WELL_KNOWN | frozenset(listed) | frozenset(uploads)
    local = {h for h, n in uses.items() if n >= 3} - static  # this file's own frequent hosts
    verdict: dict[str, str | None] = {}
    for n, i, j, host in found:
        if host not in verdict:
            if len(verdict) >= MAX_HOSTS or host in static:
                verdict[host] = None
            else:
                verdict[host] = _typo_of_static(host, static) or (_typo_of(host, local) if local else None)
        good = verdict[host]
        if good is None:
            continue
        yield Problem(
            Span(n, i + 1, n, j + 1),
            f"the host '{host}' is a typo away from '{good}', a host these minutes link all the time; "
            f"the link most likely goes nowhere, expected '{good}'",
        )


RULE = Rule(id="url-host-typo", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
