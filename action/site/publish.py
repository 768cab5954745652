"""The build itself: Documents in, a static site out (library API used by ``build.run`` and tests)."""

from __future__ import annotations

import hashlib
import os
import posixpath
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as ilr
from pathlib import Path
from typing import Any

from minutes_ci import safe_fs
from minutes_ci.checks.model import Document, Kind

from .actions import actions_pages
from .deck import build_deck, image_hook
from .fetch import FetchResult, wanted
from .fetch import copy_into as fetch_copy
from .fetch import fetch as fetch_images
from .files import copy, fix_permissions, remove, search_index, write, write_report
from .highlight import stylesheet as highlight_css
from .index import atom_feed, index_page, series_of, series_page, year_pages
from .manifest import Entry, Manifest, page_key
from .pages import Nav, deck_page, doc_title, minutes_page, page_path
from .render import render_markdown, render_tokens
from .resources import DocResolver, Missing, Resolver
from .sanitize import sanitize
from .vendor import MERMAID, REVEAL, AssetError, copy_asset, ensure, themes


@dataclass
class PublishOptions:
    out: Path
    base_url: str = ""
    offline: bool = False
    force: bool = False
    search: bool = True
    upload_hosts: tuple[str, ...] = ("input.scs.community",)
    progress: bool = False
    asset_cache: Path | None = None  # default: vendor.cache_root()
    diagrams: bool = True  # draw mermaid blocks with the pinned mermaid (else they stay readable code)
    fetch_images: bool = False  # download external images and uncommitted uploads once (cached), serve them
    allow_private_hosts: bool = False  # tests only: fetch from 127.0.0.1
    fetch_connector: Any = None  # tests: the connection layer (default: the guarded one)
    series_titles: dict[str, str] = field(default_factory=dict)  # folder -> "Team IaaS" (configuration)
    series_descriptions: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    pages: int = 0
    rendered: int = 0
    reused: int = 0
    fallbacks: int = 0  # deck slides rendered from their text (a block straddled a separator)
    missing: list[Missing] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    unwritable: list[tuple[str, str]] = field(default_factory=list)  # (repository path, why): not in the site
    search: str = "off"
    fetched: int = 0  # --fetch-images: images served from a fetched copy
    downloaded: int = 0  # of those, downloaded in this run
    fetch_failed: list[tuple[str, str, int, str]] = field(default_factory=list)  # (url, path, line, why)

    def as_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages, "rendered": self.rendered, "reused": self.reused,
            "fallback_slides": self.fallbacks, "search": self.search,
            "missing_images": [{"path": m.path, "line": m.line, "url": m.url, "reason": m.reason}
                               for m in self.missing],
            "not_published": [{"path": p, "reason": why} for p, why in [*self.skipped, *self.unwritable]],
            "fetched_images": self.fetched, "downloaded_images": self.downloaded,
            "not_fetched": [{"url": u, "path": p, "line": n, "reason": why} for u, p, n, why in self.fetch_failed],
        }

    def warnings(self) -> list[str]:
        out = [f"{m.path}:{m.line}: warning: image not served ({m.reason}): {m.url}" for m in self.missing]
        out += [f"{p}:1: warning: not published: {why}" for p, why in [*self.skipped, *self.unwritable]]
        out += [f"{p}:{n}: warning: image not fetched ({why}): {u}" for u, p, n, why in self.fetch_failed]
        return out


class OutputRefused(Exception):
    """The output folder cannot safely receive the site (a symlink, the repository itself, ...)."""


def _why(exc: OSError) -> str:
    """An OSError as a report line: ENAMETOOLONG and friends name the problem, not a traceback."""
    return f"cannot write the page: {exc.strerror or exc}"


