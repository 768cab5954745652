"""Links, issue references, handles and dates, with their positions.

Markdown links, images and autolinks come from markdown-it's inline tokens (so ``[a](b)`` inside
code or an escaped bracket is not a link); HTML attributes and bare URLs come from a scan of the
source lines with code, inline code and comments masked, because HedgeDoc renders raw HTML blocks
that markdown-it does not look inside.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import DateMention, IssueRef, Link, Span
from .refs import parse_github_url, parse_ref_text

if TYPE_CHECKING:
    from markdown_it.token import Token

_TICKS = re.compile(r"`+")
# "[text](dest)", the text holding at most one level of brackets. The text alternatives are disjoint
# (no backtracking); "[^)]*\)" is the old "[^)\s]*(?:\s[^)]*)?\)" without its two ways to split a
# space. Applied only up to the line's last ")" (md_links_masked): past it every "[x](" scanned
# to the end of the line and failed, once per "[" (quadratic on "[a](" * n).
_MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)")
_HTML_ATTR = re.compile(r"""<[A-Za-z][^<>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'`\]\[{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?*_~'\""
IMAGE_EXT = re.compile(r"\.(png|jpe?g|gif|svg|webp|avif|heic|heif|bmp|ico)$", re.IGNORECASE)

# Every reference ends in "#" and a digit. Most lines with a "#" are headings ("## Topic"), where
# _TEXT_REF (optional owner, then a name, at every start position) costs a rescan of each word; only
# lines holding "#<digit>" are scanned. Masking only blanks characters: it never creates one.
_HASH_NUM = re.compile(r"#\d")
_TEXT_REF = re.compile(r"(?<![\w/#.@-])(?:(?P<owner>[A-Za-z0-9][\w.-]*)/)?(?P<repo>[A-Za-z][\w.-]*)/?#(?P<num>\d+)\b")
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,60}[A-Za-z0-9])?"  # a handle's characters (a login, loosely)
_NOT_AFTER = r"(?<![A-Za-z0-9.+/@\\-])"  # no mail address, URL path or word glued before the '@'
_HANDLE = re.compile(_NOT_AFTER + "@(" + _NAME + ")")
_DATE = re.compile(r"(?<![\d/])(\d{4})([-\u2013\u2014/.])(\d{1,2})([-\u2013\u2014/.])(\d{1,2})(?![\d])")
_COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


