"""Progress of long runs (files loaded, pages written), shown on a terminal only.

A stage that can take a while accepts a `Tick`, called with (done, total) after
each item. `Progress.stage(label)` makes one that draws click's progress bar as
a single line, `label: done/total`, redrawn at most ten times a second and ended
once the stage is done. When the stream is not a terminal (a log, a pipe, CI) it
shows nothing: click would still print the label there.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

import click

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
        bar = None
        last = 0.0

        def tick(done: int, total: int) -> None:
            nonlocal bar, last
            now = time.monotonic()
            if done < total and now - last < self.interval:
                return
            last = now
            if bar is None:  # the total is known only once the stage has begun
                bar = click.progressbar(
                    length=total, label=label, file=self.stream, bar_template="%(label)s: %(info)s", show_percent=False, show_pos=True
                )
                bar.__enter__()
            bar.update(done - bar.pos)
            if done >= total:
                bar.__exit__(None, None, None)

        return tick
