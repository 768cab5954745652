"""Regular expressions that a repository's configuration supplies, matched in linear time.

`.minutes-ci.yaml` is part of the pull request: a pattern such as ``(a+)+$`` next to a title of
many ``a`` would make Python's backtracking engine take exponential time. These patterns therefore
run on RE2 (google-re2), which never backtracks: its cost is linear in the text. RE2 refuses what
needs backtracking (backreferences, lookaround); such a pattern is a configuration error.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol, cast


class UserPattern(Protocol):
    """What the callers use of a compiled pattern (the same names as ``re.Pattern``)."""

    def search(self, text: str) -> Any: ...

    def sub(self, repl: str, text: str, count: int = 0) -> str: ...


class UserPatternError(ValueError):
    """The pattern is not a regular expression RE2 accepts."""


@lru_cache(maxsize=256)
def compile_user(pattern: str) -> UserPattern:
    import re2  # lazily: only configurations with patterns pay its import

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own error line to stderr
    try:
        return cast(UserPattern, re2.compile(pattern, options=options))
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise UserPatternError(
            f"{detail} (patterns run on the linear-time RE2 engine: no backreferences or lookaround)"
        ) from None
