"""The composite action's Python step, run as a runner runs it, on a real pull request checkout.

The upstream repository has a base commit, a pull request branch and GitHub's test merge commit
under ``refs/pull/7/merge``; the workspace is a depth-1 fetch of that merge commit, exactly what
``actions/checkout`` leaves behind. The step's ``env:`` block is read from ``action.yml`` and its
expressions filled in, so a renamed input or variable breaks these tests. The GitHub REST
stand-in on 127.0.0.1 records every comment call.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROJECT, git, write
from gha_stub.server import State, serve
from minutes_ci.gha.summary import MARKER
from test_action_units import parse_outputs

REPO = "scs/minutes"
EXPR = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def misdated(day: int) -> str:
    """Minutes for 2023-10-DD whose title says the day before (title-date-mismatch on line 1)."""
    return f"# IAM meeting 2023-10-{day - 1:02d}\n\n## Participants\n\n- @alice\n"


def clean(date: str) -> str:
    return f"# IAM meeting {date}\n\n## Participants\n\n- @alice\n- @bob\n"


@dataclass
class Upstream:
    path: Path
    base: str = ""
    head: str = ""
    merge: str = ""

    def make_merge(self) -> None:
        """GitHub's test merge commit of the PR branch into main, published as refs/pull/7/merge."""
        self.base = git(self.path, "rev-parse", "main").strip()
        self.head = git(self.path, "rev-parse", "feature").strip()
        git(self.path, "checkout", "-q", "--detach", "main")
        git(self.path, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature")
        self.merge = git(self.path, "rev-parse", "HEAD").strip()
        git(self.path, "update-ref", "refs/pull/7/merge", self.merge)
        git(self.path, "checkout", "-q", "feature")


@pytest.fixture
def upstream(tmp_path: Path) -> Upstream:
    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")  # as GitHub serves any commit by SHA
    write(
        up.path,
        {
            "iam/20230914.md": clean("2023-09-14"),
            "iam/20231002.md": misdated(2),  # already wrong on main; the PR appends to it
            "iaas/20230901.md": misdated(3).replace("IAM", "IaaS"),  # wrong on main, untouched by the PR
        },
    )
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    write(up.path, {f"iam/202310{d:02d}.md": misdated(d) for d in range(10, 21)})  # 11 new errors
    (up.path / "iam/20231002.md").write_text(misdated(2) + "- @bob\n", encoding="utf-8")
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "add the October minutes")
    up.make_merge()
    return up


def checkout(up: Upstream, ws: Path) -> None:
    """What actions/checkout does for a pull_request event: a depth-1 fetch of the merge ref."""
    if not ws.exists():
        ws.mkdir()
        git(ws, "init", "-q")
        git(ws, "remote", "add", "origin", f"file://{up.path}")
    git(ws, "fetch", "-q", "--no-tags", "--depth=1", "origin", "+refs/pull/7/merge:refs/remotes/pull/7/merge")
    git(ws, "checkout", "-q", "--force", "--detach", "refs/remotes/pull/7/merge")


def pr_payload(up: Upstream, fork: bool = False) -> dict[str, Any]:
    head_repo = "contributor/minutes" if fork else REPO
    return {
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "state": "open",
            "head": {"ref": "feature", "sha": up.head, "repo": {"full_name": head_repo, "fork": fork}},
            "base": {"ref": "main", "sha": up.base, "repo": {"full_name": REPO, "fork": False}},
        },
        "repository": {"full_name": REPO},
    }


@dataclass
class StepResult:
    code: int
    out: str
    outputs: dict[str, str]
    summary: str