def mask(line: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches (keeping columns) so later scans do not look inside them."""
    if not pattern.search(line):
        return line
    return pattern.sub(lambda m: " " * len(m.group(0)), line)


def mask_code(line: str) -> str:
    """The line with inline code spans blanked (same length, so columns stay right).

    CommonMark: a run of N backticks opens a span closed by the next run of exactly N. One pass over
    the runs: a regex with a back-reference ("(`+)(.+?)\\1") rescans the rest of the line for
    every opener, cubic on a line of backticks.
    """
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indices of runs of that length, last first
    for i in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[i][1] - runs[i][0], []).append(i)
    out: list[str] = []
    done = 0  # line[:done] is in out already
    i = 0
    while i < len(runs):
        start, end = runs[i]
        same = later[end - start]
        while same and same[-1] <= i:
            same.pop()
        if not same:
            i += 1
            continue
        j = same.pop()
        close = runs[j][1]
        out += (line[done:start], " " * (close - start))
        done = close
        i = j + 1
    if not out:
        return line
    out.append(line[done:])
    return "".join(out)


def sub_until(pattern: re.Pattern[str], repl: str, text: str, closer: str) -> str:
    """``pattern.sub(repl, text)`` for a pattern whose one long scan runs up to ``closer`` and ends
    the match there: ``<[^>]*>``, or the target of ``\\[[^\\[\\]]*\\]\\([^)]*\\)`` (its text stops at
    the next bracket). Applied only up to the text's last ``closer``, where such a scan always
    succeeds and the match consumes what it scanned: the same result in linear time. Past the last
    closer every opener ("<<<<", "[a](" * n) scanned to the end and failed, quadratic."""
    cut = text.rfind(closer) + 1
    return pattern.sub(repl, text[:cut]) + text[cut:] if cut else text


def md_links_masked(line: str) -> str:
    """The line with Markdown links ``[text](dest)`` blanked, in time linear in the line."""
    cut = line.rfind(")") + 1
    if not cut or "](" not in line:
        return line
    return mask(line[:cut], _MD_LINK) + line[cut:]


def find_dates(text: str, line: int, col0: int = 1) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _DATE.finditer(text):
        y, sep1, mo, sep2, d = m.groups()
        if sep1 != sep2 and not {sep1, sep2} <= {"-", "\u2013", "\u2014"}:
            continue  # "2023.07-01" is not a date
        if sep1 == "." and sep2 == ".":
            continue  # version numbers: "2024.1.1"
        problem: str | None = None
        if "\u2013" in (sep1, sep2) or "\u2014" in (sep1, sep2):
            problem = "en-dash"
        elif sep1 == "/":
            problem = "slashes"
        elif len(mo) < 2 or len(d) < 2:
            problem = "unpadded"
        try:
            date: dt.date | None = dt.date(int(y), int(mo), int(d))
        except ValueError:
            date, problem = None, "impossible"
        span = Span(line, col0 + m.start(), line, col0 + m.end())
        out.append(DateMention(m.group(0), span, date, problem))
    if not out:
        for m in _COMPACT_DATE.finditer(text):
            try:
                cdate: dt.date | None = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            out.append(DateMention(m.group(0), Span(line, col0 + m.start(), line, col0 + m.end()), cdate, "compact"))
    return out


# How far past the previous link a link's URL is looked for. Links come in source order, so the
# next one is near; a URL that markdown-it rewrote beyond recognition (an entity, an escape) is not
# in the source at all, and an unbounded search for it would scan the rest of the paragraph once per
# such link. Past the window the link is still reported, at the paragraph's first line.
_LOCATE_WINDOW = 4096


class _Locator:
    """Source positions of the URLs of one inline token, in source order."""

    def __init__(self, lines: list[str], first: int, last: int) -> None:
        self.first = first
        self.block = "\n".join(lines[first - 1 : min(last, len(lines))])
        self.starts = [0]
        pos = self.block.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = self.block.find("\n", pos + 1)
        self.cursor = 0

    def raw(self, href: str) -> str:
        """markdown-it percent-encodes hrefs; the form written in the source, near the cursor."""
        if not href or self._find(href) >= 0:
            return href
        from urllib.parse import unquote

        plain = unquote(href)
        return plain if plain != href and self._find(plain) >= 0 else href

    def _find(self, url: str) -> int:
        return self.block.find(url, self.cursor, self.cursor + _LOCATE_WINDOW + len(url))

    def locate(self, url: str) -> Span:
        pos = self._find(url) if url else -1
        if pos < 0:
            return Span(self.first, 1)
        self.cursor = pos + 1
        i = bisect_right(self.starts, pos) - 1
        ln, col = self.first + i, pos - self.starts[i] + 1
        return Span(ln, col, ln, col + len(url))


def inline_links(tokens: list[Token], lines: list[str]) -> list[Link]:
    """Links and images of the inline tokens, located in the source lines.

    One pass over the children of each inline token, each located from where the previous one
    was: per link, slicing the rest of the children, re-joining the paragraph and searching it from
    its first line was quadratic in the links of one paragraph (30,000 links took minutes). A link
    is located when it closes, after the images in its text, which is the order of the source.
    """
    links: list[Link] = []
    for tok in tokens:
        if tok.type != "inline" or not tok.children or tok.map is None:
            continue
        # most inline tokens hold no link: the paragraph is joined for the search only when one does
        # a link or image needs a "[" ('[text](url)', '![alt](src)', references) or a "<" (an
        # autolink) in the source (linkify is off): most blocks are ruled out without a child walk
        content = tok.content
        if ("[" not in content and "<" not in content) or not any(
            child.type == "link_open" or child.type == "image" for child in tok.children
        ):
            continue
        where = _Locator(lines, tok.map[0] + 1, tok.map[1])
        opened: list[tuple[str, str, list[str]]] = []  # (href, form, text parts) of open links
        for child in tok.children:
            if child.type == "link_open":
                form = "autolink" if child.markup == "autolink" else "markdown"
                opened.append((str(child.attrs.get("href", "")), form, []))
                continue
            if child.type == "link_close" and opened:
                href, form, parts = opened.pop()
                links.append(Link(href, "".join(parts), where.locate(where.raw(href)), form))
                continue
            if opened:
                opened[-1][2].append(child.content)
            if child.type == "image":
                src = str(child.attrs.get("src", ""))
                links.append(Link(src, child.content, where.locate(where.raw(src)), "image", image=True))
    return links


def scan_lines(lines: list[str], skip: Iterable[int], known: set[tuple[int, int]]) -> list[Link]:
    """HTML href/src attributes and bare URLs in masked source lines."""
    skip_set = set(skip)
    links: list[Link] = []
    for idx, line in enumerate(lines):
        ln = idx + 1
        if ln in skip_set or ("://" not in line and "href" not in line and "src" not in line):
            continue
        # an HTML attribute needs a "<" and a "="; most URL lines are Markdown links without either
        for m in _HTML_ATTR.finditer(line) if "<" in line and "=" in line else ():
            val = m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
            g = 2 if m.group(2) is not None else (3 if m.group(3) is not None else 4)
            col = m.start(g) + 1
            is_src = m.group(1).lower() == "src"
            form = "html-src" if is_src else "html-href"
            links.append(Link(val, "", Span(ln, col, ln, col + len(val)), form, image=is_src))
            known.add((ln, col))
        if "://" not in line:
            continue
        masked = md_links_masked(line)
        for m in _BARE_URL.finditer(masked):
            col = m.start() + 1
            before = line[m.start() - 1] if m.start() else ""
            if (before in "(<\"'=[" and before != "") or (ln, col) in known:
                continue
            url = trim_bare_url(m.group(0))
            links.append(Link(url, "", Span(ln, col, ln, col + len(url)), "bare", image=bool(IMAGE_EXT.search(url))))
    return links


def trim_bare_url(url: str) -> str:
    """Trailing punctuation is prose, not URL; a closing paren only when unbalanced (GFM)."""
    opens, closes = url.count("("), url.count(")")  # counted once: per character was quadratic
    end = len(url)
    while end and (url[end - 1] in _TRAILING or (url[end - 1] == ")" and opens < closes)):
        closes -= url[end - 1] == ")"
        end -= 1
    return url[:end]


def ref_from_link(link: Link) -> IssueRef | None:
    target = parse_github_url(link.url)
    if target is None:
        return None
    ref = IssueRef(
        span=link.span,
        text=link.text,
        owner=target.owner,
        repo=target.repo,
        number=target.number,
        kind="pull" if target.kind == "pulls" else target.kind,
        url=link.url,
    )
    claim = parse_ref_text(link.text) if link.text else None
    if claim is not None:  # one reading of reference-shaped texts, shared with the rules
        ref.text_is_ref = True
        ref.text_owner, ref.text_repo, ref.text_number, ref.text_kind = (
            claim.owner,
            claim.repo,
            claim.number,
            claim.kind,
        )
    return ref


def text_refs(lines: list[str], skip: Iterable[int]) -> list[IssueRef]:
    skip_set = set(skip)
    refs: list[IssueRef] = []
    # one scan of the whole text finds the few lines holding "#<digit>" (~1 in 60), in order,
    # instead of a Python-level test of every line
    text = "\n".join(lines)
    idx, pos, last = 0, 0, -1
    for hit in _HASH_NUM.finditer(text):
        idx += text.count("\n", pos, hit.start())
        pos = hit.start()
        if idx == last or (idx + 1) in skip_set:
            continue
        # a reference names its repository right before the "#" (or "/#"): "#12" alone is none
        before = text[pos - 2 : pos] if pos > 1 else text[:pos]
        if before.endswith("/"):
            before = before[:-1]
        if not before or not (before[-1].isalnum() or before[-1] in "_.-"):
            continue
        last = idx
        line = lines[idx]
        masked = md_links_masked(line)
        if "://" in masked:
            masked = mask(masked, _BARE_URL)
        for m in _TEXT_REF.finditer(masked):
            span = Span(idx + 1, m.start() + 1, idx + 1, m.end() + 1)
            refs.append(
                IssueRef(
                    span=span,
                    text=m.group(0),
                    owner=None,
                    repo=None,
                    number=None,
                    kind=None,
                    text_owner=m["owner"],
                    text_repo=m["repo"],
                    text_number=int(m["num"]),
                    text_is_ref=True,
                )
            )
    return refs


def handles_in(line: str, ln: int) -> list[tuple[str, Span]]:
    if "@" not in line:
        return []
    found = [(m.group(1), Span(ln, m.start() + 1, ln, m.end() + 1)) for m in _HANDLE.finditer(line)]
    if "/@" in line:
        found += [(h, Span(ln, at + 1, ln, at + 2 + len(h))) for at, h in chained_handles(line)]
        found.sort(key=lambda f: f[1].col)
    return found


# '@alice/@bob/@carol': handles joined by slashes. A handle after a '/' is not read on its own (a
# URL path has '/@x': 'medium.com/@x'), but after a '/' that follows a handle it is one of a list.
_CHAIN = re.compile(_NOT_AFTER + "@" + _NAME + "(?:/@" + _NAME + ")+")


def chained_handles(text: str) -> list[tuple[int, str]]:
    """(offset of the '@', handle) of each handle after the first of a slash-joined list."""
    out: list[tuple[int, str]] = []
    if "/@" not in text:
        return out
    for m in _CHAIN.finditer(text):
        at = m.start()
        for part in m.group().split("/")[1:]:
            at = text.index(part, at + 1)
            out.append((at, part[1:]))
    return out


# What re.IGNORECASE equates with an ASCII letter although str.lower() does not turn it into that
# letter alone: dotless i and long s (re/_casefix.py), capital dotted I (lower-cases to "i" and a
# combining dot) and the Kelvin sign (to "k"). A text without them is matched by a case-insensitive
# ASCII word exactly where its lower-cased copy holds the word, at the same offsets.
_FOLD_TRAPS = ("\u0131", "\u017f", "\u0130", "\u212a")


@lru_cache(maxsize=32)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def lines_with_words(text: str, words: tuple[str, ...]) -> frozenset[int]:
    """The 1-based lines of ``text`` (split at "\n", as ``Document.lines``) that hold one of ``words``
    (lower-case ASCII) in any case: the lines where ``re.search("w1|w2|...", line, re.I)`` matches.

    A case-insensitive alternation has no literal prefix for ``re`` to skip ahead with, so a search
    tries every position of the text (0.3 s over the real repository for 7 short words); ``str.find``
    in a lower-cased copy is a C scan, and one hit a line is enough (the rest of it is skipped).
    """
    if not words:
        return frozenset()
    if not text.isascii() and any(c in text for c in _FOLD_TRAPS):
        pattern = _words_pattern(words)
        return frozenset(n for n, line in enumerate(text.split("\n"), 1) if pattern.search(line))
    low = text.lower()
    starts: list[int] = []  # offsets of the first hit of each word on each line holding it
    for word in words:
        pos = low.find(word)
        while pos >= 0:
            starts.append(pos)
            eol = low.find("\n", pos)
            if eol < 0:
                break
            pos = low.find(word, eol + 1)
    starts.sort()
    found: set[int] = set()
    line, done = 1, 0
    for pos in starts:  # one walk over the text, however many hits
        line += low.count("\n", done, pos)
        done = pos
        found.add(line)
    return frozenset(found)


def lines_holding(text: str, literal: str) -> list[int]:
    """The 1-based lines of ``text`` (split at "\n", as ``Document.lines``) holding ``literal``
    (case-sensitive), in order: ``[n for n, line in enumerate(text.split("\n"), 1) if literal in
    line]`` by ``str.find`` in C, which skips the many lines without it (a Python loop visits each)."""
    out: list[int] = []
    if not literal or "\n" in literal:
        return [n for n, line in enumerate(text.split("\n"), 1) if literal in line]
    pos, line, done = text.find(literal), 1, 0
    while pos >= 0:
        line += text.count("\n", done, pos)
        done = pos
        out.append(line)
        eol = text.find("\n", pos)
        if eol < 0:
            break
        pos = text.find(literal, eol + 1)
    return out
