"""What readers of the published minutes see: decks as in HedgeDoc, highlighted code, action items,
the home page, search metadata, pages that fit a phone."""

from __future__ import annotations

import os
import re
import typing
from pathlib import Path

import pytest
from minutes_ci.checks.parse import parse_document
from minutes_ci.site.deck import build_deck, reveal_dedent
from minutes_ci.site.highlight import parse_info, stylesheet
from minutes_ci.site.render import render_markdown, render_tokens
from minutes_ci.site.resources import Resolver
from minutes_ci.site.sanitize import sanitize

ASSETS = Path(__file__).resolve().parent.parent / "action" / "site" / "assets"


def _deck(text: str) -> str:
    doc = parse_document("community-call/20240101.md", text.encode())
    parts = build_deck(doc, render_markdown(), Resolver(Path(os.devnull)).for_doc(doc), frozenset({"white"}))
    return parts.sections


def _page(text: str) -> str:
    doc = parse_document("iaas/20240101.md", text.encode())
    return sanitize(render_tokens(render_markdown(), doc.tokens, {}, None, {}), lambda u, p: u)


@pytest.mark.parametrize(("tail", "slides"), [
    ("\n\n---", 2),  # no line break after the last separator: HedgeDoc does not split there
    ("\n\n----", 2),
    ("\n\n---\n", 3),  # with one, it does (an empty last slide, as in HedgeDoc)
    ("\n\n---\n\n# C\n", 3),
])
def test_separator_at_end_of_file(tail: str, slides: int) -> None:
    text = "---\ntype: slide\n---\n\n# A\n\n---\n\n# B" + tail
    doc = parse_document("community-call/20240101.md", text.encode())
    assert len(doc.slides) == slides


def test_indented_first_line_is_deindented_like_reveal() -> None:
    # reveal.js's Markdown plugin removes the first line's indentation from the whole slide, so a
    # 4-space indented heading is a heading, not an indented code block
    html = _deck("---\ntype: slide\n---\n\n# A\n\n---\n\n    ### Indented\n\n    - item\n\n---\n\n# C\n")
    assert "<h3>Indented</h3>" in html and "<li>item</li>" in html and "<pre>" not in html
    assert reveal_dedent("\n\t\t# T\n\t\tx") == "\n# T\nx"
    assert reveal_dedent("\n# T\n    code") is None  # one leading newline, no indentation: unchanged
    assert reveal_dedent("\n\n   \n") is None  # a blank slide


def test_mark_and_ins() -> None:
    html = _page("a ==marked== b ++inserted++ c ==not closed, 1+1 == 2, C++ and ++x ==y== z++\n")
    assert "<mark>marked</mark>" in html and "<ins>inserted</ins>" in html
    assert "==not closed" in html and "1+1 == 2" in html and "C++ and" in html
    assert "<ins>x <mark>y</mark> z</ins>" in html
    assert "<mark>in a slide</mark>" in _deck("---\ntype: slide\n---\n\n==in a slide==\n")


@pytest.mark.parametrize(("info", "lang", "numbered", "start"), [
    ("js=", "js", True, 1), ("js=101", "js", True, 101), ("js=+", "js", True, None),
    ("yaml", "yaml", False, 1), ("yaml=", "yaml", True, 1), ("=", "", True, 1), ("python!", "python", False, 1),
])
def test_fence_info_line_numbers(info: str, lang: str, numbered: bool, start: int | None) -> None:
    fi = parse_info(info)
    assert (fi.lang, fi.numbered, fi.start) == (lang, numbered, start)


def test_code_highlighted_with_line_numbers() -> None:
    html = _page("```yaml=\na: 1\nb: 2\n```\n\n```js=101\nvar x = 1;\n```\n\n```js=+\nx++;\n```\n\n"
                 "```\nplain <b>\n```\n")
    assert "language-yaml=" not in html and 'class="language-yaml highlight numbered"' in html
    assert '<span class="nt">a</span>' in html  # Pygments' classes, at build time
    numbers = re.findall(r'<span class="ln">\s*(\d+)</span>', html)
    assert numbers == ["1", "2", "101", "102"]
    assert "plain &lt;b&gt;" in html and "<b>" not in html
    assert '<span class="kd">var</span>' in html
    css = stylesheet()
    assert ".highlight .k" in css and ".reveal .highlight .k" in css


