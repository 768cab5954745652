"""Parse and check many files on every core: the offline check of a whole repository.

Parsing dominates a full check (markdown-it-py is pure Python), and files are independent, so a
fork pool splits the work. Workers inherit the prepared Run (configuration, Context) through fork
and send back only Findings, which are small; the Documents stay in the workers. Used only where
no later stage needs the Documents in this process (no --online, no --baseline); anything that
goes wrong with the pool falls back to the serial path, which gives the same findings.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .checks import engine

if TYPE_CHECKING:
    from .checks.rule import Finding
    from .runner import Run

MIN_FILES = 150  # below this, starting workers costs more than it saves
_RUN: Run | None = None  # set in the parent before fork; read by the workers


def workers() -> int:
    """Worker processes to use: MINUTES_CI_WORKERS if set (1 = serial), else the usable cores, at most 8."""
    wanted = os.environ.get("MINUTES_CI_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 32)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _work(paths: list[str]) -> tuple[list[Finding], int]:
    from .runner import parse_all

    run = _RUN
    assert run is not None, "worker started without a prepared run"
    docs, crashes = parse_all(run.root, paths, run.config)
    findings = engine.run(docs, run.ctx, run.rules, run.severities, run.changed_lines)
    return findings + crashes, len(docs) + len(crashes)


def check_pending(run: Run) -> tuple[list[Finding], int]:
    """Findings for ``run.pending`` (parsed in workers) and how many files that covered."""
    global _RUN
    import multiprocessing  # here, not at the top: a serial run (one file, a pre-push hook) never pays for it

    paths = run.pending
    n = workers()
    # interleaved chunks, several per worker, so one folder of big decks does not hold back the end
    chunks = [paths[i :: n * 4] for i in range(n * 4) if paths[i :: n * 4]]
    _RUN = run
    try:
        if n > 1 and "fork" in multiprocessing.get_all_start_methods():
            try:
                with multiprocessing.get_context("fork").Pool(n) as pool:
                    results = pool.map(_work, chunks)
            except (OSError, RuntimeError, EOFError):  # no fork here (sandbox, limits): do it serially
                results = [_work(chunk) for chunk in chunks]
        else:
            results = [_work(chunk) for chunk in chunks]
    finally:
        _RUN = None
    findings = [f for part, _ in results for f in part]
    return findings, sum(count for _, count in results)
