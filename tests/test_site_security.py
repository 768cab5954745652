"""The published site runs no script the minutes did not come with and loads nothing from elsewhere.

Unit tests drive the sanitiser (sanitize.py + css.py) with families of cousins of each known
payload; the browser test publishes an attack repository, serves it on 127.0.0.1 and opens every
page in Chromium with alert/confirm/prompt/print hooked and every request recorded, once with the
pages' CSP and once with CSP bypassed (so the sanitiser, not only the net under it, is tested).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from minutes_ci.checks.model import Kind
from minutes_ci.checks.parse import load_document
from minutes_ci.site import csp
from minutes_ci.site.active import is_servable, servable_kind
from minutes_ci.site.css import clean_declarations, clean_stylesheet, clean_value
from minutes_ci.site.deck import build_deck
from minutes_ci.site.render import render_markdown
from minutes_ci.site.sanitize import ID_PREFIX, sanitize, sanitize_slide
from selectolax.lexbor import LexborHTMLParser
from site_helpers import PNG, build, serve

EVIL = "evil.test"


def resolve(url: str, purpose: str) -> str | None:
    """A stand-in resolver: ``ok.png`` is a local file, links pass, every other resource is refused."""
    if url.strip() in ("ok.png", "./ok.png"):
        return "ok.png"
    return url if purpose == "link" else None


def _loads(html: str) -> list[str]:
    """Every attribute value of the output, parsed as a browser parses it (for leak checks)."""
    tree = LexborHTMLParser(f"<body>{html}</body>")
    out = []
    for node in tree.root.traverse(include_text=True) if tree.root else []:
        if node.is_comment_node:
            out.append("COMMENT " + (node.comment_content or ""))
        elif node.tag == "style":
            out.append("STYLE " + node.text(deep=True))
        elif node.is_element_node:
            out += [f"{k}={v}" for k, v in node.attributes.items() if k not in ("title", "alt", "href")]
    return out


def _leaks(html: str) -> list[str]:
    return [v for v in _loads(html) if EVIL in v or v.startswith("COMMENT")]


# --- CSS: every way of writing a load, each must vanish --------------------------------------------

CSS_URLS = [
    f"url(http://{EVIL}/a.png)", f"url('http://{EVIL}/a.png')", f'url("//{EVIL}/a.png")',
    f"u\\72l(http://{EVIL}/a.png)", f"\\75 rl(http://{EVIL}/a.png)", f"U\\52L(//{EVIL}/a.png)",
    f"\\55\\52\\4c(//{EVIL}/a.png)", f"url(\\\\{EVIL}/a.png)", f"url(/\\{EVIL}/a.png)",
    f"url( //{EVIL}/a.png )", f'url("ok.png) , url(//{EVIL}/a.png")', f"url(ok.png\\29 , url(//{EVIL}/a.png)",
    f'image-set("//{EVIL}/a.png" 1x)', f"-webkit-image-set(url(//{EVIL}/a.png) 1x)",
    f'image("//{EVIL}/a.png")', f"cross-fade(url(ok.png), url(//{EVIL}/a.png), 50%)",
    f'src("//{EVIL}/a.png")', f"linear-gradient(red, blue), url(//{EVIL}/a.png)",
    f"url(data:image/svg+xml,%3Csvg%3E{EVIL})", f"url(javascript:{EVIL})", "expression(alert(1))",
    f"var(--x, url(//{EVIL}/a.png))", f"url(%2F%2F{EVIL}/a.png)",
]


@pytest.mark.parametrize("value", CSS_URLS)
def test_css_loads_are_dropped_everywhere(value: str) -> None:
    assert EVIL not in clean_declarations(f"color: red; background: {value}; width: 1px", resolve)
    assert "width: 1px" in clean_declarations(f"color: red; background: {value}; width: 1px", resolve)
    assert EVIL not in clean_stylesheet(f"p {{ background: {value} }} q {{ color: blue }}", resolve)
    assert clean_value(value, resolve) is None or EVIL not in (clean_value(value, resolve) or "")
    html = f'<p style="background: {value}">x</p><style>p {{ background: {value}; }}</style>'
    assert not _leaks(sanitize(html, resolve)), sanitize(html, resolve)


IMPORTS = [f"@import url(//{EVIL}/a.css);", f'@import "//{EVIL}/a.css";', f"@\\69mport url(//{EVIL}/a.css);",
           f"@IMPORT '//{EVIL}/a.css';", f"@im\\port url(//{EVIL}/a.css);", f"@\\000069mport '//{EVIL}/x';",
           f"@namespace url(//{EVIL}/ns);", f"@font-face {{ font-family: x; src: url(//{EVIL}/f.woff2) }}",
           f"@media screen {{ p {{ background: url(//{EVIL}/a.png) }} }}",
           f"@supports (display: grid) {{ @media print {{ p {{ background: url(//{EVIL}/a) }} }} }}",
           f"p {{ & q {{ background: url(//{EVIL}/a.png) }} }}", f"p {{ -moz-binding: url(//{EVIL}/x.xml#b) }}",
           f"p {{ behavior: url(//{EVIL}/x.htc) }}", f"@unknown url(//{EVIL}/x) {{ p {{ color: red }} }}"]


@pytest.mark.parametrize("css", IMPORTS)
def test_stylesheet_at_rules_cannot_load(css: str) -> None:
    out = clean_stylesheet(css + " h1 { color: red }", resolve)
    assert EVIL not in out and "h1 { color: red; }" in out


STYLE_BREAKOUTS = ["</style><img src=x onerror=alert(1)>", "</STYLE ><script>alert(1)</script>",
                   'p { content: "</style><script>alert(1)</script>" }', "p { font-family: \\3c/style\\3e }",
                   "<!-- </style><img src=x onerror=alert(1)> -->", "p{}</style ><svg onload=alert(1)>"]


@pytest.mark.parametrize("css", STYLE_BREAKOUTS)
def test_style_blocks_cannot_end_early(css: str) -> None:
    out = clean_stylesheet(css, resolve)
    assert "<" not in out
    html = sanitize(f"<style>{css}</style><p>after</p>", resolve)
    tree = LexborHTMLParser(html)
    assert not tree.css("script, svg, [onerror], [onload], img[src]"), html  # a real <img> may follow


# --- HTML: comments, attributes, ids --------------------------------------------------------------

COMMENTS = [f"<!-- <style>@import url(//{EVIL}/a.css);</style> -->",
            f"<!--><style>p{{background:url(//{EVIL}/a.png)}}</style>-->",
            f"<!---><style>p{{background:url(//{EVIL}/a.png)}}</style>-->",
            f"<!-- a --!><style>p{{background:url(//{EVIL}/a.png)}}</style>",
            f"<!-- .slide: data-background=\"//{EVIL}/a.png\" --><style>x{{}}</style>",
            f"<p>x<!-- <img src=//{EVIL}/a.png> --></p>",
            f"<![CDATA[<style>p{{background:url(//{EVIL}/a.png)}}</style>]]>"]


@pytest.mark.parametrize("html", COMMENTS)
def test_comments_never_survive_or_rewrite_markup(html: str) -> None:
    for out in (sanitize(html + "<p>tail</p>", resolve), sanitize_slide(html + "<p>tail</p>", resolve)[0]):
        assert "<!--" not in out and not _leaks(out), out
        assert out.endswith("<p>tail</p>")


ATTRIBUTE_URLS = [f'title="url(//{EVIL}/a.png)"', f'alt="url(//{EVIL}/a.png)"', f'class="url(//{EVIL}/a)"',
                  f'data-x="url(//{EVIL}/a.png)"']


@pytest.mark.parametrize("attr", ATTRIBUTE_URLS)
def test_url_in_plain_attributes_is_text(attr: str) -> None:
    out = sanitize(f"<img src=\"ok.png\" {attr}><p>after</p>", resolve)
    name, value = attr.split("=", 1)
    assert f'{name}={value}' in out and out.endswith("<p>after</p>")  # kept verbatim, loads nothing


BACKSLASH = [f"\\\\{EVIL}/a.png", f"/\\{EVIL}/a.png", f"\\/{EVIL}/a.png", f"/\t/{EVIL}/a.png",
             f"//{EVIL}/a.png", f"http:\\\\{EVIL}/a.png", f" //{EVIL}/a.png", f"/%5C{EVIL}/a.png",
             f"https://{EVIL}/a.png", f"\\\\{EVIL}\\a.png", f"ok.png,//{EVIL}/b.png"]
LOADING_ATTRS = ["data-background", "data-background-image", "data-background-video", "data-src",
                 "data-preview-image", "data-preview-video", "data-background-iframe", "data-preview-link",
                 "data-background-gradient", "data-background-color", "style"]


@pytest.mark.parametrize("url", BACKSLASH)
@pytest.mark.parametrize("attr", LOADING_ATTRS)
def test_element_and_slide_comments_load_nothing_elsewhere(url: str, attr: str) -> None:
    value = f"background: url({url})" if attr == "style" else url
    html = f'<p>x</p><!-- .element: {attr}="{value}" -->\n<!-- .element: {attr}="url({url})" -->'
    out, section = sanitize_slide(html, resolve)
    assert not _leaks(out) and not [v for v in section.values() if EVIL in v], (out, section)
    plain = sanitize(f'<section {attr}="{value}"><img src="{url}"></section>', resolve)
    assert not _leaks(plain), plain


def test_element_comments_are_applied_at_build_time() -> None:
    out, section = sanitize_slide('<ul><li>one <!-- .element: class="fragment" data-fragment-index="2" --></li>'
                                  '</ul><p>p</p> <!-- .element: style="color: red" onclick="alert(1)" -->'
                                  '<!-- .element: class="top" -->', resolve)
    tree = LexborHTMLParser(out)
    li, p = tree.css_first("li"), tree.css_first("p")
    assert li is not None and li.attributes == {"class": "fragment", "data-fragment-index": "2"}
    assert p is not None and p.attributes.get("style") == "color: red" and "onclick" not in p.attributes
    assert section == {} or "onclick" not in section
    top, section = sanitize_slide('text <!-- .element: class="big" data-background-color="#123" -->', resolve)
    assert section == {"class": "big", "data-background-color": "#123"} and "<!--" not in top


def test_element_comment_parsing_is_linear() -> None:
    for body in ("a" * 40_000, '="' * 20_000, ".element" * 5_000, 'x="' + "y" * 40_000):
        start = time.perf_counter()
        sanitize_slide(f"<p>x</p><!-- .element: {body} -->", resolve)
        assert time.perf_counter() - start < 5


CLOBBER = ["deck-options", "search-ui", "search", "theme", "Reveal", "RevealNotes", "mermaid", "PagefindUI",
           "documentElement", "getElementById", "querySelector", "body", "currentScript", "location"]


@pytest.mark.parametrize("name", CLOBBER)
def test_author_ids_and_names_are_namespaced(name: str) -> None:
    out = sanitize(f'<p id="{name}">a</p><a name="{name}" href="#{name}">b</a><img id="{name}" src="ok.png">',
                   resolve)
    tree = LexborHTMLParser(out)
    for node in tree.css("[id], [name]"):
        for attr in ("id", "name"):
            value = node.attributes.get(attr)
            assert value is None or value.startswith(ID_PREFIX), out
    a = tree.css_first("a")
    assert a is not None and a.attributes["href"] == f"#{ID_PREFIX}{name}"


def test_fragments_follow_the_namespace_but_reveal_routes_stay() -> None:
    out = sanitize('<a href="#/2/1">s</a><a href="#/intro">i</a><a href="other.html#topic">o</a>'
                   '<a href="https://example.org/#x">e</a>', resolve)
    assert 'href="#/2/1"' in out and f'href="#/{ID_PREFIX}intro"' in out
    assert f'href="other.html#{ID_PREFIX}topic"' in out and 'href="https://example.org/#x"' in out


NOTES = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<a href=javascript:alert(1)>x</a>",
         f"<img src=//{EVIL}/a.png>", "<svg onload=alert(1)>", '<p style="background:url(//evil.test/x)">n</p>',
         "<iframe src=//evil.test/></iframe>"]


@pytest.mark.parametrize("note", NOTES)
def test_data_notes_are_sanitised_as_html(note: str) -> None:
    for out in (sanitize(f"<section data-notes='{note}'>x</section>", resolve),
                sanitize_slide(f'<p>x</p><!-- .element: data-notes="{note}" -->', resolve)[0]):
        notes = LexborHTMLParser(out).css_first("[data-notes]")
        value = notes.attributes.get("data-notes") or "" if notes else ""
        inner = LexborHTMLParser(f"<body>{value}</body>")
        assert not inner.css("script, img, svg, iframe, [onerror], [onload], [style]"), value
        assert "javascript:" not in value and EVIL not in value


def test_reveal_machinery_attributes_are_dropped_or_checked() -> None:
    out = sanitize('<section data-pagefind-meta="title:x" data-pagefind-body data-background-iframe="ok.png" '
                   'data-preview-link="ok.png" data-markdown="x.md" data-deck-options="{}" '
                   'data-auto-animate-easing="ease;} body { background: red" data-state="a b" '
                   'data-background-video="ok.png" data-transition="zoom">x</section>', resolve)
    section = LexborHTMLParser(out).css_first("section")
    assert section is not None
    assert set(section.attributes) == {"data-state", "data-background-video", "data-transition"}, out


def test_scripts_and_active_markup_never_survive() -> None:
    html = ("<script>alert(1)</script><svg onload=alert(1)><script>alert(2)</script></svg>"
            "<math><mtext><style><img src=x onerror=alert(3)></style></mtext></math>"
            "<iframe srcdoc='<script>alert(4)</script>'></iframe><object data=x.svg></object><embed src=x.svg>"
            "<noscript><p title='</noscript><img src=x onerror=alert(5)>'></noscript>"
            "<form action=//evil.test><input type=submit formaction=//evil.test></form>"
            "<meta http-equiv=refresh content='0;url=//evil.test'><base href=//evil.test/>"
            "<link rel=stylesheet href=//evil.test/x.css><a href=javascript:alert(6)>j</a>"
            "<a href='jav&#x09;ascript:alert(7)'>k</a><img src='data:image/svg+xml,<svg onload=alert(8)>'>")
    out = sanitize(html, resolve)
    tree = LexborHTMLParser(out)
    assert not tree.css("script, svg, math, iframe, object, embed, form, meta, base, link, noscript"), out
    assert "alert" not in " ".join(_loads(out)) and "javascript" not in out.lower(), out
    assert 'type="submit"' not in out


# --- CSP and the page shells ----------------------------------------------------------------------

def test_csp_policy_is_strict() -> None:
    for wasm in (False, True):
        directives = dict(d.split(" ", 1) for d in csp.policy(wasm).split("; "))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"].split() == (["'self'", "'wasm-unsafe-eval'"] if wasm else ["'self'"])
        for name in ("object-src", "frame-src", "base-uri", "form-action"):
            assert directives[name] == "'none'"
        assert directives["img-src"] == "'self' data:" and directives["connect-src"] == "'self'"


# --- files copied into the site -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "ok"), [
    ("a.png", PNG, True), ("a.PNG", PNG, True), ("a.jpg", b"\xff\xd8\xff\xe0JFIF", True),
    ("a.pdf", b"%PDF-1.7\n", True), ("a.gif", b"GIF89a...", True), ("a.txt", b"hello\n", True),
    ("a.png", b"<html><script>alert(1)</script>", False), ("a.html", b"<p>x</p>", False),
    ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False), ("a.js", b"alert(1)", False),
    ("a.css", b"p{}", False), ("a.xml", b"<?xml version='1.0'?><x/>", False), ("a.xhtml", b"<html/>", False),
    ("a.mjs", b"export{}", False), ("a.wasm", b"\x00asm\x01\x00\x00\x00", False), ("a.htm", b"x", False),
    ("a.shtml", b"x", False), ("a.xsl", b"x", False), ("noext", PNG, False), ("a.jpg", PNG, False),
    ("a.pdf", b"<html>", False), ("a.txt", b"\x00\x01binary", False), (".png", PNG, False),
])
def test_only_passive_files_are_servable(tmp_path: Path, name: str, data: bytes, ok: bool) -> None:
    assert servable_kind(name, data) is ok
    path = tmp_path / name
    path.write_bytes(data)
    assert is_servable(path) is ok


# --- linear cost ----------------------------------------------------------------------------------

def test_many_urls_in_one_style_block_is_linear() -> None:
    css = "p { background: " + ", ".join(f"url(//{EVIL}/{n}.png)" for n in range(25_000)) + " }"
    start = time.perf_counter()
    out = sanitize(f"<style>{css}</style><style>{'url(' * 25_000}</style>", resolve)
    assert time.perf_counter() - start < 10 and EVIL not in out


def test_twenty_thousand_slides_render_quickly(tmp_path: Path) -> None:
    text = "---\ntype: slide\n---\n\n" + "\n\n---\n\n".join(f"# Slide {n}\n\ntext {n}" for n in range(20_000))
    (tmp_path / "deck.md").write_text(text, encoding="utf-8")
    doc = load_document(tmp_path, "deck.md")
    assert doc.kind is Kind.DECK and len(doc.slides) == 20_000
    start = time.perf_counter()
    parts = build_deck(doc, render_markdown(True), resolve, frozenset({"black"}))
    assert time.perf_counter() - start < 20
    assert parts.sections.count("<section") == 20_000


# --- the real thing: an attack repository in Chromium ---------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# attack payloads are kept on one line each, as an attacker would write them
ATTACK_MINUTES = f"""# 2024-05-01

