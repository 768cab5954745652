"""Action items people can act on: every item with its words, its owners, meeting and series.

The parser records where an item's marker is (``AI @x:``, ``(AI @x)``, ...) and the text after it;
readers need the whole item: the words before a trailing ``(AI @x)``, every owner of
``(AI @a, @b)``, and, when the item's own line says nothing but the marker (``- AI: @x`` under a
list item), the words of the list item it belongs to. The text is rendered as Markdown and goes
through the sanitiser like every other piece of author HTML.
"""

from __future__ import annotations

import bisect
import datetime as dt
import posixpath
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from minutes_ci.checks.model import ActionItem, Document

from .index import title_without_date
from .pages import chrome, doc_title, esc, href, page_path
from .render import render_markdown
from .sanitize import ID_PREFIX, ResolveFn, sanitize

_MORE_OWNERS = re.compile(r"\s*(?:,|&|/|\+|\band\b|\bund\b)?\s*@([\w.-]+)")
_BULLET = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_EDGE = " \t:;,.-–—>|"
_WORD = re.compile(r"\w{2,}")
_INDENT = re.compile(r"[ \t]*")


@dataclass
class Item:
    doc: Document
    line: int
    owners: list[str]  # as written (case kept), first the parser's
    text: str  # Markdown
    context: str = ""  # the list item this one belongs to, when its own words are too few
    html: str = field(default="", repr=False)


def _owners_and_text(doc: Document, item: ActionItem) -> tuple[list[str], str]:
    line = doc.line(item.span.line)
    start, end = item.span.col - 1, min(item.span.end_col - 1, len(line))
    owners = [item.owner] if item.owner else []
    while True:  # "AI @a, @b and @c:" / "(AI @a @b)": every handle right after the marker
        m = _MORE_OWNERS.match(line, end)
        if not m:
            break
        owners.append(m.group(1))
        end = m.end()
    if start > 0 and line[start - 1] == "(" and item.form != "(AI @x)":
        close = re.compile(r"\s*\)").match(line, end)
        if close:
            start, end = start - 1, close.end()
    colon = re.compile(r"\s*:").match(line, end)
    end = colon.end() if colon else end
    before, after = line[:start], line[end:]
    bullet = _BULLET.match(before)
    before = before[bullet.end():] if bullet else before.lstrip()
    text = (before.rstrip(_EDGE + " ") + " " + after.strip(_EDGE)).strip() if after.strip(_EDGE) \
        else before.strip().rstrip(_EDGE)
    unique: dict[str, str] = {}
    for o in owners:
        unique.setdefault(o.lower(), o)
    return list(unique.values()), text.strip().lstrip(" -–—>:")  # "- -> cancel (AI @x)": the arrow goes


def _continuation(doc: Document, ln: int) -> str:
    """The lines that continue the item's list paragraph (indented, not a new bullet, not blank)."""
    first = doc.line(ln)
    indent = len(_INDENT.match(first).group(0))  # type: ignore[union-attr]
    out = []
    for n in range(ln + 1, min(ln + 6, len(doc.lines)) + 1):
        text = doc.line(n)
        if not text.strip() or _BULLET.match(text) or n in doc.code_lines:
            break
        if len(_INDENT.match(text).group(0)) <= indent:  # type: ignore[union-attr]
            break
        out.append(text.strip())
    return " ".join(out)


def _parent(doc: Document, ln: int) -> str:
    """The text of the list item (or paragraph, heading) the line belongs to."""
    indent = len(_INDENT.match(doc.line(ln)).group(0))  # type: ignore[union-attr]
    for n in range(ln - 1, max(ln - 40, 0), -1):
        text = doc.line(n)
        if not text.strip() or n in doc.code_lines:
            continue
        if text.lstrip().startswith("#"):
            return text.strip().lstrip("#").strip()
        if len(_INDENT.match(text).group(0)) < indent:  # type: ignore[union-attr]
            bullet = _BULLET.match(text)
            return (text[bullet.end():] if bullet else text).strip().rstrip(_EDGE)
        if indent == 0 and not _BULLET.match(doc.line(ln)):
            return text.strip()
    return ""


def collect(docs: Sequence[Document]) -> list[Item]:
    items: list[Item] = []
    for doc in docs:
        for ai in doc.action_items:
            owners, text = _owners_and_text(doc, ai)
            more = _continuation(doc, ai.span.line)
            text = f"{text} {more}".strip() if more else text
            context = _parent(doc, ai.span.line) if len(_WORD.findall(text)) < 2 else ""
            items.append(Item(doc, ai.span.line, owners, text, context))
    items.sort(key=lambda it: (it.doc.file_date or dt.date.min, it.doc.path, -it.line), reverse=True)
    return items


def _resolver(doc: Document, to_root: str) -> ResolveFn:
    """Links of an item as seen from a page at the site root (``to_root`` = "" or "../")."""
    base = posixpath.dirname(doc.path)

    def resolve(url: str, purpose: str) -> str | None:
        raw = url.strip()
        if purpose != "link":
            return None  # an item's images are not loaded from this page
        parts = urllib.parse.urlsplit(raw)
        if parts.scheme or raw.startswith("//"):
            return raw  # the sanitiser's scheme list decides
        if raw.startswith("#") or not parts.path:
            return None
        rel = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(parts.path)))
        if rel.startswith("..") or rel.startswith("/"):
            return None
        if rel.endswith(".md"):
            rel = rel[:-3] + ".html"
        return to_root + urllib.parse.quote(rel) + (f"#{parts.fragment}" if parts.fragment else "")

    return resolve


