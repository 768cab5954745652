"""`pre-commit try-repo` of this project on a scratch minutes repository, at the pre-push stage.

pre-commit builds its own virtualenv from the project (pip install from the package registry),
so this is slow; the environment is shared by the tests of this module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, git, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path, from_ref: str, to_ref: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    # the project's last commit (--ref: uncommitted edits in a shared work tree are not ours to test);
    # as pre-push runs it: only the files between the two refs
    rev = git(PROJECT, "rev-parse", "HEAD").strip()
    cmd = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(PROJECT),
        "minutes-ci",
        "--ref",
        rev,
        "--hook-stage",
        "pre-push",
        "--from-ref",
        from_ref,
        "--to-ref",
        to_ref,
        "--verbose",
    ]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_try_repo_blocks_a_misdated_file_and_passes_a_clean_one(tmp_path: Path, pre_commit_home: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "minutes"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"iam/20230914.md": "# IAM meeting 2023-09-14\n\n## Participants\n\n- @alice\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()

    notes = "# Storage workshop 2023-09-22\n\n## Participants\n\n- @bob\n\n## Notes\n\n- [plan](https://example.org/p)\n"
    write(repo, {"iam/20230921.md": "# IAM meeting 2023-09-20\n\n## Participants\n\n- @bob\n",
                 "iam/storage-notes.txt": notes, "tools/run.sh": "#!/bin/sh\n# run it\nmake all\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "misdated")
    bad = git(repo, "rev-parse", "HEAD").strip()
    res = try_repo(repo, pre_commit_home, base, bad)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "iam/20230921.md:1:" in out and "title-date-mismatch" in out
    assert "iam/20230914.md" not in out.split("minutes-ci", 1)[-1]  # only the pushed file was checked
    # every text file reaches the CLI, which picks Markdown by content: the notes, not the script
    assert "iam/storage-notes.txt:1:" in out and "markdown-without-extension" in out
    assert "tools/run.sh" not in out

    write(repo, {"iam/20230921.md": "# IAM meeting 2023-09-21\n\n## Participants\n\n- @bob\n"})
    git(repo, "commit", "-q", "-am", "fix the title")
    good = git(repo, "rev-parse", "HEAD").strip()
    res = try_repo(repo, pre_commit_home, bad, good)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout


def test_pinned_install_blocks_a_real_push(tmp_path: Path, pre_commit_home: Path) -> None:
    """As a minutes repository would use it: `.pre-commit-config.yaml` pinning a revision of this
    project, `pre-commit install --hook-type pre-push`, then a real `git push` to a bare remote."""
    rev = git(PROJECT, "rev-parse", "HEAD").strip()
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo = tmp_path / "minutes"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    config = f"repos:\n  - repo: {PROJECT}\n    rev: {rev}\n    hooks:\n      - id: minutes-ci\n"
    write(
        repo,
        {
            ".pre-commit-config.yaml": config,
            "iam/20230914.md": "# IAM meeting 2023-09-14\n\n## Participants\n\n- @alice\n",
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "main")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install", "--hook-type", "pre-push"],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )

    write(repo, {"iam/20230921.md": "# IAM meeting 2023-09-20\n\n## Participants\n\n- @bob\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "misdated")
    res = subprocess.run(
        ["git", "push", "-q", "origin", "main"], cwd=repo, env=env, capture_output=True, text=True, timeout=900
    )
    assert res.returncode != 0, res.stdout + res.stderr
    assert "title-date-mismatch" in res.stdout + res.stderr
    write(repo, {"iam/20230921.md": "# IAM meeting 2023-09-21\n\n## Participants\n\n- @bob\n"})
    git(repo, "commit", "-q", "-am", "fix")
    res = subprocess.run(
        ["git", "push", "-q", "origin", "main"], cwd=repo, env=env, capture_output=True, text=True, timeout=900
    )
    assert res.returncode == 0, res.stdout + res.stderr
