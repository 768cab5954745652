"""The site's navigation: the index (series, years, search), a page per series, action items, Atom.

All of it is rebuilt on every run from the Documents (cheap), only the per-file pages are cached.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from minutes_ci.checks.model import Document, Kind

from .pages import chrome, doc_title, esc, href, page_path, rel_link

SEARCH_HEAD = """<link rel="stylesheet" href="pagefind/pagefind-ui.css">
<script src="pagefind/pagefind-ui.js"></script>
"""
# the search box is started by assets/search.js (no inline script: the pages' CSP forbids it)
SEARCH_BODY = """<section id="search"><h2>Search</h2>
<p class="sort" id="search-sort" hidden>Order: <a href="?#search" data-sort="">best match</a> ·
<a href="?sort=newest#search" data-sort="newest">newest first</a> ·
<a href="?sort=oldest#search" data-sort="oldest">oldest first</a></p>
<div id="search-ui"></div></section>
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


_DATES = re.compile(r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{8}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}/\d{1,2}/\d{1,2})\b")
_JOINERS = re.compile(r"^[\s:,;|–—-]+|(?:\s+(?:on|am|vom|from|of|-|–|—|:|,))+\s*$|[\s:,;|–—-]+$", re.I)


def title_without_date(doc: Document) -> str:
    """The meeting's title as it reads beside its date: the date (and a dangling "on") taken out,
    so an entry shows the date once. A title that was only a date gives ""."""
    title = doc_title(doc)
    if not doc.file_date:
        return title
    out = _DATES.sub(" ", title)
    out = re.sub(r"\s{2,}", " ", out).strip()
    prev = None
    while prev != out:
        prev, out = out, _JOINERS.sub("", out).strip()
    return out


def series_name(folder: str, titles: dict[str, str]) -> str:
    return titles.get(folder) or folder or "(top level)"


def _label(doc: Document, titles: dict[str, str], with_series: bool = False) -> str:
    kind = " <span class=\"tag\">slides</span>" if doc.kind is Kind.DECK else ""
    date = f'<time datetime="{doc.file_date.isoformat()}">{doc.file_date.isoformat()}</time> ' if doc.file_date else ""
    own = title_without_date(doc)
    name = series_name(doc.folder, titles)
    title = own or (name if doc.file_date else doc.path)  # a title that was only the date: the series
    series = f' <span class="folder">{esc(name)}</span>' if with_series and own and own != name else ""
    return f"{date}<span class=\"title\">{esc(title)}</span>{kind}{series}"


def _files(n: int) -> str:
    return "1 file" if n == 1 else f"{n} files"


def year_page_path(year: int) -> str:
    return f"_year/{year}.html"


def index_page(groups: dict[str, list[Document]], search: bool, titles: dict[str, str] | None = None,
               descriptions: dict[str, str] | None = None) -> str:
    """The home page: the latest meeting of every series (newest first), the series, the years."""
    titles, descriptions = titles or {}, descriptions or {}
    latest = []
    for items in groups.values():
        dated = [d for d in items if d.file_date]
        if dated:
            latest.append(max(dated, key=lambda d: (d.file_date, d.path)))
    latest.sort(key=lambda d: (d.file_date, d.path), reverse=True)
    newest = "\n".join(f'<li><a href="{href(page_path(d))}">{_label(d, titles, True)}</a></li>' for d in latest)
    cards = []
    for folder, items in sorted(groups.items(), key=lambda fi: series_name(fi[0], titles).lower()):
        dated = [d.file_date for d in items if d.file_date]
        span = (f'<span class="span">{_files(len(items))}, {min(dated).isoformat()} – {max(dated).isoformat()}</span>'
                if dated else f'<span class="span">{_files(len(items))}</span>')
        desc = descriptions.get(folder, "")
        desc_html = f'<br><span class="desc">{esc(desc)}</span>' if desc else ""
        cards.append(f'<li><a href="{href(folder or "_root")}/index.html">{esc(series_name(folder, titles))}</a> '
                     f"{span}{desc_html}</li>")
    years: dict[int, int] = defaultdict(int)
    for items in groups.values():
        for d in items:
            if d.file_date:
                years[d.file_date.year] += 1
    year_links = " · ".join(f'<a href="{year_page_path(y)}">{y}</a> ({n})'
                            for y, n in sorted(years.items(), reverse=True))
    body = f"""<h1>Meeting minutes</h1>
<section id="latest"><h2>Latest meetings</h2>
<p class="hint">The newest meeting of every series, newest first.</p>
<ul class="latest">
{newest}
</ul></section>
{SEARCH_BODY if search else ""}
<section id="series"><h2>Series</h2>
<ul class="series">
{chr(10).join(cards)}
</ul></section>
<section id="years"><h2>Years</h2>
<p class="years">{year_links}</p></section>
<p><a href="feed.xml">Atom feed of new minutes</a> · <a href="actions.html">Action items</a></p>"""
    return chrome("index.html", "Meeting minutes", body, head=SEARCH_HEAD if search else "", wasm=search)


def year_pages(groups: dict[str, list[Document]], titles: dict[str, str] | None = None) -> dict[str, str]:
    """A page per year: its meetings, newest first, each with its series."""
    titles = titles or {}
    by_year: dict[int, list[Document]] = defaultdict(list)
    for items in groups.values():
        for d in items:
            if d.file_date:
                by_year[d.file_date.year].append(d)
    out = {}
    taken = {page_path(d).lower() for items in groups.values() for d in items}
    for year, docs in by_year.items():
        page = year_page_path(year)
        if page.lower() in taken:  # a repository folder "_year": its documents keep their pages
            continue
        docs.sort(key=lambda d: (d.file_date, d.path), reverse=True)
        lis = "\n".join(f'<li><a href="{href(rel_link(page, page_path(d)))}">{_label(d, titles, True)}</a></li>'
                        for d in docs)
        body = (f"<h1>Meetings in {year}</h1>\n<p>{len(docs)} meetings, newest first.</p>\n"
                f'<ul class="meetings">\n{lis}\n</ul>')
        out[page] = chrome(page, f"Meetings in {year}", body)
    return out


def series_page(folder: str, items: Sequence[Document], titles: dict[str, str] | None = None,
                descriptions: dict[str, str] | None = None) -> str:
    titles, descriptions = titles or {}, descriptions or {}
    page = f"{folder or '_root'}/index.html"
    by_year: dict[str, list[Document]] = defaultdict(list)
    for doc in items:
        by_year[str(doc.file_date.year) if doc.file_date else "Documents"].append(doc)
    name = series_name(folder, titles)
    parts = [f"<h1>{esc(name)}</h1>"]
    if descriptions.get(folder):
        parts.append(f'<p class="desc">{esc(descriptions[folder])}</p>')
    years = sorted((y for y in by_year if y.isdigit()), reverse=True)
    if years:
        parts.append("<p class=\"years\">" + " · ".join(f'<a href="#y{y}">{y}</a>' for y in years) + "</p>")
    for year in [*years, *(["Documents"] if "Documents" in by_year else [])]:
        docs = sorted(by_year[year], key=lambda d: (d.file_date or dt.date.min, d.path), reverse=year.isdigit())
        lis = "\n".join(f'<li><a href="{href(rel_link(page, page_path(d)))}">{_label(d, titles)}</a></li>'
                        for d in docs)
        parts.append(f'<h2 id="y{esc(year)}">{esc(year)}</h2>\n<ul class="meetings">\n{lis}\n</ul>')
    return chrome(page, f"{name} – minutes", "\n".join(parts))


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
