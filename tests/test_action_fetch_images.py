"""The Action's fetch-images input reaches publish as --fetch-images, and only in publish mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from minutes_ci.gha import main as gha_main
from minutes_ci.gha.env import Context, Inputs


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False), ("", False)])
def test_fetch_images_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    seen: list[list[str]] = []

    def fake_run_cli(command: str, args: list[str], cwd: Path, env: Any = None, group: str = "") -> int:
        seen.append([command, *args])
        return 0

    monkeypatch.setattr(gha_main, "run_cli", fake_run_cli)
    env = {"INPUT_MODE": "publish", "INPUT_FETCH_IMAGES": value, "GITHUB_WORKSPACE": str(tmp_path),
           "GITHUB_OUTPUT": str(tmp_path / "out.txt"), "GITHUB_STEP_SUMMARY": str(tmp_path / "sum.md")}
    inputs, ctx = Inputs.from_env(env), Context.from_env(env)
    assert inputs.fetch_images is expected
    assert gha_main.run_publish(inputs, ctx) == 0
    command = seen[0]
    assert command[0] == "publish"
    assert ("--fetch-images" in command) is expected
    assert command.index("--") > max((i for i, a in enumerate(command) if a.startswith("--") and a != "--"),
                                     default=-1)
