"""The CLI end to end, in-process and as a subprocess: exit codes, formats, configuration errors,
root discovery, --changed-since, baselines, suppression comments and hostile files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, git, write

pytestmark = pytest.mark.usefixtures("private_cache")

CLEAN = "# 2024-03-13\n\n## Participants\n\n- @alice\n- @bob\n\n## Agenda\n\n### Storage (@alice)\n\n- discussed\n"
MISDATED = CLEAN.replace("# 2024-03-13", "# 2024-03-06")  # title date != file date: an error
Cli = Callable[..., Result]
Repo = Callable[[dict[str, str | bytes]], Path]


def rules_of(result: Result) -> list[str]:
    return [line.split()[2] for line in result.out.splitlines() if line.count(":") >= 3 and " " in line]


def test_help_lists_every_command_and_examples(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("--help")
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("check", "rules", "explain", "baseline", "audit", "fix", "publish", "install-hook"):
        assert f"    {command}" in out
    assert "examples:" in out and "exit status:" in out


def test_version(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    from minutes_ci import __version__

    with pytest.raises(SystemExit):
        cli("--version")
    assert capsys.readouterr().out.strip() == f"minutes-ci {__version__}"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("check", "--bogus"), "minutes-ci check: error: unrecognized arguments: --bogus"),
        (("check", "--fail-on", "fatal"), "invalid choice: 'fatal'"),
        (("check", "--today", "2024-02-30"), "'2024-02-30' is not a date"),
    ],
)
def test_bad_arguments_exit_2(cli: Cli, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(*argv)
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err


def test_clean_repository_exits_0_and_a_defect_exits_1(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": CLEAN})
    ok = cli("check", cwd=repo)
    assert (ok.code, ok.out) == (0, "no findings in 1 file checked\n")
    write(repo, {"iaas/20240320.md": MISDATED.replace("2024-03-13", "2024-03-20")})
    bad = cli("check", cwd=repo)
    assert bad.code == 1
    assert bad.out.startswith("iaas/20240320.md:1:3: error title-date-mismatch ")
    assert bad.out.endswith("1 error, 0 warnings, 0 notices in 1 of 2 files checked\n")


def test_fail_on_warning(cli: Cli, git_repo: Repo) -> None:
    # emphasis never closed: readers see the asterisks, a warning only
    repo = git_repo({"iaas/20240313.md": CLEAN.replace("- discussed", "- **discussed at length")})
    assert cli("check", cwd=repo).code == 0
    strict = cli("check", "--fail-on", "warning", cwd=repo)
    assert strict.code == 1 and "warning unclosed-markup" in strict.out


def test_broken_config_exits_2_naming_key_and_line(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({".minutes-ci.yaml": "exclude: []\nfolders:\n  iaas: {kind: teams}\n", "iaas/20240313.md": CLEAN})
    result = cli("check", cwd=repo)
    assert result.code == 2
    assert result.err.startswith("minutes-ci: error: .minutes-ci.yaml:3:16: folders.iaas.kind: 'teams' is not one of")
    assert "Traceback" not in result.err and result.out == ""


def test_unknown_rule_in_config_exits_2(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({".minutes-ci.yaml": "rules:\n  title-date-mismatsh: off\n", "iaas/20240313.md": CLEAN})
    result = cli("check", cwd=repo)
    assert result.code == 2
    assert ".minutes-ci.yaml:2:3: rules.title-date-mismatsh: unknown rule" in result.err


def test_missing_roster_file_is_a_config_error(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({".minutes-ci.yaml": "exclude: []\nroster: people.txt\n", "iaas/20240313.md": CLEAN})
    result = cli("check", cwd=repo)
    assert result.code == 2 and ".minutes-ci.yaml:2:9: roster: people.txt: no such file" in result.err


def test_config_severity_off_and_override(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": MISDATED})
    write(repo, {".minutes-ci.yaml": "rules:\n  title-date-mismatch: {severity: warning}\n"})
    assert "warning title-date-mismatch" in cli("check", cwd=repo).out
    write(repo, {".minutes-ci.yaml": "rules:\n  title-date-mismatch: off\n"})
    assert "title-date-mismatch" not in cli("check", cwd=repo).out


def test_root_is_the_folder_holding_the_config(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"minutes/.minutes-ci.yaml": "exclude: ['drafts/**']\n", "minutes/iaas/20240313.md": MISDATED,
                     "minutes/drafts/20240101.md": "junk\n", "minutes/iaas/notes/x.txt": "not markdown\n"})
    result = cli("check", cwd=tmp_path / "minutes" / "iaas")
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("20240313.md:1:3: error title-date-mismatch")  # from the cwd
    assert "1 of 1 file checked" in result.out  # the draft is excluded, the .txt is no candidate


def test_paths_files_and_folders(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": MISDATED, "ops/20240314.md": MISDATED.replace("2024-03-13", "2024-03-14")})
    only_ops = cli("check", "ops", cwd=repo)
    assert {line.split(":")[0] for line in only_ops.out.splitlines()[:-1]} == {"ops/20240314.md"}
    one = cli("check", "iaas/20240313.md", cwd=repo)
    assert "1 of 1 file checked" in one.out
    missing = cli("check", "nope.md", cwd=repo)
    assert missing.code == 2 and "nope.md: no such file or folder" in missing.err
    outside = cli("check", str(repo.parent), "--root", str(repo), cwd=repo)
    assert outside.code == 2 and "outside the repository root" in outside.err


def test_upper_case_extension_is_found_and_reported(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.MD": CLEAN})
    result = cli("check", "--preset", "scs", cwd=repo)
    assert "iaas/20240313.MD:1:1: error bad-file-name" in result.out


def test_formats_to_files_and_stdout(cli: Cli, git_repo: Repo, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo({"iaas/20240313.md": MISDATED})
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/minutes")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    out = tmp_path / "out"
    result = cli("check", "-f", "github", "-f", f"json={out}/f.json", "-f", f"sarif={out}/f.sarif",
                 "-f", f"summary={out}/s.md", cwd=repo)
    assert result.code == 1
    assert result.out.startswith("::error file=iaas/20240313.md,line=1,col=3,")
    data = json.loads((out / "f.json").read_text())
    assert [f["rule"] for f in data["findings"]] == ["title-date-mismatch"] and data["files_checked"] == 1
    sarif = json.loads((out / "f.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "title-date-mismatch"
    assert "https://github.com/o/minutes/blob/0123abc/iaas/20240313.md#L1" in (out / "s.md").read_text()
    unknown = cli("check", "-f", "xml", cwd=repo)
    assert unknown.code == 2 and "unknown format 'xml'" in unknown.err


def test_changed_since_checks_only_new_files_and_whitespace_on_changed_lines(cli: Cli, git_repo: Repo) -> None:
    old = MISDATED.replace("- @bob\n", "- @bob   \n")  # an old misdated file with trailing spaces
    repo = git_repo({"iaas/20240313.md": old, "ops/20240314.md": CLEAN.replace("2024-03-13", "2024-03-14")})
    git(repo, "checkout", "-q", "-b", "topic")
    write(repo, {"ops/20240321.md": MISDATED.replace("2024-03-13", "2024-03-21")})  # committed on the branch
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "new minutes")
    write(repo, {"iaas/20240313.md": old.replace("- discussed\n", "- discussed   \n")})  # touch one line
    write(repo, {"iaas/20240320.md": MISDATED.replace("2024-03-13", "2024-03-20")})  # untracked new file
    # --all-findings: every finding of the changed files (without it, only those main did not have)
    result = cli("check", "--changed-since", "main", "--all-findings", "-f", "json", cwd=repo)
    found = {(f["path"], f["line"], f["rule"]) for f in json.loads(result.out)["findings"]}
    assert ("iaas/20240320.md", 1, "title-date-mismatch") in found
    assert ("iaas/20240313.md", 1, "title-date-mismatch") in found  # a changed file is checked whole...
    assert ("iaas/20240313.md", 12, "trailing-whitespace") in found  # ...but whitespace only where changed
    assert ("iaas/20240313.md", 6, "trailing-whitespace") not in found
    assert ("ops/20240321.md", 1, "title-date-mismatch") in found
    assert not any(path == "ops/20240314.md" for path, _, _ in found)  # untouched since main
    bad_ref = cli("check", "--changed-since", "no-such-branch", cwd=repo)
    assert bad_ref.code == 2 and "not a git revision" in bad_ref.err


def test_changed_since_outside_git_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN})
    result = cli("check", "--root", str(tmp_path), "--changed-since", "main", cwd=tmp_path)
    assert result.code == 2 and "needs a git repository" in result.err


def test_baseline_round_trip(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": MISDATED})
    made = cli("baseline", cwd=repo)
    assert made.code == 0 and "recorded 1 finding in" in made.out
    baseline = repo / ".minutes-ci-baseline.json"
    assert json.loads(baseline.read_text())["findings"][0]["rule"] == "title-date-mismatch"
    assert cli("check", "--baseline", str(baseline), cwd=repo).code == 0
    # the old problem moves down two lines: still known; a new misdated file is not
    newer = MISDATED.replace("2024-03-13", "2024-03-20")
    write(repo, {"iaas/20240313.md": "\n\n" + MISDATED, "iaas/20240320.md": newer})
    result = cli("check", "--baseline", str(baseline), cwd=repo)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.out.splitlines()[:-1]] == ["iaas/20240320.md"]
    baseline.write_text("{not json")
    broken = cli("check", "--baseline", str(baseline), cwd=repo)
    assert broken.code == 2 and "not a minutes-ci baseline" in broken.err


def test_suppression_comments(cli: Cli, git_repo: Repo) -> None:
    text = "<!-- minutes-ci disable-next-line title-date-mismatch -->\n" + MISDATED
    repo = git_repo({"iaas/20240313.md": text})
    assert cli("check", cwd=repo).code == 0
    write(repo, {"iaas/20240313.md": MISDATED + "<!-- minutes-ci disable-file title-date-mismatch -->\n"})
    assert cli("check", cwd=repo).code == 0
    write(repo, {"iaas/20240313.md": "<!-- minutes-ci disable-next-line empty-link -->\n" + MISDATED})
    assert cli("check", cwd=repo).code == 1


def test_hostile_files_give_findings_and_the_run_goes_on(cli: Cli, tmp_path: Path) -> None:
    nested = "".join("  " * i + "- x\n" for i in range(10_000))
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" \
           "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n# 2024-03-20\n"
    write(tmp_path, {
        "iaas/20240313.md": MISDATED,
        "iaas/20240306.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        "iaas/20240227.md": "# 2024-02-27\n\ncaf\xe9\n".encode("latin-1"),
        "iaas/20240221.md": "# 2024-02-21\n\n" + nested,
        "iaas/20240320.md": bomb,
    })
    (tmp_path / "iaas" / "20240214.md").mkdir()
    with open(tmp_path / "iaas" / "20240207.md", "wb") as huge:  # 50 MB (sparse: cheap to make)
        huge.truncate(50 * 1024 * 1024)
    result = cli("check", "--root", str(tmp_path), "-f", "json", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    found = {(f["path"], f["rule"]) for f in json.loads(result.out)["findings"]}
    assert ("iaas/20240313.md", "title-date-mismatch") in found
    assert ("iaas/20240306.md", "unreadable-file") in found
    assert ("iaas/20240214.md", "unreadable-file") in found
    assert ("iaas/20240207.md", "unreadable-file") in found
    assert any(path == "iaas/20240227.md" for path, _ in found)
    assert not any(rule == "internal-error" for _, rule in found)
    assert json.loads(result.out)["files_checked"] == 7


def test_rules_and_explain(cli: Cli) -> None:
    table = cli("rules")
    assert table.code == 0
    assert table.out.splitlines()[0].split() == ["RULE", "SEVERITY", "KINDS", "FIX", "SUMMARY"]
    assert any(line.startswith("internal-error ") for line in table.out.splitlines())
    assert any(line.startswith("title-date-mismatch ") for line in table.out.splitlines())
    explained = cli("explain", "unreadable-file")
    assert explained.code == 0 and "Why is this bad?" in explained.out
    unknown = cli("explain", "title-date-mismatsh")
    assert unknown.code == 2 and "did you mean title-date-mismatch" in unknown.err


def test_findings_are_identical_run_to_run(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({f"iaas/202403{d:02}.md": MISDATED.replace("2024-03-13", f"2024-03-{d:02}") for d in range(1, 20)})
    assert cli("check", "-f", "sarif", cwd=repo).out == cli("check", "-f", "sarif", cwd=repo).out


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)


def test_start_up_stays_light(git_repo: Repo) -> None:
    """The hook's path must not import the network, GitHub or jsonschema (nor the site builder)."""
    repo = git_repo({"iaas/20240313.md": CLEAN})
    code = (
        "import sys\nfrom minutes_ci.cli import main\ncode = main(['check', 'iaas/20240313.md'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'github', 'jsonschema'})\n"
        "light = {'minutes_ci.net', 'minutes_ci.net.ruledocs'}  # rule docs only: no network code\n"
        "site = [m for m in sys.modules if m.startswith(('minutes_ci.site', 'minutes_ci.net')) and m not in light]\n"
        "print(code, heavy, site)\n"
    )
    proc = run_python(code, repo)
    assert proc.stdout.splitlines()[-1] == "0 [] []", proc.stderr


