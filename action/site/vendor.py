"""Third-party browser assets (reveal.js) pinned by version and sha512, cached, copied into the site.

Nothing is committed to this repository: the tarball comes from the npm registry, is checked
against the sha512 pinned here (and against the registry's own metadata, so a mismatch between
the two is noticed), unpacked into a cache folder once, and from then on ``publish`` works
offline. ``minutes-ci publish --prefetch`` fills the cache (CI does that before the tests).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRY = "https://registry.npmjs.org"


def registry() -> str:
    """The npm registry to fetch from (``$MINUTES_CI_NPM_REGISTRY`` for a mirror)."""
    return os.environ.get("MINUTES_CI_NPM_REGISTRY", DEFAULT_REGISTRY).rstrip("/")


@dataclass(frozen=True)
class Pinned:
    name: str
    version: str
    integrity: str  # npm's "sha512-<base64>"
    keep: tuple[str, ...]  # path prefixes inside the package worth shipping to readers

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"


REVEAL = Pinned(
    name="reveal.js",
    version="5.2.1",
    integrity="sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ==",
    keep=("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/", "plugin/notes/", "LICENSE"),
)

MERMAID = Pinned(
    name="mermaid",
    version="11.12.1",
    integrity="sha512-UlIZrRariB11TY1RtTgUWp65tphtBv4CSq7vyS2ZZ2TgoMjs2nloq+wFqxiwcxlhHUvs7DPGgMjs2aeQxz5h9g==",
    keep=("dist/mermaid.min.js", "LICENSE"),
)

# The Google-fonts @imports in some themes would make readers' browsers call a third-party host.
_REMOTE_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?", re.I)


class AssetError(RuntimeError):
    """The asset is not cached and could not be fetched or verified."""


def cache_root() -> Path:
    """``$MINUTES_CI_CACHE`` or the platform's user cache folder."""
    env = os.environ.get("MINUTES_CI_CACHE")
    if env:
        return Path(env) / "assets"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("minutes-ci")) / "assets"


def _verify(data: bytes, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    if algo != "sha512":
        raise AssetError(f"unsupported integrity algorithm {algo!r}")
    got = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if got != expected:
        raise AssetError(f"sha512 mismatch: got sha512-{got}, pinned {integrity}")


def _get(url: str, timeout: float = 60.0) -> bytes:
    req = urllib.request.Request(url, headers={"Accept": "application/json, */*", "User-Agent": "minutes-ci"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data: bytes = resp.read()
    return data


def fetch(pin: Pinned, root: Path | None = None) -> Path:
    """Download, verify and unpack ``pin`` into the cache (atomically); return its folder."""
    target = (root or cache_root()) / pin.folder
    if (target / ".complete").is_file():
        return target
    base = registry()
    try:
        meta = json.loads(_get(f"{base}/{pin.name}/{pin.version}"))
        dist = meta["dist"]
        if dist.get("integrity") != pin.integrity:
            raise AssetError(f"registry integrity {dist.get('integrity')} differs from pinned {pin.integrity}")
        blob = _get(dist["tarball"])
    except (OSError, ValueError, KeyError) as exc:
        raise AssetError(f"cannot fetch {pin.name}@{pin.version} from {base}: {exc}") from exc
    _verify(blob, pin.integrity)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for member in tar.getmembers():
            rel = member.name.split("/", 1)[-1]  # npm tarballs wrap everything in "package/"
            if not member.isfile() or ".." in rel.split("/") or rel.endswith(".map"):
                continue
            if not any(rel == k or (k.endswith("/") and rel.startswith(k)) for k in pin.keep):
                continue
            src = tar.extractfile(member)
            if src is None:
                continue
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(src.read())
    (tmp / ".complete").write_text(pin.integrity + "\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp.rename(target)
    except OSError:  # another process won the race: its copy is as good as ours
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def ensure(pin: Pinned, offline: bool = False, root: Path | None = None) -> Path:
    """The cached folder of ``pin``; fetches it unless ``offline`` (then a clear error)."""
    target = (root or cache_root()) / pin.folder
    if (target / ".complete").is_file():
        return target
    if offline:
        raise AssetError(
            f"{pin.name}@{pin.version} is not cached in {target.parent}; "
            "run `minutes-ci publish --prefetch` once while online"
        )
    return fetch(pin, root)


def copy_asset(src: Path, dest: Path) -> None:
    """Copy a cached package into the site, stripping remote @imports (reveal.js themes load Google fonts)."""
    for path in sorted(src.rglob("*")):
        # no HTML page of a package is served (reveal's speaker-view.html: notes.js carries its own
        # copy); every page of the site is one the publisher wrote, with its CSP
        if not path.is_file() or path.name == ".complete" or path.suffix.lower() in (".html", ".htm"):
            continue
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".css":
            text = _REMOTE_IMPORT.sub("", path.read_text(encoding="utf-8"))
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                out.write_text(text, encoding="utf-8")
        elif not out.exists() or out.stat().st_size != path.stat().st_size:
            shutil.copyfile(path, out)


def themes(src: Path) -> frozenset[str]:
    return frozenset(p.stem for p in (src / "dist" / "theme").glob("*.css"))
