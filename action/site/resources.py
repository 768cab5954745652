"""Where each URL in a page points once published: the site itself, or nowhere.

Uploads hotlinked from the HedgeDoc server (``https://input.scs.community/uploads/X``) are served
from the committed copy next to the Markdown file when it exists; relative images are copied too.
Anything a browser would *load* from another host is dropped and reported, so readers never make
a third-party request and a missing image is a line in the build report, not a silent hole.

Local paths never leave the repository: a leading ``/`` means the repository root, ``..`` out of
it, percent-encoded dots included, is reported, and a symlink out of the root, a FIFO or a file
in .git is not a file here (minutes_ci.safe_fs decides). Backslashes and control characters are
refused outright: browsers read ``/\\host`` as ``//host`` and drop tabs and newlines inside URLs,
so such a "local" path could load from another host.
"""

from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from minutes_ci import safe_fs
from minutes_ci.checks.model import Document

from .active import HEAD, is_servable

# Anything a browser strips or rewrites before it parses a URL: backslashes (a slash to WHATWG
# URL parsers), their percent-encoded forms, ASCII control characters (tabs and newlines are
# removed inside URLs), and NUL. A URL holding one is never treated as a local file or as ours.
_NOT_PLAIN = re.compile(r"[\\\x00-\x1f\x7f]|%5c|%[01][0-9a-f]|%7f", re.IGNORECASE)
# in a whole URL only the literal forms: an external link may carry "%5c" in its query, harmlessly
_NOT_PLAIN_RAW = re.compile(r"[\\\x00-\x1f\x7f]")

# a URL as it stands in Markdown, HTML, CSS or YAML: up to whitespace, quotes, parentheses, brackets
_WORD = re.compile(r"[^\s\"'()<>\[\]]+")


@dataclass(frozen=True, slots=True)
class Missing:
    path: str  # the Markdown file
    line: int  # 0 when the URL could not be found in the Document's links
    url: str
    reason: str  # "upload-missing" | "external" | "not-found" | "outside-repo" | "not-local" | safe_fs's reason

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason} {self.url}"


@dataclass
class Resolver:
    """Resolves URLs for one build; collects files to copy and references that cannot be served."""

    root: Path
    upload_hosts: tuple[str, ...] = ("input.scs.community",)
    copies: set[str] = field(default_factory=set)  # repo-relative files the site must contain
    missing: list[Missing] = field(default_factory=list)
    fetched: dict[str, str] = field(default_factory=dict)  # --fetch-images: URL -> _images/NAME
    _fetched_paths: frozenset[str] = frozenset()
    _why: dict[str, str | None] = field(default_factory=dict)
    _servable: dict[str, bool] = field(default_factory=dict)

    def fetched_paths(self) -> frozenset[str]:
        if len(self._fetched_paths) != len(self.fetched):
            self._fetched_paths = frozenset(self.fetched.values())
        return self._fetched_paths

    def for_doc(self, doc: Document) -> DocResolver:
        return DocResolver(self, doc)

    def exists(self, rel: str) -> bool:
        return self.why_not(rel) is None

    def head(self, rel: str) -> bytes:
        """The first bytes of a repository file, read like every repository file (safe_fs)."""
        try:
            fd = safe_fs.open_in_root(self.root, rel)
        except OSError:
            return b""
        with os.fdopen(fd, "rb") as fh:
            return fh.read(HEAD)

    def why_not(self, rel: str) -> str | None:
        """None when ``rel`` is a regular repository file that may be served, else the reason.
        Asked once per file and build (a background on 100 slides is one look-up, not 100)."""
        if rel not in self._why:
            self._why[rel] = safe_fs.why_not_readable(self.root, rel)
        return self._why[rel]

    def servable(self, rel: str) -> bool:
        """Passive content by its first bytes (active.is_servable), read once per file and build."""
        if rel not in self._servable:
            self._servable[rel] = is_servable(self.root / rel, self.head(rel))
        return self._servable[rel]


