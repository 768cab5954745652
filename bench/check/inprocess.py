#!/usr/bin/env python3
"""The check's cost against the bare parse, both in one process: the ratio issue 9 asks for.

    python3 bench/check/inprocess.py [--reps 7] [--corpus ../shared/corpus/scs-minutes] [--profile FILE]

On a shared machine, wall times move with the neighbours' load; the CPU time a process spends
(``time.process_time``) moves much less, and the ratio of two jobs measured alternately hardly at
all. Each job runs in a fresh process (so no memo cache of one repetition helps the next, as none
helps a real run), timed inside it after the imports py_floor.py pays too (markdown_it, yaml,
jsonschema); each repetition runs the three jobs in an order that alternates:

- bare: ../shared/bench/py_floor.py's loop (read every *.md, PyYAML on the front matter,
  markdown-it-py commonmark + table + strikethrough tokens, a walk over the inline children);
- dialect: the same files, tokens only, through the project's markdown-it instance (the HedgeDoc
  dialect: html, breaks, sized images, containers): what the check's parse cannot go below;
- check: ``minutes-ci check --preset scs --format json=/dev/null`` with one worker (discovery,
  configuration, parse, Context, every offline rule, suppressions, the JSON report, and the lazy
  imports of its rules, e.g. detect-secrets).

Prints medians of CPU seconds and of the per-repetition ratio check/bare. ``--profile FILE`` also
writes a cProfile of one more check run. Nothing here touches the network; git ls-files runs in a
child process of the check, whose CPU is not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent.parent / "shared"


def _floor_main() -> Callable[[str], None]:
    spec = importlib.util.spec_from_file_location("py_floor", SHARED / "bench" / "py_floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main  # type: ignore[no-any-return]


def _dialect(corpus: Path) -> None:
    from minutes_ci.checks.dialect import make_markdown

    md = make_markdown(True)
    for path in sorted(corpus.rglob("*.md")):
        md.parse(path.read_bytes().decode("utf-8", "replace"), {})


def child(job: str, corpus: Path) -> float:
    """CPU seconds of one job in this (fresh) process, after the imports every job shares."""
    floor = _floor_main()  # imports markdown_it, yaml and jsonschema, as py_floor does
    from minutes_ci.cli import main as cli_main

    argv = ["check", "--preset", "scs", "--root", str(corpus), "--format", "json=/dev/null", "--today", "2026-12-01"]
    run: dict[str, Callable[[], object]] = {
        "bare": lambda: floor(str(corpus)),
        "dialect": lambda: _dialect(corpus),
        "check": lambda: cli_main(argv),
        # the same run with every rule off: discovery, parse, Context, report; check - pipeline = rules
        "pipeline": lambda: cli_main([*argv, "--ignore", "all"]),
    }
    with contextlib.redirect_stdout(io.StringIO()):
        t0 = time.process_time()
        run[job]()
        return time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "scs-minutes")
    ap.add_argument("--profile", type=Path)
    ap.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="also time the check of the minutes_ci package under DIR (PYTHONPATH)",
    )
    ap.add_argument("--pipeline", action="store_true", help="also time the check with every rule off")
    ap.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    ap.add_argument("--child", choices=("bare", "dialect", "check", "pipeline"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    os.environ["MINUTES_CI_WORKERS"] = "1"
    if args.child:
        print(f"{child(args.child, corpus):.6f}")
        return 0
    # name -> (child job, PYTHONPATH): "check@NAME" runs the check of another source tree (a
    # snapshot of an older commit, say) in the same repetitions, for a before/after in one run
    jobs: dict[str, tuple[str, str | None]] = {"bare": ("bare", None), "dialect": ("dialect", None)}
    sources: list[tuple[str, str | None]] = [("", None)]
    sources += [(f"@{n}", str(Path(d).resolve())) for n, _, d in (v.partition("=") for v in args.variant)]
    for suffix, path in sources:
        jobs[f"check{suffix}"] = ("check", path)
        if args.pipeline:
            jobs[f"pipeline{suffix}"] = ("pipeline", path)
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for rep in range(args.reps):
        for name in list(jobs) if rep % 2 else reversed(jobs):  # alternate: no job always runs first
            job, path = jobs[name]
            env = {**os.environ, "PYTHONPATH": path} if path else None
            out = subprocess.run(
                [sys.executable, __file__, "--child", job, "--corpus", str(corpus)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
            times[name].append(float(out.strip().splitlines()[-1]))
        print(f"rep {rep}: " + ", ".join(f"{n} {times[n][-1]:.2f}" for n in jobs), file=sys.stderr)
    lines = [f"| CPU s in one process, median of {args.reps} | s | / bare parse (range) |", "|---|---|---|"]
    for name in jobs:
        ratios = [t / b for t, b in zip(times[name], times["bare"], strict=True)]
        lines.append(
            f"| {name} | {statistics.median(times[name]):.3f} | {statistics.median(ratios):.2f}x "
            f"({min(ratios):.2f}-{max(ratios):.2f}) |"
        )
    table = "\n".join(lines)
    print(table)
    if args.write:
        from run import write_section  # bench/check/run.py, beside this file

        n_files = len(list(corpus.rglob("*.md")))
        write_section(
            HERE / "RESULTS.md",
            "inprocess.py",
            f"{n_files} files, {args.reps} reps, CPU time; "
            f"command: `python3 bench/check/inprocess.py{' --pipeline' if args.pipeline else ''}`\n\n{table}\n",
        )
    if args.profile:
        import cProfile

        from minutes_ci.cli import main as cli_main

        argv = ["check", "--preset", "scs", "--root", str(corpus), "--format", "json=/dev/null"]
        with contextlib.redirect_stdout(io.StringIO()):
            cProfile.runctx("cli_main(argv)", globals(), {"cli_main": cli_main, "argv": argv}, str(args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
