"""Faster block and inline tokenizers for markdown-it-py: the same tokens, fewer calls.

markdown-it's block parser tries every block rule, in order, on every line until one matches, and
a paragraph asks the eight "terminator" rules about each of its following lines. Nearly all of
those calls fail on the first character of the line: `hr` wants `*`, `-` or `_`, `heading` wants
`#`, and so on. On the minutes the failing calls are a third of the block parse.

This module dispatches on that first character instead: for each line only the rules that could
match it are called, in markdown-it's own order. Every skipped rule would have returned False
without touching the state (each tests the character before anything else), so the tokens are the
same: ``tests/test_fastblock.py`` compares them, token by token, with the stock parser on every
corpus file, every fixture and random block soup. The rules themselves are markdown-it's own,
except `paragraph` and `lheading`, whose terminator loops are markdown-it's code with the dispatch
in place of the loop over all eight rules.

The inline tokenizer is treated the same way: at each position markdown-it tries its twelve inline
rules until one matches, and each of them but `text` tests the character at the position first
(`[` for links, `*`/`_` for emphasis, ...). A `:` or `-` in running text, which no rule wants,
was offered to all twelve before being kept as text; now it goes straight to the text.

The inline pair rules (link delimiter balance, strikethrough, emphasis) run after an inline token
only when its `*`, `_` or `~` runs left delimiters to pair: without any they are no-ops.

Installed only for the markdown-it-py version it was checked against: another version falls back
to the stock tokenizer (a rule whose early test changed would otherwise be skipped wrongly).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markdown_it
from markdown_it import MarkdownIt, parser_inline
from markdown_it.common.utils import mdTrim
from markdown_it.ruler import Ruler
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

TESTED_VERSIONS = frozenset({"4.3.0"})

RuleFn = Callable[[StateBlock, int, int, bool], bool]
InlineFn = Callable[[StateInline, bool], bool]

# A rule's name -> the first characters (of the line, after its indent) it can match on. Every
# rule named here returns False before changing any state when the character is not among them.
# `table` is keyed on the NEXT line (its delimiter row); `code` on the indent; rules not named
# here (a plugin's) are always tried.
_FIRST_CHARS: dict[str, str] = {
    "fence": "~`",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "container_hedgedoc": ":",
}
_TABLE_ROW_CHARS = "|-:"

# The same for inline rules: the character at the position each can match on ("text" matches
# exactly the characters that are no terminator, and always matches there).
_INLINE_CHARS: dict[str, str] = {
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "_*",
    "link": "[",
    "imsize": "!",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
_ANY = "\0any"  # key for a character no named rule wants


class _Dispatch:
    """For one rule chain: rule lists by (first character, table possible)."""

    def __init__(self, ruler: Ruler[RuleFn], chain: str) -> None:
        self.source = ruler.getRules(chain)
        names = {id(rule.fn): rule.name for rule in ruler.__rules__}
        self.entries = [(fn, names.get(id(fn), "")) for fn in self.source]
        self.cache: dict[tuple[str, bool], list[RuleFn]] = {}

    def rules(self, ch: str, table: bool) -> list[RuleFn]:
        key = (ch, table)
        found = self.cache.get(key)
        if found is None:
            found = []
            for fn, name in self.entries:
                if name == "code":
                    continue  # only on code-indented lines, which take the full list
                if name == "table":
                    if table:
                        found.append(fn)
                    continue
                wanted = _FIRST_CHARS.get(name)
                if wanted is None or ch in wanted:
                    found.append(fn)
            self.cache[key] = found
        return found


class _Dispatcher:
    def __init__(self) -> None:
        self.chains: dict[str, _Dispatch] = {}
        self.seen: object = None

    def get(self, ruler: Ruler[RuleFn], chain: str) -> _Dispatch:
        # A change to the ruler drops its compiled chains (``__cache__``, rebuilt by getRules as a
        # new dict): while the same dict stands, the dispatch built from it holds.
        if ruler.__cache__ is not self.seen or ruler.__cache__ is None:
            ruler.getRules(chain)  # compiles the chains when a change dropped them
            self.chains.clear()
            self.seen = ruler.__cache__
        found = self.chains.get(chain)
        if found is None:
            found = self.chains[chain] = _Dispatch(ruler, chain)
        return found


_WANTED = frozenset("".join(_FIRST_CHARS.values()))


def _rules_at(chain: _Dispatch, state: StateBlock, line: int, end_line: int) -> list[RuleFn]:
    """The rules of ``chain`` that can match at ``line``: by its first character (after the
    indent) and, for `table`, the necessary part of its test of the delimiter row below."""
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    ch = src[pos] if pos < state.eMarks[line] else ""
    if ch not in _WANTED:
        ch = _ANY
    table = False
    nxt = line + 1
    if nxt < end_line:
        pos = state.bMarks[nxt] + state.tShift[nxt]
        table = pos < state.eMarks[nxt] and src[pos] in _TABLE_ROW_CHARS
    found = chain.cache.get((ch, table))
    return found if found is not None else chain.rules(ch, table)


def install(md: MarkdownIt) -> bool:
    """Give ``md`` the dispatching block tokenizer; False (stock kept) on an untested version."""
    if markdown_it.__version__ not in TESTED_VERSIONS:
        return False
    block = md.block
    ruler: Ruler[RuleFn] = block.ruler
    dispatcher = _Dispatcher()

    def terminates(chain: _Dispatch, state: StateBlock, line: int, end_line: int) -> bool:
        for rule in _rules_at(chain, state, line, end_line):  # noqa: SIM110 (any() adds a generator per line)
            if rule(state, line, end_line, True):
                return True
        return False

    def tokenize(state: StateBlock, startLine: int, endLine: int) -> None:
        # markdown-it's ParserBlock.tokenize, with the rules chosen by the line's first character
        all_rules = ruler.getRules("")
        chain = dispatcher.get(ruler, "")
        line = startLine
        maxNesting = state.md.options.maxNesting
        hasEmptyLines = False

        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break
            if state.level >= maxNesting:
                state.line = endLine
                break

            rules = all_rules if state.is_code_block(line) else _rules_at(chain, state, line, endLine)
            ok = False
            for rule in rules:
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")

            state.tight = not hasEmptyLines
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                hasEmptyLines = True
            if line < endLine and state.isEmpty(line):
                hasEmptyLines = True
                line += 1
                state.line = line

    # (state, line, where its scan stopped) of the last lheading that found no underline
    scanned: list[Any] = [None, -1, -1]

    def paragraph(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
        # markdown-it's rules_block.paragraph, terminators dispatched
        nextLine = startLine + 1
        endLine = state.lineMax
        chain = dispatcher.get(ruler, "paragraph")
        oldParentType = state.parentType
        state.parentType = "paragraph"
        if scanned[0] is state and scanned[1] == startLine:
            # lheading, tried on this line just before, walked these same lines with the same
            # tests (no underline among them) and the same end: where it stopped, this stops
            nextLine = endLine = scanned[2]
        scanned[0] = None
        while nextLine < endLine:
            if state.isEmpty(nextLine):
                break
            if state.sCount[nextLine] - state.blkIndent > 3:
                nextLine += 1
                continue
            if state.sCount[nextLine] < 0:
                nextLine += 1
                continue
            if terminates(chain, state, nextLine, endLine):
                break
            nextLine += 1

        content = mdTrim(state.getLines(startLine, nextLine, state.blkIndent, False))
        state.line = nextLine
        token = state.push("paragraph_open", "p", 1)
        token.map = [startLine, state.line]
        token = state.push("inline", "", 0)
        token.content = content
        token.map = [startLine, state.line]
        token.children = []
        token = state.push("paragraph_close", "p", -1)
        state.parentType = oldParentType
        return True

    def lheading(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
        # markdown-it's rules_block.lheading, terminators dispatched
        level = None
        nextLine = startLine + 1
        if state.is_code_block(startLine):
            return False
        chain = dispatcher.get(ruler, "paragraph")
        oldParentType = state.parentType
        state.parentType = "paragraph"
        marker = ""
        while nextLine < endLine and not state.isEmpty(nextLine):
            if state.sCount[nextLine] - state.blkIndent > 3:
                nextLine += 1
                continue
            if state.sCount[nextLine] >= state.blkIndent:
                pos = state.bMarks[nextLine] + state.tShift[nextLine]
                maximum = state.eMarks[nextLine]
                if pos < maximum:
                    marker = state.src[pos]
                    if marker in ("-", "="):
                        pos = state.skipCharsStr(pos, marker)
                        pos = state.skipSpaces(pos)
                        if pos >= maximum:
                            level = 1 if marker == "=" else 2
                            break
            if state.sCount[nextLine] < 0:
                nextLine += 1
                continue
            if terminates(chain, state, nextLine, endLine):
                break
            nextLine += 1

        if not level:
            if endLine == state.lineMax:  # paragraph, tried next, scans to lineMax: the same walk
                scanned[0], scanned[1], scanned[2] = state, startLine, nextLine
            # markdown-it leaves parentType as "paragraph" here; so do we (same state after)
            return False

        content = mdTrim(state.getLines(startLine, nextLine, state.blkIndent, False))
        state.line = nextLine + 1
        token = state.push("heading_open", "h" + str(level), 1)
        token.markup = marker
        token.map = [startLine, state.line]
        token = state.push("inline", "", 0)
        token.content = content
        token.map = [startLine, state.line - 1]
        token.children = []
        token = state.push("heading_close", "h" + str(level), -1)
        token.markup = marker
        state.parentType = oldParentType
        return True

    _install_inline(md)
    names = [rule.name for rule in ruler.__rules__]
    if "paragraph" in names:
        ruler.at("paragraph", paragraph)
    if "lheading" in names:
        ruler.at("lheading", lheading)
    block.tokenize = tokenize  # type: ignore[method-assign]
    return True


def _install_inline(md: MarkdownIt) -> None:
    inline = md.inline
    iruler = inline.ruler
    # the text rule's own stop characters (markdown-it's defaults plus any a plugin added)
    stops = frozenset(parser_inline._DEFAULT_TERMINATORS) | frozenset(inline._extra_terminator_chars)
    memo: dict[str, object] = {}
    by_char: dict[str, list[InlineFn]] = {}

    def rules_for(ch: str, source: list[InlineFn]) -> list[InlineFn]:
        found = by_char.get(ch)
        if found is None:
            names = {id(rule.fn): rule.name for rule in iruler.__rules__}
            found = []
            for fn in source:
                name = names.get(id(fn), "")
                if name == "text":
                    if ch not in stops:
                        found.append(fn)
                    continue
                wanted = _INLINE_CHARS.get(name)
                if wanted is None or ch in wanted:
                    found.append(fn)
            by_char[ch] = found
        return found

    def tokenize(state: StateInline) -> None:
        # markdown-it's ParserInline.tokenize, with the rules chosen by the character
        end = state.posMax
        maxNesting = state.md.options["maxNesting"]
        src = state.src
        source = iruler.getRules("")
        if memo.get("source") is not source:  # the ruler changed: start again
            memo["source"] = source
            by_char.clear()
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < maxNesting:
                rules = by_char.get(src[pos])
                if rules is None:
                    rules = rules_for(src[pos], source)
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    inline.tokenize = tokenize  # type: ignore[method-assign]

    # The pair rules (links' delimiter balance, strikethrough, emphasis) only act on delimiters,
    # which only `*`, `_` and `~` runs create; most inline tokens (a third of a file's text) have
    # none, and the three walks find nothing to do there.
    pair_rules = {"balance_pairs", "strikethrough", "emphasis"}
    post_source: list[object] = [None]  # the ruler2 chain the light list was made from
    post_light: list[list[Callable[[StateInline], None]]] = [[]]

    def parse(src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        # markdown-it's ParserInline.parse, skipping the pair rules when no delimiter was made
        state = StateInline(src, md, env, tokens)
        tokenize(state)
        rules2 = inline.ruler2.getRules("")
        if post_source[0] is not rules2:
            names = {id(rule.fn): rule.name for rule in inline.ruler2.__rules__}
            post_source[0] = rules2
            post_light[0] = [fn for fn in rules2 if names.get(id(fn)) not in pair_rules]
        paired = bool(state.delimiters)
        if not paired:
            for meta in state.tokens_meta:
                if meta and meta.get("delimiters"):
                    paired = True
                    break
        for rule in rules2 if paired else post_light[0]:
            rule(state)
        return state.tokens

    inline.parse = parse  # type: ignore[method-assign]
