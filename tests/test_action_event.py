"""Event payloads and git: which files and lines a pull request, merge group or push changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git, write
from minutes_ci.gha.event import ZERO, EventError, changed_files, changed_lines, ensure_history, read_event
from test_action_e2e import REPO, Upstream, annotations, checkout, pr_payload, run_step, upstream  # noqa: F401


def payload(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_pull_request_from_a_fork(tmp_path: Path) -> None:
    pr = {
        "number": 3,
        "head": {"sha": "h" * 40, "repo": {"full_name": "someone/minutes"}},
        "base": {"sha": "b" * 40, "repo": {"full_name": REPO}},
    }
    change = read_event("pull_request", payload(tmp_path, {"number": 3, "pull_request": pr}), "m" * 40)
    assert (change.base, change.head, change.pr_number, change.fork) == ("b" * 40, "m" * 40, 3, True)
    assert change.head_ref_for_links == "h" * 40  # links point at the PR's commit, not the test merge


def test_merge_group_push_and_others(tmp_path: Path) -> None:
    group = {"merge_group": {"base_sha": "b" * 40, "head_sha": "h" * 40, "head_ref": "gh-readonly-queue/main/x"}}
    change = read_event("merge_group", payload(tmp_path, group), "h" * 40)
    assert (change.base, change.head, change.pr_number) == ("b" * 40, "h" * 40, None)
    push = {
        "before": ZERO,
        "after": "a" * 40,
        "commits": [{"added": ["iam/20231012.md"], "modified": ["README.md"], "removed": ["x.md"]}],
    }
    change = read_event("push", payload(tmp_path, push), "a" * 40)
    assert change.base == "" and change.payload_files == ["iam/20231012.md", "README.md"]
    change = read_event("workflow_dispatch", payload(tmp_path, {"inputs": {}}), "a" * 40)
    assert change.base == "" and change.payload_files == []


def test_unreadable_payload_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "event.json"
    bad.write_text("{oops", encoding="utf-8")
    with pytest.raises(EventError, match=r"event\.json: cannot read the event payload"):
        read_event("pull_request", bad, "")


def test_shallow_checkout_is_deepened_until_the_merge_base(tmp_path: Path) -> None:
    up = tmp_path / "up"
    up.mkdir()
    git(up, "init", "-q", "-b", "main")
    git(up, "config", "uploadpack.allowAnySHA1InWant", "true")
    write(up, {"iam/20230914.md": "a\nb\nc\n"})
    git(up, "add", "-A")
    git(up, "commit", "-q", "-m", "base")
    base = git(up, "rev-parse", "HEAD").strip()
    git(up, "checkout", "-q", "-b", "topic")
    for n in range(9):  # a long-lived branch: the merge base is 9 commits below the head
        write(up, {f"iam/2023092{n}.md": f"note {n}\n", "iam/20230914.md": f"a\nb{n}\nc\n"})
        git(up, "add", "-A")
        git(up, "commit", "-q", "-m", f"c{n}")
    git(up, "checkout", "-q", "main")
    write(up, {"iaas/20231001.md": "later on main\n"})  # main moved on: not part of the change
    git(up, "add", "-A")
    git(up, "commit", "-q", "-m", "main moves on")
    main_tip = git(up, "rev-parse", "HEAD").strip()
    head = git(up, "rev-parse", "topic").strip()

    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q")
    git(ws, "remote", "add", "origin", f"file://{up}")
    git(ws, "fetch", "-q", "--depth=1", "origin", head)
    git(ws, "checkout", "-q", "--detach", head)
    assert ensure_history(ws, main_tip, head) == base
    files = changed_files(ws, main_tip, head)
    assert files == ["iam/20230914.md", *[f"iam/2023092{n}.md" for n in range(9)]]
    lines = changed_lines(ws, main_tip, head, files)
    assert lines["iam/20230914.md"] == {2} and lines["iam/20230920.md"] == {1}


def test_base_that_cannot_be_fetched_is_a_clear_error(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q")
    write(ws, {"a.md": "x\n"})
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "one")
    with pytest.raises(EventError, match="base commit 0123456789ab is not in the repository"):
        ensure_history(ws, "0123456789ab" * 3 + "0123", "HEAD")


def test_push_of_a_new_branch_checks_the_payload_files(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    write(
        ws,
        {
            "iam/20231012.md": "# IAM meeting 2023-10-11\n\n## Participants\n\n- @alice\n",
            "iaas/20231012.md": "# IaaS meeting 2023-10-11\n\n## Participants\n\n- @bob\n",
        },
    )
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "new branch")
    sha = git(ws, "rev-parse", "HEAD").strip()
    event = {
        "ref": "refs/heads/topic",
        "before": ZERO,
        "after": sha,
        "commits": [{"id": sha, "added": ["iam/20231012.md"], "modified": [], "removed": []}],
    }
    res = run_step(tmp_path, ws, event, {}, "http://127.0.0.1:9", event_name="push")
    assert res.code == 1, res.out
    errors = annotations(res.out, "error")
    assert len(errors) == 1 and "file=iam/20231012.md" in errors[0]  # the iaas file was not pushed
    assert res.outputs["errors"] == "1"


def test_workflow_that_checks_out_the_pr_head_instead_of_the_merge(tmp_path: Path) -> None:
    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")
    write(up.path, {"iam/20230914.md": "# IAM meeting 2023-09-14\n\n## Participants\n\n- @alice\n"})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    write(up.path, {"iam/20230921.md": "# IAM meeting 2023-09-20\n\n## Participants\n\n- @alice\n"})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "pr")
    git(up.path, "checkout", "-q", "main")  # main moves on after the branch: not the PR's change
    write(up.path, {"iaas/20230928.md": "# IaaS meeting 2023-09-27\n\n## Participants\n\n- @bob\n"})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "main moves")
    up.make_merge()
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q")
    git(ws, "remote", "add", "origin", f"file://{up.path}")
    git(ws, "fetch", "-q", "--depth=1", "origin", up.head)  # actions/checkout with ref: head.sha
    git(ws, "checkout", "-q", "--detach", up.head)
    payload = pr_payload(up)
    # GITHUB_SHA still names the merge commit, which this workspace does not have
    res = run_step(tmp_path, ws, payload, {}, "http://127.0.0.1:9", sha=up.merge)
    errors = annotations(res.out, "error")
    assert res.code == 1 and len(errors) == 1 and "file=iam/20230921.md" in errors[0], res.out
    assert "iaas/" not in res.summary


def test_merge_group_run(tmp_path: Path, upstream: Upstream) -> None:  # noqa: F811 (fixture)
    ws = tmp_path / "ws"
    checkout(upstream, ws)  # the merge queue's commit, shallow, as actions/checkout leaves it
    event = {
        "action": "checks_requested",
        "merge_group": {
            "base_sha": upstream.base,
            "head_sha": upstream.merge,
            "head_ref": "refs/heads/gh-readonly-queue/main/pr-7",
        },
        "repository": {"full_name": REPO},
    }
    res = run_step(tmp_path, ws, event, {}, "http://127.0.0.1:9", event_name="merge_group")
    # 11 new files; the title mistake iam/20231002.md already had on main is not the change's
    assert res.code == 1 and res.outputs["errors"] == "11", res.out
    assert f"/blob/{upstream.merge}/iam/20231010.md#L1" in res.summary
