"""The contributor's workflow (issue 11): only what a change introduced, --fix / --diff, ruff's
familiar flags, paths as the user sees them, and the error messages of every refused combination."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, git, write

pytestmark = pytest.mark.usefixtures("private_cache")

Cli = Callable[..., Result]
Repo = Callable[[dict[str, str | bytes]], Path]

CLEAN = "# 2024-03-13\n\n## Participants\n\n- @alice\n- @bob\n\n## Agenda\n\n### Storage (@alice)\n\n- discussed\n"
# an old file with errors: a title date that is not the file's, and a dead /issue/ link
OLD = CLEAN.replace("# 2024-03-13", "# 2024-03-06").replace(
    "- discussed\n", "- discussed https://github.com/o/r/issue/1\n- next steps\n")
# every fixable problem at once: a heading without its space, a bare handle, an empty anchor, a
# /issue/ path, trailing blanks, a non-ISO title date, and the same things inside a code block
FIXABLE = (
    "# IaaS 2024/03/13\n\n##Participants\n\n@alice\n- @bob\n\n## Agenda\n\n"
    "- see [the notes](./20240313.md#) and https://github.com/o/r/issue/7   \n\n"
    "```\n##code  \n@carol https://github.com/o/r/issue/8\n```\n- last line"
)


def finding_lines(result: Result) -> list[str]:
    return [line for line in result.out.splitlines()
            if line.count(":") >= 3 and any(f" {s} " in line for s in ("error", "warning", "notice"))]


def branch(repo: Path, name: str = "topic") -> None:
    git(repo, "checkout", "-q", "-b", name)


def commit(repo: Path, files: dict[str, str | bytes], message: str = "change") -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


# --- only what the change introduced --------------------------------------------------------------


def test_unrelated_change_to_an_old_file_with_errors_reports_nothing(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": OLD})
    assert cli("check", cwd=repo).code == 1  # the old file does have errors
    branch(repo)
    commit(repo, {"iaas/20240313.md": OLD.replace("- next steps\n", "- next stpes fixed typo\n")})
    # lines shift above the old problems too: content, not line numbers, decides
    commit(repo, {"iaas/20240313.md": "\n" + (repo / "iaas/20240313.md").read_text()})
    result = cli("check", "--changed-since", "main", cwd=repo)
    assert result.code == 0, result.out
    assert result.out == "no findings in 1 file checked\n"
    everything = cli("check", "--changed-since", "main", "--all-findings", cwd=repo)
    assert everything.code == 1
    assert {line.split()[2] for line in finding_lines(everything)} == {"title-date-mismatch", "issue-path-singular"}


def test_a_new_error_on_a_changed_line_is_reported_exactly_once(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": OLD})
    branch(repo)
    # the same problem as an old one (a second /issue/ link) on a new line: the copy is the change's
    commit(repo, {"iaas/20240313.md": OLD.replace("- next steps\n", "- next steps https://github.com/o/r/issue/1\n")})
    result = cli("check", "--changed-since", "main", cwd=repo)
    assert result.code == 1
    found = finding_lines(result)
    assert len(found) == 1, result.out
    assert found[0].startswith("iaas/20240313.md:13:") and "issue-path-singular" in found[0]


def test_new_renamed_and_whitespace_files_under_changed_since(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": OLD, "ops/20240306.md": OLD.replace("2024-03-06", "2024-03-01")})
    branch(repo)
    git(repo, "mv", "ops/20240306.md", "ops/20240306-workshop.md")  # renamed: its old findings stay old
    commit(repo, {"iam/20240320.md": OLD,  # a new file: all of its findings are new
                  "iaas/20240313.md": OLD.replace("- next steps\n", "- next steps   \n")})
    result = cli("check", "--changed-since", "main", "-f", "json", cwd=repo)
    found = {(f["path"], f["rule"]) for f in json.loads(result.out)["findings"]}
    assert ("iam/20240320.md", "title-date-mismatch") in found
    assert ("iam/20240320.md", "issue-path-singular") in found
    assert ("iaas/20240313.md", "trailing-whitespace") in found  # whitespace: the changed line's
    assert not any(path.startswith("ops/") for path, _ in found)
    assert ("iaas/20240313.md", "title-date-mismatch") not in found


def test_changed_since_reads_the_base_from_git_not_the_work_tree(cli: Cli, git_repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(OLD, encoding="utf-8")  # the same problems as the branch's file
    repo = git_repo({"README.md": "x\n"})
    os.symlink(outside, repo / "iaas-20240313.md")
    (repo / "iaas").mkdir()
    os.symlink(outside, repo / "iaas/20240313.md")  # on main: a link out of the repository
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    branch(repo)
    (repo / "iaas/20240313.md").unlink()
    commit(repo, {"iaas/20240313.md": OLD})  # the branch makes it a real file
    result = cli("check", "--changed-since", "main", "-f", "json", cwd=repo)
    # main's version is the link's blob (its target's name), never the file it points at: every
    # problem of the branch's file is new
    rules = sorted(f["rule"] for f in json.loads(result.out)["findings"])
    assert rules == ["issue-path-singular", "title-date-mismatch"]


def test_file_names_with_spaces_are_checked_under_changed_since(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313 notes.md": CLEAN})
    branch(repo)
    commit(repo, {"iaas/20240313 notes.md": CLEAN + "- see https://github.com/o/r/issue/2\n"})
    result = cli("check", "--changed-since", "main", cwd=repo)
    assert result.code == 1
    assert [line.split(":")[0] for line in finding_lines(result)] == ["iaas/20240313 notes.md"]


def test_changed_lines_of_the_event_drop_the_tab_after_names_with_spaces(git_repo: Repo) -> None:
    from minutes_ci.discover import changed_files
    from minutes_ci.gha.event import changed_lines

    repo = git_repo({"a b.md": "one\n", 'q"uote.md': "one\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, {"a b.md": "one\ntwo\n", 'q"uote.md': "one\ntwo\n"})
    head = git(repo, "rev-parse", "HEAD").strip()
    assert changed_lines(repo, base, head, ["a b.md", 'q"uote.md']) == {"a b.md": {2}, 'q"uote.md': {2}}
    assert changed_files(repo, base) == {"a b.md": frozenset({2}), 'q"uote.md': frozenset({2})}


# --- --fix, --diff, --unsafe-fixes ----------------------------------------------------------------


def test_fix_leaves_no_fixable_finding_and_is_idempotent(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": FIXABLE})
    root = ["--root", str(tmp_path)]
    before = cli("check", *root, "--diff", cwd=tmp_path)
    assert before.code == 1 and before.out.startswith("--- a/iaas/20240313.md\n+++ b/iaas/20240313.md\n")
    fixed = cli("check", *root, "--fix", cwd=tmp_path)
    assert "minutes-ci: fixed" in fixed.err
    text = (tmp_path / "iaas/20240313.md").read_text(encoding="utf-8")
    assert text == (
        "# IaaS 2024-03-13\n\n## Participants\n\n- @alice\n- @bob\n\n## Agenda\n\n"
        "- see [the notes](./20240313.md) and https://github.com/o/r/issues/7\n\n"
        "```\n##code  \n@carol https://github.com/o/r/issue/8\n```\n- last line\n"
    )  # the code block is exactly as it was
    # what --diff showed is what --fix wrote
    after_lines = [line[1:] for line in before.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert all(line in text.splitlines() for line in after_lines)
    again = cli("check", *root, "--diff", cwd=tmp_path)
    assert again.code == 0 and again.out == "" and "0 fixes would change 0 files" in again.err
    result = cli("check", *root, "-f", "json", cwd=tmp_path)
    assert not [f for f in json.loads(result.out)["findings"] if f["rule"] in FIXABLE_RULES]
    assert cli("check", *root, "--fix", cwd=tmp_path).err.startswith("minutes-ci: fixed 0 findings in 0 files")


def test_fix_counts_findings_not_edits(cli: Cli, tmp_path: Path) -> None:
    # one participant-format finding for the run of bare lines (an edit per line), one heading fix
    text = "# 2024-03-13\n\n##Participants\n\n@alice\n@bob\n@carol\n\n## Agenda\n\n### Storage (@alice)\n\n- x\n"
    write(tmp_path, {"iaas/20240313.md": text})
    fixed = cli("check", "--root", str(tmp_path), "--fix", cwd=tmp_path)
    assert "- @alice\n- @bob\n- @carol\n" in (tmp_path / "iaas/20240313.md").read_text(encoding="utf-8")
    assert fixed.err.startswith("minutes-ci: fixed 2 findings in 1 file"), fixed.err


FIXABLE_RULES = {"trailing-whitespace", "missing-final-newline", "issue-path-singular", "malformed-heading",
                 "participant-format", "empty-link-anchor", "non-iso-title-date"}


def test_unsafe_fixes_only_when_asked(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN.replace("# 2024-03-13", "# 2024-03-06").replace("- @bob", "- bob")})
    root = ["--root", str(tmp_path)]
    safe = cli("check", *root, "--fix", cwd=tmp_path)
    assert "1 more with --unsafe-fixes" in safe.err or "2 more with --unsafe-fixes" in safe.err
    assert "# 2024-03-06" in (tmp_path / "iaas/20240313.md").read_text()
    diff = cli("check", *root, "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert diff.code == 1 and "-# 2024-03-06\n+# 2024-03-13\n" in diff.out and "+- @bob\n" in diff.out
    cli("check", *root, "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert (tmp_path / "iaas/20240313.md").read_text() == CLEAN


def test_fix_keeps_crlf_and_bom_unless_text_encoding_is_fixed(cli: Cli, tmp_path: Path) -> None:
    raw = ("\ufeff" + CLEAN.replace("- @bob", "- @bob   ")).replace("\n", "\r\n").encode()
    write(tmp_path, {"iaas/20240313.md": raw})
    root = ["--root", str(tmp_path)]
    cli("check", *root, "--fix", "--ignore", "text-encoding", cwd=tmp_path)
    assert (tmp_path / "iaas/20240313.md").read_bytes() == ("\ufeff" + CLEAN).replace("\n", "\r\n").encode()
    cli("check", *root, "--fix", cwd=tmp_path)
    assert (tmp_path / "iaas/20240313.md").read_bytes() == CLEAN.encode()


def test_fix_never_writes_through_a_link_nor_undecodable_bytes(cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(CLEAN + "trailing   \n", encoding="utf-8")
    write(tmp_path, {"repo/iaas/20240320.md": b"# 2024-03-20\xff   \n"})
    os.symlink("../../outside.md", tmp_path / "repo/iaas/20240313.md")
    os.symlink("20240320.md", tmp_path / "repo/iaas/20240321.md")  # a link inside the root
    (tmp_path / "repo/iaas/20240320.md").chmod(0o664)
    cli("check", "--root", str(tmp_path / "repo"), "--fix", cwd=tmp_path)
    assert outside.read_text(encoding="utf-8") == CLEAN + "trailing   \n"
    assert (tmp_path / "repo/iaas/20240320.md").read_bytes() == b"# 2024-03-20\xff   \n"
    assert (tmp_path / "repo/iaas/20240321.md").is_symlink()


def test_fix_keeps_the_file_mode(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN + "x   \n"})
    (tmp_path / "iaas/20240313.md").chmod(0o600)
    cli("check", "--root", str(tmp_path), "--fix", cwd=tmp_path)
    assert (tmp_path / "iaas/20240313.md").read_text() == CLEAN + "x\n"
    assert stat.S_IMODE((tmp_path / "iaas/20240313.md").stat().st_mode) == 0o600


# --- familiar flags and their errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--fix", "--diff"), "--fix and --diff: choose one"),
        (("--unsafe-fixes",), "--unsafe-fixes only applies with --fix or --diff"),
        (("--all-findings",), "--all-findings only applies with --changed-since REF"),
        (("-f", "json", "-f", "text"), "--format json --format text: only one format can go to standard output"),
        (("--statistics", "-f", "json"), "--statistics replaces the text output"),
        (("--quiet", "-f", "sarif"), "--quiet applies to the text output"),
        (("--diff", "-f", "json"), "--diff prints the diff on standard output"),
        (("--select", "title-date-mismach"), "--select title-date-mismach: unknown rule or group "
                                             "(did you mean title-date-mismatch?)"),
        (("--ignore", "trailing-whitespce"), "--ignore trailing-whitespce: unknown rule or group "
                                             "(did you mean trailing-whitespace?)"),
        (("--extend-select", "titel"), "--extend-select titel: unknown rule or group (did you mean title?)"),
        (("-f", "jsno"), "--format jsno: unknown format 'jsno' (did you mean json? known:"),
    ],
)
def test_refused_options_exit_2_with_the_reason(cli: Cli, tmp_path: Path, argv: tuple[str, ...], says: str) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN})
    result = cli("check", "--root", str(tmp_path), *argv, cwd=tmp_path)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("minutes-ci: error: ") and says in result.err, result.err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("publish", "--format", "json", "--out", "site"), "--format is not used by `minutes-ci publish`"),
        (("publish", "--fail-on", "warning", "--out", "site"), "--fail-on is not used by `minutes-ci publish`"),
        (("fix", "--baseline", "b.json", "--vendor-images"), "--baseline is not used by `minutes-ci fix`"),
        (("baseline", "--format", "json"), "minutes-ci baseline: error: unrecognized arguments: --format"),
        (("baseline", "--fail-on", "notice"), "minutes-ci baseline: error: unrecognized arguments: --fail-on"),
        (("rules", "--format", "yaml"), "invalid choice: 'yaml'"),
    ],
)
def test_options_a_command_ignores_are_refused(cli: Cli, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               argv: tuple[str, ...], says: str) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN})
    with pytest.raises(SystemExit) as exit_info:
        cli(*argv, cwd=tmp_path)
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err


def test_select_ignore_extend_select_by_id_and_group_any_case(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": OLD + "x   \n",
                     ".minutes-ci.yaml": "rules:\n  Issue-Path-Singular: off\n"})  # config ids: any case
    def rules(*argv: str) -> set[str]:
        result = cli("check", "--root", str(tmp_path), "-f", "json", *argv, cwd=tmp_path)
        return {f["rule"] for f in json.loads(result.out)["findings"]}

    assert rules() == {"title-date-mismatch", "trailing-whitespace"}
    assert rules("--select", "TITLE") == {"title-date-mismatch"}  # a prefix group, any case
    assert rules("--select", "whitespace") == {"trailing-whitespace"}
    assert rules("--ignore", "title-date-mismatch,Trailing-Whitespace") == set()
    assert rules("--extend-select", "issue-path-singular") == {"title-date-mismatch", "trailing-whitespace",
                                                                "issue-path-singular"}
    # fixable: safe and unsafe ones; a rule the configuration turns off stays off unless --extend-select
    assert rules("--select", "fixable", "--ignore", "notice") == {"title-date-mismatch"}
    assert rules("--select", "error", "--extend-select", "issue-path-singular") == {"title-date-mismatch",
                                                                                    "issue-path-singular"}


def test_unknown_rule_ids_in_config_and_comments_say_did_you_mean(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN, ".minutes-ci.yaml": "rules:\n  title-date-mismach: off\n"})
    result = cli("check", cwd=tmp_path)
    assert result.code == 2
    assert "rules.title-date-mismach: unknown rule (did you mean title-date-mismatch?)" in result.err
    write(tmp_path, {".minutes-ci.yaml": "{}\n",
                     "iaas/20240313.md": "<!-- minutes-ci disable-next-line Title-Date-Mismach -->\n" + CLEAN})
    result = cli("check", cwd=tmp_path)
    assert result.code == 2
    assert result.err == ("minutes-ci: error: iaas/20240313.md:1: minutes-ci disable-next-line title-date-mismach: "
                          "unknown rule (did you mean title-date-mismatch?)\n")
    # the right id in any case suppresses
    write(tmp_path, {"iaas/20240313.md": "<!-- minutes-ci disable-file TITLE-DATE-MISMATCH -->\n"
                                         + CLEAN.replace("# 2024-03-13", "# 2024-03-06")})
    assert cli("check", cwd=tmp_path).code == 0
    explained = cli("explain", "Title-Date-Mismatch", cwd=tmp_path)
    assert explained.code == 0 and explained.out.startswith("title-date-mismatch (error;")
    unknown = cli("explain", "title-date-mismach", cwd=tmp_path)
    assert unknown.code == 2 and "(did you mean title-date-mismatch?)" in unknown.err


def test_quiet_statistics_and_colour(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"iaas/20240313.md": OLD + "x   \n"})
    root = ["--root", str(tmp_path)]
    quiet = cli("check", *root, "--quiet", cwd=tmp_path)
    assert quiet.code == 1
    assert [line.split()[2] for line in quiet.out.splitlines()] == ["title-date-mismatch", "issue-path-singular"]
    stats = cli("check", *root, "--statistics", cwd=tmp_path)
    assert stats.code == 1
    assert stats.out.splitlines() == ["1  issue-path-singular  error    [*] fixable",
                                      "1  title-date-mismatch  error",
                                      "1  trailing-whitespace  notice   [*] fixable"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\033[" not in cli("check", *root, cwd=tmp_path).out  # not a terminal
    assert "\033[31merror\033[0m" in cli("check", *root, "--color", "always", cwd=tmp_path).out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in cli("check", *root, cwd=tmp_path).out
    assert "\033[" not in cli("check", *root, "--color", "never", cwd=tmp_path).out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in cli("check", *root, cwd=tmp_path).out
    assert "\033[" not in cli("check", *root, "--color", "always", "-f", f"text={tmp_path / 'o.txt'}",
                              cwd=tmp_path).out + (tmp_path / "o.txt").read_text()


def test_rules_json_and_table_say_what_is_fixable(cli: Cli) -> None:
    result = cli("rules", "--format", "json")
    rules = {r["id"]: r for r in json.loads(result.out)}
    assert rules["trailing-whitespace"]["fix"] == "safe" and rules["trailing-whitespace"]["changed_lines_only"]
    assert rules["title-date-mismatch"]["fix"] == "unsafe"
    assert rules["missing-participants"]["fix"] is None
    assert rules["text-encoding"]["kinds"] == "all"
    assert set(rules["broken-link"]) >= {"id", "severity", "kinds", "summary", "doc"}
    table = cli("rules").out.splitlines()
    row = next(line for line in table if line.startswith("title-date-mismatch "))
    assert row.split()[2:4] == ["deck,", "legacy,"] and " unsafe " in row


# --- paths ------------------------------------------------------------------------------------------


def test_every_text_path_exists_from_where_the_command_runs(cli: Cli, git_repo: Repo, tmp_path: Path) -> None:
    repo = git_repo({"minutes/iaas/20240313.md": OLD, "minutes/ops/20240306.md": OLD,
                     "minutes/.minutes-ci.yaml": "{}\n"})
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    for cwd, argv in [(elsewhere, ("--root", str(repo / "minutes"))), (repo / "minutes" / "iaas", ()),
                      (repo, ("minutes",)), (repo / "minutes", ())]:
        result = cli("check", *argv, cwd=cwd)
        paths = {line.split(":")[0] for line in finding_lines(result)}
        assert paths, (cwd, result.out)
        assert all((cwd / p).is_file() for p in paths), (cwd, paths)
    # in a subfolder, `check` checks that subfolder
    sub = cli("check", cwd=repo / "minutes" / "iaas")
    assert {line.split(":")[0] for line in finding_lines(sub)} == {"20240313.md"}
    # json keeps paths relative to the configuration root (documented), github/sarif to the repository
    data = json.loads(cli("check", "-f", "json", cwd=repo / "minutes" / "iaas").out)
    assert {f["path"] for f in data["findings"]} == {"iaas/20240313.md"}
    github = cli("check", "-f", "github", cwd=repo / "minutes" / "iaas").out
    assert "file=minutes/iaas/20240313.md," in github


def test_the_baseline_file_at_the_root_is_picked_up(cli: Cli, git_repo: Repo) -> None:
    repo = git_repo({"iaas/20240313.md": OLD})
    assert cli("baseline", cwd=repo).code == 0
    assert cli("check", cwd=repo).out == "no findings in 1 file checked\n"
    commit(repo, {"iaas/20240320.md": OLD.replace("2024-03-06", "2024-03-01")})
    new = cli("check", cwd=repo)
    assert new.code == 1 and {line.split(":")[0] for line in finding_lines(new)} == {"iaas/20240320.md"}
    assert cli("check", "--no-baseline", cwd=repo).out.count("iaas/20240313.md") == 2


# --- install-hook ---------------------------------------------------------------------------------


def test_install_hook_force_keeps_calling_the_old_hook(tmp_path: Path, git_repo: Repo) -> None:
    import subprocess

    from minutes_ci.hook import BACKUP, run

    repo = git_repo({"README.md": "x\n"})
    hooks = repo / ".git" / "hooks"
    log = tmp_path / "old-hook.log"
    (hooks / "pre-push").write_text(f'#!/bin/sh\necho "$@" > {log}\ncat >> {log}\nexit 7\n', encoding="utf-8")
    (hooks / "pre-push").chmod(0o755)
    import argparse

    assert run(argparse.Namespace(repo=repo, force=True, uninstall=False)) == 0
    assert (hooks / BACKUP).is_file()
    sha = git(repo, "rev-parse", "HEAD").strip()
    line = f"refs/heads/main {sha} refs/heads/main {'0' * 40}\n"
    proc = subprocess.run([str(hooks / "pre-push"), "origin", "url"], input=line, text=True, capture_output=True,
                          cwd=repo)
    assert proc.returncode == 7  # the old hook refused: so does the push
    assert log.read_text() == f"origin url\n{line}"
    (hooks / BACKUP).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    proc = subprocess.run([str(hooks / "pre-push"), "origin", "url"], input=line, text=True, capture_output=True,
                          cwd=repo)
    assert proc.returncode == 0, proc.stderr


# --- small defects ----------------------------------------------------------------------------------


def test_duplicate_file_ignores_folders_that_are_never_checked(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"iaas/20240313.md": CLEAN, "archive/iaas/20240313.md": CLEAN, "iam/20240313.md": CLEAN,
                     ".minutes-ci.yaml": "exclude: ['archive/**']\n"})
    result = cli("check", "-f", "json", cwd=tmp_path)
    messages = sorted((f["path"], f["message"]) for f in json.loads(result.out)["findings"]
                      if f["rule"] == "duplicate-file")
    said = ": the same minutes are filed more than once under 2024-03-13; keep the one in the series that met"
    assert messages == [("iaas/20240313.md", "byte-identical copy of iam/20240313.md" + said),
                        ("iam/20240313.md", "byte-identical copy of iaas/20240313.md" + said)]


@pytest.mark.parametrize("out", [".", "..", "./"])
def test_publish_into_the_repository_itself_is_refused(cli: Cli, tmp_path: Path, out: str) -> None:
    write(tmp_path, {"repo/iaas/20240313.md": CLEAN, "repo/.minutes-ci.yaml": "{}\n"})
    cwd = tmp_path / "repo" / "iaas" if out == ".." else tmp_path / "repo"
    result = cli("publish", "--out", out, "--offline", cwd=cwd)
    assert result.code == 2
    assert "is the repository or holds it; choose a folder of its own" in result.err
    assert sorted(p.name for p in (tmp_path / "repo").iterdir()) == [".minutes-ci.yaml", "iaas"]


def test_introduced_matches_by_content_with_multiplicity_and_online_findings_by_changed_line() -> None:
    from conftest import NoTree
    from minutes_ci.checks import engine
    from minutes_ci.checks.model import Severity
    from minutes_ci.checks.parse import parse_document
    from minutes_ci.checks.rule import Context, Finding
    from minutes_ci.checks.rules import RULES
    from minutes_ci.differential import introduced, normalise

    assert normalise("duplicate of line 12, first at lines 3-5 (4:2)") == "duplicate of #, first at # (#)"
    old_text = "# 2024-03-13\n\nhttps://github.com/o/r/issue/1\n"
    new_text = "# 2024-03-13\nnew line\n\nhttps://github.com/o/r/issue/1\nhttps://github.com/o/r/issue/1\n"
    base = [parse_document("iaas/20240313.md", old_text.encode())]
    now = [parse_document("iaas/20240313.md", new_text.encode())]
    ctx = Context(tree=NoTree())
    findings = engine.run(now, ctx, RULES)
    online = [Finding("iaas/20240313.md", 2, 1, "broken-link", "x", Severity.ERROR),
              Finding("iaas/20240313.md", 4, 1, "broken-link", "x", Severity.ERROR)]
    kept = introduced(findings + online, now, base, ctx, RULES, {}, {"iaas/20240313.md": frozenset({2, 5})})
    paths = sorted((f.line, f.rule) for f in kept if f.rule in ("issue-path-singular", "broken-link"))
    # the old link moved from line 3 to 4 and is old; its copy on line 5 is new; online: changed lines only
    assert paths == [(2, "broken-link"), (5, "issue-path-singular")]
