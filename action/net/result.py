"""What checking one URL found; stored as-is in the cache/state file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# status values
OK = "ok"
BROKEN = "broken"  # 404/410/5xx after retries, connection failures, redirect loops
UNCHECKED = "unchecked"  # could not tell: 401/403 bot walls, long Retry-After, private host refused


@dataclass(slots=True)
class UrlResult:
    status: str
    code: int | None = None  # final HTTP status, None when no response
    reason: str = ""  # human words for the message ("404 not found", "connection reset", ...)
    final_url: str | None = None  # where redirects ended, when they did
    permanent_redirect: bool = False  # the chain started with 301/308: the link should be updated
    hops: list[tuple[int, str]] = field(default_factory=list)  # (status, location) per redirect
    requests: int = 0
    checked_at: float = 0.0
    private: bool = False  # refused by policy (a private address), not a failure

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["hops"] = [list(h) for h in self.hops]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UrlResult:
        hops = [(int(c), str(u)) for c, u in data.get("hops", [])]
        return cls(
            status=str(data["status"]),
            code=data.get("code"),
            reason=str(data.get("reason", "")),
            final_url=data.get("final_url"),
            permanent_redirect=bool(data.get("permanent_redirect")),
            hops=hops,
            requests=int(data.get("requests", 0)),
            checked_at=float(data.get("checked_at", 0)),
        )
