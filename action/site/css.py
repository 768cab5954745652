"""Author CSS, kept only where it can be proven local: tokenised by tinycss2, rebuilt from tokens.

HedgeDoc keeps authors' ``<style>`` blocks and ``style=`` attributes (decks depend on them for their
look), so the site keeps them too, but never as text: the CSS is parsed into tokens (escapes such
as ``u\\72l(`` or ``@\\69mport`` are decoded by the tokenizer, so they are seen for what they are),
and a new stylesheet is serialised from what survives:

- every ``url()`` (quoted or not) and ``src()`` goes through the resolver; one that is not served
  by the site drops its whole declaration (a declaration is never half-kept);
- functions that load or compute resources without ``url()`` (``image-set``, ``image``,
  ``cross-fade``, ``element``, ``paint``, ``expression``, ``attr``...) drop their declaration;
- ``behavior``/``-moz-binding`` declarations, ``@import``/``@namespace``/``@charset`` and unknown
  at-rules are dropped; ``@media``/``@supports``/``@container``/``@layer`` keep their cleaned rules,
  ``@keyframes`` its frames, ``@font-face`` only when its sources are local;
- the output never holds ``<``, so it cannot end a ``<style>`` element or start markup.

Cost is linear in the size of the CSS: one tokenizer pass, one walk over the tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import tinycss2
from tinycss2 import ast

# (url, purpose) -> replacement URL, or None to drop it. purpose: "resource" (loaded) | "link"
ResolveFn = Callable[[str, str], "str | None"]

# functions that can load something (or run something) without a url() the resolver could check
_UNSAFE_FUNCTIONS = frozenset({
    "image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade", "element",
    "-moz-element", "paint", "expression", "attr", "-webkit-canvas", "-moz-image-rect",
})
_URL_FUNCTIONS = frozenset({"url", "src"})
_UNSAFE_PROPERTIES = frozenset({"behavior", "-moz-binding", "binding", "-ms-behavior"})
_NESTED_AT_RULES = frozenset({"media", "supports", "container", "layer", "document", "-moz-document",
                              "scope", "starting-style"})
_KEYFRAMES = frozenset({"keyframes", "-webkit-keyframes", "-moz-keyframes", "-o-keyframes"})
# what a resolved, same-site URL looks like (resources.Resolver percent-quotes everything else):
# no scheme, no host, no backslash, nothing CSS or HTML would read as syntax
SAFE_LOCAL_URL = re.compile(r"(?!/)(?!.*//)[A-Za-z0-9%._~/-]+")


class Unsafe(Exception):
    """A declaration (or value) that cannot be proven local: it is dropped as a whole."""


def local_resource(url: str, resolve: ResolveFn) -> str | None:
    """``url`` as a same-site resource URL, or None; backslashes and control characters never pass."""
    if any(c == "\\" or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    new = resolve(url.strip(), "resource")
    if new is None:
        return None
    new = new.split("#", 1)[0]
    return new if SAFE_LOCAL_URL.fullmatch(new) else None


def _string(value: str) -> str:
    """A CSS string token; ``<`` and control characters are escaped so no markup can form."""
    out = ['"']
    for ch in value:
        if ch in '"\\<>' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


MAX_DEPTH = 32  # nesting of blocks and functions; real CSS stays in single digits


def _tokens(nodes: Iterable[ast.Node], resolve: ResolveFn, depth: int = 0) -> str:
    """Serialise component values, resolving URLs; raises :class:`Unsafe` when something is not local."""
    if depth > MAX_DEPTH:
        raise Unsafe("nested too deeply")
    out: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Comment):
            continue
        if isinstance(node, ast.URLToken):
            out.append(_url(node.value, resolve))
        elif isinstance(node, ast.FunctionBlock):
            name = node.lower_name
            if name in _UNSAFE_FUNCTIONS:
                raise Unsafe(name)
            if name in _URL_FUNCTIONS:
                args = [a for a in node.arguments if not isinstance(a, ast.WhitespaceToken | ast.Comment)]
                if len(args) != 1 or not isinstance(args[0], ast.StringToken):
                    raise Unsafe(name)
                out.append(_url(args[0].value, resolve))
            else:
                out.append(tinycss2.serialize([ast.FunctionBlock(0, 0, node.name, [])])[:-1])
                out.append(_tokens(node.arguments, resolve, depth + 1) + ")")
        elif isinstance(node, ast.StringToken):
            out.append(_string(node.value))
        elif isinstance(node, ast.ParenthesesBlock):
            out.append("(" + _tokens(node.content, resolve, depth + 1) + ")")
        elif isinstance(node, ast.SquareBracketsBlock):
            out.append("[" + _tokens(node.content, resolve, depth + 1) + "]")
        elif isinstance(node, ast.CurlyBracketsBlock):
            out.append("{" + _tokens(node.content, resolve, depth + 1) + "}")
        elif isinstance(node, ast.ParseError):
            raise Unsafe(node.message)
        else:
            out.append(node.serialize())
    text = "".join(out)
    return text.replace("<", "\\3c ").replace(">", "\\3e ")


def _url(value: str, resolve: ResolveFn) -> str:
    new = local_resource(value, resolve)
    if new is None:
        raise Unsafe("url")
    return f'url("{new}")'


def _declaration(decl: ast.Declaration, resolve: ResolveFn) -> str | None:
    name = decl.lower_name
    if name in _UNSAFE_PROPERTIES or "binding" in name or "behavior" in name:
        return None
    try:
        value = _tokens(decl.value, resolve).strip()
    except Unsafe:
        return None
    if not value:
        return None
    prop = tinycss2.serialize([ast.IdentToken(0, 0, decl.name)])
    return f"{prop}: {value}{' !important' if decl.important else ''}"


def clean_declarations(css: str, resolve: ResolveFn) -> str:
    """A ``style=`` attribute's declarations, each kept only if it is local."""
    items = tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True)
    return "; ".join(d for d in (_declaration(i, resolve) for i in items if isinstance(i, ast.Declaration)) if d)


