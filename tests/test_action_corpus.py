"""The action's check step on the real minutes corpus: real volume against GitHub's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS
from minutes_ci.checks.rule import Finding
from minutes_ci.gha import summary
from minutes_ci.gha.findings import load_report
from test_action_e2e import annotations, run_step

pytestmark = pytest.mark.corpus


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the minutes corpus is not at {CORPUS}")
    return CORPUS


def test_whole_corpus_fits_the_annotation_and_summary_limits(tmp_path: Path, corpus: Path) -> None:
    # the corpus is read-only and no git repository: a manual run over everything, as after adopting
    event = {"inputs": {}, "repository": {"full_name": "SovereignCloudStack/minutes"}}
    res = run_step(
        tmp_path,
        corpus,
        event,
        {"preset": "scs", "changed-only": "false"},
        "http://127.0.0.1:9",
        event_name="workflow_dispatch",
    )
    assert res.code == 1, res.out[-2000:]
    report = json.loads(Path(res.outputs["report-path"]).read_text())
    counts = report["counts"]
    assert [res.outputs[k] for k in ("errors", "warnings", "notices")] == [
        str(counts["error"]),
        str(counts["warning"]),
        str(counts["notice"]),
    ]
    for level, total in (("error", counts["error"]), ("warning", counts["warning"]), ("notice", counts["notice"])):
        shown = annotations(res.out, level)
        assert len(shown) == min(total, 10), level
        if total > 10:
            assert shown[-1].endswith(f"::{total - 9} more {level}s not shown here: see the job summary")
    assert len(res.summary.encode()) < 1024 * 1024
    listed = res.summary.count("\n- :")
    assert listed == len(report["findings"]) or "more findings not shown (size limit)" in res.summary


def test_corpus_findings_as_a_pull_request_comment(tmp_path: Path, corpus: Path) -> None:
    res = run_step(
        tmp_path,
        corpus,
        {},
        {"preset": "scs", "changed-only": "false", "fail-on": "never"},
        "http://127.0.0.1:9",
        event_name="workflow_dispatch",
    )
    assert res.code == 0
    findings: list[Finding] = load_report(Path(res.outputs["report-path"]))[0]
    body = summary.render(
        findings,
        title="minutes-ci check",
        link=lambda p, n: f"https://github.com/o/r/blob/x/{p}#L{n}",
        limit=summary.COMMENT_LIMIT,
        unit="chars",
        marker=True,
    )
    assert len(body) <= 65536
    shown = body.count("\n- :")
    assert f"… and {len(findings) - shown} more findings not shown (size limit)." in body
