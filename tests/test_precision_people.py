"""Issue 9, the people pass: placeholders in angle brackets, reporter lines, handles and their
messages, reference words, participants and action items. Invented repositories, each built in a
temporary folder and checked through the real runner (discovery, configuration, Context, engine),
with clean controls next to every bad case.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from minutes_ci.checks import engine
from minutes_ci.checks.rules import _roster
from minutes_ci.runner import add_common_arguments, prepare

TODAY = "2026-06-15"
DECK_HEAD = (
    "---\ntitle: SCS Community Call\ntype: slide\nslideOptions:\n  theme: white\n---\n\n"
    "# Sovereign Cloud Stack\n## Community Call {date}\n"
)
Found = list[tuple[str, int, int, str, str]]


def team(date: str, participants: str = "- @alice\n- @bob\n", body: str = "") -> str:
    return f"# {date}\n\n## Participants\n\n{participants}\n## Housekeeping\n\n- Minutes: @alice\n\n## Agenda\n\n{body}"


def deck(date: str, *slides: str) -> str:
    return DECK_HEAD.format(date=date) + "".join(f"\n---\n\n{s}\n" for s in slides)


def check(root: Path, files: dict[str, str], *paths: str, config: str = "") -> Found:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    if config:
        (root / ".minutes-ci.yaml").write_text(config, encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    argv = ["--root", str(root), "--today", TODAY, *(str(root / p) for p in paths)]
    run = prepare(parser.parse_args(argv if config else [*argv, "--preset", "scs"]))
    found = engine.run(run.docs, run.ctx, run.rules, run.severities) + run.crashes
    assert not [f for f in found if f.rule == engine.INTERNAL_ERROR]
    return [(f.path, f.line, f.col, f.rule, f.message) for f in found]


def of(found: Found, rule: str) -> list[tuple[str, int, int, str, str]]:
    return [f for f in found if f[3] == rule]


# --- pseudo-html-placeholder -------------------------------------------------------------------


def test_tags_by_the_commonmark_grammar(tmp_path: Path) -> None:
    body = (
        "- log in as <USER> and close </NAME>\n"  # line 14
        "- as <Some USER> I want it\n"  # an attribute after the name: still a tag
        "- the <ticket-id> field\n"  # "-" belongs to tag names
        "- follow <YOUR_NEXT_VERSION> and <1.28>, < x >, <https://example.org>, <me@example.org>\n"
        "- escaped \\<USER>, code `<USER>`, known <br> <BR/> </br> <font color=red>red</font>\n"
        "- GitHub's tagfilter shows <title> and <xmp> as text\n"
    )
    found = of(check(tmp_path, {"iaas/20240306.md": team("2024-03-06", body=body)}), "pseudo-html-placeholder")
    assert [(line, col) for _p, line, col, _r, _m in found] == [(14, 13), (14, 30), (15, 6), (16, 7)]
    assert found[0][4] == (
        "'<USER>' is read as an html tag and dropped on github, expected it in `code` or written \\<USER>"
    )


def test_tags_in_raw_html_blocks_follow_the_browser(tmp_path: Path) -> None:
    body = "<details>\n<summary>more</summary>\nset <API_KEY> here\n<!-- ask <OWNER> -->\n</details>\n"
    found = of(check(tmp_path, {"iaas/20240306.md": team("2024-03-06", body=body)}), "pseudo-html-placeholder")
    assert [(line, col) for _p, line, col, _r, _m in found] == [(16, 5)]


def test_tags_in_free_form_files_but_not_in_the_template(tmp_path: Path) -> None:
    files = {
        "hackathons/2030-01-01-meetup/notes.md": "# Notes\n\nOpen https://example.org/people/<ACCOUNT>.\n",
        "README.md": "# Minutes\n\nNothing to see: `<ACCOUNT>` in code.\n",
        "community-call/template.md": deck("202X-XX-XX", "# Team <TEAM>\n\nReport by @todo"),
    }
    found = of(check(tmp_path, files), "pseudo-html-placeholder")
    assert [(p, line) for p, line, _c, _r, _m in found] == [("hackathons/2030-01-01-meetup/notes.md", 3)]


# --- reporter lines ----------------------------------------------------------------------------


def test_placeholders_anywhere_in_a_reporter_line(tmp_path: Path) -> None:
    text = deck(
        "2024-07-04",
        '# Team IaaS\n\nReport by ??? <a href="https://github.com/bob">@bob</a>',
        "# Team Ops\n\nReport by TBD, @carol",
        "# Team Container\n\n**Reported by XXX**",
        '# SIG Docs\n\nPresented by <a href="https://github.com/username">@dora</a>',
        "# SIG Monitoring\n\nReport by noone",
        "# SIG Community\n\nReport by nobody, everyone is on holiday",
        "# SIG Central\n\nReport by Gina Example (questions?)",
        "# SIG Security\n\n- the draft was presented by the item above",
        "# SIG Release\n\nReport by [???](https://github.com/hal)",
        "# SIG Central API\n\nReport by [Ivy Example](https://github.com/ivy)",
    )
    found = of(check(tmp_path, {"community-call/20240704.md": text}), "reporter-placeholder")
    assert [m for *_x, m in found] == [
        "reporter '???' is a placeholder, expected the reporter's github handle",
        "reporter 'TBD' is a placeholder, expected the reporter's github handle",
        "reporter 'XXX' is a placeholder, expected the reporter's github handle",
        "reporter link goes to github.com/username, a placeholder, expected the reporter's github handle",
        "reporter '???' is a placeholder, expected the reporter's github handle",
    ]


def test_misspelt_reporter_keywords(tmp_path: Path) -> None:
    text = deck(
        "2024-05-30",
        "# Team IaaS\n\nRebort by @dave",
        "# Team Ops\n\n- Reprot by Erin Example",
        '# Team Container\n\nPresnted by <a href="https://github.com/frank">@frank</a>',
        "# SIG Docs\n\nSupported by Acme Ltd.\n\nRepeated by design\n\nReport by @gina\n\nImported by Acme\n\n"
        "Reports by Team A and Team B\n\nRepresented by Acme",
    )
    found = of(check(tmp_path, {"community-call/20240530.md": text}), "reporter-placeholder")
    assert [(line, col) for _p, line, col, _r, _m in found] == [(15, 1), (21, 3), (27, 1)]
    assert found[0][4] == "'Rebort by' is no reporter keyword, expected 'Report by', 'Reported by' or 'Presented by'"


def test_the_template_placeholder_link_is_one_finding(tmp_path: Path) -> None:
    text = deck("2024-07-25", '# Team Ops\n\nReport by <a href="https://github.com/todo">@markus</a>')
    found = check(tmp_path, {"community-call/20240725.md": text})
    mine = [f for f in found if f[1] == 15]
    assert [f[3] for f in mine] == ["template-leftover"]


# --- handles ------------------------------------------------------------------------------------


def test_a_handle_listed_in_two_files_is_a_person(tmp_path: Path) -> None:
    files = {
        "iaas/20240306.md": team("2024-03-06", "- @kora-lind\n- @jo-smith\n"),
        "iaas/20240313.md": team("2024-03-13", "- @kora-lind\n- @jo-smith\n"),
        "iaas/20240320.md": team("2024-03-20", "- @kora-lnd\n- @jo-smith\n"),
        "iaas/20240327.md": team("2024-03-27", "- @kora-lund\n- @jo-smith\n"),
        "iaas/20240403.md": team("2024-04-03", "- @kora-lund\n- @jo-smiht\n"),
    }
    found = of(check(tmp_path, files), "handle-typo")
    # kora-lund is listed in two files: a person, though one letter from kora-lind
    assert [(p, m) for p, _l, _c, _r, m in found] == [
        ("iaas/20240320.md", "@kora-lnd (1 use in the repository) looks like a typo of @kora-lind "
                             "(2 uses, a participant in 2 files)"),
        ("iaas/20240403.md", "@jo-smiht (1 use in the repository) looks like a typo of @jo-smith "
                             "(4 uses, a participant in 4 files)"),
    ]  # fmt: skip


def test_counts_are_the_repositorys_when_one_file_is_checked(tmp_path: Path) -> None:
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", "- @kora-lind\n") for d in range(1, 6)}
    files["iaas/20240320.md"] = team("2024-03-20", "- @kora-lnd\n", "- @kora-lnd reports\n")
    found = of(check(tmp_path, files, "iaas/20240320.md"), "handle-typo")
    assert {m for *_x, m in found} == {
        "@kora-lnd (2 uses in the repository) looks like a typo of @kora-lind (5 uses, a participant in 5 files)"
    }


def test_the_more_used_spelling_is_never_called_a_typo(tmp_path: Path) -> None:
    # both are listed once; the rarer spelling is the typo, not the other way round
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", body="- @spectra-j reports\n") for d in range(1, 4)}
    files["iaas/20240320.md"] = team("2024-03-20", "- @spectra-jj\n- @spectra-j\n")
    files["iaas/20240327.md"] = team("2024-03-27", "- @spectra-jj\n")
    found = of(check(tmp_path, files), "handle-typo")
    assert found == []  # spectra-jj is listed in two files; spectra-j is used more: both people


def test_handle_rules_on_free_form_files(tmp_path: Path) -> None:
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", "- @kora-lind\n") for d in range(1, 3)}
    files["hackathons/2030-02-02-sprint/notes.md"] = "# Sprint\n\n- @kora-lnd and @pat_smith demo\n"
    files["README.md"] = "# Minutes\n\nAsk @kora-lind.\n"
    found = check(tmp_path, files)
    assert [(f[0], f[3]) for f in found if f[3] in ("handle-typo", "invalid-handle")] == [
        ("hackathons/2030-02-02-sprint/notes.md", "handle-typo"),
        ("hackathons/2030-02-02-sprint/notes.md", "invalid-handle"),
    ]


def test_configured_handles_keep_their_real_counts(tmp_path: Path) -> None:
    files = {"iaas/20240306.md": team("2024-03-06", "- @mathias-q\n")}
    found = of(check(tmp_path, files, config="preset: scs\nroster: [matthias-q]\n"), "handle-typo")
    assert [m for *_x, m in found] == [
        "@mathias-q (1 use in the repository) looks like a typo of @matthias-q (0 uses, in the configured roster)"
    ]


# --- references, participants, action items -----------------------------------------------------


def test_misspelt_kind_words_name_no_repository(tmp_path: Path) -> None:
    gh = "https://github.com/SovereignCloudStack"
    body = (
        f"- [isssue#597]({gh}/issues/issues/597), [isue#12]({gh}/standards/issues/12), [pul#3]({gh}/docs/pull/3)\n"
        f"- [PR#4]({gh}/docs/pull/4), [issue#610]({gh}/issues/issues/610), [see#8]({gh}/docs/pull/8)\n"
        f"- [issues#723]({gh}/standards/issues/723)\n"
        f"- [standrads#7]({gh}/standards/issues/7)\n"
    )
    found = of(check(tmp_path, {"iaas/20240306.md": team("2024-03-06", body=body)}), "issue-repo-mismatch")
    assert [(line, m) for _p, line, _c, _r, m in found] == [
        (16, "link text names repository 'issues' but the url points to SovereignCloudStack/standards#723, "
             "expected 'standards#723'"),
        (17, "link text misspells the repository as 'standrads': the url points to SovereignCloudStack/standards#7, "
             "expected 'standards#7'"),
    ]  # fmt: skip


def test_an_empty_participant_is_one_finding(tmp_path: Path) -> None:
    found = check(tmp_path, {"iaas/20240306.md": team("2024-03-06", "- @alice\n-\n- @bob\n")})
    assert [f[3] for f in found if f[1] == 6] == ["empty-list-item"]


def test_action_item_owners(tmp_path: Path) -> None:
    body = (
        "- AI: split the epic into two (@dave)\n"
        "- AI: write a story - @erin will do it\n"
        "- ~~AI: fix the Makefile~~\n"
        "- AI: ~~ask the vendor for a quote~~\n"
        "- AI: Jane pings the vendor\n"
        "- @AI alice: ask upstream\n"
    )
    found = of(check(tmp_path, {"iaas/20240306.md": team("2024-03-06", body=body)}), "action-item-owner")
    assert [(line, m) for _p, line, _c, _r, m in found] == [
        (18, "action item 'Jane pings the vendor' names no owner's @handle, expected 'AI @handle: ...'"),
        (19, "inverted action item '@AI alice', expected 'AI @alice:'"),
    ]


def test_participants_in_pointer_files_and_special_sessions(tmp_path: Path) -> None:
    files = {
        "iaas/20221122.md": "../hackathons/2022-11-22-meetup/table.md\n",  # a symlink checked out as text
        "iaas/20230220.md": "# Overflow session\n\n## Participants\n\n- @alice\n< @bob\n",
        "iaas/20230221.md": "# Overflow session\n\n## Agenda\n\n- the rest of Monday's topics\n",
    }
    found = check(tmp_path, files)
    assert [(f[0], f[1], f[3]) for f in found if "participant" in f[3]] == [
        ("iaas/20230220.md", 6, "participant-format")  # a special session's list keeps the same form
    ]


def test_an_invalid_login_suggests_the_listed_person(tmp_path: Path) -> None:
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", "- @lee-osba\n") for d in range(1, 3)}
    files["iaas/20240320.md"] = team("2024-03-20", body="- thanks to @lee_osba\n")
    found = of(check(tmp_path, files), "invalid-handle")
    want = "@lee_osba is not a valid github login: it contains '_', did you mean @lee-osba?"
    assert [m for *_x, m in found] == [want]


def test_a_misspelt_keyword_is_one_finding_where_reporters_are_required(tmp_path: Path) -> None:
    # community-meeting requires a reporter line on every team slide (the scs preset)
    text = deck("2026-01-09", "# Team IaaS\n\nRebort by @dave", "# Team Ops\n\n- new flavors")
    found = check(tmp_path, {"community-meeting/20260109.md": text})
    assert sorted((f[1], f[3]) for f in found if "reporter" in f[3]) == [
        (15, "reporter-placeholder"),
        (19, "missing-deck-reporter"),
    ]


def test_a_mistyped_reporter_handle_beside_its_link_is_one_finding(tmp_path: Path) -> None:
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", "- @kora-lind\n") for d in range(1, 3)}
    files["community-call/20240725.md"] = deck(
        "2024-07-25", '# Team IaaS\n\nReport by <a href="https://github.com/kora-lind">@kora-lnd</a>'
    )
    found = check(tmp_path, files)
    assert [f[3] for f in found if f[0].startswith("community-call/") and f[1] == 15] == ["reporter-link-mismatch"]


# --- people2: one cause, one finding; the maintainer's reading ------------------------------------


def test_a_list_written_without_markers_is_one_finding(tmp_path: Path) -> None:
    files = {
        "iaas/20240306.md": team("2024-03-06", "@nia-v\n@omar2\n@pele\n@quinn-r\n"),  # one paragraph
        "iaas/20240313.md": team("2024-03-13", "@nia-v\n\n@omar2\n"),  # paragraphs of their own
        "iaas/20240320.md": team("2024-03-20", "- @nia-v\n@omar2\n- @pele\n"),  # one stray line
        "iaas/20240327.md": team("2024-03-27", "@nia-v\n@omar2\n- @pele\n@quinn-r\n"),  # a run, then a stray
    }
    found = of(check(tmp_path, files), "participant-format")
    assert [(p, line, m) for p, line, _c, _r, m in found] == [
        ("iaas/20240306.md", 5, "4 participants on lines 5-8 are not list items (@nia-v, @omar2, @pele, ...) "
                                "and run together into one paragraph, expected one '- @handle' item per line "
                                "('- @nia-v')"),
        ("iaas/20240313.md", 5, "2 participants on lines 5-7 are not list items (@nia-v, @omar2) and show as "
                                "separate paragraphs, expected one '- @handle' item per line ('- @nia-v')"),
        ("iaas/20240320.md", 6, "participant '@omar2' is not a list item, expected '- @omar2'"),
        ("iaas/20240327.md", 5, "2 participants on lines 5-6 are not list items (@nia-v, @omar2) and run "
                                "together into one paragraph, expected one '- @handle' item per line ('- @nia-v')"),
        ("iaas/20240327.md", 8, "participant '@quinn-r' is not a list item, expected '- @quinn-r'"),
    ]  # fmt: skip


def test_the_fix_of_a_run_makes_every_line_an_item(tmp_path: Path) -> None:
    from minutes_ci.checks.parse import parse_document
    from minutes_ci.fix import apply_edits

    text = team("2024-03-06", "@nia-v\n@omar2\n  @pele\n")
    files = {"iaas/20240306.md": text}
    check(tmp_path, files)
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    run = prepare(parser.parse_args(["--root", str(tmp_path), "--today", TODAY, "--preset", "scs"]))
    [finding] = [f for f in engine.run(run.docs, run.ctx, run.rules, run.severities) if f.rule == "participant-format"]
    assert finding.fix is not None and finding.fix.safe
    fixed, applied = apply_edits(parse_document("iaas/20240306.md", text.encode()), finding.fix.edits)
    assert applied == 3 and "\n- @nia-v\n- @omar2\n  - @pele\n" in fixed


def test_an_action_item_in_parentheses_is_shown_without_the_closing_one(tmp_path: Path) -> None:
    body = (
        "- fill in the highlights (AI: the product owners)\n"
        "- test it (AI: Need a plan (B1, vendor))\n"
        "- AI: look at f(x) first\n"
        "- " + ")" * 50 + "AI: x" + ")" * 5000 + "\n"  # a hostile line costs a count and a cut
    )
    found = of(check(tmp_path, {"iaas/20240306.md": team("2024-03-06", body=body)}), "action-item-owner")
    shown = [m.split("'")[1] for *_x, m in found]
    assert shown[:3] == ["the product owners", "Need a plan (B1, vendor)", "look at f(x) first"]


def test_a_first_or_last_name_written_as_a_handle(tmp_path: Path) -> None:
    listed = "- @rhea-mondal\n- @tobiaswendt\n"
    files = {f"iaas/2024{m:02}06.md": team(f"2024-{m:02}-06", listed, body=listed) for m in range(1, 13)}
    files["iaas/20250108.md"] = team(
        "2025-01-08",
        body="- @rhea asks, @wendt answers\n"  # line 14: a first name, a last name
        "- @TOBI is an acronym; @mond is in the middle; @all and @team are groups\n",
    )
    found = of(check(tmp_path, files), "handle-typo")
    assert [(line, col, m) for _p, line, col, _r, m in found] == [
        (14, 3, "@rhea (1 use in the repository) is only part of the login @rhea-mondal (24 uses, a participant in 12 "
                "files), expected @rhea-mondal: @rhea notifies another github user or nobody"),
        (14, 15, "@wendt (1 use in the repository) is only part of the login @tobiaswendt (24 uses, a participant in "
                 "12 files), expected @tobiaswendt: @wendt notifies another github user or nobody"),
    ]  # fmt: skip


def test_a_name_of_its_own_is_no_part_of_a_login(tmp_path: Path) -> None:
    listed = "- @jo-acme\n- @lee-vance\n- @lee-okoro\n"
    files = {f"iaas/2024{m:02}06.md": team(f"2024-{m:02}-06", listed, body=listed) for m in range(1, 12)}
    files["iaas/20250108.md"] = team("2025-01-08", body="- mail from @acme to @acme, @acme, @acme, @acme, @acme\n")
    files["iaas/20250115.md"] = team("2025-01-15", body="- @lee asks\n")
    # @acme (6 uses) is not rare enough beside @jo-acme (22 < 5 * 6) to be a slip for it; @lee
    # begins two logins and stands for neither
    assert of(check(tmp_path, files), "handle-typo") == []
    files["iaas/20250108.md"] = team("2025-01-08", body="- mail from @acme\n")
    assert [m.split(" is only ")[0] for *_x, m in of(check(tmp_path, files), "handle-typo")] == [
        "@acme (1 use in the repository)"
    ]


def test_a_typo_is_pointed_at_the_spelling_most_people_use(tmp_path: Path) -> None:
    # @nora-quist is listed in 3 files (a known person by the lists), @nora-quest in 31: a typo
    # next to both is pointed at the login used ten times as often, never at the rare listed one
    files = {
        f"iaas/2024{m:02d}{d:02d}.md": team(f"2024-{m:02d}-{d:02d}", "- @nora-quest\n")
        for m in (1, 3)
        for d in range(1, 29)
    }
    files.update({f"iam/202404{d:02d}.md": team(f"2024-04-{d:02d}", "- @nora-quist\n") for d in range(1, 4)})
    files["ops/20240510.md"] = team("2024-05-10", "- @nora-qist\n")
    found = of(check(tmp_path, files), "handle-typo")
    assert [(p, m.split(" looks like a typo of ")[1].split(" ")[0]) for p, _l, _c, _r, m in found] == [
        ("ops/20240510.md", "@nora-quest")
    ]


def test_a_listed_spelling_beside_its_common_form_in_the_participants_is_a_typo(tmp_path: Path) -> None:
    # @nora-quist is listed in 3 files (a person by the lists) and stays quiet there; in a file whose
    # participants list names @nora-quest (used ten times as often) and not @nora-quist, a mention
    # of @nora-quist is the same person misspelt
    files = {
        f"iaas/2024{m:02d}{d:02d}.md": team(f"2024-{m:02d}-{d:02d}", "- @nora-quest\n")
        for m in (1, 3)
        for d in range(1, 29)
    }
    files.update({f"iam/202404{d:02d}.md": team(f"2024-04-{d:02d}", "- @nora-quist\n") for d in range(1, 4)})
    files["ops/20240510.md"] = team("2024-05-10", "- @nora-quest\n- @bob\n", "- minutes: @nora-quist\n")
    found = of(check(tmp_path, files), "handle-typo")
    assert [(p, m.endswith("who is in this file's participants list")) for p, _l, _c, _r, m in found] == [
        ("ops/20240510.md", True)
    ]


def test_a_login_with_letters_added_is_reported(tmp_path: Path) -> None:
    files = {
        f"iaas/2024{m:02d}{d:02d}.md": team(f"2024-{m:02d}-{d:02d}", "- @tomfinger\n")
        for m in (1, 3)
        for d in range(1, 12)
    }
    files["ops/20240510.md"] = team("2024-05-10", "- @tomfingerabc\n- @bob\n")
    # controls: a login that merely shares a beginning with a rare handle, and a group word
    files["ops/20240517.md"] = team("2024-05-17", "- @bobby-tables\n- @bob\n", "- ping @team-leads\n")
    found = of(check(tmp_path, files), "handle-typo")
    assert [(p, m.split(" notifies")[0]) for p, _l, _c, _r, m in found] == [
        ("ops/20240510.md", "@tomfingerabc (1 use in the repository) is the login @tomfinger (22 uses, a participant "
         "in 22 files) with letters added, expected @tomfinger: @tomfingerabc")
    ]  # fmt: skip


def _listed_beside(rare: str, common: str) -> dict[str, str]:
    """@common in the lists of 36 files; @rare in the lists of 3 others and nowhere near @common."""
    files = {f"iaas/2024{m:02d}{d:02d}.md": team(f"2024-{m:02d}-{d:02d}", f"- @{common}\n- @bob\n")
             for m in (1, 3, 5) for d in range(1, 13)}  # fmt: skip
    files.update({f"iam/202404{d:02d}.md": team(f"2024-04-{d:02d}", f"- @{rare}\n- @bob\n") for d in range(1, 4)})
    return files


def test_a_slip_of_the_keys_copied_into_a_few_lists_is_a_typo_everywhere(tmp_path: Path) -> None:
    # a dash lost, a letter lost in a long login, two neighbours swapped, the end cut off: one person
    for n, (rare, common) in enumerate(
        [
            ("quillmoss", "quill-moss"),
            ("hyperbolic-ananas", "hyperbolic-ananass"),
            ("tarvonei", "tarvoeni"),
            ("brindlew", "brindlew7"),
            ("hyperbolic-ananes", "hyperbolic-ananas"),
        ]
    ):
        found = of(check(tmp_path / str(n), _listed_beside(rare, common)), "handle-typo")
        assert sorted(p for p, *_x in found) == [f"iam/202404{d:02d}.md" for d in range(1, 4)], rare
        said = f"@{rare} (3 uses in the repository, a participant in 3 files) looks like a typo of @{common}"
        assert all(m.startswith(f"{said} (36 uses, a participant in 36 files)") for *_x, m in found)


def test_a_rare_listed_login_one_letter_from_a_common_one_can_be_another_person(tmp_path: Path) -> None:
    # a letter replaced (two surnames), a letter added to a short login, a cut too short to tell,
    # a login used less than ten times as often, and a digit replaced (two bots): all of their own
    for n, (rare, common) in enumerate(
        [
            ("jo-mayer", "jo-meyer"),
            ("annab", "anna"),
            ("brin", "brin77"),
            ("kestrelwing", "kestrelwings"),
            ("quokka-build-bot-1", "quokka-build-bot-2"),
        ]
    ):
        files = _listed_beside(rare, common)
        if rare == "kestrelwing":  # the rare one is used in 3 more files: 36 is 6 times 6, not 10
            files.update({f"ops/202405{d:02d}.md": team(f"2024-05-{d:02d}", f"- @{rare}\n") for d in range(1, 4)})
        assert of(check(tmp_path / str(n), files), "handle-typo") == [], rare


def test_a_first_name_copied_into_a_few_lists_is_part_of_a_login(tmp_path: Path) -> None:
    # @ottilie is listed in three files, but it only begins @ottiliebrand, used twelve times as often
    found = of(check(tmp_path, _listed_beside("ottilie", "ottiliebrand")), "handle-typo")
    assert sorted(p for p, *_x in found) == [f"iam/202404{d:02d}.md" for d in range(1, 4)]
    assert all(" is only part of the login @ottiliebrand (36 uses, a participant in 36 files)" in m for *_x, m in found)


def test_a_first_name_that_is_no_login_links_a_stranger(tmp_path: Path) -> None:
    files = {f"iaas/202403{d:02d}.md": team(f"2024-03-{d:02d}", "- @alice\n- @bob\n- @simon\n") for d in (4, 11)}
    files["iaas/20240318.md"] = team(
        "2024-03-18",
        "- @alice\n- @Svenja\n- @leon\n",  # a name written capitalised in the list; a login, as logins are
        "- @Gregor will continue upstream\n- @simon reports\n- hosted @Acme (@Will asks, @kurt too)\n",
    )
    files["iaas/20240325.md"] = team("2024-03-25", body="- ask @Ingo\n" * 4)  # four uses: maybe a login
    found = of(check(tmp_path, files), "handle-typo")
    assert [(p, m.split(" is a first name")[0]) for p, _l, _c, _r, m in found] == [
        ("iaas/20240318.md", "@Svenja (1 use in the repository, in one participants list)"),
        ("iaas/20240318.md", "@Gregor (1 use in the repository, in no participants list)"),
    ]
    assert found[0][4].endswith("links it to the account 'svenja', most likely a stranger; write the person's login")


def test_a_name_without_handle_is_a_notice_where_handles_are_only_preferred(tmp_path: Path) -> None:
    names = "- @alice\n- Jane Roe\n- jroe\n"
    files = {
        "iaas/20240311.md": team("2024-03-11", names).replace("## Participants", "## Participants (handles preferred)"),
        "iaas/20240312.md": team("2024-03-12", "_GitHub handle if you have one_\n\n" + names),
        "iaas/20240313.md": team("2024-03-13", names),  # no such note: the list asks for handles
        "iaas/20240314.md": team("2024-03-14", names + "\nWe prefer to meet on Mondays.\n"),  # prose after it
    }
    check(tmp_path, files)
    severity = {(p.rsplit("/", 1)[1], line): s for p, line, s in _severities(tmp_path, files)}
    assert severity == {
        ("20240311.md", 6): "notice",
        ("20240311.md", 7): "warning",  # a login without its "@" is a slip whatever the heading says
        ("20240312.md", 8): "notice",
        ("20240312.md", 9): "warning",
        ("20240313.md", 6): "warning",
        ("20240313.md", 7): "warning",
        ("20240314.md", 6): "warning",
        ("20240314.md", 7): "warning",
    }


def _severities(root: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    run = prepare(parser.parse_args(["--root", str(root), "--today", TODAY, "--preset", "scs"]))
    found = engine.run(run.docs, run.ctx, run.rules, run.severities)
    return [(f.path, f.line, f.severity.label) for f in found if f.rule == "participant-format"]


def test_a_login_with_its_digits_moved_is_a_typo_of_a_mentioned_one(tmp_path: Path) -> None:
    # `@Kai77Lu` is mentioned in three files and never listed: still somebody, as a typo's target
    files = {f"iaas/2024030{d}.md": team(f"2024-03-0{d}", body=f"- asked @Kai77Lu about item {d}\n") for d in (1, 4, 7)}
    files["iaas/20240311.md"] = team("2024-03-11", body="- via @KaiLu77 and @bob\n")
    # controls: the digits differ (another account), the letters differ, too short to tell, and the
    # rare spelling used as often as the other (no telling which is right)
    files["iaas/20240312.md"] = team("2024-03-12", body="- @KaiLu78, @KaiLo77 and @a1b\n")
    same = "- @ab1 and @1ab, @mo22ra, @mora22\n"
    files |= {f"ops/2024030{d}.md": team(f"2024-03-0{d}", body=same) for d in (1, 4, 7)}
    found = of(check(tmp_path, files), "handle-typo")
    assert [(p, line, m.split(":")[0]) for p, line, _c, _r, m in found] == [
        ("iaas/20240311.md", 14, "@KaiLu77 (1 use in the repository) is the login @kai77lu (3 uses) with its digits"
         " moved, expected @kai77lu")
    ]  # fmt: skip
    # never proof that the rare spelling is right: a mentioned handle is no shield for a typo of a
    # known login, and a known one is never called a typo of a mentioned one
    index = _roster.RosterIndex.build({"kai77lu": 3, "kailu77": 1, "bo2b": 40, "bob2": 4}, 20)
    assert index.digits_moved("kailu77") == "kai77lu" and index.digits_moved("bo2b") is None
    assert index.digits_moved("kai77lu") is None  # the more used spelling


def test_a_preference_about_something_else_keeps_the_warning(tmp_path: Path) -> None:
    heading = "## Participants (preferably in person)"
    files = {"iaas/20240311.md": team("2024-03-11", "- @alice\n- Jane Roe\n").replace("## Participants", heading)}
    check(tmp_path, files)
    assert [s for _p, _l, s in _severities(tmp_path, files)] == ["warning"]


def test_initials_written_as_mentions(tmp_path: Path) -> None:
    files = {f"iaas/2024031{d}.md": team(f"2024-03-1{d}", "- @kora-lind\n- @QX\n") for d in range(1, 3)}
    files["iaas/20240320.md"] = team(
        "2024-03-20",
        body="- demo hosted by the provider (@QZ)\n- @AI @kora-lind: write it down\n- @QX and @qz and @qzk\n"
        "- the @ACME team, `@AB` in code\n",
    )
    found = of(check(tmp_path, files), "handle-typo")
    # @QX is in two participants lists: someone's login; lower case is written as logins are; four
    # capitals are an organisation; code is code
    assert [(line, m.split(" ", 1)[0]) for _p, line, _c, _r, m in found] == [(14, "@QZ"), (15, "@AI")]
    assert "(2 uses in the repository, in no participants list) is written as initials" in found[0][4]
    assert "GitHub links it to the account 'qz'" in found[0][4]
