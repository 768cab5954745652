"""HTML shells: a deck page around reveal.js, a readable page for minutes and documents.

Every link is relative (``rel`` is the path from the page's folder to the site root), so the same
output works under ``https://ORG.github.io/REPO/`` and opened from a folder.
"""

from __future__ import annotations

import html
import posixpath
import re
import urllib.parse
from dataclasses import dataclass

from minutes_ci.checks.model import Document

from . import csp
from .deck import DeckParts, options_json
from .vendor import REVEAL

_TAG = re.compile(r"<[^>]*>")
GENERATOR = "minutes-ci"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def href(path: str) -> str:
    """A site path as an attribute-ready relative URL: percent-encoded, so a file or folder name
    (``javascript:x.md``, ``a#b``, ``?``) can never read as a scheme, a fragment or a query."""
    return esc(urllib.parse.quote(path, safe="/"))


def plain(text: str) -> str:
    """A title line's text without inline HTML (``<font>``) or Markdown heading/emphasis marks."""
    return re.sub(r"\s+", " ", _TAG.sub("", text)).strip().strip("#*_ ").strip()


def page_path(doc: Document) -> str:
    """Where a document's page lives in the site: its own path with ``.html``."""
    stem = doc.path[:-3] if doc.path.lower().endswith(".md") else doc.path
    return stem + ".html"


def to_root(page: str) -> str:
    """The relative prefix from ``page`` to the site root ("" at the root)."""
    depth = page.count("/")
    return "../" * depth


def rel_link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def doc_title(doc: Document) -> str:
    data = doc.front_matter.data if doc.front_matter and isinstance(doc.front_matter.data, dict) else {}
    title = plain(doc.title.text) if doc.title else ""
    if not title and isinstance(data.get("title"), str | int | float):
        title = str(data["title"])
    return title or (doc.file_date.isoformat() if doc.file_date else doc.path.rsplit("/", 1)[-1])


def meta_tags(doc: Document) -> str:
    """HedgeDoc's front-matter ``description`` and ``robots`` as <meta> tags."""
    data = doc.front_matter.data if doc.front_matter and isinstance(doc.front_matter.data, dict) else {}
    out = []
    for key in ("description", "robots"):
        value = data.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            out.append(f'<meta name="{key}" content="{esc(str(value))}">\n')
    return "".join(out)


@dataclass
class Nav:
    series: str  # folder name ("" at the root)
    prev: Document | None = None
    next: Document | None = None
    title: str = ""  # the series' name from the configuration ("Team IaaS"); "" -> the folder name


def diagram_scripts(page: str, mermaid_folder: str | None) -> str:
    """The pinned mermaid and the small script that draws a page's mermaid blocks."""
    if not mermaid_folder:
        return ""
    root = to_root(page)
    return (f'<script src="{root}assets/{mermaid_folder}/dist/mermaid.min.js"></script>\n'
            f'<script src="{root}assets/diagrams.js"></script>\n')


def _pagefind_value(text: str) -> str:
    # Pagefind UI shows filter values as HTML (and its indexer decodes entities itself), so markup
    # characters of a folder name or title are not passed on at all
    return esc(re.sub(r"[<>&\"'`]", "_", text))


def _series_meta(doc: Document, nav: Nav | None = None) -> str:
    """What a search result needs to answer "which meeting?": the series and the date shown with
    the result (meta), filters by series and year, sorting by date. Set by the site: an author's
    own data-pagefind-* attributes are dropped by the sanitiser."""
    series = _pagefind_value((nav.title if nav else "") or doc.folder or "(top level)")
    out = (f'<meta data-pagefind-filter="series[content]" content="{series}">\n'
           f'<meta data-pagefind-meta="series[content]" content="{series}">\n')
    if doc.file_date:
        day = doc.file_date.isoformat()
        out += (f'<meta data-pagefind-sort="date[content]" content="{day}">\n'
                f'<meta data-pagefind-meta="date[content]" content="{day}">\n'
                f'<meta data-pagefind-filter="year[content]" content="{doc.file_date.year}">\n')
    return out