def test_line_numbers_continue_across_slides() -> None:
    html = _deck("---\ntype: slide\n---\n\n```js=7\na\n```\n\n---\n\n```js=+\nb\n```\n")
    assert re.findall(r'<span class="ln">\s*(\d+)</span>', html) == ["7", "8"]


def test_deck_css_keeps_heading_case_and_hides_the_overlay_in_print() -> None:
    css = (ASSETS / "deck.css").read_text()
    assert re.search(r"\.reveal h1[^{]*\{[^}]*text-transform: none", css)
    assert "--r-heading-text-transform: none" in css
    assert re.search(r"\.reveal section img \{[^}]*border: 4px solid", css)
    assert re.search(r"@media print \{ \.deck-home \{ display: none", css)
    assert "html.print-pdf .deck-home" in css


ACTIONS = """# 2024-05-02

## Topics

- Write the upgrade guide (AI @alice)
- AI @bob: review [the PR](https://github.com/example/repo/pull/1) **today**
- Split the flavour standard (AI @alice, @carol)
- Plan the summit
  - AI: @dave
- AI @erin: a long item that goes on
  on the next line
- Replace <b onclick="x()">bold</b> text AI @frank
"""


def _actions_site(tmp_path: Path) -> Path:
    from site_helpers import build

    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240502.md").write_text(ACTIONS, encoding="utf-8")
    (root / "iaas" / "20240425.md").write_text("# 2024-04-25\n\n- AI @alice: older item\n", encoding="utf-8")
    (root / "iaas" / "README.md").write_text("# About the team\n", encoding="utf-8")
    (root / "ops").mkdir()
    (root / "ops" / "20240301.md").write_text("# Ops meeting 2024-03-01\n\nnothing\n", encoding="utf-8")
    out = tmp_path / "site"
    build(root, out, search=False, series_titles={"iaas": "Team IaaS"},
          series_descriptions={"iaas": "The infrastructure layer."})
    return out


def test_action_items_have_their_words_owners_and_meeting(tmp_path: Path) -> None:
    out = _actions_site(tmp_path)
    page = (out / "actions.html").read_text()
    items = re.findall(r"<li data-owners=.*?</li>", page, re.S)
    assert len(items) == 7
    text = "\n".join(items)
    assert "Write the upgrade guide" in text  # the words before "(AI @x)"
    assert '<a href="https://github.com/example/repo/pull/1"' in text and "<strong>today</strong>" in text
    assert 'data-owners="alice carol"' in text  # several owners
    assert "Plan the summit" in text  # a bare "AI: @x" line takes its parent item's words
    assert "goes on on the next line" in text
    assert "onclick" not in page and "<b>bold</b>" in text  # sanitised
    assert "Team IaaS" in text and "<time>2024-05-02</time>" in text
    assert text.count("2024-05-02") == 1 * len([i for i in items if "2024-05-02" in i])  # the date once each
    assert '<script src="assets/actions.js"></script>' in page and "<script>" not in page
    alice = (out / "people" / "alice.html").read_text()
    assert "Write the upgrade guide" in alice and "older item" in alice and "review" not in alice
    assert 'href="../iaas/20240502.html#user-content-L' in alice


def test_home_page_latest_first_then_series_then_years(tmp_path: Path) -> None:
    out = _actions_site(tmp_path)
    index = (out / "index.html").read_text()
    latest, series, years = index.index('id="latest"'), index.index('id="series"'), index.index('id="years"')
    assert latest < series < years
    block = index[latest:series]
    assert block.index("iaas/20240502.html") < block.index("ops/20240301.html")  # newest first
    assert "20240425" not in block  # one meeting per series
    assert block.count("2024-03-01") == 2  # the datetime attribute and the text: shown once
    assert "Ops meeting" in block and "Team IaaS" in block
    assert "Team IaaS" in index[series:years] and "The infrastructure layer." in index
    assert 'href="_year/2024.html"' in index and (out / "_year" / "2024.html").is_file()
    assert "<h1>Team IaaS</h1>" in (out / "iaas" / "index.html").read_text()
    readme = (out / "iaas" / "README.html").read_text()
    assert 'rel="prev"' not in readme and 'rel="next"' not in readme  # undated: no neighbours
    newest = (out / "iaas" / "20240502.html").read_text()
    assert 'rel="next"' not in newest and 'href="20240425.html"' in newest  # never leads to the README


