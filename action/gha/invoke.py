"""Run ``minutes-ci`` as a child process with the interpreter the action installed it into.

A child process (rather than calling ``cli.main`` in-process) keeps the CLI's exit code, its
stdout/stderr and any ``sys.exit`` exactly as a user sees them locally.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# `-c` puts the current folder (the pull request's checkout) first on sys.path: a committed
# `minutes_ci/` folder there would be imported instead of the installed package and run with the
# job's environment. The folder is dropped before anything is imported.
_BOOT = (
    "import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
    "from minutes_ci.cli import main; sys.exit(main())"
)


def cli_argv(command: str, args: Sequence[str], paths: Sequence[str] = ()) -> list[str]:
    """The child's argv; ``paths`` (from the workflow's ``paths`` input or from git) come after
    ``--``, so a file named ``--root=/`` or ``--format=json=/x`` is a path, never an option."""
    return [sys.executable, "-c", _BOOT, command, *args, *(["--", *paths] if paths else [])]


def run_cli(
    command: str,
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    group: str = "",
    paths: Sequence[str] = (),
) -> int:
    """Run and let its output reach the log, folded in a ``::group::`` when ``group`` names one.

    The child prints findings about untrusted files, so workflow commands are switched off for
    the length of its output (``::stop-commands::`` with a random token the child never sees):
    even a line the CLI's own guard missed is only text. Annotations are printed afterwards, by
    this process, from the JSON report.
    """
    child_env = dict(os.environ if env is None else env)
    child_env.setdefault("PYTHONUNBUFFERED", "1")
    token = secrets.token_hex(16)
    if group:
        print(f"::group::{group}", flush=True)
    print(f"::stop-commands::{token}", flush=True)
    try:
        proc = subprocess.run(cli_argv(command, args, paths), cwd=cwd, env=child_env, check=False)
    finally:
        print(f"::{token}::", flush=True)
        if group:
            print("::endgroup::", flush=True)
    return proc.returncode


def common_args(config: str, preset: str) -> list[str]:
    # "--opt=value": a value that starts with "-" stays a value
    out: list[str] = []
    if config:
        out.append(f"--config={config}")
    if preset:
        out.append(f"--preset={preset}")
    return out