def run_step(
    tmp: Path,
    ws: Path,
    payload: dict[str, Any],
    inputs: dict[str, str],
    api: str,
    event_name: str = "pull_request",
    run_id: str = "42",
    sha: str = "",
) -> StepResult:
    """Run action.yml's ``run`` step with bash, its env expressions evaluated as the runner would."""
    action = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    runner_temp = tmp / "runner-temp"
    venv_bin = runner_temp / "minutes-ci-venv" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    if not (venv_bin / "python").exists():  # the step calls the venv's python; ours has the package
        # a wrapper, not a symlink: a symlink to a virtual environment's python finds no pyvenv.cfg
        # beside itself and falls back to the base interpreter, without the venv's packages
        wrapper = venv_bin / "python"
        wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    context = {"github.token": "", "github.api_url": api, "runner.temp": str(runner_temp)}
    for k, v in list(values.items()):
        values[k] = EXPR.sub(lambda m: context[m.group(1)], v)
    values.update({f"inputs.{k}": v for k, v in inputs.items()})
    values.update(context)
    step_env = {k: EXPR.sub(lambda m: values[m.group(1)], str(v)) for k, v in step["env"].items()}
    event = tmp / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    output, summary = tmp / "output.txt", tmp / "summary.md"
    output.write_text("")
    summary.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp)),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": sha or (git(ws, "rev-parse", "HEAD").strip() if (ws / ".git").exists() else "f" * 40),
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_API_URL": api,
        "GITHUB_RUN_ID": run_id,
        "GITHUB_WORKSPACE": str(ws),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner_temp),
        **step_env,
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
    )
    return StepResult(
        proc.returncode, proc.stdout + proc.stderr, parse_outputs(output.read_text()), summary.read_text()
    )


def annotations(out: str, level: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(f"::{level} ")]


def test_pull_request_check_comment_then_fix(tmp_path: Path, upstream: Upstream) -> None:
    ws = tmp_path / "ws"
    checkout(upstream, ws)
    assert git(ws, "rev-parse", "--is-shallow-repository").strip() == "true"
    with serve(State(tokens={"ghs_WriteToken": "write"})) as st:
        st.add_issue(REPO, 7, "October minutes")
        # all-findings: every finding of the changed files (by default only those the PR introduced)
        inputs = {"comment": "true", "token": "ghs_WriteToken", "all-findings": "true"}
        res = run_step(tmp_path, ws, pr_payload(upstream), inputs, st.base)
        assert res.code == 1, res.out

        # 12 errors: 11 new files + the old mistake in the file the PR appended to; the untouched
        # iaas file is not checked at all
        assert res.outputs["errors"] == "12"
        report = json.loads(Path(res.outputs["report-path"]).read_text())
        assert {f["path"] for f in report["findings"]} == {f"iam/202310{d:02d}.md" for d in (2, *range(10, 21))}
        errors = annotations(res.out, "error")
        assert len(errors) == 10
        # the nine shown are on lines the PR wrote (new files), although iam/20231002.md sorts first
        assert all("title=minutes-ci title-date-mismatch" in e and "20231002" not in e for e in errors[:9])
        assert errors[9] == "::error title=minutes-ci::3 more errors not shown here: see the job summary"

        # the summary has all twelve, linked at the PR's head commit, and nothing from iaas/
        assert res.summary.count("`title-date-mismatch`") == 12
        assert f"(https://github.com/{REPO}/blob/{upstream.head}/iam/20231010.md#L1)" in res.summary
        assert "iaas/" not in res.summary
        ours = [c for c in st.comments_of(REPO, 7) if MARKER in c["body"]]
        assert len(ours) == 1 and ours[0]["body"].count("`title-date-mismatch`") == 12

        # the author fixes every title and pushes: the same comment now says so, the step passes
        fixed = {f"iam/202310{d:02d}.md": clean(f"2023-10-{d:02d}") for d in (2, *range(10, 21))}
        write(upstream.path, fixed)
        git(upstream.path, "commit", "-q", "-am", "fix the titles")
        upstream.make_merge()
        checkout(upstream, ws)
        res2 = run_step(tmp_path, ws, pr_payload(upstream), inputs, st.base)
        assert res2.code == 0, res2.out
        assert res2.outputs["errors"] == "0" and annotations(res2.out, "error") == []
        assert "No findings in 12 files" in res2.summary
        ours2 = [c for c in st.comments_of(REPO, 7) if MARKER in c["body"]]
        assert len(ours2) == 1 and ours2[0]["id"] == ours[0]["id"] and "No findings" in ours2[0]["body"]
        assert [m for m, _ in st.writes()] == ["POST", "PATCH"]


