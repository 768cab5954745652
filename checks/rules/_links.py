"""Helpers shared by the link rules: URL shapes, in-repo paths, GitHub heading slugs, image magic."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import SplitResult, unquote, urlsplit

from ..extract import mask_code, sub_until
from ..model import Document, Link
from ..refs import GitHubTarget, RefText, parse_github_url, parse_ref_text
from ..rule import Context

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Paths come from links strangers wrote (`%00`, 5000 segments); a Tree that raises on them must not
# end the run, and a path it cannot even look up does not exist for the rules.
_TREE_ERRORS = (OSError, ValueError)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def tree_exists(ctx: Context, path: str) -> bool:
    if _CONTROL.search(path) or len(path) > 4096:
        return False
    try:
        return ctx.tree.exists(path)
    except _TREE_ERRORS:
        return False


def tree_is_dir(ctx: Context, path: str) -> bool:
    try:
        return ctx.tree.is_dir(path)
    except _TREE_ERRORS:
        return False


def tree_head(ctx: Context, path: str, size: int) -> bytes:
    try:
        return ctx.tree.head(path, size)
    except _TREE_ERRORS:
        return b""


def _unquote(text: str) -> str:
    """Percent-decoded, unless that yields control characters (then as written, for messages)."""
    plain = unquote(text)
    return text if _CONTROL.search(plain) else plain


def split_url(url: str) -> tuple[str, str | None]:
    """(everything before ``#``, the fragment or None when there is no ``#``); the query is dropped."""
    base, hash_, frag = url.partition("#")
    base = base.partition("?")[0]
    return base, (frag if hash_ else None)


def is_relative(url: str) -> bool:
    """A link into the repository's own tree: no scheme, not protocol-relative, not fragment-only."""
    u = url.strip()
    # `[...]` / `![...]`: a Markdown string where a URL belongs (front matter); other rules own that
    return bool(u) and not u.startswith(("#", "//", "[", "![")) and not _SCHEME.match(u)


def resolve(doc_path: str, target: str) -> str | None:
    """The repository-relative path a relative link names; None when it climbs out of the repository.

    ``/x`` is taken from the repository root (what GitHub does for files in a repository).
    """
    t = _unquote(target)
    joined = t.lstrip("/") if t.startswith("/") else posixpath.join(posixpath.dirname(doc_path), t)
    norm = posixpath.normpath(joined) if joined else "."
    if norm == ".." or norm.startswith("../"):
        return None
    return "" if norm == "." else norm


def in_repo_github(url: str, slug: str) -> tuple[str, str] | None:
    """(ref, path) for ``https://github.com/<slug>/(blob|tree|raw)/<ref>/<path>`` and
    ``https://raw.githubusercontent.com/<slug>/<ref>/<path>``; None for other URLs."""
    if not slug or "github" not in url:
        return None
    # The owner/repo path segments are a piece of the URL and casefold() maps letter by letter, so
    # a URL that does not hold the slug cannot match: skip urlsplit for nearly every link.
    # (urlsplit deletes tabs and line breaks anywhere in a URL: keep those for the full parse.)
    if slug.casefold() not in url.casefold() and "\t" not in url and "\r" not in url and "\n" not in url:
        return None  # (three `in` tests: a generator over "\t\r\n" cost more than the rest here)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segs = parts.path.split("/")
    if "/".join(segs[1:3]).casefold() != slug.casefold():
        return None
    if parts.hostname == "raw.githubusercontent.com" and len(segs) >= 4:
        return segs[3], _unquote("/".join(segs[4:]).strip("/"))
    if parts.hostname not in ("github.com", "www.github.com"):
        return None
    if len(segs) < 5 or segs[3] not in ("blob", "tree", "raw"):
        return None
    return segs[4], _unquote("/".join(segs[5:]).strip("/"))


def _upload_host(host: str, parts: SplitResult, hosts: Iterable[str]) -> bool:
    """``hosts`` entries are ``name`` (any port) or ``name:port`` (that port; 443/80 by default)."""
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower())
    except ValueError:
        return False
    for entry in hosts:
        name, sep, want = entry.lower().strip().rpartition(":")
        if not sep or not want.isdigit() or name.endswith(":"):  # no port (or an IPv6 literal)
            if entry.lower().strip().strip("[]") == host:
                return True
        elif name.strip("[]") == host and int(want) == port:
            return True
    return False


def upload_name(url: str, hosts: Iterable[str]) -> str | None:
    """The file name of an upload on a HedgeDoc server (``https://HOST/uploads/NAME``), else None."""
    if "/uploads/" not in url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.hostname is None or not _upload_host(parts.hostname.lower(), parts, hosts):
        return None
    path = parts.path
    if not path.startswith("/uploads/"):
        return None
    raw = path.rsplit("/", 1)[-1]
    name = unquote(raw)
    if _CONTROL.search(name) or "/" in name:
        name = raw  # keep `%00` / `%2F` as written: never a path outside the folder or a control char
    return name or None


