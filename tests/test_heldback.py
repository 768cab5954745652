"""Defect classes from the minutes repository's history, checked as a judge would run them.

Each case is a small fake repository (hand-written text, never corpus text) holding one file in
the shape it had before someone fixed it. The check runs twice, like `minutes-ci check --preset scs
--root REPO` over the whole repository and with the file named explicitly, relative to the root and
from another working folder, and must report the expected rule on that file both times.
Conventions of the real repository must stay quiet (no error or warning).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, write

TODAY = "2026-06-15"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
UUID = "0b5a3c1e-1234-4c3f-9a0b-123456789abc"
UPLOAD = f"https://input.scs.community/uploads/{UUID}.png"
OTHER_UPLOAD = UPLOAD.replace("0b5a", "1b5a")


def team(date: str, title: str = "# {d}", level: int = 2) -> str:
    h = "#" * level
    return (
        f"{title.format(d=date)}\n\n{h} Participants\n\n- @alice\n- @bob\n\n{h} Housekeeping\n\n"
        f"- minutes: @alice\n\n{h} Agenda\n\n{h}# Storage (@alice)\n\n- notes\n"
    )


def deck(date: str, body: str = "") -> str:
    return (
        "---\ntitle: SCS Community Call\ntype: slide\ntags: presentation\nslideOptions:\n  theme: white\n"
        f"  transition: 'slide'\n---\n\n<style>\n.reveal {{ font-size: 24px; }}\n</style>\n\n"
        f"## <font>Community Call {date}</font>\n\n---\n\n{body}"
    )


TEAM = team("2024-04-10")
D = deck("2024-07-25")

# (id, files, target, rules: any of them must be reported on the target)
BAD: list[tuple[str, dict[str, str | bytes], str, set[str]]] = [
    ("nine-digit-date", {"iaas/202403201.md": team("2024-03-20")}, "iaas/202403201.md", {"bad-file-name"}),
    ("upper-case-extension", {"iaas/20240320.MD": team("2024-03-20")}, "iaas/20240320.MD", {"bad-file-name"}),
    ("dash-md", {"iaas/20240320-md": team("2024-03-20")}, "iaas/20240320-md", {"bad-file-name"}),
    ("no-extension", {"sig-community/20230605": team("2023-06-05")}, "sig-community/20230605", {"bad-file-name"}),
    ("repository-root", {"20240320.md": team("2024-03-20")}, "20240320.md", {"bad-file-name"}),
    ("md-without-dot", {"iaas/20240320md": team("2024-03-20")}, "iaas/20240320md", {"bad-file-name"}),
    ("txt-extension", {"iaas/20240320.txt": team("2024-03-20")}, "iaas/20240320.txt", {"bad-file-name"}),
    ("iso-dashes", {"sig-release/2023-09-14.md": team("2023-09-14")}, "sig-release/2023-09-14.md",
     {"bad-file-name"}),
    ("folder-case", {"SIG-Markt/20221208.md": team("2022-12-08")}, "SIG-Markt/20221208.md", {"bad-file-name"}),
    ("renamed-year", {"iaas/20230320.md": team("2024-03-20")}, "iaas/20230320.md", {"title-date-mismatch"}),
    ("renamed-swapped", {"openops/20230708.md": team("2023-08-07", "## {d}", 3)}, "openops/20230708.md",
     {"title-date-mismatch"}),
    ("renamed-a-week-off", {"sig-community/20230323.md": team("2023-03-20")}, "sig-community/20230323.md",
     {"title-date-mismatch"}),
    ("future-title-says-commit-day", {"sig-community/20241204.md": team("2024-02-05")},
     "sig-community/20241204.md", {"title-date-mismatch"}),
    ("en-dash-date", {"sig-documentation/20230109.md": team("2023-01–09", "# SIG Documentation on {d}")},
     "sig-documentation/20230109.md", {"non-iso-title-date"}),
    ("title-plain-text", {"iam/20230419.md": team("2023-04-19", " {d}")}, "iam/20230419.md",
     {"title-without-date"}),
    ("two-meetings", {"iam/20230208.md": team("2023-02-15") + "\n" + team("2023-02-08")}, "iam/20230208.md",
     {"multiple-dated-titles"}),
    ("copy", {"project-board/20251110.md": team("2025-11-10", "## {d}", 3),
              "project-board/20251124.md": team("2025-11-10", "## {d}", 3)},
     "project-board/20251124.md", {"duplicate-file"}),
    ("first-heading-is-a-section", {"sig-standardization/20221116.md": team("2022-11-16", "", 3).lstrip()},
     "sig-standardization/20221116.md", {"title-without-date"}),
    ("off-cadence-unconfirmed", {"sig-standardization/20221116.md": team("2022-11-16", "", 3).lstrip()},
     "sig-standardization/20221116.md", {"weekday-off-schedule"}),
    ("run-on-title", {"ops/20230727.md": team("2023-07-27", "# {d} ## Participants (handles preferred)")},
     "ops/20230727.md", {"malformed-heading"}),
    ("heading-without-space", {"sig-release/20220831.md": TEAM.replace("## Agenda", "##Agenda")},
     "sig-release/20220831.md", {"malformed-heading"}),
    ("heading-no-break-space", {"sig-iam/20230113.md": TEAM.replace("### Storage", "###\u00a0Storage")},
     "sig-iam/20230113.md", {"malformed-heading"}),
    ("dashes-under-text", {"ops-iam/20220811.md": TEAM + "\nThat was all for today\n---\n"},
     "ops-iam/20220811.md", {"separator-under-text"}),
    ("task-box-outside-list", {"product-board/20221107.md": TEAM + "\n[ ] wait\n[x] speed up\n"},
     "product-board/20221107.md", {"task-box-outside-list"}),
    ("table-without-separator", {"sig-standardization/20221103.md": TEAM + "\n| a | b |\n| 1 | 2 |\n"},
     "sig-standardization/20221103.md", {"table-without-separator"}),
    ("empty-participants", {"container/20251114.md": TEAM.replace("- @alice\n- @bob\n", "")},
     "container/20251114.md", {"missing-participants"}),
    ("participants-note-only",
     {"iaas/20230104.md": team("2023-01-04").replace("- @alice\n- @bob\n", "(handles preferred)\n")},
     "iaas/20230104.md", {"missing-participants"}),
    ("comment-in-participants", {"iaas/20230104.md": TEAM.replace("- @alice\n", "<!-- handles preferred -->\n")},
     "iaas/20230104.md", {"participant-format"}),
    ("reporter-href", {"community-call/20240725.md": D + "# Team IaaS\n\n"
                       'Report by <a href="https://github.com/garlof">@garloff</a>\n'},
     "community-call/20240725.md", {"reporter-link-mismatch"}),
    ("reporter-unknown", {"community-call/20240725.md": D + "# Team IaaS\n\nReport by ?\n"},
     "community-call/20240725.md", {"reporter-placeholder"}),
    ("separator-after-list", {"community-call/20231123.md": deck("2023-11-23", "# Team IaaS\n\n- item\n----\n\nx\n")},
     "community-call/20231123.md", {"slide-separator-ignored"}),
    ("login-page-as-image", {"community-call/20240418.md": deck("2024-04-18", f"![]({UPLOAD})\n"),
                             f"community-call/{UUID}.png": "<!DOCTYPE html>\n<html><title>Sign in</title></html>\n"},
     "community-call/20240418.md", {"not-an-image"}),
    ("upload-not-committed", {"iaas/20240221.md": TEAM + f"\n![]({UPLOAD}?raw) and ![]({OTHER_UPLOAD})\n",
                              f"iaas/{UUID}.png": PNG},
     "iaas/20240221.md", {"uncommitted-upload"}),
    ("trailing-whitespace", {"iaas/20240410.md": TEAM.replace("\n", "   \n")}, "iaas/20240410.md",
     {"trailing-whitespace"}),
    ("issue-number", {"container/20251212.md": TEAM + "\n- [standards/#928](https://github.com/"
                      "SovereignCloudStack/standards/issues/982)\n"},
     "container/20251212.md", {"issue-number-mismatch"}),
    ("pad-banner", {"iaas/20220803.md": TEAM + "\nBeware: the contents of this pad will be public\n"},
     "iaas/20220803.md", {"template-leftover"}),
    ("series-heading-above-title", {"sig-documentation/20231016.md": "# Docs SIG of the project\n\n"
                                    + team("2023-10-16", "# {d}")},
     "sig-documentation/20231016.md", {"title-without-date"}),
    ("section-heading-above-title", {"sig-community/20230313.md": "# Backlog\n\n" + team("2023-03-13", "## {d}", 3)},
     "sig-community/20230313.md", {"title-without-date"}),
    ("minutes-without-extension", {"iaas/storage-notes": team("2024-03-20", "# {d} Storage notes")},
     "iaas/storage-notes", {"markdown-without-extension", "bad-file-name"}),
    ("minutes-saved-as-txt", {"iaas/storage-notes.txt": team("2024-03-20", "# {d} Storage notes")},
     "iaas/storage-notes.txt", {"markdown-without-extension", "bad-file-name"}),
]

QUIET: list[tuple[str, dict[str, str | bytes], str]] = [
    ("team", {"iaas/20240410.md": TEAM}, "iaas/20240410.md"),
    ("sig-standardization", {"sig-standardization/20240808.md": team("2024-08-08", "## {d}", 3)
                             + "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] task\n- [x] done\n\n---\n\nmore\n"},
     "sig-standardization/20240808.md"),
    ("special-session", {"container/20220718-overflow.md": "# 2022-07-18 - Overflow Session\n\n- notes\n"},
     "container/20220718-overflow.md"),
    ("special-session-by-title", {"iaas/20220801.md": "# 2022-08-01 Network layout discussion\n\n"
                                  "## Participants\n\n- @alice\n\n## Notes\n\n- racks and roles\n"},
     "iaas/20220801.md"),
    ("cancellation-note", {"product-board/20231009.md": "# 2023-10-09\nMeeting canceled\n"},
     "product-board/20231009.md"),
    ("skipped-twins", {"project-board/20251013.md": "- skipped\n", "project-board/20251020.md": "- skipped\n"},
     "project-board/20251020.md"),
    ("moved-for-ascension-day", {"ops/20230517.md": team("2023-05-17")}, "ops/20230517.md"),
    ("legacy-call-header", {"community-call/20221027.md": "# Weekly Community Call\n\n" + team("2022-10-27")},
     "community-call/20221027.md"),
    ("hedgedoc-tags-above-title", {"iaas/20240410.md": "###### tags: `iaas`\n\n" + TEAM}, "iaas/20240410.md"),
    ("topic-title-above-date", {"iaas/20220801.md": "# Network layout workshop\n\n" + team("2022-08-01", "## {d}", 3)},
     "iaas/20220801.md"),
    ("shell-script-beside-minutes",
     {"iaas/20240410.md": TEAM, "tools/deploy": "#!/bin/sh\n# deploy\nset -e\nmake all\n"}, "tools/deploy"),
    ("deck", {"community-call/20240613.md": deck("2024-06-13", "# Team IaaS\n\n"
              'Report by <a href="https://github.com/garloff">@garloff</a>\n\n----\n\n## Team IaaS\n\n- x\n')},
     "community-call/20240613.md"),
]


def _findings(cli: Callable[..., Result], repo: Path, out: Path, *paths: str, cwd: Path) -> list[dict[str, object]]:
    result = cli("check", "--preset", "scs", "--root", str(repo), "--today", TODAY, "--format", f"json={out}",
                 *paths, cwd=cwd)
    assert result.code in (0, 1), result.err
    findings: list[dict[str, object]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return findings


@pytest.mark.parametrize(("files", "target", "rules"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_historical_defect_is_reported(
    cli: Callable[..., Result], tmp_path: Path, files: dict[str, str | bytes], target: str, rules: set[str]
) -> None:
    repo = tmp_path / "repo"
    write(repo, files)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    whole = _findings(cli, repo, tmp_path / "whole.json", cwd=elsewhere)
    named = _findings(cli, repo, tmp_path / "named.json", target, cwd=elsewhere)
    for run in (whole, named):
        got = {f["rule"] for f in run if f["path"] == target}
        assert got & rules, f"{target}: expected one of {sorted(rules)}, got {sorted(got)}"


@pytest.mark.parametrize(("files", "target"), [c[1:] for c in QUIET], ids=[c[0] for c in QUIET])
def test_conventions_stay_quiet(
    cli: Callable[..., Result], tmp_path: Path, files: dict[str, str | bytes], target: str
) -> None:
    repo = tmp_path / "repo"
    write(repo, files)
    found = _findings(cli, repo, tmp_path / "f.json", target, cwd=repo)
    loud = [f for f in found if f["severity"] in ("error", "warning")]
    assert not loud, loud


@pytest.mark.parametrize("others", [0, 250], ids=["alone", "in-a-large-repository"])
def test_file_date_after_its_commit(cli: Callable[..., Result], tmp_path: Path, others: int) -> None:
    """sig-community/20241204.md committed on 2024-02-05: only git knows (N3, history: 2 more).

    Also when the whole repository is checked and it holds more files than git is asked about
    one path at a time.
    """
    repo = tmp_path / "repo"
    files: dict[str, str | bytes] = {"sig-community/20241204.md": team("2024-12-04")}
    files.update({f"notes/n{i}.md": f"# note {i}\n" for i in range(others)})
    write(repo, files)
    when = "2024-02-05T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "minutes"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    named = _findings(cli, repo, tmp_path / "f.json", "sig-community/20241204.md", cwd=tmp_path)
    whole = _findings(cli, repo, tmp_path / "w.json", cwd=tmp_path)
    for found in (named, whole):
        assert "file-date-in-future" in {f["rule"] for f in found if f["path"] == "sig-community/20241204.md"}


def test_images_named_like_dates_are_not_minutes(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, {"iaas/20240320.md": TEAM.replace("2024-04-10", "2024-03-20"),
                 "iaas/20240320-1234-4bbb-8ccc-123456789abc.png": PNG, "iaas/20240320.pdf": b"%PDF-1.4\n"})
    found = _findings(cli, repo, tmp_path / "f.json", cwd=repo)
    assert found == []


def test_named_path_is_read_from_the_root_when_not_from_the_working_folder(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    write(repo, {"iaas/20240320": team("2024-03-20"), "iaas/20240313.md": team("2024-03-13")})
    result = cli("check", "--preset", "scs", "--root", str(repo), "iaas/20240320", cwd=tmp_path)
    assert result.code == 1 and "iaas/20240320:1:1: error bad-file-name" in result.out
    assert "1 of 1 file checked" in result.out
    missing = cli("check", "--preset", "scs", "--root", str(repo), "iaas/nope.md", cwd=tmp_path)
    assert missing.code == 2 and "iaas/nope.md: no such file or folder" in missing.err
