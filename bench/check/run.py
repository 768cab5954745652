#!/usr/bin/env python3
"""Benchmark `minutes-ci check` against markdownlint-cli2 and the bare parse cost, in one run.

    python3 bench/check/run.py [--reps 5] [--corpus ../shared/corpus/scs-minutes]

Measures wall time and peak RSS (``/usr/bin/time -v``) of:
- minutes-ci check over the whole corpus (preset scs) and over one file (the pre-push case);
- markdownlint-cli2 (default rules) over the same corpus and the same file;
- the bare cost of parsing the corpus with markdown-it-py and PyYAML (../shared/bench/py_floor.py);
- the interpreter start-up floor (`python3 -c 'import markdown_it, yaml'`).
markdownlint-cli2 comes from the shared anchors install (INSTALL_ONLY=1 bash ../shared/bench/run_anchors.sh).
Prints a Markdown table with medians and ratios and writes it to bench/check/RESULTS.md.
Nothing here touches the network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
SHARED = PROJECT.parent / "shared"
ONE_FILE = "iaas/20241211.md"


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS KiB, exit status) of one run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(
            ["/usr/bin/time", "-v", "-o", tf.name, *cmd],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall = rss = 0.0
        for line in Path(tf.name).read_text().splitlines():
            line = line.strip()
            if line.startswith("Elapsed (wall clock)"):
                parts = [float(p) for p in line.split("):", 1)[1].strip().split(":")]
                for p in parts:
                    wall = wall * 60 + p
            elif line.startswith("Maximum resident set size"):
                rss = float(line.rsplit(":", 1)[1])
    return wall, int(rss), proc.returncode


def measure(name: str, cmd: list[str], cwd: Path, reps: int, env: dict[str, str] | None = None) -> dict[str, object]:
    runs = [timed(cmd, cwd, env) for _ in range(reps)]
    row = {
        "name": name,
        "wall": statistics.median(r[0] for r in runs),
        "rss_mb": statistics.median(r[1] for r in runs) / 1024,
        "exit": runs[-1][2],
    }
    print(f"  {name}: {row['wall']:.3f} s, {row['rss_mb']:.0f} MB, exit {row['exit']}", file=sys.stderr)
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "scs-minutes")
    default_mdl = "/tmp/benchnpm/node_modules/.bin/markdownlint-cli2"
    ap.add_argument("--mdl", default=os.environ.get("MARKDOWNLINT_CLI2", default_mdl))
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    exe = shutil.which("minutes-ci") or sys.exit("minutes-ci is not installed (pip install -e .)")
    py = sys.executable
    rows = {}
    rows["mci_all"] = measure(
        "minutes-ci check, whole corpus",
        [exe, "check", "--preset", "scs", "--root", str(corpus), "--format", "json=/dev/null"],
        corpus,
        args.reps,
    )
    # one process: the cost without the worker pool (and the peak RSS of all the Documents at once;
    # /usr/bin/time reports the parent only, so the pooled row's RSS leaves the workers out)
    serial_env = {**os.environ, "MINUTES_CI_WORKERS": "1"}
    rows["mci_serial"] = measure(
        "minutes-ci check, whole corpus, one process",
        [exe, "check", "--preset", "scs", "--root", str(corpus), "--format", "json=/dev/null"],
        corpus,
        args.reps,
        serial_env,
    )
    rows["mci_one"] = measure(
        "minutes-ci check, one file",
        [exe, "check", "--preset", "scs", "--root", str(corpus), ONE_FILE],
        corpus,
        args.reps,
    )
    rows["floor"] = measure(
        "markdown-it-py + PyYAML bare parse (py_floor.py)",
        [py, str(SHARED / "bench" / "py_floor.py"), str(corpus)],
        corpus,
        args.reps,
    )
    rows["start"] = measure("interpreter + imports floor", [py, "-c", "import markdown_it, yaml"], corpus, args.reps)
    if Path(args.mdl).exists():
        rows["mdl_all"] = measure("markdownlint-cli2, whole corpus", [args.mdl, "**/*.md"], corpus, args.reps)
        rows["mdl_one"] = measure("markdownlint-cli2, one file", [args.mdl, ONE_FILE], corpus, args.reps)
    else:
        print(
            f"markdownlint-cli2 not found at {args.mdl}: run INSTALL_ONLY=1 bash ../shared/bench/run_anchors.sh",
            file=sys.stderr,
        )

    def ratio(a: str, b: str) -> str:
        return f"{rows[a]['wall'] / rows[b]['wall']:.2f}x" if a in rows and b in rows else "n/a"

    out = ["| run | wall s (median) | peak RSS MB | exit |", "|---|---|---|---|"]
    out += [f"| {r['name']} | {r['wall']:.3f} | {r['rss_mb']:.0f} | {r['exit']} |" for r in rows.values()]
    out += [
        "",
        "| ratio | value |",
        "|---|---|",
        f"| whole corpus: minutes-ci / bare parse | {ratio('mci_all', 'floor')} |",
        f"| whole corpus, one process: minutes-ci / bare parse | {ratio('mci_serial', 'floor')} |",
        f"| whole corpus: minutes-ci / markdownlint-cli2 | {ratio('mci_all', 'mdl_all')} |",
        f"| one file: minutes-ci / markdownlint-cli2 | {ratio('mci_one', 'mdl_one')} |",
        f"| one file: minutes-ci wall (aim < 0.3 s) | {rows['mci_one']['wall']:.3f} s |",
    ]
    table = "\n".join(out)
    print(table)
    section = (
        f"{len(list(corpus.rglob('*.md')))} files, {args.reps} reps, medians of wall time; "
        f"command: `python3 bench/check/run.py`\n\n{table}\n"
    )
    write_section(HERE / "RESULTS.md", "run.py", section)
    return 0


def write_section(path: Path, name: str, text: str) -> None:
    """Replace the part of RESULTS.md between ``<!-- NAME -->`` and ``<!-- /NAME -->`` (added at the
    end when missing): run.py and inprocess.py each keep their own table there."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    old = path.read_text() if path.exists() else "# check benchmark\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new)


if __name__ == "__main__":
    raise SystemExit(main())