def person_file(handle: str) -> str:
    """A person's page: the handle lower-cased, anything but letters, digits, - and _ replaced."""
    return "people/" + (re.sub(r"[^a-z0-9_-]", "_", handle.lower()) or "_") + ".html"


def _render(item: Item, to_root: str) -> str:
    resolve = _resolver(item.doc, to_root)
    text = render_markdown().renderInline(item.text) if item.text else ""
    ctx = render_markdown().renderInline(item.context) if item.context else ""
    out = sanitize(text, resolve) if text else ""
    if ctx:
        out = f'<span class="context">{sanitize(ctx, resolve)}</span> ' + out
    return out or '<span class="empty">(no text)</span>'


def _li(item: Item, anchors: dict[str, list[int]], to_root: str, titles: dict[str, str],
        files: dict[str, str]) -> str:
    doc = item.doc
    # the nearest heading anchor above the item, by bisect: a scan of all anchors per item made a
    # page of many items quadratic (20,000 items: minutes)
    lines = anchors.get(doc.path, [])  # sorted by actions_pages
    at = bisect.bisect_right(lines, item.line)
    frag = f"#{ID_PREFIX}L{lines[at - 1]}" if at else ""
    date = doc.file_date.isoformat() if doc.file_date else ""
    series = titles.get(doc.folder) or doc.folder or "(top level)"
    owners = " ".join(f'<a class="owner" href="{href(to_root + files[o.lower()])}">@{esc(o)}</a>'
                      for o in item.owners) or '<span class="owner">(nobody)</span>'
    data_owners = " ".join(o.lower() for o in item.owners)
    title = title_without_date(doc) if date else doc_title(doc)  # the date is shown once
    meeting = f'{f"<time>{date}</time> " if date else ""}{esc(title)}'.strip()
    return (f'<li data-owners="{esc(data_owners)}" data-series="{esc(doc.folder)}" '
            f'data-year="{doc.file_date.year if doc.file_date else ""}">'
            f'<p class="who">{owners}</p><p class="what">{_render(item, to_root)}</p>'
            f'<p class="where"><a href="{href(to_root + page_path(doc))}{frag}">{meeting}</a>'
            f' · <span class="series">{esc(series)}</span></p></li>')


_FILTERS = """<div class="filters" id="action-filters" hidden>
<label>Person <select id="f-owner"><option value="">everyone</option>{owners}</select></label>
<label>Series <select id="f-series"><option value="">all series</option>{series}</select></label>
<label>Year <select id="f-year"><option value="">all years</option>{years}</select></label>
<label>Text <input id="f-text" type="search" placeholder="words in the item"></label>
<span id="f-count" aria-live="polite"></span>
</div>"""


def actions_pages(docs: Sequence[Document], anchors: dict[str, list[int]],
                  titles: dict[str, str] | None = None) -> dict[str, str]:
    """actions.html (every item, newest meeting first, with filters) and a page per person.
    A person's page never takes the place of a document's page (a repository folder ``people/``)."""
    titles = titles or {}
    anchors = {path: sorted(lines) for path, lines in anchors.items()}  # for _li's bisect
    taken = {page_path(d).lower() for d in docs}
    items = collect(docs)
    people: dict[str, list[Item]] = defaultdict(list)
    shown: dict[str, str] = {}
    for it in items:
        for o in it.owners:
            people[o.lower()].append(it)
            shown.setdefault(o.lower(), o)
    files: dict[str, str] = {}
    used: dict[str, str] = {}
    names: set[str] = set()  # used.values(), kept as a set: a list scan per person was quadratic
    for key in sorted(people):
        name = person_file(shown[key])
        while name in names or name.lower() in taken:  # two handles on one name, a document's page
            name = name[:-5] + "_.html"
        used[key] = name
        names.add(name)
    owner_opts = "".join(f'<option value="{esc(k)}">@{esc(shown[k])} ({len(people[k])})</option>'
                         for k in sorted(people))
    folders = sorted({it.doc.folder for it in items})
    series_opts = "".join(f'<option value="{esc(f)}">{esc(titles.get(f) or f or "(top level)")}</option>'
                          for f in folders)
    years = sorted({it.doc.file_date.year for it in items if it.doc.file_date}, reverse=True)
    year_opts = "".join(f'<option value="{y}">{y}</option>' for y in years)
    lis = "\n".join(_li(it, anchors, "", titles, used) for it in items)
    people_links = " · ".join(f'<a href="{href(used[k])}">@{esc(shown[k])}</a> ({len(people[k])})'
                              for k in sorted(people))
    body = f"""<h1>Action items</h1>
<p>{len(items)} action items by {len(people)} people, newest meeting first.</p>
{_FILTERS.format(owners=owner_opts, series=series_opts, years=year_opts)}
<ul class="actions" id="action-list">
{lis}
</ul>
<h2 id="people">People</h2>
<p class="people">{people_links}</p>"""
    tail = '<script src="assets/actions.js"></script>\n'
    files["actions.html"] = chrome("actions.html", "Action items", body, tail=tail)
    for key, name in used.items():
        mine = "\n".join(_li(it, anchors, "../", titles, used) for it in people[key])
        page_body = (f'<h1>Action items of @{esc(shown[key])}</h1>\n<p>{len(people[key])} items, newest '
                     f'meeting first. <a href="../actions.html">All action items</a></p>\n'
                     f'<ul class="actions">\n{mine}\n</ul>')
        files[name] = chrome(name, f"Action items of @{shown[key]}", page_body)
    return files
