"""The minutes rules on their fixtures: every `bad` file gives exactly its expected findings, every
`good` file gives none (tests/fixtures/rules/<rule-id>/{good,bad}/<repo path>).

Each fixture root is a small repository: the Context is built the way the CLI builds it
(`build_context`: digests and the handle roster from every file under the root), with the root's
`.minutes-ci.yaml` when it has one (folder requirements, roster), else the scs preset.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context
from minutes_ci.checks.rules import _MINUTES, RULES, by_id
from minutes_ci.config import Config, load_config
from minutes_ci.context import build_context

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
TODAY = dt.date(2026, 6, 15)
EXPECT = re.compile(r"<!--\s*expect:\s*(\d+)(?::(\d+))?\s+([a-z0-9-]+)\s*-->")
IDS = [rule.id for rule in _MINUTES]
CONFIG = ".minutes-ci.yaml"


def config_for(root: Path) -> Config:
    path = root / CONFIG
    return load_config(path) if path.exists() else load_config(None, preset="scs")


def load(root: Path, relpath: str) -> tuple[Document, Context, str]:
    config = config_for(root)
    data = (root / relpath).read_bytes()
    doc = parse_document(relpath, data, folders=config.folders, templates=frozenset(config.templates))
    candidates = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    ctx = build_context(root, config, [doc], candidates, TODAY, None)
    return doc, ctx, data.decode("utf-8", errors="replace")


def run_rule(rule_id: str, doc: Document, ctx: Context) -> list[tuple[int, int, str]]:
    rule = by_id()[rule_id]
    if not rule.applies_to(doc):
        return []
    return [(p.span.line, p.span.col, p.message) for p in rule.check(doc, ctx)]


def fixture_cases() -> list[tuple[str, str, Path, str]]:
    cases = []
    for rule_id in IDS:
        for kind in ("good", "bad"):
            root = FIXTURES / rule_id / kind
            for path in sorted(p for p in root.rglob("*.md") if p.is_file()):
                cases.append((rule_id, kind, root, path.relative_to(root).as_posix()))
    return cases


CASES = fixture_cases()


def test_every_rule_has_good_and_bad_fixtures() -> None:
    kinds = {(rule_id, kind) for rule_id, kind, _root, _rel in CASES}
    missing = [f"{r}/{k}" for r in IDS for k in ("good", "bad") if (r, k) not in kinds]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize(("rule_id", "kind", "root", "relpath"), CASES, ids=[f"{c[0]}/{c[1]}/{c[3]}" for c in CASES])
def test_fixture(rule_id: str, kind: str, root: Path, relpath: str) -> None:
    doc, ctx, text = load(root, relpath)
    found = run_rule(rule_id, doc, ctx)
    expected = [(int(m[1]), int(m[2]) if m[2] else None) for m in EXPECT.finditer(text) if m[3] == rule_id]
    if kind == "good":
        assert not expected, "a good fixture must not expect findings"
        assert found == [], f"{relpath}: unexpected {found}"
        return
    assert expected, "a bad fixture must name its findings"
    got = sorted((line, col) for line, col, _msg in found)
    want = sorted((line, col) for line, col in expected if col is not None)
    want_lines = sorted(line for line, col in expected if col is None)
    assert len(got) == len(expected), f"{relpath}: expected {expected}, got {found}"
    assert [g for g in got if g[0] not in want_lines] == want, f"{relpath}: got {found}"
    assert sorted(g[0] for g in got if g[0] in want_lines) == want_lines, f"{relpath}: got {found}"


def test_rules_are_registered_documented_and_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in _MINUTES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.id)
        doc = rule.doc
        assert rule.summary and "What it does" in doc and "Why is this bad?" in doc and "Example" in doc, rule.id


def test_whitespace_rules_are_marked_for_changed_lines_only() -> None:
    marked = {rule.id for rule in _MINUTES if rule.whitespace}
    assert marked == {"trailing-whitespace", "tab-indentation", "missing-final-newline"}


def test_messages_are_lowercase_and_name_the_value() -> None:
    root = FIXTURES / "invalid-handle" / "bad"
    doc, ctx, _text = load(root, "container/20230612.md")
    messages = [msg for _l, _c, msg in run_rule("invalid-handle", doc, ctx)]
    assert messages[0] == "@jane_doe is not a valid github login: it contains '_'"
    assert all(m[0].islower() or m[0] == "@" for m in messages)


def test_duplicate_names_every_other_copy() -> None:
    root = FIXTURES / "duplicate-file" / "bad"
    doc, ctx, _text = load(root, "project-board/20251201.md")
    [(line, col, message)] = run_rule("duplicate-file", doc, ctx)
    assert (line, col) == (1, 1) and message.startswith("byte-identical copy of project-board/20251124.md")


def test_handle_typo_names_the_frequent_handle() -> None:
    root = FIXTURES / "handle-typo" / "bad"
    doc, ctx, _text = load(root, "iaas/20240313.md")
    messages = [msg for _l, _c, msg in run_rule("handle-typo", doc, ctx)]
    # a handle listed in the roster is known, however often it is used; the message shows the real counts
    assert messages[0] == (
        "@mathias-f (1 use in the repository) looks like a typo of @matthias-f (0 uses, in the configured roster)"
    )
    assert "@josephine-s" in messages[1] and "@jschmidt" in messages[2]