_VALUE_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
    "repeating-radial-gradient", "repeating-conic-gradient", "calc", "min", "max", "clamp", "var",
    "url", "src", "cubic-bezier", "steps",
})


def _plain_value(nodes: Iterable[ast.Node], depth: int = 0) -> bool:
    """Only what a background, colour or size value is made of: no blocks, no unknown functions."""
    if depth > MAX_DEPTH:
        return False
    for node in nodes:
        if isinstance(node, ast.FunctionBlock):
            ok = node.lower_name in _VALUE_FUNCTIONS and _plain_value(node.arguments, depth + 1)
        elif isinstance(node, ast.LiteralToken):
            ok = node.value in ",/"
        else:
            ok = not isinstance(node, ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock
                                | ast.ParseError | ast.AtKeywordToken)
        if not ok:
            return False
    return True


def clean_value(value: str, resolve: ResolveFn) -> str | None:
    """A single CSS value (reveal.js puts ``data-background-color`` and the like into style), or None."""
    nodes = tinycss2.parse_component_value_list(value, skip_comments=True)
    if not _plain_value(nodes):
        return None
    try:
        out = _tokens(nodes, resolve).strip()
    except Unsafe:
        return None
    return out or None


def _block(content: Sequence[ast.Node] | None, resolve: ResolveFn, depth: int) -> str:
    """The inside of a style rule: declarations and (CSS nesting) nested rules."""
    items = tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True)
    out = []
    for item in items:
        if isinstance(item, ast.Declaration):
            decl = _declaration(item, resolve)
            if decl:
                out.append(decl + ";")
        else:
            rule = _rule(item, resolve, depth + 1)
            if rule:
                out.append(rule)
    return " ".join(out)


def _prelude(nodes: Sequence[ast.Node], resolve: ResolveFn) -> str | None:
    try:
        return _tokens(nodes, resolve).strip()
    except Unsafe:
        return None


def _rule(rule: ast.Node, resolve: ResolveFn, depth: int = 0) -> str | None:
    if depth > 32:  # nesting deeper than any real stylesheet: not worth the recursion
        return None
    if isinstance(rule, ast.QualifiedRule):
        prelude = _prelude(rule.prelude, resolve)
        if not prelude:
            return None
        return f"{prelude} {{ {_block(rule.content, resolve, depth)} }}"
    if not isinstance(rule, ast.AtRule):
        return None
    name = rule.lower_at_keyword
    prelude = _prelude(rule.prelude, resolve)
    if prelude is None or rule.content is None:
        return None  # @import, @namespace, @charset and any other statement at-rule
    keyword = tinycss2.serialize([ast.AtKeywordToken(0, 0, name)])
    if name in _NESTED_AT_RULES or name in _KEYFRAMES:
        inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        body = " ".join(r for r in (_rule(i, resolve, depth + 1) for i in inner) if r)
        return f"{keyword} {prelude} {{ {body} }}"
    if name in ("font-face", "page", "property", "counter-style", "font-feature-values"):
        decls = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
        kept = []
        for decl in decls:
            if not isinstance(decl, ast.Declaration):
                continue
            text = _declaration(decl, resolve)
            if text is None and name == "font-face" and decl.lower_name == "src":
                return None  # a font from elsewhere: the whole face goes, the fallback font is used
            if text:
                kept.append(text + ";")
        return f"{keyword} {prelude} {{ {' '.join(kept)} }}".replace("  ", " ")
    return None


def clean_stylesheet(css: str, resolve: ResolveFn) -> str:
    """An author ``<style>`` block's content, rebuilt from the rules that are provably local."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(r for r in (_rule(rule, resolve) for rule in rules) if r)
