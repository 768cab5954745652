"""`minutes-ci install-hook` and the plain git pre-push hook, with real pushes to a bare remote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git, write
from minutes_ci.hook import MARKER, hook_path, pushed_files


def misdated(who: str = "alice") -> str:
    return f"# IAM meeting 2023-09-20\n\n## Participants\n\n- @{who}\n"


def clean(date: str) -> str:
    return f"# IAM meeting {date}\n\n## Participants\n\n- @alice\n"


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from minutes_ci.cli import main; sys.exit(main())", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def push(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), "push", "-q", *args], capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A minutes repository with a bare remote, main already pushed."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    write(work, {"iam/20230914.md": clean("2023-09-14")})
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "first")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "-u", "origin", "main")
    return work


def commit(repo: Path, files: dict[str, str | bytes], msg: str = "more") -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", msg)


def test_install_refuses_a_foreign_hook_and_force_keeps_a_backup(repo: Path) -> None:
    target = repo / ".git" / "hooks" / "pre-push"
    target.write_text("#!/bin/sh\nexit 0\n")
    res = cli(repo, "install-hook")
    assert res.returncode == 2
    assert f"{target} already exists and was not written by minutes-ci" in res.stderr
    assert target.read_text() == "#!/bin/sh\nexit 0\n"
    res = cli(repo, "install-hook", "--force")
    assert res.returncode == 0, res.stderr
    assert MARKER in target.read_text() and target.stat().st_mode & 0o111
    assert (target.parent / "pre-push.before-minutes-ci").read_text() == "#!/bin/sh\nexit 0\n"
    assert cli(repo, "install-hook").returncode == 0  # re-installing over our own hook is fine
    assert cli(repo, "install-hook", "--uninstall").returncode == 0 and not target.exists()


def test_install_honours_core_hookspath(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", "githooks")
    assert cli(repo, "install-hook").returncode == 0
    assert hook_path(repo) == repo / "githooks" / "pre-push"
    assert MARKER in (repo / "githooks" / "pre-push").read_text()


def test_install_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    res = cli(tmp_path, "install-hook")
    assert res.returncode == 2 and "not a git repository" in res.stderr and "Traceback" not in res.stderr


def test_push_with_a_misdated_file_is_blocked_and_a_clean_one_passes(repo: Path) -> None:
    assert cli(repo, "install-hook").returncode == 0
    commit(repo, {"iam/20230921.md": misdated()})
    res = push(repo, "origin", "main")
    assert res.returncode != 0
    assert "iam/20230921.md:1:" in res.stdout + res.stderr and "title-date-mismatch" in res.stdout + res.stderr
    assert "push stopped" in res.stderr
    commit(repo, {"iam/20230921.md": clean("2023-09-21")}, "fix the title")
    assert push(repo, "origin", "main").returncode == 0


def test_only_the_pushed_files_are_checked(repo: Path) -> None:
    commit(repo, {"iaas/20230901.md": misdated("bob")}, "an old mistake, pushed before the hook existed")
    assert push(repo, "origin", "main").returncode == 0
    assert cli(repo, "install-hook").returncode == 0
    commit(repo, {"iam/20230928.md": clean("2023-09-28")})
    res = push(repo, "origin", "main")
    assert res.returncode == 0, res.stdout + res.stderr
    # a new branch: only its own commits (not on any remote branch) count
    git(repo, "checkout", "-q", "-b", "topic")
    commit(repo, {"iam/20231005 notes.md": clean("2023-10-05"), "iam/20231012.md": misdated()})
    res = push(repo, "origin", "topic")
    assert res.returncode != 0 and "iam/20231012.md" in res.stdout + res.stderr
    assert "iaas/20230901.md" not in res.stdout + res.stderr


def test_markdown_pushed_without_md_is_checked_and_a_script_is_not(repo: Path) -> None:
    """The hook picks what a whole-repository check picks: minutes saved as `notes.txt` by content."""
    assert cli(repo, "install-hook").returncode == 0
    notes = "# Storage workshop\n\n## Participants\n\n- @alice\n- @bob\n\n## Notes\n\n- see [the plan](https://example.org/plan)\n"
    commit(repo, {"iam/storage-notes.txt": notes, "tools/run": "#!/bin/sh\necho hi\n"})
    res = push(repo, "origin", "main")
    assert res.returncode != 0 and "markdown-without-extension" in res.stdout + res.stderr
    assert "tools/run" not in res.stdout + res.stderr


def test_pushed_files_from_git_stdin_lines(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, {"iam/with space.md": "x\n", "iam/20231019.md": "y\n"})
    git(repo, "rm", "-q", "iam/20230914.md")
    git(repo, "commit", "-q", "-m", "remove")
    head = git(repo, "rev-parse", "HEAD").strip()
    zero = "0" * 40
    lines = [
        f"refs/heads/main {head} refs/heads/main {base}\n",
        f"(delete) {zero} refs/heads/gone {base}\n",  # a deletion pushes nothing
        "garbage\n",
    ]
    assert pushed_files(repo, lines) == ["iam/20231019.md", "iam/with space.md"]
    # new branch: the remote has no such ref, so everything not on a remote-tracking branch
    assert pushed_files(repo, [f"refs/heads/new {head} refs/heads/new {zero}\n"]) == [
        "iam/20231019.md",
        "iam/with space.md",
    ]
