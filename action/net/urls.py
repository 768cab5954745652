"""Collect the URLs of many Documents, normalise and dedupe them, and remember every occurrence.

Each unique URL is checked once; its result is mapped back to every (path, line, column) that
wrote it. The fragment is dropped for fetching (servers never see it) but kept on the occurrence
so the in-repository fragment checks can still read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from minutes_ci.checks.model import Document, Link
from minutes_ci.checks.refs import parse_github_url

from .settings import LinkSettings

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters a bare URL picks up from the prose around it; markdown-it's linkify already trims
# most, hand-written HTML sometimes keeps a closing quote.
_TRAILING_CHARS = "\"'>.,;:!?"


def _trim_bare(url: str) -> str:
    # one pass from the end, parentheses counted once: a "[...]+$" regex and a re-count per ")"
    # were quadratic in a long run of them
    opens, closes = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in _TRAILING_CHARS or (url[end - 1] == ")" and opens < closes)):
        closes -= url[end - 1] == ")"
        end -= 1
    return url[:end]


@dataclass(frozen=True, slots=True)
class Occurrence:
    path: str
    line: int
    col: int
    end_col: int
    url: str  # as written
    fragment: str  # "" when none
    form: str
    image: bool


@dataclass(slots=True)
class UrlPlan:
    """Unique fetch keys -> where they occur; GitHub references and skipped links set aside."""

    pages: dict[str, list[Occurrence]] = field(default_factory=dict)
    github_refs: dict[str, list[Occurrence]] = field(default_factory=dict)  # handled by github.py
    excluded: int = 0
    invalid: list[tuple[Occurrence, str]] = field(default_factory=list)

    @property
    def occurrences(self) -> int:
        return sum(len(v) for v in self.pages.values())


def normalise(url: str) -> tuple[str, str] | None:
    """(fetch key, fragment): lower-case scheme and host, default port dropped, fragment split off.

    None for anything that is not an absolute http(s) URL (relative links belong to the offline
    rules; mailto: and friends are not fetched).
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"  # a user part is unusual but part of the address
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, parts.query, "")), parts.fragment


def apply_remap(url: str, settings: LinkSettings) -> str:
    for pattern, replacement in settings.remap:
        new = pattern.sub(replacement, url, count=1)
        if new != url:
            return new
    return url


def is_excluded(url: str, settings: LinkSettings) -> bool:
    return any(p.search(url) for p in settings.exclude)


def is_issue_url(url: str) -> bool:
    """GitHub issue/PR/discussion URLs with a number go to the reference resolver, not to HTTP."""
    target = parse_github_url(url)
    return (
        target is not None and target.number is not None and target.kind in ("issues", "pull", "discussions")
    )


def _occurrence(doc: Document, link: Link, written: str, fragment: str) -> Occurrence:
    end = link.span.end_col or link.span.col + len(written)
    return Occurrence(doc.path, link.span.line, link.span.col, end, written, fragment, link.form, link.image)


def collect(docs: Iterable[Document], settings: LinkSettings) -> UrlPlan:
    plan = UrlPlan()
    for doc in docs:
        if doc.fatal:
            continue
        for link in doc.links:
            written = link.url.strip()
            if link.form == "bare":
                written = _trim_bare(written)
            norm = normalise(written)
            if norm is None:
                continue
            key, fragment = norm
            occ = _occurrence(doc, link, written, fragment)
            if is_excluded(key, settings) or is_excluded(written, settings):
                plan.excluded += 1
                continue
            if is_issue_url(key):
                plan.github_refs.setdefault(key, []).append(occ)
                continue
            key = apply_remap(key, settings)
            plan.pages.setdefault(key, []).append(occ)
    return plan
