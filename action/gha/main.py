"""The action's entry point: inputs -> one of the three modes -> annotations, summary, outputs.

Exit codes follow the CLI: 0 ok, 1 findings at or above ``fail-on``, 2 a usage or configuration
error (bad input, broken config, unreadable payload). Audits never fail for a network problem.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from github import GithubException
from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.report.safe import log_text
from requests import RequestException

from . import annotate, summary
from .comment import client, upsert_comment
from .env import Context, InputError, Inputs, append_summary, write_outputs
from .event import EventError, changed_files, changed_lines, ensure_history, read_event, workspace_head
from .findings import ReportError, add_to_report, counts, load_report
from .invoke import common_args, run_cli
from .rot import authors, render_body, sync_issue


def _say(msg: str) -> None:
    print(f"minutes-ci: {log_text(msg)}", flush=True)  # messages quote payload and repository data


def _error(msg: str) -> None:
    print(annotate.command(Severity.ERROR, msg, {"title": "minutes-ci"}), flush=True)


# What a CLI child may see of the runner's environment. An allowlist, because a denylist cannot
# know the names a workflow gives its secrets (a job-level `env: {DEPLOY_KEY: ...}` reaches every
# step); the child reads files of an untrusted pull request, so it gets nothing it does not need.
_CHILD_NAMES = frozenset({
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "NO_COLOR",
    "TMPDIR", "TMP", "TEMP", "CI", "VIRTUAL_ENV", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    "GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA",
    "GITHUB_REF", "GITHUB_EVENT_NAME", "GITHUB_RUN_ID", "RUNNER_TEMP", "RUNNER_OS", "RUNNER_ARCH",
    "SYSTEMROOT", "SystemRoot", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
})
_CHILD_PREFIXES = ("LC_", "PYTHON", "MINUTES_CI_", "XDG_", "PLAYWRIGHT_")
# even an allowed name is dropped when it looks like it carries a secret (MINUTES_CI_TOKEN, ...)
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|CREDENTIAL|PRIVATE|AUTH|COOKIE|SESSION|API_?KEY|(?:^|_)KEY(?:$|_)", re.I)


def _child_env(inputs: Inputs, token: bool = False) -> dict[str, str]:
    """The CLI child's environment: the allowlist, the workflow's API URL, and the token only when
    ``token`` (the audit) and the mode needs it (``Inputs`` drops it otherwise)."""
    env = {
        k: v for k, v in os.environ.items()
        if (k in _CHILD_NAMES or k.startswith(_CHILD_PREFIXES)) and not _SECRET_NAME.search(k)
        and not (inputs.token and inputs.token in v)
    }
    env["GITHUB_API_URL"] = inputs.github_api_url  # from the workflow (input or runner), never the PR
    if token and inputs.token:  # the CLI's GitHub look-ups read GITHUB_TOKEN; never echoed
        env["GITHUB_TOKEN"] = inputs.token
    return env


def _online_env(inputs: Inputs) -> dict[str, str]:
    """All the in-process online check reads of an environment: the token and where it may go."""
    env = {"GITHUB_API_URL": inputs.github_api_url}
    if inputs.token:
        env["GITHUB_TOKEN"] = inputs.token
    return env


def _api_problem(exc: Exception) -> str:
    """What went wrong with a GitHub API call, without echoing headers (and so never the token)."""
    if isinstance(exc, GithubException):
        return f"HTTP {exc.status}"
    return f"GitHub API unreachable ({type(exc).__name__})"


def _out_dir(ctx: Context) -> Path:
    out = ctx.temp / "minutes-ci"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _count_outputs(findings: list[Finding]) -> dict[str, str]:
    c = counts(findings)
    return {"errors": str(c[Severity.ERROR]), "warnings": str(c[Severity.WARNING]), "notices": str(c[Severity.NOTICE])}


def _failed(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    floor = Severity.parse(fail_on)
    return any(f.severity >= floor for f in findings)


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    if not prefixes:
        return True
    return any(path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def run_check(inputs: Inputs, ctx: Context) -> int:
    change = read_event(ctx.event_name, ctx.event_path, ctx.sha)
    root = ctx.workspace
    report = _out_dir(ctx) / "check.json"
    report.unlink(missing_ok=True)
    args = [*common_args(inputs.config, inputs.preset), "--format", "text", "--format", f"json={report}"]
    touched: dict[str, set[int]] | None = None
    files: list[str] | None = None
    if inputs.changed_only and change.base:
        head = workspace_head(root) or change.head
        start = ensure_history(root, change.base, head) or change.base
        files = [p for p in changed_files(root, change.base, head) if _under(p, inputs.paths)]
        touched = changed_lines(root, change.base, head, files)
        # only the findings the change introduced (the base's own are matched by content), unless asked
        args += [f"--changed-since={start}", *(["--all-findings"] if inputs.all_findings else []),
                 "--", *inputs.paths]  # "--": a path is never an option
        _say(f"{len(files)} changed file(s) since {start[:12]}")
    elif inputs.changed_only and change.payload_files:
        files = sorted({p for p in change.payload_files if (root / p).is_file() and _under(p, inputs.paths)})
        if not files:
            return _finish_check(inputs, ctx, change.pr_number, change.head_ref_for_links, [], None, report, 0)
        args += ["--", *files]
    else:
        args += ["--", *inputs.paths]
    rc = run_cli("check", args, root, _child_env(inputs), group="minutes-ci check")
    if rc == 2:
        _error("minutes-ci check stopped on a usage or configuration error (exit 2); the log says which")
        return 2
    if rc not in (0, 1):
        _error(f"minutes-ci check ended with exit code {rc}; the log shows why")
        return 2
    findings, extra = load_report(report)
    if inputs.online and touched is not None:
        from .online import added_link_findings  # imports aiohttp only when asked

        online = added_link_findings(root, inputs, touched, _online_env(inputs))
        if online:
            findings = sorted(findings + online)
            add_to_report(report, online)  # report-path holds everything the step reported
    # the CLI knows how many of the changed files were minutes it checked (images etc. are not)
    checked = extra.get("files_checked")
    checked = checked if isinstance(checked, int) else (len(files) if files is not None else None)
    return _finish_check(inputs, ctx, change.pr_number, change.head_ref_for_links, findings, touched, report, checked)


def _finish_check(
    inputs: Inputs,
    ctx: Context,
    pr_number: int | None,
    ref: str,
    findings: list[Finding],
    touched: dict[str, set[int]] | None,
    report: Path,
    checked: int | None,
) -> int:
    def link(path: str, line: int) -> str:
        return ctx.blob_url(path, ref, line)

    for line in annotate.plan(findings, touched).lines:
        print(line, flush=True)
    append_summary(ctx, summary.render(findings, title="minutes-ci check", link=link, touched=touched, checked=checked))
    if inputs.comment and pr_number and ctx.repository:
        body = summary.render(
            findings,
            title="minutes-ci check",
            link=link,
            touched=touched,
            checked=checked,
            limit=summary.COMMENT_LIMIT,
            unit="chars",
            marker=True,
        )
        try:
            gh = client(inputs.token, inputs.github_api_url)
            result = upsert_comment(gh, ctx.repository, pr_number, body, create=bool(findings))
            _say(f"pull request comment: {result.action}" + (f" ({result.detail})" if result.detail else ""))
        except (GithubException, RequestException) as exc:  # the check succeeded; a flaky API must not hide it
            _say(f"pull request comment failed: {_api_problem(exc)}")
    write_outputs(ctx, {**_count_outputs(findings), "report-path": str(report) if report.exists() else ""})
    return 1 if _failed(findings, inputs.fail_on) else 0


def run_audit(inputs: Inputs, ctx: Context) -> int:
    root = ctx.workspace
    report = _out_dir(ctx) / "audit.json"
    report.unlink(missing_ok=True)
    args = [*common_args(inputs.config, inputs.preset), "--format", "text", "--format", f"json={report}"]
    if inputs.allow_private_hosts:  # the workflow's input; the configuration file cannot say so
        args.append("--allow-private-hosts")
    args += [f"--cache={inputs.cache_path}", "--", *inputs.paths]
    rc = run_cli("audit", args, root, _child_env(inputs, token=True), group="minutes-ci audit")
    if rc == 2:
        _error("minutes-ci audit stopped on a usage or configuration error (exit 2); the log says which")
        return 2
    if rc == 3 or rc not in (0, 1):
        # the network or GitHub was unavailable: say so, keep the issue as it is, pass the workflow
        msg = f"the link audit could not check everything (exit {rc}); the link-rot issue is left as it is"
        print(annotate.command(Severity.WARNING, msg, {"title": "minutes-ci"}), flush=True)
        write_outputs(ctx, {"errors": "0", "warnings": "0", "notices": "0", "report-path": ""})
        return 0
    findings, _ = load_report(report)
    run_url = f"{ctx.server_url}/{ctx.repository}/actions/runs/{ctx.run_id}" if ctx.run_id else ""

    def link(path: str, line: int) -> str:
        return ctx.blob_url(path, ctx.sha, line)

    for line in annotate.plan(findings).lines:
        print(line, flush=True)
    append_summary(ctx, summary.render(findings, title="minutes-ci link audit", link=link))
    broken = [f for f in findings if f.severity is Severity.ERROR] if rc == 1 else []
    if rc == 1 and not broken:
        broken = list(findings)
    if ctx.repository and inputs.token:
        people = {p: authors(root, p) for p in sorted({f.path for f in broken})}
        body = render_body(broken, link, people, run_url) if broken else None
        try:
            result = sync_issue(client(inputs.token, inputs.github_api_url), ctx.repository, body, run_url)
            _say(f"link-rot issue: {result.action}" + (f" #{result.number}" if result.number else ""))
        except (GithubException, RequestException) as exc:
            if isinstance(exc, GithubException) and exc.status in (401, 403, 404, 410, 422):
                # the token or the workflow's permissions are wrong: that needs a person, so fail
                _error(f"cannot keep the link-rot issue: {_api_problem(exc)} (the workflow needs `issues: write`)")
                return 2
            msg = f"the link-rot issue was not updated: {_api_problem(exc)}; the next audit tries again"
            print(annotate.command(Severity.WARNING, msg, {"title": "minutes-ci"}), flush=True)
    else:
        _say("no token or repository: the link-rot issue is not kept")
    write_outputs(ctx, {**_count_outputs(findings), "report-path": str(report)})
    return 0


def run_publish(inputs: Inputs, ctx: Context) -> int:
    # lexical, not resolve(): a committed `_site` symlink must reach `publish` as the link it is,
    # so the publisher refuses it instead of writing wherever it points
    site = Path(os.path.abspath(ctx.workspace / inputs.site_dir))
    base = [f"--base-url={inputs.base_url}"] if inputs.base_url else []  # "=": a URL is never an option
    if inputs.fetch_images:  # downloads through the link checker's private-address guard, at build time only
        base.append("--fetch-images")
    args = [*common_args(inputs.config, inputs.preset), f"--out={site}", *base, "--", *inputs.paths]
    rc = run_cli("publish", args, ctx.workspace, _child_env(inputs), group="minutes-ci publish")
    if rc != 0:
        _error(f"minutes-ci publish failed (exit {rc}); the log says why")
        return rc if rc in (1, 2) else 2
    append_summary(ctx, f"## minutes-ci publish\n\nThe site was built in `{inputs.site_dir}`.\n")
    write_outputs(ctx, {"site-path": str(site)})
    return 0


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    try:
        inputs = Inputs.from_env(env)
        ctx = Context.from_env(env)
        mode = {"check": run_check, "audit": run_audit, "publish": run_publish}[inputs.mode]
        return mode(inputs, ctx)
    except (InputError, EventError, ReportError) as exc:
        _error(str(exc))
        return 2
    except (GithubException, RequestException) as exc:
        _error(f"a GitHub API request failed: {_api_problem(exc)}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
