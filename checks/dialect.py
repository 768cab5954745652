"""The Markdown dialect: markdown-it-py configured like HedgeDoc 1.x (peer-tools.md §5.4).

One MarkdownIt instance serves the parser (block tokens with line maps) and the publisher (which
renders those same tokens), so what the rules see is what readers see. Linkify and the typographer
are left to render time: they only change inline output, and linkify costs more than the rest of the
parse (bench/README: 2.29 s against 1.48 s on the corpus).
"""

from __future__ import annotations

import logging
import weakref
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.rules_inline import StateInline

from . import fastparse

_SIZE_CHARS = frozenset("0123456789x%")


class _Closers:
    """Per inline parse: the first ")" at or after a position, and the sized tail that ends there.

    Both are what every "![x](" of a paragraph asks for again: without the memo, each opener
    searched (and copied) up to the same far ")" -- quadratic, 32 s for "![a](b " * 100,000 + ")".
    """

    def __init__(self, src: str) -> None:
        self.src = src
        self.asked = self.close = -1  # the last search: from ``asked`` the first ")" is ``close``
        self.tails: dict[int, tuple[int, int, str] | None] = {}

    def next_close(self, start: int) -> int:
        if not (self.asked >= 0 and self.asked <= start and (self.close < 0 or self.close >= start)):
            self.asked, self.close = start, self.src.find(")", start)
        return self.close

    def tail(self, close: int, start: int) -> tuple[str, str] | None:
        """``(url, size)`` when the target from ``start`` to ``close`` is spaces, a URL without spaces,
        " =", the size and spaces; the tail is read once per close, the spaces before the URL once
        per opener (each from its own "(": those runs do not overlap)."""
        if close not in self.tails:
            self.tails[close] = _sized_tail(self.src, close)
        found = self.tails[close]
        if found is None:
            return None
        run_start, url_end, size = found
        url_start = max(run_start, start)
        if url_start >= url_end:
            return None
        lead = start
        while lead < url_start and self.src[lead].isspace():
            lead += 1
        return (self.src[url_start:url_end], size) if lead == url_start else None


def _sized_tail(src: str, close: int) -> tuple[int, int, str] | None:
    """(start of the run of non-spaces before " =", its end, the size) for the ")" at ``close``."""
    # inner (stripped) = url + spaces + " =" + size: read from the ")" backwards; "=" is no size
    # character, so the size run ends at the last " =" exactly as the old rsplit(" =", 1) found it
    j = close
    while j > 0 and src[j - 1].isspace():
        j -= 1
    size_end = j
    while j > 0 and src[j - 1] in _SIZE_CHARS:
        j -= 1
    size = src[j:size_end]
    if not size or "x" not in size or j < 2 or src[j - 1] != "=" or src[j - 2] != " ":
        return None
    url_end = j - 2
    while url_end > 0 and src[url_end - 1].isspace():
        url_end -= 1
    run_start = url_end
    while run_start > 0 and not src[run_start - 1].isspace() and src[run_start - 1] != ")":
        run_start -= 1
    return (run_start, url_end, size) if run_start < url_end else None


_CLOSERS: weakref.WeakKeyDictionary[StateInline, _Closers] = weakref.WeakKeyDictionary()


def _imsize(state: StateInline, silent: bool) -> bool:
    """``![alt](url =200x100)``: markdown-it-imsize's syntax, which CommonMark would leave as text.

    Only handles the sized form; everything else falls through to the standard image rule. The
    target is the text up to the first ")": spaces, a URL without spaces, " =", the size, spaces.
    """
    src, pos, maximum = state.src, state.pos, state.posMax
    if not src.startswith("![", pos):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, pos + 1, False)
    if label_end < 0 or label_end + 1 >= maximum or src[label_end + 1] != "(":
        return False
    closers = _CLOSERS.get(state)
    if closers is None or closers.src is not src:
        closers = _CLOSERS[state] = _Closers(src)
    start = label_end + 2
    close = closers.next_close(start)
    if close < 0:
        return False
    found = closers.tail(close, start)
    if found is None:
        return False
    url, size = found
    width, _, height = size.partition("x")
    if not silent:
        href = state.md.normalizeLink(url)
        if not state.md.validateLink(href):
            return False
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        if width:
            token.attrs["width"] = width
        if height:
            token.attrs["height"] = height
        label = src[pos + 2 : label_end]
        children: list[object] = []
        state.md.inline.parse(label, state.md, state.env, children)  # type: ignore[arg-type]
        token.children = children  # type: ignore[assignment]
        token.content = label
    state.pos = close + 1
    return True


class _QuietLogger:
    """Stands in for markdown-it's module loggers: their only calls are ``LOGGER.debug(fmt, ...)``."""

    # str.format ignores arguments its (empty) format does not name: a C call, no Python frame
    debug = "".format


def _quiet_markdown_it_debug() -> None:
    """markdown-it's block rules log ``entering <rule>`` at DEBUG each time a rule is tried, ~900
    times a file: two Python calls each (``debug``, ``isEnabledFor``), about 3% of the parse. When
    nobody listens at DEBUG (minutes-ci never does), its modules' loggers are swapped for a
    stand-in that drops the message without a Python call; a process that enables DEBUG logging
    for markdown_it before the parser is built keeps the messages."""
    if logging.getLogger("markdown_it").isEnabledFor(logging.DEBUG):
        return
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("markdown_it.") and isinstance(getattr(module, "LOGGER", None), logging.Logger):
            setattr(module, "LOGGER", _QuietLogger())  # noqa: B010 (a module attribute mypy cannot see)


CONTAINER_NAMES = ("success", "info", "warning", "danger", "spoiler")


def _container_name(params: str, *args: object) -> bool:
    return params.strip().split(" ", 1)[0] in CONTAINER_NAMES


@lru_cache(maxsize=2)
def make_markdown(breaks: bool = True) -> MarkdownIt:
    """The shared parser. ``breaks`` follows HedgeDoc's front-matter option (default on)."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": breaks, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Link normalisation (mdurl parse, punycode, percent-encoding) is a pure function of the URL
    # and costs 60 us a link; a repository writes the same links again and again (3,749 calls,
    # 2,352 distinct URLs on the real one). Bounded, so hostile input cannot grow it.
    md.normalizeLink = lru_cache(maxsize=4096)(normalize_url.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=4096)(normalize_url.normalizeLinkText)  # type: ignore[method-assign]
    _quiet_markdown_it_debug()
    md.inline.ruler.before("image", "imsize", _imsize)
    try:  # containers (:::info) are HedgeDoc dialect; the plugin is optional for the checker
        from mdit_py_plugins.container import container_plugin

        # one rule for every HedgeDoc alert name: each container rule instance costs a call per line
        md.use(container_plugin, "hedgedoc", validate=_container_name)
    except ImportError:  # pragma: no cover - mdit-py-plugins is a dependency
        pass
    # last: the dispatch is built from the final rule chains (same tokens, fewer rule calls)
    fastparse.install(md)
    return md
