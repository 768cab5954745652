"""HedgeDoc's ``==mark==`` and ``++ins++`` (markdown-it-mark, markdown-it-ins): strikethrough's
delimiter algorithm with another marker, so runs pair up exactly as ``~~`` does (linear time)."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter


def _tokenizer(marker: str) -> Callable[[StateInline, bool], bool]:
    def tokenize(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] != marker:
            return False
        scanned = state.scanDelims(state.pos, True)
        length = scanned.length
        if length < 2:
            return False
        if length % 2:
            state.push("text", "", 0).content = marker
            length -= 1
        for _ in range(length // 2):
            state.push("text", "", 0).content = marker * 2
            state.delimiters.append(Delimiter(marker=ord(marker), length=0, token=len(state.tokens) - 1,
                                              end=-1, open=scanned.can_open, close=scanned.can_close))
        state.pos += scanned.length
        return True

    return tokenize


def _pair(state: StateInline, delimiters: list[Delimiter], marker: str, tag: str) -> None:
    lone: list[int] = []
    for start in delimiters:
        if start.marker != ord(marker) or start.end == -1:
            continue
        end = delimiters[start.end]
        for idx, kind in ((start.token, "open"), (end.token, "close")):
            tok = state.tokens[idx]
            tok.type, tok.tag, tok.markup, tok.content = f"{tag}_{kind}", tag, marker * 2, ""
            tok.nesting = 1 if kind == "open" else -1
        before = state.tokens[end.token - 1]
        if before.type == "text" and before.content == marker:
            lone.append(end.token - 1)
    # an odd run leaves one marker before the closers: it moves after them (as strikethrough does)
    while lone:
        i = lone.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == f"{tag}_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def _post(marker: str, tag: str) -> Callable[[StateInline], None]:
    def post(state: StateInline) -> None:
        _pair(state, state.delimiters, marker, tag)
        for meta in state.tokens_meta:
            if meta and "delimiters" in meta:
                _pair(state, meta["delimiters"], marker, tag)

    return post


def mark_ins_plugin(md: MarkdownIt) -> None:
    for marker, tag in (("=", "mark"), ("+", "ins")):
        md.inline.ruler.before("emphasis", tag, _tokenizer(marker))
        md.inline.ruler2.before("emphasis", tag, _post(marker, tag))
