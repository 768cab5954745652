"""Small hostile files cannot stall a check: every construct of bench/hostile/payloads.py (runs of one
delimiter, many of one inline, many blocks, hostile front matter and slide attributes), at n and 4n,
goes through ``minutes-ci check`` in this one process (MINUTES_CI_WORKERS=1) in a generous time and
with a cost that grows about linearly: 4x the file may cost well under 16x (quadratic) the time.

Times are process CPU seconds of the check alone (so other jobs on the machine do not count), the
ratio is only judged once the larger run is long enough to measure. A file of the issue's size took
minutes in the first release; the bound here is 10 s.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

import pytest
from minutes_ci import cli
from minutes_ci.checks import engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench" / "hostile"))
from payloads import BY_NAME, PAYLOADS, Payload

BOUND = 10.0  # seconds for one file, in one process
MAX_RATIO = 8.0  # 4x the input: linear is 4, quadratic 16
MEASURABLE = 0.4  # seconds: below this the larger run is too short to judge a ratio on


def check_once(root: Path, payload: Payload, n: int) -> tuple[float, int, str, list[dict[str, object]]]:
    """Write the payload of size n into a fresh repository and check it: (CPU s, exit code, output, findings)."""
    root.mkdir()
    target = root / payload.path
    target.parent.mkdir(parents=True)
    target.write_text(payload.make(n), encoding="utf-8")
    out = io.StringIO()
    report = root / "report.json"
    start = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["check", "--preset", "scs", "--root", str(root), "--format", f"json={report}", payload.path])
    spent = time.process_time() - start
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"] if report.exists() else []
    return spent, code, out.getvalue(), findings


@pytest.fixture(scope="module", autouse=True)
def _serial_and_warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("MINUTES_CI_WORKERS", "1")
    # imports, the compiled schemas and the parser's first use are paid once, not by the first payload
    check_once(tmp_path_factory.mktemp("warm") / "repo", BY_NAME["headings"], 10)
    yield
    mp.undo()


def _assert_checked(payload: Payload, n: int, result: tuple[float, int, str, list[dict[str, object]]]) -> None:
    spent, code, output, findings = result
    assert code in (0, 1), f"{payload.name} at n={n}: exit {code}: {output[-2000:]}"
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    crashed = [f for f in findings if f.get("rule") == engine.INTERNAL_ERROR]
    assert not crashed, f"{payload.name} at n={n}: {crashed[:3]}"
    assert all(f.get("path") == payload.path for f in findings)
    assert spent < BOUND, f"{payload.name} at n={n} took {spent:.1f} s of CPU (bound {BOUND} s)"


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_hostile_file_is_checked_quickly_and_linearly(payload: Payload, tmp_path: Path) -> None:
    n = max(1, payload.base_n // 8)
    small = check_once(tmp_path / "small", payload, n)
    _assert_checked(payload, n, small)
    large = check_once(tmp_path / "large", payload, 4 * n)
    _assert_checked(payload, 4 * n, large)
    t1, t4 = small[0], large[0]
    if t4 >= MEASURABLE:  # a cost that is all start-up says nothing about growth
        ratio = t4 / max(t1, MEASURABLE / MAX_RATIO)
        assert ratio < MAX_RATIO, f"{payload.name}: {t1:.2f} s at n={n}, {t4:.2f} s at 4n: x{ratio:.1f} (not linear)"


def _findings_of(root: Path, text: str, path: str = "iaas/20241211.md") -> list[dict[str, object]]:
    payload = Payload("custom", "deck" if path.startswith("community-call/") else "team", 1, lambda n: text)
    _, code, output, findings = check_once(root, payload, 1)
    assert code in (0, 1), output
    return findings


def test_hostile_files_give_findings_not_silence(tmp_path: Path) -> None:
    """The checks still read what such files hold: a pathological construct is not skipped whole."""
    links = BY_NAME["links-one-paragraph"].make(3000).rstrip("\n") + " [empty]()\n"
    found = _findings_of(tmp_path / "links", links)
    line = links.count("\n")
    assert any(f["rule"] == "empty-link" and f["line"] == line for f in found), found[:5]
    parens = BY_NAME["participants-parens-at"].make(3000).replace("## Agenda", "- @bad_handle\n\n## Agenda")
    found = _findings_of(tmp_path / "parens", parens)
    assert any(f["rule"] == "invalid-handle" and "bad_handle" in str(f["message"]) for f in found), found[:5]
    junk = BY_NAME["slide-attribute-junk"]
    found = _findings_of(tmp_path / "junk", junk.make(4000), junk.path)
    assert any(f["rule"] == "malformed-slide-attribute" for f in found), found[:5]
    # not at the start of a line: three or more backticks there open a code block to the end
    ticks = "# IaaS Call 2024-12-11\n\nx " + "`" * 40_000 + " | y\n\n[after the backticks]()\n"
    found = _findings_of(tmp_path / "ticks", ticks)
    assert any(f["rule"] == "empty-link" and f["line"] == 5 for f in found), found[:5]


def test_links_of_one_long_paragraph_keep_their_columns(tmp_path: Path) -> None:
    """The linear link locator still finds every link where it is written."""
    from minutes_ci.checks.parse import parse_document

    line = " ".join(f"[l{i}](https://example.org/{i})" for i in range(3000))
    doc = parse_document("iaas/20241211.md", f"# t\n\n{line}\n".encode())
    links = [lk for lk in doc.links if lk.form == "markdown"]
    assert len(links) == 3000
    for i in (0, 1, 1500, 2999):
        url = f"https://example.org/{i}"
        assert links[i].url == url
        assert line[links[i].span.col - 1 :].startswith(url) and links[i].span.line == 3


def test_code_spans_are_masked_as_commonmark_reads_them() -> None:
    from minutes_ci.checks.extract import mask_code

    assert mask_code("a `b` c") == "a     c"
    assert mask_code("``a`b`` c") == "        c"
    assert mask_code("`a`` b") == "`a`` b"  # no run of one backtick closes it
    assert mask_code("` " * 10 + "|") == " " * 20 + "|"
    assert mask_code("`" * 40_000 + " | y") == "`" * 40_000 + " | y"  # and in linear time


# A short note is read for a cancellation (`Meeting canceled`): each of its lines and headings goes
# through the cancellation pattern, whose leading run of punctuation and words naming the series once
# overlapped on '-' (quadratic on a line of dashes). The class: runs of the characters both could
# take, on a line that is not a thematic break, in a file short enough to be read as a note.
CANCELLATION_RUNS = {
    "dashes-then-word": lambda n: "-" * n + "x",
    "underscores-then-word": lambda n: "_" * n + "x",
    "dashes-heading": lambda n: "## " + "-" * n + " x",
    "dash-words": lambda n: "-a " * n,
}


@pytest.mark.parametrize("name", sorted(CANCELLATION_RUNS))
def test_a_short_note_of_dashes_is_read_linearly(name: str, tmp_path: Path) -> None:
    make = CANCELLATION_RUNS[name]
    payload = Payload(name, "team", 4000, lambda n: f"# 2024-12-11\n\n{make(n)}\n")
    n = payload.base_n
    small = check_once(tmp_path / "small", payload, n)
    _assert_checked(payload, n, small)
    large = check_once(tmp_path / "large", payload, 4 * n)
    _assert_checked(payload, 4 * n, large)
    t1, t4 = small[0], large[0]
    if t4 >= MEASURABLE:
        ratio = t4 / max(t1, MEASURABLE / MAX_RATIO)
        assert ratio < MAX_RATIO, f"{name}: {t1:.2f} s at n={n}, {t4:.2f} s at 4n: x{ratio:.1f} (not linear)"
