"""Markdown found by content: `markdown-without-extension` and the discovery that feeds it.

A file not named `*.md` is read (a bounded prefix, through safe_fs) only when its name could hold
minutes, and reported when several Markdown cues add up. Every text here is invented.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, git, write
from minutes_ci.checks import engine
from minutes_ci.checks.rules._dates import name_parts
from minutes_ci.checks.rules.markdown_extension import target_name
from minutes_ci.checks.sniff import SNIFF_BYTES, cues_of, looks_like_markdown, name_kind
from minutes_ci.discover import Excluder, list_files, select, sniff_markdown, wanted
from minutes_ci.runner import add_common_arguments, prepare

RULE = "markdown-without-extension"
TODAY = "2026-06-15"
FIXTURES = Path(__file__).parent / "fixtures" / "rules" / RULE
EXPECT = re.compile(r"<!--\s*expect:\s*(\d+)(?::(\d+))?\s+([a-z0-9-]+)\s*-->")

NOTES = (
    "# Backup drill\n\n## Participants\n\n- @ingrid-hale\n- @tomas.berg\n\n## Outcome\n\n"
    "- restore took 12 minutes, see [the log](https://example.org/drill/7)\n"
)

MARKDOWN = {
    "team notes": NOTES,
    "title and list": "# Open questions\n\n- who owns the mirror?\n- when is the freeze?\n",
    "two headings and a list": "Draft\n\n## Goals\n\ntext\n\n## Risks\n\n- none yet\n- maybe later\n",
    "table and bold": "Who | What\n:-- | --:\nIngrid | **backups**\nTomas | **mirrors**\n",
    "front matter and a heading": "---\ntitle: Retro\ntags: team\n---\n\n# Retro\n\nwhat went well\n",
    "slide front matter and a list": "---\ntype: slide\n---\n\n- one\n- two\n",
    "table of contents first": "[TOC]\n\n# Plan\n\n- one\n- two\n",
    "slide front matter alone": "---\ntitle: Call\ntype: slide\n---\n\nhello\n",
    "links and a task list": "Plan:\n\n- [ ] read [the spec](./spec.md)\n- [x] ping @ingrid-hale\n",
    "CRLF line ends": NOTES.replace("\n", "\r\n"),
    "byte order mark": "\ufeff" + NOTES,
    "stacked headings": "# 2024-01-10\n## Participants\n- @ingrid-hale\n- @tomas.berg\n## Notes\n- fine\n",
}

QUIET = {
    "shell script": "#!/bin/bash\n# sync\n\n# first step\nrsync -a src/ dst/\n- x\n- y\n",
    "sourced shell": "# helpers\nexport A=1\n\n# second block\nexport B=2\n",
    "comment block": "# line one\n# line two\n# line three\nvalue = 1\n- a\n- b\n",
    "csv": "name,team\ningrid,backup\ntomas,mirror\n",
    "prose": "Notes from the call\n\nWe agreed to move the freeze by a week.\nTomas sends the summary.\n",
    "prose with a dash list": "Things to do:\n- ask the vendor\n- book the room\n",
    "yaml data": "# settings\nname: demo\nowner: x\nretention: 14\nfolders:\n  - a\n  - b\n\n# more\nbranch: main\n",
    "yaml stream": "---\na: 1\n---\nb: 2\n---\nc: 3\n",
    "json": '{"title": "# not a heading", "items": ["- a", "- b", "[x](y)"]}\n',
    "ini": "[storage]\n# the mirror\nurl = https://example.org\n\n# another\nkeep = 3\n",
    "html": "<!DOCTYPE html>\n<h1># title</h1>\n<p>[a](b)</p>\n<ul><li>- @x</li><li>- y</li></ul>\n",
    "single heading": "# Only a title\n\nand some text that follows it.\n",
    "banners": "# *************\n# Mirror setup\n# *************\n\nhost mirror-1\n\n**************\n- a\n- b\n",
    "fence pair only": "```\ncode\n```\n",
    "empty": "",
    "blank lines": "\n\n   \n",
}


@pytest.mark.parametrize("text", MARKDOWN.values(), ids=MARKDOWN.keys())
def test_markdown_is_recognised(text: str) -> None:
    cues = cues_of(text)
    assert cues.is_markdown, cues.weights
    assert looks_like_markdown(text.encode("utf-8"))


@pytest.mark.parametrize("text", QUIET.values(), ids=QUIET.keys())
def test_other_text_stays_quiet(text: str) -> None:
    assert not cues_of(text).is_markdown, cues_of(text).weights
    assert not looks_like_markdown(text.encode("utf-8"))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + NOTES.encode(),  # an image, whatever follows its header
        b"%PDF-1.7\n" + NOTES.encode(),
        NOTES.encode("utf-16"),  # NUL bytes
        bytes(range(128, 256)) * 64,  # not UTF-8 at all
    ],
    ids=["png", "pdf", "utf-16", "undecodable"],
)
def test_binary_is_not_markdown(data: bytes) -> None:
    assert not looks_like_markdown(data)


def test_one_cue_alone_is_not_enough() -> None:
    many_links = "".join(f"[link {i}](https://example.org/{i}) " for i in range(50))
    assert not cues_of(many_links).is_markdown  # one kind of cue, however often


def test_only_a_prefix_is_read_and_odd_lines_cost_no_more_than_their_length() -> None:
    hostile = "[" * 200_000 + "](" * 200_000 + "|---" * 50_000 + "*" * 100_000 + "@" * 100_000
    assert not cues_of(hostile).is_markdown
    late = "x\n" * SNIFF_BYTES + NOTES  # the cues come after the sniffed prefix
    assert not cues_of(late).is_markdown


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("iaas/notes", "sniff"),
        ("iaas/notes.txt", "sniff"),
        ("iaas/notes.MD", "md"),
        ("a/b.md", "md"),
        ("docs/guide.markdown", "family"),
        ("docs/guide.MKD", "family"),
        ("LICENSE", "never"),
        ("LICENSE-APACHE.txt", "never"),
        ("COPYING.lesser", "never"),
        ("Makefile", "never"),
        ("scripts/x.sh", "never"),
        ("a/settings.yaml", "never"),
        ("img/20240320.png", "never"),
        ("docs/.hidden", "never"),
        ("site/index.html", "never"),
        ("README", "never"),
        ("docs/CHANGELOG.txt", "never"),
        ("Makefile.am", "never"),
        ("iaas/install-notes", "sniff"),  # a word that starts a conventional name is not that name
        ("iaas/owners-sync.txt", "sniff"),
    ],
)
def test_name_kind(path: str, kind: str) -> None:
    assert name_kind(path) == kind


def _findings_of(root: Path) -> dict[str, list[tuple[int, int, str]]]:
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    run = prepare(parser.parse_args(["--root", str(root), "--today", TODAY, "--preset", "scs"]))
    found: dict[str, list[tuple[int, int, str]]] = {}
    for f in engine.run(run.docs, run.ctx, run.rules, run.severities) + run.crashes:
        found.setdefault(f.path, []).append((f.line, f.col, f.rule))
    return found


@pytest.mark.parametrize("kind", ["good", "bad"])
def test_fixtures(kind: str) -> None:
    """tests/test_rules_fixtures.py reads expectations from `*.md` files only; this rule's files
    are not named so, so every fixture file is read here and must match exactly."""
    root = FIXTURES / kind
    found = _findings_of(root)
    crashes = [(p, f) for p, fs in found.items() for f in fs if f[2] == engine.INTERNAL_ERROR and RULE in str(f)]
    assert not crashes
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        want = [
            (int(m[1]), int(m[2] or 1)) for m in EXPECT.finditer(path.read_text("utf-8", "replace")) if m[3] == RULE
        ]
        got = sorted((line, col) for line, col, rule in found.get(rel, []) if rule == RULE)
        assert got == sorted(want), rel
    if kind == "bad":
        assert sum(1 for fs in found.values() for f in fs if f[2] == RULE) >= 4


def _json(cli: Callable[..., Result], repo: Path, out: Path, *args: str) -> list[dict[str, object]]:
    result = cli(
        "check", "--preset", "scs", "--root", str(repo), "--today", TODAY, "--format", f"json={out}", *args, cwd=repo
    )
    assert result.code in (0, 1), result.err
    findings: list[dict[str, object]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return findings


def _ours(findings: list[dict[str, object]]) -> set[str]:
    return {str(f["path"]) for f in findings if f["rule"] == RULE}


def test_whole_repository_named_file_folder_and_changed_files(
    cli: Callable[..., Result], git_repo: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    repo = git_repo({"backup/20240320.md": NOTES, "scripts/sync": QUIET["shell script"]})
    git(repo, "checkout", "-q", "-b", "topic")
    write(repo, {"backup/drill-notes": NOTES, "backup/drill.txt": NOTES, "backup/todo.txt": QUIET["prose"]})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "notes")
    expected = {"backup/drill-notes", "backup/drill.txt"}
    assert _ours(_json(cli, repo, tmp_path / "a.json")) == expected
    assert _ours(_json(cli, repo, tmp_path / "b.json", "backup")) == expected
    assert _ours(_json(cli, repo, tmp_path / "c.json", "backup/drill-notes")) == {"backup/drill-notes"}
    assert _ours(_json(cli, repo, tmp_path / "d.json", "--changed-since", "main")) == expected
    quiet = _json(cli, repo, tmp_path / "e.json", "scripts/sync", "backup/todo.txt")
    assert _ours(quiet) == set()
    result = cli("check", "--preset", "scs", "--root", str(repo), "--today", TODAY, "backup/drill-notes", cwd=repo)
    assert "GitHub shows it as plain text" in result.out and "rename it to 'drill-notes.md'" in result.out


def test_a_dated_name_is_one_finding_of_bad_file_name(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, {"iaas/20240320": NOTES, "iaas/20240327.txt": NOTES, "backup/20240327.txt": NOTES})
    for args in ((), ("iaas/20240320", "iaas/20240327.txt", "backup/20240327.txt")):
        found = _json(cli, repo, tmp_path / "f.json", *args)
        by_rule = {(f["path"], f["rule"]) for f in found}
        assert {("iaas/20240320", "bad-file-name"), ("iaas/20240327.txt", "bad-file-name")} <= by_rule
        # outside a meeting folder bad-file-name has nothing to say: the content rule speaks, once
        assert ("backup/20240327.txt", "bad-file-name") not in by_rule
        assert _ours(found) == {"backup/20240327.txt"}


def test_unsafe_huge_and_output_files_are_not_read(cli: Callable[..., Result], tmp_path: Path) -> None:
    outside = tmp_path / "outside-notes"
    outside.write_text(NOTES, encoding="utf-8")
    repo = tmp_path / "repo"
    write(
        repo,
        {
            "backup/ok-notes": NOTES,
            "backup/huge-notes": NOTES + "- more\n" * 800_000,  # above the parser's limit: not minutes
            "_site/.minutes-ci-manifest.json": "{}",
            "_site/drill": NOTES,  # the publisher's own output folder
            "backup/bytes": NOTES.encode().replace(b"Backup", b"Back\xffup\xc3\x28"),  # a few bad bytes
        },
    )
    os.symlink(outside, repo / "backup" / "linked-notes")
    os.mkfifo(repo / "backup" / "pipe")
    excluded = Excluder([])
    files = list_files(repo, False)
    assert "backup/linked-notes" in files and "backup/pipe" in files
    assert not sniff_markdown(repo, "backup/linked-notes")  # leads out of the root: never read
    assert not sniff_markdown(repo, "backup/pipe")  # a FIFO would block: never read
    chosen = select(repo, files, [], excluded)
    assert "backup/ok-notes" in chosen
    assert not {"backup/huge-notes", "_site/drill", "backup/linked-notes", "backup/pipe"} & set(chosen)
    assert _ours(_json(cli, repo, tmp_path / "f.json")) == {"backup/ok-notes", "backup/bytes"}


def test_excluded_folders_are_not_sniffed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, {"archive/old-notes": NOTES, "backup/new-notes": NOTES})
    files = list_files(repo, False)
    assert select(repo, files, [], Excluder(["archive/"])) == ["backup/new-notes"]


def test_wanted_answers_for_a_list_of_pushed_files(tmp_path: Path) -> None:
    """What a pre-push hook asks about each pushed file: the whole-repository answer."""
    write(
        tmp_path,
        {
            "a/notes": NOTES,
            "a/sync": QUIET["shell script"],
            "a/20240320": QUIET["prose"],
            "a/guide.markdown": "x\n",
            "a/b.md": "",
            "_site/.minutes-ci-manifest.json": "{}",
            "_site/page": NOTES,
        },
    )
    assert [f for f in sorted(list_files(tmp_path, False)) if wanted(tmp_path, f, ("_site/",))] == [
        "a/20240320",
        "a/b.md",
        "a/guide.markdown",
        "a/notes",
    ]


def test_a_deck_not_named_like_a_date_gets_each_cause_once(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, {"community-call/agenda": "---\ntype: slide\n---\n\nhello\n"})  # a deck by its front matter
    for args in ((), ("community-call/agenda",)):
        found = [(f["rule"], str(f["message"])) for f in _json(cli, repo, tmp_path / "f.json", *args)]
        rules = [rule for rule, _ in found if rule in (RULE, "bad-file-name")]
        assert sorted(rules) == ["bad-file-name", RULE]  # the missing date, the missing extension
        assert not any("extension" in message for rule, message in found if rule == "bad-file-name")


@pytest.mark.parametrize(
    ("base", "target"),
    [
        ("notes", "notes.md"),
        ("notes.txt", "notes.md"),
        ("notes.md.txt", "notes.md"),
        ("notes.md~", "notes.md"),
        ("notes.MD.bak", "notes.md"),
        ("notes-md", "notes.md"),
        ("notes.markdown", "notes.md"),
        ("build-cmd", "build-cmd.md"),
        ("v1.2", "v1.2.md"),
    ],
)
def test_the_name_it_should_have(base: str, target: str) -> None:
    parts = name_parts(base)
    assert target_name(parts.base, parts.stem, parts.ext) == target


def test_a_stray_copy_next_to_its_original_is_told_to_merge(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, {"backup/drill.md": NOTES, "backup/drill.md.orig": NOTES + "- one more line\n"})
    result = cli("check", "--preset", "scs", "--root", str(repo), "--today", TODAY, cwd=repo)
    assert "backup/drill.md.orig:1:1: error markdown-without-extension" in result.out
    assert "'drill.md' exists next to it: merge what this file adds there and remove it" in result.out


def test_changed_since_reports_what_the_change_brought(
    cli: Callable[..., Result], git_repo: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    repo = git_repo({"backup/old-notes": NOTES})  # on main already: not this change's doing
    git(repo, "checkout", "-q", "-b", "topic")
    write(repo, {"backup/old-notes": NOTES + "- edited\n", "backup/new-notes": NOTES})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")
    assert _ours(_json(cli, repo, tmp_path / "a.json", "--changed-since", "main")) == {"backup/new-notes"}
    every = _json(cli, repo, tmp_path / "b.json", "--changed-since", "main", "--all-findings")
    assert _ours(every) == {"backup/new-notes", "backup/old-notes"}
