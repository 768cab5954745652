"""Worker processes give exactly the findings of the serial path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "scs-minutes"


def _check(root: Path, out: Path, workers: str) -> dict[str, object]:
    env = {**os.environ, "MINUTES_CI_WORKERS": workers}
    proc = subprocess.run([sys.executable, "-m", "minutes_ci.cli", "check", "--preset", "scs", "--root", str(root),
                           "--format", f"json={out}"], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    data: dict[str, object] = json.loads(out.read_text())
    return data


def test_parallel_equals_serial_on_generated_repo(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for i in range(200):  # above the parallel threshold; every tenth file has a misdated title
        day = 1 + i % 28
        path = root / f"team{i % 3}" / f"2024{1 + i // 28:02d}{day:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        title_day = day if i % 10 else (day % 28) + 1
        # the topic line keeps files apart (byte-identical copies are duplicate-file's finding instead)
        body = f"## Participants\n- @alice\n\n## Agenda\n\n- topic {i}\n"
        path.write_text(f"# 2024-{1 + i // 28:02d}-{title_day:02d}\n\n{body}")
    serial = _check(root, tmp_path / "serial.json", "1")
    parallel = _check(root, tmp_path / "parallel.json", "2")
    assert serial["findings"] == parallel["findings"]
    assert serial["files_checked"] == parallel["files_checked"] == 200
    assert sum(1 for f in serial["findings"] if f["rule"] == "title-date-mismatch") == 20  # type: ignore[index,union-attr]


@pytest.mark.corpus
def test_parallel_equals_serial_on_corpus(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real minutes corpus is not at {CORPUS} (it sits beside the project in CI)")
    serial = _check(CORPUS, tmp_path / "serial.json", "1")
    parallel = _check(CORPUS, tmp_path / "parallel.json", "2")
    assert serial["findings"] == parallel["findings"] and serial["files_checked"] == parallel["files_checked"]