def test_fork_pull_request_with_a_read_only_token(tmp_path: Path, upstream: Upstream) -> None:
    ws = tmp_path / "ws"
    checkout(upstream, ws)
    with serve(State(tokens={"ghs_ReadOnlyForkToken": "read"})) as st:
        st.add_issue(REPO, 7, "October minutes from a fork")
        res = run_step(
            tmp_path,
            ws,
            pr_payload(upstream, fork=True),
            {"comment": "true", "token": "ghs_ReadOnlyForkToken"},
            st.base,
        )
        assert res.code == 1
        assert "pull request comment: skipped (the token may not write pull request comments (HTTP 403))" in res.out
        assert len(annotations(res.out, "error")) == 10 and res.outputs["errors"] == "11"
        assert st.comments_of(REPO, 7) == []
        assert "ghs_ReadOnlyForkToken" not in res.out + res.summary  # the token is never printed


def test_fail_on_never_and_a_broken_config(tmp_path: Path, upstream: Upstream) -> None:
    ws = tmp_path / "ws"
    checkout(upstream, ws)
    res = run_step(tmp_path, ws, pr_payload(upstream), {"fail-on": "never"}, "http://127.0.0.1:9")
    assert res.code == 0 and res.outputs["errors"] == "11"
    (ws / "broken.yaml").write_text("folders: [unclosed\n", encoding="utf-8")
    bad = run_step(tmp_path, ws, pr_payload(upstream), {"config": "broken.yaml"}, "http://127.0.0.1:9")
    assert bad.code == 2
    assert "broken.yaml" in bad.out and "Traceback" not in bad.out
    assert annotations(bad.out, "error")[-1].startswith("::error title=minutes-ci::minutes-ci check stopped")
    wrong = run_step(tmp_path, ws, pr_payload(upstream), {"mode": "lint"}, "http://127.0.0.1:9")
    assert wrong.code == 2
    assert "::error title=minutes-ci::input mode: expected one of check, audit, publish, found 'lint'" in wrong.out


def test_unreachable_api_does_not_hide_the_findings(tmp_path: Path, upstream: Upstream) -> None:
    ws = tmp_path / "ws"
    checkout(upstream, ws)
    res = run_step(tmp_path, ws, pr_payload(upstream), {"comment": "true", "token": "t"}, "http://127.0.0.1:9")
    assert res.code == 1 and res.outputs["errors"] == "11"
    assert "pull request comment failed: GitHub API unreachable (ConnectionError)" in res.out
    assert "Traceback" not in res.out


@pytest.mark.slow
def test_install_step_then_run_step_from_a_real_install(tmp_path: Path, upstream: Upstream) -> None:
    """The composite's own install step (a venv, pip install of the action's checkout), then the run
    step with that venv: package data and the entry point work outside an editable install."""
    action = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install minutes-ci")
    venv = tmp_path / "runner-temp" / "minutes-ci-venv"
    env = {**os.environ, "PYTHON": sys.executable, "ACTION_PATH": str(PROJECT), "VENV": str(venv)}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", install["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (venv / "bin" / "python").is_symlink() or (venv / "pyvenv.cfg").is_file()
    ws = tmp_path / "ws"
    checkout(upstream, ws)
    res = run_step(tmp_path, ws, pr_payload(upstream), {}, "http://127.0.0.1:9")
    assert res.code == 1 and res.outputs["errors"] == "11", res.out
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import minutes_ci; print(minutes_ci.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert str(venv) in where.stdout  # the run step used the installed copy, not the source tree