<!-- <style>@import url(http://{EVIL}/c1.css);</style> -->
<!--><style>body{{background:url(http://{EVIL}/c2.png)}}</style>-->
<p title="<style>*{{background:url(http://{EVIL}/c3.png)}}</style>">title</p>
<div style="background:u\\72l(http://{EVIL}/c4.png)">escaped url</div>
<style>@\\69mport url(http://{EVIL}/c6.css); div {{ background-image: image-set("http://{EVIL}/c7.png" 1x) }}</style>
<style>p {{ background: url("ok.png) , url(http://{EVIL}/c8.png") }}</style>
<style>@font-face {{ font-family: x; src: url(http://{EVIL}/c10.woff) }} p {{ font-family: x }}</style>
<style>p {{ background: url(\\\\{EVIL}/c11.png) }} q {{ background: url(/\\{EVIL}/c12.png) }}</style>
<img src="\\\\{EVIL}/c13.png"><img src="/\\{EVIL}/c14.png"><img src="//{EVIL}/c15.png">
<img src="x" onerror="alert('img')"><svg onload="alert('svg')"></svg>
<math><mtext><style><img src=x onerror=alert('math')></style></mtext></math>
<a id="deck-options" name="Reveal" href="javascript:alert('js')">x</a>
<img name="getElementById" id="querySelector" src="ok.png">
<div data-notes="<img src=x onerror=alert('notes')>">n</div>
<a href="evil.html">html</a> <a href="evil.svg">svg</a> <a href="evil.js">js</a> <img src="fake.png">

![svg](evil.svg)

<object data="evil.svg"></object><embed src="evil.svg"><iframe srcdoc="<script>alert(1)</script>"></iframe>
<meta http-equiv="refresh" content="0;url=http://{EVIL}/">
<base href="http://{EVIL}/"><link rel=stylesheet href="http://{EVIL}/c17.css">
<noscript><p title="</noscript><img src=x onerror=alert('noscript')>"></noscript>
<table><style><img src=x onerror=alert('table')></style></table>

- AI @mallory: <img src=x onerror=alert('action')>

```mermaid
%%{{init: {{"themeCSS": "* {{ background: url(http://{EVIL}/m2.png) }}", "fontFamily": "x; bg: url(//{EVIL}/m3)"}}}}%%
flowchart LR
  A["<img src='http://{EVIL}/m1.png'> label"] --> B["<b>bold</b>"]
  click B "javascript:alert('mermaid')"
```

Search bait zebraxss &lt;img src=x onerror=alert('pagefind')&gt; and `<svg onload=alert('pagefind2')>` zebraxss
"""

ATTACK_DECK = f"""---
type: slide
title: '</title><script>alert("title")</script>'
slideOptions:
  previewLinks: true
  parallaxBackgroundImage: 'http://{EVIL}/p.png'
  keyboard: {{13: 'x'}}
---

<!-- .slide: data-background="\\\\{EVIL}/d1.png" -->
# one

<p>a</p> <!-- .element: data-background-image="/\\{EVIL}/d2.png" style="background:url(http://{EVIL}/d3.png)" -->
<div id="deck-options">{{"previewLinks": true, "plugins": 1}}</div>

---

<!-- .slide: data-background-gradient="url(http://{EVIL}/d4.png)" data-notes="<img src=x onerror=alert('dnotes')>" -->
## two
<img src="ok.png" data-preview-image="http://{EVIL}/d6.png"> <a href="http://{EVIL}/d7" data-preview-link>pl</a>
<section data-background-iframe="http://{EVIL}/d8"></section>

---

<!-- .slide: data-background-video="http://{EVIL}/d9.mp4" data-background-image="ok.png,http://{EVIL}/d10.png" -->
<!-- .slide: data-auto-animate data-auto-animate-easing="x;}}body{{background:url(http://{EVIL}/d11.png)}}" -->
## three <!-- .element: class="r-stretch" data-src="//{EVIL}/d12.png" -->

<p>x</p><!-- .element: data-background="url(http://{EVIL}/d13.png)" -->

note:
<img src=x onerror="alert('note')">
"""

HOOKS = """
window.__fired = [];
["alert", "confirm", "prompt", "print", "open"].forEach(function (n) {
  window[n] = function () { window.__fired.push(n + ": " + Array.prototype.join.call(arguments, ",")); };
});
document.addEventListener("securitypolicyviolation", function (e) {
  window.__fired.push("csp " + e.violatedDirective + " " + e.blockedURI);
});
"""
VISIT_SLIDES = """async () => {
  for (const s of Reveal.getSlides()) {
    const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v);
    await new Promise(r => setTimeout(r, 30));
  }
  document.querySelectorAll("[data-preview-image], [data-preview-video], [data-preview-link]")
    .forEach(el => el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true})));
  await new Promise(r => setTimeout(r, 200));
}"""


# label markup in every diagram type mermaid draws: nothing may load from elsewhere
DIAGRAMS = [
    f"sequenceDiagram\n  Alice->>Bob: hi <img src='//{EVIL}/s1.png'>\n  Note right of Bob: <img src='//{EVIL}/s2.png'>",
    f"classDiagram\n  class A {{\n    +x <img src='//{EVIL}/c1.png'>\n  }}\n"
    f"  note for A \"<img src='//{EVIL}/c3.png'>\"",
    f"mindmap\n  root((<img src='//{EVIL}/m1.png'>))\n    child[\"<img src='//{EVIL}/m2.png'>\"]",
    f"gantt\n  title <img src='//{EVIL}/g1.png'>\n  section S\n  Task <img src='//{EVIL}/g2.png'> :a1, 2024-01-01, 3d",
    f"timeline\n  title <img src='//{EVIL}/t1.png'>\n  2024 : <img src='//{EVIL}/t2.png'>",
    f"pie title <img src='//{EVIL}/p1.png'>\n  \"<img src='//{EVIL}/p2.png'>\" : 1",
    f"stateDiagram-v2\n  A: <img src='//{EVIL}/st1.png'>\n  A --> B\n  note right of A: <img src='//{EVIL}/st2.png'>",
    f"erDiagram\n  A ||--o{{ B : \"<img src='//{EVIL}/e1.png'>\"",
    f"flowchart LR\n  A[\"`**<img src='//{EVIL}/f1.png'>**`\"] --> B\n  C[<img src='//{EVIL}/f2.png'>]",
    f"journey\n  title <img src='//{EVIL}/j1.png'>\n  section S\n    Task <img src='//{EVIL}/j2.png'>: 5: Me",
]


def make_attack_repo(root: Path) -> Path:
    (root / "sec").mkdir(parents=True)
    (root / "sec" / "20240501.md").write_text(ATTACK_MINUTES, encoding="utf-8")
    (root / "sec" / "20240502.md").write_text(ATTACK_DECK, encoding="utf-8")
    diagrams = "\n\n".join(f"```mermaid\n{d}\n```" for d in DIAGRAMS)
    (root / "sec" / "20240505.md").write_text(f"# 2024-05-05\n\n{diagrams}\n", encoding="utf-8")
    (root / "sec" / "ok.png").write_bytes(PNG)
    (root / "sec" / "fake.png").write_text("<html><script>alert('fake png')</script>", encoding="utf-8")
    (root / "sec" / "evil.html").write_text("<script>alert('html')</script>", encoding="utf-8")
    (root / "sec" / "evil.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
                                           encoding="utf-8")
    (root / "sec" / "evil.js").write_text("alert('js file')", encoding="utf-8")
    # names are data too: a page called javascript:..., a folder whose name is markup
    (root / "sec" / "javascript:alert('name').md").write_text("# 2024-05-03\n\ntext\n", encoding="utf-8")
    (root / "x\"><img src=x onerror=alert('folder')>").mkdir()
    (root / "x\"><img src=x onerror=alert('folder')>" / "20240504.md").write_text("# 2024-05-04\n", encoding="utf-8")
    (root / "README.md").write_text("# Minutes\n\n[sec](sec/20240501.md) <style>@import '//evil.test/x';</style>\n",
                                    encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_attack_repo(tmp_path_factory.mktemp("attack-repo"))
    out = tmp_path_factory.mktemp("attack-site")
    build(root, out)
    return out


def _pages(out: Path) -> list[str]:
    """Every HTML page in the site (vendored packages included: none of theirs may be served)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.suffix.lower() in (".html", ".htm"))


def test_attack_repository_files_are_not_copied(attack_site: Path) -> None:
    for name in ("evil.html", "evil.svg", "evil.js", "fake.png"):
        assert not (attack_site / "sec" / name).exists(), name
    assert (attack_site / "sec" / "ok.png").is_file()
    assert not [p for p in attack_site.rglob("*") if p.suffix in (".svg", ".xhtml", ".xml") and "assets" not in
                p.parts and p.name != "feed.xml"]


def test_every_page_has_the_strict_csp_first(attack_site: Path) -> None:
    pages = _pages(attack_site)
    assert len(pages) >= 5 and "sec/20240502.html" in pages
    for page in pages:
        html = (attack_site / page).read_text(encoding="utf-8")
        head = html.split("<head>", 1)[1]
        assert head.lstrip().startswith('<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"'), page
        assert "<script>" not in html and not re.search(r"<script(?![^>]*\ssrc=)", html), page
        assert "<!--" not in html.split("<body>", 1)[1], page


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "sanitiser-alone"])
def test_attack_site_runs_no_script_and_stays_on_its_origin(chromium: Any, attack_site: Path,
                                                           bypass_csp: bool) -> None:
    problems: list[str] = []
    with serve(attack_site) as base:
        context = chromium.new_context(bypass_csp=bypass_csp)
        context.add_init_script(HOOKS)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      or route.request.url.startswith("data:") else route.abort())
        page = context.new_page()
        for path in _pages(attack_site):
            page.goto(base + path, wait_until="load")
            if page.query_selector("html[data-deck-options]"):
                page.wait_for_selector("html[data-deck-ready]", timeout=30000)
                page.evaluate(VISIT_SLIDES)
            page.wait_for_timeout(100)
            schemes = page.evaluate("() => Array.from(document.querySelectorAll('[href], [src]'))"
                                    ".map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), location.href)"
                                    ".protocol)")
            problems += [f"{path}: a {s} URL" for s in schemes if s not in ("http:", "https:", "mailto:", "data:")]
            fired = page.evaluate("() => window.__fired")
            problems += [f"{path}: {f}" for f in fired]
            if not bypass_csp:
                meta = page.evaluate("() => (document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')"
                                     " || {}).content || ''")
                if "default-src 'none'" not in meta or "script-src 'self'" not in meta:
                    problems.append(f"{path}: CSP {meta!r}")
        problems += [f"request off the site: {u}" for u in requests
                     if not (u.startswith(base) or u.startswith("data:"))]
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "sanitiser-alone"])
def test_search_works_under_the_csp_and_shows_no_markup(chromium: Any, attack_site: Path, bypass_csp: bool) -> None:
    if not (attack_site / "pagefind").is_dir():
        pytest.skip("pagefind index not built")
    with serve(attack_site) as base:
        context = chromium.new_context(bypass_csp=bypass_csp)
        context.add_init_script(HOOKS)
        page = context.new_page()
        page.goto(base + "index.html", wait_until="load")
        page.fill(".pagefind-ui__search-input", "zebraxss")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__fired") == []
        assert not page.query_selector("#search-ui img, #search-ui svg"), page.inner_html("#search-ui")
        context.close()


