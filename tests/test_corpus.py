"""`minutes-ci check --preset scs` over the real SCS minutes, as a user runs it (a subprocess).

Every file is parsed and checked, nothing crashes, and the findings are written for review to
artifacts/corpus-findings.txt with per-rule counts in artifacts/corpus-rule-counts.txt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from conftest import CORPUS, PROJECT

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
SNAPSHOT = "2026-06-15"  # the day the snapshot was taken: "today" for date rules


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, object]]:
    if not CORPUS.is_dir():
        pytest.skip(f"the SCS minutes corpus is not at {CORPUS} (it ships with the minutes-ci workspace only)")
    artifacts = PROJECT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    out = tmp_path_factory.mktemp("corpus") / "findings.json"
    argv = [
        sys.executable,
        "-m",
        "minutes_ci.cli",
        "check",
        "--preset",
        "scs",
        "--root",
        str(CORPUS),
        "--today",
        SNAPSHOT,
        "--format",
        f"json={out}",
        "--format",
        f"text={artifacts / 'corpus-findings.txt'}",
    ]
    env_cache = tmp_path_factory.mktemp("xdg")
    proc = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
        env={**os.environ, "XDG_CACHE_HOME": str(env_cache)},
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    data: dict[str, object] = json.loads(out.read_text())
    findings = data["findings"]
    assert isinstance(findings, list)
    counts = Counter((f["rule"], f["severity"]) for f in findings)
    lines = [f"{n:6} {rule} ({severity})" for (rule, severity), n in sorted(counts.items(), key=_by_count)]
    files = Counter(rule for _, rule in {(f["path"], f["rule"]) for f in findings})
    lines += ["", "files per rule:"] + [f"{n:6} {rule}" for rule, n in sorted(files.items(), key=_by_count)]
    (artifacts / "corpus-rule-counts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return proc.returncode, data


def _by_count(item: tuple[object, int]) -> tuple[int, str]:
    return (-item[1], str(item[0]))


def by_rule(data: dict[str, object], rule: str) -> set[tuple[str, int]]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return {(f["path"], f["line"]) for f in findings if f["rule"] == rule}


def test_every_file_is_parsed_and_checked(corpus_run: tuple[int, dict[str, object]]) -> None:
    _, data = corpus_run
    expected = sum(1 for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() == ".md")
    assert data["files_checked"] == expected == 894
    assert by_rule(data, "internal-error") == set()
    assert by_rule(data, "unreadable-file") == set()


def test_the_known_defects_are_found(corpus_run: tuple[int, dict[str, object]]) -> None:
    code, data = corpus_run
    assert code == 1  # the corpus has real errors (corpus-study.md §0)
    mismatched = {path for path, _ in by_rule(data, "title-date-mismatch")}
    assert {"iaas/20230320.md", "iam/20230612.md", "sig-markt/20221208.md"} <= mismatched
    assert ("container/20251212.md", 25) in by_rule(data, "issue-number-mismatch")
    assert ("community-call/20231123.md", 70) in by_rule(data, "slide-separator-ignored")
    assert len(by_rule(data, "uncommitted-upload")) >= 50  # 55 references in 26 files
    assert {"project-board/20251124.md", "project-board/20251201.md"} <= {p for p, _ in by_rule(data, "duplicate-file")}


def test_no_errors_on_conventions_followed_throughout(corpus_run: tuple[int, dict[str, object]]) -> None:
    """A rule at error level that fires on most files of the corpus is judging its conventions."""
    _, data = corpus_run
    findings = data["findings"]
    assert isinstance(findings, list)
    files_per_rule = Counter(r for _, r in {(f["path"], f["rule"]) for f in findings if f["severity"] == "error"})
    noisy = {rule: n for rule, n in files_per_rule.items() if n > 894 // 10}
    assert not noisy, f"error-level rules firing on more than 10 % of the files: {noisy}"


def test_sessions_cancellations_and_copies(corpus_run: tuple[int, dict[str, object]]) -> None:
    """Issue 9's precision pass: special sessions by title, cancellation notes, moved meetings, stale
    copies, and missing titles called missing (corpus-study.md §3)."""
    _, data = corpus_run
    findings = data["findings"]
    assert isinstance(findings, list)

    def on(path: str) -> set[str]:
        return {f["rule"] for f in findings if f["path"] == path}

    # the title names another meeting: none of the team's sections, no weekday expectation
    for special in ("iaas/20220801.md", "iaas/20230220.md", "container/20250128.md", "sig-documentation/20221122.md"):
        assert not on(special) & {"missing-agenda", "missing-housekeeping", "weekday-off-schedule", "title-format"}
    # cancellation notes are the convention: not placeholders, not duplicates of each other
    assert by_rule(data, "placeholder-file") == {("product-board/20240603.md", 1)}  # only headings
    assert {p for p, _ in by_rule(data, "duplicate-file")} == {
        "iam/20230816.md",
        "project-board/20250825.md",
        "project-board/20250915.md",
        "project-board/20250922.md",
        "project-board/20251124.md",
        "project-board/20251201.md",
    }  # fmt: skip  (the stale copies only; each names its original)
    stale = [f for f in findings if f["rule"] == "duplicate-file"]
    assert all(str(f["message"]).startswith("stale copy of ") for f in stale)
    # an off-cadence date that nothing confirms is the only weekday warning
    weekday = [f for f in findings if f["rule"] == "weekday-off-schedule"]
    assert {f["path"] for f in weekday if f["severity"] == "warning"} == {"sig-standardization/20221116.md"}
    assert "ops/20230517.md" not in {f["path"] for f in weekday}  # the Wednesday before Ascension Day
    # messages: a missing title is called missing, title-format shows a title, not a regex
    untitled = {f["path"]: f["message"] for f in findings if f["rule"] == "title-without-date"}
    assert untitled["project-board/20251013.md"] == "no title heading, expected '# 2025-10-13' as the first line"
    assert not [m for m in untitled.values() if "'- skipped'" in str(m)]
    # a heading above the dated title is what readers see as the title: the two such files, warnings
    above = {
        f["path"]: f for f in findings if f["rule"] == "title-without-date" and "stands above" in str(f["message"])
    }
    assert set(above) == {"sig-community/20230313.md", "sig-documentation/20231016.md"}
    assert {f["severity"] for f in above.values()} == {"warning"} and {f["line"] for f in above.values()} == {1}
    assert not [f for f in findings if f["rule"] == "title-format" and "(?P<" in str(f["message"])]
