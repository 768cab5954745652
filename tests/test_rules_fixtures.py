"""Every rule on its fixtures, through the real runner (discovery, config, Context, engine).

Layout: ``tests/fixtures/rules/<rule-id>/{good,bad}/`` is each a small repository (with an optional
`.minutes-ci.yaml`; the scs preset otherwise). Expected findings are HTML comments in the files:
``<!-- expect: LINE:COL rule-id -->`` (COL optional). In every file, the findings of each rule named
by an expectation, and of the fixture's own rule, must be exactly the expected ones; so `good`
files, which expect nothing, must not trigger their rule at all.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import pytest
from minutes_ci.checks import engine
from minutes_ci.checks.rules import RULES
from minutes_ci.runner import add_common_arguments, prepare

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
EXPECT = re.compile(r"<!--\s*expect:\s*(\d+)(?::(\d+))?\s+([a-z0-9-]+)\s*-->")
TODAY = "2026-06-15"
CASES = sorted((d.name, kind) for d in FIXTURES.iterdir() if d.is_dir() for kind in ("good", "bad"))


def findings_of(root: Path) -> dict[str, list[tuple[int, int, str]]]:
    parser = argparse.ArgumentParser()
    add_common_arguments(parser)
    argv = ["--root", str(root), "--today", TODAY]
    if not (root / ".minutes-ci.yaml").exists():
        argv += ["--preset", "scs"]
    run = prepare(parser.parse_args(argv))
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for f in engine.run(run.docs, run.ctx, run.rules, run.severities) + run.crashes:
        found[f.path].append((f.line, f.col, f.rule))
    return found


def expectations(root: Path) -> dict[str, list[tuple[int, int | None, str]]]:
    out: dict[str, list[tuple[int, int | None, str]]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # Markdown files, and any other file that expects findings (minutes saved without `.md`)
        if path.suffix.lower() == ".md" or EXPECT.search(text):
            out[path.relative_to(root).as_posix()] = [
                (int(m[1]), int(m[2]) if m[2] else None, m[3]) for m in EXPECT.finditer(text)
            ]
    return out


def test_every_rule_has_good_and_bad_fixtures() -> None:
    missing = [f"{r.id}/{kind}" for r in RULES for kind in ("good", "bad") if not (FIXTURES / r.id / kind).is_dir()]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize(("rule_id", "kind"), CASES, ids=[f"{r}/{k}" for r, k in CASES])
def test_fixture(rule_id: str, kind: str) -> None:
    root = FIXTURES / rule_id / kind
    if not root.is_dir():
        pytest.fail(f"{rule_id} has no {kind} fixtures")
    assert rule_id in {r.id for r in RULES} | set(engine.ENGINE_RULES), f"fixtures for an unknown rule {rule_id}"
    found = findings_of(root)
    expected = expectations(root)
    assert expected, f"{root}: no Markdown fixtures"
    crashes = [(p, f) for p, fs in found.items() for f in fs if f[2] == engine.INTERNAL_ERROR]
    assert not crashes, f"internal errors: {crashes}"
    if kind == "bad":
        assert any(rule == rule_id for exp in expected.values() for _, _, rule in exp), \
            f"{root}: a bad fixture must expect at least one {rule_id} finding"
    problems = []
    for path, wanted in expected.items():
        for rule in {rule_id} | {r for _, _, r in wanted}:
            got = sorted((line, col) for line, col, r in found.get(path, []) if r == rule)
            want = [(line, col) for line, col, r in wanted if r == rule]
            if not _matches(got, want):
                problems.append(f"{path}: {rule}: expected {sorted(want, key=str)}, found {got}")
    assert not problems, "\n".join(problems)


def _matches(got: list[tuple[int, int]], want: list[tuple[int, int | None]]) -> bool:
    """Same count; every expectation consumes one finding (by line and, when given, column)."""
    if len(got) != len(want):
        return False
    left = list(got)
    for line, col in sorted(want, key=lambda w: (w[0], w[1] is None, w[1] or 0)):
        match = next((g for g in left if g[0] == line and (col is None or g[1] == col)), None)
        if match is None:
            return False
        left.remove(match)
    return True