class DocResolver:
    """The per-page view: relative URLs are relative to the page, which mirrors the file's path."""

    def __init__(self, site: Resolver, doc: Document) -> None:
        self.site = site
        self.doc = doc
        self.base = posixpath.dirname(doc.path)
        self.lines = {link.url.strip(): link.span.line for link in reversed(doc.links)}
        self._seen: set[tuple[str, str]] = set()
        self._words: dict[str, int] | None = None  # first line of each word, built on first need
        self._scans = 0
        self.copies: set[str] = set()  # what this page uses (the manifest replays it)

    def _report(self, url: str, reason: str) -> None:
        if (url, reason) in self._seen:
            return
        self._seen.add((url, reason))
        self.site.missing.append(Missing(self.doc.path, self._line_of(url), url, reason))

    def _line_of(self, url: str) -> int:
        """The line of a URL: from the parser's links, else where its text occurs (front matter, CSS).

        The document's words are indexed once, so N unserved URLs cost N look-ups, not N scans of
        the file (25,000 ``url()`` in one stylesheet); only a few odd ones fall back to a scan.
        """
        if url in self.lines:
            return self.lines[url]
        if self._words is None:
            self._words = {}
            for n, text in enumerate(self.doc.lines, 1):
                for word in _WORD.findall(text):
                    self._words.setdefault(word, n)
        if url in self._words:
            return self._words[url]
        self._scans += 1
        if self._scans > 16:
            return 0
        return next((n for n, text in enumerate(self.doc.lines, 1) if url in text), 0)

    def _local(self, rel: str, fragment: str, raw: str = "") -> str | None:
        """A repo file as a URL relative to this page; Markdown files become their HTML page."""
        if rel.endswith(".md"):
            target = rel[:-3] + ".html"
        elif not self.site.servable(rel):  # HTML, SVG, scripts: never served
            self._report(raw or rel, "not-servable")
            return None
        else:
            self.site.copies.add(rel)
            self.copies.add(rel)
            target = rel
        href = posixpath.relpath(target, self.base or ".")
        return urllib.parse.quote(href) + (f"#{fragment}" if fragment else "")

    def __call__(self, url: str, purpose: str) -> str | None:
        raw = url.strip()
        if not raw:
            return raw
        if _NOT_PLAIN_RAW.search(raw):
            if purpose == "resource":
                self._report(raw, "not-local")
            return None  # neither a file of ours nor a URL we can vouch for: dropped
        if raw.startswith("#"):
            return raw
        try:
            parts = urllib.parse.urlsplit(raw)
        except ValueError:  # "http://[oops/": not a URL at all
            if purpose == "resource":
                self._report(raw, "not-local")
            return None
        if parts.scheme in ("http", "https") or raw.startswith("//"):
            return self._absolute(raw, parts, purpose)
        if parts.scheme:
            # mailto:, tel:, file:, ...: never loaded as a resource; nh3 filters the scheme for links
            if purpose == "resource" and parts.scheme.lower() == "file":
                self._report(raw, "outside-repo")
            return raw if purpose == "link" and parts.scheme.lower() != "file" else None
        return self._relative(raw, parts, purpose)

    def _relative(self, raw: str, parts: urllib.parse.SplitResult, purpose: str) -> str | None:
        path = urllib.parse.unquote(parts.path)
        if _NOT_PLAIN.search(path):  # "%255c" decodes to "%5c": still not a plain name
            if purpose == "resource":
                self._report(raw, "not-local")
            return None
        if not path:  # "?x" alone: the page itself
            return raw if purpose == "link" else None
        # "/x.png" is the repository's own root (the site mirrors it), never the runner's "/"
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(self.base, path)
        rel = posixpath.normpath(joined)
        if rel.startswith("../") or rel == ".." or rel.startswith("/"):
            if purpose == "resource":
                self._report(raw, "outside-repo")
                return None
            return None if path.startswith("/") else raw
        if rel.startswith("_images/") and rel in self.site.fetched_paths():
            return urllib.parse.quote(posixpath.relpath(rel, self.base or "."))  # resolved once already
        why = self.site.why_not(rel)
        if why is None:
            return self._local(rel, parts.fragment, raw)
        if purpose == "resource":
            known = ("symbolic link", "inside .git", "is a ", "not a path")
            self._report(raw, why if any(k in why for k in known) else "not-found")
            return None
        if path.startswith("/"):  # a root-absolute link to no file: made relative, not left to the host
            return urllib.parse.quote(posixpath.relpath(rel, self.base or ".")) + (
                f"#{parts.fragment}" if parts.fragment else "")
        return raw  # a dead relative link is the link checker's business, not a load

    def _absolute(self, raw: str, parts: urllib.parse.SplitResult, purpose: str) -> str | None:
        host = (parts.hostname or "").lower()
        if host in self.site.upload_hosts and parts.path.startswith("/uploads/"):
            name = posixpath.basename(urllib.parse.unquote(parts.path))
            for cand in (posixpath.join(self.base, name), posixpath.join(self.base, "uploads", name)):
                if name and self.site.exists(cand):
                    return self._local(cand, "", raw)
            if purpose == "resource" and raw in self.site.fetched:
                return self._fetched(raw)
            if purpose == "resource":
                self._report(raw, "upload-missing")
                return None
            return raw
        if purpose == "resource" and raw in self.site.fetched:  # --fetch-images: the site's own copy
            return self._fetched(raw)
        if purpose == "resource":
            self._report(raw, "external")
            return None
        return raw

    def _fetched(self, raw: str) -> str:
        # not a repository file: publish writes every fetched image into _images/ itself
        return urllib.parse.quote(posixpath.relpath(self.site.fetched[raw], self.base or "."))
