"""HTML sanitising: one pass over a parsed tree, modelled on HedgeDoc's js-xss allowlist.

HedgeDoc (peer-tools.md §5.5) keeps js-xss's default tags, ``<font color size face>``, ``<style>``
and ``id``/``class``/``style``/``data-*`` on any tag; ``href``/``src`` must be relative or use a
safe scheme. Here:

1. ammonia (nh3) parses the fragment as a browser would (html5ever), keeps only allowlisted tags
   and attributes and calls :meth:`Policy.attribute` on every attribute it keeps, with the value
   as the browser will see it (entities decoded). That one function decides every attribute:
   URLs a browser would *load* go through the resolver (served by the site or dropped), CSS goes
   through tinycss2 (css.py), ``id``/``name`` are namespaced (``user-content-``, as GitHub does)
   so the minutes cannot shadow the ids or globals the site's scripts use (DOM clobbering), and
   the ``data-*`` attributes reveal.js reads are checked for what reveal.js does with them.
2. When the result holds comments or ``<style>`` elements, it is parsed again (lexbor, a second
   HTML5 parser, on ammonia's canonical output) and walked once: ``<!-- .element: -->`` comments
   become attributes of their element through the same :meth:`Policy.attribute` (so the browser
   never interprets author text), every comment is removed, and each ``<style>`` element's text is
   replaced by the stylesheet css.py rebuilds from tokens (which never contains ``<``).

No regular expression ever runs over HTML; the output contains no comment at all.
"""

from __future__ import annotations

import re
import urllib.parse
from contextvars import ContextVar
from functools import lru_cache
from html import escape

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .css import ResolveFn, clean_declarations, clean_stylesheet, clean_value, local_resource

__all__ = ["ID_PREFIX", "Policy", "ResolveFn", "sanitize", "sanitize_slide"]

TAGS = frozenset(nh3.ALLOWED_TAGS) | {"font", "style", "section", "input"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "style", "title", "lang", "dir", "align"},
    "a": {"href", "name", "target"},
    "img": {"src", "alt", "width", "height"},
    "font": {"color", "size", "face"},
    "ol": {"start", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
}
SCHEMES = frozenset({"http", "https", "mailto", "tel", "irc", "ircs", "matrix", "xmpp", "data"})
# Author ids and names live in their own namespace: nothing the site's scripts, reveal.js or the
# browser's named-property lookup (window.X, document.X) use can be created by the minutes.
ID_PREFIX = "user-content-"
# The attribute names a `.slide:` / `.element:` comment may set (HedgeDoc's rule)
COMMENT_ATTR = re.compile(r"(?:data-[a-z0-9_.-]+|id|class|style)", re.I)

# reveal.js loads these as URLs (comma-separated lists for images and videos)
_URL_LISTS = frozenset({"data-background-image", "data-background-video"})
_URLS = frozenset({"data-src", "data-preview-image", "data-preview-video"})
# reveal.js writes these into element.style (background, backgroundImage, backgroundSize...)
_CSS_VALUES = frozenset({"data-background-color", "data-background-gradient", "data-background-size",
                         "data-background-position", "data-background-repeat", "data-background-opacity"})
# what reveal.js (5.x) turns into a frame or into markup, and what belongs to the site's own tools
_DROPPED = frozenset({"data-background-iframe", "data-preview-link", "data-markdown", "data-external",
                      "data-external-replace", "data-separator", "data-separator-vertical",
                      "data-separator-notes", "data-charset"})
_DROPPED_PREFIXES = ("data-pagefind", "data-deck", "data-minutes")
# reveal.js builds a <style> from these (auto-animate): plain numbers, words and easing functions
_PLAIN_CSS_TOKEN = re.compile(r"[\w .,()%+-]*")
# reveal.js: a data-background that looks like this is an image URL, anything else a CSS background
_REVEAL_IMAGE = re.compile(r"^(http|file|//)|\.(svg|png|jpg|jpeg|gif|bmp|webp)([?#\s]|$)", re.I)
_DATA_IMAGE = re.compile(r"data:image/(png|gif|jpe?g|webp|avif|bmp);base64,[A-Za-z0-9+/=\s]*", re.I)
# speaker notes given as an attribute: reveal.js puts them into the page with innerHTML
_NOTE_TAGS = {"b", "i", "em", "strong", "code", "br", "p", "ul", "ol", "li", "a", "span", "small", "s",
              "sub", "sup", "kbd", "pre", "blockquote"}
