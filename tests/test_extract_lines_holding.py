"""checks.extract.lines_holding and the long-token scan of secret-in-minutes: the same lines and
tokens as a Python loop over Document.lines, found by str.find / str.split in C."""

from __future__ import annotations

import random
import re

from minutes_ci.checks.extract import lines_holding
from minutes_ci.checks.rules.secrets import MAX_TOKEN, _long_tokens


def _by_loop(text: str, literal: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if literal in line]


def _tokens_by_loop(text: str) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for n, line in enumerate(text.split("\n"), 1):
        for m in re.finditer(r"\S+", line):
            if 20 <= len(m.group()) <= MAX_TOKEN:
                out.setdefault(n, []).append((m.start(), m.group()))
    return out


def test_lines_holding_a_literal() -> None:
    text = "see https://a.example\nno link\n\nhttp://b and ftp://c\nlast ://"
    assert lines_holding(text, "://") == [1, 4, 5]
    assert lines_holding("", "://") == []
    assert lines_holding("a\nb", "\n") == _by_loop("a\nb", "\n")


def test_lines_holding_matches_the_loop_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", ":", "/", " ", "\n", "\t", "\u00a0", "\r", "ab", "://"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
        for literal in ("://", "a", "ab", "b:", "\r"):
            assert lines_holding(text, literal) == _by_loop(text, literal), (text, literal)


def test_long_tokens_match_the_line_by_line_split() -> None:
    rng = random.Random(11)
    words = ["x" * 19, "y" * 20, "ghp_" + "z" * 36, "ab", "q" * 25, " ", "  ", "\n", "\t", "\u2003", "\r\n"]
    for _ in range(300):
        text = "".join(rng.choice(words) for _ in range(rng.randrange(0, 30)))
        assert _long_tokens(text) == _tokens_by_loop(text), text
    # a token longer than MAX_TOKEN is skipped, and the next one is still found where it is
    text = "k" * (MAX_TOKEN + 1) + " " + "k" * 30 + "\n  " + "k" * 30
    assert _long_tokens(text) == {1: [(MAX_TOKEN + 2, "k" * 30)], 2: [(2, "k" * 30)]}
