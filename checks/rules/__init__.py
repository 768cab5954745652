"""The rule registry: an explicit tuple, so the order (and the set) of rules is reviewable.

Each group of rules keeps its imports and entries between its own marker comments.
"""

from __future__ import annotations

from ..rule import Rule

# >>> dates-decks
_DATES_DECKS: tuple[Rule, ...] = ()
# <<< dates-decks

# >>> minutes
_MINUTES: tuple[Rule, ...] = ()
# <<< minutes

# >>> links
_LINKS: tuple[Rule, ...] = ()
# <<< links

RULES: tuple[Rule, ...] = _DATES_DECKS + _MINUTES + _LINKS


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}
