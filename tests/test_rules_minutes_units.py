"""Unit tests of the minutes rules' helpers: heading roles, login syntax, the roster's near-miss search."""

from __future__ import annotations

import pytest
from conftest import NoTree
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context, FolderPolicy
from minutes_ci.checks.rules import _roster, handles, placeholder_file
from minutes_ci.checks.rules._minutes import (
    AGENDA,
    HOUSEKEEPING,
    PARTICIPANTS,
    placeholder_reason,
    strip_code_spans,
    valid_login,
)

# headings seen in the corpus (corpus-study §1.3/§1.4), written out again here
PARTICIPANT_HEADINGS = [
    "Participants",
    "Participants - use of github handle is preferred",
    "Participants (github handles preferred)",
    ":family: Participants (GitHub handles preferred)",
    "Participants  use of github handle is preferred",
    "Particpants",
    "Participantst",
    "Participants (use of github handle is prefered)",
    "Attendees",
    "Attendance",
    "Teilnehmende",
    "👪 Participants",
]
NOT_PARTICIPANTS = ["Particular issues with the CI", "Agenda", "Partitioning of disks"]
AGENDA_HEADINGS = ["Agenda", ":notebook: Agenda", "Agenda:", "Agenda today", "Topics", "Discussion topics", "Themen"]
HOUSEKEEPING_HEADINGS = [
    "Recurring items",
    "Housekeeping",
    ":telephone: Community call and minutes transfer",
    "Reporting in community call and minutes transfer to repo",
    "Recurring items & housekeeping",
    "Who is reporting in community call next week and transfering minutes",
    ":telephone: Minutes taking&transfer",
    "Reporting & minutes",
    "Housekeeping (@bitkeks)",
    "Housekeeping & Organizational Items",
    "Orga",
    "Who presents in Thu community call and feeds minutes into minutes repo?",
    ":house: Housekeeping",
    "Organisation",
    "Organizational matters",
]


@pytest.mark.parametrize("text", PARTICIPANT_HEADINGS)
def test_participant_headings(text: str) -> None:
    assert PARTICIPANTS.search(text)


@pytest.mark.parametrize("text", NOT_PARTICIPANTS)
def test_not_participant_headings(text: str) -> None:
    assert not PARTICIPANTS.search(text)


@pytest.mark.parametrize("text", AGENDA_HEADINGS)
def test_agenda_headings(text: str) -> None:
    assert AGENDA.search(text)


@pytest.mark.parametrize("text", HOUSEKEEPING_HEADINGS)
def test_housekeeping_headings(text: str) -> None:
    assert HOUSEKEEPING.search(text)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("alice", None),
        ("alice-b", None),
        ("a" * 39, None),
        ("cah_hbaum", "contains '_'"),
        ("anja.strunk", "contains '.'"),
        ("a" * 40, "is 40 characters long, at most 39 are allowed"),
        ("alice-", "starts or ends with '-'"),
        ("-alice", "starts or ends with '-'"),
        ("alice--b", "contains '--'"),
    ],
)
def test_valid_login(name: str, why: str | None) -> None:
    assert valid_login(name) == why


@pytest.mark.parametrize(
    ("a", "b", "limit", "want"),
    [
        ("matfechner", "matfechner", 2, 0),
        ("matfechenr", "matfechner", 2, 1),  # a swap of neighbours is one edit
        ("kfr", "fkr", 1, 1),
        ("matfecher", "matfechner", 2, 1),
        ("jschooone", "jschoone", 2, 1),
        ("abc", "xyz", 2, 3),  # cut off above the limit
        ("reqa", "matfechner", 2, 3),  # length alone rules it out
        ("", "ab", 2, 2),
    ],
)
def test_distance(a: str, b: str, limit: int, want: int) -> None:
    assert _roster.distance(a, b, limit) == want


def test_near_miss_prefers_the_closest_and_exempts_frequent_handles() -> None:
    counts = {"matfechner": 300, "mfechner": 25, "fkr": 900, "fkd": 2, "jschoone": 400, "bob": 19}
    index = _roster.RosterIndex.build(counts, 20)
    assert index.near_miss("matfecher") == "matfechner"
    assert index.near_miss("mfechner") is None  # frequent itself: a real, different person
    assert index.near_miss("fkd") == "fkr"
    assert index.near_miss("kfr") == "fkr"
    assert index.near_miss("fk") is None  # two letters: too short to judge
    assert index.near_miss("bab") is None  # "bob" is not frequent, so it is no target
    assert index.near_miss("jschoonel") == "jschoone"
    assert index.cache["matfecher"] == "matfechner"


def test_index_is_reused_for_the_same_roster_only() -> None:
    a = {"alice": 30}
    b = {"alice": 30}
    first = _roster.index_for(a)
    assert _roster.index_for(a) is first
    assert _roster.index_for(b) is not first
    assert _roster.index_for(b, 10) is not _roster.index_for(b, 20)


def test_strip_code_spans_keeps_columns() -> None:
    line = "run `x <USER>` then <NAME>"
    stripped = strip_code_spans(line)
    assert len(stripped) == len(line) and "<USER>" not in stripped and stripped.index("<NAME>") == line.index("<NAME>")


def _doc(text: str, path: str = "iaas/20240306.md") -> Document:
    return parse_document(path, text.encode(), folders={"iaas": FolderPolicy(name="iaas")})


def test_handle_as_written_recovers_characters_the_parser_may_drop() -> None:
    doc = _doc("# 2024-03-06\n\n- _@alice_ and @bob. and @cah_hbaum\n")
    written = [handles.written(doc, use)[0] for use in doc.handles]
    assert written == ["alice", "bob", "cah_hbaum"]


def test_handle_as_rendered_reads_backslash_escapes() -> None:
    # `\_`, `\.`, `\-` render as the character alone: readers see `@jane_doe`, which is no login;
    # another escape (`\*`) or a backslash before a letter ends the handle as readers see it
    doc = _doc("# 2024-03-06\n\n- @jane\\_doe, @x\\_y\\_z, @a\\-b, @bo\\*b\\*, @cy\\x and @ok\\.\n")
    written = [handles.written(doc, use)[0] for use in doc.handles]
    assert written == ["jane_doe", "x_y_z", "a-b", "bo", "cy", "ok"]
    found = [(p.span.col, p.span.end_col) for p in handles.check_invalid(doc, Context(tree=NoTree()))]
    line = doc.line(3)
    assert found == [(line.index("@jane") + 1, line.index(", @x") + 1), (line.index("@x") + 1, line.index(", @a") + 1)]


def test_placeholder_reason_needs_the_cancellation_first() -> None:
    assert placeholder_reason(_doc("# 2024-03-06\n\nMeeting canceled\n")) == (3, "Meeting canceled")
    assert placeholder_reason(_doc("# 2024-03-06\n\n- the release was postponed\n")) is None
    assert placeholder_reason(_doc("# 2024-03-06\n\n## Participants\n")) == (1, "")
    declared = "---\nstatus: cancelled\n---\n# 2024-03-06\n\nMeeting canceled\n"
    assert placeholder_reason(_doc(declared)) is None
    ctx = Context(tree=NoTree())
    assert list(placeholder_file.check(_doc(declared), ctx)) == []
