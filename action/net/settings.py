"""Link-checking settings: the ``links:`` and ``github:`` sections of .minutes-ci.yaml plus flags.

The configuration loader belongs to the CLI; this module only reads the two sections it is handed
(a mapping, or an object with a ``links``/``github`` attribute), so a missing or partial section
falls back to defaults that suit a nightly audit of a few thousand links.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from minutes_ci.checks.userre import UserPattern, UserPatternError, compile_user

DEFAULT_ACCEPT = frozenset({200, 201, 202, 203, 204, 206})


class SettingsError(ValueError):
    """A ``links:`` value of the wrong type; the message names the key."""


# Settings that decide where the GitHub token is sent or which addresses may be fetched. A pull
# request can change .minutes-ci.yaml, so these come only from the workflow (Action inputs,
# environment variables, command-line flags); in the file they are refused with this advice.
WORKFLOW_ONLY: dict[tuple[str, str], str] = {
    ("github", "api-url"): "it decides where the GitHub token is sent; set it in the workflow: the Action's "
    "`github-api-url` input, the GITHUB_API_URL environment variable or `--github-api URL`",
    ("links", "allow-private-hosts"): "it lets links reach the runner's own network; set it in the workflow: "
    "the Action's `allow-private-hosts` input or `--allow-private-hosts`",
}


def workflow_only_problems(data: object, where: Callable[[tuple[str, ...]], str]) -> list[str]:
    """One message per workflow-only key set in a configuration file (``where`` gives file:line:col).

    Also refuses a ``links.cache.path`` that leaves the repository: the cache file is written, and
    a pull request must not choose a file outside the checkout (a shell profile, say) to write.
    """
    out: list[str] = []
    if not isinstance(data, Mapping):
        return out
    for (section, key), why in WORKFLOW_ONLY.items():
        sec = data.get(section)
        if isinstance(sec, Mapping) and key in sec:
            out.append(f"{where((section, key))}: {section}.{key}: not allowed in the configuration file: {why}")
    links = data.get("links")
    cache = links.get("cache") if isinstance(links, Mapping) else None
    path = cache.get("path") if isinstance(cache, Mapping) else None
    if isinstance(path, str) and not _inside(path):
        out.append(f"{where(('links', 'cache', 'path'))}: links.cache.path: {path!r} leaves the repository; "
                   "give a path relative to the root without `..`, or choose the file with `--cache FILE` "
                   "(the Action's `cache-path` input)")
    return out


def _inside(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return bool(path.strip()) and not path.startswith(("/", "~")) and ":" not in parts[0] and ".." not in parts


@dataclass(slots=True)
class LinkSettings:
    concurrency: int = 64  # all hosts together
    per_host: int = 8  # simultaneous requests to one host
    host_interval: float = 0.0  # seconds between request starts to one host
    timeout: float = 20.0  # per request (connect + first byte)
    retries: int = 1  # for 502/503/504 and connection errors (one retry clears a flaky night)
    backoff: float = 0.5  # first retry delay, doubled each time
    max_redirects: int = 10
    max_retry_after: float = 60.0  # longest Retry-After we wait for; longer -> "could not check"
    accept: frozenset[int] = DEFAULT_ACCEPT
    exclude: tuple[UserPattern, ...] = ()
    remap: tuple[tuple[UserPattern, str], ...] = ()
    allow_private: bool = False
    ttl_good: float = 7 * 86400.0  # cache lifetime of a working link
    ttl_bad: float = 20 * 3600.0  # a failure is re-checked by the next nightly audit
    rot_failures: int = 2  # consecutive failed audits before a link counts as broken
    rot_days: float = 7.0  # ... or this many days of failing
    user_agent: str = "minutes-ci link checker (+https://github.com/SovereignCloudStack/minutes)"
    upload_hosts: tuple[str, ...] = ("input.scs.community",)
    cache_path: str | None = None
    max_duration: float = 900.0  # seconds for all fetches of a run; the rest is "not checked"
    dns_concurrency: int = 32  # host-name lookups at a time (each host is looked up once)
    not_checked: str = "exit-3"  # effect of link/reference-not-checked: exit-3 | fail | pass
    outage_share: float = 0.5  # more than this share of a run's links without an answer ...
    outage_hosts: int = 3  # ... on at least this many hosts is an outage, not link rot


@dataclass(slots=True)
class GitHubSettings:
    api_url: str = "https://api.github.com"
    token: str | None = field(default=None, repr=False)  # never printed: repr hides it
    check_users: bool = False
    batch: int = 100  # references per GraphQL query
    max_wait: float = 60.0  # longest rate-limit wait before stopping cleanly
    ttl: float = 7 * 86400.0


def _section(config: object, name: str) -> Mapping[str, Any]:
    if config is None:
        return {}
    if isinstance(config, Mapping):
        value = config.get(name)
    else:
        value = getattr(config, name, None)
        if value is None:
            raw = getattr(config, "raw", None) or getattr(config, "data", None)
            value = raw.get(name) if isinstance(raw, Mapping) else None
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SettingsError(f"configuration `{name}:` must be a mapping, found {type(value).__name__}")
    return value


def _num(sec: Mapping[str, Any], key: str, default: float, section: str = "links") -> float:
    value = sec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise SettingsError(f"configuration `{section}.{key}` must be a non-negative number, found {value!r}")
    return float(value)


def _patterns(sec: Mapping[str, Any], key: str) -> list[str]:
    value = sec.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"configuration `links.{key}` must be a list of patterns")
    return value


def _compile(pattern: str, key: str) -> UserPattern:
    # RE2: the pattern comes from the repository's configuration and is matched against every URL
    try:
        return compile_user(pattern)
    except UserPatternError as exc:
        raise SettingsError(f"configuration `links.{key}`: bad pattern {pattern!r}: {exc}") from None


def link_settings(config: object, args: argparse.Namespace | None = None) -> LinkSettings:
    """Key names follow schemas/config.schema.json (``links:``)."""
    sec = _section(config, "links")
    s = LinkSettings()
    s.concurrency = max(1, int(_num(sec, "max-concurrency", s.concurrency)))
    s.per_host = max(1, int(_num(sec, "per-host-concurrency", s.per_host)))
    s.host_interval = _num(sec, "per-host-interval", s.host_interval)
    s.timeout = _num(sec, "timeout", s.timeout) or s.timeout
    s.max_redirects = int(_num(sec, "max-redirects", s.max_redirects))
    s.retries = int(_num(sec, "retries", s.retries))
    s.max_retry_after = _num(sec, "max-retry-after", s.max_retry_after)
    s.max_duration = _num(sec, "max-duration", s.max_duration) or s.max_duration
    s.dns_concurrency = max(1, int(_num(sec, "dns-concurrency", s.dns_concurrency)))
    s.not_checked = str(sec.get("not-checked", s.not_checked))
    if s.not_checked not in ("exit-3", "fail", "pass"):
        raise SettingsError(f"configuration `links.not-checked` must be exit-3, fail or pass, found {s.not_checked!r}")
    outage = sec.get("outage", {})
    if not isinstance(outage, Mapping):
        raise SettingsError("configuration `links.outage` must be a mapping (share, hosts)")
    s.outage_share = min(1.0, _num(outage, "share", s.outage_share, "links.outage"))
    s.outage_hosts = max(1, int(_num(outage, "hosts", s.outage_hosts, "links.outage")))
    codes = sec.get("accept")
    if codes is not None:
        if not isinstance(codes, list) or not all(isinstance(c, int) for c in codes):
            raise SettingsError("configuration `links.accept` must be a list of HTTP status codes")
        s.accept = DEFAULT_ACCEPT | frozenset(codes)
    s.exclude = tuple(_compile(p, "exclude") for p in _patterns(sec, "exclude"))
    remap = sec.get("remap", [])
    if not isinstance(remap, list) or not all(isinstance(r, Mapping) and "pattern" in r for r in remap):
        raise SettingsError("configuration `links.remap` must be a list of {pattern, replace}")
    s.remap = tuple((_compile(str(r["pattern"]), "remap"), str(r.get("replace", ""))) for r in remap)
    # allow-private-hosts is never read from the file (WORKFLOW_ONLY): only the flag below sets it
    cache = sec.get("cache", {})
    if not isinstance(cache, Mapping):
        raise SettingsError("configuration `links.cache` must be a mapping (path, ttl-ok, ttl-error)")
    s.ttl_good = _num(cache, "ttl-ok", s.ttl_good, "links.cache")
    s.ttl_bad = _num(cache, "ttl-error", s.ttl_bad, "links.cache")
    s.cache_path = str(cache["path"]) if cache.get("path") else None
    if s.cache_path is not None and not _inside(s.cache_path):
        raise SettingsError(f"configuration `links.cache.path` must stay inside the repository, found {s.cache_path!r}")
    rot = sec.get("rot", {})
    if not isinstance(rot, Mapping):
        raise SettingsError("configuration `links.rot` must be a mapping (failures, days)")
    s.rot_failures = max(1, int(_num(rot, "failures", s.rot_failures, "links.rot")))
    s.rot_days = _num(rot, "days", s.rot_days, "links.rot")
    if args is not None:
        if getattr(args, "allow_private_hosts", False):
            s.allow_private = True
        if getattr(args, "timeout", None):
            s.timeout = float(args.timeout)
        if getattr(args, "max_duration", None):
            s.max_duration = float(args.max_duration)
    return s


def github_settings(
    config: object, env: Mapping[str, str], args: argparse.Namespace | None = None
) -> GitHubSettings:
    sec = _section(config, "github")
    g = GitHubSettings()
    # the token goes to this URL, so it comes from the workflow only (flag, environment), never
    # from the configuration file a pull request can change (see WORKFLOW_ONLY)
    api = (getattr(args, "github_api", None) if args else None) or env.get("GITHUB_API_URL")
    if api:
        g.api_url = str(api).rstrip("/")
    g.token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None
    g.check_users = bool(sec.get("check-users", sec.get("check_users", False)))
    if args is not None and getattr(args, "check_users", False):
        g.check_users = True
    g.batch = max(1, int(_num(sec, "batch", g.batch, "github")))
    g.max_wait = _num(sec, "max-wait", g.max_wait, "github")
    return g
