"""The action's pure pieces: inputs, outputs, annotation budget and escaping, summary limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.gha import annotate, summary
from minutes_ci.gha.env import Context, InputError, Inputs, write_outputs
from minutes_ci.gha.findings import ReportError, load_report, parse_report


def F(path: str, line: int, sev: Severity = Severity.ERROR, rule: str = "r", msg: str = "m") -> Finding:
    return Finding(path, line, 1, rule, msg, sev)


def parse_outputs(text: str) -> dict[str, str]:
    """Read ``$GITHUB_OUTPUT`` the way the runner does (``name<<DELIM`` blocks)."""
    out: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line:
            name, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        else:
            i += 1
    return out


def test_inputs_from_env_and_bad_values() -> None:
    env = {
        "INPUT_MODE": "Audit",
        "INPUT_PATHS": "iam\n  sig-standardization/ ",
        "INPUT_ONLINE": "true",
        "INPUT_TOKEN": "s3cret",
        "GITHUB_API_URL": "https://ghe.example/api/v3/",
    }
    inputs = Inputs.from_env(env)
    assert inputs.mode == "audit"
    assert inputs.paths == ("iam", "sig-standardization/")
    assert inputs.online and inputs.changed_only and not inputs.comment
    assert inputs.github_api_url == "https://ghe.example/api/v3"
    assert "s3cret" not in repr(inputs)
    with pytest.raises(InputError, match="input mode: expected one of check, audit, publish, found 'lint'"):
        Inputs.from_env({"INPUT_MODE": "lint"})
    with pytest.raises(InputError, match="input changed-only: expected true or false, found 'maybe'"):
        Inputs.from_env({"INPUT_CHANGED_ONLY": "maybe"})


def test_outputs_are_multiline_safe(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("earlier=1\n")
    ctx = Context.from_env({"GITHUB_OUTPUT": str(out), "GITHUB_WORKSPACE": str(tmp_path)})
    tricky = "line one\nerrors=99\nEOF\nlast"
    write_outputs(ctx, {"report-path": tricky, "errors": "3"})
    parsed = parse_outputs(out.read_text())
    assert parsed == {"earlier": "1", "report-path": tricky, "errors": "3"}


def test_escaping_of_workflow_commands() -> None:
    f = Finding("a,b:c.md", 3, 2, "title-date-mismatch", "100% wrong\nsecond: line", Severity.ERROR, 3, 9)
    line = annotate.finding_command(f)
    assert line == (
        "::error file=a%2Cb%3Ac.md,line=3,col=2,endColumn=9,title=minutes-ci title-date-mismatch"
        "::100%25 wrong%0Asecond: line"
    )


def test_budget_touched_lines_first_and_the_last_one_says_how_many_more() -> None:
    errors = [F("a.md", n) for n in range(1, 15)]  # 14 errors, lines 1..14
    warnings = [F("b.md", n, Severity.WARNING) for n in range(1, 4)]
    touched = {"a.md": {12, 13, 14}}
    plan = annotate.plan(errors + warnings, touched)
    err_lines = [x for x in plan.lines if x.startswith("::error")]
    assert len(err_lines) == 10
    # the three touched lines come first, then file order
    assert [x.split("line=")[1].split(",")[0] for x in err_lines[:4]] == ["12", "13", "14", "1"]
    assert err_lines[-1] == "::error title=minutes-ci::5 more errors not shown here: see the job summary"
    assert plan.shown[Severity.ERROR] == 9 and plan.hidden[Severity.ERROR] == 5
    warn_lines = [x for x in plan.lines if x.startswith("::warning")]
    assert len(warn_lines) == 3 and "more" not in warn_lines[-1]
    # errors are printed before warnings: GitHub drops by print order
    assert plan.lines.index(err_lines[-1]) < plan.lines.index(warn_lines[0])


def test_budget_exactly_ten_needs_no_note() -> None:
    plan = annotate.plan([F("a.md", n, Severity.NOTICE) for n in range(1, 11)])
    assert len(plan.lines) == 10 and all("more" not in x for x in plan.lines)


def test_summary_groups_by_file_links_lines_and_escapes() -> None:
    findings = [F("iam/20230921.md", 4, msg="title <b>x</b> | @alice *bold*"), F("a.md", 2, Severity.WARNING)]
    text = summary.render(
        findings,
        title="minutes-ci check",
        link=lambda p, n: f"https://gh/{p}#L{n}",
        touched={"iam/20230921.md": {4}},
        checked=2,
    )
    assert text.index("### `a.md`") < text.index("### `iam/20230921.md`")
    assert "[L4:1](https://gh/iam/20230921.md#L4)" in text
    assert "&lt;b&gt;x&lt;/b&gt; \\| @\u200balice \\*bold\\*" in text
    assert "(changed line)" in text
    assert ":x: 1 error · :warning: 1 warning · :information_source: 0 notices in 2 files" in text


def test_summary_stays_under_the_limit_and_says_what_it_left_out() -> None:
    findings = [F(f"f{n:04d}.md", 1, msg="x" * 200) for n in range(3000)]
    text = summary.render(findings, title="t", link=lambda p, n: "", limit=20000)
    assert len(text.encode()) <= 20000
    shown = text.count("\n- :x:")
    assert f"… and {3000 - shown} more findings not shown (size limit)." in text
    comment = summary.render(
        findings, title="t", link=lambda p, n: "", limit=summary.COMMENT_LIMIT, unit="chars", marker=True
    )
    assert comment.startswith(summary.MARKER) and len(comment) <= 65536


def test_summary_without_findings() -> None:
    assert "No findings in 3 files. :white_check_mark:" in summary.render(
        [], title="t", link=lambda p, n: "", checked=3
    )


def test_report_loading_names_the_problem(tmp_path: Path) -> None:
    good = {
        "findings": [
            {
                "path": "a.md",
                "line": 2,
                "col": 1,
                "end_line": 2,
                "end_col": 5,
                "rule": "x",
                "severity": "warning",
                "message": "m",
            }
        ],
        "files_checked": 1,
    }
    findings, extra = parse_report(good)
    assert findings == [Finding("a.md", 2, 1, "x", "m", Severity.WARNING, 2, 5)]
    assert extra["files_checked"] == 1
    with pytest.raises(ReportError, match=r"missing\.json: the command wrote no JSON report"):
        load_report(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ReportError, match=r"bad\.json: cannot read the JSON report"):
        load_report(bad)
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"findings": [{"path": "a.md", "line": "x"}]}))
    with pytest.raises(ReportError, match="malformed"):
        load_report(odd)
