"""A link to a host one or two typos away from a host the minutes use all the time (`githnb.com`).

What it does: reports a web link whose host is not a known one but is within one edit (two for
longer names) of a well-known host (`github.com`, `gitlab.com`, `docs.openstack.org`, ...), of an
upload host (`upload-hosts`), of a host listed in the rule's `hosts` option, or of a host the
repository links three times or more while this one is linked at most twice. The counts are taken
over every Markdown file of the repository, also when only one file is checked, and the message
shows them. Only the labels that differ are compared: subdomains (`gist.github.com`), other real
top-level domains (`github.io`), sibling sites (`de.wikipedia.org`, `en.wikipedia.org`) and
different names under the same parent (`docs.github.com`, `docs.gitlab.com`) are other sites, not
typos; so are IP addresses.
Why is this bad? The link goes to a domain nobody meant (at best nothing, at worst a squatter's
site), and readers rarely notice the misspelt name before they click.
Example: bad `[#595](https://githnb.com/o/r/issues/595)`; good `[#595](https://github.com/o/r/issues/595)`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Set
from functools import lru_cache

from ..extract import lines_holding
from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from . import url_host_invalid
from ._inline import RENDER_KINDS
from ._roster import distance

_WELL_KNOWN = frozenset(
    {
        "github.com",
        "gitlab.com",
        "github.io",
        "docs.openstack.org",
        "review.opendev.org",
        "opendev.org",
        "bugs.launchpad.net",
        "launchpad.net",
        "kubernetes.io",
        "youtube.com",
        "google.com",
        "matrix.to",
        "wikipedia.org",
        "docs.google.com",
        "zoom.us",
        "meet.jit.si",
        "openinfra.dev",
        "openstack.org",
        "linkedin.com",
        "twitter.com",
        "mastodon.social",
        "hackmd.io",
        "pypi.org",
        "npmjs.com",
        "docker.com",
        "hub.docker.com",
        "quay.io",
        "ghcr.io",
        "readthedocs.io",
        "gitea.com",
        "codeberg.org",
        "microsoft.com",
    }
)
# real top-level domains: a host differing only there is another site ('github.io'), not a typo
_TLDS = frozenset(
    {
        "com",
        "org",
        "net",
        "io",
        "de",
        "dev",
        "eu",
        "community",
        "app",
        "cloud",
        "info",
        "ai",
        "co",
        "uk",
        "fr",
        "nl",
        "ch",
        "at",
        "us",
        "to",
        "social",
        "koeln",
        "be",
        "it",
        "es",
        "pl",
        "se",
        "fi",
        "dk",
        "no",
        "cz",
    }
)
MAX_HOSTS = 300  # distinct hosts compared per file (bounded work on a file of generated links)
FREQUENT = 3  # repository uses that make a host one the minutes "use all the time"
RARE = 2  # at most this many uses for a host to be called a typo of a frequent one
# The host of an http(s) URL, for the repository-wide count: the same hosts as _hosts_in below.
# The literal "://" comes first so that re skips ahead to it (5x faster than "https?://").
HOST_PATTERN = r"://(?:(?<=[hH][tT][tT][pP]://)|(?<=[hH][tT][tT][pP][sS]://))([A-Za-z0-9.-]{1,253})"

_HOST_RUN = re.compile(r"[a-z0-9.-]{0,253}")  # matched in the lower-cased line, from after "://"
_IP = re.compile(r"[0-9.]+")


def normal_host(raw: str) -> str:
    """The host as the rule compares it: lower case, no trailing dot, no `www.`."""
    host = raw.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


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
            run = _HOST_RUN.match(low, i)
            host = run.group().rstrip(".") if run is not None else ""
            if host:
                yield i, i + len(host), normal_host(host)
        pos = low.find("://", pos + 3)


def _is_typo(host: str, good: str) -> bool:
    """Is ``host`` a misspelling of ``good``? Only the labels that differ are compared."""
    if abs(len(host) - len(good)) > 2:  # the shared labels are equal: cores differ as much (cheap test first)
        return False
    a, b = host.split("."), good.split(".")
    head = 0
    while head < min(len(a), len(b)) - 1 and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    core_a, core_b = ".".join(a[head : len(a) - tail]), ".".join(b[head : len(b) - tail])
    if not core_a or not core_b:
        return False  # a subdomain, or the parent domain: another site of the same owner
    if tail == 0 and head == len(a) - 1 == len(b) - 1:  # only the top-level domain differs
        if a[-1] in _TLDS:
            return False  # another real top-level domain
        return _close(core_a, core_b, 1)
    if len(core_b) <= 3:
        return False  # `de.`/`en.`, `api.`/`app.`: too short to tell a typo from another name
    limit = 1 if len(core_b) <= 8 else 2
    return abs(len(core_a) - len(core_b)) <= limit and _close(core_a, core_b, limit)


def _close(a: str, b: str, limit: int) -> bool:
    """distance(a, b) <= limit, after a cheap bound: an edit changes the letter counts by 2 at most
    (a swap by none), so counts differing by more than 2 * limit rule the pair out without the
    edit-distance table (most pairs of a repository's hosts)."""
    # str.count over the few distinct letters of two short hosts: a Counter and its subtract()
    # cost four times as much, for the ~6,000 pairs of a repository
    if sum(abs(a.count(c) - b.count(c)) for c in set(a) | set(b)) > 2 * limit:
        return False
    return distance(a, b, limit) <= limit


@lru_cache(maxsize=8192)
def _typo_of(host: str, known: frozenset[str], frequent: tuple[str, ...] = ()) -> str | None:
    """The host ``host`` misspells: a known one first, then the most used frequent one. Memoised:
    a repository links the same few hundred hosts from every file, against the same sets."""
    if host in known or "." not in host or _IP.fullmatch(host):
        return None
    size = len(host)
    letters = frozenset(host)
    for good in (*sorted(known), *frequent):
        # the length test inline: most of a repository's hosts are ruled out by it, without a call;
        # then the letters only one of the two holds: each changes the letter counts _close()
        # bounds by 2 * limit <= 4 (the shared labels cancel out), so more than 4 rule the pair out
        if -2 <= len(good) - size <= 2 and good != host and len(letters ^ _letters(good)) <= 4 and _is_typo(host, good):
            return good
    return None


@lru_cache(maxsize=16384)
def _letters(host: str) -> frozenset[str]:
    return frozenset(host)


_FREQUENT_CACHE: dict[tuple[int, frozenset[str]], tuple[Mapping[str, int], tuple[str, ...]]] = {}


def _frequent_hosts(counts: Mapping[str, int], static: frozenset[str]) -> tuple[str, ...]:
    """Hosts used FREQUENT times or more that are not ``static``, most used first: computed once per
    repository scan (the same tuple for every file, so _typo_of's memo hits)."""
    key = (id(counts), static)
    cached = _FREQUENT_CACHE.get(key)
    if cached is None or cached[0] is not counts:
        ranked = sorted(
            (h for h, n in counts.items() if n >= FREQUENT and h not in static), key=lambda h: (-counts[h], h)
        )
        if len(_FREQUENT_CACHE) > 8:  # one scan per run: a few entries at most
            _FREQUENT_CACHE.clear()
        cached = _FREQUENT_CACHE[key] = (counts, tuple(ranked))
    return cached[1]


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n:,} times"


