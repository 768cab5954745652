"""The publisher without a browser: structure of the HTML, sanitising, images, incremental builds."""

from __future__ import annotations

import collections
import html as htmllib
import json
import os
import pty
import re
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from minutes_ci.checks.model import Kind
from minutes_ci.checks.parse import parse_document
from minutes_ci.site.deck import SLIDE_OPTIONS, build_deck
from minutes_ci.site.publish import PublishOptions, publish
from minutes_ci.site.render import render_markdown, render_tokens
from minutes_ci.site.resources import Resolver
from minutes_ci.site.sanitize import sanitize
from site_helpers import CORPUS, DECK, build, load_all, make_repo, reveal_or_skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_repo(tmp_path_factory.mktemp("repo"))
    out = tmp_path_factory.mktemp("site")
    build(root, out, search=False)
    return root, out


def _sections(html: str) -> list[str]:
    return re.findall(r"<section[^>]*>", html)


def test_deck_split_like_hedgedoc(site: tuple[Path, Path]) -> None:
    _, out = site
    html = (out / "community-call" / "20240307.html").read_text()
    # 3 horizontal slides; the second holds 3 vertical ones -> 1 + (1 wrapper + 3) + 1 sections
    # ... plus the separator inside the fence splits (HedgeDoc splits raw text): 4 vertical there
    slides = html.split('<div class="slides" data-pagefind-body>')[1].split("</div></div>")[0]
    opened = _sections(slides)
    assert len(opened) == 1 + 1 + 4 + 1, opened
    assert 'data-background="bg.png"' in slides
    assert '<aside class="notes">' in slides and "zebraquokka" in slides.split('<aside class="notes">')[1]
    assert "note:" not in slides.lower().split('<aside class="notes">')[1][:40]
    assert "🚀" in slides  # emoji shortcode
    assert 'width="200"' in slides  # =200x image size
    assert '<li class="fragment">point one' in slides  # applied at build time, as reveal-markdown would
    assert "<!--" not in slides  # no comment reaches the browser
    assert '<a href="../community-call/index.html" title="this series">community-call</a>' in html
    assert '<meta data-pagefind-filter="series[content]" content="community-call">' in html


def test_slide_options_allowlisted(site: tuple[Path, Path]) -> None:
    _, out = site
    html = (out / "community-call" / "20240307.html").read_text()
    found = re.search(r'<html lang="[^"]*" data-deck-options="([^"]*)">', html)
    assert found and '<script id="deck-options"' not in html
    options = json.loads(htmllib.unescape(found.group(1)))
    assert set(options) <= SLIDE_OPTIONS - {"theme"}
    assert "onReady" not in options and "autoSlideMethod" not in options
    assert options["transition"] == "slide"
    assert options["parallaxBackgroundImage"] == "parallax.png"  # the committed copy, not the upload host
    assert "dist/theme/white.css" in html


def test_style_blocks_lose_imports_and_remote_urls(site: tuple[Path, Path]) -> None:
    _, out = site
    for page in ("community-call/20240307.html", "sig-security/20240320.html"):
        html = (out / page).read_text()
        assert "@import" not in html
        assert "evil.example" not in html.replace('href="javascript', "")


def test_hostile_minutes_publish_without_script(site: tuple[Path, Path]) -> None:
    _, out = site
    for page in ("sig-security/20240320.html", "sig-security/20240321.html"):
        html = (out / page).read_text()
        body = html.split("<body>", 1)[1]
        own_scripts = {'<script src="'}
        scripts = [m.start() for m in re.finditer(r"<script", body)]
        for pos in scripts:
            assert any(body.startswith(s, pos) for s in own_scripts), body[pos : pos + 80]
        tags = re.findall(r"<[^>]*>", re.sub(r"<!--.*?-->", "", body, flags=re.S))
        assert not [t for t in tags if "pwned" in t or "javascript:" in t.lower()]
        assert not [t for t in tags if re.search(r"\son\w+\s*=", t)]
        assert "<iframe" not in body


def test_front_matter_meta_is_escaped(site: tuple[Path, Path]) -> None:
    _, out = site
    html = (out / "sig-security" / "20240321.html").read_text()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;' in html


def test_sanitizer_keeps_hedgedoc_markup() -> None:
    def keep(url: str, purpose: str) -> str:
        return url

    html = ('<font color="red" size="3" face="x">f</font><p id="a" class="b" style="color:red" data-x="1">p</p>'
            '<!-- .slide: data-background="x.png" --><a href="mailto:a@b.c">m</a>')
    out = sanitize(html, keep)
    for piece in ('<font color="red" size="3" face="x">', 'id="user-content-a"', 'class="b"', 'data-x="1"',
                  'href="mailto:a@b.c"', 'style="color: red"'):
        assert piece in out
    assert "<!--" not in out  # comments never reach the page (.slide: ones are applied by deck.py)


