"""The published site in real headless Chromium, served from 127.0.0.1.

Every request the page makes is routed: anything not on the local server is aborted and recorded,
so "no request leaves the site" is checked, not assumed.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from minutes_ci.checks.model import Document, Kind
from minutes_ci.site.publish import PublishOptions, publish
from site_helpers import CORPUS, build, load_all, make_repo, reveal_or_skip, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="module")  # sync Playwright keeps an event loop running: close it before other modules
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, failed responses and off-site requests are recorded."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 720})
        self.external: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("requestfailed", self._failed)

    def _failed(self, request: Any) -> None:
        # a navigation cancels the previous page's loads (ERR_ABORTED): that is not a broken asset
        if request.url.startswith(self.base) and "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"failed {request.url} {request.failure}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def open(self, path: str) -> None:
        self.errors.clear()
        self.failed.clear()
        self.page.goto(self.base + path, wait_until="load")

    def problems(self) -> list[str]:
        return ([f"external request {u}" for u in self.external] + [f"console {e}" for e in self.errors]
                + [f"response {f}" for f in self.failed])


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (../shared/corpus/scs-minutes)")
    reveal_or_skip()
    docs = load_all(CORPUS)
    out = tmp_path_factory.mktemp("corpus-site")
    publish(CORPUS, docs, PublishOptions(out=out))
    return out, docs


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("repo"))
    out = tmp_path_factory.mktemp("fixture-site")
    build(root, out)
    return out


def _expected_stacks(doc: Document) -> list[int]:
    """Vertical slides per horizontal slide, by HedgeDoc's separator rules (the parser's slides)."""
    counts = collections.Counter(s.index[0] for s in doc.slides)
    return [counts[h] for h in sorted(counts)]


STRUCTURE = """() => Reveal.getHorizontalSlides().map(h => {
  const inner = h.querySelectorAll(':scope > section').length; return inner || 1; })"""
IMAGES = """() => Array.from(document.querySelectorAll('img[src]'))
  .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))"""


def _check_deck(w: Watched, out: Path, doc: Document, page: str) -> list[str]:
    w.open(page)
    w.page.wait_for_selector("html[data-deck-ready]", timeout=30000)
    problems = [f"{doc.path}: {p}" for p in w.problems()]
    got = w.page.evaluate(STRUCTURE)
    want = _expected_stacks(doc)
    if got != want:
        problems.append(f"{doc.path}: slides {got} != HedgeDoc's {want}")
    broken = w.page.evaluate(IMAGES)
    problems += [f"{doc.path}: image did not load: {src}" for src in broken]
    for bg in w.page.evaluate("() => Array.from(document.querySelectorAll('section[data-background]'))"
                              ".map(s => s.getAttribute('data-background'))"):
        if re.match(r"^[a-z]+:|^//", bg) or not (out / os.path.dirname(page) / bg).is_file():
            problems.append(f"{doc.path}: background not served by the site: {bg}")
    return problems


def test_every_corpus_deck_loads(browser: Any, corpus_site: tuple[Path, list[Document]]) -> None:
    out, docs = corpus_site
    decks = [d for d in docs if d.kind is Kind.DECK and not d.fatal]
    assert len(decks) >= 50
    problems: list[str] = []
    with serve(out) as base:
        w = Watched(browser, base)
        for doc in decks:
            problems += _check_deck(w, out, doc, doc.path[:-3] + ".html")
        ARTIFACTS.mkdir(exist_ok=True)
        report = json.loads((out / "build-report.json").read_text())
        unserved = {m["path"] for m in report["missing_images"]}
        shown = max((d for d in decks if d.path not in unserved), key=lambda d: (d.file_date or dt.date.min, d.path))
        w.open(shown.path[:-3] + ".html")
        w.page.wait_for_selector("html[data-deck-ready]")
        w.page.wait_for_timeout(300)  # the background fades in
        w.page.screenshot(path=str(ARTIFACTS / "deck-title.png"))
        w.open("index.html")
        w.page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=False)
        problems += [f"index.html: {p}" for p in w.problems()]
        w.page.close()
    assert not problems, "\n".join(problems[:50])


def test_corpus_minutes_pages_load(browser: Any, corpus_site: tuple[Path, list[Document]]) -> None:
    """A sample of pages of every series (one per folder, the newest): local assets only, no errors."""
    out, docs = corpus_site
    def when(d: Document) -> tuple[dt.date, str]:
        return (d.file_date or dt.date.min, d.path)

    newest: dict[str, Document] = {}
    for d in docs:
        pageable = d.kind not in (Kind.DECK, Kind.TEMPLATE) and not d.fatal
        if pageable and (d.folder not in newest or when(d) > when(newest[d.folder])):
            newest[d.folder] = d
    problems: list[str] = []
    with serve(out) as base:
        w = Watched(browser, base)
        for doc in newest.values():
            w.open(doc.path[:-3] + ".html")
            problems += [f"{doc.path}: {p}" for p in w.problems()]
            problems += [f"{doc.path}: image did not load: {s}" for s in w.page.evaluate(IMAGES)]
        for page in ["actions.html", *(f"{f or '_root'}/index.html" for f in newest)]:
            w.open(page)
            problems += [f"{page}: {p}" for p in w.problems()]
        w.page.close()
    assert not problems, "\n".join(problems[:50])


def test_hostile_pages_run_no_script(browser: Any, fixture_site: Path) -> None:
    with serve(fixture_site) as base:
        w = Watched(browser, base)
        # the site's own scripts, all files (no inline script): anchors.js; reveal.js, notes, deck.js
        for page, ours in (("sig-security/20240320.html", 1), ("sig-security/20240321.html", 3)):
            w.open(page)
            w.page.wait_for_timeout(300)
            assert w.page.evaluate("() => window.pwned") is None
            assert w.page.evaluate("() => document.querySelectorAll('script').length") == ours
            assert w.page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
            for probe in ("[onclick]", "[onerror]", "iframe", "a[href^='javascript']", "[data-src^='javascript']"):
                assert w.page.evaluate(f"() => document.querySelector({probe!r})") is None, probe
            links = w.page.query_selector_all("main a, .slides a")
            for link in links:
                if link.is_visible():
                    link.click(no_wait_after=True)
            w.page.wait_for_timeout(200)
            assert w.page.evaluate("() => window.pwned") is None
        assert not w.external, w.external  # the evil.example CSS, image and frame were never requested
        w.page.close()


def test_fixture_deck_in_browser(browser: Any, fixture_site: Path) -> None:
    with serve(fixture_site) as base:
        w = Watched(browser, base)
        w.open("community-call/20240307.html")
        w.page.wait_for_selector("html[data-deck-ready]")
        # the "---" inside the code fence splits too, as in HedgeDoc: a 4th horizontal slide
        assert w.page.evaluate(STRUCTURE) == [1, 3, 1, 1]
        # <!-- .element: class="fragment" --> applied to the list item, as reveal.js does
        assert w.page.evaluate("() => document.querySelectorAll('li.fragment').length") == 1
        assert w.page.evaluate("() => Reveal.getConfig().transition") == "slide"
        assert w.page.evaluate("() => Reveal.getConfig().parallaxBackgroundImage") == "parallax.png"
        assert w.page.evaluate("() => document.querySelector('aside.notes').textContent").strip().endswith(
            "zebraquokka.")
        assert not w.problems(), w.problems()
        w.page.close()


def _search(w: Watched, term: str) -> list[str]:
    w.open("index.html")
    w.page.fill(".pagefind-ui__search-input", term)
    w.page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
    return [a.get_attribute("href") or "" for a in w.page.query_selector_all(".pagefind-ui__result-link")]


def test_search_finds_terms(browser: Any, fixture_site: Path) -> None:
    with serve(fixture_site) as base:
        w = Watched(browser, base)
        assert any(h.endswith("community-call/20240307.html") for h in _search(w, "zebraquokka"))
        hits = _search(w, "marmalade13")
        assert hits and hits[0].endswith("iaas/20240313.html")
        w.page.goto(base + hits[0].lstrip("/"))  # the result link works from the served folder
        assert "marmalade13" in w.page.content()
        assert not w.external
        w.page.close()


def test_search_finds_a_corpus_meeting(browser: Any, corpus_site: tuple[Path, list[Document]]) -> None:
    out, docs = corpus_site
    pages = [d for d in docs if d.kind is Kind.TEAM and not d.fatal]
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for d in pages:
        for word in set(re.findall(r"\b[a-z]{10,14}\b", d.text.lower())):
            owners[word].add(d.path)
    term, path = next((w, next(iter(p))) for w, p in sorted(owners.items()) if len(p) == 1)
    with serve(out) as base:
        w = Watched(browser, base)
        hits = _search(w, term)
        assert any(h.endswith(path[:-3] + ".html") for h in hits), (term, path, hits)
        w.page.close()


DRAWN = """() => [document.querySelectorAll('figure.diagram-source').length,
                  document.querySelectorAll('figure.drawn').length]"""
ALL_DRAWN = """() => document.querySelectorAll('figure.diagram-source').length
                  === document.querySelectorAll('figure.drawn').length"""


def _draw_all(w: Watched, page: str, deck: bool) -> list[int]:
    w.open(page)
    if deck:
        w.page.wait_for_selector("html[data-deck-ready]")
        # diagrams are drawn when their slide is shown: visit every slide holding one
        for h, v in w.page.evaluate("""() => Array.from(document.querySelectorAll('figure.diagram-source'))
            .map(f => { const i = Reveal.getIndices(f.closest('section')); return [i.h, i.v || 0]; })"""):
            w.page.evaluate(f"() => Reveal.slide({h}, {v})")
            w.page.wait_for_timeout(200)
    w.page.wait_for_function(ALL_DRAWN, timeout=30000)
    result: list[int] = w.page.evaluate(DRAWN)
    return result


def test_mermaid_blocks_become_diagrams(browser: Any, fixture_site: Path,
                                        corpus_site: tuple[Path, list[Document]]) -> None:
    from minutes_ci.site.publish import has_mermaid

    with serve(fixture_site) as base:
        w = Watched(browser, base)
        assert _draw_all(w, "iaas/20240313.html", deck=False) == [1, 1]
        assert _draw_all(w, "community-call/20240307.html", deck=True) == [1, 1]
        assert "Release" in w.page.evaluate("() => document.querySelector('figure.drawn svg').textContent")
        assert not w.problems(), w.problems()
        w.page.close()
    out, docs = corpus_site
    with serve(out) as base:
        w = Watched(browser, base)
        for doc in (d for d in docs if has_mermaid(d)):
            drawn = _draw_all(w, doc.path[:-3] + ".html", deck=doc.kind is Kind.DECK)
            assert drawn[0] == drawn[1] > 0, (doc.path, drawn)
            assert not w.problems(), (doc.path, w.problems())
        w.page.close()


def test_site_works_under_a_subpath_and_from_a_folder(browser: Any, fixture_site: Path,
                                                      tmp_path: Path) -> None:
    """GitHub Pages serves a project site under /REPO/; a downloaded copy is opened from disk."""
    host = tmp_path / "pages"
    shutil.copytree(fixture_site, host / "minutes")
    with serve(host) as base:
        w = Watched(browser, base + "minutes/")
        w.open("index.html")
        w.page.click("text=iaas")
        w.page.click("a[href='20240313.html']")
        assert w.page.url == base + "minutes/iaas/20240313.html"
        w.page.click("a[rel='next']")
        assert w.page.url.endswith("/minutes/iaas/20240327.html")
        hits = _search(w, "zebraquokka")
        assert hits and all(h.startswith("/minutes/") for h in hits), hits
        w.page.goto(base.rstrip("/") + hits[0])
        w.page.wait_for_selector("html[data-deck-ready]")
        assert not w.problems(), w.problems()
        w.page.close()
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((fixture_site / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert "served over http" in page.inner_text("#search-ui") and not errors, errors
    page.goto((fixture_site / "community-call" / "20240307.html").as_uri())
    page.wait_for_selector("html[data-deck-ready]")
    assert page.evaluate(STRUCTURE) == [1, 3, 1, 1]
    page.goto((fixture_site / "iaas" / "20240306.html").as_uri())
    page.click("a[rel='next']")
    assert page.url.endswith("/iaas/20240313.html")
    page.close()
