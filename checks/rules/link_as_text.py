"""Link syntax that renders as text: `[text](url` with a space in the URL, a missing `)`, `]` or `(`.

What it does: reports, outside code, link syntax that markdown-it (GitHub's CommonMark and HedgeDoc
alike) left as literal text: `[text](url ...` whose URL holds a space or has no closing `)`,
brackets inside the link text that end it early (`[a [b](c)](d)`), `[text(https://...)` without the
`]`, a word, reference, emphasis or quoted title glued to `(https://...)` (or to a relative
`(./...)`, `(../...)`) with no brackets at all (`#391(https://...)`, `PR 12(https://...)`,
`docs(https://...)`, `the wiki(www.example.org)`, `**#402**(https://...)`, `"the guide"(https://...)`,
a label's colon `Slides:(https://...)`; `foo (https://...)` with a space is a URL in parentheses,
which renders as a linked URL), in notes a bare URL run into the word before it (`vote:https://...`,
which GitHub does not link), `[text]https://...` without the
parentheses, a `[` before a link that nothing closes (`[[text](url)`) or a `]` after one that
nothing opens (`([text](url)] and more)`), `[text]` at a line's end with
its `(url)` starting the next line, and `<https://...>` with a space inside; in notes (read on
GitHub, not HedgeDoc) also an image with HedgeDoc's size (`![](a.png =200x)`), and `[text](url)`
inside an HTML block (`<div>` or `<center>` on the line before it, or on the same line), which is
shown raw. `[text] (url)` is `split-link`'s, `(text)[url]` is `reversed-link`'s.
Why is this bad? Readers see brackets, parentheses and the raw URL instead of a link, and the link
checks never see the URL.
Example: bad `[the docs](https://example.org/a b)`, `[PR 12(https://github.com/o/r/pull/12)`,
`#391(https://github.com/o/r/issues/391)`; good `[the docs](https://example.org/a%20b)` (or
`<https://example.org/a b>` in the parentheses), `[PR 12](https://github.com/o/r/pull/12)`,
`[#391](https://github.com/o/r/issues/391)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS, Piece, pieces

_MAX_STRAYS = 8  # '[' before a link judged per line: each costs a scan of the rest of the line
_URLISH = ("http://", "https://", "./", "../", "/", "#", "mailto:")


def _reason(text: str) -> tuple[int, str] | None:
    """(offset in the piece, what went wrong) for the first link left as text, or None."""
    i = text.find("](")
    if i >= 0:
        start = text.rfind("[", 0, i)
        rest = text[i + 2 :]
        close = rest.find(")")
        target = rest if close < 0 else rest[:close]
        if start < 0:
            return i, "brackets inside the link text end it early; escape them as '\\[' '\\]' or drop them"
        if not target.strip():
            return None  # "[x]()" is a link with an empty target: empty-link's
        if close < 0:
            return start, "the URL has no closing ')'; add it"
        if any(c.isspace() for c in target.strip()):
            return start, "the URL holds a space; write it as %20 or put the URL in '<...>'"
        return start, "the link does not parse; check its brackets and parentheses"
    j = text.find("(http")
    seen, start, closed = 0, -1, True  # the last '[' before j, and whether a ']' follows it (read once)
    while j >= 0:
        opened = text.rfind("[", seen, j)
        if opened >= 0:
            start, closed = opened, "]" in text[opened:j]
        elif not closed:
            closed = "]" in text[seen:j]
        seen = j
        if start >= 0 and not closed:
            return start, "the link text has no closing ']' before '('; add it"
        glued = _glued(text, j) if j > 0 else None
        if glued is not None:
            return glued
        j = text.find("(http", j + 5)
    for target in ("(./", "(../", "(www."):
        # 'the guide(./docs/guide.md)': a relative link's target glued to its word, never linkified
        r = text.find(target)
        while r > 0:
            glued = _glued(text, r)
            if glued is not None:
                return glued
            r = text.find(target, r + 3)
    a = text.find("<http")
    if a >= 0 and text.startswith(("<http://", "<https://"), a):
        # a '<https://...>' that did not become a link: a space (or no '>') inside the brackets
        return a, "an autolink '<...>' cannot hold a space and needs its '>'; write the space as %20"
    k = text.find("]http")
    if k > 0:
        start = text.rfind("[", 0, k)
        if start >= 0 and text.startswith(("]http://", "]https://"), k):
            return start, "the URL is not in parentheses after ']'; write '[text](url)'"
    return None


_GLUED_TARGETS = ("(https://", "(http://", "(./", "(../", "(www.")
# 'Slides:(https://...)': a label's colon glued to the URL; the label is the word before it
_GLUED_PUNCT = frozenset(":")
_WORD_STOP = frozenset("()[]*`\"'<>")
_CLOSING_QUOTES = {'"': '"', "'": "'", "\u201d": "\u201c\u201e", "\u2019": "\u2018\u201a'", "\u00bb": "\u00ab"}


def _glued(text: str, paren: int) -> tuple[int, str] | None:
    """'#391(https://...)', 'docs(https://...)': a word the '(url)' was meant to link, with no brackets.

    Only a letter or digit right before the '(' counts: 'foo (https://x)' and '(see https://x)' are
    a URL in parentheses, which renders as a linked URL, as the author meant.
    """
    if not text.startswith(_GLUED_TARGETS, paren):
        return None
    before = text[paren - 1]
    if before in _CLOSING_QUOTES:
        # '"the install guide"(https://...)': a quoted title; its opening quote is near (bounded look-back)
        start = max(text.rfind(q, max(0, paren - 81), paren - 1) for q in _CLOSING_QUOTES[before])
        if start < 0 or not text[start + 1 : paren - 1].strip():
            return None
    elif before in _GLUED_PUNCT and paren >= 2 and text[paren - 2].isalnum():
        start = paren - 1
        while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _WORD_STOP:
            start -= 1
        word = text[start : paren - 1]
        if "://" in word or ":" in word:
            return None  # 'https://host:(...' or 'a:b:(': a URL or a path, not a label
        return start, (
            f"the label before '(' is glued to the URL, so readers see '{word[:30]}:(' and the raw URL; write "
            f"'[{word[:30]}]({_target(text, paren)}...)' or put a space before '('"
        )
    elif not before.isalnum():
        return None
    else:
        start = paren
        while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _WORD_STOP:
            start -= 1
    word = text[start:paren]
    if "://" in word:
        return None  # a URL that holds '(http' itself (an archive's address): linkify's business
    if word.isdigit() and start >= 2 and text[start - 1] == " ":
        # 'PR 12(', 'issue 7(': the number's label belongs in the link text too
        label = text.rfind(" ", 0, start - 1) + 1
        if 0 < start - 1 - label <= 12 and text[label : start - 1].isalpha():
            start = label
            word = text[start:paren]
    return start, f"the text before '(' needs brackets to be a link; write '[{word[:30]}]({_target(text, paren)}...)'"


def _target(text: str, paren: int) -> str:
    """The start of the URL after '(' for a message: 'https://', 'http://', './', '../' or 'https://www.'."""
    target = next(t[1:] for t in _GLUED_TARGETS if text.startswith(t, paren))
    return "https://www." if target == "www." else target  # '(www.x)' as a link target is a relative path


def _emphasis_glued(doc: Document) -> Iterator[tuple[int, str]]:
    """(line, shown) of '**#402**(https://...)', '_Recording_(https://...)': emphasis glued to a URL."""
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children or "(http" not in tok.content:
            continue
        line = tok.map[0] + 1
        children = tok.children
        for i, child in enumerate(children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("code_inline", "html_inline"):
                line += child.content.count("\n")
            elif (
                child.type == "text"
                and child.content.startswith(("(http://", "(https://"))
                and i >= 2
                and children[i - 1].type in ("em_close", "strong_close")
                and children[i - 2].type == "text"
                and children[i - 2].content.strip()
                and children[i - 2].content[-1:].isalnum()
            ):
                mark = children[i - 1].markup
                yield line, f"{mark}{children[i - 2].content}{mark}"


def _stray_bracket(piece: Piece) -> tuple[int, str, str] | None:
    """'[[the roadmap](url)', '[see [the doc](url)': a '[' the link after it leaves unclosed."""
    text = piece.text
    if piece.next_type != "link_open" or piece.next_markup == "linkify":
        return None
    i = text.rfind("[")
    if i < 0 or text.rfind("]") > i:
        return None
    # the link's own '[' (markdown) or '<' (autolink) follows the piece in the source
    needle = text[i:] + ("<" if piece.next_markup == "autolink" else "[")
    return i, needle, "is never closed, so readers see a stray '[' in front of the link; remove it or add the ']'"


def _closing_strays(doc: Document) -> Iterator[tuple[int, str]]:
    """(line, text after) of '[text](url)] but': a ']' right after a link that no '[' before it opens.

    A ']' closing a '[' the text before the link left open ('[see [the doc](url)]') is the author's
    bracket, shown as meant; one with nothing open is a typo (often for ')')."""
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children or ")]" not in tok.content:
            continue
        line = tok.map[0] + 1
        depth = 0  # literal '[' left open by the text so far (outside links)
        inside = 0
        markup = ""
        prev = ""
        for child in tok.children:
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
            elif kind in ("code_inline", "html_inline"):
                line += child.content.count("\n")
            elif kind == "link_open":
                inside += 1
                markup = child.markup
            elif kind == "link_close":
                inside -= 1
            elif kind == "text" and not inside:
                text = child.content
                if prev == "link_close" and text.startswith("]") and not depth and markup == "":
                    yield line, text
                for c in text:  # the text's brackets, for the next link's ']' (linear: each char once)
                    if c == "[":
                        depth += 1
                    elif c == "]" and depth:
                        depth -= 1
            if kind != "text" or child.content:
                prev = kind  # markdown-it leaves empty text tokens next to delimiters


def _split_lines(prev: Piece | None, piece: Piece) -> bool:
    """'[the minutes]' at a line end and '(https://...)' starting the next line: no link."""
    if prev is None or not piece.line_start or piece.first_line or prev.line != piece.line - 1:
        return False
    before = prev.text.rstrip()
    start = before.rfind("[")
    return (
        before.endswith("]")
        and start >= 0
        and before[start + 1 : -1].strip() not in ("", "x", "X")
        and "]" not in before[start:-1]
        and piece.text.startswith(tuple("(" + u for u in _URLISH))
        and ")" in piece.text
    )


# a Markdown link in raw HTML: text without brackets, a URL without spaces or parentheses (linear)
_RAW_LINK = re.compile(r"!?\[[^\[\]\n]{1,200}\]\((?:https?://|\.{0,2}/|#)[^()\s]*\)")


def _raw_html_links(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(line, column, link) of '[text](url)' inside an HTML block, which no renderer reads as Markdown."""
    for tok in doc.tokens:
        if tok.type != "html_block" or not tok.map or "](" not in tok.content:
            continue
        head = tok.content.lstrip()[:8].lower()
        if head.startswith(("<!--", "<style", "<script", "<pre", "<textar")):
            continue  # comments are not shown, and these tags keep their text verbatim on purpose
        for k, raw in enumerate(tok.content.split("\n")):
            m = _RAW_LINK.search(raw) if "](" in raw else None
            if m is not None:
                yield tok.map[0] + 1 + k, m.start() + 1, m.group()


