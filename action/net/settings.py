"""Link-checking settings: the ``links:`` and ``github:`` sections of .minutes-ci.yaml plus flags.

The configuration loader belongs to the CLI; this module only reads the two sections it is handed
(a mapping, or an object with a ``links``/``github`` attribute), so a missing or partial section
falls back to defaults that suit a nightly audit of a few thousand links.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_ACCEPT = frozenset({200, 201, 202, 203, 204, 206})


class SettingsError(ValueError):
    """A ``links:`` value of the wrong type; the message names the key."""


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
    exclude: tuple[re.Pattern[str], ...] = ()
    remap: tuple[tuple[re.Pattern[str], str], ...] = ()
    allow_private: bool = False
    ttl_good: float = 7 * 86400.0  # cache lifetime of a working link
    ttl_bad: float = 20 * 3600.0  # a failure is re-checked by the next nightly audit
    rot_failures: int = 2  # consecutive failed audits before a link counts as broken
    rot_days: float = 7.0  # ... or this many days of failing
    user_agent: str = "minutes-ci link checker (+https://github.com/SovereignCloudStack/minutes)"
    upload_hosts: tuple[str, ...] = ("input.scs.community",)
    cache_path: str | None = None


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


def _compile(pattern: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
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
    s.allow_private = bool(sec.get("allow-private-hosts", False))
    cache = sec.get("cache", {})
    if not isinstance(cache, Mapping):
        raise SettingsError("configuration `links.cache` must be a mapping (path, ttl-ok, ttl-error)")
    s.ttl_good = _num(cache, "ttl-ok", s.ttl_good, "links.cache")
    s.ttl_bad = _num(cache, "ttl-error", s.ttl_bad, "links.cache")
    s.cache_path = str(cache["path"]) if cache.get("path") else None
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
    return s


def github_settings(
    config: object, env: Mapping[str, str], args: argparse.Namespace | None = None
) -> GitHubSettings:
    sec = _section(config, "github")
    g = GitHubSettings()
    api = (
        (getattr(args, "github_api", None) if args else None)
        or sec.get("api-url")
        or env.get("GITHUB_API_URL")
    )
    if api:
        g.api_url = str(api).rstrip("/")
    g.token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None
    g.check_users = bool(sec.get("check-users", sec.get("check_users", False)))
    if args is not None and getattr(args, "check_users", False):
        g.check_users = True
    g.batch = max(1, int(_num(sec, "batch", g.batch, "github")))
    g.max_wait = _num(sec, "max-wait", g.max_wait, "github")
    return g
