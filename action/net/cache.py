"""The cache and link-rot state file: one JSON document, written atomically.

It lives under the user cache directory (or ``--cache PATH``, which ``actions/cache`` can keep
between workflow runs). It holds URL results with their check time, each URL's failure history
(so one flaky night does not raise an alarm), GitHub reference results and REST ETags.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .result import BROKEN, OK, UrlResult

VERSION = 1


def default_path() -> Path:
    import platformdirs  # imported late: only the online commands need it

    return Path(platformdirs.user_cache_dir("minutes-ci")) / "links.json"


@dataclass(slots=True)
class Verdict:
    broken: bool  # report as broken now
    failures: int  # consecutive failed audits
    since: float | None  # when it first failed in this streak


class State:
    """In-memory view of the state file; ``path=None`` means --no-cache (nothing read or kept)."""

    def __init__(self, path: Path | None, now: float | None = None) -> None:
        self.path = path
        self.now = now if now is not None else time.time()
        self.data: dict[str, Any] = {"version": VERSION, "urls": {}, "refs": {}, "etags": {}, "users": {}}
        self.warning: str | None = None
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            # a regular file of bounded size: a FIFO or device committed as the cache never blocks
            from minutes_ci.safe_fs import read_path

            data = json.loads(read_path(path, max_bytes=256 * 1024 * 1024).decode("utf-8"))
        except (OSError, ValueError) as exc:
            # A damaged cache must never stop an audit: start afresh and say so.
            self.warning = f"{path}: cache unreadable ({exc}); starting with an empty cache"
            return
        if not isinstance(data, dict) or data.get("version") != VERSION:
            self.warning = f"{path}: cache has another format; starting with an empty cache"
            return
        for key in ("urls", "refs", "etags", "users"):
            if isinstance(data.get(key), dict):
                self.data[key] = data[key]

    @property
    def enabled(self) -> bool:
        return self.path is not None

    # ---- URL results
    def cached_url(self, url: str, ttl_good: float, ttl_bad: float) -> UrlResult | None:
        entry = self.data["urls"].get(url)
        if not self.enabled or not isinstance(entry, dict) or "result" not in entry:
            return None
        try:
            result = UrlResult.from_json(entry["result"])
        except (KeyError, TypeError, ValueError):
            return None
        if result.transient:
            return None  # a timeout or an outage says nothing lasting: ask again next run
        ttl = ttl_good if result.status == OK else ttl_bad
        return result if self.now - result.checked_at < ttl else None

    def record_url(self, url: str, result: UrlResult) -> None:
        """Store a fresh result and move the URL's failure streak on by one audit."""
        entry = self.data["urls"].setdefault(url, {})
        history = entry.setdefault("history", {"failures": 0, "since": None})
        if result.status == BROKEN:
            history["failures"] = int(history.get("failures", 0)) + 1
            history["since"] = history.get("since") or result.checked_at
        elif result.status == OK:
            history["failures"], history["since"] = 0, None
        entry["result"] = result.to_json()

    def verdict(self, url: str, failures_needed: int, days_needed: float) -> Verdict:
        history = self.data["urls"].get(url, {}).get("history", {})
        failures = int(history.get("failures", 0))
        since = history.get("since")
        if not self.enabled:
            return Verdict(True, failures, since)
        old_enough = since is not None and days_needed > 0 and self.now - float(since) >= days_needed * 86400
        return Verdict(failures >= failures_needed or old_enough, failures, since)

    # ---- GitHub
    def cached_ref(self, key: str, ttl: float) -> dict[str, Any] | None:
        entry = self.data["refs"].get(key)
        if not self.enabled or not isinstance(entry, dict):
            return None
        return entry if self.now - float(entry.get("checked_at", 0)) < ttl else None

    def record_ref(self, key: str, value: dict[str, Any]) -> None:
        self.data["refs"][key] = {**value, "checked_at": self.now}

    def etag(self, url: str) -> tuple[str, Any] | None:
        entry = self.data["etags"].get(url)
        if isinstance(entry, dict) and "etag" in entry:
            return str(entry["etag"]), entry.get("data")
        return None

    def record_etag(self, url: str, etag: str, data: Any) -> None:
        self.data["etags"][url] = {"etag": etag, "data": data}

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, separators=(",", ":"))
        os.replace(tmp, self.path)  # atomic: a killed run leaves the old cache, never half a file
