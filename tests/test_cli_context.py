"""What the shell builds for the rules: discovery, git diffs, commit dates, digests, roster, colour."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write
from minutes_ci.context import added_dates, read_roster_file, scan_repository
from minutes_ci.discover import Excluder, FsTree, is_candidate, list_files, parse_diff

pytestmark = pytest.mark.usefixtures("private_cache")
Repo = Callable[[dict[str, str | bytes]], Path]
TEAM = "# 2024-03-13\n\n## Participants\n\n- @alice\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [("iaas/20240313.md", True), ("iaas/20240313.MD", True), ("iaas/20240313", True),
     ("iaas/20240313-md", True), ("iaas/2024-03-13", True), ("iaas/202403131", True), ("README.md", True),
     ("iaas/image.png", False), ("tools/check.sh", False)],
)
def test_candidates(path: str, expected: bool) -> None:
    assert is_candidate(path) is expected


def test_exclude_globs() -> None:
    excluded = Excluder(["drafts/**", "*.tmp.md", "hackathons/2022-*/", "/README.md"])
    assert excluded("drafts/a/b.md") and excluded("iaas/x.tmp.md") and excluded("hackathons/2022-09-x/n.md")
    assert excluded("README.md") and not excluded("iaas/README.md")
    assert excluded("node_modules/pkg/readme.md")  # never checked, whatever the config
    assert excluded(".github/PULL_REQUEST_TEMPLATE.md")
    assert not excluded("iaas/20240313.md") and not excluded("hackathons/2023-01-x/n.md")


def test_parse_diff_new_side_lines() -> None:
    diff = (
        "diff --git a/iaas/a.md b/iaas/a.md\n--- a/iaas/a.md\n+++ b/iaas/a.md\n"
        "@@ -3 +3,2 @@\n-x\n+y\n+z\n@@ -10,2 +11,0 @@\n-gone\n-gone\n"
        "diff --git a/old.md b/new.md\nrename from old.md\nrename to new.md\n--- a/old.md\n+++ b/new.md\n"
        "@@ -1 +1 @@\n-a\n+b\n"
        '--- /dev/null\n+++ "b/caf\\303\\251.md"\n@@ -0,0 +1,2 @@\n+a\n+b\n'
    )
    assert parse_diff(diff) == {"iaas/a.md": frozenset({3, 4}), "new.md": frozenset({1}), "café.md": frozenset({1, 2})}


def test_list_files_uses_git_and_honours_gitignore(git_repo: Repo) -> None:
    repo = git_repo({".gitignore": "scratch/\n", "iaas/20240313.md": TEAM})
    write(repo, {"scratch/20240101.md": "x", "iaas/20240320.md": TEAM})  # ignored; untracked
    (repo / "iaas" / "20240313.md").unlink()  # deleted in the work tree, still in the index
    assert list_files(repo, in_git=True) == [".gitignore", "iaas/20240320.md"]
    assert "scratch/20240101.md" in list_files(repo, in_git=False)


def test_added_dates_from_git(git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": TEAM})
    today = dt.date.today()
    assert added_dates(repo, repo, ["iaas/20240313.md"]) == {"iaas/20240313.md": today}
    assert added_dates(repo, repo, []) == {}


def test_duplicates_are_found_when_one_file_is_checked(git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": TEAM, "iaas/20240320.md": TEAM, "ops/20240314.md": TEAM + "x\n"})
    digests, _ = scan_repository(repo, list_files(repo, True), [])
    assert sorted(digests.values()) == [("iaas/20240313.md", "iaas/20240320.md"), ("ops/20240314.md",)]


def test_roster_scan_counts_handles_not_emails_or_paths(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": "- @Alice\n- @alice_ (emphasis)\nmail bob@example.org\nsee https://x.org/@carol\n(@dave)\n"})
    _, roster = scan_repository(tmp_path, ["a.md"], [])
    assert roster == {"alice": 2, "dave": 1}


def test_roster_file(tmp_path: Path) -> None:
    write(tmp_path, {"roster.txt": "# team\n@Alice\nbob  # the second\n\n"})
    assert read_roster_file(tmp_path / "roster.txt") == ["alice", "bob"]
    assert read_roster_file(tmp_path / "missing.txt") == []


def test_tree_never_looks_outside_the_root(tmp_path: Path) -> None:
    write(tmp_path, {"repo/iaas/img.png": b"\x89PNG....", "secret.txt": "s"})
    tree = FsTree(tmp_path / "repo")
    assert tree.exists("iaas/img.png") and tree.head("iaas/img.png", 4) == b"\x89PNG"
    assert tree.is_dir("iaas") and not tree.exists("../secret.txt") and tree.head("../secret.txt") == b""


def test_config_roster_and_file_reach_the_rules(git_repo: Repo) -> None:
    repo = git_repo({
        ".minutes-ci.yaml": "roster: team.txt\n",
        "team.txt": "matfechner\n",
        "iaas/20240313.md": TEAM.replace("@alice", "@matfechnr"),
    })
    proc = subprocess.run([sys.executable, "-m", "minutes_ci.cli", "check", "-f", "json"], cwd=repo,
                          capture_output=True, text=True, check=False)
    found = [(f["rule"], f["message"]) for f in json.loads(proc.stdout)["findings"]]
    assert any(rule == "handle-typo" and "@matfechner" in message for rule, message in found), found


def tty_run(repo: Path, env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal, as a person at a terminal does."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "minutes_ci.cli", "check"], cwd=repo, stdout=child,
                            stderr=subprocess.DEVNULL, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color(git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": TEAM.replace("2024-03-13", "2024-03-12")})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}
    assert "\033[31merror" in tty_run(repo, env)
    assert "\033[" not in tty_run(repo, {**env, "NO_COLOR": "1"})


def test_tree_root_with_dot_dot_still_finds_files(tmp_path: Path) -> None:
    from minutes_ci.discover import FsTree

    (tmp_path / "repo" / "iaas").mkdir(parents=True)
    (tmp_path / "repo" / "iaas" / "a.png").write_bytes(b"\x89PNG")
    tree = FsTree(tmp_path / "other" / ".." / "repo")
    assert tree.exists("iaas/a.png") and tree.head("iaas/a.png", 4) == b"\x89PNG"
    assert not tree.exists("../repo/iaas/a.png/../../../outside")
