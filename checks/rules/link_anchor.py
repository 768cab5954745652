"""A `#anchor` into a file of this repository names no heading there.

What it does: for links into the repository's own Markdown files (`#features`, `./notes.md#intro`,
`https://github.com/<repo>/blob/main/x.md#intro`) compares the fragment with the anchors GitHub
derives from the target's headings (lower case, punctuation dropped, spaces to hyphens, `-1` for
repeats; HedgeDoc's spelling is accepted too). Targets that were not parsed in this run are not
checked (`#/3` slide numbers and `#L10` line anchors are fine).
Why is this bad? The link opens the file at the top instead of the section it promises; after a
heading is renamed, every anchor pointing at it silently breaks.
Example: bad `[#Features](#Features)` in a file without a "Features" heading; good
`[badge design](20230704-special.md#designing-a-tamper-proof-badge)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..model import Document, Link, Severity
from ..rule import Context, Edit, Fix, Problem, Rule
from ._links import anchors_for, fragment_ok, in_repo_github, is_relative, resolve, split_url

_FORMS = frozenset({"markdown", "html-href", "bare", "autolink"})


def _target(link: Link, doc: Document, ctx: Context) -> tuple[str | None, str] | None:
    """(repository path or None when unknown, fragment) for links into this repository."""
    url = link.url.strip()
    base, frag = split_url(url)
    if frag is None:
        return None
    if url.startswith("#"):
        return doc.path, frag
    if link.form in ("markdown", "html-href") and is_relative(url):
        return resolve(doc.path, base), frag
    found = in_repo_github(base, ctx.repo_slug)
    if found is not None and found[0] in ("main", "HEAD"):
        return found[1], frag
    return None


_ID_ATTR = re.compile(r"""\b(?:id|name)\s*=\s*(["']?)""", re.I)
_TOKEN_MAX = 256  # longer ids are filed under their first 256 characters


def _delim(c: str) -> bool:
    return c in "\"'>" or c.isspace()


class _HtmlIds:
    """Where ``id=``/``name=`` values start in a file, filed by their first token (up to a quote,
    space or ">"). Was one search of the whole text per unknown anchor, with a pattern built for it:
    quadratic in a file of 30,000 links to missing anchors."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.by_token: dict[str, list[int]] = {}
        for m in _ID_ATTR.finditer(text):
            starts = [m.end(), m.start(1)] if m.group(1) else [m.end()]  # the quote is optional
            for v in starts:
                self.by_token.setdefault(self._token(v), []).append(v)

    def _token(self, v: int) -> str:
        end = v
        limit = min(len(self.text), v + _TOKEN_MAX)
        while end < limit and not _delim(self.text[end]):
            end += 1
        return self.text[v:end].lower()

    def has(self, frag: str) -> bool:
        """What ``\\b(?:id|name)\\s*=\\s*["']?FRAG["'\\s>]`` (case-insensitive) finds in the text."""
        f = frag.lower()
        first = 0
        while first < len(f) and first < _TOKEN_MAX and not _delim(f[first]):
            first += 1
        n = len(f)
        for v in self.by_token.get(f[:first], ()):
            if self.text[v : v + n].lower() == f and v + n < len(self.text) and _delim(self.text[v + n]):
                return True
        return False


def check_missing(doc: Document, ctx: Context) -> Iterator[Problem]:
    known: dict[str, set[str] | None] = {}  # path -> anchors, computed once per target
    ids: _HtmlIds | None = None
    for link in doc.links:
        if link.form not in _FORMS or "#" not in link.url:
            continue
        target = _target(link, doc, ctx)
        if target is None:
            continue
        path, frag = target
        if path is None or not frag or frag.startswith("/"):
            continue  # `#/3` is a reveal.js slide number, not a heading
        if path not in known:
            known[path] = anchors_for(path, doc, ctx) if path.endswith(".md") or path == doc.path else None
        anchors = known[path]
        if anchors is None or fragment_ok(frag, anchors):
            continue
        if path == doc.path:
            ids = ids or _HtmlIds(doc.text)
            if ids.has(unquote(frag)):
                continue
        where = "this file" if path == doc.path else path
        yield Problem(link.span, f"anchor #{frag} matches no heading in {where}")


def check_empty(doc: Document, ctx: Context) -> Iterator[Problem]:
    for link in doc.links:
        if link.form in _FORMS and link.url.rstrip().endswith("#"):
            target = _target(link, doc, ctx)
            if target is not None and target[1] == "":
                yield Problem(link.span, f"empty anchor in {link.url.strip()}; drop the trailing '#'",
                              fix=_drop_hash(doc, link))


def _drop_hash(doc: Document, link: Link) -> Fix | None:
    """The trailing `#` removed, where the URL stands as written (a bare `#` would leave an empty
    link, which is worse: no fix then)."""
    url = link.url.strip()
    line, start = doc.line(link.span.line), link.span.col - 1
    at = line.find(url, start)
    if len(url) < 2 or at != start or link.span.line in doc.code_lines:
        return None
    end = at + len(url)  # the '#' is the last character of the URL
    return Fix((Edit(link.span.line, end, link.span.line, end + 1, ""),))


EMPTY_DOC = """A link into this repository ends in an empty `#` anchor.

What it does: reports relative and in-repository links whose fragment is empty
(`./scs-federation.md#`, `[x](#)`), usually a copy-link artefact.
Why is this bad? Harmless for the reader, but it hides what the author meant to point at and
defeats anchor checks; drop the `#` or complete the anchor.
Example: bad `[federation](./scs-federation.md#)`; good `[federation](./scs-federation.md)`.
"""

RULE = Rule(id="missing-link-anchor", severity=Severity.ERROR, check=check_missing, doc=__doc__ or "")
EMPTY_RULE = Rule(id="empty-link-anchor", severity=Severity.NOTICE, check=check_empty, doc=EMPTY_DOC, fixable="safe")
