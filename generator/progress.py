"""Progress of long runs (files loaded, pages written), shown on a terminal only.

A stage that can take a while accepts a `Tick`, called with (done, total) after
each item. `Progress.stage(label)` makes one that redraws a single line on the
terminal, at most ten times a second, and ends it once the stage is done. When
the stream is not a terminal (a log, a pipe, CI) it shows nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "Tick"]

Tick = Callable[[int, int], None]
"""Called with (items done, items in all)."""


class Progress:
    def __init__(self, stream: TextIO | None = None, *, interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.interval = interval

    def stage(self, label: str) -> Tick | None:
        """A Tick that shows `label: done/total`, or None when nothing is shown."""
        if not self.enabled:
            return None
        last = 0.0

        def tick(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done < total and now - last < self.interval:
                return
            last = now
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{label}: {done}/{total}{end}")
            self.stream.flush()

        return tick
