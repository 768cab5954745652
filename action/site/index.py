"""The site's navigation: the index (series, years, search), a page per series, action items, Atom.

All of it is rebuilt on every run from the Documents (cheap), only the per-file pages are cached.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from minutes_ci.checks.model import Document, Kind

from .pages import chrome, doc_title, esc, href, page_path, rel_link
from .sanitize import ID_PREFIX

SEARCH_HEAD = """<link rel="stylesheet" href="pagefind/pagefind-ui.css">
<script src="pagefind/pagefind-ui.js"></script>
"""
# the search box is started by assets/search.js (no inline script: the pages' CSP forbids it)
SEARCH_BODY = """<section id="search"><h2>Search</h2><div id="search-ui"></div></section>
<script src="assets/search.js"></script>
"""


def series_of(docs: Sequence[Document]) -> dict[str, list[Document]]:
    """Published documents per folder, dated ones by date, the rest by path."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.folder].append(doc)
    for items in groups.values():
        items.sort(key=lambda d: (d.file_date is None, d.file_date or dt.date.min, d.path))
    return dict(sorted(groups.items()))


def _label(doc: Document) -> str:
    kind = " <span class=\"tag\">slides</span>" if doc.kind is Kind.DECK else ""
    date = f"<time>{doc.file_date.isoformat()}</time> " if doc.file_date else ""
    return f"{date}{esc(doc_title(doc))}{kind}"


def index_page(groups: dict[str, list[Document]], search: bool) -> str:
    rows = []
    for folder, items in groups.items():
        dated = [d.file_date for d in items if d.file_date]
        span = f"{min(dated).isoformat()} – {max(dated).isoformat()}" if dated else ""
        name = folder or "(top level)"
        rows.append(f'<tr><td><a href="{href(folder or "_root")}/index.html">{esc(name)}</a></td>'
                    f"<td>{len(items)}</td><td>{span}</td></tr>")
    recent = sorted((d for items in groups.values() for d in items if d.file_date),
                    key=lambda d: (d.file_date, d.path), reverse=True)[:25]
    latest = "\n".join(f'<li><a href="{href(page_path(d))}">{_label(d)}</a> '
                       f'<span class="folder">{esc(d.folder)}</span></li>' for d in recent)
    body = f"""<h1>Meeting minutes</h1>
{SEARCH_BODY if search else ""}
<h2>Series</h2>
<table class="series"><thead><tr><th>Series</th><th>Files</th><th>Dates</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Latest</h2>
<ul class="latest">
{latest}
</ul>
<p><a href="feed.xml">Atom feed of new minutes</a> · <a href="actions.html">Action items</a></p>"""
    return chrome("index.html", "Meeting minutes", body, head=SEARCH_HEAD if search else "", wasm=search)


def series_page(folder: str, items: Sequence[Document]) -> str:
    page = f"{folder or '_root'}/index.html"
    by_year: dict[str, list[Document]] = defaultdict(list)
    for doc in items:
        by_year[str(doc.file_date.year) if doc.file_date else "Documents"].append(doc)
    parts = [f"<h1>{esc(folder or '(top level)')}</h1>"]
    years = sorted((y for y in by_year if y.isdigit()), reverse=True)
    if years:
        parts.append("<p class=\"years\">" + " · ".join(f'<a href="#y{y}">{y}</a>' for y in years) + "</p>")
    for year in [*years, *(["Documents"] if "Documents" in by_year else [])]:
        docs = sorted(by_year[year], key=lambda d: (d.file_date or dt.date.min, d.path), reverse=year.isdigit())
        lis = "\n".join(f'<li><a href="{href(rel_link(page, page_path(d)))}">{_label(d)}</a></li>' for d in docs)
        parts.append(f'<h2 id="y{esc(year)}">{esc(year)}</h2>\n<ul class="meetings">\n{lis}\n</ul>')
    return chrome(page, f"{folder or 'top level'} – minutes", "\n".join(parts))


def actions_page(docs: Sequence[Document], anchors: dict[str, list[int]]) -> str:
    """Every action item across meetings, newest first, each linking back to its line."""
    rows = []
    items = [(d, a) for d in docs for a in d.action_items]
    items.sort(key=lambda da: (da[0].file_date or dt.date.min, da[0].path, da[1].span.line), reverse=True)
    for doc, item in items:
        lines = [n for n in anchors.get(doc.path, []) if n <= item.span.line]
        frag = f"#{ID_PREFIX}L{max(lines)}" if lines else ""  # page ids are namespaced by the sanitiser
        owner = f"@{item.owner}" if item.owner else "(nobody)"
        date = doc.file_date.isoformat() if doc.file_date else ""
        rows.append(f'<tr><td>{esc(owner)}</td><td>{esc(item.text)}</td>'
                    f'<td><a href="{href(page_path(doc))}{frag}">{esc(date or doc.path)}</a></td>'
                    f"<td>{esc(doc.folder)}</td></tr>")
    owners = len({a.owner.lower() for _, a in items if a.owner})
    body = f"""<h1>Action items</h1>
<p>{len(items)} action items by {owners} people, newest meeting first.</p>
<table class="actions"><thead><tr><th>Who</th><th>What</th><th>Meeting</th><th>Series</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>"""
    return chrome("actions.html", "Action items", body)


def atom_feed(docs: Sequence[Document], base_url: str, updated: dt.datetime, limit: int = 50) -> str:
    """An Atom feed of the newest dated files; links are absolute when ``base_url`` is known."""
    dated = sorted((d for d in docs if d.file_date), key=lambda d: (d.file_date, d.path), reverse=True)[:limit]
    base = base_url.rstrip("/") + "/" if base_url else ""
    entries = []
    for doc in dated:
        assert doc.file_date is not None
        when = dt.datetime.combine(doc.file_date, dt.time(), dt.timezone.utc).isoformat()
        entries.append(f"""<entry>
<title>{xml_escape(doc.folder + ": " + doc_title(doc))}</title>
<id>urn:minutes-ci:{xml_escape(doc.path)}</id>
<link rel="alternate" type="text/html" href="{xml_escape(base + urllib.parse.quote(page_path(doc), safe="/"))}"/>
<updated>{when}</updated>
<summary>{xml_escape(f"{doc.folder} meeting of {doc.file_date.isoformat()}")}</summary>
</entry>""")
    self_link = f'<link rel="self" href="{xml_escape(base)}feed.xml"/>\n' if base else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>New meeting minutes</title>
<id>urn:minutes-ci:feed:{xml_escape(base or "local")}</id>
<updated>{updated.isoformat()}</updated>
<author><name>minutes-ci</name></author>
{self_link}<link rel="alternate" type="text/html" href="{xml_escape(base)}index.html"/>
{chr(10).join(entries)}
</feed>
"""
