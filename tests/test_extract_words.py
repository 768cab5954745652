"""checks.extract.lines_with_words: the same lines as a case-insensitive regex, in linear time."""

from __future__ import annotations

import random
import re

from minutes_ci.checks.extract import lines_with_words

WORDS = ("pass", "pw", "secret", "key", "token", "kennwort", "contrase")


def _by_regex(text: str, words: tuple[str, ...]) -> frozenset[int]:
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    return frozenset(n for n, line in enumerate(text.split("\n"), 1) if pattern.search(line))


def test_finds_words_in_any_case() -> None:
    text = "# Notes\n- the PassWord is in the vault\n- nothing here\nTOKEN: abc\n\napi_Key = x"
    assert lines_with_words(text, WORDS) == {2, 4, 6}
    assert lines_with_words("", WORDS) == frozenset()
    assert lines_with_words("password", ()) == frozenset()


def test_case_folding_traps_match_as_re_does() -> None:
    # long s and the Kelvin sign are "s" and "k" to re.IGNORECASE, not to str.lower()
    text = "pa\u017f\u017f\nmon\u212aey \u212aey\nÄrger über Schlüssel\nsecr\u0130t"
    assert lines_with_words(text, WORDS) == _by_regex(text, WORDS) == {1, 2}


def test_agrees_with_the_regex_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "pPaAsSwWkKeEyYtToOnN \n\u017f\u212aöü:-"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
        assert lines_with_words(text, WORDS) == _by_regex(text, WORDS), text


def test_many_hits_on_one_line_stay_cheap() -> None:
    text = "pw" * 200_000 + "\n" + "x" * 10 + "\nKEY"
    assert lines_with_words(text, WORDS) == {1, 3}
