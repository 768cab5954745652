"""GitHub repository pages (``/blob/``, ``/tree/``, the repository itself) checked through GraphQL.

The minutes link hundreds of files and folders on github.com. Fetching those HTML pages one by
one soon earns 429s from GitHub; with a token, one GraphQL query asks whether a hundred of them
exist (``object(expression: "REF:PATH")``). Only the pages GraphQL cannot confirm are fetched
over HTTP as usual, so a broken one is still judged by what a reader would see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .github import _NAME, RateLimitStop, Resolver

# First path segments of github.com that are not owners (site pages, not repositories).
_RESERVED = frozenset({
    "about", "apps", "collections", "enterprise", "explore", "features", "login", "marketplace", "new",
    "notifications", "orgs", "organizations", "pricing", "search", "security", "settings", "site", "sponsors",
    "topics", "users", "customer-stories", "readme", "trending",
})


@dataclass(frozen=True, slots=True)
class Page:
    owner: str
    repo: str
    expression: str | None  # "REF:PATH" for blob/tree pages; None for the repository page


def parse_page(url: str) -> Page | None:
    """A github.com repository, blob or tree page without a query; None for anything else."""
    parts = urlsplit(url)
    if parts.hostname not in ("github.com", "www.github.com") or parts.query:
        return None
    segs = [unquote(s) for s in parts.path.strip("/").split("/")]
    if len(segs) < 2 or segs[0].lower() in _RESERVED or not (_NAME.match(segs[0]) and _NAME.match(segs[1])):
        return None
    if len(segs) == 2:
        return Page(segs[0], segs[1], None)
    if segs[2] in ("blob", "tree") and len(segs) >= 4:
        # the first segment after blob/tree is taken as the ref; a branch name with a slash is not
        # confirmed here and simply falls back to an HTTP fetch
        return Page(segs[0], segs[1], f"{segs[3]}:{'/'.join(segs[4:])}")
    return None


def _query(batch: list[tuple[str, Page]]) -> tuple[str, dict[str, str]]:
    repos: dict[tuple[str, str], list[tuple[str, Page]]] = {}
    for url, page in batch:
        repos.setdefault((page.owner, page.repo), []).append((url, page))
    parts, aliases = [], {}
    for i, ((owner, repo), pages) in enumerate(repos.items()):
        fields = []
        for j, (url, page) in enumerate(pages):
            if page.expression is not None:
                fields.append(f"o{j}: object(expression: {json.dumps(page.expression)}) {{ __typename }}")
                aliases[url] = f"r{i}.o{j}"
            else:
                aliases[url] = f"r{i}"
        parts.append(f"r{i}: repository(owner: {json.dumps(owner)}, name: {json.dumps(repo)}) "
                     f"{{ nameWithOwner {' '.join(fields)} }}")
    return "query { rateLimit { cost remaining resetAt } " + " ".join(parts) + " }", aliases


def confirm_pages(resolver: Resolver, urls: list[str]) -> set[str]:
    """The URLs GitHub confirms exist; everything else is left to the HTTP checker."""
    pages = [(u, p) for u in urls if (p := parse_page(u)) is not None]
    confirmed: set[str] = set()
    if not pages or not resolver.s.token or resolver.stopped:
        return confirmed
    try:
        for start in range(0, len(pages), resolver.s.batch):
            query, aliases = _query(pages[start:start + resolver.s.batch])
            _, data = resolver._call("POST", resolver.requester.graphql_url, input={"query": query, "variables": {}})
            payload = (data or {}).get("data") or {}
            for url, path in aliases.items():
                repo_alias, _, obj_alias = path.partition(".")
                node = payload.get(repo_alias)
                if isinstance(node, dict) and (not obj_alias or node.get(obj_alias)):
                    confirmed.add(url)
    except RateLimitStop as stop:
        resolver.stopped = str(stop)
    except Exception:  # any failure here only means "fetch these pages over HTTP"
        return confirmed
    return confirmed
