"""A repository that commits files into the output folder cannot get them published with the site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "team-a").mkdir(parents=True)
    (repo / "team-a" / "20240313.md").write_text("# 2024-03-13\n\n## Participants\n\n- @ann\n", encoding="utf-8")
    _git(repo, "init", "-q")
    return repo


def _publish(repo: Path, out: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minutes_ci.cli", "publish", "--offline", "--no-search",
                           "--out", out], cwd=repo, capture_output=True, text=True, timeout=300, check=False)


def test_committed_site_folder_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "_site" / "team-a").mkdir(parents=True)
    (repo / "_site" / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (repo / "_site" / "team-a" / "20240313.html").write_text("<script>alert(2)</script>", encoding="utf-8")
    _git(repo, "add", "-A")
    proc = _publish(repo, "_site")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "commits" in proc.stderr and "evil.html" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (repo / "_site" / "team-a" / "20240313.html").read_text(encoding="utf-8").startswith("<script>")


def test_an_uncommitted_earlier_build_is_rebuilt(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first, second = _publish(repo, "_site"), _publish(repo, "_site")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert (repo / "_site" / "index.html").is_file()
