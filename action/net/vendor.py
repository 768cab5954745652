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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp.abc import AbstractResolver
from minutes_ci.checks.model import Document
from minutes_ci.checks.rules._links import describe_bytes, image_type, sibling, upload_name

from .guard import GuardedResolver, PrivateAddressError, literal_private
from .http import run_sync
from .settings import SettingsError, link_settings

MAX_BYTES = 25 * 1024 * 1024


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
            if exists(dest):  # type: ignore[operator]
                continue
            item = wanted.setdefault(dest, Wanted(link.url.strip(), dest))
            item.uses.append((doc.path, link.span.line, link.span.col))
        if found:
            referencing.append(doc)
    return wanted, referencing


async def _fetch(session: aiohttp.ClientSession, item: Wanted, root: Path, sem: asyncio.Semaphore) -> None:
    async with sem:
        try:
            async with session.get(item.url) as resp:
                if resp.status != 200:
                    item.error = f"HTTP {resp.status}"
                    return
                if (resp.content_length or 0) > MAX_BYTES:
                    item.error = f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
                    return
                data = await resp.content.read(MAX_BYTES + 1)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            cause = getattr(exc, "os_error", None)
            private = isinstance(cause, PrivateAddressError)
            item.error = str(cause) if private else f"download failed ({type(exc).__name__})"
            return
    if len(data) > MAX_BYTES:
        item.error = f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
        return
    if image_type(data[:64]) is None:
        item.error = f"the server sent {describe_bytes(data[:64])}, not an image (note deleted or private?)"
        return
    target = root / item.dest
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".vendor-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


async def download(wanted: list[Wanted], root: Path, allow_private: bool, timeout: float,
                   resolver: AbstractResolver | None = None) -> None:
    inner = resolver or aiohttp.ThreadedResolver()
    connector = aiohttp.TCPConnector(limit=8, resolver=inner if allow_private else GuardedResolver(inner))
    sem = asyncio.Semaphore(4)  # one HedgeDoc server: a handful at a time
    todo = []
    for item in wanted:
        host = item.url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        if not allow_private and literal_private(host):
            item.error = f"private address {host} not fetched (allow with --allow-private-hosts)"
        else:
            todo.append(item)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        await asyncio.gather(*(_fetch(session, item, root, sem) for item in todo))


def rewrite(root: Path, doc: Document, hosts: tuple[str, ...], present: set[str]) -> int:
    """Replace upload URLs whose image is committed beside the file by ``./NAME``; returns the count."""
    path = root / doc.path
    raw = path.read_bytes().decode("utf-8")
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
        path.write_bytes("\n".join(lines).encode("utf-8"))
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
    wanted, referencing = plan(prepared.docs, hosts, lambda p: (root / p).exists())
    run_sync(lambda: download(list(wanted.values()), root, settings.allow_private, settings.timeout))
    saved = [w.dest for w in wanted.values() if w.error is None]
    for item in wanted.values():
        if item.error:
            for path, line, col in item.uses:
                print(f"{path}:{line}:{col}: could not vendor {item.url} ({item.error})", file=sys.stderr)
    changed: list[str] = []
    if getattr(args, "rewrite", False):
        present = {sibling(d, n) for d in referencing for link in d.links
                   if (n := upload_name(link.url, hosts)) and (root / sibling(d, n)).exists()}
        changed = [d.path for d in referencing if rewrite(root, d, hosts, present)]
    print(f"vendored {len(saved)} of {len(wanted)} images" + (f", rewrote {len(changed)} files" if changed else ""))
    if saved or changed:
        print("git add " + " ".join(shlex.quote(p) for p in sorted(set(saved) | set(changed))))
    return 1 if any(w.error for w in wanted.values()) else 0