def test_images_served_from_committed_copies_and_missing_reported(site: tuple[Path, Path]) -> None:
    _, out = site
    assert (out / "community-call" / "chart.png").is_file()
    assert (out / "iaas" / "chart.png").is_file()
    report = json.loads((out / "build-report.json").read_text())
    missing = {(m["path"], m["url"], m["reason"]) for m in report["missing_images"]}
    gone = "https://input.scs.community/uploads/missing.png"
    assert ("community-call/20240307.md", gone, "upload-missing") in missing
    assert ("community-call/20240307.md", "https://images.example.org/far.png", "external") in missing
    lines = {m["url"]: m["line"] for m in report["missing_images"]}
    expected = next(n for n, line in enumerate(DECK.splitlines(), 1) if "missing.png" in line)
    assert lines["https://input.scs.community/uploads/missing.png"] == expected
    deck = (out / "community-call" / "20240307.html").read_text()
    assert not re.search(r'(src|data-background)="https://images\.example\.org', deck)
    assert '<a class="missing-image" data-missing="https://images.example.org/far.png"' in deck
    assert "[image: far]" in deck


def test_minutes_page_header_and_navigation(site: tuple[Path, Path]) -> None:
    _, out = site
    html = (out / "iaas" / "20240313.html").read_text()
    assert '<a rel="prev" href="20240306.html">' in html
    assert '<a rel="next" href="20240327.html">' in html
    assert 'href="../iaas/index.html"' in html and "2024-03-13" in html
    assert 'src="chart.png"' in html
    first = (out / "iaas" / "20240306.html").read_text()
    assert 'rel="prev"' not in first


def test_index_series_actions_feed(site: tuple[Path, Path]) -> None:
    _, out = site
    index = (out / "index.html").read_text()
    assert 'href="iaas/index.html"' in index and 'href="community-call/index.html"' in index
    series = (out / "iaas" / "index.html").read_text()
    assert series.index("20240327.html") < series.index("20240306.html")  # newest first
    actions = (out / "actions.html").read_text()
    assert "@alice" in actions and "write the release notes for 13" in actions
    anchor = re.search(r'href="iaas/20240313.html#(user-content-L\d+)"', actions)
    assert anchor and f'id="{anchor.group(1)}"' in (out / "iaas" / "20240313.html").read_text()
    feed = (out / "feed.xml").read_text()
    assert feed.count("<entry>") == 6 and "iaas/20240327.html" in feed
    atom = "{http://www.w3.org/2005/Atom}"
    tree = ElementTree.fromstring(feed.encode())  # well-formed, and entries carry what Atom requires
    for entry in tree.iter(f"{atom}entry"):
        assert all(entry.find(f"{atom}{tag}") is not None for tag in ("id", "title", "updated", "link"))
    readme = (out / "README.html").read_text()
    assert 'href="iaas/20240306.html"' in readme  # links between Markdown files become page links


def test_site_is_relative_and_uploadable(site: tuple[Path, Path]) -> None:
    _, out = site
    for path in out.rglob("*"):
        assert not path.is_symlink()
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o444 == 0o444 and (not path.is_dir() or mode & 0o111 == 0o111)
        if path.suffix == ".html":
            text = path.read_text()
            assert not re.search(r'(?:src|href)="/', text), path  # root-absolute links break under /REPO/
            for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
                assert re.search(r'<a [^>]*href="' + re.escape(url), text), (path, url)  # only links, no loads