@lru_cache(maxsize=1)
def tool_version() -> str:
    """Package version plus a hash of the publisher's own sources: a code change re-renders."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("minutes-ci")
    except PackageNotFoundError:
        v = "0"
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("assets/*"), here.parent / "checks" / "dialect.py"]):
        if path.is_file():
            h.update(path.read_bytes())
    try:
        pyg = version("Pygments")  # another Pygments colours code differently: pages are re-rendered
    except PackageNotFoundError:
        pyg = "0"
    return f"{v}+{h.hexdigest()[:12]}|{REVEAL.version}|pygments-{pyg}"


def _link_state(root: Path, doc: Document, hosts: tuple[str, ...]) -> str:
    """Which local files the page's links and images point at exist: a page depends on that."""
    base = posixpath.dirname(doc.path)
    seen: set[str] = set()
    for link in doc.links:
        url = link.url.strip()
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            if (parts.hostname or "").lower() not in hosts:
                continue
            name = posixpath.basename(urllib.parse.unquote(parts.path))
            cands = [posixpath.join(base, name), posixpath.join(base, "uploads", name)]
        elif parts.scheme or not parts.path:
            continue
        else:
            cands = [posixpath.normpath(posixpath.join(base, urllib.parse.unquote(parts.path)))]
        seen.update(c for c in cands if safe_fs.clean_relpath(c) == c)
    return "\n".join(f"{c}:{safe_fs.is_file_in_root(root, c)}" for c in sorted(seen))


def has_mermaid(doc: Document) -> bool:
    return any(t.type == "fence" and t.info.strip().split(" ")[:1] == ["mermaid"] for t in doc.tokens)


def _render_doc(doc: Document, nav: Nav, resolver: Resolver, theme_names: frozenset[str],
                mermaid: str | None) -> tuple[str, Entry]:
    breaks = True
    data = doc.front_matter.data if doc.front_matter and isinstance(doc.front_matter.data, dict) else {}
    if data.get("breaks") is False:
        breaks = False
    md = render_markdown(breaks)
    before = len(resolver.missing)
    resolve = resolver.for_doc(doc)
    title = doc_title(doc)
    mermaid = mermaid if has_mermaid(doc) else None
    anchors: dict[int, str] = {}
    fallbacks = 0
    if doc.kind is Kind.DECK:
        parts = build_deck(doc, md, resolve, theme_names)
        fallbacks = parts.fallbacks
        html = deck_page(doc, parts, title, mermaid, nav)
    else:
        hook = image_hook(resolve)
        content = sanitize(render_tokens(md, doc.tokens, {}, hook, anchors), resolve)
        html = minutes_page(doc, content, title, nav, mermaid)
    missing = [[m.line, m.url, m.reason] for m in resolver.missing[before:]]
    entry = Entry(key="", output=page_path(doc), copies=sorted(resolve.copies), missing=missing,
                  anchors=sorted(anchors), fallbacks=fallbacks)
    return html, entry