def test_search_metadata_names_series_and_date(tmp_path: Path) -> None:
    out = _actions_site(tmp_path)
    page = (out / "iaas" / "20240502.html").read_text()
    assert '<meta data-pagefind-filter="series[content]" content="Team IaaS">' in page
    assert '<meta data-pagefind-meta="series[content]" content="Team IaaS">' in page
    assert '<meta data-pagefind-meta="date[content]" content="2024-05-02">' in page
    assert '<meta data-pagefind-filter="year[content]" content="2024">' in page
    assert '<meta data-pagefind-sort="date[content]" content="2024-05-02">' in page
    js = (ASSETS / "search.js").read_text()
    assert 'sort = { date: "desc" }' in js and "processResult" in js


def test_series_title_in_the_configuration(tmp_path: Path) -> None:
    from minutes_ci.config import load_config

    config = load_config(None, "scs")
    assert config.series["iaas"][0] == "Team IaaS"
    (tmp_path / ".minutes-ci.yaml").write_text("folders:\n  iaas:\n    title: 42\n", encoding="utf-8")
    from minutes_ci.config import ConfigError

    with pytest.raises(ConfigError, match="title"):
        load_config(tmp_path / ".minutes-ci.yaml")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        yield b
        b.close()


@pytest.mark.browser
def test_readers_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from site_helpers import serve

    out = _actions_site(tmp_path)
    from site_helpers import build

    root = tmp_path / "repo"
    (root / "community-call").mkdir()
    deck = ("---\ntype: slide\nslideOptions:\n  theme: white\n---\n\n# One\n\n---\n\n# Two\n\n----\n\n## Two b\n"
            "\n---\n\n# Three\n\n---\n\n# lower case heading\n\n```js=\nconst a = 1;\n```\n\n---\n\n# last\n")
    (root / "community-call" / "20240307.md").write_text(deck, encoding="utf-8")
    long_url = "https://example.org/" + "a" * 300
    (root / "iaas" / "20240509.md").write_text(f"# 2024-05-09\n\nSee {long_url} and `{'b' * 200}`\n\n"
                                                 "| a | b |\n|---|---|\n| " + "c" * 300 + " | d |\n",
                                                 encoding="utf-8")
    build(root, out, search=False, force=True)
    with serve(out) as base:
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(base + "community-call/20240307.html#/3/0")
        phone.wait_for_selector("html[data-deck-ready]")
        assert phone.evaluate("JSON.stringify(Reveal.getIndices())") == '{"h":3,"v":0}'  # deep link kept
        h1 = phone.evaluate("getComputedStyle(document.querySelector('.present h1')).textTransform")
        assert h1 == "none"
        color = phone.evaluate("getComputedStyle(document.querySelector('.present pre code .kd')).color")
        assert color != phone.evaluate("getComputedStyle(document.querySelector('.present pre code')).color")
        for page in ("iaas/20240509.html", "actions.html", "index.html", "people/alice.html", "_year/2024.html"):
            phone.goto(base + page)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (page, width)
        desk = browser.new_page(viewport={"width": 1280, "height": 720})
        desk.goto(base + "actions.html")
        assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
        assert desk.is_visible("#action-filters")
        desk.select_option("#f-owner", "carol")
        assert desk.locator("#action-list > li:visible").count() == 1
        desk.select_option("#f-owner", "")
        desk.fill("#f-text", "upgrade guide")
        assert desk.locator("#action-list > li:visible").count() == 1
        desk.goto(base + "community-call/20240307.html?print-pdf")
        desk.wait_for_selector("html[data-deck-ready]")
        assert not desk.is_visible("nav.deck-home")
        desk.emulate_media(media="print")
        desk.goto(base + "community-call/20240307.html")
        desk.wait_for_selector("html[data-deck-ready]")
        assert not desk.is_visible("nav.deck-home")