_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
_HTML_TAG = re.compile(r"<[^>]*>")
# link text without brackets: "[^\]]*" rescanned a run of "[" from each one (quadratic)
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_~`]")
# HedgeDoc (decks, notes) keeps more characters in its heading ids than GitHub does
_HEDGEDOC_PUNCT = re.compile(r"[\]\[!\"#$%&'()*+,./:;<=>?@\\^_{|}~`]")


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading text (github-slugger): lower-case, keep letters, digits,
    marks, ``_``, ``-`` and spaces, then spaces become hyphens."""
    out = []
    for ch in text.lower():
        if ch in " -" or unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Pc":
            out.append("-" if ch == " " else ch)
    return "".join(out)


def heading_anchors(headings: Iterable[str]) -> set[str]:
    """Every anchor a reader may use for these headings.

    GitHub renders the inline Markdown first (link text, no emphasis marks, no HTML tags) and numbers
    repeated slugs ``-1``, ``-2``. Emoji shortcodes become emoji, which the slug drops; HedgeDoc keeps
    the name. Both spellings are accepted: a link must not be reported for a renderer's quirk.
    """
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for raw in headings:
        plain = _EMPHASIS.sub("", sub_until(_HTML_TAG, "", sub_until(_MD_LINK, r"\1", raw, ")"), ">")).strip()
        slug = github_slug(_SHORTCODE.sub("", plain))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(f"{slug}-{n}" if n else slug)
        anchors.add(github_slug(_SHORTCODE.sub(r"\1", plain)))
        anchors.add(_HEDGEDOC_PUNCT.sub("", re.sub(r"\s+", "-", plain.lower())))
    return anchors


def fragment_ok(fragment: str, anchors: set[str]) -> bool:
    """Does ``#fragment`` name a heading? Case-insensitive (GitHub's page script folds case)."""
    f = unquote(fragment).lower()
    f = f.removeprefix("user-content-")
    if re.fullmatch(r"l\d+(-l\d+)?", f):  # line anchors on GitHub's source view
        return True
    return f in anchors


def image_type(head: bytes) -> str | None:
    """The image (or PDF) format the first bytes announce; None when they are no known image."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "avif/heic"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"version https://git-lfs.github.com/spec/"):
        return "git-lfs pointer"  # the image lives in LFS; a checkout without LFS cannot judge it
    if head.startswith(b"BM") or head.startswith((b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*")):
        return "bitmap"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")):
        return "svg"
    if text.startswith((b"<!--", b"<!doctype svg")) and b"<svg" in text:
        return "svg"
    return None


def describe_bytes(head: bytes) -> str:
    """A short name for what a non-image file holds, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "an empty or unreadable file"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")):
        return "an html page"
    if text.startswith((b"{", b"[")):
        return "json"
    return "no known image format"


IMAGE_EXTENSIONS = frozenset(
    {"png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "heic", "heif", "pdf", "bmp", "ico", "tif", "tiff"}
)


def has_image_extension(path: str) -> bool:
    return path.rpartition(".")[2].lower() in IMAGE_EXTENSIONS if "." in path else False


def sibling(doc: Document, name: str) -> str:
    """The repository path of ``name`` in the same folder as the document."""
    folder = posixpath.dirname(doc.path)
    return f"{folder}/{name}" if folder else name


_MAX_TARGET = 1024 * 1024  # a linked Markdown file larger than this is not parsed for its headings


def anchors_for(path: str, doc: Document, ctx: Context) -> set[str] | None:
    """Heading anchors of ``path``: the document itself, a file parsed in this run
    (``ctx.headings_of``), or else the file read through the tree and parsed; None if unknown."""
    if path == doc.path:
        return heading_anchors(h.text for h in doc.headings)
    texts = ctx.headings_of.get(path)
    if texts is None:
        if not path.endswith(".md") or not tree_exists(ctx, path) or tree_is_dir(ctx, path):
            return None
        data = tree_head(ctx, path, _MAX_TARGET)
        if not data or len(data) >= _MAX_TARGET:
            return None
        from ..parse import parse_document  # lazy: only a link into another unparsed file needs it

        target = parse_document(path, data)
        if target.fatal:
            return None
        texts = [h.text for h in target.headings]
    return heading_anchors(texts)


def mask_code_spans(line: str) -> str:
    """The line with inline code spans blanked (same length, so columns stay right): one linear
    scanner for every rule, ``extract.mask_code``."""
    return mask_code(line)


# Forms whose link text a writer chose (bare URLs and autolinks have no text of their own).
TEXT_FORMS = frozenset({"markdown", "html-href"})


IssueLink = tuple[Link, GitHubTarget, RefText | None]
# The last Document's issue links: the four issue-* rules ask in a row about the same Document
# (the engine runs every rule on one file before the next), each walking all its links otherwise.
_ISSUE_LINKS_MEMO: list[tuple[Document, tuple[IssueLink, ...]]] = []


def issue_links(doc: Document) -> Iterator[IssueLink]:
    """Links with text that point at a GitHub issue, pull request or discussion, with the
    reference their text claims (None when the text is descriptive, not reference-shaped)."""
    if _ISSUE_LINKS_MEMO and _ISSUE_LINKS_MEMO[0][0] is doc:
        return iter(_ISSUE_LINKS_MEMO[0][1])
    found: list[IssueLink] = []
    for link in doc.links:
        if link.form not in TEXT_FORMS or "github.com" not in link.url:
            continue
        target = parse_github_url(link.url)
        if target is not None:
            found.append((link, target, parse_ref_text(link.text)))
    result = tuple(found)
    _ISSUE_LINKS_MEMO[:] = [(doc, result)]
    return iter(result)
