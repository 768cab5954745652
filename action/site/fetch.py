"""``publish --fetch-images``: the images HedgeDoc would show, served by the site itself.

Opt-in. External images and upload-host images not committed next to their file are downloaded
once into the cache (``<cache>/images/<sha256 of the URL>.<type>``), through the link checker's
guarded connection layer (every socket's address checked, redirects followed by hand with every
hop checked again, 25 MiB at most), and kept only when their first bytes are a raster image (PNG,
JPEG, GIF, WebP: no SVG, which is active content). The site serves them from ``_images/``; readers'
browsers still make no third-party request. What could not be fetched is listed in the report.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from minutes_ci.checks.model import Document
from minutes_ci.checks.rules._links import describe_bytes, image_type

FOLDER = "_images"
_SERVED = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp"}
_FORMS = frozenset({"image", "html-src", "data-background", "front-matter"})


@dataclass
class FetchResult:
    fetched: dict[str, str] = field(default_factory=dict)  # URL -> site path (_images/NAME)
    failed: list[tuple[str, str, int, str]] = field(default_factory=list)  # (url, doc path, line, why)
    downloaded: int = 0  # fetched over the network in this run (the rest came from the cache)


def wanted(docs: Sequence[Document], servable: Callable[[Document, str], bool]) -> dict[str, tuple[str, int]]:
    """The http(s) image URLs the site cannot serve from the repository: URL -> first (doc, line)."""
    out: dict[str, tuple[str, int]] = {}
    for doc in docs:
        for link in doc.links:
            if not (link.image or link.form in _FORMS):
                continue
            url = link.url.strip()
            if not url.lower().startswith(("http://", "https://")) or len(url) > 2000:
                continue
            if url not in out and not servable(doc, url):
                out[url] = (doc.path, link.span.line)
    return out


def _name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def cached(folder: Path, url: str) -> Path | None:
    for ext in _SERVED.values():
        path = folder / f"{_name(url)}.{ext}"
        if path.is_file():
            return path
    return None


async def _one(session: aiohttp.ClientSession, url: str, folder: Path, allow_private: bool,
               sem: asyncio.Semaphore) -> tuple[Path | None, str]:
    from minutes_ci.net import vendor
    from minutes_ci.net.guard import PrivateAddressError

    async with sem:
        try:
            data = await vendor._get(session, vendor.Wanted(url, ""), allow_private)
        except vendor._Refused as exc:
            return None, str(exc)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            cause = getattr(exc, "os_error", None)
            private = isinstance(cause, PrivateAddressError) or isinstance(exc, PrivateAddressError)
            return None, str(cause or exc) if private else f"download failed ({type(exc).__name__})"
    kind = image_type(data[:64])
    if kind not in _SERVED:
        return None, f"the server sent {describe_bytes(data[:64])}, not a PNG, JPEG, GIF or WebP image"
    path = folder / f"{_name(url)}.{_SERVED[kind]}"
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # a crash never leaves half an image under the final name
    return path, ""


async def _all(urls: list[str], folder: Path, allow_private: bool, timeout: float,
               connector: Callable[[], aiohttp.TCPConnector] | None) -> list[tuple[Path | None, str]]:
    from minutes_ci.net.guard import guarded_connector

    conn = connector() if connector is not None else guarded_connector(allow_private=allow_private, limit=8)
    sem = asyncio.Semaphore(6)
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        return await asyncio.gather(*(_one(session, u, folder, allow_private, sem) for u in urls))


def fetch(want: dict[str, tuple[str, int]], cache: Path, allow_private: bool = False, timeout: float = 180.0,
          connector: Callable[[], aiohttp.TCPConnector] | None = None, offline: bool = False) -> FetchResult:
    """Each wanted URL from the cache, else downloaded once; failures are listed, not raised."""
    folder = cache / "images"
    folder.mkdir(parents=True, exist_ok=True)
    result = FetchResult()
    todo = []
    for url in want:
        hit = cached(folder, url)
        if hit is not None:
            result.fetched[url] = f"{FOLDER}/{hit.name}"
        elif offline:
            result.failed.append((url, *want[url], "not in the cache (--offline)"))
        elif urlsplit(url).hostname:
            todo.append(url)
        else:
            result.failed.append((url, *want[url], "no host"))
    if todo:
        from minutes_ci.net.http import run_sync

        got = run_sync(lambda: _all(todo, folder, allow_private, timeout, connector))
        for url, (path, why) in zip(todo, got, strict=True):
            if path is None:
                result.failed.append((url, *want[url], why))
            else:
                result.fetched[url] = f"{FOLDER}/{path.name}"
                result.downloaded += 1
    return result


def copy_into(result: FetchResult, cache: Path, out: Path) -> None:
    """The fetched images into the site's ``_images/`` (written like every other output file)."""
    from minutes_ci import safe_fs

    for rel in sorted(set(result.fetched.values())):
        safe_fs.write_in(out, rel, (cache / "images" / rel.split("/", 1)[1]).read_bytes())
