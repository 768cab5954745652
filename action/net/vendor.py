"""``minutes-ci fix --vendor-images``: keep HedgeDoc uploads in the repository before they vanish.

For every ``https://<upload host>/uploads/<name>`` referenced by a file and not committed next to
it, download the image, check its first bytes really are an image (a deleted note answers with an
HTML login page and status 200), save it beside the file, and print the `git add` line. With
``--rewrite`` the references are changed to ``./<name>``, only at the exact places the parser
found them. What ``tools/check_links.sh -d`` does, for every link on a line and every file at once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
from minutes_ci import safe_fs
from minutes_ci.checks.model import Document
from minutes_ci.checks.rules._links import describe_bytes, image_type, sibling, upload_name

from .guard import PrivateAddressError, guarded_connector, url_is_private
from .http import run_sync
from .settings import SettingsError, link_settings

MAX_BYTES = 25 * 1024 * 1024
MAX_HOPS = 5  # HedgeDoc answers directly; a CDN may add one or two
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NEUTRAL_TYPES = frozenset({"application/octet-stream", "binary/octet-stream"})  # then the bytes decide


@dataclass(slots=True)
class Wanted:
    url: str
    dest: str  # repository path the image is saved to
    uses: list[tuple[str, int, int]] = field(default_factory=list)  # (doc path, line, col)
    error: str | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from minutes_ci import runner

    runner.add_common_arguments(parser)
    for flag, text in (("--vendor-images", "download uploaded images that are not committed next to their file"),
                       ("--rewrite", "also change the references to the relative ./NAME"),
                       ("--allow-private-hosts", "also download from loopback and private addresses")):
        if flag not in parser._option_string_actions:
            parser.add_argument(flag, action="store_true", help=text)
    if "--timeout" not in parser._option_string_actions:
        parser.add_argument("--timeout", type=float, metavar="SECONDS", help="seconds per download")


def plan(docs: list[Document], hosts: tuple[str, ...], exists: object) -> tuple[dict[str, Wanted], list[Document]]:
    """Uploads to fetch (by destination) and the documents referencing any upload."""
    wanted: dict[str, Wanted] = {}
    referencing: list[Document] = []
    for doc in docs:
        found = False
        for link in doc.links:
            name = upload_name(link.url, hosts) if "/uploads/" in link.url else None
            if not name:
                continue
            found = True
            dest = sibling(doc, name)
            unsafe = name.startswith(".") or safe_fs.clean_relpath(dest) != dest
            if not unsafe and exists(dest):  # type: ignore[operator]
                continue
            item = wanted.setdefault(dest, Wanted(link.url.strip(), dest))
            if unsafe:  # "..", ".git", a hidden name: never a file we create
                item.error = f"upload name {name!r} is not a plain file name; not saved"
            item.uses.append((doc.path, link.span.line, link.span.col))
        if found:
            referencing.append(doc)
    return wanted, referencing


class _Refused(Exception):
    """This download stops here; the message says why."""


def _guard_hop(url: str, allow_private: bool) -> None:
    """Every hop, not just the first: a public upload host may redirect to loopback or metadata."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _Refused(f"not a valid URL: {url}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Refused(f"redirected to {url}, not an http(s) URL")
    if not allow_private and url_is_private(url):  # the host as urllib and as yarl/aiohttp read it
        raise _Refused(f"private address {parts.hostname} not fetched (allow with --allow-private-hosts)")


