"""HTML sanitising modelled on HedgeDoc's js-xss allowlist, plus the site's no-third-party rule.

HedgeDoc (peer-tools.md §5.5) keeps js-xss's default tags, ``<font color size face>``, ``<style>``
(with ``@import`` removed), and ``id``/``class``/``style``/``data-*`` on any tag; ``href``/``src``
must be relative or use a safe scheme. ammonia (nh3) does the parsing and re-serialising, so
nothing the browser would read differently survives. On top of that every URL the browser would
*load* (img src, backgrounds, CSS ``url()``) goes through :class:`Resolver`, which serves it from
the site or drops it: a published page makes no request to any other host.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3

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
# data-* attributes that reveal.js turns into requests or frames; they go through the resolver
URL_DATA_ATTRS = frozenset({
    "data-background", "data-background-image", "data-background-video", "data-background-iframe",
    "data-src", "data-preview-link", "data-preview-image", "data-preview-video",
})

_IMPORT = re.compile(r"@import\b[^;]*;?", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.I)
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_EXPRESSION = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding", re.I)

# (url, purpose) -> replacement URL, or None to drop it. purpose: "resource" (loaded) | "link"
ResolveFn = Callable[[str, str], "str | None"]


def clean_css(css: str, resolve: ResolveFn) -> str:
    """Drop ``@import`` (as HedgeDoc does) and every ``url()`` that is not served by the site."""
    css = _IMPORT.sub("", css)
    css = _EXPRESSION.sub("invalid:", css)

    def repl(m: re.Match[str]) -> str:
        new = resolve(m.group(2).strip(), "resource")
        return f'url("{new}")' if new and '"' not in new else "none"

    return _CSS_URL.sub(repl, css)


def _is_image_data(url: str) -> bool:
    return bool(re.match(r"data:image/(png|gif|jpe?g|webp|avif|bmp);", url.strip(), re.I))


def sanitize(html: str, resolve: ResolveFn) -> str:
    """Sanitise ``html`` (from Markdown with raw HTML allowed) for publishing."""

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr.startswith("on"):
            return None  # ammonia drops these already; belt and braces
        if attr == "style":
            return clean_css(value, resolve)
        if tag == "img" and attr == "src":
            return value if _is_image_data(value) else resolve(value, "resource")
        if attr == "href":
            if value.strip().lower().startswith("data:"):
                return None
            return resolve(value, "link")
        if attr in URL_DATA_ATTRS:
            return resolve(value, "resource")
        return value

    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "textarea", "noscript", "template"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        url_schemes=set(SCHEMES),
        strip_comments=False,  # .slide: / .element: comments carry reveal.js attributes
        link_rel="noopener noreferrer",
        attribute_filter=attribute_filter,
    )
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + clean_css(m.group(2), resolve) + m.group(3), cleaned)
