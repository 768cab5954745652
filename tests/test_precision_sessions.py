"""Precision of the session rules: special sessions, cancellation notes, moved meetings, stale copies
and the messages about missing titles (issue 9). Invented minutes only; each class has clean controls.

Every case is a small repository checked through the real runner with the `scs` preset (discovery,
configuration, Context with digests, engine), as `minutes-ci check --preset scs` runs it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from conftest import write
from minutes_ci.checks import engine
from minutes_ci.checks.kinds import session
from minutes_ci.checks.model import Kind
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rules.title_format import example
from minutes_ci.config import load_config
from minutes_ci.runner import add_common_arguments, prepare

TODAY = "2026-06-15"
SESSION_RULES = {
    "missing-agenda", "missing-housekeeping", "weekday-off-schedule", "title-without-date", "title-format",
    "placeholder-file", "duplicate-file", "title-date-mismatch", "multiple-dated-titles",
}  # fmt: skip
Found = list[tuple[str, str, int, str, str]]  # path, rule, line, severity, message


def minutes(title: str, agenda: bool = True, level: int = 1) -> str:
    h = "#" * level
    body = f"{title}\n\n{h}# Participants\n\n- @dora\n- @emil\n\n{h}# Housekeeping\n\n- minutes: @dora\n\n"
    if agenda:
        body += f"{h}# Agenda\n\n{h}## Object storage (@emil)\n\n- quotas per project\n"
    else:
        body += f"{h}# Object storage (@emil)\n\n- quotas per project\n"
    return body


def check(tmp_path: Path, files: dict[str, str], config: str | None = None) -> Found:
    repo = tmp_path / "repo"
    write(repo, files)
    argv = ["--root", str(repo), "--today", TODAY]
    if config is None:
        argv += ["--preset", "scs"]
    else:
        (repo / ".minutes-ci.yaml").write_text(config, encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    run = prepare(parser.parse_args(argv))
    found = engine.run(run.docs, run.ctx, run.rules, run.severities)
    return [(f.path, f.rule, f.line, f.severity.label, f.message) for f in found if f.rule in SESSION_RULES]


def rules_on(found: Found, path: str) -> set[str]:
    return {rule for p, rule, *_ in found if p == path}


def loud(found: Found) -> Found:
    return [f for f in found if f[3] in ("error", "warning")]


# --- special sessions: the title names another meeting --------------------------------------------

SPECIAL_TITLES = [
    "# 2024-03-04 Network deep dive",
    "## Storage workshop 2024-03-04",
    "# 2024-03-04 - Break-out session on quotas",
    "# Hackathon 2024-03-04",
    "## 2024-03-04 Kick-off of the image pipeline",
    "# Billing Sync Meeting 2024-03-04",
    "# 2024-03-04 Presentation by a vendor",
    "# Overflow slot",
]


@pytest.mark.parametrize("title", SPECIAL_TITLES)
def test_a_title_naming_another_meeting_is_a_special_session(tmp_path: Path, title: str) -> None:
    # iaas meets on Wednesdays; 2024-03-04 is a Monday, and the file has no agenda heading
    found = check(tmp_path, {"iaas/20240304.md": f"{title}\n\n- @dora showed the design\n- questions on quotas\n"})
    assert not loud(found), found
    assert not rules_on(found, "iaas/20240304.md") & {"missing-agenda", "missing-housekeeping",
                                                      "weekday-off-schedule", "title-format"}  # fmt: skip


@pytest.mark.parametrize(
    "title",
    ["## 2024-03-06 Team IaaS", "# IaaS meeting 2024-03-06", "# Team IaaS Weekly 2024-03-06", "# 2024-03-06"],
)
def test_a_title_that_only_adds_the_team_name_stays_team_minutes(tmp_path: Path, title: str) -> None:
    level = title.index(" ")
    found = check(tmp_path, {"iaas/20240306.md": minutes(title, agenda=False, level=level)})
    assert rules_on(found, "iaas/20240306.md") == {"missing-agenda"}


def test_session_verdicts() -> None:
    config = load_config(None, preset="scs")

    def kind(path: str, text: str) -> Kind:
        return session(parse_document(path, text.encode(), config.folders)).kind

    assert kind("container/20250131.md", "## Cluster Stacks Meeting - 2025-01-31\n\n- x\n") is Kind.SPECIAL
    assert kind("container/20250131.md", "## Team Container Meeting - 2025-01-31\n\n- x\n") is Kind.TEAM
    assert kind("ops/20240307.md", "# Operations call 2024-03-07\n\n- x\n") is Kind.TEAM
    assert kind("sig-documentation/20221122.md", "../hackathons/2022-11-22-cologne/docs-table.md") is Kind.SPECIAL
    assert kind("iaas/20240306.md", "# 2024-03-06\n\n- the discussion on quotas went on\n") is Kind.TEAM
    assert kind("community-call/20240307.md", "# Workshop 2024-03-07\n") is not Kind.SPECIAL  # a deck folder
    # a topic title above the dated one says what the meeting was; the team's own name does not
    assert kind("iaas/20240306.md", "# Storage workshop\n\n## 2024-03-06\n\n- x\n") is Kind.SPECIAL
    assert kind("iaas/20240306.md", "# Billing sync\n\n## 2024-03-06\n\n- x\n") is Kind.SPECIAL
    assert kind("iaas/20240306.md", "# Team IaaS\n\n## 2024-03-06\n\n- x\n") is Kind.TEAM
    assert kind("iaas/20240306.md", "# Backlog\n\n## 2024-03-06\n\n- x\n") is Kind.TEAM


def test_a_pointer_to_other_notes_is_not_checked_as_minutes(tmp_path: Path) -> None:
    files = {
        "sig-documentation/20221122.md": "../hackathons/2022-11-22-cologne/docs-table.md",
        "hackathons/2022-11-22-cologne/docs-table.md": "# Docs table\n\n- notes\n",
    }
    assert rules_on(check(tmp_path, files), "sig-documentation/20221122.md") == set()


# --- cancellation notes -----------------------------------------------------------------------------

CANCELLED = [
    "# 2024-03-06\n\nMeeting canceled\n",
    "- skipped\n",
    "## 2024-03-06\n\nNo SIG today.\n",
    "# 2024-03-06\n\nPostponed to next week.\n",
    "# 2024-03-06\n\nEntfällt wegen Urlaub.\n",
    "# 2024-03-06\n\n- Abgesagt\n",
    "# 2024-03-06 (cancelled)\n\n- too few people around\n",
    "# 2024-03-06\n\n## Meeting cancelled\n",
    "# 2024-03-06\n\nThe meeting was cancelled due to illness.\n",
    "# 2024-03-06\n\nNo meeting this week, see you on 2024-03-13.\n",
    "---\nstatus: cancelled\n---\n# 2024-03-06\n",
]


@pytest.mark.parametrize("text", CANCELLED)
def test_a_cancellation_note_is_a_convention(tmp_path: Path, text: str) -> None:
    found = check(tmp_path, {"iaas/20240306.md": text})
    assert not loud(found), found
    assert not rules_on(found, "iaas/20240306.md") & {"placeholder-file", "missing-agenda", "missing-housekeeping"}


def test_two_identical_cancellation_notes_are_not_duplicates(tmp_path: Path) -> None:
    found = check(tmp_path, {"iam/20240306.md": "- skipped\n", "iam/20240313.md": "- skipped\n"})
    assert "duplicate-file" not in {rule for _, rule, *_ in found}
    assert not loud(found), found


def test_controls_for_cancellations(tmp_path: Path) -> None:
    postponed = minutes("# 2024-03-06") + "- the release was postponed to April\n- cancelled the old bucket\n"
    empty = "# 2024-03-13\n\n## Participants\n\n## Agenda\n"
    found = check(tmp_path, {"iaas/20240306.md": postponed, "iaas/20240313.md": empty})
    assert rules_on(found, "iaas/20240306.md") == set()  # real minutes that mention a postponement
    assert ("iaas/20240313.md", "placeholder-file", 1, "warning") in {f[:4] for f in found}


@pytest.mark.parametrize("item", ["- moved to next week", "- skipped", "- postponed", "### Postponed: quotas"])
def test_a_bare_verb_under_a_section_is_about_the_item_not_the_meeting(tmp_path: Path, item: str) -> None:
    # a short file with a participants list and an agenda whose one item was moved: minutes, and
    # the folder's required housekeeping is still missing
    text = f"# 2024-03-06\n\n## Participants\n\n- @dora\n\n## Agenda\n\n{item}\n"
    found = check(tmp_path, {"iaas/20240306.md": text})
    assert "missing-housekeeping" in rules_on(found, "iaas/20240306.md"), found
    note = "# 2024-03-13\n\n## Agenda\n\n- meeting moved to next week\n"  # names the meeting: a note
    assert not loud(check(tmp_path / "b", {"iaas/20240313.md": note}))


# --- moved meetings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "ops/20240508.md",  # ops meets on Thursdays; 2024-05-09 is Ascension Day: the Wednesday before
        "product-board/20240402.md",  # Mondays; 2024-04-01 is Easter Monday: the Tuesday after
        "product-board/20240517.md",  # Mondays; 2024-05-20 is Whit Monday: the Friday before
        "sig-iam/20240307.md",  # Fridays; 2024-03-08 is Women's Day in Berlin (the preset's region)
    ],
)
def test_a_meeting_moved_for_a_public_holiday_is_on_schedule(tmp_path: Path, path: str) -> None:
    date = path[-11:-3]
    iso = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    found = check(tmp_path, {path: minutes(f"# {iso}")})
    assert "weekday-off-schedule" not in rules_on(found, path)


def test_the_holiday_region_comes_from_the_configuration(tmp_path: Path) -> None:
    # Women's Day is a holiday in Berlin only: in North Rhine-Westphalia the Thursday is a moved meeting
    config = "preset: scs\nholiday-region: DE-NW\n"
    found = check(tmp_path, {"sig-iam/20240307.md": minutes("# 2024-03-07")}, config)
    assert [(f[1], f[3]) for f in found if f[0] == "sig-iam/20240307.md"] == [("weekday-off-schedule", "notice")]


def test_off_cadence_severities(tmp_path: Path) -> None:
    files = {
        "ops/20240515.md": minutes("# 2024-05-15"),  # a Wednesday, no holiday: the title confirms it
        "ops/20240522.md": minutes("# 2024-05-22").replace(
            "## Participants", "Moved from Thursday.\n\n## Participants"
        ),
        "ops/20240529.md": minutes("## Participants").split("\n", 2)[2],  # no title at all
        "ops/20240604.md": minutes("# 2024-06-06"),  # a Tuesday titled with the Thursday: the name is wrong
    }
    found = check(tmp_path, files)
    weekday = {(f[0], f[3]) for f in found if f[1] == "weekday-off-schedule"}
    assert weekday == {("ops/20240515.md", "notice"), ("ops/20240529.md", "warning")}
    mismatch = [f for f in found if f[0] == "ops/20240604.md"]
    assert [(f[1], f[3]) for f in mismatch] == [("title-date-mismatch", "error")]  # one cause, one finding
    assert "thursday, the meeting day" in mismatch[0][4] and "rename the file" in mismatch[0][4]


# --- duplicates -------------------------------------------------------------------------------------


def test_the_stale_copy_is_named(tmp_path: Path) -> None:
    text = minutes("## 2024-01-08", level=2)
    files = {"project-board/20240108.md": text, "project-board/20240115.md": text, "project-board/20240122.md": text}
    found = check(tmp_path, files)
    assert rules_on(found, "project-board/20240108.md") == set()  # the original
    for stale in ("project-board/20240115.md", "project-board/20240122.md"):
        mine = [f for f in found if f[0] == stale]
        assert [(f[1], f[3]) for f in mine] == [("duplicate-file", "error")]
        assert mine[0][4].startswith("stale copy of project-board/20240108.md")


def test_copies_whose_title_matches_no_name_are_all_reported(tmp_path: Path) -> None:
    text = minutes("## 2024-01-01", level=2)
    found = check(tmp_path, {"project-board/20240108.md": text, "project-board/20240115.md": text})
    dups = sorted(f[0] for f in found if f[1] == "duplicate-file")
    assert dups == ["project-board/20240108.md", "project-board/20240115.md"]


# --- messages ---------------------------------------------------------------------------------------


def test_a_missing_title_is_called_missing(tmp_path: Path) -> None:
    files = {
        "iaas/20240306.md": minutes("## Participants").split("\n", 2)[2],  # first heading: "## Participants"
        "iaas/20240313.md": minutes("Team IaaS"),  # a plain line meant as the title
        "iaas/20240320.md": "- we met in the hallway\n- @dora: quotas\n- @emil: images\n- @dora: flavors\n"
                            "- @emil: backups\n- next time: the rest\n",
    }  # fmt: skip
    found = {f[0]: f for f in check(tmp_path, files) if f[1] == "title-without-date"}
    assert found["iaas/20240306.md"][4].startswith("no title heading: the first heading 'Participants' is a section")
    assert "'# 2024-03-06' above it" in found["iaas/20240306.md"][4]
    assert found["iaas/20240313.md"][4] == (
        "title line 'Team IaaS' is not a heading and has no date, expected '# 2024-03-13 Team IaaS'"
    )
    assert found["iaas/20240320.md"][4] == "no title heading, expected '# 2024-03-20' as the first line"
    assert all(f[3] == "error" for f in found.values())


def test_a_cancellation_without_title_hears_it_quietly(tmp_path: Path) -> None:
    found = [f for f in check(tmp_path, {"iam/20240306.md": "- skipped\n"}) if f[1] == "title-without-date"]
    assert [(f[3], f[4]) for f in found] == [("notice", "no title heading, expected '# 2024-03-06' as the first line")]
    assert "- skipped" not in found[0][4]


def test_title_format_shows_an_example(tmp_path: Path) -> None:
    found = [f for f in check(tmp_path, {"sig-documentation/20240304.md": minutes("# 2024-03-04")})
             if f[1] == "title-format"]  # fmt: skip
    assert len(found) == 1
    assert "'# SIG Documentation on 2024-03-04'" in found[0][4] and "(?P<DATE>" not in found[0][4]
    assert example(r"^(?:Team|SIG) (?P<DATE>\S+)$", "2024-03-04") is None  # not spelt out: falls back


def test_the_next_meetings_stub_on_top_is_one_finding(tmp_path: Path) -> None:
    text = "# 2024-03-13\n\n* Review\n\n" + minutes("# 2024-03-06")
    found = check(tmp_path, {"iaas/20240306.md": text})
    assert [(f[1], f[2]) for f in found] == [("multiple-dated-titles", 1)]
    assert "iaas/20240313.md" in found[0][4]


# --- a stray heading above the dated title ----------------------------------------------------------

STRAY_HEADINGS = [  # (what stands above the title, the line of the stray heading)
    ("# Team IaaS minutes\n\n", 1),  # the series' name as a heading of its own
    ("# Backlog\n\n", 1),  # a section heading pasted on top
    ("# Notes\n", 1),
    ("### Open questions\n\n", 1),  # deeper than the title: still the first thing shown
    ("IaaS\n====\n\n", 1),  # a setext heading
    ("---\ntags: minutes\n---\n\n# Meeting notes\n\n", 5),  # after front matter
    ("<!-- pad header -->\n# Weekly notes\n\n", 2),  # after a comment
    ("Public pad.\n\n# Notes\n\n", 3),  # after a line of text
]


@pytest.mark.parametrize(("stray", "line"), STRAY_HEADINGS)
@pytest.mark.parametrize("level", [1, 2])
def test_a_heading_above_the_dated_title_is_reported(tmp_path: Path, stray: str, line: int, level: int) -> None:
    title = "#" * level + " 2024-03-06"
    found = check(tmp_path, {"iaas/20240306.md": stray + minutes(title, level=level)})
    assert [(f[1], f[2], f[3]) for f in found] == [("title-without-date", line, "warning")]
    assert f"stands above the title '{title}'" in found[0][4] and "readers see it as the page's title" in found[0][4]


def test_controls_for_headings_above_the_title(tmp_path: Path) -> None:
    files = {
        "iaas/20240306.md": minutes("# 2024-03-06"),  # the title first
        "iaas/20240313.md": "###### tags: `iaas` `minutes`\n\n" + minutes("# 2024-03-13"),  # HedgeDoc's tags
        "iaas/20240320.md": "Public pad: everything here is published.\n\n" + minutes("# 2024-03-20"),  # no heading
        "iaas/20240327.md": "# Storage workshop\n\n" + minutes("## 2024-03-27", level=2),  # a topic title on top
        "iaas/20240403-quotas.md": "# Quotas\n\n" + minutes("## 2024-04-03", agenda=False, level=2),  # special by name
        "community-call/20230105.md": "Weekly Community Call\n\n# Agenda\n\n" + minutes("# 2023-01-05"),  # legacy
    }  # fmt: skip
    assert [f for f in check(tmp_path, files) if f[1] == "title-without-date"] == []


def test_a_heading_above_a_cancellation_is_a_notice(tmp_path: Path) -> None:
    found = check(tmp_path, {"iaas/20240306.md": "# Notes\n\n# 2024-03-06\n\nMeeting cancelled.\n"})
    assert [(f[1], f[2], f[3]) for f in found] == [("title-without-date", 1, "notice")]


def test_a_heading_above_the_title_is_one_finding_with_the_folders_form(tmp_path: Path) -> None:
    files = {
        "sig-documentation/20240304.md": "# Documentation SIG\n\n" + minutes("# 2024-03-04"),
        "sig-documentation/20240311.md": "# Documentation SIG\n\n" + minutes("# SIG Documentation on 2024-03-11"),
    }
    found = check(tmp_path, files)
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [
        ("sig-documentation/20240304.md", "title-without-date", 1, "warning"),
        ("sig-documentation/20240311.md", "title-without-date", 1, "warning"),
    ]  # not title-format as well: one cause
    assert "expected one title such as '# SIG Documentation on 2024-03-04' first" in found[0][4]
    assert "expected the dated title as the first heading" in found[1][4]


def test_a_long_list_above_the_dated_title_is_the_same_finding(tmp_path: Path) -> None:
    backlog = "# Backlog\n\n" + "".join(f"- open point {i}\n" for i in range(30)) + "\n"
    files = {
        "iaas/20240306.md": backlog + minutes("# 2024-03-06"),
        "iaas/20240313.md": backlog + minutes("## Review of 2024-03-06 and what the operators need from us"),
    }  # the second: a dated topic, not a title; the file still has no dated title
    found = {f[0]: f for f in check(tmp_path, files) if f[1] == "title-without-date"}
    assert (found["iaas/20240306.md"][2], found["iaas/20240306.md"][3]) == (1, "warning")
    assert "stands above the title '# 2024-03-06' (line 34)" in found["iaas/20240306.md"][4]
    assert found["iaas/20240313.md"][4].startswith("title 'Backlog' has no date")


def test_hedgedocs_tags_line_is_not_a_heading_above_the_title(tmp_path: Path) -> None:
    tags = "###### tags: `iaas`\n\n" + "".join(f"- open point {i}\n" for i in range(30)) + "\n"
    found = check(tmp_path, {"iaas/20240306.md": tags + minutes("# 2024-03-06")})
    assert not [f for f in found if "stands above" in f[4]]
