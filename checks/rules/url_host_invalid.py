"""A web link whose host cannot exist (`https://SovereignCloudStack/repo/pull/32`, `https://x..org`).

What it does: reports an `http`, `https` or `ftp` URL outside code and comments (a Markdown link, an
autolink, HTML, a bare URL, also in parentheses or in a link that did not render, a slide
background) whose host no DNS name can be: a host without a dot (the `github.com/` lost in copying, so the
organisation became the host), an empty label (`https://.x.org`, `https://x..org`, `https:///path`),
a top-level domain that cannot be one (digits only, `docs.example.42`; a single letter,
`docs.example.o`; anything but letters, `github.com-`), a `,` or `;` for a dot (`github,com`), or
the scheme written twice (`https://https://github.com/...`, where `https` becomes the host).
Not reported: `localhost`, IP addresses (IPv4 and `[IPv6]`), a dotless name with a port
(`http://keycloak:8080`, a service name in a deployment), a dotless name the repository links twice
or more (an internal host used on purpose; never a GitHub owner's name, the preset's
`default-owner` or one the file's GitHub links name), placeholders (`https://$DOMAIN/`,
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
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..extract import lines_holding, mask_code
from ..model import Document, Kind, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._minutes import comment_lines

_SCHEMES = ("https://", "http://", "ftp://")
# the host as a DNS name is spelt (letters, digits, '-', '_' and '.'); anything else in it is a
# placeholder ('$DOMAIN', '<host>', '{{ host }}') or a non-ASCII name: not judged
_NAME = re.compile(r"[A-Za-z0-9._,;-]*")  # ',' and ';' are a slip for '.' ('github,com'): judged
_IPV4ISH = re.compile(r"[0-9.]+")  # '10.0.0.1', and the short forms browsers also read as IPv4
_LOCAL = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
INTERNAL = 2  # uses of a dotless name (not a GitHub owner's) that make it a host used on purpose


_AUTHORITY_END = re.compile(r"[/?#]")


def host_of(url: str) -> tuple[int, str, str] | None:
    """(offset of the host in ``url``, host, what follows it: ':port' or '') of an http(s)/ftp URL,
    or None when the URL has another scheme or its host is not written as a plain DNS name."""
    low = url[:8].lower()
    scheme = next((s for s in _SCHEMES if low.startswith(s)), None)
    if scheme is None:
        return None
    start = len(scheme)
    stop = _AUTHORITY_END.search(url, start)
    end = stop.start() if stop is not None else len(url)
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


# where a URL's host ends in the source: its path, query or fragment, or what ends a URL in text
_STOP = frozenset("/?#<>\"'`()[]{}|\\^ \t")
_STOP_RE = re.compile("[" + re.escape("".join(sorted(_STOP))) + "]")
_PROSE_END = ".,;:!?*_~"  # punctuation after a URL in prose, not part of its host
# the URL as the message shows it (bounded: one line may hold many)
_SHOWN = re.compile(r"[^\s<>\"'`)\]]{1,100}")
_SOURCE_FORMS = frozenset({"data-background", "front-matter"})  # links of comment and YAML lines


def _urls_in(line: str) -> Iterator[tuple[int, str, str]]:
    """(0-based column of the host, 'scheme://authority', the 3 characters after it) of every
    http(s)/ftp URL written in ``line``, in links and in text alike (also in a link that did not
    render). Linear: each walk stops at the next '/', so no character is walked twice."""
    pos = line.find("://")
    while pos >= 0:
        start = pos
        while start > 0 and pos - start < 5 and line[start - 1].isalpha():
            start -= 1
        if line[start:pos].lower() in ("http", "https", "ftp") and not (start and line[start - 1].isalnum()):
            i = pos + 3
            stop = _STOP_RE.search(line, i)  # one C search, not a Python step per character
            j = stop.start() if stop is not None else len(line)
            authority = line[i:j]
            if not authority.endswith("...") and (j == len(line) or line[j] in " \t"):
                authority = authority.rstrip(_PROSE_END)  # 'see https://github.' ends a sentence
            spaced = j < len(line) and line[j] in " \t"
            if line.endswith("](", 0, start) and spaced:
                pass  # '[a](https://gfit nthub.com/...)' does not render: link-as-text reports the space
            elif authority or (j < len(line) and line[j] == "/"):  # 'https://' alone names the scheme
                yield i, line[start:pos] + "://" + authority, line[i + len(authority) : i + len(authority) + 3]
        pos = line.find("://", pos + 3)


def _problem(url: str, after: str, ctx: Context | None) -> tuple[int, str, str] | None:
    """(offset of the host in ``url``, host, what is wrong) for an impossible host, or None."""
    return _problem_of_url(url, after)


@lru_cache(maxsize=8192)
def _problem_of_url(url: str, after: str) -> tuple[int, str, str] | None:
    # a pure function of the two strings, and a repository writes the same URLs again and again
    # (bounded: hostile input cannot grow it)
    found = host_of(url)
    if found is None:
        return None
    offset, host, port = found
    why = problem_of(host, port, url[offset + len(host) + len(port) :] or after)
    if why is None:
        return None
    return offset, host, why


def _github_owners(doc: Document) -> frozenset[str]:
    """Lower-case owners of the file's GitHub links ('https://github.com/osism/...' -> 'osism')."""
    owners = set()
    for link in doc.links:
        low = link.url.lower()
        for head in ("https://github.com/", "http://github.com/", "https://www.github.com/"):
            if low.startswith(head):
                owners.add(low[len(head) :].split("/", 1)[0])
    return frozenset(owners)


