"""A HedgeDoc deck as a reveal.js presentation, from the Document's slides and stored tokens.

HedgeDoc splits the raw text on blank-line-framed ``---`` / ``----`` (the parser records that in
``Document.slides``); each slide is rendered from the top-level blocks whose lines lie inside it.
Only when a block straddles a slide boundary (a separator inside a code fence, which HedgeDoc
splits on anyway) is the slide's own text rendered instead, which is exactly what HedgeDoc shows.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from minutes_ci.checks.model import Document, Slide

from .css import local_resource
from .render import process_tokens, render_text, top_blocks
from .sanitize import Policy, ResolveFn, apply_comment_attrs, sanitize_slide

# HedgeDoc 1.x passes only these slideOptions keys to Reveal.initialize (peer-tools.md §5.3)
SLIDE_OPTIONS = frozenset({
    "autoPlayMedia", "autoSlide", "autoSlideStoppable", "backgroundTransition", "center", "controls",
    "controlsBackArrows", "controlsLayout", "controlsTutorial", "defaultTiming", "display", "embedded",
    "fragmentInURL", "fragments", "hash", "height", "help", "hideAddressBar", "hideCursorTime",
    "hideInactiveCursor", "history", "keyboard", "loop", "margin", "maxScale", "minScale",
    "minimumTimePerSlide", "mobileViewDistance", "mouseWheel", "navigationMode", "overview",
    "parallaxBackgroundHorizontal", "parallaxBackgroundImage", "parallaxBackgroundSize",
    "parallaxBackgroundVertical", "preloadIframes", "progress", "rtl", "showNotes",
    "shuffle", "slideNumber", "theme", "totalTime", "touch", "transition", "transitionSpeed",
    "viewDistance", "width",
})
# previewLinks is left out on purpose: reveal.js 5 opens every link in an iframe overlay built with
# innerHTML from the link's href (markup injection), and frames are not allowed by the site's CSP.
# HedgeDoc's slide.js defaults, under the slideOptions
DEFAULTS: dict[str, Any] = {"controls": True, "progress": True, "slideNumber": True, "history": True,
                            "center": True, "transition": "none"}
_NOTE = re.compile(r"^note:[ \t]*", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)")


@dataclass
class DeckParts:
    sections: str  # the <section> elements
    options: dict[str, Any]  # for Reveal.initialize (allowlisted)
    theme: str
    lang: str | None
    fallbacks: int  # slides rendered from their text because a block straddled a boundary


def _slide_attrs(slide: Slide, resolve: ResolveFn, from_body: dict[str, str]) -> str:
    """The <section>'s attributes: ``.slide:`` comments and top-level ``.element:`` comments,
    each decided by the sanitiser's one attribute policy (URLs resolved, CSS rebuilt, ids namespaced)."""
    policy = Policy(resolve)
    attrs: dict[str, str] = dict(from_body)
    for comment in slide.attrs:
        if comment.target == "slide":
            apply_comment_attrs(policy, "section", list(comment.attrs.items()), attrs)
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attrs.items())


def _strip_note(block: list[Token]) -> list[Token]:
    """The paragraph that starts with ``note:`` without that marker (empty paragraph: dropped)."""
    out = []
    for tok in block:
        if tok.type == "inline":
            tok = tok.copy(content=_NOTE.sub("", tok.content, count=1))
            if not tok.content.strip():
                return []
        out.append(tok)
    return out