_REVEAL_ROUTE = re.compile(r"/([A-Za-z][\w:.-]*)(/.*)?")


def prefixed(ident: str) -> str:
    return ident if ident.startswith(ID_PREFIX) else ID_PREFIX + ident


def _fragment(frag: str) -> str:
    """A same-page fragment pointing into the author namespace; reveal.js routes (#/3, #/name) kept."""
    if not frag:
        return frag
    if frag.startswith("/"):
        m = _REVEAL_ROUTE.fullmatch(frag)  # #/name addresses the slide with that (namespaced) id
        return f"/{prefixed(m.group(1))}{m.group(2) or ''}" if m else frag
    return prefixed(frag)


def _site_link(url: str) -> str:
    """Fragments of links to the page itself or to another page of the site follow the id namespace."""
    if url.startswith("#"):
        return "#" + _fragment(url[1:])
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc or not parts.fragment or not parts.path.endswith(".html"):
        return url
    return urllib.parse.urlunsplit(parts._replace(fragment=_fragment(parts.fragment)))


class Policy:
    """Every attribute that reaches the output passes :meth:`attribute`; ``None`` drops it."""

    def __init__(self, resolve: ResolveFn) -> None:
        self.resolve = resolve

    def attribute(self, tag: str, attr: str, value: str) -> str | None:
        name = attr.lower()
        if name.startswith("on") or name in ("srcdoc", "formaction", "xmlns"):
            return None
        if name in ("id", "name"):
            return prefixed(value.strip()) if value.strip() else None
        if name == "style":
            return clean_declarations(value, self.resolve) or None
        if name == "src" and tag == "img":
            return value.strip() if _DATA_IMAGE.fullmatch(value.strip()) else local_resource(value, self.resolve)
        if name == "href":
            return self._href(value)
        if tag == "input" and name == "type":
            return value if value.strip().lower() == "checkbox" else None
        if name.startswith("data-"):
            return self._data(name, value)
        return value

    def _href(self, value: str) -> str | None:
        raw = value.strip()
        if raw.lower().startswith("data:"):
            return None
        new = self.resolve(raw, "link")
        return None if new is None else _site_link(new)

    def _urls(self, value: str) -> str | None:
        urls = [local_resource(u, self.resolve) for u in value.split(",")]
        return None if not urls or None in urls else ",".join(u for u in urls if u)

    def _data(self, name: str, value: str) -> str | None:
        if name in _DROPPED or name.startswith(_DROPPED_PREFIXES):
            return None
        if name in _URL_LISTS:
            return self._urls(value)
        if name in _URLS:
            return local_resource(value, self.resolve)
        if name in _CSS_VALUES:
            return clean_value(value, self.resolve)
        if name == "data-background":
            if _REVEAL_IMAGE.search(value.strip()):
                return local_resource(value, self.resolve)
            return clean_value(value, self.resolve)
        if name.startswith("data-auto-animate") or name in ("data-state", "data-transition",
                                                            "data-background-transition"):
            return value if _PLAIN_CSS_TOKEN.fullmatch(value) else None
        if name == "data-notes":
            return nh3.clean(value, tags=set(_NOTE_TAGS), attributes={"a": {"href"}},
                             url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
        return value


def _element_attrs(comment: str) -> list[tuple[str, str]]:
    """reveal-markdown's ``.element`` rule without its regexes' backtracking.

    reveal.js reads ``/\\.element\\s*?(.+?)$/`` (the text after the first ``.element`` on the
    comment's last line) and then pairs ``name="value"`` (no quote, ``=`` or space in the name, no
    quote or ``=`` in the value). Pairs start only where a name can start, so this is linear.
    """
    text = comment.strip()
    last = re.split(r"[\n\r\u2028\u2029]", text)[-1]
    at = last.find(".element")
    if at < 0 or at + len(".element") >= len(last):
        return []
    return re.findall(r'(?<![^"= ])([^"= ]++)="([^"=]++)"', last[at + len(".element"):])


def _target(comment: LexborNode, memo: dict[int, LexborNode | None]) -> LexborNode | None:
    """reveal-markdown: the previous element sibling (skipping <br>), else the parent.

    ``memo`` maps each text or <br> node already walked over to the element found before it (or
    None), so that many comments among text in one paragraph cost one walk, not one each
    (20,000 ``x <!-- .element: -->`` lines in a paragraph were quadratic)."""
    walked: list[int] = []
    found: LexborNode | None = None
    node = comment.prev
    while node is not None:
        if node.is_element_node and node.tag != "br":
            found = node
            break
        if node.mem_id in memo:
            found = memo[node.mem_id]
            break
        walked.append(node.mem_id)
        node = node.prev
    for mem_id in walked:
        memo[mem_id] = found
    return found if found is not None else comment.parent


def apply_comment_attrs(policy: Policy, tag: str, pairs: list[tuple[str, str]], into: dict[str, str]) -> None:
    """Attributes from a ``.slide``/``.element`` comment, each decided by the one policy."""
    for name, value in pairs:
        if not COMMENT_ATTR.fullmatch(name):
            continue
        kept = policy.attribute(tag, name.lower(), value)
        if kept is not None:
            into[name.lower()] = kept


def _tree_pass(cleaned: str, policy: Policy, element_comments: bool) -> tuple[str, dict[str, str]]:
    tree = LexborHTMLParser(f"<!doctype html><html><head></head><body><div>{cleaned}</div></body></html>")
    body = tree.body
    root = body.child if body is not None else None
    if root is None:
        return "", {}
    outer: dict[str, str] = {}  # attributes for the enclosing element (the slide's <section>)
    comments: list[LexborNode] = []
    styles: list[LexborNode] = []
    for node in root.traverse(include_text=True):
        if node.is_comment_node:
            comments.append(node)
        elif node.tag == "style":
            styles.append(node)
    memo: dict[int, LexborNode | None] = {}
    for comment in comments:
        pairs = _element_attrs(comment.comment_content or "") if element_comments else []
        el = _target(comment, memo) if pairs else None
        if el is not None and el.mem_id == root.mem_id:
            apply_comment_attrs(policy, "section", pairs, outer)
        elif el is not None and el.tag:
            attrs: dict[str, str] = {}
            apply_comment_attrs(policy, el.tag, pairs, attrs)
            for key, val in attrs.items():
                el.attrs[key] = val
        comment.decompose()
    for style in styles:
        css = clean_stylesheet(style.text(deep=True), policy.resolve)
        if not css:
            style.decompose()
            continue
        for child in list(style.iter(include_text=True)):
            child.decompose()
        style.insert_child(css)
    return root.inner_html or "", outer


# One ammonia Cleaner per comment mode, built once (building one costs ten times a small clean);
# its attribute filter asks the policy of the call in progress.
_POLICY: ContextVar[Policy] = ContextVar("minutes_ci_sanitize_policy")


def _attribute(tag: str, attr: str, value: str) -> str | None:
    return _POLICY.get().attribute(tag, attr, value)


@lru_cache(maxsize=2)
def _cleaner(keep_comments: bool) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "textarea", "noscript", "template", "xmp", "iframe", "noembed",
                            "noframes", "plaintext", "title", "object", "embed", "svg", "math"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        url_schemes=set(SCHEMES),
        strip_comments=not keep_comments,
        link_rel="noopener noreferrer",
        attribute_filter=_attribute,
    )