def test_fetch_images_serves_external_images_from_the_site(tmp_path: Path) -> None:
    import http.server
    import threading

    from site_helpers import PNG, build

    class Images(http.server.BaseHTTPRequestHandler):
        hits: typing.ClassVar[list[str]] = []

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            Images.hits.append(self.path)
            if self.path == "/far.png":
                body, ctype = PNG, "image/png"
            elif self.path == "/moved.png":
                self.send_response(302)
                self.send_header("Location", "/far.png")
                self.end_headers()
                return
            elif self.path == "/login.png":  # a deleted note: an HTML page with status 200
                body, ctype = b"<!doctype html><html>login</html>", "text/html"
            elif self.path == "/fake.png":  # says image/png, is a script
                body, ctype = b"<svg onload=alert(1)>", "image/png"
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    text = (f"# 2024-05-02\n\n![far]({host}/far.png)\n![moved]({host}/moved.png)\n![login]({host}/login.png)\n"
            f"![fake]({host}/fake.png)\n![gone]({host}/gone.png)\n")
    (root / "iaas" / "20240502.md").write_text(text, encoding="utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    try:
        report = build(root, out, search=False, fetch_images=True, allow_private_hosts=True, asset_cache=cache)
        page = (out / "iaas" / "20240502.html").read_text()
        served = re.findall(r'<img src="(\.\./_images/[0-9a-f]+\.png)"', page)
        assert len(served) == 2 and (out / "iaas" / served[0]).resolve().read_bytes() == PNG
        assert host not in re.sub(r'<a [^>]*>', "", page)  # the others are links, never loads
        reasons = {u.rsplit("/", 1)[1]: why for u, _, _, why in report.fetch_failed}
        assert set(reasons) == {"login.png", "fake.png", "gone.png"}
        assert "html" in reasons["login.png"] and "not a PNG" in reasons["fake.png"] and "404" in reasons["gone.png"]
        hits = len(Images.hits)
        again = build(root, out, search=False, fetch_images=True, allow_private_hosts=True, asset_cache=cache)
        assert again.downloaded == 0 and again.fetched == 2  # once: the cache answers now
        assert len(Images.hits) == hits + 3  # only the failures are asked again
        refused = build(root, tmp_path / "site2", search=False, fetch_images=True, asset_cache=tmp_path / "c2")
        assert refused.fetched == 0 and all("private" in why for *_, why in refused.fetch_failed)
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_code_is_not_lexed_for_minutes() -> None:
    import time

    from minutes_ci.site.highlight import MAX_BLOCK

    # HTML's lexer is quadratic on "<!--" runs (20 s for 48 KB): long blocks and the blocks past a
    # document's budget are shown as plain code, so a hostile file costs seconds at most
    block = "```html\n" + "<!--" * 12_000 + "\n```\n\n"
    many = "".join(f"```html\n{'<!--' * (MAX_BLOCK // 4 - 1)}\n```\n\n" for _ in range(40))
    for text in (block, many):
        start = time.perf_counter()
        html = _page(text)
        assert time.perf_counter() - start < 10
        assert "&lt;!--" in html
    assert '<span class="cm">' in _page("```html\n<!-- a comment -->\n```\n")  # short ones are coloured


def test_person_page_never_replaces_a_document(tmp_path: Path) -> None:
    from site_helpers import build

    root = tmp_path / "repo"
    (root / "people").mkdir(parents=True)
    (root / "people" / "alice.md").write_text("# Alice's own notes\n\n- AI @alice: keep this page\n", encoding="utf-8")
    out = tmp_path / "site"
    build(root, out, search=False)
    assert "Alice&#x27;s own notes" in (out / "people" / "alice.html").read_text() or \
        "Alice’s own notes" in (out / "people" / "alice.html").read_text()
    actions = (out / "actions.html").read_text()
    link = re.search(r'<a class="owner" href="([^"]+)">@alice</a>', actions)
    assert link and link.group(1) != "people/alice.html" and (out / link.group(1)).is_file()
