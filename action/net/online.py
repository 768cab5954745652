"""``check --online`` and the audit's engine: collect, resolve once, map back to every place.

The same function serves both commands; ``rot=True`` (the audit) judges failures over time using
the state file, ``rot=False`` (a pull request) reports a failing link at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp.abc import AbstractResolver
from minutes_ci.checks.model import Document, Severity
from minutes_ci.checks.refs import parse_github_url, resolve_ref
from minutes_ci.checks.rule import Context, Finding

from .cache import State, Verdict, default_path
from .findings import ref_findings, url_findings
from .ghpages import confirm_pages
from .github import RefKey, RefResult, Resolver
from .http import check_urls
from .result import OK, UrlResult
from .settings import SettingsError, github_settings, link_settings
from .urls import Occurrence, UrlPlan, collect
from .users import check_users

RefUses = dict[str, list[tuple[Occurrence, str, str]]]


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    urls: dict[Finding, str] = field(default_factory=dict)  # what each finding is about
    unchecked_refs: int = 0
    github_pages: int = 0  # github.com pages confirmed through the API instead of fetched
    unique_urls: int = 0
    occurrences: int = 0
    cached: int = 0
    requests: int = 0
    refs: int = 0
    api_calls: int = 0
    api_costly: int = 0
    stopped: str | None = None  # GitHub look-ups stopped early (rate limit, no network)
    notes: list[str] = field(default_factory=list)
    results: dict[str, UrlResult] = field(default_factory=dict)
    ref_results: dict[str, RefResult] = field(default_factory=dict)

    def add(self, located: list[tuple[Finding, str]]) -> None:
        for finding, url in located:
            self.findings.append(finding)
            self.urls[finding] = url


def state_for(args: argparse.Namespace, config: object = None, root: Path | None = None) -> State:
    """--no-cache, else --cache, else ``links.cache.path`` (relative to the root), else the user cache."""
    if getattr(args, "no_cache", False):
        return State(None)
    path = getattr(args, "cache", None)
    if not path:
        configured = link_settings(config).cache_path
        if configured:
            path = (root or Path.cwd()) / configured
    return State(Path(path) if path else default_path())


def reference_uses(plan: UrlPlan, docs: Iterable[Document], ctx: Context) -> RefUses:
    uses: RefUses = {}
    for key, occs in plan.github_refs.items():
        target = parse_github_url(key)
        if target is None or target.number is None:
            continue
        kind = "discussions" if target.kind == "discussions" else target.kind
        ref = RefKey(
            target.owner, target.repo, target.number, "discussions" if kind == "discussions" else "issues"
        )
        canonical = f"https://github.com/{target.owner}/{target.repo}/{target.kind}/{target.number}"
        for occ in occs:
            uses.setdefault(ref.key, []).append((occ, kind, canonical))
    for doc in docs:
        for iref in doc.issue_refs:
            number = iref.number if iref.number is not None else iref.text_number
            if iref.url or number is None:
                continue  # linked references came in through the URL above
            where = resolve_ref(iref, ctx)
            if where is None:
                continue  # no alias or default owner says which repository: the offline rules report it
            ref = RefKey(where[0], where[1], number)
            occ = Occurrence(
                doc.path, iref.span.line, iref.span.col, iref.span.end_col, iref.text, "", "text", False
            )
            uses.setdefault(ref.key, []).append(
                (occ, "", f"https://github.com/{where[0]}/{where[1]}/issues/{number}")
            )
    return uses


def _key_of(key: str) -> RefKey:
    owner, rest = key.split("/", 1)
    if "/discussions/" in rest:
        repo, number = rest.split("/discussions/")
        return RefKey(owner, repo, int(number), "discussions")
    repo, number = rest.rsplit("#", 1)
    return RefKey(owner, repo, int(number))


def run_checks(
    docs: list[Document],
    ctx: Context,
    config: object,
    args: argparse.Namespace,
    state: State,
    *,
    rot: bool,
    env: Mapping[str, str] | None = None,
    resolver: AbstractResolver | None = None,
    notify: Callable[[str], None] | None = None,
) -> Report:
    env = os.environ if env is None else env
    say = notify or (lambda msg: print(f"minutes-ci: {msg}", file=sys.stderr))
    ls = link_settings(config, args)
    ls.upload_hosts = tuple(ctx.upload_hosts)
    report = Report()
    if state.warning:
        say(state.warning)
    plan = collect(docs, ls)
    report.unique_urls, report.occurrences = len(plan.pages), plan.occurrences
    todo, results = [], {}
    for url in plan.pages:
        hit = state.cached_url(url, ls.ttl_good, ls.ttl_bad)
        if hit is None:
            todo.append(url)
        else:
            results[url] = hit
    report.cached = len(results)
    github = None if getattr(args, "no_github", False) else _resolver(config, env, args, state, say)
    if github is not None and todo:
        confirmed = confirm_pages(github, todo)
        for url in confirmed:
            results[url] = UrlResult(OK, 200, reason="confirmed by the GitHub API", checked_at=state.now)
            state.record_url(url, results[url])
        todo = [u for u in todo if u not in confirmed]
        report.github_pages = len(confirmed)
    if todo:
        fresh, report.requests = check_urls(todo, ls, resolver)
        for url, res in fresh.items():
            state.record_url(url, res)
        results.update(fresh)
    report.results = results

    def verdict(url: str) -> Verdict:
        if not rot:
            return Verdict(True, 1, None)
        return state.verdict(url, ls.rot_failures, ls.rot_days)

    report.add(url_findings(plan.pages, results, verdict))
    if github is not None:
        _github(report, github, plan, docs, ctx)
    state.save()
    report.findings.sort()
    return report


def _resolver(config: object, env: Mapping[str, str], args: argparse.Namespace, state: State,
              say: Callable[[str], None]) -> Resolver:
    return Resolver(github_settings(config, env, args), state, say)


def _github(report: Report, resolver: Resolver, plan: UrlPlan, docs: list[Document], ctx: Context) -> None:
    uses = reference_uses(plan, docs, ctx)
    handles = {h.handle for d in docs for h in d.handles if h.context in ("participant", "reporter", "sponsor")}
    refs = [_key_of(k) for k in uses]
    report.refs = len(refs)
    if refs:
        report.ref_results = resolver.resolve(refs)
        report.add(ref_findings(uses, report.ref_results, resolver.stopped is not None))
    if resolver.s.check_users and handles:
        _users(report, resolver, docs, handles)
    report.api_calls, report.api_costly = resolver.calls, resolver.costly
    if resolver.stopped:
        report.stopped = resolver.stopped
        report.unchecked_refs = sum(1 for r in report.ref_results.values() if r.status == "unchecked")
        resolver.notify(f"{resolver.stopped}; {report.unchecked_refs} of {len(refs)} references were not checked")


def _users(report: Report, resolver: Resolver, docs: list[Document], handles: set[str]) -> None:
    known = check_users(resolver, handles)
    for doc in docs:
        for use in doc.handles:
            if (
                use.context in ("participant", "reporter", "sponsor")
                and known.get(use.handle.lower()) is False
            ):
                report.findings.append(
                    Finding(
                        doc.path,
                        use.span.line,
                        use.span.col,
                        "unknown-user",
                        f"@{use.handle} is not a GitHub user",
                        Severity.WARNING,
                        use.span.end_line,
                        use.span.end_col,
                    )
                )


def check_online(run: Any, args: argparse.Namespace) -> list[Finding]:
    """Entry point for ``check --online``: failures are reported at once (no link-rot grace)."""
    from minutes_ci.runner import UsageError

    try:
        report = run_checks(list(run.docs), run.ctx, run.config, args,
                            state_for(args, run.config, run.root), rot=False)
    except SettingsError as exc:  # a bad `links:` value is a usage error (exit 2), not a crash
        raise UsageError(str(exc)) from None
    return report.findings