class SlideSource:
    """What every slide of one deck reads: its blocks, rendered once, indexed by first line.

    The core Markdown rules run once over the whole deck (they only touch inline children, so
    block boundaries survive), and a slide looks up only the blocks on its own lines (bisect)
    instead of scanning all of them: rendering a deck is linear in its size, not slides x blocks.
    """

    def __init__(self, doc: Document, md: MarkdownIt, resolve: ResolveFn) -> None:
        self.doc = doc
        self.md = md
        self.hook = image_hook(resolve)
        notes_lines = {s.notes_line for s in doc.slides if s.notes_line}
        raw = top_blocks(doc.tokens)
        blocks = []
        for first, last, toks in raw:
            if first in notes_lines and toks[0].type == "paragraph_open":
                toks = _strip_note(toks)  # the "note:" marker goes before the inline rules run
            blocks.append((first, last, toks))
        flat = process_tokens(md, [t for _, _, toks in blocks for t in toks], {}, self.hook)
        self.blocks: list[tuple[int, int, list[Token]]] = []
        at = 0
        for first, last, toks in blocks:
            self.blocks.append((first, last, flat[at : at + len(toks)]))
            at += len(toks)
        self.firsts = [first for first, _, _ in self.blocks]
        self.raw_first = {first: toks for first, _, toks in raw}
        self.separator_lines = frozenset(s.line for s in doc.separators if s.splits)
        self.lines = [line if n >= doc.body_start else "" for n, line in enumerate(doc.lines, 1)]
        self.env: dict[str, Any] = {}  # one deck, one env: ``js=+`` line numbers go on across slides

    def around(self, start: int, end: int) -> Sequence[tuple[int, int, list[Token]]]:
        """The blocks that overlap lines start..end (top-level blocks do not overlap each other)."""
        lo = bisect.bisect_right(self.firsts, start) - 1  # the block that may start before the slide
        hi = bisect.bisect_right(self.firsts, end)
        return self.blocks[max(lo, 0):hi]

    def render(self, tokens: list[Token]) -> str:
        return str(self.md.renderer.render(tokens, self.md.options, self.env))


def _render_slide(src: SlideSource, slide: Slide, resolve: ResolveFn) -> tuple[str, dict[str, str], bool]:
    start, end, notes_at = slide.start_line, slide.end_line, slide.notes_line
    body: list[Token] = []
    notes: list[Token] = []
    fallback = False
    for first, last, toks in src.around(start, end):
        if last < start or first > end:
            continue
        if first in src.separator_lines and src.raw_first[first][0].type == "hr":
            continue
        if first < start or last > end or (notes_at and first < notes_at <= last and first != notes_at):
            fallback = True
            break
        if notes_at and first >= notes_at:
            notes.extend(toks)
        else:
            body.extend(toks)
    dedented = reveal_dedent("\n".join(src.lines[start - 1 : end])) if start <= end else None
    if dedented is not None:
        # reveal.js's Markdown plugin de-indents the slide's text before parsing it: the slide is
        # rendered from that text (its own lines parse differently from the stored blocks)
        md, hook = src.md, src.hook
        parts = _NOTES_SPLIT.split(dedented)
        content = render_text(md, parts[0], src.env, hook)
        notes_html = render_text(md, parts[1], src.env, hook) if len(parts) == 2 else ""
        out, section_attrs = sanitize_slide(content, resolve)
        if notes_html:
            out += f'<aside class="notes">{sanitize_slide(notes_html, resolve)[0]}</aside>'
        return out, section_attrs, True
    if fallback:
        md, hook = src.md, src.hook
        cut = notes_at or end + 1
        content = render_text(md, "\n".join(src.lines[start - 1 : cut - 1]), src.env, hook)
        note_lines = src.lines[cut - 1 : end] if notes_at else []
        if note_lines:
            note_lines[0] = _NOTE.sub("", note_lines[0], count=1)
        notes_html = render_text(md, "\n".join(note_lines), {}, hook) if note_lines else ""
    else:
        content = src.render(body)
        notes_html = src.render(notes) if notes_at else ""
    out, section_attrs = sanitize_slide(content, resolve)
    if notes_at:
        out += f'<aside class="notes">{sanitize_slide(notes_html, resolve)[0]}</aside>'
    return out, section_attrs, fallback


_NOTES_SPLIT = re.compile(r"^note:", re.M | re.I)  # HedgeDoc's notesSeparator (one split: notes shown)
_LEAD_WS = re.compile(r"\n?(\s*)")
_LEAD_TABS = re.compile(r"\n?(\t*)")


