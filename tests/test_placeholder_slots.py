"""unfilled-placeholder's letter slots: a lone `X` or `N` where a number or a name belongs (`# ROOM X`),
against the letters minutes use as variables, statements (`TBD`, `N.N.`) and code; linear on hostile lines."""

from __future__ import annotations

import time

import pytest
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context
from minutes_ci.checks.rules import unfilled_placeholder


def _found(body: str) -> list[tuple[int, int]]:
    doc = parse_document("iaas/20240104.md", ("# 2024-01-04\n\n" + body).encode())
    return [(p.span.line - 2, p.span.col) for p in unfilled_placeholder.check(doc, Context(tree=None))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "col"),
    [
        ("# TRACK X - Networking\n", 9),
        ("## Sprint N\n", 11),
        ("- Booth: XX\n", 10),
        ("- **Room:** X\n", 13),
        ("- Table X: the hardware demo\n", 9),
        ("* see issue #XX for the details\n", 13),
        ("> ### Room X\n", 12),
    ],
)
def test_an_unfilled_letter_is_reported(body: str, col: int) -> None:
    assert _found(body) == [(1, col)]


@pytest.mark.parametrize(
    "body",
    [
        "- Date: TBD\n",
        "- Release date: tba\n",
        "- Moderation: N.N.\n",
        "- when version X is deprecated, version Y takes over\n",
        "- N nodes behind the load balancer\n",
        "- the room X we booked is small\n",
        "# Cloud X Summit\n",
        "## Version X of the standard\n",
        "- use `scs-XXXX-v1-name.md`, `Room: X` and `PR #XXX` as patterns\n",
        "```\n# Room X\n```\n",
        "- [X] done\n",
        "- X.509 and X-Forwarded-For\n",
        "- Nodes: N\n",
    ],
)
def test_letters_that_are_no_placeholder_stay_quiet(body: str) -> None:
    assert _found(body) == []


@pytest.mark.parametrize("body", ["X " * 5000 + "\n", "# Room X - " * 2000 + "\n", "- Room: X\n" * 3000, "#X" * 5000])
def test_hostile_lines_stay_linear(body: str) -> None:
    def cost(text: str) -> float:
        doc = parse_document("iaas/20240104.md", text.encode())
        start = time.process_time()
        list(unfilled_placeholder.check(doc, Context(tree=None)))  # type: ignore[arg-type]
        return time.process_time() - start

    small, big = cost(body), cost(body * 4)
    assert big < 10.0
    if big > 0.4:
        assert big / max(small, 1e-3) < 8.0, (body[:10], small, big)