def test_console_entry_point_as_a_subprocess(git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": MISDATED})
    proc = subprocess.run([sys.executable, "-m", "minutes_ci.cli", "check", "--format", "github"],
                          cwd=repo, capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=iaas/20240313.md,line=1,col=3,")
    bad = subprocess.run([sys.executable, "-m", "minutes_ci.cli", "check", "--nope"],
                         cwd=repo, capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "unrecognized arguments: --nope" in bad.stderr


def test_the_example_repository_shows_its_deliberate_defects(cli: Cli) -> None:
    from conftest import PROJECT

    result = cli("check", "examples/minutes", "-f", "json", cwd=PROJECT)
    assert result.code == 1
    found = {(f["path"], f["rule"]) for f in json.loads(result.out)["findings"]}
    assert found == {
        ("community-call/20240307.md", "slide-separator-ignored"),
        ("community-call/20240307.md", "reporter-link-mismatch"),
        ("sig-b/20240314.md", "weekday-off-schedule"),
        ("sig-b/20240314.md", "issue-number-mismatch"),
        ("team-a/20240313.md", "title-date-mismatch"),
        ("team-a/20240320.md", "participant-format"),
        ("team-a/20240320.md", "handle-typo"),
    }


def test_fail_on_never_reports_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    from minutes_ci.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "minutes"
    assert main(["check", str(example), "--fail-on", "never"]) == 0
    assert "title-date-mismatch" in capsys.readouterr().out
