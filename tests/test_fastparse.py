"""checks/fastparse.py must give exactly markdown-it's tokens: compared token by token with a stock
MarkdownIt built the same way, on the real corpus, every fixture and random block/inline soup."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import markdown_it
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from minutes_ci.checks import dialect, fastparse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "scs-minutes"


def _stock(breaks: bool) -> MarkdownIt:
    """The dialect exactly as make_markdown builds it, minus fastparse."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": breaks, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("image", "imsize", dialect._imsize)
    md.use(container_plugin, "hedgedoc", validate=dialect._container_name)
    return md


def _dump(tokens: list[Token]) -> list[Any]:
    return [
        (
            t.type,
            t.tag,
            t.nesting,
            t.map,
            t.content,
            t.markup,
            t.info,
            t.level,
            t.block,
            t.hidden,
            sorted(t.attrs.items()),
            _dump(t.children) if t.children else None,
        )
        for t in tokens
    ]


def _assert_same(texts: list[tuple[str, str]], breaks: bool) -> None:
    if markdown_it.__version__ not in fastparse.TESTED_VERSIONS:
        pytest.skip(f"fastparse is off for markdown-it-py {markdown_it.__version__} (stock loops in use); "
                    "add the version to TESTED_VERSIONS and run these tests to turn it on")
    stock, fast = _stock(breaks), dialect.make_markdown(breaks)
    assert fast.block.tokenize is not stock.block.tokenize
    differ = [name for name, text in texts if _dump(stock.parse(text)) != _dump(fast.parse(text))]
    assert not differ, f"{len(differ)} texts parse differently, first: {differ[:5]}"


def _files(root: Path) -> list[tuple[str, str]]:
    return [
        (str(p), p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".txt", "")
    ]


@pytest.mark.parametrize("breaks", [True, False])
def test_fixtures_parse_the_same(breaks: bool) -> None:
    texts = _files(ROOT / "tests" / "fixtures") + _files(ROOT / "examples")
    assert len(texts) > 300
    _assert_same(texts, breaks)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus (../shared/corpus) is not beside the project")
def test_corpus_parses_the_same() -> None:
    texts = _files(CORPUS)
    assert len(texts) > 800
    _assert_same(texts, True)


# pieces that start or end every block and inline construct markdown-it knows, and text between
_PIECES = [
    "- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "## ", "---", "***", "___", "```", "~~~", ":::info",
    ":::", "<div>", "</div>", "<!-- x -->", "[a]: /u", "| a | b |", "|---|---|", "a | b", "-|-",
    "===", "text", "**b**", " ", "  ", "    ", "\t", "\n", "\n\n", "x", "[x](y)", "`c`", "1.", "-",
    "*", "_", "**", "__", "~~", "~", "[", "]", "](", ")", "(", '<a href="x">', "</a>", "&amp;",
    "&#35;", "\\", "\\*", "``", "![", "![a](b =100x)", "<https://x.y>", "<x@y.z>", "!", "&", "<",
    "http://a.b", "@u", "#1", ": ", "=", "{", "}", "$", "%", "^", "é", "\u00a0",
]  # fmt: skip


@pytest.mark.parametrize("breaks", [True, False])
def test_random_soup_parses_the_same(breaks: bool) -> None:
    rnd = random.Random(20261202 + breaks)
    texts = [(f"soup{i}", "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 80)))) for i in range(3000)]
    _assert_same(texts, breaks)


def test_untested_markdown_it_version_keeps_the_stock_tokenizers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_it, "__version__", "0.0.1")
    md = _stock(True)
    block, inline = md.block.tokenize, md.inline.tokenize
    assert fastparse.install(md) is False
    assert md.block.tokenize == block and md.inline.tokenize == inline


def test_a_rule_added_later_is_tried() -> None:
    """A plugin rule installed after fastparse (unknown to its tables) must still run."""
    md = _stock(True)
    assert fastparse.install(md)

    def shout(state: Any, silent: bool) -> bool:
        if state.src[state.pos] != "%":
            return False
        if not silent:
            state.push("shout", "", 0)
        state.pos += 1
        return True

    md.inline.ruler.before("text", "shout", shout)
    assert "shout" in [t.type for t in md.parse("a % b")[1].children or []]


def test_a_block_rule_added_later_is_tried() -> None:
    """A block plugin rule installed after fastparse must still run, in the main loop and as a
    paragraph terminator."""
    md = dialect.make_markdown(True).__class__("commonmark")
    assert fastparse.install(md)
    md.parse("warm the chains\n")

    def bang(state: Any, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if not state.src.startswith("!!!", pos):
            return False
        if not silent:
            state.push("bang", "", 0).map = [start, start + 1]
        state.line = start + 1
        return True

    md.block.ruler.before("paragraph", "bang", bang, {"alt": ["paragraph"]})
    types = [t.type for t in md.parse("text\n!!!\n\n!!!\n")]
    assert types.count("bang") == 2, types