def _sized_images(doc: Document) -> Iterator[tuple[int, str]]:
    """(line, src) of images written with HedgeDoc's size ('![](a.png =200x)'), which GitHub shows as text."""
    for tok in doc.tokens:
        if tok.type != "inline" or not tok.map or not tok.children or " =" not in tok.content:
            continue
        line = tok.map[0] + 1
        for child in tok.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("code_inline", "html_inline", "text"):
                line += child.content.count("\n")
            elif child.type == "image" and ("width" in child.attrs or "height" in child.attrs):
                yield line, str(child.attrs.get("src", ""))


_GLUED_BEFORE = frozenset(":;,")  # 'project:https://...': punctuation a label ends in


def _glued_bare(text: str) -> int | None:
    """Offset of the first 'https://' glued to the word before it ('vote:https://x'), or None.

    GitHub links a bare URL only after a space, the line's start or one of '*_~(' (HedgeDoc's linkify
    is laxer: decks are not judged). A URL inside another URL or a parameter ('/https://', '=https://')
    is that URL's business."""
    j = text.find("://")
    while j >= 0:
        start = j - 5 if text.startswith("https", j - 5) else j - 4 if text.startswith("http", j - 4) else -1
        if start > 0:
            before = text[start - 1]
            if before in _GLUED_BEFORE or before.isalnum():
                # the word before it, looked at over a bounded stretch (linear on a line of URLs)
                window = text[max(0, start - 60) : start]
                word = window[window.rfind(" ") + 1 :]
                # 'Linkhttps://' after a word is a word run into the URL ('hhttps://', 'xyhttps://' are
                # misspelt schemes: url-scheme-typo's); after ':' a label; a '/', '=', '@' or '.' in the
                # word makes it a path, a parameter, an address or a host
                runs_in = before in _GLUED_BEFORE or len(word) >= 3
                if runs_in and not any(c in word for c in "/=@") and "." not in word[:-1]:
                    return start
        j = text.find("://", j + 3)
    return None


