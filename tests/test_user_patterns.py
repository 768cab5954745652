"""Patterns from .minutes-ci.yaml belong to the pull request: they run on RE2 (linear time), and one
RE2 cannot run is a configuration error naming the key and line, not a stalled check."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from minutes_ci.checks.userre import UserPatternError, compile_user
from minutes_ci.net.settings import SettingsError, link_settings


def _repo(tmp_path: Path, config: str, title: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "team-a").mkdir(parents=True)
    (repo / ".minutes-ci.yaml").write_text(config, encoding="utf-8")
    (repo / "team-a" / "20240313.md").write_text(f"# {title}\n\n## Participants\n\n- @ann\n", encoding="utf-8")
    return repo


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_ci.cli", "check", "--root", str(repo)], cwd=repo,
                          capture_output=True, text=True, timeout=120, check=False)


def test_catastrophic_title_pattern_is_matched_in_linear_time(tmp_path: Path) -> None:
    config = "folders:\n  team-a:\n    title-pattern: '^2024-03-13 (a+)+$'\n"
    # dated (an undated title is title-without-date's finding), then Python's re: 2^50000 steps
    repo = _repo(tmp_path, config, "2024-03-13 " + "a" * 50_000 + "!")
    start = time.process_time()
    proc = _check(repo)
    assert proc.returncode in (0, 1), proc.stderr
    assert "title-format" in proc.stdout  # the title does not match: a finding, not a stall
    assert time.process_time() - start < 60


@pytest.mark.parametrize("pattern", [r"^(a)\1$", r"^(?=a)a", r"(?<!x)a"])
def test_pattern_needing_backtracking_is_a_config_error_with_its_line(tmp_path: Path, pattern: str) -> None:
    config = f"folders:\n  team-a:\n    title-pattern: '{pattern}'\n"
    proc = _check(_repo(tmp_path, config, "2024-03-13"))
    assert proc.returncode == 2
    assert ".minutes-ci.yaml:3" in proc.stderr and "title-pattern" in proc.stderr
    assert "RE2" in proc.stderr and "Traceback" not in proc.stderr
    assert "absl" not in proc.stderr  # RE2's own logging stays off


def test_link_patterns_run_on_re2() -> None:
    s = link_settings({"links": {"exclude": ["(x+x+)+y"], "remap": [{"pattern": "^http://a/(.*)$",
                                                                     "replace": r"https://b/\1"}]}})
    start = time.process_time()
    assert not any(p.search("x" * 40_000) for p in s.exclude)
    assert time.process_time() - start < 5
    assert s.remap[0][0].sub(s.remap[0][1], "http://a/z", count=1) == "https://b/z"
    with pytest.raises(SettingsError, match="RE2"):
        link_settings({"links": {"exclude": [r"(a)\1"]}})


def test_compile_user_names_the_problem() -> None:
    with pytest.raises(UserPatternError, match="backreferences"):
        compile_user(r"(a)\1")
