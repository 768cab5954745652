"""Which repository files the site may serve from its own origin: passive media, proven by content.

A file copied into the site is served by GitHub Pages with a type chosen by its extension. An
HTML, SVG, XML, JavaScript, CSS or WebAssembly file committed in a pull request would run on the
site's origin (an SVG opened directly is a document that runs script), so only an allowlist of
passive types is copied: images, PDF, audio/video and fonts, each only when the file's first bytes
are what its extension claims (a ``.png`` that is really HTML is refused), plus plain text.

SVG is not copied: served from the site it is an active document. (An ``<img>`` would render it
harmlessly, but a link to the same URL would open it as a page.) It is reported as not served.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def _ftyp(brands: tuple[bytes, ...]) -> Callable[[bytes], bool]:
    """ISO base media files (mp4, m4a, avif, heic): ``....ftyp<brand>``."""
    return lambda head: head[4:8] == b"ftyp" and head[8:12] in brands


def _prefix(*magics: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magics)


def _riff(kind: bytes) -> Callable[[bytes], bool]:
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _text(head: bytes) -> bool:
    """Plain text: UTF-8 without NUL (served as text/plain, which browsers do not run)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4  # a multi-byte character cut by the 4 KiB window
    return True


_MP4 = (b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4A ", b"dash", b"iso5", b"iso6")
_KINDS: dict[str, Callable[[bytes], bool]] = {
    ".png": _prefix(b"\x89PNG\r\n\x1a\n"),
    ".apng": _prefix(b"\x89PNG\r\n\x1a\n"),
    ".jpg": _prefix(b"\xff\xd8\xff"),
    ".jpeg": _prefix(b"\xff\xd8\xff"),
    ".gif": _prefix(b"GIF87a", b"GIF89a"),
    ".webp": _riff(b"WEBP"),
    ".avif": _ftyp((b"avif", b"avis")),
    ".bmp": _prefix(b"BM"),
    ".ico": _prefix(b"\x00\x00\x01\x00"),
    ".pdf": _prefix(b"%PDF-"),
    ".mp4": _ftyp(_MP4),
    ".m4v": _ftyp(_MP4),
    ".m4a": _ftyp(_MP4),
    ".webm": _prefix(b"\x1a\x45\xdf\xa3"),
    ".ogg": _prefix(b"OggS"),
    ".ogv": _prefix(b"OggS"),
    ".oga": _prefix(b"OggS"),
    ".mp3": _prefix(b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ".wav": _riff(b"WAVE"),
    ".woff": _prefix(b"wOFF"),
    ".woff2": _prefix(b"wOF2"),
    ".ttf": _prefix(b"\x00\x01\x00\x00", b"true"),
    ".otf": _prefix(b"OTTO"),
    ".txt": _text,
    ".csv": _text,
}
HEAD = 4096


def servable_kind(name: str, head: bytes) -> bool:
    """True when a file called ``name`` starting with ``head`` is a passive type it claims to be."""
    dot = name.rfind(".")
    check = _KINDS.get(name[dot:].lower()) if dot > 0 else None
    return check is not None and check(head[:HEAD])


def is_servable(path: Path, data: bytes | None = None) -> bool:
    """May the site serve this repository file from its origin? (``data``: its first bytes, if read.)"""
    if data is None:
        try:
            with path.open("rb") as fh:
                data = fh.read(HEAD)
        except OSError:
            return False
    return servable_kind(path.name, data)
