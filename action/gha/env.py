"""What the runner hands the action: inputs (``INPUT_*``) and the ``GITHUB_*`` context.

Inputs arrive as environment variables because interpolating ``${{ inputs.x }}`` into a ``run:``
script lets a crafted value run shell code; ``env:`` keeps them data.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MODES = ("check", "audit", "publish")
FAIL_ON = ("error", "warning", "notice", "never")


class InputError(ValueError):
    """An input the action cannot work with; reported as ``::error::`` and exit code 2."""


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(f"INPUT_{name}", "").strip().lower()
    if not raw:
        return default
    if raw in ("true", "yes", "1", "on"):
        return True
    if raw in ("false", "no", "0", "off"):
        return False
    raise InputError(f"input {name.lower().replace('_', '-')}: expected true or false, found {raw!r}")


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = env.get(f"INPUT_{name}", "").strip().lower() or default
    if raw not in allowed:
        want = ", ".join(allowed)
        raise InputError(f"input {name.lower().replace('_', '-')}: expected one of {want}, found {raw!r}")
    return raw


@dataclass(frozen=True, slots=True)
class Inputs:
    mode: str = "check"
    paths: tuple[str, ...] = ()
    config: str = ""
    preset: str = ""
    changed_only: bool = True
    online: bool = False
    token: str = ""
    fail_on: str = "error"
    cache_path: str = ".minutes-ci-cache/links.json"
    comment: bool = False
    site_dir: str = "_site"
    github_api_url: str = "https://api.github.com"
    allow_private_hosts: bool = False  # a workflow input only: .minutes-ci.yaml cannot set it
    all_findings: bool = False  # check mode, changed-only: every finding of the changed files, not only new ones
    base_url: str = ""  # publish mode: the site's absolute URL (configure-pages' base_url), for the feed
    fetch_images: bool = False  # publish mode: serve external images and uncommitted uploads from the site

    @property
    def needs_token(self) -> bool:
        """Only the audit (link-rot issue, GitHub look-ups) and a check that looks links up online or
        keeps a pull request comment use the token; an offline check and publish never see it."""
        return self.mode == "audit" or (self.mode == "check" and (self.online or self.comment))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        # paths: one per line or separated by blanks, as other actions accept globs
        paths = tuple(p for p in env.get("INPUT_PATHS", "").split() if p)
        api = env.get("INPUT_GITHUB_API_URL", "").strip() or env.get("GITHUB_API_URL", "")
        inputs = cls(
            mode=_choice(env, "MODE", MODES, "check"),
            paths=paths,
            config=env.get("INPUT_CONFIG", "").strip(),
            preset=env.get("INPUT_PRESET", "").strip(),
            changed_only=_bool(env, "CHANGED_ONLY", True),
            online=_bool(env, "ONLINE", False),
            token=env.get("INPUT_TOKEN", "").strip(),
            fail_on=_choice(env, "FAIL_ON", FAIL_ON, "error"),
            cache_path=env.get("INPUT_CACHE_PATH", "").strip() or ".minutes-ci-cache/links.json",
            comment=_bool(env, "COMMENT", False),
            site_dir=env.get("INPUT_SITE_DIR", "").strip() or "_site",
            github_api_url=(api or "https://api.github.com").rstrip("/"),
            allow_private_hosts=_bool(env, "ALLOW_PRIVATE_HOSTS", False),
            all_findings=_bool(env, "ALL_FINDINGS", False),
            base_url=env.get("INPUT_BASE_URL", "").strip(),
            fetch_images=_bool(env, "FETCH_IMAGES", False),
        )
        # a mode that does not need the token does not keep it: nothing later can pass it on
        return inputs if inputs.needs_token else dataclasses.replace(inputs, token="")

    def __repr__(self) -> str:  # the token must never reach a log through a repr
        return f"Inputs(mode={self.mode!r}, paths={self.paths!r}, token={'***' if self.token else ''!r})"


@dataclass(frozen=True, slots=True)
class Context:
    """The ``GITHUB_*`` variables the action reads."""

    workspace: Path
    event_name: str
    event_path: Path | None
    sha: str
    repository: str  # owner/name
    server_url: str
    run_id: str
    output_path: Path | None
    summary_path: Path | None
    temp: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Context:
        def path(name: str) -> Path | None:
            value = env.get(name, "")
            return Path(value) if value else None

        return cls(
            workspace=Path(env.get("GITHUB_WORKSPACE") or os.getcwd()),
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=path("GITHUB_EVENT_PATH"),
            sha=env.get("GITHUB_SHA", ""),
            repository=env.get("GITHUB_REPOSITORY", ""),
            server_url=(env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
            run_id=env.get("GITHUB_RUN_ID", ""),
            output_path=path("GITHUB_OUTPUT"),
            summary_path=path("GITHUB_STEP_SUMMARY"),
            temp=Path(env.get("RUNNER_TEMP") or env.get("TMPDIR") or "/tmp"),
        )

    def blob_url(self, path: str, ref: str, line: int = 0) -> str:
        """A link to a line of a file as the pull request's head has it."""
        if not self.repository:
            return ""
        anchor = f"#L{line}" if line > 0 else ""
        return f"{self.server_url}/{self.repository}/blob/{ref or self.sha or 'HEAD'}/{path}{anchor}"


def write_outputs(ctx: Context, values: Mapping[str, str]) -> None:
    """Append ``name<<DELIM`` blocks to ``$GITHUB_OUTPUT``; a random delimiter keeps values multi-line safe."""
    if ctx.output_path is None:
        return
    with ctx.output_path.open("a", encoding="utf-8") as out:
        for name, value in values.items():
            delim = f"ghadelim_{secrets.token_hex(8)}"
            while delim in value:  # practically never; a value must not be able to end the block
                delim = f"ghadelim_{secrets.token_hex(8)}"
            out.write(f"{name}<<{delim}\n{value}\n{delim}\n")


def append_summary(ctx: Context, markdown: str) -> None:
    if ctx.summary_path is None:
        return
    with ctx.summary_path.open("a", encoding="utf-8") as out:
        out.write(markdown)
        if not markdown.endswith("\n"):
            out.write("\n")