def _hint(host: str, ctx: Context | None, owners: frozenset[str] = frozenset()) -> str:
    """How to fix it: a host that is a GitHub organisation lost its 'github.com/'."""
    owner = ctx.default_owner if ctx is not None else ""
    if host.lower() in ("http", "https") and "." not in host:
        return f"remove the second '{host}://'"
    if "." not in host and ((owner and host.lower() == owner.lower()) or host.lower() in owners):
        return f"'{host}' is a GitHub organisation: write 'https://github.com/{host}/...'"
    if "." in host:
        return "correct the host name"
    return "write the full host name (for example 'github.com/...') or remove the link"


def _message(url: str, why: str, host: str, ctx: Context | None, owners: frozenset[str]) -> str:
    shown = url if len(url) <= 70 else url[:67] + "..."
    return f"the link '{shown}' cannot work: {why}; readers get an error page; {_hint(host, ctx, owners)}"


def _on_purpose(host: str, uses: int, ctx: Context | None, owners: frozenset[str]) -> bool:
    """Is the dotless ``host`` an internal name the repository uses on purpose? Never when it is a
    GitHub owner (the 'github.com/' lost): that slip can be copied twice as easily as once."""
    if "." in host or not host or host.lower() in ("http", "https"):
        return False  # a doubled scheme is a slip however often it is made
    low = host.lower()
    owner = ctx.default_owner.lower() if ctx is not None else ""
    return uses >= INTERNAL and low != owner and low not in owners


def reported_here(host: str, rest: str, uses: int, ctx: Context | None, doc: Document) -> bool:
    """Would this rule report ``host`` (followed by ``rest``) in ``doc``? For url-host-typo: a host
    that cannot exist at all ('github.com1') is this rule's error, not also a typo warning."""
    return problem_of(host, "", rest) is not None and not _on_purpose(host, uses, ctx, _github_owners(doc))


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "://" not in doc.text:
        return
    # the source lines, not doc.links: a URL in parentheses or in a link that did not render is
    # not a link of the parser's, and readers still click (or copy) it
    skip = set(doc.code_lines) | comment_lines(doc)
    found: list[tuple[Span, str, str, str]] = []  # (span of the host, URL shown, host, what is wrong)
    for n in lines_holding(doc.text, "://"):
        if n in skip or n < doc.body_start:
            continue
        line = doc.lines[n - 1]
        for col, url, after in _urls_in(mask_code(line) if "`" in line else line):
            bad = _problem(url, after, ctx)
            if bad is not None:
                offset, host, why = bad
                at = col + offset - url.index("://") - 3
                shown = _SHOWN.match(line, col - url.index("://") - 3)
                span = Span(n, at + 1, n, at + 1 + max(len(host), 1))
                found.append((span, shown.group() if shown else url, host, why))
    for link in doc.links:  # slide backgrounds in comments and front-matter images
        if link.form in _SOURCE_FORMS:
            bad = _problem(link.url, "", ctx)
            if bad is not None:
                found.append((link.span, link.url, bad[1], bad[2]))
    if not found:
        return
    owners = _github_owners(doc)
    local = Counter(host.lower() for _, _, host, _ in found)
    # without the shell's repository scan (a rule run on its own), this file is the repository
    repo = ctx.hosts if ctx is not None and ctx.hosts is not None else local
    for span, url, host, why in found:
        uses = max(repo.get(host.lower(), 0), local[host.lower()])
        if not _on_purpose(host, uses, ctx, owners):
            yield Problem(span, _message(url, why, host, ctx, owners))


RULE = Rule(
    id="url-host-invalid",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    kinds=DATED_KINDS | {Kind.FREEFORM},
)