DEEP = ["<style>p{x:" + "a(" * 5000 + "}</style>", "<style>" + "@media x{" * 5000 + "</style>",
        '<p style="x:' + "(" * 5000 + '">x</p>', "<style>" + "p{" * 5000 + "</style>",
        "<style>p{x:" + "[" * 50000 + "}</style>", "<div>" * 5000 + "x",
        '<p>x</p><!-- .element: data-background-color="' + "rgb(" * 3000 + '" -->']


@pytest.mark.parametrize("html", DEEP, ids=range(len(DEEP)))
def test_deeply_nested_input_is_dropped_not_a_crash(html: str) -> None:
    start = time.perf_counter()
    out, _ = sanitize_slide(html, resolve)
    assert EVIL not in out and "<!--" not in out and sanitize(html, resolve) is not None
    assert time.perf_counter() - start < 10


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failing_sanitiser_fails_closed() -> None:
    def broken(url: str, purpose: str) -> str | None:
        raise RuntimeError("resolver bug")

    # in an attribute: ammonia drops the attribute whose filter failed
    out = sanitize('<img src="x.png" onerror="alert(1)"><script>alert(2)</script>', broken)
    assert out == "<img>"
    # in the tree pass (a <style> block): the input is shown as text
    out = sanitize("<style>p { background: url(x.png) }</style><img src=x onerror=alert(1)>", broken)
    assert out.startswith('<pre class="unsanitisable">') and "<img" not in out and "<style" not in out
    out, attrs = sanitize_slide("<style>p { background: url(x.png) }</style>", broken)
    assert "<style" not in out and attrs == {}


def test_many_element_comments_among_text_cost_linear_time() -> None:
    """Each `.element` comment looks back for its element: among text nodes of one paragraph that
    walk is shared (it was one walk per comment: 10,000 comments took 30 s)."""
    import time

    from minutes_ci.site.sanitize import sanitize_slide

    def cost(n: int) -> float:
        html = "<p><em>e</em>" + 'x <!-- .element: class="c" -->\n' * n + "</p>"
        start = time.process_time()
        out, _ = sanitize_slide(html, lambda url, purpose: None)
        assert '<em class="c">' in out and "<!--" not in out
        return time.process_time() - start

    small, large = cost(2_000), cost(8_000)
    assert large < 10
    assert large < 8 * max(small, 0.05)  # linear: 4x the comments, well under 16x the time
