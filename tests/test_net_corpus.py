"""The real minutes corpus through the online collection and the GitHub resolver (stand-in only)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest
from minutes_ci import runner
from minutes_ci.net.cache import State
from minutes_ci.net.github import Resolver
from minutes_ci.net.online import _key_of, reference_uses
from minutes_ci.net.settings import GitHubSettings, link_settings
from minutes_ci.net.urls import collect, is_issue_url

sys.path.insert(0, os.path.dirname(__file__))
from servers.github_standin import StandIn, World, serve

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "scs-minutes"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_run() -> runner.Run:
    if not CORPUS.is_dir():
        pytest.skip(f"the minutes corpus is not at {CORPUS}")
    parser = argparse.ArgumentParser()
    runner.add_common_arguments(parser)
    return runner.prepare(parser.parse_args(["--root", str(CORPUS), "--preset", "scs", "--no-config"]))


def test_collection_on_the_corpus(corpus_run: runner.Run) -> None:
    plan = collect(corpus_run.docs, link_settings(corpus_run.config))
    # the corpus study counts ~5,900 links, ~2,900 of them GitHub issue/PR URLs
    assert 1500 < len(plan.pages) < 4000
    assert 2000 < sum(len(v) for v in plan.github_refs.values()) < 3500
    assert all(key.startswith(("http://", "https://")) and "#" not in key for key in plan.pages)
    assert not any(is_issue_url(k) for k in plan.pages)  # those go to the resolver, never fetched
    assert "https://github.com/SovereignCloudStack/issues/milestone/8" in plan.pages  # not an issue: fetched


def test_all_references_cost_few_calls_cold_and_none_warm(corpus_run: runner.Run, tmp_path: Path) -> None:
    plan = collect(corpus_run.docs, link_settings(corpus_run.config))
    refs = [_key_of(k) for k in reference_uses(plan, corpus_run.docs, corpus_run.ctx)]
    assert len(refs) > 1000
    with serve(StandIn(World(auto=max(r.number for r in refs)), token="tok")) as srv:
        cache = tmp_path / "links.json"
        cold = Resolver(GitHubSettings(api_url=srv.url, token="tok"), State(cache), lambda m: None)
        cold.resolve(refs)
        cold.state.save()
        warm = Resolver(GitHubSettings(api_url=srv.url, token="tok"), State(cache), lambda m: None)
        warm.resolve(refs)
    assert cold.calls < 50 and cold.stopped is None
    assert warm.costly == 0 and warm.calls == 0
