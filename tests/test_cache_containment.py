"""The link cache inside a repository is the repository's to shape: a committed symlink must not
make an audit write or read outside the checkout, nor a committed FIFO make it hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "team-a").mkdir(parents=True)
    (repo / "team-a" / "20240313.md").write_text("# 2024-03-13\n\nNo links here.\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _audit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if "TOKEN" not in k}
    return subprocess.run([sys.executable, "-m", "minutes_ci.cli", "audit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_committed_cache_folder_symlink_is_not_written_through(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    os.symlink(victim, repo / ".minutes-ci-cache")
    proc = _audit(repo, "--cache=.minutes-ci-cache/links.json")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert list(victim.iterdir()) == [], "the audit wrote through the repository's symlink"
    assert "link cache not used" in proc.stdout + proc.stderr
    assert "outside the repository" in proc.stdout + proc.stderr


def test_committed_cache_file_symlink_is_not_read(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "secret.json"
    outside.write_text('{"version": 1, "secret": "s3cr3t-value"}', encoding="utf-8")
    (repo / ".minutes-ci-cache").mkdir()
    os.symlink(outside, repo / ".minutes-ci-cache" / "links.json")
    proc = _audit(repo, "--cache=.minutes-ci-cache/links.json")
    assert "s3cr3t-value" not in proc.stdout + proc.stderr
    assert outside.read_text(encoding="utf-8").startswith('{"version": 1, "secret"'), "outside file changed"
    assert "link cache not used" in proc.stdout + proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_committed_cache_fifo_does_not_hang(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".minutes-ci-cache").mkdir()
    os.mkfifo(repo / ".minutes-ci-cache" / "links.json")
    proc = _audit(repo, "--cache=.minutes-ci-cache/links.json")  # the timeout of 120 s fails a hang
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "not a regular file" in proc.stdout + proc.stderr


def test_cache_outside_the_repository_is_the_callers_choice(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    elsewhere = tmp_path / "mine" / "links.json"
    proc = _audit(repo, f"--cache={elsewhere}")
    assert "link cache not used" not in proc.stdout + proc.stderr
    assert elsewhere.is_file()
