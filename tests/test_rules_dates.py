"""The dates-decks rules on their fixtures: every `bad` file gives exactly its expected findings,
every `good` file gives none (tests/fixtures/rules/<rule-id>/{good,bad}/<repo path>)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context, FolderPolicy
from minutes_ci.checks.rules import _DATES_DECKS, by_id
from minutes_ci.config import load_config
from minutes_ci.discover import FsTree

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
TODAY = dt.date(2026, 6, 15)
EXPECT = re.compile(r"<!--\s*expect:\s*(\d+)(?::(\d+))?\s+([a-z0-9-]+)\s*-->")
IDS = [rule.id for rule in _DATES_DECKS]


def scs_folders() -> dict[str, FolderPolicy]:
    return load_config(None, preset="scs").folders


def make_doc(relpath: str, text: str | bytes, folders: dict[str, FolderPolicy] | None = None) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(
        relpath,
        data,
        folders=scs_folders() if folders is None else folders,
        templates=frozenset({"community-call/template.md"}),
    )


def make_ctx(root: Path | None = None, **kwargs: object) -> Context:
    tree = FsTree(root or FIXTURES)
    kwargs.setdefault("options", load_config(None, preset="scs").options)  # the preset's holiday-region
    return Context(tree=tree, folders=scs_folders(), today=TODAY, **kwargs)  # type: ignore[arg-type]


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
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".png")):
                cases.append((rule_id, kind, root, path.relative_to(root).as_posix()))
    return cases


CASES = fixture_cases()


def test_every_rule_has_good_and_bad_fixtures() -> None:
    kinds = {(rule_id, kind) for rule_id, kind, _root, _rel in CASES}
    missing = [f"{r}/{k}" for r in IDS for k in ("good", "bad") if (r, k) not in kinds]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize(("rule_id", "kind", "root", "relpath"), CASES, ids=[f"{c[0]}/{c[1]}/{c[3]}" for c in CASES])
def test_fixture(rule_id: str, kind: str, root: Path, relpath: str) -> None:
    text = (root / relpath).read_text(encoding="utf-8")
    doc = make_doc(relpath, text)
    found = run_rule(rule_id, doc, make_ctx(root))
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
