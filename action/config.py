"""The configuration: `.minutes-ci.yaml`, merged over a built-in preset, turned into policies.

Merging follows yamllint: the preset first, then the user's file key by key (mappings merge
recursively, so `folders: {iaas: {require: [participants]}}` keeps the preset's schedule for iaas;
lists and scalars replace). The merged mapping becomes a :class:`Config` with typed fields; the
sections for the online checks (`links`, `github`) stay validated pass-through dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .checks.model import Kind, Severity
from .checks.rule import FolderPolicy, Schedule
from .checks.userre import UserPatternError, compile_user
from .config_yaml import ConfigError, JsonPath, Marked, dotted, load_marked, validate

CONFIG_NAMES = (".minutes-ci.yaml", ".minutes-ci.yml")
PRESETS = ("scs", "default")
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
KINDS = {"team": Kind.TEAM, "deck": Kind.DECK, "legacy": Kind.LEGACY, "freeform": Kind.FREEFORM}

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "find_config", "load_config"]


@dataclass
class Config:
    source: Path | None = None  # the file read; None when there was none
    preset: str | None = None
    exclude: tuple[str, ...] = ()
    folders: dict[str, FolderPolicy] = field(default_factory=dict)
    series: dict[str, tuple[str, str]] = field(default_factory=dict)  # folder -> (title, description): the site
    aliases: dict[str, str] = field(default_factory=dict)  # lower-case alias -> owner/repo or owner
    default_owner: str = ""
    repository: str = ""
    roster: tuple[str, ...] = ()  # lower-case handles listed in the config
    roster_file: str | None = None  # root-relative path of a roster file
    handles_allow: frozenset[str] = frozenset()
    templates: tuple[str, ...] = ()
    upload_hosts: tuple[str, ...] | None = None  # None: the Context default
    options: dict[str, dict[str, object]] = field(default_factory=dict)  # rule id -> options
    severities: dict[str, Severity | None] = field(default_factory=dict)  # rule id -> override; None=off
    links: dict[str, Any] = field(default_factory=dict)
    github: dict[str, Any] = field(default_factory=dict)
    marked: Marked | None = None  # the user's file with key positions, for later error messages
    baseline: str | None = None  # repository-relative baseline file `check` reads by itself

    def where(self, path: JsonPath) -> str:
        """``file:line:col`` of a key of the user's file (for errors found after validation)."""
        return self.marked.where(path) if self.marked else "(preset)"


def find_config(start: Path) -> Path | None:
    """The nearest `.minutes-ci.yaml` in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def preset_data(name: str) -> dict[str, Any]:
    if name == "default":
        return {}
    text = resources.files("minutes_ci").joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    data = load_marked(text, f"preset {name}").data
    assert isinstance(data, dict)
    return data


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(path: Path | None, preset: str | None = None, display: str | None = None,
                root: Path | None = None) -> Config:
    """Read, validate and merge a config file (or none) over a preset; raise ConfigError when bad.

    ``preset`` (from the command line) wins over the file's own `preset:` key. A file inside
    ``root`` is a repository file: read through safe_fs (a symlink to /proc/self/environ is
    refused before a byte of it could reach a YAML error message).
    """
    marked: Marked | None = None
    user: dict[str, Any] = {}
    if path is not None:
        name = display or str(path)
        try:
            text = _read(path, root).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{name}: cannot read the configuration: {exc}") from None
        marked = load_marked(text, name)
        if not isinstance(marked.data, dict):
            found = type(marked.data).__name__
            raise ConfigError(f"{name}:1:1: the configuration must be a mapping of keys, not {found}")
        # before the schema, so the message says where such a setting belongs instead; imported
        # only when a section it judges is there (the pre-push hook's start-up stays light)
        if "links" in marked.data or "github" in marked.data:
            from .net.settings import workflow_only_problems

            problems = workflow_only_problems(marked.data, marked.where)
            if problems:
                raise ConfigError("\n".join(problems))
        validate(marked, text)
        user = marked.data
    chosen = preset or user.get("preset")
    if chosen is not None and chosen not in PRESETS:
        raise ConfigError(f"unknown preset {chosen!r} (known presets: {', '.join(PRESETS)})")
    data = merge(preset_data(chosen), user) if chosen else user
    config = Config(source=path, preset=chosen, marked=marked)
    # a region the preset gives is checked by the tests (test_config), not by importing the calendar
    # on every run (the holidays package costs 0.2 s of a 1 s check); one a user writes is checked
    _fill(config, data, check_region="holiday-region" in user)
    return config


def _read(path: Path, root: Path | None) -> bytes:
    """The config file's bytes: a repository file when it lies in ``root``, else any regular file."""
    import os

    from .safe_fs import read_in_root, read_path

    if root is not None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
        if rel != ".." and not rel.startswith("../"):
            return read_in_root(root, rel, 1024 * 1024)
    return read_path(path, 1024 * 1024)