def reveal_dedent(text: str) -> str | None:
    """reveal.js 3.9 Markdown plugin's ``getMarkdownFromSlide``: the whitespace before the slide's
    first word (one leading newline not counted) is removed as a run everywhere in the slide, tabs
    if it starts with tabs, else spaces when it is longer than one character (newlines count in that
    length, as in reveal.js). ``None`` when the text stays the same."""
    lead_ws = _LEAD_WS.match(text)
    lead_tabs = _LEAD_TABS.match(text)
    ws = len(lead_ws.group(1)) if lead_ws else 0
    tabs = len(lead_tabs.group(1)) if lead_tabs else 0
    if ws == len(text) - (text[:1] == "\n"):
        return None  # a slide of whitespace only: nothing to parse
    if tabs > 0:
        out = re.sub(f"\n?\t{{{tabs}}}", "\n", text)
    elif ws > 1:
        out = re.sub(f"\n? {{{ws}}}", "\n", text)
    else:
        return None
    return out if out != text else None


def image_hook(resolve: ResolveFn) -> Any:
    """Markdown images go through the resolver before rendering (sanitize sees raw HTML ones)."""

    def hook(tok: Token) -> None:
        src = str(tok.attrs.get("src", ""))
        if src.lower().startswith("data:image/"):
            return
        new = resolve(src, "resource")
        if new is None:
            # not served by the site: a link to the original (a click, not a load) instead of a hole
            alt = html.escape(tok.content or "image", quote=True)
            link = html.escape(src, quote=True)
            tok.type, tok.tag, tok.nesting, tok.children = "html_inline", "", 0, None
            tok.content = (f'<a class="missing-image" data-missing="{link}" href="{link}" '
                           f'title="image not published with the site">[image: {alt}]</a>')
        else:
            tok.attrs["src"] = new

    return hook


def slide_options(doc: Document, resolve: ResolveFn, themes: frozenset[str]) -> tuple[dict[str, Any], str]:
    data = doc.front_matter.data if doc.front_matter and isinstance(doc.front_matter.data, dict) else {}
    raw = data.get("slideOptions")
    given = {k: v for k, v in raw.items() if k in SLIDE_OPTIONS} if isinstance(raw, dict) else {}
    options = {**DEFAULTS, **given}
    theme = str(options.pop("theme", "") or "")
    theme = theme if theme in themes else "black"  # HedgeDoc: unknown themes fall back to black
    image = options.get("parallaxBackgroundImage")
    if isinstance(image, str):
        match = _MD_IMAGE.search(image)  # SCS decks write the URL as Markdown image syntax
        url = match.group(1) if match else image.strip()
        new = local_resource(url, resolve) if url else None
        if new:
            options["parallaxBackgroundImage"] = new
        else:
            options.pop("parallaxBackgroundImage")
    if str(data.get("dir", "")).lower() == "rtl":
        options["rtl"] = True
    # scalars only: reveal.js reads nested objects (keyboard bindings, plugins) as code hooks
    options = {k: v for k, v in options.items() if isinstance(v, str | int | float | bool)}
    return json.loads(json.dumps(options, default=str)), theme


def build_deck(doc: Document, md: MarkdownIt, resolve: ResolveFn, themes: frozenset[str]) -> DeckParts:
    src = SlideSource(doc, md, resolve)
    stacks: dict[int, list[str]] = {}
    fallbacks = 0
    for slide in doc.slides:
        inner, from_body, fell_back = _render_slide(src, slide, resolve)
        fallbacks += fell_back
        stacks.setdefault(slide.index[0], []).append(
            f"<section{_slide_attrs(slide, resolve, from_body)}>\n{inner}\n</section>"
        )
    parts = []
    for h in sorted(stacks):
        group = stacks[h]
        parts.append(group[0] if len(group) == 1 else "<section>\n" + "\n".join(group) + "\n</section>")
    options, theme = slide_options(doc, resolve, themes)
    data = doc.front_matter.data if doc.front_matter and isinstance(doc.front_matter.data, dict) else {}
    lang = data.get("lang") if isinstance(data.get("lang"), str) else None
    return DeckParts("\n".join(parts), options, theme, lang, fallbacks)


def options_json(options: dict[str, Any]) -> str:
    """The options as JSON for the ``data-deck-options`` attribute of <html> (escape it as an attribute).

    They sit on the root element, which no content of the minutes can create or replace, and
    deck.js reads them through ``Document.prototype`` (immune to DOM clobbering of ``document.X``).
    """
    return json.dumps(options, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
