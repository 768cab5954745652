"""The cheap test that spares most titles the date search never hides a cancelled title: every
title _CANCELLED_TITLE finds once its dates are taken out passes it (random titles of the words
and dates it looks at, glued or spaced, in any case)."""

from __future__ import annotations

import random

from minutes_ci.checks.rules import _minutes

WORDS = [
    "Cancelled",
    "CANCELED",
    "cancellation",
    "skipped",
    "Postponed",
    "entfällt",
    "entfallt",
    "fällt",
    "fallt",
    "aus",
    "ausgefallen",
    "abgesagt",
    "verschoben",
    "no",
    "No",
    "kein",
    "keine",
    "keinen",
    "meeting",
    "SIG",
    "call",
    "Session",
    "jour",
    "fixe",
    "Sitzung",
    "Treffen",
    "Termin",
    "heute",
    "team",
    "IaaS",
    "-",
    "(",
    ")",
    "2024-01-10",
    "10.01.2024",
    "2024-1-9",
    "20240110",
    "Monitoring",
    "November",
    "notes",
]


def test_pretest_passes_every_cancelled_title() -> None:
    rng = random.Random(5)
    found = 0
    for _ in range(30000):
        title = "".join(rng.choice(WORDS) + rng.choice(("", " ", " ", "  ", "\t")) for _ in range(rng.randrange(1, 6)))
        if rng.random() < 0.3:
            title = title.upper() if rng.random() < 0.5 else title.lower()
        if _minutes._CANCELLED_TITLE.search(_minutes._without_dates(title)):
            found += 1
            assert _minutes._may_say_cancelled(title), title
    assert found > 3000


def test_ordinary_titles_skip_the_date_search() -> None:
    assert not _minutes._may_say_cancelled("2024-01-10 Team IaaS")
    assert not _minutes._may_say_cancelled("SIG Monitoring 2024-11-04")
    assert _minutes._may_say_cancelled("2024-01-10 (cancelled)")
    assert _minutes._may_say_cancelled("2024-01-10 — entfällt")  # not ASCII: always searched