def _fill(config: Config, data: Mapping[str, Any], check_region: bool = True) -> None:
    config.exclude = tuple(data.get("exclude", ()))
    config.baseline = data.get("baseline")
    config.folders = {name: _policy(config, name, spec) for name, spec in data.get("folders", {}).items()}
    config.series = {name: (str(spec.get("title", "")), str(spec.get("description", "")))
                     for name, spec in data.get("folders", {}).items() if "title" in spec or "description" in spec}
    config.aliases = {str(k).lower(): str(v) for k, v in data.get("aliases", {}).items()}
    config.default_owner = str(data.get("default-owner", ""))
    config.repository = str(data.get("repository", ""))
    roster = data.get("roster")
    if isinstance(roster, str):
        config.roster_file = roster
    elif isinstance(roster, list):
        config.roster = tuple(str(h).lstrip("@").lower() for h in roster)
    config.handles_allow = frozenset(str(h).lstrip("@").lower() for h in data.get("handles-allow", ()))
    config.templates = tuple(str(t).strip("/") for t in data.get("templates", ()))
    if "upload-hosts" in data:
        config.upload_hosts = tuple(str(h).lower() for h in data["upload-hosts"])
    for rule_id, setting in data.get("rules", {}).items():
        options = dict(setting) if isinstance(setting, Mapping) else {"severity": setting}
        severity = options.pop("severity", None)
        if severity is not None:
            config.severities[rule_id] = None if severity == "off" else Severity.parse(str(severity))
        config.options[rule_id] = options
    config.links = dict(data.get("links", {}))
    config.github = dict(data.get("github", {}))
    if "holiday-region" in data:
        _holiday_region(config, str(data["holiday-region"]), check_region)


def _holiday_region(config: Config, region: str, check: bool = True) -> None:
    """`holiday-region: DE-BE` becomes weekday-off-schedule's option, unless `rules:` sets it itself."""
    from .checks.rules._dates import HOLIDAY_OPTION, holiday, parse_region

    parsed = parse_region(region)
    try:
        known = parsed is not None and (not check or holiday(region, dt.date(2024, 1, 1)) is not None)
    except (KeyError, ValueError):  # defensive: an odd code the holidays package chokes on
        known = False
    if not known:  # every country and region the package knows has New Year's Day
        path: JsonPath = ("holiday-region",)
        raise ConfigError(
            f"{config.where(path)}: {dotted(path)}: {region!r} is not a country or region the "
            "holidays package knows (e.g. 'DE', 'DE-BE', 'DE-NW')"
        )
    config.options.setdefault("weekday-off-schedule", {}).setdefault(HOLIDAY_OPTION, region)


def _date(config: Config, path: JsonPath, value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{config.where(path)}: {dotted(path)}: {value!r} is not a date (YYYY-MM-DD)") from None


def _optional_date(config: Config, base: JsonPath, spec: Mapping[str, Any], key: str) -> dt.date | None:
    return _date(config, (*base, key), spec[key]) if key in spec else None


def _policy(config: Config, name: str, spec: Mapping[str, Any]) -> FolderPolicy:
    base: JsonPath = ("folders", name)
    schedule = tuple(
        sorted(
            (
                Schedule(
                    since=_date(config, (*base, "schedule", i, "since"), entry["since"]),
                    weekdays=frozenset(WEEKDAYS[d] for d in entry["weekdays"]),
                )
                for i, entry in enumerate(spec.get("schedule", ()))
            ),
            key=lambda s: s.since,
        )
    )
    pattern = spec.get("title-pattern")
    if pattern is not None:
        try:
            compile_user(pattern)  # RE2, as the rule will match it: linear time on any title
        except UserPatternError as exc:
            path = (*base, "title-pattern")
            raise ConfigError(f"{config.where(path)}: {dotted(path)}: invalid regular expression: {exc}") from None
    require = spec.get("require")
    needs = set(require) if require is not None else {"participants"}
    return FolderPolicy(
        name=name,
        kind=KINDS[spec.get("kind", "team")],
        schedule=schedule,
        title_pattern=pattern,
        require_participants="participants" in needs,
        require_agenda="agenda" in needs,
        require_housekeeping="housekeeping" in needs,
        require_reporters="reporters" in needs,
        require_deck_reporters="deck-reporters" in needs,
        legacy_before=_optional_date(config, base, spec, "legacy-before"),
        deck_since=_optional_date(config, base, spec, "deck-since"),
    )