def test_incremental_build(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    first = build(root, out, search=False)
    assert first.rendered == first.pages == 7
    again = build(root, out, search=False)
    assert again.rendered == 0 and again.reused == 7
    assert {m.url for m in again.missing} == {m.url for m in first.missing}  # warnings replayed
    page = root / "iaas" / "20240313.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    third = build(root, out, search=False)
    assert third.rendered == 1
    assert "One more line." in (out / "iaas" / "20240313.html").read_text()
    assert (out / "iaas" / "chart.png").is_file()
    for day in ("20240306", "20240313"):  # the image stays used by 20240327 only
        md = root / "iaas" / f"{day}.md"
        md.write_text(md.read_text().replace("![diagram](https://input.scs.community/uploads/chart.png)", ""))
    build(root, out, search=False)
    assert (out / "iaas" / "chart.png").is_file()
    (root / "iaas" / "20240327.md").unlink()
    fourth = build(root, out, search=False)
    assert not (out / "iaas" / "20240327.html").exists()
    assert not (out / "iaas" / "chart.png").exists()  # no page uses it any more
    assert fourth.rendered == 1  # 20240313 lost its "next" link (its content did not change this time)
    assert 'rel="next"' not in (out / "iaas" / "20240313.html").read_text()


def test_separator_in_fence_falls_back_to_slide_text() -> None:
    text = "---\ntype: slide\n---\n\n# One\n\n```\ncode\n\n---\n\nmore\n```\n\n---\n\n# Three\n"
    doc = parse_document("community-call/20240101.md", text.encode())
    assert [s.index for s in doc.slides] == [(0, 0), (1, 0), (2, 0)]
    parts = build_deck(doc, render_markdown(), Resolver(Path(os.devnull)).for_doc(doc), frozenset({"white"}))
    assert parts.fallbacks == 2
    assert len(_sections(parts.sections)) == 3
    assert "more" in parts.sections.split("<section>")[2]


def test_render_dialect_on_stored_tokens() -> None:
    text = ("# Notes\n\n- [ ] open task\n- [x] done task\n\nH~2~O, 2^10^, \"quoted\" -- :rocket: :nosuchemoji:\n"
            "see https://scs.community\n\n:::warning\nCareful\n:::\n\n```mermaid\ngraph TD; A-->B\n```\n")
    doc = parse_document("iaas/20240101.md", text.encode())
    before = [(t.type, dict(t.attrs), t.content) for t in doc.tokens]
    html = sanitize(render_tokens(render_markdown(), doc.tokens, {}, None, {}), lambda u, p: u)
    assert 'type="checkbox"' in html and 'checked' in html
    assert "H<sub>2</sub>O" in html and "2<sup>10</sup>" in html
    assert "“quoted” –" in html and "🚀" in html and ":nosuchemoji:" in html
    assert '<a href="https://scs.community"' in html  # linkify at render time
    assert '<div class="alert alert-warning">' in html
    assert '<code class="language-mermaid">graph TD; A--&gt;B' in html
    assert [(t.type, dict(t.attrs), t.content) for t in doc.tokens] == before  # the Document is not mutated


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_ci.cli", "publish", *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=300)


def test_cli_reports_missing_images_and_strict_fails(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    build(root, out, search=False)  # makes sure reveal.js is cached (or skips)
    proc = _cli("--root", str(root), "--out", str(out), "--no-search")
    assert proc.returncode == 0, proc.stderr
    expected = next(n for n, line in enumerate(DECK.splitlines(), 1) if "missing.png" in line)
    assert (f"community-call/20240307.md:{expected}: warning: image not served (upload-missing): "
            "https://input.scs.community/uploads/missing.png") in proc.stderr
    assert "Traceback" not in proc.stderr
    strict = _cli("--root", str(root), "--out", str(out), "--no-search", "--strict")
    assert strict.returncode == 1
    (tmp_path / "file").write_text("x")
    bad = _cli("--root", str(root), "--out", str(tmp_path / "file"))
    assert bad.returncode == 2 and "is not a folder" in bad.stderr and "Traceback" not in bad.stderr


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    build(root, tmp_path / "warm", search=False)
    piped = _cli("--root", str(root), "--out", str(tmp_path / "a"), "--no-search")
    assert "\r[" not in piped.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "minutes_ci.cli", "publish", "--root", str(root), "--out",
                             str(tmp_path / "b"), "--no-search"], stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    assert re.search(rb"\r\[\s*7/7\] ", b"".join(chunks))


@pytest.mark.corpus
def test_corpus_publishes_offline_clean(tmp_path: Path) -> None:
    """The whole real corpus: every deck's sections as HedgeDoc splits it, nothing loaded off-site."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (../shared/corpus/scs-minutes)")
    reveal_or_skip()
    docs = load_all(CORPUS)
    report = publish(CORPUS, docs, PublishOptions(out=tmp_path, search=False, offline=True))
    assert report.pages == len([d for d in docs if not d.fatal and d.kind is not Kind.TEMPLATE])
    for doc in docs:
        if doc.fatal or doc.kind is Kind.TEMPLATE:
            continue
        html = (tmp_path / (doc.path[:-3] + ".html")).read_text()
        loads = re.findall(r'(?:src|data-background(?:-image)?)="([^"]*)"', html)
        assert not [u for u in loads if re.match(r"(?i)^(https?:)?//", u)], doc.path
        if doc.kind is Kind.DECK:
            slides = html.split('<div class="slides" data-pagefind-body>')[1]
            stacks = collections.Counter(s.index[0] for s in doc.slides)
            expected = sum(1 if n == 1 else n + 1 for n in stacks.values())
            assert len(re.findall(r"<section[\s>]", slides)) == expected, doc.path
    assert all(m.line > 0 for m in report.missing), [m for m in report.missing if m.line == 0]
