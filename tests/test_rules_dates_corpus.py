"""The dates-decks rules on the real SCS minutes: the known defects are found (corpus-study.md §3,
§6, §7, §9), and the conventions the authors follow throughout stay quiet."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from minutes_ci.checks.model import Document, Kind, Severity
from minutes_ci.checks.parse import load_document
from minutes_ci.checks.rule import Context
from minutes_ci.checks.rules import _DATES_DECKS, deck_reporters
from minutes_ci.config import load_config
from minutes_ci.discover import FsTree

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "scs-minutes"
SNAPSHOT = dt.date(2026, 6, 15)  # the day the corpus snapshot was taken

pytestmark = pytest.mark.corpus

Hits = dict[str, dict[str, list[int]]]  # rule id -> path -> lines


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Document], Context]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (only present in the minutes-ci workspace)")
    config = load_config(None, preset="scs")
    paths = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.md"))
    docs = [load_document(CORPUS, p, folders=config.folders, templates=frozenset(config.templates)) for p in paths]
    digests: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        if doc.digest:
            digests[doc.digest].append(doc.path)
    ctx = Context(
        tree=FsTree(CORPUS),
        folders=config.folders,
        today=SNAPSHOT,
        options=config.options,
        digests={k: tuple(v) for k, v in digests.items()},
    )
    return docs, ctx


@pytest.fixture(scope="module")
def hits(corpus: tuple[list[Document], Context]) -> Hits:
    docs, ctx = corpus
    out: Hits = {rule.id: defaultdict(list) for rule in _DATES_DECKS}
    for doc in docs:
        if doc.fatal is not None:
            continue
        for rule in _DATES_DECKS:
            if rule.applies_to(doc):
                for problem in rule.check(doc, ctx):
                    assert problem.message and problem.span.line >= 1
                    out[rule.id][doc.path].append(problem.span.line)
    return out


def files(hits: Hits, rule_id: str) -> set[str]:
    return set(hits[rule_id])


def test_corpus_is_complete(corpus: tuple[list[Document], Context]) -> None:
    docs, _ctx = corpus
    assert len(docs) == 894
    assert sum(d.kind is Kind.DECK for d in docs) == 61


def test_file_names_and_future_dates(hits: Hits) -> None:
    assert files(hits, "bad-file-name") == {"sig-release/2023-09-14.md"}
    assert files(hits, "file-date-in-future") == set()  # no commit dates here; nothing after the snapshot


def test_title_dates(hits: Hits) -> None:
    mismatched = files(hits, "title-date-mismatch")
    known = {
        "iaas/20230320.md", "iam/20230612.md", "product-board/20241021.md", "openops/20230708.md",
        "sig-markt/20221208.md", "community-call/20240125.md", "community-call/20221127.md",
        "ops-iam/20221118.md", "sig-iam/20230120.md", "community-call/20230803.md",
    }  # fmt: skip
    assert known <= mismatched
    assert len(mismatched) <= 20
    # one cause, one finding: the stale copies are duplicate-file's, the stub on top multiple-dated-titles'
    assert not mismatched & {"project-board/20251124.md", "project-board/20251201.md", "iam/20230816.md",
                             "iam/20230208.md"}  # fmt: skip
    assert hits["title-date-mismatch"]["iaas/20230320.md"] == [1]
    assert hits["title-date-mismatch"]["community-call/20240125.md"] == [48]
    undated = files(hits, "title-without-date")
    assert {"iaas/20230220.md", "community-call/20230831-slides.md", "ops-iam/20221013.md"} <= undated
    assert {"iaas/20221010.md", "iam/20230419.md"} <= undated  # the date as plain text, not a heading
    assert "sig-documentation/20221122.md" not in undated  # only the path of the hackathon notes
    assert {"sig-community/20230313.md", "sig-documentation/20231016.md"} <= undated  # a heading above the title
    assert len(undated) <= 16
    non_iso = files(hits, "non-iso-title-date")
    assert sum(p.startswith("sig-documentation/2023") for p in non_iso) == 13
    assert non_iso - {p for p in non_iso if p.startswith("sig-documentation/")} == {
        "iam/20231211-keycloak-kubernetes.md"
    }
    assert dict(hits["multiple-dated-titles"]) == {
        "iam/20230208.md": [1],  # the next meeting's stub on top; the file's own title is on line 4
        "project-board/20260223.md": [44], "project-board/20260316.md": [41], "project-board/20260413.md": [54],
    }  # fmt: skip
    assert files(hits, "title-format") == set()  # the hackathon pointer in sig-documentation is not minutes


def test_weekday_is_a_rare_warning(corpus: tuple[list[Document], Context]) -> None:
    docs, ctx = corpus
    rule = next(r for r in _DATES_DECKS if r.id == "weekday-off-schedule")
    found = {
        d.path: [p.severity or rule.severity for p in rule.check(d, ctx)]
        for d in docs
        if d.fatal is None and rule.applies_to(d)
    }
    warnings = {p for p, sev in found.items() if Severity.WARNING in sev}
    notices = {p for p, sev in found.items() if Severity.NOTICE in sev}
    # a wrong name whose title gives the meeting day is title-date-mismatch's; a special session by
    # its title, or a meeting moved for a holiday (ops: Wednesday before Ascension Day), is not off
    assert not (warnings | notices) & {
        "iaas/20230320.md", "iam/20230612.md", "community-call/20221127.md", "ops-iam/20221118.md",
        "iaas/20220801.md", "iaas/20230220.md", "container/20250128.md", "sig-documentation/20221122.md",
        "ops/20230517.md", "iaas/20230710-overflow.md",
    }  # fmt: skip
    assert warnings == {"sig-standardization/20221116.md"}  # no dated title confirms the Wednesday
    assert {"iam/20230727.md", "sig-standardization/20230711.md", "sig-release/2023-09-14.md"} <= notices
    assert len(notices) <= 10


def test_front_matter(hits: Hits) -> None:
    assert files(hits, "front-matter-not-at-start") == {"community-call/20240201.md", "community-call/20241017.md"}
    assert files(hits, "front-matter-yaml-error") == set()
    assert dict(hits["front-matter-schema-error"]) == {
        "community-call/20240208.md": [9], "community-call/20240215.md": [9], "community-call/20240222.md": [9]
    }  # fmt: skip


def test_decks(hits: Hits) -> None:
    assert dict(hits["slide-separator-ignored"]) == {"community-call/20231123.md": [70]}
    assert files(hits, "slide-separator-in-code") == set()
    assert files(hits, "malformed-slide-attribute") == set()
    assert files(hits, "dropped-slide-attribute") == set()
    assert dict(hits["bad-slide-background"]) == {
        "community-call/20240822.md": [40],
        "community-call/20241114.md": [40],
    }
    assert dict(hits["reporter-link-mismatch"]) == {
        "community-call/20240926.md": [190], "community-call/20241024.md": [49], "community-call/20241031.md": [49]
    }  # fmt: skip
    # misspelt keywords (Rebort by) and '...' placeholders; 'Report by noone' is a statement, and the
    # github.com/todo links are template-leftover's (9ea4d7a: one cause, one finding)
    assert files(hits, "reporter-placeholder") == {
        "community-call/20240530.md", "community-call/20240606.md", "community-call/20240711.md",
        "community-call/20241107.md",
    }  # fmt: skip


def test_section_slides_without_reporter(corpus: tuple[list[Document], Context]) -> None:
    """corpus-study §9.4 D8: 214 of 326 team/SIG section slides have no reporter line."""
    docs, ctx = corpus
    strict = {k: dataclasses.replace(v, require_deck_reporters=True) for k, v in ctx.folders.items()}
    strict_ctx = dataclasses.replace(ctx, folders=strict)
    decks = [d for d in docs if d.kind is Kind.DECK]
    sections = sum(1 for d in decks for _ in deck_reporters._section_slides(d))
    missing = sum(1 for d in decks for _ in deck_reporters.check_missing(d, strict_ctx))
    assert 310 <= sections <= 340
    assert 200 <= missing <= 225
    assert sum(1 for d in decks for _ in deck_reporters.check_missing(d, ctx)) == 0  # not required by the preset
