#!/usr/bin/env python3
"""Count GitHub API calls for every issue/PR reference of the real minutes corpus.

Parses ../shared/corpus/scs-minutes with the project's parser and the `scs` preset (aliases,
default owner), collects every reference exactly as `minutes-ci audit` does, and resolves them
against the GitHub stand-in of the tests (tests/servers/github_standin.py, on 127.0.0.1, real
GraphQL execution) twice: cold (empty cache) and warm (the cache the first run wrote).
Prints one JSON line with the counts.

    python3 bench/links/github_calls.py [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from minutes_ci import runner
from minutes_ci.net.cache import State
from minutes_ci.net.ghpages import confirm_pages, parse_page
from minutes_ci.net.github import Resolver
from minutes_ci.net.online import _key_of, reference_uses
from minutes_ci.net.result import OK, UrlResult
from minutes_ci.net.settings import GitHubSettings, link_settings
from minutes_ci.net.urls import collect

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the GitHub stand-in of the tests
from servers.github_standin import StandIn, World, serve  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "scs-minutes"))
    opts = ap.parse_args()
    parser = argparse.ArgumentParser()
    runner.add_common_arguments(parser)
    args = parser.parse_args(["--root", opts.corpus, "--preset", "scs", "--no-config"])
    t0 = time.perf_counter()
    run = runner.prepare(args)
    parse_s = time.perf_counter() - t0
    plan = collect(run.docs, link_settings(run.config))
    uses = reference_uses(plan, run.docs, run.ctx)
    refs = [_key_of(k) for k in uses]
    places = sum(len(v) for v in uses.values())
    # every number exists except a few: the stand-in answers like GitHub for a busy organisation
    world = World(auto=max((r.number for r in refs), default=1), auto_missing=frozenset({13, 666}))
    out: dict[str, object] = {"files": len(run.docs), "reference_places": places, "unique_references": len(refs),
                              "parse_s": round(parse_s, 2)}
    with tempfile.TemporaryDirectory() as tmp, serve(StandIn(world, token="bench-token")) as srv:
        cache = Path(tmp) / "links.json"
        for phase in ("cold", "warm"):
            state = State(cache)
            before_costly = srv.costly
            resolver = Resolver(GitHubSettings(api_url=srv.url, token="bench-token"), state, lambda m: None)
            t = time.perf_counter()
            # pages the cache does not know yet (a warm run has them as URL results)
            pages = [u for u in plan.pages if parse_page(u) and state.cached_url(u, 7 * 86400, 7 * 86400) is None]
            confirmed = confirm_pages(resolver, pages)
            for url in confirmed:
                state.record_url(url, UrlResult(OK, 200, checked_at=state.now))
            results = resolver.resolve(refs)
            state.save()
            out[phase] = {"api_calls": resolver.calls, "github_pages_asked": len(pages),
                          "github_pages_confirmed": len(confirmed), "rate_limited_calls": srv.costly - before_costly,
                          "graphql": srv.calls["graphql"],
                          "rest": srv.calls["rest-issue"] + srv.calls["rest-discussion"],
                          "seconds": round(time.perf_counter() - t, 2),
                          "resolved": sum(1 for r in results.values() if r.status == "ok"),
                          "missing": sum(1 for r in results.values() if r.status == "missing"),
                          "unchecked": sum(1 for r in results.values() if r.status == "unchecked")}
            srv.calls.clear()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
