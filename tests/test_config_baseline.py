"""`baseline:` in the configuration is picked up by `check` and written by `baseline`; it must be a
repository file (the configuration comes with the pull request)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BAD = "# 2024-03-12\n\nNo participants section.\n"  # title-date-mismatch and missing-participants


def _repo(tmp_path: Path, config: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "team-a").mkdir(parents=True)
    (repo / ".minutes-ci.yaml").write_text(config, encoding="utf-8")
    (repo / "team-a" / "20240313.md").write_text(BAD, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_ci.cli", *args], cwd=repo, capture_output=True,
                          text=True, timeout=120, check=False)


def test_configured_baseline_is_written_and_then_applied(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "baseline: ci/known.json\n")
    (repo / "ci").mkdir()
    before = _cli(repo, "check", "--no-baseline")  # not recorded yet
    assert before.returncode == 1, before.stdout + before.stderr
    recorded = _cli(repo, "baseline")
    assert recorded.returncode == 0, recorded.stderr
    assert (repo / "ci" / "known.json").is_file() and not (repo / ".minutes-ci-baseline.json").exists()
    after = _cli(repo, "check")
    assert after.returncode == 0, after.stdout + after.stderr
    assert _cli(repo, "check", "--no-baseline").returncode == 1


def test_configured_baseline_missing_is_a_usage_error(tmp_path: Path) -> None:
    proc = _cli(_repo(tmp_path, "baseline: ci/known.json\n"), "check")
    assert proc.returncode == 2
    assert "ci/known.json" in proc.stderr and "minutes-ci baseline" in proc.stderr


def test_configured_baseline_cannot_leave_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"findings": []}', encoding="utf-8")
    repo = _repo(tmp_path, "baseline: known.json\n")
    os.symlink(outside, repo / "known.json")
    proc = _cli(repo, "check")
    assert proc.returncode == 2 and "outside the repository" in proc.stderr
    absolute = _cli(_repo(tmp_path / "b", f"baseline: {outside}\n"), "check")
    assert absolute.returncode == 2 and ".minutes-ci.yaml:1" in absolute.stderr