async def _get(session: aiohttp.ClientSession, item: Wanted, allow_private: bool) -> bytes:
    """The body of ``item.url``, redirects followed by hand and each hop checked like the first."""
    url = item.url
    for _ in range(MAX_HOPS + 1):
        _guard_hop(url, allow_private)
        async with session.get(url, allow_redirects=False) as resp:
            if resp.status in _REDIRECTS:
                location = resp.headers.get("Location", "").strip()
                if not location:
                    raise _Refused(f"HTTP {resp.status} without a Location")
                url = urljoin(url, location).split("#", 1)[0]
                continue
            if resp.status != 200:
                raise _Refused(f"HTTP {resp.status}")
            ctype = resp.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            if ctype and not ctype.startswith("image/") and ctype not in _NEUTRAL_TYPES:
                head = await resp.content.read(64)  # the first bytes say what it is ("an html page")
                raise _Refused(f"the server sent {describe_bytes(head)} ({ctype}), not an image "
                               "(note deleted or private?)")
            if (resp.content_length or 0) > MAX_BYTES:
                raise _Refused(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
            data = await resp.content.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise _Refused(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
            return data
    raise _Refused(f"more than {MAX_HOPS} redirects")


async def _fetch(session: aiohttp.ClientSession, item: Wanted, root: Path, sem: asyncio.Semaphore,
                 allow_private: bool) -> None:
    async with sem:
        try:
            data = await _get(session, item, allow_private)
        except _Refused as exc:
            item.error = str(exc)
            return
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            cause = getattr(exc, "os_error", None)
            private = isinstance(cause, PrivateAddressError) or isinstance(exc, PrivateAddressError)
            item.error = str(cause or exc) if private else f"download failed ({type(exc).__name__})"
            return
    kind = image_type(data[:64])
    if kind is None or kind == "git-lfs pointer":
        item.error = f"the server sent {describe_bytes(data[:64])}, not an image (note deleted or private?)"
        return
    try:
        # inside the repository only: no '..', no folder that is a link, a link at the target replaced
        safe_fs.write_in(root, item.dest, data)
    except OSError as exc:
        item.error = f"not saved: {exc.strerror or exc}"


def _connector(allow_private: bool) -> aiohttp.TCPConnector:
    # names checked on their addresses, and every socket on the address it really connects to
    return guarded_connector(allow_private=allow_private, limit=8)


async def download(wanted: list[Wanted], root: Path, allow_private: bool, timeout: float,
                   connector: Callable[[], aiohttp.TCPConnector] | None = None) -> None:
    """Fetch every wanted upload. ``connector`` builds the connection layer (default: names
    resolved through the GuardedResolver); whatever it is, every hop's host is checked here too."""
    sem = asyncio.Semaphore(4)  # one HedgeDoc server: a handful at a time
    conn = connector() if connector is not None else _connector(allow_private)
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        await asyncio.gather(*(_fetch(session, item, root, sem, allow_private) for item in wanted))


def rewrite(root: Path, doc: Document, hosts: tuple[str, ...], present: set[str]) -> int:
    """Replace upload URLs whose image is committed beside the file by ``./NAME``; returns the count."""
    real = safe_fs.resolve_in_root(root, doc.path)  # a link inside the repository: edit its target
    raw = safe_fs.read_in_root(root, real).decode("utf-8")
    lines = raw.split("\n")
    edits = []
    for link in doc.links:
        name = upload_name(link.url, hosts) if "/uploads/" in link.url else None
        if name and sibling(doc, name) in present:
            edits.append((link.span.line, link.span.col, link.url, f"./{name}"))
    done = 0
    for line, col, old, new in sorted(edits, reverse=True):  # right to left keeps columns valid
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        start = col - 1
        if text[start:start + len(old)] == old:
            lines[line - 1] = text[:start] + new + text[start + len(old):]
            done += 1
    if done:
        safe_fs.write_in(root, real, "\n".join(lines).encode("utf-8"))
    return done


def run(args: argparse.Namespace) -> int:
    from minutes_ci import runner

    if not getattr(args, "vendor_images", False):
        print("minutes-ci fix: say what to fix, e.g. --vendor-images", file=sys.stderr)
        return 2
    try:
        prepared = runner.prepare(args)
        settings = link_settings(prepared.config, args)
    except (runner.UsageError, SettingsError) as exc:
        print(f"minutes-ci fix: {exc}", file=sys.stderr)
        return 2
    root: Path = prepared.root
    hosts = tuple(prepared.ctx.upload_hosts)
    # anything at the destination, even a dangling link, is kept: vendoring never replaces a file
    wanted, referencing = plan(prepared.docs, hosts, lambda p: os.path.lexists(root / p))
    todo = [w for w in wanted.values() if w.error is None]
    run_sync(lambda: download(todo, root, settings.allow_private, settings.timeout))
    saved = [w.dest for w in wanted.values() if w.error is None]
    for item in wanted.values():
        if item.error:
            for path, line, col in item.uses:
                print(f"{path}:{line}:{col}: could not vendor {item.url} ({item.error})", file=sys.stderr)
    changed: list[str] = []
    if getattr(args, "rewrite", False):
        present = {sibling(d, n) for d in referencing for link in d.links
                   if (n := upload_name(link.url, hosts)) and safe_fs.is_file_in_root(root, sibling(d, n))}
        changed = []
        for d in referencing:
            try:
                if rewrite(root, d, hosts, present):
                    changed.append(d.path)
            except (OSError, UnicodeDecodeError) as exc:
                print(f"{d.path}:1:1: not rewritten: {exc}", file=sys.stderr)
    print(f"vendored {len(saved)} of {len(wanted)} images" + (f", rewrote {len(changed)} files" if changed else ""))
    if saved or changed:
        print("git add " + " ".join(shlex.quote(p) for p in sorted(set(saved) | set(changed))))
    return 1 if any(w.error for w in wanted.values()) else 0