def _why(host: str, good: str, counts: tuple[int, int], listed: Set[str], uploads: Set[str]) -> str:
    """What the reader should know about ``good``: where it comes from, and the real counts
    (``counts``: repository uses of ``good`` and of ``host``)."""
    if good in uploads:
        where = "the repository's upload host"
    elif good in listed:
        where = "a host the rule's `hosts` option lists"
    elif good in _WELL_KNOWN:
        where = "a well-known host"
    else:
        where = "a host these minutes link all the time"
    if not counts[0]:
        return where
    return f"{where} (the repository links it {_times(counts[0])}, '{host}' {_times(counts[1])})"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "://" not in doc.text:
        return
    skip = set(doc.code_lines)
    found = [
        (n, i, j, host)
        for n in lines_holding(doc.text, "://")
        if n not in skip
        for i, j, host in _hosts_in(doc.lines[n - 1])
    ]
    if not found:
        return
    local = Counter(host for *_, host in found)
    options = ctx.options.get("url-host-typo", {}) if ctx is not None else {}
    option = options.get("hosts", ())
    listed = {str(h).lower() for h in option} if isinstance(option, (list, tuple)) else set()
    uploads = {h.split(":", 1)[0].lower() for h in (ctx.upload_hosts if ctx is not None else ())}
    static = _WELL_KNOWN | frozenset(listed) | frozenset(uploads)
    # without the shell's repository scan (a rule run on its own), this file is the repository
    repo: Mapping[str, int] = ctx.hosts if ctx is not None and ctx.hosts is not None else local
    frequent = _frequent_hosts(repo, static)

    def uses(host: str) -> int:  # a file the scan did not see (named explicitly) counts too
        return max(repo.get(host, 0), local.get(host, 0))

    verdict: dict[str, str | None] = {}
    for n, i, j, host in found:
        if host not in verdict:
            good = None
            if len(verdict) < MAX_HOSTS and host not in static:
                good = _typo_of(host, static, frequent if uses(host) <= RARE else ())
                if good is not None and good not in static and uses(good) < FREQUENT * uses(host):
                    good = None  # two hosts used about as often are two sites, not a typo
            verdict[host] = good
        good = verdict[host]
        if good is None:
            continue
        if url_host_invalid.reported_here(host, doc.lines[n - 1][j : j + 3], uses(host), ctx, doc):
            continue  # one cause, one finding: a host that cannot exist is url-host-invalid's error
        why = _why(host, good, (uses(good), uses(host)), listed, uploads)
        yield Problem(
            Span(n, i + 1, n, j + 1),
            f"the host '{host}' is a typo away from '{good}', {why}; the link most likely goes nowhere, "
            f"expected '{good}'",
        )


RULE = Rule(id="url-host-typo", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
