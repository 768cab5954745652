"""The Markdown dialect: markdown-it-py configured like HedgeDoc 1.x (peer-tools.md §5.4).

One MarkdownIt instance serves the parser (block tokens with line maps) and the publisher (which
renders those same tokens), so what the rules see is what readers see. Linkify and the typographer
are left to render time: they only change inline output, and linkify costs more than the rest of the
parse (bench/README: 2.29 s against 1.48 s on the corpus).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_SIZE_CHARS = frozenset("0123456789x%")


def _imsize(state: StateInline, silent: bool) -> bool:
    """``![alt](url =200x100)``: markdown-it-imsize's syntax, which CommonMark would leave as text.

    Only handles the sized form; everything else falls through to the standard image rule.
    """
    src, pos, maximum = state.src, state.pos, state.posMax
    if not src.startswith("![", pos):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, pos + 1, False)
    if label_end < 0 or label_end + 1 >= maximum or src[label_end + 1] != "(":
        return False
    close = src.find(")", label_end + 2)
    if close < 0:
        return False
    inner = src[label_end + 2 : close].strip()
    parts = inner.rsplit(" =", 1)
    if len(parts) != 2 or not parts[1] or not set(parts[1]) <= _SIZE_CHARS or "x" not in parts[1]:
        return False
    url = parts[0].strip()
    if not url or any(c.isspace() for c in url):
        return False
    width, _, height = parts[1].partition("x")
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


CONTAINER_NAMES = ("success", "info", "warning", "danger", "spoiler")


def _container_name(params: str, *args: object) -> bool:
    return params.strip().split(" ", 1)[0] in CONTAINER_NAMES


@lru_cache(maxsize=2)
def make_markdown(breaks: bool = True) -> MarkdownIt:
    """The shared parser. ``breaks`` follows HedgeDoc's front-matter option (default on)."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": breaks, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("image", "imsize", _imsize)
    try:  # containers (:::info) are HedgeDoc dialect; the plugin is optional for the checker
        from mdit_py_plugins.container import container_plugin

        # one rule for every HedgeDoc alert name: each container rule instance costs a call per line
        md.use(container_plugin, "hedgedoc", validate=_container_name)
    except ImportError:  # pragma: no cover - mdit-py-plugins is a dependency
        pass
    return md
