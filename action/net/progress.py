"""Progress of a long link check: a bar on a terminal, a line every few seconds in a CI log.

Nothing is written for runs shorter than the first interval, so tests and quick pull-request
checks stay quiet; the audit of a large repository is never minutes of silence.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass(slots=True)
class Counts:
    urls: int = 0
    urls_done: int = 0
    hosts: int = 0
    hosts_done: int = 0
    requests: int = 0
    started: float = field(default_factory=time.monotonic)


class Progress:
    """``tty`` None: decide by the stream (a bar only when it is a terminal)."""

    def __init__(self, counts: Counts, stream: TextIO | None = None, tty: bool | None = None,
                 interval: float | None = None) -> None:
        self.c = counts
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval if interval is not None else (0.25 if self.tty else 5.0)
        self.drawn = False

    def line(self) -> str:
        c = self.c
        return (f"links: {c.urls_done}/{c.urls} URLs checked, {c.urls - c.urls_done} left; "
                f"{c.hosts_done}/{c.hosts} hosts done; {c.requests} requests sent; "
                f"{time.monotonic() - c.started:.0f} s")

    def bar(self) -> str:
        c = self.c
        width = 30
        filled = width * c.urls_done // c.urls if c.urls else width
        return f"\r[{'#' * filled}{'.' * (width - filled)}] {self.line()}\033[K"

    def draw(self) -> None:
        try:
            if self.tty:
                self.stream.write(self.bar())
                self.drawn = True
            else:
                self.stream.write(f"minutes-ci: {self.line()}\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream must not stop the check
            pass

    async def run(self) -> None:
        """Draw every interval until cancelled (the first draw after one interval: short runs stay quiet)."""
        try:
            while True:
                await asyncio.sleep(self.interval)
                if self.tty and time.monotonic() - self.c.started < 1.0:
                    continue
                self.draw()
        except asyncio.CancelledError:
            self.finish()
            raise

    def finish(self) -> None:
        if self.drawn:
            try:
                self.stream.write("\r\033[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.drawn = False
