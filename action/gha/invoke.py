"""Run ``minutes-ci`` as a child process with the interpreter the action installed it into.

A child process (rather than calling ``cli.main`` in-process) keeps the CLI's exit code, its
stdout/stderr and any ``sys.exit`` exactly as a user sees them locally.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

_BOOT = "import sys; from minutes_ci.cli import main; sys.exit(main())"


def cli_argv(command: str, args: Sequence[str]) -> list[str]:
    return [sys.executable, "-c", _BOOT, command, *args]


def run_cli(command: str, args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, group: str = "") -> int:
    """Run and let its output reach the log, folded in a ``::group::`` when ``group`` names one."""
    child_env = dict(os.environ if env is None else env)
    child_env.setdefault("PYTHONUNBUFFERED", "1")
    if group:
        print(f"::group::{group}", flush=True)
    try:
        proc = subprocess.run(cli_argv(command, args), cwd=cwd, env=child_env, check=False)
    finally:
        if group:
            print("::endgroup::", flush=True)
    return proc.returncode


def common_args(config: str, preset: str) -> list[str]:
    out: list[str] = []
    if config:
        out += ["--config", config]
    if preset:
        out += ["--preset", preset]
    return out
