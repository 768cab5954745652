"""Benchmark ``minutes-ci publish`` on the real corpus, and one deck against ``reveal-md --static``.

    python bench/publish/run.py [--corpus ../shared/corpus/scs-minutes] [--reps 3] [--write]

Measures (wall seconds of whole processes, median of --reps): a cold build of the whole corpus
(with and without the Pagefind index), a rebuild with nothing changed, after ``touch`` of one file
(mtime only) and after editing one file; then one deck, cold, by minutes-ci and by reveal-md 6.1.4
(npm, installed under /tmp with its browser download skipped), with what each output would make
a reader's browser fetch from third-party hosts. ``--write`` writes bench/publish/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
REVEAL_MD_DIR = Path("/tmp/revealmd")
REVEAL_MD = REVEAL_MD_DIR / "node_modules" / ".bin" / "reveal-md"
DECK = "community-call/20240208.md"
LOADS = re.compile(r"""(?:src|data-background(?:-image)?|href)\s*=\s*["'](https?://[^"']+)|url\((https?://[^)]+)\)|"""
                   r"""!\[[^\]]*\]\((https?://[^)\s]+)""")


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took


def median(fn: object, reps: int) -> float:
    return statistics.median(fn() for _ in range(reps))  # type: ignore[operator]


def publish_cmd(root: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "minutes_ci.cli", "publish", "--root", str(root), "--out", str(out), *extra]


def ensure_reveal_md() -> Path:
    if not REVEAL_MD.exists():
        env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
        REVEAL_MD_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(REVEAL_MD_DIR), "reveal-md@6.1.4"],
                       check=True, env=env, capture_output=True)
    return REVEAL_MD


def third_party(folder: Path, own: tuple[str, ...] = ("127.0.0.1", "localhost")) -> set[str]:
    """Absolute http(s) URLs a browser would load (img/src, backgrounds, CSS, Markdown images)."""
    found: set[str] = set()
    for path in folder.rglob("*"):
        if path.suffix not in (".html", ".css", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r'<a\s[^>]*href="[^"]*"', "<a", text)  # links are clicks, not loads
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # nor are comments
        for m in LOADS.finditer(text):
            url = next(g for g in m.groups() if g)
            if not any(h in url for h in own):
                found.add(url)
    return found


def split_differences(corpus: Path) -> tuple[int, int]:
    """Decks where reveal-md's separators (no blank lines needed) give other slides than HedgeDoc's."""
    from minutes_ci.checks.parse import load_document

    decks = differ = 0
    for path in sorted(corpus.rglob("*.md")):
        doc = load_document(corpus, path.relative_to(corpus).as_posix())
        if doc.kind.value != "deck":
            continue
        decks += 1
        body = "\n".join(doc.lines[doc.body_start - 1 :])
        theirs = sum(len(re.split(r"\r?\n----\r?\n", h)) for h in re.split(r"\r?\n---\r?\n", body))
        differ += theirs != len(doc.slides)
    return decks, differ


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "corpus" / "scs-minutes")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="write bench/publish/RESULTS.md")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    subprocess.run([sys.executable, "-m", "minutes_ci.cli", "publish", "--prefetch"], check=True, capture_output=True)
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        repo = work / "repo"
        shutil.copytree(args.corpus, repo)
        for p in repo.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)  # the corpus is read-only; the bench edits its copy
        out = work / "site"
        rows: list[tuple[str, float]] = []

        def cold(*extra: str) -> float:
            shutil.rmtree(out, ignore_errors=True)
            return timed(publish_cmd(repo, out, *extra))

        rows.append(("whole corpus, cold, with Pagefind index", median(lambda: cold(), args.reps)))
        rows.append(("whole corpus, cold, `--no-search`", median(lambda: cold("--no-search"), args.reps)))
        cold()
        rows.append(("rebuild, nothing changed", median(lambda: timed(publish_cmd(repo, out)), args.reps)))
        target = repo / "iaas" / "20240221.md"

        def touch() -> float:
            target.touch()
            return timed(publish_cmd(repo, out))

        rows.append(("after `touch` of one file (mtime only)", median(touch, args.reps)))
        counter = iter(range(10**6))

        def edit() -> float:
            with target.open("a", encoding="utf-8") as fh:
                fh.write(f"\nbench edit {next(counter)}\n")
            return timed(publish_cmd(repo, out))

        rows.append(("after editing one file (1 page re-rendered, search re-indexed)", median(edit, args.reps)))
        one = work / "one"

        def ours_one() -> float:
            shutil.rmtree(one, ignore_errors=True)
            return timed(publish_cmd(repo, one, "--no-search", str(repo / DECK)))

        tool = ensure_reveal_md()
        single = work / "single"
        single.mkdir()
        shutil.copy(repo / DECK, single / Path(DECK).name)
        for img in (repo / Path(DECK).parent).glob("*.[pj][np]g"):
            shutil.copy(img, single / img.name)
        rmd = work / "rmd"

        def theirs_one() -> float:
            shutil.rmtree(rmd, ignore_errors=True)
            return timed([str(tool), str(single / Path(DECK).name), "--static", str(rmd)])

        t_ours, t_theirs = median(ours_one, args.reps), median(theirs_one, args.reps)
        ours_ext, theirs_ext = third_party(one), third_party(rmd)
        report = render(rows, t_ours, t_theirs, ours_ext, theirs_ext, du(one), du(rmd), args.reps)
        decks, differ = split_differences(args.corpus)
        report += (f"\nSlide splitting: on {differ} of {decks} corpus decks reveal-md's separators give a different "
                   "number of slides than HedgeDoc's rules (blank line before and after `---`); minutes-ci follows "
                   "HedgeDoc, checked slide by slide in Chromium by tests/test_browser.py.\n")
        print(report)
        if args.write:
            (HERE / "RESULTS.md").write_text(report, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render(rows: list[tuple[str, float]], ours: float, theirs: float, ours_ext: set[str], theirs_ext: set[str],
           ours_size: int, theirs_size: int, reps: int) -> str:
    lines = [
        "# publish benchmark",
        "",
        f"Real corpus (894 Markdown files, 61 decks), {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f}"
        f" at the end: the machine is shared), median of {reps} runs, whole",
        "processes (`python -m minutes_ci.cli publish`), wall seconds.",
        "Produced by `python bench/publish/run.py --write`; absolute times vary, compare within one run.",
        "",
        "| run | wall s |",
        "|---|---|",
        *(f"| {name} | {secs:.2f} |" for name, secs in rows),
        "",
        f"One deck (`{DECK}`), cold, into an empty folder:",
        "",
        "| tool | wall s | output bytes | third-party URLs a reader's browser would load |",
        "|---|---|---|---|",
        f"| minutes-ci publish (`--no-search`) | {ours:.2f} | {ours_size:,} | {len(ours_ext)} |",
        f"| reveal-md 6.1.4 `--static` | {theirs:.2f} | {theirs_size:,} | {len(theirs_ext)} |",
        "",
        f"Ratio minutes-ci / reveal-md on one deck: {ours / theirs:.2f}.",
        "",
    ]
    if theirs_ext:
        hosts = sorted({re.sub(r"^https?://([^/]+).*", r"\1", u) for u in theirs_ext})
        lines.append(f"reveal-md's output still hotlinks: {', '.join(hosts)}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