def _deck_nav(doc: Document, nav: Nav | None) -> str:
    """The way out of a deck: the index, the series, the previous and next meetings."""
    page = page_path(doc)
    root = to_root(page)
    links = [f'<a href="{root}index.html" title="all meetings">&#8962;</a>']
    if nav and nav.series:
        links.append(f'<a href="{href(root + nav.series)}/index.html" title="this series">'
                     f"{esc(nav.title or nav.series)}</a>")
    if nav and nav.prev:
        links.append(f'<a rel="prev" href="{href(rel_link(page, page_path(nav.prev)))}" title="previous meeting">'
                     "&larr;</a>")
    if nav and nav.next:
        links.append(f'<a rel="next" href="{href(rel_link(page, page_path(nav.next)))}" title="next meeting">'
                     "&rarr;</a>")
    return '<nav class="deck-home">' + " ".join(links) + "</nav>"


def deck_page(doc: Document, parts: DeckParts, title: str, mermaid: str | None = None,
              nav: Nav | None = None) -> str:
    root = to_root(page_path(doc))
    reveal = f"{root}assets/{REVEAL.folder}"
    lang = esc(parts.lang or "en")
    # the options live on <html>: the minutes cannot create, shadow or precede that element
    return f"""<!doctype html>
<html lang="{lang}" data-deck-options="{esc(options_json(parts.options))}">
<head>
<meta charset="utf-8">
{csp.meta()}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{reveal}/dist/reset.css">
<link rel="stylesheet" href="{reveal}/dist/reveal.css">
<link rel="stylesheet" href="{reveal}/dist/theme/{esc(parts.theme)}.css" id="theme">
<link rel="stylesheet" href="{root}assets/highlight.css">
<link rel="stylesheet" href="{root}assets/deck.css">
<meta data-pagefind-meta="title[content]" content="{esc(title)}">
{meta_tags(doc)}{_series_meta(doc, nav)}</head>
<body>
{_deck_nav(doc, nav)}
<div class="reveal"><div class="slides" data-pagefind-body>
{parts.sections}
</div></div>
<script src="{reveal}/dist/reveal.js"></script>
<script src="{reveal}/plugin/notes/notes.js"></script>
{diagram_scripts(page_path(doc), mermaid)}<script src="{root}assets/deck.js"></script>
</body>
</html>
"""


def chrome(page: str, title: str, body: str, *, head: str = "", index_body: bool = False, tail: str = "",
           wasm: bool = False) -> str:
    """The shared frame of every non-deck page (``wasm``: the page runs Pagefind's WebAssembly)."""
    root = to_root(page)
    pf = " data-pagefind-body" if index_body else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{csp.meta(wasm)}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{root}assets/highlight.css">
<link rel="stylesheet" href="{root}assets/site.css">
<link rel="alternate" type="application/atom+xml" title="New minutes" href="{root}feed.xml">
{head}</head>
<body>
<nav class="top"><a href="{root}index.html">Minutes</a> · <a href="{root}actions.html">Action items</a>
 · <a href="{root}index.html#search">Search</a></nav>
<main{pf}>
{body}
</main>
<script src="{root}assets/anchors.js"></script>
{tail}</body>
</html>
"""


def minutes_page(doc: Document, content: str, title: str, nav: Nav, mermaid: str | None = None) -> str:
    page = page_path(doc)
    root = to_root(page)
    series = nav.title or nav.series or "(top level)"
    series_href = f"{root}{nav.series}/index.html" if nav.series else f"{root}index.html"
    links = []
    if nav.prev:
        links.append(f'<a rel="prev" href="{href(rel_link(page, page_path(nav.prev)))}">&larr; '
                     f'{esc(nav.prev.file_date.isoformat() if nav.prev.file_date else doc_title(nav.prev))}</a>')
    if nav.next:
        links.append(f'<a rel="next" href="{href(rel_link(page, page_path(nav.next)))}">'
                     f'{esc(nav.next.file_date.isoformat() if nav.next.file_date else doc_title(nav.next))} &rarr;</a>')
    date = f'<time datetime="{doc.file_date.isoformat()}">{doc.file_date.isoformat()}</time>' if doc.file_date else ""
    header = f"""<header class="meeting" data-pagefind-ignore>
<p class="series"><a href="{href(series_href)}">{esc(series)}</a> {date}</p>
<nav class="prevnext">{" ".join(links)}</nav>
</header>
<p class="source" data-pagefind-ignore>Source: <code>{esc(doc.path)}</code></p>"""
    meta = (f'<meta data-pagefind-meta="title[content]" content="{esc(title)}">\n' + meta_tags(doc)
            + _series_meta(doc, nav))
    body = f'{header}\n<article class="minutes">\n{content}\n</article>'
    return chrome(page, title, body, head=meta, index_body=True, tail=diagram_scripts(page, mermaid))
