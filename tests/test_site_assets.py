"""The pinned-asset cache against an npm registry stand-in on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from minutes_ci.site.vendor import AssetError, Pinned, copy_asset, ensure, fetch
from site_helpers import serve


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _integrity(blob: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()


FILES = {
    "package/dist/reveal.js": b"/* reveal */",
    "package/dist/reveal.js.map": b"{}",
    "package/dist/theme/white.css": b"@import url(https://fonts.googleapis.com/css?family=Lato);\n"
                                     b"@import url(./fonts/source-sans-pro/source-sans-pro.css);\nbody{}",
    "package/README.md": b"not shipped",
    "package/../escape.txt": b"never written",
}


@pytest.fixture()
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str, bytes]]:
    """A folder served on 127.0.0.1 laid out like the registry: /NAME/VERSION and the tarball."""
    www = tmp_path / "www"
    (www / "fake").mkdir(parents=True)
    blob = _tarball(FILES)
    (www / "fake.tgz").write_bytes(blob)
    with serve(www) as base:
        monkeypatch.setenv("MINUTES_CI_NPM_REGISTRY", base.rstrip("/"))
        yield www, base, blob


def _meta(www: Path, base: str, integrity: str) -> None:
    (www / "fake" / "1.0.0").write_text(json.dumps({"dist": {"integrity": integrity, "tarball": base + "fake.tgz"}}))


def test_fetch_verifies_and_unpacks(registry: tuple[Path, str, bytes], tmp_path: Path) -> None:
    www, base, blob = registry
    _meta(www, base, _integrity(blob))
    pin = Pinned("fake", "1.0.0", _integrity(blob), keep=("dist/",))
    folder = fetch(pin, tmp_path / "cache")
    assert (folder / "dist" / "reveal.js").read_bytes() == b"/* reveal */"
    assert not (folder / "dist" / "reveal.js.map").exists() and not (folder / "README.md").exists()
    assert not list(tmp_path.rglob("escape.txt"))
    # cached: works offline now, and the site copy drops the remote font import only
    assert ensure(pin, offline=True, root=tmp_path / "cache") == folder
    copy_asset(folder, tmp_path / "site")
    css = (tmp_path / "site" / "dist" / "theme" / "white.css").read_text()
    assert "googleapis" not in css and "source-sans-pro.css" in css


def test_registry_metadata_disagreeing_with_pin_is_refused(registry: tuple[Path, str, bytes], tmp_path: Path) -> None:
    www, base, blob = registry
    _meta(www, base, "sha512-" + base64.b64encode(b"x" * 64).decode())
    with pytest.raises(AssetError, match="differs from pinned"):
        fetch(Pinned("fake", "1.0.0", _integrity(blob), keep=("dist/",)), tmp_path / "cache")
    assert not (tmp_path / "cache" / "fake-1.0.0").exists()


def test_tampered_tarball_is_refused(registry: tuple[Path, str, bytes], tmp_path: Path) -> None:
    www, base, blob = registry
    pinned = _integrity(blob)
    _meta(www, base, pinned)
    (www / "fake.tgz").write_bytes(_tarball({"package/dist/reveal.js": b"alert('evil')"}))
    with pytest.raises(AssetError, match="sha512 mismatch"):
        fetch(Pinned("fake", "1.0.0", pinned, keep=("dist/",)), tmp_path / "cache")
    assert not (tmp_path / "cache" / "fake-1.0.0").exists()


def test_offline_without_cache_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="--prefetch"):
        ensure(Pinned("fake", "1.0.0", "sha512-x", keep=()), offline=True, root=tmp_path)


def test_unreachable_registry_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CI_NPM_REGISTRY", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(AssetError, match=r"cannot fetch fake@1\.0\.0 from http://127\.0\.0\.1:9"):
        fetch(Pinned("fake", "1.0.0", "sha512-x", keep=()), tmp_path)
