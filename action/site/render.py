"""Render stored markdown-it block tokens to HTML, with HedgeDoc's render-time extras.

The parser keeps block tokens (``Document.tokens``) made by ``checks.dialect.make_markdown``.
Here the same dialect is rebuilt with what HedgeDoc turns on at render time (linkify, typographer,
emoji shortcodes, Bootstrap-style ``:::`` alerts), and the core rules after ``block`` run on
*copies* of the stored tokens, so the Document is never mutated and never re-parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from minutes_ci.checks.dialect import make_markdown

from .highlight import render_fence
from .inline import mark_ins_plugin

_EMOJI = re.compile(r":([a-z0-9_+-]{1,40}):")
_CONTAINERS = ("success", "info", "warning", "danger", "spoiler")


@lru_cache(maxsize=512)
def _emoji(name: str) -> str | None:
    import emoji

    out: str = emoji.emojize(f":{name}:", language="alias")
    return None if out == f":{name}:" else out


def _emoji_rule(state: StateCore) -> None:
    """markdown-it-emoji's job: ``:rocket:`` in text (not in code) becomes the character."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for child in block.children:
            if child.type == "text" and ":" in child.content:
                child.content = _EMOJI.sub(lambda m: _emoji(m.group(1)) or m.group(0), child.content)


def _container_renderer(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """HedgeDoc's ``:::info`` (success, warning, danger) as Bootstrap-style alerts."""
    if tokens[idx].nesting != 1:
        return "</div>\n"
    name = (tokens[idx].info.strip().split() or ["info"])[0].lower()
    name = name if name in _CONTAINERS else "info"
    return f'<div class="alert alert-{"secondary" if name == "spoiler" else name}">\n'


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Code highlighted by Pygments; mermaid and other diagram fences are readable, labelled code."""
    tok = tokens[idx]
    lang = tok.info.strip().split(" ")[0] if tok.info else ""
    if lang in {"mermaid", "sequence", "flow", "graphviz", "abc", "plantuml"}:
        html: str = self.fence_default(tokens, idx, options, env)
        return f'<figure class="diagram-source"><figcaption>{lang} diagram</figcaption>{html}</figure>\n'
    return render_fence(tok.content, tok.info, env if isinstance(env, dict) else {})


@lru_cache(maxsize=2)
def render_markdown(breaks: bool = True) -> MarkdownIt:
    """The dialect of the parser plus HedgeDoc's render-time options."""
    md = make_markdown.__wrapped__(breaks)  # a fresh instance: the cached one is the parser's
    md.options["linkify"] = True
    md.options["typographer"] = True
    md.enable(["linkify", "replacements", "smartquotes"])
    md.core.ruler.after("inline", "emoji", _emoji_rule)
    for name in ("hedgedoc", *_CONTAINERS):  # the dialect names its one container rule "hedgedoc"
        for suffix in ("open", "close"):
            md.add_render_rule(f"container_{name}_{suffix}", _container_renderer)
    # HedgeDoc's inline extras; inline rules run again at render time, so they need no parser change
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md.use(sub_plugin).use(superscript_plugin).use(tasklists_plugin).use(mark_ins_plugin)
    md.renderer.fence_default = md.renderer.rules["fence"]  # type: ignore[attr-defined]
    md.add_render_rule("fence", _fence)
    return md


_LISTS = frozenset({"bullet_list_open", "ordered_list_open", "list_item_open"})
_SKIP = frozenset({"normalize", "block"})  # the parser already ran these


def process_tokens(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any] | None = None,
                   image_hook: Callable[[Token], None] | None = None,
                   anchors: dict[int, str] | None = None) -> list[Token]:
    """Run the core rules after ``block`` on copies of ``tokens`` (the stored ones are never changed).

    With ``anchors``, blocks get ids (GitHub-style slugs on headings, ``L<line>`` elsewhere) so
    other pages can link to a line; the ids given are recorded there by line. The rules only
    change inline children and block attributes, never the number of block tokens, so a caller
    may process a whole document once and render slices of the result.
    """
    # Only inline tokens are changed by the core rules, and they get fresh children (the "inline"
    # rule appends to what a token holds); block tokens are shared unless they are given attributes.
    copies = [t.copy(children=[]) if t.type == "inline" else t for t in tokens]
    if any(t.type == "inline" and t.content[:1] == "[" for t in tokens):
        # the task-list rule adds classes to list tokens: give it copies, not the Document's tokens
        copies = [t.copy(attrs=dict(t.attrs)) if t.type in _LISTS else t for t in copies]
    if anchors is not None:
        _add_anchors(copies, anchors)
    env = {} if env is None else env
    state = StateCore("", md, env, copies)
    for rule in md.core.ruler.getRules(""):
        if getattr(rule, "__name__", "") not in _SKIP:
            rule(state)
    if image_hook is not None:
        for tok in copies:
            for child in tok.children or ():
                if child.type == "image":
                    image_hook(child)
    return copies


def render_tokens(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any] | None = None,
                  image_hook: Callable[[Token], None] | None = None,
                  anchors: dict[int, str] | None = None) -> str:
    """:func:`process_tokens`, then render."""
    env = {} if env is None else env
    return md.renderer.render(process_tokens(md, tokens, env, image_hook, anchors), md.options, env)


_ANCHORED = frozenset({"paragraph_open", "heading_open", "list_item_open", "table_open", "blockquote_open"})


def slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]*>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _add_anchors(tokens: list[Token], anchors: dict[int, str]) -> None:
    used = set(anchors.values())
    for i, tok in enumerate(tokens):
        if tok.type not in _ANCHORED or not tok.map or tok.attrGet("id"):
            continue
        line = tok.map[0] + 1
        if tok.type == "heading_open" and i + 1 < len(tokens):
            base = slug(tokens[i + 1].content) or f"L{line}"
            ident, n = base, 0
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
        elif line in anchors:
            continue
        else:
            ident = f"L{line}"
        used.add(ident)
        tok = tokens[i] = tok.copy(attrs={**tok.attrs, "id": ident})
        anchors.setdefault(line, ident)


def render_text(md: MarkdownIt, text: str, env: dict[str, Any] | None = None,
                image_hook: Callable[[Token], None] | None = None) -> str:
    """Fallback for a slide whose lines do not map onto whole blocks (a separator in a fence)."""
    env = {} if env is None else env
    return render_tokens(md, md.parse(text, env), env, image_hook)


def top_blocks(tokens: Sequence[Token]) -> list[tuple[int, int, list[Token]]]:
    """Group block tokens into top-level blocks: (first line, last line, tokens), 1-based lines."""
    out: list[tuple[int, int, list[Token]]] = []
    current: list[Token] = []
    depth = 0
    for tok in tokens:
        if depth == 0:
            current = [tok]
        else:
            current.append(tok)
        depth += tok.nesting
        if depth <= 0:
            depth = 0
            first = current[0]
            if first.map:
                out.append((first.map[0] + 1, max(first.map[1], first.map[0] + 1), current))
            elif out:  # a mapless top-level token belongs with its predecessor
                out[-1][2].extend(current)
    return out
