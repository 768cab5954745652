"""``check --online`` and the audit's engine: collect, resolve once, map back to every place.

The same function serves both commands; ``rot=True`` (the audit) judges failures over time using
the state file, ``rot=False`` (a pull request) reports a broken link at once. Only definite answers
are broken; whatever could not be checked is a `link-not-checked` / `reference-not-checked`
finding at every place, and a run in which most links got no answer is an outage (``Report.outage``):
its failures are "not checked" and never move the link-rot history on.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp.abc import AbstractResolver
from minutes_ci.checks.model import Document, Severity
from minutes_ci.checks.refs import parse_github_url, parse_ref_text, resolve_ref
from minutes_ci.checks.rule import Context, Finding

from .cache import State, Verdict, default_path
from .findings import ref_findings, url_findings
from .ghpages import confirm_pages
from .github import RefKey, RefResult, Resolver
from .http import check_urls
from .result import OK, UNCHECKED, UrlResult, find_outage, mark_outage
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
    outage: str | None = None  # most links got no answer: the run says so and exits 3
    not_checked: str = "exit-3"  # links.not-checked: how not-checked findings weigh on the exit status
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
    if not path:
        return State(default_path())
    return _contained_state(Path(path), root or Path.cwd())


def _contained_state(path: Path, root: Path) -> State:
    """A cache file inside the repository is read and written where the repository's own links
    lead: a committed symlink ``.minutes-ci-cache -> ~`` (or to ``/proc``) would make the audit write
    or read outside the checkout. Such a path must resolve inside the root, else no cache is used.
    A path outside the repository was chosen by whoever runs the command and is taken as it is."""
    from minutes_ci.safe_fs import UnsafePath, resolve_in_root

    absolute, real_root = os.path.abspath(path), os.path.abspath(root)
    if not (absolute + "/").startswith(real_root.rstrip("/") + "/"):
        return State(path)
    try:
        inner = resolve_in_root(root, os.path.relpath(absolute, real_root).replace(os.sep, "/"))
    except UnsafePath as exc:
        state = State(None)
        state.warning = f"link cache not used: {exc}"
        return state
    return State(Path(os.path.realpath(root)) / inner)


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
            where = resolve_ref(iref, ctx) or _own_repository(iref, ctx)
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


def _own_repository(iref: object, ctx: Context) -> tuple[str, str] | None:
    """``PR#8``, ``issue 7``: a reference that names no repository means this one, as on GitHub."""
    parsed = parse_ref_text(str(getattr(iref, "text", "")))
    slug = getattr(ctx, "repo_slug", "") or ""
    if parsed is None or parsed.repo or parsed.owner or slug.count("/") != 1:
        return None
    owner, repo = slug.split("/")
    return (owner, repo) if owner and repo else None


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
    progress: bool = True,
) -> Report:
    env = os.environ if env is None else env
    say = notify or (lambda msg: print(f"minutes-ci: {msg}", file=sys.stderr))
    quiet_pygithub()
    ls = link_settings(config, args)
    ls.upload_hosts = tuple(ctx.upload_hosts)
    report = Report(not_checked=ls.not_checked)
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
        fresh, report.requests = check_urls(todo, ls, resolver, progress=progress)
        report.outage = find_outage(fresh, ls.outage_share, ls.outage_hosts)
        if report.outage:
            mark_outage(fresh, report.outage)  # before the history is written: an outage is not rot
            say(f"{report.outage}; the run ends with exit 3")
        for url, res in fresh.items():
            state.record_url(url, res)
        results.update(fresh)
    if not rot:
        # NXDOMAIN counts only when repeated audits agree: a runner with a broken resolver says
        # NXDOMAIN too, and a pull request must not fail for it
        results = {u: _not_yet(r) if r.nxdomain else r for u, r in results.items()}
    report.results = results

    def verdict(url: str) -> Verdict:
        if not rot:
            return Verdict(True, 1, None)
        return state.verdict(url, ls.rot_failures, ls.rot_days)

    report.add(url_findings(plan.pages, results, verdict))
    if github is not None:
        _github(report, github, plan, docs, ctx)
    state.save()
    weigh_not_checked(report, ls.not_checked)
    report.findings.sort()
    return report


_NOT_CHECKED = ("link-not-checked", "reference-not-checked")


def weigh_not_checked(report: Report, policy: str) -> None:
    """``links.not-checked``: fail makes not-checked findings errors, pass makes them notices."""
    severity = {"fail": Severity.ERROR, "pass": Severity.NOTICE}.get(policy)
    if severity is None:
        return
    for i, f in enumerate(report.findings):
        if f.rule in _NOT_CHECKED:
            new = report.findings[i] = dataclasses.replace(f, severity=severity)
            report.urls[new] = report.urls.pop(f, "")


def _not_redirection(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("Following Github server redirection")


def quiet_pygithub() -> None:
    """PyGithub logs "Following Github server redirection" for every 301 it follows (INFO or, in
    other versions, higher): the transferred issues are `moved-issue` findings, the lines are noise."""
    logger = logging.getLogger("github")
    if logger.level == logging.NOTSET or logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)
    requester = logging.getLogger("github.Requester")
    if _not_redirection not in requester.filters:
        requester.addFilter(_not_redirection)


def _without_token(results: dict[str, RefResult]) -> None:
    """Without a token GitHub answers 404 for a private repository's issues too: not a definite
    "does not exist", so such a reference is not checked (the Action always has a token)."""
    for res in results.values():
        if res.status == "missing" and res.reason == "no such issue or pull request":
            res.status = "unchecked"
            res.reason = "GitHub answered 404, which it also answers for a private repository"
        if res.status == "unchecked" and "GITHUB_TOKEN" not in res.reason:
            res.reason += "; no GITHUB_TOKEN or GH_TOKEN was set (60 requests an hour, public repositories only)"


def _not_yet(res: UrlResult) -> UrlResult:
    return dataclasses.replace(res, status=UNCHECKED, transient=True,
                               reason=f"{res.reason}; the audit reports it as broken if it persists")


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
        if not resolver.s.token:
            _without_token(report.ref_results)
        report.add(ref_findings(uses, report.ref_results))
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
    args.online_outage = report.outage  # the command exits 3 when nothing broken was found
    return report.findings
