"""Unit tests of the dates-decks rules for what fixtures cannot express: the Context (commit dates,
today, options, schedules), messages, helpers, and hostile front matter."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from minutes_ci.checks.model import Kind
from minutes_ci.checks.rule import FolderPolicy, Schedule
from minutes_ci.checks.rules import _dates, front_matter_schema
from minutes_ci.checks.rules.date_year import _lines_with
from test_rules_dates import make_ctx, make_doc, run_rule, scs_folders

DECK_FM = "---\ntitle: SCS Community Call\ntype: slide\ntags: presentation\nslideOptions:\n  theme: white\n---\n"


def deck(front_matter: str, date: str = "2024-03-14") -> str:
    return f"{front_matter}\n# Sovereign Cloud Stack\n## Community Call {date}\n"


# --- file-date-in-future ------------------------------------------------------------------------


def test_future_date_against_commit_date() -> None:
    doc = make_doc("community-call/20221127.md", "# SCS Tech Weekly 2022-11-27\n")
    ctx = make_ctx(commit_dates={"community-call/20221127.md": dt.date(2022, 11, 7)})
    found = run_rule("file-date-in-future", doc, ctx)
    assert [(line, col) for line, col, _ in found] == [(1, 1)]
    assert "2022-11-27" in found[0][2] and "2022-11-07" in found[0][2]


def test_future_name_with_another_title_date_is_one_finding() -> None:
    """The name is the slip (title 2022-10-27, name 2022-11-27, committed 2022-11-07): one finding."""
    doc = make_doc("community-call/20221127.md", "# SCS Tech Weekly 2022-10-27\n")
    ctx = make_ctx(commit_dates={"community-call/20221127.md": dt.date(2022, 11, 7)})
    assert run_rule("file-date-in-future", doc, ctx) == []
    mismatch = run_rule("title-date-mismatch", doc, ctx)
    assert len(mismatch) == 1 and "thursday, the meeting day" in mismatch[0][2]


def test_future_date_tolerance_option() -> None:
    doc = make_doc("iaas/20240320.md", "# 2024-03-20\n")
    committed = {"iaas/20240320.md": dt.date(2024, 3, 19)}
    assert run_rule("file-date-in-future", doc, make_ctx(commit_dates=committed))
    relaxed = make_ctx(commit_dates=committed, options={"file-date-in-future": {"tolerance_days": 1}})
    assert run_rule("file-date-in-future", doc, relaxed) == []


def test_future_date_against_today_and_on_the_day() -> None:
    doc = make_doc("iaas/20260617.md", "# 2026-06-17\n")
    found = run_rule("file-date-in-future", doc, make_ctx())  # today is 2026-06-15
    assert found and "in the future" in found[0][2]
    same_day = make_doc("iaas/20260615.md", "# 2026-06-15\n")
    assert run_rule("file-date-in-future", same_day, make_ctx()) == []
    no_clock = dataclasses.replace(make_ctx(), today=None)
    assert run_rule("file-date-in-future", doc, no_clock) == []


# --- naming ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("sig-release/2023-09-14.md", "'20230914'"),
        ("iaas/202403201.md", "9 digits"),
        ("iaas/20240320.MD", "'.MD'"),
        ("iaas/20240320-md", "'20240320.md'"),
        ("20240320.md", "repository root"),
        ("iam/20231211-Keycloak.md", "'keycloak'"),
        ("ops/20230230.md", "not a real calendar date"),
    ],
)
def test_file_name_messages(path: str, needle: str) -> None:
    found = run_rule("bad-file-name", make_doc(path, "# 2024-03-20\n"), make_ctx())
    assert any(needle in message for _l, _c, message in found), found


def test_free_form_names_outside_meeting_folders_are_exempt() -> None:
    for path in ("hackathons/2023-07-18-api-mini-hackathon.md", "README.md", "iam/scs-federation.md"):
        doc = make_doc(path, "# Notes\n")
        assert doc.kind is Kind.FREEFORM
        assert run_rule("bad-file-name", doc, make_ctx()) == []


# --- weekday --------------------------------------------------------------------------------------


def test_weekday_follows_the_schedule_in_force() -> None:
    ctx = make_ctx()
    monday_2022 = make_doc("container/20221205.md", "# 2022-12-05\n")  # Mondays until 2023-07
    thursday_2024 = make_doc("container/20240321.md", "# 2024-03-21\n")  # Thursdays from 2023-07-24
    monday_2024 = make_doc("container/20240325.md", "# 2024-03-25\n")
    assert run_rule("weekday-off-schedule", monday_2022, ctx) == []
    assert run_rule("weekday-off-schedule", thursday_2024, ctx) == []
    found = run_rule("weekday-off-schedule", monday_2024, ctx)
    assert found and "monday" in found[0][2] and "thursday" in found[0][2]


def test_weekday_without_schedule_or_before_it() -> None:
    folders = {"club": FolderPolicy("club", schedule=(Schedule(dt.date(2024, 1, 1), frozenset({2})),))}
    ctx = dataclasses.replace(make_ctx(), folders=folders)
    before = make_doc("club/20231204.md", "# 2023-12-04\n", folders=folders)
    after = make_doc("club/20240108.md", "# 2024-01-08\n", folders=folders)
    unknown = make_doc("other/20240108.md", "# 2024-01-08\n", folders=folders)
    assert run_rule("weekday-off-schedule", before, ctx) == []
    assert run_rule("weekday-off-schedule", unknown, ctx) == []
    assert "wednesday" in run_rule("weekday-off-schedule", after, ctx)[0][2]


# --- front matter ---------------------------------------------------------------------------------


def test_schema_validators_are_compiled_once() -> None:
    first = front_matter_schema.validator(front_matter_schema.DECK_SCHEMA)
    assert front_matter_schema.validator(front_matter_schema.DECK_SCHEMA) is first
    assert front_matter_schema.validator(front_matter_schema.NOTE_SCHEMA) is not first


def test_schema_messages_name_key_value_and_line() -> None:
    fm = DECK_FM.replace("  theme: white\n", "  theme: dark\n  autoSlideMethod: next\n  width: [1]\n")
    doc = make_doc("community-call/20240314.md", deck(fm))
    found = run_rule("front-matter-schema-error", doc, make_ctx())
    by_line = {line: message for line, _c, message in found}
    assert "slideOptions.theme is 'dark'" in by_line[6] and "white" in by_line[6]
    assert "unknown key slideOptions.autoSlideMethod" in by_line[7]
    assert "slideOptions.width is a list, expected number or string" in by_line[8]


def test_schema_accepts_tags_list_and_string_and_notes_with_own_keys() -> None:
    listed = DECK_FM.replace("tags: presentation", "tags:\n  - presentation\n  - scs")
    doc = make_doc("community-call/20240314.md", deck(listed))
    assert run_rule("front-matter-schema-error", doc, make_ctx()) == []
    note = make_doc("hackathons/x/Readme.md", "---\ntitle: Notes\ntags: scs,hackathon\nurl: https://x.org\n---\n# N\n")
    assert run_rule("front-matter-schema-error", note, make_ctx()) == []
    bad_note = make_doc("hackathons/x/Readme.md", "---\ntitle: Notes\ntype: slides\ndir: up\n---\n# N\n")
    messages = [m for _l, _c, m in run_rule("front-matter-schema-error", bad_note, make_ctx())]
    assert any("type is 'slides', expected 'slide'" in m for m in messages), messages
    assert any("dir is 'up'" in m for m in messages), messages


def test_front_matter_that_is_not_a_mapping() -> None:
    doc = make_doc("community-call/20240314.md", deck("---\n- a\n- b\n---\n"))
    found = run_rule("front-matter-schema-error", doc, make_ctx())
    assert found and "expected a mapping" in found[0][2]


def test_yaml_alias_bomb_is_a_finding_not_a_crash() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    doc = make_doc("community-call/20240314.md", deck(bomb + "---\n"))
    found = run_rule("front-matter-yaml-error", doc, make_ctx())
    assert len(found) == 1 and "front matter is not valid yaml" in found[0][2]
    assert run_rule("front-matter-schema-error", doc, make_ctx()) == []


# --- decks ----------------------------------------------------------------------------------------


def test_reporter_rules_skip_the_template_and_team_minutes() -> None:
    line = 'Report by <a href="https://github.com/todo">@todo</a>\n'
    template = make_doc("community-call/template.md", deck(DECK_FM, "202X-XX-XX") + "\n---\n\n# Team X\n\n" + line)
    assert template.kind is Kind.TEMPLATE
    assert run_rule("reporter-placeholder", template, make_ctx()) == []
    minutes = make_doc("iaas/20240320.md", "# 2024-03-20\n\n## Topic\n\n" + line)
    assert run_rule("reporter-placeholder", minutes, make_ctx()) == []


def test_missing_reporter_only_where_required() -> None:
    text = deck(DECK_FM, "2024-03-14") + "\n---\n\n# Team IaaS\n\n- news\n"
    doc = make_doc("community-call/20240314.md", text)
    assert run_rule("missing-deck-reporter", doc, make_ctx()) == []
    folders = {k: dataclasses.replace(v, require_deck_reporters=True) for k, v in scs_folders().items()}
    ctx = dataclasses.replace(make_ctx(), folders=folders)
    found = run_rule("missing-deck-reporter", doc, ctx)
    assert [line for line, _c, _m in found] == [14] and "Team IaaS" in found[0][2]


def test_helpers() -> None:
    assert _dates.is_url("https://input.scs.community/uploads/a.png")
    assert not _dates.is_url("https://")
    assert not _dates.is_url("[](https://)")
    assert _dates.is_url("data:image/png;base64,AAAA")
    assert _dates.is_color("#50c3a5") and _dates.is_color("rgb(1, 2, 3)") and _dates.is_color("black")
    assert not _dates.is_color("bg.png")
    doc = make_doc("community-call/20240314.md", deck(DECK_FM))
    assert _dates.local_target(doc, "./a.png?x=1#y") == "community-call/a.png"
    assert _dates.local_target(doc, "/iaas/a.png") == "iaas/a.png"
    assert _dates.local_target(doc, "../../etc/passwd") is None
    assert _dates.real_date("20230230") is None and _dates.real_date("20240229") == dt.date(2024, 2, 29)


# --- the schema fast path agrees with jsonschema --------------------------------------------------

_VALUES: list[object] = [True, 0, 1.5, -1, "white", "slide", "https://x.org/a.png", "![](x)", None, [], {}, ["a"]]


def _variants() -> list[dict[str, object]]:
    """Valid front matter and every single-key change of it to each value above (and unknown keys)."""
    base: dict[str, object] = {
        "title": "SCS Community Call",
        "type": "slide",
        "tags": "presentation",
        "slideOptions": {"theme": "white", "transition": "slide", "parallaxBackgroundSize": "1920px 1080px"},
    }
    out = [base]
    schema = front_matter_schema.schema_of(front_matter_schema.DECK_SCHEMA)
    for key in [*schema["properties"], "unknown"]:
        for value in _VALUES:
            out.append({**base, key: value})
    for key in [*schema["$defs"]["slideOptions"]["properties"], "autoSlideMethod"]:
        for value in _VALUES:
            out.append({**base, "slideOptions": {"theme": "white", key: value}})
    return out


@pytest.mark.parametrize("name", [front_matter_schema.DECK_SCHEMA, front_matter_schema.NOTE_SCHEMA])
def test_fast_path_never_accepts_what_jsonschema_rejects(name: str) -> None:
    from minutes_ci.checks.rules._schema_fast import certainly_valid

    schema = front_matter_schema.schema_of(name)
    validator = front_matter_schema.validator(name)
    accepted = 0
    for data in _variants():
        fast = certainly_valid(schema, data)
        errors = list(validator.iter_errors(data))
        assert not (fast and errors), (data, [e.message for e in errors])
        assert fast or errors, f"the fast path should decide plain valid data itself: {data}"
        accepted += fast
    assert accepted > 100  # the fast path does serve the common case


@pytest.mark.parametrize("name", [front_matter_schema.DECK_SCHEMA, front_matter_schema.NOTE_SCHEMA])
def test_shipped_schemas_are_valid_json_schema(name: str) -> None:
    from jsonschema import Draft202012Validator

    schema = front_matter_schema.schema_of(name)
    Draft202012Validator.check_schema(schema)
    slide_options = schema["$defs"]["slideOptions"]["properties"]
    assert "autoSlideMethod" not in slide_options and len(slide_options) == 49
    assert len(schema["$defs"]["slideOptions"]["properties"]["theme"]["enum"]) == 11


# --- date-year-slip -------------------------------------------------------------------------------

_MEETING = "# 2025-01-15\n\n## Participants\n\n- @alice\n\n## Agenda\n\n"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("- last meeting 2024-01-08\n", ["2024-01-08"]),  # a past reference, the year not updated
        ("- next meeting 2024-01-22\n", ["2024-01-22"]),
        ("- review by 2024/02/10\n", ["2024/02/10"]),  # however the date is written
        ("- decided 2024-12-18, before the break\n", []),  # near the meeting as written
        ("- as last year (2024-01-20)\n", []),  # the line says it is another year's
        ("- the 2024-01-20 outage, a year ago\n", []),
        ("- booth for 2026-01-20 booked\n", []),  # over a year ahead: a plan
        ("- [notes](https://example.org/2024-01-08.md)\n", []),
        ("- `2024-01-08` in the log\n", []),
        ("- release 2024-06-10\n", []),  # months away from the meeting: a real past date
    ],
)
def test_date_year_slip(body: str, found: list[str]) -> None:
    doc = make_doc("iaas/20250115.md", _MEETING + body)
    got = run_rule("date-year-slip", doc, make_ctx())
    assert [m.split(" ", 1)[0] for _l, _c, m in got] == found
    assert all(m.endswith("correct the year, or say that the date is another year's") for *_x, m in got)


def test_date_year_slip_uses_the_title_date_too() -> None:
    # the file name says 2025-01-15, the title 2025-02-20: a date near either as written is right
    doc = make_doc("iaas/20250115.md", "# 2025-02-20\n\n- next meeting 2025-02-27, then 2024-02-27\n")
    got = run_rule("date-year-slip", doc, make_ctx())
    assert [(line, col) for line, col, _m in got] == [(3, 33)]
    assert "probably 2025-02-27 is meant" in got[0][2]


def test_date_year_finds_the_lines_with_a_year_as_the_parser_numbers_them() -> None:
    text = "2023 first\nnone\r\nx 2025 and 2023\n\n2023"
    assert list(_lines_with(text, {"2023", "2025"})) == [(1, "2023 first"), (3, "x 2025 and 2023"), (5, "2023")]
    assert list(_lines_with(text, {"1999"})) == []
    lines = text.split("\n")
    assert all(lines[n - 1] == line for n, line in _lines_with(text, {"2023", "2025"}))