def committed_output(root: Path, out: Path) -> str | None:
    """Why ``out`` must not receive the site because the repository commits files into it, or None.

    The site is written over whatever the output folder holds, and what it holds is uploaded as the
    Pages artefact: a pull request that commits ``_site/evil.html`` (a real folder, not a link)
    would have that page published from the site's origin. A folder the repository tracks files in
    is therefore refused; an output outside the repository, or one git does not know, is the
    caller's own."""
    absolute, top = os.path.abspath(out), os.path.abspath(root)
    if not (absolute + os.sep).startswith(top.rstrip(os.sep) + os.sep) or not os.path.isdir(absolute):
        return None
    rel = os.path.relpath(absolute, top)
    try:
        proc = subprocess.run(["git", "-C", top, "--literal-pathspecs", "ls-files", "-z", "--", rel],
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git: nothing is committed
    if proc.returncode != 0 or not proc.stdout:
        return None
    tracked = [p.decode("utf-8", "replace") for p in proc.stdout.split(b"\0") if p]
    shown = ", ".join(repr(p) for p in tracked[:3]) + (f" and {len(tracked) - 3} more" if len(tracked) > 3 else "")
    return (f"{out} holds files the repository commits ({shown}); they would be published with the site: "
            "remove them from the repository or choose another output folder")


def publish(root: Path, docs: list[Document], opts: PublishOptions) -> Report:
    out = opts.out
    problem = safe_fs.out_problem(out, root) or committed_output(root, out)
    if problem is not None:
        raise OutputRefused(problem)
    out.mkdir(parents=True, exist_ok=True)
    report = Report()
    version = tool_version()
    previous = Manifest.load(out, version)
    manifest = Manifest(version)
    published = []
    for doc in docs:
        if doc.fatal:
            report.skipped.append((doc.path, doc.fatal))
        elif doc.kind is not Kind.TEMPLATE:
            published.append(doc)
    groups = series_of(published)
    dated_groups = {f: [d for d in items if d.file_date] for f, items in groups.items()}
    resolver = Resolver(root, opts.upload_hosts)
    fetched = _fetch_images(root, published, opts, report) if opts.fetch_images else None
    if fetched is not None:
        resolver.fetched = fetched.fetched
    reveal_src = None
    theme_names: frozenset[str] = frozenset()
    if any(d.kind is Kind.DECK for d in published):
        reveal_src = ensure(REVEAL, offline=opts.offline, root=opts.asset_cache)
        theme_names = themes(reveal_src)
    mermaid_src = _mermaid(published, opts)
    mermaid = MERMAID.folder if mermaid_src else None
    total = len(published)
    for n, doc in enumerate(published, 1):
        if opts.progress:
            print(f"\r[{n:>4}/{total}] {doc.path[:60]:<60}", end="", file=sys.stderr, flush=True)
        # previous/next walk the series' dated meetings only: an undated document (a README, notes)
        # is neither a meeting's neighbour nor given neighbours
        items = dated_groups[doc.folder]
        i = items.index(doc) if doc.file_date else -1
        nav = Nav(doc.folder, items[i - 1] if i > 0 else None, items[i + 1] if 0 <= i < len(items) - 1 else None,
                  opts.series_titles.get(doc.folder, ""))
        key = page_key(doc.digest, doc.path, version, ",".join(opts.upload_hosts), str(mermaid), nav.title,
                       _link_state(root, doc, opts.upload_hosts), _fetch_state(doc, resolver.fetched),
                       *(f"{d.path}\t{doc_title(d)}" if d else "" for d in (nav.prev, nav.next)))
        old = previous.entries.get(doc.path)
        if old and old.key == key and not opts.force and (out / old.output).is_file():
            entry = old
            resolver.copies.update(entry.copies)
            resolver.missing.extend(Missing(doc.path, int(m[0]), str(m[1]), str(m[2])) for m in entry.missing)
            report.reused += 1
        else:
            html, entry = _render_doc(doc, nav, resolver, theme_names, mermaid)
            entry.key = key
            try:
                write(out, entry.output, html)
            except OSError as exc:  # a name too long for the file system: this page, not the build
                report.unwritable.append((doc.path, _why(exc)))
                continue  # not in the manifest: nothing of it is ours to delete later
            report.rendered += 1
        report.fallbacks += entry.fallbacks
        manifest.entries[doc.path] = entry
    if opts.progress and total:
        print("", file=sys.stderr)
    report.pages = len(published)
    outputs = {e.output for e in manifest.entries.values()}
    removed = 0
    # The clean-up deletes only what the previous manifest says this tool wrote, inside `out`
    # (Manifest.load refuses entries naming anything else; remove() never follows a link).
    for path, old in previous.entries.items():  # files deleted or no longer published
        if path not in manifest.entries and old.output not in outputs:
            removed += remove(out, old.output)
    for rel in {c for e in previous.entries.values() for c in e.copies} - resolver.copies - outputs:
        remove(out, rel)  # an image no page uses any more
    for rel in sorted(resolver.copies - outputs):
        try:
            copy(root, rel, out)
        except OSError as exc:
            report.unwritable.append((rel, f"not copied: {exc.strerror or exc}"))
    report.missing = resolver.missing
    if fetched is not None:
        fetch_copy(fetched, _image_cache(opts), out)
    _write_shared(out, published, groups, manifest, opts, reveal_src, report)
    if mermaid_src is not None:
        copy_asset(mermaid_src, out / "assets" / MERMAID.folder)
    changed = report.rendered > 0 or removed > 0 or not (out / "pagefind").is_dir()
    report.search = search_index(out, changed) if opts.search else "off"
    if report.search == "failed":  # no index: an index page without the search box loads nothing broken
        write(out, "index.html", index_page(groups, False, opts.series_titles, opts.series_descriptions))
    manifest.save(out)
    write_report(out, report.as_json())
    fix_permissions(out)
    return report


def _image_cache(opts: PublishOptions) -> Path:
    from .vendor import cache_root

    return opts.asset_cache or cache_root()


def _fetch_images(root: Path, published: list[Document], opts: PublishOptions, report: Report) -> FetchResult:
    """--fetch-images: what the repository cannot serve, from the cache or downloaded once."""
    probe = Resolver(root, opts.upload_hosts)  # a throwaway: does the site serve it without a fetch?
    per_doc: dict[str, DocResolver] = {}  # one view per document, not one per image URL

    def servable(doc: Document, url: str) -> bool:
        view = per_doc.get(doc.path)
        if view is None:
            view = per_doc[doc.path] = probe.for_doc(doc)
        return view(url, "resource") is not None

    want = wanted(published, servable)
    result = fetch_images(want, _image_cache(opts), opts.allow_private_hosts, connector=opts.fetch_connector,
                          offline=opts.offline)
    report.fetched = len(result.fetched)
    report.downloaded = result.downloaded
    report.fetch_failed = result.failed
    return result


def _fetch_state(doc: Document, fetched: dict[str, str]) -> str:
    """Which of the page's images the site serves from a fetched copy: a page depends on that."""
    if not fetched:
        return ""
    return ",".join(sorted({fetched[u] for u in (link.url.strip() for link in doc.links) if u in fetched}))


def _mermaid(published: list[Document], opts: PublishOptions) -> Path | None:
    """The cached mermaid when a page needs it; without it diagrams stay code (a warning, not a failure)."""
    if not opts.diagrams or not any(has_mermaid(d) for d in published):
        return None
    try:
        return ensure(MERMAID, offline=opts.offline, root=opts.asset_cache)
    except AssetError as exc:
        print(f"warning: mermaid diagrams shown as code: {exc}", file=sys.stderr)
        return None


def _write_shared(out: Path, published: list[Document], groups: dict[str, list[Document]],
                  manifest: Manifest, opts: PublishOptions, reveal_src: Path | None, report: Report) -> None:
    import datetime as dt

    if reveal_src is not None:
        copy_asset(reveal_src, out / "assets" / REVEAL.folder)
    for item in ilr.files("minutes_ci.site").joinpath("assets").iterdir():
        if item.is_file():
            write(out, f"assets/{item.name}", item.read_text(encoding="utf-8"))
    write(out, "assets/highlight.css", highlight_css())  # Pygments' classes: a file, like every style
    put = _writer(out, report)
    titles, descriptions = opts.series_titles, opts.series_descriptions
    put("index.html", lambda: index_page(groups, opts.search, titles, descriptions), "")
    for rel, page in year_pages(groups, titles).items():
        put(rel, lambda p=page: p, "")  # type: ignore[misc]
    for folder, items in groups.items():  # a folder name the file system refuses loses its series page
        put(f"{folder or '_root'}/index.html", lambda f=folder, i=items: series_page(f, i, titles, descriptions),
            f"{folder}/")
    anchors = {p: e.anchors for p, e in manifest.entries.items()}
    for rel, page in actions_pages(published, anchors, opts.series_titles).items():
        put(rel, lambda p=page: p, "")  # type: ignore[misc]
    dates = [d.file_date for d in published if d.file_date]
    updated = dt.datetime.combine(max(dates) if dates else dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    put("feed.xml", lambda: atom_feed(published, opts.base_url, updated), "")
    write(out, ".nojekyll", "")  # GitHub Pages must not run Jekyll over the site


def _writer(out: Path, report: Report) -> Callable[[str, Callable[[], str], str], None]:
    """Write one shared page; a file system refusal (a repository folder in the way, a name too
    long) is a line of the report naming what was lost, not a failed build."""
    def put(rel: str, render: Callable[[], str], source: str) -> None:
        try:
            write(out, rel, render())
        except OSError as exc:
            report.unwritable.append((source or rel, f"{rel} not written: {exc.strerror or exc}"))
    return put