def _nh3(html: str, policy: Policy, keep_comments: bool) -> str:
    token = _POLICY.set(policy)
    try:
        return _cleaner(keep_comments).clean(html)
    finally:
        _POLICY.reset(token)


def _inert(html: str, exc: BaseException) -> str:
    """If the sanitiser itself fails on some input, the page shows that input as text, not markup."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
        raise exc
    return f'<pre class="unsanitisable">{escape(html)}</pre>'


def sanitize_slide(html: str, resolve: ResolveFn) -> tuple[str, dict[str, str]]:
    """A slide's HTML with ``.element`` comments applied; also the attributes its <section> gets."""
    policy = Policy(resolve)
    try:
        cleaned = _nh3(html, policy, keep_comments=True)
        if "<!--" not in cleaned and "<style" not in cleaned:
            return cleaned, {}
        return _tree_pass(cleaned, policy, element_comments=True)
    except BaseException as exc:  # ammonia reports a Rust panic as a BaseException
        return _inert(html, exc), {}


def sanitize(html: str, resolve: ResolveFn) -> str:
    """Sanitise ``html`` (from Markdown with raw HTML allowed) for publishing."""
    policy = Policy(resolve)
    try:
        cleaned = _nh3(html, policy, keep_comments=False)
        if "<style" not in cleaned:  # a <style> element serialises as "<style": nothing else to do
            return cleaned
        return _tree_pass(cleaned, policy, element_comments=False)[0]
    except BaseException as exc:  # ammonia reports a Rust panic as a BaseException
        return _inert(html, exc)
