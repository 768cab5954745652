"""Politeness towards one host: its share of the concurrency, the interval between request
starts, and the backoff after a 429 (``Retry-After`` read as seconds or an HTTP date)."""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field


@dataclass(slots=True)
class Host:
    sem: asyncio.Semaphore
    interval: float
    next_start: float = 0.0
    head_refusals: int = 0
    throttled: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait_turn(self) -> None:
        # Start times are handed out under a lock so the interval holds across parallel requests.
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)

    async def throttle(self, seconds: float, permits: int) -> None:
        """Per-host backoff after a 429: hold ``permits`` of the host's slots for ``seconds``.

        Pausing the whole host for every 429 would stall hundreds of unrelated pages behind one
        rate-limited path; halving its concurrency for the announced time backs off without that.
        """
        if self.throttled:
            return
        self.throttled = True
        held = 0
        try:
            for _ in range(permits):
                await self.sem.acquire()
                held += 1
            await asyncio.sleep(seconds)
        finally:
            for _ in range(held):
                self.sem.release()
            self.throttled = False


def retry_after(value: str | None, default: float) -> float:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())
