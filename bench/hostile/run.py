#!/usr/bin/env python3
"""Time against file size for the worst hostile constructs: is the cost linear?

    python3 bench/hostile/run.py [--reps 1] [--only NAME ...] [--no-publish] [--no-mdl]

For each construct of ``payloads.py`` listed in WORST, at sizes n, 2n, 4n, 8n, measures:
- ``minutes-ci check`` in-process (one process, MINUTES_CI_WORKERS=1), CPU seconds of the check
  alone (interpreter start-up and imports excluded, they do not grow with the file);
- the bare markdown-it-py parse of the same text (the floor: the parser every checker needs);
- markdownlint-cli2 (default rules) on the same file, wall seconds less its start-up on an empty
  file, if installed (``npm install --prefix /tmp/benchnpm markdownlint-cli2@0.22.1``, or
  MARKDOWNLINT_CLI2=path);
- ``minutes-ci publish`` wall seconds (subprocess, offline, no search index, no diagrams) less its
  cost on a one-line file, for the deck and style constructs.
Fits the exponent k of time ~ size^k (least squares on log-log; 1 = linear, 2 = quadratic) and
writes the tables to bench/hostile/RESULTS.md. Nothing here touches the network.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["MINUTES_CI_WORKERS"] = "1"

from payloads import BY_NAME, Payload  # noqa: E402

# (construct, n): 8n is at least the size the issue measured taking minutes
WORST: tuple[tuple[str, int], ...] = (  # (construct, n): n is half the size the issue measured
    ("backticks-then-pipe", 2500 // 2),
    ("backtick-line", 40_000 // 2),
    ("backtick-runs-growing", 150),
    ("slide-attribute-long", 40_000 // 2),
    ("participants-parens", 10_000 // 2),  # "((" * 10,000: 20 kB
    ("links-one-paragraph", 30_000 // 2),
    ("autolinks-one-line", 20_000 // 2),
    ("brackets-link-open", 20_000 // 2),
    ("image-sized-far-close", 20_000 // 2),
    ("html-comment-opens", 20_000 // 2),
    ("headings", 20_000 // 2),
    ("deck-slides", 20_000 // 2),
    ("deck-style-urls", 25_000 // 2),
    ("handles", 50_000 // 2),
)
PUBLISHED = frozenset({"deck-slides", "deck-style-urls", "slide-attribute-long"})
CHECK = "minutes-ci check (less its cost at n=1)"
MDL, PUB = "markdownlint-cli2 (less start-up)", "minutes-ci publish (less start-up)"
FLOOR = 0.002  # seconds: below this a timing is noise and is left out of the fit


def write(root: Path, payload: Payload, n: int) -> Path:
    f = root / payload.path
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(payload.make(n), encoding="utf-8")
    return f


def best(reps: int, fn: Callable[[], float]) -> float:
    return min(fn() for _ in range(reps))


def time_check(root: Path, payload: Payload) -> float:
    from minutes_ci import cli

    sink = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        cli.main(["check", "--preset", "scs", "--root", str(root), "--format", f"json={root}/out.json",
                  payload.path])
    return time.process_time() - start


def time_parse(text: str) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"breaks": True, "html": True}).enable("table").enable("strikethrough")
    start = time.process_time()
    md.parse(text)
    return time.process_time() - start


CMD_TIMEOUT = 30.0  # seconds; a tool that takes longer is reported as "> 30" (and not run on larger sizes)


def time_cmd(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0, 1)) -> float:
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                              timeout=CMD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return math.inf
    if proc.returncode not in ok:  # a failed run is no measurement
        raise SystemExit(f"{cmd[:2]} in {cwd} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def slope(sizes: list[int], times: list[float]) -> str:
    pts = [(math.log(s), math.log(t)) for s, t in zip(sizes, times, strict=True) if FLOOR <= t < math.inf]
    if len(pts) < 2:
        return "below floor"
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    var = sum((x - mx) ** 2 for x, _ in pts)
    return f"{sum((x - mx) * (y - my) for x, y in pts) / var:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=1, help="runs per point, the fastest is kept")
    ap.add_argument("--only", nargs="*", help="construct names (default: all of WORST)")
    ap.add_argument("--no-publish", action="store_true")
    ap.add_argument("--no-mdl", action="store_true")
    default_mdl = "/tmp/benchnpm/node_modules/.bin/markdownlint-cli2"
    ap.add_argument("--mdl", default=os.environ.get("MARKDOWNLINT_CLI2", default_mdl))
    args = ap.parse_args()
    mdl = None if args.no_mdl or not Path(args.mdl).exists() else args.mdl
    exe = shutil.which("minutes-ci")
    worst = [(name, n) for name, n in WORST if not args.only or name in args.only]
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        base = Path(tmp)
        mdl_start = pub_start = 0.0
        if mdl:
            (base / "empty").mkdir()
            (base / "empty" / "a.md").write_text("# a\n")
            mdl_start = best(3, lambda: time_cmd([mdl, "a.md"], base / "empty"))
        if exe and not args.no_publish:
            one = base / "one"
            write(one, BY_NAME["deck-slides"], 1)
            pub_start = best(2, lambda: time_cmd(_publish(exe, one), one))
        start_cost(base / "warm", BY_NAME["deck-slides"])  # imports and caches, paid once
        for name, n in worst:
            payload = BY_NAME[name]
            sizes = [n, 2 * n, 4 * n, 8 * n]
            # what does not grow with the file (configuration, rule set-up) is measured on n=1 and
            # taken off, so the exponent is that of the cost the file adds
            check_start = start_cost(base / f"{name}-1", payload)
            result: dict[str, list[float]] = {CHECK: [], "markdown-it-py parse (floor)": []}
            if mdl:
                result[MDL] = []
            publish = exe is not None and not args.no_publish and name in PUBLISHED
            if publish:
                result[PUB] = []
            nbytes: list[int] = []
            for size in sizes:
                root = base / f"{name}-{size}"
                write(root, payload, size)
                nbytes.append((root / payload.path).stat().st_size)
                timed_out = {tool for tool, times in result.items() if math.inf in times}  # not again
                got = point(root, payload, args.reps, None if MDL in timed_out else mdl, mdl_start,
                            exe if publish and PUB not in timed_out else None, pub_start)
                got[CHECK] = max(got[CHECK] - check_start, 0.0)
                for tool in result:
                    result[tool].append(got.get(tool, math.inf))
                print(f"  {name} n={size}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in result.items()),
                      file=sys.stderr, flush=True)
            rows.append(f"\n### {name}\n")
            heads = [f"n={s:,} ({b / 1024:,.0f} KiB)" for s, b in zip(sizes, nbytes, strict=True)]
            rows.append("| tool | " + " | ".join(heads) + " | exponent |")
            rows.append("|---|" + "---|" * len(sizes) + "---|")
            for tool, times in result.items():
                shown = [f"{t:.3f}" if t < math.inf else f"> {CMD_TIMEOUT:.0f}" for t in times]
                rows.append(f"| {tool} | " + " | ".join(shown) + f" | {slope(nbytes, times)} |")
    note = (f"markdownlint-cli2: {mdl} (start-up {mdl_start:.3f} s subtracted)" if mdl else
            "markdownlint-cli2: not installed (npm install --prefix /tmp/benchnpm markdownlint-cli2@0.22.1)")
    text = ("# Hostile files: time against size\n\n"
            f"Command: `python3 bench/hostile/run.py --reps {args.reps}`; seconds (fastest of {args.reps}); "
            "check and parse are CPU seconds in one process, the others wall seconds. The exponent is the "
            f"log-log slope of time against bytes (1 = linear, 2 = quadratic; points under {FLOOR} s left out, "
            f"and runs that timed out, \"> {CMD_TIMEOUT:.0f}\": the exponent then understates that tool's growth).\n"
            f"{note}; publish start-up on a one-slide deck: {pub_start:.3f} s subtracted.\n"
            + "\n".join(rows) + "\n")
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def start_cost(root: Path, payload: Payload) -> float:
    write(root, payload, 1)
    return best(3, lambda: time_check(root, payload))


def point(root: Path, payload: Payload, reps: int, mdl: str | None, mdl_start: float, exe: str | None,
          pub_start: float) -> dict[str, float]:
    """Every tool's time on one file."""
    text = (root / payload.path).read_text(encoding="utf-8")
    out = {CHECK: best(reps, lambda: time_check(root, payload)),
           "markdown-it-py parse (floor)": best(reps, lambda: time_parse(text))}
    if mdl:
        out[MDL] = max(best(reps, lambda: time_cmd([mdl, payload.path], root))
                                                       - mdl_start, 0.0)
    if exe:
        out[PUB] = max(best(reps, lambda: time_cmd(_publish(exe, root), root))
                                                        - pub_start, 0.0)
    return out


def _publish(exe: str, root: Path) -> list[str]:
    return [exe, "publish", "--preset", "scs", "--root", str(root), "--out", str(root / "_site"), "--offline",
            "--no-search", "--no-diagrams", "--no-config"]


if __name__ == "__main__":
    raise SystemExit(main())