def _bare_glued(doc: Document) -> Iterator[Problem]:
    for piece in pieces(doc):
        if "://" not in piece.text:
            continue
        offset = _glued_bare(piece.text)
        if offset is None:
            continue
        source = doc.line(piece.line)
        word_start = piece.text.rfind(" ", 0, offset) + 1
        shown = piece.text[word_start : offset + 30].split(" ", 1)[0]
        col = source.find(shown) + 1
        if col < 1:
            continue
        yield Problem(
            Span(piece.line, col, piece.line, col + len(shown)),
            f"'{shown[:40]}' is not a link on GitHub: a URL run into the text before it is not linked, so readers "
            "see the address as plain text; put a space before 'http'",
        )


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.kind is not Kind.DECK and "://" in doc.text:
        yield from _bare_glued(doc)
    if (
        "[" not in doc.text
        and "<http" not in doc.text
        and "(http" not in doc.text
        and "(." not in doc.text
        and "(www." not in doc.text
    ):
        return
    reported: set[int] = set()
    if "<" in doc.text:
        for line, _col, link in _raw_html_links(doc):
            col = doc.line(line).find(link) + 1  # the block's text lacks a list's indentation or a '> '
            if line in reported or col < 1:
                continue
            reported.add(line)
            yield Problem(
                Span(line, col, line, col + len(link)),
                f"'{link[:40]}' is inside an HTML block, where Markdown is not read, so readers see it as text; "
                "put an empty line after the HTML tag's line (and before its closing tag), or write <a href=...>",
            )
    if doc.kind is not Kind.DECK and " =" in doc.text:
        # notes are read on GitHub, whose CommonMark knows no image size: the image is lost
        for line, src in _sized_images(doc):
            source = doc.line(line)
            col = source.find("![") + 1
            if line in reported or col < 1:
                continue
            reported.add(line)
            end = source.find(")", col)
            yield Problem(
                Span(line, col, line, (end + 2) if end >= 0 else len(source) + 1),
                f"the image '{src[-40:]}' with a ' =WxH' size shows as text on GitHub (the size is HedgeDoc's, "
                'for slide decks); drop the size or write <img src="..." width="...">',
            )
    if "(http" in doc.text and ("*(http" in doc.text or "_(http" in doc.text):
        for line, word in _emphasis_glued(doc):
            source = doc.line(line)
            col = source.find(word + "(http") + 1
            if line in reported or col < 1:
                continue
            reported.add(line)
            end = source.find(")", col + len(word))
            shown = source[col - 1 : end + 1 if end >= 0 else len(source)]
            target = _target(source, col - 1 + len(word))
            yield Problem(
                Span(line, col, line, col + len(shown)),
                f"'{shown[:40]}' shows as text, not as a link: the text before '(' needs brackets to be a link; "
                f"write '[{word[:30]}]({target}...)'",
            )
    if ")]" in doc.text:
        for line, after in _closing_strays(doc):
            source = doc.line(line)
            col = source.find(")" + after[:20]) + 2
            if line in reported or col < 2:
                continue
            reported.add(line)
            yield Problem(
                Span(line, col, line, col + 1),
                "the ']' after the link is never opened, so readers see a stray ']' after the link text; "
                "remove it, or write ')' if it was meant to close a parenthesis",
            )
    strays: dict[int, int] = {}  # line -> '[' before a link judged on it (bounded work on a long line)
    prev: Piece | None = None
    for piece in pieces(doc):
        last, prev = prev, piece
        text = piece.text
        if (
            "[" not in text
            and "](" not in text
            and "<http" not in text
            and "(http" not in text
            and "(./" not in text
            and "(../" not in text
            and "(www." not in text
            and not text.startswith("(")
        ) or (piece.line in reported):
            continue  # one finding a line: each later construct on it is judged after a fix
        if last is not None and last.line not in reported and _split_lines(last, piece):
            source = doc.line(last.line)
            shown = last.text.rstrip()[last.text.rstrip().rfind("[") :]
            col = source.rfind(shown) + 1
            if col >= 1 and (col == 1 or source[col - 2] != "\\"):
                reported.add(last.line)
                yield Problem(
                    Span(last.line, col, last.line, col + len(shown)),
                    f"'{shown[:40]}' and the '(...)' on the next line show as text, not as a link: a link's "
                    "text and URL must be on one line, as '[text](url)'",
                )
                continue
        found = _reason(text)
        needle = None
        if found is None and strays.get(piece.line, 0) < _MAX_STRAYS and (stray := _stray_bracket(piece)) is not None:
            strays[piece.line] = strays.get(piece.line, 0) + 1
            offset, needle, why = stray
            found = offset, why
        if found is None:
            continue
        offset, why = found
        source = doc.line(piece.line)
        if needle is None:
            end = text.find(">" if text.startswith("<", offset) else ")", offset)
            shown = text[offset : min(end + 1 if end >= 0 else len(text), offset + 40)]
        else:
            shown = needle
        col = source.find(shown) + 1
        if col < 1 or (col > 1 and source[col - 2] == "\\"):
            continue  # not verbatim in the source: escaped ('\\[') or an entity, meant as text
        if needle is not None and source[col - 1 :].count("[") <= source[col - 1 :].count("]"):
            continue  # '[draft [link](url)]': the '[' is closed after the link
        reported.add(piece.line)
        if needle is not None:
            shown = "["  # the stray '[' itself
            message = f"the '[' before the link {why}"
        else:
            message = f"'{shown[:40]}' shows as text, not as a link: {why}"
        yield Problem(Span(piece.line, col, piece.line, col + len(shown)), message)


RULE = Rule(id="link-as-text", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
